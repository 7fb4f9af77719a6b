//! A refused file's message for the agency's screens: one Vietnamese
//! sentence, the library's own text (English, «invalid Zip archive: Could
//! not find EOCD») apart, shown only in a collapsed detail.

use crate::error::Error;
use crate::import::ImportError;
use crate::sheet::SheetError;

/// The message without the library's text, and that text when there is one.
pub fn plain(e: &Error) -> (String, Option<String>) {
    if let Error::Import(ImportError::Sheet(SheetError::Malformed { file, detail })) = e {
        if let Some((what, lib)) = split_library_text(detail) {
            let message = SheetError::Malformed {
                file: file.clone(),
                detail: what.to_owned(),
            }
            .to_string();
            return (message, Some(lib.to_owned()));
        }
    }
    (e.to_string(), None)
}

/// "tệp nén hỏng (invalid Zip archive: …)" → ("tệp nén hỏng", "invalid Zip
/// archive: …"): the importer puts the library's text in the last
/// parentheses.
fn split_library_text(detail: &str) -> Option<(&str, &str)> {
    let inner = detail.strip_suffix(')')?;
    let at = inner.rfind(" (")?;
    let (what, lib) = (&inner[..at], &inner[at + 2..]);
    (!what.trim().is_empty() && !lib.trim().is_empty()).then_some((what.trim_end(), lib))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_text_is_kept_apart() {
        let e: Error = SheetError::Malformed {
            file: "hong.xlsx".into(),
            detail: "tệp nén hỏng hoặc bị cắt cụt (invalid Zip archive: Could not find EOCD)"
                .into(),
        }
        .into();
        let (message, detail) = plain(&e);
        assert!(message.contains("hong.xlsx") && message.contains("tệp nén hỏng hoặc bị cắt cụt"));
        assert!(!message.contains("EOCD"), "{message}");
        assert_eq!(
            detail.as_deref(),
            Some("invalid Zip archive: Could not find EOCD")
        );
    }

    #[test]
    fn a_message_without_library_text_stays_whole() {
        let e: Error = SheetError::Malformed {
            file: "a.xlsx".into(),
            detail: "phần «xl/workbook.xml» thiếu".into(),
        }
        .into();
        assert_eq!(plain(&e), (e.to_string(), None));
    }
}

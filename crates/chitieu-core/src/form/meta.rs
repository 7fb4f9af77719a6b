//! chitieu's machine metadata in an exported Phụ lục 01 workbook: one
//! implementation for writing it (`export.rs`) and reading it back (the
//! importer, and through it the receiving agency's consolidation).
//!
//! An export writes the same key/value pairs twice: as rows of a hidden
//! sheet named `chitieu` (key in column A, value in column B), which every
//! format a workbook is re-saved in keeps (.xlsx, .xls, .ods), and as custom
//! document properties `chitieu.<key>`, which file managers show. They are
//! read back from the sheet, the copy every reader of the workbook sees.

use std::collections::HashMap;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use crate::figure::Figure;
use crate::file::sha256_hex;
use crate::period::Period;

/// The name of the hidden sheet holding an export's metadata.
pub const META_SHEET: &str = "chitieu";

/// Version of the workbook layout and metadata written by `export.rs`.
pub const FORMAT_VERSION: &str = "1";

/// What an export certifies about itself.
#[derive(Debug, Clone)]
pub struct Written<'a> {
    /// "submission" or "template".
    pub kind: &'a str,
    pub edition: &'a str,
    pub unit: &'a str,
    pub period: Period,
    /// RFC 3339, UTC.
    pub exported_at: String,
    /// `figures_hash` of the figures written.
    pub figures_sha256: String,
}

impl Written<'_> {
    /// The pairs, in the order they are written.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("format", "chitieu-phu-luc-01".into()),
            ("format_version", FORMAT_VERSION.into()),
            ("kind", self.kind.into()),
            ("edition", self.edition.into()),
            ("unit", self.unit.into()),
            ("period", self.period.to_string()),
            ("app_version", env!("CARGO_PKG_VERSION").into()),
            ("exported_at", self.exported_at.clone()),
            ("figures_sha256", self.figures_sha256.clone()),
        ]
    }

    /// Adds the hidden metadata sheet to `wb` (after the sheets written so
    /// far).
    pub fn write_sheet(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(META_SHEET)?;
        for (i, (k, v)) in self.pairs().iter().enumerate() {
            ws.write_string(i as u32, 0, *k)?;
            ws.write_string(i as u32, 1, v)?;
        }
        ws.set_hidden(true);
        Ok(())
    }

    /// `props` with the pairs as custom properties `chitieu.<key>`.
    pub fn custom_properties(&self, mut props: DocProperties) -> DocProperties {
        for (k, v) in &self.pairs() {
            props = props.set_custom_property(format!("chitieu.{k}"), v.as_str());
        }
        props
    }
}

/// The metadata found in a workbook (any keys, as read; empty when the
/// workbook has no metadata sheet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pairs: HashMap<String, String>,
}

impl Found {
    /// From the rows of the metadata sheet: (column A, column B); rows with
    /// an empty key are skipped, keys are trimmed.
    pub fn from_rows(rows: impl IntoIterator<Item = (String, String)>) -> Found {
        Found {
            pairs: rows
                .into_iter()
                .filter(|(k, _)| !k.trim().is_empty())
                .map(|(k, v)| (k.trim().to_owned(), v))
                .collect(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.get(key).map(String::as_str)
    }

    /// The unit code the export names.
    pub fn unit(&self) -> Option<&str> {
        self.get("unit")
    }

    /// The period the export names, when it is one.
    pub fn period(&self) -> Option<Period> {
        self.get("period").and_then(|p| p.parse().ok())
    }

    /// The id of the edition the export was written under.
    pub fn edition(&self) -> Option<&str> {
        self.get("edition").filter(|e| !e.trim().is_empty())
    }

    pub fn exported_at(&self) -> Option<&str> {
        self.get("exported_at")
    }

    pub fn figures_sha256(&self) -> Option<&str> {
        self.get("figures_sha256")
    }

    /// The export time and figures hash, when both are there: what the
    /// receiving agency records of an export.
    pub fn export_stamp(&self) -> Option<(String, String)> {
        Some((
            self.exported_at()?.to_owned(),
            self.figures_sha256()?.to_owned(),
        ))
    }
}

/// SHA-256 over the content of the figures, in indicator order: what "changed
/// since export" compares and what an export's metadata certifies. The raw
/// text is left out (86,97 and 86.97 are the same figure).
pub fn figures_hash(figures: &[Figure]) -> String {
    let mut sorted: Vec<&Figure> = figures.iter().filter(|f| !f.is_blank()).collect();
    sorted.sort_by(|a, b| a.indicator.cmp(&b.indicator));
    let mut text = String::new();
    for f in sorted {
        for part in [
            f.indicator.as_str(),
            &f.value.map(|v| v.to_string()).unwrap_or_default(),
            f.status.map_or("", |s| s.as_str()),
            &f.status_raw,
            &f.source,
            &f.trend,
            &f.comparison,
            &f.proposals,
            &f.notes,
        ] {
            text.push_str(part);
            text.push('\u{1f}');
        }
        text.push('\u{1e}');
    }
    sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_is_what_is_found() {
        let w = Written {
            kind: "submission",
            edition: "kh-2023",
            unit: "THAI-NGUYEN",
            period: "2024-Q2".parse().unwrap(),
            exported_at: "2024-07-03T08:30:00Z".into(),
            figures_sha256: "ab".repeat(32),
        };
        let found = Found::from_rows(
            w.pairs()
                .into_iter()
                .map(|(k, v)| (format!(" {k} "), v))
                .chain([(String::new(), "x".into())]),
        );
        assert_eq!(found.unit(), Some("THAI-NGUYEN"));
        assert_eq!(found.period(), Some("2024-Q2".parse().unwrap()));
        assert_eq!(found.edition(), Some("kh-2023"));
        assert_eq!(
            found.export_stamp(),
            Some(("2024-07-03T08:30:00Z".into(), "ab".repeat(32)))
        );
        assert_eq!(Found::default().export_stamp(), None);
        assert_eq!(
            Found::from_rows([("period".into(), "Q5".into())]).period(),
            None
        );
    }
}

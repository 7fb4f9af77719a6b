//! The wording of drafts, as data: `assets/draft/phrases.toml`.
//!
//! A template is found by `section.key`; `{name}` placeholders are filled by
//! `fill`, which refuses a template that does not exist or a placeholder left
//! unfilled, so a wording change cannot silently print `{gap}`. Every fill
//! marks its template as used (`used`), which lets a test prove that no
//! template is dead.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use super::DraftError;

/// The phrase file shipped with the app.
pub const EMBEDDED: &str = include_str!("../../../../assets/draft/phrases.toml");

/// The templates, by `section.key`, in key order.
#[derive(Debug)]
pub struct Phrases {
    keys: Vec<String>,
    texts: Vec<String>,
    used: Vec<AtomicBool>,
}

impl Phrases {
    /// Reads the phrase file (`file` names it in messages).
    pub fn from_toml(file: &str, text: &str) -> Result<Phrases, DraftError> {
        let bad = |why: String| DraftError::Phrases {
            file: file.to_owned(),
            why,
        };
        let table: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(text).map_err(|e| bad(e.message().to_owned()))?;
        let mut keys = Vec::new();
        let mut texts = Vec::new();
        for (section, entries) in table {
            for (key, text) in entries {
                if !balanced(&text) {
                    return Err(bad(format!(
                        "mẫu câu «{section}.{key}» có dấu ngoặc {{ }} không khớp"
                    )));
                }
                keys.push(format!("{section}.{key}"));
                texts.push(text);
            }
        }
        let used = keys.iter().map(|_| AtomicBool::new(false)).collect();
        Ok(Phrases { keys, texts, used })
    }

    /// The phrases embedded in the binary.
    pub fn embedded() -> Result<Phrases, DraftError> {
        Phrases::from_toml("assets/draft/phrases.toml", EMBEDDED)
    }

    /// The template `key` with every `{name}` replaced by its value.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> Result<String, DraftError> {
        let i = self
            .keys
            .binary_search_by(|k| k.as_str().cmp(key))
            .map_err(|_| DraftError::MissingPhrase {
                key: key.to_owned(),
            })?;
        self.used[i].store(true, Ordering::Relaxed);
        let template = &self.texts[i];
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}').unwrap_or(after.len());
            let name = &after[..close];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(value),
                None => {
                    return Err(DraftError::Unfilled {
                        key: key.to_owned(),
                        name: name.to_owned(),
                    })
                }
            }
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Every template key, in order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The keys of the templates filled at least once since loading.
    pub fn used(&self) -> Vec<&str> {
        self.keys
            .iter()
            .zip(&self.used)
            .filter(|(_, u)| u.load(Ordering::Relaxed))
            .map(|(k, _)| k.as_str())
            .collect()
    }
}

/// Whether every `{` has its `}` with no nesting.
fn balanced(text: &str) -> bool {
    let mut open = false;
    for c in text.chars() {
        match (c, open) {
            ('{', false) => open = true,
            ('}', true) => open = false,
            ('{', true) | ('}', false) => return false,
            _ => {}
        }
    }
    !open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_refuses_what_is_missing() {
        let p = Phrases::from_toml("t", "[a]\nb = \"x {y} z\"\n").unwrap();
        assert_eq!(p.fill("a.b", &[("y", "1")]).unwrap(), "x 1 z");
        assert!(matches!(
            p.fill("a.b", &[]),
            Err(DraftError::Unfilled { .. })
        ));
        assert!(matches!(
            p.fill("a.c", &[]),
            Err(DraftError::MissingPhrase { .. })
        ));
        assert!(Phrases::from_toml("t", "[a]\nb = \"x {y\"\n").is_err());
        assert!(Phrases::from_toml("t", "[a]\nb = 3\n").is_err());
        assert_eq!(p.used(), vec!["a.b"]);
    }
}

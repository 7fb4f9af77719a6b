//! Text folding: the comparison key for Vietnamese words typed by people.
//!
//! People retype headers and names without diacritics, in another case, with
//! doubled spaces or non-breaking spaces. `fold` maps all of those to one key:
//! lower case, no diacritics (`đ` → `d`), words separated by single spaces,
//! punctuation other than `.`, `/`, `%` and `&` turned into spaces.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The folded comparison key of `text`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() || matches!(c, '.' | '/' | '%' | '&') {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The words of the folded text.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The set of folded words of a name.
pub type WordSet = std::collections::BTreeSet<String>;

pub fn word_set(text: &str) -> WordSet {
    words(text).into_iter().collect()
}

/// Similarity of two names in [0, 1]: the Dice coefficient over their folded
/// word sets. Used to cross-check an indicator's name against the catalogue.
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_of(&word_set(a), &word_set(b))
}

/// The word set of a name, remembered: catalogue names are compared with
/// every imported row, so each is folded once per process.
pub fn cached_word_set(text: &str) -> std::sync::Arc<WordSet> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<WordSet>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    match cache.lock() {
        Ok(mut map) => {
            if let Some(w) = map.get(text) {
                return Arc::clone(w);
            }
            let w = Arc::new(word_set(text));
            if map.len() < 10_000 {
                map.insert(text.to_owned(), Arc::clone(&w));
            }
            w
        }
        Err(_) => Arc::new(word_set(text)),
    }
}

/// `similarity` over word sets computed once.
pub fn similarity_of(a: &WordSet, b: &WordSet) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let common = a.intersection(b).count() as f64;
    2.0 * common / (a.len() + b.len()) as f64
}

/// An ASCII slug of `text` (`Sở TT&TT Thái Nguyên` → `so-tt-tt-thai-nguyen`).
pub fn slug(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_case_and_spaces() {
        assert_eq!(fold("Số liệu  kỳ báo cáo"), "so lieu ky bao cao");
        assert_eq!(fold("SỐ LIỆU KỲ BÁO CÁO"), "so lieu ky bao cao");
        assert_eq!(fold("Đơn vị tính"), "don vi tinh");
        assert_eq!(fold("Ủy ban nhân dân\u{a0}tỉnh"), "uy ban nhan dan tinh");
        assert_eq!(fold("Quý II/2024"), "quy ii/2024");
        // Precomposed and decomposed forms fold to the same key.
        assert_eq!(fold("Thái Nguyên"), fold("Tha\u{301}i Nguye\u{302}n"));
    }

    #[test]
    fn similarity_tolerates_small_edits() {
        let a = "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ";
        assert!(similarity(a, "Ty le dich vu cong truc tuyen phat sinh ho so") > 0.99);
        assert!(
            similarity(
                a,
                "Tỷ lệ người dân trưởng thành có điện thoại di động thông minh"
            ) < 0.5
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Sở TT&TT Thái Nguyên"), "so-tt-tt-thai-nguyen");
        assert_eq!(slug("  Bộ Y tế "), "bo-y-te");
    }
}

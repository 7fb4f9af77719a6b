//! What lies below a table: notes («Ghi chú: …», «Nguồn: …», «(1) …»,
//! «¹ …») and the signature block («KT. CỤC TRƯỞNG», «PHÓ CỤC TRƯỞNG»,
//! «(Đã ký)», a name, «Hà Nội, ngày … tháng … năm 2026»), the way every
//! official Vietnamese document ends. Shared by the report importer and the
//! edition reader: both end their table at its last numbered row.

use super::{is_numbering_row, looks_like_code};
use crate::fold::fold;
use crate::sheet::grid::Grid;

/// What a line below a table is, when it is not a row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Below {
    /// A note kept with the table: «Ghi chú: …», «Nguồn: …», «* …»,
    /// «(1) …», «¹ …». `mark` is the label or marker as printed, `text`
    /// what follows it.
    Note { mark: String, text: String },
    /// A line of the signature block: «KT. CỤC TRƯỞNG», «PHÓ CỤC TRƯỞNG»,
    /// «(Đã ký)», «Nơi nhận:», «Người lập biểu», the place and date line.
    Signature,
}

/// Superscript and star markers of footnotes.
const NOTE_MARKS: &[char] = &['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰', '*'];

/// Labels that open a note, folded, and the label as shown.
const NOTE_LABELS: &[(&str, &str)] = &[
    ("ghi chu", "Ghi chú"),
    ("chu thich", "Chú thích"),
    ("chu giai", "Chú giải"),
    ("luu y", "Lưu ý"),
    ("nguon so lieu", "Nguồn số liệu"),
    ("nguon", "Nguồn"),
];

/// Opening words of a signature block, folded: the signing authority
/// (KT., TM., Q., TL., TUQ.), the titles, «(Đã ký)», «Nơi nhận», the form's
/// own footer.
const SIGNATURE_OPENINGS: &[&str] = &[
    "kt.",
    "kt ",
    "tm.",
    "tm ",
    "q. ",
    "tl.",
    "tuq.",
    "ttl.",
    "da ky",
    "ky ten",
    "ky ghi ro",
    "ky va ghi ro",
    "ky dong dau",
    "noi nhan",
    "nhu tren",
    "luu vt",
    "nguoi lap",
    "nguoi ky",
    "nguoi duyet",
    "thu truong don vi",
    "thu truong co quan",
    "xac nhan cua",
];

/// Titles that sign, folded: a signature line when they are the whole text,
/// or open a text written in capitals («GIÁM ĐỐC SỞ»).
const SIGNATURE_TITLES: &[&str] = &[
    "thu truong",
    "cuc truong",
    "pho cuc truong",
    "vu truong",
    "pho vu truong",
    "giam doc",
    "pho giam doc",
    "bo truong",
    "thu truong",
    "chu tich",
    "pho chu tich",
    "chanh van phong",
    "pho chanh van phong",
    "truong phong",
    "pho truong phong",
    "tong cuc truong",
    "pho tong cuc truong",
    "truong ban",
    "pho truong ban",
];

/// A note line: a label («Ghi chú», «Nguồn»…) or a marker («*», «(1)», «¹»).
pub fn note_line(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    // «Ghi chú: …», «Nguồn: …», or the label alone as a heading.
    let (head, rest) = t.split_once(':').unwrap_or((t, ""));
    let head = fold(head);
    if let Some((_, label)) = NOTE_LABELS.iter().find(|(key, _)| head == *key) {
        return Some(((*label).to_owned(), rest.trim().to_owned()));
    }
    // «(1) …», «(*) …», «1) …»
    let inner = t.strip_prefix('(').unwrap_or(t);
    if let Some((mark, rest)) = inner.split_once(')') {
        let mark = mark.trim();
        let is_mark = !mark.is_empty()
            && mark.len() <= 3
            && (mark.chars().all(|c| c.is_ascii_digit())
                || mark.chars().all(|c| NOTE_MARKS.contains(&c)));
        if is_mark && !rest.trim().is_empty() {
            let mark = if mark.chars().all(|c| c.is_ascii_digit()) {
                format!("({mark})")
            } else {
                mark.to_owned()
            };
            return Some((
                mark,
                rest.trim_start_matches([':', '.', ' ']).trim().to_owned(),
            ));
        }
    }
    // «¹ …», «* …», «** …»
    let lead: String = t.chars().take_while(|c| NOTE_MARKS.contains(c)).collect();
    if !lead.is_empty() {
        let rest = t[lead.len()..]
            .trim_start_matches([':', '.', ' ', ')'])
            .trim();
        return Some((lead, rest.to_owned()));
    }
    None
}

/// Whether a cell's text belongs to a signature block, or is the place and
/// date line «Hà Nội, ngày … tháng … năm 2026».
pub fn is_signature(text: &str) -> bool {
    let t = fold(text);
    if t.is_empty() || t.chars().count() > 90 {
        return false;
    }
    let word_start = |o: &str| {
        t.starts_with(o)
            && (o.ends_with(['.', ' '])
                || t.len() == o.len()
                || t[o.len()..].starts_with([' ', '.']))
    };
    let capitals = !text.chars().any(char::is_lowercase);
    let titled = SIGNATURE_OPENINGS.iter().any(|o| word_start(o))
        || SIGNATURE_TITLES
            .iter()
            .any(|o| t == *o || (capitals && word_start(o)));
    titled || is_date_line(&t)
}

/// «…, ngày 01 tháng 12 năm 2026», «ngày … tháng … năm …» (folded): the
/// words in that order, each followed by at most a number or dots.
fn is_date_line(folded: &str) -> bool {
    let words: Vec<&str> = folded.split(' ').collect();
    let filler = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '/')
    };
    let Some(i) = words.iter().position(|w| *w == "ngay") else {
        return false;
    };
    let mut expect = ["thang", "nam"].into_iter();
    let mut want = expect.next();
    let mut gap = 0;
    for w in &words[i + 1..] {
        match want {
            Some(x) if *w == x => {
                want = expect.next();
                gap = 0;
            }
            Some(_) if filler(w) && gap == 0 => gap += 1,
            Some(_) => return false,
            None => return true,
        }
    }
    want.is_none()
}

/// What a row below the table is, from its cells: a note (the first
/// non-empty cell opens with a label or marker), a signature line (any
/// cell), or neither.
pub fn below(grid: &Grid, row: u32) -> Option<Below> {
    let texts: Vec<String> = grid
        .row(row)
        .map(|(_, c)| c.text())
        .filter(|t| !t.trim().is_empty())
        .collect();
    let first = texts.first()?;
    if let Some((mark, text)) = note_line(first) {
        return Some(Below::Note { mark, text });
    }
    texts
        .iter()
        .any(|t| is_signature(t))
        .then_some(Below::Signature)
}

/// The last numbered row of the table under `header_last`: the last row whose
/// STT is a code, above the signature block. Rows below it are notes, the
/// signature block or blank, not rows of the table.
pub fn last_numbered_row(grid: &Grid, header_last: u32, code_col: u32) -> Option<u32> {
    let mut last = None;
    for r in grid.rows().into_iter().filter(|&r| r > header_last) {
        let code = grid.get(r, code_col).filter(|c| !c.is_empty());
        if looks_like_code(code) {
            if !is_numbering_row(grid, r) {
                last = Some(r);
            }
        } else if last.is_some() && below(grid, r) == Some(Below::Signature) {
            break;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(t: &str) -> Option<(String, String)> {
        note_line(t)
    }

    #[test]
    fn notes_under_a_table() {
        assert_eq!(
            note("Ghi chú: chỉ tiêu 3.12 không tiếp tục theo dõi từ năm 2026; bổ sung chỉ tiêu 1.11 và 3.13."),
            Some((
                "Ghi chú".into(),
                "chỉ tiêu 3.12 không tiếp tục theo dõi từ năm 2026; bổ sung chỉ tiêu 1.11 và 3.13.".into()
            ))
        );
        assert_eq!(note("GHI CHÚ:"), Some(("Ghi chú".into(), String::new())));
        assert_eq!(note("Ghi chu"), Some(("Ghi chú".into(), String::new())));
        assert_eq!(
            note("Nguồn: Tổng cục Thống kê"),
            Some(("Nguồn".into(), "Tổng cục Thống kê".into()))
        );
        assert_eq!(
            note("(1) Số liệu ước tính"),
            Some(("(1)".into(), "Số liệu ước tính".into()))
        );
        assert_eq!(
            note("(*) Số liệu ước"),
            Some(("*".into(), "Số liệu ước".into()))
        );
        assert_eq!(
            note("* Số liệu ước"),
            Some(("*".into(), "Số liệu ước".into()))
        );
        assert_eq!(
            note("¹ Báo cáo của ITU"),
            Some(("¹".into(), "Báo cáo của ITU".into()))
        );
        // Not notes: codes, names, a word that only begins like a label.
        assert_eq!(note("1.1"), None);
        assert_eq!(note("Nguồn lực cho chuyển đổi số"), None);
        assert_eq!(note("Tỷ lệ hồ sơ (%)"), None);
        assert_eq!(note("Nguồnlực"), None);
    }

    #[test]
    fn signature_blocks() {
        for t in [
            "KT. CỤC TRƯỞNG",
            "KT.CỤC TRƯỞNG",
            "TM. ỦY BAN NHÂN DÂN",
            "Q. GIÁM ĐỐC",
            "PHÓ CỤC TRƯỞNG",
            "CHỦ TỊCH",
            "GIÁM ĐỐC SỞ",
            "(Đã ký)",
            "(Ký, ghi rõ họ tên)",
            "(Ký tên, đóng dấu)",
            "Nơi nhận:",
            "- Như trên;",
            "- Lưu: VT, CĐSQG.",
            "Người lập biểu",
            "THỦ TRƯỞNG ĐƠN VỊ",
            "Hà Nội, ngày 01 tháng 12 năm 2026",
            "Hà Nội, ngày … tháng … năm 2026",
            "Thái Nguyên, ngày    tháng    năm",
        ] {
            assert!(is_signature(t), "{t}");
        }
        for t in [
            "Tỷ lệ thủ tục hành chính được giải quyết trong ngày",
            "Chủ tịch UBND cấp xã sử dụng chữ ký số",
            "Số ngày trung bình giải quyết một hồ sơ trong tháng năm 2026",
            "Giám đốc điều hành dữ liệu",
            "1.1",
            "Nguyễn Văn Thử",
        ] {
            assert!(!is_signature(t), "{t}");
        }
    }
}

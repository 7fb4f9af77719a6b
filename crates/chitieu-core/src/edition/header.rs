//! The header of an edition sheet: found by its words (no diacritics
//! needed, any case, over two rows merged or not), with the report
//! importer's header matching (`form::table::classify`) and the columns
//! only a catalogue has.

use crate::fold::fold;
use crate::form::table::{self, Role};
use crate::sheet::grid::{Grid, Value};

/// The kind of a header without its year, and the year it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    Code,
    Name,
    Unit,
    Baseline,
    Plan,
    Target,
    Legal,
    Tracking,
    Bodies,
}

/// A four-digit year in a header ("Kế hoạch năm 2026", "Mục tiêu 2030¹").
pub(super) fn year_in(text: &str) -> Option<i32> {
    fold(text)
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .find(|y| (1990..=2100).contains(y))
}

pub(super) fn classify(text: &str) -> (Option<Head>, Option<i32>) {
    let t = fold(text);
    let year = year_in(text);
    let has = |w: &str| t.contains(w);
    let head = if t.is_empty() {
        None
    } else if t.chars().count() <= 24 && table::classify(text) == Some(Role::Code) {
        Some(Head::Code)
    } else if has("can cu") || has("co so phap ly") {
        Some(Head::Legal)
    } else if has("theo doi") || has("do luong") || has("don vi chu tri") {
        Some(Head::Tracking)
    } else if has("co quan") || has("phoi hop") || has("don vi thuc hien") {
        Some(Head::Bodies)
    } else if has("ke hoach") {
        Some(Head::Plan)
    } else if has("muc tieu") {
        Some(Head::Target)
    } else if table::classify(text) == Some(Role::Unit) {
        Some(Head::Unit)
    } else if year.is_some()
        && (t.starts_with("nam ")
            || has("thuc hien")
            || has("uoc")
            || has("hien trang")
            || t.len() == 4)
    {
        Some(Head::Baseline)
    } else if table::classify(text) == Some(Role::Name) {
        Some(Head::Name)
    } else {
        None
    };
    (head, year)
}

/// The column a header names: the lower row's words first, the upper
/// row's ("Kế hoạch" merged over "Năm 2026 | Năm 2027") for context.
pub(super) fn column(upper: &str, lower: &str) -> (Option<Head>, Option<i32>) {
    let (h1, y1) = classify(upper);
    if lower.trim().is_empty() || lower == upper {
        return (h1, y1);
    }
    let (h2, y2) = classify(lower);
    match (h1, h2) {
        (Some(Head::Plan | Head::Target), None | Some(Head::Baseline)) if y2.is_some() => (h1, y2),
        (_, Some(_)) => (h2, y2.or(y1)),
        _ => (h1, y1),
    }
}

/// A recognised header.
pub(super) struct Header {
    pub(super) first: u32,
    pub(super) last: u32,
    pub(super) cols: Vec<(u32, Head, Option<i32>, String)>,
}

impl Header {
    pub(super) fn col(&self, head: Head) -> Option<u32> {
        self.cols.iter().find(|c| c.1 == head).map(|c| c.0)
    }
    pub(super) fn score(&self) -> usize {
        self.cols.len()
    }
    pub(super) fn usable(&self) -> bool {
        self.col(Head::Code).is_some()
            && self.col(Head::Name).is_some()
            && (self.col(Head::Plan).is_some() || self.col(Head::Target).is_some())
    }
}

pub(super) fn header_text(grid: &Grid, row: u32, col: u32) -> String {
    let direct = grid.text(row, col);
    if !direct.trim().is_empty() {
        return direct.trim().to_owned();
    }
    match grid.merge_origin(row, col) {
        Some((r, c)) if (r, c) != (row, col) => grid.text(r, c).trim().to_owned(),
        _ => String::new(),
    }
}

pub(super) fn read_header(grid: &Grid, first: u32, last: u32) -> Header {
    let width = grid
        .row(first)
        .chain(grid.row(last))
        .map(|(c, _)| c)
        .max()
        .unwrap_or(0)
        .min(64);
    let mut cols = Vec::new();
    for col in 0..=width {
        let upper = header_text(grid, first, col);
        let lower = if last == first {
            String::new()
        } else {
            header_text(grid, last, col)
        };
        let same_area = last != first
            && grid.merge_origin(last, col).is_some()
            && grid.merge_origin(last, col) == grid.merge_origin(first, col);
        let lower = if same_area { String::new() } else { lower };
        if let (Some(h), y) = column(&upper, &lower) {
            let text = if lower.is_empty() {
                upper
            } else {
                format!("{upper} {lower}").trim().to_owned()
            };
            cols.push((col, h, y, text));
        }
    }
    Header { first, last, cols }
}

/// The best header of a sheet: one row, or two read together.
pub(super) fn find_header(grid: &Grid) -> Option<Header> {
    let rows = grid.rows();
    let mut best: Option<Header> = None;
    for (i, &r) in rows.iter().enumerate().take(400) {
        let names_code = grid.row(r).any(|(_, c)| {
            matches!(&c.value, Value::Text(t) if t.chars().count() <= 24 && table::classify(t) == Some(Role::Code))
        });
        if !names_code {
            continue;
        }
        let mut candidates = vec![read_header(grid, r, r)];
        if let Some(&next) = rows
            .get(i + 1)
            .filter(|&&n| n == r + 1 && !table::is_numbering_row(grid, r + 1))
        {
            let two = read_header(grid, r, next);
            let next_is_data = two
                .col(Head::Code)
                .is_some_and(|c| table::looks_like_code(grid.get(next, c)));
            if !next_is_data {
                candidates.push(two);
            }
        }
        for h in candidates.into_iter().filter(Header::usable) {
            if best.as_ref().is_none_or(|b| h.score() > b.score()) {
                best = Some(h);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_of_an_edition_sheet() {
        assert_eq!(
            classify("Kế hoạch năm 2026"),
            (Some(Head::Plan), Some(2026))
        );
        assert_eq!(classify("KE HOACH 2027"), (Some(Head::Plan), Some(2027)));
        assert_eq!(classify("Mục tiêu 2030¹"), (Some(Head::Target), Some(2030)));
        assert_eq!(classify("Năm 2025"), (Some(Head::Baseline), Some(2025)));
        assert_eq!(classify("Căn cứ pháp lý"), (Some(Head::Legal), None));
        assert_eq!(
            classify("Don vi do luong, theo doi"),
            (Some(Head::Tracking), None)
        );
        assert_eq!(
            classify("Cơ quan, đơn vị thực hiện, phối hợp"),
            (Some(Head::Bodies), None)
        );
        assert_eq!(classify("Đơn vị tính").0, Some(Head::Unit));
        assert_eq!(classify("STT").0, Some(Head::Code));
        assert_eq!(classify("Chỉ tiêu").0, Some(Head::Name));
        assert_eq!(
            column("Kế hoạch", "Năm 2026"),
            (Some(Head::Plan), Some(2026))
        );
        assert_eq!(
            column("Kịch bản tăng trưởng chỉ tiêu", "Kế hoạch năm 2026"),
            (Some(Head::Plan), Some(2026))
        );
        assert_eq!(
            column("Kịch bản tăng trưởng chỉ tiêu", "Năm 2025"),
            (Some(Head::Baseline), Some(2025))
        );
    }
}

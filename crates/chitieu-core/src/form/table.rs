//! Finding the Phụ lục 01 table in a sheet, by meaning rather than position.
//!
//! A header row is recognised by its words (folded: no diacritics, any case),
//! tolerant of extra words ("Số liệu Quý II/2024"), of headers over two rows
//! (merged or not), of reordered columns and of columns of the user's own.
//! Below it: an optional numbering row "(1) (2) …", then data rows, possibly
//! interrupted by blank rows, by the header repeated after a page break, and
//! by continuation rows (empty STT, text only) that carry the wrapped end of
//! the previous indicator's name. The table ends at its last numbered row:
//! below it, notes («Ghi chú: …», «Nguồn: …», «(1) …») and the signature
//! block («KT. CỤC TRƯỞNG», «(Đã ký)», the place and date line) are not rows
//! of it (`below`, `last_numbered_row`, shared with the edition reader).

use std::collections::BTreeMap;

use crate::fold::fold;
use crate::sheet::grid::{Cell, Grid, Value};

mod below;
pub use below::{below, last_numbered_row, Below};

/// What a column of the form holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Code,
    Name,
    Unit,
    Plan,
    Target,
    Figure,
    Status,
    Source,
    Trend,
    Comparison,
    Proposals,
    Notes,
}

/// The role a header text names, if any.
pub fn classify(header: &str) -> Option<Role> {
    let t = fold(header);
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    let has = |w: &str| t.contains(w);
    let code_words = [
        "stt",
        "tt",
        "s tt",
        "st t",
        "so tt",
        "so thu tu",
        "ma",
        "ma so",
        "ma chi tieu",
        "ma so chi tieu",
    ];
    if code_words.contains(&t) || t.starts_with("stt ") || t.starts_with("ma chi tieu") {
        return Some(Role::Code);
    }
    if has("co quan") || has("can cu") || has("theo doi") {
        return None; // catalogue columns copied by people: their own
    }
    let role = if has("loai so lieu")
        || has("tinh trang so lieu")
        || has("trang thai")
        || has("chinh thuc/uoc tinh")
        || has("chinh thuc uoc tinh")
    {
        Role::Status
    } else if has("nguon") {
        Role::Source
    } else if has("xu huong") {
        Role::Trend
    } else if has("so sanh") || has("quoc te") {
        Role::Comparison
    } else if has("de xuat") || has("kien nghi") {
        Role::Proposals
    } else if has("ghi chu") {
        Role::Notes
    } else if has("don vi tinh") || t == "dvt" || t == "don vi" {
        Role::Unit
    } else if has("ke hoach") {
        Role::Plan
    } else if has("muc tieu") {
        Role::Target
    } else if has("so lieu") || has("gia tri") || has("ket qua") || has("thuc hien") {
        Role::Figure
    } else if has("chi tieu") || has("noi dung") || t == "ten" {
        Role::Name
    } else {
        return None;
    };
    Some(role)
}

/// A recognised table.
#[derive(Debug, Clone)]
pub struct Table {
    /// First and last header row.
    pub header: (u32, u32),
    pub columns: BTreeMap<Role, u32>,
    /// Columns with a header that names no role of the form.
    pub extra: Vec<(u32, String)>,
    /// The figure column's header text (it may name the period).
    pub figure_header: String,
}

impl Table {
    pub fn col(&self, role: Role) -> Option<u32> {
        self.columns.get(&role).copied()
    }
}

/// The text heading column `col` at `row`, taking a merged area's text.
fn header_text(grid: &Grid, row: u32, col: u32) -> String {
    header_text_in(grid, row, col, grid.merge_origin(row, col))
}

/// `header_text`, the merged area's origin already known.
fn header_text_in(grid: &Grid, row: u32, col: u32, origin: Option<(u32, u32)>) -> String {
    let direct = grid.text(row, col);
    if !direct.trim().is_empty() {
        return direct;
    }
    match origin {
        Some((r, c)) if (r, c) != (row, col) => grid.text(r, c),
        _ => String::new(),
    }
}

/// `Grid::merge_origin` of every column `0..=last` of `row` at once: one
/// pass over the merged areas (the first listed covering a cell wins, as
/// there), each column given its origin once. Looking each cell up alone
/// costs a pass per cell, which a sheet of many merged areas and many
/// candidate header rows turns into minutes.
fn merge_origins(grid: &Grid, row: u32, last: u32) -> Vec<Option<(u32, u32)>> {
    let width = last as usize + 1;
    let mut origins = vec![None; width];
    // next[c]: the first column at or after c still without an origin.
    let mut next: Vec<usize> = (0..=width).collect();
    fn find(next: &mut [usize], mut c: usize) -> usize {
        while next[c] != c {
            next[c] = next[next[c]];
            c = next[c];
        }
        c
    }
    for &(a, b) in &grid.merged {
        if !(a.0..=b.0).contains(&row) || a.1 > last {
            continue;
        }
        let end = b.1.min(last) as usize;
        let mut c = find(&mut next, a.1 as usize);
        while c <= end {
            origins[c] = Some(a);
            next[c] = c + 1;
            c = find(&mut next, c + 1);
        }
    }
    origins
}

/// Whether a row is the numbering row "(1) (2) (3) …" (or "1 2 3 …").
pub fn is_numbering_row(grid: &Grid, row: u32) -> bool {
    let cells: Vec<String> = grid
        .row(row)
        .map(|(_, c)| c.text().trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    if cells.len() < 3 {
        return false;
    }
    let numbers: Vec<Option<u32>> = cells
        .iter()
        .map(|t| {
            t.trim_start_matches('(')
                .trim_end_matches(')')
                .trim()
                .parse()
                .ok()
        })
        .collect();
    let all_numbers = numbers.iter().all(Option::is_some);
    let bracketed = cells
        .iter()
        .filter(|t| t.starts_with('(') && t.ends_with(')'))
        .count();
    all_numbers
        && (bracketed * 2 >= cells.len() || numbers.windows(2).all(|w| w[1] == w[0].map(|n| n + 1)))
}

fn roles_of(texts: &BTreeMap<u32, String>) -> (BTreeMap<Role, u32>, Vec<(u32, String)>) {
    let mut columns = BTreeMap::new();
    let mut extra = Vec::new();
    // Of several figure columns ("Số liệu Quý I/2024" kept beside "Số liệu kỳ
    // báo cáo"), the one that says "kỳ báo cáo" is the form's.
    let report_figure = texts
        .iter()
        .find(|(_, t)| classify(t) == Some(Role::Figure) && fold(t).contains("ky bao cao"))
        .map(|(c, _)| *c);
    if let Some(c) = report_figure {
        columns.insert(Role::Figure, c);
    }
    for (&col, text) in texts {
        if Some(col) == report_figure {
            continue;
        }
        match classify(text) {
            Some(role) if !columns.contains_key(&role) => {
                columns.insert(role, col);
            }
            _ if !text.trim().is_empty() => extra.push((col, text.trim().to_owned())),
            _ => {}
        }
    }
    (columns, extra)
}

fn complete(columns: &BTreeMap<Role, u32>) -> bool {
    [Role::Code, Role::Name, Role::Figure]
        .iter()
        .all(|r| columns.contains_key(r))
}

/// Finds the form's table in a sheet: the best header (one row, or two rows
/// read together) that names at least the code, name and figure columns.
pub fn find_table(grid: &Grid) -> Option<Table> {
    let rows = grid.rows();
    let mut best: Option<(usize, Table)> = None;
    for (i, &r) in rows.iter().enumerate().take(400) {
        // Only a row with a short cell naming the code column ("STT") can
        // be a header: a cheap test before classifying every cell.
        let names_code = grid.row(r).any(|(_, c)| {
            matches!(&c.value, Value::Text(t) if t.chars().count() <= 24 && classify(t) == Some(Role::Code))
        });
        if !names_code {
            continue;
        }
        let mut single = BTreeMap::new();
        let last_col = grid.row(r).map(|(c, _)| c).max().unwrap_or(0);
        let next_last = rows
            .get(i + 1)
            .map_or(0, |&n| grid.row(n).map(|(c, _)| c).max().unwrap_or(0));
        let origins = merge_origins(grid, r, last_col.max(next_last).min(256));
        for col in 0..=last_col.min(256) {
            let t = header_text_in(grid, r, col, origins[col as usize]);
            if !t.trim().is_empty() {
                single.insert(col, t);
            }
        }
        if single.is_empty() {
            continue;
        }
        let (cols1, extra1) = roles_of(&single);
        let mut candidate = complete(&cols1).then(|| {
            (
                cols1.len(),
                Table {
                    header: (r, r),
                    columns: cols1.clone(),
                    extra: extra1,
                    figure_header: String::new(),
                },
            )
        });
        // Two header rows read together (a merged "Số liệu kỳ báo cáo" over
        // "Giá trị | Loại số liệu", or one header wrapped over two rows).
        if let Some(&next) = rows
            .get(i + 1)
            .filter(|&&n| n == r + 1 && !is_numbering_row(grid, r + 1))
        {
            let mut both = BTreeMap::new();
            for col in 0..=last_col.max(next_last).min(256) {
                let joined = format!(
                    "{} {}",
                    header_text_in(grid, r, col, origins[col as usize]),
                    grid.text(next, col)
                )
                .trim()
                .to_owned();
                if !joined.is_empty() {
                    both.insert(col, joined);
                }
            }
            let code_col = cols1.get(&Role::Code).copied();
            let next_is_data = code_col.is_some_and(|c| looks_like_code(grid.get(next, c)));
            let (cols2, extra2) = roles_of(&both);
            if !next_is_data
                && complete(&cols2)
                && candidate.as_ref().is_none_or(|(n, _)| cols2.len() > *n)
            {
                candidate = Some((
                    cols2.len(),
                    Table {
                        header: (r, next),
                        columns: cols2,
                        extra: extra2,
                        figure_header: String::new(),
                    },
                ));
            }
        }
        if let Some((score, mut table)) = candidate {
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                let fc = table.columns.get(&Role::Figure).copied().unwrap_or(0);
                table.figure_header = (table.header.0..=table.header.1)
                    .map(|hr| header_text(grid, hr, fc))
                    .collect::<Vec<_>>()
                    .join(" ");
                best = Some((score, table));
            }
        }
    }
    best.map(|(_, t)| t)
}

/// Whether a cell holds something shaped like an indicator code (`1`, `1.1`,
/// `1.7.1`, `I`, or a number).
pub fn looks_like_code(cell: Option<&Cell>) -> bool {
    match cell.map(|c| &c.value) {
        Some(Value::Number(_)) => true,
        Some(Value::Text(t)) => parse_code_text(t).is_some(),
        _ => false,
    }
}

/// An indicator code typed as text: `1.1`, ` 1.10 `, `1.1.`, `III` (group 3).
pub fn parse_code_text(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches('.');
    let roman = match t {
        "I" => Some("1"),
        "II" => Some("2"),
        "III" => Some("3"),
        "IV" => Some("4"),
        "V" => Some("5"),
        _ => None,
    };
    if let Some(r) = roman {
        return Some(r.to_owned());
    }
    let ok = !t.is_empty()
        && t.split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| t.to_owned())
}

/// One data row of the table.
#[derive(Debug, Clone)]
pub struct DataRow {
    pub row: u32,
    /// The code cell as found (text or number).
    pub code: Option<Cell>,
    /// The name, with continuation rows joined.
    pub name: String,
    /// The cells of the other roles.
    pub cells: BTreeMap<Role, Cell>,
}

impl DataRow {
    /// Whether the row carries anything a unit reports (figure, status, texts).
    pub fn has_content(&self) -> bool {
        self.cells
            .iter()
            .filter(|(r, _)| {
                !matches!(
                    r,
                    Role::Code | Role::Name | Role::Unit | Role::Plan | Role::Target
                )
            })
            .any(|(_, c)| !c.is_empty())
    }
}

/// The data rows below the header.
pub fn data_rows(grid: &Grid, table: &Table) -> Vec<DataRow> {
    let mut out: Vec<DataRow> = Vec::new();
    let code_col = table.col(Role::Code);
    let name_col = table.col(Role::Name);
    let end = code_col.and_then(|c| last_numbered_row(grid, table.header.1, c));
    let mut taken: Option<u32> = None;
    for row in grid.rows().into_iter().filter(|&r| r > table.header.1) {
        let code = code_col
            .and_then(|c| grid.get(row, c))
            .filter(|c| !c.is_empty())
            .cloned();
        let name = name_col.map(|c| grid.text(row, c)).unwrap_or_default();
        let below_table = end.is_some_and(|e| row > e);
        if !looks_like_code(code.as_ref()) {
            match below(grid, row) {
                Some(Below::Signature) => break,
                // A note under the table is not a row of it.
                Some(Below::Note { .. }) if below_table => continue,
                _ => {}
            }
        }
        if is_numbering_row(grid, row) {
            continue;
        }
        // The header repeated after a page break.
        if code
            .as_ref()
            .is_some_and(|c| classify(&c.text()) == Some(Role::Code))
            && classify(&name).is_some()
        {
            continue;
        }
        let mut cells = BTreeMap::new();
        for (&role, &col) in &table.columns {
            if matches!(role, Role::Code | Role::Name) {
                continue;
            }
            if let Some(c) = grid.get(row, col).filter(|c| !c.is_empty()) {
                cells.insert(role, c.clone());
            }
        }
        let data = DataRow {
            row,
            code,
            name: name.trim().to_owned(),
            cells,
        };
        if data.code.is_none() && !data.has_content() {
            if data.name.is_empty() {
                continue; // blank row
            }
            // Below the table, a line that does not follow the last row
            // directly is not the wrapped end of its name.
            if below_table && taken.is_none_or(|t| t + 1 != row) {
                continue;
            }
            // A continuation row: the wrapped end of the previous name.
            if let Some(prev) = out.last_mut() {
                prev.name = format!("{} {}", prev.name, data.name);
                taken = Some(row);
                continue;
            }
        }
        if data.code.is_none() && data.name.is_empty() {
            continue; // neither a code nor a name: nothing to tie it to
        }
        taken = Some(row);
        out.push(data);
    }
    out
}

/// The text after a label ("Đơn vị báo cáo: …") in a cell, or in the next
/// non-empty cell of the row when the label cell holds only the label.
fn labelled(grid: &Grid, row: u32, col: u32, text: &str) -> String {
    let after = text
        .split_once(':')
        .map(|x| x.1.trim().to_owned())
        .unwrap_or_default();
    if !after.is_empty() {
        return after;
    }
    grid.row(row)
        .filter(|(c, _)| *c > col)
        .map(|(_, c)| c.text())
        .find(|t| !t.trim().is_empty())
        .unwrap_or_default()
}

/// What the header block above the table says.
#[derive(Debug, Clone, Default)]
pub struct HeaderBlock {
    /// "Đơn vị báo cáo: …": the text and its cell.
    pub unit: Option<(String, u32, u32)>,
    /// "Kỳ báo cáo: …": the text and its cell.
    pub period: Option<(String, u32, u32)>,
    /// Other texts of the block (title lines), with their cells.
    pub lines: Vec<(String, u32, u32)>,
}

pub fn header_block(grid: &Grid, table: &Table) -> HeaderBlock {
    let mut block = HeaderBlock::default();
    for (&(row, col), cell) in grid.cells.range(..(table.header.0, 0)) {
        let text = cell.text();
        let t = fold(&text);
        if t.starts_with("don vi bao cao")
            || t.starts_with("ten don vi")
            || t.starts_with("co quan bao cao")
            || t.starts_with("don vi:")
            || t == "don vi"
        {
            if block.unit.is_none() {
                block.unit = Some((labelled(grid, row, col, &text), row, col));
            }
        } else if t.starts_with("ky bao cao") {
            if block.period.is_none() {
                block.period = Some((labelled(grid, row, col, &text), row, col));
            }
        } else if !t.is_empty() {
            block.lines.push((text, row, col));
        }
    }
    block
}

/// The codes a code cell may mean. A number may be a code Excel shortened:
/// 3.1 may be "3.1" or "3.10" (and 1.2 may be "1.20").
pub fn code_candidates(cell: Option<&Cell>) -> Vec<String> {
    match cell.map(|c| &c.value) {
        Some(Value::Number(v)) if v.is_finite() && *v >= 0.0 => {
            let literal = format!("{v}");
            let mut out = vec![literal.clone()];
            if let Some((_, frac)) = literal.split_once('.') {
                if frac.len() == 1 {
                    out.push(format!("{literal}0"));
                }
            }
            out
        }
        Some(Value::Text(t)) => parse_code_text(t).into_iter().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn headers_as_people_type_them() {
        let cases = [
            ("STT", Role::Code),
            ("TT", Role::Code),
            ("Số TT", Role::Code),
            ("Mã chỉ tiêu", Role::Code),
            ("Chỉ tiêu", Role::Name),
            ("Chỉ tiêu chiến lược Chính phủ số", Role::Name),
            ("Tên chỉ tiêu", Role::Name),
            ("Đơn vị tính", Role::Unit),
            ("ĐVT", Role::Unit),
            ("Kế hoạch năm 2024", Role::Plan),
            ("KẾ HOẠCH 2024", Role::Plan),
            ("Mục tiêu 2025", Role::Target),
            ("Số liệu kỳ báo cáo", Role::Figure),
            ("So lieu Quy II/2024", Role::Figure),
            ("Số liệu kỳ báo cáo Giá trị", Role::Figure),
            ("Kết quả thực hiện", Role::Figure),
            ("Loại số liệu", Role::Status),
            ("Số liệu kỳ báo cáo Loại số liệu", Role::Status),
            ("Nguồn số liệu", Role::Source),
            ("Đánh giá xu hướng", Role::Trend),
            ("So sánh quốc tế", Role::Comparison),
            ("Đề xuất, kiến nghị", Role::Proposals),
            ("Ghi chú", Role::Notes),
            ("GHI CHU", Role::Notes),
        ];
        for (text, role) in cases {
            assert_eq!(classify(text), Some(role), "{text}");
        }
        for text in [
            "",
            "Năm 2022",
            "Cơ quan, đơn vị thực hiện, phối hợp",
            "Căn cứ pháp lý",
            "Đơn vị đo lường, theo dõi",
            "Người phụ trách",
        ] {
            assert_eq!(classify(text), None, "{text}");
        }
    }

    #[test]
    fn codes_typed_as_text() {
        assert_eq!(parse_code_text("1.1").as_deref(), Some("1.1"));
        assert_eq!(parse_code_text(" 1.10 ").as_deref(), Some("1.10"));
        assert_eq!(parse_code_text("1.1.").as_deref(), Some("1.1"));
        assert_eq!(parse_code_text("III").as_deref(), Some("3"));
        assert_eq!(parse_code_text("1.7.1").as_deref(), Some("1.7.1"));
        assert_eq!(parse_code_text("STT"), None);
        assert_eq!(parse_code_text("-"), None);
        assert_eq!(parse_code_text("a.1"), None);
    }

    const HEADERS: [(&str, Role); 12] = [
        ("STT", Role::Code),
        ("Chỉ tiêu", Role::Name),
        ("Đơn vị tính", Role::Unit),
        ("Kế hoạch năm 2024", Role::Plan),
        ("Mục tiêu 2025", Role::Target),
        ("Số liệu kỳ báo cáo", Role::Figure),
        ("Loại số liệu", Role::Status),
        ("Nguồn số liệu", Role::Source),
        ("Đánh giá xu hướng", Role::Trend),
        ("So sánh quốc tế", Role::Comparison),
        ("Đề xuất, kiến nghị", Role::Proposals),
        ("Ghi chú", Role::Notes),
    ];

    fn strip_diacritics(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .map(|c| {
                if c == 'đ' {
                    'd'
                } else if c == 'Đ' {
                    'D'
                } else {
                    c
                }
            })
            .collect()
    }

    proptest! {
        /// Any header, with or without diacritics, in any case, with extra
        /// words after it, is recognised as its role.
        #[test]
        fn headers_survive_retyping(i in 0usize..12, upper in any::<bool>(), plain in any::<bool>(), extra in prop::sample::select(vec!["", " Quý II/2024", " (đ)", " năm 2024", "  "])) {
            let (text, role) = HEADERS[i];
            let mut t = format!("{text}{extra}");
            if plain { t = strip_diacritics(&t); }
            if upper { t = t.to_uppercase(); }
            prop_assert_eq!(classify(&t), Some(role), "{}", t);
        }

        /// Any order of the twelve columns, plus a column of the user's own
        /// anywhere, is found with every role in its column.
        #[test]
        fn reordered_columns_are_found(order in Just((0..12usize).collect::<Vec<_>>()).prop_shuffle(), own_at in 0usize..13) {
            let mut g = Grid::default();
            let mut headers: Vec<(&str, Option<Role>)> = order.iter().map(|&i| (HEADERS[i].0, Some(HEADERS[i].1))).collect();
            headers.insert(own_at, ("Người phụ trách", None));
            for (c, (text, _)) in headers.iter().enumerate() {
                g.cells.insert((5, c as u32), Cell { value: Value::Text((*text).into()), percent: false, formula: None });
            }
            let t = find_table(&g).expect("table");
            prop_assert_eq!(t.header, (5, 5));
            for (c, (_, role)) in headers.iter().enumerate() {
                match role {
                    Some(r) => prop_assert_eq!(t.col(*r), Some(c as u32)),
                    None => prop_assert!(t.extra.iter().any(|(col, _)| *col == c as u32)),
                }
            }
        }
    }
}

//! An edition read from a workbook laid out like Phụ lục 01.
//!
//! The header row is found by its words (no diacritics needed, any case,
//! over two rows merged or not) with the report importer's header matching
//! (`form::table::classify`) and the columns only a catalogue has: the
//! baseline «Năm 2025», «Căn cứ pháp lý», «Đơn vị đo lường, theo dõi»,
//! «Cơ quan, đơn vị thực hiện, phối hợp». Codes come from the STT column:
//! a code typed as a number (Excel keeps 1.10 as 1.1) is resolved by its
//! position in the numbering. Groups and parents follow from the codes.
//! Every problem is collected with its sheet and cell; any refuses the file.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::applicability;
use crate::catalogue::{Edition, Footnote, FootnoteRef, Item, Kind, Target};
use crate::fold::fold;
use crate::form::meta::META_SHEET;
use crate::form::table::{self, Role};
use crate::number::{format_vi, fraction_to_percent};
use crate::sheet::grid::{self, Cell, Grid, Value};
use crate::sheet::scan::{self, a1};
use crate::store::Store;

use super::header::{find_header, header_text, Head, Header};
use super::rows::{self, split_marks, Row};
use super::{check_id, EditionImportError, EditionMeta, Problem};

/// What a column of an edition sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Code,
    Name,
    Unit,
    Baseline(i32),
    Plan(i32),
    Target(i32),
    Legal,
    Tracking,
    Bodies,
}

/// The text of a plan, target or baseline cell, as a person reads it. A
/// number formatted as a percentage holds a fraction (0.85 shows 85 %).
fn figure_text(cell: &Cell, percent_unit: bool) -> String {
    match &cell.value {
        Value::Number(v) if cell.percent => format!("{}%", format_vi(fraction_to_percent(*v))),
        Value::Number(v) if percent_unit => format!("{}%", format_vi(*v)),
        _ => cell.text().trim().to_owned(),
    }
}

/// Whether `code` may follow `prev` in a numbering: a child of it, or a
/// later sibling of it or of one of its ancestors.
fn may_follow(prev: Option<&str>, code: &str) -> Option<u64> {
    let parts: Vec<u64> = code
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let Some(prev) = prev else {
        return Some(parts.iter().sum());
    };
    let prev_parts: Vec<u64> = prev.split('.').filter_map(|p| p.parse().ok()).collect();
    let n = parts.len();
    // A child: prev + one segment.
    if n == prev_parts.len() + 1 && parts[..n - 1] == prev_parts[..] {
        return Some(parts[n - 1]);
    }
    // A later sibling of prev or of an ancestor: same prefix, larger last.
    if n <= prev_parts.len()
        && parts[..n - 1] == prev_parts[..n - 1]
        && parts[n - 1] > prev_parts[n - 1]
    {
        return Some(parts[n - 1] - prev_parts[n - 1]);
    }
    None
}

/// Resolves a code cell: text as written; a number by position.
fn resolve_code(cell: &Cell, prev: Option<&str>) -> Option<(String, bool)> {
    match &cell.value {
        Value::Number(_) => {
            // 1.1 may be "1.1" or "1.10": the report importer's candidates.
            let cands = table::code_candidates(Some(cell));
            let by_position = cands
                .iter()
                .filter_map(|c| may_follow(prev, c).map(|gap| (gap, c)))
                .min_by_key(|(gap, _)| *gap)
                .map(|(_, c)| c.clone());
            let chosen = by_position.or_else(|| cands.first().cloned())?;
            Some((chosen, true))
        }
        Value::Text(t) => {
            let (body, _) = split_marks(t);
            table::parse_code_text(&body).map(|c| (c, false))
        }
        _ => None,
    }
}

/// The unit of measure as the catalogue writes it, when known.
fn known_unit(text: &str) -> Option<&'static str> {
    match fold(text).as_str() {
        "%" | "ty le" | "ty le %" | "phan tram" | "ty le phan tram" => Some("%"),
        "thu hang" | "hang" | "xep hang" | "thu hang the gioi" => Some("Thứ hạng"),
        _ => None,
    }
}

/// Header-block lines above the table: (folded, text).
fn block_lines(grid: &Grid, header_row: u32) -> Vec<(String, String, u32, u32)> {
    grid.cells
        .range(..(header_row, 0))
        .map(|(&(r, c), cell)| (fold(&cell.text()), cell.text().trim().to_owned(), r, c))
        .filter(|(f, _, _, _)| !f.is_empty())
        .collect()
}

/// Reads an edition from a workbook's bytes. `store` says which ids are
/// taken and which unit names exist.
pub fn read(
    file: &str,
    bytes: &[u8],
    meta: &EditionMeta,
    store: &Store,
) -> Result<(Edition, Vec<String>), EditionImportError> {
    let (format, findings) = scan::scan(file, bytes)?;
    let grids = grid::read(file, bytes, format, &findings)?;
    let found = grids
        .iter()
        .filter(|g| !g.hidden && g.name != META_SHEET)
        .find_map(|g| find_header(g).map(|h| (g, h)));
    let Some((grid, header)) = found else {
        let sheets = grids
            .iter()
            .filter(|g| !g.hidden)
            .map(|g| format!("«{}»", g.name))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(EditionImportError::NoTable {
            file: file.to_owned(),
            sheets,
        });
    };
    // A unit's report (or this app's own export) is not an edition.
    let not_edition = |why: String| {
        Err(EditionImportError::NotAnEdition {
            file: file.to_owned(),
            why,
        })
    };
    if grids.iter().any(|g| g.name == META_SHEET) {
        return not_edition(
            "tệp do chương trình này xuất (báo cáo hoặc mẫu của một đơn vị)".into(),
        );
    }
    let figure_col = (0..=64u32).find(|&c| {
        let t = format!(
            "{} {}",
            header_text(grid, header.first, c),
            header_text(grid, header.last, c)
        );
        table::classify(&t) == Some(Role::Figure) && fold(&t).contains("ky bao cao")
    });
    if let Some(c) = figure_col {
        let filled = grid
            .rows()
            .into_iter()
            .filter(|&r| r > header.last)
            .find(|&r| {
                grid.get(r, c).is_some_and(|x| !x.is_empty()) && !table::is_numbering_row(grid, r)
            });
        if let Some(r) = filled {
            return not_edition(format!(
                "cột «Số liệu kỳ báo cáo» có số liệu (ô {}), tức là báo cáo của một đơn vị",
                a1(r, c)
            ));
        }
    }
    Reader {
        grid,
        header: &header,
        problems: Vec::new(),
        notes: Vec::new(),
    }
    .read(file, meta, store)
}

struct Reader<'a> {
    grid: &'a Grid,
    header: &'a Header,
    problems: Vec<Problem>,
    notes: Vec<String>,
}

impl Reader<'_> {
    fn problem(&mut self, row: u32, col: u32, message: String) {
        self.problems.push(Problem {
            sheet: self.grid.name.clone(),
            cell: a1(row, col),
            message,
        });
    }

    /// The columns, each role once (a plan year once); repeated ones are problems.
    fn columns(&mut self) -> BTreeMap<Col, u32> {
        let mut out = BTreeMap::new();
        let cols = self.header.cols.clone();
        for (col, head, year, text) in cols {
            let role = match (head, year) {
                (Head::Code, _) => Col::Code,
                (Head::Name, _) => Col::Name,
                (Head::Unit, _) => Col::Unit,
                (Head::Legal, _) => Col::Legal,
                (Head::Tracking, _) => Col::Tracking,
                (Head::Bodies, _) => Col::Bodies,
                (Head::Baseline, Some(y)) => Col::Baseline(y),
                (Head::Plan, Some(y)) => Col::Plan(y),
                (Head::Target, Some(y)) => Col::Target(y),
                (Head::Plan | Head::Target | Head::Baseline, None) => {
                    let row = self.header.first;
                    self.problem(row, col, format!("cột «{text}» không ghi năm; hãy ghi dạng «Kế hoạch năm 2026» hoặc «Mục tiêu 2030»"));
                    continue;
                }
            };
            let same_kind = |c: &Col| std::mem::discriminant(c) == std::mem::discriminant(&role);
            let clash = match role {
                Col::Plan(_) => out.contains_key(&role),
                _ => out.keys().any(same_kind),
            };
            if clash {
                let row = self.header.first;
                match role {
                    Col::Code
                    | Col::Name
                    | Col::Unit
                    | Col::Plan(_)
                    | Col::Target(_)
                    | Col::Baseline(_) => {
                        self.problem(
                            row,
                            col,
                            format!("cột «{text}» bị lặp; mỗi cột chỉ được có một lần"),
                        );
                    }
                    _ => {} // a second legal-basis or bodies column: the first is read
                }
                continue;
            }
            out.insert(role, col);
        }
        out
    }

    /// The table's rows, down to its last numbered row; notes below it
    /// become the edition's footnotes (`rows.rs`).
    fn rows(
        &mut self,
        cols: &BTreeMap<Col, u32>,
        (code_col, name_col): (u32, u32),
        footnotes: &mut Vec<Footnote>,
    ) -> Vec<Row> {
        let figure: Vec<u32> = cols
            .iter()
            .filter(|(k, _)| {
                matches!(
                    k,
                    Col::Unit | Col::Baseline(_) | Col::Plan(_) | Col::Target(_)
                )
            })
            .map(|(_, c)| *c)
            .collect();
        let other: Vec<u32> = cols
            .iter()
            .filter(|(k, _)| !matches!(k, Col::Code | Col::Name))
            .map(|(_, c)| *c)
            .collect();
        let read = rows::read(
            self.grid,
            self.header.last,
            rows::Columns {
                code: code_col,
                name: name_col,
                figure: &figure,
                other: &other,
            },
        );
        for (r, c, message) in read.problems {
            self.problem(r, c, message);
        }
        self.notes.extend(read.notes);
        footnotes.extend(read.footnotes);
        read.rows
    }

    /// The plan, target or baseline in cell (`row`, `col`), checked.
    fn target(
        &mut self,
        (row, col): (u32, u32),
        percent_unit: bool,
        what: &str,
        code: &str,
        kind: Kind,
    ) -> (Option<Target>, Vec<String>) {
        let grid = self.grid;
        let Some(cell) = grid.get(row, col).filter(|c| !c.is_empty()) else {
            return (None, Vec::new());
        };
        let text = figure_text(cell, percent_unit);
        let (_, marks) = split_marks(&text);
        let t = Target::new(&text);
        let dash = crate::number::parse_figure(&text) == Ok(None);
        match t.comparison {
            None if !dash => self.problem(
                row,
                col,
                format!("{what} của chỉ tiêu {code} («{text}») không đọc được thành một mức so sánh; hãy ghi dạng «80%», «≥ 80%», «> 50%», «Top 50» hoặc «-»"),
            ),
            Some(c) if kind == Kind::Share && !(0.0..=100.0).contains(&c.value) => {
                self.problem(row, col, format!("{what} của chỉ tiêu {code} là tỷ lệ nên phải từ 0 đến 100%, nhưng ô ghi «{text}»"));
            }
            Some(c) if kind == Kind::Rank && (c.value < 1.0 || c.value.fract() != 0.0) => {
                self.problem(row, col, format!("{what} của chỉ tiêu {code} là thứ hạng nên phải là số nguyên dương, nhưng ô ghi «{text}»"));
            }
            _ => {}
        }
        (Some(t), marks)
    }

    fn read(
        mut self,
        file: &str,
        meta: &EditionMeta,
        store: &Store,
    ) -> Result<(Edition, Vec<String>), EditionImportError> {
        let cols = self.columns();
        // A usable header names both (`Header::usable`); said, not assumed.
        let (Some(&code_col), Some(&name_col)) = (cols.get(&Col::Code), cols.get(&Col::Name))
        else {
            return Err(EditionImportError::NoTable {
                file: file.to_owned(),
                sheets: format!("«{}»", self.grid.name),
            });
        };
        let mut footnotes: Vec<Footnote> = Vec::new();
        let rows = self.rows(&cols, (code_col, name_col), &mut footnotes);
        let sheet = self.grid.name.clone();

        // Codes, resolved in order; uniqueness and parents.
        let mut codes: Vec<(String, &Row)> = Vec::new();
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut prev: Option<String> = None;
        for row in &rows {
            let Some((code, numeric)) = resolve_code(&row.code, prev.as_deref()) else {
                self.problem(
                    row.row,
                    code_col,
                    format!(
                        "STT «{}» không phải mã chỉ tiêu; hãy ghi dạng 1, 1.1 hoặc 1.7.1",
                        row.code.text().trim()
                    ),
                );
                continue;
            };
            if numeric
                && code
                    != format!(
                        "{}",
                        match row.code.value {
                            Value::Number(v) => v,
                            _ => 0.0,
                        }
                    )
            {
                self.notes.push(format!(
                    "Ô {}!{}: STT được gõ dạng số ({}) nên được hiểu là «{code}» theo vị trí trong dãy số thứ tự.",
                    sheet,
                    a1(row.row, code_col),
                    row.code.text()
                ));
            }
            if let Some(first) = seen.get(&code) {
                self.problem(
                    row.row,
                    code_col,
                    format!(
                        "mã chỉ tiêu {code} bị lặp (đã có ở ô {})",
                        a1(*first, code_col)
                    ),
                );
                continue;
            }
            if let Some((parent, _)) = code.rsplit_once('.') {
                if !seen.contains_key(parent) {
                    self.problem(row.row, code_col, format!("chỉ tiêu {code} nằm dưới {parent}, nhưng phía trên không có dòng {parent}"));
                }
            }
            if row.name.is_empty() {
                self.problem(row.row, name_col, format!("chỉ tiêu {code} thiếu tên"));
            }
            seen.insert(code.clone(), row.row);
            prev = Some(code.clone());
            codes.push((code, row));
        }
        let parents: HashSet<String> = codes
            .iter()
            .filter_map(|(c, _)| c.rsplit_once('.').map(|(p, _)| p.to_owned()))
            .collect();

        // Items.
        let plan_cols: Vec<(i32, u32)> = cols
            .iter()
            .filter_map(|(k, c)| {
                if let Col::Plan(y) = k {
                    Some((*y, *c))
                } else {
                    None
                }
            })
            .collect();
        let target_col = cols.iter().find_map(|(k, c)| {
            if let Col::Target(y) = k {
                Some((*y, *c))
            } else {
                None
            }
        });
        let baseline_col = cols.iter().find_map(|(k, c)| {
            if let Col::Baseline(y) = k {
                Some((*y, *c))
            } else {
                None
            }
        });
        let g = self.grid;
        let text_of = |col: Option<&u32>, r: u32| {
            col.map(|c| g.text(r, *c).trim().to_owned())
                .unwrap_or_default()
        };
        let mut items = Vec::new();
        let mut marks_used: Vec<String> = Vec::new();
        for (code, row) in &codes {
            let r = row.row;
            let (name, name_marks) = split_marks(&row.name);
            let unit_text = text_of(cols.get(&Col::Unit), r);
            let kind = if !code.contains('.') {
                Kind::Group
            } else if parents.contains(code) {
                Kind::Parent
            } else {
                match known_unit(&unit_text) {
                    Some("Thứ hạng") => Kind::Rank,
                    Some(_) => {
                        let n = fold(&name);
                        if n.contains("tang truong")
                            || n.contains("ty le tang")
                            || n.contains("toc do tang")
                        {
                            Kind::Rate
                        } else {
                            Kind::Share
                        }
                    }
                    None => {
                        let col = cols.get(&Col::Unit).copied().unwrap_or(name_col);
                        let why = if unit_text.is_empty() {
                            "thiếu đơn vị tính".to_owned()
                        } else {
                            format!("đơn vị tính «{unit_text}» chưa được hỗ trợ")
                        };
                        self.problem(r, col, format!("chỉ tiêu {code}: {why}; bộ chỉ tiêu nhận «%» (tỷ lệ) và «Thứ hạng»"));
                        Kind::Share
                    }
                }
            };
            let mut item = Item {
                code: code.clone(),
                name,
                kind,
                unit: if kind.carries_figure() {
                    known_unit(&unit_text).unwrap_or("").to_owned()
                } else {
                    String::new()
                },
                baseline: None,
                plans: BTreeMap::new(),
                target: None,
                legal_basis: text_of(cols.get(&Col::Legal), r),
                tracking: text_of(cols.get(&Col::Tracking), r),
                bodies: text_of(cols.get(&Col::Bodies), r),
                footnotes: name_marks
                    .into_iter()
                    .map(|mark| FootnoteRef {
                        mark,
                        on: "name".into(),
                    })
                    .collect(),
                level: None,
            };
            let n = fold(&item.name);
            if n.contains("cap huyen") {
                item.level = Some("district".into());
            } else if n.contains("cap xa") {
                item.level = Some("commune".into());
            }
            if kind.carries_figure() {
                let pct = item.unit == "%";
                if let Some((y, c)) = baseline_col {
                    let (t, marks) =
                        self.target((r, c), pct, &format!("Số liệu năm {y}"), code, Kind::Rate);
                    item.baseline = t;
                    item.footnotes
                        .extend(marks.into_iter().map(|mark| FootnoteRef {
                            mark,
                            on: "baseline".into(),
                        }));
                }
                for &(y, c) in &plan_cols {
                    let (t, marks) =
                        self.target((r, c), pct, &format!("Kế hoạch năm {y}"), code, kind);
                    if let Some(t) = t {
                        item.plans.insert(y.to_string(), t);
                    }
                    item.footnotes
                        .extend(marks.into_iter().map(|mark| FootnoteRef {
                            mark,
                            on: format!("plan {y}"),
                        }));
                }
                if let Some((y, c)) = target_col {
                    let (t, marks) = self.target((r, c), pct, &format!("Mục tiêu {y}"), code, kind);
                    item.target = t;
                    item.footnotes
                        .extend(marks.into_iter().map(|mark| FootnoteRef {
                            mark,
                            on: "target".into(),
                        }));
                }
            }
            marks_used.extend(item.footnotes.iter().map(|f| f.mark.clone()));
            items.push(item);
        }
        for mark in marks_used {
            if !footnotes.iter().any(|f| f.mark == mark) {
                self.notes.push(format!("Dấu chú thích «{mark}» không có lời chú thích bên dưới bảng; đã giữ dấu, lời chú thích để trống."));
                footnotes.push(Footnote {
                    mark,
                    text: String::new(),
                });
            }
        }
        if items.iter().all(|i| !i.kind.carries_figure()) && self.problems.is_empty() {
            self.problems.push(Problem {
                sheet: sheet.clone(),
                cell: String::new(),
                message: "bảng không có chỉ tiêu nào (chỉ có nhóm)".into(),
            });
        }

        // Edition details: the person's, else the sheet's header block, else derived.
        let block = block_lines(self.grid, self.header.first);
        let find = |pred: &dyn Fn(&str) -> bool| {
            block
                .iter()
                .find(|(f, _, _, _)| pred(f))
                .map(|(_, t, _, _)| t.clone())
        };
        let labelled = |t: String| {
            t.split_once(':')
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or(t)
        };
        let sheet_id = find(&|f| f.starts_with("ma bo chi tieu")).map(labelled);
        let sheet_title = find(&|f| {
            f.contains("chi tieu") && !f.starts_with("ma bo chi tieu") && !f.starts_with("phu luc")
        });
        let sheet_source = find(&|f| {
            f.starts_with("kem theo")
                || f.starts_with("ban hanh kem theo")
                || f.starts_with("can cu")
                || f.contains("quyet dinh so")
                || f.starts_with("nguon")
        })
        .map(|t| {
            t.trim_start_matches('(')
                .trim_end_matches(')')
                .trim()
                .to_owned()
        });
        let first_year = meta
            .first_year
            .or_else(|| plan_cols.iter().map(|(y, _)| *y).min())
            .or(target_col.map(|(y, _)| y))
            .ok_or_else(|| EditionImportError::NoYears {
                file: file.to_owned(),
            })?;
        let target_year = target_col
            .map(|(y, _)| y)
            .or_else(|| plan_cols.iter().map(|(y, _)| *y).max())
            .unwrap_or(first_year);
        let baseline_year = baseline_col.map_or(first_year - 1, |(y, _)| y);
        let id = match EditionMeta::text(&meta.id).or(sheet_id) {
            Some(id) => id,
            None => {
                let id = format!("kh-{first_year}");
                if store.catalogue().edition(&id).is_some() {
                    return Err(EditionImportError::DuplicateId { id });
                }
                self.notes
                    .push(format!("Tệp không ghi mã bộ chỉ tiêu; đặt mã «{id}»."));
                id
            }
        };
        check_id(&id)?;
        let years = if target_year > first_year {
            format!("{first_year}–{target_year}")
        } else {
            first_year.to_string()
        };
        let title = EditionMeta::text(&meta.title)
            .or(sheet_title)
            .unwrap_or_else(|| {
                self.notes
                    .push("Tệp không ghi tên bộ chỉ tiêu; đặt tên theo các năm áp dụng.".into());
                format!("Bộ chỉ tiêu {years}")
            });
        let source = EditionMeta::text(&meta.source)
            .or(sheet_source)
            .unwrap_or_else(|| {
                self.notes.push(
                    "Tệp không ghi văn bản ban hành bộ chỉ tiêu; nguồn ghi là tên tệp.".into(),
                );
                format!("Tệp «{file}»")
            });
        if plan_cols.is_empty() {
            self.notes.push(format!(
                "Tệp không có cột «Kế hoạch năm …»; các năm trước {target_year} không có kế hoạch."
            ));
        }

        // Applicability: the bodies column, or everyone.
        if !cols.contains_key(&Col::Bodies) {
            self.notes.push(
                "Tệp không có cột «Cơ quan, đơn vị thực hiện, phối hợp»: mọi bộ, ngành và địa phương báo cáo mọi chỉ tiêu.".into(),
            );
            for i in items.iter_mut().filter(|i| i.kind.carries_figure()) {
                i.bodies = "Các bộ, ngành, địa phương".into();
            }
        }
        let edition = Edition {
            id,
            title,
            source,
            first_year,
            baseline_year,
            target_year,
            footnotes,
            items,
        };
        if let Some(col) = cols.get(&Col::Bodies).copied() {
            for (i, item) in edition
                .items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.kind.carries_figure())
            {
                let a = applicability::derive(&edition, item, store.registry());
                if !a.unresolved.is_empty() {
                    let r = codes.get(i).map_or(0, |(_, row)| row.row);
                    self.notes.push(format!(
                        "Ô {}!{}: chưa nhận ra «{}» trong danh mục đơn vị; chỉ tiêu {} chưa áp dụng cho đơn vị đó.",
                        sheet,
                        a1(r, col),
                        a.unresolved.join("; "),
                        item.code
                    ));
                }
            }
        }
        if !self.problems.is_empty() {
            // In the order of the sheet: row, then column.
            let key = |p: &Problem| {
                let letters: String = p
                    .cell
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                let row: u32 = p.cell[letters.len()..].parse().unwrap_or(0);
                (row, letters.len(), letters)
            };
            self.problems.sort_by_key(key);
            return Err(EditionImportError::Refused {
                file: file.to_owned(),
                problems: self.problems,
            });
        }
        // Structural checks shared with TOML editions (should already hold).
        edition.check(file).map_err(EditionImportError::Toml)?;
        Ok((edition, self.notes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A numbering of groups and indicators (up to 25 under a group, so
        /// 1.10 and 1.20 exist) typed with every code as a number, the way
        /// Excel keeps it, resolves back to the codes by position.
        #[test]
        fn a_numbering_typed_as_numbers_resolves_back(sizes in prop::collection::vec(1usize..25, 1..6)) {
            let mut codes = Vec::new();
            for (g, n) in sizes.iter().enumerate() {
                codes.push(format!("{}", g + 1));
                codes.extend((1..=*n).map(|i| format!("{}.{i}", g + 1)));
            }
            let mut prev: Option<String> = None;
            for code in &codes {
                let typed: f64 = code.parse().unwrap();
                let (got, _) = resolve_code(&n(typed), prev.as_deref()).unwrap();
                prop_assert_eq!(&got, code);
                prev = Some(got);
            }
        }
    }

    fn n(v: f64) -> Cell {
        Cell {
            value: Value::Number(v),
            percent: false,
            formula: None,
        }
    }

    #[test]
    fn codes_typed_as_numbers_resolve_by_position() {
        assert_eq!(
            resolve_code(&n(1.1), Some("1.9")).map(|c| c.0).as_deref(),
            Some("1.10")
        );
        assert_eq!(
            resolve_code(&n(1.1), Some("1")).map(|c| c.0).as_deref(),
            Some("1.1")
        );
        assert_eq!(
            resolve_code(&n(1.2), Some("1.1")).map(|c| c.0).as_deref(),
            Some("1.2")
        );
        assert_eq!(
            resolve_code(&n(2.0), Some("1.10")).map(|c| c.0).as_deref(),
            Some("2")
        );
        assert_eq!(
            resolve_code(&n(3.1), Some("3.9.2")).map(|c| c.0).as_deref(),
            Some("3.10")
        );
        assert_eq!(
            resolve_code(&n(5.7), Some("5.4")).map(|c| c.0).as_deref(),
            Some("5.7")
        );
    }
}

//! Reading a Phụ lục 01 form into a submission, without a store: the
//! bytes, the catalogue (with the editions the reader holds) and the
//! registry (with its user units) → what the file says: the unit, the
//! period, the edition its metadata names, the figures read with their
//! cells, and the file's own diagnostics (sheet- and row-level; the figures
//! are validated by whoever merges them: `preview` against a store,
//! `Submission::validate` on their own).
//!
//! `read` is what the receiving agency's consolidation uses; `preview`
//! (in `mod.rs`) reads through `read_with`, giving the edition of the
//! report it merges into.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::catalogue::{Catalogue, Edition, Item};
use crate::error::{Error, Result};
use crate::figure::Figure;
use crate::file::sha256_hex;
use crate::fold::{cached_word_set, similarity_of, word_set, WordSet};
use crate::form::meta::{Found, META_SHEET};
use crate::number::{format_vi, fraction_to_percent, parse_figure};
use crate::period::Period;
use crate::registry::{Registry, Unit};
use crate::sheet::grid::{self, Cell, Grid, Value};
use crate::sheet::scan::{self, a1};
use crate::sheet::SheetError;
use crate::validate::{Context, Diagnostic, Located, Rules};

use super::{merge, sheet_list, Hints, ImportError};
use crate::form::table::{
    code_candidates, data_rows, find_table, header_block, DataRow, HeaderBlock, Role, Table,
};

/// What a file says, read against one edition.
#[derive(Debug, Clone)]
pub struct Submission {
    pub file_name: String,
    pub sha256: String,
    /// The reporting unit, as it exists in the period.
    pub unit: Unit,
    pub period: Period,
    /// The edition the figures were read with.
    pub edition_id: String,
    /// The edition the file's metadata names (an export of chitieu), whether
    /// or not the reader holds it.
    pub named_edition: Option<String>,
    /// The sheet holding the form.
    pub sheet: String,
    /// The file is an unedited export of chitieu (its metadata's figures
    /// hash matches the figures in the cells).
    pub from_export: bool,
    /// chitieu's metadata in the file (empty for a file not exported by it).
    pub metadata: Found,
    pub figures: Vec<ReadFigure>,
    /// The file's diagnostics: about the file and its rows, not yet about
    /// the figures' values.
    pub diagnostics: Vec<Diagnostic>,
}

impl Submission {
    /// The figures as a report made of this file alone would hold them
    /// (a figure without a status is official), validated as such: what
    /// the receiving agency checks. The previous period is not compared.
    pub fn validate(&self, catalogue: &Catalogue, registry: &Registry) -> Result<Vec<Diagnostic>> {
        let edition = catalogue
            .edition(&self.edition_id)
            .ok_or_else(|| Error::UnknownEdition {
                id: self.edition_id.clone(),
            })?;
        let merged: BTreeMap<&str, (Figure, &str)> = self
            .figures
            .iter()
            .map(|r| {
                (
                    r.figure.indicator.as_str(),
                    (merge(None, &r.figure), r.cell.as_str()),
                )
            })
            .collect();
        let located: Vec<Located<'_>> = merged
            .values()
            .map(|(f, cell)| Located {
                figure: f,
                sheet: Some(self.sheet.as_str()),
                cell: Some(cell),
            })
            .collect();
        let ctx = Context {
            edition,
            registry,
            unit: &self.unit,
            period: self.period,
            previous: BTreeMap::new(),
        };
        Ok(crate::validate::validate(&ctx, &located))
    }
}

/// Reads a file's bytes (`file_name` names it in messages) against the
/// edition its metadata names when `catalogue` holds it, else the newest
/// edition covering the period's year (`Catalogue::edition_for_year`). A
/// file naming an edition the catalogue lacks is read with that best one
/// and says so (`edition-missing`, first of its diagnostics, in place of
/// `edited-after-export`: the export's figures hash cannot be checked).
pub fn read(
    catalogue: &Catalogue,
    registry: &Registry,
    file_name: &str,
    bytes: &[u8],
    hints: &Hints,
) -> Result<Submission> {
    let mut s = read_with(
        catalogue,
        registry,
        file_name,
        bytes,
        hints,
        |_, period, named| {
            named
                .and_then(|id| catalogue.edition(id))
                .or_else(|| catalogue.edition_for_year(period.year()))
                .map(|e| e.id.clone())
                .ok_or(Error::NoEdition {
                    year: period.year(),
                })
        },
    )?;
    if let Some(named) = s
        .named_edition
        .as_deref()
        .filter(|id| catalogue.edition(id).is_none())
    {
        let d = Rules::get().diagnostic(
            "edition-missing",
            None,
            &[
                ("edition", named.to_owned()),
                ("text", s.edition_id.clone()),
            ],
        );
        // Its figures hash cannot be checked without the edition: that says
        // why, not that the file was edited.
        s.diagnostics.retain(|d| d.code != "edited-after-export");
        s.diagnostics.insert(0, d);
    }
    Ok(s)
}

/// Reads a file's bytes with the edition `edition_of` chooses once the unit
/// and the period are known (given the edition the metadata names, if any).
pub fn read_with(
    catalogue: &Catalogue,
    registry: &Registry,
    file_name: &str,
    bytes: &[u8],
    hints: &Hints,
    edition_of: impl FnOnce(&Unit, Period, Option<&str>) -> Result<String>,
) -> Result<Submission> {
    let sha256 = sha256_hex(bytes);
    let (format, findings) = scan::scan(file_name, bytes)?;
    let grids = grid::read(file_name, bytes, format, &findings)?;
    let rules = Rules::get();
    let mut diags: Vec<Diagnostic> = Vec::new();

    // The form: the first visible sheet that holds a table.
    let found = grids
        .iter()
        .filter(|g| !g.hidden && g.name != META_SHEET)
        .find_map(|g| find_table(g).map(|t| (g, t)));
    let Some((grid, table)) = found else {
        // A sheet too large to read may have been the form: say so.
        if let Some((g, what)) = grids
            .iter()
            .filter(|g| !g.hidden)
            .find_map(|g| g.too_large.as_ref().map(|w| (g, w)))
        {
            return Err(SheetError::TooManyCells {
                file: file_name.to_owned(),
                sheet: g.name.clone(),
                what: what.clone(),
            }
            .into());
        }
        let names: Vec<&str> = grids
            .iter()
            .filter(|g| !g.hidden)
            .map(|g| g.name.as_str())
            .collect();
        return Err(ImportError::NoForm {
            file: file_name.to_owned(),
            sheets: sheet_list(&names),
        }
        .into());
    };
    let rows = data_rows(grid, &table);
    let meta = grids
        .iter()
        .find(|g| g.name == META_SHEET)
        .map(read_metadata)
        .unwrap_or_default();
    let named_edition = meta.edition().map(str::to_owned);

    // Unit and period: the export's metadata when its hash matches the
    // cells, else the header block, else the hints; conflicts refuse.
    let block = header_block(grid, &table);
    let mut from_export = false;
    let mut unit_in_file: Option<(String, String)> = None;
    let mut period_in_file: Option<(Period, String)> = None;
    if let (Some(u), Some(p)) = (meta.unit(), meta.period()) {
        let edition = meta.edition().and_then(|e| catalogue.edition(e));
        if let Some(edition) = edition {
            let read = read_figures(grid, &table, &rows, edition, &mut Vec::new());
            let figures: Vec<Figure> = read.iter().map(|r| r.figure.clone()).collect();
            if meta.figures_sha256() == Some(crate::form::meta::figures_hash(&figures).as_str()) {
                from_export = true;
                unit_in_file = Some((u.to_owned(), "metadata".into()));
                period_in_file = Some((p, "metadata".into()));
                let d = rules.diagnostic(
                    "exported-file",
                    None,
                    &[("text", meta.exported_at().unwrap_or_default().to_owned())],
                );
                diags.push(d);
            }
        }
        if !from_export {
            diags.push(rules.diagnostic("edited-after-export", None, &[]));
        }
    }
    if period_in_file.is_none() {
        period_in_file = find_period(file_name, grid, &table, &block)?;
    }
    let period = match (period_in_file, hints.period) {
        (Some((p, cell)), Some(h)) if p != h => {
            return Err(ImportError::PeriodConflict {
                file: file_name.to_owned(),
                in_file: p.label_vi(),
                cell,
                chosen: h.label_vi(),
            }
            .into())
        }
        (Some((p, _)), _) => p,
        (None, Some(h)) => h,
        (None, None) => {
            return Err(ImportError::NoPeriod {
                file: file_name.to_owned(),
            }
            .into())
        }
    };
    if unit_in_file.is_none() {
        if let Some((text, row, col)) = &block.unit {
            let cell = a1(*row, *col);
            let found = registry.find_by_name(text, period.reference_date());
            match found.as_slice() {
                [u] => unit_in_file = Some((u.code.clone(), cell)),
                [] if hints.unit.is_some() => {}
                [] => {
                    return Err(ImportError::UnknownUnit {
                        file: file_name.to_owned(),
                        text: text.clone(),
                        cell,
                        why: String::new(),
                    }
                    .into())
                }
                many => {
                    let names = many
                        .iter()
                        .map(|u| u.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(ImportError::UnknownUnit {
                        file: file_name.to_owned(),
                        text: text.clone(),
                        cell,
                        why: format!(" (khớp nhiều đơn vị: {names})"),
                    }
                    .into());
                }
            }
        }
    }
    let unit_code = match (unit_in_file, &hints.unit) {
        (Some((u, cell)), Some(h)) => {
            let chosen = registry.get(h).or_else(|| registry.get(&h.to_uppercase()));
            if chosen.map(|c| c.code.as_str()) != Some(u.as_str()) {
                let name = |code: &str| {
                    registry
                        .get(code)
                        .map_or(code.to_owned(), |x| format!("{} ({})", x.name, x.code))
                };
                return Err(ImportError::UnitConflict {
                    file: file_name.to_owned(),
                    in_file: name(&u),
                    cell,
                    chosen: name(h),
                }
                .into());
            }
            u
        }
        (Some((u, _)), None) => u,
        (None, Some(h)) => h.clone(),
        (None, None) => {
            return Err(ImportError::NoUnit {
                file: file_name.to_owned(),
            }
            .into())
        }
    };
    let unit = registry.for_period(&unit_code, period)?;
    let edition_id = edition_of(unit, period, named_edition.as_deref())?;
    let edition = catalogue
        .edition(&edition_id)
        .ok_or(Error::UnknownEdition { id: edition_id })?;
    check_edition(catalogue, file_name, edition, period, &rows)?;

    // Sheets beside the form too large to be read (data, lists): skipped.
    for g in grids.iter().filter(|g| g.name != META_SHEET) {
        if let Some(what) = &g.too_large {
            let d = rules.diagnostic(
                "sheet-skipped",
                None,
                &[("sheet", g.name.clone()), ("text", what.clone())],
            );
            diags.push(Diagnostic {
                sheet: Some(g.name.clone()),
                ..d
            });
        }
    }
    // Cells whose value the workbook does not hold: read as empty.
    for (row, col, why) in &grid.unreadable {
        let d = rules.diagnostic(
            "cell-unreadable",
            None,
            &[
                ("cell", a1(*row, *col)),
                ("sheet", grid.name.clone()),
                ("text", why.clone()),
            ],
        );
        diags.push(located(d, &grid.name, a1(*row, *col)));
    }
    for (col, text) in &table.extra {
        let d = rules.diagnostic(
            "extra-column",
            None,
            &[("column", column_letters(*col)), ("text", text.clone())],
        );
        diags.push(located(d, &grid.name, a1(table.header.0, *col)));
    }
    let figures = read_figures(grid, &table, &rows, edition, &mut diags);
    Ok(Submission {
        file_name: file_name.to_owned(),
        sha256,
        unit: unit.clone(),
        period,
        edition_id: edition.id.clone(),
        named_edition,
        sheet: grid.name.clone(),
        from_export,
        metadata: meta,
        figures,
        diagnostics: diags,
    })
}

pub(super) fn located(mut d: Diagnostic, sheet: &str, cell: String) -> Diagnostic {
    d.sheet = Some(sheet.to_owned());
    d.cell = Some(cell);
    d
}

pub(super) fn column_letters(col: u32) -> String {
    a1(0, col).trim_end_matches('1').to_owned()
}

/// Key/value rows of the metadata sheet.
fn read_metadata(grid: &Grid) -> Found {
    Found::from_rows(
        grid.rows()
            .into_iter()
            .map(|r| (grid.text(r, 0), grid.text(r, 1))),
    )
}

/// The period the file names: "Kỳ báo cáo: …", else the figure column's
/// header ("Số liệu Quý II/2024"), else a line of the header block, else the
/// sheet's name.
fn find_period(
    file: &str,
    grid: &Grid,
    table: &Table,
    block: &HeaderBlock,
) -> Result<Option<(Period, String)>> {
    if let Some((text, row, col)) = &block.period {
        let cell = a1(*row, *col);
        return match Period::find_in_text(text) {
            Some(p) => Ok(Some((p, cell))),
            None if text.trim().is_empty() => Ok(None),
            None => Err(ImportError::UnknownPeriod {
                file: file.to_owned(),
                text: text.clone(),
                cell,
            }
            .into()),
        };
    }
    if let Some(p) = Period::find_in_text(&table.figure_header) {
        let col = table.col(Role::Figure).unwrap_or(0);
        return Ok(Some((p, a1(table.header.0, col))));
    }
    for (text, row, col) in &block.lines {
        if let Some(p) = Period::find_in_text(text) {
            return Ok(Some((p, a1(*row, *col))));
        }
    }
    Ok(Period::find_in_text(&grid.name).map(|p| (p, format!("tên trang «{}»", grid.name))))
}

/// Refuses a file whose rows match another edition's names much better than
/// the report's edition.
fn check_edition(
    catalogue: &Catalogue,
    file: &str,
    edition: &Edition,
    period: Period,
    rows: &[DataRow],
) -> Result<()> {
    let named: Vec<(Vec<String>, WordSet)> = rows
        .iter()
        .filter(|r| !r.name.is_empty())
        .map(|r| (code_candidates(r.code.as_ref()), word_set(&r.name)))
        .collect();
    let score = |e: &Edition| -> usize {
        named
            .iter()
            .filter(|(codes, words)| {
                codes
                    .iter()
                    .filter_map(|c| e.item(c))
                    .any(|i| similarity_of(words, &cached_word_set(&i.name)) >= 0.6)
            })
            .count()
    };
    let own = score(edition);
    for other in catalogue.editions().iter().filter(|e| e.id != edition.id) {
        let theirs = score(other);
        if theirs >= 3 && theirs > own * 2 {
            return Err(ImportError::OtherEdition {
                file: file.to_owned(),
                found: format!("{} ({})", other.title, other.id),
                expected: format!("{} ({})", edition.title, edition.id),
                year: period.year(),
            }
            .into());
        }
    }
    Ok(())
}

/// A figure read from a row, with its cell.
#[derive(Debug, Clone)]
pub struct ReadFigure {
    pub figure: Figure,
    /// The figure cell (A1), or the code cell when the form has no figure column.
    pub cell: String,
}

/// Resolves rows to indicators and reads their figures, adding the
/// row-level diagnostics to `diags`.
fn read_figures(
    grid: &Grid,
    table: &Table,
    rows: &[DataRow],
    edition: &Edition,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ReadFigure> {
    let rules = Rules::get();
    let sheet = grid.name.as_str();
    let item_words: Vec<(&Item, Arc<WordSet>)> = edition
        .items
        .iter()
        .map(|i| (i, cached_word_set(&i.name)))
        .collect();
    let figure_col = table.col(Role::Figure);
    let code_col = table.col(Role::Code).unwrap_or(0);
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for row in rows {
        let code_cell = a1(row.row, code_col);
        let cell = figure_col.map_or_else(|| code_cell.clone(), |c| a1(row.row, c));
        let Some(item) = resolve(row, edition, &item_words, &code_cell, sheet, diags) else {
            if row.has_content() {
                let typed = row
                    .code
                    .as_ref()
                    .map(Cell::text)
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| row.name.clone());
                let d = rules.diagnostic(
                    "unknown-indicator",
                    Some(typed.trim()),
                    &[("edition", edition.id.clone())],
                );
                diags.push(located(d, sheet, code_cell));
            }
            continue;
        };
        let figure_cell = row.cells.get(&Role::Figure);
        if !item.kind.carries_figure() {
            if let Some(c) = figure_cell.filter(|c| !c.is_empty()) {
                let args = [("kind", item.kind.to_string()), ("raw", c.text())];
                diags.push(located(
                    rules.diagnostic("figure-on-group-row", Some(&item.code), &args),
                    sheet,
                    cell,
                ));
            }
            continue;
        }
        if !row.has_content() {
            continue;
        }
        if let Some(first) = seen.get(&item.code) {
            let d = rules.diagnostic(
                "duplicate-indicator",
                Some(&item.code),
                &[("cell", cell.clone()), ("other_cell", first.clone())],
            );
            diags.push(located(d, sheet, cell));
            continue;
        }
        seen.insert(item.code.clone(), cell.clone());
        let mut f = Figure::new(&item.code);
        if let Some(c) = figure_cell {
            let (raw, value) = figure_of(c);
            f.raw = raw;
            f.value = value;
            if let Some(formula) = &c.formula {
                let args = [
                    ("cell", cell.clone()),
                    ("text", formula.trim_start_matches('=').to_owned()),
                    ("raw", f.raw.clone()),
                ];
                diags.push(located(
                    rules.diagnostic("formula-value", Some(&item.code), &args),
                    sheet,
                    cell.clone(),
                ));
            }
        }
        if let Some(c) = row.cells.get(&Role::Status) {
            f.set_typed_status(&c.text());
        }
        let text = |role: Role| row.cells.get(&role).map(Cell::text).unwrap_or_default();
        f.source = text(Role::Source);
        f.trend = text(Role::Trend);
        f.comparison = text(Role::Comparison);
        f.proposals = text(Role::Proposals);
        f.notes = text(Role::Notes);
        out.push(ReadFigure { figure: f, cell });
    }
    out
}

/// The raw text and value of a figure cell. A number in a percentage format
/// holds a fraction (0.8697 shows 86.97 %).
fn figure_of(c: &Cell) -> (String, Option<f64>) {
    match &c.value {
        Value::Number(v) if c.percent => {
            let p = fraction_to_percent(*v);
            (format!("{}%", format_vi(p)), Some(p))
        }
        Value::Number(v) => (format_vi(*v), Some(crate::number::shown(*v))),
        Value::Text(t) => (t.clone(), parse_figure(t).ok().flatten()),
        Value::Empty => (String::new(), None),
        // Dates, error values and booleans are kept as typed; validation
        // says why they are not figures.
        _ => (c.text(), None),
    }
}

/// The catalogue item a row is about: by its code, cross-checked with its
/// name; a code typed as a number is resolved by the name. `item_words` are
/// the edition's names as word sets, computed once per file.
fn resolve<'e>(
    row: &DataRow,
    edition: &'e Edition,
    item_words: &[(&'e Item, Arc<WordSet>)],
    cell: &str,
    sheet: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'e Item> {
    let rules = Rules::get();
    let candidates: Vec<&Item> = code_candidates(row.code.as_ref())
        .iter()
        .filter_map(|c| edition.item(c))
        .collect();
    let row_words = word_set(&row.name);
    let sim = |item: &Item| -> f64 {
        item_words
            .iter()
            .find(|(i, _)| i.code == item.code)
            .map_or(0.0, |(_, w)| similarity_of(&row_words, w))
    };
    let best_by_name = || -> Option<(&'e Item, f64)> {
        item_words
            .iter()
            .map(|(i, w)| (*i, similarity_of(&row_words, w)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    };
    let typed = row.code.as_ref().map(Cell::text).unwrap_or_default();
    let numeric = matches!(row.code.as_ref().map(|c| &c.value), Some(Value::Number(_)));
    match candidates.as_slice() {
        [] if row.code.is_none() && !row.name.is_empty() => {
            // No code at all: the name alone, when it is unmistakable.
            let (item, s) = best_by_name()?;
            (s >= 0.8).then(|| {
                let d = rules.diagnostic(
                    "resolved-by-name",
                    Some(&item.code),
                    &[("cell", cell.to_owned()), ("text", "trống".into())],
                );
                diags.push(located(d, sheet, cell.to_owned()));
                item
            })
        }
        [] => None,
        [only] => {
            if !row.name.is_empty() && sim(only) < 0.5 {
                if let Some((other, _)) =
                    best_by_name().filter(|(o, s)| o.code != only.code && *s >= 0.7)
                {
                    let args = [
                        ("cell", cell.to_owned()),
                        ("code", typed.trim().to_owned()),
                        ("text", row.name.clone()),
                        ("other", other.code.clone()),
                    ];
                    diags.push(located(
                        rules.diagnostic("code-name-mismatch", Some(&only.code), &args),
                        sheet,
                        cell.to_owned(),
                    ));
                }
            }
            Some(*only)
        }
        several => {
            // 3.1 typed as a number: "3.1" or "3.10"? The name decides.
            let best = several
                .iter()
                .copied()
                .max_by(|a, b| sim(a).total_cmp(&sim(b)))?;
            if numeric {
                let d = rules.diagnostic(
                    "resolved-by-name",
                    Some(&best.code),
                    &[("cell", cell.to_owned()), ("text", typed.trim().to_owned())],
                );
                diags.push(located(d, sheet, cell.to_owned()));
            }
            Some(best)
        }
    }
}

//! Import of Phụ lục 01 workbooks as people really fill them.
//!
//! `preview` reads a file and says what importing it would do, writing
//! nothing: the unit and period, every figure read (with its cell), the
//! change against what is stored (new / changed / unchanged / error) and the
//! diagnostics. `apply` stores a preview in one transaction, each changed
//! figure with a history row naming the file and its SHA-256.
//!
//! Two kinds of failure. Structural (not a spreadsheet, encrypted, a hostile
//! file, no Phụ lục 01 table, unknown or conflicting unit or period, codes of
//! another catalogue edition): the whole file is refused with one message
//! and nothing is stored. Cell-level: never refuses the file; good figures go
//! in, bad ones are kept as typed and flagged.
//!
//! An empty cell in a file never erases what is stored: importing can add
//! and change, not delete.

pub(crate) mod form;
pub(crate) mod grid;
pub mod scan;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

use crate::catalogue::{Edition, Item};
use crate::error::{Error, Result};
use crate::fold::{cached_word_set, similarity_of, word_set, WordSet};
use crate::number::{format_vi, fraction_to_percent, parse_figure};
use crate::period::Period;
use crate::report::{Figure, ReportRef, Status};
use crate::store::{sha256_hex, FigureWrite, Origin, Store, StoredFigure, WriteSummary};
use crate::validate::{Diagnostic, Rules, Severity};

pub use form::Role;
use form::{DataRow, Table};
use grid::{Cell, Grid, Value};
use scan::a1;

/// Why a whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("Tệp «{file}» quá lớn ({} MB) để là một biểu mẫu Phụ lục 01 (giới hạn {} MB).", bytes / 1_048_576, scan::MAX_FILE_BYTES / 1_048_576)]
    TooLarge { file: String, bytes: u64 },
    #[error("Tệp «{file}» không phải là bảng tính: {what}. Hãy chọn tệp Phụ lục 01 dạng Excel (.xlsx, .xlsm, .xls) hoặc LibreOffice (.ods), hoặc mở tệp bằng Excel rồi lưu lại dạng .xlsx.")]
    NotASpreadsheet { file: String, what: String },
    #[error("Tệp «{file}» được đặt mật khẩu nên không đọc được; hãy mở bằng Excel hoặc LibreOffice Calc, bỏ mật khẩu rồi lưu lại.")]
    Encrypted { file: String },
    #[error("Tệp «{file}» có phần «{part}» giải nén ra quá lớn so với một biểu mẫu (có thể là tệp độc hại), nên bị từ chối; hãy xin lại tệp từ người gửi.")]
    ZipBomb { file: String, part: String },
    #[error("Tệp «{file}»{}: {what}, nên tệp bị từ chối; hãy chép bảng Phụ lục 01 sang một tệp mới rồi nhập tệp đó.", if sheet.is_empty() { String::new() } else { format!(", trang «{sheet}»") })]
    TooManyCells {
        file: String,
        sheet: String,
        what: String,
    },
    #[error("Tệp «{file}» bị hỏng hoặc không đúng định dạng: {detail}. Hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại dạng .xlsx rồi nhập lại.")]
    Malformed { file: String, detail: String },
    #[error("Tệp «{file}» ở định dạng {format}, chưa được hỗ trợ; hãy mở bằng Excel hoặc LibreOffice Calc rồi lưu lại dạng .xlsx.")]
    Unsupported { file: String, format: String },
    #[error("Tệp «{file}» được lưu bằng {format}, một định dạng quá cũ nên không đọc được; hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại dạng .xlsx (Excel Workbook).")]
    TooOld { file: String, format: String },
    #[error("Không tìm thấy bảng Phụ lục 01 trong tệp «{file}» (đã xem các trang: {sheets}): cần một dòng tiêu đề có các cột «STT», «Chỉ tiêu» và «Số liệu kỳ báo cáo».")]
    NoForm { file: String, sheets: String },
    #[error("Tệp «{file}» không ghi rõ đơn vị báo cáo; hãy chọn đơn vị (tham số --unit).")]
    NoUnit { file: String },
    #[error("Không nhận ra đơn vị báo cáo «{text}» ghi ở ô {cell} của tệp «{file}»{why}; hãy ghi đúng tên đơn vị hoặc chọn đơn vị (tham số --unit).")]
    UnknownUnit {
        file: String,
        text: String,
        cell: String,
        why: String,
    },
    #[error(
        "Tệp «{file}» không ghi rõ kỳ báo cáo; hãy chọn kỳ (tham số --period, ví dụ 2024-Q2)."
    )]
    NoPeriod { file: String },
    #[error("Không hiểu kỳ báo cáo «{text}» ghi ở ô {cell} của tệp «{file}»; hãy ghi dạng «Quý II năm 2024» hoặc «Năm 2024», hoặc chọn kỳ (tham số --period).")]
    UnknownPeriod {
        file: String,
        text: String,
        cell: String,
    },
    #[error(
        "Tệp «{file}» là báo cáo của {in_file} (ô {cell}), nhưng đơn vị được chọn là {chosen}."
    )]
    UnitConflict {
        file: String,
        in_file: String,
        cell: String,
        chosen: String,
    },
    #[error("Tệp «{file}» là báo cáo kỳ {in_file} (ô {cell}), nhưng kỳ được chọn là {chosen}.")]
    PeriodConflict {
        file: String,
        in_file: String,
        cell: String,
        chosen: String,
    },
    #[error("Tệp «{file}» dùng bộ chỉ tiêu «{found}», nhưng báo cáo năm {year} dùng bộ chỉ tiêu «{expected}»; mã và tên chỉ tiêu không khớp nên tệp bị từ chối.")]
    OtherEdition {
        file: String,
        found: String,
        expected: String,
        year: i32,
    },
    #[error("Tệp «{file}» đã thay đổi kể từ khi xem trước; hãy xem trước lại.")]
    ChangedSincePreview { file: String },
}

impl ImportError {
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::TooLarge { .. } => "too_large",
            ImportError::NotASpreadsheet { .. } => "not_a_spreadsheet",
            ImportError::Encrypted { .. } => "encrypted",
            ImportError::ZipBomb { .. } => "zip_bomb",
            ImportError::TooManyCells { .. } => "too_many_cells",
            ImportError::Malformed { .. } => "malformed",
            ImportError::Unsupported { .. } | ImportError::TooOld { .. } => "unsupported_format",
            ImportError::NoForm { .. } => "no_form",
            ImportError::NoUnit { .. } | ImportError::UnknownUnit { .. } => "unknown_unit",
            ImportError::NoPeriod { .. } | ImportError::UnknownPeriod { .. } => "unknown_period",
            ImportError::UnitConflict { .. } => "unit_conflict",
            ImportError::PeriodConflict { .. } => "period_conflict",
            ImportError::OtherEdition { .. } => "other_edition",
            ImportError::ChangedSincePreview { .. } => "changed_since_preview",
        }
    }
}

/// What the person says about the file (CLI flags, the app's choice).
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub unit: Option<String>,
    pub period: Option<Period>,
}

/// How a figure of the file compares with what is stored.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    New,
    Changed,
    Unchanged,
    Error,
}

/// A figure read from the file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct ImportedFigure {
    /// As read from the file's cells.
    pub read: Figure,
    /// What would be stored (the stored figure updated with the file's
    /// non-empty cells).
    pub merged: Figure,
    /// What is stored now.
    pub stored: Option<Figure>,
    pub sheet: String,
    /// The figure cell (A1).
    pub cell: String,
    pub change: Change,
}

/// What importing a file would do.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub file_name: String,
    pub sha256: String,
    pub unit_code: String,
    pub unit_name: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub period: Period,
    pub edition_id: String,
    pub sheet: String,
    /// The file is an unedited export of this app (its metadata was trusted).
    pub from_export: bool,
    pub figures: Vec<ImportedFigure>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Preview {
    pub fn count(&self, change: Change) -> usize {
        self.figures.iter().filter(|f| f.change == change).count()
    }
}

/// The name of the hidden sheet holding an export's metadata.
pub const META_SHEET: &str = "chitieu";

/// Reads `path` and previews its import. Writes nothing.
pub fn preview(store: &Store, path: &Path, hints: &Hints) -> Result<Preview> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::IsADirectory, "directory"),
        ));
    }
    if meta.len() > scan::MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            file: file_name,
            bytes: meta.len(),
        }
        .into());
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    preview_bytes(store, &file_name, &bytes, hints)
}

/// Previews the import of a file's bytes (`file_name` names it in messages).
pub fn preview_bytes(
    store: &Store,
    file_name: &str,
    bytes: &[u8],
    hints: &Hints,
) -> Result<Preview> {
    let sha256 = sha256_hex(bytes);
    let (format, findings) = scan::scan(file_name, bytes)?;
    let grids = grid::read(file_name, bytes, format, &findings)?;
    let rules = Rules::get();
    let mut diags: Vec<Diagnostic> = Vec::new();

    // The form: the first visible sheet that holds a table.
    let found = grids
        .iter()
        .filter(|g| !g.hidden && g.name != META_SHEET)
        .find_map(|g| form::find_table(g).map(|t| (g, t)));
    let Some((grid, table)) = found else {
        // A sheet too large to read may have been the form: say so.
        if let Some((g, what)) = grids
            .iter()
            .filter(|g| !g.hidden)
            .find_map(|g| g.too_large.as_ref().map(|w| (g, w)))
        {
            return Err(ImportError::TooManyCells {
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
    let rows = form::data_rows(grid, &table);
    let meta = grids
        .iter()
        .find(|g| g.name == META_SHEET)
        .map(read_metadata)
        .unwrap_or_default();

    // Unit and period: the export's metadata when its hash matches the
    // cells, else the header block, else the hints; conflicts refuse.
    let block = form::header_block(grid, &table);
    let mut from_export = false;
    let mut unit_in_file: Option<(String, String)> = None;
    let mut period_in_file: Option<(Period, String)> = None;
    if let (Some(u), Some(p)) = (
        meta.get("unit"),
        meta.get("period").and_then(|p| p.parse::<Period>().ok()),
    ) {
        let edition = store
            .catalogue()
            .edition(meta.get("edition").map(String::as_str).unwrap_or(""));
        if let Some(edition) = edition {
            let read = read_figures(grid, &table, &rows, edition, &mut Vec::new());
            let figures: Vec<Figure> = read.iter().map(|r| r.figure.clone()).collect();
            if meta.get("figures_sha256") == Some(&crate::export::figures_hash(&figures)) {
                from_export = true;
                unit_in_file = Some((u.clone(), "metadata".into()));
                period_in_file = Some((p, "metadata".into()));
                let d = rules.diagnostic(
                    "exported-file",
                    None,
                    &[("text", meta.get("exported_at").cloned().unwrap_or_default())],
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
            let found = store.registry().find_by_name(text, period.reference_date());
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
            let chosen = store
                .registry()
                .get(h)
                .or_else(|| store.registry().get(&h.to_uppercase()));
            if chosen.map(|c| c.code.as_str()) != Some(u.as_str()) {
                let name = |code: &str| {
                    store
                        .registry()
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
    let report = store.report(&unit_code, period)?;
    let edition = store.edition(&report.edition_id)?;
    check_edition(store, file_name, edition, period, &rows)?;

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
    let read = read_figures(grid, &table, &rows, edition, &mut diags);

    // Merge with what is stored.
    let stored: HashMap<String, StoredFigure> = store
        .figures(&report)?
        .into_iter()
        .map(|s| (s.figure.indicator.clone(), s))
        .collect();
    let mut figures = Vec::new();
    for r in read {
        let old = stored.get(&r.figure.indicator).map(|s| s.figure.clone());
        let merged = merge(old.as_ref(), &r.figure);
        let change = match &old {
            Some(o) if o.same_content(&merged) => Change::Unchanged,
            None if merged.is_blank() => Change::Unchanged,
            Some(o) if !o.is_blank() => Change::Changed,
            _ => Change::New,
        };
        figures.push(ImportedFigure {
            read: r.figure,
            merged,
            stored: old,
            sheet: grid.name.clone(),
            cell: r.cell,
            change,
        });
    }

    // Validate the report as it would be after the import.
    let mut after: BTreeMap<String, StoredFigure> = stored.into_iter().collect();
    for f in &figures {
        after.insert(
            f.merged.indicator.clone(),
            StoredFigure {
                figure: f.merged.clone(),
                sheet: Some(f.sheet.clone()),
                cell: Some(f.cell.clone()),
                revision: 0,
                updated_at: String::new(),
            },
        );
    }
    let after: Vec<StoredFigure> = after.into_values().collect();
    let validation = crate::reporting::diagnostics_of(store, &report, &after)?;
    for f in figures.iter_mut() {
        let has_error = validation.iter().any(|d| {
            d.severity == Severity::Error
                && d.indicator.as_deref() == Some(f.merged.indicator.as_str())
        });
        if has_error && f.change != Change::Unchanged {
            f.change = Change::Error;
        }
    }
    diags.extend(validation);
    Ok(Preview {
        file_name: file_name.to_owned(),
        sha256,
        unit_code: report.unit.code.clone(),
        unit_name: report.unit.name.clone(),
        period,
        edition_id: edition.id.clone(),
        sheet: grid.name.clone(),
        from_export,
        figures,
        diagnostics: diags,
    })
}

/// Stores a preview: every new, changed or erroneous figure, in one
/// transaction, with a history row naming the file and its hash.
pub fn apply(store: &mut Store, preview: &Preview, now: OffsetDateTime) -> Result<WriteSummary> {
    let mut report: ReportRef = store.report(&preview.unit_code, preview.period)?;
    let writes: Vec<FigureWrite> = preview
        .figures
        .iter()
        .filter(|f| f.change != Change::Unchanged)
        .map(|f| FigureWrite {
            figure: f.merged.clone(),
            sheet: Some(f.sheet.clone()),
            cell: Some(f.cell.clone()),
        })
        .collect();
    let origin = Origin::Import {
        file_name: preview.file_name.clone(),
        sha256: preview.sha256.clone(),
    };
    store.write_figures(&mut report, &writes, &origin, now)
}

/// Previews `path` again and applies it if it is still the file previewed
/// (same SHA-256): the desktop app's "confirm".
pub fn confirm(
    store: &mut Store,
    path: &Path,
    hints: &Hints,
    sha256: &str,
    now: OffsetDateTime,
) -> Result<(Preview, WriteSummary)> {
    let p = preview(store, path, hints)?;
    if p.sha256 != sha256 {
        return Err(ImportError::ChangedSincePreview { file: p.file_name }.into());
    }
    let summary = apply(store, &p, now)?;
    Ok((p, summary))
}

/// The stored figure updated with what the file says: a non-empty cell
/// replaces the field, an empty one keeps it. A figure cell with a dash
/// ("-", "–", "—": no figure) clears the figure and its status, as typing it
/// does.
fn merge(old: Option<&Figure>, read: &Figure) -> Figure {
    let mut f = old.cloned().unwrap_or_else(|| Figure::new(&read.indicator));
    let dash = read.says_no_figure() && !read.raw.trim().is_empty();
    if dash {
        f.set_typed_value(&read.raw);
        f.status = None;
        f.status_raw.clear();
    } else if !read.says_no_figure() {
        f.raw = read.raw.clone();
        f.value = read.value;
    }
    if dash {
        // A status beside "no figure" says nothing.
    } else if read.status.is_some() || !read.status_raw.trim().is_empty() {
        f.status = read.status;
        f.status_raw = read.status_raw.clone();
    } else if f.status.is_none() && f.status_raw.is_empty() && f.value.is_some() {
        f.status = Some(Status::Official);
    }
    for (dst, src) in [
        (&mut f.source, &read.source),
        (&mut f.trend, &read.trend),
        (&mut f.comparison, &read.comparison),
        (&mut f.proposals, &read.proposals),
        (&mut f.notes, &read.notes),
    ] {
        if !src.trim().is_empty() {
            *dst = src.clone();
        }
    }
    f
}

/// Most sheet names a message lists.
const LISTED_SHEETS: usize = 5;

/// The names of sheets for a message: the first few, then how many more.
fn sheet_list(names: &[&str]) -> String {
    let mut out = names
        .iter()
        .take(LISTED_SHEETS)
        .map(|n| format!("«{}»", cut_name(n)))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED_SHEETS {
        out.push_str(&format!(
            " và {} trang tính khác",
            names.len() - LISTED_SHEETS
        ));
    }
    out
}

/// A sheet name as a message shows it: at most 40 characters (Excel allows
/// 31, other writers more).
fn cut_name(name: &str) -> String {
    match name.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &name[..at]),
        None => name.to_owned(),
    }
}

fn located(mut d: Diagnostic, sheet: &str, cell: String) -> Diagnostic {
    d.sheet = Some(sheet.to_owned());
    d.cell = Some(cell);
    d
}

fn column_letters(col: u32) -> String {
    a1(0, col).trim_end_matches('1').to_owned()
}

/// Key/value rows of the metadata sheet.
fn read_metadata(grid: &Grid) -> HashMap<String, String> {
    grid.rows()
        .into_iter()
        .filter_map(|r| {
            let k = grid.text(r, 0);
            let v = grid.text(r, 1);
            (!k.is_empty()).then(|| (k.trim().to_owned(), v))
        })
        .collect()
}

/// The period the file names: "Kỳ báo cáo: …", else the figure column's
/// header ("Số liệu Quý II/2024"), else a line of the header block, else the
/// sheet's name.
fn find_period(
    file: &str,
    grid: &Grid,
    table: &Table,
    block: &form::HeaderBlock,
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
    store: &Store,
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
    for other in store
        .catalogue()
        .editions()
        .iter()
        .filter(|e| e.id != edition.id)
    {
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

/// The codes a code cell may mean. A number may be a code Excel shortened:
/// 3.1 may be "3.1" or "3.10" (and 1.2 may be "1.20").
pub(crate) fn code_candidates(cell: Option<&Cell>) -> Vec<String> {
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
        Some(Value::Text(t)) => form::parse_code_text(t).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A figure read from a row, with its cell.
struct ReadFigure {
    figure: Figure,
    cell: String,
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

/// English words of the spreadsheet and zip libraries' messages.
const ENGLISH: [&str; 24] = [
    "error",
    "not",
    "found",
    "invalid",
    "missing",
    "expected",
    "unexpected",
    "unrecognized",
    "sector",
    "points",
    "past",
    "end",
    "file",
    "relationship",
    "range",
    "row",
    "component",
    "cannot",
    "failed",
    "the",
    "is",
    "of",
    "eof",
    "stream",
];

/// The property every refusal keeps (tested on every variant, on the
/// fixtures' refusals and on the fuzz harness's): a message opens with a
/// Vietnamese sentence and keeps any English to parentheses. Its first word
/// is Vietnamese (a letter outside ASCII), and outside «quoted names» and
/// (parentheses) no word is an English one of the libraries' messages.
pub fn opens_in_vietnamese(message: &str) -> Result<(), String> {
    let first = message.split_whitespace().next().unwrap_or("");
    if !first.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
        return Err(format!("does not open with a Vietnamese word: {message:?}"));
    }
    let mut outside = String::new();
    let (mut quoted, mut parens) = (0i32, 0i32);
    for c in message.chars() {
        match c {
            '«' => quoted += 1,
            '»' => quoted -= 1,
            '(' => parens += 1,
            ')' => parens -= 1,
            _ if quoted <= 0 && parens <= 0 => outside.push(c),
            _ => {}
        }
    }
    for word in outside
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if ENGLISH.contains(&word.to_lowercase().as_str()) {
            return Err(format!(
                "English word {word:?} outside parentheses: {message:?}"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each variant, with the details the code and the libraries put
    /// in them (the match fails to compile when a variant is added).
    fn every_variant() -> Vec<ImportError> {
        let f = || "PL01.xlsx".to_owned();
        let all = vec![
            ImportError::TooLarge {
                file: f(),
                bytes: 30 << 20,
            },
            ImportError::NotASpreadsheet {
                file: f(),
                what: "tệp văn bản (có thể là CSV)".into(),
            },
            ImportError::Encrypted { file: f() },
            ImportError::ZipBomb {
                file: f(),
                part: "xl/worksheets/sheet1.xml".into(),
            },
            ImportError::TooManyCells {
                file: f(),
                sheet: "Data".into(),
                what: "có ô ở vị trí ZZ1, xa hơn mọi ô một biểu mẫu Phụ lục 01 cần".into(),
            },
            grid::tests::reader_error_of(
                "PL01.xlsx",
                "Cfb error: Sector 12 points past end of file",
            ),
            grid::tests::reader_error_of("PL01.xlsx", "Relationship not found"),
            grid::tests::reader_error_of(
                "PL01.xlsx",
                "Range is missing the expected row component",
            ),
            ImportError::Unsupported {
                file: f(),
                format: "Excel nhị phân (.xlsb)".into(),
            },
            ImportError::TooOld {
                file: f(),
                format: "Excel 4.0".into(),
            },
            ImportError::NoForm {
                file: f(),
                sheets: sheet_list(&["Sheet1", "Data"]),
            },
            ImportError::NoUnit { file: f() },
            ImportError::UnknownUnit {
                file: f(),
                text: "UBND tỉnh X".into(),
                cell: "A3".into(),
                why: String::new(),
            },
            ImportError::NoPeriod { file: f() },
            ImportError::UnknownPeriod {
                file: f(),
                text: "Quarter 5".into(),
                cell: "A4".into(),
            },
            ImportError::UnitConflict {
                file: f(),
                in_file: "Tỉnh Thái Nguyên".into(),
                cell: "A3".into(),
                chosen: "Tỉnh Cao Bằng".into(),
            },
            ImportError::PeriodConflict {
                file: f(),
                in_file: "2024-Q2".into(),
                cell: "A4".into(),
                chosen: "2024-Q3".into(),
            },
            ImportError::OtherEdition {
                file: f(),
                found: "CPS 2022".into(),
                expected: "KH 2023".into(),
                year: 2024,
            },
            ImportError::ChangedSincePreview { file: f() },
        ];
        for e in &all {
            match e {
                ImportError::TooLarge { .. }
                | ImportError::NotASpreadsheet { .. }
                | ImportError::Encrypted { .. }
                | ImportError::ZipBomb { .. }
                | ImportError::TooManyCells { .. }
                | ImportError::Malformed { .. }
                | ImportError::Unsupported { .. }
                | ImportError::TooOld { .. }
                | ImportError::NoForm { .. }
                | ImportError::NoUnit { .. }
                | ImportError::UnknownUnit { .. }
                | ImportError::NoPeriod { .. }
                | ImportError::UnknownPeriod { .. }
                | ImportError::UnitConflict { .. }
                | ImportError::PeriodConflict { .. }
                | ImportError::OtherEdition { .. }
                | ImportError::ChangedSincePreview { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_message_opens_with_a_vietnamese_sentence() {
        let problems: Vec<String> = every_variant()
            .iter()
            .filter_map(|e| opens_in_vietnamese(&e.to_string()).err())
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        // The checker itself: the reader's text alone fails it.
        assert!(opens_in_vietnamese("Relationship not found").is_err());
        assert!(opens_in_vietnamese("Tệp «a.xlsx» bị hỏng: Relationship not found.").is_err());
        assert!(opens_in_vietnamese("Tệp «a.xlsx» bị hỏng (Relationship not found).").is_ok());
    }

    #[test]
    fn broken_files_are_explained_in_vietnamese() {
        let store = Store::open_in_memory(time::macros::datetime!(2024-07-03 08:30 UTC)).unwrap();
        let base = include_bytes!("../../../../tests/fixtures/import/base.xlsx");
        let legacy = include_bytes!("../../../../tests/fixtures/import/legacy.xls");
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("cut.xlsx", base[..base.len() / 2].to_vec()),
            ("cut.xls", legacy[..legacy.len() / 2].to_vec()),
            ("zeroed.xls", {
                let mut b = legacy.to_vec();
                b[0x30..0x50].fill(0xFF);
                b
            }),
            ("junk.xlsx", b"PK\x03\x04 this is not a zip".to_vec()),
            ("csv.xlsx", b"STT;Chi tieu\n1.1;85\n".to_vec()),
            ("empty.ods", Vec::new()),
        ];
        let mut problems = Vec::new();
        for (name, bytes) in cases {
            match preview_bytes(&store, name, &bytes, &Hints::default()) {
                Ok(_) => problems.push(format!("{name}: imported")),
                Err(e) => {
                    let m = e.to_string();
                    if let Err(p) = opens_in_vietnamese(&m) {
                        problems.push(format!("{name}: {p}"));
                    }
                    if !m.contains(name) {
                        problems.push(format!("{name}: the file is not named: {m}"));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_sheet_list_of_a_message_is_capped() {
        let names: Vec<String> = (1..=200)
            .map(|i| format!("Trang tính số {i} có tên khá dài"))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let list = sheet_list(&refs);
        assert!(list.ends_with("và 195 trang tính khác"), "{list}");
        let m = ImportError::NoForm {
            file: "PL01.xlsx".into(),
            sheets: list,
        }
        .to_string();
        assert!(
            m.chars().count() < 500,
            "{} characters: {m}",
            m.chars().count()
        );
        assert_eq!(sheet_list(&["A", "B"]), "«A», «B»");
        let long = "x".repeat(300);
        assert!(sheet_list(&[&long]).chars().count() < 50);
    }
}

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

pub mod read;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::figure::{Figure, ReportRef, Status};
use crate::period::Period;
use crate::sheet::limits::MAX_FILE_BYTES;
use crate::sheet::SheetError;
use crate::store::{FigureWrite, Origin, Store, StoredFigure, WriteSummary};
use crate::validate::{Diagnostic, Severity};

pub use crate::form::table::Role;
pub use read::{read, read_with, ReadFigure, Submission};

/// Why a whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The bytes are refused before any form is looked for.
    #[error(transparent)]
    Sheet(#[from] SheetError),
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
            ImportError::Sheet(e) => e.code(),
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
    if meta.len() > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge {
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
    let s = read_with(
        store.catalogue(),
        store.registry(),
        file_name,
        bytes,
        hints,
        |unit, period, _| store.report(&unit.code, period).map(|r| r.edition_id),
    )?;
    let report = store.report(&s.unit.code, s.period)?;
    let mut diags = s.diagnostics;
    // Merge with what is stored.
    let stored: HashMap<String, StoredFigure> = store
        .figures(&report)?
        .into_iter()
        .map(|s| (s.figure.indicator.clone(), s))
        .collect();
    let mut figures = Vec::new();
    for r in s.figures {
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
            sheet: s.sheet.clone(),
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
    let validation = crate::report::diagnostics_of(store, &report, &after)?;
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
        sha256: s.sha256,
        unit_code: report.unit.code.clone(),
        unit_name: report.unit.name.clone(),
        period: s.period,
        edition_id: s.edition_id,
        sheet: s.sheet,
        from_export: s.from_export,
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
pub(crate) fn merge(old: Option<&Figure>, read: &Figure) -> Figure {
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
pub(crate) fn sheet_list(names: &[&str]) -> String {
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
        let sheet = vec![
            SheetError::TooLarge {
                file: f(),
                bytes: 30 << 20,
            },
            SheetError::NotASpreadsheet {
                file: f(),
                what: "tệp văn bản (có thể là CSV)".into(),
            },
            SheetError::Encrypted { file: f() },
            SheetError::ZipBomb {
                file: f(),
                part: "xl/worksheets/sheet1.xml".into(),
            },
            SheetError::TooManyCells {
                file: f(),
                sheet: "Data".into(),
                what: "có ô ở vị trí ZZ1, xa hơn mọi ô một biểu mẫu Phụ lục 01 cần".into(),
            },
            crate::sheet::grid::tests::reader_error_of(
                "PL01.xlsx",
                "Cfb error: Sector 12 points past end of file",
            ),
            crate::sheet::grid::tests::reader_error_of("PL01.xlsx", "Relationship not found"),
            crate::sheet::grid::tests::reader_error_of(
                "PL01.xlsx",
                "Range is missing the expected row component",
            ),
            SheetError::Unsupported {
                file: f(),
                format: "Excel nhị phân (.xlsb)".into(),
            },
            SheetError::TooOld {
                file: f(),
                format: "Excel 4.0".into(),
            },
        ];
        let mut all: Vec<ImportError> = sheet.into_iter().map(ImportError::Sheet).collect();
        all.extend([
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
        ]);
        for e in &all {
            match e {
                ImportError::Sheet(
                    SheetError::TooLarge { .. }
                    | SheetError::NotASpreadsheet { .. }
                    | SheetError::Encrypted { .. }
                    | SheetError::ZipBomb { .. }
                    | SheetError::TooManyCells { .. }
                    | SheetError::Malformed { .. }
                    | SheetError::Unsupported { .. }
                    | SheetError::TooOld { .. },
                )
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

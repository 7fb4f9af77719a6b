//! New editions of the catalogue, loaded by the people who report.
//!
//! Each year the agency announces the year's indicators and plans with a
//! blank form laid out like Phụ lục 01. `preview` reads such a workbook
//! (.xlsx, .xls, .ods; `workbook.rs`) or a catalogue file in the TOML format
//! of `assets/catalogue` into an `Edition`, validates it (every problem with
//! its sheet and cell, in Vietnamese: a refused file changes nothing) and
//! says how it differs from the edition it follows (`diff.rs`). The table
//! ends at its last numbered row: notes and the signature block below it
//! are not errors, the notes are kept as footnotes (`rows.rs`); `apply` and
//! `confirm` store it. `moving.rs` moves a report to a newer edition.
//!
//! Which edition a new report uses is `Catalogue::edition_for_year`: the
//! newest whose years cover the report's year. A report keeps its edition
//! once it has figures (`Store::report`).

mod diff;
mod header;
mod moving;
mod rows;
mod workbook;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::catalogue::{Edition, EditionError};
use crate::error::Result;
use crate::file::sha256_hex;
use crate::sheet::limits::MAX_FILE_BYTES;
use crate::sheet::SheetError;
use crate::store::Store;

pub use diff::{diff, EditionDiff, FieldChange, ItemBrief};
pub use moving::{move_report, preview_move, EditionMove};

/// A problem of an edition file, with where it is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub sheet: String,
    /// A1 reference (`A12`), or empty when the problem is the sheet's.
    pub cell: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.sheet.is_empty(), self.cell.is_empty()) {
            (false, false) => write!(
                f,
                "trang «{}», ô {}: {}",
                self.sheet, self.cell, self.message
            ),
            (false, true) => write!(f, "trang «{}»: {}", self.sheet, self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl Problem {
    /// The problem as a finding of the file (for lists shared with the report importer).
    pub fn to_diagnostic(&self) -> crate::validate::Diagnostic {
        crate::validate::Diagnostic {
            severity: crate::validate::Severity::Error,
            code: "edition-problem".into(),
            indicator: None,
            sheet: (!self.sheet.is_empty()).then(|| self.sheet.clone()),
            cell: (!self.cell.is_empty()).then(|| self.cell.clone()),
            message: self.message.clone(),
        }
    }
}

fn first_problem(problems: &[Problem]) -> String {
    problems.first().map(Problem::to_string).unwrap_or_default()
}

/// Why an edition file is refused. Nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditionImportError {
    /// The bytes are not a workbook chitieu reads (the report importer's checks).
    #[error("{0}")]
    File(#[from] SheetError),
    #[error("Không tìm thấy bảng chỉ tiêu trong tệp «{file}» (đã xem các trang: {sheets}): cần một dòng tiêu đề có các cột «STT», «Chỉ tiêu» và «Kế hoạch năm …» hoặc «Mục tiêu …».")]
    NoTable { file: String, sheets: String },
    #[error("Tệp «{file}» không phải biểu mẫu bộ chỉ tiêu: {why}; hãy chọn tệp biểu mẫu do cơ quan chủ quản ban hành.")]
    NotAnEdition { file: String, why: String },
    #[error("Tệp «{file}» có {} lỗi nên bộ chỉ tiêu không được nạp (không có gì thay đổi); lỗi đầu tiên: {}.", problems.len(), first_problem(problems))]
    Refused {
        file: String,
        problems: Vec<Problem>,
    },
    #[error("Bộ chỉ tiêu không hợp lệ: {0}.")]
    Toml(EditionError),
    #[error("Tệp «{file}» không cho biết bộ chỉ tiêu áp dụng từ năm nào (không có cột «Kế hoạch năm …» hay «Mục tiêu …» ghi năm); hãy ghi năm áp dụng (tham số --first-year).")]
    NoYears { file: String },
    #[error("Đã có bộ chỉ tiêu mã «{id}»; hãy đặt mã khác cho bộ mới (tham số --id).")]
    DuplicateId { id: String },
    #[error("Mã bộ chỉ tiêu «{id}» không dùng được: chỉ được gồm chữ không dấu, số và dấu - (ví dụ kh-2026).")]
    BadId { id: String },
    #[error("Tệp «{file}» đã thay đổi kể từ khi xem trước; hãy xem trước lại.")]
    ChangedSincePreview { file: String },
    #[error("Bộ chỉ tiêu «{to}» không có kế hoạch cho năm {year}, nên không chuyển báo cáo sang bộ đó được.")]
    NotForYear { to: String, year: i32 },
    #[error("Báo cáo đang dùng bộ chỉ tiêu «{from}», mới hơn hoặc bằng «{to}»; chỉ chuyển được sang bộ mới hơn.")]
    NotNewer { from: String, to: String },
}

impl EditionImportError {
    pub fn code(&self) -> &'static str {
        match self {
            EditionImportError::File(e) => e.code(),
            EditionImportError::NoTable { .. } => "no_edition_table",
            EditionImportError::NotAnEdition { .. } => "not_an_edition",
            EditionImportError::Refused { .. } => "edition_refused",
            EditionImportError::Toml(_) => "bad_edition",
            EditionImportError::NoYears { .. } => "edition_no_years",
            EditionImportError::DuplicateId { .. } => "duplicate_edition",
            EditionImportError::BadId { .. } => "bad_edition_id",
            EditionImportError::ChangedSincePreview { .. } => "changed_since_preview",
            EditionImportError::NotForYear { .. } => "edition_not_for_year",
            EditionImportError::NotNewer { .. } => "edition_not_newer",
        }
    }

    /// Every problem, for a list (one for errors that are a single sentence).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            EditionImportError::Refused { problems, .. } => problems.clone(),
            other => vec![Problem {
                sheet: String::new(),
                cell: String::new(),
                message: other.to_string(),
            }],
        }
    }
}

/// What the person says about the edition when the file does not (CLI
/// flags, the app's form). Given values win over the sheet's header.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EditionMeta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub first_year: Option<i32>,
}

impl EditionMeta {
    /// A given text, trimmed; `None` when blank.
    fn text(v: &Option<String>) -> Option<String> {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    }
}

/// An edition as the «Bộ chỉ tiêu» screen and `catalogue --editions` list it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionSummary {
    pub id: String,
    pub title: String,
    pub source: String,
    pub first_year: i32,
    pub last_year: i32,
    /// "2023–2025".
    pub years: String,
    pub baseline_year: i32,
    pub plan_years: Vec<i32>,
    pub target_year: i32,
    /// Indicators that carry a figure.
    pub items: usize,
    /// "embedded" (shipped with the app), "imported", or "new" (a preview).
    pub origin: String,
    pub loaded_at: Option<String>,
}

impl EditionSummary {
    pub fn of(e: &Edition, origin: &str, loaded_at: Option<String>) -> EditionSummary {
        EditionSummary {
            id: e.id.clone(),
            title: e.title.clone(),
            source: e.source.clone(),
            first_year: e.first_year,
            last_year: e.last_year(),
            years: e.years_label(),
            baseline_year: e.baseline_year,
            plan_years: e.plan_years(),
            target_year: e.target_year,
            items: e.indicators().count(),
            origin: origin.to_owned(),
            loaded_at,
        }
    }
}

/// The editions held, oldest first.
pub fn summaries(store: &Store) -> Result<Vec<EditionSummary>> {
    let held: HashMap<String, (String, String)> = store.edition_origins()?;
    Ok(store
        .catalogue()
        .editions()
        .iter()
        .map(|e| {
            let (origin, at) = held
                .get(&e.id)
                .cloned()
                .unwrap_or_else(|| ("embedded".into(), String::new()));
            EditionSummary::of(e, &origin, (!at.is_empty()).then_some(at))
        })
        .collect())
}

/// One row of an edition as the «Bộ chỉ tiêu» screen shows it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionRow {
    pub code: String,
    pub name: String,
    pub kind: crate::catalogue::Kind,
    pub unit: String,
    pub depth: usize,
    pub baseline: String,
    /// Plans by year, as written, in the order of `EditionSummary::plan_years`.
    pub plans: Vec<String>,
    pub target: String,
    pub legal_basis: String,
    pub tracking: String,
    pub bodies: String,
    /// Who reports it, in words ("Các bộ, ngành; các địa phương"); empty for groups.
    pub applies_to: String,
}

/// The rows of edition `id`.
pub fn rows(store: &Store, id: &str) -> Result<Vec<EditionRow>> {
    let e = store.edition(id)?;
    let years = e.plan_years();
    let text = |t: Option<&crate::catalogue::Target>| t.map(|t| t.text.clone()).unwrap_or_default();
    Ok(e.items
        .iter()
        .map(|i| EditionRow {
            code: i.code.clone(),
            name: i.name.clone(),
            kind: i.kind,
            unit: i.unit.clone(),
            depth: i.code.matches('.').count(),
            baseline: text(i.baseline.as_ref()),
            plans: years
                .iter()
                .map(|y| text(i.plans.get(&y.to_string())))
                .collect(),
            target: text(i.target.as_ref()),
            legal_basis: i.legal_basis.clone(),
            tracking: i.tracking.clone(),
            bodies: i.bodies.clone(),
            applies_to: if i.kind.carries_figure() {
                diff::applies_to(e, i, store.registry())
            } else {
                String::new()
            },
        })
        .collect())
}

/// What loading a file would add.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct EditionPreview {
    pub file_name: String,
    pub sha256: String,
    pub edition: EditionSummary,
    /// What the person must know (a column missing and what was assumed,
    /// names not found in the registry).
    pub notes: Vec<String>,
    /// The edition's footnotes and the notes under its table, as printed
    /// («Ghi chú: …», «¹ …»).
    pub footnotes: Vec<String>,
    pub diff: EditionDiff,
    /// The edition read, stored by `apply`.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub data: Edition,
}

/// Reads an edition file (workbook or TOML) and previews loading it. Writes nothing.
pub fn preview(store: &Store, path: &Path, meta: &EditionMeta) -> Result<EditionPreview> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let len = std::fs::metadata(path)
        .map_err(|e| crate::Error::io(path, e))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(EditionImportError::File(SheetError::TooLarge {
            file: file_name,
            bytes: len,
        })
        .into());
    }
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
    preview_bytes(store, &file_name, &bytes, meta)
}

/// `preview` of a file's bytes (`file_name` names it in messages).
pub fn preview_bytes(
    store: &Store,
    file_name: &str,
    bytes: &[u8],
    meta: &EditionMeta,
) -> Result<EditionPreview> {
    let (edition, mut notes) = if file_name.to_lowercase().ends_with(".toml") {
        from_toml(file_name, bytes, meta)?
    } else {
        workbook::read(file_name, bytes, meta, store)?
    };
    if store.catalogue().edition(&edition.id).is_some() {
        return Err(EditionImportError::DuplicateId { id: edition.id }.into());
    }
    let base = store.catalogue().predecessor_of(&edition);
    if let Some(b) = base.filter(|b| b.first_year == edition.first_year) {
        notes.push(format!(
            "Bộ chỉ tiêu «{}» cũng áp dụng từ năm {}; báo cáo mới của các năm bộ mới bao gồm sẽ dùng bộ mới.",
            b.id, b.first_year
        ));
    }
    let diff = diff::diff(base, &edition, store.registry());
    Ok(EditionPreview {
        file_name: file_name.to_owned(),
        sha256: sha256_hex(bytes),
        edition: EditionSummary::of(&edition, "new", None),
        notes,
        footnotes: edition.footnotes.iter().map(rows::note_text).collect(),
        diff,
        data: edition,
    })
}

fn from_toml(
    file_name: &str,
    bytes: &[u8],
    meta: &EditionMeta,
) -> Result<(Edition, Vec<String>), EditionImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        EditionImportError::Toml(EditionError::Syntax {
            file: file_name.to_owned(),
            why: "tệp không phải văn bản UTF-8".into(),
        })
    })?;
    let mut edition = Edition::from_toml(file_name, text).map_err(EditionImportError::Toml)?;
    if let Some(id) = EditionMeta::text(&meta.id) {
        edition.id = id;
    }
    if let Some(t) = EditionMeta::text(&meta.title) {
        edition.title = t;
    }
    if let Some(s) = EditionMeta::text(&meta.source) {
        edition.source = s;
    }
    if let Some(y) = meta.first_year {
        edition.first_year = y;
    }
    check_id(&edition.id)?;
    edition.check(file_name).map_err(EditionImportError::Toml)?;
    Ok((edition, Vec::new()))
}

fn check_id(id: &str) -> Result<(), EditionImportError> {
    if id.is_empty() || id.len() > 40 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(EditionImportError::BadId { id: id.to_owned() });
    }
    Ok(())
}

/// Stores a previewed edition. Reports made under other editions are untouched.
pub fn apply(
    store: &mut Store,
    preview: &EditionPreview,
    now: OffsetDateTime,
) -> Result<EditionSummary> {
    store.import_edition(&preview.data, now)?;
    Ok(EditionSummary::of(
        &preview.data,
        "imported",
        Some(crate::period::timestamp(now)),
    ))
}

/// Previews `path` again and stores it if it is still the file previewed
/// (same SHA-256): the app's "confirm".
pub fn confirm(
    store: &mut Store,
    path: &Path,
    meta: &EditionMeta,
    sha256: &str,
    now: OffsetDateTime,
) -> Result<EditionSummary> {
    let p = preview(store, path, meta)?;
    if p.sha256 != sha256 {
        return Err(EditionImportError::ChangedSincePreview { file: p.file_name }.into());
    }
    apply(store, &p, now)
}

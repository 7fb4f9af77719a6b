//! Finding the units' files and reading them, in parallel, through the
//! importer's `import::read` (what a file says, without a store).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use time::{OffsetDateTime, UtcOffset};

use super::{ConsolidateError, Options};
use crate::catalogue::Catalogue;
use crate::error::Error;
use crate::figure::{Figure, Status};
use crate::file::sha256_hex;
use crate::import::{self, Hints, Submission};
use crate::period::Period;
use crate::registry::Registry;
use crate::sheet::limits::MAX_FILE_BYTES;
use crate::sheet::SheetError;
use crate::validate::{Diagnostic, Severity};

/// Extensions of the files a unit sends.
const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// Folders deeper than this are not searched (a link loop, a mistake).
const MAX_DEPTH: usize = 16;

/// The spreadsheets and PDFs under the paths given, and how many other
/// files were passed over.
#[derive(Debug, Default)]
pub struct FoundFiles {
    pub files: Vec<PathBuf>,
    /// PDFs: the units' signed forms, paired with their spreadsheets
    /// (`signed.rs`).
    pub pdfs: Vec<PathBuf>,
    /// Files that are neither spreadsheets nor PDFs (or Office lock files),
    /// not read.
    pub ignored: usize,
}

/// Walks files and folders (recursively, symbolic links to folders not
/// followed), in name order so that runs are reproducible.
pub fn find_files(paths: &[PathBuf]) -> FoundFiles {
    let mut out = FoundFiles::default();
    for p in paths {
        walk(p, 0, &mut out);
    }
    out.files.sort();
    out.files.dedup();
    out.pdfs.sort();
    out.pdfs.dedup();
    out
}

fn walk(path: &Path, depth: usize, out: &mut FoundFiles) {
    let Ok(meta) = std::fs::metadata(path) else {
        out.ignored += 1;
        return;
    };
    if meta.is_dir() {
        let is_link = std::fs::symlink_metadata(path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        if depth >= MAX_DEPTH || (depth > 0 && is_link) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children {
            walk(&c, depth + 1, out);
        }
        return;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    // "~$báo cáo.xlsx" and ".~lock.báo cáo.xlsx#" are Office's lock files.
    let lock = name.starts_with("~$") || name.starts_with(".~lock");
    if meta.is_file() && EXTENSIONS.contains(&ext.as_str()) && !lock {
        out.files.push(path.to_owned());
    } else if meta.is_file() && ext == "pdf" && !lock {
        out.pdfs.push(path.to_owned());
    } else {
        out.ignored += 1;
    }
}

/// A figure as the file gives it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReceivedFigure {
    pub indicator: String,
    pub value: Option<f64>,
    pub raw: String,
    pub status: Option<Status>,
    /// The first error validation finds in it (a share of 135): such a
    /// figure is left out of the statistics.
    pub error: Option<String>,
}

/// chitieu's metadata in an exported workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportMeta {
    pub exported_at: String,
    pub figures_sha256: String,
    /// The figures no longer match the hash the export wrote.
    pub edited_after_export: bool,
}

/// What a usable file holds.
#[derive(Debug, Clone)]
pub struct Content {
    pub unit_code: String,
    pub period: Period,
    pub edition_id: String,
    pub figures: Vec<ReceivedFigure>,
    /// Error diagnostics of the file.
    pub errors: usize,
    pub figures_sha256: String,
    pub export: Option<ExportMeta>,
    /// What the receiver must know to read the file fully: it names an
    /// edition this machine lacks (`edition-missing`) and was read with the
    /// best one available.
    pub notice: Option<String>,
}

/// What became of a file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The same bytes were read (and usable) in an earlier run.
    Known,
    Read(Content),
    /// Not usable; the unit and period when the file names them (a unit
    /// that did not exist in the period).
    Rejected {
        code: String,
        /// Vietnamese, without a library's text.
        message: String,
        /// The library's text, when there is one (shown collapsed).
        detail: Option<String>,
        unit_code: Option<String>,
        period: Option<Period>,
    },
}

/// One file of the run.
#[derive(Debug, Clone)]
pub struct FileRead {
    pub path: String,
    pub file_name: String,
    /// `None` when the file could not be read at all.
    pub sha256: Option<String>,
    pub modified_at: Option<OffsetDateTime>,
    pub size: u64,
    pub outcome: Outcome,
}

/// Reads every file on `opts.workers` threads through `import::read`,
/// against the receiver's catalogue (the built-in editions and those it
/// loaded) and registry (with its user-defined units): nothing is stored, so
/// what is read is the file's figures and nothing else. A worker holds one
/// file's bytes and one submission at a time.
pub fn read_all(
    files: &[PathBuf],
    opts: &Options<'_>,
    catalogue: &Catalogue,
    registry: &Registry,
    known: &HashSet<String>,
) -> Result<Vec<FileRead>, ConsolidateError> {
    let (offset, progress, cancel) = (opts.offset, opts.progress, opts.cancel);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, FileRead)>> = Mutex::new(Vec::with_capacity(files.len()));
    let workers = opts.workers.clamp(1, 16).min(files.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                    return;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { return };
                let r = read_one(catalogue, registry, path, offset, known);
                if let Ok(mut v) = results.lock() {
                    v.push((i, r));
                }
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(d, files.len());
            });
        }
    });
    if opts.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        return Err(ConsolidateError::Cancelled);
    }
    let mut v = results.into_inner().unwrap_or_default();
    v.sort_by_key(|(i, _)| *i);
    Ok(v.into_iter().map(|(_, r)| r).collect())
}

/// A file read, with its figures validated as a report of its own.
fn read_validated(
    catalogue: &Catalogue,
    registry: &Registry,
    file_name: &str,
    bytes: &[u8],
) -> Result<(Submission, Vec<Diagnostic>), Error> {
    let s = import::read(catalogue, registry, file_name, bytes, &Hints::default())?;
    let mut diagnostics = s.diagnostics.clone();
    diagnostics.extend(s.validate(catalogue, registry)?);
    Ok((s, diagnostics))
}

fn read_one(
    catalogue: &Catalogue,
    registry: &Registry,
    path: &Path,
    offset: UtcOffset,
    known: &HashSet<String>,
) -> FileRead {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut out = FileRead {
        path: path.display().to_string(),
        file_name: file_name.clone(),
        sha256: None,
        modified_at: None,
        size: 0,
        outcome: Outcome::Known,
    };
    let rejected = |e: &Error| {
        let (message, detail) = super::message::plain(e);
        Outcome::Rejected {
            code: e.code().to_owned(),
            message,
            detail,
            unit_code: None,
            period: None,
        }
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            out.outcome = rejected(&Error::io(path, e));
            return out;
        }
    };
    out.size = meta.len();
    // Whole seconds: what a file manager shows, and what a person can check.
    out.modified_at = meta
        .modified()
        .ok()
        .map(|t| OffsetDateTime::from(t).to_offset(offset))
        .and_then(|t| t.replace_nanosecond(0).ok());
    if meta.len() > MAX_FILE_BYTES {
        out.outcome = rejected(
            &SheetError::TooLarge {
                file: file_name,
                bytes: meta.len(),
            }
            .into(),
        );
        return out;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.outcome = rejected(&Error::io(path, e));
            return out;
        }
    };
    let sha = sha256_hex(&bytes);
    out.sha256 = Some(sha.clone());
    if known.contains(&sha) {
        return out;
    }
    out.outcome = match read_validated(catalogue, registry, &file_name, &bytes) {
        Ok((s, diagnostics)) => {
            let first_error = |code: &str| {
                diagnostics
                    .iter()
                    .find(|d| d.severity == Severity::Error && d.indicator.as_deref() == Some(code))
                    .map(|d| d.message.clone())
            };
            let figures: Vec<ReceivedFigure> = s
                .figures
                .iter()
                .map(|f| ReceivedFigure {
                    indicator: f.figure.indicator.clone(),
                    value: f.figure.value,
                    raw: f.figure.raw.clone(),
                    status: f.figure.status,
                    error: first_error(&f.figure.indicator),
                })
                .collect();
            let read: Vec<Figure> = s.figures.iter().map(|f| f.figure.clone()).collect();
            let figures_sha256 = crate::form::meta::figures_hash(&read);
            let export = s.metadata.export_stamp().map(|(at, hash)| ExportMeta {
                edited_after_export: !s.from_export || hash != figures_sha256,
                exported_at: at,
                figures_sha256: hash,
            });
            Outcome::Read(Content {
                unit_code: s.unit.code.clone(),
                period: s.period,
                edition_id: s.edition_id.clone(),
                figures,
                errors: diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count(),
                figures_sha256,
                export,
                notice: diagnostics
                    .iter()
                    .find(|d| d.code == "edition-missing")
                    .map(|d| d.message.clone()),
            })
        }
        // A unit that did not exist in the period its file names (Tỉnh Hà
        // Giang for 2025-Q3): not usable, but it says who sent it.
        Err(e @ (Error::UnitEnded { .. } | Error::UnitNotYet { .. })) => {
            let (name, period) = match &e {
                Error::UnitEnded { name, period, .. } | Error::UnitNotYet { name, period, .. } => {
                    (name.clone(), period.clone())
                }
                _ => (String::new(), String::new()),
            };
            let unit_code = registry
                .units()
                .iter()
                .find(|u| u.name == name)
                .map(|u| u.code.clone());
            Outcome::Rejected {
                code: e.code().to_owned(),
                message: format!("Tệp «{file_name}»: {e}"),
                detail: None,
                unit_code,
                period: period.parse().ok(),
            }
        }
        Err(e) => {
            let (message, detail) = super::message::plain(&e);
            // Every importer message names the file; an error that does not
            // (the database, an unknown edition) gets its name in front.
            let message = if message.contains(&file_name) {
                message
            } else {
                format!("Tệp «{file_name}»: {message}")
            };
            Outcome::Rejected {
                code: e.code().to_owned(),
                message,
                detail,
                unit_code: None,
                period: None,
            }
        }
    };
    out
}

//! Consolidation: the receiving agency reads every unit's file for a period,
//! sees who is missing or late, and gets the summary.
//!
//! - `read.rs` finds the spreadsheets under the paths given and reads them
//!   in parallel (`Options::workers` std threads, one file per worker at a
//!   time), each through the importer's reading a unit's own import uses
//!   (`import::read`: what the file says, no store), against the receiver's
//!   catalogue (its loaded editions included: a file is read with the
//!   edition its metadata names when the receiver has it, else the newest
//!   covering the period, and flagged when it names one the receiver lacks)
//!   and registry (its user-defined units included);
//! - `db.rs` keeps what was received in a database of its own, beside the
//!   receiver's (`<db>.tonghop.db`): each file by its SHA-256 with every name
//!   and modification time it came under, its export metadata, its figures;
//!   one transaction per run; the same bytes again change nothing;
//! - `summary.rs` turns what is known for a period into the consolidation:
//!   one report per unit (latest revision stands), completeness and
//!   timeliness, statistics per indicator, outliers;
//! - `workbook.rs` writes the consolidated workbook.
//!
//! The clock and the time zone come in from the edges (`Options`).

mod db;
mod read;
mod stats;
mod summary;
mod workbook;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use time::{OffsetDateTime, UtcOffset};

use crate::period::Period;
use crate::store::Store;

pub use db::Received;
pub use read::{find_files, FoundFiles};
pub use summary::{
    Consolidation, IndicatorSummary, LeftOut, OtherPeriod, Outlier, Rejected, Revision, UnitLine,
    UnitStatus,
};
pub use workbook::{workbook_bytes, write_workbook, SHEETS};

/// Why a consolidation could not run at all (a bad file never stops it).
#[derive(Debug, thiserror::Error)]
pub enum ConsolidateError {
    #[error("Không tìm thấy «{}»; hãy kiểm tra lại đường dẫn tệp hoặc thư mục.", path.display())]
    NoSuchPath { path: PathBuf },
    #[error("Không mở được cơ sở dữ liệu tổng hợp «{}»: {detail}; hãy kiểm tra quyền ghi của thư mục hoặc xóa tệp này để tổng hợp lại từ các tệp.", path.display())]
    Database { path: PathBuf, detail: String },
    #[error("Tệp «{}» không phải là cơ sở dữ liệu tổng hợp của chitieu nên không được sửa; hãy chọn tệp khác.", path.display())]
    NotOurDatabase { path: PathBuf },
    #[error("Không tạo được bảng tổng hợp Excel: {detail}.")]
    Workbook { detail: String },
    #[error("Đã dừng tổng hợp theo yêu cầu; chưa ghi gì.")]
    Cancelled,
    /// Writing the workbook (a full disk, a read-only folder), as `file.rs`
    /// explains it.
    #[error("{0}")]
    File(Box<crate::error::Error>),
}

impl ConsolidateError {
    pub fn code(&self) -> &'static str {
        match self {
            ConsolidateError::NoSuchPath { .. } => "no_such_path",
            ConsolidateError::Database { .. } => "consolidation_database",
            ConsolidateError::NotOurDatabase { .. } => "not_our_database",
            ConsolidateError::Workbook { .. } => "workbook",
            ConsolidateError::Cancelled => "cancelled",
            ConsolidateError::File(e) => e.code(),
        }
    }
}

/// How a consolidation runs; everything from the edges.
pub struct Options<'a> {
    pub period: Period,
    /// Files and folders (folders are searched recursively).
    pub paths: Vec<PathBuf>,
    /// The receiver's own database: its catalogue (built-in and loaded
    /// editions) and registry (with its user-defined units) read the files,
    /// and the consolidation database lives beside it.
    pub store: &'a Store,
    /// The consolidation database (`database_beside(store path)` by default).
    pub database: PathBuf,
    pub now: OffsetDateTime,
    /// The civil time zone of deadlines (Vietnam, UTC+7).
    pub offset: UtcOffset,
    /// Worker threads reading files (at least 1).
    pub workers: usize,
    /// Called with (files done, files in all) as files are read.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Set from another thread to stop before anything is written.
    pub cancel: Option<&'a AtomicBool>,
}

/// The consolidation database beside the receiver's database `main`:
/// `chitieu.db` → `chitieu.tonghop.db`.
pub fn database_beside(main: &Path) -> PathBuf {
    let stem = main
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chitieu".into());
    main.with_file_name(format!("{stem}.tonghop.db"))
}

/// Reads the files, records them, and consolidates the period over
/// everything received for it so far.
pub fn consolidate(opts: &Options<'_>) -> Result<Consolidation, ConsolidateError> {
    for p in &opts.paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(ConsolidateError::NoSuchPath { path: p.clone() });
        }
    }
    let found = read::find_files(&opts.paths);
    let mut received = db::Received::open(&opts.database)?;
    let known = received.known_hashes()?;
    let files = read::read_all(
        &found.files,
        opts,
        opts.store.catalogue(),
        opts.store.registry(),
        &known,
    )?;
    received.record(&files, opts.now)?;
    summary::build(&received, opts, &files, found.ignored)
}

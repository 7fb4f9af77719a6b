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
//!   one transaction per run; the same bytes again change nothing; and the
//!   hand corrections of when a unit's report was received, with history;
//! - `summary.rs` turns what is known for a period into the consolidation:
//!   one report per unit (latest revision stands), completeness and
//!   timeliness, statistics per indicator, outliers;
//! - `revisions.rs`: each unit's files in order, its first receipt (which
//!   decides on time or late) and the changes between revisions;
//! - `signed.rs` verifies the PDFs found beside the spreadsheets and pairs
//!   each unit's signed PDF with its standing file (by figures hash, then
//!   by name) for the «Ký số» column;
//! - `message.rs` keeps a library's text out of a refusal's message;
//! - `workbook.rs` writes the consolidated workbook.
//!
//! The clock and the time zone come in from the edges (`Options`).

mod db;
mod message;
mod read;
mod revisions;
mod signed;
mod stats;
mod summary;
mod workbook;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::period::Period;
use crate::store::Store;

pub use db::{Correction, Received};
pub use read::{find_files, FoundFiles};
pub use revisions::{Revision, RevisionChange, RevisionFile};
pub use signed::{SignatureStatus, UnitSignature, MAX_PDFS, MAX_PDF_BYTES};
pub use summary::{
    Consolidation, IndicatorSummary, LeftOut, OtherPeriod, Outlier, ReceivedCorrection,
    ReceivedFrom, Rejected, UnitLine, UnitStatus,
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
    #[error("Không hiểu thời điểm nhận «{text}»; hãy ghi dạng 2025-10-01T09:00 hoặc 01/10/2025 09:00 (giờ Việt Nam).")]
    BadTime { text: String },
    #[error("Thời điểm nhận «{text}» ở sau thời điểm hiện tại; hãy kiểm tra lại ngày giờ.")]
    FutureTime { text: String },
    #[error("Hãy ghi lý do sửa «Nhận lúc» (ví dụ «theo ngày trên thư điện tử gửi đến»): lý do được lưu cùng lần sửa.")]
    NoReason,
    #[error("Chưa nhận tệp nào của đơn vị «{unit}» cho kỳ {period}; chỉ sửa được «Nhận lúc» của đơn vị đã có tệp (hãy tổng hợp thư mục có tệp của đơn vị trước).")]
    NoFileOfUnit { unit: String, period: String },
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
            ConsolidateError::BadTime { .. } => "bad_time",
            ConsolidateError::FutureTime { .. } => "future_time",
            ConsolidateError::NoReason => "no_reason",
            ConsolidateError::NoFileOfUnit { .. } => "no_file_of_unit",
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
    let pdfs = signed::read_all(&found.pdfs, opts)?;
    received.record(&files, opts.now)?;
    summary::build(&received, opts, &files, &pdfs, found.ignored)
}

/// Corrects by hand when `unit`'s report for `period` was received (`None`:
/// back to the files' own times), with the reason, in the consolidation
/// database: used by every later consolidation; the corrections before
/// stay as its history.
pub fn correct_received(
    database: &Path,
    period: Period,
    unit: &str,
    at: Option<OffsetDateTime>,
    reason: &str,
    now: OffsetDateTime,
) -> Result<(), ConsolidateError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ConsolidateError::NoReason);
    }
    if let Some(t) = at.filter(|t| *t > now) {
        return Err(ConsolidateError::FutureTime {
            text: crate::period::local_time_vi(
                &t.format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
                t.offset(),
            ),
        });
    }
    let mut received = db::Received::open(database)?;
    if !received
        .files_of(period)?
        .iter()
        .any(|f| f.unit_code == unit)
    {
        return Err(ConsolidateError::NoFileOfUnit {
            unit: unit.to_owned(),
            period: period.label_vi(),
        });
    }
    received.correct(period, unit, at, reason, now)
}

/// A time as a clerk writes it, in the civil time zone `offset` unless it
/// names one: `2025-10-01T09:00`, `2025-10-01 09:00:30`, `01/10/2025 09:00`,
/// `01/10/2025` (midnight), or RFC 3339.
pub fn parse_received(text: &str, offset: UtcOffset) -> Result<OffsetDateTime, ConsolidateError> {
    let t = text.trim();
    if let Ok(at) = OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339) {
        return Ok(at);
    }
    let bad = || ConsolidateError::BadTime {
        text: text.to_owned(),
    };
    let (day, clock) = match t.split_once(['T', ' ']) {
        Some((d, c)) => (d.trim(), c.trim()),
        None => (t, ""),
    };
    let nums = |s: &str, sep: char| -> Option<Vec<u32>> {
        s.split(sep).map(|p| p.trim().parse::<u32>().ok()).collect()
    };
    let (y, m, d) = if day.contains('/') {
        match nums(day, '/').as_deref() {
            Some([d, m, y]) => (*y, *m, *d),
            _ => return Err(bad()),
        }
    } else {
        match nums(day, '-').as_deref() {
            Some([y, m, d]) => (*y, *m, *d),
            _ => return Err(bad()),
        }
    };
    let (h, mi, sec) = if clock.is_empty() {
        (0, 0, 0)
    } else {
        match nums(clock, ':').as_deref() {
            Some([h, mi]) => (*h, *mi, 0),
            Some([h, mi, sec]) => (*h, *mi, *sec),
            _ => return Err(bad()),
        }
    };
    let month = u8::try_from(m)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(bad)?;
    let date = i32::try_from(y)
        .ok()
        .filter(|y| (1900..=9999).contains(y))
        .and_then(|y| Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok())
        .ok_or_else(bad)?;
    let time = Time::from_hms(
        u8::try_from(h).map_err(|_| bad())?,
        u8::try_from(mi).map_err(|_| bad())?,
        u8::try_from(sec).map_err(|_| bad())?,
    )
    .map_err(|_| bad())?;
    Ok(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    #[test]
    fn received_times_as_clerks_write_them() {
        let vn = offset!(+7);
        let want = datetime!(2025-10-01 09:00 +7);
        for t in [
            "2025-10-01T09:00",
            "2025-10-01 09:00",
            " 01/10/2025 09:00 ",
            "1/10/2025 9:00:00",
            "2025-10-01T02:00:00Z",
        ] {
            assert_eq!(parse_received(t, vn).ok(), Some(want), "{t}");
        }
        assert_eq!(
            parse_received("01/10/2025", vn).ok(),
            Some(datetime!(2025-10-01 00:00 +7))
        );
        for t in [
            "",
            "hôm qua",
            "2025-13-01T09:00",
            "31/02/2025",
            "2025-10-01T25:00",
            "2025-10-01T09",
        ] {
            assert!(
                matches!(parse_received(t, vn), Err(ConsolidateError::BadTime { .. })),
                "{t}"
            );
        }
    }
}

//! The edges of the command line: the clock, the time zone, the database
//! opened from its path, the dates and periods typed.

use std::path::Path;

use chitieu_core::period::Period;
use chitieu_core::store::Store;
use chitieu_core::{paths, Error, Result};
use time::{Date, OffsetDateTime, UtcOffset};

pub use chitieu_core::period::VIETNAM;

/// The clock, read once at the edge: `CHITIEU_NOW` (RFC 3339) fixes it for tests.
pub fn now() -> OffsetDateTime {
    std::env::var("CHITIEU_NOW")
        .ok()
        .and_then(|s| {
            OffsetDateTime::parse(&s, &time::format_description::well_known::Rfc3339).ok()
        })
        .unwrap_or_else(OffsetDateTime::now_utc)
}

/// The machine's time zone, read at the edge, for the times people read
/// (Vietnam's when the system does not say).
pub fn local_offset() -> UtcOffset {
    UtcOffset::current_local_offset().unwrap_or(VIETNAM)
}

pub fn today(now: OffsetDateTime) -> Date {
    now.to_offset(VIETNAM).date()
}

pub fn open(db: Option<&Path>, now: OffsetDateTime) -> Result<Store> {
    let path = paths::database(db);
    Store::open(&path, &paths::backup_dir(&path), now)
}

/// The database as it is, in memory: for commands that must write nothing.
pub fn snapshot(db: Option<&Path>, now: OffsetDateTime) -> Result<Store> {
    Store::open_snapshot(&paths::database(db), now)
}
pub fn parse_period(text: &str) -> Result<Period> {
    text.parse::<Period>().map_err(Error::from)
}
pub fn parse_date(text: &str) -> Result<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &fmt).map_err(|_| {
        Error::Period(chitieu_core::period::PeriodError {
            text: format!("ngày «{text}» (hãy ghi dạng YYYY-MM-DD)"),
        })
    })
}

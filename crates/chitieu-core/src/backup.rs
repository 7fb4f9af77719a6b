//! Copies of the database: before a migration, on demand, daily.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use time::OffsetDateTime;

use crate::error::{Error, Result};

fn stamp(now: OffsetDateTime) -> String {
    let n = now.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        n.year(),
        u8::from(n.month()),
        n.day(),
        n.hour(),
        n.minute(),
        n.second()
    )
}

/// Copies the live database behind `conn` to `dest` with SQLite's online
/// backup API (consistent even while another process writes), atomically.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    crate::file::fill_atomically(dest, |tmp| {
        let mut out = Connection::open(tmp).map_err(Error::from)?;
        let b = rusqlite::backup::Backup::new(conn, &mut out)?;
        b.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        drop(b);
        // The copy must not keep a WAL beside it: make it a single file.
        out.execute_batch("PRAGMA journal_mode = DELETE;")?;
        Ok(())
    })
}

/// The copy taken before migrating from schema `version`.
pub fn before_migration(conn: &Connection, dir: &Path, version: i64, now: OffsetDateTime) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let dest = dir.join(format!("chitieu-truoc-nang-cap-v{version}-{}.db", stamp(now)));
    backup_to(conn, &dest)?;
    Ok(dest)
}

//! Copies of the database: before a migration, one a day (a bounded number
//! kept), on demand (`chitieu backup`), and the way back (`chitieu restore`).
//!
//! Copies are taken with SQLite's online backup API, so they are consistent
//! even while the app or another command writes, and written atomically.
//! Restoring checks the copy first and keeps the current database aside.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use time::OffsetDateTime;

use super::Store;
use crate::error::{Error, Result};

/// How many daily copies are kept.
pub const DAILY_KEPT: usize = 7;

const DAILY_PREFIX: &str = "chitieu-hang-ngay-";

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
        let mut out =
            Connection::open(tmp).map_err(|e| crate::file::explain(dest, Error::from(e)))?;
        let b = rusqlite::backup::Backup::new(conn, &mut out)?;
        b.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        drop(b);
        // The copy must not keep a WAL beside it: make it a single file.
        out.execute_batch("PRAGMA journal_mode = DELETE;")?;
        Ok(())
    })
}

impl Store {
    /// Copies the database to `dest` (`chitieu backup`, the app's "back up
    /// now"): see `backup_to`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        backup_to(&self.conn, dest)
    }
}

/// The copy taken before migrating from schema `version`.
pub fn before_migration(
    conn: &Connection,
    dir: &Path,
    version: i64,
    now: OffsetDateTime,
) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let dest = dir.join(format!(
        "chitieu-truoc-nang-cap-v{version}-{}.db",
        stamp(now)
    ));
    backup_to(conn, &dest)?;
    Ok(dest)
}

/// Takes today's copy if there is none yet, and keeps only the newest
/// `DAILY_KEPT` daily copies. Returns the copy taken, if one was.
pub fn daily(conn: &Connection, dir: &Path, now: OffsetDateTime) -> Result<Option<PathBuf>> {
    let day = &stamp(now)[..8];
    let dest = dir.join(format!("{DAILY_PREFIX}{day}.db"));
    if dest.exists() {
        return Ok(None);
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    backup_to(conn, &dest)?;
    let mut dailies: Vec<PathBuf> = list(dir)
        .into_iter()
        .map(|b| b.path)
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(DAILY_PREFIX))
        })
        .collect();
    dailies.sort();
    while dailies.len() > DAILY_KEPT {
        let old = dailies.remove(0);
        let _ = std::fs::remove_file(old);
    }
    Ok(Some(dest))
}

/// A copy found in the backup folder.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    pub name: String,
    pub bytes: u64,
}

/// The copies in `dir`, newest first (by name: their names carry the date).
pub fn list(dir: &Path) -> Vec<BackupFile> {
    let mut out: Vec<(std::time::SystemTime, BackupFile)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "db"))
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((
                meta.modified().unwrap_or(std::time::UNIX_EPOCH),
                BackupFile {
                    path: e.path(),
                    name: e.file_name().to_string_lossy().into_owned(),
                    bytes: meta.len(),
                },
            ))
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.name.cmp(&a.1.name)));
    out.into_iter().map(|(_, b)| b).collect()
}

/// Checks that `path` is a sound chitieu database this build can open.
pub fn check(path: &Path) -> Result<()> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.len() < 100 || &bytes[..16] != b"SQLite format 3\0" {
        return Err(Error::NotOurDatabase {
            path: path.to_owned(),
        });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::CorruptDatabase {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    let corrupt = |e: rusqlite::Error| Error::CorruptDatabase {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(corrupt)?;
    if app != super::APPLICATION_ID {
        return Err(Error::NotOurDatabase {
            path: path.to_owned(),
        });
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(corrupt)?;
    if version > super::schema_version() {
        return Err(Error::NewerDatabase {
            path: path.to_owned(),
            found: version,
            supported: super::schema_version(),
        });
    }
    let ok: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(corrupt)?;
    if ok != "ok" {
        return Err(Error::CorruptDatabase {
            path: path.to_owned(),
            detail: ok,
        });
    }
    Ok(())
}

/// The newest copy in `dir` that passes `check`.
pub fn latest_good(dir: &Path) -> Option<BackupFile> {
    list(dir).into_iter().find(|b| check(&b.path).is_ok())
}

/// What a restore did.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Restored {
    /// Where the database was before the restore was kept.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub kept_aside: Option<PathBuf>,
}

/// Replaces the database at `db` with the copy `from` (checked first). The
/// current database is kept aside in `dir`. When the current database can
/// be opened, the copy is written into it with the backup API, so another
/// process that has it open sees the restored content; when it cannot (it is
/// corrupt), the file is replaced.
pub fn restore(db: &Path, from: &Path, dir: &Path, now: OffsetDateTime) -> Result<Restored> {
    check(from)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let aside = dir.join(format!("chitieu-truoc-khoi-phuc-{}.db", stamp(now)));
    let live = if db.exists() {
        check(db).ok().and_then(|()| Connection::open(db).ok())
    } else {
        None
    };
    match live {
        Some(mut conn) => {
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            backup_to(&conn, &aside)?;
            let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let b = rusqlite::backup::Backup::new(&src, &mut conn)?;
            b.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
            Ok(Restored {
                kept_aside: Some(aside),
            })
        }
        None => {
            let kept = if db.exists() {
                std::fs::copy(db, &aside).map_err(|e| Error::io(&aside, e))?;
                Some(aside)
            } else {
                None
            };
            for suffix in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{suffix}", db.display()));
                let _ = std::fs::remove_file(side);
            }
            let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
            crate::file::write_atomically(db, &bytes)?;
            Ok(Restored { kept_aside: kept })
        }
    }
}

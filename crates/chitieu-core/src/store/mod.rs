//! The local SQLite store, shared by the CLI and the desktop app.
//!
//! One file per user (or `--db PATH` / `CHITIEU_DB`). WAL, foreign keys,
//! `synchronous=FULL`, a busy timeout; every write is one IMMEDIATE
//! transaction, so there is one writer at a time and a kill at any instant
//! leaves either the state before or the state after. Every change to a
//! figure appends a history row in the same transaction; triggers forbid
//! editing or deleting history.
//!
//! A file that is not a chitieu database, or that a newer version wrote, is
//! refused before anything is written to it. A database is backed up (online
//! backup API) before a migration changes it.

pub mod backup;
mod catalogue;
mod figures;
mod records;
mod review;
mod rows;
pub mod schema;

pub use records::default_place;
pub use review::{ReviewChange, StoredReview};
pub use rows::*;
pub use schema::{
    migrate, migrate_to, open_owned, schema_version, OpenError, APPLICATION_ID, MIGRATIONS,
};

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use time::OffsetDateTime;

use crate::catalogue::{Catalogue, Edition};
use crate::error::{Error, Result};
use crate::figure::ReportRef;
use crate::period::Period;
use crate::registry::{Registry, Unit};
use schema::{inspect, map_open_error, open_read_only, Existing};

use crate::file::sha256_hex;
use crate::period::timestamp;

/// The store: a connection, the catalogue and the registry it holds.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    catalogue: Catalogue,
    registry: Registry,
}

impl Store {
    /// Opens (creating it when missing) the database at `path`. `backup_dir`
    /// receives a copy of the database before a migration changes it.
    pub fn open(path: &Path, backup_dir: &Path, now: OffsetDateTime) -> Result<Store> {
        let existing = inspect(path).map_err(|e| match e {
            // Corrupt: name the newest sound copy, to be restored.
            Error::CorruptDatabase { path, detail } => match backup::latest_good(backup_dir) {
                Some(b) => Error::CorruptWithBackup {
                    path,
                    detail,
                    backup: b.path,
                },
                None => Error::CorruptDatabase { path, detail },
            },
            other => other,
        })?;
        let explain = |e| crate::file::explain(path, e);
        // The copy before a migration is taken before `open_owned` migrates.
        if let Existing::Ours { version } = existing {
            if version > 0 && version < schema_version() {
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| explain(map_open_error(path, e)))?;
                backup::before_migration(&conn, backup_dir, version, now)?;
            }
        }
        let conn = schema::open_owned(path, APPLICATION_ID, MIGRATIONS).map_err(|e| match e {
            OpenError::Folder { dir, source } => Error::io(dir, source),
            OpenError::Open(e) => explain(map_open_error(path, e)),
            OpenError::NotOurs => Error::NotOurDatabase {
                path: path.to_owned(),
            },
            OpenError::Newer { found, supported } => Error::NewerDatabase {
                path: path.to_owned(),
                found,
                supported,
            },
            OpenError::Sqlite(e) => explain(Error::from(e)),
        })?;
        let store = Store::load(conn, Some(path.to_owned()), now).map_err(explain)?;
        // One copy a day, taken at the first opening of the day. A failure
        // to copy (a full disk) must not stop the work: it is only a copy.
        let _ = backup::daily(&store.conn, backup_dir, now);
        Ok(store)
    }

    /// A private database in memory (tests, benchmarks).
    pub fn open_in_memory(now: OffsetDateTime) -> Result<Store> {
        Store::init(Connection::open_in_memory()?, None, now)
    }

    /// The database at `path` as it is now, copied into memory, for a dry
    /// run: nothing on disk is created or changed (no file, no backup, no
    /// migration written). A missing database reads as a new one: the
    /// embedded catalogue and registry, no figures.
    pub fn open_snapshot(path: &Path, now: OffsetDateTime) -> Result<Store> {
        match inspect(path)? {
            Existing::Missing | Existing::Empty => Store::open_in_memory(now),
            Existing::Ours { .. } => {
                let src = open_read_only(path)
                    .map_err(|e| crate::file::explain(path, map_open_error(path, e)))?;
                src.busy_timeout(std::time::Duration::from_secs(5))?;
                let mut mem = Connection::open_in_memory()?;
                rusqlite::backup::Backup::new(&src, &mut mem)?.run_to_completion(
                    256,
                    std::time::Duration::ZERO,
                    None,
                )?;
                drop(src);
                Store::init(mem, None, now)
            }
        }
    }

    /// A database in memory: configured like a file, migrated, loaded.
    fn init(conn: Connection, path: Option<PathBuf>, now: OffsetDateTime) -> Result<Store> {
        schema::configure(&conn)?;
        migrate(&conn)?;
        Store::load(conn, path, now)
    }

    /// The store over a configured and migrated connection: the embedded
    /// editions added when missing, the catalogue and the user's units read,
    /// float noise repaired.
    fn load(conn: Connection, path: Option<PathBuf>, now: OffsetDateTime) -> Result<Store> {
        let mut store = Store {
            conn,
            path,
            catalogue: Catalogue::default(),
            registry: Registry::default(),
        };
        store.load_embedded_editions(now)?;
        store.reload()?;
        store.repair_float_noise(now)?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Resolves a report: the unit must exist on the period's reference date.
    /// The edition is the stored report's, or the one for the period's year.
    pub fn report(&self, unit_code: &str, period: Period) -> Result<ReportRef> {
        let unit = self.unit_for_period(unit_code, period)?;
        let stored: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT id, edition_id FROM report WHERE unit_code = ?1 AND period = ?2",
                params![unit.code, period.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        // A report keeps its edition once it has figures; until then it
        // follows the catalogue (an edition loaded later is picked up).
        let stored = match stored {
            Some((id, e))
                if self.has_figures(id)?
                    || self.catalogue.edition_for_year(period.year()).is_none() =>
            {
                Some((id, e))
            }
            Some((id, _)) => Some((
                id,
                self.catalogue
                    .edition_for_year(period.year())
                    .map(|e| e.id.clone())
                    .unwrap_or_default(),
            )),
            None => None,
        };
        let (id, edition_id) = match stored {
            Some((id, e)) => (Some(id), e),
            None => {
                let e = self
                    .catalogue
                    .edition_for_year(period.year())
                    .ok_or(Error::NoEdition {
                        year: period.year(),
                    })?;
                (None, e.id.clone())
            }
        };
        Ok(ReportRef {
            id,
            unit: unit.clone(),
            period,
            edition_id,
        })
    }

    /// The unit `code` as it exists on the period's reference date.
    pub fn unit_for_period(&self, code: &str, period: Period) -> Result<&Unit> {
        self.registry.for_period(code, period)
    }

    pub fn edition(&self, id: &str) -> Result<&Edition> {
        self.catalogue
            .edition(id)
            .ok_or_else(|| Error::UnknownEdition { id: id.to_owned() })
    }

    /// Whether report `id` has any figure row (typed, imported or blanked).
    fn has_figures(&self, id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM figure WHERE report_id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Runs `f` in one IMMEDIATE transaction (the write lock is taken first,
    /// so two writers never interleave).
    fn write_tx<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let path = self.path.clone();
        let run = || -> Result<T> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        };
        run().map_err(|e| match &path {
            Some(p) => crate::file::explain(p, e),
            None => e,
        })
    }
}

/// The first six columns of a row, as text.
fn six_texts(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, String, String, String, String, String)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

/// Gives a stored report that has no figure yet the edition now chosen for it.
fn adopt_edition(tx: &rusqlite::Transaction<'_>, id: i64, edition_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE report SET edition_id = ?2 WHERE id = ?1 AND edition_id <> ?2 AND NOT EXISTS (SELECT 1 FROM figure WHERE report_id = ?1)",
        params![id, edition_id],
    )?;
    Ok(())
}

fn ensure_report(
    tx: &rusqlite::Transaction<'_>,
    report: &ReportRef,
    period: &str,
    at: &str,
) -> Result<i64> {
    if let Some(id) = tx
        .query_row(
            "SELECT id FROM report WHERE unit_code = ?1 AND period = ?2",
            params![report.unit.code, period],
            |r| r.get(0),
        )
        .optional()?
    {
        adopt_edition(tx, id, &report.edition_id)?;
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO report (unit_code, period, edition_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![report.unit.code, period, report.edition_id, at],
    )?;
    Ok(tx.last_insert_rowid())
}

fn json_err(e: serde_json::Error) -> Error {
    Error::Database(format!("dữ liệu JSON không hợp lệ: {e}"))
}

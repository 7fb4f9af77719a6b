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

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::catalogue::{Catalogue, Edition};
use crate::error::{Error, Result};
use crate::period::Period;
use crate::registry::{Registry, Unit, UnitType};
use crate::report::{Figure, ReportRef, Status};

/// `PRAGMA application_id` of a chitieu database ("ctie").
pub const APPLICATION_ID: i64 = 0x6374_6965;

/// Forward-only migrations; index + 1 is the schema version after it.
/// A shipped migration is never edited: add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: catalogue, user units, profiles, reports, figures, history, exports.
    r#"
    CREATE TABLE edition (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        first_year  INTEGER NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('embedded', 'imported')),
        sha256      TEXT NOT NULL,
        data        TEXT NOT NULL,
        loaded_at   TEXT NOT NULL
    );
    CREATE TABLE indicator (
        edition_id  TEXT NOT NULL REFERENCES edition(id),
        code        TEXT NOT NULL,
        position    INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        name        TEXT NOT NULL,
        unit        TEXT NOT NULL,
        PRIMARY KEY (edition_id, code)
    );
    CREATE TABLE unit (
        code        TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        short_name  TEXT NOT NULL,
        type        TEXT NOT NULL CHECK (type IN ('ministry', 'province', 'department', 'custom')),
        parent      TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE profile (
        unit_code   TEXT PRIMARY KEY,
        preparer    TEXT NOT NULL DEFAULT '',
        phone       TEXT NOT NULL DEFAULT '',
        email       TEXT NOT NULL DEFAULT '',
        head        TEXT NOT NULL DEFAULT '',
        place       TEXT NOT NULL DEFAULT '',
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE setting (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL
    );
    CREATE TABLE report (
        id          INTEGER PRIMARY KEY,
        unit_code   TEXT NOT NULL,
        period      TEXT NOT NULL,
        edition_id  TEXT NOT NULL REFERENCES edition(id),
        created_at  TEXT NOT NULL,
        UNIQUE (unit_code, period)
    );
    CREATE TABLE figure (
        report_id   INTEGER NOT NULL REFERENCES report(id),
        indicator   TEXT NOT NULL,
        value       REAL,
        raw         TEXT NOT NULL DEFAULT '',
        status      TEXT CHECK (status IN ('official', 'estimate')),
        status_raw  TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL DEFAULT '',
        trend       TEXT NOT NULL DEFAULT '',
        comparison  TEXT NOT NULL DEFAULT '',
        proposals   TEXT NOT NULL DEFAULT '',
        notes       TEXT NOT NULL DEFAULT '',
        sheet       TEXT,
        cell        TEXT,
        revision    INTEGER NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (report_id, indicator)
    );
    CREATE TABLE history (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id   INTEGER NOT NULL REFERENCES report(id),
        indicator   TEXT NOT NULL,
        revision    INTEGER NOT NULL,
        at          TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('app', 'cli', 'import')),
        file_name   TEXT,
        file_sha256 TEXT,
        sheet       TEXT,
        cell        TEXT,
        old         TEXT,
        new         TEXT NOT NULL,
        UNIQUE (report_id, indicator, revision)
    );
    CREATE INDEX history_by_report ON history (report_id, indicator, id);
    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TABLE export (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id       INTEGER NOT NULL REFERENCES report(id),
        kind            TEXT NOT NULL CHECK (kind IN ('submission', 'template')),
        at              TEXT NOT NULL,
        path            TEXT NOT NULL,
        sha256          TEXT NOT NULL,
        figures_sha256  TEXT NOT NULL,
        snapshot        TEXT NOT NULL
    );
    "#,
    // 2: the exports of a report are listed newest last.
    r#"
    CREATE INDEX export_by_report ON export (report_id, id);
    "#,
    // History knows which changes were made together (`batch`: one typed
    // edit, one paste, one import) and the changes that revert others: an
    // undo (`reverts` = the batch undone), a restored value (`reverts` = the
    // revision whose old value came back), a repair of float noise. The
    // table is rebuilt (its CHECK changes); rows are copied as they are, the
    // rows of one write (same report, instant and origin) sharing a batch.
    r#"
    CREATE TABLE history_v3 (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id   INTEGER NOT NULL REFERENCES report(id),
        indicator   TEXT NOT NULL,
        revision    INTEGER NOT NULL,
        at          TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('app', 'cli', 'import', 'undo', 'restore', 'repair')),
        file_name   TEXT,
        file_sha256 TEXT,
        sheet       TEXT,
        cell        TEXT,
        old         TEXT,
        new         TEXT NOT NULL,
        batch       INTEGER NOT NULL,
        reverts     INTEGER,
        UNIQUE (report_id, indicator, revision)
    );
    INSERT INTO history_v3 (id, report_id, indicator, revision, at, origin, file_name, file_sha256, sheet, cell, old, new, batch)
        SELECT id, report_id, indicator, revision, at, origin, file_name, file_sha256, sheet, cell, old, new,
               min(id) OVER (PARTITION BY report_id, at, origin, file_sha256)
        FROM history;
    DROP TABLE history;
    ALTER TABLE history_v3 RENAME TO history;
    CREATE INDEX history_by_report ON history (report_id, indicator, id);
    CREATE INDEX history_by_batch ON history (report_id, batch);
    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    "#,
    // Marks "sent another way" (by post, by e-mail) on a report: append-only,
    // the newest mark of a report is its state.
    r#"
    CREATE TABLE sent_mark (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id   INTEGER NOT NULL REFERENCES report(id),
        at          TEXT NOT NULL,
        sent        INTEGER NOT NULL CHECK (sent IN (0, 1)),
        note        TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX sent_mark_by_report ON sent_mark (report_id, id);
    CREATE TRIGGER sent_mark_no_update BEFORE UPDATE ON sent_mark
        BEGIN SELECT RAISE(ABORT, 'sent marks are append-only'); END;
    CREATE TRIGGER sent_mark_no_delete BEFORE DELETE ON sent_mark
        BEGIN SELECT RAISE(ABORT, 'sent marks are append-only'); END;
    "#,
    // Moves of a report from one catalogue edition to a newer one (issue 14):
    // which codes carried over and which were removed, append-only.
    r#"
    CREATE TABLE report_edition_change (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id   INTEGER NOT NULL REFERENCES report(id),
        at          TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('app', 'cli', 'import')),
        old_edition TEXT NOT NULL,
        new_edition TEXT NOT NULL,
        carried     TEXT NOT NULL,
        removed     TEXT NOT NULL
    );
    CREATE TRIGGER report_edition_change_no_update BEFORE UPDATE ON report_edition_change
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TRIGGER report_edition_change_no_delete BEFORE DELETE ON report_edition_change
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    "#,
    // Drafts (issue 13): a history row says whether the change was accepted
    // from a draft; the six-month / year review text of a report, with its
    // own append-only history.
    r#"
    ALTER TABLE history ADD COLUMN from_draft INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE review (
        report_id   INTEGER PRIMARY KEY REFERENCES report(id),
        text        TEXT NOT NULL,
        revision    INTEGER NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE review_history (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id   INTEGER NOT NULL REFERENCES report(id),
        revision    INTEGER NOT NULL,
        at          TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('app', 'cli', 'import')),
        from_draft  INTEGER NOT NULL DEFAULT 0,
        old         TEXT,
        new         TEXT NOT NULL,
        UNIQUE (report_id, revision)
    );
    CREATE TRIGGER review_history_no_update BEFORE UPDATE ON review_history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TRIGGER review_history_no_delete BEFORE DELETE ON review_history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    "#,
];

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Where a change came from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// Typed in the desktop app.
    App,
    /// Set with the CLI.
    Cli,
    /// Read from a file.
    Import { file_name: String, sha256: String },
    /// Undid the changes of an earlier batch (Ctrl+Z).
    Undo {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        batch: i64,
    },
    /// Brought back the value a figure had before its change `revision`.
    Restore {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        revision: i64,
    },
    /// The store removed binary-float noise (`91.29999999999998` → `91.3`)
    /// from a figure written by an earlier version.
    Repair,
    /// A draft accepted as it was written (in the app, or by `chitieu draft
    /// --apply` when `cli`).
    Draft { cli: bool },
}

impl Origin {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Origin::App | Origin::Draft { cli: false } => "app",
            Origin::Cli | Origin::Draft { cli: true } => "cli",
            Origin::Import { .. } => "import",
            Origin::Undo { .. } => "undo",
            Origin::Restore { .. } => "restore",
            Origin::Repair => "repair",
        }
    }

    /// The batch or revision a reverting change refers to.
    fn reverts(&self) -> Option<i64> {
        match self {
            Origin::Undo { batch } => Some(*batch),
            Origin::Restore { revision } => Some(*revision),
            _ => None,
        }
    }

    /// Whether the change was accepted from a draft.
    pub fn is_draft(&self) -> bool {
        matches!(self, Origin::Draft { .. })
    }

    /// The origin as a history row stores it.
    pub(crate) fn from_stored(
        kind: &str,
        draft: bool,
        reverts: Option<i64>,
        file_name: Option<String>,
        sha256: Option<String>,
    ) -> Origin {
        match (kind, draft) {
            ("import", _) => Origin::Import {
                file_name: file_name.unwrap_or_default(),
                sha256: sha256.unwrap_or_default(),
            },
            (k, true) => Origin::Draft { cli: k == "cli" },
            ("cli", false) => Origin::Cli,
            ("undo", _) => Origin::Undo {
                batch: reverts.unwrap_or_default(),
            },
            ("restore", _) => Origin::Restore {
                revision: reverts.unwrap_or_default(),
            },
            ("repair", _) => Origin::Repair,
            _ => Origin::App,
        }
    }
}

/// A figure as stored, with its bookkeeping.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredFigure {
    #[serde(flatten)]
    pub figure: Figure,
    /// Where it was last imported from (sheet, A1 cell), when it was.
    pub sheet: Option<String>,
    pub cell: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub updated_at: String,
}

/// A figure to write, with the cell it came from when imported.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureWrite {
    pub figure: Figure,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

impl From<Figure> for FigureWrite {
    fn from(figure: Figure) -> FigureWrite {
        FigureWrite {
            figure,
            sheet: None,
            cell: None,
        }
    }
}

/// One row of history: a figure before and after a change.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// The changes written together (one edit, one paste, one import) share it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub batch: i64,
    pub indicator: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub at: String,
    pub origin: Origin,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub old: Option<Figure>,
    pub new: Figure,
}

/// A file the app wrote for a report.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRecord {
    /// "submission" or "template".
    pub kind: String,
    pub at: String,
    pub path: String,
    pub sha256: String,
    /// Hash over the figures written (see `export::figures_hash`).
    pub figures_sha256: String,
    /// The figures as written.
    pub snapshot: Vec<Figure>,
}

/// The preparer's details printed in a form's footer.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// The unit these details belong to: `Store::profile` fills it, and
    /// `Store::set_profile` refuses details of another unit.
    pub unit: String,
    pub preparer: String,
    pub phone: String,
    pub email: String,
    /// Head of unit, signing the form.
    pub head: String,
    /// Place written before the date ("Thái Nguyên, ngày … tháng … năm …").
    pub place: String,
}

/// A report marked as sent another way (or the mark taken back).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentMark {
    pub at: String,
    pub sent: bool,
    pub note: String,
}

/// The place written before the date on a unit's form, when none was given:
/// a province's own name ("Tuyên Quang"); Hà Nội for ministries and their
/// departments (their seats); a user's unit takes its parent's.
pub fn default_place(registry: &Registry, unit: &Unit) -> String {
    match unit.unit_type {
        UnitType::Province => {
            let name = unit.name.trim();
            ["Thành phố ", "Tỉnh "]
                .iter()
                .find_map(|p| name.strip_prefix(p))
                .map(str::to_owned)
                .unwrap_or_else(|| unit.short_name.clone())
        }
        UnitType::Ministry | UnitType::Department => "Hà Nội".to_owned(),
        _ => match unit.parent.as_deref().and_then(|p| registry.get(p)) {
            Some(parent) if parent.code != unit.code && parent.unit_type != UnitType::Custom => {
                default_place(registry, parent)
            }
            _ => String::new(),
        },
    }
}

/// A unit a user adds.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    pub name: String,
    pub unit_type: UnitType,
    /// Optional: generated from the name when absent.
    pub code: Option<String>,
    pub short_name: Option<String>,
    /// The unit it belongs to (a Sở's province), whose indicators it reports.
    pub parent: Option<String>,
}

/// What a write changed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WriteSummary {
    pub new: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: Vec<String>,
}

/// A report moved from one edition to another.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionChange {
    pub at: String,
    /// "app" or "cli".
    pub origin: String,
    pub from: String,
    pub to: String,
    /// Codes whose figures carried over.
    pub carried: Vec<String>,
    /// Codes the new edition no longer has (their figures blanked, kept in history).
    pub removed: Vec<String>,
}

pub fn timestamp(now: OffsetDateTime) -> String {
    now.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The store: a connection, the catalogue and the registry it holds.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    catalogue: Catalogue,
    registry: Registry,
}

/// How the file at a path looks before we touch it.
enum Existing {
    Missing,
    Empty,
    Ours { version: i64 },
}

fn inspect(path: &Path) -> Result<Existing> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Missing),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut header = [0u8; 16];
    let n = file.read(&mut header).map_err(|e| Error::io(path, e))?;
    if n == 0 {
        return Ok(Existing::Empty);
    }
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(Error::NotOurDatabase {
            path: path.to_owned(),
        });
    }
    drop(file);
    // The header says SQLite: what then reads as damaged is corrupt; a
    // failing disk or a full one is said as such.
    let corrupt = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            Error::CorruptDatabase {
                path: path.to_owned(),
                detail: e.to_string(),
            }
        }
        _ => crate::file::explain(path, Error::from(e)),
    };
    let conn = open_read_only(path).map_err(corrupt)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let q = |sql: &str| -> Result<i64> { conn.query_row(sql, [], |r| r.get(0)).map_err(corrupt) };
    let app_id = q("PRAGMA application_id")?;
    let version = q("PRAGMA user_version")?;
    let tables = q("SELECT count(*) FROM sqlite_master")?;
    if app_id != APPLICATION_ID {
        return if app_id == 0 && tables == 0 {
            Ok(Existing::Empty)
        } else {
            Err(Error::NotOurDatabase {
                path: path.to_owned(),
            })
        };
    }
    if version > schema_version() {
        return Err(Error::NewerDatabase {
            path: path.to_owned(),
            found: version,
            supported: schema_version(),
        });
    }
    let check: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(corrupt)?;
    if check != "ok" {
        return Err(Error::CorruptDatabase {
            path: path.to_owned(),
            detail: check,
        });
    }
    Ok(Existing::Ours { version })
}

/// Opens a database to read it, leaving no file behind. A read-only
/// connection to a database in WAL mode creates its `-wal` and `-shm` files
/// when they are missing (and cannot remove them): without a `-wal` file no
/// connection has the database open and nothing is pending, so it is read
/// as an immutable file instead.
fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        return Connection::open_with_flags(path, flags);
    }
    let mut uri = String::from("file:");
    let text = path.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        uri.push('/'); // C:/… on Windows
    }
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    // A path no URI can name (a network share's, on Windows): read as usual.
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
        .or_else(|_| Connection::open_with_flags(path, flags))
}

fn map_open_error(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotOurDatabase {
            path: path.to_owned(),
        },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => Error::CorruptDatabase {
            path: path.to_owned(),
            detail: e.to_string(),
        },
        _ => Error::from(e),
    }
}

impl Store {
    /// Opens (creating it when missing) the database at `path`. `backup_dir`
    /// receives a copy of the database before a migration changes it.
    pub fn open(path: &Path, backup_dir: &Path, now: OffsetDateTime) -> Result<Store> {
        let existing = inspect(path).map_err(|e| match e {
            // Corrupt: name the newest sound copy, to be restored.
            Error::CorruptDatabase { path, detail } => match crate::backup::latest_good(backup_dir)
            {
                Some(b) => Error::CorruptWithBackup {
                    path,
                    detail,
                    backup: b.path,
                },
                None => Error::CorruptDatabase { path, detail },
            },
            other => other,
        })?;
        if let Existing::Missing = existing {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| crate::file::explain(path, map_open_error(path, e)))?;
        if let Existing::Ours { version } = existing {
            if version > 0 && version < schema_version() {
                crate::backup::before_migration(&conn, backup_dir, version, now)?;
            }
        }
        let store = Store::init(conn, Some(path.to_owned()), now)
            .map_err(|e| crate::file::explain(path, e))?;
        // One copy a day, taken at the first opening of the day. A failure
        // to copy (a full disk) must not stop the work: it is only a copy.
        let _ = crate::backup::daily(&store.conn, backup_dir, now);
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

    fn init(conn: Connection, path: Option<PathBuf>, now: OffsetDateTime) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
        )?;
        migrate(&conn)?;
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

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    fn load_embedded_editions(&mut self, now: OffsetDateTime) -> Result<()> {
        let have: i64 = self.conn.query_row(
            "SELECT count(*) FROM edition WHERE origin = 'embedded'",
            [],
            |r| r.get(0),
        )?;
        let embedded = Catalogue::embedded()?;
        if have as usize >= embedded.editions().len() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for e in embedded.editions() {
            insert_edition(&tx, e, "embedded", now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Re-reads the catalogue and the user's units from the database.
    fn reload(&mut self) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, data FROM edition ORDER BY first_year")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut editions = Vec::new();
        for row in rows {
            let (id, data) = row?;
            let e: Edition = serde_json::from_str(&data).map_err(|e| {
                Error::Database(format!(
                    "bộ chỉ tiêu «{id}» lưu trong cơ sở dữ liệu không đọc được: {e}"
                ))
            })?;
            editions.push(e);
        }
        drop(stmt);
        self.catalogue = Catalogue::new(editions);
        let mut registry = Registry::embedded()?;
        let mut stmt = self
            .conn
            .prepare("SELECT code, name, short_name, type, parent FROM unit ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (code, name, short_name, unit_type, parent) = row?;
            let unit_type = unit_type.parse().unwrap_or(UnitType::Custom);
            registry.add_user_unit(user_unit(code, name, short_name, unit_type, parent))?;
        }
        drop(stmt);
        self.registry = registry;
        Ok(())
    }

    /// Adds an edition from a catalogue file. Reports made under other
    /// editions are untouched; an edition id already present is refused.
    pub fn import_edition(&mut self, edition: &Edition, now: OffsetDateTime) -> Result<()> {
        if self.catalogue.edition(&edition.id).is_some() {
            return Err(Error::Edition(crate::catalogue::EditionError::Syntax {
                file: edition.id.clone(),
                why: "bộ chỉ tiêu mang mã này đã có".into(),
            }));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_edition(&tx, edition, "imported", now)?;
        tx.commit()?;
        self.reload()
    }

    /// Adds a unit of the user's own. Its code is generated from its name
    /// when not given.
    pub fn add_unit(&mut self, new: &NewUnit, now: OffsetDateTime) -> Result<Unit> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(Error::BadUnit {
                what: "một tên".into(),
            });
        }
        let code = match &new.code {
            Some(c) if !c.trim().is_empty() => c.trim().to_uppercase(),
            _ => format!("X-{}", crate::fold::slug(name).to_uppercase()),
        };
        if code.len() > 64
            || !code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            || code == "X-"
        {
            return Err(Error::BadUnit { what: format!("một mã chỉ gồm chữ in hoa không dấu, số, dấu - và dấu . (mã «{code}» không dùng được)") });
        }
        if self.registry.get(&code).is_some() {
            return Err(Error::DuplicateUnit { code });
        }
        if let Some(p) = &new.parent {
            if self.registry.get(p).is_none() {
                return Err(Error::UnknownUnit { code: p.clone() });
            }
        }
        let short = new
            .short_name
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| name.to_owned());
        self.write_tx(|tx| {
            tx.execute(
                "INSERT INTO unit (code, name, short_name, type, parent, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![code, name, short, new.unit_type.to_string(), new.parent, timestamp(now)],
            )?;
            Ok(())
        })?;
        self.reload()?;
        self.registry
            .get(&code)
            .cloned()
            .ok_or(Error::UnknownUnit { code })
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

    /// The stored figures of a report, in no particular order.
    pub fn figures(&self, report: &ReportRef) -> Result<Vec<StoredFigure>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FIGURE_COLUMNS}, sheet, cell, revision, updated_at FROM figure WHERE report_id = ?1"
        ))?;
        let rows = stmt.query_map([id], |r| {
            Ok(StoredFigure {
                figure: figure_from_row(r)?,
                sheet: r.get(10)?,
                cell: r.get(11)?,
                revision: r.get(12)?,
                updated_at: r.get(13)?,
            })
        })?;
        rows.collect::<Result<Vec<_>, _>>().map_err(Error::from)
    }

    /// Writes figures in one transaction: each figure whose content differs
    /// from what is stored gets a new revision and a history row. Figures
    /// equal to what is stored are left alone. Creates the report row on
    /// first write.
    pub fn write_figures(
        &mut self,
        report: &mut ReportRef,
        figures: &[FigureWrite],
        origin: &Origin,
        now: OffsetDateTime,
    ) -> Result<WriteSummary> {
        let at = timestamp(now);
        let period = report.period.to_string();
        let (summary, id) = self.write_tx(|tx| {
            let id = ensure_report(tx, report, &period, &at)?;
            Ok((write_rows(tx, id, figures, origin, &at)?, id))
        })?;
        report.id = Some(id);
        Ok(summary)
    }

    /// Whether report `id` has any figure row (typed, imported or blanked).
    fn has_figures(&self, id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM figure WHERE report_id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Where each edition held came from ('embedded' or 'imported') and when
    /// it was loaded, by id.
    pub fn edition_origins(&self) -> Result<std::collections::HashMap<String, (String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, origin, loaded_at FROM edition")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, String>(1)?, r.get::<_, String>(2)?),
            ))
        })?;
        rows.collect::<Result<_, _>>().map_err(Error::from)
    }

    /// Moves a stored report to edition `to` in one transaction: the figures
    /// of `removed` codes are blanked (each with a history row, so what they
    /// held stays in the history), the report takes the new edition, and the
    /// move is recorded with the codes `carried` over.
    pub fn move_report_edition(
        &mut self,
        report: &mut ReportRef,
        to: &str,
        carried: &[String],
        removed: &[String],
        origin: &Origin,
        now: OffsetDateTime,
    ) -> Result<()> {
        self.edition(to)?;
        let at = timestamp(now);
        let period = report.period.to_string();
        let old = report.edition_id.clone();
        let blanks: Vec<FigureWrite> = removed
            .iter()
            .map(|c| FigureWrite::from(Figure::new(c)))
            .collect();
        let id = self.write_tx(|tx| {
            let id = ensure_report(tx, report, &period, &at)?;
            write_rows(tx, id, &blanks, origin, &at)?;
            tx.execute("UPDATE report SET edition_id = ?2 WHERE id = ?1", params![id, to])?;
            tx.execute(
                "INSERT INTO report_edition_change (report_id, at, origin, old_edition, new_edition, carried, removed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id, at, origin.kind(), old, to,
                    serde_json::to_string(carried).map_err(json_err)?,
                    serde_json::to_string(removed).map_err(json_err)?
                ],
            )?;
            Ok(id)
        })?;
        report.id = Some(id);
        report.edition_id = to.to_owned();
        Ok(())
    }

    /// The edition moves of a report, oldest first.
    pub fn edition_changes(&self, report: &ReportRef) -> Result<Vec<EditionChange>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, origin, old_edition, new_edition, carried, removed FROM report_edition_change WHERE report_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], six_texts)?;
        let mut out = Vec::new();
        for row in rows {
            let (at, origin, from, to, carried, removed) = row?;
            out.push(EditionChange {
                at,
                origin,
                from,
                to,
                carried: serde_json::from_str(&carried).map_err(json_err)?,
                removed: serde_json::from_str(&removed).map_err(json_err)?,
            });
        }
        Ok(out)
    }

    /// Every change of a report (or of one indicator), oldest first.
    pub fn history(
        &self,
        report: &ReportRef,
        indicator: Option<&str>,
    ) -> Result<Vec<HistoryEntry>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        self.history_where("(?2 IS NULL OR indicator = ?2)", params![id, indicator])
    }

    /// The history rows matching `condition` (`?1` is the report's id, then
    /// come the other `args`), oldest first.
    fn history_where(
        &self,
        condition: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT indicator, revision, at, origin, file_name, file_sha256, sheet, cell, old, new, batch, reverts, from_draft
             FROM history WHERE report_id = ?1 AND {condition} ORDER BY id"
        ))?;
        let rows = stmt.query_map(args, |r| {
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ),
                (
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ),
                (
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ),
                (r.get::<_, Option<String>>(8)?, r.get::<_, String>(9)?),
                (
                    r.get::<_, i64>(10)?,
                    r.get::<_, Option<i64>>(11)?,
                    r.get::<_, bool>(12)?,
                ),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                (indicator, revision, at, origin),
                (file_name, sha),
                (sheet, cell),
                (old, new),
                (batch, reverts, draft),
            ) = row?;
            let origin = Origin::from_stored(&origin, draft, reverts, file_name, sha);
            let old = old
                .map(|o| serde_json::from_str(&o))
                .transpose()
                .map_err(json_err)?;
            let new = serde_json::from_str(&new).map_err(json_err)?;
            out.push(HistoryEntry {
                batch,
                indicator,
                revision,
                at,
                origin,
                sheet,
                cell,
                old,
                new,
            });
        }
        Ok(out)
    }

    /// The changes a person made last in a report and has not undone: the
    /// rows of the newest batch typed, pasted, imported or restored that no
    /// undo reverted yet. Empty when there is none.
    pub fn last_undoable(&self, report: &ReportRef) -> Result<Vec<HistoryEntry>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let batch: Option<i64> = self.conn.query_row(
            "SELECT max(batch) FROM history WHERE report_id = ?1 AND origin IN ('app', 'cli', 'import', 'restore')
               AND batch NOT IN (SELECT reverts FROM history WHERE report_id = ?1 AND origin = 'undo' AND reverts IS NOT NULL)",
            [id],
            |r| r.get(0),
        )?;
        match batch {
            Some(b) => self.history_where("batch = ?2", params![id, b]),
            None => Ok(Vec::new()),
        }
    }

    /// The history row of change `revision` of `indicator`, if there is one.
    pub fn history_row(
        &self,
        report: &ReportRef,
        indicator: &str,
        revision: i64,
    ) -> Result<Option<HistoryEntry>> {
        let Some(id) = report.id else { return Ok(None) };
        Ok(self
            .history_where(
                "indicator = ?2 AND revision = ?3",
                params![id, indicator, revision],
            )?
            .pop())
    }

    /// Removes binary-float noise that earlier versions stored
    /// (`91.29999999999998` read from a cell showing 91,3%): the value
    /// becomes the number shown, and the raw text too where it was only the
    /// rendering of that value (what a person typed is left as typed). Each
    /// repaired figure gets a new revision and a history row (origin
    /// `repair`), one batch per report. Returns how many were repaired.
    pub fn repair_float_noise(&mut self, now: OffsetDateTime) -> Result<usize> {
        use crate::number::{format_vi, has_noise, parse_figure, shown};
        // A database opened only to read is left as it is (what is shown and
        // exported is rounded anyway); the next opening to write repairs it.
        if self.conn.is_readonly(rusqlite::MAIN_DB)? {
            return Ok(0);
        }
        // Values first (cheap); whole figures only for the noisy ones.
        let mut stmt = self
            .conn
            .prepare("SELECT report_id, indicator, value FROM figure WHERE value IS NOT NULL")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })?;
        let mut noisy: Vec<(i64, String)> = Vec::new();
        for row in rows {
            let (report_id, indicator, value) = row?;
            if has_noise(value) {
                noisy.push((report_id, indicator));
            }
        }
        drop(stmt);
        let mut by_report: std::collections::BTreeMap<i64, Vec<FigureWrite>> = Default::default();
        for (report_id, indicator) in noisy {
            let (mut figure, sheet, cell) = self.conn.query_row(
                &format!("SELECT {FIGURE_COLUMNS}, sheet, cell FROM figure WHERE report_id = ?1 AND indicator = ?2"),
                params![report_id, indicator],
                |r| Ok((figure_from_row(r)?, r.get::<_, Option<String>>(10)?, r.get::<_, Option<String>>(11)?)),
            )?;
            let Some(value) = figure.value else { continue };
            if parse_figure(&figure.raw) == Ok(Some(value)) {
                let percent = if figure.raw.trim_end().ends_with('%') {
                    "%"
                } else {
                    ""
                };
                figure.raw = format!("{}{percent}", format_vi(value));
            }
            figure.value = Some(shown(value));
            by_report.entry(report_id).or_default().push(FigureWrite {
                figure,
                sheet,
                cell,
            });
        }
        if by_report.is_empty() {
            return Ok(0);
        }
        let at = timestamp(now);
        self.write_tx(|tx| {
            let mut count = 0;
            for (id, writes) in &by_report {
                let summary = write_rows(tx, *id, writes, &Origin::Repair, &at)?;
                count += summary.changed.len() + summary.new.len();
            }
            Ok(count)
        })
    }

    /// Records a file written for a report (creating the report row if needed).
    pub fn record_export(&mut self, report: &mut ReportRef, record: &ExportRecord) -> Result<()> {
        let period = report.period.to_string();
        let id =
            self.write_tx(|tx| {
                let id = ensure_report(tx, report, &period, &record.at)?;
                tx.execute(
                "INSERT INTO export (report_id, kind, at, path, sha256, figures_sha256, snapshot)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id, record.kind, record.at, record.path, record.sha256, record.figures_sha256,
                    serde_json::to_string(&record.snapshot).map_err(json_err)?
                ],
            )?;
                Ok(id)
            })?;
        report.id = Some(id);
        Ok(())
    }

    /// The files written for a report, oldest first.
    pub fn exports(&self, report: &ReportRef) -> Result<Vec<ExportRecord>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, at, path, sha256, figures_sha256, snapshot FROM export WHERE report_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], six_texts)?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, at, path, sha256, figures_sha256, snapshot) = row?;
            let snapshot = serde_json::from_str(&snapshot).map_err(json_err)?;
            out.push(ExportRecord {
                kind,
                at,
                path,
                sha256,
                figures_sha256,
                snapshot,
            });
        }
        Ok(out)
    }

    /// Reports stored for a unit, as (period, edition).
    pub fn reports_of(&self, unit_code: &str) -> Result<Vec<(Period, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT period, edition_id FROM report WHERE unit_code = ?1")?;
        let rows = stmt.query_map([unit_code], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (p, e) = row?;
            if let Ok(p) = p.parse() {
                out.push((p, e));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The preparer's details of `unit_code` (empty when none were saved),
    /// the place defaulting from the unit.
    pub fn profile(&self, unit_code: &str) -> Result<Profile> {
        let mut p = self
            .conn
            .query_row(
                "SELECT preparer, phone, email, head, place FROM profile WHERE unit_code = ?1",
                [unit_code],
                |r| {
                    Ok(Profile {
                        unit: unit_code.to_owned(),
                        preparer: r.get(0)?,
                        phone: r.get(1)?,
                        email: r.get(2)?,
                        head: r.get(3)?,
                        place: r.get(4)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_else(|| Profile {
                unit: unit_code.to_owned(),
                ..Profile::default()
            });
        if p.place.trim().is_empty() {
            if let Some(unit) = self.registry.get(unit_code) {
                p.place = default_place(&self.registry, unit);
            }
        }
        Ok(p)
    }

    /// Saves the preparer's details of `unit_code`. Details that name another
    /// unit (or none) are refused: one unit's preparer never lands on
    /// another's form.
    pub fn set_profile(&mut self, unit_code: &str, p: &Profile, now: OffsetDateTime) -> Result<()> {
        if p.unit != unit_code {
            return Err(Error::ProfileOfAnotherUnit {
                profile_unit: p.unit.clone(),
                unit: unit_code.to_owned(),
            });
        }
        self.write_tx(|tx| {
            tx.execute(
                "INSERT INTO profile (unit_code, preparer, phone, email, head, place, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (unit_code) DO UPDATE SET preparer = excluded.preparer, phone = excluded.phone,
                    email = excluded.email, head = excluded.head, place = excluded.place, updated_at = excluded.updated_at",
                params![unit_code, p.preparer.trim(), p.phone.trim(), p.email.trim(), p.head.trim(), p.place.trim(), timestamp(now)],
            )?;
            Ok(())
        })
    }

    /// Marks the report as sent another way (`sent`), or takes the mark
    /// back; each mark is a new row, the newest one counts.
    pub fn mark_sent(
        &mut self,
        report: &mut ReportRef,
        sent: bool,
        note: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        let period = report.period.to_string();
        let at = timestamp(now);
        let id = self.write_tx(|tx| {
            let id = ensure_report(tx, report, &period, &at)?;
            tx.execute(
                "INSERT INTO sent_mark (report_id, at, sent, note) VALUES (?1, ?2, ?3, ?4)",
                params![id, at, sent, note.trim()],
            )?;
            Ok(id)
        })?;
        report.id = Some(id);
        Ok(())
    }

    /// The report's marks, oldest first.
    pub fn sent_marks(&self, report: &ReportRef) -> Result<Vec<SentMark>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, sent, note FROM sent_mark WHERE report_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(SentMark {
                at: r.get(0)?,
                sent: r.get(1)?,
                note: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether the report's newest mark says it was sent another way.
    pub fn sent_otherwise(&self, report: &ReportRef) -> Result<bool> {
        Ok(self.sent_marks(report)?.last().is_some_and(|m| m.sent))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write_tx(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }

    /// Runs `f` in one IMMEDIATE transaction (the write lock is taken first,
    /// so two writers never interleave).
    pub(crate) fn write_tx<T>(
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

/// The columns `figure_from_row` reads, in its order.
const FIGURE_COLUMNS: &str =
    "indicator, value, raw, status, status_raw, source, trend, comparison, proposals, notes";

/// A figure from the first ten columns of a row (`FIGURE_COLUMNS`).
fn figure_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Figure> {
    let status: Option<String> = r.get(3)?;
    Ok(Figure {
        indicator: r.get(0)?,
        value: r.get(1)?,
        raw: r.get(2)?,
        status: status.as_deref().and_then(Status::parse),
        status_raw: r.get(4)?,
        source: r.get(5)?,
        trend: r.get(6)?,
        comparison: r.get(7)?,
        proposals: r.get(8)?,
        notes: r.get(9)?,
    })
}

/// Writes figures of report `id` in the open transaction, as one batch: a
/// new revision and a history row for each figure whose content changed.
fn write_rows(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    figures: &[FigureWrite],
    origin: &Origin,
    at: &str,
) -> Result<WriteSummary> {
    let batch: i64 = tx.query_row("SELECT coalesce(max(batch), 0) + 1 FROM history", [], |r| {
        r.get(0)
    })?;
    let mut summary = WriteSummary::default();
    for w in figures {
        let f = &w.figure;
        let old: Option<(Figure, i64)> = tx
            .query_row(
                &format!("SELECT {FIGURE_COLUMNS}, revision FROM figure WHERE report_id = ?1 AND indicator = ?2"),
                params![id, f.indicator],
                |r| Ok((figure_from_row(r)?, r.get(10)?)),
            )
            .optional()?;
        if let Some((ref o, _)) = old {
            if o == f {
                summary.unchanged.push(f.indicator.clone());
                continue;
            }
        }
        let revision = old.as_ref().map_or(1, |(_, r)| r + 1);
        tx.execute(
            "INSERT INTO figure (report_id, indicator, value, raw, status, status_raw, source, trend,
                                 comparison, proposals, notes, sheet, cell, revision, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (report_id, indicator) DO UPDATE SET
                value = excluded.value, raw = excluded.raw, status = excluded.status,
                status_raw = excluded.status_raw, source = excluded.source, trend = excluded.trend,
                comparison = excluded.comparison, proposals = excluded.proposals, notes = excluded.notes,
                sheet = excluded.sheet, cell = excluded.cell, revision = excluded.revision,
                updated_at = excluded.updated_at",
            params![
                id, f.indicator, f.value, f.raw, f.status.map(Status::as_str), f.status_raw, f.source,
                f.trend, f.comparison, f.proposals, f.notes, w.sheet, w.cell, revision, at
            ],
        )?;
        let (file_name, file_sha) = match origin {
            Origin::Import { file_name, sha256 } => {
                (Some(file_name.as_str()), Some(sha256.as_str()))
            }
            _ => (None, None),
        };
        let old_json = old
            .as_ref()
            .map(|(o, _)| serde_json::to_string(o))
            .transpose()
            .map_err(json_err)?;
        tx.execute(
            "INSERT INTO history (report_id, indicator, revision, at, origin, file_name, file_sha256, sheet, cell, old, new, batch, reverts, from_draft)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                id, f.indicator, revision, at, origin.kind(), file_name, file_sha, w.sheet, w.cell,
                old_json, serde_json::to_string(f).map_err(json_err)?, batch, origin.reverts(), origin.is_draft()
            ],
        )?;
        if old.is_some() {
            &mut summary.changed
        } else {
            &mut summary.new
        }
        .push(f.indicator.clone());
    }
    Ok(summary)
}

/// Gives a stored report that has no figure yet the edition now chosen for it.
fn adopt_edition(tx: &rusqlite::Transaction<'_>, id: i64, edition_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE report SET edition_id = ?2 WHERE id = ?1 AND edition_id <> ?2 AND NOT EXISTS (SELECT 1 FROM figure WHERE report_id = ?1)",
        params![id, edition_id],
    )?;
    Ok(())
}

pub(crate) fn ensure_report(
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

fn user_unit(
    code: String,
    name: String,
    short_name: String,
    unit_type: UnitType,
    parent: Option<String>,
) -> Unit {
    Unit {
        code,
        name,
        short_name,
        aliases: Vec::new(),
        unit_type,
        category: String::new(),
        parent,
        valid_from: None,
        valid_to: None,
        successors: Vec::new(),
        source: String::new(),
        note: String::new(),
        receives_reports: false,
        user_added: true,
    }
}

fn json_err(e: serde_json::Error) -> Error {
    Error::Database(format!("dữ liệu JSON không hợp lệ: {e}"))
}

fn insert_edition(
    tx: &rusqlite::Transaction<'_>,
    e: &Edition,
    origin: &str,
    now: OffsetDateTime,
) -> Result<()> {
    let data = serde_json::to_string(e).map_err(json_err)?;
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO edition (id, title, first_year, origin, sha256, data, loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![e.id, e.title, e.first_year, origin, sha256_hex(data.as_bytes()), data, timestamp(now)],
    )?;
    if inserted == 0 {
        return Ok(());
    }
    for (pos, item) in e.items.iter().enumerate() {
        tx.execute(
            "INSERT INTO indicator (edition_id, code, position, kind, name, unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                e.id,
                item.code,
                pos as i64,
                serde_json::to_value(item.kind).map_err(json_err)?.as_str().unwrap_or_default(),
                item.name,
                item.unit
            ],
        )?;
    }
    Ok(())
}

/// Applies the migrations the database lacks, each in its own transaction.
pub fn migrate(conn: &Connection) -> Result<()> {
    migrate_to(conn, schema_version())
}

/// Applies the migrations up to schema `target` (tests build older databases
/// with it).
pub fn migrate_to(conn: &Connection, target: i64) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target.max(0) as usize)
        .skip(version.max(0) as usize)
    {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!(
            "PRAGMA user_version = {}; PRAGMA application_id = {APPLICATION_ID};",
            i + 1
        ))?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_from_scratch_and_are_idempotent() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema_version());
        let id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
        let fk: Vec<String> = conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(fk.is_empty());
    }

    #[test]
    fn history_is_append_only() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO edition VALUES ('e', 't', 2023, 'embedded', 'x', '{}', 'now');
             INSERT INTO report VALUES (1, 'U', '2024', 'e', 'now');
             INSERT INTO history (report_id, indicator, revision, at, origin, new, batch) VALUES (1, '1.1', 1, 'now', 'cli', '{}', 1);",
        )
        .unwrap();
        assert!(conn.execute("UPDATE history SET new = 'x'", []).is_err());
        assert!(conn.execute("DELETE FROM history", []).is_err());
    }
    /// A database of schema 2 (before batches) with history: the rows are
    /// kept as they were, those of one write share a batch, history stays
    /// append-only, and new writes continue it.
    #[test]
    fn history_of_an_older_database_is_kept_and_batched() {
        let conn = Connection::open_in_memory().unwrap();
        migrate_to(&conn, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO edition VALUES ('e', 't', 2023, 'embedded', 'x', '{}', 'now');
             INSERT INTO report VALUES (1, 'U', '2024', 'e', 'now');
             INSERT INTO history (report_id, indicator, revision, at, origin, new) VALUES (1, '1.1', 1, 't1', 'app', '{}');
             INSERT INTO history (report_id, indicator, revision, at, origin, new) VALUES (1, '1.2', 1, 't1', 'app', '{}');
             INSERT INTO history (report_id, indicator, revision, at, origin, new) VALUES (1, '1.1', 2, 't2', 'cli', '{}');",
        )
        .unwrap();
        migrate(&conn).unwrap();
        let rows: Vec<(i64, String, i64)> = conn
            .prepare("SELECT id, indicator, batch FROM history ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            rows,
            [
                (1, "1.1".to_owned(), 1),
                (2, "1.2".to_owned(), 1),
                (3, "1.1".to_owned(), 3)
            ]
        );
        assert!(conn.execute("UPDATE history SET new = 'x'", []).is_err());
        assert!(conn.execute("DELETE FROM history", []).is_err());
        conn.execute("INSERT INTO history (report_id, indicator, revision, at, origin, new, batch) VALUES (1, '1.3', 1, 't3', 'undo', '{}', 4)", [])
            .unwrap();
        let id: i64 = conn
            .query_row("SELECT max(id) FROM history", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, 4);
    }

    /// Issue 11, point 2: figures an earlier version stored with float noise
    /// (from a cell showing 91,3%) are repaired when the database is opened,
    /// each with a history row; what a person typed stays as typed.
    #[test]
    fn float_noise_in_stored_figures_is_repaired_with_history() {
        let now = time::macros::datetime!(2024-07-01 03:00 UTC);
        let mut store = Store::open_in_memory(now).unwrap();
        let mut report = store
            .report("THAI-NGUYEN", "2024-Q2".parse().unwrap())
            .unwrap();
        let noisy = |code: &str, value: f64, raw: &str| FigureWrite {
            figure: Figure {
                value: Some(value),
                raw: raw.to_owned(),
                status: Some(Status::Official),
                ..Figure::new(code)
            },
            sheet: Some("PL01".into()),
            cell: Some("F9".into()),
        };
        let writes = [
            noisy("1.1", 91.29999999999998, "91,29999999999998%"),
            noisy("1.2", 7.200000000000001, "7,200000000000001"),
            noisy("1.3", 86.97, "86,97"),
        ];
        store
            .write_figures(
                &mut report,
                &writes,
                &Origin::Import {
                    file_name: "a.xlsx".into(),
                    sha256: "x".into(),
                },
                now,
            )
            .unwrap();
        assert_eq!(store.repair_float_noise(now).unwrap(), 2);
        let figures = store.figures(&report).unwrap();
        let get = |c: &str| figures.iter().find(|f| f.figure.indicator == c).unwrap();
        assert_eq!(
            (get("1.1").figure.value, get("1.1").figure.raw.as_str()),
            (Some(91.3), "91,3%")
        );
        assert_eq!(
            (get("1.2").figure.value, get("1.2").figure.raw.as_str()),
            (Some(7.2), "7,2")
        );
        assert_eq!(get("1.1").cell.as_deref(), Some("F9"));
        assert_eq!(get("1.3").revision, 1);
        let history = store.history(&report, None).unwrap();
        let repairs: Vec<&HistoryEntry> = history
            .iter()
            .filter(|h| h.origin == Origin::Repair)
            .collect();
        assert_eq!(repairs.len(), 2);
        assert_eq!(
            repairs[0].old.as_ref().and_then(|o| o.value),
            Some(91.29999999999998)
        );
        // Nothing left to repair; a repair is not a person's change to undo.
        assert_eq!(store.repair_float_noise(now).unwrap(), 0);
        let undoable = store.last_undoable(&report).unwrap();
        assert!(undoable
            .iter()
            .all(|h| matches!(h.origin, Origin::Import { .. })));
    }

    #[test]
    fn a_units_profile_loads_with_it_and_another_units_is_never_saved_over_it() {
        let now = time::macros::datetime!(2026-12-01 03:00 UTC);
        let mut store = Store::open_in_memory(now).unwrap();
        let mut tn = store.profile("THAI-NGUYEN").unwrap();
        assert_eq!(
            (tn.unit.as_str(), tn.place.as_str()),
            ("THAI-NGUYEN", "Thái Nguyên")
        );
        tn.preparer = "Nguyễn Thị Hoa".into();
        store.set_profile("THAI-NGUYEN", &tn, now).unwrap();
        // Thái Nguyên's details saved under Tuyên Quang: refused, nothing written.
        let e = store.set_profile("TUYEN-QUANG", &tn, now).unwrap_err();
        assert_eq!(e.code(), "profile_of_another_unit");
        assert!(e.to_string().contains("THAI-NGUYEN"));
        let tq = store.profile("TUYEN-QUANG").unwrap();
        assert_eq!(
            (tq.unit.as_str(), tq.preparer.as_str(), tq.place.as_str()),
            ("TUYEN-QUANG", "", "Tuyên Quang")
        );
        // Details naming no unit are refused too.
        assert!(store
            .set_profile(
                "TUYEN-QUANG",
                &Profile {
                    preparer: "X".into(),
                    ..Profile::default()
                },
                now
            )
            .is_err());
        assert_eq!(
            store.profile("THAI-NGUYEN").unwrap().preparer,
            "Nguyễn Thị Hoa"
        );
    }

    #[test]
    fn the_place_defaults_from_the_unit() {
        let store = Store::open_in_memory(time::macros::datetime!(2026-12-01 03:00 UTC)).unwrap();
        let place = |code: &str| store.profile(code).unwrap().place;
        assert_eq!(place("TUYEN-QUANG"), "Tuyên Quang");
        assert_eq!(place("HA-NOI"), "Hà Nội");
        assert_eq!(place("BTTTT"), "Hà Nội");
    }

    #[test]
    fn sent_marks_are_append_only() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO edition VALUES ('e', 't', 2023, 'embedded', 'x', '{}', 'now');
             INSERT INTO report VALUES (1, 'U', '2024', 'e', 'now');
             INSERT INTO sent_mark (report_id, at, sent) VALUES (1, 'now', 1);",
        )
        .unwrap();
        assert!(conn.execute("UPDATE sent_mark SET sent = 0", []).is_err());
        assert!(conn.execute("DELETE FROM sent_mark", []).is_err());
    }
}

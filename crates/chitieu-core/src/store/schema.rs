//! The schema of the store's database: its application id, its migrations,
//! and what a file at a path holds before it is opened to write; and
//! `open_owned`, the one way a database of ours (the store's, the receiving
//! agency's `consolidate::db`) is opened: its application id checked, its
//! migrations applied.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

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

/// Applies the migrations the database lacks, each in its own transaction.
pub fn migrate(conn: &Connection) -> Result<()> {
    migrate_to(conn, schema_version())
}

/// Applies the migrations up to schema `target` (tests build older databases
/// with it).
pub fn migrate_to(conn: &Connection, target: i64) -> Result<()> {
    Ok(apply_migrations(conn, APPLICATION_ID, MIGRATIONS, target)?)
}

/// Applies `migrations` from the database's `user_version` up to `target`,
/// each in its own transaction that also sets the version and `app_id`.
fn apply_migrations(
    conn: &Connection,
    app_id: i64,
    migrations: &[&str],
    target: i64,
) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in migrations
        .iter()
        .enumerate()
        .take(target.max(0) as usize)
        .skip(version.max(0) as usize)
    {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!(
            "PRAGMA user_version = {}; PRAGMA application_id = {app_id};",
            i + 1
        ))?;
        tx.commit()?;
    }
    Ok(())
}

/// `PRAGMA application_id` of a consolidation database ("cthg").
pub const RECEIVED_APPLICATION_ID: i64 = 0x6374_6867;

/// The receiving agency's database of what it received (`consolidate::db`,
/// a database of its own beside the store's): forward-only, like the
/// store's; index + 1 is the version.
pub const RECEIVED_MIGRATIONS: &[&str] = &[
    // 1: received files, the names and times they came under, their figures.
    r#"
    CREATE TABLE received_file (
        sha256          TEXT PRIMARY KEY,
        outcome         TEXT NOT NULL CHECK (outcome IN ('read', 'rejected')),
        unit_code       TEXT,
        period          TEXT,
        edition_id      TEXT,
        error_code      TEXT,
        message         TEXT,
        errors          INTEGER NOT NULL DEFAULT 0,
        figures_sha256  TEXT,
        exported_at     TEXT,
        export_figures_sha256 TEXT,
        edited_after_export INTEGER,
        recorded_at     TEXT NOT NULL
    );
    CREATE INDEX received_by_period ON received_file (period, unit_code);
    CREATE TABLE received_copy (
        sha256          TEXT NOT NULL REFERENCES received_file(sha256),
        path            TEXT NOT NULL,
        file_name       TEXT NOT NULL,
        modified_at     TEXT,
        size            INTEGER NOT NULL,
        PRIMARY KEY (sha256, path)
    );
    CREATE TABLE received_figure (
        sha256          TEXT NOT NULL REFERENCES received_file(sha256),
        indicator       TEXT NOT NULL,
        value           REAL,
        raw             TEXT NOT NULL,
        status          TEXT,
        error           TEXT,
        PRIMARY KEY (sha256, indicator)
    );
    "#,
    // 2: hand corrections of when a unit's report was received (insert
    // only: the latest row of a unit and period stands, the rows before it
    // are its history), and the library's own text of a refusal, kept apart
    // from the Vietnamese message.
    r#"
    CREATE TABLE received_correction (
        id              INTEGER PRIMARY KEY,
        period          TEXT NOT NULL,
        unit_code       TEXT NOT NULL,
        received_at     TEXT,
        reason          TEXT NOT NULL,
        recorded_at     TEXT NOT NULL
    );
    CREATE INDEX correction_by_unit ON received_correction (period, unit_code, id);
    ALTER TABLE received_file ADD COLUMN detail TEXT;
    "#,
];

/// Whose a database is, by its application id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// It carries `app_id`.
    Ours,
    /// No application id and no table: a new, empty database.
    Empty,
    /// Another program's (or ours for another purpose).
    Other,
}

/// The application-id check of a database of ours.
fn owner(conn: &Connection, app_id: i64) -> rusqlite::Result<Owner> {
    let found: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok(if found == app_id {
        Owner::Ours
    } else if found == 0 && tables == 0 {
        Owner::Empty
    } else {
        Owner::Other
    })
}

/// How every connection to a database of ours is set up: a busy timeout,
/// WAL, foreign keys, `synchronous=FULL`.
pub(super) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
    )
}

/// Why `open_owned` refused or failed to open a database.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The folder to hold it could not be created.
    #[error("{source}")]
    Folder {
        dir: PathBuf,
        source: std::io::Error,
    },
    /// SQLite could not open the file.
    #[error("{0}")]
    Open(rusqlite::Error),
    /// Another program's database (or not a database at all).
    #[error("not a database of ours")]
    NotOurs,
    /// A newer version's: its schema is past the migrations known here.
    #[error("schema version {found} is newer than {supported}")]
    Newer { found: i64, supported: i64 },
    /// Setting it up or migrating it failed.
    #[error("{0}")]
    Sqlite(rusqlite::Error),
}

/// Opens the database at `path` that this program owns under `app_id`,
/// creating it (and its folder) when missing: a database with another
/// application id (or tables and none) is refused, as is one a newer
/// version wrote (a schema past `migrations`), before anything is written
/// to it; then the connection is configured and the migrations it lacks
/// are applied, each in its own transaction.
pub fn open_owned(
    path: &Path,
    app_id: i64,
    migrations: &[&str],
) -> std::result::Result<Connection, OpenError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| OpenError::Folder {
            dir: dir.to_owned(),
            source,
        })?;
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(OpenError::Open)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(OpenError::Sqlite)?;
    // What cannot even be read as a database is not ours either; any other
    // failure (a full disk, an I/O error) is said as what it is.
    let owned = owner(&conn, app_id).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => OpenError::NotOurs,
        _ => OpenError::Sqlite(e),
    })?;
    if owned == Owner::Other {
        return Err(OpenError::NotOurs);
    }
    configure(&conn).map_err(OpenError::Sqlite)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(OpenError::Sqlite)?;
    let supported = migrations.len() as i64;
    if version > supported {
        return Err(OpenError::Newer {
            found: version,
            supported,
        });
    }
    apply_migrations(&conn, app_id, migrations, supported).map_err(OpenError::Sqlite)?;
    Ok(conn)
}

/// How the file at a path looks before we touch it.
pub(super) enum Existing {
    Missing,
    Empty,
    Ours { version: i64 },
}

pub(super) fn inspect(path: &Path) -> Result<Existing> {
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
    match owner(&conn, APPLICATION_ID).map_err(corrupt)? {
        Owner::Ours => {}
        Owner::Empty => return Ok(Existing::Empty),
        Owner::Other => {
            return Err(Error::NotOurDatabase {
                path: path.to_owned(),
            })
        }
    }
    let version = q("PRAGMA user_version")?;
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
pub(super) fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
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

pub(super) fn map_open_error(path: &Path, e: rusqlite::Error) -> Error {
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
}

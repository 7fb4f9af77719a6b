//! What the shell keeps between commands: the store, the clock, the files
//! the user picked or the app wrote, and the desktop (native dialogs).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chitieu_core::store::Store;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

use crate::error::{IpcError, Result};

/// The environment variable that fixes the clock (RFC 3339), for tests.
pub const NOW_ENV: &str = "CHITIEU_NOW";

pub use chitieu_core::period::VIETNAM;

/// The clock, read once per command at the edge.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(OffsetDateTime),
}

impl Clock {
    /// `CHITIEU_NOW` when set and valid, else the system clock.
    pub fn from_env() -> Clock {
        std::env::var(NOW_ENV)
            .ok()
            .and_then(|s| OffsetDateTime::parse(s.trim(), &Rfc3339).ok())
            .map_or(Clock::System, Clock::Fixed)
    }

    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(t) => *t,
        }
    }
}

/// The calendar day in Vietnam at `now`.
pub fn today(now: OffsetDateTime) -> Date {
    now.to_offset(VIETNAM).date()
}

/// The database, opened on first use (so the window shows at once) and kept
/// open behind a lock: one command at a time touches it.
pub struct Db {
    path: PathBuf,
    backups: PathBuf,
    store: Mutex<Option<Store>>,
}

impl Db {
    pub fn new(path: PathBuf, backups: PathBuf) -> Db {
        Db {
            path,
            backups,
            store: Mutex::new(None),
        }
    }

    /// The database the CLI uses too (`CHITIEU_DB`, else the per-user file).
    pub fn default_location() -> Db {
        let path = chitieu_core::paths::database(None);
        let backups = chitieu_core::paths::backup_dir(&path);
        Db::new(path, backups)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn backups(&self) -> &Path {
        &self.backups
    }

    /// Runs `f` on the store, opening it first if needed. A database that
    /// cannot be opened (corrupt, foreign, newer) is an error each time, and
    /// is tried again on the next command.
    pub fn with<T>(
        &self,
        now: OffsetDateTime,
        f: impl FnOnce(&mut Store) -> chitieu_core::Result<T>,
    ) -> Result<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| IpcError::internal("khóa cơ sở dữ liệu bị hỏng"))?;
        if guard.is_none() {
            *guard = Some(Store::open(&self.path, &self.backups, now)?);
        }
        match guard.as_mut() {
            Some(store) => f(store).map_err(IpcError::from),
            None => Err(IpcError::internal("cơ sở dữ liệu chưa mở")),
        }
    }
}

impl Db {
    /// Restores the newest sound copy of the backup folder over the
    /// database (the core checks the copy and keeps the current database
    /// aside). The store is closed first and reopened on the next command.
    /// The copy is chosen here, never named by the webview.
    pub fn restore_latest(&self, now: OffsetDateTime) -> Result<crate::models::RestoreDone> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| IpcError::internal("khóa cơ sở dữ liệu bị hỏng"))?;
        *guard = None;
        let latest = chitieu_core::store::backup::latest_good(&self.backups)
            .ok_or_else(|| IpcError::no_backup(&self.backups))?;
        let done =
            chitieu_core::store::backup::restore(&self.path, &latest.path, &self.backups, now)?;
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        Ok(crate::models::RestoreDone {
            restored_from: latest.name,
            kept_aside: done.kept_aside.as_deref().map(name),
        })
    }

    /// Restores the copy `from`, a file the person picked (checked by the
    /// core first; the current database kept aside in the backup folder).
    pub fn restore_from(
        &self,
        from: &Path,
        now: OffsetDateTime,
    ) -> Result<crate::models::RestoreDone> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| IpcError::internal("khóa cơ sở dữ liệu bị hỏng"))?;
        chitieu_core::store::backup::check(from)?;
        *guard = None;
        let done = chitieu_core::store::backup::restore(&self.path, from, &self.backups, now)?;
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        Ok(crate::models::RestoreDone {
            restored_from: name(from),
            kept_aside: done.kept_aside.as_deref().map(name),
        })
    }

    /// The newest sound copy's file name, if any.
    pub fn latest_backup(&self) -> Option<String> {
        chitieu_core::store::backup::latest_good(&self.backups).map(|b| b.name)
    }
}

/// Files known by an opaque token: the webview names a file only by the
/// token the shell gave it, never by a path.
#[derive(Default)]
pub struct Files {
    picked: Mutex<HashMap<String, PathBuf>>,
    written: Mutex<HashMap<String, PathBuf>>,
}

/// Which list a token belongs to.
#[derive(Debug, Clone, Copy)]
pub enum FileKind {
    /// Picked by the user to import.
    Picked,
    /// Written by the shell (an export).
    Written,
}

impl Files {
    fn map(&self, kind: FileKind) -> &Mutex<HashMap<String, PathBuf>> {
        match kind {
            FileKind::Picked => &self.picked,
            FileKind::Written => &self.written,
        }
    }

    /// Remembers `path` and returns its new token.
    pub fn remember(&self, kind: FileKind, path: PathBuf) -> Result<String> {
        let token = new_token()?;
        self.map(kind)
            .lock()
            .map_err(|_| IpcError::internal("khóa danh sách tệp bị hỏng"))?
            .insert(token.clone(), path);
        Ok(token)
    }

    pub fn get(&self, kind: FileKind, token: &str) -> Result<PathBuf> {
        self.map(kind)
            .lock()
            .map_err(|_| IpcError::internal("khóa danh sách tệp bị hỏng"))?
            .get(token)
            .cloned()
            .ok_or_else(IpcError::unknown_file)
    }

    pub fn forget(&self, kind: FileKind, token: &str) -> Result<()> {
        self.map(kind)
            .lock()
            .map_err(|_| IpcError::internal("khóa danh sách tệp bị hỏng"))?
            .remove(token);
        Ok(())
    }
}

/// 128 random bits, hex.
fn new_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|_| IpcError::internal("không tạo được mã tệp"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the shell asks of the desktop: native dialogs and the file manager.
/// The real app implements it with tauri-plugin-dialog and -opener; tests
/// with fixed answers. Methods block: call them off the main thread.
pub trait Desktop: Send + Sync + 'static {
    /// The workbook to import, or `None` when the person cancels.
    fn pick_workbook(&self) -> Result<Option<PathBuf>>;
    /// The indicator set to load (a workbook or a TOML catalogue file), or
    /// `None` when the person cancels.
    fn pick_edition(&self) -> Result<Option<PathBuf>> {
        self.pick_workbook()
    }
    /// Where to save a workbook, `suggested` being the proposed file name
    /// and `folder` the one to open in (the last one used), if any.
    fn save_workbook(&self, suggested: &str, folder: Option<&Path>) -> Result<Option<PathBuf>>;
    /// Where to save the receiving agency's summary workbook, in a dialog
    /// titled `title`.
    fn save_summary(
        &self,
        title: &str,
        suggested: &str,
        folder: Option<&Path>,
    ) -> Result<Option<PathBuf>> {
        let _ = title;
        self.save_workbook(suggested, folder)
    }
    /// Where to save a copy of the database.
    fn save_backup(&self, suggested: &str, folder: Option<&Path>) -> Result<Option<PathBuf>>;
    /// The copy of a database to restore, or `None` when the person cancels.
    fn pick_backup(&self) -> Result<Option<PathBuf>>;
    /// The folder of the units' files to consolidate (receiving agency),
    /// or `None` when the person cancels.
    fn pick_folder(&self) -> Result<Option<PathBuf>> {
        Ok(None)
    }
    /// The PDF to sign, or `None` when the person cancels.
    fn pick_pdf(&self) -> Result<Option<PathBuf>> {
        Ok(None)
    }
    /// A token's PKCS#11 driver (a .dll, a .so), or `None` when the person
    /// cancels.
    fn pick_driver(&self) -> Result<Option<PathBuf>> {
        Ok(None)
    }
    /// Shows the file in its folder.
    fn reveal(&self, path: &Path) -> Result<()>;
    /// Shows the main window (once the UI has drawn its first screen).
    fn show_main_window(&self) -> Result<()>;
}

/// Everything managed by the app, behind one `Arc` so commands can move it
/// into a blocking task.
pub struct Shell {
    pub db: Db,
    pub clock: Clock,
    pub files: Files,
    pub desktop: Box<dyn Desktop>,
    /// When the process started (for the startup benchmark).
    pub started: std::time::Instant,
}

pub type ShellState = Arc<Shell>;

//! Where the database lives by default, shared by the CLI and the desktop
//! app so both work on the same figures.

use std::path::{Path, PathBuf};

/// The environment variable that picks another database.
pub const DB_ENV: &str = "CHITIEU_DB";

/// The per-user data folder (`~/.local/share/chitieu` on Linux,
/// `%LOCALAPPDATA%\chitieu\chitieu\data` on Windows). On Windows the local,
/// not the roaming, application-data folder: offices redirect the roaming one
/// to a network share, where SQLite's locking is not safe (docs/WINDOWS.md).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "chitieu", "chitieu")
        .map(|d| d.data_local_dir().to_owned())
}

/// The database to use: the `--db` flag, else `CHITIEU_DB`, else the
/// default file in the per-user data folder (else the current folder).
pub fn database(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_owned();
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(p);
    }
    default_data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("chitieu.db")
}

/// The folder that receives automatic backups of the database at `db`.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

//! Writing files so that a crash never leaves half a file under the final
//! name: a temporary file in the same folder, flushed to disk, then renamed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The temporary name used while writing `path` (same folder, hidden).
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    path.with_file_name(format!(".{name}.{}-{nanos}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` atomically. On any error the target is left as
/// it was and the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_path(path);
    let result = (|| -> io::Result<()> {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        replace(&tmp, path)?;
        sync_dir(path);
        Ok(())
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        classify(path, e)
    })
}

/// Lets `fill` write a temporary file beside `to`, then moves it over `to`
/// in the same manner.
pub fn fill_atomically(to: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let tmp = temp_path(to);
    let result = fill(&tmp).and_then(|()| {
        // Opened for writing (not truncated): Windows flushes a file only
        // through a handle that may write to it (FlushFileBuffers).
        OpenOptions::new()
            .write(true)
            .open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| classify(to, e))?;
        replace(&tmp, to).map_err(|e| classify(to, e))?;
        sync_dir(to);
        Ok(())
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn replace(tmp: &Path, path: &Path) -> io::Result<()> {
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "target is a directory",
        ));
    }
    fs::rename(tmp, path)
}

fn sync_dir(path: &Path) {
    // Make the rename itself durable. Best effort: not every file system
    // lets a directory be opened and synced.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Turns an I/O error on `path` into the core's error, telling a target held
/// by another program apart.
pub fn classify(path: &Path, e: io::Error) -> Error {
    // Windows reports a file open in Excel as a sharing violation (32) or
    // lock violation (33); elsewhere a busy text file (26).
    if (cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)))
        || e.kind() == io::ErrorKind::ExecutableFileBusy
    {
        return Error::FileInUse {
            path: path.to_owned(),
        };
    }
    // Renaming over a file that Excel holds open is refused on Windows as
    // "access denied" (5): tell that apart from a folder we may not write.
    if cfg!(windows) && e.raw_os_error() == Some(5) && held_open(path) {
        return Error::FileInUse {
            path: path.to_owned(),
        };
    }
    Error::io(path, e)
}

/// Whether another program holds `path` open without letting others write
/// to it (as Excel does with the workbook it shows, and with its `~$` lock
/// file): opening it for writing is then a sharing violation. Opening does
/// not truncate or change the file.
#[cfg(windows)]
fn held_open(path: &Path) -> bool {
    match OpenOptions::new().write(true).open(path) {
        Ok(_) => false,
        Err(e) => matches!(e.raw_os_error(), Some(32 | 33)),
    }
}

/// Unix has no mandatory sharing modes: a file is never held this way.
#[cfg(not(windows))]
fn held_open(_path: &Path) -> bool {
    false
}

/// What the file system under `path` says when SQLite reports a bare
/// "disk I/O error": full, or mounted read-only. `None` when neither.
#[allow(unsafe_code)]
pub fn condition(path: &Path) -> Option<io::Error> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        // SAFETY: `statvfs` is a plain C struct; all-zero bytes are a valid value.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: `c` is a valid NUL-terminated path and `st` a valid out-pointer.
        if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
            return None;
        }
        if st.f_flag & libc::ST_RDONLY != 0 {
            return Some(io::Error::from_raw_os_error(libc::EROFS));
        }
        let free = (st.f_bavail as u64).saturating_mul(st.f_frsize as u64);
        if free < 256 * 1024 {
            return Some(io::Error::from_raw_os_error(libc::ENOSPC));
        }
        None
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Turns a storage error on `path` into what the file system explains: a
/// full disk or a read-only folder, when that is the cause.
pub fn explain(path: &Path, e: Error) -> Error {
    match e {
        Error::Database(_) | Error::Io { .. } => match condition(path) {
            Some(io) => Error::io(path, io),
            None => e,
        },
        other => other,
    }
}

/// Whether another program seems to hold `path` open for editing: Excel and
/// LibreOffice leave a lock file beside the document (`~$name.xlsx`,
/// `.~lock.name.xlsx#`). On Windows a lock file left behind by a crash must
/// not block exports for ever, so there it counts only while a program holds
/// it (or the document itself) open; see docs/WINDOWS.md.
pub fn held_by_office(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return false;
    };
    let excel = path.with_file_name(format!("~${name}"));
    let libre = path.with_file_name(format!(".~lock.{name}#"));
    if cfg!(windows) {
        held_open(path) || held_open(&excel) || held_open(&libre)
    } else {
        excel.exists() || libre.exists()
    }
}

/// The SHA-256 of a file's bytes (or any bytes), in lowercase hex: how
/// files are known again and how exports are identified.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.xlsx");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_a_clear_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no/such/a.xlsx");
        let e = write_atomically(&p, b"x").unwrap_err();
        assert_eq!(e.code(), "not_found");
        assert!(e.to_string().contains("a.xlsx"));
    }

    #[cfg(not(windows))]
    #[test]
    fn detects_office_lock_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("PL01.xlsx");
        assert!(!held_by_office(&p));
        fs::write(dir.path().join(".~lock.PL01.xlsx#"), "x").unwrap();
        assert!(held_by_office(&p));
    }

    /// Excel holds the workbook it shows open with read sharing only: an
    /// export over it is refused with the "file in use" message and the
    /// workbook is left as it was, with no temporary file beside it. A lock
    /// file nobody holds (Excel crashed) does not block.
    #[cfg(windows)]
    #[test]
    fn a_workbook_held_open_is_in_use_and_kept() {
        use std::os::windows::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Báo cáo Quý IV.xlsx");
        fs::write(&p, b"old").unwrap();
        fs::write(dir.path().join("~$Báo cáo Quý IV.xlsx"), b"owner").unwrap();
        assert!(
            !held_by_office(&p),
            "a stale lock file alone does not block"
        );
        const FILE_SHARE_READ: u32 = 1;
        let excel = OpenOptions::new()
            .read(true)
            .share_mode(FILE_SHARE_READ)
            .open(&p)
            .unwrap();
        assert!(held_by_office(&p));
        let e = write_atomically(&p, b"new").unwrap_err();
        assert_eq!(e.code(), "file_in_use", "{e}");
        assert!(
            e.to_string().contains("Báo cáo Quý IV.xlsx") && e.to_string().contains("Excel"),
            "{e}"
        );
        drop(excel);
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary file left"
        );
        write_atomically(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
    }
}

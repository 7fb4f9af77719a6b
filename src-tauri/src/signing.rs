//! «Ký số»: the token driver (the usual ones, or one picked in a native
//! dialog), the PDF to sign (picked, or one the app wrote), the token's
//! certificates, and the signature. Each command one call into
//! `chitieu_core::signing`.
//!
//! The webview names a PDF only by its file token. It names a driver by
//! its path, but the shell loads only a driver it offered (a usual one
//! present on this machine, the one last used) or one the person picked in
//! the dialog: a page cannot make the app load a library of its choosing.
//! The PIN arrives as a `Zeroizing<String>` (wiped when dropped), is lent to
//! the core for the one call, and is never stored, logged or put in an
//! error.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chitieu_core::signing::{self, Driver, DriverSuggestion, Signed, TokenCertificate};
use serde::Serialize;
use tauri::State;
use zeroize::Zeroizing;

use crate::commands::{blocking, file_name, remembered};
use crate::error::{IpcError, Result};
use crate::models::PickedFile;
use crate::state::{FileKind, Shell, ShellState};

/// The setting holding the driver last used.
pub const DRIVER: &str = "signing.driver";

/// The drivers the shell has offered or the person picked: the only ones
/// it loads.
#[derive(Default)]
pub struct Signing {
    allowed: Mutex<HashSet<PathBuf>>,
}

pub type SigningState = Arc<Signing>;

impl Signing {
    fn allow(&self, path: PathBuf) -> Result<()> {
        self.allowed.lock().map_err(|_| poisoned())?.insert(path);
        Ok(())
    }

    fn check(&self, path: &Path) -> Result<()> {
        if self.allowed.lock().map_err(|_| poisoned())?.contains(path) {
            Ok(())
        } else {
            Err(IpcError::coded(
                "unknown_driver",
                "Chương trình chưa được chọn dùng trình điều khiển token này; hãy chọn lại trình điều khiển bằng «Chọn tệp…».",
            ))
        }
    }
}

fn poisoned() -> IpcError {
    IpcError::internal("khóa danh sách trình điều khiển token bị hỏng")
}

/// The usual drivers (those on this machine first) and the one last used.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct SigningDrivers {
    pub last: Option<String>,
    pub suggestions: Vec<DriverSuggestion>,
}

/// A PDF signed: its token for `reveal_export`, where it went, who signed.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct SignDone {
    pub token: String,
    pub file_name: String,
    pub folder: String,
    pub signed: Signed,
}

/// Windows' System32 folder (where the CAs' token software puts its
/// drivers); `None` elsewhere, for the Linux paths.
fn system32() -> Option<PathBuf> {
    if cfg!(windows) {
        let root = std::env::var_os("SystemRoot").unwrap_or_else(|| "C:\\Windows".into());
        Some(PathBuf::from(root).join("System32"))
    } else {
        None
    }
}

/// Where the driver dialog opens: System32 on Windows, /usr/lib elsewhere.
pub fn driver_folder() -> Option<PathBuf> {
    system32()
        .or_else(|| Some(PathBuf::from("/usr/lib")))
        .filter(|d| d.is_dir())
}

/// The last driver, read from the settings (none when the database is
/// not open: signing does not need it).
fn last_driver(s: &Shell) -> Option<String> {
    s.db.with(s.clock.now(), |store| store.setting(DRIVER))
        .ok()
        .flatten()
}

/// The usual drivers and the last one used.
#[tauri::command(rename_all = "snake_case")]
pub async fn signing_drivers(
    shell: State<'_, ShellState>,
    signing: State<'_, SigningState>,
) -> Result<SigningDrivers> {
    let signing = Arc::clone(signing.inner());
    blocking(&shell, move |s| {
        let suggestions = signing::suggestions(system32().as_deref(), Path::exists);
        let last = last_driver(s);
        for d in suggestions.iter().filter(|d| d.present) {
            signing.allow(PathBuf::from(&d.path))?;
        }
        if let Some(l) = &last {
            signing.allow(PathBuf::from(l))?;
        }
        Ok(SigningDrivers { last, suggestions })
    })
    .await
}

/// A driver picked in a native dialog (its path); `None` when cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_signing_driver(
    shell: State<'_, ShellState>,
    signing: State<'_, SigningState>,
) -> Result<Option<String>> {
    let signing = Arc::clone(signing.inner());
    blocking(&shell, move |s| {
        let Some(path) = s.desktop.pick_driver()? else {
            return Ok(None);
        };
        signing.allow(path.clone())?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// The PDF to sign, picked in a native dialog; `None` when cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_sign_file(shell: State<'_, ShellState>) -> Result<Option<PickedFile>> {
    blocking(&shell, |s| {
        s.desktop
            .pick_pdf()?
            .map(|path| remembered(s, FileKind::Picked, path))
            .transpose()
    })
    .await
}

/// The token's certificates (logs in with the PIN; writes nothing).
#[tauri::command(rename_all = "snake_case")]
pub async fn signing_certificates(
    shell: State<'_, ShellState>,
    signing: State<'_, SigningState>,
    driver: String,
    pin: Zeroizing<String>,
) -> Result<Vec<TokenCertificate>> {
    let signing = Arc::clone(signing.inner());
    blocking(&shell, move |s| {
        let module = PathBuf::from(&driver);
        signing.check(&module)?;
        let d = Driver {
            module: &module,
            token: None,
            key: None,
        };
        let found = signing::certificates(&d, &pin, s.clock.now())?;
        drop(pin);
        remember_driver(s, &driver);
        Ok(found)
    })
    .await
}

/// Signs the PDF `file` (a picked or written file's token) with the key
/// `key_label` of the token `token_label` into `<stem>-da-ky.pdf` beside
/// it. Nothing is written on any refusal.
#[tauri::command(rename_all = "snake_case")]
pub async fn sign_pdf(
    shell: State<'_, ShellState>,
    signing: State<'_, SigningState>,
    file: String,
    driver: String,
    pin: Zeroizing<String>,
    token_label: Option<String>,
    key_label: Option<String>,
) -> Result<SignDone> {
    let signing = Arc::clone(signing.inner());
    blocking(&shell, move |s| {
        let module = PathBuf::from(&driver);
        signing.check(&module)?;
        let input = s
            .files
            .get(FileKind::Picked, &file)
            .or_else(|_| s.files.get(FileKind::Written, &file))?;
        let d = Driver {
            module: &module,
            token: token_label.as_deref(),
            key: key_label.as_deref(),
        };
        let signed = signing::sign_pdf(&d, &pin, &input, None, s.clock.now())?;
        drop(pin);
        remember_driver(s, &driver);
        let folder = signed
            .path
            .parent()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        Ok(SignDone {
            token: s.files.remember(FileKind::Written, signed.path.clone())?,
            file_name: file_name(&signed.path),
            folder,
            signed,
        })
    })
    .await
}

/// Keeps the driver for next time. Best effort: a database that cannot be
/// written does not undo a signature.
fn remember_driver(s: &Shell, driver: &str) {
    let _ =
        s.db.with(s.clock.now(), |store| store.set_setting(DRIVER, driver));
}

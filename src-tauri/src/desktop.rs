//! The real desktop: native dialogs (tauri-plugin-dialog's Rust API) and
//! the file manager (tauri-plugin-opener's Rust API). The webview has no
//! permission for either: only the shell opens them.
//!
//! Debug builds only: `CHITIEU_E2E_OPEN_FILE=<path>` and
//! `CHITIEU_E2E_SAVE_DIR=<dir>` answer the dialogs without showing them,
//! since WebDriver cannot drive native dialogs.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::error::{IpcError, Result};
use crate::state::Desktop;

pub struct NativeDesktop<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> NativeDesktop<R> {
    pub fn new(app: AppHandle<R>) -> NativeDesktop<R> {
        NativeDesktop { app }
    }

    fn dialog(&self, title: &str) -> tauri_plugin_dialog::FileDialogBuilder<R> {
        let mut d = self.app.dialog().file().set_title(title).add_filter("Bảng tính (xlsx, xls, ods)", &["xlsx", "xlsm", "xls", "ods"]);
        if let Some(w) = self.app.get_webview_window(crate::MAIN_WINDOW) {
            d = d.set_parent(&w);
        }
        d
    }
}

#[cfg(debug_assertions)]
fn e2e_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

#[cfg(not(debug_assertions))]
fn e2e_env(_: &str) -> Option<PathBuf> {
    None
}

impl<R: Runtime> Desktop for NativeDesktop<R> {
    fn pick_workbook(&self) -> Result<Option<PathBuf>> {
        if let Some(p) = e2e_env("CHITIEU_E2E_OPEN_FILE") {
            return Ok(Some(p));
        }
        match self.dialog("Chọn tệp Phụ lục 01 để nhập").blocking_pick_file() {
            Some(p) => p.into_path().map(Some).map_err(IpcError::dialog),
            None => Ok(None),
        }
    }

    fn save_workbook(&self, suggested: &str) -> Result<Option<PathBuf>> {
        if let Some(dir) = e2e_env("CHITIEU_E2E_SAVE_DIR") {
            return Ok(Some(dir.join(suggested)));
        }
        let mut d = self.dialog("Lưu tệp Phụ lục 01").set_file_name(suggested);
        if let Some(docs) = self.app.path().document_dir().ok().filter(|d| d.is_dir()) {
            d = d.set_directory(docs);
        }
        match d.blocking_save_file() {
            Some(p) => p.into_path().map(Some).map_err(IpcError::dialog),
            None => Ok(None),
        }
    }

    fn reveal(&self, path: &Path) -> Result<()> {
        if e2e_env("CHITIEU_E2E_SAVE_DIR").is_some() {
            return Ok(()); // no file manager under test
        }
        tauri_plugin_opener::reveal_item_in_dir(path).map_err(IpcError::reveal)
    }

    fn show_main_window(&self) -> Result<()> {
        if let Some(w) = self.app.get_webview_window(crate::MAIN_WINDOW) {
            w.show().map_err(|e| IpcError::internal(&e.to_string()))?;
            let _ = w.set_focus();
        }
        Ok(())
    }
}

//! The real desktop: native dialogs (tauri-plugin-dialog's Rust API) and
//! the file manager (tauri-plugin-opener's Rust API). The webview has no
//! permission for either: only the shell opens them.
//!
//! Debug builds only: `CHITIEU_E2E_OPEN_FILE=<path>` and
//! `CHITIEU_E2E_SAVE_DIR=<dir>` (and `CHITIEU_E2E_OPEN_FOLDER=<dir>` for the
//! agency's folder, `CHITIEU_E2E_OPEN_DRIVER=<path>` for a token driver)
//! answer the dialogs without showing them, since WebDriver cannot drive native dialogs.

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
        self.dialog_for(
            title,
            "Bảng tính (xlsx, xls, ods)",
            &["xlsx", "xlsm", "xls", "ods"],
        )
    }

    fn dialog_for(
        &self,
        title: &str,
        filter: &str,
        extensions: &[&str],
    ) -> tauri_plugin_dialog::FileDialogBuilder<R> {
        let mut d = self
            .app
            .dialog()
            .file()
            .set_title(title)
            .add_filter(filter, extensions);
        if let Some(w) = self.app.get_webview_window(crate::MAIN_WINDOW) {
            d = d.set_parent(&w);
        }
        d
    }

    /// A save dialog opening in `folder` (the last one used) when it still
    /// exists, else in the documents folder.
    fn save_in(
        &self,
        d: tauri_plugin_dialog::FileDialogBuilder<R>,
        suggested: &str,
        folder: Option<&Path>,
    ) -> Result<Option<PathBuf>> {
        let mut d = d.set_file_name(suggested);
        let start = folder
            .filter(|f| f.is_dir())
            .map(Path::to_owned)
            .or_else(|| self.app.path().document_dir().ok().filter(|d| d.is_dir()));
        if let Some(dir) = start {
            d = d.set_directory(dir);
        }
        match d.blocking_save_file() {
            Some(p) => p.into_path().map(Some).map_err(IpcError::dialog),
            None => Ok(None),
        }
    }
}

/// Shows `path` in the file manager: the item selected (over D-Bus), else
/// its folder opened; when neither works, one Vietnamese sentence naming the
/// folder, the library's text only in parentheses.
pub fn reveal_with_fallback<E1: std::fmt::Display, E2: std::fmt::Display>(
    path: &Path,
    reveal: impl FnOnce(&Path) -> std::result::Result<(), E1>,
    open_folder: impl FnOnce(&Path) -> std::result::Result<(), E2>,
) -> Result<()> {
    let folder = path.parent().unwrap_or(path);
    match reveal(path) {
        Ok(()) => Ok(()),
        Err(first) => open_folder(folder)
            .map_err(|second| IpcError::reveal(folder, format!("{first}; {second}"))),
    }
}

#[cfg(debug_assertions)]
fn e2e_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
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
        match self
            .dialog("Chọn tệp Phụ lục 01 để nhập")
            .blocking_pick_file()
        {
            Some(p) => p.into_path().map(Some).map_err(IpcError::dialog),
            None => Ok(None),
        }
    }

    fn pick_edition(&self) -> Result<Option<PathBuf>> {
        if let Some(p) = e2e_env("CHITIEU_E2E_OPEN_FILE") {
            return Ok(Some(p));
        }
        match self
            .dialog_for(
                "Chọn tệp bộ chỉ tiêu để nạp",
                "Bộ chỉ tiêu (xlsx, xls, ods, toml)",
                &["xlsx", "xlsm", "xls", "ods", "toml"],
            )
            .blocking_pick_file()
        {
            Some(p) => p.into_path().map(Some).map_err(IpcError::dialog),
            None => Ok(None),
        }
    }

    fn save_workbook(&self, suggested: &str, folder: Option<&Path>) -> Result<Option<PathBuf>> {
        if let Some(dir) = e2e_env("CHITIEU_E2E_SAVE_DIR") {
            return Ok(Some(dir.join(suggested)));
        }
        self.save_in(self.dialog("Lưu tệp Phụ lục 01"), suggested, folder)
    }

    fn save_summary(
        &self,
        title: &str,
        suggested: &str,
        folder: Option<&Path>,
    ) -> Result<Option<PathBuf>> {
        if let Some(dir) = e2e_env("CHITIEU_E2E_SAVE_DIR") {
            return Ok(Some(dir.join(suggested)));
        }
        self.save_in(self.dialog(title), suggested, folder)
    }

    fn save_backup(&self, suggested: &str, folder: Option<&Path>) -> Result<Option<PathBuf>> {
        if let Some(dir) = e2e_env("CHITIEU_E2E_SAVE_DIR") {
            return Ok(Some(dir.join(suggested)));
        }
        self.save_in(
            self.dialog_for(
                "Sao lưu dữ liệu ra tệp",
                "Bản sao lưu chitieu (.db)",
                &["db"],
            ),
            suggested,
            folder,
        )
    }

    fn pick_backup(&self) -> Result<Option<PathBuf>> {
        if let Some(p) = e2e_env("CHITIEU_E2E_RESTORE_FILE") {
            return Ok(Some(p));
        }
        match self
            .dialog_for(
                "Chọn bản sao lưu để khôi phục",
                "Bản sao lưu chitieu (.db)",
                &["db"],
            )
            .blocking_pick_file()
        {
            Some(p) => p.into_path().map(Some).map_err(IpcError::dialog),
            None => Ok(None),
        }
    }

    fn pick_folder(&self) -> Result<Option<PathBuf>> {
        if let Some(p) = e2e_env("CHITIEU_E2E_OPEN_FOLDER") {
            return Ok(Some(p));
        }
        let mut d = self
            .app
            .dialog()
            .file()
            .set_title("Chọn thư mục chứa các tệp báo cáo của đơn vị");
        if let Some(w) = self.app.get_webview_window(crate::MAIN_WINDOW) {
            d = d.set_parent(&w);
        }
        match d.blocking_pick_folder() {
            Some(p) => p.into_path().map(Some).map_err(IpcError::dialog),
            None => Ok(None),
        }
    }

    fn pick_pdf(&self) -> Result<Option<PathBuf>> {
        if let Some(p) = e2e_env("CHITIEU_E2E_OPEN_FILE") {
            return Ok(Some(p));
        }
        match self
            .dialog_for("Chọn tệp PDF để ký số", "Tệp PDF (pdf)", &["pdf"])
            .blocking_pick_file()
        {
            Some(p) => p.into_path().map(Some).map_err(IpcError::dialog),
            None => Ok(None),
        }
    }

    fn pick_driver(&self) -> Result<Option<PathBuf>> {
        if let Some(p) = e2e_env("CHITIEU_E2E_OPEN_DRIVER") {
            return Ok(Some(p));
        }
        let extensions: &[&str] = if cfg!(windows) {
            &["dll"]
        } else if cfg!(target_os = "macos") {
            &["dylib", "so"]
        } else {
            &["so"]
        };
        let mut d = self.dialog_for(
            "Chọn trình điều khiển token (PKCS#11)",
            "Trình điều khiển PKCS#11",
            extensions,
        );
        if let Some(dir) = crate::signing::driver_folder() {
            d = d.set_directory(dir);
        }
        match d.blocking_pick_file() {
            Some(p) => p.into_path().map(Some).map_err(IpcError::dialog),
            None => Ok(None),
        }
    }

    fn reveal(&self, path: &Path) -> Result<()> {
        if e2e_env("CHITIEU_E2E_SAVE_DIR").is_some() {
            return Ok(()); // no file manager under test
        }
        reveal_with_fallback(
            path,
            |p: &Path| tauri_plugin_opener::reveal_item_in_dir(p),
            |folder: &Path| tauri_plugin_opener::open_path(folder, None::<&str>),
        )
    }

    fn show_main_window(&self) -> Result<()> {
        if let Some(w) = self.app.get_webview_window(crate::MAIN_WINDOW) {
            w.show().map_err(|e| IpcError::internal(&e.to_string()))?;
            let _ = w.set_focus();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reveal_falls_back_to_the_folder_and_explains_in_vietnamese() {
        let path = Path::new("/tmp/xuat/PL01.xlsx");
        let opened = std::cell::RefCell::new(None);
        let dbus = |_: &Path| {
            Err::<(), _>("org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable")
        };
        reveal_with_fallback(path, dbus, |f: &Path| {
            *opened.borrow_mut() = Some(f.to_owned());
            Ok::<(), String>(())
        })
        .unwrap();
        assert_eq!(opened.borrow().as_deref(), Some(Path::new("/tmp/xuat")));
        let e = reveal_with_fallback(path, dbus, |_: &Path| Err::<(), _>("xdg-open not found"))
            .unwrap_err();
        assert_eq!(e.code, "reveal_failed");
        assert!(
            e.message.starts_with("Không mở được thư mục chứa tệp"),
            "{}",
            e.message
        );
        assert!(e.message.contains("«/tmp/xuat»"));
        // The library's English text only in parentheses, after the sentence.
        assert!(e.message.find("DBus").unwrap() > e.message.find('(').unwrap());
    }
}

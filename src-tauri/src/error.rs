//! The one error type that crosses IPC: `{code, message, diagnostics}`.
//!
//! `code` is stable and machine-readable (the core's `Error::code()`, or one
//! of the shell's own below); `message` is one clear Vietnamese sentence for
//! a person. The UI branches on `code`, never on `message`. `diagnostics`
//! carries the findings that block an export (empty otherwise).

use chitieu_core::validate::Diagnostic;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct IpcError {
    pub code: String,
    pub message: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl IpcError {
    fn new(code: &str, message: impl Into<String>) -> IpcError {
        IpcError {
            code: code.to_owned(),
            message: message.into(),
            diagnostics: Vec::new(),
        }
    }

    /// An error of the shell's own with its stable `code` (the agency
    /// commands: nothing consolidated yet, a unit without a file).
    pub fn coded(code: &str, message: impl Into<String>) -> IpcError {
        IpcError::new(code, message)
    }

    /// A lock poisoned by a panic, or a task that did not finish: the app's
    /// own fault, never the user's.
    pub fn internal(what: &str) -> IpcError {
        IpcError::new(
            "internal",
            format!("Lỗi nội bộ của chương trình ({what}); số liệu đã lưu không bị ảnh hưởng. Hãy đóng và mở lại chương trình."),
        )
    }

    /// A file token the shell never issued, or one already used.
    pub fn unknown_file() -> IpcError {
        IpcError::new(
            "unknown_file",
            "Không còn thông tin về tệp đã chọn; hãy chọn lại tệp.",
        )
    }

    /// A native dialog that could not be shown.
    pub fn dialog(detail: impl std::fmt::Display) -> IpcError {
        IpcError::new(
            "dialog",
            format!("Không mở được hộp thoại chọn tệp: {detail}."),
        )
    }

    /// A request whose arguments are not those of its command.
    pub fn bad_request(command: &str, why: &str) -> IpcError {
        IpcError::new(
            "bad_request",
            format!("Yêu cầu «{command}» không hợp lệ: {why}."),
        )
    }

    /// No sound copy to restore from.
    pub fn no_backup(dir: &std::path::Path) -> IpcError {
        IpcError::new(
            "no_backup",
            format!(
                "Không có bản sao lưu nào dùng được trong thư mục «{}».",
                dir.display()
            ),
        )
    }

    /// The file manager could not be opened, not even on the folder.
    pub fn reveal(folder: &std::path::Path, detail: impl std::fmt::Display) -> IpcError {
        IpcError::new(
            "reveal_failed",
            format!(
                "Không mở được thư mục chứa tệp trên máy này; tệp đã được lưu trong thư mục «{}», hãy mở thư mục đó bằng trình quản lý tệp (chi tiết: {detail}).",
                folder.display()
            ),
        )
    }
}

impl From<chitieu_core::Error> for IpcError {
    fn from(e: chitieu_core::Error) -> IpcError {
        let diagnostics = match &e {
            chitieu_core::Error::ExportBlocked { diagnostics, .. } => diagnostics.clone(),
            chitieu_core::Error::EditionImport(
                chitieu_core::edition::EditionImportError::Refused { problems, .. },
            ) => problems.iter().map(|p| p.to_diagnostic()).collect(),
            _ => Vec::new(),
        };
        IpcError {
            code: e.code().to_owned(),
            message: e.to_string(),
            diagnostics,
        }
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for IpcError {}

pub type Result<T, E = IpcError> = std::result::Result<T, E>;

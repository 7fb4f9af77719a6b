//! The shell's own request/response types (the core's types cross IPC as
//! they are). TypeScript declarations are generated into
//! `ui/src/bindings/shell/` by the `bindings` test.

use chitieu_core::export::Exported;
use chitieu_core::import::Preview;
use chitieu_core::registry::Unit;
use chitieu_core::store::{Profile, WriteSummary};
use serde::Serialize;

use crate::error::IpcError;

/// What the UI needs to start: the database, the day, the chosen unit.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct AppInfo {
    /// The database file, as a person would look for it.
    pub database: String,
    /// Where backups of it go.
    pub backups: String,
    /// Today in Vietnam (YYYY-MM-DD).
    pub today: String,
    pub year: i32,
    /// The reporting unit chosen on first run.
    pub unit: Option<Unit>,
    pub profile: Option<Profile>,
    /// Why the database could not be opened, if it could not.
    pub failure: Option<IpcError>,
    /// When the database is corrupt: the newest sound copy in the backup
    /// folder (its file name), which `restore_backup` would restore.
    pub latest_backup: Option<String>,
    pub version: String,
}

/// A restore done: the copy it came from and where the database before it
/// was kept (file names in the backup folder).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct RestoreDone {
    pub restored_from: String,
    pub kept_aside: Option<String>,
}

/// A file the person picked, known to the webview only by its token.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct PickedFile {
    pub token: String,
    pub file_name: String,
}

/// An import done.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct ImportDone {
    pub preview: Preview,
    pub summary: WriteSummary,
}

/// A workbook written.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct ExportDone {
    /// Names the written file for `reveal_export`.
    pub token: String,
    pub file_name: String,
    pub folder: String,
    pub exported: Exported,
    /// The PDF rendition written beside the workbook («kèm bản PDF»), known
    /// to the webview by its token (for «Ký số»).
    pub pdf: Option<PickedFile>,
}

/// A copy of the database written where the person chose (a USB stick).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct BackupDone {
    pub file_name: String,
    pub folder: String,
}

/// The keys of the settings the app keeps.
pub mod setting {
    /// The chosen reporting unit's code.
    pub const UNIT: &str = "unit";
    /// The main window's last place and size: "x,y,width,height" (physical pixels).
    pub const WINDOW: &str = "window";

    /// The folder a save dialog of `kind` ("submission", "template",
    /// "backup") last saved into.
    pub fn folder(kind: &str) -> String {
        format!("folder.{kind}")
    }
}

//! The rows the store reads and writes, as the callers see them.

use serde::{Deserialize, Serialize};

use crate::figure::Figure;
use crate::registry::UnitType;

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
    pub(super) fn kind(&self) -> &'static str {
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
    pub(super) fn reverts(&self) -> Option<i64> {
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
    pub(super) fn from_stored(
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

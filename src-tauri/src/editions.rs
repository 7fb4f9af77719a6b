//! The commands of the «Bộ chỉ tiêu» screen: the editions held, one
//! edition's indicators, loading a new edition from a picked file (its own
//! dialog, workbook or TOML; preview, then confirm), moving a report to a
//! newer edition, and a report's moves for the history panel. Each one call into
//! `chitieu_core::edition`.

use chitieu_core::edition::{
    self, EditionMeta, EditionMove, EditionPreview, EditionRow, EditionSummary,
};
use chitieu_core::store::{EditionChange, Origin};
use tauri::State;

use crate::commands::{blocking, period, remembered, with_store};
use crate::error::Result;
use crate::models::PickedFile;
use crate::state::{FileKind, ShellState};

/// The editions held, oldest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn editions(shell: State<'_, ShellState>) -> Result<Vec<EditionSummary>> {
    with_store(&shell, |store, _| edition::summaries(store)).await
}

/// The indicators of edition `id`.
#[tauri::command(rename_all = "snake_case")]
pub async fn edition_rows(shell: State<'_, ShellState>, id: String) -> Result<Vec<EditionRow>> {
    with_store(&shell, move |store, _| edition::rows(store, &id)).await
}

/// Asks for the indicator set to load (native dialog «Chọn tệp bộ chỉ tiêu
/// để nạp»: a workbook, or a catalogue file in TOML).
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_edition_file(shell: State<'_, ShellState>) -> Result<Option<PickedFile>> {
    blocking(&shell, |s| {
        s.desktop
            .pick_edition()?
            .map(|path| remembered(s, FileKind::Picked, path))
            .transpose()
    })
    .await
}

/// The report's moves from one edition to another, oldest first (the
/// history panel lists them with the figures' changes).
#[tauri::command(rename_all = "snake_case")]
pub async fn edition_changes(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<Vec<EditionChange>> {
    with_store(&shell, move |store, _| {
        let report = store.report(&unit, self::period(&period)?)?;
        store.edition_changes(&report)
    })
    .await
}

/// What loading the picked file as an edition would add. Writes nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_edition(
    shell: State<'_, ShellState>,
    token: String,
    meta: EditionMeta,
) -> Result<EditionPreview> {
    blocking(&shell, move |s| {
        let path = s.files.get(FileKind::Picked, &token)?;
        s.db.with(s.clock.now(), |store| edition::preview(store, &path, &meta))
    })
    .await
}

/// Loads the picked file as an edition, if it is still the file previewed.
#[tauri::command(rename_all = "snake_case")]
pub async fn confirm_edition(
    shell: State<'_, ShellState>,
    token: String,
    meta: EditionMeta,
    sha256: String,
) -> Result<EditionSummary> {
    blocking(&shell, move |s| {
        let path = s.files.get(FileKind::Picked, &token)?;
        let now = s.clock.now();
        let done = s.db.with(now, |store| {
            edition::confirm(store, &path, &meta, &sha256, now)
        })?;
        s.files.forget(FileKind::Picked, &token)?;
        Ok(done)
    })
    .await
}

/// What moving the report to edition `to` would carry over and drop.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_edition_move(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    to: String,
) -> Result<EditionMove> {
    with_store(&shell, move |store, _| {
        edition::preview_move(store, &unit, self::period(&period)?, &to)
    })
    .await
}

/// Moves the report to edition `to`, recorded in its history.
#[tauri::command(rename_all = "snake_case")]
pub async fn move_edition(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    to: String,
) -> Result<EditionMove> {
    with_store(&shell, move |store, now| {
        edition::move_report(store, &unit, self::period(&period)?, &to, &Origin::App, now)
    })
    .await
}

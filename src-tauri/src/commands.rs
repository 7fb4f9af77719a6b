//! The commands the webview may call: each one call into the core, run off
//! the main thread, its error turned into `{code, message}`.
//!
//! The list is declared in `build.rs` (and allowed in
//! `capabilities/main.json`); keep the three in step.

use std::sync::Arc;

use chitieu_core::draft::{self, Applied, ReportDrafts, ReviewChange, StoredReview};
use chitieu_core::export::{self, ExportKind, Exported};
use chitieu_core::import::{self, Hints, Preview};
use chitieu_core::period::Period;
use chitieu_core::registry::{Unit, UnitHit};
use chitieu_core::report::{self, Edit, Field, PeriodSummary, ReportView, Trend};
use chitieu_core::store::{
    ExportRecord, HistoryEntry, NewUnit, Origin, Profile, SentMark, Store, WriteSummary,
};
use chitieu_core::validate::Diagnostic;
use tauri::State;
use time::OffsetDateTime;

use crate::error::{IpcError, Result};
use crate::models::{
    setting, AppInfo, BackupDone, ExportDone, ImportDone, PickedFile, RestoreDone,
};
use crate::state::{today, FileKind, Shell, ShellState};

/// Runs `f` on a blocking thread with the shell.
pub(crate) async fn blocking<T: Send + 'static>(
    shell: &State<'_, ShellState>,
    f: impl FnOnce(&Shell) -> Result<T> + Send + 'static,
) -> Result<T> {
    let shell = Arc::clone(shell.inner());
    tauri::async_runtime::spawn_blocking(move || f(&shell))
        .await
        .map_err(|_| IpcError::internal("tác vụ bị dừng giữa chừng"))?
}

/// Runs `f` on the store, on a blocking thread, with the clock read once.
pub(crate) async fn with_store<T: Send + 'static>(
    shell: &State<'_, ShellState>,
    f: impl FnOnce(&mut Store, OffsetDateTime) -> chitieu_core::Result<T> + Send + 'static,
) -> Result<T> {
    blocking(shell, move |s| {
        let now = s.clock.now();
        s.db.with(now, |store| f(store, now))
    })
    .await
}

pub(crate) fn period(text: &str) -> chitieu_core::Result<Period> {
    text.parse::<Period>().map_err(chitieu_core::Error::from)
}

pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// `path` remembered as `kind`: the token and the name the webview knows it by.
pub(crate) fn remembered(
    s: &crate::state::Shell,
    kind: FileKind,
    path: std::path::PathBuf,
) -> Result<PickedFile> {
    let file_name = file_name(&path);
    let token = s.files.remember(kind, path)?;
    Ok(PickedFile { token, file_name })
}

/// The database, the day and the chosen unit; a database that cannot be
/// opened is reported in `failure` (the UI shows it instead of a screen).
#[tauri::command(rename_all = "snake_case")]
pub async fn app_info(shell: State<'_, ShellState>) -> Result<AppInfo> {
    blocking(&shell, |s| {
        let now = s.clock.now();
        let opened = s.db.with(now, |store| {
            let unit = store
                .setting(setting::UNIT)?
                .and_then(|code| store.registry().get(&code).cloned());
            let profile = match &unit {
                Some(u) => Some(store.profile(&u.code)?),
                None => None,
            };
            Ok((unit, profile))
        });
        let (unit, profile, failure) = match opened {
            Ok((unit, profile)) => (unit, profile, None),
            Err(e) => (None, None, Some(e)),
        };
        let latest_backup = match &failure {
            Some(f) if f.code == "corrupt_database" => s.db.latest_backup(),
            _ => None,
        };
        let day = today(now);
        Ok(AppInfo {
            database: s.db.path().display().to_string(),
            backups: s.db.backups().display().to_string(),
            today: day.to_string(),
            year: day.year(),
            unit,
            profile,
            failure,
            latest_backup,
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })
    })
    .await
}

/// Restores the newest sound backup over a corrupt database (the current
/// file is kept aside). Takes no path: the shell picks the copy.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(shell: State<'_, ShellState>) -> Result<RestoreDone> {
    blocking(&shell, |s| s.db.restore_latest(s.clock.now())).await
}

/// Units existing today with a name whose words begin with the words typed
/// (diacritics and case ignored); a former unit leads to its successor, and
/// is offered itself too (for the periods it existed in).
#[tauri::command(rename_all = "snake_case")]
pub async fn search_units(shell: State<'_, ShellState>, query: String) -> Result<Vec<UnitHit>> {
    with_store(&shell, move |store, now| {
        Ok(store.registry().search_for_reporting(&query, today(now)))
    })
    .await
}

/// Adds a unit of the user's own.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_unit(shell: State<'_, ShellState>, unit: NewUnit) -> Result<Unit> {
    with_store(&shell, move |store, now| store.add_unit(&unit, now)).await
}

/// Makes `code` the reporting unit of this installation.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_unit(shell: State<'_, ShellState>, code: String) -> Result<Unit> {
    with_store(&shell, move |store, _| {
        let unit = store
            .registry()
            .get(&code)
            .cloned()
            .ok_or(chitieu_core::Error::UnknownUnit { code })?;
        store.set_setting(setting::UNIT, &unit.code)?;
        Ok(unit)
    })
    .await
}

/// The preparer's details of `unit` (the place defaulting from the unit).
#[tauri::command(rename_all = "snake_case")]
pub async fn profile(shell: State<'_, ShellState>, unit: String) -> Result<Profile> {
    with_store(&shell, move |store, _| {
        store
            .registry()
            .get(&unit)
            .ok_or_else(|| chitieu_core::Error::UnknownUnit { code: unit.clone() })?;
        store.profile(&unit)
    })
    .await
}

/// Marks the report as sent another way (or takes the mark back); returns
/// the report's marks, oldest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn mark_sent(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    sent: bool,
    note: String,
) -> Result<Vec<SentMark>> {
    with_store(&shell, move |store, now| {
        report::mark_sent(store, &unit, self::period(&period)?, sent, &note, now)
    })
    .await
}

/// The marks "sent another way" of a report, oldest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn sent_marks(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<Vec<SentMark>> {
    with_store(&shell, move |store, _| {
        let report = store.report(&unit, self::period(&period)?)?;
        store.sent_marks(&report)
    })
    .await
}

/// Copies the database to a file the person chooses (a USB stick): native
/// dialog, the last folder used offered first. `None` when cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_to_file(shell: State<'_, ShellState>) -> Result<Option<BackupDone>> {
    blocking(&shell, |s| {
        let now = s.clock.now();
        let key = setting::folder("backup");
        let folder = s.db.with(now, |store| store.setting(&key))?;
        let day = today(now);
        let suggested = format!(
            "chitieu-sao-luu-{:04}-{:02}-{:02}.db",
            day.year(),
            u8::from(day.month()),
            day.day()
        );
        let Some(path) = s
            .desktop
            .save_backup(&suggested, folder.as_deref().map(std::path::Path::new))?
        else {
            return Ok(None);
        };
        s.db.with(now, |store| {
            store.backup_to(&path)?;
            remember_folder(store, &key, &path)
        })?;
        let folder = path
            .parent()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        Ok(Some(BackupDone {
            file_name: file_name(&path),
            folder,
        }))
    })
    .await
}

/// Restores a copy the person picks (native dialog): the core checks it
/// first and keeps the current database aside. `None` when cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_from_file(shell: State<'_, ShellState>) -> Result<Option<RestoreDone>> {
    blocking(&shell, |s| {
        let Some(path) = s.desktop.pick_backup()? else {
            return Ok(None);
        };
        s.db.restore_from(&path, s.clock.now()).map(Some)
    })
    .await
}

/// Remembers the folder `path` was saved into, for the next save dialog.
fn remember_folder(
    store: &mut Store,
    key: &str,
    path: &std::path::Path,
) -> chitieu_core::Result<()> {
    match path.parent().filter(|f| !f.as_os_str().is_empty()) {
        Some(folder) => store.set_setting(key, &folder.to_string_lossy()),
        None => Ok(()),
    }
}

/// The preparer's details printed on the form.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_profile(
    shell: State<'_, ShellState>,
    unit: String,
    profile: Profile,
) -> Result<()> {
    with_store(&shell, move |store, now| {
        store.set_profile(&unit, &profile, now)
    })
    .await
}

/// The periods of `year`, with the state of the unit's report for each.
#[tauri::command(rename_all = "snake_case")]
pub async fn periods(
    shell: State<'_, ShellState>,
    unit: Option<String>,
    year: i32,
) -> Result<Vec<PeriodSummary>> {
    with_store(&shell, move |store, now| {
        Period::year_report(year)?;
        report::periods(store, year, unit.as_deref(), today(now))
    })
    .await
}

/// A report ready to show.
#[tauri::command(rename_all = "snake_case")]
pub async fn report(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<ReportView> {
    with_store(&shell, move |store, now| {
        report::view(store, &unit, self::period(&period)?, today(now))
    })
    .await
}

/// The diagnostics a typed value would have, without saving it.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_edit(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    edit: Edit,
) -> Result<Vec<Diagnostic>> {
    with_store(&shell, move |store, _| {
        let report = store.report(&unit, self::period(&period)?)?;
        report::check_edit(store, &report, &edit)
    })
    .await
}

/// Saves typed (or pasted) fields at once, each change with its history.
#[tauri::command(rename_all = "snake_case")]
pub async fn apply_edits(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    edits: Vec<Edit>,
) -> Result<WriteSummary> {
    with_store(&shell, move |store, now| {
        let mut report = store.report(&unit, self::period(&period)?)?;
        report::apply_edits(store, &mut report, &edits, &Origin::App, now)
    })
    .await
}

/// Undoes the last batch of changes of the report (Ctrl+Z): a new change
/// with its own history row.
#[tauri::command(rename_all = "snake_case")]
pub async fn undo(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<WriteSummary> {
    with_store(&shell, move |store, now| {
        let mut report = store.report(&unit, self::period(&period)?)?;
        report::undo(store, &mut report, now)
    })
    .await
}

/// Gives a figure back the value it had before its change `revision`
/// ("Khôi phục giá trị này" in the history panel).
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_value(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    indicator: String,
    revision: i64,
) -> Result<WriteSummary> {
    with_store(&shell, move |store, now| {
        let mut report = store.report(&unit, self::period(&period)?)?;
        report::restore_value(store, &mut report, &indicator, revision, now)
    })
    .await
}

/// Asks for a workbook to import (native dialog, Rust side).
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_import_file(shell: State<'_, ShellState>) -> Result<Option<PickedFile>> {
    blocking(&shell, |s| {
        s.desktop
            .pick_workbook()?
            .map(|path| remembered(s, FileKind::Picked, path))
            .transpose()
    })
    .await
}

/// What importing the picked file would do. Writes nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_import(
    shell: State<'_, ShellState>,
    token: String,
    unit: Option<String>,
    period: Option<String>,
) -> Result<Preview> {
    blocking(&shell, move |s| {
        let path = s.files.get(FileKind::Picked, &token)?;
        let now = s.clock.now();
        s.db.with(now, |store| {
            let hints = Hints {
                unit,
                period: period.as_deref().map(self::period).transpose()?,
            };
            import::preview(store, &path, &hints)
        })
    })
    .await
}

/// Imports the picked file, if it is still the file previewed.
#[tauri::command(rename_all = "snake_case")]
pub async fn confirm_import(
    shell: State<'_, ShellState>,
    token: String,
    unit: Option<String>,
    period: Option<String>,
    sha256: String,
) -> Result<ImportDone> {
    blocking(&shell, move |s| {
        let path = s.files.get(FileKind::Picked, &token)?;
        let now = s.clock.now();
        let (preview, summary) = s.db.with(now, |store| {
            let hints = Hints {
                unit,
                period: period.as_deref().map(self::period).transpose()?,
            };
            import::confirm(store, &path, &hints, &sha256, now)
        })?;
        s.files.forget(FileKind::Picked, &token)?;
        Ok(ImportDone { preview, summary })
    })
    .await
}

/// Forgets the picked file.
#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_import(shell: State<'_, ShellState>, token: String) -> Result<()> {
    blocking(&shell, move |s| s.files.forget(FileKind::Picked, &token)).await
}

/// Checks, asks where to save (native dialog), writes the workbook.
/// `None` when the person cancels the dialog.
/// With `with_pdf`, a submission's PDF rendition goes beside the workbook,
/// under the same name with `.pdf`.
async fn export(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    kind: ExportKind,
    with_pdf: bool,
) -> Result<Option<ExportDone>> {
    blocking(&shell, move |s| {
        let p = self::period(&period)?;
        let key = setting::folder(match kind {
            ExportKind::Submission => "submission",
            ExportKind::Template => "template",
        });
        let (suggested, folder) = s.db.with(s.clock.now(), |store| {
            if kind == ExportKind::Submission {
                report::check_export(store, &unit, p)?;
            }
            Ok((
                export::suggested_name(&store.report(&unit, p)?, kind),
                store.setting(&key)?,
            ))
        })?;
        let Some(path) = s
            .desktop
            .save_workbook(&suggested, folder.as_deref().map(std::path::Path::new))?
        else {
            return Ok(None);
        };
        let now = s.clock.now();
        let pdf_path =
            (with_pdf && kind == ExportKind::Submission).then(|| export::pdf_beside(&path));
        let exported: Exported = s.db.with(now, |store| {
            let exported = match kind {
                ExportKind::Submission => {
                    export::export_submission(store, &unit, p, &path, pdf_path.as_deref(), now)
                }
                ExportKind::Template => export::export_template(store, &unit, p, &path, now),
            }?;
            remember_folder(store, &key, &exported.path)?;
            Ok(exported)
        })?;
        let pdf = exported
            .pdf
            .as_ref()
            .map(|written| remembered(s, FileKind::Written, written.path.clone()))
            .transpose()?;
        let folder = exported
            .path
            .parent()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        let file_name = file_name(&exported.path);
        let token = s.files.remember(FileKind::Written, exported.path.clone())?;
        Ok(Some(ExportDone {
            token,
            file_name,
            folder,
            exported,
            pdf,
        }))
    })
    .await
}

/// Exports the submission (refused with the blocking errors while any remain),
/// and with `with_pdf` its PDF rendition beside it («kèm bản PDF»).
#[tauri::command(rename_all = "snake_case")]
pub async fn export_submission(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    with_pdf: Option<bool>,
) -> Result<Option<ExportDone>> {
    export(
        shell,
        unit,
        period,
        ExportKind::Submission,
        with_pdf.unwrap_or(false),
    )
    .await
}

/// Exports the blank template of the unit's form.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_template(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<Option<ExportDone>> {
    export(shell, unit, period, ExportKind::Template, false).await
}

/// Shows a file the app wrote in the file manager.
#[tauri::command(rename_all = "snake_case")]
pub async fn reveal_export(shell: State<'_, ShellState>, token: String) -> Result<()> {
    blocking(&shell, move |s| {
        let path = s.files.get(FileKind::Written, &token)?;
        s.desktop.reveal(&path)
    })
    .await
}

/// Every version of the report's figures (or of one), oldest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn history(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    indicator: Option<String>,
) -> Result<Vec<HistoryEntry>> {
    with_store(&shell, move |store, _| {
        let report = store.report(&unit, self::period(&period)?)?;
        store.history(&report, indicator.as_deref())
    })
    .await
}

/// The files written for the report, oldest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn exports(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<Vec<ExportRecord>> {
    with_store(&shell, move |store, _| {
        let report = store.report(&unit, self::period(&period)?)?;
        store.exports(&report)
    })
    .await
}

/// An indicator's figures over the unit's periods, with plans and target.
#[tauri::command(rename_all = "snake_case")]
pub async fn trend(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    indicator: String,
) -> Result<Trend> {
    with_store(&shell, move |store, _| {
        let report = store.report(&unit, self::period(&period)?)?;
        report::trend(store, &report, &indicator)
    })
    .await
}

/// The drafts of a report: the trend assessment of each figure, the
/// international comparison of the ranks, the six-month / year review.
#[tauri::command(rename_all = "snake_case")]
pub async fn drafts(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<ReportDrafts> {
    with_store(&shell, move |store, _| {
        draft::report_drafts(store, &unit, self::period(&period)?)
    })
    .await
}

/// Accepts one draft (as shown, or as edited before accepting) into an
/// empty "Đánh giá xu hướng" or "So sánh quốc tế" cell; a cell that holds
/// text is left alone (`false`).
#[tauri::command(rename_all = "snake_case")]
pub async fn accept_draft(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    indicator: String,
    field: Field,
    text: String,
) -> Result<bool> {
    with_store(&shell, move |store, now| {
        draft::accept(
            store,
            &unit,
            self::period(&period)?,
            &indicator,
            field,
            &text,
            now,
        )
    })
    .await
}

/// Accepts every draft into the empty cells (and the review, when empty).
#[tauri::command(rename_all = "snake_case")]
pub async fn apply_drafts(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<Applied> {
    with_store(&shell, move |store, now| {
        draft::apply(store, &unit, self::period(&period)?, false, now)
    })
    .await
}

/// The review stored with the report, if any.
#[tauri::command(rename_all = "snake_case")]
pub async fn review(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<Option<StoredReview>> {
    with_store(&shell, move |store, _| {
        let report = store.report(&unit, self::period(&period)?)?;
        store.review(&report)
    })
    .await
}

/// Stores the review text (with a history row; `from_draft` when the text
/// is the draft as shown).
#[tauri::command(rename_all = "snake_case")]
pub async fn save_review(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
    text: String,
    from_draft: bool,
) -> Result<bool> {
    with_store(&shell, move |store, now| {
        let mut report = store.report(&unit, self::period(&period)?)?;
        let origin = if from_draft {
            Origin::Draft { cli: false }
        } else {
            Origin::App
        };
        store.write_review(&mut report, &text, &origin, now)
    })
    .await
}

/// Every saved version of the report's review, oldest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn review_history(
    shell: State<'_, ShellState>,
    unit: String,
    period: String,
) -> Result<Vec<ReviewChange>> {
    with_store(&shell, move |store, _| {
        let report = store.report(&unit, self::period(&period)?)?;
        store.review_history(&report)
    })
    .await
}

/// The UI has drawn its first screen: show the window (it starts hidden, so
/// no blank frame is ever seen).
#[tauri::command(rename_all = "snake_case")]
pub async fn window_ready(shell: State<'_, ShellState>) -> Result<()> {
    blocking(&shell, |s| {
        if std::env::var_os(crate::BENCH_ENV).is_some() {
            eprintln!(
                "chitieu-app: ready {} ms after start",
                s.started.elapsed().as_millis()
            );
        }
        s.desktop.show_main_window()
    })
    .await
}

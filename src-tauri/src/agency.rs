//! The receiving agency's commands: the mode of the installation, a folder
//! picked by native dialog (known to the webview by a token), the
//! consolidation of a period over it with progress sent through a Tauri
//! channel and a cancel flag, the consolidated workbook, and the file
//! manager on a unit's file. Each one call into `chitieu_core::consolidate`;
//! the last consolidation is kept here so the export and the reveal name
//! neither a path nor a figure from the webview.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chitieu_core::consolidate::{self, Consolidation, Options, UnitStatus};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::{blocking, file_name, period, with_store};
use crate::error::{IpcError, Result};
use crate::models::PickedFile;
use crate::state::{FileKind, VIETNAM};

/// The setting holding the installation's mode: `agency` or `unit`.
pub const MODE: &str = "mode";
/// The setting's value for a receiving agency.
pub const AGENCY: &str = "agency";
/// The folder the consolidated workbook was last saved into.
const FOLDER: &str = "folder.consolidation";
/// The title of the summary workbook's save dialog.
pub const SUMMARY_DIALOG_TITLE: &str = "Lưu bảng tổng hợp";

/// What the agency commands keep between calls (managed beside the shell).
#[derive(Default)]
pub struct Agency {
    cancel: AtomicBool,
    last: Mutex<Option<Consolidation>>,
    /// The folder and period of the last consolidation (run again after a
    /// correction of «Nhận lúc»).
    last_run: Mutex<Option<(PathBuf, String)>>,
}

pub type AgencyState = Arc<Agency>;

impl Agency {
    fn last(&self) -> Result<Consolidation> {
        self.last
            .lock()
            .map_err(|_| IpcError::internal("khóa bảng tổng hợp bị hỏng"))?
            .clone()
            .ok_or_else(no_consolidation)
    }
}

fn poisoned() -> IpcError {
    IpcError::internal("khóa bảng tổng hợp bị hỏng")
}

fn no_consolidation() -> IpcError {
    IpcError::coded(
        "no_consolidation",
        "Chưa có kết quả tổng hợp; hãy chọn thư mục các tệp báo cáo và tổng hợp trước.",
    )
}

/// How far the reading of files is (sent through the channel).
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct AgencyProgress {
    pub done: usize,
    pub all: usize,
}

/// One figure of a unit's standing file, as read.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct AgencyFigure {
    pub indicator: String,
    pub raw: String,
    pub value: Option<f64>,
    /// Ước tính / chính thức, as the file says.
    pub estimate: bool,
    /// Why the figure is left out of the statistics.
    pub error: Option<String>,
}

/// A line of the completeness table, with what the unit's file holds: the
/// core's `UnitLine` as the screen reads it (the file's name, not its
/// path; a figure's estimate as a flag).
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct AgencyUnit {
    pub code: String,
    pub name: String,
    pub status: UnitStatus,
    /// The standing file's name (not its path).
    pub file_name: Option<String>,
    /// The first receipt («Nhận lúc»), ISO 8601 with offset: it decides
    /// on time or late.
    pub received_at: Option<String>,
    /// Where «Nhận lúc» comes from.
    pub received_from: Option<consolidate::ReceivedFrom>,
    /// The reason of a hand correction.
    pub received_reason: Option<String>,
    /// The hand corrections, oldest first.
    pub corrections: Vec<consolidate::ReceivedCorrection>,
    /// When the standing (latest) file was received.
    pub latest_at: Option<String>,
    pub exported_at: Option<String>,
    pub edited_after_export: bool,
    pub figures: usize,
    pub errors: usize,
    pub message: Option<String>,
    pub values: Vec<AgencyFigure>,
    /// The «Ký số» column: what the unit's signed PDF says of its file.
    pub signing: consolidate::SignatureStatus,
    /// Its text, as the CLI and the workbook write it.
    pub signing_label: String,
    /// The signed PDF paired with the standing file, if any.
    pub signature: Option<AgencySignature>,
}

/// A unit's signed PDF (the core's `UnitSignature`, the file by its name).
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct AgencySignature {
    /// The first signature's holder: «common name (organisation)».
    pub signer: String,
    /// Every signature of the PDF is intact.
    pub intact: bool,
    /// The PDF's figures hash equals the Excel file's.
    pub matches_submission: bool,
    pub file_name: String,
}

/// The consolidation of a period as the agency screen shows it.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct AgencyView {
    pub period: String,
    pub period_label: String,
    pub deadline: String,
    pub folder: String,
    pub expected: usize,
    pub received: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub unexpected: usize,
    pub units: Vec<AgencyUnit>,
    /// The core's statistics as they are (with the figures for the
    /// distribution chart).
    pub indicators: Vec<consolidate::IndicatorSummary>,
    pub outliers: Vec<consolidate::Outlier>,
    pub revisions: Vec<consolidate::Revision>,
    pub rejected: Vec<consolidate::Rejected>,
    pub other_period: Vec<consolidate::OtherPeriod>,
    pub left_out: Vec<consolidate::LeftOut>,
    pub ignored_files: usize,
    /// Most files of a folder with one modification date, and the like.
    pub warnings: Vec<String>,
}

/// The consolidated workbook written.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export_to = "../shell/bindings/")]
pub struct AgencySaved {
    /// Names the written file for `reveal_export`.
    pub token: String,
    pub file_name: String,
    pub folder: String,
}

fn view(c: &Consolidation, folder: &str) -> AgencyView {
    let label = c
        .period
        .parse::<chitieu_core::period::Period>()
        .map(|p| p.label_vi())
        .unwrap_or_else(|_| c.period.clone());
    let units: Vec<AgencyUnit> = c
        .units
        .iter()
        .map(|u| AgencyUnit {
            code: u.code.clone(),
            name: u.name.clone(),
            status: u.status,
            file_name: u
                .file
                .as_deref()
                .map(|f| file_name(std::path::Path::new(f))),
            received_at: u.received_at.clone(),
            received_from: u.received_from,
            received_reason: u.received_reason.clone(),
            corrections: u.corrections.clone(),
            latest_at: u.latest_at.clone(),
            exported_at: u.exported_at.clone(),
            edited_after_export: u.edited_after_export,
            figures: u.figures,
            errors: u.errors,
            message: u.message.clone(),
            values: u
                .values
                .iter()
                .map(|f| AgencyFigure {
                    indicator: f.indicator.clone(),
                    raw: f.raw.clone(),
                    value: f.value,
                    estimate: f.status == Some(chitieu_core::report::Status::Estimate),
                    error: f.error.clone(),
                })
                .collect(),
            signing: consolidate::SignatureStatus::of(u.signature.as_ref()),
            signing_label: consolidate::SignatureStatus::of(u.signature.as_ref())
                .label_vi()
                .to_owned(),
            signature: u.signature.as_ref().map(|s| AgencySignature {
                signer: s.signer.clone(),
                intact: s.intact,
                matches_submission: s.matches_submission,
                file_name: file_name(std::path::Path::new(&s.file)),
            }),
        })
        .collect();
    AgencyView {
        period: c.period.clone(),
        period_label: label,
        deadline: c.deadline.clone(),
        folder: folder.to_owned(),
        expected: c.expected,
        received: c.received,
        on_time: c.on_time,
        late: c.late,
        missing: c.missing.len(),
        unexpected: units
            .iter()
            .filter(|u| u.status == UnitStatus::Unexpected)
            .count(),
        units,
        indicators: c.indicators.clone(),
        outliers: c.outliers.clone(),
        revisions: c.revisions.clone(),
        rejected: c.rejected.clone(),
        other_period: c.other_period.clone(),
        left_out: c.left_out.clone(),
        ignored_files: c.ignored_files,
        warnings: c.warnings.clone(),
    }
}

/// Whether this installation is a receiving agency.
#[tauri::command(rename_all = "snake_case")]
pub async fn agency_mode(shell: State<'_, crate::state::ShellState>) -> Result<bool> {
    with_store(&shell, |store, _| {
        Ok(store.setting(MODE)?.as_deref() == Some(AGENCY))
    })
    .await
}

/// Makes this installation a receiving agency (`on`) or a reporting unit.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_agency_mode(shell: State<'_, crate::state::ShellState>, on: bool) -> Result<bool> {
    with_store(&shell, move |store, _| {
        store.set_setting(MODE, if on { AGENCY } else { "unit" })?;
        Ok(on)
    })
    .await
}

/// The folder of the units' files, picked in a native dialog; `None` when
/// the person cancels.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_agency_folder(
    shell: State<'_, crate::state::ShellState>,
) -> Result<Option<PickedFile>> {
    blocking(&shell, |s| {
        let Some(path) = s.desktop.pick_folder()? else {
            return Ok(None);
        };
        let file_name = path.display().to_string();
        let token = s.files.remember(FileKind::Picked, path)?;
        Ok(Some(PickedFile { token, file_name }))
    })
    .await
}

/// Consolidates `period` over the picked folder (and what was received
/// before), reporting progress through `on_progress`; stops, writing
/// nothing, when `cancel_consolidation` is called.
#[tauri::command(rename_all = "snake_case")]
pub async fn consolidate_folder(
    shell: State<'_, crate::state::ShellState>,
    agency: State<'_, AgencyState>,
    token: String,
    period: String,
    on_progress: Channel<AgencyProgress>,
) -> Result<AgencyView> {
    let agency = Arc::clone(agency.inner());
    blocking(&shell, move |s| {
        let folder: PathBuf = s.files.get(FileKind::Picked, &token)?;
        // At most about a hundred messages, whatever the number of files.
        let progress = |done: usize, all: usize| {
            let step = (all / 100).max(1);
            if done == all || done.is_multiple_of(step) {
                let _ = on_progress.send(AgencyProgress { done, all });
            }
        };
        run(s, &agency, folder, &period, &progress)
    })
    .await
}

/// Consolidates `period` over `folder` and keeps the result.
fn run(
    s: &crate::state::Shell,
    agency: &Agency,
    folder: PathBuf,
    period_text: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<AgencyView> {
    let period = self::period(period_text)?;
    agency.cancel.store(false, Ordering::SeqCst);
    let now = s.clock.now();
    let database = consolidate::database_beside(s.db.path());
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    let c = s.db.with(now, |store| {
        let opts = Options {
            period,
            paths: vec![folder.clone()],
            store,
            database,
            now,
            offset: VIETNAM,
            workers,
            progress,
            cancel: Some(&agency.cancel),
        };
        Ok(consolidate::consolidate(&opts)?)
    })?;
    let out = view(&c, &folder.display().to_string());
    *agency.last.lock().map_err(|_| poisoned())? = Some(c);
    *agency.last_run.lock().map_err(|_| poisoned())? = Some((folder, period_text.to_owned()));
    Ok(out)
}

/// Corrects by hand when `unit`'s report of the last consolidation's period
/// was received (`at` as the person typed it, Vietnam time; empty: back to
/// the files' own times), with the reason; then consolidates again.
#[tauri::command(rename_all = "snake_case")]
pub async fn correct_received(
    shell: State<'_, crate::state::ShellState>,
    agency: State<'_, AgencyState>,
    unit: String,
    at: String,
    reason: String,
) -> Result<AgencyView> {
    let agency = Arc::clone(agency.inner());
    blocking(&shell, move |s| {
        let (folder, period_text) = agency
            .last_run
            .lock()
            .map_err(|_| poisoned())?
            .clone()
            .ok_or_else(no_consolidation)?;
        let period = self::period(&period_text)?;
        let at = match at.trim() {
            "" => None,
            t => Some(
                consolidate::parse_received(t, VIETNAM)
                    .map_err(|e| IpcError::from(chitieu_core::Error::from(e)))?,
            ),
        };
        let now = s.clock.now();
        consolidate::correct_received(
            &consolidate::database_beside(s.db.path()),
            period,
            &unit,
            at,
            &reason,
            now,
        )
        .map_err(|e| IpcError::from(chitieu_core::Error::from(e)))?;
        run(s, &agency, folder, &period_text, &|_: usize, _: usize| {})
    })
    .await
}

/// Asks a running consolidation to stop (nothing is written).
#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_consolidation(agency: State<'_, AgencyState>) -> Result<()> {
    agency.cancel.store(true, Ordering::SeqCst);
    Ok(())
}

/// Writes the last consolidation's workbook where the person chooses;
/// `None` when the person cancels.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_consolidation(
    shell: State<'_, crate::state::ShellState>,
    agency: State<'_, AgencyState>,
) -> Result<Option<AgencySaved>> {
    let agency = Arc::clone(agency.inner());
    blocking(&shell, move |s| {
        let c = agency.last()?;
        let now = s.clock.now();
        let last_folder =
            s.db.with(now, |store| store.setting(FOLDER))?
                .map(PathBuf::from);
        let suggested = format!("Tong-hop-PL01-{}.xlsx", c.period);
        let Some(path) =
            s.desktop
                .save_summary(SUMMARY_DIALOG_TITLE, &suggested, last_folder.as_deref())?
        else {
            return Ok(None);
        };
        consolidate::write_workbook(&c, &path)
            .map_err(|e| IpcError::from(chitieu_core::Error::from(e)))?;
        let folder = path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        s.db.with(now, |store| store.set_setting(FOLDER, &folder))?;
        let file_name = file_name(&path);
        let token = s.files.remember(FileKind::Written, path)?;
        Ok(Some(AgencySaved {
            token,
            file_name,
            folder,
        }))
    })
    .await
}

/// Shows the standing file of `unit` (of the last consolidation) in the
/// file manager.
#[tauri::command(rename_all = "snake_case")]
pub async fn reveal_unit_file(
    shell: State<'_, crate::state::ShellState>,
    agency: State<'_, AgencyState>,
    unit: String,
) -> Result<()> {
    let agency = Arc::clone(agency.inner());
    blocking(&shell, move |s| {
        let c = agency.last()?;
        let path = c
            .units
            .iter()
            .find(|u| u.code == unit)
            .and_then(|u| u.file.clone())
            .ok_or_else(|| {
                IpcError::coded(
                    "no_unit_file",
                    "Đơn vị này chưa có tệp báo cáo trong lần tổng hợp này.",
                )
            })?;
        s.desktop.reveal(std::path::Path::new(&path))
    })
    .await
}

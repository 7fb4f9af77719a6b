//! The shell on Tauri's mock runtime, shared by the command suites: a fake
//! desktop whose dialogs answer what the test set, a temporary database, and
//! calls made as the webview makes them.
#![allow(dead_code)] // each suite uses its own part

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chitieu_desktop::agency::AgencyState;
use chitieu_desktop::error::Result as ShellResult;
use chitieu_desktop::signing::SigningState;
use chitieu_desktop::state::{Clock, Db, Desktop, Files, Shell};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;
use time::macros::datetime;
use time::OffsetDateTime;

/// Dialog answers set by the test; reveals recorded.
#[derive(Default)]
pub struct Answers {
    pub open: Option<PathBuf>,
    /// The folder the folder dialog answers.
    pub folder: Option<PathBuf>,
    pub save_dir: Option<PathBuf>,
    pub revealed: Vec<PathBuf>,
    /// The folders the save dialogs were offered, in order.
    pub offered: Vec<Option<PathBuf>>,
    /// The copy picked to restore.
    pub restore: Option<PathBuf>,
    /// The titles of the summary's save dialogs.
    pub titles: Vec<String>,
    /// The open dialogs shown, in order: "workbook" (a report to import),
    /// "edition" (an indicator set to load).
    pub asked: Vec<&'static str>,
    /// The token driver the driver dialog answers.
    pub driver: Option<PathBuf>,
}

#[derive(Clone, Default)]
pub struct FakeDesktop(pub Arc<Mutex<Answers>>);

impl Desktop for FakeDesktop {
    fn pick_workbook(&self) -> ShellResult<Option<PathBuf>> {
        let mut a = self.0.lock().unwrap();
        a.asked.push("workbook");
        Ok(a.open.clone())
    }
    fn pick_edition(&self) -> ShellResult<Option<PathBuf>> {
        let mut a = self.0.lock().unwrap();
        a.asked.push("edition");
        Ok(a.open.clone())
    }
    fn pick_pdf(&self) -> ShellResult<Option<PathBuf>> {
        let mut a = self.0.lock().unwrap();
        a.asked.push("pdf");
        Ok(a.open.clone())
    }
    fn pick_driver(&self) -> ShellResult<Option<PathBuf>> {
        let mut a = self.0.lock().unwrap();
        a.asked.push("driver");
        Ok(a.driver.clone())
    }
    fn save_workbook(
        &self,
        suggested: &str,
        folder: Option<&Path>,
    ) -> ShellResult<Option<PathBuf>> {
        let mut a = self.0.lock().unwrap();
        a.offered.push(folder.map(Path::to_owned));
        Ok(a.save_dir.as_ref().map(|d| d.join(suggested)))
    }
    fn save_backup(&self, suggested: &str, folder: Option<&Path>) -> ShellResult<Option<PathBuf>> {
        self.save_workbook(suggested, folder)
    }
    fn save_summary(
        &self,
        title: &str,
        suggested: &str,
        folder: Option<&Path>,
    ) -> ShellResult<Option<PathBuf>> {
        self.0.lock().unwrap().titles.push(title.to_owned());
        self.save_workbook(suggested, folder)
    }
    fn pick_backup(&self) -> ShellResult<Option<PathBuf>> {
        Ok(self.0.lock().unwrap().restore.clone())
    }
    fn pick_folder(&self) -> ShellResult<Option<PathBuf>> {
        Ok(self.0.lock().unwrap().folder.clone())
    }
    fn reveal(&self, path: &Path) -> ShellResult<()> {
        self.0.lock().unwrap().revealed.push(path.to_owned());
        Ok(())
    }
    fn show_main_window(&self) -> ShellResult<()> {
        Ok(())
    }
}

pub struct Harness {
    _dir: tempfile::TempDir,
    pub dir: PathBuf,
    pub desktop: FakeDesktop,
    pub window: WebviewWindow<MockRuntime>,
    _app: tauri::App<MockRuntime>,
}

/// The shell on a new database, on 01/07/2024.
pub fn harness() -> Harness {
    harness_at(datetime!(2024-07-01 03:00 UTC))
}

/// The shell on a new database, its clock fixed at `now`.
pub fn harness_at(now: OffsetDateTime) -> Harness {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    harness_with(tmp, dir.join("chitieu.db"), now)
}

/// The shell on database `db`, on 01/07/2024.
pub fn harness_with_db(tmp: tempfile::TempDir, db: PathBuf) -> Harness {
    harness_with(tmp, db, datetime!(2024-07-01 03:00 UTC))
}

fn harness_with(tmp: tempfile::TempDir, db: PathBuf, now: OffsetDateTime) -> Harness {
    let dir = tmp.path().to_owned();
    let desktop = FakeDesktop::default();
    let shell = Shell {
        db: Db::new(db, dir.join("backups")),
        clock: Clock::Fixed(now),
        files: Files::default(),
        desktop: Box::new(desktop.clone()),
        started: Instant::now(),
    };
    let app = chitieu_desktop::with_commands(mock_builder())
        .manage(Arc::new(shell))
        .manage(AgencyState::default())
        .manage(SigningState::default())
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness {
        _dir: tmp,
        dir,
        desktop,
        window,
        _app: app,
    }
}

impl Harness {
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, IpcErr> {
        invoke(&self.window, cmd, args)
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => v,
            Err(e) => panic!("{cmd} failed: {}", e.0),
        }
    }

    /// The error of a call that must fail, checked to be `{code, message}`
    /// with a Vietnamese message.
    pub fn err(&self, cmd: &str, args: Value) -> IpcErr {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should have failed, returned {v}"),
            Err(e) => {
                assert!(e.0["code"].is_string(), "{cmd}: no code in {}", e.0);
                let msg = e.message();
                assert!(
                    !msg.is_empty()
                        && msg.chars().any(|c| {
                            "ảãạăắằẳẵặâấầẩẫậđêếềểễệôốồổỗộơớờởỡợưứừửữựíìỉĩịóòỏõọúùủũụýỳỷỹỵéèẻẽẹáà"
                                .contains(c)
                        }),
                    "{cmd}: message not Vietnamese: {msg}"
                );
                e
            }
        }
    }

    pub fn setup_unit(&self) {
        self.ok("choose_unit", json!({ "code": "THAI-NGUYEN" }));
    }
}

/// A command's error as the webview receives it: `{code, message}`.
#[derive(Debug)]
pub struct IpcErr(pub Value);

impl IpcErr {
    pub fn code(&self) -> &str {
        self.0["code"].as_str().unwrap_or_default()
    }
    pub fn message(&self) -> String {
        self.0["message"].as_str().unwrap_or_default().to_owned()
    }
}

impl std::ops::Index<&str> for IpcErr {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        &self.0[key]
    }
}

/// An error is equal to a code: `assert_eq!(h.err(…), "no_consolidation")`.
impl PartialEq<&str> for IpcErr {
    fn eq(&self, code: &&str) -> bool {
        self.code() == *code
    }
}

/// A command as the webview sends it (from any thread holding the window).
pub fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, IpcErr> {
    let res = get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    );
    res.map(|body| body.deserialize::<Value>().unwrap())
        .map_err(IpcErr)
}

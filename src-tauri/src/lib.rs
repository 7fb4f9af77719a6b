//! chitieu-desktop: the Tauri shell of chitieu.
//!
//! Thin by design: every rule lives in `chitieu-core`; each command
//! (`commands.rs`) is one call into it, run off the main thread, its error
//! turned into `{code, message}` (`error.rs`). Native dialogs are opened here,
//! never by the webview (`desktop.rs`); the webview knows a picked file only
//! by an opaque token (`state.rs`).

// A panic on a user's input, a file or the database is a bug: the shipped
// code never unwraps or expects (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod agency;
pub mod commands;
pub mod desktop;
pub mod editions;
pub mod error;
pub mod models;
pub mod request;
pub mod signing;
pub mod state;
pub mod window;

use std::sync::Arc;
use std::time::{Duration, Instant};

use tauri::{Builder, Manager, Runtime};

use crate::state::{Clock, Db, Files, Shell};

/// The label of the one window.
pub const MAIN_WINDOW: &str = "main";

/// Set to log the time from start to the first drawn screen (benchmarks).
pub const BENCH_ENV: &str = "CHITIEU_BENCH";

/// Registers the app's commands: the same list as `build.rs`. A request
/// with an argument its command does not take is refused before it runs.
pub fn with_commands<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    let handler: Box<dyn Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync> =
        Box::new(tauri::generate_handler![
            commands::app_info,
            commands::restore_backup,
            commands::search_units,
            commands::add_unit,
            commands::choose_unit,
            commands::save_profile,
            commands::profile,
            commands::mark_sent,
            commands::sent_marks,
            commands::backup_to_file,
            commands::restore_from_file,
            commands::periods,
            commands::report,
            commands::check_edit,
            commands::apply_edits,
            commands::undo,
            commands::restore_value,
            commands::pick_import_file,
            commands::preview_import,
            commands::confirm_import,
            commands::cancel_import,
            commands::export_submission,
            commands::export_template,
            commands::reveal_export,
            commands::history,
            commands::exports,
            commands::trend,
            commands::drafts,
            commands::accept_draft,
            commands::apply_drafts,
            commands::review,
            commands::save_review,
            commands::review_history,
            commands::window_ready,
            editions::editions,
            editions::edition_rows,
            editions::preview_edition,
            editions::confirm_edition,
            editions::preview_edition_move,
            editions::move_edition,
            editions::pick_edition_file,
            editions::edition_changes,
            agency::agency_mode,
            agency::set_agency_mode,
            agency::pick_agency_folder,
            agency::consolidate_folder,
            agency::cancel_consolidation,
            agency::export_consolidation,
            agency::reveal_unit_file,
            agency::correct_received,
            signing::signing_drivers,
            signing::pick_signing_driver,
            signing::pick_sign_file,
            signing::signing_certificates,
            signing::sign_pdf,
        ]);
    builder.invoke_handler(move |invoke: tauri::ipc::Invoke<R>| {
        let checked = match invoke.message.payload() {
            tauri::ipc::InvokeBody::Json(v) => request::check(invoke.message.command(), v),
            tauri::ipc::InvokeBody::Raw(_) => Ok(()),
        };
        match checked {
            Ok(()) => handler(invoke),
            Err(e) => {
                invoke.resolver.reject(e);
                true
            }
        }
    })
}

/// Starts the desktop app.
pub fn run() {
    let started = Instant::now();
    #[cfg(windows)]
    if let Err(e) = tauri::webview_version() {
        webview2_missing(&e.to_string());
    }
    let builder = tauri::Builder::default()
        // First: a second launch focuses the running window and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window(MAIN_WINDOW) {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|w, event| {
            if w.label() != MAIN_WINDOW {
                return;
            }
            match event {
                tauri::WindowEvent::CloseRequested { .. } => window::remember(w, true),
                tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_) => {
                    window::remember(w, false)
                }
                _ => {}
            }
        })
        .setup(move |app| {
            let shell = Shell {
                db: Db::default_location(),
                clock: Clock::from_env(),
                files: Files::default(),
                desktop: Box::new(desktop::NativeDesktop::new(app.handle().clone())),
                started,
            };
            app.manage(Arc::new(shell));
            app.manage(agency::AgencyState::default());
            app.manage(signing::SigningState::default());
            if let Some(w) = app.get_webview_window(MAIN_WINDOW) {
                window::restore(&w);
            }
            // The window starts hidden and the UI shows it once drawn; should
            // the UI never say so, show it anyway.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(4));
                if let Some(w) = handle.get_webview_window(MAIN_WINDOW) {
                    if !w.is_visible().unwrap_or(true) {
                        let _ = w.show();
                    }
                }
            });
            Ok(())
        });
    if let Err(e) = with_commands(builder).run(tauri::generate_context!()) {
        eprintln!("chitieu-app: could not start: {e}");
        std::process::exit(1);
    }
}

/// Without the WebView2 runtime the window cannot be drawn: say so in
/// Vietnamese, and what to do, instead of failing silently (docs/WINDOWS.md).
#[cfg(windows)]
fn webview2_missing(detail: &str) -> ! {
    let message = "Máy này chưa có Microsoft Edge WebView2 Runtime, thành phần Windows mà Chỉ tiêu Chính phủ số cần để hiển thị cửa sổ. \
        Hãy nhờ bộ phận công nghệ thông tin cài «Evergreen Standalone Installer» (x64) của WebView2 Runtime rồi mở lại ứng dụng. \
        Số liệu đã nhập không bị ảnh hưởng; dòng lệnh chitieu.exe vẫn dùng được.";
    eprintln!("{message} ({detail})");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("Chỉ tiêu Chính phủ số — thiếu WebView2")
        .set_description(format!("{message}\n\n({detail})"))
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    std::process::exit(3);
}

// A failing build script fails the build, with tauri-build's own reason.
fn main() -> Result<(), String> {
    windows_resource();
    // The app's own commands: only these are callable from the webview, and
    // only as the capability files allow.
    let windows = tauri_build::WindowsAttributes::new()
        .app_manifest(include_str!("../windows/resources/app.manifest"));
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .windows_attributes(windows)
            .app_manifest(tauri_build::AppManifest::new().commands(&[
                "app_info",
                "restore_backup",
                "search_units",
                "add_unit",
                "choose_unit",
                "save_profile",
                "profile",
                "mark_sent",
                "sent_marks",
                "backup_to_file",
                "restore_from_file",
                "periods",
                "report",
                "check_edit",
                "apply_edits",
                "undo",
                "restore_value",
                "pick_import_file",
                "preview_import",
                "confirm_import",
                "cancel_import",
                "export_submission",
                "export_template",
                "reveal_export",
                "history",
                "exports",
                "trend",
                "drafts",
                "accept_draft",
                "apply_drafts",
                "review",
                "save_review",
                "review_history",
                "window_ready",
                "editions",
                "edition_rows",
                "preview_edition",
                "confirm_edition",
                "preview_edition_move",
                "move_edition",
                "pick_edition_file",
                "edition_changes",
                "agency_mode",
                "set_agency_mode",
                "pick_agency_folder",
                "consolidate_folder",
                "cancel_consolidation",
                "export_consolidation",
                "reveal_unit_file",
                "correct_received",
                "signing_drivers",
                "pick_signing_driver",
                "pick_sign_file",
                "signing_certificates",
                "sign_pdf",
            ])),
    )
    .map_err(|e| format!("tauri build script failed: {e:#}"))
}

/// What Windows shows of chitieu-app.exe (Properties > Details, Task Manager,
/// "Apps & features", AppLocker publisher rules): tauri-build writes the
/// version resource from tauri.conf.json, whose `productName` ("chitieu")
/// also names the Linux packages. For a Windows target its FileDescription
/// and ProductName become the app's Vietnamese name, with a publisher and a
/// copyright, through tauri-build's documented `TAURI_CONFIG` override (read
/// by tauri-build only: the app's compiled-in config is unchanged). The
/// manifest (DPI awareness, long paths, Common Controls v6) is
/// windows/resources/app.manifest.
fn windows_resource() {
    println!("cargo:rerun-if-changed=../windows/resources/app.manifest");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    if std::env::var_os("TAURI_CONFIG").is_some() {
        println!(
            "cargo:warning=TAURI_CONFIG is set: the Windows version resource keeps its values"
        );
        return;
    }
    // One line: request.rs's test reads every `"name",` line above as a command.
    const CONFIG: &str = r#"{"productName":"Chỉ tiêu Chính phủ số","bundle":{"publisher":"chitieu","copyright":"© 2026 chitieu contributors, MIT licence"}}"#;
    std::env::set_var("TAURI_CONFIG", CONFIG);
}

fn main() {
    // The app's own commands: only these are callable from the webview, and
    // only as the capability files allow.
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
            "app_info",
            "restore_backup",
            "search_units",
            "add_unit",
            "choose_unit",
            "save_profile",
            "periods",
            "report",
            "check_edit",
            "apply_edits",
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
            "window_ready",
        ])),
    )
    .expect("tauri build script failed");
}

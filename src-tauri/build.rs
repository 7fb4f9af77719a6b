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
            "window_ready",
            "editions",
            "edition_rows",
            "preview_edition",
            "confirm_edition",
            "preview_edition_move",
            "move_edition",
        ])),
    )
    .expect("tauri build script failed");
}

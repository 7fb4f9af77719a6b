//! The shape of what the webview may send: each command's argument names.
//!
//! Tauri reads a command's arguments by name and ignores any other key; the
//! shell refuses them instead, so a request carries exactly what its command
//! takes. (Nested request types — `NewUnit`, `Profile`, `Edit` — refuse
//! unknown fields themselves, with `#[serde(deny_unknown_fields)]`.)

use serde_json::Value;

use crate::error::IpcError;

/// Every command and the names of its arguments. Keep in step with
/// `commands.rs`, `build.rs` and `capabilities/main.json`.
pub const COMMANDS: &[(&str, &[&str])] = &[
    ("app_info", &[]),
    ("restore_backup", &[]),
    ("search_units", &["query"]),
    ("add_unit", &["unit"]),
    ("choose_unit", &["code"]),
    ("save_profile", &["unit", "profile"]),
    ("profile", &["unit"]),
    ("mark_sent", &["unit", "period", "sent", "note"]),
    ("sent_marks", &["unit", "period"]),
    ("backup_to_file", &[]),
    ("restore_from_file", &[]),
    ("periods", &["unit", "year"]),
    ("report", &["unit", "period"]),
    ("check_edit", &["unit", "period", "edit"]),
    ("apply_edits", &["unit", "period", "edits"]),
    ("undo", &["unit", "period"]),
    (
        "restore_value",
        &["unit", "period", "indicator", "revision"],
    ),
    ("pick_import_file", &[]),
    ("preview_import", &["token", "unit", "period"]),
    ("confirm_import", &["token", "unit", "period", "sha256"]),
    ("cancel_import", &["token"]),
    ("export_submission", &["unit", "period", "with_pdf"]),
    ("export_template", &["unit", "period"]),
    ("reveal_export", &["token"]),
    ("history", &["unit", "period", "indicator"]),
    ("exports", &["unit", "period"]),
    ("trend", &["unit", "period", "indicator"]),
    ("drafts", &["unit", "period"]),
    (
        "accept_draft",
        &["unit", "period", "indicator", "field", "text"],
    ),
    ("apply_drafts", &["unit", "period"]),
    ("review", &["unit", "period"]),
    ("save_review", &["unit", "period", "text", "from_draft"]),
    ("review_history", &["unit", "period"]),
    ("window_ready", &[]),
    ("editions", &[]),
    ("edition_rows", &["id"]),
    ("preview_edition", &["token", "meta"]),
    ("confirm_edition", &["token", "meta", "sha256"]),
    ("preview_edition_move", &["unit", "period", "to"]),
    ("move_edition", &["unit", "period", "to"]),
    ("pick_edition_file", &[]),
    ("edition_changes", &["unit", "period"]),
    ("agency_mode", &[]),
    ("set_agency_mode", &["on"]),
    ("pick_agency_folder", &[]),
    ("consolidate_folder", &["token", "period", "on_progress"]),
    ("cancel_consolidation", &[]),
    ("export_consolidation", &[]),
    ("reveal_unit_file", &["unit"]),
    ("correct_received", &["unit", "at", "reason"]),
    ("signing_drivers", &[]),
    ("pick_signing_driver", &[]),
    ("pick_sign_file", &[]),
    ("signing_certificates", &["driver", "pin"]),
    (
        "sign_pdf",
        &["file", "driver", "pin", "token_label", "key_label"],
    ),
];

/// The fields of the structured arguments, by argument name: `NewUnit`,
/// `Profile`, `Edit` (a test checks them against the types).
pub const FIELDS: &[(&str, &[&str])] = &[
    (
        "unit",
        &["name", "unit_type", "code", "short_name", "parent"],
    ),
    (
        "profile",
        &["unit", "preparer", "phone", "email", "head", "place"],
    ),
    ("edit", &["indicator", "field", "text"]),
    ("edits", &["indicator", "field", "text"]),
    ("meta", &["id", "title", "source", "first_year"]),
];

/// Checks a request's arguments: an object (or nothing) whose keys are all
/// arguments of `command`, and whose structured arguments have only their
/// own fields.
pub fn check(command: &str, payload: &Value) -> Result<(), IpcError> {
    let Some((_, allowed)) = COMMANDS.iter().find(|(c, _)| *c == command) else {
        return Ok(()); // not ours (a plugin's): Tauri's own checks apply
    };
    let map = match payload {
        Value::Object(map) => map.clone(),
        Value::Null => serde_json::Map::new(),
        _ => {
            return Err(IpcError::bad_request(
                command,
                "các tham số phải là một đối tượng",
            ))
        }
    };
    for (key, value) in &map {
        if !allowed.contains(&key.as_str()) {
            return Err(IpcError::bad_request(
                command,
                &format!("tham số «{key}» không thuộc lệnh này"),
            ));
        }
        let Some((_, fields)) = FIELDS.iter().find(|(arg, _)| arg == key) else {
            continue;
        };
        let objects: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for object in objects {
            if let Value::Object(o) = object {
                if let Some(f) = o.keys().find(|f| !fields.contains(&f.as_str())) {
                    return Err(IpcError::bad_request(
                        command,
                        &format!("trường «{f}» không thuộc tham số «{key}»"),
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_keys_pass_unknown_ones_are_refused() {
        assert!(check("report", &json!({"unit": "X", "period": "2024"})).is_ok());
        assert!(check("app_info", &json!({})).is_ok());
        assert!(check("app_info", &Value::Null).is_ok());
        let e = check(
            "report",
            &json!({"unit": "X", "period": "2024", "path": "/etc/passwd"}),
        )
        .unwrap_err();
        assert_eq!(e.code, "bad_request");
        assert!(e.message.contains("«path»"));
        assert_eq!(
            check("report", &json!([1, 2])).unwrap_err().code,
            "bad_request"
        );
    }

    #[test]
    fn nested_fields_are_checked_too() {
        let ok = json!({"unit": "X", "period": "2024", "edits": [{"indicator": "1.1", "field": "value", "text": "5"}]});
        assert!(check("apply_edits", &ok).is_ok());
        let bad = json!({"unit": "X", "period": "2024", "edits": [{"indicator": "1.1", "field": "value", "text": "5", "path": "/x"}]});
        assert!(check("apply_edits", &bad)
            .unwrap_err()
            .message
            .contains("«path»"));
        let bad = json!({"unit": {"name": "Sở", "unit_type": "custom", "admin": true}});
        assert_eq!(check("add_unit", &bad).unwrap_err().code, "bad_request");
    }

    /// The field lists are those the types serialise.
    #[test]
    fn the_field_lists_match_the_types() {
        use chitieu_core::registry::UnitType;
        use chitieu_core::report::{Edit, Field};
        use chitieu_core::store::{NewUnit, Profile};
        let keys = |v: Value| -> Vec<String> {
            let mut k: Vec<String> = v
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            k.sort();
            k
        };
        let table = |arg: &str| -> Vec<String> {
            let mut f: Vec<String> = FIELDS
                .iter()
                .find(|(a, _)| *a == arg)
                .map(|(_, f)| f.iter().map(|s| (*s).to_owned()).collect())
                .unwrap_or_default();
            f.sort();
            f
        };
        let unit = NewUnit {
            name: String::new(),
            unit_type: UnitType::Custom,
            code: None,
            short_name: None,
            parent: None,
        };
        assert_eq!(keys(serde_json::to_value(unit).unwrap()), table("unit"));
        assert_eq!(
            keys(serde_json::to_value(Profile::default()).unwrap()),
            table("profile")
        );
        let meta = chitieu_core::edition::EditionMeta::default();
        assert_eq!(keys(serde_json::to_value(meta).unwrap()), table("meta"));
        let edit = Edit {
            indicator: String::new(),
            field: Field::Value,
            text: String::new(),
        };
        assert_eq!(keys(serde_json::to_value(&edit).unwrap()), table("edit"));
        assert_eq!(table("edit"), table("edits"));
    }

    #[test]
    fn the_table_lists_every_command_of_build_rs() {
        let build = include_str!("../build.rs");
        let declared: Vec<&str> = build
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix("\","))
            .collect();
        let mut ours: Vec<&str> = COMMANDS.iter().map(|(c, _)| *c).collect();
        let mut declared_sorted = declared.clone();
        ours.sort_unstable();
        declared_sorted.sort_unstable();
        assert_eq!(ours, declared_sorted);
    }
}

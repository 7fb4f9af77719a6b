//! Every command of the shell on Tauri's mock runtime, against a temporary
//! database: its success, and its error as `{code, message}`.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use chitieu_desktop::state::Db;
use common::{harness, harness_at, harness_with_db, Harness};
use serde_json::{json, Value};
use time::macros::datetime;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/import")
        .join(name)
}

const UNIT: &str = "THAI-NGUYEN";
const PERIOD: &str = "2024-Q2";

#[test]
fn app_info_reports_the_day_and_no_unit_on_first_run() {
    let h = harness();
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["today"], "2024-07-01");
    assert_eq!(info["year"], 2024);
    assert!(info["unit"].is_null());
    assert!(info["failure"].is_null());
    h.setup_unit();
    h.ok("save_profile", json!({ "unit": UNIT, "profile": { "unit": UNIT, "preparer": "Nguyễn Văn An", "phone": "0208 3855 123", "email": "an@thainguyen.gov.vn", "head": "", "place": "Thái Nguyên" } }));
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["unit"]["code"], UNIT);
    assert_eq!(info["profile"]["preparer"], "Nguyễn Văn An");
}

#[test]
fn a_foreign_database_is_reported_not_crashed_on() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("chitieu.db");
    std::fs::write(
        &db,
        b"this is not a database, just a text file that someone named .db",
    )
    .unwrap();
    let h = harness_with_db(tmp, db.clone());
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["failure"]["code"], "not_our_database");
    assert!(info["failure"]["message"]
        .as_str()
        .unwrap()
        .contains("không phải là cơ sở dữ liệu"));
    // Every command that needs the store says the same, and the file is untouched.
    let e = h.err("search_units", json!({ "query": "thai" }));
    assert_eq!(e.code(), "not_our_database");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"this is not a database, just a text file that someone named .db"
    );
}

#[test]
fn search_units_ignores_diacritics() {
    let h = harness();
    let units = h.ok("search_units", json!({ "query": "thai nguyen" }));
    let codes: Vec<&str> = units
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["unit"]["code"].as_str())
        .collect();
    assert!(codes.contains(&UNIT), "{codes:?}");
    let none = h.ok("search_units", json!({ "query": "zzzz không có" }));
    assert_eq!(none.as_array().unwrap().len(), 0);
}

/// Issue 11, point 6 (the clock says 2024: Hà Giang still exists; a unit
/// ended before it leads to its successor).
#[test]
fn search_units_leads_from_a_former_unit_to_its_successor() {
    let h = harness();
    let hits = h.ok("search_units", json!({ "query": "ha giang" }));
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["unit"]["code"], "HA-GIANG");
    assert!(hits[0]["former"].is_null());
}

/// Issue 17, point 8: a unit that existed in a past period but not today is
/// offered by the unit choice, and can be chosen.
#[test]
fn search_units_offers_a_former_unit_for_its_past_periods() {
    let h = harness_at(datetime!(2026-12-07 03:00 UTC));
    let hits = h.ok("search_units", json!({ "query": "binh dinh" }));
    let hits = hits.as_array().unwrap();
    let own = hits
        .iter()
        .find(|x| x["unit"]["code"] == "BINH-DINH" && x["former"].is_null())
        .unwrap_or_else(|| panic!("{hits:?}"));
    assert_eq!(own["unit"]["valid_to"], "2025-06-30");
    let chosen = h.ok("choose_unit", json!({ "code": "BINH-DINH" }));
    assert_eq!(chosen["name"], "Tỉnh Bình Định");
    let list = h.ok("periods", json!({ "unit": "BINH-DINH", "year": 2024 }));
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|p| !p["state"].is_null()));
}

/// Issue 11, point 5: Ctrl+Z undoes a paste (one batch) as a new change,
/// and a history row's old value comes back on demand.
#[test]
fn undo_and_restore_value_write_new_history() {
    let h = harness();
    let r = json!({ "unit": UNIT, "period": PERIOD });
    assert_eq!(h.err("undo", r.clone()).code(), "nothing_to_undo");
    let edits = |pairs: &[(&str, &str)]| -> Value {
        json!(pairs
            .iter()
            .map(|(i, t)| json!({ "indicator": i, "field": "value", "text": t }))
            .collect::<Vec<_>>())
    };
    h.ok(
        "apply_edits",
        json!({ "unit": UNIT, "period": PERIOD, "edits": edits(&[("1.1", "70")]) }),
    );
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": edits(&[("1.1", "80"), ("1.2", "81,5")]) }));
    let undone = h.ok("undo", r.clone());
    assert_eq!(undone["changed"], json!(["1.1", "1.2"]));
    let view = h.ok("report", r.clone());
    let value = |v: &Value, code: &str| {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["code"] == code)
            .unwrap()["figure"]["value"]
            .clone()
    };
    assert_eq!(value(&view, "1.1"), json!(70.0));
    assert_eq!(value(&view, "1.2"), Value::Null);
    let hist = h.ok(
        "history",
        json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.1" }),
    );
    let last = hist.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["origin"]["kind"], "undo");
    assert_eq!(last["revision"], 3);
    // Restore the value 1.1 had before its second change (70 → 80): 70 again
    // is already there, so restore the one before the first: nothing (blank).
    let restored = h.ok(
        "restore_value",
        json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.1", "revision": 1 }),
    );
    assert_eq!(restored["changed"], json!(["1.1"]));
    assert_eq!(value(&h.ok("report", r.clone()), "1.1"), Value::Null);
    let hist = h.ok(
        "history",
        json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.1" }),
    );
    assert_eq!(
        hist.as_array().unwrap().last().unwrap()["origin"],
        json!({ "kind": "restore", "revision": 1 })
    );
    let e = h.err(
        "restore_value",
        json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.1", "revision": 42 }),
    );
    assert_eq!(e.code(), "unknown_revision");
    assert_eq!(h.err("restore_value", json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.1", "revision": 1, "path": "/x" })).code(), "bad_request");
}

#[test]
fn add_unit_and_its_errors() {
    let h = harness();
    let u = h.ok("add_unit", json!({ "unit": { "name": "Sở Thông tin và Truyền thông tỉnh Thái Nguyên", "unit_type": "custom", "code": null, "short_name": "Sở TT&TT", "parent": null } }));
    assert!(u["code"].as_str().unwrap().starts_with("X-"));
    assert_eq!(u["user_added"], true);
    assert_eq!(h.err("add_unit", json!({ "unit": { "name": "  ", "unit_type": "custom", "code": null, "short_name": null, "parent": null } })).code(), "bad_unit");
    assert_eq!(h.err("add_unit", json!({ "unit": { "name": "Tỉnh Thái Nguyên", "unit_type": "province", "code": "THAI-NGUYEN", "short_name": null, "parent": null } })).code(), "duplicate_unit");
}

#[test]
fn choose_unit_and_unknown_unit() {
    let h = harness();
    assert_eq!(
        h.ok("choose_unit", json!({ "code": UNIT }))["name"],
        "Tỉnh Thái Nguyên"
    );
    assert_eq!(
        h.err("choose_unit", json!({ "code": "NOWHERE" })).code(),
        "unknown_unit"
    );
}

#[test]
fn save_profile_is_read_back() {
    let h = harness();
    h.setup_unit();
    h.ok("save_profile", json!({ "unit": UNIT, "profile": { "unit": UNIT, "preparer": "A", "phone": "", "email": "", "head": "", "place": "" } }));
    assert_eq!(h.ok("app_info", json!({}))["profile"]["preparer"], "A");
}

#[test]
fn each_units_profile_loads_with_it_and_is_never_saved_over_another() {
    let h = harness();
    h.setup_unit();
    h.ok("save_profile", json!({ "unit": UNIT, "profile": { "unit": UNIT, "preparer": "Nguyễn Thị Hoa", "phone": "", "email": "", "head": "", "place": "Thái Nguyên" } }));
    // Tuyên Quang's own (empty) details, its place from its name.
    let tq = h.ok("profile", json!({ "unit": "TUYEN-QUANG" }));
    assert_eq!(
        (
            tq["unit"].as_str(),
            tq["preparer"].as_str(),
            tq["place"].as_str()
        ),
        (Some("TUYEN-QUANG"), Some(""), Some("Tuyên Quang"))
    );
    // Thái Nguyên's details sent under Tuyên Quang: refused, nothing written.
    let e = h.err("save_profile", json!({ "unit": "TUYEN-QUANG", "profile": { "unit": UNIT, "preparer": "Nguyễn Thị Hoa", "phone": "", "email": "", "head": "", "place": "Thái Nguyên" } }));
    assert_eq!(e.code(), "profile_of_another_unit");
    assert_eq!(
        h.ok("profile", json!({ "unit": "TUYEN-QUANG" }))["preparer"],
        ""
    );
    assert_eq!(
        h.ok("profile", json!({ "unit": UNIT }))["preparer"],
        "Nguyễn Thị Hoa"
    );
    assert_eq!(
        h.err("profile", json!({ "unit": "NOWHERE" })).code(),
        "unknown_unit"
    );
}

#[test]
fn the_save_dialog_opens_in_the_folder_last_saved_into_per_kind() {
    let h = harness();
    let out = h.dir.join("usb");
    std::fs::create_dir_all(&out).unwrap();
    h.desktop.0.lock().unwrap().save_dir = Some(out.clone());
    h.ok("export_template", json!({ "unit": UNIT, "period": PERIOD }));
    h.ok("export_template", json!({ "unit": UNIT, "period": PERIOD }));
    h.ok("backup_to_file", json!({}));
    let offered = h.desktop.0.lock().unwrap().offered.clone();
    // First save: no folder yet; second: the one used; the backup has its own.
    assert_eq!(offered, vec![None, Some(out.clone()), None]);
}

#[test]
fn backup_to_a_chosen_file_then_restore_from_it_keeping_the_current_database_aside() {
    let h = harness();
    h.setup_unit();
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1.1", "field": "value", "text": "86,97" }] }));
    // Cancelled: nothing.
    assert!(h.ok("backup_to_file", json!({})).is_null());
    let usb = h.dir.join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    h.desktop.0.lock().unwrap().save_dir = Some(usb.clone());
    let done = h.ok("backup_to_file", json!({}));
    assert_eq!(done["file_name"], "chitieu-sao-luu-2024-07-01.db");
    let copy = usb.join("chitieu-sao-luu-2024-07-01.db");
    assert!(copy.is_file());
    // A later change, then the copy restored: the figure is back as it was.
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1.1", "field": "value", "text": "12" }] }));
    assert!(h.ok("restore_from_file", json!({})).is_null());
    h.desktop.0.lock().unwrap().restore = Some(copy.clone());
    let r = h.ok("restore_from_file", json!({}));
    assert_eq!(r["restored_from"], "chitieu-sao-luu-2024-07-01.db");
    let aside = r["kept_aside"].as_str().unwrap().to_owned();
    assert!(h.dir.join("backups").join(&aside).is_file());
    let view = h.ok("report", json!({ "unit": UNIT, "period": PERIOD }));
    let row = view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "1.1")
        .unwrap()
        .clone();
    assert_eq!(row["figure"]["raw"], "86,97");
    // A file that is not a copy: refused, the database untouched.
    let bad = h.dir.join("note.db");
    std::fs::write(&bad, b"not a database").unwrap();
    h.desktop.0.lock().unwrap().restore = Some(bad);
    assert_eq!(
        h.err("restore_from_file", json!({})).code(),
        "not_our_database"
    );
    assert_eq!(h.ok("app_info", json!({}))["unit"]["code"], UNIT);
}

#[test]
fn a_past_period_marked_as_sent_another_way_is_not_overdue() {
    let h = harness();
    let q1 = |h: &Harness| {
        h.ok("periods", json!({ "unit": UNIT, "year": 2024 }))
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["period"] == "2024-Q1")
            .unwrap()
            .clone()
    };
    assert_eq!(q1(&h)["overdue"], true);
    let marks = h.ok("mark_sent", json!({ "unit": UNIT, "period": "2024-Q1", "sent": true, "note": "gửi bằng công văn giấy" }));
    assert_eq!(marks.as_array().unwrap().len(), 1);
    assert_eq!(
        (q1(&h)["overdue"].clone(), q1(&h)["sent_otherwise"].clone()),
        (json!(false), json!(true))
    );
    h.ok(
        "mark_sent",
        json!({ "unit": UNIT, "period": "2024-Q1", "sent": false, "note": "" }),
    );
    assert_eq!(q1(&h)["overdue"], true);
    assert_eq!(
        h.ok("sent_marks", json!({ "unit": UNIT, "period": "2024-Q1" }))
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn periods_of_a_year_and_a_bad_year() {
    let h = harness();
    let list = h.ok("periods", json!({ "unit": UNIT, "year": 2024 }));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert_eq!(list[1]["period"], "2024-Q2");
    assert_eq!(list[1]["days_left"], 4);
    assert_eq!(list[1]["state"], "no_figures");
    assert_eq!(
        h.err("periods", json!({ "unit": UNIT, "year": 1999 }))
            .code(),
        "bad_period"
    );
}

#[test]
fn report_view_and_its_errors() {
    let h = harness();
    let v = h.ok("report", json!({ "unit": UNIT, "period": PERIOD }));
    assert_eq!(v["period_label"], "Quý II năm 2024");
    assert_eq!(v["state"], "no_figures");
    assert!(v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "1.1"));
    assert_eq!(
        h.err("report", json!({ "unit": UNIT, "period": "2024-Q5" }))
            .code(),
        "bad_period"
    );
    assert_eq!(
        h.err("report", json!({ "unit": "NOWHERE", "period": PERIOD }))
            .code(),
        "unknown_unit"
    );
}

#[test]
fn check_edit_flags_without_saving() {
    let h = harness();
    let d = h.ok("check_edit", json!({ "unit": UNIT, "period": PERIOD, "edit": { "indicator": "1.1", "field": "value", "text": "135" } }));
    let codes: Vec<&str> = d
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["code"].as_str())
        .collect();
    assert!(codes.contains(&"share-out-of-range"), "{codes:?}");
    let d = h.ok("check_edit", json!({ "unit": UNIT, "period": PERIOD, "edit": { "indicator": "1.1", "field": "value", "text": "abc" } }));
    assert!(d
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["code"] == "not-a-number"));
    // Nothing was written.
    assert_eq!(
        h.ok("report", json!({ "unit": UNIT, "period": PERIOD }))["state"],
        "no_figures"
    );
    assert_eq!(
        h.ok(
            "history",
            json!({ "unit": UNIT, "period": PERIOD, "indicator": null })
        )
        .as_array()
        .unwrap()
        .len(),
        0
    );
    let e = h.err("check_edit", json!({ "unit": UNIT, "period": PERIOD, "edit": { "indicator": "9.99", "field": "value", "text": "1" } }));
    assert_eq!(e.code(), "unknown_indicator");
}

#[test]
fn apply_edits_saves_with_history_and_refuses_a_heading() {
    let h = harness();
    let s = h.ok(
        "apply_edits",
        json!({ "unit": UNIT, "period": PERIOD, "edits": [
        { "indicator": "1.1", "field": "value", "text": "86,97" },
        { "indicator": "1.1", "field": "source", "text": "Cổng Dịch vụ công" },
        { "indicator": "1.2", "field": "value", "text": "135" },
    ] }),
    );
    assert_eq!(s["new"], json!(["1.1", "1.2"]));
    let v = h.ok("report", json!({ "unit": UNIT, "period": PERIOD }));
    let row = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "1.1")
        .unwrap()
        .clone();
    assert_eq!(row["figure"]["value"], 86.97);
    assert_eq!(row["figure"]["status"], "official");
    assert_eq!(v["state"], "has_errors"); // 135 % is kept as typed, and flagged
    let hist = h.ok(
        "history",
        json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.1" }),
    );
    assert_eq!(hist.as_array().unwrap().len(), 1);
    assert_eq!(hist[0]["origin"]["kind"], "app");
    let e = h.err("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1", "field": "value", "text": "5" }] }));
    assert_eq!(e.code(), "not_a_figure_row");
}

#[test]
fn import_pick_preview_confirm_and_cancel() {
    let h = harness();
    h.setup_unit();
    // Cancelled dialog.
    assert!(h.ok("pick_import_file", json!({})).is_null());
    // Picked: the webview sees a token and a name, never the path.
    h.desktop.0.lock().unwrap().open = Some(fixture("base.xlsx"));
    let picked = h.ok("pick_import_file", json!({}));
    assert_eq!(picked["file_name"], "base.xlsx");
    assert!(
        !picked.to_string().contains("fixtures"),
        "path leaked: {picked}"
    );
    let token = picked["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 32);

    let p = h.ok(
        "preview_import",
        json!({ "token": token, "unit": UNIT, "period": PERIOD }),
    );
    assert_eq!(p["unit_code"], UNIT);
    assert_eq!(p["period"], PERIOD);
    let figures = p["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 27);
    assert!(figures.iter().all(|f| f["change"] == "new"));
    // Nothing written by a preview.
    assert_eq!(
        h.ok("report", json!({ "unit": UNIT, "period": PERIOD }))["state"],
        "no_figures"
    );
    // A period the file contradicts.
    let e = h.err(
        "preview_import",
        json!({ "token": token, "unit": UNIT, "period": "2024-Q3" }),
    );
    assert_eq!(e.code(), "period_conflict");
    // Periods as people write them, not as codes.
    assert!(
        e.message().contains("kỳ Quý II năm 2024") && e.message().contains("Quý III năm 2024"),
        "{}",
        e.message()
    );
    assert!(!e.message().contains("2024-Q"), "{}", e.message());
    // A stale preview.
    let e = h.err(
        "confirm_import",
        json!({ "token": token, "unit": UNIT, "period": PERIOD, "sha256": "0000" }),
    );
    assert_eq!(e.code(), "changed_since_preview");

    let done = h.ok(
        "confirm_import",
        json!({ "token": token, "unit": UNIT, "period": PERIOD, "sha256": p["sha256"] }),
    );
    assert_eq!(done["summary"]["new"].as_array().unwrap().len(), 27);
    let hist = h.ok(
        "history",
        json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.1" }),
    );
    assert_eq!(hist[0]["origin"]["kind"], "import");
    assert_eq!(hist[0]["origin"]["file_name"], "base.xlsx");
    // The token is spent.
    assert_eq!(
        h.err(
            "preview_import",
            json!({ "token": token, "unit": UNIT, "period": PERIOD })
        )
        .code(),
        "unknown_file"
    );

    // Cancel forgets a picked file.
    let t2 = h.ok("pick_import_file", json!({}))["token"]
        .as_str()
        .unwrap()
        .to_owned();
    h.ok("cancel_import", json!({ "token": t2 }));
    assert_eq!(
        h.err(
            "preview_import",
            json!({ "token": t2, "unit": UNIT, "period": PERIOD })
        )
        .code(),
        "unknown_file"
    );
    assert_eq!(
        h.err(
            "preview_import",
            json!({ "token": "made-up", "unit": null, "period": null })
        )
        .code(),
        "unknown_file"
    );
}

#[test]
fn a_file_that_is_not_a_form_is_refused_with_its_code() {
    let h = harness();
    let bad = h.dir.join("notes.xlsx");
    std::fs::write(&bad, b"plain text, not a workbook").unwrap();
    h.desktop.0.lock().unwrap().open = Some(bad);
    let token = h.ok("pick_import_file", json!({}))["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let e = h.err(
        "preview_import",
        json!({ "token": token, "unit": UNIT, "period": PERIOD }),
    );
    assert!(
        ["not_a_spreadsheet", "malformed"].contains(&e.code()),
        "{}",
        e.0
    );
}

/// Issue 17, point 2: a report without any figure is not exported — the
/// command refuses before asking where to save; the report view says why.
#[test]
fn an_empty_report_is_not_exported_and_the_save_dialog_never_opens() {
    let h = harness();
    h.setup_unit();
    let out = h.dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    h.desktop.0.lock().unwrap().save_dir = Some(out.clone());
    let e = h.err(
        "export_submission",
        json!({ "unit": UNIT, "period": PERIOD }),
    );
    assert_eq!(e.code(), "export_empty");
    assert!(e.message().contains("chưa có số liệu nào"), "{}", e.0);
    assert!(h.desktop.0.lock().unwrap().offered.is_empty());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    let view = h.ok("report", json!({ "unit": UNIT, "period": PERIOD }));
    assert!(view["export_refusal"].is_string(), "{view}");
    assert_eq!(view["completeness"]["filled"], 0);
    // One figure: exported, and the counts say how incomplete.
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1.1", "field": "value", "text": "86,97" }] }));
    let view = h.ok("report", json!({ "unit": UNIT, "period": PERIOD }));
    assert!(view["export_refusal"].is_null());
    let done = h.ok(
        "export_submission",
        json!({ "unit": UNIT, "period": PERIOD }),
    );
    assert_eq!(done["exported"]["completeness"]["filled"], 1);
    let expected = done["exported"]["completeness"]["expected"]
        .as_u64()
        .unwrap();
    assert!(expected > 1);
    let list = h.ok("periods", json!({ "unit": UNIT, "year": 2024 }));
    let q2 = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == PERIOD)
        .unwrap()
        .clone();
    assert_eq!(
        q2["state_label"],
        format!("Đã xuất (1/{expected} chỉ tiêu)")
    );
}

#[test]
fn export_is_blocked_then_written_then_revealed() {
    let h = harness();
    h.setup_unit();
    let out = h.dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // Cancelled save dialog: nothing written.
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1.1", "field": "value", "text": "abc" }] }));
    // Blocked: the errors come with the error.
    let e = h.err(
        "export_submission",
        json!({ "unit": UNIT, "period": PERIOD }),
    );
    assert_eq!(e.code(), "export_blocked");
    let diags = e.0["diagnostics"].as_array().unwrap();
    assert!(
        diags
            .iter()
            .any(|d| d["indicator"] == "1.1" && d["code"] == "not-a-number"),
        "{diags:?}"
    );
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1.1", "field": "value", "text": "86,97" }] }));
    assert!(h
        .ok(
            "export_submission",
            json!({ "unit": UNIT, "period": PERIOD })
        )
        .is_null());
    h.desktop.0.lock().unwrap().save_dir = Some(out.clone());
    let done = h.ok(
        "export_submission",
        json!({ "unit": UNIT, "period": PERIOD }),
    );
    assert_eq!(done["file_name"], "PL01_THAI-NGUYEN_2024-Q2.xlsx");
    assert!(out.join("PL01_THAI-NGUYEN_2024-Q2.xlsx").is_file());
    assert_eq!(done["exported"]["figures"], 1);
    assert_eq!(
        h.ok("report", json!({ "unit": UNIT, "period": PERIOD }))["state"],
        "exported"
    );
    let token = done["token"].as_str().unwrap().to_owned();
    h.ok("reveal_export", json!({ "token": token }));
    assert_eq!(
        h.desktop.0.lock().unwrap().revealed,
        vec![out.join("PL01_THAI-NGUYEN_2024-Q2.xlsx")]
    );
    assert_eq!(
        h.err("reveal_export", json!({ "token": "not-a-token" }))
            .code(),
        "unknown_file"
    );
    let log = h.ok("exports", json!({ "unit": UNIT, "period": PERIOD }));
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["kind"], "submission");
    assert_eq!(
        h.err("exports", json!({ "unit": UNIT, "period": "Q2" }))
            .code(),
        "bad_period"
    );
}

#[test]
fn export_template_and_a_missing_folder() {
    let h = harness();
    h.desktop.0.lock().unwrap().save_dir = Some(h.dir.join("out"));
    std::fs::create_dir_all(h.dir.join("out")).unwrap();
    let done = h.ok("export_template", json!({ "unit": UNIT, "period": PERIOD }));
    assert_eq!(done["file_name"], "PL01_MAU_THAI-NGUYEN_2024-Q2.xlsx");
    h.desktop.0.lock().unwrap().save_dir = Some(h.dir.join("no/such/folder"));
    let e = h.err("export_template", json!({ "unit": UNIT, "period": PERIOD }));
    assert_eq!(e.code(), "not_found", "{}", e.0);
}

#[test]
fn history_trend_and_their_errors() {
    let h = harness();
    h.ok("apply_edits", json!({ "unit": UNIT, "period": "2024-Q1", "edits": [{ "indicator": "1.1", "field": "value", "text": "70" }, { "indicator": "1.1", "field": "status", "text": "Ước tính" }] }));
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1.1", "field": "value", "text": "80,5" }] }));
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1.1", "field": "value", "text": "81" }] }));
    let hist = h.ok(
        "history",
        json!({ "unit": UNIT, "period": PERIOD, "indicator": null }),
    );
    assert_eq!(hist.as_array().unwrap().len(), 2);
    assert_eq!(hist[1]["old"]["value"], 80.5);
    assert_eq!(
        h.err(
            "history",
            json!({ "unit": UNIT, "period": "x", "indicator": null })
        )
        .code(),
        "bad_period"
    );
    let t = h.ok(
        "trend",
        json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.1" }),
    );
    let values: Vec<f64> = t["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, vec![70.0, 81.0]);
    assert_eq!(t["points"][0]["status"], "estimate");
    assert_eq!(
        h.err(
            "trend",
            json!({ "unit": UNIT, "period": PERIOD, "indicator": "9.9" })
        )
        .code(),
        "unknown_indicator"
    );
}

#[test]
fn drafts_are_offered_accepted_into_empty_cells_and_the_review_stored() {
    let h = harness();
    h.ok("apply_edits", json!({ "unit": UNIT, "period": "2024-Q1", "edits": [{ "indicator": "1.2", "field": "value", "text": "40,5" }] }));
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1.2", "field": "value", "text": "45,7" }, { "indicator": "1.3", "field": "value", "text": "60" }, { "indicator": "1.3", "field": "trend", "text": "Tự viết." }] }));
    let d = h.ok("drafts", json!({ "unit": UNIT, "period": PERIOD }));
    let trend = d["drafts"][0]["trend"].as_str().unwrap().to_owned();
    assert!(
        trend.starts_with("Tăng 5,2 điểm phần trăm so với Quý I/2024"),
        "{trend}"
    );
    let review = d["review"].as_str().unwrap().to_owned();
    assert_eq!(h.ok("accept_draft", json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.2", "field": "trend", "text": trend })), json!(true));
    assert_eq!(h.ok("accept_draft", json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.3", "field": "trend", "text": "x" })), json!(false));
    let hist = h.ok(
        "history",
        json!({ "unit": UNIT, "period": PERIOD, "indicator": "1.2" }),
    );
    assert_eq!(
        hist.as_array().unwrap().last().unwrap()["origin"],
        json!({ "kind": "draft", "cli": false })
    );
    assert!(h
        .ok("review", json!({ "unit": UNIT, "period": PERIOD }))
        .is_null());
    let applied = h.ok("apply_drafts", json!({ "unit": UNIT, "period": PERIOD }));
    assert_eq!(applied["trend"], json!([]));
    assert_eq!(applied["review"], json!(true));
    assert_eq!(
        h.ok("review", json!({ "unit": UNIT, "period": PERIOD }))["text"],
        json!(review)
    );
    assert_eq!(
        h.ok(
            "save_review",
            json!({ "unit": UNIT, "period": PERIOD, "text": "Đã sửa.", "from_draft": false })
        ),
        json!(true)
    );
    assert_eq!(
        h.ok("review", json!({ "unit": UNIT, "period": PERIOD }))["revision"],
        json!(2)
    );
    // Its versions, oldest first: the draft accepted, then the person's edit.
    let versions = h.ok("review_history", json!({ "unit": UNIT, "period": PERIOD }));
    assert_eq!(versions.as_array().map(Vec::len), Some(2), "{versions}");
    assert_eq!(
        versions[0]["origin"],
        json!({ "kind": "draft", "cli": false })
    );
    assert_eq!(
        (versions[1]["origin"].clone(), versions[1]["new"].clone()),
        (json!({ "kind": "app" }), json!("Đã sửa."))
    );
    assert_eq!(
        h.err("drafts", json!({ "unit": UNIT, "period": "2024-Q9" }))
            .code(),
        "bad_period"
    );
}

#[test]
fn window_ready_succeeds() {
    let h = harness();
    assert!(h.ok("window_ready", json!({})).is_null());
}

#[test]
fn a_poisoned_lock_is_an_error_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let db = Arc::new(Db::new(
        tmp.path().join("chitieu.db"),
        tmp.path().join("backups"),
    ));
    let now = datetime!(2024-07-01 03:00 UTC);
    let d2 = Arc::clone(&db);
    let panicked = std::thread::spawn(move || {
        d2.with(now, |_| -> chitieu_core::Result<()> {
            panic!("a bug while holding the lock")
        })
    })
    .join();
    assert!(panicked.is_err());
    let e = db.with(now, |_| Ok(())).unwrap_err();
    assert_eq!(e.code, "internal");
    assert!(e.message.contains("Lỗi nội bộ"));
}

#[test]
fn a_corrupt_database_offers_its_latest_good_copy_and_restores_it() {
    // A real database, with a day's copy, then damaged.
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("chitieu.db");
    {
        let h = harness_with_db(tempfile::tempdir().unwrap(), db.clone());
        h.setup_unit();
        h.ok("apply_edits", json!({"unit": "THAI-NGUYEN", "period": "2024-Q2", "edits": [{"indicator": "1.1", "field": "value", "text": "86,97"}]}));
    }
    // A copy holding the figure, in the backup folder of the app below.
    let backups = tmp.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        chitieu_core::store::backup::backup_to(&c, &backups.join("chitieu-hang-ngay-20240701.db"))
            .unwrap();
    }
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    for b in &mut bytes[2 * page..5 * page] {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();

    let h = harness_with_db(tmp, db.clone());
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["failure"]["code"], "corrupt_database");
    assert_eq!(info["latest_backup"], "chitieu-hang-ngay-20240701.db");
    let done = h.ok("restore_backup", json!({}));
    assert_eq!(done["restored_from"], "chitieu-hang-ngay-20240701.db");
    assert!(done["kept_aside"]
        .as_str()
        .unwrap()
        .starts_with("chitieu-truoc-khoi-phuc-"));
    let info = h.ok("app_info", json!({}));
    assert!(info["failure"].is_null(), "{info}");
    let view = h.ok(
        "report",
        json!({"unit": "THAI-NGUYEN", "period": "2024-Q2"}),
    );
    let row = view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "1.1")
        .unwrap()
        .clone();
    assert_eq!(row["figure"]["value"], 86.97);
}

#[test]
fn restore_without_a_good_copy_says_so() {
    let h = harness();
    let e = h.err("restore_backup", json!({}));
    assert_eq!(e.code(), "no_backup");
    assert!(e.message().contains("sao lưu"));
}

#[test]
fn arguments_a_command_does_not_take_are_refused() {
    let h = harness();
    h.setup_unit();
    let e = h.err(
        "report",
        json!({"unit": "THAI-NGUYEN", "period": "2024-Q2", "path": "/etc/passwd"}),
    );
    assert_eq!(e.code(), "bad_request");
    assert!(e.message().contains("«path»"));
    let e = h.err("apply_edits", json!({"unit": "THAI-NGUYEN", "period": "2024-Q2", "edits": [{"indicator": "1.1", "field": "value", "text": "5", "extra": 1}]}));
    assert_eq!(e.code(), "bad_request");
    // Nothing was written.
    let view = h.ok(
        "report",
        json!({"unit": "THAI-NGUYEN", "period": "2024-Q2"}),
    );
    assert!(view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["figure"].is_null()));
}

fn edition_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/editions")
        .join(name)
}

#[test]
fn editions_listed_loaded_after_a_preview_and_a_report_moved() {
    let h = harness();
    let list = h.ok("editions", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(list[2]["id"], "kh-2023");
    assert_eq!(list[2]["years"], "2023–2025");
    let rows = h.ok("edition_rows", json!({ "id": "kh-2023" }));
    assert_eq!(rows[0]["code"], "1");
    assert_eq!(
        h.err("edition_rows", json!({ "id": "khong-co" })).code(),
        "unknown_edition"
    );
    // A 2026 report with a figure, under the 2023–2025 set.
    h.ok("apply_edits", json!({ "unit": UNIT, "period": "2026-Q2", "edits": [{ "indicator": "1.2", "field": "value", "text": "61" }] }));

    // A broken file: refused with every problem as a finding with its cell.
    h.desktop.0.lock().unwrap().open = Some(edition_fixture("broken-2026.xlsx"));
    let token = h.ok("pick_import_file", json!({}))["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let e = h.err(
        "preview_edition",
        json!({ "token": token, "meta": { "id": "hong" } }),
    );
    assert_eq!(e.code(), "edition_refused");
    assert!(
        e.0["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["cell"] == "A14"),
        "{}",
        e.0
    );
    // An unknown field of the meta is refused before the command runs.
    assert_eq!(
        h.err(
            "preview_edition",
            json!({ "token": token, "meta": { "path": "/etc" } })
        )
        .code(),
        "bad_request"
    );

    h.desktop.0.lock().unwrap().open = Some(edition_fixture("agency-2026.xlsx"));
    let token = h.ok("pick_import_file", json!({}))["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let p = h.ok("preview_edition", json!({ "token": token, "meta": {} }));
    assert_eq!(p["edition"]["id"], "thu-nghiem-2026");
    assert_eq!(p["diff"]["base_id"], "kh-2023");
    assert!(
        p.get("data").is_none(),
        "the edition itself stays in the shell"
    );
    assert_eq!(
        h.ok("editions", json!({})).as_array().unwrap().len(),
        3,
        "a preview writes nothing"
    );
    let e = h.err(
        "confirm_edition",
        json!({ "token": token, "meta": {}, "sha256": "0000" }),
    );
    assert_eq!(e.code(), "changed_since_preview");
    let done = h.ok(
        "confirm_edition",
        json!({ "token": token, "meta": {}, "sha256": p["sha256"] }),
    );
    assert_eq!(done["origin"], "imported");
    assert_eq!(h.ok("editions", json!({})).as_array().unwrap().len(), 4);

    // The report with figures keeps its edition until moved.
    let view = h.ok("report", json!({ "unit": UNIT, "period": "2026-Q2" }));
    assert_eq!(view["edition_id"], "kh-2023");
    assert_eq!(view["newer_editions"][0], "thu-nghiem-2026");
    let m = h.ok(
        "preview_edition_move",
        json!({ "unit": UNIT, "period": "2026-Q2", "to": "thu-nghiem-2026" }),
    );
    assert_eq!(m["carried"][0], "1.2");
    h.ok(
        "move_edition",
        json!({ "unit": UNIT, "period": "2026-Q2", "to": "thu-nghiem-2026" }),
    );
    let view = h.ok("report", json!({ "unit": UNIT, "period": "2026-Q2" }));
    assert_eq!(view["edition_id"], "thu-nghiem-2026");
    assert_eq!(view["plan_header"], "Kế hoạch năm 2026");
    assert!(view["edition_notice"].is_null());
    let e = h.err(
        "move_edition",
        json!({ "unit": UNIT, "period": "2026-Q2", "to": "kh-2023" }),
    );
    assert!(["edition_not_for_year", "edition_not_newer"].contains(&e.code()));
}

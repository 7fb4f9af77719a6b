//! The «Bộ chỉ tiêu» commands on Tauri's mock runtime (issue 17, points 1
//! and 8; issue 21, point 3): the indicator set is picked in its own dialog,
//! which takes TOML too; the notes under an official document's table come
//! back with the preview; a report's edition moves are listed for the
//! history panel.

mod common;

use std::path::PathBuf;

use common::{harness_at, Harness};
use serde_json::json;
use time::macros::datetime;

const UNIT: &str = "THAI-NGUYEN";

fn edition_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/editions")
        .join(name)
}

fn pick(h: &Harness, path: PathBuf) -> String {
    h.desktop.0.lock().unwrap().open = Some(path);
    let picked = h.ok("pick_edition_file", json!({}));
    picked["token"].as_str().unwrap().to_owned()
}

#[test]
fn the_set_is_picked_in_its_own_dialog_and_its_notes_come_with_the_preview() {
    let h = harness_at(datetime!(2026-12-01 03:00 UTC));
    let token = pick(&h, edition_fixture("agency-signed-2026.xlsx"));
    assert_eq!(h.desktop.0.lock().unwrap().asked, vec!["edition"]);
    let p = h.ok("preview_edition", json!({ "token": token, "meta": {} }));
    assert_eq!(p["edition"]["id"], "kh-2026");
    assert_eq!(
        p["footnotes"][0],
        "Ghi chú: chỉ tiêu 3.12 không tiếp tục theo dõi từ năm 2026; bổ sung chỉ tiêu 1.11 và 3.13."
    );
    // A cancelled dialog picks nothing.
    h.desktop.0.lock().unwrap().open = None;
    assert!(h.ok("pick_edition_file", json!({})).is_null());
}

#[test]
fn a_toml_edition_loads_from_the_app() {
    let h = harness_at(datetime!(2026-12-01 03:00 UTC));
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("bo-chi-tieu-2026.toml");
    let kh = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets/catalogue/kh-2023.toml"),
    )
    .unwrap();
    std::fs::write(
        &toml,
        kh.replacen("id = \"kh-2023\"", "id = \"toml-2026\"", 1),
    )
    .unwrap();
    let token = pick(&h, toml);
    let p = h.ok("preview_edition", json!({ "token": token, "meta": {} }));
    assert_eq!(p["file_name"], "bo-chi-tieu-2026.toml");
    assert_eq!(p["edition"]["id"], "toml-2026");
    let before = h.ok("editions", json!({})).as_array().unwrap().len();
    let done = h.ok(
        "confirm_edition",
        json!({ "token": token, "meta": {}, "sha256": p["sha256"] }),
    );
    assert_eq!(done["id"], "toml-2026");
    assert_eq!(done["origin"], "imported");
    assert_eq!(
        h.ok("editions", json!({})).as_array().unwrap().len(),
        before + 1
    );
}

#[test]
fn a_reports_edition_moves_are_listed_for_the_history_panel() {
    let h = harness_at(datetime!(2026-12-01 03:00 UTC));
    let report = json!({ "unit": UNIT, "period": "2026-Q2" });
    h.ok("apply_edits", json!({ "unit": UNIT, "period": "2026-Q2", "edits": [{ "indicator": "1.2", "field": "value", "text": "61" }] }));
    assert_eq!(h.ok("edition_changes", report.clone()), json!([]));
    let token = pick(&h, edition_fixture("agency-signed-2026.xlsx"));
    let p = h.ok("preview_edition", json!({ "token": token, "meta": {} }));
    h.ok(
        "confirm_edition",
        json!({ "token": token, "meta": {}, "sha256": p["sha256"] }),
    );
    h.ok(
        "move_edition",
        json!({ "unit": UNIT, "period": "2026-Q2", "to": "kh-2026" }),
    );
    let moves = h.ok("edition_changes", report);
    assert_eq!(moves.as_array().unwrap().len(), 1, "{moves}");
    assert_eq!(moves[0]["from"], "kh-2023");
    assert_eq!(moves[0]["to"], "kh-2026");
    assert_eq!(moves[0]["origin"], "app");
    assert!(moves[0]["carried"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "1.2"));
    // Its errors, as {code, message}.
    assert_eq!(
        h.err(
            "edition_changes",
            json!({ "unit": UNIT, "period": "2026-Q9" })
        )
        .code(),
        h.err("report", json!({ "unit": UNIT, "period": "2026-Q9" }))
            .code()
    );
}

//! The receiving agency's commands on Tauri's mock runtime: the mode kept in
//! the settings, a folder picked by (fake) dialog and known by its token,
//! the consolidation of a period over it, cancelling it, the workbook, the
//! file manager on a unit's file.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use common::{harness_at, invoke, Harness};
use serde_json::{json, Value};
use time::macros::datetime;

fn agency() -> Harness {
    harness_at(datetime!(2024-07-20 03:00 UTC))
}

impl Harness {
    /// A folder of units' files as a receiving agency gets them.
    fn folder(&self) -> PathBuf {
        let folder = self.dir.join("nhan-q2");
        std::fs::create_dir_all(&folder).unwrap();
        let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/import");
        // Thái Nguyên on 02/07 (on time), Bộ Y tế on 05/07 (late: "trước ngày 05/07").
        for (name, at) in [
            ("base.xlsx", 1_719_885_600u64),
            ("ministry-byt.xlsx", 1_720_144_800),
        ] {
            let to = folder.join(name);
            std::fs::copy(fixtures.join(name), &to).unwrap();
            let f = std::fs::File::options().write(true).open(&to).unwrap();
            f.set_modified(UNIX_EPOCH + Duration::from_secs(at))
                .unwrap();
        }
        std::fs::write(folder.join("hong.xlsx"), b"PK\x03\x04 not a workbook").unwrap();
        folder
    }

    fn pick(&self, folder: &Path) -> String {
        self.desktop.0.lock().unwrap().folder = Some(folder.to_owned());
        let picked = self.ok("pick_agency_folder", json!({}));
        picked["token"].as_str().unwrap().to_owned()
    }
}

/// A channel as the webview passes one (`new Channel()` in backend.ts).
const CHANNEL: &str = "__CHANNEL__:7";

#[test]
fn the_mode_is_kept_in_the_settings() {
    let a = agency();
    assert_eq!(a.ok("agency_mode", json!({})), json!(false));
    assert_eq!(a.ok("set_agency_mode", json!({ "on": true })), json!(true));
    assert_eq!(a.ok("agency_mode", json!({})), json!(true));
    a.ok("set_agency_mode", json!({ "on": false }));
    assert_eq!(a.ok("agency_mode", json!({})), json!(false));
    // Only its own argument.
    assert_eq!(
        a.call("set_agency_mode", json!({ "on": true, "path": "/etc" }))
            .unwrap_err()["code"],
        "bad_request"
    );
}

#[test]
fn a_folder_is_consolidated_exported_and_its_files_revealed() {
    let a = agency();
    // Nothing picked: cancelled, no token.
    assert_eq!(a.ok("pick_agency_folder", json!({})), Value::Null);
    assert_eq!(a.err("export_consolidation", json!({})), "no_consolidation");
    let folder = a.folder();
    let token = a.pick(&folder);
    // The webview never names a path: an unknown token is refused.
    assert_eq!(
        a.call(
            "consolidate_folder",
            json!({ "token": "abc", "period": "2024-Q2", "on_progress": CHANNEL })
        )
        .unwrap_err()["code"],
        "unknown_file"
    );
    assert_eq!(
        a.call(
            "consolidate_folder",
            json!({ "token": token, "period": "2024-Q7", "on_progress": CHANNEL })
        )
        .unwrap_err()["code"],
        "bad_period"
    );

    let v = a.ok(
        "consolidate_folder",
        json!({ "token": token, "period": "2024-Q2", "on_progress": CHANNEL }),
    );
    assert_eq!(v["period"], "2024-Q2");
    assert_eq!(v["period_label"], "Quý II năm 2024");
    assert!(v["expected"].as_u64().unwrap() > 60, "{}", v["expected"]);
    assert_eq!(v["received"], 2);
    assert_eq!(v["on_time"], 1);
    assert_eq!(v["late"], 1);
    let unit = |code: &str| {
        v["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("{code}"))
    };
    let tn = unit("THAI-NGUYEN");
    assert_eq!(tn["status"], "on_time");
    assert_eq!(tn["file_name"], "base.xlsx");
    assert_eq!(tn["received_at"], "2024-07-02T09:00:00+07:00");
    assert!(tn["values"].as_array().unwrap().len() > 10);
    assert_eq!(unit("BYT")["status"], "late");
    assert_eq!(unit("HA-NOI")["status"], "missing");
    assert_eq!(
        v["missing"].as_u64().unwrap() + 2,
        v["expected"].as_u64().unwrap()
    );
    // The broken file is listed with its message; the others went on.
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert!(rejected[0]["file"].as_str().unwrap().ends_with("hong.xlsx"));
    // Statistics carry the figures of the distribution chart.
    let i11 = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == "1.1")
        .unwrap();
    assert!(!i11["name"].as_str().unwrap().is_empty());
    assert_eq!(
        i11["values"].as_array().unwrap().len(),
        i11["count"].as_u64().unwrap() as usize
    );

    // The workbook, where the person chose; then shown in its folder.
    a.desktop.0.lock().unwrap().save_dir = None;
    assert_eq!(a.ok("export_consolidation", json!({})), Value::Null);
    let out = a.dir.join("xuat");
    std::fs::create_dir_all(&out).unwrap();
    a.desktop.0.lock().unwrap().save_dir = Some(out.clone());
    let saved = a.ok("export_consolidation", json!({}));
    assert_eq!(saved["file_name"], "Tong-hop-PL01-2024-Q2.xlsx");
    let bytes = std::fs::read(out.join("Tong-hop-PL01-2024-Q2.xlsx")).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    a.ok("reveal_export", json!({ "token": saved["token"] }));
    a.ok("reveal_unit_file", json!({ "unit": "THAI-NGUYEN" }));
    assert_eq!(
        a.err("reveal_unit_file", json!({ "unit": "HA-NOI" })),
        "no_unit_file"
    );
    let revealed = a.desktop.0.lock().unwrap().revealed.clone();
    assert_eq!(
        revealed,
        vec![
            out.join("Tong-hop-PL01-2024-Q2.xlsx"),
            folder.join("base.xlsx")
        ]
    );
}

#[test]
fn a_consolidation_stops_when_cancelled_and_writes_nothing() {
    let a = agency();
    let folder = a.folder();
    // Enough files to be still reading when the cancel comes.
    let base = std::fs::read(folder.join("base.xlsx")).unwrap();
    for i in 0..120 {
        let mut bytes = base.clone();
        bytes.extend_from_slice(format!("{i}").as_bytes()); // other bytes: each file is read
        std::fs::write(folder.join(format!("ban-{i}.xlsx")), bytes).unwrap();
    }
    let token = a.pick(&folder);
    let window = a.window.clone();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let canceller = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let _ = invoke(&window, "cancel_consolidation", json!({}));
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let r = a.call(
        "consolidate_folder",
        json!({ "token": token, "period": "2024-Q2", "on_progress": CHANNEL }),
    );
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    canceller.join().unwrap();
    let e = r.expect_err("cancelled");
    assert_eq!(e["code"], "cancelled");
    assert!(e["message"].as_str().unwrap().contains("chưa ghi gì"));
    // Nothing kept: no workbook to export.
    assert_eq!(a.err("export_consolidation", json!({})), "no_consolidation");
}

#[test]
fn received_is_corrected_by_hand_kept_and_the_summary_has_its_own_save_dialog() {
    let a = agency();
    assert_eq!(
        a.err(
            "correct_received",
            json!({ "unit": "BYT", "at": "2024-07-04T16:00", "reason": "x" })
        ),
        "no_consolidation"
    );
    let folder = a.folder();
    let token = a.pick(&folder);
    let run = || {
        a.ok(
            "consolidate_folder",
            json!({ "token": token, "period": "2024-Q2", "on_progress": CHANNEL }),
        )
    };
    let unit = |v: &Value, code: &str| {
        v["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == code)
            .cloned()
            .unwrap()
    };
    let v = run();
    let byt = unit(&v, "BYT");
    assert_eq!(byt["status"], "late");
    assert_eq!(byt["received_from"], "file");
    // The broken file: a Vietnamese sentence, the library's text apart.
    let hong = &v["rejected"][0];
    let message = hong["message"].as_str().unwrap();
    assert!(
        !message.contains("Zip") && !message.contains("EOCD"),
        "{message}"
    );
    assert!(hong["detail"].is_string(), "{hong}");

    // A reason is required; the time as the person typed it (Vietnam time).
    assert_eq!(
        a.err(
            "correct_received",
            json!({ "unit": "BYT", "at": "2024-07-04T16:00", "reason": " " })
        ),
        "no_reason"
    );
    assert_eq!(
        a.err(
            "correct_received",
            json!({ "unit": "BYT", "at": "hôm qua", "reason": "x" })
        ),
        "bad_time"
    );
    let v = a.ok(
        "correct_received",
        json!({ "unit": "BYT", "at": "2024-07-04T16:00", "reason": "Công văn đến số 45" }),
    );
    let byt = unit(&v, "BYT");
    assert_eq!(byt["status"], "on_time", "{byt}");
    assert_eq!(byt["received_at"], "2024-07-04T16:00:00+07:00");
    assert_eq!(byt["received_from"], "manual");
    assert_eq!(byt["received_reason"], "Công văn đến số 45");
    assert_eq!(byt["corrections"].as_array().unwrap().len(), 1);
    assert_eq!(v["on_time"], 2);
    // Kept for every later run.
    assert_eq!(unit(&run(), "BYT")["received_from"], "manual");

    // The summary's own save dialog.
    let out = a.dir.join("xuat");
    std::fs::create_dir_all(&out).unwrap();
    a.desktop.0.lock().unwrap().save_dir = Some(out);
    a.ok("export_consolidation", json!({}));
    assert_eq!(
        a.desktop.0.lock().unwrap().titles,
        vec!["Lưu bảng tổng hợp".to_owned()]
    );
}

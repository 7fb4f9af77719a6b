//! «Ký số» commands on Tauri's mock runtime: the usual drivers, the shell
//! loading only a driver it offered or the person picked, the refusals as
//! `{code, message}` with nothing written and never the PIN. (Signing with
//! a real token: tests/e2e/sign.test.mjs, on SoftHSM.)

mod common;

use common::harness;
use serde_json::json;

const PIN: &str = "246810";

#[test]
fn the_usual_drivers_are_offered_those_on_this_machine_first() {
    let h = harness();
    let d = h.ok("signing_drivers", json!({}));
    assert!(d["last"].is_null());
    let list = d["suggestions"].as_array().unwrap();
    assert!(!list.is_empty());
    let present: Vec<bool> = list.iter().map(|s| s["present"] == true).collect();
    let mut sorted = present.clone();
    sorted.sort_by_key(|p| !p);
    assert_eq!(present, sorted, "present ones first: {list:?}");
    for s in list {
        assert_eq!(
            s["present"] == true,
            std::path::Path::new(s["path"].as_str().unwrap()).exists()
        );
    }
}

#[test]
fn a_driver_the_shell_never_offered_is_not_loaded() {
    let h = harness();
    let e = h.err(
        "signing_certificates",
        json!({ "driver": "/tmp/evil.so", "pin": PIN }),
    );
    assert_eq!(e.code(), "unknown_driver");
    assert!(!e.message().contains(PIN));
    let e = h.err(
        "sign_pdf",
        json!({ "file": "x", "driver": "/tmp/evil.so", "pin": PIN, "token_label": null, "key_label": null }),
    );
    assert_eq!(e.code(), "unknown_driver");
    // An argument the command does not take is refused before it runs.
    assert_eq!(
        h.err(
            "signing_certificates",
            json!({ "driver": "/tmp/evil.so", "pin": PIN, "path": "/x" })
        )
        .code(),
        "bad_request"
    );
}

#[test]
fn refusals_say_what_is_wrong_write_nothing_and_never_carry_the_pin() {
    let h = harness();
    let pdf = h.dir.join("PL01.pdf");
    std::fs::write(&pdf, small_pdf()).unwrap();
    let driver = h.dir.join("vnpt-ca_csp11.so");
    std::fs::write(&driver, b"not a library").unwrap();
    {
        let mut a = h.desktop.0.lock().unwrap();
        a.open = Some(pdf.clone());
        a.driver = Some(driver.clone());
    }
    let picked = h.ok("pick_signing_driver", json!({}));
    assert_eq!(picked, json!(driver.display().to_string()));
    let file = h.ok("pick_sign_file", json!({}));
    assert_eq!(file["file_name"], "PL01.pdf");
    let token = file["token"].as_str().unwrap();
    assert_eq!(h.desktop.0.lock().unwrap().asked, ["driver", "pdf"]);

    let d = driver.display().to_string();
    let e = h.err("signing_certificates", json!({ "driver": d, "pin": PIN }));
    assert_eq!(e.code(), "module_not_loadable");
    assert!(e.message().contains("vnpt-ca_csp11.so"), "{}", e.message());
    assert!(!e.message().contains(PIN));
    let e = h.err(
        "sign_pdf",
        json!({ "file": token, "driver": d, "pin": PIN, "token_label": null, "key_label": null }),
    );
    assert_eq!(e.code(), "module_not_loadable");
    assert!(
        e.message().ends_with("Không có gì được ghi."),
        "{}",
        e.message()
    );
    assert!(!e.message().contains(PIN));
    let e = h.err(
        "sign_pdf",
        json!({ "file": token, "driver": d, "pin": "", "token_label": null, "key_label": null }),
    );
    assert_eq!(e.code(), "pin_missing");
    assert!(!h.dir.join("PL01-da-ky.pdf").exists(), "nothing written");
    // A driver that never worked is not remembered.
    assert!(h.ok("signing_drivers", json!({}))["last"].is_null());
}

/// A one-page PDF.
fn small_pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R /Size 4 >>\n%%EOF\n".to_vec()
}

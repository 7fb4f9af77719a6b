//! «Kèm bản PDF»: a submission exported with `with_pdf` gets its PDF
//! rendition beside the workbook (same name, `.pdf`), carrying the same
//! figures hash; the PDF's token is one «Ký số» can sign. Without it, or for
//! the blank template, no PDF.

mod common;

use common::harness;

const UNIT: &str = "THAI-NGUYEN";
const PERIOD: &str = "2024-Q2";
use serde_json::json;

/// The value of `/ChitieuFiguresHash` in a PDF's Info dictionary.
fn pdf_hash(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let at = text
        .find("/ChitieuFiguresHash")
        .expect("the hash is in the PDF");
    let rest = &text[at..];
    let open = rest.find('(').unwrap();
    let close = rest.find(')').unwrap();
    rest[open + 1..close].to_owned()
}

#[test]
fn a_submission_with_its_pdf_beside_it() {
    let h = harness();
    h.setup_unit();
    let out = h.dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    h.desktop.0.lock().unwrap().save_dir = Some(out.clone());
    h.ok("apply_edits", json!({ "unit": UNIT, "period": PERIOD, "edits": [{ "indicator": "1.1", "field": "value", "text": "86,97" }] }));

    // Without the option: the workbook only (as before).
    let done = h.ok(
        "export_submission",
        json!({ "unit": UNIT, "period": PERIOD }),
    );
    assert!(done["pdf"].is_null(), "{done}");
    assert!(!out.join("PL01_THAI-NGUYEN_2024-Q2.pdf").exists());

    let done = h.ok(
        "export_submission",
        json!({ "unit": UNIT, "period": PERIOD, "with_pdf": true }),
    );
    let pdf = out.join("PL01_THAI-NGUYEN_2024-Q2.pdf");
    assert_eq!(done["pdf"]["file_name"], "PL01_THAI-NGUYEN_2024-Q2.pdf");
    assert!(
        done["exported"]["pdf"]["pages"].as_u64().unwrap() >= 1,
        "{done}"
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The same snapshot: the export's history row's figures hash.
    let log = h.ok("exports", json!({ "unit": UNIT, "period": PERIOD }));
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        pdf_hash(&bytes),
        last["figures_sha256"].as_str().unwrap(),
        "{last}"
    );
    // The PDF's token names a written file: revealed like the workbook.
    let token = done["pdf"]["token"].as_str().unwrap().to_owned();
    h.ok("reveal_export", json!({ "token": token }));
    assert_eq!(h.desktop.0.lock().unwrap().revealed.last(), Some(&pdf));
}

#[test]
fn the_template_never_gets_a_pdf_and_an_unknown_argument_is_refused() {
    let h = harness();
    h.setup_unit();
    let out = h.dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    h.desktop.0.lock().unwrap().save_dir = Some(out.clone());
    let done = h.ok("export_template", json!({ "unit": UNIT, "period": PERIOD }));
    assert!(done["pdf"].is_null());
    assert_eq!(
        h.err(
            "export_template",
            json!({ "unit": UNIT, "period": PERIOD, "with_pdf": true })
        )
        .code(),
        "bad_request"
    );
    assert!(std::fs::read_dir(&out)
        .unwrap()
        .all(|e| e.unwrap().path().extension().unwrap() != "pdf"));
}

//! `chitieu consolidate` with the units' signed PDFs beside their Excel
//! files: each PDF verified and paired with its unit's file (by figures
//! hash, then by name), the «Ký số» column in the JSON, the text and the
//! workbook's «Tình hình nộp» sheet. PDFs are chitieu-like samples
//! carrying a figures hash, signed in-process with the software test key
//! of chitieu-sign's own tests.

mod common;

use std::path::Path;
use std::process::Command;

use chitieu_sign::sample::{self, Xref};
use chitieu_sign::{sign, Options, SoftwareKey};
use common::Cli;
use serde_json::Value;
use time::macros::datetime;

const CERT: &[u8] = include_bytes!("../crates/chitieu-sign/tests/data/signer.der");
const KEY: &[u8] = include_bytes!("../crates/chitieu-sign/tests/data/signer.pk8");
const SIGNER: &str = "Nguyễn Thị Hồng Hạnh (Sở Thông tin và Truyền thông tỉnh Thái Nguyên)";
const OTHER_FIGURES: &str = "4f2a9c3b0d1e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a";

/// A unit's own chitieu: figures set, then exported at `at` (UTC).
fn export(unit: &str, figures: &[(&str, &str)], at: &str, out: &Path) {
    let mut cli = Cli::new();
    for (code, v) in figures {
        cli.ok(&["set", "--unit", unit, "--period", "2025-Q3", code, v]);
    }
    cli.now = at.to_owned();
    cli.ok(&[
        "export",
        "--unit",
        unit,
        "--period",
        "2025-Q3",
        "--out",
        out.to_str().unwrap(),
    ]);
}

/// The figures hash of what an Excel file says, as `verify --against`
/// computes it.
fn figures_hash(xlsx: &Path) -> String {
    let store = chitieu_core::store::Store::open_in_memory(datetime!(2025-10-06 10:00 +7)).unwrap();
    let p = chitieu_core::import::preview(&store, xlsx, &Default::default()).unwrap();
    let figures: Vec<_> = p.figures.iter().map(|f| f.read.clone()).collect();
    chitieu_core::form::meta::figures_hash(&figures)
}

/// A one-page PDF carrying `hash`, signed with the test key.
fn signed_pdf(line: &str, hash: Option<&str>) -> Vec<u8> {
    let mut key = SoftwareKey::new(KEY, CERT.to_vec(), vec![]).unwrap();
    let options = Options {
        // Within the test certificate's validity (see chitieu-sign's tests).
        signed_at: datetime!(2027-01-15 10:30:00 +07:00),
    };
    sign(&sample::pdf(Xref::Table, line, hash), &mut key, &options).unwrap()
}

fn unit<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == code)
        .unwrap_or_else(|| panic!("no unit {code} in {doc}"))
}

#[test]
fn signed_pdfs_pair_with_the_units_excel_files() {
    let mut cli = Cli::new();
    let dir = cli.path("nhan");
    std::fs::create_dir_all(dir.join("pdf")).unwrap();
    let at = "2025-10-02T02:00:00Z";
    let tn = dir.join("PL01_THAI-NGUYEN_2025-Q3.xlsx");
    let hn = dir.join("PL01_HA-NOI_2025-Q3.xlsx");
    let ls = dir.join("lang-son.xlsx");
    export("THAI-NGUYEN", &[("1.1", "61"), ("1.2", "45")], at, &tn);
    export("HA-NOI", &[("1.1", "59,5")], at, &hn);
    export("LANG-SON", &[("1.1", "62,5")], at, &ls);
    export(
        "HA-TINH",
        &[("1.1", "70")],
        at,
        &dir.join("PL01_HA-TINH_2025-Q3.xlsx"),
    );

    // Thái Nguyên: signed, its figures, under a name of its own (paired by
    // the hash); an older signed PDF of other figures and an unsigned copy
    // beside it, by name: the matching one is kept, and said so.
    let tn_hash = figures_hash(&tn);
    std::fs::write(
        dir.join("pdf/ky-so-thai-nguyen.pdf"),
        signed_pdf("Phu luc 01 Thai Nguyen", Some(&tn_hash)),
    )
    .unwrap();
    std::fs::write(
        dir.join("PL01_THAI-NGUYEN_2025-Q3-cu.pdf"),
        signed_pdf("Phu luc 01 Thai Nguyen cu", Some(OTHER_FIGURES)),
    )
    .unwrap();
    std::fs::write(
        dir.join("PL01_THAI-NGUYEN_2025-Q3.pdf"),
        sample::pdf(Xref::Table, "Phu luc 01 Thai Nguyen", Some(&tn_hash)),
    )
    .unwrap();
    // Hà Nội: its figures, signed, then one byte of the signed text altered.
    let mut altered = signed_pdf("Phu luc 01 Ha Noi", Some(&figures_hash(&hn)));
    let at_text = altered
        .windows(7)
        .position(|w| w == b"Ha Noi)")
        .expect("the page's text");
    altered[at_text] = b'X';
    std::fs::write(dir.join("PL01_HA-NOI_2025-Q3.pdf"), altered).unwrap();
    // Lạng Sơn: signed, but of other figures; paired by its name.
    std::fs::write(
        dir.join("lang-son-da-ky.pdf"),
        signed_pdf("Phu luc 01 Lang Son", Some(OTHER_FIGURES)),
    )
    .unwrap();
    // Hà Tĩnh: no PDF. A truncated PDF and an unrelated unsigned one.
    let whole = signed_pdf("Phu luc 01", None);
    std::fs::write(dir.join("hong.pdf"), &whole[..whole.len() / 2]).unwrap();
    std::fs::write(
        dir.join("cong-van.pdf"),
        sample::pdf(Xref::Stream, "Cong van", None),
    )
    .unwrap();

    cli.now = "2025-10-06T03:00:00Z".into();
    let book = cli.path("tong-hop.xlsx");
    let doc = cli.json(&[
        "consolidate",
        "--period",
        "2025-Q3",
        dir.to_str().unwrap(),
        "--out",
        book.to_str().unwrap(),
    ]);

    let signature = |code: &str| unit(&doc, code)["signature"].clone();
    let s = signature("THAI-NGUYEN");
    assert_eq!(
        s,
        serde_json::json!({"signer": SIGNER, "intact": true, "matches_submission": true}),
        "{doc}"
    );
    let s = signature("HA-NOI");
    assert_eq!(s["intact"], false, "{s}");
    assert_eq!(s["matches_submission"], true, "{s}");
    let s = signature("LANG-SON");
    assert_eq!(
        (&s["intact"], &s["matches_submission"]),
        (&Value::Bool(true), &Value::Bool(false)),
        "{s}"
    );
    assert_eq!(signature("HA-TINH"), Value::Null);
    assert_eq!(signature("BYT"), Value::Null, "a missing unit");
    assert_eq!(unit(&doc, "BYT")["status"], "missing");
    // The rest of the JSON as before: the four units received on time.
    assert_eq!(doc["on_time"], 4, "{doc}");
    let rejected: Vec<&str> = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"].as_str().unwrap())
        .collect();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert!(rejected[0].starts_with("Tệp «hong.pdf»: "), "{rejected:?}");
    let warnings: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("(THAI-NGUYEN) có 2 bản PDF đã ký")
                && w.contains("dùng «ky-so-thai-nguyen.pdf»")
                && w.contains("bỏ qua «PL01_THAI-NGUYEN_2025-Q3-cu.pdf»")),
        "{warnings:?}"
    );
    assert_eq!(
        doc["ignored_files"], 2,
        "the unsigned copy and the unrelated PDF"
    );

    // The workbook's «Tình hình nộp»: the «Ký số» column.
    let out = Command::new(common::python3())
        .arg("-c")
        .arg(
            "import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1])['Tình hình nộp']\n\
             col = [c.value for c in ws[4]].index('Ký số') + 1\nprint(col)\n\
             for r in ws.iter_rows(min_row=5):\n    print(r[1].value + '=' + r[col - 1].value)",
        )
        .arg(&book)
        .output()
        .expect("python3 with openpyxl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "11", "after «Sửa sau khi xuất»");
    for want in [
        "THAI-NGUYEN=Đã ký — khớp số liệu",
        "LANG-SON=Đã ký — KHÔNG khớp tệp Excel",
        "HA-NOI=Chữ ký không còn nguyên vẹn",
        "HA-TINH=Chưa có bản ký",
        "BYT=Chưa có bản ký",
    ] {
        assert!(lines.contains(&want), "{want} in {lines:?}");
    }

    // The text for people.
    let shown = cli.ok(&["consolidate", "--period", "2025-Q3", dir.to_str().unwrap()]);
    for want in [
        "  Ký số (bản PDF đã ký so với tệp Excel):",
        "    Đã ký — khớp số liệu:",
        &format!(
            "      - Tỉnh Thái Nguyên (THAI-NGUYEN): «ky-so-thai-nguyen.pdf», người ký {SIGNER}"
        ),
        "    Đã ký — KHÔNG khớp tệp Excel:",
        "    Chữ ký không còn nguyên vẹn:",
        "    Chưa có bản ký: HA-TINH.",
    ] {
        assert!(shown.lines().any(|l| l == want), "{want:?} in\n{shown}");
    }
    assert!(shown.contains("hong.pdf"), "{shown}");
}

#[test]
fn pdfs_beyond_the_limits_are_told_not_read() {
    let mut cli = Cli::new();
    let dir = cli.path("nhan");
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("PL01_THAI-NGUYEN_2025-Q3.xlsx");
    export(
        "THAI-NGUYEN",
        &[("1.1", "61")],
        "2025-10-02T02:00:00Z",
        &xlsx,
    );
    // Too large to be a signed form: refused unread, even with the right name.
    let big = std::fs::File::create(dir.join("PL01_THAI-NGUYEN_2025-Q3.pdf")).unwrap();
    big.set_len(chitieu_core::consolidate::MAX_PDF_BYTES + 1)
        .unwrap();
    // Garbage with a PDF's name, and a folder named like a PDF.
    std::fs::write(dir.join("rac.pdf"), b"%PDF-1.7\n1 0 obj <<").unwrap();
    std::fs::create_dir_all(dir.join("thu-muc.pdf")).unwrap();
    cli.now = "2025-10-06T03:00:00Z".into();
    let doc = cli.json(&["consolidate", "--period", "2025-Q3", dir.to_str().unwrap()]);
    assert_eq!(unit(&doc, "THAI-NGUYEN")["signature"], Value::Null);
    assert_eq!(unit(&doc, "THAI-NGUYEN")["status"], "on_time");
    let rejected: Vec<&str> = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"].as_str().unwrap())
        .collect();
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    assert!(
        rejected
            .iter()
            .any(|m| m.starts_with("Tệp «PL01_THAI-NGUYEN_2025-Q3.pdf» quá lớn")),
        "{rejected:?}"
    );
    assert!(
        rejected.iter().any(|m| m.starts_with("Tệp «rac.pdf»: ")),
        "{rejected:?}"
    );
}

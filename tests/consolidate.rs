//! `chitieu consolidate` end to end, on a folder of unit files made the way
//! people make them: hand-filled workbooks (openpyxl), chitieu's own
//! exports, revisions, the same bytes under two names, late files by
//! modification time, a file of another period, a unit that no longer
//! existed (Tỉnh Hà Giang for 2025-Q3) and broken files.

mod common;
#[path = "consolidate/timeliness.rs"]
mod timeliness;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, UNIX_EPOCH};

use common::Cli;
use serde_json::{json, Value};

/// Epoch seconds of a Vietnam-time (UTC+7) wall clock.
fn vn(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    // Days from civil (Howard Hinnant's algorithm).
    let (y, mo) = if mo <= 2 { (y - 1, mo + 12) } else { (y, mo) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (mo as i32 - 3) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era as i64 * 146097 + doe as i64 - 719468;
    days * 86400 + (h as i64) * 3600 + (mi as i64) * 60 - 7 * 3600
}

fn set_mtime(path: &Path, epoch: i64) {
    let f = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open to set mtime");
    f.set_modified(UNIX_EPOCH + Duration::from_secs(epoch as u64))
        .expect("set mtime");
}

/// The names of the indicators of the 2025 edition that provinces report.
fn province_indicators(cli: &Cli) -> Vec<(String, String)> {
    let c = cli.json(&["catalogue", "--year", "2025"]);
    c["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "share" && i["applies_to"]["provinces"] == true)
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_owned(),
                i["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

struct Maker {
    specs: Vec<Value>,
}

impl Maker {
    fn file(
        &mut self,
        path: &Path,
        unit: &str,
        period: &str,
        rows: Vec<(&(String, String), Value, &str)>,
        mtime: i64,
    ) {
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|((code, name), v, st)| json!([code, name, v, st]))
            .collect();
        self.specs.push(
            json!({"path": path, "unit": unit, "period": period, "rows": rows, "mtime": mtime}),
        );
    }

    fn write(&self, dir: &Path) {
        let spec = dir.join("spec.json");
        std::fs::write(&spec, serde_json::to_vec(&self.specs).unwrap()).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("consolidate/make_unit_files.py");
        let out = Command::new(common::python3())
            .arg(script)
            .arg(&spec)
            .output()
            .expect("python3 with openpyxl");
        assert!(
            out.status.success(),
            "make_unit_files.py: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::remove_file(spec).unwrap();
    }
}

/// A unit's own chitieu: figures set, then exported at `at` (UTC).
fn export(unit: &str, period: &str, figures: &[(&str, &str, Option<&str>)], at: &str, out: &Path) {
    let mut cli = Cli::new();
    for (code, v, status) in figures {
        let mut args = vec!["set", "--unit", unit, "--period", period, code, v];
        if let Some(s) = status {
            args.extend(["--status", s]);
        }
        cli.ok(&args);
    }
    cli.now = at.to_owned();
    cli.ok(&[
        "export",
        "--unit",
        unit,
        "--period",
        period,
        "--out",
        out.to_str().unwrap(),
    ]);
}

fn unit<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == code)
        .unwrap_or_else(|| panic!("no unit {code} in {doc}"))
}

fn files_named(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            Path::new(x[key].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn consolidates_a_folder_of_unit_files() {
    let mut cli = Cli::new();
    cli.now = "2025-10-20T03:00:00Z".into();
    let ind = province_indicators(&cli);
    assert!(ind.len() >= 2, "{ind:?}");
    let (a, b) = (&ind[0], &ind[1]);
    let root = cli.dir.path().join("nhan");
    let q2 = root.join("quy2");
    let q3 = root.join("quy3");
    std::fs::create_dir_all(&q3).unwrap();

    // Six provinces that exist before and after 1/7/2025, in both quarters:
    // THANH-HOA's indicator b jumps (+50 against about +2 for the others);
    // its indicator a is far from the others (20 against 55…63).
    let six = [
        ("HUE", "UBND thành phố Huế", 50.0, 55.0, 10.0, 11.0),
        ("LAI-CHAU", "UBND tỉnh Lai Châu", 52.0, 57.0, 30.0, 32.0),
        ("DIEN-BIEN", "UBND tỉnh Điện Biên", 54.0, 59.0, 50.0, 53.0),
        (
            "SON-LA",
            "Ủy ban nhân dân tỉnh Sơn La",
            56.0,
            61.0,
            70.0,
            72.0,
        ),
        ("NGHE-AN", "UBND tỉnh Nghệ An", 58.0, 63.0, 90.0, 91.0),
        ("THANH-HOA", "UBND tỉnh Thanh Hóa", 60.0, 20.0, 40.0, 90.0),
    ];
    let mut m = Maker { specs: Vec::new() };
    for (code, name, a2, a3, b2, b3) in six {
        let on_time = vn(2025, 10, 1, 9, 0);
        m.file(
            &q2.join(format!("{code}-q2.xlsx")),
            name,
            "Quý II năm 2025",
            vec![(a, json!(a2), "Chính thức"), (b, json!(b2), "")],
            vn(2025, 7, 2, 9, 0),
        );
        m.file(
            &q3.join(format!("{code}.xlsx")),
            name,
            "Quý III năm 2025",
            vec![(a, json!(a3), "Chính thức"), (b, json!(b3), "Chính thức")],
            on_time,
        );
    }
    // Late by a quarter of an hour (05/10 00:15, Vietnam time = 04/10 17:15 UTC),
    // and on time by a quarter of an hour.
    m.file(
        &q3.join("lang-son.xlsx"),
        "UBND tỉnh Lạng Sơn",
        "Quý III/2025",
        vec![(a, json!("62,5%"), "")],
        vn(2025, 10, 5, 0, 15),
    );
    m.file(
        &q3.join("cao-bang.xlsx"),
        "UBND tỉnh Cao Bằng",
        "Quý III năm 2025",
        vec![(a, json!(70), "")],
        vn(2025, 10, 4, 23, 45),
    );
    // A share of 135: left out of the statistics, listed.
    m.file(
        &q3.join("ha-tinh.xlsx"),
        "UBND tỉnh Hà Tĩnh",
        "Quý III năm 2025",
        vec![(a, json!(135), "")],
        vn(2025, 10, 2, 8, 0),
    );
    // Another period's file in the same folder.
    m.file(
        &q3.join("quang-ninh-q2.xlsx"),
        "UBND tỉnh Quảng Ninh",
        "Quý II năm 2025",
        vec![(a, json!(77), "")],
        vn(2025, 10, 2, 8, 0),
    );
    // A province merged into Tuyên Quang on 1/7/2025.
    m.file(
        &q3.join("ha-giang.xlsx"),
        "UBND tỉnh Hà Giang",
        "Quý III năm 2025",
        vec![(a, json!(66), "")],
        vn(2025, 10, 2, 8, 0),
    );
    m.write(cli.dir.path());

    // chitieu's own exports: Thái Nguyên once (and the same bytes copied
    // under another name later); Hà Nội twice, estimate then official, the
    // copies' modification times the other way round: the export time decides.
    export(
        "THAI-NGUYEN",
        "2025-Q3",
        &[(&a.0, "61", None), (&b.0, "45", None)],
        "2025-10-02T02:00:00Z",
        &q3.join("PL01_THAI-NGUYEN_2025-Q3.xlsx"),
    );
    std::fs::copy(
        q3.join("PL01_THAI-NGUYEN_2025-Q3.xlsx"),
        q3.join("ban sao - Thai Nguyen.xlsx"),
    )
    .unwrap();
    set_mtime(
        &q3.join("PL01_THAI-NGUYEN_2025-Q3.xlsx"),
        vn(2025, 10, 2, 9, 0),
    );
    set_mtime(
        &q3.join("ban sao - Thai Nguyen.xlsx"),
        vn(2025, 10, 9, 9, 0),
    );
    export(
        "HA-NOI",
        "2025-Q3",
        &[(&a.0, "58", Some("estimate"))],
        "2025-10-01T02:00:00Z",
        &q3.join("hanoi-lan1.xlsx"),
    );
    export(
        "HA-NOI",
        "2025-Q3",
        &[(&a.0, "59,5", None), (&b.0, "48", None)],
        "2025-10-03T02:00:00Z",
        &q3.join("hanoi-lan2.xlsx"),
    );
    set_mtime(&q3.join("hanoi-lan1.xlsx"), vn(2025, 10, 4, 8, 0));
    set_mtime(&q3.join("hanoi-lan2.xlsx"), vn(2025, 10, 3, 8, 0));

    // Broken and foreign files.
    std::fs::write(q3.join("hong.xlsx"), b"PK\x03\x04 not really a zip").unwrap();
    std::fs::write(q3.join("rong.xls"), b"").unwrap();
    std::fs::write(
        q3.join("van-ban.ods"),
        "Kính gửi Cục Chuyển đổi số quốc gia",
    )
    .unwrap();
    std::fs::write(q3.join("ghi-chu.txt"), "không phải bảng tính").unwrap();
    std::fs::write(q3.join("~$HUE.xlsx"), b"lock").unwrap();

    let received_db = cli.dir.path().join("t.tonghop.db");
    // The previous quarter first, then the quarter.
    let before = cli.json(&["consolidate", "--period", "2025-Q2", q2.to_str().unwrap()]);
    let provinces_q2 = before["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u["status"] != "unexpected"
                && unit_type(&cli, "2025-06-30", u["code"].as_str().unwrap()) == "province"
        })
        .count();
    assert_eq!(provinces_q2, 63, "63 provinces before 1/7/2025");
    assert_eq!(unit(&before, "HA-GIANG")["status"], "missing");
    assert!(
        received_db.exists(),
        "the consolidation database sits beside the receiver's"
    );

    let out = cli.path("tong-hop.xlsx");
    let doc = cli.json(&[
        "consolidate",
        "--period",
        "2025-Q3",
        "--out",
        out.to_str().unwrap(),
        q3.to_str().unwrap(),
    ]);

    // Completeness: 34 provinces after 1/7/2025, plus the merged ministries.
    let provinces = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["status"] != "unexpected")
        .count();
    assert_eq!(doc["expected"].as_u64().unwrap() as usize, provinces);
    let e = doc["expected"].as_u64().unwrap();
    let (on_time, late, missing) = (
        doc["on_time"].as_u64().unwrap(),
        doc["late"].as_u64().unwrap(),
        doc["missing"].as_array().unwrap().len() as u64,
    );
    assert_eq!(
        e,
        on_time + late + missing,
        "expected = on_time + late + missing"
    );
    assert_eq!(doc["received"].as_u64().unwrap(), on_time + late);
    // Received: the six, Lạng Sơn, Cao Bằng, Hà Tĩnh, Thái Nguyên, Hà Nội.
    assert_eq!(on_time + late, 11, "{doc:#}");
    assert_eq!(late, 1);
    assert_eq!(unit(&doc, "LANG-SON")["status"], "late");
    assert_eq!(
        unit(&doc, "LANG-SON")["received_at"],
        "2025-10-05T00:15:00+07:00"
    );
    assert_eq!(unit(&doc, "CAO-BANG")["status"], "on_time");
    // A former province's file is its unit's line, with its reason, and
    // nowhere else (not also among the unusable files).
    let hg = unit(&doc, "HA-GIANG");
    assert_eq!(hg["status"], "unexpected");
    assert!(
        hg["message"].as_str().unwrap().contains("ha-giang.xlsx"),
        "{hg}"
    );
    assert!(
        !doc["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["code"] == "BAC-KAN"),
        "Bắc Kạn no longer exists: not expected"
    );
    assert!(doc["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "TUYEN-QUANG"));
    assert!(!doc["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "HA-GIANG"));
    let provinces_expected = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u["status"] != "unexpected"
                && unit_type(&cli, "2025-09-30", u["code"].as_str().unwrap()) == "province"
        })
        .count();
    assert_eq!(provinces_expected, 34);

    // The same bytes under two names count once; received when first seen.
    let tn = unit(&doc, "THAI-NGUYEN");
    assert_eq!(tn["status"], "on_time");
    assert_eq!(tn["received_at"], "2025-10-02T09:00:00+07:00");
    assert_eq!(tn["figures"], 2);
    assert!(doc["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["unit"] != "THAI-NGUYEN"));

    // Revisions: the later export stands although its copy is older.
    let hn = unit(&doc, "HA-NOI");
    assert!(
        hn["file"].as_str().unwrap().ends_with("hanoi-lan2.xlsx"),
        "{hn}"
    );
    let rev = doc["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "HA-NOI")
        .expect("Hà Nội's revisions");
    assert_eq!(
        files_named(
            &json!(rev["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| json!({"f": f}))
                .collect::<Vec<_>>()),
            "f"
        ),
        ["hanoi-lan1.xlsx", "hanoi-lan2.xlsx"]
    );
    let changes = rev["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["indicator"] == a.0.as_str()
            && c["what"] == "value"
            && c["old"] == "58"
            && c["new"] == "59,5"),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|c| c["indicator"] == a.0.as_str()
            && c["what"] == "status"
            && c["old"] == "Ước tính"
            && c["new"] == "Chính thức"),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c["indicator"] == b.0.as_str() && c["what"] == "added"),
        "{changes:?}"
    );

    // Statistics: the share of 135 is left out and listed.
    let stat = |code: &str| {
        doc["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["indicator"] == code)
            .unwrap()
            .clone()
    };
    let sa = stat(&a.0);
    // a: the six (55 57 59 61 63 20), 62.5, 70, 61, 59.5.
    assert_eq!(sa["count"], 10);
    assert_eq!(sa["min"], 20.0);
    assert_eq!(sa["max"], 70.0);
    assert_eq!(sa["median"], 60.25);
    assert_eq!(sa["mean"], 56.8);
    assert!(
        doc["left_out"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["unit"] == "HA-TINH" && l["raw"] == "135"),
        "{}",
        doc["left_out"]
    );
    // Met plan and target, read from the catalogue's comparison.
    let cat = cli.json(&["catalogue", "--year", "2025"]);
    let item = cat["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == a.0.as_str())
        .unwrap();
    let figures = [55.0, 57.0, 59.0, 61.0, 63.0, 20.0, 62.5, 70.0, 61.0, 59.5];
    let meets = |c: &Value| -> Option<usize> {
        let (op, v) = (c["op"].as_str()?, c["value"].as_f64()?);
        Some(
            figures
                .iter()
                .filter(|x| match op {
                    "at_least" | "plain" => **x >= v,
                    "more_than" => **x > v,
                    "at_most" | "top" => **x <= v,
                    _ => **x < v,
                })
                .count(),
        )
    };
    let want_target = meets(&item["target"]["comparison"]);
    assert_eq!(
        sa["met_target"].as_u64().map(|n| n as usize),
        want_target,
        "target {}",
        item["target"]
    );
    assert!(
        want_target.is_some(),
        "indicator {} has a target to compare with",
        a.0
    );

    // Outliers: across units (Thanh Hóa's a), and against its own previous
    // quarter (Thanh Hóa's b jumped by 50).
    let outliers = doc["outliers"].as_array().unwrap();
    assert!(
        outliers.iter().any(|o| o["unit"] == "THANH-HOA"
            && o["indicator"] == a.0.as_str()
            && o["reason"].as_str().unwrap().contains("trung vị")),
        "{outliers:?}"
    );
    assert!(
        outliers.iter().any(|o| o["unit"] == "THANH-HOA"
            && o["indicator"] == b.0.as_str()
            && o["reason"].as_str().unwrap().contains("kỳ 2025-Q2")),
        "{outliers:?}"
    );
    assert!(
        !outliers.iter().any(|o| o["unit"] != "THANH-HOA"),
        "{outliers:?}"
    );

    // Rejected files each with their line; another period's file listed.
    let rejected = files_named(&doc["rejected"], "file");
    for f in ["hong.xlsx", "rong.xls", "van-ban.ods"] {
        assert!(rejected.contains(&f.to_owned()), "{f} not in {rejected:?}");
    }
    assert_eq!(rejected.len(), 3, "{}", doc["rejected"]);
    // No library English in the message; the library's text apart.
    let hong = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"].as_str().unwrap().ends_with("hong.xlsx"))
        .unwrap();
    let msg = hong["message"].as_str().unwrap();
    assert!(
        !msg.contains("Zip") && !msg.contains("EOCD") && !msg.contains("archive"),
        "{msg}"
    );
    assert!(
        hong["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{hong}"
    );
    for r in doc["rejected"].as_array().unwrap() {
        let msg = r["message"].as_str().unwrap();
        let name = Path::new(r["file"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(msg.contains(&name), "the message names the file: {msg}");
    }
    assert_eq!(
        files_named(&doc["other_period"], "file"),
        ["quang-ninh-q2.xlsx"]
    );
    assert_eq!(doc["other_period"][0]["period"], "2025-Q2");
    assert_eq!(doc["ignored_files"], 2, "ghi-chu.txt and the lock file");

    // The workbook: five Vietnamese sheets, A4 landscape.
    let check = Command::new(common::python3())
        .arg("-c")
        .arg(
            "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nprint('|'.join(wb.sheetnames))\n\
             for ws in wb.worksheets:\n    assert ws.page_setup.orientation == 'landscape', ws.title\n    assert str(ws.page_setup.paperSize) == '9', ws.title\n\
             ws = wb['Tổng hợp']\nrows = {r[1]: r for r in ws.iter_rows(min_row=5, values_only=True)}\nprint(rows['THANH-HOA'][3])\n\
             print(wb['Tình hình nộp']['B2'].value or wb['Tình hình nộp']['A2'].value)",
        )
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Tổng hợp|Tình hình nộp|Thống kê|Bất thường|Tệp không dùng được"
    );
    assert_eq!(lines[1], "20", "figures as numbers");
    assert!(
        lines[2].contains("đúng hạn") && lines[2].contains("Tỷ lệ nộp"),
        "{}",
        lines[2]
    );

    // The exact JSON shape of the issue (plus left_out and ignored_files).
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "period",
        "expected",
        "received",
        "on_time",
        "late",
        "missing",
        "units",
        "indicators",
        "outliers",
        "revisions",
        "rejected",
        "other_period",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    let u_keys: Vec<&str> = tn.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        u_keys,
        [
            "code",
            "name",
            "status",
            "file",
            "received_at",
            "received_from",
            "received_reason",
            "latest_at",
            "figures",
            "errors",
            "message",
            // Issue 20: the unit's signed PDF (tests/consolidate_signed.rs).
            "signature"
        ]
    );
    let i_keys: Vec<&str> = sa.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        i_keys,
        [
            "indicator",
            "count",
            "min",
            "median",
            "max",
            "mean",
            "met_plan",
            "met_target"
        ]
    );

    // The units' figures are kept apart: the receiver's own reports are empty.
    let own = cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2025-Q3"]);
    assert_eq!(own["figures"], json!([]), "{own}");

    // Re-running over the same files changes nothing.
    let counts = |p: &PathBuf| -> Vec<i64> {
        let c = rusqlite::Connection::open(p).unwrap();
        ["received_file", "received_copy", "received_figure"]
            .iter()
            .map(|t| {
                c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                    .unwrap()
            })
            .collect()
    };
    let first = counts(&received_db);
    let again = cli.json(&["consolidate", "--period", "2025-Q3", q3.to_str().unwrap()]);
    assert_eq!(counts(&received_db), first);
    assert_eq!(again, doc, "same files, same consolidation");

    // The text output names what matters, in Vietnamese.
    let text = cli.ok(&["consolidate", "--period", "2025-Q3", q3.to_str().unwrap()]);
    assert!(
        text.contains("Phải nộp")
            && text.contains("Chưa nộp")
            && text.contains("Tệp không dùng được"),
        "{text}"
    );
    assert!(text.contains("Bỏ qua 2 tệp"), "{text}");
    assert!(
        text.contains("Tỉnh Hà Giang (HA-GIANG): Tệp «ha-giang.xlsx»"),
        "{text}"
    );
}

/// The type of a unit on a day (the registry through the CLI, cached).
fn unit_type(cli: &Cli, day: &str, code: &str) -> String {
    thread_local! {
        static TYPES: std::cell::RefCell<BTreeMap<(String, String), String>> = const { std::cell::RefCell::new(BTreeMap::new()) };
    }
    TYPES.with(|t| {
        if !t.borrow().keys().any(|(d, _)| d == day) {
            for u in cli.json(&["units", "--on", day])["units"]
                .as_array()
                .unwrap()
            {
                t.borrow_mut().insert(
                    (day.to_owned(), u["code"].as_str().unwrap().to_owned()),
                    u["type"].as_str().unwrap().to_owned(),
                );
            }
        }
        t.borrow()
            .get(&(day.to_owned(), code.to_owned()))
            .cloned()
            .unwrap_or_default()
    })
}

#[test]
fn bad_input_never_stops_the_run() {
    let cli = Cli::new();
    let dir = cli.path("rac");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    // A folder with 10,000 unrelated files: a count, not a hang.
    for i in 0..10_000 {
        std::fs::write(dir.join(format!("tep-{i}.txt")), "x").unwrap();
    }
    std::fs::write(dir.join("sub/hong.xlsx"), vec![0u8; 4096]).unwrap();
    let doc = cli.json(&["consolidate", "--period", "2024-Q2", dir.to_str().unwrap()]);
    assert_eq!(doc["ignored_files"], 10_000);
    assert_eq!(doc["rejected"].as_array().unwrap().len(), 1);
    assert_eq!(doc["received"], 0);
    assert_eq!(
        doc["expected"].as_u64().unwrap() as usize,
        doc["missing"].as_array().unwrap().len()
    );
    let e = cli.fails(
        1,
        &[
            "consolidate",
            "--period",
            "2024-Q2",
            cli.path("khong-co").to_str().unwrap(),
        ],
    );
    assert!(e.contains("Không tìm thấy"), "{e}");
    let e = cli.fails(
        1,
        &["consolidate", "--period", "2024-Q7", dir.to_str().unwrap()],
    );
    assert!(!e.is_empty());
}

#[test]
fn a_database_not_ours_is_refused_and_left_as_it_is() {
    let cli = Cli::new();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "80",
    ]);
    let before = common::file_digest(&cli.db);
    let dir = cli.path("nhan");
    std::fs::create_dir_all(&dir).unwrap();
    let e = cli.fails(
        1,
        &[
            "consolidate",
            "--period",
            "2024-Q2",
            "--received-db",
            cli.db.to_str().unwrap(),
            dir.to_str().unwrap(),
        ],
    );
    assert!(e.contains("không phải là cơ sở dữ liệu tổng hợp"), "{e}");
    assert_eq!(common::file_digest(&cli.db), before);
}

#[test]
fn a_unit_the_receiver_adds_later_turns_its_refused_file_into_an_unexpected_report() {
    let mut cli = Cli::new();
    cli.now = "2025-10-20T03:00:00Z".into();
    let ind = province_indicators(&cli);
    let dir = cli.path("nhan");
    let mut m = Maker { specs: Vec::new() };
    m.file(
        &dir.join("so-tttt.xlsx"),
        "Trung tâm Chuyển đổi số tỉnh Thái Nguyên",
        "Quý III năm 2025",
        vec![(&ind[0], json!(75), "")],
        vn(2025, 10, 2, 8, 0),
    );
    m.write(cli.dir.path());
    let first = cli.json(&["consolidate", "--period", "2025-Q3", dir.to_str().unwrap()]);
    assert_eq!(
        files_named(&first["rejected"], "file"),
        ["so-tttt.xlsx"],
        "{first}"
    );
    cli.ok(&[
        "add-unit",
        "--name",
        "Trung tâm Chuyển đổi số tỉnh Thái Nguyên",
        "--code",
        "TTCDS-TN",
        "--type",
        "custom",
    ]);
    let second = cli.json(&["consolidate", "--period", "2025-Q3", dir.to_str().unwrap()]);
    assert_eq!(second["rejected"], json!([]), "{second}");
    let u = unit(&second, "TTCDS-TN");
    assert_eq!(u["status"], "unexpected");
    assert_eq!(u["figures"], 1);
    assert_eq!(
        second["expected"], first["expected"],
        "a user-defined unit is never expected"
    );
    let stat = second["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == ind[0].0.as_str())
        .unwrap();
    assert_eq!(stat["count"], 1);
}

/// Issue 21, point 2: the receiver's loaded editions read the files. A 2026
/// report made under the agency's 2026 test set (tests/fixtures/editions,
/// TEST DATA: 4.23 added, 3.12 not in it) is read with that set where the
/// receiver loaded it, and flagged where it did not.
#[test]
fn a_file_is_read_with_the_receivers_edition_or_flagged_when_it_lacks_it() {
    let tmp = tempfile::tempdir().unwrap();
    let set = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/editions/agency-2026.xlsx");
    let set = set.to_str().unwrap();
    let folder = tmp.path().join("nhan");
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("thai-nguyen-2026-q1.xlsx");
    let mut sender = Cli::new();
    sender.now = "2026-04-01T03:00:00Z".into();
    sender.ok(&["catalogue", "--import", set]);
    for (code, v) in [("1.2", "65"), ("4.23", "81,5")] {
        sender.ok(&[
            "set",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2026-Q1",
            code,
            v,
        ]);
    }
    sender.ok(&[
        "export",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2026-Q1",
        "--out",
        file.to_str().unwrap(),
    ]);
    set_mtime(&file, vn(2026, 4, 2, 9, 0));
    let folder = folder.to_str().unwrap();
    let consolidate = ["consolidate", "--period", "2026-Q1", folder];
    let indicator = |doc: &Value, code: &str| {
        doc["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["indicator"] == code)
            .map(|i| i["count"].as_u64().unwrap())
    };
    let notice =
        "Tệp dùng bộ chỉ tiêu «thu-nghiem-2026» mà máy này chưa có — nạp bộ chỉ tiêu để đọc đủ";

    // A receiver without the set: read with kh-2023, flagged, still received.
    let mut without = Cli::new();
    without.now = "2026-04-10T03:00:00Z".into();
    let text = without.ok(&consolidate);
    assert!(
        text.contains(&format!("Tỉnh Thái Nguyên (THAI-NGUYEN): {notice}")),
        "{text}"
    );
    let doc = without.json(&consolidate);
    let u = unit(&doc, "THAI-NGUYEN");
    assert_eq!(u["status"], "on_time");
    assert!(u["notice"].as_str().unwrap().starts_with(notice), "{u}");
    assert_eq!(indicator(&doc, "4.23"), None);
    assert_eq!(indicator(&doc, "3.12"), Some(0));

    // A receiver with it: 4.23 read and in the statistics, 3.12 not listed.
    let mut with = Cli::new();
    with.now = "2026-04-10T03:00:00Z".into();
    with.ok(&["catalogue", "--import", set]);
    let doc = with.json(&consolidate);
    let u = unit(&doc, "THAI-NGUYEN");
    assert_eq!(u["status"], "on_time");
    assert!(u.get("notice").is_none(), "{u}");
    assert_eq!(
        (u["figures"].as_u64(), u["errors"].as_u64()),
        (Some(2), Some(0)),
        "{u}"
    );
    assert_eq!(indicator(&doc, "4.23"), Some(1));
    assert_eq!(indicator(&doc, "1.2"), Some(1));
    assert_eq!(indicator(&doc, "3.12"), None);
    let text = with.ok(&consolidate);
    assert!(!text.contains("mà máy này chưa có"), "{text}");
}

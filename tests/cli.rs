//! The `chitieu` CLI end to end: catalogue, units, periods, set / show /
//! history, and every bad input the foundation issue lists — each refused
//! with one Vietnamese sentence, exit 1, and nothing written.

mod common;

use common::{file_digest, fixtures, Cli};
use serde_json::Value;

fn history_len(cli: &Cli, unit: &str, period: &str) -> usize {
    cli.json(&["history", "--unit", unit, "--period", period])["history"]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn catalogue_follows_the_year() {
    let cli = Cli::new();
    let c = cli.json(&["catalogue", "--year", "2024"]);
    assert_eq!(c["edition"]["id"], "kh-2023");
    let items = c["items"].as_array().unwrap();
    let figures = items
        .iter()
        .filter(|i| ["share", "rate", "rank"].contains(&i["kind"].as_str().unwrap()))
        .count();
    assert_eq!(figures, 55);
    for i in items {
        assert!(i["code"].is_string() && i["name"].is_string());
    }
    let i19 = items.iter().find(|i| i["code"] == "1.9").unwrap();
    assert_eq!(i19["baseline"]["text"], "86,97%");
    assert_eq!(i19["target"]["comparison"]["op"], "plain");
    let i14 = items.iter().find(|i| i["code"] == "1.4").unwrap();
    assert_eq!(i14["target"]["text"], "≥ 80%");
    assert_eq!(
        i14["target"]["comparison"],
        serde_json::json!({"op": "at_least", "value": 80.0})
    );
    let i51 = items.iter().find(|i| i["code"] == "5.1").unwrap();
    assert_eq!(i51["kind"], "rank");
    assert_eq!(i51["target"]["comparison"]["op"], "top");
    let i352 = items.iter().find(|i| i["code"] == "3.5.2").unwrap();
    assert_eq!(i352["applies_to"]["provinces"], true);
    assert_eq!(i352["applies_to"]["ministries"], false);
    assert_eq!(
        cli.json(&["catalogue", "--year", "2021"])["edition"]["id"],
        "cpdt-2021"
    );
    assert_eq!(
        cli.json(&["catalogue", "--year", "2022"])["edition"]["id"],
        "cps-2022"
    );
    assert_eq!(
        cli.json(&["catalogue", "--edition", "cps-2022"])["edition"]["id"],
        "cps-2022"
    );
    let text = cli.ok(&["catalogue", "--year", "2024"]);
    assert!(text.contains("Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ"));
    let e = cli.fails(1, &["catalogue", "--year", "2019"]);
    assert!(e.contains("năm 2019"), "{e}");
}

#[test]
fn units_follow_the_date() {
    let cli = Cli::new();
    let count = |day: &str, t: &str| {
        cli.json(&["units", "--on", day])["units"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["type"] == t)
            .count()
    };
    assert_eq!(count("2023-06-30", "province"), 63);
    assert_eq!(count("2025-07-01", "province"), 34);
    let u = cli.json(&["units", "--on", "2024-06-30"]);
    for x in u["units"].as_array().unwrap() {
        assert!(x["code"].is_string() && x["name"].is_string() && x["type"].is_string());
    }
    let found = cli.json(&["units", "--on", "2024-06-30", "--search", "thai nguyen"]);
    assert!(found["units"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["code"] == "THAI-NGUYEN"));
    cli.fails(1, &["units", "--on", "30/06/2024"]);
}

/// Issue 11, point 6: `units --search` matches whole words and leads from a
/// merged province to its successor, with the date and the act.
#[test]
fn units_search_leads_from_former_names() {
    let cli = Cli::new();
    let text = cli.ok(&["units", "--on", "2026-12-01", "--search", "ha giang"]);
    assert!(text.contains("(1 đơn vị)"), "{text}");
    assert!(
        text.contains("TUYEN-QUANG")
            && text.contains("Tỉnh Hà Giang → Tỉnh Tuyên Quang từ 01/7/2025"),
        "{text}"
    );
    assert!(text.contains("Nghị quyết số 202/2025/QH15"), "{text}");
    assert!(!text.contains("AN-GIANG"), "{text}");
    let found = cli.json(&["units", "--on", "2026-12-01", "--search", "yen bai"]);
    let units = found["units"].as_array().unwrap();
    assert_eq!(units.len(), 1, "{found}");
    assert_eq!(units[0]["code"], "LAO-CAI");
    assert_eq!(units[0]["former"]["code"], "YEN-BAI");
    assert_eq!(units[0]["former"]["since"], "2025-07-01");
    assert_eq!(
        units[0]["former"]["text"],
        "Tỉnh Yên Bái → Tỉnh Lào Cai từ 01/7/2025"
    );
    let found = cli.json(&["units", "--on", "2026-12-01", "--search", "bac kan"]);
    assert_eq!(found["units"][0]["code"], "THAI-NGUYEN");
}

/// Issue 11, point 4: a cleared figure is missing again, without a status.
#[test]
fn a_cleared_figure_is_missing() {
    let cli = Cli::new();
    let u = ["--unit", "THAI-NGUYEN", "--period", "2024-Q2"];
    let missing = |cli: &Cli| -> bool {
        cli.json(&[&["validate"], &u[..]].concat())["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "missing-figure" && d["indicator"] == "1.1")
    };
    assert!(missing(&cli));
    cli.ok(&[&["set"], &u[..], &["1.1", "80"]].concat());
    assert!(!missing(&cli));
    cli.ok(&[&["set"], &u[..], &["1.1", ""]].concat());
    assert!(missing(&cli));
    let show = cli.json(&[&["show"], &u[..]].concat());
    let f = show["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["indicator"] == "1.1")
        .unwrap()
        .clone();
    assert_eq!(
        (f["raw"].as_str(), f["status"].is_null()),
        (Some(""), true),
        "{f}"
    );
}

/// Issue 11, point 5: `chitieu undo` takes back the last change, as a
/// change of its own; with nothing left it says so.
#[test]
fn undo_takes_back_the_last_change() {
    let cli = Cli::new();
    let u = ["--unit", "THAI-NGUYEN", "--period", "2024-Q2"];
    cli.ok(&[&["set"], &u[..], &["1.1", "80"]].concat());
    cli.ok(&[&["set"], &u[..], &["1.1", "85"]].concat());
    assert!(cli
        .ok(&[&["undo"], &u[..]].concat())
        .contains("chỉ tiêu 1.1"));
    let show = cli.json(&[&["show"], &u[..]].concat());
    assert_eq!(show["figures"][0]["value"].as_f64(), Some(80.0));
    let history = cli.json(&[&["history"], &u[..]].concat());
    assert_eq!(history["history"][2]["origin"]["kind"], "undo");
    assert!(cli
        .ok(&[&["history"], &u[..]].concat())
        .contains("(hoàn tác)"));
    assert_eq!(
        cli.json(&[&["undo"], &u[..]].concat())["undone"],
        serde_json::json!(["1.1"])
    );
    let e = cli.fails(1, &[&["undo"], &u[..]].concat());
    assert!(e.contains("Không còn thay đổi nào"), "{e}");
}

/// Issue 11, point 2: a database an earlier version filled with float
/// noise is repaired on opening, each figure with a history row saying so.
#[test]
fn float_noise_in_an_older_database_is_repaired() {
    let cli = Cli::new();
    let c = rusqlite::Connection::open(&cli.db).unwrap();
    chitieu_core::store::migrate_to(&c, 2).unwrap();
    for e in chitieu_core::catalogue::Catalogue::embedded()
        .unwrap()
        .editions()
    {
        c.execute(
            "INSERT INTO edition VALUES (?1, ?2, ?3, 'embedded', 'x', ?4, 'now')",
            rusqlite::params![
                e.id,
                e.title,
                e.first_year,
                serde_json::to_string(e).unwrap()
            ],
        )
        .unwrap();
    }
    let json = r#"{"indicator":"1.9","value":91.29999999999998,"raw":"91,29999999999998%","status":"official","status_raw":"","source":"","trend":"","comparison":"","proposals":"","notes":""}"#;
    c.execute_batch(&format!(
        "INSERT INTO report VALUES (1, 'THAI-NGUYEN', '2024-Q2', 'kh-2023', '2024-07-01T02:00:00Z');
         INSERT INTO figure (report_id, indicator, value, raw, status, sheet, cell, revision, updated_at)
             VALUES (1, '1.9', 91.29999999999998, '91,29999999999998%', 'official', 'PL01', 'F16', 1, '2024-07-01T02:00:00Z');
         INSERT INTO history (report_id, indicator, revision, at, origin, file_name, file_sha256, old, new)
             VALUES (1, '1.9', 1, '2024-07-01T02:00:00Z', 'import', 'a.xlsx', 'x', NULL, '{json}');"
    ))
    .unwrap();
    drop(c);
    let show = cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]);
    let f = &show["figures"][0];
    assert_eq!(
        (
            f["value"].as_f64(),
            f["raw"].as_str(),
            f["revision"].as_i64()
        ),
        (Some(91.3), Some("91,3%"), Some(2)),
        "{f}"
    );
    let history =
        cli.json(&["history", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"])["history"].clone();
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[1]["origin"]["kind"], "repair");
    assert_eq!(history[1]["old"]["value"].as_f64(), Some(91.29999999999998));
    assert!(cli
        .ok(&["show", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"])
        .contains("91,3"));
}

/// Issue 11, point 8: the history's times are the machine's local time
/// (stored in UTC), whatever zone the machine is in.
#[test]
#[cfg_attr(
    not(unix),
    ignore = "TZ is how a Unix process learns its zone; Windows takes it from the system settings"
)]
fn history_times_are_local() {
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
    let history = |tz: &str| {
        let out = cli
            .command(&["history", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"])
            .env("TZ", tz)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // CHITIEU_NOW is 03:00 UTC; POSIX zones need no zone database.
    assert!(
        history("ICT-7").contains("01/07/2024 10:00"),
        "{}",
        history("ICT-7")
    );
    assert!(
        history("UTC0").contains("01/07/2024 03:00"),
        "{}",
        history("UTC0")
    );
    assert!(!history("ICT-7").contains("2024-07-01T03:00:00Z"));
    // JSON keeps the stored instant.
    assert_eq!(
        cli.json(&["history", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"])["history"][0]["at"],
        "2024-07-01T03:00:00Z"
    );
}

#[test]
fn periods_have_their_calendar() {
    let cli = Cli::new();
    let p = cli.json(&["periods", "--year", "2024"]);
    let list = p["periods"].as_array().unwrap();
    let got: Vec<(&str, &str, &str, &str)> = list
        .iter()
        .map(|x| {
            (
                x["period"].as_str().unwrap(),
                x["first_day"].as_str().unwrap(),
                x["last_day"].as_str().unwrap(),
                x["deadline"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("2024-Q1", "2023-12-01", "2024-03-31", "2024-04-03"),
            ("2024-Q2", "2024-04-01", "2024-06-30", "2024-07-05"),
            ("2024-Q3", "2024-07-01", "2024-09-30", "2024-10-05"),
            ("2024-Q4", "2024-10-01", "2024-11-30", "2024-12-05"),
            ("2024", "2023-12-15", "2024-12-14", "2024-12-15"),
        ]
    );
    // The clock is 2024-07-01 (10:00 in Vietnam): Q2 is due in 4 days, Q1 overdue.
    assert_eq!(list[1]["days_left"], 4);
    assert_eq!(list[1]["overdue"], false);
    assert_eq!(list[0]["overdue"], true);
    cli.fails(1, &["periods", "--year", "1999"]);
}

#[test]
fn set_show_history() {
    let cli = Cli::new();
    let u = ["--unit", "THAI-NGUYEN", "--period", "2024-Q2"];
    cli.ok(&[&["set"], &u[..], &["1.1", "86,97%"]].concat());
    cli.ok(&[
        &["set"],
        &u[..],
        &[
            "1.9",
            "90.5",
            "--status",
            "estimate",
            "--source",
            "Khảo sát",
            "--note",
            "=tạm",
        ],
    ]
    .concat());
    cli.ok(&[&["set"], &u[..], &["1.1", "87"]].concat());
    let show = cli.json(&[&["show"], &u[..]].concat());
    assert_eq!(show["unit"]["code"], "THAI-NGUYEN");
    assert_eq!(show["unit"]["name"], "Tỉnh Thái Nguyên");
    assert_eq!(show["period"], "2024-Q2");
    assert_eq!(show["edition"], "kh-2023");
    let figs = show["figures"].as_array().unwrap();
    assert_eq!(figs.len(), 2);
    assert_eq!(figs[0]["indicator"], "1.1");
    assert_eq!(figs[0]["value"], 87.0);
    assert_eq!(figs[0]["raw"], "87");
    assert_eq!(figs[0]["status"], "official");
    assert_eq!(figs[1]["value"], 90.5);
    assert_eq!(figs[1]["status"], "estimate");
    assert_eq!(figs[1]["source"], "Khảo sát");
    assert_eq!(figs[1]["notes"], "=tạm");
    let h = cli.json(&[&["history"], &u[..]].concat());
    let h = h["history"].as_array().unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(h[0]["indicator"], "1.1");
    assert_eq!(h[0]["old"], Value::Null);
    assert_eq!(h[0]["new"]["raw"], "86,97%");
    assert_eq!(h[2]["old"]["value"], 86.97);
    assert_eq!(h[2]["new"]["value"], 87.0);
    assert_eq!(h[2]["origin"]["kind"], "cli");
    let one = cli.json(&[&["history"], &u[..], &["--indicator", "1.9"]].concat());
    assert_eq!(one["history"].as_array().unwrap().len(), 1);
    // Setting the same value again changes nothing and adds no history.
    cli.ok(&[&["set"], &u[..], &["1.1", "87"]].concat());
    assert_eq!(history_len(&cli, "THAI-NGUYEN", "2024-Q2"), 3);
    // "-" means no figure.
    cli.ok(&[&["set"], &u[..], &["1.1", "-"]].concat());
    let show = cli.json(&[&["show"], &u[..]].concat());
    assert_eq!(show["figures"][0]["value"], Value::Null);
    let text = cli.ok(&[&["show"], &u[..]].concat());
    assert!(text.contains("90,5"), "{text}");
}

#[test]
fn bad_inputs_are_refused_and_write_nothing() {
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
    let before = history_len(&cli, "THAI-NGUYEN", "2024-Q2");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--unit", "XYZ", "--period", "2024-Q2", "1.1", "5"],
            "«XYZ»",
        ),
        (
            &["--unit", "THAI-NGUYEN", "--period", "2024-Q5", "1.1", "5"],
            "«2024-Q5»",
        ),
        (
            &["--unit", "THAI-NGUYEN", "--period", "Q2/2024", "1.1", "5"],
            "«Q2/2024»",
        ),
        (
            &["--unit", "THAI-NGUYEN", "--period", "2024-Q2", "9.9", "5"],
            "«9.9»",
        ),
        (
            &["--unit", "THAI-NGUYEN", "--period", "2024-Q2", "1", "5"],
            "Dòng 1",
        ),
        (
            &["--unit", "THAI-NGUYEN", "--period", "2024-Q2", "1.7", "5"],
            "Dòng 1.7",
        ),
        (
            &["--unit", "THAI-NGUYEN", "--period", "2024-Q2", "1.1", "abc"],
            "«abc»",
        ),
        (
            &[
                "--unit",
                "THAI-NGUYEN",
                "--period",
                "2024-Q2",
                "1.1",
                "80-85",
            ],
            "«80-85»",
        ),
        (
            &["--unit", "THAI-NGUYEN", "--period", "2024-Q2", "1.1", "135"],
            "135",
        ),
        (
            &["--unit", "THAI-NGUYEN", "--period", "2024-Q2", "1.1", "-5"],
            "-5",
        ),
        (
            &["--unit", "BTTTT", "--period", "2024-Q2", "5.1", "2.5"],
            "2,5",
        ),
        (
            &["--unit", "BTTTT", "--period", "2024-Q2", "5.1", "0"],
            "số nguyên dương",
        ),
        (
            &["--unit", "BAC-KAN", "--period", "2025-Q3", "1.1", "5"],
            "Bắc Kạn",
        ),
    ];
    for (args, needle) in cases {
        let e = cli.fails(1, &[&["set"], *args].concat());
        assert!(e.contains(needle), "{args:?}: {e}");
        assert_eq!(e.trim().lines().count(), 1, "one sentence: {e}");
        assert!(
            !e.contains("panicked") && !e.contains("RUST_BACKTRACE"),
            "{e}"
        );
    }
    assert_eq!(history_len(&cli, "THAI-NGUYEN", "2024-Q2"), before);
    // The merged province's successor is named.
    let e = cli.fails(
        1,
        &[
            "set", "--unit", "BAC-KAN", "--period", "2025-Q3", "1.1", "5",
        ],
    );
    assert!(e.contains("THAI-NGUYEN"), "{e}");
}

#[test]
fn usage_errors_exit_2_in_vietnamese() {
    let cli = Cli::new();
    for args in [
        &["frobnicate"][..],
        &["set", "--unit", "X"][..],
        &["show", "--period", "2024"][..],
        &[
            "set", "--unit", "A", "--period", "2024", "1.1", "5", "--status", "maybe",
        ][..],
    ] {
        let e = cli.fails(2, args);
        assert!(e.contains("chitieu --help"), "{args:?}: {e}");
    }
}

#[test]
fn a_foreign_file_is_refused_and_left_untouched() {
    let cli = Cli::new();
    // A text file.
    std::fs::write(&cli.db, "hello").unwrap();
    let before = file_digest(&cli.db);
    let e = cli.fails(1, &["show", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]);
    assert!(e.contains("không phải là cơ sở dữ liệu của chitieu"), "{e}");
    assert_eq!(file_digest(&cli.db), before);
    // Another program's SQLite database.
    std::fs::remove_file(&cli.db).unwrap();
    let c = rusqlite::Connection::open(&cli.db).unwrap();
    c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(c);
    let before = file_digest(&cli.db);
    cli.fails(
        1,
        &[
            "set",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "1.1",
            "5",
        ],
    );
    assert_eq!(file_digest(&cli.db), before);
    assert!(!cli.db.with_extension("db-wal").exists());
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let cli = Cli::new();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "5",
    ]);
    let c = rusqlite::Connection::open(&cli.db).unwrap();
    c.execute_batch("PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(c);
    let before = file_digest(&cli.db);
    let e = cli.fails(1, &["show", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]);
    assert!(e.contains("phiên bản chitieu mới hơn"), "{e}");
    assert_eq!(file_digest(&cli.db), before);
}

#[test]
fn an_older_database_is_backed_up_before_migrating() {
    let cli = Cli::new();
    let c = rusqlite::Connection::open(&cli.db).unwrap();
    chitieu_core::store::migrate_to(&c, 1).unwrap();
    c.execute_batch("INSERT INTO setting VALUES ('marker', 'v1');")
        .unwrap();
    drop(c);
    cli.ok(&["periods", "--year", "2024"]);
    let backups: Vec<_> = std::fs::read_dir(cli.dir.path().join("backups"))
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains("truoc-nang-cap-v1")
        })
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let b = rusqlite::Connection::open(backups[0].path()).unwrap();
    let v: i64 = b
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    let marker: String = b
        .query_row("SELECT value FROM setting WHERE key = 'marker'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(marker, "v1");
    let c = rusqlite::Connection::open(&cli.db).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, chitieu_core::store::schema_version());
}

#[test]
fn users_add_their_own_units() {
    let cli = Cli::new();
    let u = cli.json(&[
        "add-unit",
        "--name",
        "Sở Thông tin và Truyền thông tỉnh Thái Nguyên",
        "--type",
        "department",
        "--parent",
        "THAI-NGUYEN",
    ]);
    let code = u["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("X-SO-THONG-TIN"), "{code}");
    assert_eq!(u["type"], "department");
    // It reports what its province reports.
    cli.ok(&["set", "--unit", &code, "--period", "2024-Q2", "3.5.2", "81"]);
    cli.fails(
        1,
        &[
            "add-unit",
            "--name",
            "Sở Thông tin và Truyền thông tỉnh Thái Nguyên",
            "--type",
            "department",
        ],
    );
    cli.fails(1, &["add-unit", "--name", "  ", "--type", "custom"]);
    let found = cli.json(&[
        "units",
        "--on",
        "2024-06-30",
        "--search",
        "so thong tin thai nguyen",
    ]);
    assert!(found["units"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["code"] == code.as_str()));
}

#[test]
fn validate_reports_errors_with_exit_1() {
    let cli = Cli::new();
    let u = ["--unit", "THAI-NGUYEN", "--period", "2024"];
    cli.ok(&[&["set"], &u[..], &["1.1", "99", "--status", "estimate"]].concat());
    let v = cli.json(&[&["validate"], &u[..]].concat());
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"estimate-in-year-report"), "{codes:?}");
    assert!(codes.contains(&"missing-figure"));
    assert!(codes.contains(&"target-behind"));
    for d in v["diagnostics"].as_array().unwrap() {
        for k in ["severity", "code", "indicator", "sheet", "cell", "message"] {
            assert!(d.get(k).is_some(), "{k} in {d}");
        }
    }
    // No error: exit 0.
    cli.ok(&[&["validate"], &u[..]].concat());
}

#[test]
fn validate_exits_1_while_an_error_remains() {
    let cli = Cli::new();
    let fixture = common::fixtures().join("import/text-in-figure.xlsx");
    let out = cli.json(&["import", fixture.to_str().unwrap()]);
    assert!(out["imported"].as_u64().unwrap() > 0);
    let unit = out["unit"]["code"].as_str().unwrap().to_owned();
    let period = out["period"].as_str().unwrap().to_owned();
    let o = cli.run(&["validate", "--unit", &unit, "--period", &period, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(!errors.is_empty());
    // The cell of the imported figure is named.
    assert!(
        errors
            .iter()
            .all(|d| d["cell"].is_string() && d["sheet"].is_string()),
        "{errors:?}"
    );
    // The figure was kept as typed.
    let show = cli.json(&["show", "--unit", &unit, "--period", &period]);
    assert!(show["figures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["raw"] == "85 (ước)" && f["value"].is_null()));
    // Export is refused and lists the errors.
    let e = cli.fails(
        1,
        &[
            "export",
            "--unit",
            &unit,
            "--period",
            &period,
            "--out",
            cli.path("x.xlsx").to_str().unwrap(),
        ],
    );
    assert!(e.contains("Chưa thể xuất") && e.contains("85 (ước)"), "{e}");
    assert!(!cli.path("x.xlsx").exists());
}

#[test]
fn a_jump_from_the_previous_period_is_worth_a_second_look() {
    let cli = Cli::new();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q1",
        "1.1",
        "30",
    ]);
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "95",
    ]);
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.2",
        "20",
    ]);
    let v = cli.json(&["validate", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]);
    let jumps: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "implausible-change")
        .collect();
    assert_eq!(jumps.len(), 1, "{jumps:?}");
    assert_eq!(jumps[0]["indicator"], "1.1");
    assert!(
        jumps[0]["message"].as_str().unwrap().contains("30 → 95"),
        "{}",
        jumps[0]["message"]
    );
}

#[test]
fn a_later_edition_is_added_as_a_data_file() {
    let cli = Cli::new();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2026-Q1",
        "1.1",
        "90",
    ]);
    assert_eq!(
        cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q1"])["edition"],
        "kh-2023"
    );
    let file = cli.path("kh-2026.toml");
    std::fs::write(
        &file,
        r#"
id = "kh-2026"
title = "Bộ chỉ tiêu thử nghiệm 2026"
source = "Tệp thử"
first_year = 2026
baseline_year = 2025
target_year = 2030

[[items]]
code = "1"
name = "Nhóm một"
kind = "group"

[[items]]
code = "1.1"
name = "Tỷ lệ thử nghiệm"
kind = "share"
unit = "%"
plans = { "2026" = "≥ 60%" }
target = "100%"
bodies = "Các bộ, ngành, địa phương"
"#,
    )
    .unwrap();
    let out = cli.ok(&["catalogue", "--import", file.to_str().unwrap()]);
    assert!(out.contains("kh-2026"), "{out}");
    assert_eq!(
        cli.json(&["catalogue", "--year", "2026"])["edition"]["id"],
        "kh-2026"
    );
    // The report made under the older edition keeps it; a new one uses the new.
    assert_eq!(
        cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q1"])["edition"],
        "kh-2023"
    );
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2026-Q2",
        "1.1",
        "61",
    ]);
    assert_eq!(
        cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q2"])["edition"],
        "kh-2026"
    );
    // Importing it twice, or a broken file, is refused.
    cli.fails(1, &["catalogue", "--import", file.to_str().unwrap()]);
    std::fs::write(&file, "id = \"x\"\n[[items]]\ncode = \"1.1\"\n").unwrap();
    let e = cli.fails(1, &["catalogue", "--import", file.to_str().unwrap()]);
    assert!(e.contains("kh-2026.toml"), "{e}");
}

/// Every file under `dir` with its digest: what a command may not change.
fn snapshot_of(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(
                snapshot_of(&p)
                    .into_iter()
                    .map(|(n, d)| (format!("{}/{n}", e.file_name().to_string_lossy()), d)),
            );
        } else {
            out.push((
                e.file_name().to_string_lossy().into_owned(),
                file_digest(&p),
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn a_dry_run_writes_nothing() {
    let base = fixtures().join("import/base.xlsx");
    let base = base.to_str().unwrap();
    // No database yet: the preview is made against the embedded catalogue
    // and registry, and no file appears.
    let cli = Cli::new();
    let doc = cli.json(&["import", base, "--dry-run"]);
    assert_eq!(doc["unit"]["code"], "THAI-NGUYEN");
    assert!(
        snapshot_of(cli.dir.path()).is_empty(),
        "{:?}",
        snapshot_of(cli.dir.path())
    );
    // An existing database, on a later day (the day's first opening would
    // take a daily copy): the preview sees the stored figures, and not a
    // byte changes.
    let mut cli = Cli::new();
    cli.ok(&["import", base]);
    let before = snapshot_of(cli.dir.path());
    cli.now = "2024-07-09T03:00:00Z".into();
    let doc = cli.json(&["import", base, "--dry-run"]);
    let figures = doc["figures"].as_array().unwrap();
    assert!(
        !figures.is_empty() && figures.iter().all(|f| f["change"] == "unchanged"),
        "{doc}"
    );
    assert_eq!(snapshot_of(cli.dir.path()), before);
    // A database of an older version: migrated in memory only, no copy
    // taken before a migration.
    let cli = Cli::new();
    let c = rusqlite::Connection::open(&cli.db).unwrap();
    chitieu_core::store::migrate_to(&c, 1).unwrap();
    drop(c);
    let before = snapshot_of(cli.dir.path());
    cli.json(&["import", base, "--dry-run"]);
    assert_eq!(snapshot_of(cli.dir.path()), before);
    // A folder whose name a URI would misread (the database is read as an
    // immutable file through one).
    let mut cli = Cli::new();
    // ('?' cannot be in a Windows file name.)
    let odd = cli.dir.path().join(if cfg!(windows) {
        "Báo cáo #2 50% xong"
    } else {
        "Báo cáo #2 ?50% xong"
    });
    std::fs::create_dir(&odd).unwrap();
    cli.db = odd.join("t.db");
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "5",
    ]);
    let before = snapshot_of(cli.dir.path());
    let doc = cli.json(&["import", base, "--dry-run"]);
    let f11 = doc["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["indicator"] == "1.1")
        .cloned()
        .unwrap();
    assert_eq!(f11["stored_value"], 5.0, "{f11}");
    assert_eq!(snapshot_of(cli.dir.path()), before);
}

#[test]
fn a_new_years_set_arrives_as_the_agencys_workbook() {
    let mut cli = Cli::new();
    cli.now = "2026-12-01T03:00:00Z".into();
    let file = fixtures().join("editions/agency-2026.xlsx");
    let file = file.to_str().unwrap();
    // Before: a 2026 report runs on the 2023–2025 set and says so.
    let show = cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q4"]);
    assert_eq!(show["edition"], "kh-2023");
    assert_eq!(
        show["edition_notice"],
        "Đang dùng bộ chỉ tiêu 2023–2025; chưa có kế hoạch năm 2026 — nạp bộ chỉ tiêu mới"
    );
    assert!(cli
        .ok(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q4"])
        .contains("chưa có kế hoạch năm 2026"));
    // A dry run shows the difference and writes nothing.
    let dry = cli.json(&["catalogue", "--import", file, "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["edition"]["id"], "thu-nghiem-2026");
    assert_eq!(dry["diff"]["base_id"], "kh-2023");
    assert_eq!(dry["diff"]["added"][0]["code"], "4.23");
    let editions = cli.json(&["catalogue", "--editions"]);
    assert_eq!(
        editions["editions"].as_array().unwrap().len(),
        3,
        "a dry run stored the edition"
    );
    // Loaded.
    let text = cli.ok(&["catalogue", "--import", file]);
    assert!(
        text.contains("Đã nạp bộ chỉ tiêu thu-nghiem-2026"),
        "{text}"
    );
    let editions = cli.json(&["catalogue", "--editions"]);
    let new = editions["editions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "thu-nghiem-2026")
        .cloned()
        .unwrap();
    assert_eq!(new["first_year"], 2026);
    assert_eq!(new["plan_years"], serde_json::json!([2026, 2027]));
    assert_eq!(new["target_year"], 2030);
    assert_eq!(new["items"], 21);
    assert!(new["title"].as_str().unwrap().contains("THỬ NGHIỆM"));
    let show = cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q4"]);
    assert_eq!(show["edition"], "thu-nghiem-2026");
    assert!(show["edition_notice"].is_null());
    // The 2026 report exports its 2026 plan.
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2026-Q4",
        "1.2",
        "65",
    ]);
    let out = cli.path("PL01.xlsx");
    cli.ok(&[
        "template",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2026-Q4",
        "--out",
        out.to_str().unwrap(),
    ]);
    let strings = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut s)
            .unwrap();
        s
    };
    assert!(
        strings.contains("Kế hoạch năm 2026<")
            && strings.contains("Mục tiêu 2030<")
            && strings.contains("≥ 60%"),
        "{strings}"
    );
    // A broken workbook: exit 1, every problem with its cell, nothing stored.
    let out = cli.run(&[
        "catalogue",
        "--import",
        fixtures()
            .join("editions/broken-2026.xlsx")
            .to_str()
            .unwrap(),
        "--id",
        "hong",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["error"]["code"], "edition_refused");
    assert!(err["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["cell"] == "A14"));
    assert_eq!(
        cli.json(&["catalogue", "--editions"])["editions"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn a_report_with_figures_moves_to_the_new_set_only_when_asked() {
    let mut cli = Cli::new();
    cli.now = "2026-12-01T03:00:00Z".into();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2026-Q3",
        "1.2",
        "61",
    ]);
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2026-Q3",
        "3.5.2",
        "70",
    ]);
    cli.ok(&[
        "catalogue",
        "--import",
        fixtures()
            .join("editions/agency-2026.xlsx")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(
        cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q3"])["edition"],
        "kh-2023"
    );
    let args = [
        "move-edition",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2026-Q3",
        "--to",
        "thu-nghiem-2026",
    ];
    let dry = cli.json(&[&args[..], &["--dry-run"]].concat());
    assert_eq!(dry["move"]["carried"], serde_json::json!(["1.2"]));
    assert_eq!(dry["move"]["removed"][0]["code"], "3.5.2");
    assert_eq!(
        cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q3"])["edition"],
        "kh-2023"
    );
    let text = cli.ok(&args);
    assert!(text.contains("3.5.2"), "{text}");
    assert_eq!(
        cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q3"])["edition"],
        "thu-nghiem-2026"
    );
    // The removed figure is in the history.
    let history = cli.json(&[
        "history",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2026-Q3",
        "--indicator",
        "3.5.2",
    ]);
    assert!(history.to_string().contains("70"), "{history}");
    assert_eq!(history["edition_changes"][0]["from"], "kh-2023");
    assert_eq!(
        history["edition_changes"][0]["removed"],
        serde_json::json!(["3.5.2"])
    );
    assert!(cli
        .ok(&["history", "--unit", "THAI-NGUYEN", "--period", "2026-Q3"])
        .contains("chuyển bộ chỉ tiêu kh-2023 → thu-nghiem-2026"));
}

#[test]
fn draft_shows_then_fills_only_empty_cells() {
    let cli = Cli::new();
    let u = ["--unit", "THAI-NGUYEN"];
    cli.ok(&[&["set"], &u[..], &["--period", "2024-Q1", "1.2", "40,5"]].concat());
    cli.ok(&[
        &["set"],
        &u[..],
        &["--period", "2024-Q2", "1.2", "45,7", "--status", "estimate"],
    ]
    .concat());
    cli.ok(&[&["set"], &u[..], &["--period", "2024-Q2", "5.1", "71"]].concat());
    let d = cli.json(&[&["draft"], &u[..], &["--period", "2024-Q2"]].concat());
    assert_eq!(d["unit"]["code"], "THAI-NGUYEN");
    assert_eq!(d["period"], "2024-Q2");
    let drafts = d["drafts"].as_array().unwrap();
    assert_eq!(drafts.len(), 2);
    assert_eq!(drafts[0]["indicator"], "1.2");
    assert!(drafts[0]["trend"]
        .as_str()
        .unwrap()
        .starts_with("Tăng 5,2 điểm phần trăm so với Quý I/2024 (từ 40,5% lên 45,7%)"));
    assert!(drafts[0]["international"].is_null());
    assert!(drafts[1]["international"]
        .as_str()
        .unwrap()
        .contains("71/193"));
    assert!(d["review"]
        .as_str()
        .unwrap()
        .starts_with("ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024"));
    let before = history_len(&cli, "THAI-NGUYEN", "2024-Q2");
    // Without --apply nothing is written.
    cli.ok(&[&["draft"], &u[..], &["--period", "2024-Q2"]].concat());
    assert_eq!(history_len(&cli, "THAI-NGUYEN", "2024-Q2"), before);

    let applied = cli.json(&[&["draft"], &u[..], &["--period", "2024-Q2", "--apply"]].concat());
    assert_eq!(
        applied["applied"]["trend"],
        serde_json::json!(["1.2", "5.1"])
    );
    let h = cli.json(&["history", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]);
    let last = h["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["origin"],
        serde_json::json!({"kind": "draft", "cli": true})
    );
    assert!(cli
        .ok(&["history", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"])
        .contains("nhận bản nháp bằng lệnh chitieu draft"));
    let again = cli.ok(&[&["draft"], &u[..], &["--period", "2024-Q2", "--apply"]].concat());
    assert!(again.contains("Đã điền bản nháp vào 0 ô"), "{again}");

    // Q3 has no figure: no draft, no review.
    let q3 = cli.json(&[&["draft"], &u[..], &["--period", "2024-Q3"]].concat());
    assert_eq!(q3["drafts"], serde_json::json!([]));
    assert!(q3["review"].is_null());
    let e = cli.fails(1, &[&["draft"], &u[..], &["--period", "2024-Q5"]].concat());
    assert!(e.contains("không hợp lệ"), "{e}");
}

/// Issue 13: the review's versions are in `chitieu history` for the whole
/// report (local time, origin), and not in one indicator's history.
#[test]
fn history_lists_the_review_versions() {
    let cli = Cli::new();
    let u = ["--unit", "THAI-NGUYEN", "--period", "2024-Q2"];
    cli.ok(&[&["set"], &u[..], &["1.2", "45,7"]].concat());
    let none = cli.json(&[&["history"], &u[..]].concat());
    assert_eq!(none["review_history"], serde_json::json!([]));
    assert!(!cli
        .ok(&[&["history"], &u[..]].concat())
        .contains("Đánh giá 6 tháng"));

    cli.ok(&[&["draft"], &u[..], &["--apply"]].concat());
    // A person's edit of the review, as the app stores it, an hour later.
    let c = rusqlite::Connection::open(&cli.db).unwrap();
    c.execute_batch(
        "UPDATE review SET text = 'ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024' || char(10) || char(10) || 'Đã sửa.', revision = 2;
         INSERT INTO review_history (report_id, revision, at, origin, from_draft, old, new)
             SELECT report_id, 2, '2024-07-01T04:00:00Z', 'app', 0, new, 'ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024' || char(10) || char(10) || 'Đã sửa.'
             FROM review_history WHERE revision = 1;",
    )
    .unwrap();
    drop(c);

    let h = cli.json(&[&["history"], &u[..]].concat());
    let reviews = h["review_history"].as_array().unwrap();
    assert_eq!(reviews.len(), 2, "{h}");
    assert_eq!(
        reviews[0]["origin"],
        serde_json::json!({"kind": "draft", "cli": true})
    );
    assert_eq!(reviews[0]["at"], "2024-07-01T03:00:00Z");
    assert!(reviews[0]["old"].is_null());
    assert_eq!(reviews[1]["origin"], serde_json::json!({"kind": "app"}));
    assert_eq!(reviews[1]["revision"], 2);

    // TZ sets the zone of a Unix process only (see history_times_are_local).
    if cfg!(unix) {
        let out = cli
            .command(&[&["history"], &u[..]].concat())
            .env("TZ", "ICT-7")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.contains("Phần «Đánh giá 6 tháng»:"), "{text}");
        assert!(
            text.contains("01/07/2024 10:00  lần 1 ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024"),
            "{text}"
        );
        assert!(
            text.contains("(nhận bản nháp bằng lệnh chitieu draft)"),
            "{text}"
        );
        assert!(text.contains("01/07/2024 11:00  lần 2 ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024 (38 ký tự)  (nhập trên ứng dụng)"), "{text}");
    }

    // One indicator's history leaves the review out.
    let one = cli.json(&[&["history"], &u[..], &["--indicator", "1.2"]].concat());
    assert!(one.get("review_history").is_none(), "{one}");
    assert!(!cli
        .ok(&[&["history"], &u[..], &["--indicator", "1.2"]].concat())
        .contains("Đánh giá 6 tháng"));
}

/// One period of `chitieu periods --json`.
fn period_of(cli: &Cli, unit: &str, period: &str) -> Value {
    let year = &period[..4];
    let periods = cli.json(&["periods", "--unit", unit, "--year", year]);
    periods["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == period)
        .unwrap()
        .clone()
}

/// Issue 17, point 2: an empty report is refused (exit 1, one Vietnamese
/// sentence, no file, nothing recorded); an incomplete one goes out and says
/// how many are missing; `periods` says «Đã xuất (1/N chỉ tiêu)».
#[test]
fn an_empty_report_is_not_exported_and_an_incomplete_one_says_so() {
    let mut cli = Cli::new();
    cli.now = "2026-12-07T03:00:00Z".into();
    let u = ["--unit", "NGHE-AN", "--period", "2026-Q4"];
    let out = cli.path("PL01.xlsx");
    let out_s = out.to_str().unwrap();
    let e = cli.fails(1, &[&["export"], &u[..], &["--out", out_s]].concat());
    assert!(e.contains("chưa có số liệu nào"), "{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(!out.exists());
    let q4 = period_of(&cli, "NGHE-AN", "2026-Q4");
    assert_eq!(q4["exported"], false);
    // One figure: exported, with how many are missing.
    cli.ok(&[&["set"], &u[..], &["1.1", "80"]].concat());
    let text = cli.ok(&[&["export"], &u[..], &["--out", out_s]].concat());
    assert!(out.exists());
    let q4 = period_of(&cli, "NGHE-AN", "2026-Q4");
    let expected = q4["expected"].as_u64().unwrap();
    assert!(
        text.contains(&format!(
            "Còn {}/{expected} chỉ tiêu chưa có số liệu.",
            expected - 1
        )),
        "{text}"
    );
    assert_eq!(
        q4["state_label"],
        format!("Đã xuất (1/{expected} chỉ tiêu)")
    );
    let listing = cli.ok(&["periods", "--unit", "NGHE-AN", "--year", "2026"]);
    assert!(
        listing.contains(&format!("Đã xuất (1/{expected} chỉ tiêu)")),
        "{listing}"
    );
}

/// Issue 17, point 8: a period overdue for more than a year reads calmly.
#[test]
fn periods_long_past_are_not_counted_in_days() {
    let mut cli = Cli::new();
    cli.now = "2026-12-07T03:00:00Z".into();
    let listing = cli.ok(&["periods", "--unit", "NGHE-AN", "--year", "2024"]);
    assert!(listing.contains("Kỳ đã qua, chưa gửi"), "{listing}");
    assert!(!listing.contains("quá hạn"), "{listing}");
    let listing = cli.ok(&["periods", "--unit", "NGHE-AN", "--year", "2026"]);
    assert!(listing.contains("quá hạn"), "{listing}");
}

/// Issue 17, point 3: `set … 1.4 -` (and the other dashes) clears the
/// figure and its status, and `validate` lists 1.4 as missing again.
#[test]
fn set_with_a_dash_clears_the_figure() {
    let cli = Cli::new();
    let u = ["--unit", "THAI-NGUYEN", "--period", "2024-Q2"];
    for dash in ["-", "–", "—"] {
        cli.ok(&[&["set"], &u[..], &["1.4", "75"]].concat());
        let before = history_len(&cli, "THAI-NGUYEN", "2024-Q2");
        cli.ok(&[&["set"], &u[..], &["1.4", dash]].concat());
        assert_eq!(history_len(&cli, "THAI-NGUYEN", "2024-Q2"), before + 1);
        let show = cli.json(&[&["show"], &u[..]].concat());
        let f = show["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["indicator"] == "1.4")
            .cloned();
        if let Some(f) = f {
            assert_eq!(
                (&f["value"], &f["status"], f["raw"].as_str()),
                (&Value::Null, &Value::Null, Some("")),
                "{dash}: {f}"
            );
        }
        let v = cli.json(&[&["validate"], &u[..]].concat());
        assert!(
            v.to_string().contains("\"missing-figure\"")
                && v["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["code"] == "missing-figure" && d["indicator"] == "1.4"),
            "{dash}: {v}"
        );
    }
}

//! The canned answers of the UI tests' mock backend (`ui/test/backend/`),
//! made here by the core itself, so that no rule is implemented twice: the
//! real store on a temporary database, the embedded catalogue and registry,
//! a fixed clock (1 July 2024, the mock's "today"), and the same core calls
//! the desktop shell makes (`src-tauri/src/commands.rs` returns these core
//! values as they are, so `serde_json::to_value` of them is what the UI
//! receives).
//!
//! With `UPDATE_UI_FIXTURES=1` (`make bindings`) the files under
//! `ui/test/fixtures/` are written; otherwise they are compared with what the
//! core answers now and the test fails when they are stale
//! (`make check-bindings`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chitieu_core::draft;
use chitieu_core::period::Period;
use chitieu_core::report::{self, Edit, Field};
use chitieu_core::store::{Origin, Store};
use serde_json::{json, Value};
use tempfile::TempDir;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

/// The unit and report of the UI tests; the tracking department of the ranks.
const UNIT: &str = "THAI-NGUYEN";
const MINISTRY: &str = "BTTTT.CDSQG";
const PERIOD: &str = "2024-Q2";

/// The rows of the reports the UI tests show (the grid stays small): the
/// province's group, two shares, a parent with its child; the ministry's
/// group of ranks and a rank.
const SAMPLE_ROWS: [(&str, &[&str]); 2] = [
    (UNIT, &["1", "1.1", "1.2", "3", "3.5", "3.5.1"]),
    (MINISTRY, &["5", "5.1"]),
];

/// The figures the UI tests type, as (value, status) pairs: each gets the
/// core's stored figure and diagnostics. "" is a field not typed; a status
/// is typed with no value or after one of `WITH_STATUS`.
const VALUES: [&str; 18] = [
    "", "1", "2", "5", "7", "50", "60", "70", "71", "80", "81,5", "86,97", "86.97", "92,5", "135",
    "150", "abc", "75,5",
];
const STATUSES: [&str; 4] = ["", "Chính thức", "Ước tính", "Dự kiến"];
const WITH_STATUS: [&str; 4] = ["", "80", "81,5", "86,97"];
const CELL_ROWS: [(&str, &str); 4] = [
    (UNIT, "1.1"),
    (UNIT, "1.2"),
    (UNIT, "3.5.1"),
    (MINISTRY, "5.1"),
];

/// The names typed in the unit search of the UI tests.
const QUERIES: [&str; 4] = ["thai nguyen", "ha giang", "ha noi", "bo y te"];
const UNITS: [&str; 5] = [UNIT, "HA-NOI", "BYT", "TUYEN-QUANG", MINISTRY];

fn now() -> OffsetDateTime {
    datetime!(2024-07-01 03:00 UTC)
}

fn today() -> Date {
    date!(2024 - 07 - 01)
}

fn period(text: &str) -> Period {
    text.parse().unwrap()
}

/// A store on a fresh temporary database (kept while the value lives).
struct Db {
    _dir: TempDir,
    store: Store,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(
            &dir.path().join("chitieu.db"),
            &dir.path().join("backups"),
            now(),
        )
        .unwrap();
        Db { _dir: dir, store }
    }

    fn edit(&mut self, unit: &str, period_text: &str, indicator: &str, field: Field, text: &str) {
        let mut report = self.store.report(unit, period(period_text)).unwrap();
        let edit = Edit {
            indicator: indicator.into(),
            field,
            text: text.into(),
        };
        report::apply_edits(&mut self.store, &mut report, &[edit], &Origin::App, now()).unwrap();
    }

    /// The previous quarter's figure the grid shows beside 1.1 ("75,5").
    fn with_previous(mut self) -> Db {
        self.edit(UNIT, "2024-Q1", "1.1", Field::Value, "75,5");
        self
    }

    fn view(&self, unit: &str) -> Value {
        let view = report::view(&self.store, unit, period(PERIOD), today()).unwrap();
        serde_json::to_value(&view).unwrap()
    }
}

fn rows(view: &Value) -> &Vec<Value> {
    view["rows"].as_array().unwrap()
}

/// The empty reports by unit, their rows cut to the sample ones.
fn report() -> Value {
    let db = Db::new().with_previous();
    let mut out = BTreeMap::new();
    for (unit, sample) in SAMPLE_ROWS {
        let mut view = db.view(unit);
        let kept: Vec<Value> = rows(&view)
            .iter()
            .filter(|r| sample.contains(&r["code"].as_str().unwrap()))
            .cloned()
            .collect();
        assert_eq!(
            kept.len(),
            sample.len(),
            "a sample row left the report of {unit}"
        );
        view["rows"] = Value::Array(kept);
        out.insert(unit, view);
    }
    serde_json::to_value(out).unwrap()
}

/// For each sample row and (value, status) typed: the figure the core
/// stores and its diagnostics, keyed `indicator|value|status`.
fn cells() -> Value {
    let mut out = BTreeMap::new();
    for (unit, code) in CELL_ROWS {
        for value in VALUES {
            for status in STATUSES {
                if (value.is_empty() && status.is_empty())
                    || (!status.is_empty() && !WITH_STATUS.contains(&value))
                {
                    continue;
                }
                let mut db = Db::new();
                if !value.is_empty() {
                    db.edit(unit, PERIOD, code, Field::Value, value);
                }
                if !status.is_empty() {
                    db.edit(unit, PERIOD, code, Field::Status, status);
                }
                let view = db.view(unit);
                let row = rows(&view).iter().find(|r| r["code"] == code).unwrap();
                out.insert(
                    format!("{code}|{value}|{status}"),
                    json!({ "figure": row["figure"], "diagnostics": row["diagnostics"] }),
                );
            }
        }
    }
    serde_json::to_value(out).unwrap()
}

/// The unit search (`search_units`) for the names the UI tests type, on a
/// day after the provinces' merger of 1 July 2025 (so a former province leads
/// to its successor); the units the UI tests report for, by code, and their
/// preparer's details before any is saved (`profile`: the place from the unit).
fn units() -> Value {
    let db = Db::new();
    let search: BTreeMap<&str, Value> = QUERIES
        .iter()
        .map(|q| {
            let hits = db
                .store
                .registry()
                .search_for_reporting(q, date!(2025 - 10 - 01));
            (*q, serde_json::to_value(hits).unwrap())
        })
        .collect();
    let units: BTreeMap<&str, Value> = UNITS
        .iter()
        .map(|code| {
            let unit = db.store.registry().get(code).unwrap();
            (*code, serde_json::to_value(unit).unwrap())
        })
        .collect();
    let profiles: BTreeMap<&str, Value> = UNITS
        .iter()
        .map(|code| {
            (
                *code,
                serde_json::to_value(db.store.profile(code).unwrap()).unwrap(),
            )
        })
        .collect();
    json!({ "search": search, "units": units, "profiles": profiles })
}

/// The periods of 2022 … 2024, keyed by year and then by the periods
/// marked "sent another way" (comma-separated, "" for none).
fn periods() -> Value {
    let marked: [&[&str]; 4] = [&[], &["2024-Q1"], &["2024-Q2"], &["2024-Q1", "2024-Q2"]];
    let mut out: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    for sent in marked {
        let mut db = Db::new();
        for p in sent {
            report::mark_sent(&mut db.store, UNIT, period(p), true, "", now()).unwrap();
        }
        for year in 2022..=2024 {
            let list = report::periods(&db.store, year, Some(UNIT), today()).unwrap();
            out.entry(year.to_string())
                .or_default()
                .insert(sent.join(","), serde_json::to_value(list).unwrap());
        }
    }
    serde_json::to_value(out).unwrap()
}

/// The drafts (`drafts`) of the reports the UI tests fill, keyed by their
/// figures (`indicator=value` joined by `;`, in catalogue order).
fn drafts() -> Value {
    let states: [&[(&str, &str)]; 14] = [
        &[("1.1", "86,97")],
        &[("1.1", "86,97"), ("1.2", "50")],
        &[("1.1", "80")],
        &[("1.1", "150"), ("1.2", "50")],
        &[("1.1", "80"), ("1.2", "81,5")],
        &[("1.1", "135")],
        &[("1.1", "86.97")],
        &[("1.1", "70")],
        &[("1.1", "50")],
        &[("1.1", "60")],
        &[("1.1", "92,5")],
        &[("1.2", "5")],
        &[("1.2", "abc")],
        &[("5.1", "71")],
    ];
    let mut out = BTreeMap::new();
    for state in states {
        let unit = if state[0].0 == "5.1" { MINISTRY } else { UNIT };
        let mut db = Db::new().with_previous();
        for &(code, value) in state {
            db.edit(unit, PERIOD, code, Field::Value, value);
        }
        let d = draft::report_drafts(&db.store, unit, period(PERIOD)).unwrap();
        let key: Vec<String> = state.iter().map(|(c, v)| format!("{c}={v}")).collect();
        out.insert(key.join(";"), serde_json::to_value(d).unwrap());
    }
    serde_json::to_value(out).unwrap()
}

/// A report's typed texts, keyed as the mock keys its state: every typed
/// cell as `indicator.field=text`, in row and column order, joined by `;`.
type Typed = &'static [(&'static str, Field, &'static str)];

fn typed(unit: &str, cells: Typed) -> (Db, String) {
    let mut db = Db::new().with_previous();
    for (code, field, text) in cells {
        db.edit(unit, PERIOD, code, *field, text);
    }
    let key: Vec<String> = cells
        .iter()
        .map(|(code, field, text)| {
            let field = serde_json::to_value(field).unwrap();
            format!("{code}.{}={text}", field.as_str().unwrap())
        })
        .collect();
    (db, key.join(";"))
}

/// What the shell answers for a failed command: the core's error code,
/// message and diagnostics (`src-tauri/src/error.rs` makes the same
/// `{code, message, diagnostics}` from the core's `Error`).
fn ipc_error(e: chitieu_core::Error) -> Value {
    let diagnostics = match &e {
        chitieu_core::Error::ExportBlocked { diagnostics, .. } => diagnostics.clone(),
        _ => Vec::new(),
    };
    json!({ "code": e.code(), "message": e.to_string(), "diagnostics": diagnostics })
}

/// The answers of writes that a rule decides, keyed `command|state`: the
/// export check (refused, or the completeness it reports), "accept every
/// draft", and undo with nothing to undo.
fn writes() -> Value {
    let mut out = BTreeMap::new();
    let exports: [Typed; 3] = [
        &[],
        &[("1.1", Field::Value, "135")],
        &[("1.1", Field::Value, "86,97")],
    ];
    for cells in exports {
        let (db, key) = typed(UNIT, cells);
        let answer = match report::check_export(&db.store, UNIT, period(PERIOD)) {
            Ok(completeness) => json!({ "ok": completeness }),
            Err(e) => json!({ "error": ipc_error(e) }),
        };
        out.insert(format!("export_submission|{key}"), answer);
    }
    let drafts: [Typed; 1] = [&[
        ("1.1", Field::Value, "86,97"),
        ("1.2", Field::Value, "50"),
        ("1.2", Field::Trend, "Do người lập biểu viết."),
    ]];
    for cells in drafts {
        let (mut db, key) = typed(UNIT, cells);
        let applied = draft::apply(&mut db.store, UNIT, period(PERIOD), false, now()).unwrap();
        out.insert(format!("apply_drafts|{key}"), json!({ "ok": applied }));
    }
    let mut db = Db::new();
    let mut report = db.store.report(UNIT, period(PERIOD)).unwrap();
    let e = report::undo(&mut db.store, &mut report, now()).unwrap_err();
    out.insert("undo|".into(), json!({ "error": ipc_error(e) }));
    serde_json::to_value(out).unwrap()
}

/// The trend panel's answers (`trend`), keyed `indicator|state`.
fn trends() -> Value {
    let states: [Typed; 2] = [&[], &[("1.1", Field::Value, "86,97")]];
    let mut out = BTreeMap::new();
    for cells in states {
        let (db, key) = typed(UNIT, cells);
        let report = db.store.report(UNIT, period(PERIOD)).unwrap();
        let trend = report::trend(&db.store, &report, "1.1").unwrap();
        out.insert(format!("1.1|{key}"), serde_json::to_value(trend).unwrap());
    }
    serde_json::to_value(out).unwrap()
}

/// The editions screen: the editions the program carries (`editions`) and
/// the rows of kh-2023 (`edition_rows`), cut to the sample rows.
fn editions() -> Value {
    let db = Db::new();
    let summaries = chitieu_core::edition::summaries(&db.store).unwrap();
    let sample: Vec<&str> = SAMPLE_ROWS
        .iter()
        .flat_map(|(_, rows)| rows.iter().copied())
        .collect();
    let rows: Vec<Value> = chitieu_core::edition::rows(&db.store, "kh-2023")
        .unwrap()
        .into_iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .filter(|r| sample.contains(&r["code"].as_str().unwrap()))
        .collect();
    json!({ "summaries": summaries, "rows": { "kh-2023": rows } })
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/test/fixtures")
}

#[test]
fn ui_fixtures_are_the_cores_answers() {
    let files = [
        ("report.json", report()),
        ("cells.json", cells()),
        ("units.json", units()),
        ("periods.json", periods()),
        ("drafts.json", drafts()),
        ("writes.json", writes()),
        ("trends.json", trends()),
        ("editions.json", editions()),
    ];
    let dir = fixtures_dir();
    let update = std::env::var_os("UPDATE_UI_FIXTURES").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (name, value) in files {
        let text = serde_json::to_string_pretty(&value).unwrap() + "\n";
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "ui/test/fixtures is stale ({}): run 'make bindings'",
        stale.join(", ")
    );
}

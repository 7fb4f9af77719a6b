//! What leaves the unit (issue 17, points 2, 3 and 8): no empty submission,
//! an incomplete one said so, an old empty export not counted as sent, "-"
//! clearing a figure the same way everywhere, calm past periods.

mod common;

use common::p;
use std::path::Path;

use chitieu_core::export::{self, ExportKind};
use chitieu_core::import::{self, Change, Hints};
use chitieu_core::report::{
    self, DeadlineTone, Edit, Field, Figure, PeriodSummary, SetFigure, Status,
};
use chitieu_core::store::{ExportRecord, FigureWrite, Origin, Store};
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-12-07 03:00 UTC);
const TODAY: Date = date!(2026 - 12 - 07);
const UNIT: &str = "NGHE-AN";

fn edit(indicator: &str, field: Field, text: &str) -> Edit {
    Edit {
        indicator: indicator.to_owned(),
        field,
        text: text.to_owned(),
    }
}

fn type_values(store: &mut Store, period: &str, values: &[(&str, &str)]) {
    let mut report = store.report(UNIT, p(period)).unwrap();
    let edits: Vec<Edit> = values
        .iter()
        .map(|(c, v)| edit(c, Field::Value, v))
        .collect();
    report::apply_edits(store, &mut report, &edits, &Origin::App, NOW).unwrap();
}

fn summary(store: &Store, period: &str) -> PeriodSummary {
    let period = p(period);
    report::periods(store, period.year(), Some(UNIT), TODAY)
        .unwrap()
        .into_iter()
        .find(|s| s.period == period)
        .unwrap()
}

fn figure(store: &Store, period: &str, code: &str) -> Figure {
    let report = store.report(UNIT, p(period)).unwrap();
    store
        .figures(&report)
        .unwrap()
        .into_iter()
        .find(|f| f.figure.indicator == code)
        .map(|f| f.figure)
        .unwrap_or_else(|| Figure::new(code))
}

fn listed_missing(store: &Store, period: &str, code: &str) -> bool {
    let report = store.report(UNIT, p(period)).unwrap();
    report::diagnostics(store, &report)
        .unwrap()
        .iter()
        .any(|d| d.code == "missing-figure" && d.indicator.as_deref() == Some(code))
}

fn history_len(store: &Store, period: &str, code: &str) -> usize {
    let report = store.report(UNIT, p(period)).unwrap();
    store.history(&report, Some(code)).unwrap().len()
}

#[test]
fn a_report_without_any_figure_is_not_exported() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("PL01.xlsx");
    let e = report::check_export(&store, UNIT, p("2026-Q4")).unwrap_err();
    assert_eq!(e.code(), "export_empty");
    let e = export::export_submission(&mut store, UNIT, p("2026-Q4"), &out, None, NOW).unwrap_err();
    assert_eq!(e.code(), "export_empty");
    assert!(e.to_string().contains("chưa có số liệu nào"), "{e}");
    assert!(!out.exists(), "nothing written");
    let report = store.report(UNIT, p("2026-Q4")).unwrap();
    assert!(
        store.exports(&report).unwrap().is_empty(),
        "nothing recorded"
    );
    // The report view says so before anyone clicks.
    let view = report::view(&store, UNIT, p("2026-Q4"), TODAY).unwrap();
    assert!(view.export_refusal.is_some());
    assert_eq!(view.completeness.filled, 0);
    // Text columns alone are no figure either.
    let mut report = store.report(UNIT, p("2026-Q4")).unwrap();
    report::apply_edits(
        &mut store,
        &mut report,
        &[edit("1.1", Field::Notes, "đang tổng hợp")],
        &Origin::App,
        NOW,
    )
    .unwrap();
    let e = export::export_submission(&mut store, UNIT, p("2026-Q4"), &out, None, NOW).unwrap_err();
    assert_eq!(e.code(), "export_empty");
    // The blank template is still there for whoever fills it.
    export::export_template(&mut store, UNIT, p("2026-Q4"), &out, NOW).unwrap();
}

#[test]
fn an_incomplete_report_is_exported_and_says_how_many_are_missing() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    type_values(
        &mut store,
        "2026-Q3",
        &[("1.1", "80"), ("1.2", "70"), ("1.3", "60"), ("1.4", "50")],
    );
    let checked = report::check_export(&store, UNIT, p("2026-Q3")).unwrap();
    assert_eq!(checked.filled, 4);
    assert!(checked.expected > 4);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("PL01.xlsx");
    let done = export::export_submission(&mut store, UNIT, p("2026-Q3"), &out, None, NOW).unwrap();
    assert_eq!(done.completeness, checked);
    assert_eq!(
        checked.missing_vi().unwrap(),
        format!(
            "Còn {}/{} chỉ tiêu chưa có số liệu.",
            checked.expected - 4,
            checked.expected
        )
    );
    let s = summary(&store, "2026-Q3");
    assert!(s.exported);
    assert_eq!(
        s.state_label.as_deref(),
        Some(format!("Đã xuất (4/{} chỉ tiêu)", checked.expected).as_str())
    );
    assert!(!s.completeness.unwrap().complete());
}

#[test]
fn a_complete_report_is_plainly_exported() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    let report = store.report(UNIT, p("2026-Q3")).unwrap();
    let view = report::view(&store, UNIT, p("2026-Q3"), TODAY).unwrap();
    let values: Vec<(String, &str)> = view
        .rows
        .iter()
        .filter(|r| r.applicable && r.kind.carries_figure())
        .map(|r| {
            let v = match r.kind {
                chitieu_core::catalogue::Kind::Rank => "3",
                _ => "95",
            };
            (r.code.clone(), v)
        })
        .collect();
    drop(report);
    let pairs: Vec<(&str, &str)> = values.iter().map(|(c, v)| (c.as_str(), *v)).collect();
    type_values(&mut store, "2026-Q3", &pairs);
    let dir = tempfile::tempdir().unwrap();
    let done = export::export_submission(
        &mut store,
        UNIT,
        p("2026-Q3"),
        &dir.path().join("x.xlsx"),
        None,
        NOW,
    )
    .unwrap();
    assert!(done.completeness.complete(), "{:?}", done.completeness);
    assert_eq!(done.completeness.missing_vi(), None);
    assert_eq!(
        summary(&store, "2026-Q3").state_label.as_deref(),
        Some("Đã xuất")
    );
}

/// A database from before: a submission recorded without a figure (older
/// versions exported empty reports) is not a report sent.
#[test]
fn an_old_empty_export_does_not_count_as_sent() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    let mut report = store.report(UNIT, p("2026-Q3")).unwrap();
    assert!(summary(&store, "2026-Q3").overdue);
    let record = ExportRecord {
        kind: ExportKind::Submission.as_str().into(),
        at: chitieu_core::period::timestamp(NOW),
        path: "/tmp/PL01_NGHE-AN_2026-Q3.xlsx".into(),
        sha256: String::new(),
        figures_sha256: String::new(),
        snapshot: vec![Figure {
            notes: "chưa có".into(),
            ..Figure::new("1.1")
        }],
    };
    store.record_export(&mut report, &record).unwrap();
    let s = summary(&store, "2026-Q3");
    assert!(s.overdue && !s.exported, "{s:?}");
    assert_eq!(s.deadline_tone, DeadlineTone::Overdue);
    assert!(
        s.deadline_text.starts_with("quá hạn"),
        "{}",
        s.deadline_text
    );
    assert!(
        report::view(&store, UNIT, p("2026-Q3"), TODAY)
            .unwrap()
            .overdue
    );
    // With a figure in the report, that record is not "exported" either.
    type_values(&mut store, "2026-Q3", &[("1.1", "80")]);
    assert_ne!(
        summary(&store, "2026-Q3").state,
        Some(report::ReportState::Exported)
    );
}

#[test]
fn a_period_overdue_for_more_than_a_year_reads_calmly() {
    let store = Store::open_in_memory(NOW).unwrap();
    let old = summary(&store, "2024-Q2");
    assert!(old.overdue);
    assert_eq!(old.deadline_text, "Kỳ đã qua, chưa gửi");
    assert_eq!(old.deadline_tone, DeadlineTone::Past);
    let recent = summary(&store, "2026-Q3");
    assert_eq!(recent.deadline_tone, DeadlineTone::Overdue);
    assert_eq!(
        recent.deadline_text,
        format!("quá hạn {} ngày", 1 - recent.days_left)
    );
    let year = summary(&store, "2026");
    assert_eq!(year.deadline_tone, DeadlineTone::Open);
    assert!(year.deadline_text.starts_with("còn "));
}

/// "-", "–", "—", "" typed in the app and Delete (an empty text) all clear
/// a figure the same way: no value, no status, missing, one history row.
#[test]
fn every_way_of_saying_no_figure_clears_it_the_same_way() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    for clear in ["-", "–", "—", "", " - "] {
        type_values(&mut store, "2026-Q3", &[("1.4", "86,97")]);
        let f = figure(&store, "2026-Q3", "1.4");
        assert_eq!(f.status, Some(Status::Official));
        assert!(!listed_missing(&store, "2026-Q3", "1.4"));
        let before = history_len(&store, "2026-Q3", "1.4");
        type_values(&mut store, "2026-Q3", &[("1.4", clear)]);
        let f = figure(&store, "2026-Q3", "1.4");
        assert_eq!(
            (f.value, f.status, f.raw.as_str()),
            (None, None, ""),
            "{clear:?}"
        );
        assert!(listed_missing(&store, "2026-Q3", "1.4"), "{clear:?}");
        assert_eq!(history_len(&store, "2026-Q3", "1.4"), before + 1);
    }
}

/// `chitieu set … 1.4 -`: the help says "-" is no figure, and so it is.
#[test]
fn set_strict_with_a_dash_clears_the_figure_and_its_status() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    let mut report = store.report(UNIT, p("2026-Q3")).unwrap();
    let set = |value: &str| SetFigure {
        indicator: "1.4".into(),
        value: value.into(),
        ..SetFigure::default()
    };
    report::set_strict(&mut store, &mut report, &set("75"), &Origin::Cli, NOW).unwrap();
    for dash in ["-", "–", "—"] {
        report::set_strict(&mut store, &mut report, &set("75"), &Origin::Cli, NOW).unwrap();
        let before = history_len(&store, "2026-Q3", "1.4");
        report::set_strict(&mut store, &mut report, &set(dash), &Origin::Cli, NOW).unwrap();
        let f = figure(&store, "2026-Q3", "1.4");
        assert_eq!((f.value, f.status, f.raw.as_str()), (None, None, ""));
        assert!(listed_missing(&store, "2026-Q3", "1.4"));
        assert_eq!(history_len(&store, "2026-Q3", "1.4"), before + 1);
    }
}

/// An older database holding "-" with a status: still missing, and no
/// figure for the export's count.
#[test]
fn a_stored_dash_with_a_status_is_missing() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    let mut report = store.report(UNIT, p("2026-Q3")).unwrap();
    let f = Figure {
        raw: "-".into(),
        status: Some(Status::Official),
        ..Figure::new("1.4")
    };
    store
        .write_figures(&mut report, &[FigureWrite::from(f)], &Origin::App, NOW)
        .unwrap();
    assert!(listed_missing(&store, "2026-Q3", "1.4"));
    assert_eq!(
        report::check_export(&store, UNIT, p("2026-Q3"))
            .unwrap_err()
            .code(),
        "export_empty"
    );
}

/// A "-" in a file's figure cell clears the stored figure (one history row
/// naming the file); a blank cell still leaves it as it is.
#[test]
fn a_dash_in_an_imported_file_clears_the_figure() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    type_values(
        &mut store,
        "2026-Q3",
        &[("1.1", "91,5"), ("1.2", "80"), ("1.3", "70")],
    );
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("mau.xlsx");
    export::export_template(&mut store, UNIT, p("2026-Q3"), &template, NOW).unwrap();
    let filled = dir.path().join("mau-da-dien.xlsx");
    // Filled in a spreadsheet program (openpyxl stands in for Excel): 1.1 "-",
    // 1.2 "–" with a status beside it, 1.3 left blank.
    let script = format!(
        "import openpyxl\nwb = openpyxl.load_workbook({:?})\nws = wb['Phụ lục 01']\nfor r in ws.iter_rows():\n    if r[0].value == '1.1':\n        r[5].value = '-'\n    if r[0].value == '1.2':\n        r[5].value = '–'\n        r[6].value = 'Chính thức'\nwb.save({:?})\n",
        template.display().to_string(),
        filled.display().to_string()
    );
    let python = if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let ok = std::process::Command::new(python)
        .arg("-c")
        .arg(&script)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        ok,
        "python3 with openpyxl is needed (make test installs python3-openpyxl)"
    );
    let preview = import::preview(&store, &filled, &Hints::default()).unwrap();
    let change = |code: &str| {
        preview
            .figures
            .iter()
            .find(|f| f.read.indicator == code)
            .map(|f| f.change)
    };
    assert_eq!(change("1.1"), Some(Change::Changed));
    assert_eq!(change("1.2"), Some(Change::Changed));
    let before = history_len(&store, "2026-Q3", "1.1");
    import::apply(&mut store, &preview, NOW).unwrap();
    for code in ["1.1", "1.2"] {
        let f = figure(&store, "2026-Q3", code);
        assert_eq!(
            (f.value, f.status, f.raw.as_str()),
            (None, None, ""),
            "{code}"
        );
        assert!(listed_missing(&store, "2026-Q3", code));
    }
    assert_eq!(history_len(&store, "2026-Q3", "1.1"), before + 1);
    assert_eq!(figure(&store, "2026-Q3", "1.3").value, Some(70.0));
}

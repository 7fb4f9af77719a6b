//! The exported workbook: golden files, the round trip through the
//! importer, the refusal path, the template, and what the history records.
//!
//! Golden files are compared the rust_xlsxwriter way: both workbooks are
//! unzipped, volatile parts normalised (the app version), and every XML part
//! compared, so a failure names the first differing part and line.
//! `UPDATE_GOLDEN=1 cargo test -p chitieu-core --test export` rewrites them.

mod common;

use common::p;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chitieu_core::export::{self, ExportKind};
use chitieu_core::import::{self, Change, Hints};
use chitieu_core::report::{self, Edit, Field};
use chitieu_core::store::{Origin, Profile, Store};
use time::macros::datetime;
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2024-07-03 02:30:00 UTC);

fn fixtures() -> PathBuf {
    common::fixtures("import")
}

/// A store with the base fixture imported and the unit's profile filled.
fn filled_store() -> Store {
    let mut store = Store::open_in_memory(NOW).unwrap();
    let preview =
        import::preview(&store, &fixtures().join("base.xlsx"), &Hints::default()).unwrap();
    import::apply(&mut store, &preview, NOW).unwrap();
    let profile = Profile {
        unit: "THAI-NGUYEN".into(),
        preparer: "Nguyễn Thị Lan".into(),
        phone: "0208 3855 123".into(),
        email: "lan.nt@thainguyen.gov.vn".into(),
        head: "Trần Văn Bình".into(),
        place: "Thái Nguyên".into(),
    };
    store.set_profile("THAI-NGUYEN", &profile, NOW).unwrap();
    store
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        let version = env!("CARGO_PKG_VERSION");
        parts.insert(name, text.replace(&format!(">{version}<"), ">VERSION<"));
    }
    parts
}

fn assert_golden(name: &str, bytes: &[u8]) {
    let want = unzip(&common::golden_bytes(name, bytes));
    let got = unzip(bytes);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{name}: the parts differ"
    );
    for (part, text) in &want {
        let other = &got[part];
        if text != other {
            let line = text
                .lines()
                .zip(other.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let (a, b) = (
                text.lines().nth(line).unwrap_or(""),
                other.lines().nth(line).unwrap_or(""),
            );
            let at = a
                .chars()
                .zip(b.chars())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            let show = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(60))
                    .take(160)
                    .collect::<String>()
            };
            panic!(
                "{name}: part {part} differs at line {}:\n golden: …{}…\n    got: …{}…",
                line + 1,
                show(a),
                show(b)
            );
        }
    }
}

#[test]
fn submission_matches_its_golden_file() {
    let store = filled_store();
    let report = store.report("THAI-NGUYEN", p("2024-Q2")).unwrap();
    let figures = export::exported_figures(&store, &report).unwrap();
    assert_eq!(figures.len(), 27);
    let warnings = report::diagnostics(&store, &report)
        .unwrap()
        .into_iter()
        .filter(|d| d.severity == chitieu_core::validate::Severity::Warning)
        .collect::<Vec<_>>();
    let bytes = export::workbook_bytes(
        &store,
        &report,
        &figures,
        &warnings,
        ExportKind::Submission,
        NOW,
    )
    .unwrap();
    assert_golden("submission-thai-nguyen-2024-Q2.xlsx", &bytes);
    // Deterministic: the same report and clock give the same bytes.
    let again = export::workbook_bytes(
        &store,
        &report,
        &figures,
        &warnings,
        ExportKind::Submission,
        NOW,
    )
    .unwrap();
    assert_eq!(bytes, again);
}

/// A 2026 template while the catalogue ends with 2025 (issue 14): the plan
/// column's heading says the edition sets no 2026 plan, instead of a blank
/// column under "Kế hoạch năm 2026"; the target stays the edition's own 2025.
#[test]
fn a_template_for_a_year_its_edition_does_not_cover_says_so() {
    let store = Store::open_in_memory(NOW).unwrap();
    let report = store.report("THAI-NGUYEN", p("2026-Q4")).unwrap();
    assert_eq!(report.edition_id, "kh-2023");
    let bytes =
        export::workbook_bytes(&store, &report, &[], &[], ExportKind::Template, NOW).unwrap();
    assert_golden("template-thai-nguyen-2026-Q4-no-plan.xlsx", &bytes);
    let strings = &unzip(&bytes)["xl/sharedStrings.xml"];
    assert!(
        strings.contains(">Kế hoạch năm 2026: chưa có (bộ chỉ tiêu 2023–2025)<"),
        "{strings}"
    );
    assert!(!strings.contains(">Kế hoạch năm 2026<"));
    assert!(strings.contains(">Mục tiêu 2025<"));
}

#[test]
fn template_matches_its_golden_file() {
    let store = filled_store();
    let report = store.report("BKHCN", p("2024")).unwrap();
    let bytes =
        export::workbook_bytes(&store, &report, &[], &[], ExportKind::Template, NOW).unwrap();
    assert_golden("template-bkhcn-2024.xlsx", &bytes);
    let parts = unzip(&bytes);
    let sheet = &parts["xl/worksheets/sheet1.xml"];
    assert!(
        sheet.contains("<sheetProtection"),
        "the template's sheet is protected"
    );
    assert!(!sheet.contains("password"), "without a password");
    assert!(
        sheet.contains("type=\"decimal\"")
            && sheet.contains("type=\"whole\"")
            && sheet.contains("type=\"list\"")
    );
    assert!(sheet.contains("Chính thức,Ước tính"));
}

#[test]
fn the_workbook_is_the_form() {
    let store = filled_store();
    let report = store.report("THAI-NGUYEN", p("2024-Q2")).unwrap();
    let figures = export::exported_figures(&store, &report).unwrap();
    let bytes = export::workbook_bytes(&store, &report, &figures, &[], ExportKind::Submission, NOW)
        .unwrap();
    let parts = unzip(&bytes);
    let strings = &parts["xl/sharedStrings.xml"];
    for text in [
        "Đơn vị báo cáo: Tỉnh Thái Nguyên",
        "Phụ lục 01",
        "Đơn vị nhận báo cáo: Cục Chuyển đổi số quốc gia - Bộ Thông tin và Truyền thông",
        "BIỂU CUNG CẤP SỐ LIỆU CHỈ TIÊU CHIẾN LƯỢC CHÍNH PHỦ SỐ",
        "Kỳ báo cáo: Quý II năm 2024",
        "(Số liệu tháng 04–06/2024; gửi trước ngày 05/07/2024)",
        "STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2024", "Mục tiêu 2025", "Số liệu kỳ báo cáo",
        "Loại số liệu", "Nguồn số liệu", "Đánh giá xu hướng", "So sánh quốc tế", "Đề xuất, kiến nghị", "Ghi chú",
        "(1)", "(12)", "Người lập biểu", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)",
        "Thái Nguyên, ngày 03 tháng 07 năm 2024", "Chính thức",
        "Người liên hệ: Nguyễn Thị Lan   Điện thoại: 0208 3855 123   Thư điện tử: lan.nt@thainguyen.gov.vn",
    ] {
        assert!(strings.contains(text), "missing «{text}»");
    }
    let sheet = &parts["xl/worksheets/sheet1.xml"];
    // Figures are numbers in percent points, never fractions.
    assert!(sheet.contains("<v>92.5</v>"), "1.1 = 92.5 as a number");
    assert!(!sheet.contains("<v>0.925</v>"));
    // Print setup: A4 landscape, fit to width, repeated header rows, page numbers, frozen panes.
    assert!(sheet.contains("paperSize=\"9\"") && sheet.contains("orientation=\"landscape\""));
    assert!(
        sheet.contains("fitToPage=\"1\"") && sheet.contains("fitToHeight=\"0\""),
        "fit to one page wide"
    );
    assert!(sheet.contains("Trang &amp;P/&amp;N"));
    assert!(sheet.contains("state=\"frozen\""));
    assert!(parts["xl/workbook.xml"].contains("_xlnm.Print_Titles"));
    assert!(parts["xl/styles.xml"].contains("Times New Roman"));
    // Only the indicators that apply to a province: not 1.6, not 4.1, not 5.1.
    for code in ["1.6", "4.1", "5.1"] {
        assert!(
            !strings.contains(&format!("<t>{code}</t>")),
            "{code} does not apply to a province"
        );
    }
    assert!(parts["docProps/custom.xml"].contains("chitieu.figures_sha256"));
}

#[test]
fn text_is_never_a_formula() {
    let mut store = filled_store();
    let mut report = store.report("THAI-NGUYEN", p("2024-Q2")).unwrap();
    let edits: Vec<Edit> = [
        ("=1+1", Field::Notes),
        ("+84 912", Field::Source),
        ("-giảm", Field::Trend),
        ("@all", Field::Proposals),
    ]
    .iter()
    .map(|(t, f)| Edit {
        indicator: "1.1".into(),
        field: *f,
        text: (*t).into(),
    })
    .collect();
    report::apply_edits(&mut store, &mut report, &edits, &Origin::App, NOW).unwrap();
    let figures = export::exported_figures(&store, &report).unwrap();
    let bytes = export::workbook_bytes(&store, &report, &figures, &[], ExportKind::Submission, NOW)
        .unwrap();
    let parts = unzip(&bytes);
    assert!(
        !parts["xl/worksheets/sheet1.xml"].contains("<f>"),
        "no formula anywhere"
    );
    for t in ["=1+1", "+84 912", "-giảm", "@all"] {
        assert!(parts["xl/sharedStrings.xml"].contains(t), "{t}");
    }
}

/// Every fixture that imports without an error comes back identical after
/// an export: figures, statuses and texts.
#[test]
fn import_of_export_gives_back_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".toml") || name.ends_with(".py") || name.ends_with(".md") {
            continue;
        }
        let expect: toml::Value = toml::from_str(
            &std::fs::read_to_string(path.with_file_name(format!("{name}.expect.toml"))).unwrap(),
        )
        .unwrap();
        if expect["outcome"].as_str() != Some("imported") {
            continue;
        }
        let args: Vec<String> = expect
            .get("args")
            .and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let flag = |f: &str| {
            args.iter()
                .position(|a| a == f)
                .and_then(|i| args.get(i + 1))
                .cloned()
        };
        let hints = Hints {
            unit: flag("--unit"),
            period: flag("--period").map(|x| x.parse().unwrap()),
        };
        let mut store = Store::open_in_memory(NOW).unwrap();
        let first = import::preview(&store, &path, &hints).unwrap();
        if first
            .diagnostics
            .iter()
            .any(|d| d.severity == chitieu_core::validate::Severity::Error)
        {
            continue;
        }
        import::apply(&mut store, &first, NOW).unwrap();
        let out = dir.path().join(format!("{name}.xlsx"));
        let done =
            export::export_submission(&mut store, &first.unit_code, first.period, &out, None, NOW)
                .unwrap();
        let report = store.report(&first.unit_code, first.period).unwrap();
        let sent = export::exported_figures(&store, &report).unwrap();
        assert_eq!(done.figures, sent.len());
        let back = import::preview(&store, &out, &Hints::default()).unwrap();
        assert!(
            back.from_export,
            "{name}: the export is recognised as unedited"
        );
        assert_eq!(
            (back.unit_code.as_str(), back.period),
            (first.unit_code.as_str(), first.period),
            "{name}"
        );
        assert!(
            back.figures.iter().all(|f| f.change == Change::Unchanged),
            "{name}: {:?}",
            back.figures
                .iter()
                .filter(|f| f.change != Change::Unchanged)
                .map(|f| (&f.read, &f.stored))
                .collect::<Vec<_>>()
        );
        let read: Vec<_> = back.figures.iter().map(|f| f.read.clone()).collect();
        assert_eq!(read.len(), sent.len(), "{name}");
        for (a, b) in sent.iter().zip(&read) {
            assert_eq!(
                (&a.indicator, a.value, a.status),
                (&b.indicator, b.value, b.status),
                "{name}"
            );
            assert_eq!(
                (&a.source, &a.trend, &a.comparison, &a.proposals, &a.notes),
                (&b.source, &b.trend, &b.comparison, &b.proposals, &b.notes),
                "{name}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} fixtures round-tripped");
}

#[test]
fn a_report_with_errors_exports_nothing() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    let preview = import::preview(
        &store,
        &fixtures().join("text-in-figure.xlsx"),
        &Hints::default(),
    )
    .unwrap();
    import::apply(&mut store, &preview, NOW).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("PL01.xlsx");
    let e = export::export_submission(
        &mut store,
        &preview.unit_code,
        preview.period,
        &out,
        None,
        NOW,
    )
    .unwrap_err();
    assert_eq!(e.code(), "export_blocked");
    assert!(e.to_string().contains("lỗi"), "{e}");
    match e {
        chitieu_core::Error::ExportBlocked { diagnostics, .. } => assert!(
            diagnostics
                .iter()
                .all(|d| d.severity == chitieu_core::validate::Severity::Error)
                && !diagnostics.is_empty()
        ),
        other => panic!("{other}"),
    }
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
    let report = store.report(&preview.unit_code, preview.period).unwrap();
    assert!(store.exports(&report).unwrap().is_empty());
}

#[test]
fn exports_are_recorded_and_later_changes_show() {
    let mut store = filled_store();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(export::suggested_name(
        &store.report("THAI-NGUYEN", p("2024-Q2")).unwrap(),
        ExportKind::Submission,
    ));
    assert!(out.ends_with("PL01_THAI-NGUYEN_2024-Q2.xlsx"));
    let done = export::export_submission(&mut store, "THAI-NGUYEN", p("2024-Q2"), &out, None, NOW)
        .unwrap();
    let mut report = store.report("THAI-NGUYEN", p("2024-Q2")).unwrap();
    let log = store.exports(&report).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].sha256, done.sha256);
    assert_eq!(log[0].at, "2024-07-03T02:30:00Z");
    assert_eq!(log[0].snapshot.len(), 27);
    assert_eq!(
        chitieu_core::file::sha256_hex(&std::fs::read(&out).unwrap()),
        done.sha256
    );
    let view = report::view(&store, "THAI-NGUYEN", p("2024-Q2"), NOW.date()).unwrap();
    assert_eq!(view.state, report::ReportState::Exported);
    let later = NOW + time::Duration::days(2);
    report::apply_edits(
        &mut store,
        &mut report,
        &[Edit {
            indicator: "1.1".into(),
            field: Field::Value,
            text: "93".into(),
        }],
        &Origin::App,
        later,
    )
    .unwrap();
    let view = report::view(&store, "THAI-NGUYEN", p("2024-Q2"), later.date()).unwrap();
    assert_eq!(view.state, report::ReportState::ChangedSinceExport);
    let changed: Vec<&str> = view
        .rows
        .iter()
        .filter(|r| r.changed_since_export)
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(changed, vec!["1.1"]);
    // What was sent on 3 July is still known.
    assert_eq!(
        store.exports(&report).unwrap()[0]
            .snapshot
            .iter()
            .find(|f| f.indicator == "1.1")
            .unwrap()
            .value,
        Some(92.5)
    );
}

// On Windows a lock file nobody holds open (Excel crashed) does not block;
// file.rs tests a workbook really held open there.
#[cfg(not(windows))]
#[test]
fn a_target_held_by_office_is_refused() {
    let mut store = filled_store();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("PL01.xlsx");
    std::fs::write(&out, b"old").unwrap();
    std::fs::write(dir.path().join(".~lock.PL01.xlsx#"), b"x").unwrap();
    let e = export::export_submission(&mut store, "THAI-NGUYEN", p("2024-Q2"), &out, None, NOW)
        .unwrap_err();
    assert_eq!(e.code(), "file_in_use");
    assert!(e.to_string().contains("PL01.xlsx"));
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
}

#[test]
fn the_template_comes_back_once_filled() {
    let mut store = Store::open_in_memory(NOW).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mau.xlsx");
    export::export_template(&mut store, "THAI-NGUYEN", p("2024-Q2"), &out, NOW).unwrap();
    // Empty: recognised, nothing to import.
    let back = import::preview(&store, &out, &Hints::default()).unwrap();
    assert_eq!(
        (back.unit_code.as_str(), back.period),
        ("THAI-NGUYEN", p("2024-Q2"))
    );
    assert!(back.figures.is_empty());
    // Filled by a colleague in a spreadsheet program: openpyxl stands in for Excel.
    let filled = dir.path().join("mau-da-dien.xlsx");
    let script = format!(
        "import openpyxl\nwb = openpyxl.load_workbook({:?})\nws = wb['Phụ lục 01']\nfor r in ws.iter_rows():\n    if r[0].value == '1.1':\n        r[5].value = 91.5\n        r[6].value = 'Ước tính'\n    if r[0].value == '3.5.2':\n        r[5].value = '81,2'\nwb.save({:?})\n",
        out.display().to_string(),
        filled.display().to_string()
    );
    // Debian's python3 with python3-openpyxl (make test installs both).
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
    if !ok {
        panic!("python3 with openpyxl is needed to fill the template (make test installs python3-openpyxl)");
    }
    let back = import::preview(&store, &filled, &Hints::default()).unwrap();
    assert!(!back.from_export);
    let got: Vec<(String, Option<f64>)> = back
        .figures
        .iter()
        .map(|f| (f.read.indicator.clone(), f.read.value))
        .collect();
    assert_eq!(
        got,
        vec![("1.1".into(), Some(91.5)), ("3.5.2".into(), Some(81.2))]
    );
    assert_eq!(
        back.figures[0].read.status,
        Some(chitieu_core::report::Status::Estimate)
    );
}

#[test]
fn an_export_edited_after_the_fact_is_read_from_its_cells() {
    let mut store = filled_store();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("PL01.xlsx");
    export::export_submission(&mut store, "THAI-NGUYEN", p("2024-Q2"), &out, None, NOW).unwrap();
    let edited = dir.path().join("PL01-sua.xlsx");
    let script = format!(
        "import openpyxl\nwb = openpyxl.load_workbook({:?})\nws = wb['Phụ lục 01']\nfor r in ws.iter_rows():\n    if r[0].value == '1.2':\n        r[5].value = 55.5\nwb.save({:?})\n",
        out.display().to_string(),
        edited.display().to_string()
    );
    let python = if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    assert!(
        std::process::Command::new(python)
            .arg("-c")
            .arg(&script)
            .status()
            .map(|s| s.success())
            .unwrap_or(false),
        "python3-openpyxl"
    );
    let back = import::preview(&store, &edited, &Hints::default()).unwrap();
    assert!(!back.from_export);
    assert!(
        back.diagnostics
            .iter()
            .any(|d| d.code == "edited-after-export"),
        "{:?}",
        back.diagnostics
    );
    assert_eq!(
        (back.unit_code.as_str(), back.period),
        ("THAI-NGUYEN", p("2024-Q2"))
    );
    let changed: Vec<(&str, Option<f64>)> = back
        .figures
        .iter()
        .filter(|f| f.change == Change::Changed)
        .map(|f| (f.read.indicator.as_str(), f.read.value))
        .collect();
    assert_eq!(changed, vec![("1.2", Some(55.5))]);
}

/// Issue 20: the PDF rendition goes with the submission, from the same
/// snapshot: the hash the history records for the workbook is the one the
/// PDF carries; a PDF held open refuses the export and nothing is written.
#[cfg(not(windows))]
#[test]
fn the_pdf_rendition_carries_the_recorded_figures_hash() {
    let mut store = filled_store();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("PL01.xlsx");
    let pdf = dir.path().join("PL01.pdf");
    std::fs::write(dir.path().join(".~lock.PL01.pdf#"), b"x").unwrap();
    let e = export::export_submission(
        &mut store,
        "THAI-NGUYEN",
        p("2024-Q2"),
        &out,
        Some(&pdf),
        NOW,
    )
    .unwrap_err();
    assert!(matches!(e, chitieu_core::Error::FileInUse { .. }), "{e}");
    assert!(!out.exists() && !pdf.exists());
    std::fs::remove_file(dir.path().join(".~lock.PL01.pdf#")).unwrap();

    let done = export::export_submission(
        &mut store,
        "THAI-NGUYEN",
        p("2024-Q2"),
        &out,
        Some(&pdf),
        NOW,
    )
    .unwrap();
    let rendition = done.pdf.as_ref().unwrap();
    let bytes = std::fs::read(&pdf).unwrap();
    assert_eq!(rendition.bytes, bytes.len());
    assert!(rendition.pages > 1);
    let report = store.report("THAI-NGUYEN", p("2024-Q2")).unwrap();
    let history = store.exports(&report).unwrap();
    assert_eq!(history.len(), 1);
    let hash = &history[0].figures_sha256;
    let needle = format!("/ChitieuFiguresHash ({hash})");
    assert!(
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
        "{needle}"
    );
    // The same file for both is refused.
    let e = export::export_submission(
        &mut store,
        "THAI-NGUYEN",
        p("2024-Q2"),
        &out,
        Some(&out),
        NOW,
    )
    .unwrap_err();
    assert_eq!(e.code(), "same_output");
}

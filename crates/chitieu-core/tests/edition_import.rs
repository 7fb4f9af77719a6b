//! A new year's indicator set, loaded from the workbook an agency sends
//! (tests/fixtures/editions, TEST DATA made by make.py: not a real set),
//! validated, compared with the edition it follows, stored; then a 2026
//! report made from it, exported with its 2026 plan.

mod common;

use common::p;
use std::path::{Path, PathBuf};

use chitieu_core::catalogue::Kind;
use chitieu_core::edition::{self, EditionMeta};
use chitieu_core::export;
use chitieu_core::report::{self, Edit, Field};
use chitieu_core::store::{Origin, Store};
use chitieu_core::Error;
use time::macros::datetime;
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2026-12-01 02:30:00 UTC);

fn fixture(name: &str) -> PathBuf {
    common::fixtures("editions").join(name)
}

fn store() -> Store {
    Store::open_in_memory(NOW).unwrap()
}

#[test]
fn an_agency_workbook_reads_as_an_edition() {
    let store = store();
    let preview = edition::preview(
        &store,
        &fixture("agency-2026.xlsx"),
        &EditionMeta::default(),
    )
    .unwrap();
    let e = &preview.data;
    // From the sheet's header block.
    assert_eq!(e.id, "thu-nghiem-2026");
    assert!(e.title.contains("DỮ LIỆU THỬ NGHIỆM"), "{}", e.title);
    assert!(
        e.source
            .starts_with("Kèm theo Quyết định số 0000/QĐ-THUNGHIEM"),
        "{}",
        e.source
    );
    // From the columns.
    assert_eq!(
        (e.first_year, e.baseline_year, e.target_year),
        (2026, 2025, 2030)
    );
    assert_eq!(e.plan_years(), vec![2026, 2027]);
    assert_eq!(preview.edition.years, "2026–2030");
    // Groups typed as roman numerals, parents by their numbering.
    assert_eq!(e.item("1").unwrap().kind, Kind::Group);
    assert_eq!(e.item("5").unwrap().kind, Kind::Group);
    assert_eq!(e.item("1.7").unwrap().kind, Kind::Parent);
    assert_eq!(e.item("3.5").unwrap().kind, Kind::Parent);
    assert_eq!(e.item("4.21").unwrap().kind, Kind::Rate);
    assert_eq!(e.item("5.1").unwrap().kind, Kind::Rank);
    assert_eq!(e.item("5.1").unwrap().unit, "Thứ hạng");
    // 1.10 typed as the number 1.1 after 1.9: resolved by position, and said.
    let ten = e.item("1.10").expect("1.10 resolved by position");
    assert!(ten
        .name
        .starts_with("Tỷ lệ thủ tục hành chính của các cơ quan nhà nước được cắt giảm"));
    assert!(e
        .item("1.1")
        .unwrap()
        .name
        .starts_with("Tỷ lệ thủ tục hành chính đủ điều kiện"));
    assert!(
        preview.notes.iter().any(|n| n.contains("«1.10»")),
        "{:?}",
        preview.notes
    );
    // Plans and targets as comparisons; a fraction formatted as a percentage is a percentage.
    let plan = |code: &str, y: &str| {
        e.item(code)
            .unwrap()
            .plans
            .get(y)
            .map(|t| t.text.clone())
            .unwrap_or_default()
    };
    assert_eq!(plan("1.2", "2026"), "≥ 60%");
    assert_eq!(plan("1.3", "2026"), "85%");
    assert_eq!(
        e.item("5.1").unwrap().target.as_ref().unwrap().text,
        "Top 50"
    );
    assert!(e.item("1.8").unwrap().plans["2026"].comparison.is_some());
    // Footnote markers moved out of the name, the texts from below the table.
    let grdp = e.item("4.19").unwrap();
    assert_eq!(grdp.name, "Tỷ trọng kinh tế số trên GRDP");
    assert_eq!(grdp.footnotes[0].mark, "¹");
    assert!(e.footnote("¹").unwrap().text.contains("Dữ liệu thử nghiệm"));
    assert!(e
        .item("5.7")
        .unwrap()
        .footnotes
        .iter()
        .any(|f| f.mark == "²" && f.on == "baseline"));
    // The level of local government from the name.
    assert_eq!(e.item("3.5.3").unwrap().level.as_deref(), Some("commune"));
    // Everything up to the footer, nothing of it.
    assert_eq!(e.indicators().count(), 21);
    assert_eq!(preview.edition.items, 21);
}

#[test]
fn the_same_workbook_saved_as_ods_and_xls_reads_the_same() {
    let store = store();
    let xlsx = edition::preview(
        &store,
        &fixture("agency-2026.xlsx"),
        &EditionMeta::default(),
    )
    .unwrap()
    .data;
    for name in ["agency-2026.ods", "agency-2026.xls"] {
        let other = edition::preview(&store, &fixture(name), &EditionMeta::default())
            .unwrap()
            .data;
        assert_eq!(other, xlsx, "{name}");
    }
}

#[test]
fn the_preview_says_how_it_differs_from_the_edition_it_follows() {
    let store = store();
    let d = edition::preview(
        &store,
        &fixture("agency-2026.xlsx"),
        &EditionMeta::default(),
    )
    .unwrap()
    .diff;
    assert_eq!(d.base_id.as_deref(), Some("kh-2023"));
    let codes = |v: &[edition::ItemBrief]| v.iter().map(|i| i.code.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&d.added), vec!["4.23"]);
    assert!(codes(&d.removed).contains(&"3.5.2".to_string()));
    assert!(codes(&d.removed).contains(&"2.2".to_string()));
    assert!(
        !codes(&d.removed).contains(&"1.10".to_string()),
        "1.10 typed as a number is the same 1.10"
    );
    assert_eq!(
        d.renamed
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>(),
        vec!["1.5"]
    );
    assert!(d
        .plans
        .iter()
        .any(|c| c.code == "1.2" && c.what == "Kế hoạch năm 2026" && c.new == "≥ 60%"));
    assert!(d
        .targets
        .iter()
        .any(|c| c.code == "5.1" && c.new.contains("Top 50") && c.new.contains("2030")));
    // 4.4 went from "Bộ Y tế" to … the test set names Bộ Y tế too: unchanged;
    // 1.7.1 is now provinces only.
    assert!(
        d.applicability
            .iter()
            .any(|c| c.code == "1.7.1" && c.new == "Các địa phương"),
        "{:?}",
        d.applicability
    );
}

#[test]
fn a_broken_workbook_is_refused_with_every_problem_and_changes_nothing() {
    let mut store = store();
    let before = edition::summaries(&store).unwrap();
    let err = edition::preview(
        &store,
        &fixture("broken-2026.xlsx"),
        &EditionMeta {
            id: Some("hong-2026".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    let Error::EditionImport(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(err.code(), "edition_refused");
    let problems = e.problems();
    let at = |cell: &str| {
        problems
            .iter()
            .find(|p| p.cell == cell)
            .unwrap_or_else(|| panic!("no problem at {cell}: {problems:?}"))
    };
    assert!(problems.iter().all(|p| p.sheet == "Phụ lục 01"));
    assert!(at("A11").message.contains("bị lặp"), "{problems:?}");
    assert!(at("C12").message.contains("«người»"));
    assert!(at("E13").message.contains("khoảng tám mươi"));
    assert!(at("G13").message.contains("từ 0 đến 100%"));
    assert!(at("A14").message.contains("không có dòng 4.9"));
    assert!(err.to_string().contains("không có gì thay đổi"), "{err}");
    // Nothing stored.
    assert_eq!(edition::summaries(&store).unwrap(), before);
    assert!(edition::confirm(
        &mut store,
        &fixture("broken-2026.xlsx"),
        &EditionMeta::default(),
        "x",
        NOW
    )
    .is_err());
    assert_eq!(edition::summaries(&store).unwrap(), before);
}

#[test]
fn without_a_bodies_column_everyone_reports_everything_and_is_told() {
    let store = store();
    let preview = edition::preview(
        &store,
        &fixture("no-bodies-2026.xlsx"),
        &EditionMeta::default(),
    )
    .unwrap();
    let e = &preview.data;
    assert_eq!(e.id, "kh-2026");
    assert_eq!((e.first_year, e.target_year), (2026, 2030));
    assert!(
        preview
            .notes
            .iter()
            .any(|n| n.contains("mọi bộ, ngành và địa phương báo cáo mọi chỉ tiêu")),
        "{:?}",
        preview.notes
    );
    assert!(e
        .indicators()
        .all(|i| i.bodies == "Các bộ, ngành, địa phương"));
    // Groups typed as plain numbers.
    assert_eq!(e.item("2").unwrap().kind, Kind::Group);
    // The person's title and source win over the defaults.
    let meta = EditionMeta {
        title: Some("Bộ thử nghiệm".into()),
        source: Some("Công văn thử nghiệm".into()),
        ..Default::default()
    };
    let named = edition::preview(&store, &fixture("no-bodies-2026.xlsx"), &meta)
        .unwrap()
        .data;
    assert_eq!(
        (named.title.as_str(), named.source.as_str()),
        ("Bộ thử nghiệm", "Công văn thử nghiệm")
    );
}

#[test]
fn a_toml_edition_is_read_too_and_an_id_held_is_refused() {
    let store = store();
    let text = chitieu_core::catalogue::EMBEDDED
        .iter()
        .find(|(f, _)| *f == "kh-2023.toml")
        .unwrap()
        .1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kh-2023.toml");
    std::fs::write(&path, text).unwrap();
    let err = edition::preview(&store, &path, &EditionMeta::default()).unwrap_err();
    assert_eq!(err.code(), "duplicate_edition");
    let meta = EditionMeta {
        id: Some("kh-2023-ban-sao".into()),
        first_year: Some(2026),
        ..Default::default()
    };
    let preview = edition::preview(&store, &path, &meta).unwrap();
    assert_eq!(preview.data.id, "kh-2023-ban-sao");
    assert!(
        preview.diff.renamed.is_empty()
            && preview.diff.added.is_empty()
            && preview.diff.removed.is_empty()
    );
}

fn load(store: &mut Store) -> String {
    let path = fixture("agency-2026.xlsx");
    let preview = edition::preview(store, &path, &EditionMeta::default()).unwrap();
    edition::confirm(store, &path, &EditionMeta::default(), &preview.sha256, NOW)
        .unwrap()
        .id
}

#[test]
fn a_2026_report_uses_the_imported_edition_and_exports_its_2026_plan() {
    let mut store = store();
    // Before: the 2023–2025 set, with the banner, and a plan heading that says so.
    let view = report::view(&store, "THAI-NGUYEN", p("2026-Q4"), NOW.date()).unwrap();
    assert_eq!(view.edition_id, "kh-2023");
    assert_eq!(
        view.edition_notice.as_deref(),
        Some("Đang dùng bộ chỉ tiêu 2023–2025; chưa có kế hoạch năm 2026 — nạp bộ chỉ tiêu mới")
    );
    assert!(view.plan_header.contains("chưa có"));
    // A template exported now records the report (no figures yet).
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before.xlsx");
    export::export_template(&mut store, "THAI-NGUYEN", p("2026-Q4"), &before, NOW).unwrap();
    let cells = read_cells(&before);
    assert!(
        cells
            .iter()
            .any(|(_, t)| t == "Kế hoạch năm 2026: chưa có (bộ chỉ tiêu 2023–2025)"),
        "no heading saying so"
    );
    assert!(
        !cells.iter().any(|(_, t)| t == "Kế hoạch năm 2026"),
        "a heading promising figures over a blank column"
    );

    let id = load(&mut store);
    assert_eq!(
        edition::summaries(&store)
            .unwrap()
            .iter()
            .find(|s| s.id == id)
            .unwrap()
            .origin,
        "imported"
    );
    // The report had no figures: it follows the new edition.
    let view = report::view(&store, "THAI-NGUYEN", p("2026-Q4"), NOW.date()).unwrap();
    assert_eq!(view.edition_id, id);
    assert_eq!(view.edition_notice, None);
    assert_eq!(view.plan_header, "Kế hoạch năm 2026");
    assert_eq!(view.target_year, 2030);
    let row = view.rows.iter().find(|r| r.code == "1.2").unwrap();
    assert_eq!((row.plan.as_str(), row.target.as_str()), ("≥ 60%", "100%"));
    // 2023–2025 reports keep kh-2023.
    assert_eq!(
        store
            .report("THAI-NGUYEN", p("2024-Q2"))
            .unwrap()
            .edition_id,
        "kh-2023"
    );

    // Figures typed, then exported: the 2026 plan and the 2030 target.
    let mut report = store.report("THAI-NGUYEN", p("2026-Q4")).unwrap();
    let edits = vec![
        Edit {
            indicator: "1.2".into(),
            field: Field::Value,
            text: "65".into(),
        },
        Edit {
            indicator: "1.10".into(),
            field: Field::Value,
            text: "21".into(),
        },
    ];
    report::apply_edits(&mut store, &mut report, &edits, &Origin::App, NOW).unwrap();
    let out = dir.path().join("after.xlsx");
    let bytes = export::workbook_bytes(
        &store,
        &report,
        &export::exported_figures(&store, &report).unwrap(),
        &[],
        export::ExportKind::Submission,
        NOW,
    )
    .unwrap();
    std::fs::write(&out, bytes).unwrap();
    let cells = read_cells(&out);
    assert!(cells.iter().any(|(_, t)| t == "Kế hoạch năm 2026"));
    assert!(cells.iter().any(|(_, t)| t == "Mục tiêu 2030"));
    let row_of = |code: &str| {
        cells
            .iter()
            .find(|(c, t)| c.starts_with('A') && t == code)
            .map(|(c, _)| c[1..].to_owned())
            .unwrap()
    };
    let at = |cell: String| {
        cells
            .iter()
            .find(|(c, _)| *c == cell)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    assert_eq!(at(format!("D{}", row_of("1.2"))), "≥ 60%");
    assert_eq!(at(format!("E{}", row_of("1.2"))), "100%");
    assert_eq!(at(format!("D{}", row_of("1.10"))), "20%");
}

#[test]
fn a_report_with_figures_keeps_its_edition_until_moved() {
    let mut store = store();
    // Typed into a 2026 report under kh-2023 before the new set arrived.
    let mut report = store.report("THAI-NGUYEN", p("2026-Q2")).unwrap();
    assert_eq!(report.edition_id, "kh-2023");
    let edits = vec![
        Edit {
            indicator: "1.2".into(),
            field: Field::Value,
            text: "61".into(),
        },
        Edit {
            indicator: "3.5.2".into(),
            field: Field::Value,
            text: "70".into(),
        },
    ];
    report::apply_edits(&mut store, &mut report, &edits, &Origin::App, NOW).unwrap();
    let id = load(&mut store);
    let view = report::view(&store, "THAI-NGUYEN", p("2026-Q2"), NOW.date()).unwrap();
    assert_eq!(
        view.edition_id, "kh-2023",
        "a report keeps its edition once it has figures"
    );
    assert_eq!(view.newer_editions, vec![id.clone()]);
    assert!(view.edition_notice.is_some());

    let m = edition::preview_move(&store, "THAI-NGUYEN", p("2026-Q2"), &id).unwrap();
    assert_eq!(m.carried, vec!["1.2"]);
    assert_eq!(
        m.removed
            .iter()
            .map(|i| i.code.as_str())
            .collect::<Vec<_>>(),
        vec!["3.5.2"]
    );
    assert_eq!(
        store
            .report("THAI-NGUYEN", p("2026-Q2"))
            .unwrap()
            .edition_id,
        "kh-2023",
        "a preview writes nothing"
    );

    edition::move_report(
        &mut store,
        "THAI-NGUYEN",
        p("2026-Q2"),
        &id,
        &Origin::App,
        NOW,
    )
    .unwrap();
    let report = store.report("THAI-NGUYEN", p("2026-Q2")).unwrap();
    assert_eq!(report.edition_id, id);
    let figures = store.figures(&report).unwrap();
    assert_eq!(
        figures
            .iter()
            .find(|f| f.figure.indicator == "1.2")
            .unwrap()
            .figure
            .value,
        Some(61.0)
    );
    assert!(figures
        .iter()
        .find(|f| f.figure.indicator == "3.5.2")
        .unwrap()
        .figure
        .is_blank());
    // Recorded: the move, and what 3.5.2 held.
    let changes = store.edition_changes(&report).unwrap();
    assert_eq!(
        (changes[0].from.as_str(), changes[0].to.as_str()),
        ("kh-2023", id.as_str())
    );
    assert_eq!(changes[0].removed, vec!["3.5.2"]);
    let history = store.history(&report, Some("3.5.2")).unwrap();
    assert_eq!(
        history.last().unwrap().old.as_ref().unwrap().value,
        Some(70.0)
    );
    // Nothing blocks the export: no error for the removed code.
    assert!(report::diagnostics(&store, &report)
        .unwrap()
        .iter()
        .all(|d| d.indicator.as_deref() != Some("3.5.2")));
    // Moving back to an older edition is refused.
    let err = edition::preview_move(&store, "THAI-NGUYEN", p("2026-Q2"), "kh-2023").unwrap_err();
    assert!(matches!(
        err.code(),
        "edition_not_for_year" | "edition_not_newer"
    ));
}

/// Every non-empty cell of the form sheet as (A1, text), read with calamine
/// directly (not through the importer, whose tolerance would hide mistakes).
fn read_cells(path: &Path) -> Vec<(String, String)> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb
        .worksheet_range(chitieu_core::form::layout::FORM_SHEET)
        .unwrap();
    let mut out = Vec::new();
    for (r, c, d) in range.used_cells() {
        let (r0, c0) = range.start().unwrap();
        let text = match d {
            Data::String(s) => s.clone(),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            _ => continue,
        };
        let col = (b'A' + (c0 as usize + c) as u8) as char;
        out.push((format!("{col}{}", r0 as usize + r + 1), text));
    }
    out
}

/// A unit's report picked by mistake, and every hostile file of the import
/// corpus: refused with a sentence, never a panic, nothing stored.
#[test]
fn reports_and_hostile_files_are_not_editions() {
    let store = store();
    let root = common::repo().join("tests/fixtures");
    let base = edition::preview(
        &store,
        &root.join("import/base.xlsx"),
        &EditionMeta::default(),
    )
    .unwrap_err();
    assert_eq!(base.code(), "not_an_edition", "{base}");
    assert!(base.to_string().contains("Số liệu kỳ báo cáo"), "{base}");
    let mut seen = 0;
    for dir in ["hostile", "import"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|e| e == "toml" || e == "py" || e == "md")
            {
                continue;
            }
            seen += 1;
            match edition::preview(
                &store,
                &path,
                &EditionMeta {
                    id: Some("thu".into()),
                    ..Default::default()
                },
            ) {
                Err(e) => assert!(!e.to_string().is_empty()),
                Ok(p) => assert!(p.data.indicators().count() > 0, "{}", path.display()),
            }
        }
    }
    assert!(seen > 40);
    assert_eq!(edition::summaries(&store).unwrap().len(), 3);
}

/// The agency's 2026 set laid out as its official documents are: the
/// table, a blank row, «Ghi chú: …» in column A, footnotes, then «Nơi
/// nhận» and «KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG / (Đã ký) / a name», on a
/// sheet «Phụ lục I» among others. It loads: the table ends at its last
/// numbered row, the note is kept as a footnote and shown in the preview.
#[test]
fn an_official_document_with_notes_and_a_signature_block_loads() {
    let store = store();
    for name in [
        "agency-signed-2026.xlsx",
        "agency-signed-2026.xls",
        "agency-signed-2026.ods",
    ] {
        let preview = edition::preview(&store, &fixture(name), &EditionMeta::default())
            .unwrap_or_else(|e| panic!("{name}: {e} {:?}", e.code()));
        let e = &preview.data;
        // No id in the sheet: derived, and said.
        assert_eq!(e.id, "kh-2026", "{name}");
        assert!(
            e.title.starts_with("DANH MỤC CHỈ TIÊU"),
            "{name}: {}",
            e.title
        );
        assert!(e.source.starts_with("Kèm theo Công văn số"), "{}", e.source);
        assert_eq!((e.first_year, e.target_year), (2026, 2030), "{name}");
        for code in ["1.10", "1.11", "3.11", "3.13", "5.7"] {
            assert!(e.item(code).is_some(), "{name}: {code}");
        }
        assert!(e.item("3.12").is_none());
        // The last indicator is the last numbered row, its name not
        // lengthened by the note or the signature.
        assert_eq!(
            e.items.last().map(|i| i.code.as_str()),
            Some("5.7"),
            "{name}"
        );
        assert!(!e.items.iter().any(|i| i.name.contains("Ghi chú")
            || i.name.contains("TRƯỞNG")
            || i.name.contains("Nguyễn Văn Thử")));
        // The note and the footnotes, as the preview shows them.
        assert_eq!(
            preview.footnotes,
            vec![
                "Ghi chú: chỉ tiêu 3.12 không tiếp tục theo dõi từ năm 2026; bổ sung chỉ tiêu 1.11 và 3.13.",
                "¹ Dữ liệu thử nghiệm: chú thích đặt ở cuối bảng như văn bản thật.",
                "² Dữ liệu thử nghiệm: số liệu năm 2025 có chú thích.",
            ],
            "{name}"
        );
        assert_eq!(
            e.footnote("¹").map(|f| f.text.as_str()),
            Some("Dữ liệu thử nghiệm: chú thích đặt ở cuối bảng như văn bản thật.")
        );
        // Where the table ended and what was below, as information.
        assert!(
            preview.notes.iter().any(|n| n.contains("kết thúc ở dòng")
                && n.contains("khối chữ ký")
                && n.contains("3 dòng ghi chú")),
            "{name}: {:?}",
            preview.notes
        );
        assert!(
            !preview.notes.iter().any(|n| n.contains("không được đọc")),
            "{:?}",
            preview.notes
        );
    }
}

/// The same workbook with a row without STT between two numbered rows is
/// refused, precisely: one problem, its sheet and cell, in Vietnamese.
#[test]
fn a_row_without_a_code_inside_the_table_is_still_refused() {
    let store = store();
    for name in ["agency-signed-gap-2026.xlsx", "agency-signed-gap-2026.ods"] {
        let err = edition::preview(&store, &fixture(name), &EditionMeta::default()).unwrap_err();
        let Error::EditionImport(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(err.code(), "edition_refused", "{name}");
        let problems = e.problems();
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert_eq!(problems[0].sheet, "Phụ lục I");
        assert_eq!(problems[0].cell, "A14");
        assert!(
            problems[0].message.contains("thiếu mã chỉ tiêu"),
            "{problems:?}"
        );
        let said = err.to_string();
        assert!(
            said.contains(name) && said.contains("trang «Phụ lục I», ô A14"),
            "{said}"
        );
    }
}

/// A unit's Phụ lục 01 submission with notes («Ghi chú», «(1)», «Nguồn»)
/// and a signature block («KT. GIÁM ĐỐC», «(Đã ký)», a name, the place and
/// date) under its table imports without an error.
#[test]
fn a_report_with_notes_and_a_signature_block_under_its_table_imports() {
    use chitieu_core::import::{self, Hints};
    use chitieu_core::validate::Severity;
    let store = store();
    let preview = import::preview(
        &store,
        &fixture("report-signed-2024-Q2.xlsx"),
        &Hints::default(),
    )
    .unwrap();
    let errors: Vec<_> = preview
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(preview.unit_code, "THAI-NGUYEN");
    assert_eq!(preview.period, p("2024-Q2"));
    assert_eq!(preview.figures.len(), 27);
}

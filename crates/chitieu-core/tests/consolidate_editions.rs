//! The receiver's editions apply when consolidating (issue 21, point 2): a
//! unit's 2026-Q1 report made under a 2026 test edition (TEST DATA built
//! here from kh-2023: 1.11 and 3.13 added, 3.12 dropped; not a real set) is
//! read with that edition by a receiver that has loaded it, and read with
//! the best edition available, flagged, by one that has not.

mod common;

use common::p;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use chitieu_core::catalogue::{Catalogue, Edition, Item, Kind, Target};
use chitieu_core::consolidate::{self, Consolidation, Options, UnitStatus};
use chitieu_core::export;
use chitieu_core::import::{self, Hints};
use chitieu_core::report::{self, Edit, Field};
use chitieu_core::store::{Origin, Store};
use time::macros::{datetime, offset};
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2026-04-03 03:00 UTC);
const ID: &str = "thu-nghiem-2026-moi";
const NOTICE: &str = "mà máy này chưa có — nạp bộ chỉ tiêu để đọc đủ";

fn share(code: &str, name: &str) -> Item {
    Item {
        code: code.into(),
        name: name.into(),
        kind: Kind::Share,
        unit: "%".into(),
        baseline: None,
        plans: [("2026".to_owned(), Target::new("≥ 50%"))].into(),
        target: Some(Target::new("100%")),
        legal_basis: "QĐ 942".into(),
        tracking: "Cục CĐSQG".into(),
        bodies: "Các bộ, ngành, địa phương".into(),
        footnotes: Vec::new(),
        level: None,
    }
}

/// TEST DATA: the 2026 set of these tests, not a real one.
fn edition_2026() -> Edition {
    let kh = Catalogue::embedded()
        .unwrap()
        .edition("kh-2023")
        .unwrap()
        .clone();
    let mut e = Edition {
        id: ID.into(),
        title: "Bộ chỉ tiêu 2026 (DỮ LIỆU THỬ NGHIỆM, KHÔNG PHẢI BỘ CHỈ TIÊU THẬT)".into(),
        source: "Dữ liệu thử nghiệm của bộ kiểm thử".into(),
        first_year: 2026,
        baseline_year: 2025,
        target_year: 2030,
        footnotes: kh.footnotes.clone(),
        items: Vec::new(),
    };
    for mut item in kh.items.into_iter().filter(|i| i.code != "3.12") {
        if item.kind.carries_figure() {
            item.plans = [("2026".to_owned(), Target::new("≥ 50%"))].into();
        }
        let code = item.code.clone();
        e.items.push(item);
        if code == "1.10" {
            e.items.push(share(
                "1.11",
                "Tỷ lệ hồ sơ trực tuyến được ký số (chỉ tiêu thử nghiệm)",
            ));
        }
        if code == "3.11" {
            e.items.push(share(
                "3.13",
                "Tỷ lệ cán bộ được bồi dưỡng kỹ năng số (chỉ tiêu thử nghiệm)",
            ));
        }
    }
    e.check("thu-nghiem").unwrap();
    e
}

fn store(with_2026: bool) -> Store {
    let mut s = Store::open_in_memory(NOW).unwrap();
    if with_2026 {
        s.import_edition(&edition_2026(), NOW).unwrap();
    }
    s
}

/// Thái Nguyên's own chitieu: the 2026 set loaded, 2026-Q1 typed and
/// exported, the file modified on 02/04/2026.
fn unit_file(dir: &Path) -> PathBuf {
    let mut unit = store(true);
    let mut report = unit.report("THAI-NGUYEN", p("2026-Q1")).unwrap();
    assert_eq!(report.edition_id, ID);
    let edits: Vec<Edit> = [("1.2", "65"), ("1.11", "40"), ("3.13", "55,5")]
        .iter()
        .map(|(code, v)| Edit {
            indicator: (*code).into(),
            field: Field::Value,
            text: (*v).into(),
        })
        .collect();
    report::apply_edits(&mut unit, &mut report, &edits, &Origin::App, NOW).unwrap();
    let bytes = export::workbook_bytes(
        &unit,
        &report,
        &export::exported_figures(&unit, &report).unwrap(),
        &[],
        export::ExportKind::Submission,
        // Exported the day before the deadline (03/4): the export's own
        // time is the file's «Nhận lúc» (the first receipt decides).
        datetime!(2026-04-02 08:00 +7),
    )
    .unwrap();
    let path = dir.join("nhan").join("thai-nguyen-2026-q1.xlsx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    let at = datetime!(2026-04-02 09:00 +7);
    f.set_modified(UNIX_EPOCH + Duration::from_secs(at.unix_timestamp() as u64))
        .unwrap();
    path
}

fn run(receiver: &Store, folder: &Path, db: &Path) -> Consolidation {
    let progress = |_: usize, _: usize| {};
    consolidate::consolidate(&Options {
        period: p("2026-Q1"),
        paths: vec![folder.to_owned()],
        store: receiver,
        database: db.to_owned(),
        now: NOW,
        offset: offset!(+7),
        workers: 2,
        progress: &progress,
        cancel: None,
    })
    .unwrap()
}

fn listed(c: &Consolidation, code: &str) -> Option<usize> {
    c.indicators
        .iter()
        .find(|i| i.indicator == code)
        .map(|i| i.count)
}

/// A unit's line as the CLI's JSON shows it.
fn json_unit(c: &Consolidation, code: &str) -> serde_json::Value {
    let json = serde_json::to_value(c).unwrap();
    json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == code)
        .cloned()
        .unwrap()
}

#[test]
fn a_receiver_with_the_2026_set_reads_its_new_indicators() {
    let tmp = tempfile::tempdir().unwrap();
    let file = unit_file(tmp.path());
    let receiver = store(true);
    let c = run(&receiver, file.parent().unwrap(), &tmp.path().join("a.db"));
    assert_eq!(c.edition_id, ID);
    let line = c.units.iter().find(|u| u.code == "THAI-NGUYEN").unwrap();
    assert_eq!(line.status, UnitStatus::OnTime);
    assert_eq!((line.figures, line.errors), (3, 0), "{line:?}");
    assert_eq!(line.notice, None);
    assert!(
        !line.edited_after_export,
        "an unedited export, checked under its own edition"
    );
    let value = |code: &str| {
        line.values
            .iter()
            .find(|v| v.indicator == code)
            .map(|v| v.value)
    };
    assert_eq!(value("1.11"), Some(Some(40.0)));
    assert_eq!(value("3.13"), Some(Some(55.5)));
    // The statistics list the 2026 set: its new indicators, not 3.12.
    assert_eq!(listed(&c, "1.11"), Some(1));
    assert_eq!(listed(&c, "3.13"), Some(1));
    assert_eq!(listed(&c, "1.2"), Some(1));
    assert_eq!(listed(&c, "3.12"), None);
    let unit = json_unit(&c, "THAI-NGUYEN");
    assert!(unit.get("notice").is_none(), "{unit}");
}

#[test]
fn a_receiver_without_it_reads_with_the_best_edition_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let file = unit_file(tmp.path());
    let folder = file.parent().unwrap().to_owned();
    let db = tmp.path().join("b.db");
    let mut receiver = store(false);
    let c = run(&receiver, &folder, &db);
    // kh-2023, the newest edition this machine holds for 2026.
    assert_eq!(c.edition_id, "kh-2023");
    let line = c.units.iter().find(|u| u.code == "THAI-NGUYEN").unwrap();
    assert_eq!(line.status, UnitStatus::OnTime, "still received");
    let notice = line.notice.as_deref().expect("flagged");
    assert!(
        notice.starts_with("Tệp dùng bộ chỉ tiêu «thu-nghiem-2026-moi»"),
        "{notice}"
    );
    assert!(notice.contains(NOTICE), "{notice}");
    assert!(notice.contains("«kh-2023»"), "{notice}");
    assert_eq!(
        line.message.as_deref(),
        Some(notice),
        "the app's unit detail"
    );
    assert_eq!(json_unit(&c, "THAI-NGUYEN")["notice"], notice);
    // 1.2 read; the rows kh-2023 lacks are not figures of this reading.
    assert_eq!(listed(&c, "1.2"), Some(1));
    assert_eq!(listed(&c, "1.11"), None);
    assert_eq!(listed(&c, "3.12"), Some(0));

    // The receiver loads the set: the same file, met again, is read anew.
    receiver.import_edition(&edition_2026(), NOW).unwrap();
    let c = run(&receiver, &folder, &db);
    assert_eq!(c.edition_id, ID);
    let line = c.units.iter().find(|u| u.code == "THAI-NGUYEN").unwrap();
    assert_eq!(line.notice, None);
    assert_eq!(line.message, None);
    assert_eq!((line.figures, line.errors), (3, 0), "{line:?}");
    assert_eq!(listed(&c, "1.11"), Some(1));
    assert_eq!(listed(&c, "3.13"), Some(1));
    assert_eq!(listed(&c, "3.12"), None);
}

#[test]
fn reading_needs_no_store_and_names_the_edition_of_the_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(unit_file(tmp.path())).unwrap();
    let with = store(true);
    let s = import::read(
        with.catalogue(),
        with.registry(),
        "tn.xlsx",
        &bytes,
        &Hints::default(),
    )
    .unwrap();
    assert_eq!(
        (s.unit.code.as_str(), s.period),
        ("THAI-NGUYEN", p("2026-Q1"))
    );
    assert_eq!(s.named_edition.as_deref(), Some(ID));
    assert_eq!(s.edition_id, ID);
    assert!(s.from_export);
    assert!(s.diagnostics.iter().all(|d| d.code != "edition-missing"));
    let codes: Vec<&str> = s
        .figures
        .iter()
        .map(|f| f.figure.indicator.as_str())
        .collect();
    assert_eq!(codes, ["1.2", "1.11", "3.13"]);

    // The built-in catalogue alone: read with kh-2023, flagged first.
    let catalogue = Catalogue::embedded().unwrap();
    let s = import::read(
        &catalogue,
        with.registry(),
        "tn.xlsx",
        &bytes,
        &Hints::default(),
    )
    .unwrap();
    assert_eq!(s.edition_id, "kh-2023");
    assert!(
        !s.from_export,
        "the hash cannot be checked without the edition"
    );
    assert_eq!(s.diagnostics[0].code, "edition-missing");
    assert!(s.diagnostics[0].message.contains(NOTICE));
    assert!(
        s.diagnostics
            .iter()
            .all(|d| d.code != "edited-after-export"),
        "not edited: its edition is missing"
    );
    let codes: Vec<&str> = s
        .figures
        .iter()
        .map(|f| f.figure.indicator.as_str())
        .collect();
    assert_eq!(codes, ["1.2"]);
}

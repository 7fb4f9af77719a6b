//! The consolidation in-process, over the import fixtures (xlsx, xls, ods as
//! people and LibreOffice save them): who is on time, late, missing; the
//! revisions; what is refused; the registry on the period's last day; and
//! the consolidated workbook against its golden file
//! (`UPDATE_GOLDEN=1 cargo test -p chitieu-core --test consolidate` rewrites it).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use chitieu_core::consolidate::{self, Consolidation, Options, UnitStatus};
use chitieu_core::period::Period;
use chitieu_core::store::Store;
use time::macros::{datetime, offset};
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2024-07-20 03:00 UTC);

fn fixtures() -> PathBuf {
    common::fixtures("import")
}

/// A copy of a fixture, modified at `day` `hour`:`minute` Vietnam time.
fn put(dir: &Path, fixture: &str, name: &str, when: OffsetDateTime) {
    let to = dir.join(name);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(fixtures().join(fixture), &to).unwrap();
    let f = std::fs::File::options().write(true).open(&to).unwrap();
    f.set_modified(UNIX_EPOCH + Duration::from_secs(when.unix_timestamp() as u64))
        .unwrap();
}

fn run(store: &Store, period: &str, paths: Vec<PathBuf>, db: &Path) -> Consolidation {
    let progress = |_: usize, _: usize| {};
    consolidate::consolidate(&Options {
        period: period.parse::<Period>().unwrap(),
        paths,
        store,
        database: db.to_owned(),
        now: NOW,
        offset: offset!(+7),
        workers: 2,
        progress: &progress,
        cancel: None,
    })
    .unwrap()
}

fn status(c: &Consolidation, code: &str) -> UnitStatus {
    c.units
        .iter()
        .find(|u| u.code == code)
        .map(|u| u.status)
        .unwrap_or_else(|| panic!("no {code}"))
}

#[test]
fn fixtures_of_every_format_consolidate_and_match_the_golden_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nhan");
    // Thái Nguyên sent three revisions: .xlsx, .ods, then .xls after the
    // deadline (trước ngày 05/07/2024: 05/07 is late); and the first again.
    put(
        &dir,
        "base.xlsx",
        "thai-nguyen/base.xlsx",
        datetime!(2024-07-01 09:00 +7),
    );
    put(
        &dir,
        "calc.ods",
        "thai-nguyen/calc.ods",
        datetime!(2024-07-02 09:00 +7),
    );
    put(
        &dir,
        "legacy.xls",
        "thai-nguyen/legacy.xls",
        datetime!(2024-07-05 08:00 +7),
    );
    put(
        &dir,
        "base.xlsx",
        "thai-nguyen/base (1).xlsx",
        datetime!(2024-07-08 09:00 +7),
    );
    put(
        &dir,
        "ministry-byt.xlsx",
        "BYT.xlsx",
        datetime!(2024-07-04 23:59 +7),
    );
    put(
        &dir,
        "period-forms-ubnd-tp-hcm.xlsx",
        "HCM.xlsx",
        datetime!(2024-07-03 10:00 +7),
    );
    put(
        &dir,
        "rank-with-footnote.xlsx",
        "BKHCN.xlsx",
        datetime!(2024-07-03 10:00 +7),
    );
    put(
        &dir,
        "period-forms-nam-2024.xlsx",
        "nam-2024.xlsx",
        datetime!(2024-07-03 10:00 +7),
    );
    put(
        &dir,
        "wrong-edition.xlsx",
        "sai-bo-chi-tieu.xlsx",
        datetime!(2024-07-03 10:00 +7),
    );
    std::fs::write(dir.join("hong.xlsx"), b"PK\x03\x04 broken").unwrap();
    // Hostile files: each refused with its line, the others go on.
    for f in [
        "zip-bomb.xlsx",
        "encrypted.xlsx",
        "sst-billions.xlsx",
        "ods-repeated.ods",
        "xls-huge-dimension.xls",
    ] {
        let to = dir.join("hostile").join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixtures().join("../hostile").join(f), to).unwrap();
    }
    // A PDF that is only a header: read as a unit's signed form would be,
    // refused with its line; a note, passed over.
    std::fs::write(dir.join("cong-van.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(dir.join("ghi-chu.txt"), "nhận qua thư điện tử").unwrap();

    let store = Store::open_in_memory(NOW).unwrap();
    let db = tmp.path().join("nhan.tonghop.db");
    let mut c = run(&store, "2024-Q2", vec![dir.clone()], &db);

    assert_eq!(c.expected, c.on_time + c.late + c.missing.len());
    // Thái Nguyên's first file came on 01/07: on time, although its last
    // revision came on 05/07 (a revision, not a late report).
    assert_eq!((c.on_time, c.late, c.received), (4, 0, 4));
    assert_eq!(status(&c, "THAI-NGUYEN"), UnitStatus::OnTime);
    assert_eq!(
        status(&c, "BYT"),
        UnitStatus::OnTime,
        "04/07 23:59 in Vietnam is before 05/07"
    );
    assert_eq!(status(&c, "HO-CHI-MINH"), UnitStatus::OnTime);
    assert_eq!(status(&c, "BKHCN"), UnitStatus::OnTime);
    let tn = c.units.iter().find(|u| u.code == "THAI-NGUYEN").unwrap();
    assert!(tn.file.as_deref().unwrap().ends_with("legacy.xls"));
    assert_eq!(tn.received_at.as_deref(), Some("2024-07-01T09:00:00+07:00"));
    assert_eq!(tn.latest_at.as_deref(), Some("2024-07-05T08:00:00+07:00"));
    assert_eq!(tn.received_from, Some(consolidate::ReceivedFrom::File));
    let rev = c
        .revisions
        .iter()
        .find(|r| r.unit == "THAI-NGUYEN")
        .unwrap();
    assert_eq!(
        rev.files.len(),
        3,
        "the same bytes twice count once: {:?}",
        rev.files
    );
    let after: Vec<bool> = rev.received.iter().map(|f| f.after_deadline).collect();
    assert_eq!(after, [false, false, true], "{:?}", rev.received);
    // The five hostile files, copied in one go today (after the deadline),
    // share one modification date: said so. Four of the six at the top
    // share 03/07, before the deadline: usual, not flagged.
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(
        c.warnings[0].starts_with("5/5 tệp trong thư mục «hostile» có cùng ngày sửa đổi"),
        "{:?}",
        c.warnings
    );
    assert_eq!(c.other_period.len(), 1);
    assert_eq!(c.other_period[0].period, "2024");
    let rejected: Vec<&str> = c
        .rejected
        .iter()
        .map(|r| Path::new(&r.file).file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(
        rejected,
        [
            "hong.xlsx",
            "encrypted.xlsx",
            "ods-repeated.ods",
            "sst-billions.xlsx",
            "xls-huge-dimension.xls",
            "zip-bomb.xlsx",
            "sai-bo-chi-tieu.xlsx",
            "cong-van.pdf"
        ]
    );
    assert!(
        c.rejected.iter().all(|r| r.message.contains("Tệp «")),
        "{:?}",
        c.rejected
    );
    assert_eq!(c.ignored_files, 1);
    let i11 = c.indicators.iter().find(|i| i.indicator == "1.1").unwrap();
    assert_eq!(i11.count, 4, "the four units received all report 1.1");
    assert!(i11.mean.is_some() && i11.min <= i11.median && i11.median <= i11.max);

    // Run again: nothing changes.
    let again = run(&store, "2024-Q2", vec![dir.clone()], &db);
    assert_eq!(
        serde_json::to_value(&again).unwrap(),
        serde_json::to_value(&c).unwrap()
    );

    // The workbook, with the files named without the temporary folder.
    // Separators written as on Linux, so that one golden file serves Windows too
    // (where the workbook names files the Windows way).
    let prefix = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
    let strip = |p: &mut String| *p = p.trim_start_matches(&prefix).replace('\\', "/");
    for u in c.units.iter_mut() {
        if let Some(f) = u.file.as_mut() {
            strip(f);
        }
    }
    for r in c.rejected.iter_mut() {
        strip(&mut r.file);
        r.message = r.message.replace(&prefix, "").replace('\\', "/");
    }
    for o in c.other_period.iter_mut() {
        strip(&mut o.file);
    }
    c.rejected.retain(|r| !r.file.starts_with("hostile/"));
    // Dated today: not in the golden file.
    c.warnings.clear();
    assert_golden(
        "consolidation-2024-Q2.xlsx",
        &consolidate::workbook_bytes(&c).unwrap(),
    );
}

#[test]
fn expected_units_follow_the_registry_on_the_last_day_of_the_period() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_in_memory(NOW).unwrap();
    let db = tmp.path().join("r.db");
    let count = |period: &str, t: chitieu_core::registry::UnitType| {
        let c = run(&store, period, vec![tmp.path().to_owned()], &db);
        assert_eq!(c.missing.len(), c.expected);
        c.units
            .iter()
            .filter(|u| {
                store
                    .registry()
                    .get(&u.code)
                    .is_some_and(|x| x.unit_type == t)
            })
            .count()
    };
    use chitieu_core::registry::UnitType::{Ministry, Province};
    assert_eq!(count("2025-Q2", Province), 63);
    assert_eq!(count("2025-Q3", Province), 34);
    assert!(
        count("2025-Q1", Ministry) < count("2024-Q4", Ministry),
        "ministries merged on 1/3/2025"
    );
}

/// The workbook's parts are written byte for byte the same for the same
/// consolidation (the creation time is the consolidation's). The zip around
/// them is compared by its parts: its "made by" field names the system that
/// wrote it (Unix here, FAT on Windows).
fn assert_golden(name: &str, bytes: &[u8]) {
    let want = common::golden_bytes(name, bytes);
    assert!(parts(&want) == parts(bytes), "{name} differs from its golden file: run with UPDATE_GOLDEN=1, open both and review the difference");
}

/// A zip's parts in order: name and content.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut content).unwrap();
            (f.name().unwrap().to_string(), content)
        })
        .collect()
}

#[test]
fn a_cancelled_run_writes_nothing_and_progress_reaches_the_end() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nhan");
    put(&dir, "base.xlsx", "a.xlsx", datetime!(2024-07-01 09:00 +7));
    put(&dir, "calc.ods", "b.ods", datetime!(2024-07-01 09:00 +7));
    let store = Store::open_in_memory(NOW).unwrap();
    let db = tmp.path().join("r.db");
    let stop = std::sync::atomic::AtomicBool::new(true);
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |done: usize, all: usize| seen.lock().unwrap().push((done, all));
    let opts = |cancel| Options {
        period: "2024-Q2".parse::<Period>().unwrap(),
        paths: vec![dir.clone()],
        store: &store,
        database: db.clone(),
        now: NOW,
        offset: offset!(+7),
        workers: 2,
        progress: &progress,
        cancel,
    };
    let e = consolidate::consolidate(&opts(Some(&stop))).unwrap_err();
    assert_eq!(e.code(), "cancelled");
    assert!(e.to_string().contains("chưa ghi gì"));
    let c = consolidate::consolidate(&opts(None)).unwrap();
    assert_eq!(c.received, 1);
    assert!(
        seen.lock().unwrap().contains(&(2, 2)),
        "{:?}",
        seen.lock().unwrap()
    );
    let e = consolidate::consolidate(&Options {
        paths: vec![tmp.path().join("khong-co")],
        ..opts(None)
    })
    .unwrap_err();
    assert!(e.to_string().starts_with("Không tìm thấy «"), "{e}");
}

//! Benchmarks of what people wait on: opening the database, `set` and
//! `show`, importing and validating one form, exporting the submission and
//! the template, the drafts of a report — in-process — and the CLI end to end (when a release build
//! of `chitieu` exists).
//!
//! `cargo bench -p chitieu-core` (or `make bench`). Figures go into
//! BENCHMARKS.md; nothing here asserts a time.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chitieu_core::export::{self, ExportKind};
use chitieu_core::import::{self, Hints};
use chitieu_core::period::Period;
use chitieu_core::report::{self, SetFigure};
use chitieu_core::store::{FigureWrite, Origin, Store};
use criterion::{criterion_group, criterion_main, Criterion};
use time::macros::datetime;
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2024-07-03 02:30:00 UTC);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn period() -> Period {
    "2024-Q2".parse().unwrap_or(Period::Year(2024))
}

fn store_with_base(path: Option<&Path>) -> Store {
    let mut store = match path {
        Some(p) => Store::open(p, &p.with_extension("backups"), NOW).expect("open"),
        None => Store::open_in_memory(NOW).expect("open"),
    };
    let preview = import::preview(
        &store,
        &repo().join("tests/fixtures/import/base.xlsx"),
        &Hints::default(),
    )
    .expect("preview");
    import::apply(&mut store, &preview, NOW).expect("apply");
    store
}

fn database(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("bench.db");
    drop(store_with_base(Some(&db)));
    c.bench_function("open database (file, existing)", |b| {
        b.iter(|| black_box(Store::open(&db, &dir.path().join("backups"), NOW).expect("open")))
    });
    let mut store = Store::open(&db, &dir.path().join("backups"), NOW).expect("open");
    let mut report = store.report("THAI-NGUYEN", period()).expect("report");
    let mut n = 0u32;
    c.bench_function("set one figure (file, synchronous=FULL)", |b| {
        b.iter(|| {
            n += 1;
            let req = SetFigure {
                indicator: "1.1".into(),
                value: format!("{}", 50 + n % 40),
                ..SetFigure::default()
            };
            black_box(
                report::set_strict(&mut store, &mut report, &req, &Origin::Cli, NOW).expect("set"),
            )
        })
    });
    c.bench_function("show: read a report's figures", |b| {
        b.iter(|| black_box(store.figures(&report).expect("figures")))
    });
    c.bench_function("show: the report view with validation", |b| {
        b.iter(|| {
            black_box(report::view(&store, "THAI-NGUYEN", period(), NOW.date()).expect("view"))
        })
    });
}

/// Opening runs the float-noise repair over every stored figure; this is its
/// cost when there is nothing to repair (every opening after the first), on
/// 100 reports of 27 figures each.
fn repair_scan(c: &mut Criterion) {
    let mut store = store_with_base(None);
    let base = store.report("THAI-NGUYEN", period()).expect("report");
    let figures: Vec<_> = store
        .figures(&base)
        .expect("figures")
        .into_iter()
        .map(|f| FigureWrite::from(f.figure))
        .collect();
    let units: Vec<String> = store
        .registry()
        .valid_on(time::macros::date!(2024 - 12 - 31))
        .filter(|u| u.code != "THAI-NGUYEN")
        .take(10)
        .map(|u| u.code.clone())
        .collect();
    for year in [2023, 2024] {
        for p in Period::all_of(year) {
            for u in &units {
                if let Ok(mut r) = store.report(u, p) {
                    store
                        .write_figures(&mut r, &figures, &Origin::Cli, NOW)
                        .expect("write");
                }
            }
        }
    }
    c.bench_function(
        "float-noise repair scan at open (2,700 figures, none to repair)",
        |b| b.iter(|| black_box(store.repair_float_noise(NOW).expect("repair"))),
    );
}

fn import_validate(c: &mut Criterion) {
    let store = Store::open_in_memory(NOW).expect("open");
    let bytes = std::fs::read(repo().join("tests/fixtures/import/base.xlsx")).expect("fixture");
    c.bench_function("import + validate one form (preview, in-process)", |b| {
        b.iter(|| {
            black_box(
                import::preview_bytes(&store, "base.xlsx", &bytes, &Hints::default())
                    .expect("preview"),
            )
        })
    });
    let xls = std::fs::read(repo().join("tests/fixtures/import/legacy.xls")).expect("fixture");
    c.bench_function("import + validate one legacy .xls form", |b| {
        b.iter(|| {
            black_box(
                import::preview_bytes(&store, "legacy.xls", &xls, &Hints::default())
                    .expect("preview"),
            )
        })
    });
}

fn export_bench(c: &mut Criterion) {
    let store = store_with_base(None);
    let report = store.report("THAI-NGUYEN", period()).expect("report");
    let figures = export::exported_figures(&store, &report).expect("figures");
    c.bench_function("export the submission (in-process, to memory)", |b| {
        b.iter(|| {
            black_box(
                export::workbook_bytes(&store, &report, &figures, &[], ExportKind::Submission, NOW)
                    .expect("export"),
            )
        })
    });
    c.bench_function("export the PDF rendition (in-process, to memory)", |b| {
        b.iter(|| black_box(export::rendition_bytes(&store, &report, &figures, NOW).expect("pdf")))
    });
    c.bench_function("export the blank template (in-process, to memory)", |b| {
        b.iter(|| {
            black_box(
                export::workbook_bytes(&store, &report, &[], &[], ExportKind::Template, NOW)
                    .expect("template"),
            )
        })
    });
}

/// Drafts of a full report (the fixture's 27 figures), with the previous
/// quarter and the same quarter of the year before stored beside it.
fn drafts_bench(c: &mut Criterion) {
    use chitieu_core::draft::{self, Drafter};
    use chitieu_core::store::FigureWrite;
    let mut store = store_with_base(None);
    let report = store.report("THAI-NGUYEN", period()).expect("report");
    let figures = store.figures(&report).expect("figures");
    for (earlier, shift) in [("2024-Q1", -3.0), ("2023-Q2", -10.0)] {
        let mut r = store
            .report("THAI-NGUYEN", earlier.parse().expect("period"))
            .expect("report");
        let writes: Vec<FigureWrite> = figures
            .iter()
            .map(|f| {
                let mut f = f.figure.clone();
                f.value = f.value.map(|v| (v + shift).max(1.0));
                f.trend.clear();
                FigureWrite::from(f)
            })
            .collect();
        store
            .write_figures(&mut r, &writes, &Origin::Cli, NOW)
            .expect("write");
    }
    let drafter = Drafter::embedded().expect("drafter");
    let edition = store.edition(&report.edition_id).expect("edition").clone();
    let inputs = draft::inputs(&store, &report).expect("inputs");
    c.bench_function("drafts of a full report (computed, in-process)", |b| {
        b.iter(|| black_box(draft::compute(&drafter, &edition, &inputs).expect("drafts")))
    });
    c.bench_function(
        "drafts of a full report (read from the store + computed)",
        |b| {
            b.iter(|| {
                black_box(draft::report_drafts(&store, "THAI-NGUYEN", period()).expect("drafts"))
            })
        },
    );
}

fn cli(c: &mut Criterion) {
    let bin = repo().join("target/release/chitieu");
    if !bin.exists() {
        eprintln!("(skipping the CLI benchmarks: build target/release/chitieu first)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("cli.db");
    let fixture = repo().join("tests/fixtures/import/base.xlsx");
    let run = |args: &[&str]| {
        let out = Command::new(&bin)
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["import", fixture.to_str().unwrap_or_default()]);
    let mut g = c.benchmark_group("cli end to end");
    g.sample_size(30).measurement_time(Duration::from_secs(8));
    g.bench_function("chitieu import --dry-run (one form)", |b| {
        b.iter(|| run(&["import", fixture.to_str().unwrap_or_default(), "--dry-run"]))
    });
    g.bench_function("chitieu show", |b| {
        b.iter(|| run(&["show", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]))
    });
    let mut n = 0u32;
    g.bench_function("chitieu set", |b| {
        b.iter(|| {
            n += 1;
            run(&[
                "set",
                "--unit",
                "THAI-NGUYEN",
                "--period",
                "2024-Q2",
                "1.1",
                &format!("{}", 50 + n % 40),
            ])
        })
    });
    let out = dir.path().join("PL01.xlsx");
    g.bench_function("chitieu export", |b| {
        b.iter(|| {
            run(&[
                "export",
                "--unit",
                "THAI-NGUYEN",
                "--period",
                "2024-Q2",
                "--out",
                out.to_str().unwrap_or_default(),
            ])
        })
    });
    let pdf = dir.path().join("PL01.pdf");
    g.bench_function("chitieu export --pdf", |b| {
        b.iter(|| {
            run(&[
                "export",
                "--unit",
                "THAI-NGUYEN",
                "--period",
                "2024-Q2",
                "--out",
                out.to_str().unwrap_or_default(),
                "--pdf",
                pdf.to_str().unwrap_or_default(),
            ])
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    targets = database, repair_scan, import_validate, export_bench, drafts_bench, cli
}
criterion_main!(benches);

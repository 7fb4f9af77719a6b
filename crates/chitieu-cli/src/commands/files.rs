//! The commands that read or write files: import, export, template, backup.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chitieu_core::Result;
use time::OffsetDateTime;

use chitieu_core::export::{self, ExportKind};
use chitieu_core::import::{self, Change, Hints};
use chitieu_core::period::Period;
use chitieu_core::validate::Severity;
use serde_json::json;

use crate::args::ExportArgs;
use crate::args::ImportArgs;
use crate::output::json as print_json;

pub fn import(db: Option<&Path>, a: ImportArgs, now: OffsetDateTime) -> Result<ExitCode> {
    // A dry run writes nothing: not even the database or its daily copy.
    let mut store = if a.dry_run {
        crate::edge::snapshot(db, now)?
    } else {
        crate::edge::open(db, now)?
    };
    let hints = Hints {
        unit: a.unit.clone(),
        period: a
            .period
            .as_deref()
            .map(|p| p.parse::<Period>())
            .transpose()?,
    };
    let preview = import::preview(&store, &a.file, &hints)?;
    let imported = if a.dry_run {
        0
    } else {
        let s = import::apply(&mut store, &preview, now)?;
        s.new.len() + s.changed.len()
    };
    if a.json {
        print_json(&json!({
            "unit": { "code": preview.unit_code, "name": preview.unit_name },
            "period": preview.period,
            "edition": preview.edition_id,
            "file": preview.file_name,
            "sha256": preview.sha256,
            "sheet": preview.sheet,
            "from_export": preview.from_export,
            "dry_run": a.dry_run,
            "imported": imported,
            "figures": preview.figures.iter().map(|f| json!({
                "indicator": f.merged.indicator, "value": f.read.value, "raw": f.read.raw,
                "status": f.read.status, "status_raw": f.read.status_raw, "source": f.read.source,
                "trend": f.read.trend, "comparison": f.read.comparison, "proposals": f.read.proposals,
                "notes": f.read.notes, "sheet": f.sheet, "cell": f.cell, "change": f.change,
                "stored_value": f.stored.as_ref().and_then(|s| s.value),
            })).collect::<Vec<_>>(),
            "diagnostics": preview.diagnostics,
        }));
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Tệp «{}» (trang «{}»): {} — {}, bộ chỉ tiêu {}.",
        preview.file_name,
        preview.sheet,
        preview.unit_name,
        preview.period.label_vi(),
        preview.edition_id
    );
    let label = |c: Change| match c {
        Change::New => "mới",
        Change::Changed => "thay đổi",
        Change::Unchanged => "không đổi",
        Change::Error => "lỗi",
    };
    for f in &preview.figures {
        let old = f
            .stored
            .as_ref()
            .map(|s| s.display_vi())
            .filter(|s| !s.is_empty())
            .map(|s| format!("{s} → "))
            .unwrap_or_default();
        println!(
            "  {:7} {:10} {}{}  [{}]",
            f.merged.indicator,
            label(f.change),
            old,
            f.merged.display_vi(),
            f.cell
        );
    }
    // What the file says: errors and warnings about its figures, and the
    // notes about how it was read; not the report-wide reminders (missing
    // figures, plan and target standing), which `validate` lists.
    let about_file = |d: &&chitieu_core::validate::Diagnostic| match d.severity {
        Severity::Info => !matches!(
            d.code.as_str(),
            "plan-met" | "plan-behind" | "target-met" | "target-behind"
        ),
        _ => d.code != "missing-figure",
    };
    let shown: Vec<_> = preview
        .diagnostics
        .iter()
        .filter(about_file)
        .cloned()
        .collect();
    crate::output::diagnostics(&shown);
    println!(
        "{} mới, {} thay đổi, {} không đổi, {} lỗi.{}",
        preview.count(Change::New),
        preview.count(Change::Changed),
        preview.count(Change::Unchanged),
        preview.count(Change::Error),
        if a.dry_run {
            " (Chạy thử: chưa ghi gì.)"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

pub fn export(
    db: Option<&Path>,
    a: ExportArgs,
    now: OffsetDateTime,
    template: bool,
) -> Result<ExitCode> {
    let mut store = crate::edge::open(db, now)?;
    let period: Period = a.period.parse()?;
    let report = store.report(&a.unit, period)?;
    let kind = if template {
        ExportKind::Template
    } else {
        ExportKind::Submission
    };
    let out = a
        .out
        .unwrap_or_else(|| PathBuf::from(export::suggested_name(&report, kind)));
    let done = if template {
        export::export_template(&mut store, &report.unit.code, period, &out, now)?
    } else {
        export::export_submission(&mut store, &report.unit.code, period, &out, now)?
    };
    if template {
        println!("Đã ghi mẫu trống Phụ lục 01 vào «{}».", done.path.display());
    } else {
        println!(
            "Đã xuất {} chỉ tiêu vào «{}» (SHA-256 {}).",
            done.figures,
            done.path.display(),
            &done.sha256[..16]
        );
        // An incomplete report goes out; the person is told how incomplete.
        if let Some(missing) = done.completeness.missing_vi() {
            println!("{missing} Các ô đó để trống trong tệp.");
        }
        if !done.warnings.is_empty() {
            println!(
                "{} cảnh báo (đã ghi vào trang «{}» của tệp):",
                done.warnings.len(),
                export::CHECK_SHEET
            );
            crate::output::diagnostics(&done.warnings);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn backup(db: Option<&Path>, out: &Path, now: OffsetDateTime) -> Result<ExitCode> {
    let store = crate::edge::open(db, now)?;
    chitieu_core::backup::backup_to(store.connection(), out)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "Đã sao lưu cơ sở dữ liệu vào «{}» ({} KB).",
        out.display(),
        size.div_ceil(1024)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn restore(db: Option<&Path>, file: &Path, now: OffsetDateTime) -> Result<ExitCode> {
    let path = chitieu_core::paths::database(db);
    let dir = chitieu_core::paths::backup_dir(&path);
    let done = chitieu_core::backup::restore(&path, file, &dir, now)?;
    match done.kept_aside {
        Some(aside) => println!(
            "Đã khôi phục «{}» từ «{}»; bản trước đó được giữ tại «{}».",
            path.display(),
            file.display(),
            aside.display()
        ),
        None => println!("Đã khôi phục «{}» từ «{}».", path.display(), file.display()),
    }
    Ok(ExitCode::SUCCESS)
}

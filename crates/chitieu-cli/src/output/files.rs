//! The files' output: an import, an export, a backup, a restore.

use std::path::Path;

use chitieu_core::export::Exported;
use chitieu_core::import::{Change, Preview};
use chitieu_core::store::backup::Restored;
use chitieu_core::validate::Severity;
use serde_json::json;

use super::json as print_json;

/// A unit's file read (`imported` figures written; none on a dry run).
pub fn import(preview: &Preview, imported: usize, dry_run: bool, as_json: bool) {
    if as_json {
        print_json(&json!({
            "unit": { "code": preview.unit_code, "name": preview.unit_name },
            "period": preview.period,
            "edition": preview.edition_id,
            "file": preview.file_name,
            "sha256": preview.sha256,
            "sheet": preview.sheet,
            "from_export": preview.from_export,
            "dry_run": dry_run,
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
        return;
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
    super::diagnostics(&shown);
    println!(
        "{} mới, {} thay đổi, {} không đổi, {} lỗi.{}",
        preview.count(Change::New),
        preview.count(Change::Changed),
        preview.count(Change::Unchanged),
        preview.count(Change::Error),
        if dry_run {
            " (Chạy thử: chưa ghi gì.)"
        } else {
            ""
        }
    );
}

/// A report written (`template`: the empty form).
pub fn exported(done: &Exported, template: bool, as_json: bool) {
    if as_json {
        super::json(done);
        return;
    }
    if template {
        println!("Đã ghi mẫu trống Phụ lục 01 vào «{}».", done.path.display());
    } else {
        println!(
            "Đã xuất {} chỉ tiêu vào «{}» (SHA-256 {}).",
            done.figures,
            done.path.display(),
            &done.sha256[..16]
        );
        if let Some(pdf) = &done.pdf {
            println!(
                "Đã ghi bản PDF của biểu ({} trang) vào «{}» (SHA-256 {}), cùng số liệu với tệp Excel; có thể ký số bằng lệnh chitieu sign.",
                pdf.pages,
                pdf.path.display(),
                &pdf.sha256[..16]
            );
        }
        // An incomplete report goes out; the person is told how incomplete.
        if let Some(missing) = done.completeness.missing_vi() {
            println!("{missing} Các ô đó để trống trong tệp.");
        }
        if !done.warnings.is_empty() {
            println!(
                "{} cảnh báo (đã ghi vào trang «{}» của tệp):",
                done.warnings.len(),
                chitieu_core::form::layout::CHECK_SHEET
            );
            super::diagnostics(&done.warnings);
        }
    }
}

/// The database copied to `out` (`size` bytes).
pub fn backed_up(out: &Path, size: u64) {
    println!(
        "Đã sao lưu cơ sở dữ liệu vào «{}» ({} KB).",
        out.display(),
        size.div_ceil(1024)
    );
}

/// The database at `path` replaced by `file`.
pub fn restored(path: &Path, file: &Path, done: &Restored) {
    match &done.kept_aside {
        Some(aside) => println!(
            "Đã khôi phục «{}» từ «{}»; bản trước đó được giữ tại «{}».",
            path.display(),
            file.display(),
            aside.display()
        ),
        None => println!("Đã khôi phục «{}» từ «{}».", path.display(), file.display()),
    }
}

//! `catalogue --import`, `catalogue --editions` and `move-edition`: the
//! editions of the catalogue held, loading a new one, moving a report.

use std::process::ExitCode;

use chitieu_core::edition::{self, EditionDiff, EditionMeta, EditionMove, FieldChange};
use chitieu_core::store::{Origin, Store};
use chitieu_core::Result;
use serde_json::json;
use time::OffsetDateTime;

use crate::args::{CatalogueArgs, MoveEditionArgs};
use crate::output::{cut, json as print_json};

pub fn run(store: &mut Store, a: CatalogueArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let Some(file) = a.import else {
        let list = edition::summaries(store)?;
        if a.json {
            print_json(&json!({ "editions": list }));
        } else {
            println!("{:16} {:11} {:>9}  Tên / nguồn", "Mã", "Năm", "Chỉ tiêu");
            for e in &list {
                let origin = if e.origin == "imported" {
                    " (đã nạp)"
                } else {
                    ""
                };
                println!(
                    "{:16} {:11} {:>9}  {}{origin}",
                    e.id, e.years, e.items, e.title
                );
                println!("{:39}{}", "", cut(&e.source, 100).trim_end());
            }
        }
        return Ok(ExitCode::SUCCESS);
    };
    let meta = EditionMeta {
        id: a.id,
        title: a.title,
        source: a.source,
        first_year: a.first_year,
    };
    let preview = edition::preview(store, &file, &meta)?;
    if !a.dry_run {
        edition::apply(store, &preview, now)?;
    }
    if a.json {
        print_json(&json!({
            "file": preview.file_name,
            "sha256": preview.sha256,
            "dry_run": a.dry_run,
            "imported": !a.dry_run,
            "edition": preview.edition,
            "notes": preview.notes,
            "footnotes": preview.footnotes,
            "diff": preview.diff,
        }));
        return Ok(ExitCode::SUCCESS);
    }
    let e = &preview.edition;
    println!(
        "Tệp «{}»: bộ chỉ tiêu {} «{}», năm {}, {} chỉ tiêu.",
        preview.file_name, e.id, e.title, e.years, e.items
    );
    println!("Nguồn: {}", e.source);
    for n in &preview.notes {
        println!("  Lưu ý: {n}");
    }
    if !preview.footnotes.is_empty() {
        println!(
            "Ghi chú, chú thích của bộ chỉ tiêu ({}):",
            preview.footnotes.len()
        );
        for f in &preview.footnotes {
            println!("  {f}");
        }
    }
    print_diff(&preview.diff);
    if a.dry_run {
        println!("(Chạy thử: chưa ghi gì.)");
    } else {
        println!(
            "Đã nạp bộ chỉ tiêu {}; báo cáo mới của các năm {} sẽ dùng bộ này.",
            e.id, e.years
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_diff(d: &EditionDiff) {
    let Some(base) = &d.base_id else {
        println!("Chưa có bộ chỉ tiêu nào trước bộ này.");
        return;
    };
    if d.is_empty() {
        println!("Không khác bộ chỉ tiêu {base}.");
        return;
    }
    println!(
        "So với bộ chỉ tiêu {base} ({}):",
        d.base_years.as_deref().unwrap_or("")
    );
    let list = |title: &str, items: &[edition::ItemBrief]| {
        if !items.is_empty() {
            println!("  {title} ({}):", items.len());
            for i in items {
                println!("    {:7} {}", i.code, cut(&i.name, 90).trim_end());
            }
        }
    };
    list("Chỉ tiêu mới", &d.added);
    list("Chỉ tiêu bỏ", &d.removed);
    let changes = |title: &str, items: &[FieldChange]| {
        if !items.is_empty() {
            println!("  {title} ({}):", items.len());
            for c in items {
                let old = if c.old.is_empty() { "—" } else { &c.old };
                let new = if c.new.is_empty() { "—" } else { &c.new };
                println!(
                    "    {:7} {}: {} → {}",
                    c.code,
                    c.what,
                    cut(old, 60).trim_end(),
                    cut(new, 60).trim_end()
                );
            }
        }
    };
    changes("Đổi tên", &d.renamed);
    changes("Đổi đơn vị tính", &d.units);
    changes("Kế hoạch thay đổi", &d.plans);
    changes("Mục tiêu thay đổi", &d.targets);
    changes("Đơn vị báo cáo thay đổi", &d.applicability);
}

pub fn move_edition(
    store: &mut Store,
    a: MoveEditionArgs,
    now: OffsetDateTime,
) -> Result<ExitCode> {
    let period = a.period.parse().map_err(chitieu_core::Error::from)?;
    let m: EditionMove = if a.dry_run {
        edition::preview_move(store, &a.unit, period, &a.to)?
    } else {
        edition::move_report(store, &a.unit, period, &a.to, &Origin::Cli, now)?
    };
    if a.json {
        print_json(&json!({ "dry_run": a.dry_run, "move": m }));
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Báo cáo {} kỳ {}: bộ chỉ tiêu {} ({}) → {} ({}).",
        m.unit_code, m.period, m.from, m.from_years, m.to, m.to_years
    );
    println!(
        "  Giữ số liệu của {} chỉ tiêu cùng mã: {}",
        m.carried.len(),
        m.carried.join(", ")
    );
    for i in &m.removed {
        println!(
            "  Bỏ (bộ mới không có; số liệu còn trong lịch sử): {} {}",
            i.code,
            cut(&i.name, 80).trim_end()
        );
    }
    for i in &m.added {
        println!("  Chỉ tiêu mới: {} {}", i.code, cut(&i.name, 80).trim_end());
    }
    println!(
        "{}",
        if a.dry_run {
            "(Chạy thử: chưa ghi gì.)"
        } else {
            "Đã chuyển; việc chuyển được ghi vào lịch sử báo cáo."
        }
    );
    Ok(ExitCode::SUCCESS)
}

//! The catalogue's output: an edition's items, the editions held, a new
//! edition's preview and its differences, a report moved to an edition.

use chitieu_core::applicability::Applicability;
use chitieu_core::catalogue::Edition;
use chitieu_core::edition::{
    self, EditionDiff, EditionMove, EditionPreview, EditionSummary, FieldChange,
};
use serde_json::json;

use super::{cut, json as print_json};

/// An edition's items; `derived[i]` is who reports item `i` and how it is
/// tracked (the applicability rules' answer).
pub fn edition(edition: &Edition, derived: &[(Applicability, &str)], as_json: bool) {
    if as_json {
        let items: Vec<_> = edition
            .items
            .iter()
            .zip(derived)
            .map(|(i, (a, tracking))| {
                json!({
                    "code": i.code, "name": i.name, "kind": i.kind, "unit": i.unit,
                    "baseline": i.baseline, "plans": i.plans, "target": i.target,
                    "legal_basis": i.legal_basis, "tracking": i.tracking,
                    "tracking_effective": tracking, "bodies": i.bodies,
                    "footnotes": i.footnotes.iter().map(|f| json!({
                        "mark": f.mark, "on": f.on, "text": edition.footnote(&f.mark).map(|n| n.text.as_str()),
                    })).collect::<Vec<_>>(),
                    "level": i.level,
                    "applies_to": if i.kind.carries_figure() { Some(a) } else { None },
                })
            })
            .collect();
        print_json(&json!({
            "edition": { "id": edition.id, "title": edition.title, "source": edition.source,
                "first_year": edition.first_year, "baseline_year": edition.baseline_year,
                "plan_years": edition.plan_years(), "target_year": edition.target_year },
            "items": items,
        }));
        return;
    }
    println!("{} — {}", edition.id, edition.title);
    println!("Nguồn: {}", edition.source);
    let years = edition.plan_years();
    let mut header = format!(
        "{:7} {:62} {:>9}",
        "STT",
        "Chỉ tiêu",
        format!("Năm {}", edition.baseline_year)
    );
    for y in &years {
        header.push_str(&format!(" {:>9}", format!("KH {y}")));
    }
    header.push_str(&format!(" {:>9}", format!("MT {}", edition.target_year)));
    println!("{header}");
    for i in &edition.items {
        let t = |o: Option<&chitieu_core::catalogue::Target>| {
            o.map(|t| t.text.clone()).unwrap_or_default()
        };
        let mut line = format!(
            "{:7} {} {:>9}",
            i.code,
            cut(&i.name, 62),
            t(i.baseline.as_ref())
        );
        for y in &years {
            line.push_str(&format!(" {:>9}", t(i.plans.get(&y.to_string()))));
        }
        line.push_str(&format!(" {:>9}", t(i.target.as_ref())));
        println!("{line}");
    }
    for f in &edition.footnotes {
        println!("{} {}", f.mark, f.text);
    }
}

pub fn editions(list: &[EditionSummary], as_json: bool) {
    if as_json {
        print_json(&json!({ "editions": list }));
        return;
    }
    println!("{:16} {:11} {:>9}  Tên / nguồn", "Mã", "Năm", "Chỉ tiêu");
    for e in list {
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

/// A new edition read from a file; `dry_run`: nothing was written.
pub fn edition_preview(preview: &EditionPreview, dry_run: bool, as_json: bool) {
    if as_json {
        print_json(&json!({
            "file": preview.file_name,
            "sha256": preview.sha256,
            "dry_run": dry_run,
            "imported": !dry_run,
            "edition": preview.edition,
            "notes": preview.notes,
            "footnotes": preview.footnotes,
            "diff": preview.diff,
        }));
        return;
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
    if dry_run {
        println!("(Chạy thử: chưa ghi gì.)");
    } else {
        println!(
            "Đã nạp bộ chỉ tiêu {}; báo cáo mới của các năm {} sẽ dùng bộ này.",
            e.id, e.years
        );
    }
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

/// A report moved (or, `dry_run`, to be moved) to another edition.
pub fn edition_move(m: &EditionMove, dry_run: bool, as_json: bool) {
    if as_json {
        print_json(&json!({ "dry_run": dry_run, "move": m }));
        return;
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
        if dry_run {
            "(Chạy thử: chưa ghi gì.)"
        } else {
            "Đã chuyển; việc chuyển được ghi vào lịch sử báo cáo."
        }
    );
}

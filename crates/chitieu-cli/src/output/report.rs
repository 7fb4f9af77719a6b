//! A report's output: units, periods, a figure set, the report shown, its
//! history, an undo, validation, the profile, the drafts.

use chitieu_core::catalogue::Edition;
use chitieu_core::draft::{Applied, ReportDrafts};
use chitieu_core::period::{dmy, local_time_vi, Period};
use chitieu_core::registry::{Unit, UnitHit};
use chitieu_core::report::PeriodSummary;
use chitieu_core::report::ReportRef;
use chitieu_core::store::{
    EditionChange, HistoryEntry, Origin, Profile, StoredFigure, WriteSummary,
};
use chitieu_core::validate::{Diagnostic, Severity};
use serde_json::json;
use time::{Date, UtcOffset};

use super::{cut, json as print_json};

pub fn units(day: Date, hits: &[UnitHit], as_json: bool) {
    if as_json {
        print_json(
            &json!({ "on": day.to_string(), "units": hits.iter().map(|h| { let u = &h.unit; json!({
            "code": u.code, "name": u.name, "short_name": u.short_name, "type": u.unit_type,
            "category": u.category, "parent": u.parent, "valid_from": u.valid_from.map(|d| d.to_string()),
            "valid_to": u.valid_to.map(|d| d.to_string()), "successors": u.successors,
            "user_added": u.user_added,
            "former": h.former.as_ref().map(|f| json!({
                "code": f.code, "name": f.name, "since": f.since.map(|d| d.to_string()),
                "source": f.source, "text": f.text,
            })),
        })}).collect::<Vec<_>>() }),
        );
        return;
    }
    println!("Đơn vị báo cáo ngày {} ({} đơn vị):", dmy(day), hits.len());
    for h in hits {
        let u = &h.unit;
        println!(
            "  {}  {}  [{}]",
            cut(&u.code, 16),
            u.name,
            u.unit_type.label_vi()
        );
        if let Some(f) = &h.former {
            println!("  {}  {} ({})", cut("", 16), f.text, f.source);
        }
    }
}

pub fn unit_added(u: &Unit, as_json: bool) {
    if as_json {
        print_json(&json!({ "code": u.code, "name": u.name, "type": u.unit_type }));
    } else {
        println!("Đã thêm đơn vị {} «{}».", u.code, u.name);
    }
}

pub fn periods(year: i32, list: &[PeriodSummary], as_json: bool) {
    if as_json {
        print_json(
            &json!({ "year": year, "periods": list.iter().map(|p| json!({
            "period": p.period, "label": p.label, "first_day": p.first_day.to_string(),
            "last_day": p.last_day.to_string(), "deadline": p.deadline.to_string(),
            "months": p.period.months().iter().map(|(y, m)| format!("{y}-{m:02}")).collect::<Vec<_>>(),
            "days_left": p.days_left, "overdue": p.overdue, "state": p.state,
            "state_label": p.state_label, "deadline_text": p.deadline_text,
            "exported": p.exported, "sent_otherwise": p.sent_otherwise,
            "figures": p.completeness.map(|c| c.filled),
            "expected": p.completeness.map(|c| c.expected),
        })).collect::<Vec<_>>() }),
        );
        return;
    }
    for p in list {
        let left = &p.deadline_text;
        let state = p
            .state_label
            .as_ref()
            .map(|s| format!(" — {s}"))
            .unwrap_or_default();
        println!(
            "{:8} {:16} {:34} hạn {} ({left}){state}",
            p.period.to_string(),
            p.label,
            p.coverage,
            p.deadline_label.trim_start_matches("trước ngày ")
        );
    }
}

pub fn set(
    report: &ReportRef,
    indicator: &str,
    figure: Option<&StoredFigure>,
    summary: &WriteSummary,
    as_json: bool,
) {
    if as_json {
        print_json(
            &json!({ "unit": { "code": report.unit.code, "name": report.unit.name },
            "period": report.period, "figure": figure,
            "changed": !summary.unchanged.iter().any(|c| c == indicator) }),
        );
    } else if summary.unchanged.is_empty() {
        let shown = figure.map(|f| f.figure.display_vi()).unwrap_or_default();
        println!(
            "Đã lưu chỉ tiêu {} = {} cho {} kỳ {}.",
            indicator,
            if shown.is_empty() {
                "(không có số liệu)".into()
            } else {
                shown
            },
            report.unit.name,
            report.period
        );
    } else {
        println!("Chỉ tiêu {} không thay đổi.", indicator);
    }
}

pub fn show(report: &ReportRef, edition: &Edition, figures: &[StoredFigure], as_json: bool) {
    if as_json {
        print_json(
            &json!({ "unit": { "code": report.unit.code, "name": report.unit.name },
            "period": report.period, "edition": report.edition_id,
            "edition_notice": edition.coverage_notice(report.period.year()),
            "figures": figures.iter().map(|f| json!({
                "indicator": f.figure.indicator, "value": f.figure.value, "raw": f.figure.raw,
                "status": f.figure.status, "status_raw": f.figure.status_raw, "source": f.figure.source,
                "trend": f.figure.trend, "comparison": f.figure.comparison, "proposals": f.figure.proposals,
                "notes": f.figure.notes, "revision": f.revision, "updated_at": f.updated_at,
                "sheet": f.sheet, "cell": f.cell,
            })).collect::<Vec<_>>() }),
        );
        return;
    }
    println!(
        "{} — {} ({}), bộ chỉ tiêu {}",
        report.unit.name,
        report.period.label_vi(),
        report.period.coverage_vi(),
        report.edition_id
    );
    if let Some(notice) = edition.coverage_notice(report.period.year()) {
        println!("{notice} (chitieu catalogue --import TỆP).");
    }
    if figures.is_empty() {
        println!("Chưa có số liệu.");
    }
    for f in figures {
        let name = edition
            .item(&f.figure.indicator)
            .map(|i| i.name.as_str())
            .unwrap_or("");
        let status = f
            .figure
            .status
            .map(|s| s.label_vi().to_owned())
            .unwrap_or_else(|| f.figure.status_raw.clone());
        println!(
            "  {:7} {} {:>10}  {}",
            f.figure.indicator,
            cut(name, 60),
            f.figure.display_vi(),
            status
        );
    }
}

/// A report's history: the figures' changes, the edition moves, and (for
/// the whole report) the review's versions.
pub struct History<'a> {
    pub report: &'a ReportRef,
    pub history: &'a [HistoryEntry],
    /// `None` when one indicator's history was asked for.
    pub reviews: Option<&'a [chitieu_core::draft::review::ReviewChange]>,
    pub moves: &'a [EditionChange],
    /// The time zone of the times shown.
    pub offset: UtcOffset,
}

pub fn history(h: &History<'_>, as_json: bool) {
    let report = h.report;
    if as_json {
        let mut out = json!({ "unit": { "code": report.unit.code, "name": report.unit.name },
            "period": report.period, "history": h.history, "edition_changes": h.moves });
        if let Some(reviews) = h.reviews {
            out["review_history"] = json!(reviews);
        }
        print_json(&out);
        return;
    }
    let offset = h.offset;
    for m in h.moves {
        let removed = if m.removed.is_empty() {
            String::new()
        } else {
            format!("; bỏ {}", m.removed.join(", "))
        };
        println!(
            "  {}  chuyển bộ chỉ tiêu {} → {} (giữ {} chỉ tiêu{removed})",
            local_time_vi(&m.at, offset),
            m.from,
            m.to,
            m.carried.len()
        );
    }
    if h.history.is_empty() {
        println!("Chưa có thay đổi nào.");
    }
    for e in h.history {
        let from = e
            .old
            .as_ref()
            .map(|o| o.display_vi())
            .unwrap_or_else(|| "(mới)".into());
        let origin = origin_vi(&e.origin, e.cell.as_deref());
        println!(
            "  {}  {:7} {} → {}  ({origin})",
            local_time_vi(&e.at, offset),
            e.indicator,
            from,
            e.new.display_vi()
        );
    }
    let reviews = h.reviews.unwrap_or_default();
    if !reviews.is_empty() {
        let name = chitieu_core::draft::review::sheet_name(report.period).unwrap_or("Đánh giá");
        println!("Phần «{name}»:");
    }
    for r in reviews {
        let first = r
            .new
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("(để trống)");
        let size = r.new.chars().count();
        println!(
            "  {}  lần {} {} ({size} ký tự)  ({})",
            local_time_vi(&r.at, offset),
            r.revision,
            cut(first, 40).trim_end(),
            origin_vi(&r.origin, None)
        );
    }
}

/// Where a change came from, for a person (the history's last column).
fn origin_vi(origin: &Origin, cell: Option<&str>) -> String {
    match origin {
        Origin::App => "nhập trên ứng dụng".to_owned(),
        Origin::Cli => "lệnh chitieu set".to_owned(),
        Origin::Import { file_name, .. } => format!(
            "nhập từ tệp {file_name}{}",
            cell.map(|c| format!(" ô {c}")).unwrap_or_default()
        ),
        Origin::Undo { .. } => "hoàn tác".to_owned(),
        Origin::Restore { revision } => format!("khôi phục giá trị trước lần sửa {revision}"),
        Origin::Repair => "sửa sai số làm tròn".to_owned(),
        Origin::Draft { cli: false } => "nhận bản nháp trên ứng dụng".to_owned(),
        Origin::Draft { cli: true } => "nhận bản nháp bằng lệnh chitieu draft".to_owned(),
    }
}

pub fn undo(report: &ReportRef, summary: &WriteSummary, as_json: bool) {
    let codes: Vec<&String> = summary.changed.iter().chain(&summary.new).collect();
    if as_json {
        print_json(
            &json!({ "unit": { "code": report.unit.code, "name": report.unit.name },
            "period": report.period, "undone": codes }),
        );
    } else {
        let list: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        println!(
            "Đã hoàn tác thay đổi gần nhất của {} kỳ {}: chỉ tiêu {}.",
            report.unit.name,
            report.period,
            list.join(", ")
        );
    }
}

pub fn validate(report: &ReportRef, diags: &[Diagnostic], as_json: bool) {
    if as_json {
        print_json(
            &json!({ "unit": { "code": report.unit.code, "name": report.unit.name },
            "period": report.period, "diagnostics": diags }),
        );
        return;
    }
    super::diagnostics(diags);
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    println!(
        "{} lỗi, {} cảnh báo.",
        count(Severity::Error),
        count(Severity::Warning)
    );
}

pub fn profile(unit: &Unit, p: &Profile) {
    println!("{}: người lập biểu «{}», điện thoại «{}», thư điện tử «{}», thủ trưởng «{}», địa danh «{}».", unit.name, p.preparer, p.phone, p.email, p.head, p.place);
}

pub fn draft(period: Period, drafts: &ReportDrafts, applied: Option<&Applied>, as_json: bool) {
    if as_json {
        let mut doc = serde_json::to_value(drafts).unwrap_or_default();
        if let (Some(applied), Some(obj)) = (applied, doc.as_object_mut()) {
            obj.insert("applied".into(), json!(applied));
        }
        print_json(&doc);
        return;
    }
    println!("{} — {}", drafts.unit.name, period.label_vi());
    if drafts.drafts.is_empty() {
        println!("Chưa có số liệu nào nên chưa có bản nháp.");
    }
    for d in &drafts.drafts {
        match (&d.trend, &d.no_trend) {
            (Some(t), _) => println!("  {:7} {t}", d.indicator),
            (None, Some(why)) => println!("  {:7} ({why})", d.indicator),
            (None, None) => {}
        }
        if let Some(i) = &d.international {
            println!("  {:7} So sánh quốc tế: {i}", "");
        }
    }
    if let Some(r) = &drafts.review {
        println!();
        println!("{r}");
    }
    if let Some(applied) = applied {
        println!();
        println!(
            "Đã điền bản nháp vào {} ô «Đánh giá xu hướng», {} ô «So sánh quốc tế»{} còn trống; ô đã có nội dung được giữ nguyên.",
            applied.trend.len(),
            applied.international.len(),
            if applied.review { " và phần đánh giá" } else { "" }
        );
    }
}

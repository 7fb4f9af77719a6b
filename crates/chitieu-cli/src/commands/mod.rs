//! The commands: `run` dispatches each one to its task.

pub mod catalogue;
pub mod consolidate;
pub mod files;
pub mod sign;

use std::path::Path;
use std::process::ExitCode;

use chitieu_core::applicability;
use chitieu_core::catalogue::Edition;
use chitieu_core::period::{dmy, local_time_vi, Period};
use chitieu_core::registry::{UnitHit, UnitType};
use chitieu_core::report::Status;
use chitieu_core::reporting::{self, SetFigure};
use chitieu_core::store::{NewUnit, Origin, Store};
use chitieu_core::validate::Severity;
use chitieu_core::{Error, Result};
use serde_json::json;
use time::{Date, OffsetDateTime};

use crate::args::{Cli, Command, StatusArg, UnitTypeArg};
use crate::edge::{local_offset, now, open, today};
use crate::output::{cut, json as print_json};

fn parse_period(text: &str) -> Result<Period> {
    text.parse::<Period>().map_err(Error::from)
}

fn parse_date(text: &str) -> Result<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &fmt).map_err(|_| {
        Error::Period(chitieu_core::period::PeriodError {
            text: format!("ngày «{text}» (hãy ghi dạng YYYY-MM-DD)"),
        })
    })
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let now = now();
    let db = cli.db.as_deref();
    match cli.command {
        Command::Catalogue(a) => {
            let mut store = open(db, now)?;
            if a.import.is_some() || a.editions {
                return catalogue::run(&mut store, a, now);
            }
            let year = a.year.unwrap_or_else(|| today(now).year());
            let edition = match &a.edition {
                Some(id) => store.edition(id)?,
                None => store
                    .catalogue()
                    .edition_for_year(year)
                    .ok_or(Error::NoEdition { year })?,
            };
            show_catalogue(&store, edition, a.json);
        }
        Command::MoveEdition(a) => {
            let mut store = open(db, now)?;
            return catalogue::move_edition(&mut store, a, now);
        }
        Command::Units(a) => {
            let store = open(db, now)?;
            let day = match &a.on {
                Some(d) => parse_date(d)?,
                None => today(now),
            };
            let hits: Vec<UnitHit> = match &a.search {
                Some(q) => store.registry().search(q, day),
                None => store
                    .registry()
                    .valid_on(day)
                    .map(|u| UnitHit {
                        unit: u.clone(),
                        former: None,
                    })
                    .collect(),
            };
            if a.json {
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
            } else {
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
        }
        Command::AddUnit(a) => {
            let mut store = open(db, now)?;
            let unit_type = match a.unit_type {
                UnitTypeArg::Ministry => UnitType::Ministry,
                UnitTypeArg::Province => UnitType::Province,
                UnitTypeArg::Department => UnitType::Department,
                UnitTypeArg::Custom => UnitType::Custom,
            };
            let u = store.add_unit(
                &NewUnit {
                    name: a.name,
                    unit_type,
                    code: a.code,
                    short_name: a.short_name,
                    parent: a.parent,
                },
                now,
            )?;
            if a.json {
                print_json(&json!({ "code": u.code, "name": u.name, "type": u.unit_type }));
            } else {
                println!("Đã thêm đơn vị {} «{}».", u.code, u.name);
            }
        }
        Command::Periods(a) => {
            let store = open(db, now)?;
            let year = a.year.unwrap_or_else(|| today(now).year());
            Period::year_report(year)?;
            let list = reporting::periods(&store, year, a.unit.as_deref(), today(now))?;
            if a.json {
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
            } else {
                for p in &list {
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
        }
        Command::Set(a) => {
            let mut store = open(db, now)?;
            let mut report = store.report(&a.unit, parse_period(&a.period)?)?;
            let req = SetFigure {
                indicator: a.indicator.trim().to_owned(),
                value: a.value,
                status: a.status.map(|s| match s {
                    StatusArg::Official => Status::Official,
                    StatusArg::Estimate => Status::Estimate,
                }),
                source: a.source,
                note: a.note,
            };
            let summary = reporting::set_strict(&mut store, &mut report, &req, &Origin::Cli, now)?;
            let figure = store
                .figures(&report)?
                .into_iter()
                .find(|f| f.figure.indicator == req.indicator);
            if a.json {
                print_json(
                    &json!({ "unit": { "code": report.unit.code, "name": report.unit.name },
                    "period": report.period, "figure": figure, "changed": !summary.unchanged.contains(&req.indicator) }),
                );
            } else if summary.unchanged.is_empty() {
                let shown = figure.map(|f| f.figure.display_vi()).unwrap_or_default();
                println!(
                    "Đã lưu chỉ tiêu {} = {} cho {} kỳ {}.",
                    req.indicator,
                    if shown.is_empty() {
                        "(không có số liệu)".into()
                    } else {
                        shown
                    },
                    report.unit.name,
                    report.period
                );
            } else {
                println!("Chỉ tiêu {} không thay đổi.", req.indicator);
            }
        }
        Command::Show(a) => {
            let store = open(db, now)?;
            let report = store.report(&a.unit, parse_period(&a.period)?)?;
            let edition = store.edition(&report.edition_id)?;
            let mut figures = store.figures(&report)?;
            let order = |code: &str| {
                edition
                    .items
                    .iter()
                    .position(|i| i.code == code)
                    .unwrap_or(usize::MAX)
            };
            figures.sort_by_key(|f| order(&f.figure.indicator));
            if a.json {
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
            } else {
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
                for f in &figures {
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
        }
        Command::History(a) => {
            let store = open(db, now)?;
            let report = store.report(&a.unit, parse_period(&a.period)?)?;
            let history = store.history(&report, a.indicator.as_deref())?;
            // The review's versions belong to the whole report, not to one indicator.
            let reviews = if a.indicator.is_none() {
                store.review_history(&report)?
            } else {
                Vec::new()
            };
            let offset = local_offset();
            let moves = store.edition_changes(&report)?;
            if a.json {
                let mut out = json!({ "unit": { "code": report.unit.code, "name": report.unit.name },
                    "period": report.period, "history": history, "edition_changes": moves });
                if a.indicator.is_none() {
                    out["review_history"] = json!(reviews);
                }
                print_json(&out);
            } else {
                for m in &moves {
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
                if history.is_empty() {
                    println!("Chưa có thay đổi nào.");
                }
                for h in &history {
                    let from = h
                        .old
                        .as_ref()
                        .map(|o| o.display_vi())
                        .unwrap_or_else(|| "(mới)".into());
                    let origin = origin_vi(&h.origin, h.cell.as_deref());
                    println!(
                        "  {}  {:7} {} → {}  ({origin})",
                        local_time_vi(&h.at, offset),
                        h.indicator,
                        from,
                        h.new.display_vi()
                    );
                }
                if !reviews.is_empty() {
                    let name = chitieu_core::draft::review::sheet_name(report.period)
                        .unwrap_or("Đánh giá");
                    println!("Phần «{name}»:");
                }
                for r in &reviews {
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
        }
        Command::Undo(a) => {
            let mut store = open(db, now)?;
            let mut report = store.report(&a.unit, parse_period(&a.period)?)?;
            let summary = reporting::undo(&mut store, &mut report, now)?;
            let codes: Vec<&String> = summary.changed.iter().chain(&summary.new).collect();
            if a.json {
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
        Command::Validate(a) => {
            let store = open(db, now)?;
            let report = store.report(&a.unit, parse_period(&a.period)?)?;
            let diags = reporting::diagnostics(&store, &report)?;
            let errors = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            if a.json {
                print_json(
                    &json!({ "unit": { "code": report.unit.code, "name": report.unit.name },
                    "period": report.period, "diagnostics": diags }),
                );
            } else {
                crate::output::diagnostics(&diags);
                let warnings = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count();
                println!("{} lỗi, {} cảnh báo.", errors, warnings);
            }
            if errors > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Import(a) => return files::import(db, a, now),
        Command::Consolidate(a) => return consolidate::consolidate(db, a, now),
        Command::Signing(c) => return sign::run(db, c, now),
        Command::Export(a) => return files::export(db, a, now, false),
        Command::Template(a) => return files::export(db, a, now, true),
        Command::Profile(a) => {
            let mut store = open(db, now)?;
            let unit = store
                .registry()
                .get(&a.unit)
                .cloned()
                .ok_or(Error::UnknownUnit {
                    code: a.unit.clone(),
                })?;
            let mut p = store.profile(&unit.code)?;
            let mut changed = false;
            for (field, value) in [
                (&mut p.preparer, a.preparer),
                (&mut p.phone, a.phone),
                (&mut p.email, a.email),
                (&mut p.head, a.head),
                (&mut p.place, a.place),
            ] {
                if let Some(v) = value {
                    *field = v;
                    changed = true;
                }
            }
            if changed {
                store.set_profile(&unit.code, &p, now)?;
            }
            println!("{}: người lập biểu «{}», điện thoại «{}», thư điện tử «{}», thủ trưởng «{}», địa danh «{}».", unit.name, p.preparer, p.phone, p.email, p.head, p.place);
        }
        Command::Backup(a) => return files::backup(db, &a.out, now),
        Command::Restore(a) => return files::restore(db, &a.file, now),
        Command::Draft(a) => draft(db, &a, now)?,
    }
    Ok(ExitCode::SUCCESS)
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

fn show_catalogue(store: &Store, edition: &Edition, as_json: bool) {
    let registry = store.registry();
    if as_json {
        let items: Vec<_> = edition
            .items
            .iter()
            .map(|i| {
                let a = applicability::derive(edition, i, registry);
                json!({
                    "code": i.code, "name": i.name, "kind": i.kind, "unit": i.unit,
                    "baseline": i.baseline, "plans": i.plans, "target": i.target,
                    "legal_basis": i.legal_basis, "tracking": i.tracking,
                    "tracking_effective": applicability::tracking(edition, i), "bodies": i.bodies,
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

/// `chitieu draft`: the drafts of a report; with `--apply`, written into the
/// empty cells only.
fn draft(db: Option<&Path>, a: &crate::args::DraftArgs, now: OffsetDateTime) -> Result<()> {
    let period = parse_period(&a.period)?;
    let mut store = open(db, now)?;
    let drafts = chitieu_core::draft::report_drafts(&store, &a.unit, period)?;
    let applied = if a.apply {
        Some(chitieu_core::draft::apply(
            &mut store, &a.unit, period, true, now,
        )?)
    } else {
        None
    };
    if a.json {
        let mut doc = serde_json::to_value(&drafts).unwrap_or_default();
        if let (Some(applied), Some(obj)) = (&applied, doc.as_object_mut()) {
            obj.insert("applied".into(), json!(applied));
        }
        print_json(&doc);
        return Ok(());
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
    Ok(())
}

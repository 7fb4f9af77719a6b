//! A consolidation's output: progress on stderr, the summary for people,
//! one JSON document for machines.

use std::path::Path;

use chitieu_core::consolidate::{
    self, Consolidation, IndicatorSummary, LeftOut, OtherPeriod, Outlier, ReceivedFrom, Rejected,
    Revision, SignatureStatus, UnitLine, UnitSignature, UnitStatus,
};
use chitieu_core::period::Period;
use serde::Serialize;

use crate::edge::VIETNAM;

use super::json as print_json;

/// How far the reading of files is, on stderr (rewritten in place).
pub fn progress(done: usize, all: usize) {
    eprint!("\rĐang đọc tệp {done}/{all}…");
}

/// Ends the progress line.
pub fn progress_done() {
    eprintln!();
}

/// The consolidation of `period`; `corrected`: the units whose «Nhận lúc»
/// was corrected by hand in this run; `out`: the workbook written.
pub fn consolidation(
    c: &Consolidation,
    corrected: &[String],
    period: Period,
    out: Option<&Path>,
    as_json: bool,
) {
    if as_json {
        print_json(&Shown::from(c));
    } else {
        for code in corrected {
            if let Some(u) = c.units.iter().find(|u| &u.code == code) {
                println!(
                    "Đã sửa «Nhận lúc» của {} ({}): {}.",
                    u.name,
                    u.code,
                    received_vi(u)
                );
            }
        }
        text(c, period, out);
    }
}

fn text(c: &Consolidation, period: Period, out: Option<&Path>) {
    println!(
        "Tổng hợp {} (hạn nộp {}):",
        period.label_vi(),
        period.deadline_vi()
    );
    println!(
        "  Phải nộp {} đơn vị; đã nộp {} (đúng hạn {}, muộn {}); chưa nộp {}.",
        c.expected,
        c.received,
        c.on_time,
        c.late,
        c.missing.len()
    );
    println!(
        "  Đúng hạn hay muộn tính theo lần nhận đầu tiên; số liệu dùng là của bản gửi sau cùng."
    );
    for w in &c.warnings {
        println!("  Lưu ý: {w}");
    }
    if !c.missing.is_empty() {
        println!("  Chưa nộp: {}.", c.missing.join(", "));
    }
    for u in c.units.iter().filter(|u| u.status == UnitStatus::Late) {
        println!("  Nộp muộn: {} ({}), {}.", u.name, u.code, received_vi(u));
    }
    let unexpected: Vec<&consolidate::UnitLine> = c
        .units
        .iter()
        .filter(|u| u.status == UnitStatus::Unexpected)
        .collect();
    if !unexpected.is_empty() {
        println!("  Ngoài danh sách phải nộp:");
        for u in unexpected {
            match &u.message {
                Some(m) => println!("    - {} ({}): {m}", u.name, u.code),
                None => println!("    - {} ({})", u.name, u.code),
            }
        }
    }
    // A file naming an edition this machine lacks: read with the best one.
    for u in &c.units {
        if let Some(n) = &u.notice {
            println!("  {} ({}): {n}", u.name, u.code);
        }
    }
    signing(c);
    for r in &c.revisions {
        let late = r.received.iter().filter(|f| f.after_deadline).count();
        println!(
            "  {} gửi {} bản{}; bản sau cùng được dùng, {} thay đổi.",
            r.unit,
            r.files.len(),
            if late > 0 {
                format!(" ({late} bản sau hạn)")
            } else {
                String::new()
            },
            r.changes.len()
        );
    }
    if !c.outliers.is_empty() {
        println!("  Số liệu bất thường ({}):", c.outliers.len());
        for o in &c.outliers {
            println!("    - {} chỉ tiêu {}: {}", o.unit, o.indicator, o.reason);
        }
    }
    if !c.left_out.is_empty() {
        println!(
            "  Số liệu có lỗi, không đưa vào thống kê ({}):",
            c.left_out.len()
        );
        for l in &c.left_out {
            println!(
                "    - {} chỉ tiêu {} «{}»: {}",
                l.unit, l.indicator, l.raw, l.message
            );
        }
    }
    if !c.rejected.is_empty() {
        println!("  Tệp không dùng được ({}):", c.rejected.len());
        for r in &c.rejected {
            println!("    - {}", r.message);
        }
    }
    if !c.other_period.is_empty() {
        println!(
            "  Tệp của kỳ khác, không tổng hợp ({}):",
            c.other_period.len()
        );
        // An archive folder may hold hundreds: the first ten, then a count.
        for o in c.other_period.iter().take(10) {
            println!("    - {} (kỳ {})", o.file, o.period);
        }
        if c.other_period.len() > 10 {
            println!("    … và {} tệp khác (xem --json hoặc trang «Tệp không dùng được» của bảng tổng hợp).", c.other_period.len() - 10);
        }
    }
    if c.ignored_files > 0 {
        println!("  Bỏ qua {} tệp không phải bảng tính.", c.ignored_files);
    }
    if let Some(out) = out {
        println!("Đã ghi bảng tổng hợp: {}", out.display());
    }
}

/// The «Ký số» column of the units that sent a file, by what it says:
/// every unit signed, the others counted by code.
fn signing(c: &Consolidation) {
    let sent: Vec<&UnitLine> = c
        .units
        .iter()
        .filter(|u| u.status != UnitStatus::Missing)
        .collect();
    if sent.is_empty() {
        return;
    }
    println!("  Ký số (bản PDF đã ký so với tệp Excel):");
    for status in [
        SignatureStatus::Matches,
        SignatureStatus::Differs,
        SignatureStatus::NotIntact,
        SignatureStatus::Unsigned,
    ] {
        let of: Vec<&&UnitLine> = sent
            .iter()
            .filter(|u| SignatureStatus::of(u.signature.as_ref()) == status)
            .collect();
        if of.is_empty() {
            continue;
        }
        if status == SignatureStatus::Unsigned {
            let codes: Vec<&str> = of.iter().map(|u| u.code.as_str()).collect();
            println!("    {}: {}.", status.label_vi(), codes.join(", "));
            continue;
        }
        println!("    {}:", status.label_vi());
        for u in of {
            if let Some(g) = &u.signature {
                let file = Path::new(&g.file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                println!(
                    "      - {} ({}): «{file}», người ký {}",
                    u.name, u.code, g.signer
                );
            }
        }
    }
}

/// «nhận lúc 01/10/2025 09:00 (theo ngày sửa đổi của tệp)».
fn received_vi(u: &consolidate::UnitLine) -> String {
    let at = u
        .received_at
        .as_deref()
        .map(|t| chitieu_core::period::local_time_vi(t, VIETNAM))
        .unwrap_or_else(|| "chưa rõ".into());
    match (u.received_from, &u.received_reason) {
        (Some(f), Some(r)) => format!("nhận lúc {at} ({}: {r})", f.label_vi()),
        (Some(f), None) => format!("nhận lúc {at} (theo {})", f.label_vi()),
        _ => format!("nhận lúc {at}"),
    }
}

/// The command line's JSON of a consolidation: the core's `Consolidation`
/// without what the desktop's screen alone uses (the figures of each file,
/// the hand corrections, the charts' values, the names and plans of the
/// indicators, the deadline and edition, when it was made).
#[derive(Serialize)]
struct Shown<'a> {
    period: &'a str,
    expected: usize,
    received: usize,
    on_time: usize,
    late: usize,
    missing: &'a [String],
    units: Vec<ShownUnit<'a>>,
    indicators: Vec<ShownIndicator<'a>>,
    outliers: &'a [Outlier],
    revisions: &'a [Revision],
    rejected: &'a [Rejected],
    other_period: &'a [OtherPeriod],
    left_out: &'a [LeftOut],
    ignored_files: usize,
    warnings: &'a [String],
}

/// A unit's line, as `Shown` gives it.
#[derive(Serialize)]
struct ShownUnit<'a> {
    code: &'a str,
    name: &'a str,
    status: UnitStatus,
    file: Option<&'a str>,
    received_at: Option<&'a str>,
    received_from: Option<ReceivedFrom>,
    received_reason: Option<&'a str>,
    latest_at: Option<&'a str>,
    figures: usize,
    errors: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    notice: Option<&'a str>,
    message: Option<&'a str>,
    signature: Option<ShownSignature<'a>>,
}

/// A unit's signed PDF, as `Shown` gives it: who signed first, whether
/// every signature is intact, whether it says what the Excel file says.
#[derive(Serialize)]
struct ShownSignature<'a> {
    signer: &'a str,
    intact: bool,
    matches_submission: bool,
}

impl<'a> From<&'a UnitSignature> for ShownSignature<'a> {
    fn from(s: &'a UnitSignature) -> Self {
        ShownSignature {
            signer: &s.signer,
            intact: s.intact,
            matches_submission: s.matches_submission,
        }
    }
}

/// An indicator's statistics, as `Shown` gives them.
#[derive(Serialize)]
struct ShownIndicator<'a> {
    indicator: &'a str,
    count: usize,
    min: Option<f64>,
    median: Option<f64>,
    max: Option<f64>,
    mean: Option<f64>,
    met_plan: Option<usize>,
    met_target: Option<usize>,
}

impl<'a> From<&'a Consolidation> for Shown<'a> {
    fn from(c: &'a Consolidation) -> Self {
        Shown {
            period: &c.period,
            expected: c.expected,
            received: c.received,
            on_time: c.on_time,
            late: c.late,
            missing: &c.missing,
            units: c.units.iter().map(ShownUnit::from).collect(),
            indicators: c.indicators.iter().map(ShownIndicator::from).collect(),
            outliers: &c.outliers,
            revisions: &c.revisions,
            rejected: &c.rejected,
            other_period: &c.other_period,
            left_out: &c.left_out,
            ignored_files: c.ignored_files,
            warnings: &c.warnings,
        }
    }
}

impl<'a> From<&'a UnitLine> for ShownUnit<'a> {
    fn from(u: &'a UnitLine) -> Self {
        ShownUnit {
            code: &u.code,
            name: &u.name,
            status: u.status,
            file: u.file.as_deref(),
            received_at: u.received_at.as_deref(),
            received_from: u.received_from,
            received_reason: u.received_reason.as_deref(),
            latest_at: u.latest_at.as_deref(),
            figures: u.figures,
            errors: u.errors,
            notice: u.notice.as_deref(),
            message: u.message.as_deref(),
            signature: u.signature.as_ref().map(ShownSignature::from),
        }
    }
}

impl<'a> From<&'a IndicatorSummary> for ShownIndicator<'a> {
    fn from(i: &'a IndicatorSummary) -> Self {
        ShownIndicator {
            indicator: &i.indicator,
            count: i.count,
            min: i.min,
            median: i.median,
            max: i.max,
            mean: i.mean,
            met_plan: i.met_plan,
            met_target: i.met_target,
        }
    }
}

//! What the rendition says: the same texts as the workbook's form sheet
//! (`export::form_sheet`), built from the same inputs — the header block,
//! the twelve column headers, one row per applicable indicator (group and
//! parent rows marked bold), the preparer block — with every figure as text
//! the way the form shows it (`number::format_vi`: `86,97`, ranks `3`).

use time::OffsetDateTime;

use crate::applicability::applicable_codes;
use crate::catalogue::Edition;
use crate::figure::{Figure, ReportRef};
use crate::form::layout::{column_headers, plan_header};
use crate::store::{Profile, Store};

use super::super::{contact_line, signing_date, ExportKind};

/// The form's title.
pub const TITLE: &str = "BIỂU CUNG CẤP SỐ LIỆU CHỈ TIÊU CHIẾN LƯỢC CHÍNH PHỦ SỐ";
/// The annex's name, top right of the Excel form.
pub const ANNEX: &str = "Phụ lục 01";

/// One table row: group and parent rows are bold.
pub struct Row {
    pub heading: bool,
    pub cells: [String; 12],
}

/// The whole form as text.
pub struct Form {
    pub unit_line: String,
    pub receiver_line: String,
    pub period_line: String,
    pub coverage_line: String,
    pub headers: [String; 12],
    pub rows: Vec<Row>,
    pub date_line: String,
    pub preparer: String,
    pub head: String,
    pub contact: String,
    /// The document's title (Info dictionary).
    pub doc_title: String,
}

/// The form of `report` with `figures`, as the workbook writes it.
pub fn form(
    store: &Store,
    edition: &Edition,
    report: &ReportRef,
    figures: &[Figure],
    profile: &Profile,
    receiver: &str,
    local: OffsetDateTime,
) -> Form {
    let period = report.period;
    let mut headers = column_headers(period.year(), edition.target_year);
    headers[3] = plan_header(edition, period.year());
    let on = period.reference_date();
    let applicable = applicable_codes(edition, &report.unit, store.registry(), on);
    let rows = edition
        .rows_for(|code| applicable.contains(code))
        .into_iter()
        .map(|item| {
            let figure = figures.iter().find(|f| f.indicator == item.code);
            let value = match figure.and_then(|f| f.value) {
                Some(v) => crate::number::format_vi(v),
                None if figure.is_some_and(|f| f.says_no_figure() && !f.raw.trim().is_empty()) => {
                    "-".to_owned()
                }
                None => String::new(),
            };
            let status = figure
                .filter(|f| !f.is_missing())
                .and_then(|f| f.status)
                .map(|st| st.label_vi())
                .unwrap_or("");
            let plan = edition
                .plan_for(item, period.year())
                .map(|t| t.text.as_str())
                .unwrap_or("");
            let target = item.target.as_ref().map_or("", |t| t.text.as_str());
            let texts: [&str; 5] = match figure {
                Some(f) => [&f.source, &f.trend, &f.comparison, &f.proposals, &f.notes],
                None => [""; 5],
            };
            Row {
                heading: !item.kind.carries_figure(),
                cells: [
                    item.code.clone(),
                    item.name.clone(),
                    item.unit.clone(),
                    plan.to_owned(),
                    target.to_owned(),
                    value,
                    status.to_owned(),
                    texts[0].to_owned(),
                    texts[1].to_owned(),
                    texts[2].to_owned(),
                    texts[3].to_owned(),
                    texts[4].to_owned(),
                ],
            }
        })
        .collect();
    Form {
        unit_line: format!("Đơn vị báo cáo: {}", report.unit.name),
        receiver_line: format!("Đơn vị nhận báo cáo: {receiver}"),
        period_line: format!("Kỳ báo cáo: {}", period.label_vi()),
        coverage_line: format!(
            "(Số liệu {}; gửi {})",
            period.coverage_vi(),
            period.deadline_vi()
        ),
        headers,
        rows,
        date_line: signing_date(profile, ExportKind::Submission, period, local),
        preparer: profile.preparer.clone(),
        head: profile.head.clone(),
        contact: contact_line(profile),
        doc_title: format!("{ANNEX} — {} — {}", report.unit.name, period.label_vi()),
    }
}

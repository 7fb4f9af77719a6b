//! What the rendition says: the same texts as the workbook's form sheet
//! (`export::form_sheet`), from the same inputs — the header block, the
//! twelve column headers, the table rows of `export::rows` (the model both
//! writers use; group and parent rows bold), the preparer block — with
//! every figure as text the way the form shows it (`number::format_vi`:
//! `86,97`, ranks `3`).

use time::OffsetDateTime;

use crate::catalogue::Edition;
use crate::figure::{Figure, ReportRef};
use crate::form::layout::{column_headers, plan_header};
use crate::store::{Profile, Store};

use super::super::rows::form_rows;
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
    let rows = form_rows(store, edition, report, figures)
        .into_iter()
        .map(|r| Row {
            heading: r.heading,
            cells: [
                r.item.code.clone(),
                r.item.name.clone(),
                r.item.unit.clone(),
                r.plan.to_owned(),
                r.target.to_owned(),
                r.shown.text(),
                r.status.to_owned(),
                r.texts[0].to_owned(),
                r.texts[1].to_owned(),
                r.texts[2].to_owned(),
                r.texts[3].to_owned(),
                r.texts[4].to_owned(),
            ],
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

//! Export of the Phụ lục 01 workbook: the submission and the blank template.
//!
//! The submission *is* the file the receiving agency opens, prints, files and
//! consolidates, so it is written only when validation finds no error, and
//! exactly as `shared/domain/PHU-LUC-01.md` defines the form: the header
//! block, the twelve columns with the numbering row, group and parent rows in
//! bold, only the indicators that apply to the unit, figures as numbers in the
//! indicator's unit (86.97 for 86,97 %, never the fraction), the footer with
//! the preparer's details; Times New Roman, A4 landscape, fit to the page
//! width, header rows repeated on every printed page, page numbers. Warnings
//! go to a "Kiểm tra" sheet. A hidden sheet and custom document properties
//! carry machine metadata, including a hash over the figures, so an
//! unedited export can be recognised when it comes back.
//!
//! Cell text is always written as text: a note starting with `=` stays a note.
//!
//! With the submission, its PDF rendition (`pdf/`) may be written from the
//! same snapshot: the same form, the same figures hash.

pub mod pdf;
pub mod rows;

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;
use time::{OffsetDateTime, UtcOffset};

use crate::catalogue::{Edition, Kind};
use crate::error::{Error, Result};
use crate::figure::{Figure, ReportRef};
use crate::file::sha256_hex;
use crate::form::layout::{column_headers, plan_header, CHECK_SHEET, COLUMN_WIDTHS, FORM_SHEET};
use crate::form::meta::{figures_hash, Written};
use crate::period::timestamp;
use crate::report::Completeness;
use crate::store::{ExportRecord, Profile, Store};
use crate::validate::{Diagnostic, Severity};

/// What kind of file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Submission,
    Template,
}

impl ExportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Submission => "submission",
            ExportKind::Template => "template",
        }
    }
}

/// A written file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: usize,
    /// Warnings written into the check sheet.
    pub warnings: Vec<Diagnostic>,
    pub figures: usize,
    /// Of the unit's figures, how many were there (a submission may go out
    /// incomplete, after the front end said how many are missing).
    pub completeness: Completeness,
    /// The PDF rendition written with the submission, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pdf: Option<ExportedPdf>,
}

/// The PDF rendition written beside a submission.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct ExportedPdf {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: usize,
    pub pages: usize,
}

/// The file name suggested for a report: `PL01_<unit code>_<period>.xlsx`
/// (`PL01_MAU_…` for the blank template).
pub fn suggested_name(report: &ReportRef, kind: ExportKind) -> String {
    match kind {
        ExportKind::Submission => format!("PL01_{}_{}.xlsx", report.unit.code, report.period),
        ExportKind::Template => format!("PL01_MAU_{}_{}.xlsx", report.unit.code, report.period),
    }
}

/// Where the app writes a submission's PDF rendition («Kèm bản PDF»):
/// beside the workbook, under the same name with `.pdf`.
pub fn pdf_beside(workbook: &Path) -> PathBuf {
    workbook.with_extension("pdf")
}

/// The figures an export of `report` carries (`report::exported_figures`).
pub use crate::report::exported_figures;

/// Validates and writes the submission for `unit_code` / `period` to `path`,
/// atomically, and records it in the history. Refuses while an error remains.
/// With `pdf`, its PDF rendition goes there too, from the same snapshot
/// (same figures, same figures hash), also atomically; neither file is
/// written when the export is refused.
pub fn export_submission(
    store: &mut Store,
    unit_code: &str,
    period: crate::period::Period,
    path: &Path,
    pdf: Option<&Path>,
    now: OffsetDateTime,
) -> Result<Exported> {
    write(
        store,
        unit_code,
        period,
        path,
        pdf,
        now,
        ExportKind::Submission,
    )
}

/// Writes the blank template (plans and targets, empty figure cells with data
/// validation, protected sheet) and records it.
pub fn export_template(
    store: &mut Store,
    unit_code: &str,
    period: crate::period::Period,
    path: &Path,
    now: OffsetDateTime,
) -> Result<Exported> {
    write(
        store,
        unit_code,
        period,
        path,
        None,
        now,
        ExportKind::Template,
    )
}

fn write(
    store: &mut Store,
    unit_code: &str,
    period: crate::period::Period,
    path: &Path,
    pdf: Option<&Path>,
    now: OffsetDateTime,
    kind: ExportKind,
) -> Result<Exported> {
    let mut report = store.report(unit_code, period)?;
    let stored = store.figures(&report)?;
    let diagnostics = crate::report::diagnostics_of(store, &report, &stored)?;
    // Refused without any figure or while an error remains.
    let completeness = match kind {
        ExportKind::Submission => {
            crate::report::export_check(store, &report, &stored, &diagnostics)?
        }
        ExportKind::Template => Completeness::default(),
    };
    let figures = match kind {
        ExportKind::Submission => exported_figures(store, &report)?,
        ExportKind::Template => Vec::new(),
    };
    let warnings: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    let bytes = workbook_bytes(store, &report, &figures, &warnings, kind, now)?;
    let rendition = match pdf {
        Some(p) if kind == ExportKind::Submission => {
            if std::path::absolute(p).ok() == std::path::absolute(path).ok() {
                return Err(Error::PdfSameAsWorkbook { path: p.to_owned() });
            }
            Some((p, rendition_bytes(store, &report, &figures, now)?))
        }
        _ => None,
    };
    for p in std::iter::once(path).chain(rendition.as_ref().map(|(p, _)| *p)) {
        if crate::file::held_by_office(p) {
            return Err(Error::FileInUse { path: p.to_owned() });
        }
    }
    // The rendition first: a failure there leaves no workbook behind either.
    let exported_pdf = match &rendition {
        Some((p, r)) => {
            crate::file::write_atomically(p, &r.bytes)?;
            Some(ExportedPdf {
                path: std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
                sha256: sha256_hex(&r.bytes),
                bytes: r.bytes.len(),
                pages: r.pages,
            })
        }
        None => None,
    };
    crate::file::write_atomically(path, &bytes)?;
    let sha256 = sha256_hex(&bytes);
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    store.record_export(
        &mut report,
        &ExportRecord {
            kind: kind.as_str().into(),
            at: timestamp(now),
            path: absolute.display().to_string(),
            sha256: sha256.clone(),
            figures_sha256: figures_hash(&figures),
            snapshot: figures.clone(),
        },
    )?;
    Ok(Exported {
        path: absolute,
        sha256,
        bytes: bytes.len(),
        warnings: if kind == ExportKind::Submission {
            warnings
        } else {
            Vec::new()
        },
        figures: figures.len(),
        completeness,
        pdf: exported_pdf,
    })
}

/// The local time of the form's date (Vietnam, +07:00).
fn local_time(now: OffsetDateTime) -> OffsetDateTime {
    now.to_offset(UtcOffset::from_hms(7, 0, 0).unwrap_or(UtcOffset::UTC))
}

/// Renders the PDF rendition of the submission of `report` with `figures`
/// (the exported snapshot) in memory.
pub fn rendition_bytes(
    store: &Store,
    report: &ReportRef,
    figures: &[Figure],
    now: OffsetDateTime,
) -> Result<pdf::Rendition> {
    let edition = store.edition(&report.edition_id)?;
    let profile = store.profile(&report.unit.code)?;
    let receiver = store
        .registry()
        .receiver_on(report.period.reference_date())
        .unwrap_or_default();
    let local = local_time(now);
    let form = pdf::content::form(store, edition, report, figures, &profile, &receiver, local);
    pdf::render(&form, &figures_hash(figures), local)
}

fn xlsx_err(e: XlsxError) -> Error {
    Error::Database(format!("không tạo được tệp Excel: {e}"))
}

/// Styles of the form.
struct Styles {
    plain: Format,
    bold: Format,
    title: Format,
    center: Format,
    italic_center: Format,
    header: Format,
    number_row: Format,
    code: Format,
    group_code: Format,
    group_name: Format,
    cell: Format,
    cell_center: Format,
    share: Format,
    rank: Format,
    input_text: Format,
    input_center: Format,
    input_share: Format,
    input_rank: Format,
}

fn styles() -> Styles {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let cell = base
        .clone()
        .set_font_size(11)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let input = |f: Format| f.set_unlocked();
    Styles {
        plain: base.clone(),
        bold: base.clone().set_bold(),
        title: base
            .clone()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        center: base.clone().set_align(FormatAlign::Center),
        italic_center: base.clone().set_italic().set_align(FormatAlign::Center),
        header: cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color("D9E2F3"),
        number_row: cell.clone().set_italic().set_align(FormatAlign::Center),
        code: cell.clone().set_align(FormatAlign::Center),
        group_code: cell.clone().set_bold().set_align(FormatAlign::Center),
        group_name: cell.clone().set_bold(),
        cell_center: cell.clone().set_align(FormatAlign::Center),
        share: cell
            .clone()
            .set_num_format("0.00")
            .set_align(FormatAlign::Right),
        rank: cell
            .clone()
            .set_num_format("0")
            .set_align(FormatAlign::Right),
        input_text: input(cell.clone()),
        input_center: input(cell.clone().set_align(FormatAlign::Center)),
        input_share: input(
            cell.clone()
                .set_num_format("0.00")
                .set_align(FormatAlign::Right),
        ),
        input_rank: input(
            cell.clone()
                .set_num_format("0")
                .set_align(FormatAlign::Right),
        ),
        cell,
    }
}

/// Estimated lines a wrapped text takes in a column of `width` characters.
fn lines(text: &str, width: f64) -> usize {
    let per_line = (width * 1.3).max(1.0) as usize;
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum()
}

/// Builds the workbook in memory.
pub fn workbook_bytes(
    store: &Store,
    report: &ReportRef,
    figures: &[Figure],
    warnings: &[Diagnostic],
    kind: ExportKind,
    now: OffsetDateTime,
) -> Result<Vec<u8>> {
    let edition = store.edition(&report.edition_id)?;
    let profile = store.profile(&report.unit.code)?;
    let on = report.period.reference_date();
    let receiver = store.registry().receiver_on(on).unwrap_or_default();
    let local = local_time(now);
    let s = styles();
    let mut wb = Workbook::new();
    let form_result = {
        let ws = wb.add_worksheet();
        form_sheet(
            ws, store, edition, report, figures, &profile, &receiver, kind, local, &s,
        )
    };
    form_result.map_err(xlsx_err)?;
    if kind == ExportKind::Submission {
        let ws = wb.add_worksheet();
        check_sheet(ws, warnings, &s).map_err(xlsx_err)?;
        // The six-month / year review stored with the report (issue 13).
        if let Some((name, text)) = crate::draft::review_for_export(store, report)? {
            crate::draft::review::write_sheet(wb.add_worksheet(), name, &text).map_err(xlsx_err)?;
        }
    }
    let meta = Written {
        kind: kind.as_str(),
        edition: &edition.id,
        unit: &report.unit.code,
        period: report.period,
        exported_at: timestamp(now),
        figures_sha256: figures_hash(figures),
    };
    meta.write_sheet(&mut wb).map_err(xlsx_err)?;
    let created = ExcelDateTime::from_timestamp(now.unix_timestamp()).map_err(xlsx_err)?;
    let props = DocProperties::new()
        .set_title(format!(
            "Phụ lục 01 — {} — {}",
            report.unit.name,
            report.period.label_vi()
        ))
        .set_author("chitieu")
        .set_creation_datetime(&created);
    let props = meta.custom_properties(props);
    wb.set_properties(&props);
    wb.save_to_buffer().map_err(xlsx_err)
}

#[allow(clippy::too_many_arguments)]
fn form_sheet(
    ws: &mut Worksheet,
    store: &Store,
    edition: &Edition,
    report: &ReportRef,
    figures: &[Figure],
    profile: &Profile,
    receiver: &str,
    kind: ExportKind,
    local: OffsetDateTime,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(FORM_SHEET)?;
    for (c, w) in COLUMN_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let period = report.period;
    let last_col: u16 = 11;
    // Header block.
    ws.merge_range(
        0,
        0,
        0,
        6,
        &format!("Đơn vị báo cáo: {}", report.unit.name),
        &s.bold,
    )?;
    ws.merge_range(
        0,
        9,
        0,
        last_col,
        "Phụ lục 01",
        &s.bold.clone().set_italic().set_align(FormatAlign::Right),
    )?;
    ws.merge_range(
        1,
        0,
        1,
        last_col,
        &format!("Đơn vị nhận báo cáo: {receiver}"),
        &s.plain,
    )?;
    ws.merge_range(
        3,
        0,
        3,
        last_col,
        "BIỂU CUNG CẤP SỐ LIỆU CHỈ TIÊU CHIẾN LƯỢC CHÍNH PHỦ SỐ",
        &s.title,
    )?;
    ws.set_row_height(3, 24)?;
    ws.merge_range(
        4,
        0,
        4,
        last_col,
        &format!("Kỳ báo cáo: {}", period.label_vi()),
        &s.bold.clone().set_align(FormatAlign::Center),
    )?;
    let coverage = format!(
        "(Số liệu {}; gửi {})",
        period.coverage_vi(),
        period.deadline_vi()
    );
    ws.merge_range(5, 0, 5, last_col, &coverage, &s.italic_center)?;
    // Table header and numbering row.
    let header_row: u32 = 7;
    let mut headers = column_headers(period.year(), edition.target_year);
    headers[3] = plan_header(edition, period.year());
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, h, &s.header)?;
        ws.write_string_with_format(
            header_row + 1,
            c as u16,
            format!("({})", c + 1),
            &s.number_row,
        )?;
    }
    ws.set_row_height(header_row, 32)?;
    ws.set_freeze_panes(header_row + 2, 0)?;
    ws.set_repeat_rows(header_row, header_row + 1)?;
    // Rows.
    let mut row = header_row + 2;
    let mut validations: Vec<(u32, Kind)> = Vec::new();
    for r in rows::form_rows(store, edition, report, figures) {
        let item = r.item;
        let heading = r.heading;
        let (code_f, name_f) = if heading {
            (&s.group_code, &s.group_name)
        } else {
            (&s.code, &s.cell)
        };
        ws.write_string_with_format(row, 0, &item.code, code_f)?;
        ws.write_string_with_format(row, 1, &item.name, name_f)?;
        ws.write_string_with_format(row, 2, &item.unit, &s.cell_center)?;
        ws.write_string_with_format(row, 3, r.plan, &s.cell_center)?;
        ws.write_string_with_format(row, 4, r.target, &s.cell_center)?;
        let input = kind == ExportKind::Template && item.kind.carries_figure();
        let (text_f, center_f) = if input {
            (&s.input_text, &s.input_center)
        } else {
            (&s.cell, &s.cell_center)
        };
        let number_f = match (item.kind, input) {
            (Kind::Rank, false) => &s.rank,
            (Kind::Rank, true) => &s.input_rank,
            (_, false) => &s.share,
            (_, true) => &s.input_share,
        };
        match r.shown {
            rows::Shown::Number(v) => {
                ws.write_number_with_format(row, 5, v, number_f)?;
            }
            rows::Shown::Dash => {
                ws.write_string_with_format(row, 5, "-", center_f)?;
            }
            rows::Shown::Blank => {
                ws.write_blank(row, 5, if heading { &s.cell } else { number_f })?;
            }
        }
        ws.write_string_with_format(row, 6, r.status, center_f)?;
        let texts = r.texts;
        let mut height_lines = lines(&item.name, COLUMN_WIDTHS[1]);
        for (k, t) in texts.iter().enumerate() {
            ws.write_string_with_format(row, 7 + k as u16, *t, text_f)?;
            height_lines = height_lines.max(lines(t, COLUMN_WIDTHS[7 + k]));
        }
        ws.set_row_height(row, 15.0 * height_lines.min(25) as f64 + 3.0)?;
        if input {
            validations.push((row, item.kind));
        }
        row += 1;
    }
    let last_table_row = row - 1;
    // Template: data validation on the input cells, protection elsewhere.
    if kind == ExportKind::Template {
        // One rule per kind of figure, over all its cells.
        let mut by_kind: Vec<(Kind, Vec<u32>)> = Vec::new();
        for (r, k) in &validations {
            match by_kind.iter_mut().find(|(kk, _)| kk == k) {
                Some((_, rows)) => rows.push(*r),
                None => by_kind.push((*k, vec![*r])),
            }
        }
        for (k, rows) in &by_kind {
            let v = match k {
                Kind::Share => DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
                    .set_error_title("Số liệu không hợp lệ")?
                    .set_error_message("Chỉ tiêu là tỷ lệ phần trăm: nhập số từ 0 đến 100 (ví dụ 86,97 cho 86,97%).")?,
                Kind::Rank => DataValidation::new()
                    .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1))
                    .set_error_title("Số liệu không hợp lệ")?
                    .set_error_message("Chỉ tiêu là thứ hạng: nhập số nguyên dương (1, 2, 3…).")?,
                _ => DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(-1000.0, 1000.0))
                    .set_error_title("Số liệu không hợp lệ")?
                    .set_error_message("Nhập một số (có thể âm), ví dụ -3,5.")?,
            };
            let cells: Vec<String> = rows.iter().map(|r| format!("F{}", r + 1)).collect();
            ws.add_data_validation(rows[0], 5, rows[0], 5, &v.set_multi_range(cells.join(" ")))?;
        }
        if let Some((first, _)) = validations.first() {
            let cells: Vec<String> = validations
                .iter()
                .map(|(r, _)| format!("G{}", r + 1))
                .collect();
            let status = DataValidation::new()
                .allow_list_strings(&["Chính thức", "Ước tính"])?
                .set_error_title("Loại số liệu không hợp lệ")?
                .set_error_message("Chọn «Chính thức» hoặc «Ước tính».")?
                .set_multi_range(cells.join(" "));
            ws.add_data_validation(*first, 6, *first, 6, &status)?;
        }
        ws.protect();
    }
    // Footer.
    let f = last_table_row + 2;
    let date = signing_date(profile, kind, period, local);
    ws.merge_range(f, 7, f, last_col, &date, &s.italic_center)?;
    ws.merge_range(
        f + 1,
        0,
        f + 1,
        3,
        "Người lập biểu",
        &s.bold.clone().set_align(FormatAlign::Center),
    )?;
    ws.merge_range(
        f + 1,
        7,
        f + 1,
        last_col,
        "THỦ TRƯỞNG ĐƠN VỊ",
        &s.bold.clone().set_align(FormatAlign::Center),
    )?;
    ws.merge_range(f + 2, 0, f + 2, 3, "(Ký, ghi rõ họ tên)", &s.italic_center)?;
    ws.merge_range(
        f + 2,
        7,
        f + 2,
        last_col,
        "(Ký tên, đóng dấu)",
        &s.italic_center,
    )?;
    ws.merge_range(
        f + 6,
        0,
        f + 6,
        3,
        &profile.preparer,
        &s.bold.clone().set_align(FormatAlign::Center),
    )?;
    ws.merge_range(
        f + 6,
        7,
        f + 6,
        last_col,
        &profile.head,
        &s.bold.clone().set_align(FormatAlign::Center),
    )?;
    let contact = contact_line(profile);
    ws.merge_range(f + 8, 0, f + 8, last_col, &contact, &s.plain)?;
    let _ = &s.center;
    // Print.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C&\"Times New Roman\"Trang &P/&N");
    ws.set_print_area(0, 0, f + 8, last_col)?;
    Ok(())
}

/// The place and date above the signatures: the export's day for a
/// submission, blanks for the template (shared with the PDF rendition).
fn signing_date(
    profile: &Profile,
    kind: ExportKind,
    period: crate::period::Period,
    local: OffsetDateTime,
) -> String {
    let place = if profile.place.trim().is_empty() {
        "……".to_owned()
    } else {
        profile.place.trim().to_owned()
    };
    if kind == ExportKind::Submission {
        format!(
            "{place}, ngày {:02} tháng {:02} năm {}",
            local.day(),
            u8::from(local.month()),
            local.year()
        )
    } else {
        format!("{place}, ngày …… tháng …… năm {}", period.year())
    }
}

/// The contact line under the signatures (shared with the PDF rendition).
fn contact_line(profile: &Profile) -> String {
    format!(
        "Người liên hệ: {}   Điện thoại: {}   Thư điện tử: {}",
        dots(&profile.preparer),
        dots(&profile.phone),
        dots(&profile.email)
    )
}

fn dots(s: &str) -> String {
    if s.trim().is_empty() {
        "……………".to_owned()
    } else {
        s.trim().to_owned()
    }
}

fn check_sheet(ws: &mut Worksheet, warnings: &[Diagnostic], s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(CHECK_SHEET)?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 10)?;
    ws.set_column_width(2, 100)?;
    ws.write_string_with_format(0, 0, "KẾT QUẢ KIỂM TRA SỐ LIỆU", &s.bold)?;
    for (c, h) in ["Mức độ", "Chỉ tiêu", "Nội dung"].iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &s.header)?;
    }
    if warnings.is_empty() {
        ws.write_string_with_format(3, 0, "Không có cảnh báo.", &s.plain)?;
    }
    for (i, d) in warnings.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string_with_format(r, 0, d.severity.label_vi(), &s.cell)?;
        ws.write_string_with_format(r, 1, d.indicator.as_deref().unwrap_or(""), &s.cell_center)?;
        ws.write_string_with_format(r, 2, &d.message, &s.cell)?;
    }
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

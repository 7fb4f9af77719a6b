//! The consolidated workbook (rust_xlsxwriter): print-ready, A4 landscape,
//! in Vietnamese. Five sheets: «Tổng hợp» (units × indicators), «Tình hình
//! nộp», «Thống kê», «Bất thường», «Tệp không dùng được».

use std::path::Path;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::signed::SignatureStatus;
use super::summary::{Consolidation, UnitStatus};
use super::ConsolidateError;
use crate::figure::Status;
use crate::period::Period;

pub const SHEETS: [&str; 5] = [
    "Tổng hợp",
    "Tình hình nộp",
    "Thống kê",
    "Bất thường",
    "Tệp không dùng được",
];

struct Styles {
    title: Format,
    note: Format,
    header: Format,
    cell: Format,
    center: Format,
    number: Format,
    rank: Format,
    estimate: Format,
    estimate_rank: Format,
    error: Format,
    date: Format,
}

fn styles() -> Styles {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(11);
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let number = cell
        .clone()
        .set_num_format("0.00")
        .set_align(FormatAlign::Right);
    let rank = cell
        .clone()
        .set_num_format("0")
        .set_align(FormatAlign::Right);
    let estimate = |f: &Format| {
        f.clone()
            .set_italic()
            .set_background_color(Color::RGB(0xFFF2CC))
    };
    Styles {
        title: base.clone().set_bold().set_font_size(14),
        note: base.clone().set_italic(),
        header: cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(0xD9E2F3)),
        center: cell.clone().set_align(FormatAlign::Center),
        estimate: estimate(&number),
        estimate_rank: estimate(&rank),
        error: cell.clone().set_font_color(Color::RGB(0xC00000)),
        date: cell
            .clone()
            .set_num_format("dd/mm/yyyy hh:mm")
            .set_align(FormatAlign::Center),
        number,
        rank,
        cell,
    }
}

fn print_setup(ws: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer("&C&\"Times New Roman\"Trang &P/&N");
    Ok(())
}

fn headers(
    ws: &mut Worksheet,
    row: u32,
    names: &[(&str, f64)],
    s: &Styles,
) -> Result<(), XlsxError> {
    for (c, (h, w)) in names.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &s.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

/// An ISO 8601 time (with the offset it was given in: Vietnam time) as a
/// date cell, or a blank one.
fn date_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    at: Option<&str>,
    s: &Styles,
) -> Result<(), XlsxError> {
    let parsed = at.and_then(|a| {
        time::OffsetDateTime::parse(a, &time::format_description::well_known::Rfc3339).ok()
    });
    match parsed {
        Some(t) => {
            let d = ExcelDateTime::from_ymd(
                u16::try_from(t.year()).unwrap_or(1900),
                u8::from(t.month()),
                t.day(),
            )?
            .and_hms(u16::from(t.hour()), t.minute(), t.second())?;
            ws.write_datetime_with_format(row, col, d, &s.date)?;
        }
        None => match at {
            Some(text) => {
                ws.write_string_with_format(row, col, text, &s.cell)?;
            }
            None => {
                ws.write_blank(row, col, &s.cell)?;
            }
        },
    }
    Ok(())
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".into();
    }
    format!(
        "{}%",
        crate::number::format_vi(super::stats::round2(part as f64 * 100.0 / whole as f64))
    )
}

/// Builds the workbook in memory.
pub fn workbook_bytes(c: &Consolidation) -> Result<Vec<u8>, ConsolidateError> {
    build(c).map_err(|e| ConsolidateError::Workbook {
        detail: e.to_string(),
    })
}

/// Writes the workbook atomically to `path`.
pub fn write_workbook(c: &Consolidation, path: &Path) -> Result<(), ConsolidateError> {
    let bytes = workbook_bytes(c)?;
    crate::file::write_atomically(path, &bytes).map_err(|e| ConsolidateError::File(Box::new(e)))
}

fn build(c: &Consolidation) -> Result<Vec<u8>, XlsxError> {
    let s = styles();
    let label = c
        .period
        .parse::<Period>()
        .map(|p| p.label_vi())
        .unwrap_or_else(|_| c.period.clone());
    let mut wb = Workbook::new();

    // «Tổng hợp»: units × indicators.
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[0])?;
        ws.write_string_with_format(
            0,
            0,
            format!("TỔNG HỢP SỐ LIỆU CHỈ TIÊU CHÍNH PHỦ SỐ — {label}"),
            &s.title,
        )?;
        ws.write_string_with_format(
            1,
            0,
            "Số liệu ước tính: chữ nghiêng trên nền vàng. Số liệu có lỗi: chữ đỏ, giữ nguyên như đơn vị ghi, không đưa vào thống kê.",
            &s.note,
        )?;
        let header_row = 3;
        let figures: Vec<&super::summary::IndicatorSummary> = c.indicators.iter().collect();
        ws.write_string_with_format(header_row, 0, "STT", &s.header)?;
        ws.write_string_with_format(header_row, 1, "Mã đơn vị", &s.header)?;
        ws.write_string_with_format(header_row, 2, "Đơn vị", &s.header)?;
        ws.set_column_width(0, 5)?;
        ws.set_column_width(1, 13)?;
        ws.set_column_width(2, 28)?;
        for (k, i) in figures.iter().enumerate() {
            let col = 3 + k as u16;
            ws.write_string_with_format(
                header_row,
                col,
                format!("{} ({})", i.indicator, i.unit),
                &s.header,
            )?;
            ws.set_column_width(col, 8.5)?;
        }
        for (row, u) in (header_row + 1..).zip(c.units.iter().filter(|u| !u.values.is_empty())) {
            ws.write_number_with_format(row, 0, f64::from(row - header_row), &s.center)?;
            ws.write_string_with_format(row, 1, &u.code, &s.cell)?;
            ws.write_string_with_format(row, 2, &u.name, &s.cell)?;
            for (k, i) in figures.iter().enumerate() {
                let col = 3 + k as u16;
                let rank = i.rank;
                match u.values.iter().find(|g| g.indicator == i.indicator) {
                    Some(g) if g.error.is_some() => {
                        ws.write_string_with_format(row, col, &g.raw, &s.error)?;
                    }
                    Some(g) => match g.value {
                        Some(v) => {
                            let f = match (g.status == Some(Status::Estimate), rank) {
                                (true, true) => &s.estimate_rank,
                                (true, false) => &s.estimate,
                                (false, true) => &s.rank,
                                (false, false) => &s.number,
                            };
                            ws.write_number_with_format(row, col, v, f)?;
                        }
                        None => {
                            ws.write_string_with_format(row, col, &g.raw, &s.center)?;
                        }
                    },
                    None => {
                        ws.write_blank(row, col, &s.cell)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(header_row + 1, 3)?;
        print_setup(ws, header_row)?;
        ws.set_repeat_columns(0, 2)?;
        // About fifteen indicators a page across, the units' names repeated.
        ws.set_print_fit_to_pages(figures.len().div_ceil(15).max(1) as u16, 0);
    }

    // «Tình hình nộp».
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[1])?;
        ws.write_string_with_format(
            0,
            0,
            format!(
                "TÌNH HÌNH NỘP BÁO CÁO — {label} (hạn: trước ngày {})",
                c.deadline
            ),
            &s.title,
        )?;
        let missing = c.expected.saturating_sub(c.received);
        let summary = format!(
            "Phải nộp: {}; đã nộp: {} (đúng hạn {}, muộn {}); chưa nộp: {}. Tỷ lệ nộp: {}; tỷ lệ nộp đúng hạn: {}.",
            c.expected,
            c.received,
            c.on_time,
            c.late,
            missing,
            percent(c.received, c.expected),
            percent(c.on_time, c.expected)
        );
        let summary = format!(
            "{summary} Đúng hạn hay muộn tính theo lần nhận đầu tiên (bản sửa gửi sau là bản sửa đổi, không phải nộp muộn); số liệu dùng là của bản gửi sau cùng."
        );
        ws.write_string_with_format(1, 0, summary, &s.note)?;
        if !c.warnings.is_empty() {
            ws.write_string_with_format(2, 0, c.warnings.join(" "), &s.error)?;
        }
        let header_row = 3;
        headers(
            ws,
            header_row,
            &[
                ("STT", 5.0),
                ("Mã đơn vị", 14.0),
                ("Đơn vị", 30.0),
                ("Tình trạng", 12.0),
                ("Tệp (bản đang dùng)", 28.0),
                ("Nhận lúc (lần đầu)", 16.0),
                ("Nguồn «Nhận lúc»", 16.0),
                ("Bản đang dùng nhận lúc", 16.0),
                ("Xuất từ chitieu lúc", 16.0),
                ("Sửa sau khi xuất", 9.0),
                ("Ký số", 18.0),
                ("Số liệu", 7.0),
                ("Lỗi", 5.0),
                ("Ghi chú", 32.0),
            ],
            &s,
        )?;
        for (k, u) in c.units.iter().enumerate() {
            let r = header_row + 1 + k as u32;
            ws.write_number_with_format(r, 0, (k + 1) as f64, &s.center)?;
            ws.write_string_with_format(r, 1, &u.code, &s.cell)?;
            ws.write_string_with_format(r, 2, &u.name, &s.cell)?;
            let f = if matches!(u.status, UnitStatus::Missing | UnitStatus::Late) {
                &s.error
            } else {
                &s.cell
            };
            ws.write_string_with_format(r, 3, u.status.label_vi(), f)?;
            ws.write_string_with_format(r, 4, u.file.as_deref().unwrap_or(""), &s.cell)?;
            date_cell(ws, r, 5, u.received_at.as_deref(), &s)?;
            ws.write_string_with_format(
                r,
                6,
                u.received_from.map_or("", |f| f.label_vi()),
                &s.cell,
            )?;
            date_cell(ws, r, 7, u.latest_at.as_deref(), &s)?;
            date_cell(ws, r, 8, u.exported_at.as_deref(), &s)?;
            let edited = match (&u.exported_at, u.edited_after_export) {
                (Some(_), true) => "Có",
                (Some(_), false) => "Không",
                _ => "",
            };
            ws.write_string_with_format(r, 9, edited, &s.center)?;
            let signing = SignatureStatus::of(u.signature.as_ref());
            let f = match signing {
                SignatureStatus::Differs | SignatureStatus::NotIntact => &s.error,
                _ => &s.cell,
            };
            ws.write_string_with_format(r, 10, signing.label_vi(), f)?;
            if u.status != UnitStatus::Missing {
                ws.write_number_with_format(r, 11, u.figures as f64, &s.center)?;
                ws.write_number_with_format(r, 12, u.errors as f64, &s.center)?;
            } else {
                ws.write_blank(r, 11, &s.cell)?;
                ws.write_blank(r, 12, &s.cell)?;
            }
            let note: Vec<String> = u
                .message
                .iter()
                .cloned()
                .chain(
                    u.received_reason
                        .as_ref()
                        .map(|r| format!("«Nhận lúc» sửa tay: {r}")),
                )
                .chain(u.signature.as_ref().map(|g| {
                    let file = std::path::Path::new(&g.file)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    format!("Bản ký «{file}», người ký: {}.", g.signer)
                }))
                .collect();
            ws.write_string_with_format(r, 13, note.join(" "), &s.cell)?;
        }
        print_setup(ws, header_row)?;
        ws.set_print_fit_to_pages(1, 0);
    }

    // «Thống kê».
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[2])?;
        ws.write_string_with_format(0, 0, format!("THỐNG KÊ THEO CHỈ TIÊU — {label}"), &s.title)?;
        ws.write_string_with_format(
            1,
            0,
            "Trung bình cộng không gia quyền của các đơn vị: tỷ lệ của các đơn vị có quy mô khác nhau không cộng dồn được, nên đây không phải số liệu chung. Số liệu có lỗi không được tính (liệt kê ở cuối trang).",
            &s.note,
        )?;
        let header_row = 3;
        headers(
            ws,
            header_row,
            &[
                ("Mã", 7.0),
                ("Chỉ tiêu", 50.0),
                ("Đơn vị tính", 9.0),
                ("Số đơn vị", 8.0),
                ("Nhỏ nhất", 9.0),
                ("Trung vị", 9.0),
                ("Lớn nhất", 9.0),
                ("Trung bình cộng (không gia quyền)", 14.0),
                ("Kế hoạch năm", 11.0),
                ("Số đơn vị đạt kế hoạch", 10.0),
                ("Mục tiêu", 11.0),
                ("Số đơn vị đạt mục tiêu", 10.0),
            ],
            &s,
        )?;
        let mut r = header_row + 1;
        for i in &c.indicators {
            ws.write_string_with_format(r, 0, &i.indicator, &s.center)?;
            ws.write_string_with_format(r, 1, &i.name, &s.cell)?;
            ws.write_string_with_format(r, 2, &i.unit, &s.center)?;
            ws.write_number_with_format(r, 3, i.count as f64, &s.center)?;
            for (k, v) in [i.min, i.median, i.max, i.mean].iter().enumerate() {
                match v {
                    Some(v) => ws.write_number_with_format(r, 4 + k as u16, *v, &s.number)?,
                    None => ws.write_blank(r, 4 + k as u16, &s.cell)?,
                };
            }
            ws.write_string_with_format(r, 8, &i.plan, &s.center)?;
            match i.met_plan {
                Some(n) => ws.write_number_with_format(r, 9, n as f64, &s.center)?,
                None => ws.write_blank(r, 9, &s.cell)?,
            };
            ws.write_string_with_format(r, 10, &i.target, &s.center)?;
            match i.met_target {
                Some(n) => ws.write_number_with_format(r, 11, n as f64, &s.center)?,
                None => ws.write_blank(r, 11, &s.cell)?,
            };
            r += 1;
        }
        if !c.left_out.is_empty() {
            r += 1;
            ws.write_string_with_format(r, 0, "Số liệu có lỗi, không đưa vào thống kê", &s.title)?;
            r += 1;
            for (k, h) in ["Đơn vị", "Chỉ tiêu", "Số liệu ghi", "Lỗi"]
                .iter()
                .enumerate()
            {
                ws.write_string_with_format(r, k as u16, *h, &s.header)?;
            }
            for l in &c.left_out {
                r += 1;
                ws.write_string_with_format(r, 0, &l.unit, &s.cell)?;
                ws.write_string_with_format(r, 1, &l.indicator, &s.cell)?;
                ws.write_string_with_format(r, 2, &l.raw, &s.error)?;
                ws.write_string_with_format(r, 3, &l.message, &s.cell)?;
            }
        }
        print_setup(ws, header_row)?;
        ws.set_print_fit_to_pages(1, 0);
    }

    // «Bất thường».
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[3])?;
        ws.write_string_with_format(0, 0, format!("SỐ LIỆU BẤT THƯỜNG — {label}"), &s.title)?;
        ws.write_string_with_format(
            1,
            0,
            "Điểm z hiệu chỉnh 0,6745·(x − trung vị)/MAD có trị tuyệt đối lớn hơn 3,5; chỉ tính khi có ít nhất 5 đơn vị và MAD > 0.",
            &s.note,
        )?;
        let header_row = 3;
        headers(
            ws,
            header_row,
            &[
                ("Đơn vị", 16.0),
                ("Chỉ tiêu", 10.0),
                ("Số liệu", 10.0),
                ("Lý do", 90.0),
            ],
            &s,
        )?;
        if c.outliers.is_empty() {
            ws.write_string_with_format(
                header_row + 1,
                0,
                "Không có số liệu bất thường.",
                &s.note,
            )?;
        }
        for (k, o) in c.outliers.iter().enumerate() {
            let r = header_row + 1 + k as u32;
            ws.write_string_with_format(r, 0, &o.unit, &s.cell)?;
            ws.write_string_with_format(r, 1, &o.indicator, &s.center)?;
            ws.write_number_with_format(r, 2, o.value, &s.number)?;
            ws.write_string_with_format(r, 3, &o.reason, &s.cell)?;
        }
        print_setup(ws, header_row)?;
        ws.set_print_fit_to_pages(1, 0);
    }

    // «Tệp không dùng được».
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[4])?;
        ws.write_string_with_format(0, 0, format!("TỆP KHÔNG DÙNG ĐƯỢC — {label}"), &s.title)?;
        let header_row = 2;
        headers(ws, header_row, &[("Tệp", 60.0), ("Lý do", 90.0)], &s)?;
        let mut r = header_row;
        if c.rejected.is_empty() {
            r += 1;
            ws.write_string_with_format(r, 0, "Không có tệp nào bị từ chối.", &s.note)?;
        }
        for x in &c.rejected {
            r += 1;
            ws.write_string_with_format(r, 0, &x.file, &s.cell)?;
            ws.write_string_with_format(r, 1, &x.message, &s.cell)?;
        }
        if !c.other_period.is_empty() {
            r += 2;
            ws.write_string_with_format(
                r,
                0,
                "Tệp của kỳ báo cáo khác (không đưa vào tổng hợp kỳ này)",
                &s.title,
            )?;
            r += 1;
            ws.write_string_with_format(r, 0, "Tệp", &s.header)?;
            ws.write_string_with_format(r, 1, "Kỳ báo cáo", &s.header)?;
            for o in &c.other_period {
                r += 1;
                ws.write_string_with_format(r, 0, &o.file, &s.cell)?;
                ws.write_string_with_format(r, 1, &o.period, &s.cell)?;
            }
        }
        if c.ignored_files > 0 {
            r += 2;
            ws.write_string_with_format(
                r,
                0,
                format!("Bỏ qua {} tệp không phải bảng tính.", c.ignored_files),
                &s.note,
            )?;
        }
        print_setup(ws, header_row)?;
        ws.set_print_fit_to_pages(1, 0);
    }
    let created = ExcelDateTime::from_timestamp(c.generated_at.unix_timestamp())?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Tổng hợp Phụ lục 01 — {label}"))
            .set_author("chitieu")
            .set_creation_datetime(&created),
    );
    wb.save_to_buffer()
}

//! The sheets and columns of a Phụ lục 01 workbook as chitieu writes it:
//! the form's sheet and the check sheet, the twelve column headers (the plan
//! and target headers carry years) and their widths.

use crate::catalogue::Edition;

/// The sheet holding the form.
pub const FORM_SHEET: &str = "Phụ lục 01";
/// The sheet listing warnings.
pub const CHECK_SHEET: &str = "Kiểm tra";

/// The twelve column headers; the plan and target headers carry years.
pub fn column_headers(plan_year: i32, target_year: i32) -> [String; 12] {
    [
        "STT".into(),
        "Chỉ tiêu".into(),
        "Đơn vị tính".into(),
        format!("Kế hoạch năm {plan_year}"),
        format!("Mục tiêu {target_year}"),
        "Số liệu kỳ báo cáo".into(),
        "Loại số liệu".into(),
        "Nguồn số liệu".into(),
        "Đánh giá xu hướng".into(),
        "So sánh quốc tế".into(),
        "Đề xuất, kiến nghị".into(),
        "Ghi chú".into(),
    ]
}

/// The plan column's header for a report of `year` under `edition`: the
/// year's plan, or, when the edition sets none for that year, a heading that
/// says so (never a blank column under a heading that promises figures).
pub fn plan_header(edition: &Edition, year: i32) -> String {
    if edition.covers(year) {
        format!("Kế hoạch năm {year}")
    } else {
        format!(
            "Kế hoạch năm {year}: chưa có (bộ chỉ tiêu {})",
            edition.years_label()
        )
    }
}

/// The twelve columns' widths, in characters.
pub const COLUMN_WIDTHS: [f64; 12] = [
    7.0, 52.0, 9.0, 11.0, 11.0, 12.0, 11.0, 18.0, 26.0, 20.0, 26.0, 14.0,
];

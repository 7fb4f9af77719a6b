//! The six-month review (the Q2 report) and the year review: a short set of
//! paragraphs drafted from the report's figures, then edited by a person and
//! stored with the report, every change with a history row.

use crate::catalogue::{Edition, Item, Kind};
use crate::error::Result;
use crate::number::format_vi;
use crate::period::Period;
pub use crate::store::{ReviewChange, StoredReview};

use super::phrases::Phrases;
use super::trend::{improvement, period_label, Observation};
use super::DraftError;

/// Whether a report of `period` carries a review, and the export sheet's name.
pub fn sheet_name(period: Period) -> Option<&'static str> {
    match period {
        Period::Quarter { quarter: 2, .. } => Some("Đánh giá 6 tháng"),
        Period::Year(_) => Some("Đánh giá năm"),
        Period::Quarter { .. } => None,
    }
}

/// The period a review measures change against: the previous year's Q4 for
/// the six-month review, the previous year for the year review.
pub fn review_base(period: Period) -> Option<Period> {
    match period {
        Period::Quarter { year, quarter: 2 } => Some(Period::Quarter {
            year: year - 1,
            quarter: 4,
        }),
        Period::Year(year) => Some(Period::Year(year - 1)),
        Period::Quarter { .. } => None,
    }
}

/// One figure of the report, with its figure of the review's base period.
#[derive(Debug, Clone)]
pub struct ReviewLine<'a> {
    pub item: &'a Item,
    pub current: Observation,
    pub base: Option<Observation>,
}

/// How many lines a list of improvements or declines names.
const LISTED: usize = 3;

/// The review text of a Q2 or year report; `None` for other periods and
/// for a report with no figure.
pub fn review(
    phrases: &Phrases,
    edition: &Edition,
    unit_name: &str,
    period: Period,
    lines: &[ReviewLine<'_>],
) -> Result<Option<String>, DraftError> {
    let (Some(base_period), title_key) = (
        review_base(period),
        if period.is_year() {
            "review.title_year"
        } else {
            "review.title_half"
        },
    ) else {
        return Ok(None);
    };
    if lines.is_empty() {
        return Ok(None); // no figure, no review
    }
    let year = period.year().to_string();
    let mut paragraphs = vec![phrases.fill(title_key, &[("year", &year)])?];

    // The year's plan: met, behind, none to compare with.
    let (mut met, mut none) = (0usize, 0usize);
    let mut behind: Vec<&str> = Vec::new();
    for l in lines {
        match edition
            .plan_for(l.item, period.year())
            .and_then(|t| t.comparison)
        {
            Some(c) if c.is_met_by(l.current.value, l.item.kind) => met += 1,
            Some(_) => behind.push(&l.item.code),
            None => none += 1,
        }
    }
    let behind_list = if behind.is_empty() {
        String::new()
    } else {
        phrases.fill("review.behind_list", &[("codes", &behind.join(", "))])?
    };
    paragraphs.push(phrases.fill(
        "review.plan",
        &[
            ("unit", unit_name),
            ("total", &lines.len().to_string()),
            ("period", &period_label(phrases, period)?),
            ("met", &met.to_string()),
            ("year", &year),
            ("behind", &behind.len().to_string()),
            ("behind_list", &behind_list),
            ("none", &none.to_string()),
        ],
    )?);

    // The largest changes since the base period: percentages first, then ranks.
    let base_label = period_label(phrases, base_period)?;
    let mut changes: Vec<(&Item, f64)> = lines
        .iter()
        .filter_map(|l| {
            l.base
                .as_ref()
                .map(|b| (l.item, improvement(l.item.kind, b.value, l.current.value)))
        })
        .collect();
    if changes.is_empty() {
        paragraphs.push(phrases.fill("review.no_base", &[("base", &base_label)])?);
    } else {
        changes.retain(|(_, d)| *d != 0.0);
        let order = |a: &(&Item, f64), b: &(&Item, f64)| {
            (a.0.kind == Kind::Rank)
                .cmp(&(b.0.kind == Kind::Rank))
                .then(b.1.abs().total_cmp(&a.1.abs()))
        };
        changes.sort_by(order);
        let list = |better: bool| -> Result<String, DraftError> {
            let items: Vec<String> = changes
                .iter()
                .filter(|(_, d)| (*d > 0.0) == better)
                .take(LISTED)
                .map(|(item, d)| {
                    let key = match (item.kind == Kind::Rank, better) {
                        (false, true) => "review.improved_points",
                        (true, true) => "review.improved_rank",
                        (false, false) => "review.declined_points",
                        (true, false) => "review.declined_rank",
                    };
                    phrases.fill(key, &[("code", &item.code), ("diff", &format_vi(d.abs()))])
                })
                .collect::<Result<_, _>>()?;
            Ok(items.join("; "))
        };
        let (up, down) = (list(true)?, list(false)?);
        if up.is_empty() && down.is_empty() {
            paragraphs.push(phrases.fill("review.no_change", &[("base", &base_label)])?);
        }
        if !up.is_empty() {
            paragraphs
                .push(phrases.fill("review.improved", &[("base", &base_label), ("items", &up)])?);
        }
        if !down.is_empty() {
            paragraphs.push(phrases.fill(
                "review.declined",
                &[("base", &base_label), ("items", &down)],
            )?);
        }
    }

    let estimates: Vec<&str> = lines
        .iter()
        .filter(|l| l.current.estimate)
        .map(|l| l.item.code.as_str())
        .collect();
    paragraphs.push(if estimates.is_empty() {
        phrases.fill("review.no_estimates", &[])?
    } else {
        phrases.fill("review.estimates", &[("codes", &estimates.join(", "))])?
    });
    paragraphs.push(phrases.fill("review.proposals", &[])?);
    Ok(Some(paragraphs.join("\n\n")))
}

/// Writes the review on its own sheet of the export: the sheet is named
/// «Đánh giá 6 tháng» or «Đánh giá năm», one paragraph per row, wrapped.
pub fn write_sheet(
    ws: &mut rust_xlsxwriter::Worksheet,
    name: &str,
    text: &str,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign};
    const WIDTH: f64 = 110.0;
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    ws.set_name(name)?;
    ws.set_column_width(0, WIDTH)?;
    for (i, paragraph) in text.split("\n\n").enumerate() {
        let row = u32::try_from(i).unwrap_or(u32::MAX);
        let format = if i == 0 {
            base.clone().set_bold()
        } else {
            base.clone()
        };
        ws.write_string_with_format(row, 0, paragraph, &format)?;
        let lines: usize = paragraph
            .split('\n')
            .map(|l| l.chars().count().div_ceil((WIDTH * 1.2) as usize).max(1))
            .sum();
        ws.set_row_height(row, 16.0 * lines as f64 + 4.0)?;
    }
    ws.set_paper_size(9);
    Ok(())
}

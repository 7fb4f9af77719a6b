//! The form's table rows, once, for both writers: the workbook's sheet
//! (`export::form_sheet`, which writes the figure as a number cell) and the
//! PDF rendition (`export::pdf::content`, which writes it as text). Every
//! indicator that applies to the unit on the period's reference date, in
//! the edition's order, group and parent rows marked as headings.

use crate::applicability::applicable_codes;
use crate::catalogue::{Edition, Item};
use crate::figure::{Figure, ReportRef};
use crate::store::Store;

/// What the figure column shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown {
    /// A figure, as stored.
    Number(f64),
    /// `-`: the unit says there is no figure.
    Dash,
    /// An empty cell.
    Blank,
}

impl Shown {
    /// The figure as the form shows it in text (`86,97`, `-`, nothing).
    pub fn text(self) -> String {
        match self {
            Shown::Number(v) => crate::number::format_vi(v),
            Shown::Dash => "-".to_owned(),
            Shown::Blank => String::new(),
        }
    }
}

/// One row of the table.
pub struct FormRow<'a> {
    pub item: &'a Item,
    /// A group or parent row (no figure of its own): bold.
    pub heading: bool,
    pub plan: &'a str,
    pub target: &'a str,
    pub shown: Shown,
    /// «Chính thức» / «Ước tính» beside a figure, else empty.
    pub status: &'static str,
    /// Source, trend, comparison, proposals, notes.
    pub texts: [&'a str; 5],
}

/// The rows of `report`'s form with `figures`.
pub fn form_rows<'a>(
    store: &Store,
    edition: &'a Edition,
    report: &ReportRef,
    figures: &'a [Figure],
) -> Vec<FormRow<'a>> {
    let period = report.period;
    let applicable = applicable_codes(
        edition,
        &report.unit,
        store.registry(),
        period.reference_date(),
    );
    edition
        .rows_for(|code| applicable.contains(code))
        .into_iter()
        .map(|item| {
            let figure = figures.iter().find(|f| f.indicator == item.code);
            let shown = match figure.and_then(|f| f.value) {
                Some(v) => Shown::Number(crate::number::shown(v)),
                None if figure.is_some_and(|f| f.says_no_figure() && !f.raw.trim().is_empty()) => {
                    Shown::Dash
                }
                None => Shown::Blank,
            };
            // A status goes with a figure: none is written beside an empty cell.
            let status = figure
                .filter(|f| !f.is_missing())
                .and_then(|f| f.status)
                .map(|st| st.label_vi())
                .unwrap_or("");
            FormRow {
                item,
                heading: !item.kind.carries_figure(),
                plan: edition
                    .plan_for(item, period.year())
                    .map(|t| t.text.as_str())
                    .unwrap_or(""),
                target: item.target.as_ref().map_or("", |t| t.text.as_str()),
                shown,
                status,
                texts: match figure {
                    Some(f) => [&f.source, &f.trend, &f.comparison, &f.proposals, &f.notes],
                    None => [""; 5],
                },
            }
        })
        .collect()
}

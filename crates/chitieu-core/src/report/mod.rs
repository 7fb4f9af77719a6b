//! Reports and figures: what a unit declares for a period, and what people
//! do to a report: type figures, look at it, check it, send it.
//!
//! The types live here; the CLI and the desktop shell call the functions
//! re-exported below, which hold every rule so the front ends only render
//! what comes back.

mod check;
mod edit;
mod periods;
mod trend;
mod view;

pub use check::{
    carries_a_figure, check_export, diagnostics, diagnostics_of, export_check, exported_figures,
    previous_values, Completeness,
};
pub use edit::{apply_edits, check_edit, restore_value, set_strict, undo, Edit, SetFigure};
pub use periods::{
    mark_sent, periods, state, state_label_vi, DeadlineTone, PeriodSummary, ReportState,
    OVERDUE_DAYS_SHOWN,
};
pub use trend::{trend, Trend, TrendPoint};
pub use view::{edition_of, is_user_unit_type, view, ReportView, RowView};

pub use crate::figure::{kind_violation, Field, Figure, ReportRef, Status};

use crate::catalogue::{Edition, Item};
use crate::error::{Error, Result};
use crate::number::{format_vi, parse_figure};

/// The edition's item `indicator`, or the error that names it as unknown.
fn item<'a>(edition: &'a Edition, indicator: &str) -> Result<&'a Item> {
    edition
        .item(indicator)
        .ok_or_else(|| Error::UnknownIndicator {
            code: indicator.to_owned(),
            edition: edition.id.clone(),
        })
}

/// The edition's item `indicator` when a figure may be typed for it (not a
/// group heading or a parent row).
fn figure_item<'a>(edition: &'a Edition, indicator: &str) -> Result<&'a Item> {
    let item = item(edition, indicator)?;
    if !item.kind.carries_figure() {
        return Err(Error::NotAFigureRow {
            code: item.code.clone(),
            kind: item.kind,
        });
    }
    Ok(item)
}

/// Checks a figure strictly, as the CLI's `set` does: the indicator exists
/// and carries figures, the value parses and fits the indicator's kind.
pub fn check_strict(edition: &Edition, indicator: &str, text: &str) -> Result<Option<f64>> {
    let item = figure_item(edition, indicator)?;
    let value = parse_figure(text).map_err(|source| Error::Figure {
        indicator: indicator.to_owned(),
        source,
    })?;
    if let Some(v) = value {
        if let Some(rule) = kind_violation(item, v) {
            return Err(Error::OutOfRange {
                indicator: indicator.to_owned(),
                kind: item.kind,
                rule,
                value: format_vi(v),
            });
        }
    }
    Ok(value)
}

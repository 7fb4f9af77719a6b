//! Moving a report to a newer edition: same codes carry over, the codes the
//! new edition no longer has are listed (and their figures blanked, kept in
//! the history), and the move is recorded.

use serde::Serialize;
use time::OffsetDateTime;

use crate::error::Result;
use crate::period::Period;
use crate::store::{Origin, Store};

use super::{EditionImportError, ItemBrief};

/// What moving a report to another edition does (the preview, and what was done).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionMove {
    pub unit_code: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub period: Period,
    pub from: String,
    pub from_years: String,
    pub to: String,
    pub to_years: String,
    /// Codes with a figure that carry over unchanged.
    pub carried: Vec<String>,
    /// Indicators with a figure that the new edition no longer has.
    pub removed: Vec<ItemBrief>,
    /// Indicators of the new edition the old one did not have.
    pub added: Vec<ItemBrief>,
}

/// Previews moving the report of `unit_code` / `period` to edition `to`. Writes nothing.
pub fn preview_move(
    store: &Store,
    unit_code: &str,
    period: Period,
    to: &str,
) -> Result<EditionMove> {
    let report = store.report(unit_code, period)?;
    let from = store.edition(&report.edition_id)?;
    let target = store.edition(to)?;
    if !target.covers(period.year()) {
        return Err(EditionImportError::NotForYear {
            to: to.to_owned(),
            year: period.year(),
        }
        .into());
    }
    if target.id == from.id || target.first_year < from.first_year {
        return Err(EditionImportError::NotNewer {
            from: from.id.clone(),
            to: to.to_owned(),
        }
        .into());
    }
    let figures = store.figures(&report)?;
    let with_figure = |code: &str| {
        figures
            .iter()
            .any(|f| f.figure.indicator == code && !f.figure.is_blank())
    };
    let brief = |i: &crate::catalogue::Item| ItemBrief {
        code: i.code.clone(),
        name: i.name.clone(),
    };
    Ok(EditionMove {
        unit_code: report.unit.code.clone(),
        period,
        from: from.id.clone(),
        from_years: from.years_label(),
        to: target.id.clone(),
        to_years: target.years_label(),
        carried: from
            .indicators()
            .filter(|i| {
                with_figure(&i.code)
                    && target
                        .item(&i.code)
                        .is_some_and(|t| t.kind.carries_figure())
            })
            .map(|i| i.code.clone())
            .collect(),
        removed: from
            .indicators()
            .filter(|i| {
                with_figure(&i.code)
                    && !target
                        .item(&i.code)
                        .is_some_and(|t| t.kind.carries_figure())
            })
            .map(brief)
            .collect(),
        added: target
            .indicators()
            .filter(|i| from.item(&i.code).is_none())
            .map(brief)
            .collect(),
    })
}

/// Moves the report, recorded in its history; returns what was done.
pub fn move_report(
    store: &mut Store,
    unit_code: &str,
    period: Period,
    to: &str,
    origin: &Origin,
    now: OffsetDateTime,
) -> Result<EditionMove> {
    let m = preview_move(store, unit_code, period, to)?;
    let mut report = store.report(unit_code, period)?;
    let removed: Vec<String> = m.removed.iter().map(|i| i.code.clone()).collect();
    store.move_report_edition(&mut report, to, &m.carried, &removed, origin, now)?;
    Ok(m)
}

//! Whether a report may be exported, and what validation says of it: how
//! complete it is, its diagnostics (with the previous period's values
//! validation compares against), and the one check every export makes.
//!
//! An export without any figure is refused (`Error::ExportEmpty`); one with
//! figures still missing goes out after the front end says how many; one
//! with an error is refused (`Error::ExportBlocked`). A submission recorded
//! without a figure (older versions allowed it) does not count as sent.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::applicability::applicable_codes;
use crate::error::{Error, Result};
use crate::period::Period;
use crate::report::{Figure, ReportRef};
use crate::store::{Store, StoredFigure};
use crate::validate::{self, Context, Diagnostic, Located, Severity};

/// The figures an export of `report` carries: the non-blank figures of the
/// indicators that apply to the unit, in catalogue order.
pub fn exported_figures(store: &Store, report: &ReportRef) -> Result<Vec<Figure>> {
    let edition = store.edition(&report.edition_id)?;
    let on = report.period.reference_date();
    let stored = store.figures(report)?;
    let applicable = applicable_codes(edition, &report.unit, store.registry(), on);
    Ok(edition
        .indicators()
        .filter(|i| applicable.contains(&i.code))
        .filter_map(|i| stored.iter().find(|s| s.figure.indicator == i.code))
        .map(|s| s.figure.clone())
        .filter(|f| !f.is_blank())
        .collect())
}

/// How many of the figures the unit reports for the period a report has.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Completeness {
    /// Applicable indicators carrying a figure that have one (not blank, not "-").
    pub filled: usize,
    /// Applicable indicators carrying a figure.
    pub expected: usize,
}

impl Completeness {
    /// Counts the figures of `report` among those its unit reports.
    pub fn of(store: &Store, report: &ReportRef, figures: &[StoredFigure]) -> Result<Completeness> {
        let edition = store.edition(&report.edition_id)?;
        let applicable = crate::applicability::applicable_codes(
            edition,
            &report.unit,
            store.registry(),
            report.period.reference_date(),
        );
        let mut out = Completeness::default();
        for item in edition
            .items
            .iter()
            .filter(|i| i.kind.carries_figure() && applicable.contains(&i.code))
        {
            out.expected += 1;
            if figures
                .iter()
                .any(|f| f.figure.indicator == item.code && !f.figure.is_missing())
            {
                out.filled += 1;
            }
        }
        Ok(out)
    }

    pub fn missing(self) -> usize {
        self.expected.saturating_sub(self.filled)
    }

    /// Every figure the unit reports is there.
    pub fn complete(self) -> bool {
        self.filled > 0 && self.missing() == 0
    }

    /// "4/26 chỉ tiêu".
    pub fn label_vi(self) -> String {
        format!("{}/{} chỉ tiêu", self.filled, self.expected)
    }

    /// "Còn 22/26 chỉ tiêu chưa có số liệu.", or `None` when complete.
    pub fn missing_vi(self) -> Option<String> {
        (self.missing() > 0).then(|| {
            format!(
                "Còn {}/{} chỉ tiêu chưa có số liệu.",
                self.missing(),
                self.expected
            )
        })
    }
}

/// Whether a submission's snapshot carries at least one figure: one that
/// carries none (older versions exported empty reports) was not a report.
pub fn carries_a_figure(snapshot: &[Figure]) -> bool {
    snapshot.iter().any(|f| !f.is_missing())
}

/// The values of the previous period's report of the same unit, by indicator.
pub fn previous_values(store: &Store, report: &ReportRef) -> Result<BTreeMap<String, f64>> {
    let prev = report.period.previous();
    let Ok(prev_ref) = store.report(&report.unit.code, prev) else {
        return Ok(BTreeMap::new());
    };
    if prev_ref.edition_id != report.edition_id {
        return Ok(BTreeMap::new()); // codes of another edition mean other things
    }
    Ok(store
        .figures(&prev_ref)?
        .into_iter()
        .filter_map(|s| s.figure.value.map(|v| (s.figure.indicator, v)))
        .collect())
}

/// Validates the stored figures of a report.
pub fn diagnostics(store: &Store, report: &ReportRef) -> Result<Vec<Diagnostic>> {
    let figures = store.figures(report)?;
    diagnostics_of(store, report, &figures)
}

/// What validation needs to know about `report`.
pub(super) fn context<'a>(store: &'a Store, report: &'a ReportRef) -> Result<Context<'a>> {
    Ok(Context {
        edition: store.edition(&report.edition_id)?,
        registry: store.registry(),
        unit: &report.unit,
        period: report.period,
        previous: previous_values(store, report)?,
    })
}

pub fn diagnostics_of(
    store: &Store,
    report: &ReportRef,
    figures: &[StoredFigure],
) -> Result<Vec<Diagnostic>> {
    let ctx = context(store, report)?;
    let located: Vec<Located<'_>> = figures
        .iter()
        .map(|s| Located {
            figure: &s.figure,
            sheet: s.sheet.as_deref(),
            cell: s.cell.as_deref(),
        })
        .collect();
    Ok(validate::validate(&ctx, &located))
}

/// Whether the submission of `unit_code` / `period` may be exported, and how
/// complete it is: refused without any figure (`Error::ExportEmpty`) and
/// while errors remain (`Error::ExportBlocked`, with them), so a front end can
/// say so, or ask to confirm the missing figures, before asking where to save.
pub fn check_export(store: &Store, unit_code: &str, period: Period) -> Result<Completeness> {
    let report = store.report(unit_code, period)?;
    let figures = store.figures(&report)?;
    let diags = diagnostics_of(store, &report, &figures)?;
    export_check(store, &report, &figures, &diags)
}

/// The one check of a submission's export (`check_export` and
/// `export::export_submission` both make it).
pub fn export_check(
    store: &Store,
    report: &ReportRef,
    figures: &[StoredFigure],
    diags: &[Diagnostic],
) -> Result<Completeness> {
    let completeness = Completeness::of(store, report, figures)?;
    if completeness.filled == 0 {
        return Err(Error::ExportEmpty {
            period: report.period.label_vi(),
        });
    }
    let errors: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    match errors.first() {
        Some(first) => Err(Error::ExportBlocked {
            count: errors.len(),
            first: first.message.clone(),
            diagnostics: errors,
        }),
        None => Ok(completeness),
    }
}

//! The report as the app shows it: its rows with plans, targets, the
//! previous period's figures and diagnostics, its state and completeness.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::catalogue::{Edition, Kind};
use crate::error::{Error, Result};
use crate::period::Period;
use crate::registry::UnitType;
use crate::report::check::{diagnostics_of, export_check, previous_values, Completeness};
use crate::report::periods::{state, ReportState, Sent};
use crate::report::{Figure, ReportRef};
use crate::store::{Store, StoredFigure};
use crate::validate::{self, Diagnostic, Severity};

/// A row of the report as the app shows it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub code: String,
    pub name: String,
    pub kind: Kind,
    pub unit: String,
    /// Nesting: 0 for groups, 1 for indicators, 2 for sub-indicators.
    pub depth: usize,
    /// The plan of the report year, as written.
    pub plan: String,
    /// The final target, as written.
    pub target: String,
    /// The previous period's figure (vi-VN), if any.
    pub previous: Option<String>,
    pub applicable: bool,
    pub figure: Option<StoredFigure>,
    /// The figure differs from what the last submission carried.
    pub changed_since_export: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// A whole report as the app shows it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub unit_code: String,
    pub unit_name: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub period: Period,
    pub period_label: String,
    pub coverage: String,
    pub deadline: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    /// As `PeriodSummary::overdue`.
    pub overdue: bool,
    pub sent_otherwise: bool,
    pub edition_id: String,
    pub edition_title: String,
    /// The years the edition covers ("2023–2025").
    pub edition_years: String,
    /// The banner when the edition sets no plan for the report's year.
    pub edition_notice: Option<String>,
    /// Newer editions covering the report's year it may be moved to.
    pub newer_editions: Vec<String>,
    /// The plan column's heading (`form::layout::plan_header`).
    pub plan_header: String,
    pub plan_year: i32,
    pub target_year: i32,
    pub receiver: String,
    pub state: ReportState,
    /// How many of the unit's figures are there (the export asks to confirm
    /// the missing ones).
    pub completeness: Completeness,
    /// Why the submission cannot be exported at all (no figure), in words;
    /// errors are in `diagnostics`.
    pub export_refusal: Option<String>,
    pub rows: Vec<RowView>,
    /// Every diagnostic, in catalogue order.
    pub diagnostics: Vec<Diagnostic>,
    pub errors: usize,
    pub warnings: usize,
}

/// The report of `unit_code` for `period`, ready to show.
pub fn view(store: &Store, unit_code: &str, period: Period, today: Date) -> Result<ReportView> {
    let report = store.report(unit_code, period)?;
    let edition = store.edition(&report.edition_id)?;
    let figures = store.figures(&report)?;
    let diags = diagnostics_of(store, &report, &figures)?;
    let previous = previous_values(store, &report)?;
    let on = period.reference_date();
    let by_code: BTreeMap<&str, &StoredFigure> = figures
        .iter()
        .map(|f| (f.figure.indicator.as_str(), f))
        .collect();
    let applicable =
        crate::applicability::applicable_codes(edition, &report.unit, store.registry(), on);
    let show = |code: &str| -> bool {
        applicable.contains(code) || by_code.get(code).is_some_and(|f| !f.figure.is_blank())
    };
    let mut rows = Vec::new();
    for item in edition.rows_for(show) {
        rows.push(RowView {
            code: item.code.clone(),
            name: item.name.clone(),
            kind: item.kind,
            unit: item.unit.clone(),
            depth: item.code.matches('.').count(),
            plan: edition
                .plan_for(item, period.year())
                .map(|t| t.text.clone())
                .unwrap_or_default(),
            target: item
                .target
                .as_ref()
                .map(|t| t.text.clone())
                .unwrap_or_default(),
            previous: previous
                .get(&item.code)
                .map(|v| crate::number::format_vi(*v)),
            applicable: applicable.contains(&item.code),
            figure: by_code.get(item.code.as_str()).map(|f| (*f).clone()),
            changed_since_export: false,
            diagnostics: diags
                .iter()
                .filter(|d| d.indicator.as_deref() == Some(item.code.as_str()))
                .cloned()
                .collect(),
        });
    }
    let state = state(store, &report, &figures, &diags)?;
    let completeness = Completeness::of(store, &report, &figures)?;
    let export_refusal = match export_check(store, &report, &figures, &[]) {
        Err(e @ Error::ExportEmpty { .. }) => Some(e.to_string()),
        _ => None,
    };
    let sent_how = Sent::of(store, &report)?;
    let sent: Option<Vec<Figure>> = store
        .exports(&report)?
        .into_iter()
        .rev()
        .find(|e| e.kind == "submission")
        .map(|e| e.snapshot);
    if let Some(sent) = &sent {
        for row in rows
            .iter_mut()
            .filter(|r| r.kind.carries_figure() && r.applicable)
        {
            let now = row
                .figure
                .as_ref()
                .map(|f| &f.figure)
                .filter(|f| !f.is_blank());
            let then = sent.iter().find(|f| f.indicator == row.code);
            row.changed_since_export = match (now, then) {
                (Some(a), Some(b)) => !a.same_content(b),
                (None, None) => false,
                _ => true,
            };
        }
    }
    Ok(ReportView {
        unit_code: report.unit.code.clone(),
        unit_name: report.unit.name.clone(),
        period,
        period_label: period.label_vi(),
        coverage: period.coverage_vi(),
        deadline: period.deadline_vi(),
        days_left: period.days_left(today),
        overdue: sent_how.overdue(period, today),
        sent_otherwise: sent_how.otherwise,
        edition_id: edition.id.clone(),
        edition_title: edition.title.clone(),
        edition_years: edition.years_label(),
        edition_notice: edition.coverage_notice(period.year()),
        newer_editions: store
            .catalogue()
            .newer_for_year(edition, period.year())
            .into_iter()
            .map(|e| e.id.clone())
            .collect(),
        plan_header: crate::form::layout::plan_header(edition, period.year()),
        plan_year: period.year(),
        target_year: edition.target_year,
        receiver: store.registry().receiver_on(on).unwrap_or_default(),
        state,
        completeness,
        export_refusal,
        errors: validate::count(&diags, Severity::Error),
        warnings: validate::count(&diags, Severity::Warning),
        rows,
        diagnostics: diags,
    })
}

/// Whether a unit type may be chosen by a user adding a unit.
pub fn is_user_unit_type(t: UnitType) -> bool {
    matches!(
        t,
        UnitType::Ministry | UnitType::Province | UnitType::Department | UnitType::Custom
    )
}

/// The edition a report uses (re-exported for front ends).
pub fn edition_of<'a>(store: &'a Store, report: &ReportRef) -> Result<&'a Edition> {
    store.edition(&report.edition_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{apply_edits, Edit, Field};
    use crate::store::Origin;
    use time::macros::{date, datetime};
    use time::OffsetDateTime;

    const NOW_2026: OffsetDateTime = datetime!(2026-12-01 03:00 UTC);

    #[test]
    fn a_figure_with_an_error_gets_no_plan_or_target_info() {
        let mut store = Store::open_in_memory(NOW_2026).unwrap();
        let p: Period = "2024-Q2".parse().unwrap();
        let mut report = store.report("THAI-NGUYEN", p).unwrap();
        let edit = Edit {
            indicator: "1.1".into(),
            field: Field::Value,
            text: "135".into(),
        };
        apply_edits(&mut store, &mut report, &[edit], &Origin::App, NOW_2026).unwrap();
        let v = view(&store, "THAI-NGUYEN", p, date!(2026 - 12 - 01)).unwrap();
        let codes: Vec<&str> = v
            .diagnostics
            .iter()
            .filter(|d| d.indicator.as_deref() == Some("1.1"))
            .map(|d| d.code.as_str())
            .collect();
        assert!(codes.contains(&"share-out-of-range"), "{codes:?}");
        assert!(
            !codes
                .iter()
                .any(|c| c.starts_with("target-") || c.starts_with("plan-")),
            "{codes:?}"
        );
        // A sound figure still gets them.
        let edit = Edit {
            indicator: "1.1".into(),
            field: Field::Value,
            text: "99".into(),
        };
        apply_edits(&mut store, &mut report, &[edit], &Origin::App, NOW_2026).unwrap();
        let v = view(&store, "THAI-NGUYEN", p, date!(2026 - 12 - 01)).unwrap();
        assert!(v
            .diagnostics
            .iter()
            .any(|d| d.indicator.as_deref() == Some("1.1")
                && (d.code.starts_with("target-") || d.code.starts_with("plan-"))));
    }
}

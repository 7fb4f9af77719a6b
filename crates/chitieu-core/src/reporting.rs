//! What people do to a report: type figures, look at it, check it.
//!
//! The CLI and the desktop shell call these; they hold every rule so the
//! front ends only render what comes back.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{Date, OffsetDateTime};

use crate::applicability::applies;
use crate::catalogue::{Edition, Kind};
use crate::error::{Error, Result};
use crate::period::Period;
use crate::registry::UnitType;
use crate::report::{check_strict, Field, Figure, ReportRef, Status};
use crate::store::{FigureWrite, Origin, Store, StoredFigure, WriteSummary};
use crate::submission::Sent;
use crate::validate::{self, Context, Diagnostic, Located, Severity};

// What leaves the unit lives in `submission`; front ends reach it from here too.
pub use crate::submission::{
    check_export, mark_sent, periods, state, Completeness, PeriodSummary, ReportState,
};

/// One field typed into the report.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub indicator: String,
    pub field: Field,
    pub text: String,
}

/// Applies typed edits as they are (the app: what a person typed is kept even
/// when it does not parse; validation flags it). The indicator must be one of
/// the edition's that carries a figure.
pub fn apply_edits(
    store: &mut Store,
    report: &mut ReportRef,
    edits: &[Edit],
    origin: &Origin,
    now: OffsetDateTime,
) -> Result<WriteSummary> {
    let edition = store.edition(&report.edition_id)?.clone();
    let mut current: BTreeMap<String, Figure> = store
        .figures(report)?
        .into_iter()
        .map(|s| (s.figure.indicator.clone(), s.figure))
        .collect();
    let mut touched: Vec<String> = Vec::new();
    for e in edits {
        let item = edition
            .item(&e.indicator)
            .ok_or_else(|| Error::UnknownIndicator {
                code: e.indicator.clone(),
                edition: edition.id.clone(),
            })?;
        if !item.kind.carries_figure() {
            return Err(Error::NotAFigureRow {
                code: item.code.clone(),
                kind: item.kind,
            });
        }
        let f = current
            .entry(e.indicator.clone())
            .or_insert_with(|| Figure::new(&e.indicator));
        let had_status = f.status.is_some();
        f.set_field(e.field, &e.text);
        // A figure typed without a status is official unless said otherwise.
        if e.field == Field::Value && !had_status && f.status_raw.is_empty() && f.value.is_some() {
            f.status = Some(Status::Official);
        }
        // A cleared figure is missing: its status goes with it.
        if e.field == Field::Value && f.is_missing() {
            f.status = None;
            f.status_raw.clear();
        }
        if !touched.contains(&e.indicator) {
            touched.push(e.indicator.clone());
        }
    }
    let writes: Vec<FigureWrite> = touched
        .iter()
        .filter_map(|c| current.get(c))
        .map(|f| FigureWrite::from(f.clone()))
        .collect();
    store.write_figures(report, &writes, origin, now)
}

/// Undoes the last batch of changes made in `report` (one typed edit, one
/// paste, one import, one restored value) that is not undone yet: each
/// figure it changed gets back what it had before, as a new change with its
/// own history row (origin `undo`). Repeated, it walks further back.
pub fn undo(
    store: &mut Store,
    report: &mut ReportRef,
    now: OffsetDateTime,
) -> Result<WriteSummary> {
    let rows = store.last_undoable(report)?;
    let Some(batch) = rows.first().map(|h| h.batch) else {
        return Err(Error::NothingToUndo {
            period: report.period.label_vi(),
        });
    };
    let mut writes: Vec<FigureWrite> = Vec::new();
    for h in rows {
        if !writes.iter().any(|w| w.figure.indicator == h.indicator) {
            let indicator = h.indicator;
            writes.push(FigureWrite::from(
                h.old.unwrap_or_else(|| Figure::new(&indicator)),
            ));
        }
    }
    store.write_figures(report, &writes, &Origin::Undo { batch }, now)
}

/// Gives `indicator` back the figure it had before its change `revision`
/// (the "Trước" of that history row), as a new change with its own history
/// row (origin `restore`).
pub fn restore_value(
    store: &mut Store,
    report: &mut ReportRef,
    indicator: &str,
    revision: i64,
    now: OffsetDateTime,
) -> Result<WriteSummary> {
    let row = store
        .history_row(report, indicator, revision)?
        .ok_or_else(|| Error::UnknownRevision {
            indicator: indicator.to_owned(),
            revision,
        })?;
    let figure = row.old.unwrap_or_else(|| Figure::new(indicator));
    store.write_figures(
        report,
        &[FigureWrite::from(figure)],
        &Origin::Restore { revision },
        now,
    )
}

/// What `chitieu set` asks for.
#[derive(Debug, Clone, Default)]
pub struct SetFigure {
    pub indicator: String,
    pub value: String,
    pub status: Option<Status>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// Sets a figure strictly: a value that does not parse or does not fit the
/// indicator is refused and nothing is written.
pub fn set_strict(
    store: &mut Store,
    report: &mut ReportRef,
    req: &SetFigure,
    origin: &Origin,
    now: OffsetDateTime,
) -> Result<WriteSummary> {
    let edition = store.edition(&report.edition_id)?;
    let value = check_strict(edition, &req.indicator, &req.value)?;
    let mut edits = vec![Edit {
        indicator: req.indicator.clone(),
        field: Field::Value,
        text: req.value.trim().to_owned(),
    }];
    // An empty value or a dash ("-", "–", "—": no figure) clears the
    // figure, and its status with it.
    if value.is_some() {
        edits.push(Edit {
            indicator: req.indicator.clone(),
            field: Field::Status,
            text: req.status.unwrap_or(Status::Official).label_vi().to_owned(),
        });
    }
    if let Some(s) = &req.source {
        edits.push(Edit {
            indicator: req.indicator.clone(),
            field: Field::Source,
            text: s.clone(),
        });
    }
    if let Some(n) = &req.note {
        edits.push(Edit {
            indicator: req.indicator.clone(),
            field: Field::Notes,
            text: n.clone(),
        });
    }
    apply_edits(store, report, &edits, origin, now)
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
fn context<'a>(store: &'a Store, report: &'a ReportRef) -> Result<Context<'a>> {
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
    let export_refusal = match crate::submission::export_check(store, &report, &figures, &[]) {
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

/// Diagnostics a figure would have with `edit` applied, without writing it:
/// validation as the person types.
pub fn check_edit(store: &Store, report: &ReportRef, edit: &Edit) -> Result<Vec<Diagnostic>> {
    let edition = store.edition(&report.edition_id)?;
    let item = edition
        .item(&edit.indicator)
        .ok_or_else(|| Error::UnknownIndicator {
            code: edit.indicator.clone(),
            edition: edition.id.clone(),
        })?;
    let mut figure = store
        .figures(report)?
        .into_iter()
        .find(|s| s.figure.indicator == edit.indicator)
        .map(|s| s.figure)
        .unwrap_or_else(|| Figure::new(&edit.indicator));
    figure.set_field(edit.field, &edit.text);
    let ctx = context(store, report)?;
    let applicable = applies(
        edition,
        item,
        &report.unit,
        store.registry(),
        report.period.reference_date(),
    );
    if figure.is_blank() {
        return Ok(Vec::new());
    }
    Ok(validate::check_figure(&ctx, item, &figure, applicable))
}

/// One point of a trend.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub period: Period,
    pub label: String,
    pub value: f64,
    pub status: Option<Status>,
}

/// An indicator's figures over the unit's periods, with plans and target.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub indicator: String,
    pub name: String,
    pub kind: Kind,
    pub unit: String,
    /// Quarterly and yearly figures, in time order.
    pub points: Vec<TrendPoint>,
    /// Plans by year with their value, as (year, text, value).
    pub plans: Vec<(i32, String, Option<f64>)>,
    pub target_year: i32,
    pub target: String,
    pub target_value: Option<f64>,
}

/// The figures of `indicator` in every report of the unit under the edition
/// of `report` (the same codes mean the same things only within an edition).
pub fn trend(store: &Store, report: &ReportRef, indicator: &str) -> Result<Trend> {
    let edition = store.edition(&report.edition_id)?;
    let item = edition
        .item(indicator)
        .ok_or_else(|| Error::UnknownIndicator {
            code: indicator.to_owned(),
            edition: edition.id.clone(),
        })?;
    let mut points = Vec::new();
    for (period, edition_id) in store.reports_of(&report.unit.code)? {
        if edition_id != edition.id {
            continue;
        }
        let Ok(r) = store.report(&report.unit.code, period) else {
            continue;
        };
        if let Some(f) = store
            .figures(&r)?
            .into_iter()
            .find(|f| f.figure.indicator == indicator)
        {
            if let Some(v) = f.figure.value {
                points.push(TrendPoint {
                    period,
                    label: period.label_vi(),
                    value: v,
                    status: f.figure.status,
                });
            }
        }
    }
    // Quarters of a year first, then the year report.
    points.sort_by_key(|p| match p.period {
        Period::Quarter { year, quarter } => (year, quarter),
        Period::Year(year) => (year, 5),
    });
    let plans = item
        .plans
        .iter()
        .filter_map(|(y, t)| {
            y.parse::<i32>()
                .ok()
                .map(|y| (y, t.text.clone(), t.comparison.map(|c| c.value)))
        })
        .collect();
    Ok(Trend {
        indicator: item.code.clone(),
        name: item.name.clone(),
        kind: item.kind,
        unit: item.unit.clone(),
        points,
        plans,
        target_year: edition.target_year,
        target: item
            .target
            .as_ref()
            .map(|t| t.text.clone())
            .unwrap_or_default(),
        target_value: item
            .target
            .as_ref()
            .and_then(|t| t.comparison)
            .map(|c| c.value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    const NOW: OffsetDateTime = datetime!(2024-07-01 03:00 UTC);

    fn setup() -> (Store, ReportRef) {
        let store = Store::open_in_memory(NOW).unwrap();
        let report = store
            .report("THAI-NGUYEN", "2024-Q2".parse().unwrap())
            .unwrap();
        (store, report)
    }

    fn edit(indicator: &str, field: Field, text: &str) -> Edit {
        Edit {
            indicator: indicator.to_owned(),
            field,
            text: text.to_owned(),
        }
    }

    fn figure(store: &Store, report: &ReportRef, code: &str) -> Option<Figure> {
        store
            .figures(report)
            .unwrap()
            .into_iter()
            .find(|f| f.figure.indicator == code)
            .map(|f| f.figure)
    }

    fn missing(store: &Store, report: &ReportRef, code: &str) -> bool {
        diagnostics(store, report)
            .unwrap()
            .iter()
            .any(|d| d.code == "missing-figure" && d.indicator.as_deref() == Some(code))
    }

    /// Issue 11, point 4: Delete on a figure leaves no status behind, and the
    /// indicator is missing again.
    #[test]
    fn a_cleared_figure_is_missing_and_has_no_status() {
        let (mut store, mut report) = setup();
        apply_edits(
            &mut store,
            &mut report,
            &[edit("1.1", Field::Value, "86,97")],
            &Origin::App,
            NOW,
        )
        .unwrap();
        assert_eq!(
            figure(&store, &report, "1.1").unwrap().status,
            Some(Status::Official)
        );
        assert!(!missing(&store, &report, "1.1"));
        apply_edits(
            &mut store,
            &mut report,
            &[edit("1.1", Field::Value, "")],
            &Origin::App,
            NOW,
        )
        .unwrap();
        let f = figure(&store, &report, "1.1").unwrap();
        assert_eq!((f.value, f.status, f.raw.as_str()), (None, None, ""));
        assert!(missing(&store, &report, "1.1"));
        assert_eq!(
            state(&store, &report, &store.figures(&report).unwrap(), &[]).unwrap(),
            ReportState::NoFigures
        );
    }

    /// A database that already holds a cleared figure with its status (as
    /// earlier versions left it): validation still says it is missing.
    #[test]
    fn a_stored_figure_with_a_status_but_no_value_is_missing() {
        let (mut store, mut report) = setup();
        let f = Figure {
            status: Some(Status::Official),
            ..Figure::new("1.1")
        };
        store
            .write_figures(&mut report, &[FigureWrite::from(f)], &Origin::App, NOW)
            .unwrap();
        assert!(missing(&store, &report, "1.1"));
        let figures = store.figures(&report).unwrap();
        assert_eq!(
            state(
                &store,
                &report,
                &figures,
                &diagnostics(&store, &report).unwrap()
            )
            .unwrap(),
            ReportState::NoFigures
        );
    }

    /// Issue 11, point 5: a paste is one batch; undo brings back what each
    /// cell had, as new history rows saying so; again walks further back.
    #[test]
    fn undo_reverts_the_last_batch_as_a_new_change() {
        let (mut store, mut report) = setup();
        apply_edits(
            &mut store,
            &mut report,
            &[edit("1.1", Field::Value, "50")],
            &Origin::App,
            NOW,
        )
        .unwrap();
        let paste = [
            edit("1.1", Field::Value, "60"),
            edit("1.2", Field::Value, "70"),
            edit("1.2", Field::Notes, "dán"),
        ];
        apply_edits(&mut store, &mut report, &paste, &Origin::App, NOW).unwrap();
        let before = store.history(&report, None).unwrap().len();
        let summary = undo(&mut store, &mut report, NOW).unwrap();
        assert_eq!(summary.changed, ["1.1", "1.2"]);
        assert_eq!(figure(&store, &report, "1.1").unwrap().value, Some(50.0));
        assert!(figure(&store, &report, "1.2").unwrap().is_blank());
        let history = store.history(&report, None).unwrap();
        assert_eq!(history.len(), before + 2);
        let pasted = history[1].batch;
        assert_eq!(history[2].batch, pasted, "one paste, one batch");
        assert!(history[before..]
            .iter()
            .all(|h| h.origin == Origin::Undo { batch: pasted }));
        // Undo again: the first edit goes too.
        undo(&mut store, &mut report, NOW).unwrap();
        assert!(figure(&store, &report, "1.1").unwrap().is_blank());
        let e = undo(&mut store, &mut report, NOW).unwrap_err();
        assert_eq!(e.code(), "nothing_to_undo");
    }

    /// Issue 11, point 5: a history row's old value comes back on demand.
    #[test]
    fn restore_value_brings_back_the_old_value() {
        let (mut store, mut report) = setup();
        for v in ["40", "45", "47"] {
            apply_edits(
                &mut store,
                &mut report,
                &[edit("1.1", Field::Value, v)],
                &Origin::App,
                NOW,
            )
            .unwrap();
        }
        restore_value(&mut store, &mut report, "1.1", 2, NOW).unwrap();
        assert_eq!(figure(&store, &report, "1.1").unwrap().value, Some(40.0));
        let last = store.history(&report, Some("1.1")).unwrap().pop().unwrap();
        assert_eq!(
            (last.revision, last.origin),
            (4, Origin::Restore { revision: 2 })
        );
        // The restore is a change like any other: Ctrl+Z takes it back.
        undo(&mut store, &mut report, NOW).unwrap();
        assert_eq!(figure(&store, &report, "1.1").unwrap().value, Some(47.0));
        let e = restore_value(&mut store, &mut report, "1.1", 99, NOW).unwrap_err();
        assert_eq!(e.code(), "unknown_revision");
        assert!(e.to_string().contains("lần sửa thứ 99"), "{e}");
    }

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

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
use crate::store::{FigureWrite, Origin, StoredFigure, Store, WriteSummary};
use crate::validate::{self, Context, Diagnostic, Located, Severity};

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
    let mut current: BTreeMap<String, Figure> =
        store.figures(report)?.into_iter().map(|s| (s.figure.indicator.clone(), s.figure)).collect();
    let mut touched: Vec<String> = Vec::new();
    for e in edits {
        let item = edition.item(&e.indicator).ok_or_else(|| Error::UnknownIndicator {
            code: e.indicator.clone(),
            edition: edition.id.clone(),
        })?;
        if !item.kind.carries_figure() {
            return Err(Error::NotAFigureRow { code: item.code.clone(), kind: item.kind });
        }
        let f = current.entry(e.indicator.clone()).or_insert_with(|| Figure::new(&e.indicator));
        let had_status = f.status.is_some();
        f.set_field(e.field, &e.text);
        // A figure typed without a status is official unless said otherwise.
        if e.field == Field::Value && !had_status && f.status_raw.is_empty() && f.value.is_some() {
            f.status = Some(Status::Official);
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
pub fn set_strict(store: &mut Store, report: &mut ReportRef, req: &SetFigure, origin: &Origin, now: OffsetDateTime) -> Result<WriteSummary> {
    let edition = store.edition(&report.edition_id)?;
    check_strict(edition, &req.indicator, &req.value)?;
    let mut edits = vec![Edit { indicator: req.indicator.clone(), field: Field::Value, text: req.value.trim().to_owned() }];
    edits.push(Edit {
        indicator: req.indicator.clone(),
        field: Field::Status,
        text: req.status.unwrap_or(Status::Official).label_vi().to_owned(),
    });
    if let Some(s) = &req.source {
        edits.push(Edit { indicator: req.indicator.clone(), field: Field::Source, text: s.clone() });
    }
    if let Some(n) = &req.note {
        edits.push(Edit { indicator: req.indicator.clone(), field: Field::Notes, text: n.clone() });
    }
    apply_edits(store, report, &edits, origin, now)
}

/// The values of the previous period's report of the same unit, by indicator.
pub fn previous_values(store: &Store, report: &ReportRef) -> Result<BTreeMap<String, f64>> {
    let prev = report.period.previous();
    let Ok(prev_ref) = store.report(&report.unit.code, prev) else { return Ok(BTreeMap::new()) };
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

pub fn diagnostics_of(store: &Store, report: &ReportRef, figures: &[StoredFigure]) -> Result<Vec<Diagnostic>> {
    let ctx = context(store, report)?;
    let located: Vec<Located<'_>> = figures
        .iter()
        .map(|s| Located { figure: &s.figure, sheet: s.sheet.as_deref(), cell: s.cell.as_deref() })
        .collect();
    Ok(validate::validate(&ctx, &located))
}

/// Where a report stands.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    NoFigures,
    InProgress,
    HasErrors,
    Ready,
    Exported,
    ChangedSinceExport,
}

impl ReportState {
    pub fn label_vi(self) -> &'static str {
        match self {
            ReportState::NoFigures => "Chưa có số liệu",
            ReportState::InProgress => "Đang nhập",
            ReportState::HasErrors => "Có lỗi",
            ReportState::Ready => "Sẵn sàng xuất",
            ReportState::Exported => "Đã xuất",
            ReportState::ChangedSinceExport => "Đã sửa sau khi xuất",
        }
    }
}

/// The state of a report from its figures, diagnostics and exports.
pub fn state(store: &Store, report: &ReportRef, figures: &[StoredFigure], diags: &[Diagnostic]) -> Result<ReportState> {
    if figures.iter().all(|f| f.figure.is_blank()) {
        return Ok(ReportState::NoFigures);
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Ok(ReportState::HasErrors);
    }
    let submissions: Vec<_> = store.exports(report)?.into_iter().filter(|e| e.kind == "submission").collect();
    if let Some(last) = submissions.last() {
        let current = crate::export::exported_figures(store, report)?;
        return Ok(if crate::export::figures_hash(&current) == last.figures_sha256 {
            ReportState::Exported
        } else {
            ReportState::ChangedSinceExport
        });
    }
    if diags.iter().any(|d| d.code == "missing-figure") {
        Ok(ReportState::InProgress)
    } else {
        Ok(ReportState::Ready)
    }
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
    pub edition_id: String,
    pub edition_title: String,
    /// The years the edition covers ("2023–2025").
    pub edition_years: String,
    /// The banner when the edition sets no plan for the report's year.
    pub edition_notice: Option<String>,
    /// Newer editions covering the report's year it may be moved to.
    pub newer_editions: Vec<String>,
    /// The plan column's heading (`export::plan_header`).
    pub plan_header: String,
    pub plan_year: i32,
    pub target_year: i32,
    pub receiver: String,
    pub state: ReportState,
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
    let by_code: BTreeMap<&str, &StoredFigure> = figures.iter().map(|f| (f.figure.indicator.as_str(), f)).collect();
    let applicable = crate::applicability::applicable_codes(edition, &report.unit, store.registry(), on);
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
            plan: edition.plan_for(item, period.year()).map(|t| t.text.clone()).unwrap_or_default(),
            target: item.target.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
            previous: previous.get(&item.code).map(|v| crate::number::format_vi(*v)),
            applicable: applicable.contains(&item.code),
            figure: by_code.get(item.code.as_str()).map(|f| (*f).clone()),
            changed_since_export: false,
            diagnostics: diags.iter().filter(|d| d.indicator.as_deref() == Some(item.code.as_str())).cloned().collect(),
        });
    }
    let state = state(store, &report, &figures, &diags)?;
    let sent: Option<Vec<Figure>> =
        store.exports(&report)?.into_iter().rev().find(|e| e.kind == "submission").map(|e| e.snapshot);
    if let Some(sent) = &sent {
        for row in rows.iter_mut().filter(|r| r.kind.carries_figure() && r.applicable) {
            let now = row.figure.as_ref().map(|f| &f.figure).filter(|f| !f.is_blank());
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
        edition_id: edition.id.clone(),
        edition_title: edition.title.clone(),
        edition_years: edition.years_label(),
        edition_notice: edition.coverage_notice(period.year()),
        newer_editions: store.catalogue().newer_for_year(edition, period.year()).into_iter().map(|e| e.id.clone()).collect(),
        plan_header: crate::export::plan_header(edition, period.year()),
        plan_year: period.year(),
        target_year: edition.target_year,
        receiver: store.registry().receiver_on(on).unwrap_or_default(),
        state,
        errors: validate::count(&diags, Severity::Error),
        warnings: validate::count(&diags, Severity::Warning),
        rows,
        diagnostics: diags,
    })
}

/// One period of the periods screen.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct PeriodSummary {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub period: Period,
    pub label: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub first_day: Date,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub last_day: Date,
    pub coverage: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub deadline: Date,
    pub deadline_label: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    pub overdue: bool,
    /// `None` when no unit is given or the unit does not exist in the period.
    pub state: Option<ReportState>,
    pub errors: usize,
}

/// The periods of `year` with their calendar, and the state of the unit's
/// report for each when a unit is given.
pub fn periods(store: &Store, year: i32, unit_code: Option<&str>, today: Date) -> Result<Vec<PeriodSummary>> {
    let mut out = Vec::new();
    for p in Period::all_of(year) {
        let (first, last) = p.covers();
        let (state, errors) = match unit_code.map(|u| store.report(u, p)) {
            Some(Ok(r)) => {
                let figures = store.figures(&r)?;
                let diags = diagnostics_of(store, &r, &figures)?;
                (Some(state(store, &r, &figures, &diags)?), validate::count(&diags, Severity::Error))
            }
            _ => (None, 0),
        };
        out.push(PeriodSummary {
            period: p,
            label: p.label_vi(),
            first_day: first,
            last_day: last,
            coverage: p.coverage_vi(),
            deadline: p.deadline(),
            deadline_label: p.deadline_vi(),
            days_left: p.days_left(today),
            overdue: p.days_left(today) <= 0,
            state,
            errors,
        });
    }
    Ok(out)
}

/// Whether a unit type may be chosen by a user adding a unit.
pub fn is_user_unit_type(t: UnitType) -> bool {
    matches!(t, UnitType::Ministry | UnitType::Province | UnitType::Department | UnitType::Custom)
}

/// The edition a report uses (re-exported for front ends).
pub fn edition_of<'a>(store: &'a Store, report: &ReportRef) -> Result<&'a Edition> {
    store.edition(&report.edition_id)
}

/// Diagnostics a figure would have with `edit` applied, without writing it:
/// validation as the person types.
pub fn check_edit(store: &Store, report: &ReportRef, edit: &Edit) -> Result<Vec<Diagnostic>> {
    let edition = store.edition(&report.edition_id)?;
    let item = edition.item(&edit.indicator).ok_or_else(|| Error::UnknownIndicator {
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
    let applicable = applies(edition, item, &report.unit, store.registry(), report.period.reference_date());
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
    let item = edition.item(indicator).ok_or_else(|| Error::UnknownIndicator {
        code: indicator.to_owned(),
        edition: edition.id.clone(),
    })?;
    let mut points = Vec::new();
    for (period, edition_id) in store.reports_of(&report.unit.code)? {
        if edition_id != edition.id {
            continue;
        }
        let Ok(r) = store.report(&report.unit.code, period) else { continue };
        if let Some(f) = store.figures(&r)?.into_iter().find(|f| f.figure.indicator == indicator) {
            if let Some(v) = f.figure.value {
                points.push(TrendPoint { period, label: period.label_vi(), value: v, status: f.figure.status });
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
        .filter_map(|(y, t)| y.parse::<i32>().ok().map(|y| (y, t.text.clone(), t.comparison.map(|c| c.value))))
        .collect();
    Ok(Trend {
        indicator: item.code.clone(),
        name: item.name.clone(),
        kind: item.kind,
        unit: item.unit.clone(),
        points,
        plans,
        target_year: edition.target_year,
        target: item.target.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
        target_value: item.target.as_ref().and_then(|t| t.comparison).map(|c| c.value),
    })
}

/// Refuses the export of a submission while errors remain, with them
/// (`Error::ExportBlocked`), so a front end can say what blocks it before
/// asking where to save. `export::export_submission` checks again.
pub fn check_export(store: &Store, unit_code: &str, period: Period) -> Result<()> {
    let report = store.report(unit_code, period)?;
    let errors: Vec<Diagnostic> =
        diagnostics(store, &report)?.into_iter().filter(|d| d.severity == Severity::Error).collect();
    match errors.first() {
        Some(first) => Err(Error::ExportBlocked { count: errors.len(), first: first.message.clone(), diagnostics: errors }),
        None => Ok(()),
    }
}

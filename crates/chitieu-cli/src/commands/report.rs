//! A report's commands: its periods, a figure set, shown, its history,
//! undone, validated; the unit's profile; the drafts.

use std::path::Path;
use std::process::ExitCode;

use chitieu_core::period::Period;
use chitieu_core::report::{self, SetFigure, Status};
use chitieu_core::store::Origin;
use chitieu_core::validate::Severity;
use chitieu_core::{Error, Result};
use time::OffsetDateTime;

use crate::args::{
    DraftArgs, HistoryArgs, PeriodsArgs, ProfileArgs, ReportArgs, SetArgs, StatusArg,
};
use crate::edge::{local_offset, open, parse_period, today};
use crate::output;

pub fn periods(db: Option<&Path>, a: PeriodsArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let store = open(db, now)?;
    let year = a.year.unwrap_or_else(|| today(now).year());
    Period::year_report(year)?;
    let list = report::periods(&store, year, a.unit.as_deref(), today(now))?;
    output::report::periods(year, &list, a.json);
    Ok(ExitCode::SUCCESS)
}

pub fn set(db: Option<&Path>, a: SetArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let mut store = open(db, now)?;
    let mut report = store.report(&a.unit, parse_period(&a.period)?)?;
    let req = SetFigure {
        indicator: a.indicator.trim().to_owned(),
        value: a.value,
        status: a.status.map(|s| match s {
            StatusArg::Official => Status::Official,
            StatusArg::Estimate => Status::Estimate,
        }),
        source: a.source,
        note: a.note,
    };
    let summary = report::set_strict(&mut store, &mut report, &req, &Origin::Cli, now)?;
    let figure = store
        .figures(&report)?
        .into_iter()
        .find(|f| f.figure.indicator == req.indicator);
    output::report::set(&report, &req.indicator, figure.as_ref(), &summary, a.json);
    Ok(ExitCode::SUCCESS)
}

pub fn show(db: Option<&Path>, a: ReportArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let store = open(db, now)?;
    let report = store.report(&a.unit, parse_period(&a.period)?)?;
    let edition = store.edition(&report.edition_id)?;
    let mut figures = store.figures(&report)?;
    let order = |code: &str| {
        edition
            .items
            .iter()
            .position(|i| i.code == code)
            .unwrap_or(usize::MAX)
    };
    figures.sort_by_key(|f| order(&f.figure.indicator));
    output::report::show(&report, edition, &figures, a.json);
    Ok(ExitCode::SUCCESS)
}

pub fn history(db: Option<&Path>, a: HistoryArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let store = open(db, now)?;
    let report = store.report(&a.unit, parse_period(&a.period)?)?;
    let history = store.history(&report, a.indicator.as_deref())?;
    // The review's versions belong to the whole report, not to one indicator.
    let reviews = if a.indicator.is_none() {
        Some(store.review_history(&report)?)
    } else {
        None
    };
    let moves = store.edition_changes(&report)?;
    let shown = output::report::History {
        report: &report,
        history: &history,
        reviews: reviews.as_deref(),
        moves: &moves,
        offset: local_offset(),
    };
    output::report::history(&shown, a.json);
    Ok(ExitCode::SUCCESS)
}

pub fn undo(db: Option<&Path>, a: ReportArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let mut store = open(db, now)?;
    let mut report = store.report(&a.unit, parse_period(&a.period)?)?;
    let summary = report::undo(&mut store, &mut report, now)?;
    output::report::undo(&report, &summary, a.json);
    Ok(ExitCode::SUCCESS)
}

/// Exit status 1 when validation finds an error.
pub fn validate(db: Option<&Path>, a: ReportArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let store = open(db, now)?;
    let report = store.report(&a.unit, parse_period(&a.period)?)?;
    let diags = report::diagnostics(&store, &report)?;
    output::report::validate(&report, &diags, a.json);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn profile(db: Option<&Path>, a: ProfileArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let mut store = open(db, now)?;
    let unit = store
        .registry()
        .get(&a.unit)
        .cloned()
        .ok_or(Error::UnknownUnit {
            code: a.unit.clone(),
        })?;
    let mut p = store.profile(&unit.code)?;
    let mut changed = false;
    for (field, value) in [
        (&mut p.preparer, a.preparer),
        (&mut p.phone, a.phone),
        (&mut p.email, a.email),
        (&mut p.head, a.head),
        (&mut p.place, a.place),
    ] {
        if let Some(v) = value {
            *field = v;
            changed = true;
        }
    }
    if changed {
        store.set_profile(&unit.code, &p, now)?;
    }
    output::report::profile(&unit, &p);
    Ok(ExitCode::SUCCESS)
}

/// `chitieu draft`: the drafts of a report; with `--apply`, written into the
/// empty cells only.
pub fn draft(db: Option<&Path>, a: &DraftArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let period = parse_period(&a.period)?;
    let mut store = open(db, now)?;
    let drafts = chitieu_core::draft::report_drafts(&store, &a.unit, period)?;
    let applied = if a.apply {
        Some(chitieu_core::draft::apply(
            &mut store, &a.unit, period, true, now,
        )?)
    } else {
        None
    };
    output::report::draft(period, &drafts, applied.as_ref(), a.json);
    Ok(ExitCode::SUCCESS)
}

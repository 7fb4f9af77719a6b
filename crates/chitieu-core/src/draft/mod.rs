//! Drafts the person edits: the "Đánh giá xu hướng" of each figure, the
//! "So sánh quốc tế" of the international ranks, and the six-month / year
//! review. Computed from the unit's own figures of earlier periods and the
//! catalogue; the wording is data (`assets/draft/phrases.toml`), the
//! conditions are here. A draft never overwrites text someone typed or
//! imported: `apply` fills only empty cells, as an ordinary change whose
//! history row says it came from a draft (`Origin::Draft`).

pub mod international;
pub mod phrases;
pub mod review;
pub mod trend;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::catalogue::{Edition, Kind};
use crate::error::Result;
use crate::figure::{ReportRef, Status};
use crate::period::{dmy, Period};
use crate::store::{FigureWrite, Origin, Store};
use crate::validate::Severity;

pub use international::International;
pub use phrases::Phrases;
pub use review::{ReviewChange, ReviewLine, StoredReview};
pub use trend::{Observation, TrendInput};

/// Why a draft cannot be written: the shipped wording or data is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    #[error("tệp mẫu câu «{file}» không đọc được: {why}")]
    Phrases { file: String, why: String },
    #[error("thiếu mẫu câu «{key}» trong tệp mẫu câu")]
    MissingPhrase { key: String },
    #[error("mẫu câu «{key}» còn chỗ trống «{name}» chưa được điền")]
    Unfilled { key: String, name: String },
    #[error("tệp thứ hạng quốc tế «{file}» không hợp lệ: {why}")]
    International { file: String, why: String },
}

impl DraftError {
    pub fn code(&self) -> &'static str {
        match self {
            DraftError::Phrases { .. }
            | DraftError::MissingPhrase { .. }
            | DraftError::Unfilled { .. } => "draft_phrases",
            DraftError::International { .. } => "draft_international",
        }
    }
}

/// The wording and the international data, loaded once.
#[derive(Debug)]
pub struct Drafter {
    pub phrases: Phrases,
    pub international: International,
}

impl Drafter {
    pub fn embedded() -> Result<Drafter, DraftError> {
        Ok(Drafter {
            phrases: Phrases::embedded()?,
            international: International::embedded()?,
        })
    }

    /// The drafter of the shipped assets (read once per process).
    pub fn shared() -> Result<&'static Drafter, DraftError> {
        static SHARED: OnceLock<Result<Drafter, DraftError>> = OnceLock::new();
        SHARED
            .get_or_init(Drafter::embedded)
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// A unit as the JSON names it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitName {
    pub code: String,
    pub name: String,
}

/// The drafts of one indicator.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorDraft {
    pub indicator: String,
    /// For the "Đánh giá xu hướng" column; `None` when there is nothing to
    /// compare the figure with, or the figure has an error.
    pub trend: Option<String>,
    /// Why there is no trend draft (Vietnamese, for the drafts tab).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub no_trend: Option<String>,
    /// For the "So sánh quốc tế" column: international ranks only.
    pub international: Option<String>,
}

/// The drafts of a report.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportDrafts {
    pub unit: UnitName,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub period: Period,
    /// One per figure with a value, in catalogue order (with or without a
    /// trend draft).
    pub drafts: Vec<IndicatorDraft>,
    /// The six-month (Q2) or year review.
    pub review: Option<String>,
}

/// The figure of one indicator in one report, with when its value last changed.
#[derive(Debug, Clone)]
pub struct Known {
    pub value: f64,
    pub estimate: bool,
    /// When the figure was last written (RFC 3339, UTC).
    pub updated_at: String,
    /// When its value last replaced another value (RFC 3339, UTC).
    pub value_changed_at: Option<String>,
}

/// The figures of a report by indicator, and how they came about.
pub type Figures = BTreeMap<String, Known>;

/// Everything the drafts of one report are computed from.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub unit: UnitName,
    pub period: Period,
    pub current: Figures,
    pub previous: Figures,
    pub same_period: Figures,
    /// The review's base (the previous year's Q4, or the previous year).
    pub review_base: Figures,
    /// Indicators whose current figure has an error: no draft speaks of them.
    pub errors: BTreeSet<String>,
}

/// The figures of the unit's report for `period`, when it exists under the
/// same edition (the same code means the same thing only within one).
fn known(store: &Store, unit_code: &str, period: Period, edition_id: &str) -> Result<Figures> {
    let Ok(report) = store.report(unit_code, period) else {
        return Ok(Figures::new());
    };
    if report.id.is_none() || report.edition_id != edition_id {
        return Ok(Figures::new());
    }
    let mut changed = store.value_changes(&report)?;
    Ok(store
        .figures(&report)?
        .into_iter()
        .filter_map(|s| {
            let value = s.figure.value?;
            let code = s.figure.indicator;
            Some((
                code.clone(),
                Known {
                    value,
                    estimate: s.figure.status == Some(Status::Estimate),
                    updated_at: s.updated_at,
                    value_changed_at: changed.remove(&code),
                },
            ))
        })
        .collect())
}

/// Reads what the drafts of `report` need from the store.
pub fn inputs(store: &Store, report: &ReportRef) -> Result<Inputs> {
    let code = &report.unit.code;
    let period = report.period;
    let edition = &report.edition_id;
    let same_period = match period {
        Period::Quarter { year, quarter } => known(
            store,
            code,
            Period::Quarter {
                year: year - 1,
                quarter,
            },
            edition,
        )?,
        Period::Year(_) => Figures::new(),
    };
    let review_base = match review::review_base(period) {
        Some(p) => known(store, code, p, edition)?,
        None => Figures::new(),
    };
    let errors = crate::report::diagnostics(store, report)?
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| d.indicator)
        .collect();
    Ok(Inputs {
        unit: UnitName {
            code: report.unit.code.clone(),
            name: report.unit.name.clone(),
        },
        period,
        current: known(store, code, period, edition)?,
        previous: known(store, code, period.previous(), edition)?,
        same_period,
        review_base,
        errors,
    })
}

/// dd/mm/yyyy in Vietnam's time of an RFC 3339 instant.
fn day_vi(at: &str) -> Option<String> {
    let vietnam = UtcOffset::from_hms(7, 0, 0).ok()?;
    OffsetDateTime::parse(at, &Rfc3339)
        .ok()
        .map(|t| dmy(t.to_offset(vietnam).date()))
}

/// An earlier figure as the draft of `current` sees it: revised if its value
/// changed after `current` was last written.
fn observation(period: Period, base: Option<&Known>, current: &Known) -> Option<Observation> {
    base.map(|b| Observation {
        period,
        value: b.value,
        estimate: b.estimate,
        revised_on: b
            .value_changed_at
            .as_deref()
            .filter(|at| *at > current.updated_at.as_str())
            .and_then(day_vi),
    })
}

/// The drafts of a report from its inputs: a pure function.
pub fn compute(
    drafter: &Drafter,
    edition: &Edition,
    inputs: &Inputs,
) -> Result<ReportDrafts, DraftError> {
    let period = inputs.period;
    let same_period = match period {
        Period::Quarter { year, quarter } => Period::Quarter {
            year: year - 1,
            quarter,
        },
        Period::Year(year) => Period::Year(year - 1),
    };
    let base_period = review::review_base(period).unwrap_or(period.previous());
    let mut drafts = Vec::new();
    let mut lines = Vec::new();
    for item in edition.indicators() {
        let Some(current) = inputs.current.get(&item.code) else {
            continue;
        };
        let international = if item.kind == Kind::Rank {
            drafter
                .international
                .draft(&drafter.phrases, &edition.id, &item.code, period.year())?
        } else {
            None
        };
        // A figure with an error is not assessed: the draft would repeat it.
        if inputs.errors.contains(&item.code) {
            drafts.push(IndicatorDraft {
                indicator: item.code.clone(),
                trend: None,
                no_trend: Some(drafter.phrases.fill("none.figure_error", &[])?),
                international,
            });
            continue;
        }
        let now = Observation {
            period,
            value: current.value,
            estimate: current.estimate,
            revised_on: None,
        };
        let input = TrendInput {
            edition,
            item,
            current: now.clone(),
            previous: observation(period.previous(), inputs.previous.get(&item.code), current),
            same_period: observation(same_period, inputs.same_period.get(&item.code), current),
        };
        let trend = trend::trend(&drafter.phrases, &input)?;
        let no_trend = match trend {
            Some(_) => None,
            None => Some(drafter.phrases.fill("none.nothing_to_compare", &[])?),
        };
        drafts.push(IndicatorDraft {
            indicator: item.code.clone(),
            trend,
            no_trend,
            international,
        });
        lines.push(ReviewLine {
            item,
            current: now,
            base: observation(base_period, inputs.review_base.get(&item.code), current),
        });
    }
    let review = review::review(&drafter.phrases, edition, &inputs.unit.name, period, &lines)?;
    Ok(ReportDrafts {
        unit: inputs.unit.clone(),
        period,
        drafts,
        review,
    })
}

/// The drafts of the report of `unit_code` for `period`.
pub fn report_drafts(store: &Store, unit_code: &str, period: Period) -> Result<ReportDrafts> {
    let report = store.report(unit_code, period)?;
    let edition = store.edition(&report.edition_id)?;
    let inputs = inputs(store, &report)?;
    Ok(compute(Drafter::shared()?, edition, &inputs)?)
}

/// What `apply` filled.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Applied {
    /// Indicators whose "Đánh giá xu hướng" was empty and now holds the draft.
    pub trend: Vec<String>,
    /// Indicators whose "So sánh quốc tế" was empty and now holds the draft.
    pub international: Vec<String>,
    /// Whether the review was empty and now holds the draft.
    pub review: bool,
}

/// Fills every empty trend, international and review cell of the report with
/// its draft (never a cell that holds text), in one write with history rows
/// whose origin is `Origin::Draft`.
pub fn apply(
    store: &mut Store,
    unit_code: &str,
    period: Period,
    cli: bool,
    now: OffsetDateTime,
) -> Result<Applied> {
    let drafts = report_drafts(store, unit_code, period)?;
    let mut report = store.report(unit_code, period)?;
    let mut figures: BTreeMap<String, crate::figure::Figure> = store
        .figures(&report)?
        .into_iter()
        .map(|s| (s.figure.indicator.clone(), s.figure))
        .collect();
    let mut applied = Applied::default();
    let mut writes = Vec::new();
    for d in &drafts.drafts {
        let Some(f) = figures.get_mut(&d.indicator) else {
            continue;
        };
        let mut changed = false;
        if let Some(text) = d.trend.as_ref().filter(|_| f.trend.trim().is_empty()) {
            f.trend = text.clone();
            applied.trend.push(d.indicator.clone());
            changed = true;
        }
        if let Some(text) = d
            .international
            .as_ref()
            .filter(|_| f.comparison.trim().is_empty())
        {
            f.comparison = text.clone();
            applied.international.push(d.indicator.clone());
            changed = true;
        }
        if changed {
            writes.push(FigureWrite::from(f.clone()));
        }
    }
    let origin = Origin::Draft { cli };
    if !writes.is_empty() {
        store.write_figures(&mut report, &writes, &origin, now)?;
    }
    if let Some(text) = &drafts.review {
        let empty = store
            .review(&report)?
            .is_none_or(|r| r.text.trim().is_empty());
        if empty {
            applied.review = store.write_review(&mut report, text, &origin, now)?;
        }
    }
    Ok(applied)
}

/// Accepts one draft into one empty cell (the app's "accept"): changes
/// nothing when the cell already holds text or the core offers no draft for
/// it now (nothing to compare, an error in the figure). Returns whether it
/// wrote.
pub fn accept(
    store: &mut Store,
    unit_code: &str,
    period: Period,
    indicator: &str,
    field: crate::figure::Field,
    text: &str,
    now: OffsetDateTime,
) -> Result<bool> {
    let offered = report_drafts(store, unit_code, period)?
        .drafts
        .into_iter()
        .find(|d| d.indicator == indicator)
        .is_some_and(|d| match field {
            crate::figure::Field::Trend => d.trend.is_some(),
            crate::figure::Field::Comparison => d.international.is_some(),
            _ => false,
        });
    if !offered {
        return Ok(false);
    }
    let mut report = store.report(unit_code, period)?;
    let Some(mut f) = store
        .figures(&report)?
        .into_iter()
        .map(|s| s.figure)
        .find(|f| f.indicator == indicator)
    else {
        return Ok(false);
    };
    let cell = match field {
        crate::figure::Field::Trend => &mut f.trend,
        crate::figure::Field::Comparison => &mut f.comparison,
        _ => return Ok(false),
    };
    if !cell.trim().is_empty() {
        return Ok(false);
    }
    *cell = text.to_owned();
    let summary = store.write_figures(
        &mut report,
        &[FigureWrite::from(f)],
        &Origin::Draft { cli: false },
        now,
    )?;
    Ok(!summary.changed.is_empty() || !summary.new.is_empty())
}

/// The stored review of a report for the export: the sheet name and text,
/// when the report carries one and it is not empty.
pub fn review_for_export(
    store: &Store,
    report: &ReportRef,
) -> Result<Option<(&'static str, String)>> {
    let Some(name) = review::sheet_name(report.period) else {
        return Ok(None);
    };
    Ok(store
        .review(report)?
        .filter(|r| !r.text.trim().is_empty())
        .map(|r| (name, r.text)))
}

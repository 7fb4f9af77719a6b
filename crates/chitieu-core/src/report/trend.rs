//! An indicator's figures over the periods, beside its plans and target.

use serde::Serialize;

use crate::catalogue::Kind;
use crate::error::Result;
use crate::period::Period;
use crate::report::{ReportRef, Status};
use crate::store::Store;

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
    let item = super::item(edition, indicator)?;
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

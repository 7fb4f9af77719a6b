//! From what was received to the consolidation of a period: one report per
//! unit, completeness and timeliness, statistics, outliers.
//!
//! Definitions (DHIS2's reporting rates are the anchor):
//! - **expected**: the registry's units valid on the last day the period
//!   covers, to which at least one indicator of the period's edition applies
//!   (not the receiving agency, not units a user added);
//! - **received**: an expected unit with a usable file for the period; its
//!   standing file is the latest revision (export time of an unedited
//!   export, else the earliest modification time of its copies);
//! - **on time**: the standing file was received (its modification time, in
//!   the civil time zone given) on a date before the deadline date ("trước
//!   ngày 05/10": a file of 05/10 is late); otherwise **late**;
//! - **missing**: expected, no usable file; **unexpected**: a file from a
//!   unit not expected (a user-defined unit, or a unit that did not exist in
//!   the period).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::db::{Received, StoredFile};
use super::read::{FileRead, Outcome, ReceivedFigure};
use super::stats::{median, modified_z, round2, OUTLIER_Z};
use super::{ConsolidateError, Options};
use crate::applicability::applicable_codes;
use crate::catalogue::Edition;
use crate::number::format_vi;
use crate::report::Status;

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    OnTime,
    Late,
    Missing,
    Unexpected,
}

impl UnitStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            UnitStatus::OnTime => "Đúng hạn",
            UnitStatus::Late => "Muộn",
            UnitStatus::Missing => "Chưa nộp",
            UnitStatus::Unexpected => "Ngoài danh sách",
        }
    }
}

/// A unit's line of the completeness table.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct UnitLine {
    pub code: String,
    pub name: String,
    pub status: UnitStatus,
    /// The standing file (its path as found).
    pub file: Option<String>,
    /// When the standing file was received, ISO 8601 with the offset.
    pub received_at: Option<String>,
    /// Figures in the standing file.
    pub figures: usize,
    /// Errors in it.
    pub errors: usize,
    #[serde(skip)]
    pub exported_at: Option<String>,
    #[serde(skip)]
    pub edited_after_export: bool,
    /// What the receiver must know about the standing file: it names an
    /// edition this machine lacks and was read with the best one available
    /// (`edition-missing`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub notice: Option<String>,
    /// Why its file could not be used (a unit that did not exist then), or
    /// the notice of a usable one.
    #[serde(skip)]
    pub message: Option<String>,
    #[serde(skip)]
    pub values: Vec<ReceivedFigure>,
}

/// Statistics of one indicator over the units whose standing file reports it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSummary {
    pub indicator: String,
    pub count: usize,
    pub min: Option<f64>,
    pub median: Option<f64>,
    pub max: Option<f64>,
    /// The unweighted mean of the units' figures (shares of units of
    /// different sizes are not additive: this is not a national figure).
    pub mean: Option<f64>,
    /// How many met the report year's plan (`None`: no plan to compare with).
    pub met_plan: Option<usize>,
    /// How many met the edition's target.
    pub met_target: Option<usize>,
    #[serde(skip)]
    pub name: String,
    #[serde(skip)]
    pub unit: String,
    #[serde(skip)]
    pub plan: String,
    #[serde(skip)]
    pub target: String,
    /// A rank (lower is better), written without decimals.
    #[serde(skip)]
    pub rank: bool,
    /// The figures counted above (for a distribution chart).
    #[serde(skip)]
    pub values: Vec<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Outlier {
    pub unit: String,
    pub indicator: String,
    pub value: f64,
    pub reason: String,
}

/// One change between two revisions of a unit's report.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct RevisionChange {
    /// The later file.
    pub file: String,
    pub indicator: String,
    /// "value", "status" (estimate → official), "added", "removed".
    pub what: String,
    pub old: String,
    pub new: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub unit: String,
    /// Oldest first; the last one stands.
    pub files: Vec<String>,
    pub changes: Vec<RevisionChange>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    pub file: String,
    pub message: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct OtherPeriod {
    pub file: String,
    pub period: String,
}

/// A figure left out of the statistics because validation finds an error.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct LeftOut {
    pub unit: String,
    pub indicator: String,
    pub raw: String,
    pub message: String,
}

/// The consolidation of a period.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Consolidation {
    pub period: String,
    pub expected: usize,
    pub received: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: Vec<String>,
    pub units: Vec<UnitLine>,
    pub indicators: Vec<IndicatorSummary>,
    pub outliers: Vec<Outlier>,
    pub revisions: Vec<Revision>,
    pub rejected: Vec<Rejected>,
    pub other_period: Vec<OtherPeriod>,
    /// Figures with an error, left out of `indicators`.
    pub left_out: Vec<LeftOut>,
    /// Files under the paths given that are not spreadsheets.
    pub ignored_files: usize,
    #[serde(skip)]
    pub deadline: String,
    #[serde(skip)]
    pub edition_id: String,
    /// When the consolidation was made (the workbook's creation time).
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub generated_at: OffsetDateTime,
}

/// The standing (latest) usable file of each unit.
pub fn standing(files: &[StoredFile]) -> BTreeMap<String, &StoredFile> {
    let mut out: BTreeMap<String, &StoredFile> = BTreeMap::new();
    for f in files.iter().filter(|f| f.usable) {
        let newer = match out.get(&f.unit_code) {
            Some(cur) => (f.revision_time(), &f.sha256) > (cur.revision_time(), &cur.sha256),
            None => true,
        };
        if newer {
            out.insert(f.unit_code.clone(), f);
        }
    }
    out
}

fn iso(t: Option<OffsetDateTime>, opts: &Options<'_>) -> Option<String> {
    t.and_then(|t| t.to_offset(opts.offset).format(&Rfc3339).ok())
}

fn shown(v: Option<f64>) -> String {
    v.map(format_vi).unwrap_or_default()
}

pub fn build(
    received: &Received,
    opts: &Options<'_>,
    run: &[FileRead],
    ignored: usize,
) -> Result<Consolidation, ConsolidateError> {
    let period = opts.period;
    let store = opts.store;
    let registry = store.registry();
    let day = period.reference_date();
    let edition: Option<&Edition> = store.catalogue().edition_for_year(period.year());
    let expected: Vec<&crate::registry::Unit> = registry
        .valid_on(day)
        .filter(|u| !u.receives_reports && !u.user_added)
        .filter(|u| edition.is_some_and(|e| !applicable_codes(e, u, registry, day).is_empty()))
        .collect();
    let expected_codes: HashSet<&str> = expected.iter().map(|u| u.code.as_str()).collect();
    let files = received.files_of(period)?;
    let stand = standing(&files);
    let name_of = |code: &str| {
        registry
            .get(code)
            .map_or_else(|| code.to_owned(), |u| u.name.clone())
    };

    // Completeness and timeliness.
    let line = |code: &str, status: UnitStatus, f: Option<&StoredFile>| -> UnitLine {
        UnitLine {
            code: code.to_owned(),
            name: name_of(code),
            status,
            file: f.and_then(|f| f.copies.first().map(|c| c.0.clone())),
            received_at: iso(f.and_then(StoredFile::received_at), opts),
            figures: f.map_or(0, |f| {
                f.figures
                    .iter()
                    .filter(|g| g.value.is_some() || !g.raw.trim().is_empty())
                    .count()
            }),
            errors: f.map_or(0, |f| if f.usable { f.errors } else { 1 }),
            exported_at: f.and_then(|f| f.export.as_ref().map(|e| e.exported_at.clone())),
            edited_after_export: f
                .and_then(|f| f.export.as_ref())
                .is_some_and(|e| e.edited_after_export),
            notice: f.filter(|f| f.usable).and_then(|f| f.message.clone()),
            message: f.and_then(|f| f.message.clone()),
            values: f
                .filter(|f| f.usable)
                .map(|f| f.figures.clone())
                .unwrap_or_default(),
        }
    };
    let deadline = period.deadline();
    let mut units = Vec::new();
    for u in &expected {
        let status = match stand.get(&u.code) {
            Some(f) => match f.received_at() {
                Some(t) if t.to_offset(opts.offset).date() < deadline => UnitStatus::OnTime,
                _ => UnitStatus::Late,
            },
            None => UnitStatus::Missing,
        };
        units.push(line(&u.code, status, stand.get(&u.code).copied()));
    }
    let mut others: BTreeMap<&str, &StoredFile> = BTreeMap::new();
    for f in &files {
        if expected_codes.contains(f.unit_code.as_str()) {
            continue;
        }
        let take = match others.get(f.unit_code.as_str()) {
            None => true,
            // A usable file wins over an unusable one.
            Some(cur) => {
                stand
                    .get(&f.unit_code)
                    .is_some_and(|s| s.sha256 == f.sha256)
                    && !cur.usable
            }
        };
        if take {
            others.insert(&f.unit_code, stand.get(&f.unit_code).copied().unwrap_or(f));
        }
    }
    for (code, f) in others {
        units.push(line(code, UnitStatus::Unexpected, Some(f)));
    }
    let count = |s: UnitStatus| units.iter().filter(|l| l.status == s).count();
    let (on_time, late) = (count(UnitStatus::OnTime), count(UnitStatus::Late));
    let missing: Vec<String> = units
        .iter()
        .filter(|l| l.status == UnitStatus::Missing)
        .map(|l| l.code.clone())
        .collect();

    // Statistics per indicator, over every unit with a usable file.
    let mut indicators = Vec::new();
    let mut left_out = Vec::new();
    let mut outliers = Vec::new();
    let mut current: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
    for (unit, f) in &stand {
        for g in &f.figures {
            match (&g.error, g.value) {
                (Some(m), _) => left_out.push(LeftOut {
                    unit: unit.clone(),
                    indicator: g.indicator.clone(),
                    raw: g.raw.clone(),
                    message: m.clone(),
                }),
                (None, Some(v)) => current
                    .entry(g.indicator.clone())
                    .or_default()
                    .push((unit.clone(), v)),
                _ => {}
            }
        }
    }
    if let Some(e) = edition {
        for item in e.indicators().filter(|i| i.kind.carries_figure()) {
            let pairs = current.get(&item.code).cloned().unwrap_or_default();
            let values: Vec<f64> = pairs.iter().map(|p| p.1).collect();
            let plan = e.plan_for(item, period.year());
            let met = |c: Option<crate::catalogue::Comparison>| {
                c.map(|c| {
                    values
                        .iter()
                        .filter(|v| c.is_met_by(**v, item.kind))
                        .count()
                })
            };
            let m = median(&values);
            indicators.push(IndicatorSummary {
                indicator: item.code.clone(),
                count: values.len(),
                min: values.iter().copied().reduce(f64::min),
                median: m.map(round2),
                max: values.iter().copied().reduce(f64::max),
                mean: (!values.is_empty())
                    .then(|| round2(values.iter().sum::<f64>() / values.len() as f64)),
                met_plan: met(plan.and_then(|p| p.comparison)),
                met_target: met(item.target.as_ref().and_then(|t| t.comparison)),
                name: item.name.clone(),
                unit: item.unit.clone(),
                plan: plan.map(|p| p.text.clone()).unwrap_or_default(),
                target: item
                    .target
                    .as_ref()
                    .map(|t| t.text.clone())
                    .unwrap_or_default(),
                rank: item.kind == crate::catalogue::Kind::Rank,
                values: values.clone(),
            });
            if let Some(z) = modified_z(&values) {
                for ((unit, v), z) in pairs.iter().zip(z) {
                    if z.abs() > OUTLIER_Z {
                        outliers.push(Outlier {
                            unit: unit.clone(),
                            indicator: item.code.clone(),
                            value: *v,
                            reason: format!(
                                "Lệch xa trung vị của các đơn vị ({}): điểm z hiệu chỉnh {}",
                                shown(m),
                                format_vi(round2(z))
                            ),
                        });
                    }
                }
            }
        }
        // Against each unit's own previous period, when one was consolidated
        // under the same edition.
        let prev = period.previous();
        if store
            .catalogue()
            .edition_for_year(prev.year())
            .map(|p| &p.id)
            == Some(&e.id)
        {
            let before = received.standing_values(prev)?;
            for (code, pairs) in &current {
                let with_prev: Vec<(&String, f64, f64)> = pairs
                    .iter()
                    .filter_map(|(u, v)| {
                        before.get(u).and_then(|b| b.get(code)).map(|p| (u, *p, *v))
                    })
                    .collect();
                let changes: Vec<f64> = with_prev.iter().map(|(_, p, v)| v - p).collect();
                if let Some(z) = modified_z(&changes) {
                    for ((u, p, v), z) in with_prev.iter().zip(z) {
                        if z.abs() > OUTLIER_Z {
                            outliers.push(Outlier {
                                unit: (*u).clone(),
                                indicator: code.clone(),
                                value: *v,
                                reason: format!(
                                    "Thay đổi bất thường so với kỳ {} của chính đơn vị ({} → {}), lệch xa mức thay đổi chung: điểm z hiệu chỉnh {}",
                                    prev,
                                    format_vi(*p),
                                    format_vi(*v),
                                    format_vi(round2(z))
                                ),
                            });
                        }
                    }
                }
            }
        }
    }

    // Revisions: units with several usable files.
    let mut by_unit: BTreeMap<&str, Vec<&StoredFile>> = BTreeMap::new();
    for f in files.iter().filter(|f| f.usable) {
        by_unit.entry(&f.unit_code).or_default().push(f);
    }
    let mut revisions = Vec::new();
    for (unit, mut fs) in by_unit.into_iter().filter(|(_, v)| v.len() > 1) {
        fs.sort_by(|a, b| (a.revision_time(), &a.sha256).cmp(&(b.revision_time(), &b.sha256)));
        let path = |f: &StoredFile| f.copies.first().map(|c| c.0.clone()).unwrap_or_default();
        let mut changes = Vec::new();
        for w in fs.windows(2) {
            changes.extend(changes_between(w[0], w[1], &path(w[1])));
        }
        revisions.push(Revision {
            unit: unit.to_owned(),
            files: fs.iter().map(|f| path(f)).collect(),
            changes,
        });
    }

    // This run's files that could not be used, or are for another period.
    let outcomes = received.outcomes(run.iter().filter_map(|f| f.sha256.as_deref()))?;
    let mut rejected = Vec::new();
    let mut other_period = Vec::new();
    for f in run {
        let from_db = f.sha256.as_ref().and_then(|s| outcomes.get(s));
        match (&f.outcome, from_db) {
            (Outcome::Rejected { message, .. }, None) => rejected.push(Rejected {
                file: f.path.clone(),
                message: message.clone(),
            }),
            (_, Some(o)) if !o.usable => rejected.push(Rejected {
                file: f.path.clone(),
                message: o.message.clone().unwrap_or_default(),
            }),
            (_, Some(o)) => {
                if let Some(p) = o.period.as_ref().filter(|p| **p != period.to_string()) {
                    other_period.push(OtherPeriod {
                        file: f.path.clone(),
                        period: p.clone(),
                    });
                }
            }
            _ => {}
        }
    }

    Ok(Consolidation {
        period: period.to_string(),
        expected: expected.len(),
        received: on_time + late,
        on_time,
        late,
        missing,
        units,
        indicators,
        outliers,
        revisions,
        rejected,
        other_period,
        left_out,
        ignored_files: ignored,
        deadline: crate::period::dmy(deadline),
        edition_id: edition.map(|e| e.id.clone()).unwrap_or_default(),
        generated_at: opts.now,
    })
}

fn changes_between(old: &StoredFile, new: &StoredFile, file: &str) -> Vec<RevisionChange> {
    let before: HashMap<&str, &ReceivedFigure> = old
        .figures
        .iter()
        .map(|g| (g.indicator.as_str(), g))
        .collect();
    let after: HashMap<&str, &ReceivedFigure> = new
        .figures
        .iter()
        .map(|g| (g.indicator.as_str(), g))
        .collect();
    let status = |s: Option<Status>| s.map(|s| s.label_vi().to_owned()).unwrap_or_default();
    let text = |g: &ReceivedFigure| g.value.map(format_vi).unwrap_or_else(|| g.raw.clone());
    let mut codes: Vec<&str> = before.keys().chain(after.keys()).copied().collect();
    codes.sort_by_key(|c| code_key(c));
    codes.dedup();
    let mut out = Vec::new();
    let change = |what: &str, code: &str, old: String, new: String| RevisionChange {
        file: file.to_owned(),
        indicator: code.to_owned(),
        what: what.to_owned(),
        old,
        new,
    };
    for code in codes {
        match (before.get(code), after.get(code)) {
            (Some(a), Some(b)) => {
                if a.value != b.value || (a.value.is_none() && a.raw != b.raw) {
                    out.push(change("value", code, text(a), text(b)));
                }
                if a.status != b.status {
                    out.push(change("status", code, status(a.status), status(b.status)));
                }
            }
            (None, Some(b)) => out.push(change("added", code, String::new(), text(b))),
            (Some(a), None) => out.push(change("removed", code, text(a), String::new())),
            (None, None) => {}
        }
    }
    out
}

/// "1.10" after "1.9": codes compared part by part, as numbers.
fn code_key(code: &str) -> Vec<u32> {
    code.split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

//! From what was received to the consolidation of a period: one report per
//! unit, completeness and timeliness, statistics, outliers.
//!
//! Definitions (DHIS2's reporting rates are the anchor):
//! - **expected**: the registry's units valid on the last day the period
//!   covers, to which at least one indicator of the period's edition applies
//!   (not the receiving agency, not units a user added);
//! - **received** («Nhận lúc») of a file: chitieu's export time when the
//!   file is an unedited export (a file saved from e-mail carries the day it
//!   was saved; it cannot have been sent before it was written), else the
//!   earliest modification time of its copies; a unit's first receipt may be
//!   corrected by hand, with a reason, in the consolidation database;
//! - **received**: an expected unit with a usable file for the period; its
//!   standing file is the latest revision (the latest «Nhận lúc»);
//! - **on time**: the unit's *first* usable file was received (in the civil
//!   time zone given) on a date before the deadline date ("trước ngày
//!   05/10": a file of 05/10 is late); otherwise **late**. As DHIS2 judges
//!   reports on time, on the first submission: a correction sent later is
//!   a revision, not a late report;
//! - **missing**: expected, no usable file; **unexpected**: a file from a
//!   unit not expected (a user-defined unit, or a unit that did not exist in
//!   the period).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::db::{Received, StoredFile};
use super::read::{FileRead, Outcome, ReceivedFigure};
use super::revisions::{by_unit, first_receipt, Revision};
use super::signed::{PdfsRead, UnitSignature};
use super::stats::{median, modified_z, round2, OUTLIER_Z};
use super::{ConsolidateError, Options};
use crate::applicability::applicable_codes;
use crate::catalogue::Edition;
use crate::number::format_vi;

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

/// Where a «Nhận lúc» comes from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceivedFrom {
    /// The file's modification time.
    File,
    /// chitieu's export time written in the file.
    Export,
    /// Corrected by hand.
    Manual,
}

impl ReceivedFrom {
    pub fn label_vi(self) -> &'static str {
        match self {
            ReceivedFrom::File => "ngày sửa đổi của tệp",
            ReceivedFrom::Export => "giờ xuất từ chitieu ghi trong tệp",
            ReceivedFrom::Manual => "sửa tay",
        }
    }
}

/// A hand correction of a unit's «Nhận lúc», as shown.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct ReceivedCorrection {
    /// `None`: withdrawn (back to the files' times).
    pub received_at: Option<String>,
    pub reason: String,
    /// When the correction was made (UTC).
    pub recorded_at: String,
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
    /// When the unit's first usable file was received («Nhận lúc»), ISO
    /// 8601 with the offset: this decides on time or late.
    pub received_at: Option<String>,
    /// What says so.
    pub received_from: Option<ReceivedFrom>,
    /// The reason of a hand correction.
    pub received_reason: Option<String>,
    /// When the standing (latest) file was received.
    pub latest_at: Option<String>,
    /// Figures in the standing file.
    pub figures: usize,
    /// Errors in it.
    pub errors: usize,
    pub exported_at: Option<String>,
    pub edited_after_export: bool,
    /// What the receiver must know about the standing file: it names an
    /// edition this machine lacks and was read with the best one available
    /// (`edition-missing`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub notice: Option<String>,
    /// Why its file could not be used (a unit that did not exist then), or
    /// the notice of a usable one.
    pub message: Option<String>,
    pub values: Vec<ReceivedFigure>,
    /// The hand corrections of «Nhận lúc», oldest first.
    pub corrections: Vec<ReceivedCorrection>,
    /// The unit's signed PDF paired with its standing file (`signed.rs`);
    /// `None`: no signed PDF («Chưa có bản ký»).
    pub signature: Option<UnitSignature>,
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
    pub name: String,
    pub unit: String,
    pub plan: String,
    pub target: String,
    /// A rank (lower is better), written without decimals.
    pub rank: bool,
    /// The figures counted above (for a distribution chart).
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

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    pub file: String,
    /// Vietnamese, without a library's text.
    pub message: String,
    /// The library's own text, when there is one.
    pub detail: Option<String>,
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
    /// Files under the paths given that are neither spreadsheets nor PDFs,
    /// and PDFs paired with no unit (unsigned, or no unit's).
    pub ignored_files: usize,
    /// What to look at before trusting the times (most files of a folder
    /// with one modification date: saved from e-mail in one go).
    pub warnings: Vec<String>,
    pub deadline: String,
    pub edition_id: String,
    /// When the consolidation was made (the workbook's creation time).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
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

pub(super) fn iso(t: Option<OffsetDateTime>, opts: &Options<'_>) -> Option<String> {
    t.and_then(|t| t.to_offset(opts.offset).format(&Rfc3339).ok())
}

fn shown(v: Option<f64>) -> String {
    v.map(format_vi).unwrap_or_default()
}

pub fn build(
    received: &Received,
    opts: &Options<'_>,
    run: &[FileRead],
    pdfs: &PdfsRead,
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
    let corrections = received.corrections(period)?;
    let of_unit = by_unit(&files);
    let name_of = |code: &str| {
        registry
            .get(code)
            .map_or_else(|| code.to_owned(), |u| u.name.clone())
    };
    let pairing = super::signed::pair(pdfs, &files, &stand, &name_of);

    // Completeness and timeliness.
    let first = |code: &str| {
        of_unit
            .get(code)
            .and_then(|fs| first_receipt(fs, corrections.get(code)))
    };
    let line = |code: &str, status: UnitStatus, f: Option<&StoredFile>| -> UnitLine {
        let receipt = f.and(first(code));
        UnitLine {
            code: code.to_owned(),
            name: name_of(code),
            status,
            file: f.and_then(|f| f.copies.first().map(|c| c.0.clone())),
            received_at: iso(receipt.as_ref().map(|r| r.at), opts),
            received_from: receipt.as_ref().map(|r| r.from),
            received_reason: receipt.as_ref().and_then(|r| r.reason.clone()),
            latest_at: iso(f.and_then(StoredFile::received_at), opts),
            figures: f.map_or(0, |f| {
                f.figures
                    .iter()
                    .filter(|g| g.value.is_some() || !g.raw.trim().is_empty())
                    .count()
            }),
            errors: f.map_or(0, |f| if f.usable { f.errors } else { 1 }),
            exported_at: f.and_then(|f| {
                f.export.as_ref().map(|e| {
                    OffsetDateTime::parse(&e.exported_at, &Rfc3339)
                        .ok()
                        .and_then(|t| iso(Some(t), opts))
                        .unwrap_or_else(|| e.exported_at.clone())
                })
            }),
            edited_after_export: f
                .and_then(|f| f.export.as_ref())
                .is_some_and(|e| e.edited_after_export),
            notice: f.filter(|f| f.usable).and_then(|f| f.message.clone()),
            message: f.and_then(|f| f.message.clone()),
            values: f
                .filter(|f| f.usable)
                .map(|f| f.figures.clone())
                .unwrap_or_default(),
            corrections: corrections
                .get(code)
                .map(|v| {
                    v.iter()
                        .map(|c| ReceivedCorrection {
                            received_at: iso(c.received_at, opts),
                            reason: c.reason.clone(),
                            recorded_at: c.recorded_at.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            signature: f
                .filter(|f| f.usable)
                .and_then(|_| pairing.by_unit.get(code).cloned()),
        }
    };
    let deadline = period.deadline();
    let mut units = Vec::new();
    for u in &expected {
        // On time or late by the first receipt; the standing file's
        // figures are the ones used.
        let status = match stand.get(&u.code) {
            Some(_) => match first(&u.code) {
                Some(r) if r.at.to_offset(opts.offset).date() < deadline => UnitStatus::OnTime,
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
    let revisions = super::revisions::list(&files, &corrections, deadline, opts);

    // This run's files that could not be used, or are for another period.
    let outcomes = received.outcomes(run.iter().filter_map(|f| f.sha256.as_deref()))?;
    let mut rejected = Vec::new();
    let mut other_period = Vec::new();
    for f in run {
        let from_db = f.sha256.as_ref().and_then(|s| outcomes.get(s));
        match (&f.outcome, from_db) {
            (
                Outcome::Rejected {
                    message, detail, ..
                },
                None,
            ) => rejected.push(Rejected {
                file: f.path.clone(),
                message: message.clone(),
                detail: detail.clone(),
            }),
            // A file that names its unit and period (a unit that did not
            // exist then) is that unit's line, with its reason: counted once.
            (_, Some(o)) if !o.usable && o.unit_code.is_some() && o.period.is_some() => {
                if let Some(p) = o.period.as_ref().filter(|p| **p != period.to_string()) {
                    other_period.push(OtherPeriod {
                        file: f.path.clone(),
                        period: p.clone(),
                    });
                }
            }
            (_, Some(o)) if !o.usable => rejected.push(Rejected {
                file: f.path.clone(),
                message: o.message.clone().unwrap_or_default(),
                detail: o.detail.clone(),
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
    rejected.extend(pairing.rejected.iter().cloned());
    let mut warnings = same_date_warnings(run, deadline, opts);
    warnings.extend(pairing.warnings.iter().cloned());

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
        ignored_files: ignored + pairing.unpaired,
        warnings,
        deadline: crate::period::dmy(deadline),
        edition_id: edition.map(|e| e.id.clone()).unwrap_or_default(),
        generated_at: opts.now,
    })
}

/// Most spreadsheets of a folder (at least three, more than half) with one
/// modification date on or after the deadline: attachments saved from
/// e-mail in one go carry the day they were saved, not the day they came,
/// and would all count as late. (Many units sending on the same day before
/// the deadline is usual, and harmless.)
fn same_date_warnings(run: &[FileRead], deadline: time::Date, opts: &Options<'_>) -> Vec<String> {
    let mut by_folder: BTreeMap<String, (usize, BTreeMap<time::Date, usize>)> = BTreeMap::new();
    for f in run {
        // The folder by its name, as the person sees it in the file manager.
        let folder = std::path::Path::new(&f.path)
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let entry = by_folder.entry(folder).or_default();
        entry.0 += 1;
        if let Some(t) = f.modified_at {
            *entry.1.entry(t.to_offset(opts.offset).date()).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (folder, (total, dates)) in by_folder {
        let Some((date, n)) = dates.into_iter().max_by_key(|(d, n)| (*n, *d)) else {
            continue;
        };
        if total >= 3 && n * 2 > total && date >= deadline {
            out.push(format!(
                "{n}/{total} tệp trong thư mục «{folder}» có cùng ngày sửa đổi {}: có thể là ngày lưu từ thư điện tử, không phải ngày nhận. Hãy kiểm tra «Nhận lúc» của các đơn vị (tệp xuất từ chitieu lấy giờ xuất ghi trong tệp) và sửa tay khi cần.",
                crate::period::dmy(date)
            ));
        }
    }
    out
}

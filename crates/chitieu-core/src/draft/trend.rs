//! The "Đánh giá xu hướng" draft of one figure: a pure function of the
//! figure, the unit's earlier figures and the catalogue. The words follow
//! what is better (a smaller rank is better), never the arithmetic sign.

use crate::catalogue::{Comparison, Edition, Item, Kind, Op};
use crate::number::format_vi;
use crate::period::Period;

use super::phrases::Phrases;
use super::DraftError;

/// A figure of the unit in some period, as the draft needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub period: Period,
    pub value: f64,
    pub estimate: bool,
    /// The day (dd/mm/yyyy) this figure was last revised, when that was
    /// after the figure it is compared with was entered.
    pub revised_on: Option<String>,
}

impl Observation {
    pub fn new(period: Period, value: f64) -> Observation {
        Observation {
            period,
            value,
            estimate: false,
            revised_on: None,
        }
    }
}

/// What the trend draft of one figure is computed from.
#[derive(Debug, Clone)]
pub struct TrendInput<'a> {
    pub edition: &'a Edition,
    pub item: &'a Item,
    pub current: Observation,
    /// The figure of `current.period.previous()`, if the unit has one.
    pub previous: Option<Observation>,
    /// The figure of the same quarter a year before (quarters only).
    pub same_period: Option<Observation>,
}

/// Rounds to two decimals, the precision every draft prints.
pub fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A figure as printed in a draft: `65,5%`, `-1,2%`, `71`.
pub fn figure_vi(kind: Kind, value: f64) -> String {
    match kind {
        Kind::Rank => format_vi(value.round()),
        _ => format!("{}%", format_vi(round2(value))),
    }
}

/// "Quý II/2025", "năm 2024".
pub fn period_label(phrases: &Phrases, period: Period) -> Result<String, DraftError> {
    match period {
        Period::Quarter { year, quarter } => {
            let roman = ["I", "II", "III", "IV"]
                .get(usize::from(quarter).saturating_sub(1))
                .copied()
                .unwrap_or("IV");
            phrases.fill(
                "label.quarter",
                &[("roman", roman), ("year", &year.to_string())],
            )
        }
        Period::Year(year) => phrases.fill("label.year", &[("year", &year.to_string())]),
    }
}

/// How much better `to` is than `from`: positive is better (for a rank, a
/// smaller number), rounded as printed.
pub fn improvement(kind: Kind, from: f64, to: f64) -> f64 {
    match kind {
        Kind::Rank => from.round() - to.round(),
        _ => round2(to - from),
    }
}

/// "tăng 5,2 điểm phần trăm so với Quý I/2025 (từ 60,3% lên 65,5%)".
fn change_clause(
    phrases: &Phrases,
    kind: Kind,
    base: &str,
    from: f64,
    to: f64,
) -> Result<String, DraftError> {
    let better = improvement(kind, from, to);
    let rank = kind == Kind::Rank;
    let key = match (better.partial_cmp(&0.0), rank) {
        (Some(std::cmp::Ordering::Greater), false) => "trend.up_points",
        (Some(std::cmp::Ordering::Less), false) => "trend.down_points",
        (_, false) => "trend.same_points",
        (Some(std::cmp::Ordering::Greater), true) => "trend.up_rank",
        (Some(std::cmp::Ordering::Less), true) => "trend.down_rank",
        (_, true) => "trend.same_rank",
    };
    phrases.fill(
        key,
        &[
            ("diff", &format_vi(better.abs())),
            ("base", base),
            ("from", &figure_vi(kind, from)),
            ("to", &figure_vi(kind, to)),
        ],
    )
}

/// Whether a smaller figure is what the comparison asks for.
fn lower_is_better(op: Op, kind: Kind) -> bool {
    matches!(
        (op, kind),
        (Op::Top, _) | (Op::AtMost, _) | (Op::LessThan, _) | (Op::Plain, Kind::Rank)
    )
}

/// The clauses about a plan or target: met, or the gap (and the pace
/// needed over `remaining` periods of `step`, when given).
fn goal_clauses(
    phrases: &Phrases,
    kind: Kind,
    comparison: Comparison,
    goal: &str,
    figure: f64,
    pace: Option<(u32, &str)>,
) -> Result<String, DraftError> {
    if comparison.is_met_by(figure, kind) {
        return phrases.fill("goal.met", &[("goal", goal)]);
    }
    let lower = lower_is_better(comparison.op, kind);
    let gap = if kind == Kind::Rank {
        (figure.round() - comparison.value).abs()
    } else {
        round2(if lower {
            figure - comparison.value
        } else {
            comparison.value - figure
        })
    };
    if gap <= 0.0 {
        return phrases.fill("goal.at_bound", &[("goal", goal)]);
    }
    let key = match (kind, lower) {
        (Kind::Rank, _) => "goal.gap_rank",
        (_, false) => "goal.gap_points",
        (_, true) => "goal.gap_over",
    };
    let mut text = phrases.fill(key, &[("gap", &format_vi(gap)), ("goal", goal)])?;
    if let Some((count, step)) = pace.filter(|(n, _)| *n > 0) {
        let key = match (kind, lower) {
            (Kind::Rank, _) => "goal.pace_rank",
            (_, false) => "goal.pace_points",
            (_, true) => "goal.pace_down_points",
        };
        let per = round2(gap / f64::from(count));
        text.push_str(", ");
        text.push_str(&phrases.fill(
            key,
            &[
                ("pace", &format_vi(per)),
                ("step", step),
                ("count", &count.to_string()),
            ],
        )?);
    }
    Ok(text)
}

/// Periods left after `period` until the end of `target_year`, and their
/// kind: quarters for a quarterly report, years for a yearly one.
fn remaining(period: Period, target_year: i32) -> u32 {
    match period {
        Period::Quarter { year, quarter } if year <= target_year => {
            (4 - u32::from(quarter.min(4))) + 4 * u32::try_from(target_year - year).unwrap_or(0)
        }
        Period::Year(year) if year <= target_year => u32::try_from(target_year - year).unwrap_or(0),
        _ => 0,
    }
}

/// The note on a period whose coverage is not three months.
fn coverage_note(phrases: &Phrases, period: Period) -> Result<Option<String>, DraftError> {
    let label = period_label(phrases, period)?;
    match period {
        Period::Quarter { year, quarter: 1 } => phrases
            .fill(
                "caveat.coverage_q1",
                &[("period", &label), ("year", &(year - 1).to_string())],
            )
            .map(Some),
        Period::Quarter { year, quarter: 4 } => phrases
            .fill(
                "caveat.coverage_q4",
                &[("period", &label), ("year", &year.to_string())],
            )
            .map(Some),
        _ => Ok(None),
    }
}

/// Upper-cases the first letter (đ → Đ).
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The trend draft of one figure, or `None` when there is nothing to compare
/// it with: no earlier figure of the unit, no plan, no target. With no
/// earlier figure at all, the draft speaks of the plan and target only (a
/// sentence that there is nothing earlier is a note to the person, not an
/// assessment for the report).
pub fn trend(phrases: &Phrases, input: &TrendInput<'_>) -> Result<Option<String>, DraftError> {
    let kind = input.item.kind;
    let current = &input.current;
    let period = current.period;
    let mut clauses: Vec<String> = Vec::new();
    let mut caveats: Vec<String> = Vec::new();
    // Whether an earlier figure of the unit is compared at all.
    let earlier = input.previous.is_some() || input.same_period.is_some();

    // Against the previous period.
    let prev_period = period.previous();
    let prev_label = period_label(phrases, prev_period)?;
    match &input.previous {
        Some(prev) => {
            clauses.push(change_clause(
                phrases,
                kind,
                &prev_label,
                prev.value,
                current.value,
            )?);
            let notes: Vec<String> = [period, prev_period]
                .into_iter()
                .filter(|_| period.months().len() != prev_period.months().len())
                .map(|p| coverage_note(phrases, p))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
                .collect();
            if !notes.is_empty() {
                caveats.push(phrases.fill("caveat.coverage", &[("notes", &notes.join("; "))])?);
            }
            base_caveats(phrases, prev, &prev_label, &mut caveats)?;
        }
        None if earlier => clauses.push(phrases.fill("trend.missing", &[("base", &prev_label)])?),
        None => {}
    }

    // Against the same quarter of the previous year.
    if let Period::Quarter { year, .. } = period {
        let label = phrases.fill("label.same_period", &[("year", &(year - 1).to_string())])?;
        match &input.same_period {
            Some(same) => {
                clauses.push(change_clause(
                    phrases,
                    kind,
                    &label,
                    same.value,
                    current.value,
                )?);
                base_caveats(phrases, same, &label, &mut caveats)?;
            }
            None if earlier => clauses.push(phrases.fill("trend.missing", &[("base", &label)])?),
            None => {}
        }
    }

    // Against the year's plan and the edition's target.
    let year = period.year();
    let target_year = input.edition.target_year;
    let explicit_plan = input.item.plans.contains_key(&year.to_string());
    if let Some(plan) = input
        .edition
        .plan_for(input.item, year)
        .and_then(|t| t.comparison.map(|c| (c, t)))
    {
        let (comparison, written) = plan;
        let goal = phrases.fill(
            "goal.plan",
            &[("year", &year.to_string()), ("text", &written.text)],
        )?;
        clauses.push(goal_clauses(
            phrases,
            kind,
            comparison,
            &goal,
            current.value,
            None,
        )?);
    }
    let target_ahead = year < target_year || (year == target_year && explicit_plan);
    if let Some((comparison, written)) = input
        .item
        .target
        .as_ref()
        .and_then(|t| t.comparison.map(|c| (c, t)))
        .filter(|_| target_ahead)
    {
        let goal = phrases.fill(
            "goal.target",
            &[("year", &target_year.to_string()), ("text", &written.text)],
        )?;
        let step_key = if period.is_year() {
            "goal.step_year"
        } else {
            "goal.step_quarter"
        };
        let step = phrases.fill(step_key, &[])?;
        let pace = Some((remaining(period, target_year), step.as_str()));
        clauses.push(goal_clauses(
            phrases,
            kind,
            comparison,
            &goal,
            current.value,
            pace,
        )?);
    }

    if clauses.is_empty() {
        return Ok(None);
    }
    if current.estimate {
        caveats.push(phrases.fill("caveat.estimate", &[])?);
    }
    let mut text = capitalize(&clauses.join("; "));
    text.push('.');
    for c in caveats {
        text.push(' ');
        text.push_str(&c);
    }
    Ok(Some(text))
}

/// The caveats a compared figure brings: an estimate, a revision.
fn base_caveats(
    phrases: &Phrases,
    base: &Observation,
    label: &str,
    out: &mut Vec<String>,
) -> Result<(), DraftError> {
    if base.estimate {
        out.push(phrases.fill("caveat.base_estimate", &[("base", label)])?);
    }
    if let Some(date) = &base.revised_on {
        out.push(phrases.fill("caveat.revised", &[("base", label), ("date", date)])?);
    }
    Ok(())
}

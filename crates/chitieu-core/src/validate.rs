//! Validation: what is wrong, doubtful or noteworthy in a report.
//!
//! Rules are data (`assets/rules.toml`: code, severity, message); the
//! conditions are here. Validation runs after every import, on every typed
//! figure and before every export; errors block the export.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalogue::{Edition, Item, Kind};
use crate::figure::{kind_violation, Figure, Status};
use crate::number::{format_vi, parse_figure};
use crate::period::Period;
use crate::registry::{Registry, Unit};

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label_vi(self) -> &'static str {
        match self {
            Severity::Error => "Lỗi",
            Severity::Warning => "Cảnh báo",
            Severity::Info => "Thông tin",
        }
    }
}

/// One finding about a report or a file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable rule code (`share-out-of-range`).
    pub code: String,
    pub indicator: Option<String>,
    /// Sheet and A1 cell in the original file, when it comes from an import.
    pub sheet: Option<String>,
    pub cell: Option<String>,
    /// What a person can act on, in Vietnamese.
    pub message: String,
}

#[derive(Debug, Deserialize)]
struct RuleFile {
    params: Params,
    rule: Vec<Rule>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Params {
    pub implausible_change_points: f64,
    pub implausible_change_ranks: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Rule {
    pub code: String,
    pub severity: Severity,
    pub message: String,
}

/// The rules shipped with the app.
pub struct Rules {
    pub params: Params,
    rules: HashMap<String, Rule>,
}

const RULES_TOML: &str = include_str!("../../../assets/rules.toml");

impl Rules {
    /// The embedded rules. They are checked by a test; should the file ever
    /// not parse, a fallback keeps every diagnostic meaningful.
    pub fn get() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            Rules::parse(RULES_TOML).unwrap_or_else(|_| Rules {
                params: Params {
                    implausible_change_points: 30.0,
                    implausible_change_ranks: 30.0,
                },
                rules: HashMap::new(),
            })
        })
    }

    pub fn parse(text: &str) -> Result<Rules, String> {
        let f: RuleFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let rules = f.rule.into_iter().map(|r| (r.code.clone(), r)).collect();
        Ok(Rules {
            params: f.params,
            rules,
        })
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.rules.keys().map(String::as_str)
    }

    /// A diagnostic of rule `code`, its message filled from `args`.
    pub fn diagnostic(
        &self,
        code: &str,
        indicator: Option<&str>,
        args: &[(&str, String)],
    ) -> Diagnostic {
        let (severity, template) = match self.rules.get(code) {
            Some(r) => (r.severity, r.message.as_str()),
            None => (Severity::Error, "Chỉ tiêu {indicator}: lỗi {code}."),
        };
        let mut message = template.to_owned();
        for (k, v) in args
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .chain([("indicator", indicator.unwrap_or("")), ("code", code)])
        {
            message = message.replace(&format!("{{{k}}}"), v);
        }
        Diagnostic {
            severity,
            code: code.to_owned(),
            indicator: indicator.map(str::to_owned),
            sheet: None,
            cell: None,
            message,
        }
    }
}

/// A figure to check, with where it sits in a file when it came from one.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    pub figure: &'a Figure,
    pub sheet: Option<&'a str>,
    pub cell: Option<&'a str>,
}

/// What validation needs to know about the report.
pub struct Context<'a> {
    pub edition: &'a Edition,
    pub registry: &'a Registry,
    pub unit: &'a Unit,
    pub period: Period,
    /// The figures of the previous period, by indicator.
    pub previous: BTreeMap<String, f64>,
}

/// Validates a report's figures. Diagnostics come in catalogue order, errors
/// of a figure before its warnings and infos.
pub fn validate(ctx: &Context<'_>, figures: &[Located<'_>]) -> Vec<Diagnostic> {
    let rules = Rules::get();
    let on = ctx.period.reference_date();
    let by_code: HashMap<&str, &Located<'_>> = figures
        .iter()
        .map(|l| (l.figure.indicator.as_str(), l))
        .collect();
    let mut out = Vec::new();
    let mut place = |mut d: Diagnostic, l: Option<&Located<'_>>| {
        if let Some(l) = l {
            d.sheet = l.sheet.map(str::to_owned);
            d.cell = l.cell.map(str::to_owned);
        }
        out.push(d);
    };
    // Figures whose code is not in the edition.
    for l in figures {
        if ctx.edition.item(&l.figure.indicator).is_none() && !l.figure.is_blank() {
            let d = rules.diagnostic(
                "unknown-indicator",
                Some(&l.figure.indicator),
                &[("edition", ctx.edition.id.clone())],
            );
            place(d, Some(l));
        }
    }
    let applicable_codes =
        crate::applicability::applicable_codes(ctx.edition, ctx.unit, ctx.registry, on);
    for item in &ctx.edition.items {
        let located = by_code.get(item.code.as_str()).copied();
        let applicable = applicable_codes.contains(&item.code);
        let Some(l) = located.filter(|l| !l.figure.is_blank()) else {
            if applicable {
                place(
                    rules.diagnostic("missing-figure", Some(&item.code), &[]),
                    None,
                );
            }
            continue;
        };
        // A cleared figure keeping its status or texts is still missing.
        if applicable && item.kind.carries_figure() && l.figure.is_missing() {
            place(
                rules.diagnostic("missing-figure", Some(&item.code), &[]),
                None,
            );
        }
        for d in check_figure(ctx, item, l.figure, applicable) {
            place(d, Some(l));
        }
    }
    out
}

/// The diagnostics of one figure of `item`.
pub fn check_figure(
    ctx: &Context<'_>,
    item: &Item,
    f: &Figure,
    applicable: bool,
) -> Vec<Diagnostic> {
    let rules = Rules::get();
    let code = Some(item.code.as_str());
    let mut out = Vec::new();
    if !item.kind.carries_figure() {
        if !f.raw.trim().is_empty() {
            let args = [("kind", item.kind.to_string()), ("raw", f.raw.clone())];
            out.push(rules.diagnostic("figure-on-group-row", code, &args));
        }
        return out;
    }
    let value = match parse_figure(&f.raw) {
        Err(e) => {
            out.push(rules.diagnostic(
                "not-a-number",
                code,
                &[("detail", e.to_string()), ("raw", f.raw.clone())],
            ));
            None
        }
        Ok(_) => f.value,
    };
    if let Some(v) = value {
        if kind_violation(item, v).is_some() {
            let rule = if item.kind == Kind::Rank {
                "rank-not-positive-integer"
            } else {
                "share-out-of-range"
            };
            out.push(rules.diagnostic(rule, code, &[("value", format_vi(v))]));
        }
    }
    if f.status.is_none() && !f.status_raw.trim().is_empty() {
        out.push(rules.diagnostic("unknown-status", code, &[("text", f.status_raw.clone())]));
    }
    if !applicable {
        out.push(rules.diagnostic("not-applicable", code, &[]));
    }
    let Some(v) = value else { return out };
    if ctx.period.is_year() && f.status == Some(Status::Estimate) {
        out.push(rules.diagnostic("estimate-in-year-report", code, &[]));
    }
    if let Some(prev) = ctx.previous.get(&item.code) {
        let (bound, unit) = match item.kind {
            Kind::Rank => (rules.params.implausible_change_ranks, " bậc"),
            _ => (rules.params.implausible_change_points, " điểm phần trăm"),
        };
        let delta = v - prev;
        if delta.abs() > bound {
            let delta_text = format!(
                "{}{}{unit}",
                if delta > 0.0 { "+" } else { "" },
                format_vi(round2(delta))
            );
            out.push(rules.diagnostic(
                "implausible-change",
                code,
                &[
                    ("previous", format_vi(*prev)),
                    ("value", format_vi(v)),
                    ("delta", delta_text),
                ],
            ));
        }
    }
    if matches!(item.kind, Kind::Share | Kind::Rate) && v > 0.0 && v <= 1.0 && !f.raw.contains('%')
    {
        let percent = format_vi(crate::number::fraction_to_percent(v));
        out.push(rules.diagnostic(
            "maybe-fraction",
            code,
            &[("value", format_vi(v)), ("percent", percent)],
        ));
    }
    // A figure with an error is not compared with its plan or target: "đã đạt
    // mục tiêu" beside "phải từ 0 đến 100" would contradict it.
    if out.iter().any(|d| d.severity == Severity::Error) {
        return out;
    }
    let year = ctx.period.year();
    if let Some(plan) = ctx
        .edition
        .plan_for(item, year)
        .filter(|_| year != ctx.edition.target_year)
    {
        if let Some(c) = plan.comparison {
            let rule = if c.is_met_by(v, item.kind) {
                "plan-met"
            } else {
                "plan-behind"
            };
            out.push(rules.diagnostic(
                rule,
                code,
                &[
                    ("year", year.to_string()),
                    ("plan", plan.text.clone()),
                    ("value", format_vi(v)),
                ],
            ));
        }
    }
    if let Some(target) = &item.target {
        if let Some(c) = target.comparison {
            let rule = if c.is_met_by(v, item.kind) {
                "target-met"
            } else {
                "target-behind"
            };
            let args = [
                ("year", ctx.edition.target_year.to_string()),
                ("target", target.text.clone()),
                ("value", format_vi(v)),
            ];
            out.push(rules.diagnostic(rule, code, &args));
        }
    }
    out
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Counts by severity.
pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_file_parses_and_has_every_code_the_code_uses() {
        let rules = Rules::parse(RULES_TOML).unwrap();
        for code in [
            "not-a-number",
            "share-out-of-range",
            "rank-not-positive-integer",
            "duplicate-indicator",
            "unknown-indicator",
            "figure-on-group-row",
            "unknown-status",
            "missing-figure",
            "not-applicable",
            "estimate-in-year-report",
            "implausible-change",
            "maybe-fraction",
            "code-name-mismatch",
            "edition-missing",
            "plan-met",
            "plan-behind",
            "target-met",
            "target-behind",
            "formula-value",
            "extra-column",
            "resolved-by-name",
            "edited-after-export",
            "exported-file",
            "sheet-skipped",
            "cell-unreadable",
            "edition-missing",
        ] {
            assert!(rules.rules.contains_key(code), "{code}");
        }
        assert_eq!(rules.rules.len(), 25);
    }

    #[test]
    fn messages_are_filled() {
        let d = Rules::get().diagnostic(
            "share-out-of-range",
            Some("1.1"),
            &[("value", "135".into())],
        );
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(
            d.message,
            "Chỉ tiêu 1.1 là tỷ lệ phần trăm nên phải từ 0 đến 100, nhưng số liệu là 135."
        );
        assert!(!d.message.contains('{'));
    }
}

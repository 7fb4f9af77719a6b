//! The indicator catalogue: editions, groups, indicators, plans and targets.
//!
//! Editions are data (`assets/catalogue/*.toml`), embedded in the binary and
//! loaded into the database on first use; a later edition can be imported
//! from a file of the same shape. A report belongs to exactly one edition,
//! chosen by its year: the edition with the latest `first_year` not after it.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::number::{parse_figure, strip_footnotes};

/// The editions shipped with the app, as (file name, TOML text).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "cpdt-2021.toml",
        include_str!("../../../assets/catalogue/cpdt-2021.toml"),
    ),
    (
        "cps-2022.toml",
        include_str!("../../../assets/catalogue/cps-2022.toml"),
    ),
    (
        "kh-2023.toml",
        include_str!("../../../assets/catalogue/kh-2023.toml"),
    ),
];

/// What an item of the catalogue holds.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A group heading (1 … 5): a name, never a figure.
    Group,
    /// An indicator with sub-indicators (1.7, 3.5): a name, never a figure.
    Parent,
    /// A share in percent, within [0, 100].
    Share,
    /// A rate in percent that may be negative or above 100 (4.21).
    Rate,
    /// A world rank: a positive integer, lower is better.
    Rank,
}

impl Kind {
    /// Whether rows of this kind carry a figure.
    pub fn carries_figure(self) -> bool {
        matches!(self, Kind::Share | Kind::Rate | Kind::Rank)
    }
}

/// The operator of a plan or target as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// A plain value (`80%`, `70`): at least it for shares and rates, at most
    /// it (or better) for ranks.
    Plain,
    /// `≥ 80%`.
    AtLeast,
    /// `> 80%`.
    MoreThan,
    /// `≤ 5%`.
    AtMost,
    /// `< 5%`.
    LessThan,
    /// `Top 50`: a rank of 50 or better.
    Top,
}

/// A plan or target read as a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub op: Op,
    pub value: f64,
}

impl Comparison {
    /// Parses a plan or target as written in the catalogue. `None` for `-`,
    /// blank, or text that is not a comparison (kept as written anyway).
    pub fn parse(text: &str) -> Option<Comparison> {
        let t = strip_footnotes(text);
        let (op, rest) = if let Some(r) = t.strip_prefix('≥').or_else(|| t.strip_prefix(">=")) {
            (Op::AtLeast, r)
        } else if let Some(r) = t.strip_prefix('≤').or_else(|| t.strip_prefix("<=")) {
            (Op::AtMost, r)
        } else if let Some(r) = t.strip_prefix('>') {
            (Op::MoreThan, r)
        } else if let Some(r) = t.strip_prefix('<') {
            (Op::LessThan, r)
        } else if let Some(r) = t
            .strip_prefix("Top")
            .or_else(|| t.strip_prefix("top"))
            .or_else(|| t.strip_prefix("TOP"))
        {
            (Op::Top, r)
        } else {
            (Op::Plain, t)
        };
        let value = parse_figure(rest).ok()??;
        Some(Comparison { op, value })
    }

    /// Whether `figure` meets this comparison for an indicator of `kind`.
    pub fn is_met_by(&self, figure: f64, kind: Kind) -> bool {
        const EPS: f64 = 1e-9;
        match (self.op, kind) {
            (Op::Plain, Kind::Rank) | (Op::Top, _) | (Op::AtMost, _) => figure <= self.value + EPS,
            (Op::Plain, _) | (Op::AtLeast, _) => figure >= self.value - EPS,
            (Op::MoreThan, _) => figure > self.value,
            (Op::LessThan, _) => figure < self.value,
        }
    }
}

/// A plan, target or baseline: as written, and as a comparison when it is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub text: String,
    pub comparison: Option<Comparison>,
}

impl Target {
    pub fn new(text: &str) -> Target {
        Target {
            text: text.to_owned(),
            comparison: Comparison::parse(text),
        }
    }
}

impl<'de> Deserialize<'de> for Target {
    /// From the text as written (catalogue files), or from the stored form
    /// `{text, comparison}`; the comparison is always re-read from the text.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Target, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Text(String),
            Stored { text: String },
        }
        Ok(match Form::deserialize(d)? {
            Form::Text(t) | Form::Stored { text: t } => Target::new(&t),
        })
    }
}

/// A footnote of the source document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// The marker as printed (`¹`).
    pub mark: String,
    pub text: String,
}

/// A group or indicator, as the catalogue file holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The identifier: `1`, `1.1`, `1.7.1`. Never a row number.
    pub code: String,
    /// The name exactly as in the source, without footnote markers.
    pub name: String,
    pub kind: Kind,
    /// Unit of measure: `%` or `Thứ hạng`; empty for groups and parents.
    #[serde(default)]
    pub unit: String,
    /// The actual value of the baseline year, as written (`86,97%`, `86 ²`).
    #[serde(default)]
    pub baseline: Option<Target>,
    /// Plans by year, as written (`≥ 80%`, `-`).
    #[serde(default)]
    pub plans: BTreeMap<String, Target>,
    /// The target of the edition's target year, as written.
    #[serde(default)]
    pub target: Option<Target>,
    /// "QĐ 942", "QĐ 749", "QĐ 942;749".
    #[serde(default)]
    pub legal_basis: String,
    /// "Đơn vị đo lường, theo dõi": the department of the ministry in charge.
    #[serde(default)]
    pub tracking: String,
    /// "Cơ quan, đơn vị thực hiện, phối hợp", verbatim.
    #[serde(default)]
    pub bodies: String,
    /// Markers of the footnotes attached to this item (`¹`), and where.
    #[serde(default)]
    pub footnotes: Vec<FootnoteRef>,
    /// The level of local government the figure is about, when it is one
    /// that can cease to exist ("district", "commune").
    #[serde(default)]
    pub level: Option<String>,
}

/// Where a footnote marker was attached in the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FootnoteRef {
    pub mark: String,
    /// "name", "baseline", "target" …
    pub on: String,
}

impl Item {
    /// The code of the item this one sits under (`1.7.1` → `1.7`, `1.1` → `1`).
    pub fn parent_code(&self) -> Option<&str> {
        self.code.rsplit_once('.').map(|(p, _)| p)
    }

    pub fn is_group(&self) -> bool {
        self.kind == Kind::Group
    }
}

/// An edition of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Stable identifier (`kh-2023`).
    pub id: String,
    pub title: String,
    /// The document it comes from.
    pub source: String,
    /// Reports of this year and later use this edition, until a later one starts.
    pub first_year: i32,
    /// The year of the "actual" column (`Năm 2022`).
    pub baseline_year: i32,
    /// The year of the final target (`Mục tiêu 2025`).
    pub target_year: i32,
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
    pub items: Vec<Item>,
}

/// Why a catalogue file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditionError {
    #[error("tệp bộ chỉ tiêu «{file}» không đọc được: {why}")]
    Syntax { file: String, why: String },
    #[error("tệp bộ chỉ tiêu «{file}», chỉ tiêu «{code}»: {why}")]
    Item {
        file: String,
        code: String,
        why: String,
    },
}

impl Edition {
    /// Reads and checks an edition from TOML text (`file` names it in messages).
    pub fn from_toml(file: &str, text: &str) -> Result<Edition, EditionError> {
        let edition: Edition = toml::from_str(text).map_err(|e| EditionError::Syntax {
            file: file.to_owned(),
            why: e.message().to_owned(),
        })?;
        edition.check(file)?;
        Ok(edition)
    }

    /// Checks the edition's structure (codes, parents, footnotes, plan years).
    pub fn check(&self, file: &str) -> Result<(), EditionError> {
        let err = |code: &str, why: String| EditionError::Item {
            file: file.to_owned(),
            code: code.to_owned(),
            why,
        };
        if self.id.is_empty()
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(EditionError::Syntax {
                file: file.to_owned(),
                why: format!("mã bộ chỉ tiêu «{}» chỉ được gồm chữ, số và dấu -", self.id),
            });
        }
        let mut seen = HashSet::new();
        let marks: HashSet<&str> = self.footnotes.iter().map(|f| f.mark.as_str()).collect();
        for item in &self.items {
            let code = item.code.as_str();
            let valid_code = !code.is_empty()
                && code
                    .split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            if !valid_code {
                return Err(err(
                    code,
                    "mã chỉ tiêu phải là các số cách nhau bởi dấu chấm".into(),
                ));
            }
            if !seen.insert(code) {
                return Err(err(code, "mã chỉ tiêu bị lặp".into()));
            }
            if item.name.trim().is_empty() {
                return Err(err(code, "thiếu tên chỉ tiêu".into()));
            }
            match (item.parent_code(), item.kind) {
                (None, Kind::Group) => {}
                (None, _) => return Err(err(code, "mã một cấp chỉ dành cho nhóm".into())),
                (Some(_), Kind::Group) => return Err(err(code, "nhóm phải có mã một cấp".into())),
                (Some(parent), _) => {
                    let parent_kind = self.items.iter().find(|i| i.code == parent).map(|i| i.kind);
                    if !matches!(parent_kind, Some(Kind::Group | Kind::Parent))
                        || !seen.contains(parent)
                    {
                        return Err(err(
                            code,
                            format!("chỉ tiêu cha «{parent}» không có ở phía trên"),
                        ));
                    }
                }
            }
            for f in &item.footnotes {
                if !marks.contains(f.mark.as_str()) {
                    return Err(err(code, format!("không có chú thích «{}»", f.mark)));
                }
            }
            for year in item.plans.keys() {
                if year.parse::<i32>().is_err() {
                    return Err(err(code, format!("năm kế hoạch «{year}» không hợp lệ")));
                }
            }
        }
        Ok(())
    }

    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }

    /// Items that carry a figure.
    pub fn indicators(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.kind.carries_figure())
    }

    /// The years that have a plan column.
    pub fn plan_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .items
            .iter()
            .flat_map(|i| i.plans.keys())
            .filter_map(|y| y.parse().ok())
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The plan of `item` for the report year: the plan of that year, or the
    /// final target when the year is the target year. `None` after the target
    /// year or where the edition sets none.
    pub fn plan_for<'a>(&self, item: &'a Item, year: i32) -> Option<&'a Target> {
        item.plans
            .get(&year.to_string())
            .or(if year == self.target_year {
                item.target.as_ref()
            } else {
                None
            })
    }

    /// The items to show when the indicators `shown` are shown, in
    /// catalogue order: those indicators, and each group or parent that has
    /// one of them under it.
    pub fn rows_for(&self, shown: impl Fn(&str) -> bool) -> Vec<&Item> {
        self.items
            .iter()
            .filter(|item| {
                if item.kind.carries_figure() {
                    shown(&item.code)
                } else {
                    let prefix = format!("{}.", item.code);
                    self.indicators()
                        .any(|i| i.code.starts_with(&prefix) && shown(&i.code))
                }
            })
            .collect()
    }

    pub fn footnote(&self, mark: &str) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| f.mark == mark)
    }

    /// The last year this edition sets a plan or target for.
    pub fn last_year(&self) -> i32 {
        self.plan_years()
            .last()
            .copied()
            .unwrap_or(self.first_year)
            .max(self.target_year)
            .max(self.first_year)
    }

    /// Whether the edition sets plans for reports of `year`.
    pub fn covers(&self, year: i32) -> bool {
        (self.first_year..=self.last_year()).contains(&year)
    }

    /// The years covered, as people write them: "2023–2025" (or "2021").
    pub fn years_label(&self) -> String {
        let last = self.last_year();
        if last == self.first_year {
            self.first_year.to_string()
        } else {
            format!("{}–{}", self.first_year, last)
        }
    }

    /// What a report of `year` under this edition must be told when the
    /// edition sets no plan for that year (the banner of the report).
    pub fn coverage_notice(&self, year: i32) -> Option<String> {
        (!self.covers(year)).then(|| {
            format!(
                "Đang dùng bộ chỉ tiêu {}; chưa có kế hoạch năm {year} — nạp bộ chỉ tiêu mới",
                self.years_label()
            )
        })
    }
}

/// All editions known, in order of `first_year`.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    editions: Vec<Edition>,
}

impl Catalogue {
    pub fn new(mut editions: Vec<Edition>) -> Catalogue {
        editions.sort_by_key(|e| e.first_year);
        Catalogue { editions }
    }

    /// The editions embedded in the binary.
    pub fn embedded() -> Result<Catalogue, EditionError> {
        EMBEDDED
            .iter()
            .map(|(file, text)| Edition::from_toml(file, text))
            .collect::<Result<Vec<_>, _>>()
            .map(Catalogue::new)
    }

    pub fn editions(&self) -> &[Edition] {
        &self.editions
    }

    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.id == id)
    }

    /// The edition a new report of `year` uses: the newest edition whose
    /// years cover it; when none does, the latest that started before it
    /// (the report then shows `Edition::coverage_notice`).
    pub fn edition_for_year(&self, year: i32) -> Option<&Edition> {
        self.editions
            .iter()
            .rev()
            .find(|e| e.covers(year))
            .or_else(|| self.editions.iter().rev().find(|e| e.first_year <= year))
    }

    /// The editions newer than `current` that cover `year`, newest first:
    /// where a report of `year` may be moved.
    pub fn newer_for_year(&self, current: &Edition, year: i32) -> Vec<&Edition> {
        self.editions
            .iter()
            .rev()
            .filter(|e| e.id != current.id && e.covers(year) && e.first_year >= current.first_year)
            .collect()
    }

    /// The edition `edition` follows: the latest other edition that started
    /// no later than it (what an import's preview compares against).
    pub fn predecessor_of(&self, edition: &Edition) -> Option<&Edition> {
        self.editions
            .iter()
            .rev()
            .find(|e| e.id != edition.id && e.first_year <= edition.first_year)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Group => "nhóm",
            Kind::Parent => "chỉ tiêu cha",
            Kind::Share => "tỷ lệ (0–100%)",
            Kind::Rate => "tỷ lệ tăng (có thể âm)",
            Kind::Rank => "thứ hạng",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_read_as_written() {
        let c = |t: &str| Comparison::parse(t);
        assert_eq!(
            c("≥ 80%"),
            Some(Comparison {
                op: Op::AtLeast,
                value: 80.0
            })
        );
        assert_eq!(
            c(">50%"),
            Some(Comparison {
                op: Op::MoreThan,
                value: 50.0
            })
        );
        assert_eq!(
            c("> 80%"),
            Some(Comparison {
                op: Op::MoreThan,
                value: 80.0
            })
        );
        assert_eq!(
            c("Top 50"),
            Some(Comparison {
                op: Op::Top,
                value: 50.0
            })
        );
        assert_eq!(
            c("100%"),
            Some(Comparison {
                op: Op::Plain,
                value: 100.0
            })
        );
        assert_eq!(
            c("15,5%"),
            Some(Comparison {
                op: Op::Plain,
                value: 15.5
            })
        );
        assert_eq!(
            c("86 ²"),
            Some(Comparison {
                op: Op::Plain,
                value: 86.0
            })
        );
        assert_eq!(c("-"), None);
        assert_eq!(c("100% cấp bộ, ngành; 98% quận/huyện được kết nối"), None);
    }

    #[test]
    fn comparisons_know_that_lower_ranks_are_better() {
        let top50 = Comparison::parse("Top 50").unwrap();
        assert!(top50.is_met_by(48.0, Kind::Rank));
        assert!(top50.is_met_by(50.0, Kind::Rank));
        assert!(!top50.is_met_by(51.0, Kind::Rank));
        let plan70 = Comparison::parse("70").unwrap();
        assert!(plan70.is_met_by(65.0, Kind::Rank));
        assert!(!plan70.is_met_by(71.0, Kind::Rank));
        let share = Comparison::parse("≥ 80%").unwrap();
        assert!(share.is_met_by(80.0, Kind::Share));
        assert!(!share.is_met_by(79.99, Kind::Share));
        let strict = Comparison::parse("> 80%").unwrap();
        assert!(!strict.is_met_by(80.0, Kind::Share));
        assert!(strict.is_met_by(80.5, Kind::Share));
    }
}

//! The unit registry: who reports, and who receives, on a given date.
//!
//! Units are effective-dated data (`assets/units/*.toml`), each change with its
//! legal source, so a correction is a data change, not a code change. A report
//! belongs to the unit as it existed on its period's reference date (the last
//! day covered). Units a user adds live in the database and join the registry
//! at run time with type `custom` or the type they chose.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::fold::fold;
use crate::period::Period;

/// The registry files shipped with the app, as (file name, TOML text).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "ministries.toml",
        include_str!("../../../assets/units/ministries.toml"),
    ),
    (
        "provinces.toml",
        include_str!("../../../assets/units/provinces.toml"),
    ),
    (
        "departments.toml",
        include_str!("../../../assets/units/departments.toml"),
    ),
];

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum UnitType {
    /// A ministry, a ministry-level agency or a government agency.
    Ministry,
    /// A province or centrally-run city.
    Province,
    /// A department of a ministry (the ministry in charge's Cục and Vụ).
    Department,
    /// A unit a user added that fits none of the above.
    Custom,
}

impl UnitType {
    pub fn label_vi(self) -> &'static str {
        match self {
            UnitType::Ministry => "bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
            UnitType::Province => "tỉnh, thành phố trực thuộc Trung ương",
            UnitType::Department => "đơn vị thuộc bộ",
            UnitType::Custom => "đơn vị khác",
        }
    }
}

impl fmt::Display for UnitType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnitType::Ministry => "ministry",
            UnitType::Province => "province",
            UnitType::Department => "department",
            UnitType::Custom => "custom",
        })
    }
}

impl std::str::FromStr for UnitType {
    type Err = ();
    fn from_str(s: &str) -> Result<UnitType, ()> {
        match s {
            "ministry" => Ok(UnitType::Ministry),
            "province" => Ok(UnitType::Province),
            "department" => Ok(UnitType::Department),
            "custom" => Ok(UnitType::Custom),
            _ => Err(()),
        }
    }
}

/// A reporting unit.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable code for exchange (`BTTTT`, `THAI-NGUYEN`, `BTTTT.CDSQG`).
    pub code: String,
    /// Official name ("Bộ Thông tin và Truyền thông", "Tỉnh Thái Nguyên").
    pub name: String,
    /// Short name as documents abbreviate it ("Bộ TT&TT", "Thái Nguyên", "Cục CĐSQG").
    pub short_name: String,
    /// Other spellings met in documents and forms ("Bộ TTTT", "UBND tỉnh Thái Nguyên").
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(rename = "type")]
    pub unit_type: UnitType,
    /// Finer legal category: "bo", "co-quan-ngang-bo", "co-quan-thuoc-chinh-phu",
    /// "tinh", "thanh-pho", "cuc", "vu", "van-phong", "thanh-tra" …
    #[serde(default)]
    pub category: String,
    /// The unit this one belongs to (a department's ministry; a user's Sở's province).
    #[serde(default)]
    pub parent: Option<String>,
    /// First day of existence in this form; `None`: before the registry's horizon.
    #[serde(default, serialize_with = "iso_day")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub valid_from: Option<Date>,
    /// Last day of existence in this form; `None`: still exists.
    #[serde(default, serialize_with = "iso_day")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub valid_to: Option<Date>,
    /// The units that took over its functions when it ended.
    #[serde(default)]
    pub successors: Vec<String>,
    /// Legal source of its start, end or renaming.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
    /// Whether this unit receives the reports (Cục Chuyển đổi số quốc gia).
    #[serde(default)]
    pub receives_reports: bool,
    /// Added by a user of this installation, not shipped with the app.
    #[serde(default, skip_deserializing)]
    pub user_added: bool,
}

/// A day as the front ends read it, `2025-06-30` (the `time` crate's own
/// serialization is a `(year, ordinal)` tuple: «2025181» on screen).
fn iso_day<S: serde::Serializer>(day: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match day {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

impl Unit {
    pub fn is_valid_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }
}

/// A dated fact about the organisation of government that is not a unit:
/// a level of local government that starts or ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// "district", "commune".
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub valid_from: Option<Date>,
    #[serde(default)]
    pub valid_to: Option<Date>,
    #[serde(default)]
    pub source: String,
}

/// One registry file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryFile {
    #[serde(default)]
    pub units: Vec<Unit>,
    #[serde(default)]
    pub levels: Vec<Level>,
}

/// Why a registry file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    #[error("tệp danh mục đơn vị «{file}» không đọc được: {why}")]
    Syntax { file: String, why: String },
    #[error("danh mục đơn vị, đơn vị «{code}»: {why}")]
    Unit { code: String, why: String },
}

/// All units, shipped and user-added.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    units: Vec<Unit>,
    levels: Vec<Level>,
    index: HashMap<String, usize>,
    /// `name_key` of every name, short name, alias and code → units.
    names: HashMap<String, Vec<usize>>,
}

impl Registry {
    /// The registry shipped with the app.
    pub fn embedded() -> Result<Registry, RegistryError> {
        let mut units = Vec::new();
        let mut levels = Vec::new();
        for (file, text) in EMBEDDED {
            let f: RegistryFile = toml::from_str(text).map_err(|e| RegistryError::Syntax {
                file: (*file).to_owned(),
                why: e.message().to_owned(),
            })?;
            units.extend(f.units);
            levels.extend(f.levels);
        }
        Registry::new(units, levels)
    }

    pub fn new(units: Vec<Unit>, levels: Vec<Level>) -> Result<Registry, RegistryError> {
        let mut r = Registry {
            units: Vec::new(),
            levels,
            index: HashMap::new(),
            names: HashMap::new(),
        };
        for u in units {
            r.insert(u)?;
        }
        r.check()?;
        Ok(r)
    }

    fn insert(&mut self, unit: Unit) -> Result<(), RegistryError> {
        if self.index.contains_key(&unit.code) {
            return Err(RegistryError::Unit {
                code: unit.code,
                why: "mã đơn vị bị lặp".into(),
            });
        }
        let i = self.units.len();
        self.index.insert(unit.code.clone(), i);
        let mut keys: Vec<String> = std::iter::once(&unit.name)
            .chain(std::iter::once(&unit.short_name))
            .chain(unit.aliases.iter())
            .chain(std::iter::once(&unit.code))
            .map(|n| name_key(n))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            self.names.entry(k).or_default().push(i);
        }
        self.units.push(unit);
        Ok(())
    }

    /// Adds a user's unit (already stored) to this registry.
    pub fn add_user_unit(&mut self, mut unit: Unit) -> Result<(), RegistryError> {
        unit.user_added = true;
        self.insert(unit)
    }

    fn check(&self) -> Result<(), RegistryError> {
        for u in &self.units {
            let err = |why: String| RegistryError::Unit {
                code: u.code.clone(),
                why,
            };
            if u.code.is_empty()
                || !u
                    .code
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            {
                return Err(err(
                    "mã đơn vị chỉ gồm chữ in hoa không dấu, số, dấu - và dấu .".into(),
                ));
            }
            if let (Some(f), Some(t)) = (u.valid_from, u.valid_to) {
                if t < f {
                    return Err(err("ngày hết hiệu lực trước ngày có hiệu lực".into()));
                }
            }
            for s in u.successors.iter().chain(u.parent.iter()) {
                if !self.index.contains_key(s) {
                    return Err(err(format!("không có đơn vị «{s}» trong danh mục")));
                }
            }
            if !u.successors.is_empty() && u.valid_to.is_none() {
                return Err(err(
                    "có đơn vị kế thừa nhưng không có ngày hết hiệu lực".into()
                ));
            }
        }
        Ok(())
    }

    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    pub fn get(&self, code: &str) -> Option<&Unit> {
        self.index.get(code).map(|&i| &self.units[i])
    }

    /// The unit `code` as it exists on the period's reference date.
    pub fn for_period(&self, code: &str, period: Period) -> crate::Result<&Unit> {
        let unit = self
            .get(code)
            .or_else(|| self.get(&code.to_uppercase()))
            .ok_or_else(|| crate::Error::UnknownUnit {
                code: code.to_owned(),
            })?;
        let day = period.reference_date();
        if let Some(from) = unit.valid_from.filter(|f| *f > day) {
            return Err(crate::Error::UnitNotYet {
                name: unit.name.clone(),
                period: period.to_string(),
                started: crate::period::dmy(from),
            });
        }
        if let Some(to) = unit.valid_to.filter(|t| *t < day) {
            let names: Vec<String> = unit
                .successors
                .iter()
                .filter_map(|s| self.get(s))
                .map(|s| format!("{} (mã {})", s.name, s.code))
                .collect();
            let successors = if names.is_empty() {
                String::new()
            } else {
                format!("; đơn vị kế thừa: {}", names.join(", "))
            };
            return Err(crate::Error::UnitEnded {
                name: unit.name.clone(),
                period: period.to_string(),
                ended: crate::period::dmy(to),
                successors,
            });
        }
        Ok(unit)
    }

    /// Units that exist on `day`, in registry order.
    pub fn valid_on(&self, day: Date) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(move |u| u.is_valid_on(day))
    }

    /// Whether the level of local government `id` exists on `day`
    /// (an unknown level is taken to exist).
    pub fn level_exists_on(&self, id: &str, day: Date) -> bool {
        self.levels.iter().find(|l| l.id == id).is_none_or(|l| {
            l.valid_from.is_none_or(|f| f <= day) && l.valid_to.is_none_or(|t| day <= t)
        })
    }

    /// The codes of the units `code` took over from, transitively.
    pub fn predecessors(&self, code: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut stack = vec![code.to_owned()];
        while let Some(c) = stack.pop() {
            for u in &self.units {
                if u.successors.contains(&c) && out.insert(u.code.clone()) {
                    stack.push(u.code.clone());
                }
            }
        }
        out
    }

    /// The unit that receives reports on `day` and the name written on a form:
    /// "Cục Chuyển đổi số quốc gia - Bộ Thông tin và Truyền thông".
    pub fn receiver_on(&self, day: Date) -> Option<String> {
        let r = self.valid_on(day).find(|u| u.receives_reports)?;
        let parent = r.parent.as_deref().and_then(|p| self.get(p));
        Some(match parent {
            Some(p) => format!("{} - {}", r.name, p.name),
            None => r.name.clone(),
        })
    }

    /// Units whose name, short name or an alias matches `text` once both are
    /// folded and common prefixes ("UBND tỉnh", "Ủy ban nhân dân thành phố")
    /// are removed; among the units valid on `day` when one matches there.
    pub fn find_by_name(&self, text: &str, day: Date) -> Vec<&Unit> {
        let key = name_key(text);
        if key.is_empty() {
            return Vec::new();
        }
        let matching: Vec<&Unit> = self
            .names
            .get(&key)
            .map(|v| v.iter().map(|&i| &self.units[i]).collect())
            .unwrap_or_default();
        let on_day: Vec<&Unit> = matching
            .iter()
            .copied()
            .filter(|u| u.is_valid_on(day))
            .collect();
        if on_day.is_empty() {
            matching
        } else {
            on_day
        }
    }

    /// Units matching a search as you type, valid on `day`: the folded
    /// words of `query` are words of one of the unit's names (its name,
    /// short name, an alias or its code), the last one possibly unfinished,
    /// so "ha giang" finds Hà Giang and not An Giang (whose alias "Ủy ban
    /// nhân dân…" has "ha" inside a word) nor Hậu Giang. A unit that no
    /// longer exists on `day` leads to the unit that took it over, with when
    /// and by which act (`UnitHit::former`); those come after the units
    /// found directly.
    pub fn search(&self, query: &str, day: Date) -> Vec<UnitHit> {
        let words: Vec<String> = crate::fold::words(query);
        let mut hits: Vec<UnitHit> = self
            .valid_on(day)
            .filter(|u| names_match(u, &words))
            .map(|u| UnitHit {
                unit: u.clone(),
                former: None,
            })
            .collect();
        for old in self.ended_matching(&words, day) {
            for unit in self.successors_on(old, day) {
                if hits.iter().any(|h| h.unit.code == unit.code) {
                    continue;
                }
                let since = old.valid_to.and_then(|t| t.next_day());
                let text = match since {
                    Some(d) => format!("{} → {} từ {}", old.name, unit.name, day_month_year(d)),
                    None => format!("{} → {}", old.name, unit.name),
                };
                let former = Former {
                    code: old.code.clone(),
                    name: old.name.clone(),
                    since,
                    source: old.source.clone(),
                    text,
                };
                hits.push(UnitHit {
                    unit: unit.clone(),
                    former: Some(former),
                });
            }
        }
        hits
    }

    /// What the app's unit choice offers: `search`, then the former units
    /// themselves (their `valid_to` says until when), so a unit that existed
    /// in a past period but not on `day` (Tỉnh Bình Định for 2024) can be
    /// chosen to report that period, as the CLI's `--unit` allows.
    pub fn search_for_reporting(&self, query: &str, day: Date) -> Vec<UnitHit> {
        let mut hits = self.search(query, day);
        for old in self.ended_matching(&crate::fold::words(query), day) {
            if !hits.iter().any(|h| h.unit.code == old.code) {
                hits.push(UnitHit {
                    unit: old.clone(),
                    former: None,
                });
            }
        }
        hits
    }

    /// The units ended before `day` whose names have `words` (none when
    /// nothing is typed).
    fn ended_matching<'a>(
        &'a self,
        words: &'a [String],
        day: Date,
    ) -> impl Iterator<Item = &'a Unit> + 'a {
        self.units.iter().filter(move |u| {
            !words.is_empty() && u.valid_to.is_some_and(|t| t < day) && names_match(u, words)
        })
    }

    /// The units valid on `day` that took over from `unit`, following
    /// successions that ended in turn.
    fn successors_on(&self, unit: &Unit, day: Date) -> Vec<&Unit> {
        let mut out: Vec<&Unit> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = unit.successors.iter().map(String::as_str).collect();
        while let Some(code) = stack.pop() {
            let Some(u) = self.get(code) else { continue };
            if !seen.insert(code) {
                continue;
            }
            if u.is_valid_on(day) {
                out.push(u);
            } else if u.valid_to.is_some_and(|t| t < day) {
                stack.extend(u.successors.iter().map(String::as_str));
            }
        }
        out
    }
}

/// A unit found by `Registry::search`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitHit {
    pub unit: Unit,
    /// The words matched a unit that no longer exists and `unit` took over.
    pub former: Option<Former>,
}

/// A former unit that led a search to its successor.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Former {
    pub code: String,
    pub name: String,
    /// The successor's first day in its place.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub since: Option<Date>,
    /// The legal act that ended the former unit.
    pub source: String,
    /// "Tỉnh Hà Giang → Tỉnh Tuyên Quang từ 01/7/2025".
    pub text: String,
}

/// Whether one of `u`'s names has every word of `words`: whole words, but
/// the last may be the beginning of one, still being typed ("ha giang"
/// finds Hà Giang, not Hậu Giang; "an gi" finds An Giang).
fn names_match(u: &Unit, words: &[String]) -> bool {
    let Some((last, whole)) = words.split_last() else {
        return true;
    };
    std::iter::once(&u.name)
        .chain(std::iter::once(&u.short_name))
        .chain(u.aliases.iter())
        .chain(std::iter::once(&u.code))
        .any(|name| {
            let have = crate::fold::words(name);
            whole.iter().all(|w| have.contains(w))
                && have.iter().any(|h| h.starts_with(last.as_str()))
        })
}

/// A date as legal texts write it: "01/7/2025" (the month not padded).
fn day_month_year(d: Date) -> String {
    format!("{:02}/{}/{}", d.day(), u8::from(d.month()), d.year())
}

/// Prefixes that name the body rather than the place.
const PREFIXES: &[&str] = &[
    "uy ban nhan dan",
    "ubnd",
    "thanh pho truc thuoc trung uong",
    "thanh pho",
    "tp.",
    "tp",
    "tinh",
];

/// The folded name without the prefixes that name the body ("UBND tỉnh").
pub fn name_key(text: &str) -> String {
    let mut key = fold(text).replace("tp.", "tp ");
    key = key
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    loop {
        let before = key.len();
        for p in PREFIXES {
            if let Some(rest) = key.strip_prefix(p) {
                if rest.is_empty() || rest.starts_with(' ') {
                    key = rest.trim_start().to_owned();
                }
            }
        }
        if key.len() == before {
            break;
        }
    }
    key
}

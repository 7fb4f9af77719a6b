//! How an edition differs from the one it follows: what the preview shows
//! before a person confirms loading it.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::applicability;
use crate::catalogue::{Edition, Item};
use crate::registry::Registry;

/// An indicator named in a difference.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemBrief {
    pub code: String,
    pub name: String,
}

/// One field of an indicator that changed: `what` says which, in Vietnamese.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub code: String,
    pub what: String,
    pub old: String,
    pub new: String,
}

/// The difference between an edition and the one it follows.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EditionDiff {
    /// The edition compared against (`None`: there is none before it).
    pub base_id: Option<String>,
    pub base_years: Option<String>,
    /// Indicators (and groups) that are new, and those no longer there.
    pub added: Vec<ItemBrief>,
    pub removed: Vec<ItemBrief>,
    pub renamed: Vec<FieldChange>,
    pub units: Vec<FieldChange>,
    pub plans: Vec<FieldChange>,
    pub targets: Vec<FieldChange>,
    pub applicability: Vec<FieldChange>,
}

impl EditionDiff {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.units.is_empty()
            && self.plans.is_empty()
            && self.targets.is_empty()
            && self.applicability.is_empty()
    }
}

fn brief(i: &Item) -> ItemBrief {
    ItemBrief {
        code: i.code.clone(),
        name: i.name.clone(),
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Who reports an indicator, in words.
pub fn applies_to(edition: &Edition, item: &Item, registry: &Registry) -> String {
    let a = applicability::derive(edition, item, registry);
    let mut parts: Vec<String> = Vec::new();
    match (a.ministries, a.provinces) {
        (true, true) => parts.push("Các bộ, ngành, địa phương".into()),
        (true, false) => parts.push("Các bộ, ngành".into()),
        (false, true) => parts.push("Các địa phương".into()),
        _ => {}
    }
    parts.extend(a.units.iter().map(|c| {
        registry
            .get(c)
            .map_or_else(|| c.clone(), |u| u.name.clone())
    }));
    parts.extend(a.unresolved.iter().map(|n| format!("{n} (chưa nhận ra)")));
    if parts.is_empty() {
        return "Đơn vị theo dõi của bộ chủ quản".into();
    }
    parts.join("; ")
}

/// The difference of `new` from `base`.
pub fn diff(base: Option<&Edition>, new: &Edition, registry: &Registry) -> EditionDiff {
    let Some(base) = base else {
        return EditionDiff {
            added: new.items.iter().map(brief).collect(),
            ..EditionDiff::default()
        };
    };
    let mut d = EditionDiff {
        base_id: Some(base.id.clone()),
        base_years: Some(base.years_label()),
        ..EditionDiff::default()
    };
    let text = |t: Option<&crate::catalogue::Target>| {
        t.map(|t| t.text.trim().to_owned()).unwrap_or_default()
    };
    for item in &new.items {
        let Some(old) = base.item(&item.code) else {
            d.added.push(brief(item));
            continue;
        };
        let change = |what: String, old: String, new: String| FieldChange {
            code: item.code.clone(),
            what,
            old,
            new,
        };
        if norm(&old.name) != norm(&item.name) {
            d.renamed
                .push(change("Tên".into(), old.name.clone(), item.name.clone()));
        }
        if old.unit != item.unit || old.kind != item.kind {
            d.units.push(change(
                "Đơn vị tính".into(),
                format!("{} ({})", old.unit, old.kind),
                format!("{} ({})", item.unit, item.kind),
            ));
        }
        if !item.kind.carries_figure() || !old.kind.carries_figure() {
            continue;
        }
        // The years the new edition plans for (old plans of years it does
        // not cover are history, not a change).
        let covered = |y: &&String| y.parse().is_ok_and(|y: i32| new.covers(y));
        let years: BTreeSet<&String> = old
            .plans
            .keys()
            .filter(covered)
            .chain(item.plans.keys())
            .collect();
        for y in years {
            let (a, b) = (text(old.plans.get(y)), text(item.plans.get(y)));
            if a != b {
                d.plans.push(change(format!("Kế hoạch năm {y}"), a, b));
            }
        }
        let (a, b) = (text(old.target.as_ref()), text(item.target.as_ref()));
        if a != b || base.target_year != new.target_year {
            d.targets.push(change(
                "Mục tiêu".into(),
                format!(
                    "{} (năm {})",
                    if a.is_empty() { "—" } else { &a },
                    base.target_year
                ),
                format!(
                    "{} (năm {})",
                    if b.is_empty() { "—" } else { &b },
                    new.target_year
                ),
            ));
        }
        let (a, b) = (
            applies_to(base, old, registry),
            applies_to(new, item, registry),
        );
        if a != b {
            d.applicability.push(change("Đơn vị báo cáo".into(), a, b));
        }
    }
    d.removed = base
        .items
        .iter()
        .filter(|i| new.item(&i.code).is_none())
        .map(brief)
        .collect();
    d
}

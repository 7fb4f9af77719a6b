//! Which units report which indicator.
//!
//! Derived from the catalogue's "Cơ quan, đơn vị thực hiện, phối hợp" column
//! (seed 003), as the domain doc explains: "Các bộ, ngành, địa phương" means
//! every ministry-level body and every province; "Các địa phương" means
//! provinces only; a named ministry means that ministry; an empty cell means
//! the tracking department of the ministry in charge itself. A unit that took
//! over a named one (a merged ministry, a renamed department) inherits its
//! indicators. An indicator about a level of local government that no longer
//! exists (3.5.2, district level, after 1/7/2025) applies to nobody.

use std::collections::HashSet;

use serde::Serialize;
use time::Date;

use crate::catalogue::{Edition, Item};
use crate::fold::fold;
use crate::registry::{Registry, Unit, UnitType};

/// Who reports an indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applicability {
    pub ministries: bool,
    pub provinces: bool,
    /// Named units (codes).
    pub units: Vec<String>,
    /// Names in the bodies column that match no unit of the registry.
    pub unresolved: Vec<String>,
}

/// The day on which an edition's names are read against the registry.
fn naming_day(edition: &Edition) -> Date {
    Date::from_calendar_date(edition.first_year, time::Month::June, 30).unwrap_or(Date::MIN)
}

/// The tracking department of an item, inherited from its parent when empty.
pub fn tracking<'a>(edition: &'a Edition, item: &'a Item) -> &'a str {
    if !item.tracking.trim().is_empty() {
        return &item.tracking;
    }
    item.parent_code()
        .and_then(|p| edition.item(p))
        .filter(|p| !p.is_group())
        .map_or("", |p| p.tracking.as_str())
}

/// Derives who reports `item`.
pub fn derive(edition: &Edition, item: &Item, registry: &Registry) -> Applicability {
    let mut a = Applicability::default();
    let day = naming_day(edition);
    let bodies = item.bodies.trim();
    let tracking = tracking(edition, item);
    if bodies.is_empty() && tracking.trim().is_empty() {
        // Older editions name no bodies: every ministry and province reports.
        a.ministries = true;
        a.provinces = true;
        return a;
    }
    let names = if bodies.is_empty() { tracking } else { bodies };
    for part in names.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match fold(part).as_str() {
            "cac bo nganh dia phuong" | "bo nganh dia phuong" => {
                a.ministries = true;
                a.provinces = true;
            }
            "cac dia phuong" | "dia phuong" => a.provinces = true,
            "cac bo nganh" | "bo nganh" => a.ministries = true,
            _ => {
                // "Bộ Tài chính (Tổng cục Hải quan)": the ministry reports.
                let name = part.split('(').next().unwrap_or(part).trim();
                match registry.find_by_name(name, day).as_slice() {
                    [u] => a.units.push(u.code.clone()),
                    _ => a.unresolved.push(part.to_owned()),
                }
            }
        }
    }
    a
}

/// Whether `unit` reports `item` in a period whose reference date is `on`.
pub fn applies(edition: &Edition, item: &Item, unit: &Unit, registry: &Registry, on: Date) -> bool {
    if !item.kind.carries_figure() {
        return false;
    }
    if let Some(level) = &item.level {
        if !registry.level_exists_on(level, on) {
            return false;
        }
    }
    // A unit a user added under another unit reports what that unit reports.
    if unit.user_added {
        if let Some(parent) = unit.parent.as_deref().and_then(|p| registry.get(p)) {
            if parent.code != unit.code && !parent.user_added {
                return applies(edition, item, parent, registry, on);
            }
        }
        if unit.unit_type == UnitType::Custom {
            return true;
        }
    }
    let a = derive(edition, item, registry);
    match unit.unit_type {
        UnitType::Ministry if a.ministries => return true,
        UnitType::Province if a.provinces => return true,
        _ => {}
    }
    if a.units.contains(&unit.code) {
        return true;
    }
    let before = registry.predecessors(&unit.code);
    a.units.iter().any(|c| before.contains(c))
}

/// The codes of the indicators of `edition` that `unit` reports on `on`
/// (computed once per screen or check, not once per row).
pub fn applicable_codes(
    edition: &Edition,
    unit: &Unit,
    registry: &Registry,
    on: Date,
) -> HashSet<String> {
    edition
        .indicators()
        .filter(|i| applies(edition, i, unit, registry, on))
        .map(|i| i.code.clone())
        .collect()
}

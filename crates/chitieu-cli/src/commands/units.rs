//! The registry's commands: the units valid on a day (or found by name),
//! a unit added by the user.

use std::path::Path;
use std::process::ExitCode;

use chitieu_core::registry::{UnitHit, UnitType};
use chitieu_core::store::NewUnit;
use chitieu_core::Result;
use time::OffsetDateTime;

use crate::args::{AddUnitArgs, UnitTypeArg, UnitsArgs};
use crate::edge::{open, parse_date, today};
use crate::output;

pub fn units(db: Option<&Path>, a: UnitsArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let store = open(db, now)?;
    let day = match &a.on {
        Some(d) => parse_date(d)?,
        None => today(now),
    };
    let hits: Vec<UnitHit> = match &a.search {
        Some(q) => store.registry().search(q, day),
        None => store
            .registry()
            .valid_on(day)
            .map(|u| UnitHit {
                unit: u.clone(),
                former: None,
            })
            .collect(),
    };
    output::report::units(day, &hits, a.json);
    Ok(ExitCode::SUCCESS)
}

pub fn add_unit(db: Option<&Path>, a: AddUnitArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let mut store = open(db, now)?;
    let unit_type = match a.unit_type {
        UnitTypeArg::Ministry => UnitType::Ministry,
        UnitTypeArg::Province => UnitType::Province,
        UnitTypeArg::Department => UnitType::Department,
        UnitTypeArg::Custom => UnitType::Custom,
    };
    let u = store.add_unit(
        &NewUnit {
            name: a.name,
            unit_type,
            code: a.code,
            short_name: a.short_name,
            parent: a.parent,
        },
        now,
    )?;
    output::report::unit_added(&u, a.json);
    Ok(ExitCode::SUCCESS)
}

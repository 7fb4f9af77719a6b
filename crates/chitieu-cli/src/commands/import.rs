//! `chitieu import`: a unit's file read into its report (or, `--dry-run`,
//! only read).

use std::path::Path;
use std::process::ExitCode;

use chitieu_core::Result;
use time::OffsetDateTime;

use chitieu_core::import::{self, Hints};
use chitieu_core::period::Period;

use crate::args::ImportArgs;
use crate::output;

pub fn import(db: Option<&Path>, a: ImportArgs, now: OffsetDateTime) -> Result<ExitCode> {
    // A dry run writes nothing: not even the database or its daily copy.
    let mut store = if a.dry_run {
        crate::edge::snapshot(db, now)?
    } else {
        crate::edge::open(db, now)?
    };
    let hints = Hints {
        unit: a.unit.clone(),
        period: a
            .period
            .as_deref()
            .map(|p| p.parse::<Period>())
            .transpose()?,
    };
    let preview = import::preview(&store, &a.file, &hints)?;
    let imported = if a.dry_run {
        0
    } else {
        let s = import::apply(&mut store, &preview, now)?;
        s.new.len() + s.changed.len()
    };
    output::files::import(&preview, imported, a.dry_run, a.json);
    Ok(ExitCode::SUCCESS)
}

//! `catalogue` (an edition's items), `catalogue --import`, `catalogue
//! --editions` and `move-edition`: the editions of the catalogue held,
//! loading a new one, moving a report.

use std::path::Path;
use std::process::ExitCode;

use chitieu_core::edition::{self, EditionMeta, EditionMove};
use chitieu_core::store::{Origin, Store};
use chitieu_core::{applicability, Error, Result};
use time::OffsetDateTime;

use crate::args::{CatalogueArgs, MoveEditionArgs};
use crate::edge::{open, today};
use crate::output;

pub fn catalogue(db: Option<&Path>, a: CatalogueArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let mut store = open(db, now)?;
    if a.import.is_some() || a.editions {
        return editions(&mut store, a, now);
    }
    let year = a.year.unwrap_or_else(|| today(now).year());
    let edition = match &a.edition {
        Some(id) => store.edition(id)?,
        None => store
            .catalogue()
            .edition_for_year(year)
            .ok_or(Error::NoEdition { year })?,
    };
    let derived: Vec<_> = edition
        .items
        .iter()
        .map(|i| {
            (
                applicability::derive(edition, i, store.registry()),
                applicability::tracking(edition, i),
            )
        })
        .collect();
    output::catalogue::edition(edition, &derived, a.json);
    Ok(ExitCode::SUCCESS)
}

fn editions(store: &mut Store, a: CatalogueArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let Some(file) = a.import else {
        let list = edition::summaries(store)?;
        output::catalogue::editions(&list, a.json);
        return Ok(ExitCode::SUCCESS);
    };
    let meta = EditionMeta {
        id: a.id,
        title: a.title,
        source: a.source,
        first_year: a.first_year,
    };
    let preview = edition::preview(store, &file, &meta)?;
    if !a.dry_run {
        edition::apply(store, &preview, now)?;
    }
    output::catalogue::edition_preview(&preview, a.dry_run, a.json);
    Ok(ExitCode::SUCCESS)
}

pub fn move_edition(
    db: Option<&Path>,
    a: MoveEditionArgs,
    now: OffsetDateTime,
) -> Result<ExitCode> {
    let mut store = open(db, now)?;
    let period = a.period.parse().map_err(Error::from)?;
    let m: EditionMove = if a.dry_run {
        edition::preview_move(&store, &a.unit, period, &a.to)?
    } else {
        edition::move_report(&mut store, &a.unit, period, &a.to, &Origin::Cli, now)?
    };
    output::catalogue::edition_move(&m, a.dry_run, a.json);
    Ok(ExitCode::SUCCESS)
}

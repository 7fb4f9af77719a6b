//! The commands: `run` hands each one to its task's file. A command parses
//! what it was given, calls the core, and hands the result to `output`.

pub mod backup;
pub mod catalogue;
pub mod consolidate;
pub mod export;
pub mod import;
pub mod report;
pub mod sign;
pub mod units;

use std::process::ExitCode;

use chitieu_core::Result;

use crate::args::{Cli, Command};

pub fn run(cli: Cli) -> Result<ExitCode> {
    let now = crate::edge::now();
    let db = cli.db.as_deref();
    match cli.command {
        Command::Catalogue(a) => catalogue::catalogue(db, a, now),
        Command::MoveEdition(a) => catalogue::move_edition(db, a, now),
        Command::Units(a) => units::units(db, a, now),
        Command::AddUnit(a) => units::add_unit(db, a, now),
        Command::Periods(a) => report::periods(db, a, now),
        Command::Set(a) => report::set(db, a, now),
        Command::Show(a) => report::show(db, a, now),
        Command::History(a) => report::history(db, a, now),
        Command::Undo(a) => report::undo(db, a, now),
        Command::Validate(a) => report::validate(db, a, now),
        Command::Import(a) => import::import(db, a, now),
        Command::Export(a) => export::export(db, a.form, a.pdf.as_deref(), a.json, now, false),
        Command::Template(a) => export::export(db, a, None, false, now, true),
        Command::Profile(a) => report::profile(db, a, now),
        Command::Backup(a) => backup::backup(db, &a.out, now),
        Command::Restore(a) => backup::restore(db, &a.file, now),
        Command::Draft(a) => report::draft(db, &a, now),
        Command::Consolidate(a) => consolidate::consolidate(db, a, now),
        Command::Signing(c) => sign::run(db, c, now),
    }
}

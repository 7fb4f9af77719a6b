//! `chitieu consolidate`: the receiving agency's consolidation of a period.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chitieu_core::consolidate::{self, Options};
use chitieu_core::period::Period;
use chitieu_core::{paths, Result};
use time::OffsetDateTime;

use crate::args::ConsolidateArgs;
use crate::edge::{open, VIETNAM};
use crate::output;

pub fn consolidate(db: Option<&Path>, a: ConsolidateArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let period: Period = a.period.parse()?;
    let store = open(db, now)?;
    let main = paths::database(db);
    let database = a
        .received_db
        .clone()
        .unwrap_or_else(|| consolidate::database_beside(&main));
    // Hand corrections of «Nhận lúc» first: the consolidation below uses them.
    let mut corrected = Vec::new();
    for r in &a.received {
        let (code, at) = r.split_once('=').unwrap_or((r.as_str(), ""));
        let code = store
            .registry()
            .get(code.trim())
            .map_or_else(|| code.trim().to_uppercase(), |u| u.code.clone());
        let at = match at.trim() {
            "" => None,
            t => Some(consolidate::parse_received(t, VIETNAM)?),
        };
        consolidate::correct_received(
            &database,
            period,
            &code,
            at,
            a.reason.as_deref().unwrap_or_default(),
            now,
        )?;
        corrected.push(code);
    }
    // A progress line on stderr once the run has taken more than a second
    // (on a terminal: rewritten in place; a log gets no carriage returns).
    let started = Instant::now();
    let shown = AtomicBool::new(false);
    let terminal = std::io::stderr().is_terminal();
    let progress = |done: usize, all: usize| {
        if terminal
            && started.elapsed() > Duration::from_secs(1)
            && (done.is_multiple_of(25) || done == all)
        {
            shown.store(true, Ordering::Relaxed);
            output::consolidate::progress(done, all);
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    let opts = Options {
        period,
        paths: a.paths.clone(),
        store: &store,
        database,
        now,
        offset: VIETNAM,
        workers,
        progress: &progress,
        cancel: None,
    };
    let c = consolidate::consolidate(&opts)?;
    if shown.load(Ordering::Relaxed) {
        output::consolidate::progress_done();
    }
    if let Some(out) = &a.out {
        consolidate::write_workbook(&c, out)?;
    }
    output::consolidate::consolidation(&c, &corrected, period, a.out.as_deref(), a.json);
    Ok(ExitCode::SUCCESS)
}

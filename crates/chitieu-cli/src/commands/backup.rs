//! `chitieu backup` and `chitieu restore`: the database copied out, or
//! replaced by a copy (the one it replaces kept aside).

use std::path::Path;
use std::process::ExitCode;

use chitieu_core::Result;
use time::OffsetDateTime;

use crate::output;

pub fn backup(db: Option<&Path>, out: &Path, now: OffsetDateTime) -> Result<ExitCode> {
    let store = crate::edge::open(db, now)?;
    store.backup_to(out)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    output::files::backed_up(out, size);
    Ok(ExitCode::SUCCESS)
}

pub fn restore(db: Option<&Path>, file: &Path, now: OffsetDateTime) -> Result<ExitCode> {
    let path = chitieu_core::paths::database(db);
    let dir = chitieu_core::paths::backup_dir(&path);
    let done = chitieu_core::store::backup::restore(&path, file, &dir, now)?;
    output::files::restored(&path, file, &done);
    Ok(ExitCode::SUCCESS)
}

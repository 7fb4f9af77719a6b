//! The commands that read or write files: import, export, template, backup.

use std::path::Path;
use std::process::ExitCode;

use chitieu_core::{Error, Result};
use time::OffsetDateTime;

use crate::args::ExportArgs;
use crate::args::ImportArgs;

pub fn import(_db: Option<&Path>, _a: ImportArgs, _now: OffsetDateTime) -> Result<ExitCode> {
    Err(Error::Database("chưa hỗ trợ".into()))
}

pub fn export(_db: Option<&Path>, _a: ExportArgs, _now: OffsetDateTime, _template: bool) -> Result<ExitCode> {
    Err(Error::Database("chưa hỗ trợ".into()))
}

pub fn backup(_db: Option<&Path>, _out: &Path, _now: OffsetDateTime) -> Result<ExitCode> {
    Err(Error::Database("chưa hỗ trợ".into()))
}

pub fn restore(_db: Option<&Path>, _file: &Path, _now: OffsetDateTime) -> Result<ExitCode> {
    Err(Error::Database("chưa hỗ trợ".into()))
}

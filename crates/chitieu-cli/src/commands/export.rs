//! `chitieu export` and `chitieu template`: a report written as a Phụ lục
//! 01 workbook (filled, or the empty form); `export --pdf` adds the PDF
//! rendition of the filled form.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chitieu_core::export::{self, ExportKind};
use chitieu_core::period::Period;
use chitieu_core::Result;
use time::OffsetDateTime;

use crate::args::ExportArgs;
use crate::output;

pub fn export(
    db: Option<&Path>,
    a: ExportArgs,
    pdf: Option<&Path>,
    json: bool,
    now: OffsetDateTime,
    template: bool,
) -> Result<ExitCode> {
    let mut store = crate::edge::open(db, now)?;
    let period: Period = a.period.parse()?;
    let report = store.report(&a.unit, period)?;
    let kind = if template {
        ExportKind::Template
    } else {
        ExportKind::Submission
    };
    let out = a
        .out
        .unwrap_or_else(|| PathBuf::from(export::suggested_name(&report, kind)));
    let done = if template {
        export::export_template(&mut store, &report.unit.code, period, &out, now)?
    } else {
        export::export_submission(&mut store, &report.unit.code, period, &out, pdf, now)?
    };
    output::files::exported(&done, template, json);
    Ok(ExitCode::SUCCESS)
}

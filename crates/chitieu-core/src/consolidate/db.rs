//! What was received: a SQLite database of its own, beside the receiver's.
//!
//! Apart from the receiver's database on purpose (ARCHITECTURE.md, "The
//! receiving agency"): the units' figures never meet the receiver's own
//! reports, a query on the receiver's `figure` table can never see them, and
//! the file can be deleted and rebuilt from the files at any time. Rows are
//! keyed by the file's SHA-256 and only ever inserted: the same bytes again
//! change nothing, new files add to what is known.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::read::{ExportMeta, FileRead, Outcome, ReceivedFigure};
use super::summary::ReceivedFrom;
use super::ConsolidateError;
use crate::figure::Status;
use crate::period::Period;
use crate::store::schema::{RECEIVED_APPLICATION_ID, RECEIVED_MIGRATIONS};
use crate::store::{open_owned, OpenError};

/// A hand correction of when a unit's report was received, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// `None`: the correction was withdrawn (back to the file's times).
    pub received_at: Option<OffsetDateTime>,
    pub reason: String,
    /// When the correction was made.
    pub recorded_at: String,
}

/// One received file, as the summary needs it.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub sha256: String,
    pub usable: bool,
    pub unit_code: String,
    /// Why it is not usable; for a usable file, what the receiver must know
    /// to read it fully (`read::Content::notice`).
    pub message: Option<String>,
    pub errors: usize,
    /// The figures hash of the figures as read (`read::Content`).
    pub figures_sha256: Option<String>,
    pub export: Option<ExportMeta>,
    /// Every name it came under, earliest modification first.
    pub copies: Vec<(String, String, Option<OffsetDateTime>)>,
    pub figures: Vec<ReceivedFigure>,
}

impl StoredFile {
    /// The earliest modification time of its copies.
    pub fn file_time(&self) -> Option<OffsetDateTime> {
        self.copies.iter().filter_map(|c| c.2).min()
    }

    /// chitieu's export time, when the file is an unedited export.
    pub fn export_time(&self) -> Option<OffsetDateTime> {
        self.export
            .as_ref()
            .filter(|e| !e.edited_after_export)
            .and_then(|e| OffsetDateTime::parse(&e.exported_at, &Rfc3339).ok())
    }

    /// When it was received, and what says so: the export time of an
    /// unedited export (a file saved from e-mail carries the day it was
    /// saved, later than the export; a file cannot have been sent before
    /// it was written), otherwise the earliest modification time.
    pub fn received(&self) -> Option<(OffsetDateTime, ReceivedFrom)> {
        self.export_time()
            .map(|t| (t, ReceivedFrom::Export))
            .or_else(|| self.file_time().map(|t| (t, ReceivedFrom::File)))
    }

    /// When it was received (see `received`).
    pub fn received_at(&self) -> Option<OffsetDateTime> {
        self.received().map(|r| r.0)
    }

    /// The name shown: the earliest copy's.
    pub fn file_name(&self) -> &str {
        self.copies.first().map_or("", |c| c.1.as_str())
    }

    /// The order of revisions: when each was received.
    pub fn revision_time(&self) -> Option<OffsetDateTime> {
        self.received_at()
    }
}

/// What became of a recorded file.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub usable: bool,
    pub period: Option<String>,
    /// The unit the file names, when it names one.
    pub unit_code: Option<String>,
    pub message: Option<String>,
    /// The library's own text, when the refusal carries one.
    pub detail: Option<String>,
}

/// The consolidation database.
pub struct Received {
    conn: Connection,
    path: PathBuf,
}

impl Received {
    /// Opens (creating it when missing) the database at `path`, through the
    /// store's `open_owned` with its own application id and migrations.
    pub fn open(path: &Path) -> Result<Received, ConsolidateError> {
        let conn =
            open_owned(path, RECEIVED_APPLICATION_ID, RECEIVED_MIGRATIONS).map_err(
                |e| match e {
                    OpenError::NotOurs | OpenError::Newer { .. } => {
                        ConsolidateError::NotOurDatabase {
                            path: path.to_owned(),
                        }
                    }
                    OpenError::Folder { source, .. } => ConsolidateError::Database {
                        path: path.to_owned(),
                        detail: source.to_string(),
                    },
                    OpenError::Open(e) | OpenError::Sqlite(e) => ConsolidateError::Database {
                        path: path.to_owned(),
                        detail: e.to_string(),
                    },
                },
            )?;
        Ok(Received {
            conn,
            path: path.to_owned(),
        })
    }

    fn err(&self, e: rusqlite::Error) -> ConsolidateError {
        ConsolidateError::Database {
            path: self.path.clone(),
            detail: e.to_string(),
        }
    }

    /// The hashes of the files already read (met again: not parsed again).
    /// A refused file is read again: the receiver may since have added the
    /// unit it names, or a newer chitieu may read it; so is a file read with
    /// a notice (it names an edition the receiver lacked: loaded since?).
    pub fn known_hashes(&self) -> Result<HashSet<String>, ConsolidateError> {
        let mut stmt = self
            .conn
            .prepare("SELECT sha256 FROM received_file WHERE outcome = 'read' AND message IS NULL")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<HashSet<_>, _>>()
            .map_err(|e| self.err(e))
    }

    /// Records a run's files in one transaction: new files with their
    /// figures, and every (hash, path) seen. What is there stays as it is.
    pub fn record(
        &mut self,
        files: &[FileRead],
        now: OffsetDateTime,
    ) -> Result<(), ConsolidateError> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| ConsolidateError::Database {
            path: path.clone(),
            detail: e.to_string(),
        };
        let at = crate::period::timestamp(now);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        for f in files {
            let Some(sha) = &f.sha256 else { continue };
            match &f.outcome {
                Outcome::Known => {}
                Outcome::Read(c) => {
                    // A file refused before and readable now replaces its
                    // refusal, and a file read with a notice its new reading;
                    // a file read before without one stays as it was read.
                    tx.execute(
                        "DELETE FROM received_figure WHERE sha256 = ?1 AND EXISTS (SELECT 1 FROM received_file
                            WHERE sha256 = ?1 AND outcome = 'read' AND message IS NOT NULL)",
                        [sha],
                    )
                    .map_err(err)?;
                    tx.execute(
                        "INSERT INTO received_file (sha256, outcome, unit_code, period, edition_id, errors, figures_sha256,
                            exported_at, export_figures_sha256, edited_after_export, recorded_at, message)
                         VALUES (?1, 'read', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                         ON CONFLICT (sha256) DO UPDATE SET outcome = 'read', unit_code = excluded.unit_code,
                            period = excluded.period, edition_id = excluded.edition_id, error_code = NULL, message = excluded.message,
                            errors = excluded.errors, figures_sha256 = excluded.figures_sha256, exported_at = excluded.exported_at,
                            export_figures_sha256 = excluded.export_figures_sha256,
                            edited_after_export = excluded.edited_after_export, recorded_at = excluded.recorded_at
                         WHERE received_file.outcome = 'rejected' OR received_file.message IS NOT NULL",
                        params![
                            sha,
                            c.unit_code,
                            c.period.to_string(),
                            c.edition_id,
                            c.errors as i64,
                            c.figures_sha256,
                            c.export.as_ref().map(|e| e.exported_at.clone()),
                            c.export.as_ref().map(|e| e.figures_sha256.clone()),
                            c.export.as_ref().map(|e| e.edited_after_export),
                            at,
                            c.notice
                        ],
                    )
                    .map_err(err)?;
                    for g in &c.figures {
                        tx.prepare_cached(
                            "INSERT OR IGNORE INTO received_figure (sha256, indicator, value, raw, status, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        )
                        .and_then(|mut st| st.execute(params![sha, g.indicator, g.value, g.raw, g.status.map(|s| s.as_str()), g.error]))
                        .map_err(err)?;
                    }
                }
                Outcome::Rejected {
                    code,
                    message,
                    detail,
                    unit_code,
                    period,
                } => {
                    tx.execute(
                        "INSERT OR IGNORE INTO received_file (sha256, outcome, unit_code, period, error_code, message, detail, recorded_at)
                         VALUES (?1, 'rejected', ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![sha, unit_code, period.map(|p| p.to_string()), code, message, detail, at],
                    )
                    .map_err(err)?;
                }
            }
            // A copy met again with another modification time or size (the
            // files saved again from e-mail with their dates kept, or
            // touched): what is on disk now is what counts.
            tx.prepare_cached("INSERT INTO received_copy (sha256, path, file_name, modified_at, size) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (sha256, path) DO UPDATE SET file_name = excluded.file_name, modified_at = excluded.modified_at, size = excluded.size
                 WHERE received_copy.modified_at IS NOT excluded.modified_at OR received_copy.size IS NOT excluded.size")
                .and_then(|mut st| {
                    st.execute(params![sha, f.path, f.file_name, f.modified_at.and_then(|t| t.format(&Rfc3339).ok()), f.size as i64])
                })
                .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Every file recorded for `period` that names a unit (usable or not),
    /// with its copies and figures.
    pub fn files_of(&self, period: Period) -> Result<Vec<StoredFile>, ConsolidateError> {
        let e = |x| self.err(x);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT sha256, outcome, unit_code, message, errors, exported_at, export_figures_sha256, edited_after_export,
                        figures_sha256
                 FROM received_file WHERE period = ?1 AND unit_code IS NOT NULL ORDER BY sha256",
            )
            .map_err(e)?;
        let rows = stmt
            .query_map([period.to_string()], |r| {
                let exported_at: Option<String> = r.get(5)?;
                let hash: Option<String> = r.get(6)?;
                let edited: Option<bool> = r.get(7)?;
                Ok(StoredFile {
                    sha256: r.get(0)?,
                    usable: r.get::<_, String>(1)? == "read",
                    unit_code: r.get(2)?,
                    message: r.get(3)?,
                    errors: r.get::<_, i64>(4)?.max(0) as usize,
                    figures_sha256: r.get(8)?,
                    export: match (exported_at, hash) {
                        (Some(a), Some(h)) => Some(ExportMeta {
                            exported_at: a,
                            figures_sha256: h,
                            edited_after_export: edited.unwrap_or(true),
                        }),
                        _ => None,
                    },
                    copies: Vec::new(),
                    figures: Vec::new(),
                })
            })
            .map_err(e)?;
        let mut files: Vec<StoredFile> = rows.collect::<Result<_, _>>().map_err(e)?;
        let mut copies = self
            .conn
            .prepare_cached(
                "SELECT path, file_name, modified_at FROM received_copy WHERE sha256 = ?1",
            )
            .map_err(e)?;
        let mut figures = self
            .conn
            .prepare_cached("SELECT indicator, value, raw, status, error FROM received_figure WHERE sha256 = ?1")
            .map_err(e)?;
        for f in files.iter_mut() {
            let c = copies
                .query_map([&f.sha256], |r| {
                    let m: Option<String> = r.get(2)?;
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        m.and_then(|m| OffsetDateTime::parse(&m, &Rfc3339).ok()),
                    ))
                })
                .map_err(e)?;
            f.copies = c.collect::<Result<_, _>>().map_err(e)?;
            f.copies.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
            let g = figures
                .query_map([&f.sha256], |r| {
                    let status: Option<String> = r.get(3)?;
                    Ok(ReceivedFigure {
                        indicator: r.get(0)?,
                        value: r.get(1)?,
                        raw: r.get(2)?,
                        status: status.as_deref().and_then(Status::parse),
                        error: r.get(4)?,
                    })
                })
                .map_err(e)?;
            f.figures = g.collect::<Result<_, _>>().map_err(e)?;
        }
        Ok(files)
    }

    /// What became of the files with these hashes (as first recorded).
    pub fn outcomes<'a>(
        &self,
        hashes: impl Iterator<Item = &'a str>,
    ) -> Result<HashMap<String, FileOutcome>, ConsolidateError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT outcome, period, message, unit_code, detail FROM received_file WHERE sha256 = ?1",
            )
            .map_err(|e| self.err(e))?;
        let mut out = HashMap::new();
        for h in hashes {
            let row = stmt
                .query_row([h], |r| {
                    Ok(FileOutcome {
                        usable: r.get::<_, String>(0)? == "read",
                        period: r.get(1)?,
                        message: r.get(2)?,
                        unit_code: r.get(3)?,
                        detail: r.get(4)?,
                    })
                })
                .optional()
                .map_err(|e| self.err(e))?;
            if let Some(o) = row {
                out.insert(h.to_owned(), o);
            }
        }
        Ok(out)
    }

    /// The standing figures of each unit for `period` (latest usable
    /// revision), without errors: the previous period's values outliers
    /// compare against.
    pub fn standing_values(
        &self,
        period: Period,
    ) -> Result<BTreeMap<String, BTreeMap<String, f64>>, ConsolidateError> {
        let files = self.files_of(period)?;
        let mut out = BTreeMap::new();
        for (unit, f) in super::summary::standing(&files) {
            let values: BTreeMap<String, f64> = f
                .figures
                .iter()
                .filter(|g| g.error.is_none())
                .filter_map(|g| g.value.map(|v| (g.indicator.clone(), v)))
                .collect();
            out.insert(unit, values);
        }
        Ok(out)
    }

    /// The hand corrections of when units' reports for `period` were
    /// received, oldest first (the last of a unit stands).
    pub fn corrections(
        &self,
        period: Period,
    ) -> Result<BTreeMap<String, Vec<Correction>>, ConsolidateError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT unit_code, received_at, reason, recorded_at FROM received_correction
                 WHERE period = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([period.to_string()], |r| {
                let at: Option<String> = r.get(1)?;
                Ok((
                    r.get::<_, String>(0)?,
                    Correction {
                        received_at: at.and_then(|a| OffsetDateTime::parse(&a, &Rfc3339).ok()),
                        reason: r.get(2)?,
                        recorded_at: r.get(3)?,
                    },
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out: BTreeMap<String, Vec<Correction>> = BTreeMap::new();
        for row in rows {
            let (unit, c) = row.map_err(|e| self.err(e))?;
            out.entry(unit).or_default().push(c);
        }
        Ok(out)
    }

    /// Records a hand correction of when `unit`'s report for `period` was
    /// received (`None`: back to the files' own times). Only added to:
    /// the corrections before it stay as its history.
    pub fn correct(
        &mut self,
        period: Period,
        unit: &str,
        at: Option<OffsetDateTime>,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<(), ConsolidateError> {
        let at = at
            .map(|t| t.to_offset(time::UtcOffset::UTC).format(&Rfc3339))
            .transpose()
            .map_err(|e| ConsolidateError::Database {
                path: self.path.clone(),
                detail: e.to_string(),
            })?;
        self.conn
            .execute(
                "INSERT INTO received_correction (period, unit_code, received_at, reason, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    period.to_string(),
                    unit,
                    at,
                    reason,
                    crate::period::timestamp(now)
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

//! A unit's revisions for a period: which file came when (and after the
//! deadline or not), and what changed from one to the next; and the unit's
//! first receipt, which decides whether it reported on time.
//!
//! Timeliness is judged on the first usable file, as DHIS2 judges reports
//! on time on the first complete submission: a correction sent later is a
//! revision, not a late report. The latest file's figures stand.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use time::{Date, OffsetDateTime};

use super::db::{Correction, StoredFile};
use super::read::ReceivedFigure;
use super::summary::{iso, ReceivedFrom};
use super::Options;
use crate::figure::Status;
use crate::number::format_vi;

/// One change between two revisions of a unit's report.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct RevisionChange {
    /// The later file.
    pub file: String,
    pub indicator: String,
    /// "value", "status" (estimate → official), "added", "removed".
    pub what: String,
    pub old: String,
    pub new: String,
}

/// One file of a unit's revisions: when it came.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct RevisionFile {
    pub file: String,
    /// «Nhận lúc», ISO 8601 with the offset.
    pub received_at: Option<String>,
    pub received_from: Option<ReceivedFrom>,
    /// chitieu's export time written in the file, if any.
    pub exported_at: Option<String>,
    /// Received on or after the deadline date.
    pub after_deadline: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub unit: String,
    /// Oldest first; the last one stands.
    pub files: Vec<String>,
    /// The same files, with when each came.
    pub received: Vec<RevisionFile>,
    pub changes: Vec<RevisionChange>,
}

/// When a unit's report was first received, and what says so.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub at: OffsetDateTime,
    pub from: ReceivedFrom,
    /// The reason of a hand correction.
    pub reason: Option<String>,
}

/// The files of each unit, oldest revision first: usable ones, or, for a
/// unit without any, the refused ones (a unit that did not exist then).
pub fn by_unit(files: &[StoredFile]) -> BTreeMap<&str, Vec<&StoredFile>> {
    let mut out: BTreeMap<&str, Vec<&StoredFile>> = BTreeMap::new();
    for f in files {
        out.entry(&f.unit_code).or_default().push(f);
    }
    for fs in out.values_mut() {
        if fs.iter().any(|f| f.usable) {
            fs.retain(|f| f.usable);
        }
        fs.sort_by(|a, b| (a.revision_time(), &a.sha256).cmp(&(b.revision_time(), &b.sha256)));
    }
    out
}

/// The unit's first receipt: its standing hand correction, otherwise the
/// earliest «Nhận lúc» of its files.
pub fn first_receipt(
    files: &[&StoredFile],
    corrections: Option<&Vec<Correction>>,
) -> Option<Receipt> {
    if let Some(c) = corrections.and_then(|v| v.last()) {
        if let Some(at) = c.received_at {
            return Some(Receipt {
                at,
                from: ReceivedFrom::Manual,
                reason: Some(c.reason.clone()),
            });
        }
    }
    files
        .iter()
        .filter_map(|f| f.received())
        .min_by_key(|r| r.0)
        .map(|(at, from)| Receipt {
            at,
            from,
            reason: None,
        })
}

/// Units with several usable files: each file with when it came, and the
/// changes from one to the next.
pub fn list(
    files: &[StoredFile],
    corrections: &BTreeMap<String, Vec<Correction>>,
    deadline: Date,
    opts: &Options<'_>,
) -> Vec<Revision> {
    let mut revisions = Vec::new();
    let usable: Vec<StoredFile> = files.iter().filter(|f| f.usable).cloned().collect();
    for (unit, fs) in by_unit(&usable).into_iter().filter(|(_, v)| v.len() > 1) {
        let path = |f: &StoredFile| f.copies.first().map(|c| c.0.clone()).unwrap_or_default();
        let mut changes = Vec::new();
        for w in fs.windows(2) {
            changes.extend(changes_between(w[0], w[1], &path(w[1])));
        }
        let first = first_receipt(&fs, corrections.get(unit));
        let received = fs
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let r = match (&first, k) {
                    (Some(r), 0) if r.from == ReceivedFrom::Manual => Some((r.at, r.from)),
                    _ => f.received(),
                };
                RevisionFile {
                    file: path(f),
                    received_at: iso(r.map(|r| r.0), opts),
                    received_from: r.map(|r| r.1),
                    exported_at: iso(
                        f.export.as_ref().and_then(|e| {
                            OffsetDateTime::parse(
                                &e.exported_at,
                                &time::format_description::well_known::Rfc3339,
                            )
                            .ok()
                        }),
                        opts,
                    ),
                    after_deadline: r
                        .is_some_and(|r| r.0.to_offset(opts.offset).date() >= deadline),
                }
            })
            .collect();
        revisions.push(Revision {
            unit: unit.to_owned(),
            files: fs.iter().map(|f| path(f)).collect(),
            received,
            changes,
        });
    }
    revisions
}

fn changes_between(old: &StoredFile, new: &StoredFile, file: &str) -> Vec<RevisionChange> {
    let before: HashMap<&str, &ReceivedFigure> = old
        .figures
        .iter()
        .map(|g| (g.indicator.as_str(), g))
        .collect();
    let after: HashMap<&str, &ReceivedFigure> = new
        .figures
        .iter()
        .map(|g| (g.indicator.as_str(), g))
        .collect();
    let status = |s: Option<Status>| s.map(|s| s.label_vi().to_owned()).unwrap_or_default();
    let text = |g: &ReceivedFigure| g.value.map(format_vi).unwrap_or_else(|| g.raw.clone());
    let mut codes: Vec<&str> = before.keys().chain(after.keys()).copied().collect();
    codes.sort_by_key(|c| code_key(c));
    codes.dedup();
    let mut out = Vec::new();
    let change = |what: &str, code: &str, old: String, new: String| RevisionChange {
        file: file.to_owned(),
        indicator: code.to_owned(),
        what: what.to_owned(),
        old,
        new,
    };
    for code in codes {
        match (before.get(code), after.get(code)) {
            (Some(a), Some(b)) => {
                if a.value != b.value || (a.value.is_none() && a.raw != b.raw) {
                    out.push(change("value", code, text(a), text(b)));
                }
                if a.status != b.status {
                    out.push(change("status", code, status(a.status), status(b.status)));
                }
            }
            (None, Some(b)) => out.push(change("added", code, String::new(), text(b))),
            (Some(a), None) => out.push(change("removed", code, text(a), String::new())),
            (None, None) => {}
        }
    }
    out
}

/// "1.10" after "1.9": codes compared part by part, as numbers.
fn code_key(code: &str) -> Vec<u32> {
    code.split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

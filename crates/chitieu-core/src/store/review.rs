//! The six-month / year review text of a report (`draft::review` drafts
//! it): stored with the report, every change with a row of its own
//! append-only history, in the same transaction.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use time::OffsetDateTime;

use super::{ensure_report, timestamp, Origin, Store};
use crate::error::Result;
use crate::figure::ReportRef;

/// The review stored with a report.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredReview {
    pub text: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub updated_at: String,
}

/// One change of a stored review.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewChange {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub at: String,
    pub origin: Origin,
    pub old: Option<String>,
    pub new: String,
}

impl Store {
    /// The review stored with `report`, if any.
    pub fn review(&self, report: &ReportRef) -> Result<Option<StoredReview>> {
        let Some(id) = report.id else { return Ok(None) };
        Ok(self
            .conn
            .query_row(
                "SELECT text, revision, updated_at FROM review WHERE report_id = ?1",
                [id],
                |r| {
                    Ok(StoredReview {
                        text: r.get(0)?,
                        revision: r.get(1)?,
                        updated_at: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Stores the review text of `report` (one transaction with its history
    /// row); an unchanged text writes nothing. Returns whether it changed.
    pub fn write_review(
        &mut self,
        report: &mut ReportRef,
        text: &str,
        origin: &Origin,
        now: OffsetDateTime,
    ) -> Result<bool> {
        let at = timestamp(now);
        let period = report.period.to_string();
        let snapshot = report.clone();
        let (changed, id) = self.write_tx(|tx| {
            let id = ensure_report(tx, &snapshot, &period, &at)?;
            let old: Option<(String, i64)> = tx
                .query_row("SELECT text, revision FROM review WHERE report_id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if old.as_ref().is_some_and(|(t, _)| t == text) {
                return Ok((false, id));
            }
            let revision = old.as_ref().map_or(1, |(_, r)| r + 1);
            tx.execute(
                "INSERT INTO review (report_id, text, revision, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (report_id) DO UPDATE SET text = excluded.text, revision = excluded.revision,
                    updated_at = excluded.updated_at",
                params![id, text, revision, at],
            )?;
            tx.execute(
                "INSERT INTO review_history (report_id, revision, at, origin, from_draft, old, new)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, revision, at, origin.kind(), origin.is_draft(), old.map(|(t, _)| t), text],
            )?;
            Ok((true, id))
        })?;
        report.id = Some(id);
        Ok(changed)
    }

    /// Every change of the review of `report`, oldest first.
    pub fn review_history(&self, report: &ReportRef) -> Result<Vec<ReviewChange>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT revision, at, origin, from_draft, old, new FROM review_history WHERE report_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            let origin: String = r.get(2)?;
            let draft: bool = r.get(3)?;
            Ok(ReviewChange {
                revision: r.get(0)?,
                at: r.get(1)?,
                origin: Origin::from_stored(&origin, draft, None, None, None),
                old: r.get(4)?,
                new: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

//! Figures and their history: every change to a figure goes through
//! `write_rows`, which writes the figure row and its history row in the
//! same transaction; undo, restore and repair are changes like the others.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use time::OffsetDateTime;

use super::{ensure_report, json_err, six_texts, timestamp, Store};
use super::{EditionChange, FigureWrite, HistoryEntry, Origin, StoredFigure, WriteSummary};
use crate::error::{Error, Result};
use crate::figure::{Figure, ReportRef, Status};

impl Store {
    /// The stored figures of a report, in no particular order.
    pub fn figures(&self, report: &ReportRef) -> Result<Vec<StoredFigure>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FIGURE_COLUMNS}, sheet, cell, revision, updated_at FROM figure WHERE report_id = ?1"
        ))?;
        let rows = stmt.query_map([id], |r| {
            Ok(StoredFigure {
                figure: figure_from_row(r)?,
                sheet: r.get(10)?,
                cell: r.get(11)?,
                revision: r.get(12)?,
                updated_at: r.get(13)?,
            })
        })?;
        rows.collect::<Result<Vec<_>, _>>().map_err(Error::from)
    }

    /// Writes figures in one transaction: each figure whose content differs
    /// from what is stored gets a new revision and a history row. Figures
    /// equal to what is stored are left alone. Creates the report row on
    /// first write.
    pub fn write_figures(
        &mut self,
        report: &mut ReportRef,
        figures: &[FigureWrite],
        origin: &Origin,
        now: OffsetDateTime,
    ) -> Result<WriteSummary> {
        let at = timestamp(now);
        let period = report.period.to_string();
        let (summary, id) = self.write_tx(|tx| {
            let id = ensure_report(tx, report, &period, &at)?;
            Ok((write_rows(tx, id, figures, origin, &at)?, id))
        })?;
        report.id = Some(id);
        Ok(summary)
    }

    /// Moves a stored report to edition `to` in one transaction: the figures
    /// of `removed` codes are blanked (each with a history row, so what they
    /// held stays in the history), the report takes the new edition, and the
    /// move is recorded with the codes `carried` over.
    pub fn move_report_edition(
        &mut self,
        report: &mut ReportRef,
        to: &str,
        carried: &[String],
        removed: &[String],
        origin: &Origin,
        now: OffsetDateTime,
    ) -> Result<()> {
        self.edition(to)?;
        let at = timestamp(now);
        let period = report.period.to_string();
        let old = report.edition_id.clone();
        let blanks: Vec<FigureWrite> = removed
            .iter()
            .map(|c| FigureWrite::from(Figure::new(c)))
            .collect();
        let id = self.write_tx(|tx| {
            let id = ensure_report(tx, report, &period, &at)?;
            write_rows(tx, id, &blanks, origin, &at)?;
            tx.execute("UPDATE report SET edition_id = ?2 WHERE id = ?1", params![id, to])?;
            tx.execute(
                "INSERT INTO report_edition_change (report_id, at, origin, old_edition, new_edition, carried, removed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id, at, origin.kind(), old, to,
                    serde_json::to_string(carried).map_err(json_err)?,
                    serde_json::to_string(removed).map_err(json_err)?
                ],
            )?;
            Ok(id)
        })?;
        report.id = Some(id);
        report.edition_id = to.to_owned();
        Ok(())
    }

    /// The edition moves of a report, oldest first.
    pub fn edition_changes(&self, report: &ReportRef) -> Result<Vec<EditionChange>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, origin, old_edition, new_edition, carried, removed FROM report_edition_change WHERE report_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], six_texts)?;
        let mut out = Vec::new();
        for row in rows {
            let (at, origin, from, to, carried, removed) = row?;
            out.push(EditionChange {
                at,
                origin,
                from,
                to,
                carried: serde_json::from_str(&carried).map_err(json_err)?,
                removed: serde_json::from_str(&removed).map_err(json_err)?,
            });
        }
        Ok(out)
    }

    /// Every change of a report (or of one indicator), oldest first.
    pub fn history(
        &self,
        report: &ReportRef,
        indicator: Option<&str>,
    ) -> Result<Vec<HistoryEntry>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        self.history_where("(?2 IS NULL OR indicator = ?2)", params![id, indicator])
    }

    /// The history rows matching `condition` (`?1` is the report's id, then
    /// come the other `args`), oldest first.
    fn history_where(
        &self,
        condition: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT indicator, revision, at, origin, file_name, file_sha256, sheet, cell, old, new, batch, reverts, from_draft
             FROM history WHERE report_id = ?1 AND {condition} ORDER BY id"
        ))?;
        let rows = stmt.query_map(args, |r| {
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ),
                (
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ),
                (
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ),
                (r.get::<_, Option<String>>(8)?, r.get::<_, String>(9)?),
                (
                    r.get::<_, i64>(10)?,
                    r.get::<_, Option<i64>>(11)?,
                    r.get::<_, bool>(12)?,
                ),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                (indicator, revision, at, origin),
                (file_name, sha),
                (sheet, cell),
                (old, new),
                (batch, reverts, draft),
            ) = row?;
            let origin = Origin::from_stored(&origin, draft, reverts, file_name, sha);
            let old = old
                .map(|o| serde_json::from_str(&o))
                .transpose()
                .map_err(json_err)?;
            let new = serde_json::from_str(&new).map_err(json_err)?;
            out.push(HistoryEntry {
                batch,
                indicator,
                revision,
                at,
                origin,
                sheet,
                cell,
                old,
                new,
            });
        }
        Ok(out)
    }

    /// The changes a person made last in a report and has not undone: the
    /// rows of the newest batch typed, pasted, imported or restored that no
    /// undo reverted yet. Empty when there is none.
    pub fn last_undoable(&self, report: &ReportRef) -> Result<Vec<HistoryEntry>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let batch: Option<i64> = self.conn.query_row(
            "SELECT max(batch) FROM history WHERE report_id = ?1 AND origin IN ('app', 'cli', 'import', 'restore')
               AND batch NOT IN (SELECT reverts FROM history WHERE report_id = ?1 AND origin = 'undo' AND reverts IS NOT NULL)",
            [id],
            |r| r.get(0),
        )?;
        match batch {
            Some(b) => self.history_where("batch = ?2", params![id, b]),
            None => Ok(Vec::new()),
        }
    }

    /// The history row of change `revision` of `indicator`, if there is one.
    pub fn history_row(
        &self,
        report: &ReportRef,
        indicator: &str,
        revision: i64,
    ) -> Result<Option<HistoryEntry>> {
        let Some(id) = report.id else { return Ok(None) };
        Ok(self
            .history_where(
                "indicator = ?2 AND revision = ?3",
                params![id, indicator, revision],
            )?
            .pop())
    }

    /// When each figure's value last replaced another value (RFC 3339), by
    /// indicator: history keeps figures as JSON, and only changes of the
    /// value count (not of its status or text).
    pub fn value_changes(&self, report: &ReportRef) -> Result<BTreeMap<String, String>> {
        let Some(id) = report.id else {
            return Ok(BTreeMap::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT indicator, max(at) FROM history
             WHERE report_id = ?1 AND json_extract(old, '$.value') IS NOT NULL
               AND json_extract(old, '$.value') IS NOT json_extract(new, '$.value')
             GROUP BY indicator",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes binary-float noise that earlier versions stored
    /// (`91.29999999999998` read from a cell showing 91,3%): the value
    /// becomes the number shown, and the raw text too where it was only the
    /// rendering of that value (what a person typed is left as typed). Each
    /// repaired figure gets a new revision and a history row (origin
    /// `repair`), one batch per report. Returns how many were repaired.
    pub fn repair_float_noise(&mut self, now: OffsetDateTime) -> Result<usize> {
        use crate::number::{format_vi, has_noise, parse_figure, shown};
        // A database opened only to read is left as it is (what is shown and
        // exported is rounded anyway); the next opening to write repairs it.
        if self.conn.is_readonly(rusqlite::MAIN_DB)? {
            return Ok(0);
        }
        // Values first (cheap); whole figures only for the noisy ones.
        let mut stmt = self
            .conn
            .prepare("SELECT report_id, indicator, value FROM figure WHERE value IS NOT NULL")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })?;
        let mut noisy: Vec<(i64, String)> = Vec::new();
        for row in rows {
            let (report_id, indicator, value) = row?;
            if has_noise(value) {
                noisy.push((report_id, indicator));
            }
        }
        drop(stmt);
        let mut by_report: std::collections::BTreeMap<i64, Vec<FigureWrite>> = Default::default();
        for (report_id, indicator) in noisy {
            let (mut figure, sheet, cell) = self.conn.query_row(
                &format!("SELECT {FIGURE_COLUMNS}, sheet, cell FROM figure WHERE report_id = ?1 AND indicator = ?2"),
                params![report_id, indicator],
                |r| Ok((figure_from_row(r)?, r.get::<_, Option<String>>(10)?, r.get::<_, Option<String>>(11)?)),
            )?;
            let Some(value) = figure.value else { continue };
            if parse_figure(&figure.raw) == Ok(Some(value)) {
                let percent = if figure.raw.trim_end().ends_with('%') {
                    "%"
                } else {
                    ""
                };
                figure.raw = format!("{}{percent}", format_vi(value));
            }
            figure.value = Some(shown(value));
            by_report.entry(report_id).or_default().push(FigureWrite {
                figure,
                sheet,
                cell,
            });
        }
        if by_report.is_empty() {
            return Ok(0);
        }
        let at = timestamp(now);
        self.write_tx(|tx| {
            let mut count = 0;
            for (id, writes) in &by_report {
                let summary = write_rows(tx, *id, writes, &Origin::Repair, &at)?;
                count += summary.changed.len() + summary.new.len();
            }
            Ok(count)
        })
    }
}

/// The columns `figure_from_row` reads, in its order.
const FIGURE_COLUMNS: &str =
    "indicator, value, raw, status, status_raw, source, trend, comparison, proposals, notes";

/// A figure from the first ten columns of a row (`FIGURE_COLUMNS`).
fn figure_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Figure> {
    let status: Option<String> = r.get(3)?;
    Ok(Figure {
        indicator: r.get(0)?,
        value: r.get(1)?,
        raw: r.get(2)?,
        status: status.as_deref().and_then(Status::parse),
        status_raw: r.get(4)?,
        source: r.get(5)?,
        trend: r.get(6)?,
        comparison: r.get(7)?,
        proposals: r.get(8)?,
        notes: r.get(9)?,
    })
}

/// Writes figures of report `id` in the open transaction, as one batch: a
/// new revision and a history row for each figure whose content changed.
/// The only code that writes a figure row (private to this file): through
/// `write_figures` (edits, imports, undo, restore, drafts),
/// `move_report_edition` (the blanked codes) and `repair_float_noise`.
fn write_rows(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    figures: &[FigureWrite],
    origin: &Origin,
    at: &str,
) -> Result<WriteSummary> {
    let batch: i64 = tx.query_row("SELECT coalesce(max(batch), 0) + 1 FROM history", [], |r| {
        r.get(0)
    })?;
    let mut summary = WriteSummary::default();
    for w in figures {
        let f = &w.figure;
        let old: Option<(Figure, i64)> = tx
            .query_row(
                &format!("SELECT {FIGURE_COLUMNS}, revision FROM figure WHERE report_id = ?1 AND indicator = ?2"),
                params![id, f.indicator],
                |r| Ok((figure_from_row(r)?, r.get(10)?)),
            )
            .optional()?;
        if let Some((ref o, _)) = old {
            if o == f {
                summary.unchanged.push(f.indicator.clone());
                continue;
            }
        }
        let revision = old.as_ref().map_or(1, |(_, r)| r + 1);
        tx.execute(
            "INSERT INTO figure (report_id, indicator, value, raw, status, status_raw, source, trend,
                                 comparison, proposals, notes, sheet, cell, revision, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (report_id, indicator) DO UPDATE SET
                value = excluded.value, raw = excluded.raw, status = excluded.status,
                status_raw = excluded.status_raw, source = excluded.source, trend = excluded.trend,
                comparison = excluded.comparison, proposals = excluded.proposals, notes = excluded.notes,
                sheet = excluded.sheet, cell = excluded.cell, revision = excluded.revision,
                updated_at = excluded.updated_at",
            params![
                id, f.indicator, f.value, f.raw, f.status.map(Status::as_str), f.status_raw, f.source,
                f.trend, f.comparison, f.proposals, f.notes, w.sheet, w.cell, revision, at
            ],
        )?;
        let (file_name, file_sha) = match origin {
            Origin::Import { file_name, sha256 } => {
                (Some(file_name.as_str()), Some(sha256.as_str()))
            }
            _ => (None, None),
        };
        let old_json = old
            .as_ref()
            .map(|(o, _)| serde_json::to_string(o))
            .transpose()
            .map_err(json_err)?;
        tx.execute(
            "INSERT INTO history (report_id, indicator, revision, at, origin, file_name, file_sha256, sheet, cell, old, new, batch, reverts, from_draft)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                id, f.indicator, revision, at, origin.kind(), file_name, file_sha, w.sheet, w.cell,
                old_json, serde_json::to_string(f).map_err(json_err)?, batch, origin.reverts(), origin.is_draft()
            ],
        )?;
        if old.is_some() {
            &mut summary.changed
        } else {
            &mut summary.new
        }
        .push(f.indicator.clone());
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11, point 2: figures an earlier version stored with float noise
    /// (from a cell showing 91,3%) are repaired when the database is opened,
    /// each with a history row; what a person typed stays as typed.
    #[test]
    fn float_noise_in_stored_figures_is_repaired_with_history() {
        let now = time::macros::datetime!(2024-07-01 03:00 UTC);
        let mut store = Store::open_in_memory(now).unwrap();
        let mut report = store
            .report("THAI-NGUYEN", "2024-Q2".parse().unwrap())
            .unwrap();
        let noisy = |code: &str, value: f64, raw: &str| FigureWrite {
            figure: Figure {
                value: Some(value),
                raw: raw.to_owned(),
                status: Some(Status::Official),
                ..Figure::new(code)
            },
            sheet: Some("PL01".into()),
            cell: Some("F9".into()),
        };
        let writes = [
            noisy("1.1", 91.29999999999998, "91,29999999999998%"),
            noisy("1.2", 7.200000000000001, "7,200000000000001"),
            noisy("1.3", 86.97, "86,97"),
        ];
        store
            .write_figures(
                &mut report,
                &writes,
                &Origin::Import {
                    file_name: "a.xlsx".into(),
                    sha256: "x".into(),
                },
                now,
            )
            .unwrap();
        assert_eq!(store.repair_float_noise(now).unwrap(), 2);
        let figures = store.figures(&report).unwrap();
        let get = |c: &str| figures.iter().find(|f| f.figure.indicator == c).unwrap();
        assert_eq!(
            (get("1.1").figure.value, get("1.1").figure.raw.as_str()),
            (Some(91.3), "91,3%")
        );
        assert_eq!(
            (get("1.2").figure.value, get("1.2").figure.raw.as_str()),
            (Some(7.2), "7,2")
        );
        assert_eq!(get("1.1").cell.as_deref(), Some("F9"));
        assert_eq!(get("1.3").revision, 1);
        let history = store.history(&report, None).unwrap();
        let repairs: Vec<&HistoryEntry> = history
            .iter()
            .filter(|h| h.origin == Origin::Repair)
            .collect();
        assert_eq!(repairs.len(), 2);
        assert_eq!(
            repairs[0].old.as_ref().and_then(|o| o.value),
            Some(91.29999999999998)
        );
        // Nothing left to repair; a repair is not a person's change to undo.
        assert_eq!(store.repair_float_noise(now).unwrap(), 0);
        let undoable = store.last_undoable(&report).unwrap();
        assert!(undoable
            .iter()
            .all(|h| matches!(h.origin, Origin::Import { .. })));
    }
}

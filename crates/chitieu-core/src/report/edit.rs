//! What people do to a report's figures: type them (as typed, or strictly
//! for the CLI), check them as they are typed, undo a change, restore an
//! old value.

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;

use crate::applicability::applies;
use crate::error::{Error, Result};
use crate::report::check::context;
use crate::report::{check_strict, Field, Figure, ReportRef, Status};
use crate::store::{FigureWrite, Origin, Store, WriteSummary};
use crate::validate::{self, Diagnostic};

/// One field typed into the report.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub indicator: String,
    pub field: Field,
    pub text: String,
}

/// Applies typed edits as they are (the app: what a person typed is kept even
/// when it does not parse; validation flags it). The indicator must be one of
/// the edition's that carries a figure.
pub fn apply_edits(
    store: &mut Store,
    report: &mut ReportRef,
    edits: &[Edit],
    origin: &Origin,
    now: OffsetDateTime,
) -> Result<WriteSummary> {
    let edition = store.edition(&report.edition_id)?.clone();
    let mut current: BTreeMap<String, Figure> = store
        .figures(report)?
        .into_iter()
        .map(|s| (s.figure.indicator.clone(), s.figure))
        .collect();
    let mut touched: Vec<String> = Vec::new();
    for e in edits {
        super::figure_item(&edition, &e.indicator)?;
        let f = current
            .entry(e.indicator.clone())
            .or_insert_with(|| Figure::new(&e.indicator));
        let had_status = f.status.is_some();
        f.set_field(e.field, &e.text);
        // A figure typed without a status is official unless said otherwise.
        if e.field == Field::Value && !had_status && f.status_raw.is_empty() && f.value.is_some() {
            f.status = Some(Status::Official);
        }
        // A cleared figure is missing: its status goes with it.
        if e.field == Field::Value && f.is_missing() {
            f.status = None;
            f.status_raw.clear();
        }
        if !touched.contains(&e.indicator) {
            touched.push(e.indicator.clone());
        }
    }
    let writes: Vec<FigureWrite> = touched
        .iter()
        .filter_map(|c| current.get(c))
        .map(|f| FigureWrite::from(f.clone()))
        .collect();
    store.write_figures(report, &writes, origin, now)
}

/// Undoes the last batch of changes made in `report` (one typed edit, one
/// paste, one import, one restored value) that is not undone yet: each
/// figure it changed gets back what it had before, as a new change with its
/// own history row (origin `undo`). Repeated, it walks further back.
pub fn undo(
    store: &mut Store,
    report: &mut ReportRef,
    now: OffsetDateTime,
) -> Result<WriteSummary> {
    let rows = store.last_undoable(report)?;
    let Some(batch) = rows.first().map(|h| h.batch) else {
        return Err(Error::NothingToUndo {
            period: report.period.label_vi(),
        });
    };
    let mut writes: Vec<FigureWrite> = Vec::new();
    for h in rows {
        if !writes.iter().any(|w| w.figure.indicator == h.indicator) {
            let indicator = h.indicator;
            writes.push(FigureWrite::from(
                h.old.unwrap_or_else(|| Figure::new(&indicator)),
            ));
        }
    }
    store.write_figures(report, &writes, &Origin::Undo { batch }, now)
}

/// Gives `indicator` back the figure it had before its change `revision`
/// (the "Trước" of that history row), as a new change with its own history
/// row (origin `restore`).
pub fn restore_value(
    store: &mut Store,
    report: &mut ReportRef,
    indicator: &str,
    revision: i64,
    now: OffsetDateTime,
) -> Result<WriteSummary> {
    let row = store
        .history_row(report, indicator, revision)?
        .ok_or_else(|| Error::UnknownRevision {
            indicator: indicator.to_owned(),
            revision,
        })?;
    let figure = row.old.unwrap_or_else(|| Figure::new(indicator));
    store.write_figures(
        report,
        &[FigureWrite::from(figure)],
        &Origin::Restore { revision },
        now,
    )
}

/// What `chitieu set` asks for.
#[derive(Debug, Clone, Default)]
pub struct SetFigure {
    pub indicator: String,
    pub value: String,
    pub status: Option<Status>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// Sets a figure strictly: a value that does not parse or does not fit the
/// indicator is refused and nothing is written.
pub fn set_strict(
    store: &mut Store,
    report: &mut ReportRef,
    req: &SetFigure,
    origin: &Origin,
    now: OffsetDateTime,
) -> Result<WriteSummary> {
    let edition = store.edition(&report.edition_id)?;
    let value = check_strict(edition, &req.indicator, &req.value)?;
    let mut edits = vec![Edit {
        indicator: req.indicator.clone(),
        field: Field::Value,
        text: req.value.trim().to_owned(),
    }];
    // An empty value or a dash ("-", "–", "—": no figure) clears the
    // figure, and its status with it.
    if value.is_some() {
        edits.push(Edit {
            indicator: req.indicator.clone(),
            field: Field::Status,
            text: req.status.unwrap_or(Status::Official).label_vi().to_owned(),
        });
    }
    if let Some(s) = &req.source {
        edits.push(Edit {
            indicator: req.indicator.clone(),
            field: Field::Source,
            text: s.clone(),
        });
    }
    if let Some(n) = &req.note {
        edits.push(Edit {
            indicator: req.indicator.clone(),
            field: Field::Notes,
            text: n.clone(),
        });
    }
    apply_edits(store, report, &edits, origin, now)
}

/// Diagnostics a figure would have with `edit` applied, without writing it:
/// validation as the person types.
pub fn check_edit(store: &Store, report: &ReportRef, edit: &Edit) -> Result<Vec<Diagnostic>> {
    let edition = store.edition(&report.edition_id)?;
    let item = edition
        .item(&edit.indicator)
        .ok_or_else(|| Error::UnknownIndicator {
            code: edit.indicator.clone(),
            edition: edition.id.clone(),
        })?;
    let mut figure = store
        .figures(report)?
        .into_iter()
        .find(|s| s.figure.indicator == edit.indicator)
        .map(|s| s.figure)
        .unwrap_or_else(|| Figure::new(&edit.indicator));
    figure.set_field(edit.field, &edit.text);
    let ctx = context(store, report)?;
    let applicable = applies(
        edition,
        item,
        &report.unit,
        store.registry(),
        report.period.reference_date(),
    );
    if figure.is_blank() {
        return Ok(Vec::new());
    }
    Ok(validate::check_figure(&ctx, item, &figure, applicable))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{diagnostics, state, ReportState};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2024-07-01 03:00 UTC);

    fn setup() -> (Store, ReportRef) {
        let store = Store::open_in_memory(NOW).unwrap();
        let report = store
            .report("THAI-NGUYEN", "2024-Q2".parse().unwrap())
            .unwrap();
        (store, report)
    }

    fn edit(indicator: &str, field: Field, text: &str) -> Edit {
        Edit {
            indicator: indicator.to_owned(),
            field,
            text: text.to_owned(),
        }
    }

    fn figure(store: &Store, report: &ReportRef, code: &str) -> Option<Figure> {
        store
            .figures(report)
            .unwrap()
            .into_iter()
            .find(|f| f.figure.indicator == code)
            .map(|f| f.figure)
    }

    fn missing(store: &Store, report: &ReportRef, code: &str) -> bool {
        diagnostics(store, report)
            .unwrap()
            .iter()
            .any(|d| d.code == "missing-figure" && d.indicator.as_deref() == Some(code))
    }

    /// Issue 11, point 4: Delete on a figure leaves no status behind, and the
    /// indicator is missing again.
    #[test]
    fn a_cleared_figure_is_missing_and_has_no_status() {
        let (mut store, mut report) = setup();
        apply_edits(
            &mut store,
            &mut report,
            &[edit("1.1", Field::Value, "86,97")],
            &Origin::App,
            NOW,
        )
        .unwrap();
        assert_eq!(
            figure(&store, &report, "1.1").unwrap().status,
            Some(Status::Official)
        );
        assert!(!missing(&store, &report, "1.1"));
        apply_edits(
            &mut store,
            &mut report,
            &[edit("1.1", Field::Value, "")],
            &Origin::App,
            NOW,
        )
        .unwrap();
        let f = figure(&store, &report, "1.1").unwrap();
        assert_eq!((f.value, f.status, f.raw.as_str()), (None, None, ""));
        assert!(missing(&store, &report, "1.1"));
        assert_eq!(
            state(&store, &report, &store.figures(&report).unwrap(), &[]).unwrap(),
            ReportState::NoFigures
        );
    }

    /// A database that already holds a cleared figure with its status (as
    /// earlier versions left it): validation still says it is missing.
    #[test]
    fn a_stored_figure_with_a_status_but_no_value_is_missing() {
        let (mut store, mut report) = setup();
        let f = Figure {
            status: Some(Status::Official),
            ..Figure::new("1.1")
        };
        store
            .write_figures(&mut report, &[FigureWrite::from(f)], &Origin::App, NOW)
            .unwrap();
        assert!(missing(&store, &report, "1.1"));
        let figures = store.figures(&report).unwrap();
        assert_eq!(
            state(
                &store,
                &report,
                &figures,
                &diagnostics(&store, &report).unwrap()
            )
            .unwrap(),
            ReportState::NoFigures
        );
    }

    /// Issue 11, point 5: a paste is one batch; undo brings back what each
    /// cell had, as new history rows saying so; again walks further back.
    #[test]
    fn undo_reverts_the_last_batch_as_a_new_change() {
        let (mut store, mut report) = setup();
        apply_edits(
            &mut store,
            &mut report,
            &[edit("1.1", Field::Value, "50")],
            &Origin::App,
            NOW,
        )
        .unwrap();
        let paste = [
            edit("1.1", Field::Value, "60"),
            edit("1.2", Field::Value, "70"),
            edit("1.2", Field::Notes, "dán"),
        ];
        apply_edits(&mut store, &mut report, &paste, &Origin::App, NOW).unwrap();
        let before = store.history(&report, None).unwrap().len();
        let summary = undo(&mut store, &mut report, NOW).unwrap();
        assert_eq!(summary.changed, ["1.1", "1.2"]);
        assert_eq!(figure(&store, &report, "1.1").unwrap().value, Some(50.0));
        assert!(figure(&store, &report, "1.2").unwrap().is_blank());
        let history = store.history(&report, None).unwrap();
        assert_eq!(history.len(), before + 2);
        let pasted = history[1].batch;
        assert_eq!(history[2].batch, pasted, "one paste, one batch");
        assert!(history[before..]
            .iter()
            .all(|h| h.origin == Origin::Undo { batch: pasted }));
        // Undo again: the first edit goes too.
        undo(&mut store, &mut report, NOW).unwrap();
        assert!(figure(&store, &report, "1.1").unwrap().is_blank());
        let e = undo(&mut store, &mut report, NOW).unwrap_err();
        assert_eq!(e.code(), "nothing_to_undo");
    }

    /// Issue 11, point 5: a history row's old value comes back on demand.
    #[test]
    fn restore_value_brings_back_the_old_value() {
        let (mut store, mut report) = setup();
        for v in ["40", "45", "47"] {
            apply_edits(
                &mut store,
                &mut report,
                &[edit("1.1", Field::Value, v)],
                &Origin::App,
                NOW,
            )
            .unwrap();
        }
        restore_value(&mut store, &mut report, "1.1", 2, NOW).unwrap();
        assert_eq!(figure(&store, &report, "1.1").unwrap().value, Some(40.0));
        let last = store.history(&report, Some("1.1")).unwrap().pop().unwrap();
        assert_eq!(
            (last.revision, last.origin),
            (4, Origin::Restore { revision: 2 })
        );
        // The restore is a change like any other: Ctrl+Z takes it back.
        undo(&mut store, &mut report, NOW).unwrap();
        assert_eq!(figure(&store, &report, "1.1").unwrap().value, Some(47.0));
        let e = restore_value(&mut store, &mut report, "1.1", 99, NOW).unwrap_err();
        assert_eq!(e.code(), "unknown_revision");
        assert!(e.to_string().contains("lần sửa thứ 99"), "{e}");
    }
}

//! Where a report stands: its state, the periods screen with each period's
//! deadline as a card says it, and the marks "sent another way".

use serde::Serialize;
use time::{Date, OffsetDateTime};

use crate::error::Result;
use crate::period::Period;
use crate::report::check::{carries_a_figure, diagnostics_of, Completeness};
use crate::report::{Figure, ReportRef};
use crate::store::{Store, StoredFigure};
use crate::validate::{self, Diagnostic, Severity};

/// Where a report stands.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    NoFigures,
    InProgress,
    HasErrors,
    Ready,
    Exported,
    ChangedSinceExport,
}

impl ReportState {
    pub fn label_vi(self) -> &'static str {
        match self {
            ReportState::NoFigures => "Chưa có số liệu",
            ReportState::InProgress => "Đang nhập",
            ReportState::HasErrors => "Có lỗi",
            ReportState::Ready => "Sẵn sàng xuất",
            ReportState::Exported => "Đã xuất",
            ReportState::ChangedSinceExport => "Đã sửa sau khi xuất",
        }
    }
}

/// The state of a report from its figures, diagnostics and exports.
pub fn state(
    store: &Store,
    report: &ReportRef,
    figures: &[StoredFigure],
    diags: &[Diagnostic],
) -> Result<ReportState> {
    // A status left beside a cleared figure (earlier versions kept it) is no figure.
    let empty = |f: &Figure| {
        f.is_blank()
            || (f.is_missing()
                && Figure {
                    status: None,
                    ..f.clone()
                }
                .is_blank())
    };
    if figures.iter().all(|f| empty(&f.figure)) {
        return Ok(ReportState::NoFigures);
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Ok(ReportState::HasErrors);
    }
    let submissions: Vec<_> = store
        .exports(report)?
        .into_iter()
        .filter(|e| e.kind == "submission" && carries_a_figure(&e.snapshot))
        .collect();
    if let Some(last) = submissions.last() {
        let current = super::exported_figures(store, report)?;
        // The hash, or figure by figure (a figure repaired of float noise
        // since is the same figure as sent).
        let same = crate::form::meta::figures_hash(&current) == last.figures_sha256
            || (current.len() == last.snapshot.len()
                && current
                    .iter()
                    .all(|c| last.snapshot.iter().any(|s| s.same_content(c))));
        return Ok(if same {
            ReportState::Exported
        } else {
            ReportState::ChangedSinceExport
        });
    }
    if diags.iter().any(|d| d.code == "missing-figure") {
        Ok(ReportState::InProgress)
    } else {
        Ok(ReportState::Ready)
    }
}

/// One period of the periods screen.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct PeriodSummary {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub period: Period,
    pub label: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub first_day: Date,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub last_day: Date,
    pub coverage: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub deadline: Date,
    pub deadline_label: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    /// The deadline has passed and the report was neither exported nor
    /// marked as sent another way.
    pub overdue: bool,
    /// The unit marked the report as sent another way (by post, e-mail…).
    pub sent_otherwise: bool,
    /// A submission file was written for it.
    pub exported: bool,
    /// What the card says of the deadline: "còn 12 ngày", "quá hạn 40
    /// ngày", "Kỳ đã qua, chưa gửi" (overdue by more than a year: a day count
    /// would only alarm), "Đã xuất tệp gửi đi", "Đã gửi bằng cách khác".
    pub deadline_text: String,
    pub deadline_tone: DeadlineTone,
    /// `None` when no unit is given or the unit does not exist in the period.
    pub state: Option<ReportState>,
    /// The state in words, with the count of figures when a report was
    /// exported incomplete: "Đã xuất (4/26 chỉ tiêu)".
    pub state_label: Option<String>,
    pub completeness: Option<Completeness>,
    pub errors: usize,
}

/// How a deadline is shown: only a recent overdue period is alarming.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineTone {
    /// Due later.
    Open,
    /// Due within a week.
    Soon,
    /// Passed, not sent, within the last year.
    Overdue,
    /// Passed more than a year ago, never sent: history, not an alarm.
    Past,
    /// Exported or marked as sent another way.
    Sent,
}

/// An overdue period is counted in days up to this many; beyond, it is a
/// past period never sent.
pub const OVERDUE_DAYS_SHOWN: i64 = 365;

/// The state in words: "Đã xuất (4/26 chỉ tiêu)" when exported incomplete.
pub fn state_label_vi(state: ReportState, completeness: Completeness) -> String {
    match state {
        ReportState::Exported if !completeness.complete() => {
            format!("{} ({})", state.label_vi(), completeness.label_vi())
        }
        _ => state.label_vi().to_owned(),
    }
}

/// The deadline of `p` as a card says it, and how loud.
fn deadline_of(p: Period, sent: Sent, today: Date) -> (String, DeadlineTone) {
    let left = p.days_left(today);
    if left > 0 {
        let tone = if left <= 7 {
            DeadlineTone::Soon
        } else {
            DeadlineTone::Open
        };
        return (format!("còn {left} ngày"), tone);
    }
    if sent.otherwise {
        return ("Đã gửi bằng cách khác".into(), DeadlineTone::Sent);
    }
    if sent.exported {
        return ("Đã xuất tệp gửi đi".into(), DeadlineTone::Sent);
    }
    // The deadline day itself is one day late.
    let late = 1 - left;
    if late > OVERDUE_DAYS_SHOWN {
        ("Kỳ đã qua, chưa gửi".into(), DeadlineTone::Past)
    } else {
        (format!("quá hạn {late} ngày"), DeadlineTone::Overdue)
    }
}

/// The periods of `year` with their calendar, and the state of the unit's
/// report for each when a unit is given.
pub fn periods(
    store: &Store,
    year: i32,
    unit_code: Option<&str>,
    today: Date,
) -> Result<Vec<PeriodSummary>> {
    let mut out = Vec::new();
    for p in Period::all_of(year) {
        let (first, last) = p.covers();
        let (state, completeness, errors, sent) = match unit_code.map(|u| store.report(u, p)) {
            Some(Ok(r)) => {
                let figures = store.figures(&r)?;
                let diags = diagnostics_of(store, &r, &figures)?;
                let sent = Sent::of(store, &r)?;
                (
                    Some(state(store, &r, &figures, &diags)?),
                    Some(Completeness::of(store, &r, &figures)?),
                    validate::count(&diags, Severity::Error),
                    sent,
                )
            }
            _ => (None, None, 0, Sent::default()),
        };
        let (deadline_text, deadline_tone) = deadline_of(p, sent, today);
        out.push(PeriodSummary {
            period: p,
            label: p.label_vi(),
            first_day: first,
            last_day: last,
            coverage: p.coverage_vi(),
            deadline: p.deadline(),
            deadline_label: p.deadline_vi(),
            days_left: p.days_left(today),
            overdue: sent.overdue(p, today),
            sent_otherwise: sent.otherwise,
            exported: sent.exported,
            deadline_text,
            deadline_tone,
            state,
            state_label: state.map(|s| state_label_vi(s, completeness.unwrap_or_default())),
            completeness,
            errors,
        });
    }
    Ok(out)
}

/// How a report left the unit: a submission file written, or a mark
/// "sent another way".
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sent {
    pub(crate) exported: bool,
    pub(crate) otherwise: bool,
}

impl Sent {
    pub(crate) fn of(store: &Store, report: &ReportRef) -> Result<Sent> {
        Ok(Sent {
            // A submission without any figure was not a report.
            exported: store
                .exports(report)?
                .iter()
                .any(|e| e.kind == "submission" && carries_a_figure(&e.snapshot)),
            otherwise: store.sent_otherwise(report)?,
        })
    }

    /// A period is overdue once its deadline passed, unless the report left.
    pub(crate) fn overdue(self, p: Period, today: Date) -> bool {
        p.days_left(today) <= 0 && !self.exported && !self.otherwise
    }
}

/// Marks the report of `unit_code` for `period` as sent another way, or
/// takes the mark back (each a new row: the marks keep their history).
pub fn mark_sent(
    store: &mut Store,
    unit_code: &str,
    period: Period,
    sent: bool,
    note: &str,
    now: OffsetDateTime,
) -> Result<Vec<crate::store::SentMark>> {
    let mut report = store.report(unit_code, period)?;
    store.mark_sent(&mut report, sent, note, now)?;
    store.sent_marks(&report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::view;
    use time::macros::{date, datetime};

    const NOW_2026: OffsetDateTime = datetime!(2026-12-01 03:00 UTC);

    fn summary(store: &Store, p: &str) -> PeriodSummary {
        let p: Period = p.parse().unwrap();
        periods(store, p.year(), Some("THAI-NGUYEN"), date!(2026 - 12 - 01))
            .unwrap()
            .into_iter()
            .find(|s| s.period == p)
            .unwrap()
    }

    #[test]
    fn a_past_period_marked_as_sent_another_way_is_not_overdue_and_the_marks_keep_their_history() {
        let mut store = Store::open_in_memory(NOW_2026).unwrap();
        let p: Period = "2024-Q2".parse().unwrap();
        assert!(summary(&store, "2024-Q2").overdue);
        let marks = mark_sent(
            &mut store,
            "THAI-NGUYEN",
            p,
            true,
            "gửi bằng công văn",
            NOW_2026,
        )
        .unwrap();
        assert_eq!(marks.len(), 1);
        let s = summary(&store, "2024-Q2");
        assert!(!s.overdue && s.sent_otherwise);
        assert!(
            !view(&store, "THAI-NGUYEN", p, date!(2026 - 12 - 01))
                .unwrap()
                .overdue
        );
        // Taken back: overdue again, and both marks remain.
        let marks = mark_sent(&mut store, "THAI-NGUYEN", p, false, "", NOW_2026).unwrap();
        assert_eq!(
            marks.iter().map(|m| m.sent).collect::<Vec<_>>(),
            [true, false]
        );
        assert!(summary(&store, "2024-Q2").overdue);
        // Other periods are untouched.
        assert!(summary(&store, "2024-Q3").overdue);
    }

    #[test]
    fn a_past_period_that_was_exported_is_not_overdue() {
        let mut store = Store::open_in_memory(NOW_2026).unwrap();
        let p: Period = "2024-Q3".parse().unwrap();
        let mut report = store.report("THAI-NGUYEN", p).unwrap();
        let record = crate::store::ExportRecord {
            kind: "submission".into(),
            at: crate::period::timestamp(NOW_2026),
            path: "/tmp/x.xlsx".into(),
            sha256: String::new(),
            figures_sha256: String::new(),
            snapshot: vec![Figure {
                raw: "86,97".into(),
                value: Some(86.97),
                ..Figure::new("1.1")
            }],
        };
        store.record_export(&mut report, &record).unwrap();
        let s = summary(&store, "2024-Q3");
        assert!(s.exported && !s.overdue);
        // A template is not a submission.
        let mut report = store
            .report("THAI-NGUYEN", "2024-Q1".parse().unwrap())
            .unwrap();
        store
            .record_export(
                &mut report,
                &crate::store::ExportRecord {
                    kind: "template".into(),
                    ..record
                },
            )
            .unwrap();
        assert!(summary(&store, "2024-Q1").overdue);
    }
}

//! What the store keeps beside the figures: the files written (exports),
//! the marks "sent another way", the preparer's profile, the settings.

use rusqlite::{params, OptionalExtension};
use time::OffsetDateTime;

use super::{ensure_report, json_err, six_texts, timestamp, Store};
use super::{ExportRecord, Profile, SentMark};
use crate::error::{Error, Result};
use crate::figure::ReportRef;
use crate::period::Period;
use crate::registry::{Registry, Unit, UnitType};

/// The place written before the date on a unit's form, when none was given:
/// a province's own name ("Tuyên Quang"); Hà Nội for ministries and their
/// departments (their seats); a user's unit takes its parent's.
pub fn default_place(registry: &Registry, unit: &Unit) -> String {
    match unit.unit_type {
        UnitType::Province => {
            let name = unit.name.trim();
            ["Thành phố ", "Tỉnh "]
                .iter()
                .find_map(|p| name.strip_prefix(p))
                .map(str::to_owned)
                .unwrap_or_else(|| unit.short_name.clone())
        }
        UnitType::Ministry | UnitType::Department => "Hà Nội".to_owned(),
        _ => match unit.parent.as_deref().and_then(|p| registry.get(p)) {
            Some(parent) if parent.code != unit.code && parent.unit_type != UnitType::Custom => {
                default_place(registry, parent)
            }
            _ => String::new(),
        },
    }
}

impl Store {
    /// Records a file written for a report (creating the report row if needed).
    pub fn record_export(&mut self, report: &mut ReportRef, record: &ExportRecord) -> Result<()> {
        let period = report.period.to_string();
        let id =
            self.write_tx(|tx| {
                let id = ensure_report(tx, report, &period, &record.at)?;
                tx.execute(
                "INSERT INTO export (report_id, kind, at, path, sha256, figures_sha256, snapshot)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id, record.kind, record.at, record.path, record.sha256, record.figures_sha256,
                    serde_json::to_string(&record.snapshot).map_err(json_err)?
                ],
            )?;
                Ok(id)
            })?;
        report.id = Some(id);
        Ok(())
    }

    /// The files written for a report, oldest first.
    pub fn exports(&self, report: &ReportRef) -> Result<Vec<ExportRecord>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, at, path, sha256, figures_sha256, snapshot FROM export WHERE report_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], six_texts)?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, at, path, sha256, figures_sha256, snapshot) = row?;
            let snapshot = serde_json::from_str(&snapshot).map_err(json_err)?;
            out.push(ExportRecord {
                kind,
                at,
                path,
                sha256,
                figures_sha256,
                snapshot,
            });
        }
        Ok(out)
    }

    /// Reports stored for a unit, as (period, edition).
    pub fn reports_of(&self, unit_code: &str) -> Result<Vec<(Period, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT period, edition_id FROM report WHERE unit_code = ?1")?;
        let rows = stmt.query_map([unit_code], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (p, e) = row?;
            if let Ok(p) = p.parse() {
                out.push((p, e));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The preparer's details of `unit_code` (empty when none were saved),
    /// the place defaulting from the unit.
    pub fn profile(&self, unit_code: &str) -> Result<Profile> {
        let mut p = self
            .conn
            .query_row(
                "SELECT preparer, phone, email, head, place FROM profile WHERE unit_code = ?1",
                [unit_code],
                |r| {
                    Ok(Profile {
                        unit: unit_code.to_owned(),
                        preparer: r.get(0)?,
                        phone: r.get(1)?,
                        email: r.get(2)?,
                        head: r.get(3)?,
                        place: r.get(4)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_else(|| Profile {
                unit: unit_code.to_owned(),
                ..Profile::default()
            });
        if p.place.trim().is_empty() {
            if let Some(unit) = self.registry.get(unit_code) {
                p.place = default_place(&self.registry, unit);
            }
        }
        Ok(p)
    }

    /// Saves the preparer's details of `unit_code`. Details that name another
    /// unit (or none) are refused: one unit's preparer never lands on
    /// another's form.
    pub fn set_profile(&mut self, unit_code: &str, p: &Profile, now: OffsetDateTime) -> Result<()> {
        if p.unit != unit_code {
            return Err(Error::ProfileOfAnotherUnit {
                profile_unit: p.unit.clone(),
                unit: unit_code.to_owned(),
            });
        }
        self.write_tx(|tx| {
            tx.execute(
                "INSERT INTO profile (unit_code, preparer, phone, email, head, place, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (unit_code) DO UPDATE SET preparer = excluded.preparer, phone = excluded.phone,
                    email = excluded.email, head = excluded.head, place = excluded.place, updated_at = excluded.updated_at",
                params![unit_code, p.preparer.trim(), p.phone.trim(), p.email.trim(), p.head.trim(), p.place.trim(), timestamp(now)],
            )?;
            Ok(())
        })
    }

    /// Marks the report as sent another way (`sent`), or takes the mark
    /// back; each mark is a new row, the newest one counts.
    pub fn mark_sent(
        &mut self,
        report: &mut ReportRef,
        sent: bool,
        note: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        let period = report.period.to_string();
        let at = timestamp(now);
        let id = self.write_tx(|tx| {
            let id = ensure_report(tx, report, &period, &at)?;
            tx.execute(
                "INSERT INTO sent_mark (report_id, at, sent, note) VALUES (?1, ?2, ?3, ?4)",
                params![id, at, sent, note.trim()],
            )?;
            Ok(id)
        })?;
        report.id = Some(id);
        Ok(())
    }

    /// The report's marks, oldest first.
    pub fn sent_marks(&self, report: &ReportRef) -> Result<Vec<SentMark>> {
        let Some(id) = report.id else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, sent, note FROM sent_mark WHERE report_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(SentMark {
                at: r.get(0)?,
                sent: r.get(1)?,
                note: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether the report's newest mark says it was sent another way.
    pub fn sent_otherwise(&self, report: &ReportRef) -> Result<bool> {
        Ok(self.sent_marks(report)?.last().is_some_and(|m| m.sent))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write_tx(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrate;
    use rusqlite::Connection;

    #[test]
    fn a_units_profile_loads_with_it_and_another_units_is_never_saved_over_it() {
        let now = time::macros::datetime!(2026-12-01 03:00 UTC);
        let mut store = Store::open_in_memory(now).unwrap();
        let mut tn = store.profile("THAI-NGUYEN").unwrap();
        assert_eq!(
            (tn.unit.as_str(), tn.place.as_str()),
            ("THAI-NGUYEN", "Thái Nguyên")
        );
        tn.preparer = "Nguyễn Thị Hoa".into();
        store.set_profile("THAI-NGUYEN", &tn, now).unwrap();
        // Thái Nguyên's details saved under Tuyên Quang: refused, nothing written.
        let e = store.set_profile("TUYEN-QUANG", &tn, now).unwrap_err();
        assert_eq!(e.code(), "profile_of_another_unit");
        assert!(e.to_string().contains("THAI-NGUYEN"));
        let tq = store.profile("TUYEN-QUANG").unwrap();
        assert_eq!(
            (tq.unit.as_str(), tq.preparer.as_str(), tq.place.as_str()),
            ("TUYEN-QUANG", "", "Tuyên Quang")
        );
        // Details naming no unit are refused too.
        assert!(store
            .set_profile(
                "TUYEN-QUANG",
                &Profile {
                    preparer: "X".into(),
                    ..Profile::default()
                },
                now
            )
            .is_err());
        assert_eq!(
            store.profile("THAI-NGUYEN").unwrap().preparer,
            "Nguyễn Thị Hoa"
        );
    }

    #[test]
    fn the_place_defaults_from_the_unit() {
        let store = Store::open_in_memory(time::macros::datetime!(2026-12-01 03:00 UTC)).unwrap();
        let place = |code: &str| store.profile(code).unwrap().place;
        assert_eq!(place("TUYEN-QUANG"), "Tuyên Quang");
        assert_eq!(place("HA-NOI"), "Hà Nội");
        assert_eq!(place("BTTTT"), "Hà Nội");
    }

    #[test]
    fn sent_marks_are_append_only() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO edition VALUES ('e', 't', 2023, 'embedded', 'x', '{}', 'now');
             INSERT INTO report VALUES (1, 'U', '2024', 'e', 'now');
             INSERT INTO sent_mark (report_id, at, sent) VALUES (1, 'now', 1);",
        )
        .unwrap();
        assert!(conn.execute("UPDATE sent_mark SET sent = 0", []).is_err());
        assert!(conn.execute("DELETE FROM sent_mark", []).is_err());
    }
}

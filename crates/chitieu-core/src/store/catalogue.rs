//! The catalogue's editions and the user's own units, as the database holds
//! them: loaded when the store opens, added to by an edition import or a new
//! unit.

use rusqlite::{params, TransactionBehavior};
use time::OffsetDateTime;

use super::{json_err, sha256_hex, timestamp, NewUnit, Store};
use crate::catalogue::{Catalogue, Edition};
use crate::error::{Error, Result};
use crate::registry::{Registry, Unit, UnitType};

impl Store {
    pub(super) fn load_embedded_editions(&mut self, now: OffsetDateTime) -> Result<()> {
        let have: i64 = self.conn.query_row(
            "SELECT count(*) FROM edition WHERE origin = 'embedded'",
            [],
            |r| r.get(0),
        )?;
        let embedded = Catalogue::embedded()?;
        if have as usize >= embedded.editions().len() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for e in embedded.editions() {
            insert_edition(&tx, e, "embedded", now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Re-reads the catalogue and the user's units from the database.
    pub(super) fn reload(&mut self) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, data FROM edition ORDER BY first_year")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut editions = Vec::new();
        for row in rows {
            let (id, data) = row?;
            let e: Edition = serde_json::from_str(&data).map_err(|e| {
                Error::Database(format!(
                    "bộ chỉ tiêu «{id}» lưu trong cơ sở dữ liệu không đọc được: {e}"
                ))
            })?;
            editions.push(e);
        }
        drop(stmt);
        self.catalogue = Catalogue::new(editions);
        let mut registry = Registry::embedded()?;
        let mut stmt = self
            .conn
            .prepare("SELECT code, name, short_name, type, parent FROM unit ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (code, name, short_name, unit_type, parent) = row?;
            let unit_type = unit_type.parse().unwrap_or(UnitType::Custom);
            registry.add_user_unit(user_unit(code, name, short_name, unit_type, parent))?;
        }
        drop(stmt);
        self.registry = registry;
        Ok(())
    }

    /// Adds an edition from a catalogue file. Reports made under other
    /// editions are untouched; an edition id already present is refused.
    pub fn import_edition(&mut self, edition: &Edition, now: OffsetDateTime) -> Result<()> {
        if self.catalogue.edition(&edition.id).is_some() {
            return Err(Error::Edition(crate::catalogue::EditionError::Syntax {
                file: edition.id.clone(),
                why: "bộ chỉ tiêu mang mã này đã có".into(),
            }));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_edition(&tx, edition, "imported", now)?;
        tx.commit()?;
        self.reload()
    }

    /// Adds a unit of the user's own. Its code is generated from its name
    /// when not given.
    pub fn add_unit(&mut self, new: &NewUnit, now: OffsetDateTime) -> Result<Unit> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(Error::BadUnit {
                what: "một tên".into(),
            });
        }
        let code = match &new.code {
            Some(c) if !c.trim().is_empty() => c.trim().to_uppercase(),
            _ => format!("X-{}", crate::fold::slug(name).to_uppercase()),
        };
        if code.len() > 64
            || !code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            || code == "X-"
        {
            return Err(Error::BadUnit { what: format!("một mã chỉ gồm chữ in hoa không dấu, số, dấu - và dấu . (mã «{code}» không dùng được)") });
        }
        if self.registry.get(&code).is_some() {
            return Err(Error::DuplicateUnit { code });
        }
        if let Some(p) = &new.parent {
            if self.registry.get(p).is_none() {
                return Err(Error::UnknownUnit { code: p.clone() });
            }
        }
        let short = new
            .short_name
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| name.to_owned());
        self.write_tx(|tx| {
            tx.execute(
                "INSERT INTO unit (code, name, short_name, type, parent, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![code, name, short, new.unit_type.to_string(), new.parent, timestamp(now)],
            )?;
            Ok(())
        })?;
        self.reload()?;
        self.registry
            .get(&code)
            .cloned()
            .ok_or(Error::UnknownUnit { code })
    }

    /// Where each edition held came from ('embedded' or 'imported') and when
    /// it was loaded, by id.
    pub fn edition_origins(&self) -> Result<std::collections::HashMap<String, (String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, origin, loaded_at FROM edition")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, String>(1)?, r.get::<_, String>(2)?),
            ))
        })?;
        rows.collect::<Result<_, _>>().map_err(Error::from)
    }
}

fn user_unit(
    code: String,
    name: String,
    short_name: String,
    unit_type: UnitType,
    parent: Option<String>,
) -> Unit {
    Unit {
        code,
        name,
        short_name,
        aliases: Vec::new(),
        unit_type,
        category: String::new(),
        parent,
        valid_from: None,
        valid_to: None,
        successors: Vec::new(),
        source: String::new(),
        note: String::new(),
        receives_reports: false,
        user_added: true,
    }
}

fn insert_edition(
    tx: &rusqlite::Transaction<'_>,
    e: &Edition,
    origin: &str,
    now: OffsetDateTime,
) -> Result<()> {
    let data = serde_json::to_string(e).map_err(json_err)?;
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO edition (id, title, first_year, origin, sha256, data, loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![e.id, e.title, e.first_year, origin, sha256_hex(data.as_bytes()), data, timestamp(now)],
    )?;
    if inserted == 0 {
        return Ok(());
    }
    for (pos, item) in e.items.iter().enumerate() {
        tx.execute(
            "INSERT INTO indicator (edition_id, code, position, kind, name, unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                e.id,
                item.code,
                pos as i64,
                serde_json::to_value(item.kind).map_err(json_err)?.as_str().unwrap_or_default(),
                item.name,
                item.unit
            ],
        )?;
    }
    Ok(())
}

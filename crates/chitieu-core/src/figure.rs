//! Figures and their reports as values: what a unit declares for an
//! indicator (`Figure`: the value, the text as typed, the status, the five
//! text columns), which report they belong to (`ReportRef`), and the kind
//! check a value must pass. Plain data below the store, the file format and
//! validation, which all speak of figures; what people do to a report is
//! `report/`.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Item, Kind};
use crate::fold::fold;
use crate::number::{format_vi, parse_figure};
use crate::period::Period;
use crate::registry::Unit;

/// Whether a figure is final or a provisional estimate (seed 003, II.2.c).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Official,
    Estimate,
}

impl Status {
    /// Reads a status word as people write it: "Chính thức", "Ước tính",
    /// "Tạm ước tính", "Số ước", with or without diacritics, any case; also
    /// the CLI's `official` / `estimate`.
    pub fn parse(text: &str) -> Option<Status> {
        match fold(text).as_str() {
            "chinh thuc" | "so chinh thuc" | "so lieu chinh thuc" | "official" => {
                Some(Status::Official)
            }
            "uoc tinh"
            | "tam uoc tinh"
            | "so uoc"
            | "so uoc tinh"
            | "so lieu uoc tinh"
            | "so lieu tam uoc tinh"
            | "tam uoc"
            | "estimate" => Some(Status::Estimate),
            _ => None,
        }
    }

    /// The word written on the form.
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Official => "Chính thức",
            Status::Estimate => "Ước tính",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Official => "official",
            Status::Estimate => "estimate",
        }
    }
}

/// One indicator's entry in a report: the figure and its text columns.
///
/// `raw` is what the person typed (or what the imported cell showed), kept
/// even when it does not parse; `value` is its reading in the indicator's
/// unit (percent points for shares, an integer for ranks), `None` when there
/// is no figure or it does not parse. `status_raw` likewise keeps a status
/// word that could not be read.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Figure {
    pub indicator: String,
    pub value: Option<f64>,
    pub raw: String,
    pub status: Option<Status>,
    pub status_raw: String,
    pub source: String,
    pub trend: String,
    pub comparison: String,
    pub proposals: String,
    pub notes: String,
}

/// The editable fields of a figure, as the form's columns.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Value,
    Status,
    Source,
    Trend,
    Comparison,
    Proposals,
    Notes,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Value,
        Field::Status,
        Field::Source,
        Field::Trend,
        Field::Comparison,
        Field::Proposals,
        Field::Notes,
    ];
}

impl Figure {
    pub fn new(indicator: &str) -> Figure {
        Figure {
            indicator: indicator.to_owned(),
            ..Figure::default()
        }
    }

    /// Whether the typed figure says "no figure" (blank or a dash).
    pub fn says_no_figure(&self) -> bool {
        self.value.is_none() && matches!(parse_figure(&self.raw), Ok(None))
    }

    /// Whether the figure is missing: its cell is empty or says "no figure"
    /// (a dash: older versions stored one as typed), whatever status or text
    /// it carries.
    pub fn is_missing(&self) -> bool {
        self.raw.trim().is_empty() || self.says_no_figure()
    }

    /// Whether nothing is entered: no figure (blank or "-"), no status, no text.
    pub fn is_blank(&self) -> bool {
        self.says_no_figure()
            && self.status.is_none()
            && self.status_raw.trim().is_empty()
            && [
                &self.source,
                &self.trend,
                &self.comparison,
                &self.proposals,
                &self.notes,
            ]
            .iter()
            .all(|t| t.trim().is_empty())
    }

    /// Whether two figures say the same thing: the same value, status and
    /// texts (the raw text counts only where it did not parse: `86,97` and
    /// `86.97%` are the same figure).
    pub fn same_content(&self, other: &Figure) -> bool {
        let raw_matters = self.value.is_none() || other.value.is_none();
        self.indicator == other.indicator
            && self.value.map(crate::number::shown) == other.value.map(crate::number::shown)
            && (!raw_matters || self.raw.trim() == other.raw.trim())
            && self.status == other.status
            && self.status_raw == other.status_raw
            && self.source == other.source
            && self.trend == other.trend
            && self.comparison == other.comparison
            && self.proposals == other.proposals
            && self.notes == other.notes
    }

    /// Sets the figure from typed text: keeps the text, reads the value when
    /// it parses (never rejects: validation flags what is wrong). A text that
    /// says "no figure" (blank, "-", "–", "—") clears it, as Delete does.
    pub fn set_typed_value(&mut self, text: &str) {
        match parse_figure(text) {
            Ok(None) => {
                self.raw.clear();
                self.value = None;
            }
            parsed => {
                self.raw = text.to_owned();
                self.value = parsed.ok().flatten();
            }
        }
    }

    /// Sets the status from typed text; an unknown word is kept as typed.
    pub fn set_typed_status(&mut self, text: &str) {
        self.status = Status::parse(text);
        self.status_raw = if self.status.is_some() || text.trim().is_empty() {
            String::new()
        } else {
            text.to_owned()
        };
    }

    /// Sets one field from typed text.
    pub fn set_field(&mut self, field: Field, text: &str) {
        match field {
            Field::Value => self.set_typed_value(text),
            Field::Status => self.set_typed_status(text),
            Field::Source => self.source = text.to_owned(),
            Field::Trend => self.trend = text.to_owned(),
            Field::Comparison => self.comparison = text.to_owned(),
            Field::Proposals => self.proposals = text.to_owned(),
            Field::Notes => self.notes = text.to_owned(),
        }
    }

    /// The text of one field as it is shown for editing.
    pub fn field_text(&self, field: Field) -> String {
        match field {
            Field::Value => self.raw.clone(),
            Field::Status => match self.status {
                Some(s) => s.label_vi().to_owned(),
                None => self.status_raw.clone(),
            },
            Field::Source => self.source.clone(),
            Field::Trend => self.trend.clone(),
            Field::Comparison => self.comparison.clone(),
            Field::Proposals => self.proposals.clone(),
            Field::Notes => self.notes.clone(),
        }
    }

    /// The figure shown the vi-VN way, or the raw text when it does not parse.
    pub fn display_vi(&self) -> String {
        match self.value {
            Some(v) => format_vi(v),
            None => self.raw.clone(),
        }
    }
}

/// Why `value` does not fit `item`'s kind, if it does not.
pub fn kind_violation(item: &Item, value: f64) -> Option<&'static str> {
    match item.kind {
        Kind::Share if !(0.0..=100.0).contains(&value) => Some("phải từ 0 đến 100"),
        Kind::Rank if value < 1.0 || value.fract() != 0.0 => {
            Some("phải là số nguyên dương (1, 2, 3…)")
        }
        _ => None,
    }
}

/// A report resolved for use: its unit as it was in the period, its edition.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRef {
    /// Database id, when the report has been stored.
    pub id: Option<i64>,
    pub unit: Unit,
    pub period: Period,
    pub edition_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        for t in [
            "Chính thức",
            "chinh thuc",
            "CHÍNH THỨC",
            " Chính  thức ",
            "official",
        ] {
            assert_eq!(Status::parse(t), Some(Status::Official), "{t}");
        }
        for t in [
            "Ước tính",
            "uoc tinh",
            "Tạm ước tính",
            "TAM UOC TINH",
            "Số ước",
            "so uoc",
            "estimate",
        ] {
            assert_eq!(Status::parse(t), Some(Status::Estimate), "{t}");
        }
        for t in ["", "Dự kiến", "chinh", "x"] {
            assert_eq!(Status::parse(t), None, "{t}");
        }
    }

    #[test]
    fn typed_text_is_kept_even_when_it_does_not_parse() {
        let mut f = Figure::new("1.1");
        f.set_typed_value("85 (ước)");
        assert_eq!(f.raw, "85 (ước)");
        assert_eq!(f.value, None);
        f.set_typed_value("85,5");
        assert_eq!(f.value, Some(85.5));
        f.set_typed_status("Dự kiến");
        assert_eq!((f.status, f.status_raw.as_str()), (None, "Dự kiến"));
        f.set_typed_status("uoc tinh");
        assert_eq!(
            (f.status, f.status_raw.as_str()),
            (Some(Status::Estimate), "")
        );
    }
}

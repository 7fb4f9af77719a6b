//! Việt Nam's places in international rankings (`assets/draft/international.toml`),
//! each checked against a cited public source, and the "So sánh quốc tế"
//! draft they give for the catalogue's rank indicators.

use serde::Deserialize;

use super::phrases::Phrases;
use super::DraftError;
use crate::number::format_vi;

/// The data file shipped with the app.
pub const EMBEDDED: &str = include_str!("../../../../assets/draft/international.toml");

/// One published place.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ranking {
    pub year: i32,
    pub rank: u32,
    pub countries: u32,
    /// The publication, in Vietnamese.
    pub document: String,
    /// The address the figure was checked against.
    pub checked: String,
}

/// An international index and Việt Nam's places in it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub id: String,
    pub name: String,
    pub publisher: String,
    /// Catalogue items it stands behind, as `edition:code`.
    pub indicators: Vec<String>,
    #[serde(default)]
    pub rank: Vec<Ranking>,
}

/// All indices.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct International {
    #[serde(default)]
    pub index: Vec<Index>,
}

impl International {
    pub fn from_toml(file: &str, text: &str) -> Result<International, DraftError> {
        let bad = |why: String| DraftError::International {
            file: file.to_owned(),
            why,
        };
        let mut data: International =
            toml::from_str(text).map_err(|e| bad(e.message().to_owned()))?;
        for index in &mut data.index {
            index.rank.sort_by_key(|r| r.year);
            for r in &index.rank {
                if r.rank == 0 || r.rank > r.countries {
                    return Err(bad(format!(
                        "chỉ số «{}» năm {}: thứ hạng {} không nằm trong 1…{}",
                        index.id, r.year, r.rank, r.countries
                    )));
                }
                if !r.checked.starts_with("https://") && !r.checked.starts_with("http://") {
                    return Err(bad(format!(
                        "chỉ số «{}» năm {}: thiếu địa chỉ nguồn đã đối chiếu",
                        index.id, r.year
                    )));
                }
            }
            if index.rank.windows(2).any(|w| w[0].year == w[1].year) {
                return Err(bad(format!(
                    "chỉ số «{}» có hai thứ hạng cùng một năm",
                    index.id
                )));
            }
        }
        Ok(data)
    }

    pub fn embedded() -> Result<International, DraftError> {
        International::from_toml("assets/draft/international.toml", EMBEDDED)
    }

    /// The index behind `code` of `edition`.
    pub fn index_for(&self, edition: &str, code: &str) -> Option<&Index> {
        self.index.iter().find(|i| {
            i.indicators.iter().any(|k| {
                k.split_once(':')
                    .is_some_and(|(e, c)| e == edition && c == code)
            })
        })
    }

    /// The draft for `code` of `edition` in a report of `year`: the latest
    /// place published by then, and its change since the place before.
    /// `None` when no checked figure exists for it.
    pub fn draft(
        &self,
        phrases: &Phrases,
        edition: &str,
        code: &str,
        year: i32,
    ) -> Result<Option<String>, DraftError> {
        let Some(index) = self.index_for(edition, code) else {
            return Ok(None);
        };
        let published: Vec<&Ranking> = index.rank.iter().filter(|r| r.year <= year).collect();
        let Some(latest) = published.last() else {
            return Ok(None);
        };
        let mut text = phrases.fill(
            "international.latest",
            &[
                ("document", &latest.document),
                ("publisher", &index.publisher),
                ("rank", &latest.rank.to_string()),
                ("countries", &latest.countries.to_string()),
                ("index", &index.name),
                ("year", &latest.year.to_string()),
            ],
        )?;
        if let Some(before) = published
            .len()
            .checked_sub(2)
            .and_then(|i| published.get(i))
        {
            let diff = i64::from(before.rank) - i64::from(latest.rank);
            let key = match diff.signum() {
                1 => "international.change_up",
                -1 => "international.change_down",
                _ => "international.change_same",
            };
            let change = phrases.fill(
                key,
                &[
                    ("diff", &format_vi(diff.unsigned_abs() as f64)),
                    ("year", &before.year.to_string()),
                    ("rank", &before.rank.to_string()),
                    ("countries", &before.countries.to_string()),
                ],
            )?;
            text.push_str(", ");
            text.push_str(&change);
        }
        text.push('.');
        Ok(Some(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Catalogue, Kind};

    #[test]
    fn the_shipped_ranks_point_at_rank_indicators_and_cite_a_source() {
        let data = International::embedded().unwrap();
        let catalogue = Catalogue::embedded().unwrap();
        assert!(!data.index.is_empty());
        for index in &data.index {
            assert!(!index.rank.is_empty(), "{}", index.id);
            for key in &index.indicators {
                let (edition, code) = key.split_once(':').unwrap();
                let item = catalogue.edition(edition).and_then(|e| e.item(code));
                assert_eq!(item.map(|i| i.kind), Some(Kind::Rank), "{key}");
            }
        }
        // The figures the issue names: EGDI 86th of 193 in 2022, 71st in 2024.
        let egdi = data.index_for("kh-2023", "5.1").unwrap();
        let by_year: Vec<(i32, u32, u32)> = egdi
            .rank
            .iter()
            .map(|r| (r.year, r.rank, r.countries))
            .collect();
        assert!(
            by_year.contains(&(2022, 86, 193)) && by_year.contains(&(2024, 71, 193)),
            "{by_year:?}"
        );
        // No unverified entry for the e-participation and open-data ranks.
        assert!(
            data.index_for("kh-2023", "5.2").is_none()
                && data.index_for("kh-2023", "5.3").is_none()
        );
    }

    #[test]
    fn a_bad_file_is_refused_with_its_reason() {
        let entry = |rank: u32, countries: u32, checked: &str| {
            format!(
                "[[index]]\nid = \"x\"\nname = \"x\"\npublisher = \"x\"\nindicators = []\n[[index.rank]]\nyear = 2024\nrank = {rank}\ncountries = {countries}\ndocument = \"x\"\nchecked = \"{checked}\"\n"
            )
        };
        assert!(International::from_toml("t", &entry(71, 193, "https://a.example")).is_ok());
        for bad in [
            entry(0, 193, "https://a"),
            entry(200, 193, "https://a"),
            entry(71, 193, "a website"),
        ] {
            let e = International::from_toml("t", &bad).unwrap_err();
            assert!(matches!(e, DraftError::International { .. }), "{e}");
        }
        let twice = entry(71, 193, "https://a") + "[[index.rank]]\nyear = 2024\nrank = 70\ncountries = 193\ndocument = \"x\"\nchecked = \"https://b\"\n";
        assert!(International::from_toml("t", &twice)
            .unwrap_err()
            .to_string()
            .contains("cùng một năm"));
        assert!(International::from_toml("t", "index = 3").is_err());
    }

    #[test]
    fn no_place_published_after_the_report_year_is_used() {
        let data = International::embedded().unwrap();
        let phrases = Phrases::embedded().unwrap();
        let in_2023 = data
            .draft(&phrases, "kh-2023", "5.1", 2023)
            .unwrap()
            .unwrap();
        assert!(
            in_2023.contains("86/193")
                && in_2023.contains("năm 2022")
                && !in_2023.contains("71/193"),
            "{in_2023}"
        );
        assert_eq!(data.draft(&phrases, "kh-2023", "5.1", 2019).unwrap(), None);
        assert_eq!(data.draft(&phrases, "kh-2023", "1.1", 2024).unwrap(), None);
    }
}

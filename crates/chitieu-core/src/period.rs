//! Reporting periods and their calendar.
//!
//! Seed 003, II.2.a: a unit sends its quarterly figures before 03/4 (Q1),
//! 05/7 (Q2), 05/10 (Q3) and 05/12 (Q4). Q1 covers the first three months
//! **and December of the previous year**; Q4 covers **October and November**
//! (December goes to the next Q1). Seed 002, Điều 2.1.c: the yearly report is
//! sent before 15 December and covers 15/12 of the previous year to 14/12.
//!
//! "Trước ngày 03/4" is read literally: the deadline is the day named, and a
//! file sent on that day is one day late. `days_left` counts the days until
//! the deadline; zero or less means overdue.
//!
//! Everything here is a pure function of the period and, where "now" matters,
//! of a date passed in by the caller.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::fold::fold;

/// Years the app accepts for a period.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Vietnam's civil time: UTC+7, no daylight saving. Deadlines, «Nhận lúc»
/// and signing times are read in it.
pub const VIETNAM: time::UtcOffset = match time::UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => time::UtcOffset::UTC,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// Quarter 1 to 4 of a year.
    Quarter { year: i32, quarter: u8 },
    /// The yearly report.
    Year(i32),
}

/// Why a period text is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    pub text: String,
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Kỳ báo cáo «{}» không hợp lệ: hãy ghi dạng 2024-Q1, 2024-Q2, 2024-Q3, 2024-Q4 hoặc 2024 (cả năm), năm từ {} đến {}",
            self.text,
            YEARS.start(),
            YEARS.end()
        )
    }
}

impl std::error::Error for PeriodError {}

fn date(year: i32, month: u8, day: u8) -> Date {
    // Only called with calendar-valid month/day constants and years in YEARS.
    Month::try_from(month)
        .ok()
        .and_then(|m| Date::from_calendar_date(year, m, day).ok())
        .unwrap_or(Date::MIN)
}

#[cfg(test)]
fn last_day_of(year: i32, month: u8) -> Date {
    let m = Month::try_from(month).unwrap_or(Month::January);
    date(year, month, m.length(year))
}

impl Period {
    pub fn quarter(year: i32, quarter: u8) -> Result<Period, PeriodError> {
        if YEARS.contains(&year) && (1..=4).contains(&quarter) {
            Ok(Period::Quarter { year, quarter })
        } else {
            Err(PeriodError {
                text: format!("{year}-Q{quarter}"),
            })
        }
    }

    pub fn year_report(year: i32) -> Result<Period, PeriodError> {
        if YEARS.contains(&year) {
            Ok(Period::Year(year))
        } else {
            Err(PeriodError {
                text: year.to_string(),
            })
        }
    }

    /// The report year (the year a period belongs to, even for Q1, which
    /// starts in December of the previous year).
    pub fn year(&self) -> i32 {
        match *self {
            Period::Quarter { year, .. } | Period::Year(year) => year,
        }
    }

    pub fn is_year(&self) -> bool {
        matches!(self, Period::Year(_))
    }

    /// The four quarters then the year report, in calendar order.
    pub fn all_of(year: i32) -> Vec<Period> {
        let mut v: Vec<Period> = (1..=4)
            .map(|quarter| Period::Quarter { year, quarter })
            .collect();
        v.push(Period::Year(year));
        v
    }

    /// First and last day whose facts the figures cover.
    pub fn covers(&self) -> (Date, Date) {
        match *self {
            Period::Quarter { year, quarter: 1 } => (date(year - 1, 12, 1), date(year, 3, 31)),
            Period::Quarter { year, quarter: 2 } => (date(year, 4, 1), date(year, 6, 30)),
            Period::Quarter { year, quarter: 3 } => (date(year, 7, 1), date(year, 9, 30)),
            Period::Quarter { year, .. } => (date(year, 10, 1), date(year, 11, 30)),
            Period::Year(year) => (date(year - 1, 12, 15), date(year, 12, 14)),
        }
    }

    /// The calendar months covered, as (year, month), in order.
    pub fn months(&self) -> Vec<(i32, u8)> {
        let (first, last) = self.covers();
        let mut out = Vec::new();
        let (mut y, mut m) = (first.year(), u8::from(first.month()));
        while (y, m) <= (last.year(), u8::from(last.month())) {
            out.push((y, m));
            if m == 12 {
                y += 1;
                m = 1;
            } else {
                m += 1;
            }
        }
        out
    }

    /// The date the figures must be sent **before**.
    pub fn deadline(&self) -> Date {
        match *self {
            Period::Quarter { year, quarter: 1 } => date(year, 4, 3),
            Period::Quarter { year, quarter: 2 } => date(year, 7, 5),
            Period::Quarter { year, quarter: 3 } => date(year, 10, 5),
            Period::Quarter { year, .. } => date(year, 12, 5),
            Period::Year(year) => date(year, 12, 15),
        }
    }

    /// The date that decides which units exist and who receives the report:
    /// the last day covered.
    pub fn reference_date(&self) -> Date {
        self.covers().1
    }

    /// Days from `today` to the deadline; zero or negative means overdue.
    pub fn days_left(&self, today: Date) -> i64 {
        (self.deadline() - today).whole_days()
    }

    /// The previous period of the same kind (Q1 → Q4 of the previous year).
    pub fn previous(&self) -> Period {
        match *self {
            Period::Quarter { year, quarter: 1 } => Period::Quarter {
                year: year - 1,
                quarter: 4,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter - 1,
            },
            Period::Year(year) => Period::Year(year - 1),
        }
    }

    /// Whether the report carries the six-month trend assessment (Q2).
    pub fn carries_half_year_assessment(&self) -> bool {
        matches!(self, Period::Quarter { quarter: 2, .. })
    }

    /// "Quý II năm 2024" or "Năm 2024".
    pub fn label_vi(&self) -> String {
        match *self {
            Period::Quarter { year, quarter } => format!("Quý {} năm {year}", roman(quarter)),
            Period::Year(year) => format!("Năm {year}"),
        }
    }

    /// The months covered in words: "tháng 12/2023 và tháng 01–03/2024",
    /// "tháng 10–11/2024", "từ 15/12/2023 đến 14/12/2024".
    pub fn coverage_vi(&self) -> String {
        let (first, last) = self.covers();
        match *self {
            Period::Year(_) => format!("từ {} đến {}", dmy(first), dmy(last)),
            Period::Quarter { year, quarter: 1 } => {
                format!("tháng 12/{} và tháng 01–03/{year}", year - 1)
            }
            Period::Quarter { year, .. } => format!(
                "tháng {:02}–{:02}/{year}",
                u8::from(first.month()),
                u8::from(last.month())
            ),
        }
    }

    /// "trước ngày 05/07/2024".
    pub fn deadline_vi(&self) -> String {
        format!("trước ngày {}", dmy(self.deadline()))
    }

    /// Finds a period in free text as people write it on a form:
    /// "Kỳ báo cáo: Quý II năm 2024", "Quý I/2024", "quy 3 - 2024",
    /// "Số liệu Quý II/2024", "Năm 2024", "Báo cáo năm 2024".
    pub fn find_in_text(text: &str) -> Option<Period> {
        let folded = fold(text).replace(['/', '-', '.', ','], " ");
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let year_at = |i: usize| -> Option<i32> {
            // The year follows within three words ("quý II năm 2024").
            words.iter().skip(i).take(3).find_map(|w| {
                let y: i32 = w.parse().ok()?;
                YEARS.contains(&y).then_some(y)
            })
        };
        for (i, w) in words.iter().enumerate() {
            if *w == "quy" {
                let q = words.get(i + 1).and_then(|q| quarter_number(q));
                // A quarter that cannot be read is not taken for the year.
                let (quarter, year) = (q?, year_at(i + 2)?);
                return Some(Period::Quarter { year, quarter });
            }
            // "QII/2024", "Q2 2024".
            if let Some(q) = w.strip_prefix('q').and_then(quarter_number) {
                if let Some(year) = year_at(i + 1) {
                    return Some(Period::Quarter { year, quarter: q });
                }
            }
            // "6 tháng đầu năm 2024": the Q2 report carries the half-year.
            if *w == "6" && words.get(i + 1) == Some(&"thang") && words.get(i + 2) == Some(&"dau") {
                if let Some(year) = year_at(i + 3) {
                    return Some(Period::Quarter { year, quarter: 2 });
                }
            }
        }
        for (i, w) in words.iter().enumerate() {
            if *w == "nam" {
                if let Some(y) = words.get(i + 1).and_then(|y| y.parse::<i32>().ok()) {
                    if YEARS.contains(&y) {
                        return Some(Period::Year(y));
                    }
                }
            }
        }
        None
    }
}

fn quarter_number(word: &str) -> Option<u8> {
    match word {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

fn roman(q: u8) -> &'static str {
    match q {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// dd/mm/yyyy.
pub fn dmy(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// An instant as the databases store it: RFC 3339, UTC
/// ("2026-12-01T02:02:00Z").
pub fn timestamp(now: time::OffsetDateTime) -> String {
    now.to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

/// A stored instant (RFC 3339, UTC) as a person reads it in the time zone
/// `offset` of their machine, which the front end passes in:
/// "2026-12-01T09:02:00Z" at UTC+7 → "01/12/2026 16:02". A text that is
/// not such an instant is returned as it is.
pub fn local_time_vi(at: &str, offset: time::UtcOffset) -> String {
    match time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339) {
        Ok(t) => {
            let t = t.to_offset(offset);
            format!("{} {:02}:{:02}", dmy(t.date()), t.hour(), t.minute())
        }
        Err(_) => at.to_owned(),
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Year(year) => write!(f, "{year}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    /// `2024-Q1` … `2024-Q4` (the `Q` in either case) or `2024`.
    fn from_str(s: &str) -> Result<Period, PeriodError> {
        let err = || PeriodError { text: s.to_owned() };
        let t = s.trim();
        let parse_year = |y: &str| -> Result<i32, PeriodError> {
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                y.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        match t.split_once('-') {
            Some((y, q)) => {
                let quarter = match q {
                    "Q1" | "q1" => 1,
                    "Q2" | "q2" => 2,
                    "Q3" | "q3" => 3,
                    "Q4" | "q4" => 4,
                    _ => return Err(err()),
                };
                Period::quarter(parse_year(y)?, quarter).map_err(|_| err())
            }
            None => Period::year_report(parse_year(t)?).map_err(|_| err()),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn instants_show_in_the_offset_given() {
        let seven = time::UtcOffset::from_hms(7, 0, 0).unwrap();
        assert_eq!(
            local_time_vi("2026-12-01T09:02:00Z", seven),
            "01/12/2026 16:02"
        );
        assert_eq!(
            local_time_vi("2026-12-01T09:02:00Z", time::UtcOffset::UTC),
            "01/12/2026 09:02"
        );
        assert_eq!(
            local_time_vi("2026-12-31T20:30:00Z", seven),
            "01/01/2027 03:30"
        );
        assert_eq!(local_time_vi("không phải", seven), "không phải");
    }

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn calendar_follows_the_plan() {
        assert_eq!(
            p("2024-Q1").covers(),
            (date!(2023 - 12 - 01), date!(2024 - 03 - 31))
        );
        assert_eq!(
            p("2024-Q1").months(),
            vec![(2023, 12), (2024, 1), (2024, 2), (2024, 3)]
        );
        assert_eq!(p("2024-Q1").deadline(), date!(2024 - 04 - 03));
        assert_eq!(
            p("2024-Q2").covers(),
            (date!(2024 - 04 - 01), date!(2024 - 06 - 30))
        );
        assert_eq!(p("2024-Q2").deadline(), date!(2024 - 07 - 05));
        assert_eq!(
            p("2024-Q3").covers(),
            (date!(2024 - 07 - 01), date!(2024 - 09 - 30))
        );
        assert_eq!(p("2024-Q3").deadline(), date!(2024 - 10 - 05));
        assert_eq!(
            p("2024-Q4").covers(),
            (date!(2024 - 10 - 01), date!(2024 - 11 - 30))
        );
        assert_eq!(p("2024-Q4").months(), vec![(2024, 10), (2024, 11)]);
        assert_eq!(p("2024-Q4").deadline(), date!(2024 - 12 - 05));
        assert_eq!(
            p("2024").covers(),
            (date!(2023 - 12 - 15), date!(2024 - 12 - 14))
        );
        assert_eq!(p("2024").deadline(), date!(2024 - 12 - 15));
        assert_eq!(p("2024").months().len(), 13);
    }

    #[test]
    fn every_day_of_a_year_is_covered_by_exactly_one_quarter() {
        let mut day = date!(2023 - 12 - 01);
        while day <= date!(2024 - 11 - 30) {
            let n = Period::all_of(2024)
                .iter()
                .filter(|p| !p.is_year())
                .filter(|p| (p.covers().0..=p.covers().1).contains(&day))
                .count();
            assert_eq!(n, 1, "{day}");
            day = day.next_day().unwrap();
        }
    }

    #[test]
    fn leap_february_is_inside_q1() {
        assert!(p("2024-Q1").months().contains(&(2024, 2)));
        assert_eq!(last_day_of(2024, 2), date!(2024 - 02 - 29));
    }

    #[test]
    fn days_left_and_overdue() {
        let q2 = p("2024-Q2");
        assert_eq!(q2.days_left(date!(2024 - 07 - 01)), 4);
        assert_eq!(q2.days_left(date!(2024 - 07 - 04)), 1);
        assert_eq!(q2.days_left(date!(2024 - 07 - 05)), 0); // due today: late
        assert_eq!(q2.days_left(date!(2024 - 07 - 10)), -5);
    }

    #[test]
    fn parses_and_prints() {
        for s in ["2024-Q1", "2024-Q4", "2024", "2023-Q2"] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p("2024-q3"), p("2024-Q3"));
        for bad in [
            "2024-Q5", "2024-Q0", "24-Q1", "2024Q1", "Q1-2024", "", "1999", "2024-", "abcd",
        ] {
            let e = bad.parse::<Period>().unwrap_err();
            assert!(e.to_string().contains("không hợp lệ"), "{bad}");
        }
        assert_eq!(p("2024-Q1").previous(), p("2023-Q4"));
        assert_eq!(p("2024").previous(), p("2023"));
    }

    #[test]
    fn labels() {
        assert_eq!(p("2024-Q2").label_vi(), "Quý II năm 2024");
        assert_eq!(p("2024").label_vi(), "Năm 2024");
        assert_eq!(
            p("2024-Q1").coverage_vi(),
            "tháng 12/2023 và tháng 01–03/2024"
        );
        assert_eq!(p("2024-Q4").coverage_vi(), "tháng 10–11/2024");
        assert_eq!(p("2024").coverage_vi(), "từ 15/12/2023 đến 14/12/2024");
        assert_eq!(p("2024-Q3").deadline_vi(), "trước ngày 05/10/2024");
    }

    #[test]
    fn finds_periods_in_form_text() {
        let cases = [
            ("Kỳ báo cáo: Quý II năm 2024", "2024-Q2"),
            ("Ky bao cao: quy ii nam 2024", "2024-Q2"),
            ("Quý I/2024", "2024-Q1"),
            ("Số liệu Quý III/2024", "2024-Q3"),
            ("QUÝ 4 - 2024", "2024-Q4"),
            ("Năm 2024", "2024"),
            ("Kỳ báo cáo: năm 2023", "2023"),
            ("Số liệu QII/2024", "2024-Q2"),
            ("Q3 2024", "2024-Q3"),
            ("Báo cáo 6 tháng đầu năm 2024", "2024-Q2"),
        ];
        for (text, want) in cases {
            assert_eq!(Period::find_in_text(text), Some(p(want)), "{text}");
        }
        assert_eq!(Period::find_in_text("Kỳ báo cáo:"), None);
        assert_eq!(Period::find_in_text("Quý V năm 2024"), None);
    }
}

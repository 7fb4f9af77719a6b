//! Figures as Vietnamese people type them, and as the app shows them.
//!
//! Vietnamese writes `,` for decimals and `.` for thousands; old documents and
//! spreadsheets mix both conventions (`86,97%` beside `30.14%`). The parser
//! accepts either, strips a trailing `%` and footnote markers (`48 ²`), reads
//! `-` and blank as "no figure", and otherwise says precisely why a text is
//! not a number. It never guesses: `80-85` or `85 (ước)` are refused.
//!
//! Rule for a lone separator: one `,` or one `.` is a decimal mark
//! (`1.234` is 1,234 thousandths, not one thousand two hundred thirty-four).
//! Figures here are shares, rates and ranks, never thousands, so this never
//! misreads a real figure; a grouping is recognised only when it is
//! unambiguous (`1.234,5`, `1,234.5`, `1.234.567`).

use std::fmt;

/// Why a text is not a figure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NumberError {
    /// A character that cannot be part of a number.
    Character { text: String, character: char },
    /// Digits separated by something that makes it two numbers (`80 85`, `80-85`).
    SeveralNumbers { text: String },
    /// Thousands separators in the wrong place (`1.23.4`).
    Grouping { text: String },
    /// A sign, `%` or separator without digits.
    NoDigits { text: String },
    /// More digits than a figure can have.
    TooLarge { text: String },
    /// A date (`15/03/2024`, or a cell Excel holds as a date).
    Date { text: String },
    /// An Excel error value (`#N/A`, `#DIV/0!`, `#REF!`).
    ErrorValue { text: String },
}

impl NumberError {
    pub fn text(&self) -> &str {
        match self {
            NumberError::Character { text, .. }
            | NumberError::SeveralNumbers { text }
            | NumberError::Grouping { text }
            | NumberError::NoDigits { text }
            | NumberError::TooLarge { text }
            | NumberError::Date { text }
            | NumberError::ErrorValue { text } => text,
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Character { text, character } => {
                write!(f, "«{text}» không phải là số: có ký tự «{character}»")
            }
            NumberError::SeveralNumbers { text } => {
                write!(f, "«{text}» không phải là một số mà là nhiều số")
            }
            NumberError::Grouping { text } => write!(
                f,
                "«{text}» đặt dấu phân cách hàng nghìn sai chỗ (ví dụ đúng: 1.234,5)"
            ),
            NumberError::NoDigits { text } => write!(f, "«{text}» không có chữ số nào"),
            NumberError::TooLarge { text } => write!(f, "«{text}» quá lớn để là một số liệu"),
            NumberError::Date { text } => write!(f, "«{text}» là ngày tháng, không phải số liệu"),
            NumberError::ErrorValue { text } => {
                write!(f, "«{text}» là giá trị lỗi của Excel (công thức không tính được), không phải số liệu")
            }
        }
    }
}

impl std::error::Error for NumberError {}

const FOOTNOTE_MARKS: &[char] = &['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰', '*'];
const DASHES: &[&str] = &["-", "–", "—", "−", "--", "x", "X"];

fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{200b}' | '\u{feff}'
        )
}

/// Strips surrounding spaces and trailing footnote markers (`48 ²` → `48`).
pub fn strip_footnotes(text: &str) -> &str {
    text.trim_matches(is_space)
        .trim_end_matches(|c| FOOTNOTE_MARKS.contains(&c) || is_space(c))
}

/// Parses a figure. `Ok(None)` means "no figure" (blank or a dash).
pub fn parse_figure(text: &str) -> Result<Option<f64>, NumberError> {
    let err_text = || text.trim_matches(is_space).to_owned();
    let s = strip_footnotes(text);
    if s.is_empty() || DASHES.contains(&s) {
        return Ok(None);
    }
    if s.starts_with('#')
        && (2..=16).contains(&s.len())
        && s[1..].chars().all(|c| {
            c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '/' | '!' | '?' | '_' | '.')
        })
    {
        return Err(NumberError::ErrorValue { text: err_text() });
    }
    if looks_like_date(s) {
        return Err(NumberError::Date { text: err_text() });
    }
    // Trailing percent sign, with or without a space before it.
    let s = match s.strip_suffix('%') {
        Some(rest) => rest.trim_end_matches(is_space),
        None => s,
    };
    // Sign.
    let (negative, s) = match s.chars().next() {
        Some('-' | '−' | '–') => (
            true,
            s[s.chars().next().map_or(0, char::len_utf8)..].trim_start_matches(is_space),
        ),
        Some('+') => (false, s[1..].trim_start_matches(is_space)),
        _ => (false, s),
    };
    let mut digits = String::with_capacity(s.len());
    let mut seps: Vec<(usize, char)> = Vec::new(); // position in `digits` and separator
    let mut prev_space = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if prev_space && !digits.is_empty() {
                // "80 85": a space inside digits is a thousands group only
                // when it is followed by exactly three digits; checked below.
                seps.push((digits.len(), ' '));
            }
            prev_space = false;
            digits.push(c);
        } else if c == '.' || c == ',' {
            if prev_space {
                return Err(NumberError::SeveralNumbers { text: err_text() });
            }
            seps.push((digits.len(), c));
        } else if is_space(c) {
            prev_space = true;
        } else if c == '%' || c == '-' || c == '−' || c == '+' || c == '/' {
            return Err(NumberError::SeveralNumbers { text: err_text() });
        } else {
            return Err(NumberError::Character {
                text: err_text(),
                character: c,
            });
        }
    }
    if digits.is_empty() {
        return Err(NumberError::NoDigits { text: err_text() });
    }
    if prev_space {
        // Trailing space after the number but before something: impossible
        // since the text was trimmed; kept for clarity.
        return Err(NumberError::SeveralNumbers { text: err_text() });
    }
    let decimal_at = decimal_position(&seps, digits.len()).ok_or_else(|| {
        if seps.iter().any(|&(_, c)| c == ' ') {
            NumberError::SeveralNumbers { text: err_text() }
        } else {
            NumberError::Grouping { text: err_text() }
        }
    })?;
    let mut plain = String::with_capacity(digits.len() + 2);
    if negative {
        plain.push('-');
    }
    match decimal_at {
        Some(at) => {
            plain.push_str(if at == 0 { "0" } else { &digits[..at] });
            plain.push('.');
            plain.push_str(&digits[at..]);
        }
        None => plain.push_str(&digits),
    }
    let value: f64 = plain
        .parse()
        .map_err(|_| NumberError::NoDigits { text: err_text() })?;
    if !value.is_finite() || digits.len() > 30 {
        return Err(NumberError::TooLarge { text: err_text() });
    }
    // Normalise -0 to 0.
    Ok(Some(if value == 0.0 { 0.0 } else { value }))
}

/// `15/03/2024`, `15-03-2024`, `2024-03-15`: three groups of digits joined
/// by `/` or `-`, one of them a four-digit year.
fn looks_like_date(s: &str) -> bool {
    for sep in ['/', '-'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            && parts.iter().any(|p| p.len() == 4)
        {
            return true;
        }
    }
    false
}

/// Where the decimal mark is, given the separators found between digits.
/// `Some(None)`: an integer; `Some(Some(i))`: decimal mark before digit `i`;
/// `None`: the separators do not form a valid number.
fn decimal_position(seps: &[(usize, char)], len: usize) -> Option<Option<usize>> {
    if seps.is_empty() {
        return Some(None);
    }
    let dots = seps.iter().filter(|s| s.1 == '.').count();
    let commas = seps.iter().filter(|s| s.1 == ',').count();
    let last = *seps.last()?;
    // Which separator is the decimal mark, if any.
    let decimal = if dots > 0 && commas > 0 {
        // Both kinds: the last one is the decimal mark and occurs once.
        let count = if last.1 == '.' { dots } else { commas };
        if count != 1 || last.1 == ' ' {
            return None;
        }
        Some(last)
    } else if dots + commas == 1 {
        seps.iter().copied().find(|s| s.1 != ' ')
    } else {
        None // several of one kind (or only spaces): all are thousands marks
    };
    // Every other separator is a thousands mark: groups of exactly three
    // digits, a first group of one to three digits, all of the same kind.
    let groups: Vec<(usize, char)> = seps
        .iter()
        .copied()
        .filter(|s| Some(*s) != decimal)
        .collect();
    if let Some(first) = groups.first() {
        if groups.iter().any(|g| g.1 != first.1) || first.0 == 0 || first.0 > 3 {
            return None;
        }
        let end = decimal.map_or(len, |d| d.0);
        let mut positions: Vec<usize> = groups.iter().map(|g| g.0).collect();
        positions.push(end);
        if positions
            .windows(2)
            .any(|w| w[1].checked_sub(w[0]) != Some(3))
        {
            return None;
        }
    }
    match decimal {
        Some((at, _)) if at == len && groups.is_empty() => Some(None), // "5." reads as 5
        Some((at, _)) if at == len => None,
        Some((at, _)) => Some(Some(at)),
        None => Some(None),
    }
}

/// Significant digits a figure can show: Excel keeps and displays 15, so a
/// cell never shows more, and a number read from a file or computed here is
/// rounded to them before it is stored or shown.
pub const SHOWN_DIGITS: usize = 15;

/// The number a person sees: `value` rounded to `SHOWN_DIGITS` significant
/// digits, as the nearest binary float (`91.29999999999998` → `91.3`,
/// `7.200000000000001` → `7.2`). A figure typed with 15 digits or fewer is
/// returned unchanged.
pub fn shown(value: f64) -> f64 {
    if !value.is_finite() || value == 0.0 {
        return if value == 0.0 { 0.0 } else { value };
    }
    // Near f64::MAX the rounding would overflow: such a number keeps its value.
    format!("{value:.*e}", SHOWN_DIGITS - 1)
        .parse::<f64>()
        .ok()
        .filter(|r| r.is_finite())
        .unwrap_or(value)
}

/// Whether `value` carries binary-float noise beyond what a cell shows.
pub fn has_noise(value: f64) -> bool {
    value.is_finite() && shown(value) != value
}

/// Formats a figure the vi-VN way: decimal comma, no thousands grouping,
/// no trailing zeros (`86.97` → `86,97`, `85.0` → `85`), at most the 15
/// significant digits a cell shows. `parse_figure` reads it back to the
/// figure shown.
pub fn format_vi(value: f64) -> String {
    let value = shown(value);
    format!("{value}").replace('.', ",")
}

/// Shifts the decimal point of a finite number two places right, textually,
/// so that a fraction formatted as a percentage (`0.8697`) becomes exactly
/// the percent points it shows (`86.97`) without binary rounding noise. The
/// fraction is first read as the cell shows it (15 significant digits), so a
/// file's `0.91299999999999992` gives `91.3`.
pub fn fraction_to_percent(fraction: f64) -> f64 {
    let fraction = shown(fraction);
    let text = format!("{fraction}");
    let (negative, text) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text.as_str()),
    };
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let mut frac = frac.to_owned();
    while frac.len() < 2 {
        frac.push('0');
    }
    let shifted = format!(
        "{}{}{}.{}",
        if negative { "-" } else { "" },
        int,
        &frac[..2],
        &frac[2..]
    );
    shifted
        .trim_end_matches('.')
        .parse()
        .map(shown)
        .unwrap_or_else(|_| shown(fraction * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(text: &str) -> Option<f64> {
        parse_figure(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn real_world_cases() {
        let cases: &[(&str, Option<f64>)] = &[
            ("86,97", Some(86.97)),
            ("86.97", Some(86.97)),
            ("86,97%", Some(86.97)),
            ("86,97 %", Some(86.97)),
            ("85\u{a0}%", Some(85.0)),
            ("85%", Some(85.0)),
            ("85", Some(85.0)),
            ("30.14%", Some(30.14)),
            ("1.234,5", Some(1234.5)),
            ("1,234.5", Some(1234.5)),
            ("1.234.567", Some(1_234_567.0)),
            ("1 234,5", Some(1234.5)),
            ("48 ²", Some(48.0)),
            ("48²", Some(48.0)),
            ("86 ²", Some(86.0)),
            ("-", None),
            ("–", None),
            ("", None),
            ("   ", None),
            ("-3,5", Some(-3.5)),
            ("−3,5%", Some(-3.5)),
            ("+7%", Some(7.0)),
            ("0,5", Some(0.5)),
            (",5", Some(0.5)),
            ("5.", Some(5.0)),
            ("100", Some(100.0)),
            ("0", Some(0.0)),
            ("-0", Some(0.0)),
            (" 72 ", Some(72.0)),
        ];
        for (text, want) in cases {
            assert_eq!(ok(text), *want, "{text:?}");
        }
    }

    #[test]
    fn refusals_say_why() {
        let cases: &[(&str, &str)] = &[
            ("85 (ước)", "ký tự «(»"),
            ("tám mươi", "ký tự «t»"),
            ("80-85", "nhiều số"),
            ("80 85", "nhiều số"),
            ("1.23.4", "hàng nghìn"),
            ("1,2,3", "hàng nghìn"),
            ("%", "không có chữ số"),
            ("Top 50", "ký tự «T»"),
            ("≥ 80%", "ký tự «≥»"),
            ("12/3/2024", "ngày tháng"),
            ("2024-03-15", "ngày tháng"),
            ("#N/A", "giá trị lỗi"),
            ("#DIV/0!", "giá trị lỗi"),
            ("#", "ký tự «#»"),
        ];
        for (text, why) in cases {
            let e = parse_figure(text).expect_err(text);
            assert!(e.to_string().contains(why), "{text:?}: {e}");
            assert!(e.to_string().contains(text.trim()), "{text:?}: {e}");
        }
    }

    #[test]
    fn formats_vi() {
        assert_eq!(format_vi(86.97), "86,97");
        assert_eq!(format_vi(85.0), "85");
        assert_eq!(format_vi(-3.5), "-3,5");
        assert_eq!(format_vi(-0.0), "0");
        assert_eq!(format_vi(1234.5), "1234,5");
    }

    #[test]
    fn fractions_become_exact_percent_points() {
        assert_eq!(fraction_to_percent(0.8697), 86.97);
        assert_eq!(fraction_to_percent(0.3014), 30.14);
        assert_eq!(fraction_to_percent(1.0), 100.0);
        assert_eq!(fraction_to_percent(0.5), 50.0);
        assert_eq!(fraction_to_percent(-0.035), -3.5);
        assert_eq!(fraction_to_percent(0.123456), 12.3456);
    }

    #[test]
    fn float_noise_from_files_never_shows() {
        // What Excel may store for cells showing 91,3% and 7,2%
        // (0.91299999999999992, 0.072000000000000008): one binary step off
        // (issue 11, point 2).
        let below = |v: f64| f64::from_bits(v.to_bits() - 1);
        let above = |v: f64| f64::from_bits(v.to_bits() + 1);
        assert_eq!(fraction_to_percent(below(0.913)), 91.3);
        assert_eq!(format_vi(fraction_to_percent(0.913)), "91,3");
        assert_eq!(fraction_to_percent(above(0.072)), 7.2);
        assert_eq!(fraction_to_percent(7.2 / 100.0), 7.2);
        assert_eq!(format_vi(91.29999999999998), "91,3");
        assert_eq!(format_vi(7.200000000000001), "7,2");
        assert_eq!(format_vi(0.1 + 0.2), "0,3");
        assert_eq!(shown(86.97), 86.97);
        assert!(has_noise(91.29999999999998));
        assert!(!has_noise(91.3));
        assert_eq!(shown(f64::MAX), f64::MAX);
        assert_eq!(shown(f64::MIN), f64::MIN);
    }

    proptest! {
        #[test]
        fn format_then_parse_gives_the_value_back(v in -1.0e9f64..1.0e9) {
            prop_assert_eq!(parse_figure(&format_vi(v)).unwrap(), Some(shown(v)));
        }

        #[test]
        fn two_decimal_figures_roundtrip_in_both_conventions(cents in 0u32..1_000_000) {
            let v = f64::from(cents) / 100.0;
            let vi = format!("{},{:02}", cents / 100, cents % 100);
            let en = format!("{}.{:02}", cents / 100, cents % 100);
            prop_assert_eq!(parse_figure(&vi).unwrap(), Some(v));
            prop_assert_eq!(parse_figure(&en).unwrap(), Some(v));
            prop_assert_eq!(parse_figure(&format!("{vi} %")).unwrap(), Some(v));
        }

        /// Any decimal shown with up to 15 significant digits, read from a
        /// file as a fraction (divided by 100, with the float noise that
        /// brings) or as a neighbour one binary step away, shows exactly the
        /// digits it was shown with.
        #[test]
        fn shown_digits_survive_the_round_trip(
            mantissa in 1u64..1_000_000_000_000_000,
            scale in 0u32..15,
            negative in any::<bool>(),
        ) {
            let digits = mantissa.to_string();
            let scale = (scale as usize).min(digits.len());
            let (int, frac) = digits.split_at(digits.len() - scale);
            let frac = frac.trim_end_matches('0');
            let int = if int.is_empty() { "0" } else { int };
            let sign = if negative { "-" } else { "" };
            let text = if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int},{frac}") };
            let value = parse_figure(&text).unwrap().unwrap();
            prop_assert_eq!(format_vi(value), text.clone());
            let up = f64::from_bits(value.to_bits() + 1);
            let down = f64::from_bits(value.to_bits() - 1);
            prop_assert_eq!(format_vi(up), text.clone());
            prop_assert_eq!(format_vi(down), text.clone());
            prop_assert_eq!(format_vi(fraction_to_percent(value / 100.0)), text.clone());
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_figure(&s);
        }

        #[test]
        fn parsed_values_are_finite(s in "[-+ 0-9.,%²]{0,40}") {
            if let Ok(Some(v)) = parse_figure(&s) {
                prop_assert!(v.is_finite());
            }
        }
    }
}

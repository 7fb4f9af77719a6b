//! The embedded catalogue (`assets/catalogue/*.toml`) equals its source text.
//!
//! This test reads the seed documents in `tests/seeds/` and parses their
//! indicator tables on its own, without looking at the TOML files, then
//! compares every item of every edition field by field against
//! `Catalogue::embedded()`. A difference names the edition, the item code and
//! the field, and shows both texts.
//!
//! - `003_…` section II.1 "Kịch bản tăng trưởng chỉ tiêu" → edition `kh-2023`:
//!   tab-separated rows, a header row repeated after each page break, one name
//!   (2.3) broken across a page break into a continuation row with an empty
//!   STT, footnote lines (`¹ …`) between the rows.
//! - `004_…` sections 2 and 3 → editions `cpdt-2021` and `cps-2022`: one cell
//!   per line, each line starting with a tab, rows separated by blank lines;
//!   the TT column holds the group number, `-` or nothing, so indicator codes
//!   are `<group>.<n>` in source order.

use std::collections::BTreeMap;

use chitieu_core::catalogue::{Catalogue, Comparison, Edition, Item, Kind, Op};

const SEED_003: &str = "003_48cfe115e0d52dc6.txt";
const SEED_004: &str = "004_a0a292c9c97f8685.txt";

const SUPERSCRIPTS: &[char] = &['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰'];

fn read_seed(name: &str) -> String {
    let path = format!("{}/../../tests/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read seed {path}: {e}"))
}

/// What a source row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Group,
    /// A name whose figure cells are all empty (1.7, 3.5).
    Parent,
    Indicator,
}

/// An item as the seed text has it. `None` is a cell the source does not
/// have (older editions) or leaves empty on a group or parent row.
#[derive(Debug, Clone, Default)]
struct SeedItem {
    code: String,
    name: String,
    row: Option<RowKind>,
    baseline: Option<String>,
    plans: BTreeMap<String, String>,
    target: Option<String>,
    legal_basis: Option<String>,
    tracking: Option<String>,
    bodies: Option<String>,
    /// (mark, where) in source order.
    footnotes: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
struct SeedEdition {
    baseline_year: i32,
    target_year: i32,
    plan_years: Vec<i32>,
    items: Vec<SeedItem>,
    /// (mark, text) in source order.
    footnotes: Vec<(String, String)>,
}

/// The year at the end of a header cell ("Kế hoạch 2023" → 2023).
fn header_year(cell: &str, prefix: &str) -> i32 {
    let rest = cell
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("header cell «{cell}» does not start with «{prefix}»"));
    rest.trim()
        .parse()
        .unwrap_or_else(|e| panic!("header cell «{cell}»: no year ({e})"))
}

/// Strips trailing footnote markers from a name: ("GRDP ¹") → ("GRDP", ["¹"]).
fn split_name_marks(name: &str) -> (String, Vec<String>) {
    let mut marks = Vec::new();
    let mut rest = name.trim_end();
    while let Some(c) = rest.chars().last().filter(|c| SUPERSCRIPTS.contains(c)) {
        marks.insert(0, c.to_string());
        rest = rest[..rest.len() - c.len_utf8()].trim_end();
    }
    (rest.to_owned(), marks)
}

/// Markers inside a figure cell ("86 ²" → ["²"]); the cell text stays as is.
fn cell_marks(cell: &str) -> Vec<String> {
    cell.chars()
        .filter(|c| SUPERSCRIPTS.contains(c))
        .map(|c| c.to_string())
        .collect()
}

/// Seed 003, section II.1, up to "2. Tổ chức đo lường chỉ tiêu".
fn parse_seed_003() -> SeedEdition {
    let text = read_seed(SEED_003);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let part = lines
        .iter()
        .position(|l| *l == "II. CHỈ TIÊU CHIẾN LƯỢC THEO NĂM")
        .expect("seed 003: part II not found");
    let start = part
        + lines[part..]
            .iter()
            .position(|l| *l == "1. Kịch bản tăng trưởng chỉ tiêu")
            .expect("seed 003: section II.1 not found");
    let end = start
        + lines[start..]
            .iter()
            .position(|l| *l == "2. Tổ chức đo lường chỉ tiêu")
            .expect("seed 003: section II.2 not found");
    let body: Vec<&str> = lines[start + 1..end]
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();

    // The header row: fixes the column meanings and the years.
    let header: Vec<&str> = body[0].split('\t').collect();
    assert!(
        header[0] == "ST T" && header[1].starts_with("Chỉ tiêu chiến lược"),
        "seed 003: header row not found: {header:?}"
    );
    assert_eq!(
        header.len(),
        9,
        "seed 003: header row should have 9 columns: {header:?}"
    );
    assert_eq!(header[6], "Căn cứ pháp lý");
    assert_eq!(header[7], "Đơn vị đo lường, theo dõi");
    assert_eq!(header[8], "Cơ quan, đơn vị thực hiện, phối hợp");
    let mut edition = SeedEdition {
        baseline_year: header_year(header[2], "Năm "),
        plan_years: vec![
            header_year(header[3], "Kế hoạch "),
            header_year(header[4], "Kế hoạch "),
        ],
        target_year: header_year(header[5], "Mục tiêu "),
        ..SeedEdition::default()
    };

    for line in &body[1..] {
        if line.starts_with("ST T\tChỉ tiêu chiến lược") {
            assert_eq!(
                *line, body[0],
                "seed 003: a repeated header row differs from the first"
            );
            continue;
        }
        if let Some(mark) = line.chars().next().filter(|c| SUPERSCRIPTS.contains(c)) {
            let text = line[mark.len_utf8()..].trim();
            edition.footnotes.push((mark.to_string(), text.to_owned()));
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cells.len(),
            9,
            "seed 003: row should have 9 cells: {line:?}"
        );
        if cells[0].is_empty() {
            // A name that ran across a page break: the tail sits alone in a
            // row with an empty STT after the repeated header.
            assert!(
                cells[2..].iter().all(|c| c.is_empty()),
                "seed 003: continuation row with figures: {line:?}"
            );
            let prev = edition
                .items
                .last_mut()
                .expect("seed 003: continuation row before any item");
            prev.name = format!("{} {}", prev.name.trim_end(), cells[1].trim());
            continue;
        }
        let figures = &cells[2..6];
        let row = if !cells[0].contains('.') {
            assert!(
                cells[2..].iter().all(|c| c.is_empty()),
                "seed 003: group row with content: {line:?}"
            );
            RowKind::Group
        } else if figures.iter().all(|c| c.is_empty()) {
            RowKind::Parent
        } else {
            RowKind::Indicator
        };
        let mut item = SeedItem {
            code: cells[0].to_owned(),
            name: cells[1].to_owned(),
            row: Some(row),
            ..SeedItem::default()
        };
        match row {
            RowKind::Group => {}
            RowKind::Parent => {
                let present = |c: &str| (!c.is_empty()).then(|| c.to_owned());
                item.legal_basis = present(cells[6]);
                item.tracking = present(cells[7]);
                item.bodies = present(cells[8]);
            }
            RowKind::Indicator => {
                item.baseline = Some(cells[2].to_owned());
                for (year, cell) in edition.plan_years.iter().zip(&cells[3..5]) {
                    item.plans.insert(year.to_string(), (*cell).to_owned());
                }
                item.target = Some(cells[5].to_owned());
                item.legal_basis = Some(cells[6].to_owned());
                item.tracking = Some(cells[7].to_owned());
                item.bodies = Some(cells[8].to_owned());
            }
        }
        edition.items.push(item);
    }

    // Footnote markers: out of names, kept in figures; done after joining
    // continuation rows so that a marker at the end of a joined name is found.
    for item in &mut edition.items {
        let (name, marks) = split_name_marks(&item.name);
        item.name = name;
        item.footnotes
            .extend(marks.into_iter().map(|m| (m, "name".to_owned())));
        if let Some(b) = &item.baseline {
            item.footnotes.extend(
                cell_marks(b)
                    .into_iter()
                    .map(|m| (m, "baseline".to_owned())),
            );
        }
        for (year, plan) in &item.plans {
            item.footnotes.extend(
                cell_marks(plan)
                    .into_iter()
                    .map(|m| (m, format!("plans.{year}"))),
            );
        }
        if let Some(t) = &item.target {
            item.footnotes
                .extend(cell_marks(t).into_iter().map(|m| (m, "target".to_owned())));
        }
    }
    edition
}

/// Seed 004, the section whose heading is `heading`: a table with one cell per
/// tab-indented line and blank lines between rows.
fn parse_seed_004(heading: &str) -> SeedEdition {
    let text = read_seed(SEED_004);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let start = lines
        .iter()
        .position(|l| *l == heading)
        .unwrap_or_else(|| panic!("seed 004: «{heading}» not found"));
    // The section ends at the next numbered heading ("3. …", "4. …").
    let end = start
        + 1
        + lines[start + 1..]
            .iter()
            .position(|l| {
                let mut cs = l.chars();
                matches!((cs.next(), cs.next(), cs.next()), (Some(d), Some('.'), Some(' ')) if d.is_ascii_digit())
            })
            .expect("seed 004: end of section not found");

    let mut rows: Vec<Vec<&str>> = Vec::new();
    let mut row: Vec<&str> = Vec::new();
    for line in &lines[start + 1..end] {
        match line.strip_prefix('\t') {
            Some(cell) => row.push(cell),
            None => {
                if !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
            }
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }

    let header = &rows[0];
    assert_eq!(header.len(), 4, "seed 004: header row: {header:?}");
    assert_eq!(header[0], "TT");
    assert_eq!(header[1], "Chỉ tiêu cụ thể");
    let mut edition = SeedEdition {
        baseline_year: header_year(header[2], "Năm "),
        target_year: header_year(header[3], "Năm "),
        ..SeedEdition::default()
    };
    let mut group = 0u32;
    let mut n = 0u32;
    for cells in &rows[1..] {
        assert_eq!(
            cells.len(),
            4,
            "seed 004: row should have 4 cells: {cells:?}"
        );
        let tt = cells[0].trim(); // blank TT cells hold a no-break space
        if let Ok(g) = tt.parse::<u32>() {
            assert!(
                cells[1] == cells[2] && cells[2] == cells[3],
                "seed 004: group row should repeat its name: {cells:?}"
            );
            assert_eq!(g, group + 1, "seed 004: groups out of order");
            group = g;
            n = 0;
            edition.items.push(SeedItem {
                code: g.to_string(),
                name: cells[1].to_owned(),
                row: Some(RowKind::Group),
                ..SeedItem::default()
            });
        } else {
            assert!(tt.is_empty() || tt == "-", "seed 004: unexpected TT «{tt}»");
            assert!(group > 0, "seed 004: indicator before any group: {cells:?}");
            n += 1;
            let (name, marks) = split_name_marks(cells[1]);
            assert!(
                marks.is_empty()
                    && cell_marks(cells[2]).is_empty()
                    && cell_marks(cells[3]).is_empty()
            );
            edition.items.push(SeedItem {
                code: format!("{group}.{n}"),
                name,
                row: Some(RowKind::Indicator),
                baseline: Some(cells[2].to_owned()),
                target: Some(cells[3].to_owned()),
                ..SeedItem::default()
            });
        }
    }
    edition
}

fn catalogue() -> Catalogue {
    Catalogue::embedded().unwrap_or_else(|e| panic!("embedded catalogue does not load: {e}"))
}

fn opt_text(t: &Option<chitieu_core::catalogue::Target>) -> Option<String> {
    t.as_ref().map(|t| t.text.clone())
}

/// Compares one item; pushes a message per differing field.
fn compare_item(edition: &str, seed: &SeedItem, item: &Item, errors: &mut Vec<String>) {
    let code = &seed.code;
    let mut field = |name: &str, toml: String, source: String| {
        if toml != source {
            errors.push(format!(
                "{edition} {code} {name}: TOML «{toml}» ≠ seed «{source}»"
            ));
        }
    };
    field("name", item.name.clone(), seed.name.clone());
    field(
        "baseline",
        format!("{:?}", opt_text(&item.baseline)),
        format!("{:?}", seed.baseline),
    );
    let plans: BTreeMap<String, String> = item
        .plans
        .iter()
        .map(|(y, t)| (y.clone(), t.text.clone()))
        .collect();
    field("plans", format!("{plans:?}"), format!("{:?}", seed.plans));
    field(
        "target",
        format!("{:?}", opt_text(&item.target)),
        format!("{:?}", seed.target),
    );
    field(
        "legal_basis",
        item.legal_basis.clone(),
        seed.legal_basis.clone().unwrap_or_default(),
    );
    field(
        "tracking",
        item.tracking.clone(),
        seed.tracking.clone().unwrap_or_default(),
    );
    field(
        "bodies",
        item.bodies.clone(),
        seed.bodies.clone().unwrap_or_default(),
    );
    let refs: Vec<(String, String)> = item
        .footnotes
        .iter()
        .map(|f| (f.mark.clone(), f.on.clone()))
        .collect();
    field(
        "footnotes",
        format!("{refs:?}"),
        format!("{:?}", seed.footnotes),
    );

    // Kind and unit follow from the row and the name.
    let expected_kind = match seed.row {
        Some(RowKind::Group) => Some(Kind::Group),
        Some(RowKind::Parent) => Some(Kind::Parent),
        _ if seed.name.starts_with("Thứ hạng") => Some(Kind::Rank),
        _ if seed.name == "Tỷ lệ tăng năng suất lao động hàng năm" => Some(Kind::Rate),
        _ => Some(Kind::Share),
    };
    field(
        "kind",
        format!("{:?}", Some(item.kind)),
        format!("{expected_kind:?}"),
    );
    let expected_unit = match item.kind {
        Kind::Group | Kind::Parent => "",
        Kind::Share | Kind::Rate => "%",
        Kind::Rank => "Thứ hạng",
    };
    field("unit", item.unit.clone(), expected_unit.to_owned());
    let expected_level = match seed.name.as_str() {
        "Cấp huyện" => Some("district"),
        "Cấp xã" => Some("commune"),
        _ => None,
    };
    field(
        "level",
        format!("{:?}", item.level.as_deref()),
        format!("{expected_level:?}"),
    );
}

/// Compares a whole edition; returns every difference found.
fn compare_edition(seed: &SeedEdition, edition: &Edition) -> Vec<String> {
    let id = edition.id.as_str();
    let mut errors = Vec::new();
    if edition.baseline_year != seed.baseline_year {
        errors.push(format!(
            "{id} baseline_year: TOML {} ≠ seed {}",
            edition.baseline_year, seed.baseline_year
        ));
    }
    if edition.target_year != seed.target_year {
        errors.push(format!(
            "{id} target_year: TOML {} ≠ seed {}",
            edition.target_year, seed.target_year
        ));
    }
    if edition.plan_years() != seed.plan_years {
        errors.push(format!(
            "{id} plan years: TOML {:?} ≠ seed {:?}",
            edition.plan_years(),
            seed.plan_years
        ));
    }

    let toml_codes: Vec<&str> = edition.items.iter().map(|i| i.code.as_str()).collect();
    let seed_codes: Vec<&str> = seed.items.iter().map(|i| i.code.as_str()).collect();
    if toml_codes != seed_codes {
        let at = toml_codes
            .iter()
            .zip(&seed_codes)
            .position(|(a, b)| a != b)
            .unwrap_or(toml_codes.len().min(seed_codes.len()));
        errors.push(format!(
            "{id} code order differs at position {at}: TOML {:?} ≠ seed {:?}\n  TOML: {toml_codes:?}\n  seed: {seed_codes:?}",
            toml_codes.get(at),
            seed_codes.get(at)
        ));
    }
    for s in &seed.items {
        match edition.item(&s.code) {
            Some(item) => compare_item(id, s, item, &mut errors),
            None => errors.push(format!(
                "{id} {}: in the seed, missing from the TOML",
                s.code
            )),
        }
    }

    let toml_notes: Vec<(String, String)> = edition
        .footnotes
        .iter()
        .map(|f| (f.mark.clone(), f.text.clone()))
        .collect();
    if toml_notes.len() != seed.footnotes.len() {
        errors.push(format!(
            "{id} footnotes: TOML has {} ≠ seed {}",
            toml_notes.len(),
            seed.footnotes.len()
        ));
    }
    for (t, s) in toml_notes.iter().zip(&seed.footnotes) {
        if t.0 != s.0 {
            errors.push(format!(
                "{id} footnote mark: TOML «{}» ≠ seed «{}»",
                t.0, s.0
            ));
        } else if t.1 != s.1 {
            errors.push(format!(
                "{id} footnote {} text: TOML «{}» ≠ seed «{}»",
                t.0, t.1, s.1
            ));
        }
    }
    // Every marker used in the seed's rows has a footnote text in the seed.
    for s in &seed.items {
        for (mark, _) in &s.footnotes {
            assert!(
                seed.footnotes.iter().any(|(m, _)| m == mark),
                "seed parser: {} {mark} has no footnote line",
                s.code
            );
        }
    }
    errors
}

fn assert_no_errors(errors: Vec<String>) {
    assert!(
        errors.is_empty(),
        "the catalogue differs from its seed:\n{}",
        errors.join("\n")
    );
}

#[test]
fn kh_2023_equals_seed_003_section_ii_1() {
    let cat = catalogue();
    let edition = cat.edition("kh-2023").expect("edition kh-2023");
    let seed = parse_seed_003();
    assert_eq!(seed.baseline_year, 2022);
    assert_eq!(seed.plan_years, vec![2023, 2024]);
    assert_eq!(seed.target_year, 2025);
    assert_eq!(edition.first_year, 2023);
    assert!(
        edition.source.contains("II.1") && edition.source.contains("QĐ-BTTTT"),
        "kh-2023 source: {}",
        edition.source
    );
    assert_no_errors(compare_edition(&seed, edition));
}

#[test]
fn cpdt_2021_equals_seed_004_section_2() {
    let cat = catalogue();
    let edition = cat.edition("cpdt-2021").expect("edition cpdt-2021");
    let seed = parse_seed_004("2. Chỉ tiêu cơ bản về Chính phủ điện tử đến hết năm 2021");
    assert_eq!((seed.baseline_year, seed.target_year), (2020, 2021));
    assert_eq!(edition.first_year, 2021);
    assert!(
        edition.source.contains("2304/BTTTT-THH")
            && edition.source.contains("29/6/2021")
            && edition.source.contains("mục 2")
    );
    assert!(!edition.title.trim().is_empty());
    assert_no_errors(compare_edition(&seed, edition));
}

#[test]
fn cps_2022_equals_seed_004_section_3() {
    let cat = catalogue();
    let edition = cat.edition("cps-2022").expect("edition cps-2022");
    let seed = parse_seed_004("3. Chỉ tiêu cơ bản về Chính phủ số đến hết năm 2022");
    assert_eq!((seed.baseline_year, seed.target_year), (2020, 2022));
    assert_eq!(edition.first_year, 2022);
    assert!(
        edition.source.contains("2304/BTTTT-THH")
            && edition.source.contains("29/6/2021")
            && edition.source.contains("mục 3")
    );
    assert!(!edition.title.trim().is_empty());
    assert_no_errors(compare_edition(&seed, edition));
}

#[test]
fn kh_2023_has_55_indicators_2_parents_5_groups() {
    let cat = catalogue();
    let e = cat.edition("kh-2023").expect("edition kh-2023");
    let codes = |k: &[Kind]| -> Vec<&str> {
        e.items
            .iter()
            .filter(|i| k.contains(&i.kind))
            .map(|i| i.code.as_str())
            .collect()
    };
    assert_eq!(codes(&[Kind::Share, Kind::Rate, Kind::Rank]).len(), 55);
    assert_eq!(e.indicators().count(), 55);
    assert_eq!(codes(&[Kind::Parent]), ["1.7", "3.5"]);
    assert_eq!(codes(&[Kind::Group]), ["1", "2", "3", "4", "5"]);
    assert_eq!(codes(&[Kind::Rate]), ["4.21"]);
    assert_eq!(codes(&[Kind::Rank]), ["5.1", "5.2", "5.3", "5.4", "5.7"]);
    assert_eq!(e.items.len(), 62);
}

/// The comparison a plan or target text means, read here without the crate's
/// number parser: an optional operator, digits with at most one `,` or `.`
/// decimal mark, an optional `%`, optional footnote markers.
fn expected_comparison(text: &str) -> Option<Comparison> {
    let t = text
        .trim()
        .trim_end_matches(|c: char| SUPERSCRIPTS.contains(&c) || c.is_whitespace());
    let (op, rest) = if let Some(r) = t.strip_prefix('≥') {
        (Op::AtLeast, r)
    } else if let Some(r) = t.strip_prefix('≤') {
        (Op::AtMost, r)
    } else if let Some(r) = t.strip_prefix('>') {
        (Op::MoreThan, r)
    } else if let Some(r) = t.strip_prefix('<') {
        (Op::LessThan, r)
    } else if let Some(r) = t.strip_prefix("Top") {
        (Op::Top, r)
    } else {
        (Op::Plain, t)
    };
    let rest = rest.trim();
    let rest = rest.strip_suffix('%').unwrap_or(rest).trim();
    let separators = rest.chars().filter(|c| *c == ',' || *c == '.').count();
    if rest.is_empty()
        || separators > 1
        || !rest
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let value: f64 = rest.replace(',', ".").parse().ok()?;
    Some(Comparison { op, value })
}

#[test]
fn plans_and_targets_read_as_comparisons() {
    let c = |t: &str| Comparison::parse(t);
    assert_eq!(
        c("≥ 80%"),
        Some(Comparison {
            op: Op::AtLeast,
            value: 80.0
        })
    );
    assert_eq!(
        c("> 80%"),
        Some(Comparison {
            op: Op::MoreThan,
            value: 80.0
        })
    );
    assert_eq!(
        c(">50%"),
        Some(Comparison {
            op: Op::MoreThan,
            value: 50.0
        })
    );
    assert_eq!(
        c("Top 50"),
        Some(Comparison {
            op: Op::Top,
            value: 50.0
        })
    );
    assert_eq!(
        c("Top 35"),
        Some(Comparison {
            op: Op::Top,
            value: 35.0
        })
    );
    assert_eq!(
        c("15,5%"),
        Some(Comparison {
            op: Op::Plain,
            value: 15.5
        })
    );
    assert_eq!(
        c("70"),
        Some(Comparison {
            op: Op::Plain,
            value: 70.0
        })
    );
    assert_eq!(c("-"), None);

    let cat = catalogue();
    let mut errors = Vec::new();
    let mut checked = 0;
    for e in cat.editions() {
        for item in &e.items {
            let mut texts: Vec<(String, &chitieu_core::catalogue::Target)> = item
                .plans
                .iter()
                .map(|(y, t)| (format!("plans.{y}"), t))
                .collect();
            texts.extend(item.target.as_ref().map(|t| ("target".to_owned(), t)));
            texts.extend(item.baseline.as_ref().map(|t| ("baseline".to_owned(), t)));
            for (field, t) in texts {
                checked += 1;
                let expected = expected_comparison(&t.text);
                if t.comparison != expected || Comparison::parse(&t.text) != expected {
                    errors.push(format!(
                        "{} {} {field} «{}»: read as {:?}, expected {expected:?}",
                        e.id, item.code, t.text, t.comparison
                    ));
                }
                // Every plan and target is a comparison or "-" (no figure).
                if field != "baseline" && t.text != "-" && expected.is_none() {
                    errors.push(format!(
                        "{} {} {field} «{}» is not a comparison",
                        e.id, item.code, t.text
                    ));
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} texts checked");
    assert_no_errors(errors);
}

#[test]
fn each_year_uses_its_edition() {
    let cat = catalogue();
    let id = |y: i32| cat.edition_for_year(y).map(|e| e.id.as_str());
    assert_eq!(id(2020), None);
    assert_eq!(id(2021), Some("cpdt-2021"));
    assert_eq!(id(2022), Some("cps-2022"));
    assert_eq!(id(2023), Some("kh-2023"));
    assert_eq!(id(2024), Some("kh-2023"));
    assert_eq!(id(2025), Some("kh-2023"));
    assert_eq!(id(2026), Some("kh-2023"));
}

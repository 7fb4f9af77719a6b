//! Drafts: a golden table of constructed histories → the exact sentences,
//! every phrase template used and filled, a property that a draft never
//! contradicts its figures, and the store side (apply never overwrites,
//! history says "from a draft", the review with its history).

mod common;

use common::p;
use std::collections::BTreeMap;

use chitieu_core::catalogue::{Catalogue, Edition, Kind};
use chitieu_core::draft::trend::{self, Observation, TrendInput};
use chitieu_core::draft::{self, Drafter, Figures, Inputs, International, Known, UnitName};
use chitieu_core::period::Period;
use chitieu_core::report::{apply_edits, Edit, Field, ReportRef};
use chitieu_core::store::{Origin, Store};
use proptest::prelude::*;
use time::macros::datetime;

fn kh2023() -> Edition {
    Catalogue::embedded()
        .unwrap()
        .edition("kh-2023")
        .unwrap()
        .clone()
}

/// A figure entered on `at` (a day of 2020 … 2026, as `YYYY-MM-DD`).
fn known(value: f64, estimate: bool, at: &str) -> Known {
    Known {
        value,
        estimate,
        updated_at: format!("{at}T02:00:00Z"),
        value_changed_at: None,
    }
}

fn figures(list: &[(&str, Known)]) -> Figures {
    list.iter()
        .map(|(c, k)| (c.to_string(), k.clone()))
        .collect()
}

/// One constructed history: the report's period, its figures and the
/// figures of the periods it is compared with.
struct Case {
    name: &'static str,
    period: &'static str,
    current: Figures,
    previous: Figures,
    same_period: Figures,
    review_base: Figures,
    edition: Option<Edition>,
    errors: Vec<&'static str>,
}

impl Case {
    fn new(name: &'static str, period: &'static str, current: &[(&str, Known)]) -> Case {
        Case {
            name,
            period,
            current: figures(current),
            previous: Figures::new(),
            same_period: Figures::new(),
            review_base: Figures::new(),
            edition: None,
            errors: Vec::new(),
        }
    }
    /// Indicators whose current figure has an error diagnostic.
    fn errors(mut self, codes: &[&'static str]) -> Case {
        self.errors = codes.to_vec();
        self
    }
    fn edition(mut self, e: Edition) -> Case {
        self.edition = Some(e);
        self
    }
    fn previous(mut self, f: &[(&str, Known)]) -> Case {
        self.previous = figures(f);
        self
    }
    fn same_period(mut self, f: &[(&str, Known)]) -> Case {
        self.same_period = figures(f);
        self
    }
    fn review_base(mut self, f: &[(&str, Known)]) -> Case {
        self.review_base = figures(f);
        self
    }
    fn run(&self, drafter: &Drafter, edition: &Edition) -> draft::ReportDrafts {
        let inputs = Inputs {
            unit: UnitName {
                code: "THAI-NGUYEN".into(),
                name: "Tỉnh Thái Nguyên".into(),
            },
            period: p(self.period),
            current: self.current.clone(),
            previous: self.previous.clone(),
            same_period: self.same_period.clone(),
            review_base: self.review_base.clone(),
            errors: self.errors.iter().map(|c| c.to_string()).collect(),
        };
        draft::compute(drafter, edition, &inputs).unwrap_or_else(|e| panic!("{}: {e}", self.name))
    }
}

fn k(v: f64) -> Known {
    known(v, false, "2024-01-10")
}

fn est(v: f64) -> Known {
    known(v, true, "2024-01-10")
}

/// An edition with a share whose plan and target ask for at most a figure.
fn lower_is_better_edition() -> Edition {
    Edition::from_toml(
        "test.toml",
        r#"
id = "test-2024"
title = "Bộ thử"
source = "thử"
first_year = 2024
baseline_year = 2023
target_year = 2025
[[items]]
code = "1"
name = "Nhóm"
kind = "group"
[[items]]
code = "1.1"
name = "Tỷ lệ hồ sơ trễ hạn"
kind = "share"
unit = "%"
plans = { "2024" = "≤ 5%" }
target = "< 3%"
"#,
    )
    .unwrap()
}

fn golden() -> Vec<Case> {
    let revised = Known {
        value_changed_at: Some("2024-06-20T03:00:00Z".into()),
        ..k(38.0)
    };
    vec![
        Case::new(
            "share up, estimate, plan and target not met, Q1 coverage",
            "2024-Q2",
            &[("1.2", est(45.7))],
        )
        .previous(&[("1.2", k(40.5))])
        .same_period(&[("1.2", k(30.0))]),
        Case::new("rate going negative", "2024-Q2", &[("4.21", k(-1.2))])
            .previous(&[("4.21", k(3.5))]),
        Case::new(
            "rank improves in the year report, with the international draft",
            "2024",
            &[("5.1", k(71.0))],
        )
        .previous(&[("5.1", k(86.0))]),
        Case::new(
            "rank declines over a quarter, same as a year before",
            "2024-Q3",
            &[("5.7", k(46.0))],
        )
        .previous(&[("5.7", k(44.0))])
        .same_period(&[("5.7", k(46.0))]),
        Case::new(
            "rank with no earlier figure, plan and target met",
            "2023",
            &[("5.4", k(25.0))],
        ),
        Case::new(
            "Q1 against Q4: both coverages said; compared figure is an estimate",
            "2024-Q1",
            &[("1.3", k(60.0))],
        )
        .previous(&[("1.3", est(60.0))])
        .same_period(&[("1.3", k(50.0))]),
        Case::new(
            "Q4 against Q3: a share goes down",
            "2024-Q4",
            &[("1.4", k(55.0))],
        )
        .previous(&[("1.4", k(58.0))])
        .same_period(&[("1.4", est(50.0))]),
        Case::new("plan and target met", "2024-Q3", &[("1.9", k(96.0))])
            .previous(&[("1.9", k(95.0))]),
        Case::new(
            "strict target reached but not passed",
            "2024-Q3",
            &[("1.7.1", k(80.0))],
        ),
        Case::new(
            "the previous figure was revised after this one was entered",
            "2024-Q3",
            &[("1.5", k(40.0))],
        )
        .previous(&[("1.5", revised)]),
        Case::new(
            "target year: the plan is the target",
            "2025-Q2",
            &[("1.2", k(90.0)), ("1.3", k(80.0))],
        )
        .previous(&[("1.2", k(85.0))])
        .review_base(&[("1.2", k(90.0)), ("1.3", k(80.0))]),
        Case::new(
            "after the target year: nothing to compare with but earlier figures",
            "2026-Q3",
            &[("1.2", k(95.0))],
        ),
        Case::new("no figure, no draft, no review", "2024-Q2", &[]),
        Case::new(
            "a figure with an error: no trend draft, left out of the review",
            "2024-Q2",
            &[("1.2", k(150.0)), ("1.3", k(60.0))],
        )
        .previous(&[("1.2", k(40.0)), ("1.3", k(50.0))])
        .errors(&["1.2"]),
        Case::new(
            "year review: plan met and behind, improvements and declines, estimates",
            "2024",
            &[
                ("1.2", k(60.0)),
                ("1.3", k(70.0)),
                ("4.21", est(5.0)),
                ("5.1", k(71.0)),
                ("5.7", k(46.0)),
            ],
        )
        .previous(&[
            ("1.2", k(40.0)),
            ("1.3", k(75.0)),
            ("5.1", k(86.0)),
            ("5.7", k(44.0)),
        ])
        .review_base(&[
            ("1.2", k(40.0)),
            ("1.3", k(75.0)),
            ("5.1", k(86.0)),
            ("5.7", k(44.0)),
        ]),
        Case::new(
            "at most: the gap is above the plan",
            "2024-Q2",
            &[("1.1", k(7.0))],
        )
        .edition(lower_is_better_edition()),
    ]
}

/// A constructed ranking history that goes down, then stays.
const RANKS: &str = r#"
[[index]]
id = "test"
name = "chỉ số thử"
publisher = "Tổ chức thử"
indicators = ["kh-2023:5.3"]
[[index.rank]]
year = 2021
rank = 80
countries = 190
document = "Báo cáo thử"
checked = "https://example.org/2021"
[[index.rank]]
year = 2022
rank = 87
countries = 190
document = "Báo cáo thử"
checked = "https://example.org/2022"
[[index.rank]]
year = 2023
rank = 87
countries = 191
document = "Báo cáo thử"
checked = "https://example.org/2023"
"#;

/// Every case run with one drafter, as one JSON document: the golden file.
fn run_all(drafter: &Drafter) -> serde_json::Value {
    let standard = kh2023();
    let mut out = Vec::new();
    for case in golden() {
        let got = case.run(drafter, case.edition.as_ref().unwrap_or(&standard));
        out.push(serde_json::json!({ "case": case.name, "period": case.period, "drafts": got.drafts, "review": got.review }));
    }
    let ranks = International::from_toml("test", RANKS).unwrap();
    for year in [2022, 2023] {
        let text = ranks
            .draft(&drafter.phrases, "kh-2023", "5.3", year)
            .unwrap();
        out.push(serde_json::json!({ "case": format!("international ranks known in {year}"), "international": text }));
    }
    serde_json::Value::Array(out)
}

/// `UPDATE_GOLDEN=1 cargo test -p chitieu-core --test draft` rewrites the
/// golden file; review every sentence before committing it.
#[test]
fn golden_sentences() {
    let drafter = Drafter::embedded().unwrap();
    let got = serde_json::to_string_pretty(&run_all(&drafter)).unwrap() + "\n";
    let want = String::from_utf8(common::golden_bytes("drafts.json", got.as_bytes())).unwrap();
    let (want_v, got_v): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&want).unwrap(),
        serde_json::from_str(&got).unwrap(),
    );
    let (want_cases, got_cases) = (want_v.as_array().unwrap(), got_v.as_array().unwrap());
    assert_eq!(want_cases.len(), got_cases.len(), "number of cases");
    for (w, g) in want_cases.iter().zip(got_cases) {
        assert_eq!(w, g, "case «{}»", w["case"]);
    }
}

#[test]
fn every_phrase_is_used_and_filled() {
    let drafter = Drafter::embedded().unwrap();
    let all = run_all(&drafter);
    let unused: Vec<&String> = drafter
        .phrases
        .keys()
        .iter()
        .filter(|k| !drafter.phrases.used().contains(&k.as_str()))
        .collect();
    assert!(
        unused.is_empty(),
        "phrase templates no case uses: {unused:?}"
    );
    // `fill` refuses a placeholder left unfilled; no brace reaches a draft either.
    for case in all.as_array().unwrap() {
        for text in case["drafts"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|d| [&d["trend"], &d["international"]])
            .chain([&case["review"]])
        {
            let t = text.as_str().unwrap_or("");
            assert!(!t.contains('{') && !t.contains('}'), "{t}");
        }
    }
}

fn item<'a>(edition: &'a Edition, code: &str) -> &'a chitieu_core::catalogue::Item {
    edition.item(code).unwrap()
}

proptest! {
    /// A draft never contradicts its figures: the direction word follows the
    /// change (inverted for ranks, where smaller is better), the amount is
    /// the change as printed, in points for shares and rates, places for ranks.
    #[test]
    fn a_draft_never_contradicts_its_figures(
        code in prop::sample::select(vec!["1.2", "4.21", "5.1"]),
        a in -5000i32..=10000,
        b in -5000i32..=10000,
        quarter in 1u8..=4,
        yearly in any::<bool>(),
    ) {
        let edition = kh2023();
        let item = item(&edition, code);
        let (from, to) = match item.kind {
            Kind::Rank => (f64::from(a.rem_euclid(193) + 1), f64::from(b.rem_euclid(193) + 1)),
            Kind::Share => (f64::from(a.rem_euclid(10001)) / 100.0, f64::from(b.rem_euclid(10001)) / 100.0),
            _ => (f64::from(a) / 100.0, f64::from(b) / 100.0),
        };
        let period = if yearly { Period::Year(2024) } else { Period::Quarter { year: 2024, quarter } };
        let drafter = Drafter::embedded().unwrap();
        let input = TrendInput {
            edition: &edition,
            item,
            current: Observation::new(period, to),
            previous: Some(Observation::new(period.previous(), from)),
            same_period: None,
        };
        // With an earlier figure there is always a draft.
        let text = trend::trend(&drafter.phrases, &input).unwrap().unwrap();
        let first = text.split(';').next().unwrap();
        let better = trend::improvement(item.kind, from, to);
        let amount = chitieu_core::number::format_vi(better.abs());
        let unit = if item.kind == Kind::Rank { "bậc" } else { "điểm phần trăm" };
        if better > 0.0 {
            prop_assert!(first.starts_with(&format!("Tăng {amount} {unit} ")), "{text}");
            prop_assert!(first.contains(" lên "), "{text}");
        } else if better < 0.0 {
            prop_assert!(first.starts_with(&format!("Giảm {amount} {unit} ")), "{text}");
            prop_assert!(first.contains(" xuống "), "{text}");
        } else {
            prop_assert!(first.starts_with("Không đổi") || first.starts_with("Giữ nguyên"), "{text}");
        }
        let (f, t) = (trend::figure_vi(item.kind, from), trend::figure_vi(item.kind, to));
        if better != 0.0 {
            prop_assert!(first.contains(&format!("từ {f} ")) && first.contains(&format!(" {t})")), "{text}");
        }
        // A change is never written as a percent.
        prop_assert!(!text.contains(&format!("tăng {amount}%")) && !text.contains(&format!("giảm {amount}%")), "{text}");
        prop_assert!(!text.contains(&format!("Tăng {amount}%")) && !text.contains(&format!("Giảm {amount}%")), "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any figures, in any period: every figure with a value gets a draft,
    /// the wording never fails, no placeholder or float noise reaches it.
    #[test]
    fn any_history_gives_a_draft_per_figure(
        values in prop::collection::vec((any::<bool>(), -1.0e6f64..1.0e6, any::<bool>(), any::<bool>()), 55),
        year in 2023i32..=2027,
        quarter in 0u8..=4,
    ) {
        let edition = kh2023();
        let drafter = Drafter::embedded().unwrap();
        let period = if quarter == 0 { Period::Year(year) } else { Period::Quarter { year, quarter } };
        let mut current = Figures::new();
        let mut previous = Figures::new();
        for (item, (present, v, estimate, has_previous)) in edition.indicators().zip(&values) {
            if *present {
                current.insert(item.code.clone(), known(*v, *estimate, "2024-01-10"));
            }
            if *has_previous {
                previous.insert(item.code.clone(), known(v / 3.0 + 1.0, !estimate, "2024-01-09"));
            }
        }
        let inputs = Inputs {
            unit: UnitName { code: "X".into(), name: "Đơn vị".into() },
            period,
            current: current.clone(),
            previous: previous.clone(),
            same_period: previous.clone(),
            review_base: previous,
            errors: Default::default(),
        };
        let got = draft::compute(&drafter, &edition, &inputs).unwrap();
        prop_assert_eq!(got.drafts.len(), current.len());
        for d in &got.drafts {
            // A draft or the reason there is none, never both.
            prop_assert_eq!(d.trend.is_none(), d.no_trend.is_some());
            let trend = d.trend.as_deref().unwrap_or("");
            prop_assert!(!trend.contains('{') && !trend.contains("0000000") && !trend.contains("9999999"), "{}", trend);
            // Numbers are written the vi-VN way: never a decimal point between digits.
            let chars: Vec<char> = trend.chars().collect();
            prop_assert!(
                !chars.windows(3).any(|w| w[0].is_ascii_digit() && w[1] == '.' && w[2].is_ascii_digit()),
                "{}", trend
            );
            // A draft never says there is nothing earlier unless it compares with something earlier.
            if trend.starts_with("Chưa có số liệu") {
                prop_assert!(trend.contains(" so với "), "{}", trend);
            }
        }
        prop_assert_eq!(got.review.is_some(), !current.is_empty() && (quarter == 0 || quarter == 2));
    }
}

fn thai_nguyen(store: &Store, period: &str) -> ReportRef {
    store.report("THAI-NGUYEN", p(period)).unwrap()
}

fn type_in(
    store: &mut Store,
    period: &str,
    edits: &[(&str, Field, &str)],
    at: time::OffsetDateTime,
) {
    let mut report = thai_nguyen(store, period);
    let edits: Vec<Edit> = edits
        .iter()
        .map(|(c, f, t)| Edit {
            indicator: c.to_string(),
            field: *f,
            text: t.to_string(),
        })
        .collect();
    apply_edits(store, &mut report, &edits, &Origin::App, at).unwrap();
}

#[test]
fn apply_fills_only_empty_cells_and_history_says_draft() {
    let t0 = datetime!(2024-07-01 03:00 UTC);
    let mut store = Store::open_in_memory(t0).unwrap();
    type_in(
        &mut store,
        "2024-Q1",
        &[("1.2", Field::Value, "40,5"), ("5.1", Field::Value, "86")],
        t0,
    );
    type_in(
        &mut store,
        "2024-Q2",
        &[
            ("1.2", Field::Value, "45,7"),
            ("1.3", Field::Value, "60"),
            ("1.3", Field::Trend, "Do đơn vị tự viết."),
            ("5.1", Field::Value, "71"),
        ],
        t0,
    );
    let drafts = draft::report_drafts(&store, "THAI-NGUYEN", p("2024-Q2")).unwrap();
    assert_eq!(
        drafts
            .drafts
            .iter()
            .map(|d| d.indicator.as_str())
            .collect::<Vec<_>>(),
        ["1.2", "1.3", "5.1"]
    );
    assert!(drafts.review.is_some());

    let t1 = datetime!(2024-07-02 03:00 UTC);
    let applied = draft::apply(&mut store, "THAI-NGUYEN", p("2024-Q2"), true, t1).unwrap();
    assert_eq!(applied.trend, ["1.2", "5.1"]);
    assert_eq!(applied.international, ["5.1"]);
    assert!(applied.review);
    let report = thai_nguyen(&store, "2024-Q2");
    let figures: BTreeMap<String, _> = store
        .figures(&report)
        .unwrap()
        .into_iter()
        .map(|s| (s.figure.indicator.clone(), s.figure))
        .collect();
    assert_eq!(
        figures["1.3"].trend, "Do đơn vị tự viết.",
        "typed text is never overwritten"
    );
    assert_eq!(Some(&figures["1.2"].trend), drafts.drafts[0].trend.as_ref());
    assert!(figures["5.1"].comparison.contains("71/193"));
    let history = store.history(&report, Some("1.2")).unwrap();
    assert_eq!(history.last().unwrap().origin, Origin::Draft { cli: true });
    assert_eq!(history.first().unwrap().origin, Origin::App);
    let review = store.review(&report).unwrap().unwrap();
    assert_eq!(Some(review.text.clone()), drafts.review);

    // A second apply changes nothing; an edited review is kept.
    let again = draft::apply(&mut store, "THAI-NGUYEN", p("2024-Q2"), true, t1).unwrap();
    assert_eq!(again, draft::Applied::default());
    let mut report = thai_nguyen(&store, "2024-Q2");
    assert!(store
        .write_review(
            &mut report,
            "Đánh giá do người lập biểu sửa.",
            &Origin::App,
            t1
        )
        .unwrap());
    assert!(
        !draft::apply(&mut store, "THAI-NGUYEN", p("2024-Q2"), false, t1)
            .unwrap()
            .review
    );
    let changes = store.review_history(&report).unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].origin, Origin::Draft { cli: true });
    assert_eq!(changes[1].origin, Origin::App);
    assert_eq!(changes[1].old.as_deref(), drafts.review.as_deref());

    // Accepting one draft into a cell that holds text writes nothing.
    assert!(!draft::accept(
        &mut store,
        "THAI-NGUYEN",
        p("2024-Q2"),
        "1.3",
        Field::Trend,
        "x",
        t1
    )
    .unwrap());
}

#[test]
fn a_revised_previous_figure_is_said_and_recomputed() {
    let t0 = datetime!(2024-07-01 03:00 UTC);
    let mut store = Store::open_in_memory(t0).unwrap();
    type_in(&mut store, "2024-Q1", &[("1.2", Field::Value, "40")], t0);
    type_in(&mut store, "2024-Q2", &[("1.2", Field::Value, "45")], t0);
    let before = draft::report_drafts(&store, "THAI-NGUYEN", p("2024-Q2")).unwrap();
    assert!(before.drafts[0]
        .trend
        .as_deref()
        .unwrap()
        .starts_with("Tăng 5 điểm phần trăm so với Quý I/2024 (từ 40% lên 45%)"));
    assert!(!before.drafts[0]
        .trend
        .as_deref()
        .unwrap()
        .contains("điều chỉnh"));
    type_in(
        &mut store,
        "2024-Q1",
        &[("1.2", Field::Value, "47")],
        datetime!(2024-07-20 03:00 UTC),
    );
    let after = draft::report_drafts(&store, "THAI-NGUYEN", p("2024-Q2")).unwrap();
    assert!(
        after.drafts[0]
            .trend
            .as_deref()
            .unwrap()
            .starts_with("Giảm 2 điểm phần trăm so với Quý I/2024 (từ 47% xuống 45%)"),
        "{:?}",
        after.drafts[0].trend
    );
    assert!(
        after.drafts[0]
            .trend
            .as_deref()
            .unwrap()
            .contains("Số liệu Quý I/2024 đã được điều chỉnh ngày 20/07/2024"),
        "{:?}",
        after.drafts[0].trend
    );
}

#[test]
fn the_review_goes_into_the_export_as_its_own_sheet() {
    use calamine::{open_workbook_auto, Reader};
    let t0 = datetime!(2024-07-01 03:00 UTC);
    let mut store = Store::open_in_memory(t0).unwrap();
    type_in(&mut store, "2024-Q2", &[("1.2", Field::Value, "45,7")], t0);
    type_in(&mut store, "2024-Q3", &[("1.2", Field::Value, "47")], t0);
    draft::apply(&mut store, "THAI-NGUYEN", p("2024-Q2"), false, t0).unwrap();
    let mut report = thai_nguyen(&store, "2024-Q2");
    store
        .write_review(
            &mut report,
            "ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024\n\nĐoạn do người lập biểu sửa.",
            &Origin::App,
            t0,
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let q2 = dir.path().join("q2.xlsx");
    chitieu_core::export::export_submission(&mut store, "THAI-NGUYEN", p("2024-Q2"), &q2, None, t0)
        .unwrap();
    let mut wb = open_workbook_auto(&q2).unwrap();
    assert!(
        wb.sheet_names().contains(&"Đánh giá 6 tháng".to_owned()),
        "{:?}",
        wb.sheet_names()
    );
    let sheet = wb.worksheet_range("Đánh giá 6 tháng").unwrap();
    let cells: Vec<String> = sheet.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(
        cells,
        [
            "ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024",
            "Đoạn do người lập biểu sửa."
        ]
    );

    // Q3 carries no review.
    let q3 = dir.path().join("q3.xlsx");
    chitieu_core::export::export_submission(&mut store, "THAI-NGUYEN", p("2024-Q3"), &q3, None, t0)
        .unwrap();
    let wb = open_workbook_auto(&q3).unwrap();
    assert!(
        !wb.sheet_names().iter().any(|n| n.starts_with("Đánh giá")),
        "{:?}",
        wb.sheet_names()
    );
}

/// Issue 17.7: with no earlier figure, no plan and no target there is no
/// draft (the drafts tab says why); with no earlier figure but a plan, the
/// draft speaks of the plan only, never «Chưa có số liệu … để so sánh».
#[test]
fn no_draft_when_nothing_to_compare() {
    let drafter = Drafter::embedded().unwrap();
    let edition = kh2023();
    let none =
        Case::new("after the target year", "2026-Q3", &[("1.2", k(95.0))]).run(&drafter, &edition);
    assert_eq!(none.drafts[0].trend, None);
    let why = none.drafts[0].no_trend.as_deref().unwrap();
    assert!(why.contains("Chưa có số liệu kỳ trước để so sánh"), "{why}");

    let plan_only =
        Case::new("plan only", "2024-Q3", &[("1.7.1", k(80.0))]).run(&drafter, &edition);
    let text = plan_only.drafts[0].trend.as_deref().unwrap();
    assert!(
        !text.contains("Chưa có số liệu") && !text.contains("chưa có số liệu"),
        "{text}"
    );
    assert!(
        text.starts_with("Còn thiếu 10 điểm phần trăm so với kế hoạch năm 2024"),
        "{text}"
    );
    assert_eq!(plan_only.drafts[0].no_trend, None);
}

/// Issue 17.7: a figure with an error (a share of 150 %) gets no draft in the
/// store's drafts, `apply` leaves its cell empty and `accept` refuses it.
#[test]
fn no_draft_for_a_figure_with_an_error() {
    let t0 = datetime!(2024-07-01 03:00 UTC);
    let mut store = Store::open_in_memory(t0).unwrap();
    type_in(&mut store, "2024-Q1", &[("1.2", Field::Value, "40")], t0);
    type_in(&mut store, "2024-Q2", &[("1.2", Field::Value, "150")], t0);
    let drafts = draft::report_drafts(&store, "THAI-NGUYEN", p("2024-Q2")).unwrap();
    assert_eq!(drafts.drafts[0].indicator, "1.2");
    assert_eq!(drafts.drafts[0].trend, None);
    assert!(drafts.drafts[0]
        .no_trend
        .as_deref()
        .unwrap()
        .contains("có lỗi"));
    assert!(!draft::accept(
        &mut store,
        "THAI-NGUYEN",
        p("2024-Q2"),
        "1.2",
        Field::Trend,
        "Tăng 110 điểm phần trăm so với Quý I/2024 (từ 40% lên 150%).",
        t0
    )
    .unwrap());
    let applied = draft::apply(&mut store, "THAI-NGUYEN", p("2024-Q2"), false, t0).unwrap();
    assert!(applied.trend.is_empty(), "{applied:?}");
    let report = thai_nguyen(&store, "2024-Q2");
    let f = store.figures(&report).unwrap();
    assert_eq!(f[0].figure.trend, "");

    // Corrected, the figure gets its draft.
    type_in(&mut store, "2024-Q2", &[("1.2", Field::Value, "50")], t0);
    let drafts = draft::report_drafts(&store, "THAI-NGUYEN", p("2024-Q2")).unwrap();
    assert!(drafts.drafts[0]
        .trend
        .as_deref()
        .unwrap()
        .starts_with("Tăng 10 điểm phần trăm"));
}

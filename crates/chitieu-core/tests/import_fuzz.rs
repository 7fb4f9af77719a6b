//! Stable-Rust fuzzing of the importer, on every `make test`
//! (`cargo test -p chitieu-core --test import_fuzz`). The long runs are the
//! libFuzzer targets of `fuzz/` (docs/RELIABILITY.md, "Fuzzing the importer");
//! this harness runs a bounded number of cases every time:
//!
//! - `generated_workbooks`: proptest builds small .xlsx files (rust_xlsxwriter)
//!   laid out the way people lay out Phụ lục 01 forms, and then some: header
//!   words of the form's vocabulary with and without diacritics, in any case,
//!   with extra words, over one or two rows, in any column order, with
//!   columns of the user's own; codes as text, as numbers, as junk; figures
//!   as numbers, percentages, texts, dates, error values, formulas, booleans;
//!   merged cells, odd sheet names, extra and hidden sheets;
//! - `mutated_fixtures`: every workbook of tests/fixtures/{import,hostile}
//!   mutated deterministically: bit flips, byte replacements, truncations,
//!   chunk duplications and deletions; for zip files, parts unzipped, their
//!   XML edited (numbers in attributes inflated: uniqueCount, ref, r, spans,
//!   repeats, style indexes; values replaced by NaN, 1e309, junk; rows
//!   duplicated by the thousand; spans deleted; parts dropped) and zipped
//!   again with valid CRCs; for .xls, BIFF record fields overwritten inside
//!   the compound file;
//! - `fuzz_regressions`: every file of tests/fixtures/fuzz (inputs that once
//!   crashed the importer, aborted the process or blew its memory; each with
//!   the outcome it must have), each imported in a child process (an abort
//!   cannot be caught in this one) whose peak memory must stay under 300 MB;
//! - `peak_memory_of_large_inputs`: inputs generated at the edges of the
//!   bounds (the largest accepted, the smallest refused: cells, text, shared
//!   strings, styles, names, relationships, merged areas, sheets, header
//!   candidates), likewise in child processes. The child reports its own
//!   peak (VmHWM): wait4's rusage would count the parent's memory too, which
//!   Linux carries over fork and exec. (tests/import_fixtures.rs measures the
//!   hostile fixtures through the CLI.)
//!
//! For every input: `preview_bytes` must return (an `Err` is a fine answer)
//! without panicking, within `HANG` (generous, debug build: it catches hangs,
//! not slowness); an `Ok` must have every figure at a cell inside the sheet
//! and every value finite. A failing input is written to the temporary
//! directory and its path printed.
//!
//! Environment: IMPORT_FUZZ_CASES (generated workbooks, default 128),
//! IMPORT_FUZZ_MUTATIONS (mutations per fixture, default 12), IMPORT_FUZZ_SEED
//! (the seed of both, default fixed; another one explores elsewhere),
//! IMPORT_FUZZ_LARGE (run only the large inputs whose name contains it),
//! IMPORT_FUZZ_LARGE_DIR (keep the large inputs there),
//! IMPORT_FUZZ_NO_CODE_ROWS (rows of the form without codes, default 4 000).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chitieu_core::import::{preview_bytes, Hints, ImportError, Preview};
use chitieu_core::sheet::limits::{MAX_COLS, MAX_ROWS};
use chitieu_core::store::Store;
use chitieu_core::Error;
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// A run taking longer than this is a hang (the release build answers any
/// file in well under a second; this is the debug build).
const HANG: Duration = Duration::from_secs(10);
/// Peak memory a child importing one file must stay under.
const MAX_RSS_MB: i64 = 300;

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The seed of the generated cases and of the mutations.
fn seed() -> u64 {
    std::env::var("IMPORT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x00C4_1713)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

// ---- running one input ---------------------------------------------------------

thread_local! {
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

fn with_store<T>(f: impl FnOnce(&Store) -> T) -> T {
    STORE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let store = slot.get_or_insert_with(|| {
            Store::open_in_memory(time::macros::datetime!(2024-07-03 02:30 UTC))
                .expect("in-memory store")
        });
        f(store)
    })
}

/// The error code, or "ok".
type Outcome = String;

/// 0-based (row, column) of an A1 reference.
fn parse_a1(cell: &str) -> Option<(u32, u32)> {
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The invariants of an accepted file. `extent`: per sheet, the last row and
/// column the generator wrote, when known.
fn check_preview(p: &Preview, extent: Option<&Extents>) {
    for f in &p.figures {
        let (row, col) = parse_a1(&f.cell)
            .unwrap_or_else(|| panic!("figure {} has the cell {:?}", f.read.indicator, f.cell));
        assert!(
            row < MAX_ROWS && col < MAX_COLS,
            "figure {} at {} is outside the bounds",
            f.read.indicator,
            f.cell
        );
        if let Some(extent) = extent {
            let &(last_row, last_col) = extent.get(&f.sheet).unwrap_or_else(|| {
                panic!(
                    "figure {} is on the sheet {:?}, which was not written",
                    f.read.indicator, f.sheet
                )
            });
            assert!(
                row <= last_row && col <= last_col,
                "figure {} at {}!{} is outside what was written",
                f.read.indicator,
                f.sheet,
                f.cell
            );
        }
        for v in [f.read.value, f.merged.value].into_iter().flatten() {
            assert!(
                v.is_finite(),
                "figure {} at {} has the value {v}",
                f.read.indicator,
                f.cell
            );
        }
    }
    serde_json::to_string(p).expect("the preview serialises");
}

/// Previews `bytes`; when the file names no (known) unit or period, again
/// with that hint, so that such files still reach figures and validation.
fn import_checked(
    store: &Store,
    file_name: &str,
    bytes: &[u8],
    extent: Option<&Extents>,
) -> Outcome {
    let mut hints = Hints::default();
    for attempt in 0..3 {
        match preview_bytes(store, file_name, bytes, &hints) {
            Ok(p) => {
                check_preview(&p, extent);
                return if attempt == 0 {
                    "ok".into()
                } else {
                    "ok (with hints)".into()
                };
            }
            Err(Error::Import(ImportError::NoUnit { .. } | ImportError::UnknownUnit { .. }))
                if hints.unit.is_none() =>
            {
                hints.unit = Some("THAI-NGUYEN".into());
            }
            Err(Error::Import(ImportError::NoPeriod { .. })) if hints.period.is_none() => {
                hints.period = Some("2024-Q2".parse().expect("period"));
            }
            Err(e) => {
                // Every refusal is for a person: a Vietnamese sentence first,
                // the reader's English only in parentheses, and short.
                if let Error::Import(ie) = &e {
                    let m = ie.to_string();
                    if let Err(why) = chitieu_core::import::opens_in_vietnamese(&m) {
                        panic!("refusal not for people: {why}");
                    }
                    assert!(
                        m.chars().count() <= 600,
                        "refusal of {} characters: {m}",
                        m.chars().count()
                    );
                }
                return e.code().to_owned();
            }
        }
    }
    unreachable!("at most two hints are added")
}

/// Writes a failing input where it can be looked at.
fn save_failure(label: &str, file_name: &str, bytes: &[u8]) -> PathBuf {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(bytes);
    let hex: String = hash.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("bin");
    let safe: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let path = std::env::temp_dir().join(format!("import_fuzz-{safe}-{hex}.{ext}"));
    let _ = std::fs::write(&path, bytes);
    path
}

/// Runs one input: no panic, no hang, invariants on success. Panics (with
/// the saved input's path) otherwise.
fn run_one(
    label: &str,
    file_name: &str,
    bytes: &[u8],
    extent: Option<&Extents>,
) -> (Outcome, Duration) {
    let start = Instant::now();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        with_store(|s| import_checked(s, file_name, bytes, extent))
    }));
    let elapsed = start.elapsed();
    match result {
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let path = save_failure(label, file_name, bytes);
            panic!(
                "{label}: the import panicked ({why}); input written to {}",
                path.display()
            );
        }
        Ok(outcome) => {
            if elapsed > HANG {
                let path = save_failure(label, file_name, bytes);
                panic!(
                    "{label}: the import took {elapsed:?} (limit {HANG:?}); input written to {}",
                    path.display()
                );
            }
            (outcome, elapsed)
        }
    }
}

/// Outcomes and times of a batch, printed at its end.
#[derive(Default)]
struct Tally {
    outcomes: BTreeMap<String, usize>,
    cases: usize,
    total: Duration,
    slowest: (Duration, String),
}

impl Tally {
    fn add(&mut self, label: &str, outcome: Outcome, elapsed: Duration) {
        *self.outcomes.entry(outcome).or_default() += 1;
        self.cases += 1;
        self.total += elapsed;
        if elapsed > self.slowest.0 {
            self.slowest = (elapsed, label.to_owned());
        }
    }

    fn print(&self, what: &str) {
        eprintln!(
            "{what}: {} cases in {:.1?} (slowest {:.0?}: {}); outcomes {:?}",
            self.cases, self.total, self.slowest.0, self.slowest.1, self.outcomes
        );
    }
}

// ---- generated workbooks ---------------------------------------------------------

/// The form's column headers (as in Phụ lục 01).
const HEADERS: [&str; 12] = [
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Kế hoạch năm 2024",
    "Mục tiêu 2025",
    "Số liệu kỳ báo cáo",
    "Loại số liệu",
    "Nguồn số liệu",
    "Đánh giá xu hướng",
    "So sánh quốc tế",
    "Đề xuất, kiến nghị",
    "Ghi chú",
];
/// Other ways people write them.
const HEADER_VARIANTS: [&str; 12] = [
    "TT",
    "Tên chỉ tiêu",
    "ĐVT",
    "Kế hoạch",
    "Mục tiêu",
    "Số liệu Quý II/2024",
    "Chính thức/Ước tính",
    "Nguồn",
    "Xu hướng",
    "So sánh",
    "Kiến nghị",
    "Ghi chú khác",
];
const EXTRA_WORDS: [&str; 6] = ["", " (1)", " Quý II/2024", " năm 2024", "  ", " *"];
const OWN_COLUMNS: [&str; 6] = [
    "Người phụ trách",
    "Cơ quan thực hiện",
    "Số liệu Quý I/2024",
    "Căn cứ pháp lý",
    "",
    "Ghi chú 2",
];
const SHEET_NAMES: [&str; 10] = [
    "Phụ lục 01",
    "Sheet1",
    "Quý II 2024",
    "BÁO CÁO",
    "PL01 (2)",
    "a'b",
    "Năm 2024",
    "chitieu",
    "Hướng dẫn",
    "x",
];
const UNIT_LINES: [&str; 6] = [
    "Đơn vị báo cáo: UBND tỉnh Thái Nguyên",
    "Don vi bao cao: UBND tinh Thai Nguyen",
    "Đơn vị báo cáo:",
    "Đơn vị báo cáo: Bộ Không Tồn Tại",
    "Tên đơn vị: Bộ Y tế",
    "Đơn vị",
];
/// Mostly periods people write; the last two are not periods (the file is
/// refused, naming the cell).
const PERIOD_LINES: [&str; 10] = [
    "Kỳ báo cáo: Quý II năm 2024",
    "Ky bao cao: Quy 2/2024",
    "Kỳ báo cáo: Năm 2024",
    "Kỳ báo cáo: Quý II năm 2024",
    "KỲ BÁO CÁO: QUÝ I/2024",
    "Kỳ báo cáo:",
    "BÁO CÁO QUÝ I/2024",
    "Kỳ báo cáo: 6 tháng đầu năm 2024",
    "Kỳ báo cáo: Quý V năm 2024",
    "Kỳ báo cáo: 2024-Q3",
];
const FIGURE_TEXTS: [&str; 16] = [
    "86,97%",
    "86.97",
    "1.234,5",
    "-",
    "ước 85",
    "85 (ước)",
    "#N/A",
    "15/03/2024",
    "",
    "  ",
    "80 85",
    "1e309",
    "NaN",
    "∞",
    "12,5 %",
    "0,000000000000000000000000000001",
];
const STATUS_TEXTS: [&str; 6] = ["Chính thức", "Ước tính", "chinh thuc", "UOC", "?", ""];
const JUNK_CODES: [&str; 10] = [
    "a.1",
    "1..1",
    "(1)",
    "STT",
    "-",
    "1.1.1.1.1",
    "0",
    "99.99",
    "Ⅱ",
    "１.１",
];
const FOOTERS: [&str; 3] = [
    "Người lập biểu",
    "Thủ trưởng đơn vị",
    "Hà Nội, ngày 15 tháng 7 năm 2024",
];

fn strip_diacritics(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

#[derive(Debug, Clone)]
struct HeaderStyle {
    variant: bool,
    plain: bool,
    upper: bool,
    extra: usize,
}

#[derive(Debug, Clone)]
enum Column {
    /// A form column: index into HEADERS.
    Form(usize, HeaderStyle),
    /// A column of the user's own: index into OWN_COLUMNS.
    Own(usize),
}

#[derive(Debug, Clone)]
enum Code {
    Text(usize),
    Padded(usize),
    /// The code as a number (3.1 for "3.1" and for "3.10").
    Number(usize),
    Junk(usize),
    Empty,
}

#[derive(Debug, Clone)]
enum Value {
    Number(f64),
    Percent(f64),
    Text(usize),
    Date(u16, u8, u8),
    Error,
    Formula(f64),
    Bool(bool),
    Blank,
}

#[derive(Debug, Clone)]
struct Row {
    code: Code,
    /// Index of the catalogue item whose name is written (maybe another
    /// item's than the code's), or none.
    name: Option<usize>,
    /// The name cut in two over a continuation row.
    wrapped: bool,
    figure: Value,
    status: usize,
    text: Option<String>,
    /// Blank rows before this one.
    gap: u8,
}

#[derive(Debug, Clone)]
struct Layout {
    sheet: usize,
    before: Vec<(usize, bool)>,
    after: Vec<(usize, bool)>,
    unit: Option<usize>,
    period: Option<usize>,
    title_rows: u8,
    first_col: u16,
    columns: Vec<Column>,
    two_row_header: bool,
    numbering: bool,
    rows: Vec<Row>,
    repeat_header_at: Option<usize>,
    merges: Vec<(u8, u8, u8, u8)>,
    footer: Option<usize>,
}

fn header_style() -> impl Strategy<Value = HeaderStyle> {
    (
        prop::bool::weighted(0.3),
        any::<bool>(),
        any::<bool>(),
        0..EXTRA_WORDS.len(),
    )
        .prop_map(|(variant, plain, upper, extra)| HeaderStyle {
            variant,
            plain,
            upper,
            extra,
        })
}

fn columns() -> impl Strategy<Value = Vec<Column>> {
    // Every form column, shuffled; then some dropped (often not the three the
    // form needs, sometimes those too) and some of the user's own added.
    (
        Just((0..12usize).collect::<Vec<_>>()).prop_shuffle(),
        prop::collection::vec(header_style(), 12),
        prop::collection::vec(prop::bool::weighted(0.25), 12),
        prop::bool::weighted(0.1),
        prop::collection::vec((0..OWN_COLUMNS.len(), 0..14usize), 0..3),
    )
        .prop_map(|(order, styles, drop, drop_needed, own)| {
            let mut cols: Vec<Column> = order
                .into_iter()
                .filter(|&i| {
                    if matches!(i, 0 | 1 | 5) {
                        !(drop_needed && drop[i])
                    } else {
                        !drop[i]
                    }
                })
                .map(|i| Column::Form(i, styles[i].clone()))
                .collect();
            for (o, at) in own {
                let at = at.min(cols.len());
                cols.insert(at, Column::Own(o));
            }
            cols
        })
}

fn value(items: usize) -> impl Strategy<Value = Value> {
    let _ = items;
    prop_oneof![
        4 => prop_oneof![
            (0.0f64..100.0),
            (-1e6f64..1e6),
            prop::sample::select(vec![0.0, -0.0, 1e300, -1e300, 5e-324, f64::MAX, f64::MIN_POSITIVE, 86.97, 100.0, 101.0, 0.5]),
        ].prop_map(Value::Number),
        2 => prop_oneof![(0.0f64..1.5), prop::sample::select(vec![0.8697, 1e300, -0.0, 2.0])].prop_map(Value::Percent),
        3 => (0..FIGURE_TEXTS.len()).prop_map(Value::Text),
        1 => (1899u16..2101, 1u8..13, 1u8..29).prop_map(|(y, m, d)| Value::Date(y, m, d)),
        1 => Just(Value::Error),
        1 => prop::sample::select(vec![86.97, 0.0, 1e308]).prop_map(Value::Formula),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Blank),
    ]
}

fn code(items: usize) -> impl Strategy<Value = Code> {
    prop_oneof![
        5 => (0..items).prop_map(Code::Text),
        1 => (0..items).prop_map(Code::Padded),
        2 => (0..items).prop_map(Code::Number),
        1 => (0..JUNK_CODES.len()).prop_map(Code::Junk),
        1 => Just(Code::Empty),
    ]
}

fn row(items: usize) -> impl Strategy<Value = Row> {
    (
        code(items),
        prop::option::weighted(0.9, 0..items),
        prop::bool::weighted(0.1),
        value(items),
        0..STATUS_TEXTS.len(),
        prop::option::weighted(0.2, "[a-zA-Zà-ỹ0-9 ,.%()-]{0,24}"),
        prop::sample::select(vec![0u8, 0, 0, 0, 1, 2]),
    )
        .prop_map(|(code, name, wrapped, figure, status, text, gap)| Row {
            code,
            name,
            wrapped,
            figure,
            status,
            text,
            gap,
        })
}

fn layout(items: usize) -> impl Strategy<Value = Layout> {
    (
        (
            // Not "chitieu" for the form: that is the export's metadata sheet,
            // never read as a form (other sheets may be named so).
            (0..SHEET_NAMES.len()).prop_filter("metadata sheet", |&i| SHEET_NAMES[i] != "chitieu"),
            prop::collection::vec((0..SHEET_NAMES.len(), any::<bool>()), 0..2),
            prop::collection::vec((0..SHEET_NAMES.len(), any::<bool>()), 0..2),
            prop::option::weighted(0.85, 0..UNIT_LINES.len()),
            prop::option::weighted(0.85, 0..PERIOD_LINES.len()),
            0u8..6,
            prop::sample::select(vec![0u16, 0, 0, 1, 3]),
        ),
        (
            columns(),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.4),
            prop::collection::vec(row(items), 0..24),
            prop::option::weighted(0.1, 0..24usize),
            prop::collection::vec((0u8..30, 0u8..8, 0u8..3, 0u8..3), 0..3),
            prop::option::weighted(0.5, 0..FOOTERS.len()),
        ),
    )
        .prop_map(
            |(
                (sheet, before, after, unit, period, title_rows, first_col),
                (columns, two_row_header, numbering, rows, repeat_header_at, merges, footer),
            )| Layout {
                sheet,
                before,
                after,
                unit,
                period,
                title_rows,
                first_col,
                columns,
                two_row_header,
                numbering,
                rows,
                repeat_header_at,
                merges,
                footer,
            },
        )
}

fn header_text(i: usize, s: &HeaderStyle) -> String {
    let base = if s.variant {
        HEADER_VARIANTS[i]
    } else {
        HEADERS[i]
    };
    // "TT" followed by words is not a header people write ("STT …" is).
    let extra = if base == "TT" {
        ""
    } else {
        EXTRA_WORDS[s.extra]
    };
    let mut t = format!("{base}{extra}");
    if s.plain {
        t = strip_diacritics(&t);
    }
    if s.upper {
        t = t.to_uppercase();
    }
    t
}

/// Per sheet, the last row and column written.
type Extents = BTreeMap<String, (u32, u32)>;

/// Writes the workbook a layout describes, and says how far each sheet goes.
fn build(
    layout: &Layout,
    items: &[(String, String)],
) -> Result<(Vec<u8>, Extents), rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let mut extent: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut names_used = std::collections::HashSet::new();
    let mut unique = |i: usize| {
        let mut name = SHEET_NAMES[i].to_owned();
        let mut n = 2;
        while !names_used.insert(name.to_lowercase()) {
            name = format!("{} ({n})", SHEET_NAMES[i]);
            n += 1;
        }
        name
    };
    let extra_sheet = |wb: &mut Workbook,
                       name: String,
                       hidden: bool,
                       extent: &mut BTreeMap<String, (u32, u32)>|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        ws.write_string(
            0,
            0,
            "Hướng dẫn điền biểu: ghi số liệu vào cột «Số liệu kỳ báo cáo».",
        )?;
        ws.write_string(2, 1, "STT")?;
        ws.write_number(3, 1, 1.1)?;
        if hidden {
            ws.set_hidden(true);
        }
        extent.insert(name, (3, 1));
        Ok(())
    };
    let before: Vec<(String, bool)> = layout.before.iter().map(|&(i, h)| (unique(i), h)).collect();
    let form_name = unique(layout.sheet);
    let after: Vec<(String, bool)> = layout.after.iter().map(|&(i, h)| (unique(i), h)).collect();
    for (name, hidden) in before {
        extra_sheet(&mut wb, name, hidden, &mut extent)?;
    }
    let pct = Format::new().set_num_format("0.00%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let merge_fmt = Format::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(&form_name)?;
        let (mut last_row, mut last_col) = (0u32, 0u32);
        let mut note = |r: u32, c: u16| {
            last_row = last_row.max(r);
            last_col = last_col.max(u32::from(c));
        };
        // Merged areas first: the cells written later land inside them.
        for &(r, c, h, w) in &layout.merges {
            let (r, c) = (u32::from(r), u16::from(c));
            if h == 0 && w == 0 {
                continue;
            }
            if ws
                .merge_range(r, c, r + u32::from(h), c + u16::from(w), "", &merge_fmt)
                .is_ok()
            {
                note(r + u32::from(h), c + u16::from(w));
            }
        }
        let c0 = layout.first_col;
        let mut r: u32 = 0;
        ws.write_string(r, c0, "Phụ lục 01")?;
        note(r, c0);
        r += 1;
        for _ in 0..layout.title_rows.saturating_sub(2) {
            ws.write_string(r, c0, "BÁO CÁO CÁC CHỈ TIÊU CHIẾN LƯỢC")?;
            note(r, c0);
            r += 1;
        }
        if let Some(u) = layout.unit {
            ws.write_string(r, c0, UNIT_LINES[u])?;
            note(r, c0);
            r += 1;
        }
        if let Some(p) = layout.period {
            ws.write_string(r, c0, PERIOD_LINES[p])?;
            note(r, c0);
            r += 1;
        }
        r += 1;
        let write_header = |ws: &mut rust_xlsxwriter::Worksheet,
                            r: u32,
                            note: &mut dyn FnMut(u32, u16)|
         -> Result<u32, rust_xlsxwriter::XlsxError> {
            for (k, col) in layout.columns.iter().enumerate() {
                let c = c0 + k as u16;
                let text = match col {
                    Column::Form(i, s) => header_text(*i, s),
                    Column::Own(o) => OWN_COLUMNS[*o].to_owned(),
                };
                if layout.two_row_header {
                    // "Số liệu kỳ báo cáo" over "Giá trị", others over nothing.
                    let (top, bottom) = match col {
                        Column::Form(5, _) => {
                            ("Số liệu kỳ báo cáo".to_owned(), "Giá trị".to_owned())
                        }
                        Column::Form(6, _) => {
                            ("Số liệu kỳ báo cáo".to_owned(), "Loại số liệu".to_owned())
                        }
                        _ => (text, String::new()),
                    };
                    ws.write_string(r, c, &top)?;
                    if !bottom.is_empty() {
                        ws.write_string(r + 1, c, &bottom)?;
                    }
                    note(r + 1, c);
                } else {
                    ws.write_string(r, c, &text)?;
                    note(r, c);
                }
            }
            Ok(if layout.two_row_header { r + 2 } else { r + 1 })
        };
        r = write_header(ws, r, &mut note)?;
        if layout.numbering {
            for k in 0..layout.columns.len() {
                ws.write_string(r, c0 + k as u16, format!("({})", k + 1))?;
                note(r, c0 + k as u16);
            }
            r += 1;
        }
        for (n, row) in layout.rows.iter().enumerate() {
            if layout.repeat_header_at == Some(n) {
                r = write_header(ws, r, &mut note)?;
            }
            r += u32::from(row.gap);
            let mut continuation: Option<(u16, String)> = None;
            for (k, col) in layout.columns.iter().enumerate() {
                let c = c0 + k as u16;
                let Column::Form(role, _) = col else {
                    if let Some(t) = &row.text {
                        ws.write_string(r, c, t)?;
                        note(r, c);
                    }
                    continue;
                };
                match role {
                    0 => match &row.code {
                        Code::Text(i) => {
                            ws.write_string(r, c, &items[*i].0)?;
                        }
                        Code::Padded(i) => {
                            ws.write_string(r, c, format!(" {}. ", items[*i].0))?;
                        }
                        Code::Number(i) => match items[*i].0.parse::<f64>() {
                            Ok(v) => {
                                ws.write_number(r, c, v)?;
                            }
                            Err(_) => {
                                ws.write_string(r, c, &items[*i].0)?;
                            }
                        },
                        Code::Junk(j) => {
                            ws.write_string(r, c, JUNK_CODES[*j])?;
                        }
                        Code::Empty => {}
                    },
                    1 => {
                        if let Some(i) = row.name {
                            let name = &items[i].1;
                            let cut = name
                                .char_indices()
                                .nth(name.chars().count() / 2)
                                .map_or(name.len(), |x| x.0);
                            if row.wrapped && cut > 0 && cut < name.len() {
                                ws.write_string(r, c, &name[..cut])?;
                                continuation = Some((c, name[cut..].to_owned()));
                            } else {
                                ws.write_string(r, c, name)?;
                            }
                        }
                    }
                    5 => match &row.figure {
                        Value::Number(v) => {
                            ws.write_number(r, c, *v)?;
                        }
                        Value::Percent(v) => {
                            ws.write_number_with_format(r, c, *v, &pct)?;
                        }
                        Value::Text(t) => {
                            ws.write_string(r, c, FIGURE_TEXTS[*t])?;
                        }
                        Value::Date(y, m, d) => {
                            let dt = ExcelDateTime::from_ymd(*y, *m, *d)?;
                            ws.write_datetime_with_format(r, c, &dt, &date)?;
                        }
                        Value::Error => {
                            ws.write_formula(r, c, Formula::new("=1/0").set_result("#DIV/0!"))?;
                        }
                        Value::Formula(v) => {
                            ws.write_formula(
                                r,
                                c,
                                Formula::new("=SUM(1,2)").set_result(v.to_string()),
                            )?;
                        }
                        Value::Bool(b) => {
                            ws.write_boolean(r, c, *b)?;
                        }
                        Value::Blank => {}
                    },
                    6 => {
                        ws.write_string(r, c, STATUS_TEXTS[row.status])?;
                    }
                    2 => {
                        ws.write_string(r, c, "%")?;
                    }
                    _ => {
                        if let Some(t) = &row.text {
                            ws.write_string(r, c, t)?;
                        }
                    }
                }
                note(r, c);
            }
            r += 1;
            if let Some((c, rest)) = continuation {
                ws.write_string(r, c, rest.trim())?;
                note(r, c);
                r += 1;
            }
        }
        if let Some(f) = layout.footer {
            r += 1;
            ws.write_string(r, c0 + 1, FOOTERS[f])?;
            note(r, c0 + 1);
        }
        extent.insert(form_name.clone(), (last_row, last_col));
    }
    for (name, hidden) in after {
        extra_sheet(&mut wb, name, hidden, &mut extent)?;
    }
    Ok((wb.save_to_buffer()?, extent))
}

/// Catalogue items (code, name) the generator draws rows from: every
/// edition's, so that some files are of another edition than their year's.
fn catalogue_items() -> Vec<(String, String)> {
    with_store(|s| {
        s.catalogue()
            .editions()
            .iter()
            .flat_map(|e| e.items.iter().map(|i| (i.code.clone(), i.name.clone())))
            .collect()
    })
}

#[test]
fn generated_workbooks() {
    let items = catalogue_items();
    assert!(!items.is_empty());
    let cases = env_count("IMPORT_FUZZ_CASES", 128) as u32;
    let tally = RefCell::new(Tally::default());
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    };
    // Deterministic (the same cases on every run), from IMPORT_FUZZ_SEED.
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed().to_le_bytes());
    let rng = proptest::test_runner::TestRng::from_seed(
        proptest::test_runner::RngAlgorithm::ChaCha,
        &key,
    );
    let mut runner = proptest::test_runner::TestRunner::new_with_rng(config, rng);
    let result = runner.run(&layout(items.len()), |l| {
        let (bytes, extent) = match build(&l, &items) {
            Ok(x) => x,
            // The writer refuses some layouts (a sheet name it does not
            // allow): nothing to import.
            Err(_) => return Ok(()),
        };
        let (outcome, elapsed) = run_one("generated", "generated.xlsx", &bytes, Some(&extent));
        tally.borrow_mut().add("generated", outcome, elapsed);
        Ok(())
    });
    tally.borrow().print("generated workbooks");
    if let Err(e) = result {
        panic!("{e}");
    }
    // The generator must reach the figures, not only the refusals.
    let t = tally.borrow();
    let accepted: usize = t
        .outcomes
        .iter()
        .filter(|(k, _)| k.starts_with("ok"))
        .map(|(_, n)| n)
        .sum();
    assert!(
        cases < 16 || accepted * 4 >= t.cases,
        "too few generated workbooks are accepted: {:?}",
        t.outcomes
    );
}

// ---- mutated fixtures ------------------------------------------------------------

/// SplitMix64: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const INTERESTING_BYTES: [u8; 8] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE, b'9', b'<'];

/// Raw-byte mutations, for any file.
fn mutate_bytes(rng: &mut Rng, data: &[u8]) -> (String, Vec<u8>) {
    let mut d = data.to_vec();
    if d.is_empty() {
        return ("empty".into(), d);
    }
    match rng.below(6) {
        0 => {
            let n = 1 + rng.below(8);
            for _ in 0..n {
                let i = rng.below(d.len());
                d[i] ^= 1 << rng.below(8);
            }
            (format!("{n} bit flips"), d)
        }
        1 => {
            let n = 1 + rng.below(8);
            for _ in 0..n {
                let i = rng.below(d.len());
                d[i] = *rng.pick(&INTERESTING_BYTES);
            }
            (format!("{n} bytes replaced"), d)
        }
        2 => {
            let at = rng.below(d.len());
            d.truncate(at);
            (format!("truncated at {at}"), d)
        }
        3 => {
            let start = rng.below(d.len());
            let len = 1 + rng.below((d.len() - start).min(4096));
            let at = rng.below(d.len());
            let chunk = d[start..start + len].to_vec();
            let times = 1 + rng.below(4);
            for _ in 0..times {
                d.splice(at..at, chunk.iter().copied());
            }
            (
                format!("{len} bytes at {start} inserted {times}× at {at}"),
                d,
            )
        }
        4 => {
            let start = rng.below(d.len());
            let len = 1 + rng.below((d.len() - start).min(4096));
            d.drain(start..start + len);
            (format!("{len} bytes deleted at {start}"), d)
        }
        _ => {
            // A 2- or 4-byte little-endian field set to a boundary value.
            let i = rng.below(d.len().saturating_sub(4));
            let v: u32 = *rng.pick(&[
                0,
                1,
                0xFFFF,
                0x7FFF,
                0x8000,
                0xFFFF_FFFF,
                0x7FFF_FFFF,
                20_000,
                512,
                65_535,
            ]);
            let bytes = v.to_le_bytes();
            let n = if rng.below(2) == 0 { 2 } else { 4 };
            let n = n.min(d.len() - i);
            d[i..i + n].copy_from_slice(&bytes[..n]);
            (format!("{n}-byte field at {i} set to {v}"), d)
        }
    }
}

/// Numeric attributes of SpreadsheetML and OpenDocument parts, and values
/// to put in them.
const NUMBER_ATTRS: [&str; 14] = [
    "uniqueCount=\"",
    "count=\"",
    "s=\"",
    "numFmtId=\"",
    "sheetId=\"",
    "xfId=\"",
    "table:number-rows-repeated=\"",
    "table:number-columns-repeated=\"",
    "table:number-columns-spanned=\"",
    "table:number-rows-spanned=\"",
    "office:value=\"",
    "r=\"",
    "spans=\"",
    "ref=\"",
];
const NUMBERS: [&str; 16] = [
    "0",
    "-1",
    "1",
    "511",
    "512",
    "19999",
    "20000",
    "65535",
    "1048576",
    "16384",
    "2147483647",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "99999999999999999999999999",
    "1e309",
];
const REFS: [&str; 14] = [
    "XFD1048576",
    "A1:XFD1048576",
    "A1:A1048576",
    "A1:SR20000",
    "SR20000",
    "SS1",
    "A20001",
    "A0",
    "ZZZZZZ1",
    "A4294967296",
    "",
    "B2:A1",
    "A1:",
    "1:1",
];
const VALUES: [&str; 12] = [
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1e309",
    "-0",
    "5e-324",
    "",
    "abc",
    "99999999999999999999",
    "45366",
    "1.7976931348623157e308",
];

fn find_all(hay: &str, needle: &str) -> Vec<usize> {
    hay.match_indices(needle).map(|(i, _)| i).collect()
}

/// One textual mutation of an XML part.
fn mutate_xml(rng: &mut Rng, xml: &str) -> (String, String) {
    let mut s = xml.to_owned();
    match rng.below(7) {
        0 | 1 => {
            // A numeric or reference attribute inflated (or made absurd).
            let attrs: Vec<(&str, usize)> = NUMBER_ATTRS
                .iter()
                .flat_map(|a| find_all(&s, a).into_iter().map(move |i| (*a, i)))
                .collect();
            if attrs.is_empty() {
                return ("no attribute to inflate".into(), s);
            }
            let &(attr, at) = rng.pick(&attrs);
            let start = at + attr.len();
            let end = s[start..].find('"').map_or(s.len(), |e| start + e);
            let new = if matches!(attr, "r=\"" | "ref=\"" | "spans=\"") && rng.below(4) != 0 {
                *rng.pick(&REFS)
            } else {
                *rng.pick(&NUMBERS)
            };
            let old = s[start..end].to_owned();
            s.replace_range(start..end, new);
            (format!("{attr}{old}\" → \"{new}\""), s)
        }
        2 => {
            // A cell's value replaced.
            let at = find_all(&s, "<v>");
            if at.is_empty() {
                return ("no <v> to replace".into(), s);
            }
            let start = rng.pick(&at) + 3;
            let end = s[start..].find("</v>").map_or(start, |e| start + e);
            let new = *rng.pick(&VALUES);
            s.replace_range(start..end, new);
            (format!("a <v> set to {new:?}"), s)
        }
        3 => {
            // A row duplicated many times (the sheet grows, within bounds or not).
            let (open, close) = if s.contains("<table:table-row") {
                ("<table:table-row", "</table:table-row>")
            } else {
                ("<row", "</row>")
            };
            let at = find_all(&s, open);
            if at.is_empty() {
                return ("no row to duplicate".into(), s);
            }
            let start = *rng.pick(&at);
            let Some(end) = s[start..].find(close).map(|e| start + e + close.len()) else {
                return ("unclosed row".into(), s);
            };
            let times = *rng.pick(&[2usize, 20, 200, 1000]);
            let row = s[start..end].to_owned();
            s.insert_str(end, &row.repeat(times));
            (format!("a row duplicated {times}×"), s)
        }
        4 => {
            // A span deleted (breaks well-formedness, or removes an element).
            if s.is_empty() {
                return ("empty part".into(), s);
            }
            let start = rng.below(s.len());
            let len = 1 + rng.below(200);
            let end = (start + len).min(s.len());
            let (start, end) = (floor_char(&s, start), floor_char(&s, end));
            s.replace_range(start..end, "");
            (format!("{} bytes deleted at {start}", end - start), s)
        }
        5 => {
            // A token inserted at a tag boundary.
            let at = find_all(&s, "<");
            if at.is_empty() {
                return ("no tag".into(), s);
            }
            let i = *rng.pick(&at);
            let token = *rng.pick(&[
                "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
                "<c r=\"XFD1048576\"><v>1</v></c>",
                "<c r=\"SR20000\"><v>1</v></c>",
                "<row r=\"20000\"><c r=\"A20000\"><v>1</v></c></row>",
                "<mergeCell ref=\"A1:XFD1048576\"/>",
                "<dimension ref=\"A1:XFD1048576\"/>",
                "<table:table-row table:number-rows-repeated=\"19990\"><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"500\"/></table:table-row>",
                "<si><t>STT</t></si>",
                "&#0;",
                "]]>",
            ]);
            s.insert_str(i, token);
            (format!("{token:?} inserted"), s)
        }
        _ => {
            // Text nodes replaced by the form's words (a table may appear).
            let at = find_all(&s, "<t>");
            if at.is_empty() {
                return ("no <t>".into(), s);
            }
            let start = rng.pick(&at) + 3;
            let end = s[start..].find("</t>").map_or(start, |e| start + e);
            let new = *rng.pick(&[
                "STT",
                "Chỉ tiêu",
                "Số liệu kỳ báo cáo",
                "Kỳ báo cáo: Quý II năm 2024",
                "1.1",
                "86,97%",
                "Người lập biểu",
            ]);
            s.replace_range(start..end, new);
            (format!("a <t> set to {new:?}"), s)
        }
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The entries of a zip, in order.
fn unzip(data: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut z = zip::ZipArchive::new(Cursor::new(data)).ok()?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).ok()?;
        let name = e.name().ok()?.into_owned();
        let mut b = Vec::new();
        e.by_ref().take(64 << 20).read_to_end(&mut b).ok()?;
        out.push((name, b));
    }
    Some(out)
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, b) in parts {
        z.start_file(name.as_str(), opts).expect("zip entry");
        z.write_all(b).expect("zip write");
    }
    z.finish().expect("zip finish").into_inner()
}

/// Zip-aware mutations: an XML part edited, or a part dropped, then zipped
/// again with valid CRCs (raw mutations almost never get past a CRC).
fn mutate_zip(rng: &mut Rng, data: &[u8]) -> Option<(String, Vec<u8>)> {
    let mut parts = unzip(data)?;
    if rng.below(8) == 0 && parts.len() > 1 {
        let i = rng.below(parts.len());
        let (name, _) = parts.remove(i);
        return Some((format!("part {name} dropped"), rezip(&parts)));
    }
    let xml: Vec<usize> = (0..parts.len())
        .filter(|&i| {
            let n = &parts[i].0;
            (n.ends_with(".xml") || n.ends_with(".rels"))
                && !n.contains("theme")
                && !n.starts_with("docProps")
        })
        .collect();
    if xml.is_empty() {
        return None;
    }
    // Mostly the parts the reader looks at most.
    let sheets: Vec<usize> = xml
        .iter()
        .copied()
        .filter(|&i| {
            parts[i].0.contains("worksheets/")
                || parts[i].0 == "content.xml"
                || parts[i].0.contains("sharedStrings")
        })
        .collect();
    let i = if !sheets.is_empty() && rng.below(3) != 0 {
        *rng.pick(&sheets)
    } else {
        *rng.pick(&xml)
    };
    let text = String::from_utf8_lossy(&parts[i].1).into_owned();
    let (what, new) = mutate_xml(rng, &text);
    parts[i].1 = new.into_bytes();
    Some((format!("{}: {what}", parts[i].0), rezip(&parts)))
}

/// .xls mutations: a BIFF record of the Workbook stream edited inside the
/// compound file (raw mutations mostly break the container instead).
fn mutate_xls(rng: &mut Rng, data: &[u8]) -> Option<(String, Vec<u8>)> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(data.to_vec())).ok()?;
    let name = if cf.exists("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let mut stream = Vec::new();
    cf.open_stream(name).ok()?.read_to_end(&mut stream).ok()?;
    // The records: (offset, type, length).
    let mut records = Vec::new();
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]));
        records.push((pos, typ, len));
        pos += 4 + len;
    }
    if records.is_empty() {
        return None;
    }
    // Mostly the records that size or position things.
    const SIZING: [u16; 12] = [
        0x0200, 0x00E5, 0x0085, 0x00FC, 0x00FD, 0x0203, 0x027E, 0x00BD, 0x00BE, 0x0006, 0x0018,
        0x041E,
    ];
    let sizing: Vec<usize> = (0..records.len())
        .filter(|&i| SIZING.contains(&records[i].1))
        .collect();
    let k = if !sizing.is_empty() && rng.below(4) != 0 {
        *rng.pick(&sizing)
    } else {
        rng.below(records.len())
    };
    let (at, typ, len) = records[k];
    let what = if rng.below(5) == 0 {
        // The record's length field.
        let v: u16 = *rng.pick(&[0, 1, 2, 3, 0xFFFF, len as u16 / 2, len as u16 + 8]);
        stream[at + 2..at + 4].copy_from_slice(&v.to_le_bytes());
        format!("record 0x{typ:04X} at {at}: length {len} → {v}")
    } else if len >= 2 {
        let off = rng.below(len - 1) & !1;
        let wide = len >= off + 4 && rng.below(2) == 0;
        let v: u32 = *rng.pick(&[
            0,
            1,
            0xFF,
            0x100,
            0xFFFF,
            0x7FFF,
            0x8000,
            20_000,
            19_999,
            512,
            65_535,
            0xFFFF_FFFF,
            0x0806,
        ]);
        if wide {
            stream[at + 4 + off..at + 8 + off].copy_from_slice(&v.to_le_bytes());
        } else {
            stream[at + 4 + off..at + 6 + off].copy_from_slice(&(v as u16).to_le_bytes());
        }
        format!(
            "record 0x{typ:04X} at {at}: {} at +{off} → {v}",
            if wide { "u32" } else { "u16" }
        )
    } else {
        return None;
    };
    {
        let mut s = cf.create_stream(name).ok()?;
        s.write_all(&stream).ok()?;
        s.flush().ok()?;
    }
    cf.flush().ok()?;
    Some((what, cf.into_inner().into_inner()))
}

/// The workbooks of the fixture corpus (the zip bombs left out: each takes
/// seconds to refuse in a debug build, and tests/import_fixtures.rs runs
/// them).
fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures/import", "tests/fixtures/hostile"] {
        let Ok(rd) = std::fs::read_dir(repo().join(dir)) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            let small = e.metadata().map(|m| m.len() <= 200_000).unwrap_or(false);
            if matches!(ext, "xlsx" | "xlsm" | "xls" | "ods") && small {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn mutated_fixtures() {
    let per_fixture = env_count("IMPORT_FUZZ_MUTATIONS", 12);
    let seed = seed();
    let files = fixtures();
    assert!(
        files.len() >= 40,
        "fixtures not found under {}",
        repo().display()
    );
    let mut tally = Tally::default();
    for path in &files {
        let data = std::fs::read(path).expect("fixture");
        let file_name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let mut rng = Rng(seed
            ^ file_name
                .bytes()
                .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))));
        let is_zip = data.starts_with(b"PK\x03\x04");
        let is_ole = data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
        for n in 0..per_fixture {
            // Half structure-aware (when the file has a structure we know), half raw.
            let structured = match n % 2 {
                0 if is_zip => mutate_zip(&mut rng, &data),
                0 if is_ole => mutate_xls(&mut rng, &data),
                _ => None,
            };
            let (what, bytes) = structured.unwrap_or_else(|| mutate_bytes(&mut rng, &data));
            let label = format!("{file_name} #{n} ({what})");
            let (outcome, elapsed) = run_one(&label, &file_name, &bytes, None);
            tally.add(&label, outcome, elapsed);
        }
    }
    tally.print("mutated fixtures");
}

// ---- peak memory, in a child process ------------------------------------------------

/// Set in the child: the file to import.
const CHILD_FILE: &str = "IMPORT_FUZZ_CHILD_FILE";

/// In a child process started by `peak_memory_of_large_inputs`: imports the
/// file named by IMPORT_FUZZ_CHILD_FILE and prints the outcome. Without the
/// variable (a normal test run) it does nothing.
#[test]
fn child_import() {
    let Some(path) = std::env::var_os(CHILD_FILE) else {
        return;
    };
    let bytes = std::fs::read(&path).expect("child input");
    let name = Path::new(&path)
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let start = Instant::now();
    let outcome = with_store(|s| import_checked(s, &name, &bytes, None));
    // This process's own peak (VmHWM): the parent's wait4 rusage would also
    // count the parent's memory, which Linux carries over fork and exec.
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm_kb: i64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(-1);
    println!(
        "CHILD-OUTCOME {outcome} {:.3} {hwm_kb}",
        start.elapsed().as_secs_f64()
    );
}

struct ChildRun {
    status: String,
    outcome: String,
    max_rss_mb: i64,
    wall: Duration,
}

/// Runs `child_import` on `path` in a child process (this test binary),
/// which reports its peak resident memory (VmHWM); wait4 says how it ended.
#[cfg(unix)]
#[allow(unsafe_code)]
fn run_child(path: &Path) -> ChildRun {
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe().expect("test binary");
    let start = Instant::now();
    let mut child = Command::new(exe)
        .args(["--exact", "child_import", "--nocapture", "--test-threads=1"])
        .env(CHILD_FILE, path)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("child");
    let pid = child.id() as libc::pid_t;
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let mut status: libc::c_int = 0;
    let mut killed = false;
    loop {
        // SAFETY: `pid` is our own child; `status` is valid for writes.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            break;
        }
        assert!(r >= 0, "waitpid: {}", std::io::Error::last_os_error());
        if start.elapsed() > Duration::from_secs(120) && !killed {
            // SAFETY: signalling our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wall = start.elapsed();
    // Reaped by waitpid: std's handle must not wait again.
    std::mem::forget(child);
    let stdout = t_out.join().unwrap_or_default();
    let stderr = t_err.join().unwrap_or_default();
    let status = if killed {
        "killed after 120 s".to_owned()
    } else if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        "exited".to_owned()
    } else if libc::WIFSIGNALED(status) {
        format!(
            "killed by signal {} ({})",
            libc::WTERMSIG(status),
            stderr.lines().rev().take(3).collect::<Vec<_>>().join(" | ")
        )
    } else {
        format!(
            "failed ({})",
            stderr.lines().rev().take(3).collect::<Vec<_>>().join(" | ")
        )
    };
    // "CHILD-OUTCOME <outcome words…> <seconds> <VmHWM kB>"
    let line = stdout
        .lines()
        .find_map(|l| l.find("CHILD-OUTCOME ").map(|i| &l[i + 14..]))
        .unwrap_or("");
    let words: Vec<&str> = line.split_whitespace().collect();
    let (outcome, max_rss_mb) = match words.as_slice() {
        [o @ .., _, kb] if !o.is_empty() => (o.join(" "), kb.parse::<i64>().unwrap_or(-1) / 1024),
        _ => (String::new(), -1),
    };
    ChildRun {
        status,
        outcome,
        max_rss_mb,
        wall,
    }
}

/// The parts of a fixture, one replaced (or added) and zipped again.
fn with_part(fixture: &str, name: &str, content: &[u8]) -> Vec<u8> {
    with_parts(fixture, &[(name, content)])
}

/// The fixture with these parts replaced (or added), zipped again.
fn with_parts(fixture: &str, replaced: &[(&str, &[u8])]) -> Vec<u8> {
    let data = std::fs::read(repo().join(fixture)).expect("fixture");
    let mut parts = unzip(&data).expect("zip fixture");
    for (name, content) in replaced {
        match parts.iter_mut().find(|(n, _)| n == name) {
            Some(p) => p.1 = content.to_vec(),
            None => parts.push(((*name).to_owned(), content.to_vec())),
        }
    }
    rezip(&parts)
}

fn part_of(fixture: &str, name: &str) -> String {
    let data = std::fs::read(repo().join(fixture)).expect("fixture");
    let parts = unzip(&data).expect("zip fixture");
    String::from_utf8(parts.into_iter().find(|(n, _)| n == name).expect("part").1).expect("utf-8")
}

/// legacy.xls with its shared-string table replaced by `n` empty strings
/// (3 bytes each: SST, then CONTINUE records), the sheets' offsets moved.
fn xls_with_sst_of_empty_strings(n: usize) -> Vec<u8> {
    let data = std::fs::read(repo().join("tests/fixtures/import/legacy.xls")).expect("legacy.xls");
    let mut cf = cfb::CompoundFile::open(Cursor::new(data)).expect("cfb");
    let mut stream = Vec::new();
    cf.open_stream("/Workbook")
        .expect("Workbook")
        .read_to_end(&mut stream)
        .expect("read");
    let mut records = Vec::new();
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]));
        records.push((pos, typ, stream[pos + 4..pos + 4 + len].to_vec()));
        pos += 4 + len;
    }
    // The new table: a header (cstTotal, cstUnique) and n × (cch 0, flags 0).
    let mut body = Vec::with_capacity(8 + 3 * n);
    body.extend_from_slice(&(n as u32).to_le_bytes());
    body.extend_from_slice(&(n as u32).to_le_bytes());
    body.resize(8 + 3 * n, 0);
    let mut sst = Vec::new();
    let first = 8 + 3 * 2738;
    let mut chunks = vec![&body[..first.min(body.len())]];
    chunks.extend(body[first.min(body.len())..].chunks(3 * 2741));
    for (k, chunk) in chunks.iter().enumerate() {
        let typ: u16 = if k == 0 { 0x00FC } else { 0x003C };
        sst.extend_from_slice(&typ.to_le_bytes());
        sst.extend_from_slice(&(chunk.len() as u16).to_le_bytes());
        sst.extend_from_slice(chunk);
    }
    let (sst_at, _, old) = records.iter().find(|r| r.1 == 0x00FC).expect("SST").clone();
    // Records that continued the old table go too.
    let mut old_end = sst_at + 4 + old.len();
    while let Some(r) = records.iter().find(|r| r.0 == old_end && r.1 == 0x003C) {
        old_end += 4 + r.2.len();
    }
    let delta = sst.len() as i64 - (old_end - sst_at) as i64;
    let mut out = Vec::new();
    for (at, typ, mut d) in records {
        if at == sst_at {
            out.extend_from_slice(&sst);
            continue;
        }
        if at > sst_at && at < old_end {
            continue;
        }
        if typ == 0x0085 {
            let off = u32::from_le_bytes([d[0], d[1], d[2], d[3]]) as i64;
            if off > sst_at as i64 {
                d[..4].copy_from_slice(&((off + delta) as u32).to_le_bytes());
            }
        }
        out.extend_from_slice(&typ.to_le_bytes());
        out.extend_from_slice(&(d.len() as u16).to_le_bytes());
        out.extend_from_slice(&d);
    }
    {
        let mut s = cf.create_stream("/Workbook").expect("stream");
        s.write_all(&out).expect("write");
    }
    cf.flush().expect("flush");
    cf.into_inner().into_inner()
}

/// A worksheet of `rows` × `cols` numeric cells.
fn big_sheet(rows: u32, cols: u32, cell: impl Fn(u32, u32) -> String) -> Vec<u8> {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for r in 0..rows {
        x.push_str(&format!("<row r=\"{}\">", r + 1));
        for c in 0..cols {
            x.push_str(&cell(r, c));
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x.into_bytes()
}

fn col_letters(c: u32) -> String {
    let mut c = c + 1;
    let mut s = Vec::new();
    while c > 0 {
        s.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

// ---- regressions -------------------------------------------------------------------

/// Every file of tests/fixtures/fuzz, and the error code it must give
/// ("ok" for a file that imports). Each is described in the folder's
/// README.md; they are run in a child process, since some of them once
/// aborted the process (an allocation failure cannot be caught).
const REGRESSIONS: &[(&str, &str)] = &[
    ("xls-mergecells-count.xls", "malformed"),
    ("sst-prefixed.xlsx", "too_many_cells"),
    ("sst-late.xlsx", "too_many_cells"),
    ("sst-case.xlsx", "too_many_cells"),
    ("ods-corners.ods", "too_many_cells"),
    ("ods-value-only.ods", "too_many_cells"),
    ("ods-formula-only.ods", "too_many_cells"),
    ("ods-percent.ods", "too_many_cells"),
    ("xls-corners.xls", "too_many_cells"),
    ("xls-rk-nan.xls", "ok"),
    ("xlsx-value-nan.xlsx", "ok"),
    ("ods-value-1e309.ods", "ok"),
    ("xlsx-shared-long.xlsx", "too_many_cells"),
    ("xls-eof-length.xls", "malformed"),
    ("ods-truncated-table.ods", "malformed"),
    ("ods-truncated-annotation.ods", "malformed"),
    ("ods-text-spaces.ods", "too_many_cells"),
    ("ods-text-repeated.ods", "too_many_cells"),
    ("xlsx-shared-formula-index.xlsx", "too_many_cells"),
    ("xlsx-shared-formula-copies.xlsx", "too_many_cells"),
];

#[cfg(unix)]
#[test]
fn fuzz_regressions() {
    let dir = repo().join("tests/fixtures/fuzz");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    files.sort();
    let mut problems = Vec::new();
    for name in &files {
        let Some(&(_, expected)) = REGRESSIONS.iter().find(|(n, _)| n == name) else {
            problems.push(format!(
                "tests/fixtures/fuzz/{name} has no expected outcome in REGRESSIONS"
            ));
            continue;
        };
        let run = run_child(&dir.join(name));
        eprintln!(
            "{name:<28} {:>4} MB peak  {:>6.1?}  {} {}",
            run.max_rss_mb, run.wall, run.status, run.outcome
        );
        if run.status != "exited"
            || !run.outcome.starts_with(expected)
            || !(0..MAX_RSS_MB).contains(&run.max_rss_mb)
            || run.wall > HANG
        {
            problems.push(format!(
                "{name}: {}, outcome {:?} (expected {expected}), peak {} MB, {:.1?}",
                run.status, run.outcome, run.max_rss_mb, run.wall
            ));
        }
    }
    for (name, _) in REGRESSIONS {
        if !files.iter().any(|f| f == name) {
            problems.push(format!(
                "REGRESSIONS names {name}, which is not in tests/fixtures/fuzz"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---- large inputs ------------------------------------------------------------------

/// Inputs at the edges of the scan's bounds (the largest accepted, the
/// smallest refused), each in a child process: peak memory under 300 MB.
#[cfg(unix)]
#[test]
fn peak_memory_of_large_inputs() {
    let base = "tests/fixtures/import/base.xlsx";
    let mut cases: Vec<(&str, &str, Vec<u8>)> = vec![
        // More real shared strings than the bound, declared as one.
        ("sst-many.xlsx", "sst: 250 000 strings, uniqueCount=1", {
            let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\">");
            for i in 0..250_000u32 {
                s.push_str(&format!("<si><t>{}</t></si>", i % 10));
            }
            s.push_str("</sst>");
            with_part(base, "xl/sharedStrings.xml", s.as_bytes())
        }),
        // As many cells as a workbook may hold (the largest accepted), and
        // more.
        (
            "xlsx-cells.xlsx",
            "xlsx: 398 × 500 numeric cells (just under the bound)",
            with_part(
                base,
                "xl/worksheets/sheet1.xml",
                &big_sheet(398, 500, |r, c| {
                    format!("<c r=\"{}{}\"><v>1</v></c>", col_letters(c), r + 1)
                }),
            ),
        ),
        (
            "xlsx-strings.xlsx",
            "xlsx: 398 × 500 cells of one shared string",
            with_part(
                base,
                "xl/worksheets/sheet1.xml",
                &big_sheet(398, 500, |r, c| {
                    format!("<c r=\"{}{}\" t=\"s\"><v>1</v></c>", col_letters(c), r + 1)
                }),
            ),
        ),
        (
            "xlsx-cells-over.xlsx",
            "xlsx: 402 × 500 numeric cells (just over)",
            with_part(
                base,
                "xl/worksheets/sheet1.xml",
                &big_sheet(402, 500, |r, c| {
                    format!("<c r=\"{}{}\"><v>1</v></c>", col_letters(c), r + 1)
                }),
            ),
        ),
        ("xlsx-merges.xlsx", "xlsx: 10 001 merged areas", {
            let mut s = part_of(base, "xl/worksheets/sheet1.xml");
            let merges: String = (0..10_001u32)
                .map(|i| format!("<mergeCell ref=\"Z{}:AA{}\"/>", 100 + i, 100 + i))
                .collect();
            let at = s.find("</sheetData>").expect("sheetData") + "</sheetData>".len();
            let at = match s.find("<mergeCells") {
                Some(m) => {
                    let end = s[m..]
                        .find("</mergeCells>")
                        .map(|e| m + e + "</mergeCells>".len())
                        .expect("mergeCells end");
                    s.replace_range(m..end, "");
                    m
                }
                None => at,
            };
            s.insert_str(
                at,
                &format!("<mergeCells count=\"10001\">{merges}</mergeCells>"),
            );
            with_part(base, "xl/worksheets/sheet1.xml", s.as_bytes())
        }),
    ];
    // Time, not memory: a form of 20 000 rows with names and no codes (each
    // name compared with the catalogue's), and 10 000 merged areas under 400
    // rows that could be headers.
    let rows = env_count("IMPORT_FUZZ_NO_CODE_ROWS", 4_000) as u32;
    cases.push(("xlsx-no-codes.xlsx", "xlsx: thousands of rows named, no codes", {
        let names = catalogue_items();
        let strings: String = names.iter().map(|(_, n)| format!("<si><t>{}</t></si>", n.replace('&', "&amp;").replace('<', "&lt;"))).collect();
        let header = "<si><t>STT</t></si><si><t>Chỉ tiêu</t></si><si><t>Số liệu kỳ báo cáo</t></si><si><t>Kỳ báo cáo: Quý II năm 2024</t></si><si><t>Đơn vị báo cáo: UBND tỉnh Thái Nguyên</t></si>";
        let n = names.len();
        let sst = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{header}{strings}</sst>");
        let sheet = big_sheet(rows, 3, |r, c| match (r, c) {
            (0, 0) => "<c r=\"A1\" t=\"s\"><v>4</v></c>".into(),
            (1, 0) => "<c r=\"A2\" t=\"s\"><v>3</v></c>".into(),
            (3, c) => format!("<c r=\"{}4\" t=\"s\"><v>{c}</v></c>", col_letters(c)),
            (r, 1) if r > 3 => format!("<c r=\"B{}\" t=\"s\"><v>{}</v></c>", r + 1, 5 + (r as usize * 7) % n),
            (r, 2) if r > 3 => format!("<c r=\"C{}\"><v>{}</v></c>", r + 1, r % 100),
            _ => String::new(),
        });
        with_parts(base, &[("xl/sharedStrings.xml", sst.as_bytes()), ("xl/worksheets/sheet1.xml", &sheet)])
    }));
    cases.push(("xlsx-merges-stt.xlsx", "xlsx: 10 000 merged areas, 400 rows that could be headers", {
        let sheet = {
            let mut x = big_sheet(400, 1, |r, _| format!("<c r=\"A{}\" t=\"inlineStr\"><is><t>STT</t></is></c><c r=\"IV{}\"><v>1</v></c>", r + 1, r + 1)).into_iter().collect::<Vec<u8>>();
            let merges: String = (0..10_000u32).map(|i| format!("<mergeCell ref=\"A{}:IV{}\"/>", 500 + i, 500 + i)).collect();
            let tail = b"</sheetData></worksheet>";
            x.truncate(x.len() - tail.len());
            x.extend_from_slice(format!("</sheetData><mergeCells count=\"10000\">{merges}</mergeCells></worksheet>").as_bytes());
            x
        };
        with_part(base, "xl/worksheets/sheet1.xml", &sheet)
    }));
    cases.push((
        "xlsx-sheets.xlsx",
        "xlsx: 10 000 sheets naming the same part",
        {
            let wb = part_of(base, "xl/workbook.xml");
            let start = wb.find("<sheets>").expect("sheets") + "<sheets>".len();
            let end = wb.find("</sheets>").expect("/sheets");
            let one = &wb[start..end];
            let rid = one
                .split("r:id=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .expect("r:id")
                .to_owned();
            let many: String = (0..10_000u32)
                .map(|i| {
                    format!(
                        "<sheet name=\"S{i}\" sheetId=\"{}\" r:id=\"{rid}\"/>",
                        i + 1
                    )
                })
                .collect();
            let wb = format!("{}{many}{}", &wb[..start], &wb[end..]);
            with_part(base, "xl/workbook.xml", wb.as_bytes())
        },
    ));
    // The tables the reader loads whole when it opens a workbook: styles,
    // defined names, relationships; the .xls shared strings.
    let styles = |n: usize| {
        let styles = part_of(base, "xl/styles.xml");
        let start = styles.find("<cellXfs").expect("cellXfs");
        let end = styles.find("</cellXfs>").expect("/cellXfs") + "</cellXfs>".len();
        let xfs = "<xf fontId=\"0\"/>".repeat(n);
        let styles = format!(
            "{}<cellXfs count=\"{n}\">{xfs}</cellXfs>{}",
            &styles[..start],
            &styles[end..]
        );
        with_part(base, "xl/styles.xml", styles.as_bytes())
    };
    cases.push((
        "xlsx-styles.xlsx",
        "xlsx: 65 000 cell formats (xf, the most accepted)",
        styles(65_000),
    ));
    cases.push((
        "xlsx-styles-over.xlsx",
        "xlsx: 70 000 cell formats (xf) in styles.xml",
        styles(70_000),
    ));
    cases.push((
        "xlsx-names.xlsx",
        "xlsx: 70 000 defined names in workbook.xml",
        {
            let wb = part_of(base, "xl/workbook.xml");
            let names: String = (0..70_000u32)
                .map(|i| format!("<definedName name=\"n{i}\">A1</definedName>"))
                .collect();
            let at = wb.find("</sheets>").expect("/sheets") + "</sheets>".len();
            let wb = format!(
                "{}<definedNames>{names}</definedNames>{}",
                &wb[..at],
                &wb[at..]
            );
            with_part(base, "xl/workbook.xml", wb.as_bytes())
        },
    ));
    cases.push((
        "xlsx-rels.xlsx",
        "xlsx: 70 000 relationships in workbook.xml.rels",
        {
            let rels = part_of(base, "xl/_rels/workbook.xml.rels");
            let many: String = (0..70_000u32)
                .map(|i| format!("<Relationship Id=\"x{i}\" Type=\"t\" Target=\"a{i}.xml\"/>"))
                .collect();
            let at = rels.find("</Relationships>").expect("/Relationships");
            let rels = format!("{}{many}{}", &rels[..at], &rels[at..]);
            with_part(base, "xl/_rels/workbook.xml.rels", rels.as_bytes())
        },
    ));
    cases.push((
        "xls-sst.xls",
        "xls: a shared-string table of 1 300 000 empty strings (3.9 MB, accepted)",
        xls_with_sst_of_empty_strings(1_300_000),
    ));
    cases.push((
        "xls-sst-over.xls",
        "xls: a shared-string table of 1 500 000 empty strings (4.5 MB)",
        xls_with_sst_of_empty_strings(1_500_000),
    ));
    // One huge cell (the reader has no 32 767-character limit): a name of
    // millions of distinct words (compared with the catalogue's names), a
    // text figure of tens of megabytes (kept as typed, twice, in the preview).
    let huge_cell = |cell: &str, text: &str| {
        let sheet = part_of(base, "xl/worksheets/sheet1.xml");
        let at = sheet.find(&format!("<c r=\"{cell}\"")).expect("cell");
        let end = sheet[at..]
            .find("</c>")
            .map(|e| at + e + 4)
            .expect("cell end");
        let new = format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>");
        let sheet = format!("{}{new}{}", &sheet[..at], &sheet[end..]);
        with_part(base, "xl/worksheets/sheet1.xml", sheet.as_bytes())
    };
    // (At 40 MB, before cells were bounded: 619 and 663 MB; 2 MB shows the
    // bound in a debug build's time.)
    cases.push((
        "xlsx-huge-name.xlsx",
        "xlsx: a name cell of 300 000 distinct words (2 MB)",
        {
            let words: String = (0..300_000u32).map(|i| format!("w{i} ")).collect();
            huge_cell("B11", &words)
        },
    ));
    cases.push((
        "xlsx-huge-figure.xlsx",
        "xlsx: a figure cell of 2 MB of text",
        huge_cell("F11", &"86,97 ".repeat(350_000)),
    ));
    // One long shared string referenced by many cells: each cell holds its
    // own copy.
    cases.push(("xlsx-shared-long.xlsx", "xlsx: a 30 000-character shared string in 10 000 cells", {
        let sst = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>{}</t></si></sst>",
            "x".repeat(30_000)
        );
        let sheet = big_sheet(100, 100, |r, c| format!("<c r=\"{}{}\" t=\"s\"><v>0</v></c>", col_letters(c), r + 1));
        with_parts(base, &[("xl/sharedStrings.xml", sst.as_bytes()), ("xl/worksheets/sheet1.xml", &sheet)])
    }));
    // Time: 400 rows that could be headers ("STT" first), each with 255
    // cells of 80 characters (10 MB of the text budget): every
    // header candidate's cells are folded and classified.
    cases.push((
        "xlsx-wide-headers.xlsx",
        "xlsx: 400 rows of \"STT\" and 255 cells of 80 characters",
        {
            let text = "Số liệu kỳ báo cáo năm 2024 của đơn vị ".repeat(2);
            let sheet = big_sheet(400, 256, |r, c| {
                let t = if c == 0 {
                    "STT".to_owned()
                } else {
                    format!("{c} {text}")
                };
                format!(
                    "<c r=\"{}{}\" t=\"inlineStr\"><is><t>{t}</t></is></c>",
                    col_letters(c),
                    r + 1
                )
            });
            with_part(base, "xl/worksheets/sheet1.xml", &sheet)
        },
    ));
    if let Ok(only) = std::env::var("IMPORT_FUZZ_LARGE") {
        cases.retain(|(name, _, _)| name.contains(only.as_str()));
    }
    // IMPORT_FUZZ_LARGE_DIR keeps the inputs (to look at them, or profile).
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = std::env::var_os("IMPORT_FUZZ_LARGE_DIR")
        .map_or_else(|| temp.path().to_owned(), PathBuf::from);
    std::fs::create_dir_all(&dir).expect("input folder");
    let mut problems = Vec::new();
    for (name, what, bytes) in &cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write input");
        let run = run_child(&path);
        eprintln!(
            "{name:<20} {:>8} KB  {:>4} MB peak  {:>6.1?}  {} {}  — {what}",
            bytes.len() / 1024,
            run.max_rss_mb,
            run.wall,
            run.status,
            run.outcome
        );
        if run.status != "exited"
            || run.outcome.is_empty()
            || !(0..MAX_RSS_MB).contains(&run.max_rss_mb)
            || run.wall > Duration::from_secs(60)
        {
            let kept = save_failure(name, name, bytes);
            problems.push(format!(
                "{name} ({what}): {}, outcome {:?}, peak {} MB, {:.1?}; input written to {}",
                run.status,
                run.outcome,
                run.max_rss_mb,
                run.wall,
                kept.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

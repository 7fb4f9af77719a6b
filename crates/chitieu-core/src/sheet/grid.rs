//! Reading a workbook's sheets into bounded grids of cells.
//!
//! Run only after `scan` accepted the bytes. For .xlsx the cells are streamed
//! one by one (never a full-range allocation); .xls and .ods are read through
//! the reader's ranges, whose extent `scan` has already bounded. A sheet that
//! passes the form's bounds (a cell beyond them, more cells or text than any
//! form) is skipped as soon as it does, its cells dropped: only the form's own
//! sheet is held to them (`Grid::too_large`).

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, SheetVisible, Xls, XlsOptions, Xlsx, XlsxError};

use super::limits::{
    MAX_CELLS, MAX_CELL_CHARS, MAX_COLS, MAX_MERGES, MAX_ROWS, MAX_SHEETS, MAX_TEXT_BYTES,
};
use super::scan::{self, a1, repair, Findings, Format};
use super::SheetError;

/// A cell's value as the workbook holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date or time, as text (dd/mm/yyyy, or ISO).
    Date(String),
    /// An error value (`#N/A`).
    Error(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    /// The cell's number format shows a percentage.
    pub percent: bool,
    /// The formula, when the value is a formula's cached result.
    pub formula: Option<String>,
}

impl Cell {
    /// The cell as text, the way a person reads it.
    pub fn text(&self) -> String {
        match &self.value {
            Value::Empty => String::new(),
            Value::Text(s) | Value::Date(s) | Value::Error(s) => s.clone(),
            Value::Number(v) => crate::number::format_vi(*v),
            Value::Bool(b) => {
                if *b {
                    "TRUE".into()
                } else {
                    "FALSE".into()
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.value {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One sheet: its cells by (row, column), 0-based, and merged areas.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub hidden: bool,
    pub cells: BTreeMap<(u32, u32), Cell>,
    /// Merged areas as ((row, col) top-left, (row, col) bottom-right).
    pub merged: Vec<((u32, u32), (u32, u32))>,
    /// Why the sheet is too large to be the form (a cell beyond the form's
    /// bounds): its cells were not kept.
    pub too_large: Option<String>,
    /// Cells read as empty because the workbook does not hold their value
    /// (a shared string past the table), and why: (row, column, why).
    pub unreadable: Vec<(u32, u32, String)>,
}

impl Grid {
    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells.get(&(row, col))
    }

    pub fn text(&self, row: u32, col: u32) -> String {
        self.get(row, col).map(Cell::text).unwrap_or_default()
    }

    /// The rows that hold at least one cell, in order.
    pub fn rows(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.cells.keys().map(|k| k.0).collect();
        rows.dedup();
        rows
    }

    /// The cells of one row, by column.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, &Cell)> {
        self.cells
            .range((row, 0)..=(row, u32::MAX))
            .map(|(k, c)| (k.1, c))
    }

    /// The top-left cell of the merged area covering (row, col), if any.
    pub fn merge_origin(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        self.merged
            .iter()
            .find(|(a, b)| (a.0..=b.0).contains(&row) && (a.1..=b.1).contains(&col))
            .map(|(a, _)| *a)
    }
}

/// Days from the Excel epoch to a date, as dd/mm/yyyy.
fn excel_date(serial: f64, is_1904: bool) -> String {
    let base = if is_1904 {
        time::macros::date!(1904 - 01 - 01)
    } else {
        time::macros::date!(1899 - 12 - 30)
    };
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return serial.to_string();
    }
    let days = serial.floor() as i64;
    match base.checked_add(time::Duration::days(days)) {
        Some(d) if serial.fract() == 0.0 => crate::period::dmy(d),
        Some(d) => {
            let secs = ((serial.fract()) * 86_400.0).round() as i64;
            format!(
                "{} {:02}:{:02}",
                crate::period::dmy(d),
                secs / 3600,
                (secs / 60) % 60
            )
        }
        None => serial.to_string(),
    }
}

/// A number as the workbook holds it. One no spreadsheet can hold (infinite,
/// not a number: `1e309`, `NaN` in a damaged or forged file) reads as Excel's
/// `#NUM!` error value, so no figure is ever infinite or NaN.
fn number(v: f64) -> Value {
    if v.is_finite() {
        Value::Number(v)
    } else {
        Value::Error("#NUM!".into())
    }
}

fn value_of_data(d: &Data, is_1904: bool) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Float(f) => number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => Value::Date(excel_date(dt.as_f64(), is_1904)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

fn value_of_ref(d: &DataRef<'_>, is_1904: bool) -> Value {
    match d {
        DataRef::Empty => Value::Empty,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_owned()),
        DataRef::Float(f) => number(*f),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => Value::Date(excel_date(dt.as_f64(), is_1904)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Date(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
    }
}

/// The reader's error, said in Vietnamese; its own (English) text follows
/// in parentheses.
fn reader_error(file: &str, e: impl std::fmt::Display) -> SheetError {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return SheetError::Encrypted {
            file: file.to_owned(),
        };
    }
    let what = if lower.contains("cfb") || lower.contains("sector") {
        "vùng chứa dữ liệu của tệp Excel 97-2003 bị hỏng hoặc bị cắt cụt"
    } else if lower.contains("relationship") || lower.contains("not found") {
        "tệp thiếu một phần mà bảng tính trỏ tới (tệp không trọn vẹn)"
    } else if lower.contains("range is missing") || lower.contains("expecting alphanumeric") {
        "một trang tính ghi sai vùng ô của nó (phần tử dimension)"
    } else if lower.contains("zip") {
        "tệp nén bị hỏng hoặc bị cắt cụt"
    } else if lower.contains("xml") || lower.contains("eof") {
        "một phần nội dung XML của tệp bị hỏng"
    } else {
        "trình đọc bảng tính gặp dữ liệu không đúng định dạng"
    };
    SheetError::Malformed {
        file: file.to_owned(),
        detail: format!("{what} ({})", cut(&text, 200)),
    }
}

/// A library's text, cut to `max` characters for a message.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// What the cells kept from a workbook add up to, refused beyond the bounds
/// (the .xlsx reader streams cells, so only here are they counted).
#[derive(Default, Clone, Copy)]
struct Budget {
    cells: u64,
    text: usize,
}

impl Budget {
    fn keep(
        &mut self,
        file: &str,
        sheet: &str,
        (row, col): (u32, u32),
        cell: &Cell,
    ) -> Result<(), SheetError> {
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(SheetError::TooManyCells {
                file: file.to_owned(),
                sheet: String::new(),
                what: format!("có hơn {MAX_CELLS} ô có dữ liệu, nhiều hơn mọi biểu mẫu Phụ lục 01"),
            });
        }
        match &cell.value {
            Value::Text(t) | Value::Date(t) | Value::Error(t) => {
                self.text(file, sheet, (row, col), t)?
            }
            _ => {}
        }
        if let Some(f) = &cell.formula {
            self.text(file, sheet, (row, col), f)?;
        }
        Ok(())
    }

    fn text(
        &mut self,
        file: &str,
        sheet: &str,
        (row, col): (u32, u32),
        text: &str,
    ) -> Result<(), SheetError> {
        // Bytes are at least characters: count characters only when needed.
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            return Err(SheetError::TooManyCells {
                file: file.to_owned(),
                sheet: sheet.to_owned(),
                what: format!(
                    "ô {} dài {} ký tự, hơn mức Excel cho phép trong một ô ({MAX_CELL_CHARS})",
                    a1(row, col),
                    text.chars().count()
                ),
            });
        }
        self.text += text.len();
        if self.text > MAX_TEXT_BYTES {
            return Err(SheetError::TooManyCells {
                file: file.to_owned(),
                sheet: String::new(),
                what: format!(
                    "chứa hơn {} MB chữ, nhiều hơn mọi biểu mẫu Phụ lục 01",
                    MAX_TEXT_BYTES >> 20
                ),
            });
        }
        Ok(())
    }
}

fn check_sheets(file: &str, sheets: usize) -> Result<(), SheetError> {
    if sheets > MAX_SHEETS {
        return Err(SheetError::TooManyCells {
            file: file.to_owned(),
            sheet: String::new(),
            what: format!("có {sheets} trang tính, nhiều hơn mọi biểu mẫu Phụ lục 01"),
        });
    }
    Ok(())
}

/// Why a cell at (row, col) makes its sheet too large to be the form.
fn too_far(row: u32, col: u32) -> Option<String> {
    (row >= MAX_ROWS || col >= MAX_COLS).then(|| {
        format!(
            "có ô ở vị trí {}, xa hơn mọi ô một biểu mẫu Phụ lục 01 cần",
            a1(row, col)
        )
    })
}

/// What a budget's refusal says about the sheet.
fn what_of(e: SheetError) -> String {
    match e {
        SheetError::TooManyCells { what, .. } => what,
        other => other.to_string(),
    }
}

/// Drops the cells of a sheet too large to be the form, giving back what
/// they took from the workbook's budget.
fn skip(grid: &mut Grid, why: String, budget: &mut Budget, before: Budget) {
    grid.cells.clear();
    grid.merged.clear();
    grid.too_large = Some(why);
    *budget = before;
}

thread_local! {
    /// Set while this thread runs the spreadsheet reader under `guarded`.
    static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs the spreadsheet reader, turning a panic inside it into a
/// `Malformed` error.
///
/// The reader trusts lengths and counts written in the file: calamine's .xls
/// parsers slice record data by them without checking (a MERGECELLS record
/// whose count says 2054 areas in 50 bytes, a BOUNDSHEET offset past the
/// stream, a Lbl whose formula is longer than the record, …). `scan` bounds
/// what could exhaust memory; re-checking every field of every record there
/// would mean a second BIFF parser, so an out-of-bounds read is caught here
/// instead. The panic hook is silenced only while the reader runs on this
/// thread: a panic anywhere else still reaches the previous hook.
fn guarded<T>(file: &str, read: impl FnOnce() -> Result<T, SheetError>) -> Result<T, SheetError> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_READER.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = IN_READER.with(|f| f.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    IN_READER.with(|f| f.set(was));
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(SheetError::Malformed {
            file: file.to_owned(),
            detail: format!("trình đọc bảng tính gặp dữ liệu hỏng ({why})"),
        })
    })
}

/// Reads every worksheet of the workbook in `bytes`.
pub fn read(
    file: &str,
    bytes: &[u8],
    format: Format,
    findings: &Findings,
) -> Result<Vec<Grid>, SheetError> {
    // The package as repaired by the scan, where the reader would refuse it.
    let bytes = findings.repaired.as_deref().unwrap_or(bytes);
    guarded(file, || read_unguarded(file, bytes, format, findings))
}

fn read_unguarded(
    file: &str,
    bytes: &[u8],
    format: Format,
    findings: &Findings,
) -> Result<Vec<Grid>, SheetError> {
    match format {
        Format::Xlsx => {
            let known = known_sheet_types(file, bytes)?;
            match read_xlsx(file, &known, findings.has_formulas) {
                // A shared-string index past the table: Excel and openpyxl
                // read the cell as empty; so does the grid, with a note.
                Err(Unread::SharedString) => match repair::pad_shared_strings(file, &known)? {
                    Some(padded) => {
                        read_xlsx(file, &padded, findings.has_formulas).map_err(|e| e.refusal(file))
                    }
                    None => Err(Unread::SharedString.refusal(file)),
                },
                other => other.map_err(|e| e.refusal(file)),
            }
        }
        Format::Xls => {
            let mut options = XlsOptions::default();
            options.force_codepage = findings.code_page;
            let wb: Xls<_> = Xls::new_with_options(Cursor::new(bytes), options)
                .map_err(|e| reader_error(file, e))?;
            read_ranges(file, wb, findings, false)
        }
        Format::Ods => {
            let wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| reader_error(file, e))?;
            read_ranges(file, wb, findings, true)
        }
    }
}

/// Relationship types of sheets the reader does not know: Excel 4.0 macro
/// sheets (XLM), which Excel still saves in .xlsm files.
const MACRO_SHEET_TYPES: [&[u8]; 2] = [
    b"relationships/xlMacrosheet",
    b"relationships/xlIntlMacrosheet",
];

/// The package with its macro sheets declared as dialog sheets. The reader
/// refuses a workbook listing a sheet of a type it does not know ("Unrecognized
/// sheet:type"); a dialog sheet it knows, lists as such and never reads (only
/// worksheets are read here). Other parts are copied as they are.
fn known_sheet_types<'a>(
    file: &str,
    bytes: &'a [u8],
) -> Result<std::borrow::Cow<'a, [u8]>, SheetError> {
    use std::io::{Read, Write};
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let broken = |e: zip::result::ZipError| reader_error(file, e);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    // The relationship parts naming a macro sheet, rewritten (the scan has
    // bounded every part's size).
    let mut rewritten: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(broken)?;
        if !entry
            .name()
            .map_err(broken)?
            .to_ascii_lowercase()
            .ends_with(".rels")
        {
            continue;
        }
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|e| reader_error(file, e))?;
        if MACRO_SHEET_TYPES.iter().any(|t| find(&data, t).is_some()) {
            rewritten.insert(i, as_dialog_sheets(&data));
        }
    }
    if rewritten.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        match rewritten.get(&i) {
            Some(data) => {
                let name = zip
                    .by_index_raw(i)
                    .map_err(broken)?
                    .name()
                    .map_err(broken)?
                    .into_owned();
                out.start_file(name, stored).map_err(broken)?;
                out.write_all(data).map_err(|e| reader_error(file, e))?;
            }
            None => out
                .raw_copy_file(zip.by_index_raw(i).map_err(broken)?)
                .map_err(broken)?,
        }
    }
    Ok(std::borrow::Cow::Owned(
        out.finish().map_err(broken)?.into_inner(),
    ))
}

/// `data` with every macro-sheet relationship type made a dialog sheet's,
/// in one pass.
fn as_dialog_sheets(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        match MACRO_SHEET_TYPES.iter().find(|t| data[i..].starts_with(t)) {
            Some(t) => {
                out.extend_from_slice(b"relationships/dialogsheet");
                i += t.len();
            }
            None => {
                out.push(data[i]);
                i += 1;
            }
        }
    }
    out
}

fn read_ranges<R, W>(
    file: &str,
    mut wb: W,
    findings: &Findings,
    ods: bool,
) -> Result<Vec<Grid>, SheetError>
where
    R: std::io::Read + std::io::Seek,
    W: Reader<R>,
    W::Error: std::fmt::Display,
{
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet || ods)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    check_sheets(file, sheets.len())?;
    let all_names = wb.sheet_names();
    let mut out = Vec::new();
    let mut budget = Budget::default();
    // Text in a code page: composed, as typed (see `Findings`).
    let compose = |t: &str| -> String {
        use unicode_normalization::UnicodeNormalization;
        if findings.code_page_text {
            t.nfc().collect()
        } else {
            t.to_owned()
        }
    };
    for (name, hidden) in sheets {
        let index = all_names.iter().position(|n| *n == name).unwrap_or(0);
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| reader_error(file, e))?;
        let formulas = wb.worksheet_formula(&name).ok();
        let mut grid = Grid {
            name: compose(&name),
            hidden,
            ..Grid::default()
        };
        let before = budget;
        for (r, c, d) in range.used_cells() {
            let (row, col) = match range.start() {
                Some((r0, c0)) => (r0 + r as u32, c0 + c as u32),
                None => continue,
            };
            if let Some(why) = too_far(row, col) {
                skip(&mut grid, why, &mut budget, before);
                break;
            }
            let value = match value_of_data(d, false) {
                Value::Text(t) if findings.code_page_text => Value::Text(compose(&t)),
                v => v,
            };
            let formula = formulas
                .as_ref()
                .and_then(|f| f.get_value((row, col)))
                .filter(|f| !f.is_empty())
                .cloned();
            if value == Value::Empty && formula.is_none() {
                continue;
            }
            let percent = findings.percent_cells.contains(&(index, row, col));
            let cell = Cell {
                value,
                percent,
                formula,
            };
            if let Err(e) = budget.keep(file, &name, (row, col), &cell) {
                skip(&mut grid, what_of(e), &mut budget, before);
                break;
            }
            grid.cells.insert((row, col), cell);
        }
        out.push(grid);
    }
    Ok(out)
}

/// Why an .xlsx was not read.
#[derive(Debug)]
enum Unread {
    /// A cell names a shared string past the table.
    SharedString,
    Refused(SheetError),
}

impl Unread {
    fn refusal(self, file: &str) -> SheetError {
        match self {
            Unread::SharedString => reader_error(file, SHARED_STRING_MISSING),
            Unread::Refused(e) => e,
        }
    }
}

impl From<SheetError> for Unread {
    fn from(e: SheetError) -> Self {
        Unread::Refused(e)
    }
}

/// The reader's text for a cell naming a shared string past the table.
const SHARED_STRING_MISSING: &str = "Cell string index not found in shared strings table";

/// The reader's error while reading cells, telling a missing shared string.
fn cell_error(file: &str, e: XlsxError) -> Unread {
    match e {
        XlsxError::Unexpected(t) if t == SHARED_STRING_MISSING => Unread::SharedString,
        e => Unread::Refused(reader_error(file, e)),
    }
}

fn read_xlsx(file: &str, bytes: &[u8], has_formulas: bool) -> Result<Vec<Grid>, Unread> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| reader_error(file, e))?;
    let is_1904 = wb.has_1904_epoch();
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    check_sheets(file, sheets.len())?;
    let mut out = Vec::new();
    let mut budget = Budget::default();
    for (name, hidden) in sheets {
        let mut grid = Grid {
            name: name.clone(),
            hidden,
            ..Grid::default()
        };
        let before = budget;
        {
            let mut reader = match wb.worksheet_cells_reader(&name) {
                Ok(r) => r,
                // The sheet's part is missing from the package (its
                // relationship names a part that is not there): an empty
                // sheet, as Excel and openpyxl read it.
                Err(XlsxError::WorksheetNotFound(_)) => {
                    out.push(grid);
                    continue;
                }
                Err(e) => return Err(cell_error(file, e)),
            };
            let percent_styles: Vec<bool> = reader
                .styles()
                .iter()
                .map(|s| {
                    s.number_format.as_ref().is_some_and(|n| {
                        matches!(n.format_id, Some(9 | 10))
                            || scan::is_percent_format(&n.format_code)
                    })
                })
                .collect();
            while let Some((cell, style)) = reader
                .next_cell_with_style_id()
                .map_err(|e| cell_error(file, e))?
            {
                let (row, col) = cell.get_position();
                if let Some(why) = too_far(row, col) {
                    // Not read further: its cells are not kept.
                    skip(&mut grid, why, &mut budget, before);
                    break;
                }
                let value = value_of_ref(cell.get_value(), is_1904);
                if matches!(&value, Value::Text(t) if t == repair::MISSING_STRING) {
                    grid.unreadable.push((
                        row,
                        col,
                        "ghi một chuỗi không có trong bảng chuỗi của tệp".to_owned(),
                    ));
                    continue;
                }
                if value == Value::Empty {
                    continue;
                }
                let percent = percent_styles.get(style).copied().unwrap_or(false);
                let cell = Cell {
                    value,
                    percent,
                    formula: None,
                };
                if let Err(e) = budget.keep(file, &name, (row, col), &cell) {
                    // More cells or text than any form: not read further.
                    skip(&mut grid, what_of(e), &mut budget, before);
                    break;
                }
                grid.cells.insert((row, col), cell);
            }
        }
        if grid.too_large.is_some() {
            out.push(grid);
            continue;
        }
        if has_formulas {
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| reader_error(file, e))?;
            while let Some(c) = reader
                .next_cell_with_formula()
                .map_err(|e| cell_error(file, e))?
            {
                if let Some(f) = c.formula.filter(|f| !f.is_empty()) {
                    if let Some(cell) = grid.cells.get_mut(&c.pos) {
                        if let Err(e) = budget.text(file, &name, c.pos, &f) {
                            skip(&mut grid, what_of(e), &mut budget, before);
                            break;
                        }
                        cell.formula = Some(f);
                    }
                }
            }
            if grid.too_large.is_some() {
                out.push(grid);
                continue;
            }
        }
        if let Ok(areas) = wb.merge_cells_by_sheet_name(&name) {
            if areas.len() > MAX_MERGES {
                skip(
                    &mut grid,
                    format!(
                        "có {} vùng gộp ô, nhiều hơn mọi biểu mẫu Phụ lục 01",
                        areas.len()
                    ),
                    &mut budget,
                    before,
                );
                out.push(grid);
                continue;
            }
            grid.merged.extend(areas.iter().map(|d| (d.start, d.end)));
        }
        out.push(grid);
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The refusal a reader's error gives.
    pub(crate) fn reader_error_of(file: &str, text: &str) -> SheetError {
        reader_error(file, text)
    }

    #[test]
    fn macro_sheets_become_dialog_sheets() {
        let rels = br#"<Relationship Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="a"/><Relationship Type="http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet"/>"#;
        let out = String::from_utf8(as_dialog_sheets(rels)).unwrap();
        assert_eq!(
            out.matches("relationships/dialogsheet\"").count(),
            2,
            "{out}"
        );
        assert!(!out.contains("Macrosheet"), "{out}");
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(45366.0, false), "15/03/2024");
        assert_eq!(excel_date(45366.5, false), "15/03/2024 12:00");
    }
}

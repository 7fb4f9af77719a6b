//! Looking at a file before any spreadsheet reader does.
//!
//! Spreadsheets are untrusted. A spreadsheet library trusts what a file
//! declares: a shared-string table "of four billion entries" is reserved up
//! front, a cell at XFD1048576 makes a full-range read allocate sixteen
//! billion cells, a forged DIMENSIONS record in an .xls does the same, and
//! some of those allocations abort the process (they cannot be caught). So
//! this module checks, with bounded memory and time, everything that would
//! make the reader allocate more than a Phụ lục 01 form can need:
//!
//! - the file's size;
//! - its kind, from its bytes, not its name (zip: xlsx/xlsm/ods; OLE: xls or
//!   an encrypted OOXML package; anything else is not a spreadsheet);
//! - for zip files: the number of entries, every entry's real inflated size
//!   (inflated by streaming into nothing, so a lying header cannot hide a
//!   bomb), encryption, DOCTYPE/ENTITY declarations in XML parts, the declared
//!   and the real size of the shared-string table, the number of entries of
//!   the other tables the reader loads whole (styles, defined names,
//!   relationships); part names compared as the reader compares them (any
//!   case, `\` for `/`);
//! - for .xls: every BIFF record that positions a cell or declares the
//!   sheet's dimensions, read in the workbook's own version (BIFF5, Excel
//!   5.0/95: 16-bit rows, strings in its code page; BIFF8) as the reader reads
//!   them; encryption (FILEPASS); and, since the reader does not say, which
//!   cells are formatted as percentages (Excel 2.x–4.0 files, without an OLE
//!   container, are named as too old);
//! - for .ods: the extent of non-empty cells, counting repeated rows and
//!   columns; which cells are percentages.
//!
//! The .xls and .ods readers allocate every cell of a sheet's area (from its
//! first to its last cell, empty or not) and hold every cell of the workbook
//! at once, so the area and the number of cells with content are bounded
//! here. A cell beyond the bounds a form can need does not refuse the
//! workbook: `grid` skips its sheet (units keep data sheets beside the form).
//! The workbook part of a zip package is found as the reader finds it, through
//! `_rels/.rels`; a password-protected .ods is named by its manifest.

mod biff;
mod ods;
pub(in crate::sheet) mod repair;
mod zip;

use std::collections::HashSet;

use self::biff::scan_ole;
use self::zip::scan_zip;
use super::limits::*;
use super::SheetError;

/// What the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
}

/// What the scan learned that the reader does not tell.
#[derive(Debug, Default)]
pub struct Findings {
    /// (sheet index, row, column) of cells formatted as percentages, for
    /// formats whose reader does not expose number formats (xls, ods).
    pub percent_cells: HashSet<(usize, u32, u32)>,
    /// Whether any worksheet part holds a formula (`<f`): when none does,
    /// the reader's formula pass is skipped.
    pub has_formulas: bool,
    /// The workbook's text is in a code page (Excel 5.0/95 and older), whose
    /// Vietnamese writes tone marks as combining characters: the text read
    /// is composed (NFC), as the person typed it.
    pub code_page_text: bool,
    /// The code page the reader is to read the workbook's text in, where
    /// the workbook names one the reader does not know (32769, Excel 97's
    /// "ANSI Latin I": Windows-1252, as xlrd reads it; see `biff`).
    pub code_page: Option<u16>,
    /// The package, repaired where the reader would refuse what Excel and
    /// LibreOffice open (`repair`): read instead of the file's bytes.
    pub repaired: Option<Vec<u8>>,
}

/// A1 reference of a 0-based (row, column).
pub fn a1(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Checks the bytes of `file` (its name, for messages) and says what they are.
pub fn scan(file: &str, bytes: &[u8]) -> Result<(Format, Findings), SheetError> {
    let f = || file.to_owned();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge {
            file: f(),
            bytes: bytes.len() as u64,
        });
    }
    if bytes.is_empty() {
        return Err(SheetError::NotASpreadsheet {
            file: f(),
            what: "tệp rỗng (0 byte)".into(),
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return scan_zip(file, bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return scan_ole(file, bytes);
    }
    if let Some(version) = old_excel(bytes) {
        return Err(SheetError::TooOld {
            file: f(),
            format: version.into(),
        });
    }
    if let Some(format) = xml_spreadsheet(bytes) {
        return Err(SheetError::Unsupported {
            file: f(),
            format: format.into(),
        });
    }
    Err(SheetError::NotASpreadsheet {
        file: f(),
        what: sniff(bytes).into(),
    })
}

/// A spreadsheet saved as one XML document, which the reader does not read:
/// a flat OpenDocument spreadsheet (.fods) or an Excel 2003 XML workbook.
fn xml_spreadsheet(bytes: &[u8]) -> Option<&'static str> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let body = head.trim_start_matches('\u{feff}').trim_start();
    if !body.starts_with('<') {
        return None;
    }
    if head.contains("office:document")
        && head.contains("application/vnd.oasis.opendocument.spreadsheet")
    {
        Some("OpenDocument phẳng (.fods, bảng tính LibreOffice Calc lưu thành một tệp XML)")
    } else if head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        Some("Bảng tính XML 2003 (XML Spreadsheet 2003)")
    } else {
        None
    }
}

/// The Excel version of a workbook saved before Excel 5.0 (1993): no OLE
/// container, the BIFF2, BIFF3 or BIFF4 stream alone, starting with its BOF
/// record (type 0x0009, 0x0209 or 0x0409; version; document type).
fn old_excel(bytes: &[u8]) -> Option<&'static str> {
    let typ = u16_at(bytes, 0)?;
    let len = u16_at(bytes, 2)?;
    // Document types: worksheet, chart, macro sheet, workspace (BIFF4W: 0x0100).
    let dt = u16_at(bytes, 6)?;
    if !(4..=16).contains(&len) || !matches!(dt, 0x0010 | 0x0020 | 0x0040 | 0x0100) {
        return None;
    }
    match typ {
        0x0009 => Some("Excel 2.x"),
        0x0209 => Some("Excel 3.0"),
        0x0409 if dt == 0x0100 => Some("Excel 4.0 (sổ làm việc)"),
        0x0409 => Some("Excel 4.0"),
        _ => None,
    }
}

/// A guess at what a non-spreadsheet is, to help the person.
fn sniff(bytes: &[u8]) -> &'static str {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    if head.starts_with("%pdf") {
        "tệp PDF"
    } else if head.contains("<html") || head.contains("<!doctype html") || head.contains("<table") {
        "trang HTML (nhiều hệ thống xuất HTML nhưng đặt tên .xls)"
    } else if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() {
        "tệp văn bản (có thể là CSV)"
    } else {
        "không phải tệp Excel (.xlsx, .xlsm, .xls) hay LibreOffice (.ods)"
    }
}

fn malformed(file: &str, detail: impl Into<String>) -> SheetError {
    SheetError::Malformed {
        file: file.to_owned(),
        detail: detail.into(),
    }
}
fn too_far(file: &str, sheet: &str, row: u64, col: u64) -> SheetError {
    let what = if row <= u64::from(u32::MAX) && col <= u64::from(u32::MAX) {
        format!(
            "có ô ở vị trí {}, xa hơn mọi ô một biểu mẫu Phụ lục 01 cần",
            a1(row as u32, col as u32)
        )
    } else {
        "có ô ở vị trí ngoài giới hạn của bảng tính".to_owned()
    };
    SheetError::TooManyCells {
        file: file.to_owned(),
        sheet: sheet.to_owned(),
        what,
    }
}

/// The area a sheet's cells span (first and last row and column).
#[derive(Debug, Default)]
struct Extent(Option<(u64, u64, u64, u64)>);

impl Extent {
    /// Widens the extent to the cells `first..=last`, refusing an area larger
    /// than `MAX_AREA`.
    fn add(
        &mut self,
        file: &str,
        sheet: &str,
        first: (u64, u64),
        last: (u64, u64),
    ) -> Result<(), SheetError> {
        let (r0, r1, c0, c1) = match self.0 {
            Some((r0, r1, c0, c1)) => (
                r0.min(first.0),
                r1.max(last.0),
                c0.min(first.1),
                c1.max(last.1),
            ),
            None => (first.0, last.0, first.1, last.1),
        };
        self.0 = Some((r0, r1, c0, c1));
        let area = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
        if area > MAX_AREA {
            return Err(SheetError::TooManyCells {
                file: file.to_owned(),
                sheet: sheet.to_owned(),
                what: format!("các ô trải trên {} dòng × {} cột (từ {} đến {}), lớn hơn mọi biểu mẫu Phụ lục 01", r1 - r0 + 1, c1 - c0 + 1, a1(r0 as u32, c0 as u32), a1(r1 as u32, c1 as u32)),
            });
        }
        Ok(())
    }
}

fn too_many_sheets(file: &str) -> SheetError {
    SheetError::TooManyCells {
        file: file.to_owned(),
        sheet: String::new(),
        what: format!("có hơn {MAX_SHEETS} trang tính, nhiều hơn mọi biểu mẫu Phụ lục 01"),
    }
}

fn too_many_names(file: &str) -> SheetError {
    SheetError::TooManyCells {
        file: file.to_owned(),
        sheet: String::new(),
        what: format!("có hơn {MAX_TABLE_ENTRIES} tên vùng, nhiều hơn mọi biểu mẫu Phụ lục 01"),
    }
}

fn too_many_cells(file: &str) -> SheetError {
    SheetError::TooManyCells {
        file: file.to_owned(),
        sheet: String::new(),
        what: format!("có hơn {MAX_CELLS} ô có dữ liệu, nhiều hơn mọi biểu mẫu Phụ lục 01"),
    }
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    d.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Whether an Excel number format shows a percentage.
pub fn is_percent_format(code: &str) -> bool {
    let mut in_quotes = false;
    let mut in_brackets = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => in_quotes = !in_quotes,
            '[' if !in_quotes => in_brackets = true,
            ']' if !in_quotes => in_brackets = false,
            '%' if !in_quotes && !in_brackets => return true,
            _ => {}
        }
    }
    false
}

/// A BIFF8 string body: a flags byte (bit 0: two bytes a character) then
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 5), "F12");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn percent_formats() {
        for c in ["0%", "0.00%", "0.0%;[Red]-0.0%", "#,##0.00 %"] {
            assert!(is_percent_format(c), "{c}");
        }
        for c in ["0.00", "General", "\"%\"0", "0.00\\%", "[$%-409]0"] {
            assert!(!is_percent_format(c), "{c}");
        }
    }

    #[test]
    fn non_spreadsheets_are_named() {
        let e = scan("a.xlsx", b"STT;Chi tieu\n1.1;85\n").unwrap_err();
        assert_eq!(e.code(), "not_a_spreadsheet");
        assert!(
            e.to_string().contains("a.xlsx") && e.to_string().contains("CSV"),
            "{e}"
        );
        assert_eq!(scan("a.xlsx", b"").unwrap_err().code(), "not_a_spreadsheet");
        assert_eq!(
            scan("a.xls", b"<html><table>").unwrap_err().code(),
            "not_a_spreadsheet"
        );
        assert_eq!(
            scan("a.xlsx", b"PK\x03\x04garbage").unwrap_err().code(),
            "malformed"
        );
    }

    #[test]
    fn xml_spreadsheets_are_named_unsupported() {
        let fods = br#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet/></office:body></office:document>"#;
        let e = scan("bao-cao.fods", fods).unwrap_err();
        assert_eq!(e.code(), "unsupported_format", "{e}");
        let text = e.to_string();
        assert!(
            text.starts_with("Tệp «bao-cao.fods»")
                && text.contains(".fods")
                && text.contains("LibreOffice Calc rồi lưu lại"),
            "{text}"
        );
        let xml2003 = br#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>"#;
        assert_eq!(
            scan("a.xml", xml2003).unwrap_err().code(),
            "unsupported_format"
        );
        // Other XML stays text.
        assert_eq!(
            scan("a.xlsx", b"<?xml version=\"1.0\"?><note/>")
                .unwrap_err()
                .code(),
            "not_a_spreadsheet"
        );
    }

    #[test]
    fn excel_before_95_is_named_too_old() {
        // BOF records of BIFF2, BIFF3, BIFF4 and a BIFF4 workbook: type,
        // length, version, document type.
        for (bytes, version) in [
            (&b"\x09\x00\x04\x00\x02\x00\x10\x00"[..], "Excel 2.x"),
            (b"\x09\x02\x06\x00\x00\x00\x10\x00\x00\x00", "Excel 3.0"),
            (b"\x09\x04\x06\x00\x00\x00\x10\x00\x00\x00", "Excel 4.0"),
            (
                b"\x09\x04\x06\x00\x00\x00\x00\x01\x00\x00",
                "Excel 4.0 (sổ làm việc)",
            ),
        ] {
            let e = scan("cu.xls", bytes).unwrap_err();
            assert_eq!(e.code(), "unsupported_format", "{e}");
            assert!(
                e.to_string().contains(version) && e.to_string().contains("quá cũ"),
                "{e}"
            );
        }
        // A tab-separated text is still text.
        assert_eq!(
            scan("a.xls", b"\tSTT\tChi tieu\n").unwrap_err().code(),
            "not_a_spreadsheet"
        );
    }
}

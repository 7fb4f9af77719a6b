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

use std::collections::HashSet;
use std::io::{Cursor, Read};

use super::grid::MAX_TEXT_BYTES;
use super::ImportError;

/// Largest file accepted (a Phụ lục 01 form is tens of kilobytes).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Most entries in a zip container.
pub const MAX_ZIP_ENTRIES: usize = 2_000;
/// Largest inflated size of one zip entry, and of all together.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 160 * 1024 * 1024;
/// Largest shared-string table declared.
pub const MAX_SHARED_STRINGS: u64 = 200_000;
/// Cells beyond these (0-based row or column) are refused.
pub const MAX_ROWS: u32 = 20_000;
pub const MAX_COLS: u32 = 512;
/// Largest area (rows × columns from a sheet's first cell to its last) of a
/// sheet the .xls and .ods readers allocate in full (about 56 bytes a cell).
pub const MAX_AREA: u64 = 1_000_000;
/// Most cells with content in a workbook (a Phụ lục 01 form has a few
/// thousand).
pub const MAX_CELLS: u64 = 200_000;
/// Most sheets in a workbook (the reader reads every one).
pub const MAX_SHEETS: usize = 256;
/// Most entries of each kind in the tables the reader loads whole when it
/// opens a workbook: cell formats, fonts, fills, borders, number formats,
/// defined names, relationships (Excel itself stops at 64 000 formats).
pub const MAX_TABLE_ENTRIES: u64 = 65_536;
/// Largest shared-string table of an .xls (SST and its CONTINUE records): an
/// empty string takes 3 bytes there and 24 in memory.
pub const MAX_XLS_SST_BYTES: usize = 4 * 1024 * 1024;

/// The parts the reader loads whole when it opens a workbook, and what each
/// may hold: (element, most of them). `part` is folded (lower case, `/`).
fn table_limits(part: &str) -> Option<&'static [(&'static str, u64)]> {
    const E: u64 = MAX_TABLE_ENTRIES;
    if part.ends_with("sharedstrings.xml") {
        Some(&[("si", MAX_SHARED_STRINGS)])
    } else if part.ends_with("styles.xml") {
        Some(&[
            ("xf", E),
            ("font", E),
            ("fill", E),
            ("border", E),
            ("numFmt", E),
        ])
    } else if part.ends_with("workbook.xml") {
        Some(&[("sheet", MAX_SHEETS as u64), ("definedName", E)])
    } else if part.ends_with(".rels") {
        Some(&[("Relationship", E)])
    } else {
        None
    }
}

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
pub fn scan(file: &str, bytes: &[u8]) -> Result<(Format, Findings), ImportError> {
    let f = || file.to_owned();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            file: f(),
            bytes: bytes.len() as u64,
        });
    }
    if bytes.is_empty() {
        return Err(ImportError::NotASpreadsheet {
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
        return Err(ImportError::TooOld {
            file: f(),
            format: version.into(),
        });
    }
    Err(ImportError::NotASpreadsheet {
        file: f(),
        what: sniff(bytes).into(),
    })
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

fn malformed(file: &str, detail: impl Into<String>) -> ImportError {
    ImportError::Malformed {
        file: file.to_owned(),
        detail: detail.into(),
    }
}

fn scan_zip(file: &str, bytes: &[u8]) -> Result<(Format, Findings), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| malformed(file, format!("tệp nén hỏng hoặc bị cắt cụt ({e})")))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(ImportError::ZipBomb {
            file: file.to_owned(),
            part: format!("{} phần", zip.len()),
        });
    }
    // A password-protected OpenDocument file keeps its parts encrypted
    // inside an ordinary zip (no zip encryption); its manifest says so.
    if let Ok(manifest) = zip.by_name("META-INF/manifest.xml") {
        let mut head = Vec::new();
        manifest
            .take(1024 * 1024)
            .read_to_end(&mut head)
            .map_err(|e| {
                malformed(
                    file,
                    format!("phần «META-INF/manifest.xml» không giải nén được ({e})"),
                )
            })?;
        if contains(&head, b"encryption-data") {
            return Err(ImportError::Encrypted {
                file: file.to_owned(),
            });
        }
    }
    let mut names = Vec::with_capacity(zip.len());
    let mut total: u64 = 0;
    let mut ods_content: Option<Vec<u8>> = None;
    let mut mimetype = String::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut formulas = false;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| malformed(file, format!("phần thứ {} của tệp nén hỏng ({e})", i + 1)))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.encrypted() {
            return Err(ImportError::Encrypted {
                file: file.to_owned(),
            });
        }
        // Honest headers: refuse at once what declares too much.
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(ImportError::ZipBomb {
                file: file.to_owned(),
                part: name,
            });
        }
        // The reader finds parts by name in any case, `\\` read as `/`.
        let folded = name.replace('\\', "/").to_ascii_lowercase();
        let is_xml = folded.ends_with(".xml") || folded.ends_with(".rels");
        if let Some(limits) = table_limits(&folded) {
            // Streamed through an XML reader: the table's entries counted
            // (by local name, whatever their prefix), and the shared-string
            // table's declared size wherever its start tag is.
            let mut counted = Inflated {
                inner: &mut entry,
                inflated: 0,
                total: &mut total,
                over: false,
            };
            let checked = check_table(file, &name, limits, &mut counted);
            if counted.over {
                return Err(ImportError::ZipBomb {
                    file: file.to_owned(),
                    part: name,
                });
            }
            checked?;
            names.push(name);
            continue;
        }
        let is_sheet = name.starts_with("xl/worksheets/");
        let mut tail = [0u8; 2];
        // Whether the part may hold a formula element (`<f`, `:f`, followed
        // by a space, `>` or `/`): any part may be a worksheet for the
        // reader (it follows the workbook's relationships).
        let mut may_have_formulas = false;
        let mut last2 = [0u8; 2];
        let keep = name == "content.xml" || name == "mimetype";
        let mut kept = Vec::new();
        let mut head = Vec::new();
        let mut inflated: u64 = 0;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    return Err(malformed(
                        file,
                        format!("phần «{name}» không giải nén được ({e})"),
                    ))
                }
            };
            inflated += n as u64;
            total += n as u64;
            if inflated > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES {
                return Err(ImportError::ZipBomb {
                    file: file.to_owned(),
                    part: name,
                });
            }
            if is_sheet && !formulas {
                // "<f" anywhere, across chunk boundaries too.
                let chunk = &buf[..n];
                formulas = chunk.windows(2).any(|w| w == b"<f")
                    || (tail[1] == b'<' && chunk.first() == Some(&b'f'));
                tail = [if n >= 2 { chunk[n - 2] } else { tail[1] }, chunk[n - 1]];
            }
            if is_xml && !may_have_formulas {
                let chunk = &buf[..n];
                let element = |w: &[u8]| {
                    matches!(w[0], b'<' | b':')
                        && w[1] == b'f'
                        && (w[2].is_ascii_whitespace() || matches!(w[2], b'>' | b'/'))
                };
                let mut joint = last2.to_vec();
                joint.extend_from_slice(&chunk[..n.min(2)]);
                may_have_formulas = joint.windows(3).any(element) || chunk.windows(3).any(element);
                last2 = if n >= 2 {
                    [chunk[n - 2], chunk[n - 1]]
                } else {
                    [last2[1], chunk[n - 1]]
                };
            }
            if is_xml && head.len() < 4096 {
                head.extend_from_slice(&buf[..n.min(4096 - head.len())]);
            }
            if keep {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        if is_xml {
            let h = String::from_utf8_lossy(&head);
            if h.contains("<!DOCTYPE") || h.contains("<!ENTITY") {
                return Err(doctype(file, &name));
            }
        }
        drop(entry);
        if may_have_formulas && name != "content.xml" {
            // A worksheet anywhere in the package (the workbook's
            // relationships say where) may hold formulas.
            formulas = true;
            // Read again, as XML (its size is counted already).
            let mut again = zip
                .by_index(i)
                .map_err(|e| malformed(file, format!("phần «{name}» không giải nén được ({e})")))?;
            check_formulas(file, &name, &mut again)?;
        }
        match name.as_str() {
            "content.xml" => ods_content = Some(kept),
            "mimetype" => mimetype = String::from_utf8_lossy(&kept).trim().to_owned(),
            _ => {}
        }
        names.push(name);
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("EncryptionInfo") || has("EncryptedPackage") {
        return Err(ImportError::Encrypted {
            file: file.to_owned(),
        });
    }
    // The workbook part: where the package's relationships say (the reader
    // follows `_rels/.rels` too), usually xl/workbook.xml.
    let document = if has("_rels/.rels") {
        office_document(&mut zip)
    } else {
        None
    };
    let found = |target: &str| {
        let folded = target
            .trim_start_matches('/')
            .replace('\\', "/")
            .to_ascii_lowercase();
        names
            .iter()
            .any(|n| n.replace('\\', "/").to_ascii_lowercase() == folded)
    };
    let workbook = document.filter(|t| found(t));
    if workbook
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().ends_with(".bin"))
        || (workbook.is_none() && has("xl/workbook.bin"))
    {
        return Err(ImportError::Unsupported {
            file: file.to_owned(),
            format: "Excel nhị phân (.xlsb)".into(),
        });
    }
    if let Some(target) = workbook
        .as_deref()
        .filter(|t| !t.to_ascii_lowercase().ends_with("workbook.xml"))
    {
        // A workbook part under another name: the same bounds as under its
        // usual one (its sheets and defined names are loaded whole).
        let name = names
            .iter()
            .find(|n| {
                n.replace('\\', "/")
                    .eq_ignore_ascii_case(target.trim_start_matches('/'))
            })
            .cloned()
            .unwrap_or_default();
        let limits = table_limits("workbook.xml").unwrap_or(&[]);
        let mut entry = zip
            .by_name(&name)
            .map_err(|e| malformed(file, format!("phần «{name}» không giải nén được ({e})")))?;
        check_table(file, &name, limits, &mut entry)?;
    }
    if workbook.is_some() || has("xl/workbook.xml") {
        return Ok((
            Format::Xlsx,
            Findings {
                has_formulas: formulas,
                ..Findings::default()
            },
        ));
    }
    if let Some(content) = ods_content {
        if mimetype.is_empty() || mimetype == "application/vnd.oasis.opendocument.spreadsheet" {
            let findings = scan_ods_content(file, &content)?;
            return Ok((Format::Ods, findings));
        }
        return Err(ImportError::NotASpreadsheet {
            file: file.to_owned(),
            what: format!("tài liệu OpenDocument loại «{mimetype}», không phải bảng tính"),
        });
    }
    if has("word/document.xml") {
        return Err(ImportError::NotASpreadsheet {
            file: file.to_owned(),
            what: "tài liệu Word".into(),
        });
    }
    Err(ImportError::NotASpreadsheet {
        file: file.to_owned(),
        what: "tệp nén không chứa bảng tính".into(),
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The target of the package's officeDocument relationship (`_rels/.rels`),
/// as the reader finds it. The part's size was counted by the scan already.
fn office_document(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    use quick_xml::events::Event;
    let entry = zip.by_name("_rels/.rels").ok()?;
    let mut reader =
        quick_xml::Reader::from_reader(std::io::BufReader::new(entry.take(MAX_ENTRY_BYTES)));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (mut typ, mut target) = (String::new(), String::new());
                for a in e.attributes().with_checks(false).flatten() {
                    match a.key.as_ref() {
                        "Type" => typ = a.value.into_owned(),
                        "Target" => target = a.value.into_owned(),
                        _ => {}
                    }
                }
                if typ.ends_with("/relationships/officeDocument") && !target.is_empty() {
                    return Some(target);
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

fn doctype(file: &str, part: &str) -> ImportError {
    malformed(file, format!("phần «{part}» chứa khai báo DOCTYPE/ENTITY, điều mà Excel không bao giờ ghi (tệp có thể độc hại)"))
}

/// A zip entry being inflated, its bytes counted against the bounds (`over`
/// says a bound was passed; reading then fails).
struct Inflated<'a, R> {
    inner: R,
    inflated: u64,
    total: &'a mut u64,
    over: bool,
}

impl<R: Read> Read for Inflated<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.inflated += n as u64;
        *self.total += n as u64;
        if self.inflated > MAX_ENTRY_BYTES || *self.total > MAX_TOTAL_BYTES {
            self.over = true;
            return Err(std::io::Error::other("zip bomb"));
        }
        Ok(n)
    }
}

/// Most shared-formula groups of a worksheet: the reader sizes a table by
/// the largest group index (`si`) it meets.
pub const MAX_SHARED_FORMULAS: u64 = 65_536;

/// Checks the formulas of a part the reader may read as a worksheet. The
/// reader sizes a table by each shared formula's group index (`si`), and
/// writes the group's formula, translated, for every cell of the group: the
/// indexes, and the text of all those translations, are bounded here. The
/// part is read as the reader reads it; where this reading fails, so does
/// the reader's, and nothing after it is read.
fn check_formulas(file: &str, part: &str, data: &mut impl Read) -> Result<(), ImportError> {
    use quick_xml::events::Event;
    let too_many = |what: String| ImportError::TooManyCells {
        file: file.to_owned(),
        sheet: String::new(),
        what,
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(data));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    // Each group's formula length, by index; the group being read.
    let mut groups: Vec<u64> = Vec::new();
    let mut group: Option<(usize, u64)> = None;
    let mut copies: u64 = 0;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "f" => {
                let (mut shared, mut index, mut anchor) = (false, None, false);
                for a in e.attributes().with_checks(false).flatten() {
                    match a.key.as_ref() {
                        "t" => shared = a.value == "shared",
                        "si" => index = Some(a.value.into_owned()),
                        "ref" => anchor = true,
                        _ => {}
                    }
                }
                if shared {
                    let si: u64 =
                        index
                            .as_deref()
                            .and_then(|v| v.parse().ok())
                            .ok_or_else(|| {
                                malformed(
                                    file,
                                    format!(
                                        "phần «{part}» có công thức dùng chung không rõ số nhóm"
                                    ),
                                )
                            })?;
                    if si > MAX_SHARED_FORMULAS {
                        return Err(too_many(format!("phần «{part}» có công thức dùng chung số {si}, nhiều hơn mọi biểu mẫu Phụ lục 01")));
                    }
                    let si = si as usize;
                    if anchor {
                        group = Some((si, 0));
                    } else {
                        copies += groups.get(si).copied().unwrap_or(0);
                        if copies > MAX_TEXT_BYTES as u64 {
                            return Err(too_many(format!(
                                "phần «{part}» chép công thức dùng chung ra hơn {} MB chữ",
                                MAX_TEXT_BYTES >> 20
                            )));
                        }
                    }
                }
            }
            Event::Text(t) => {
                if let Some(g) = group.as_mut() {
                    g.1 += t.len() as u64;
                }
            }
            Event::CData(t) => {
                if let Some(g) = group.as_mut() {
                    g.1 += t.len() as u64;
                }
            }
            Event::GeneralRef(r) => {
                if let Some(g) = group.as_mut() {
                    g.1 += r.len() as u64 + 2;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "f" => {
                if let Some((si, len)) = group.take() {
                    if groups.len() <= si {
                        groups.resize(si + 1, 0);
                    }
                    groups[si] = len;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// Refuses a table holding more entries of a kind than `limits` allows, or a
/// shared-string table declaring more than it may hold. The reader keeps
/// every entry, and reserves room for the `uniqueCount` declared by the first
/// element named `sst` (any prefix, anywhere in the part).
fn check_table(
    file: &str,
    part: &str,
    limits: &[(&str, u64)],
    data: &mut impl Read,
) -> Result<(), ImportError> {
    use quick_xml::events::Event;
    let too_many = |what: String| ImportError::TooManyCells {
        file: file.to_owned(),
        sheet: String::new(),
        what,
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(&mut *data));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    let mut buf = Vec::new();
    let mut seen_sst = false;
    let mut counts = vec![0u64; limits.len()];
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| malformed(file, format!("phần «{part}» hỏng ({e})")))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if local == "sst" && !seen_sst {
                    seen_sst = true;
                    for a in e.attributes().with_checks(false).flatten() {
                        if a.key.as_ref() == "uniqueCount" {
                            let value = a.value.into_owned();
                            let n: u64 = value.trim().parse().unwrap_or(u64::MAX);
                            if n > MAX_SHARED_STRINGS {
                                return Err(too_many(format!(
                                    "bảng chuỗi khai báo {value} chuỗi (biểu mẫu chỉ cần vài trăm)"
                                )));
                            }
                        }
                    }
                }
                if let Some(k) = limits.iter().position(|(name, _)| *name == local) {
                    counts[k] += 1;
                    if counts[k] > limits[k].1 {
                        return Err(too_many(format!("phần «{part}» có hơn {} mục «{local}», nhiều hơn mọi biểu mẫu Phụ lục 01", limits[k].1)));
                    }
                }
            }
            Event::DocType(_) => return Err(doctype(file, part)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // What follows the XML still counts against the bounds.
    drop(reader);
    std::io::copy(data, &mut std::io::sink())
        .map_err(|e| malformed(file, format!("phần «{part}» không giải nén được ({e})")))?;
    Ok(())
}

fn too_far(file: &str, sheet: &str, row: u64, col: u64) -> ImportError {
    let what = if row <= u64::from(u32::MAX) && col <= u64::from(u32::MAX) {
        format!(
            "có ô ở vị trí {}, xa hơn mọi ô một biểu mẫu Phụ lục 01 cần",
            a1(row as u32, col as u32)
        )
    } else {
        "có ô ở vị trí ngoài giới hạn của bảng tính".to_owned()
    };
    ImportError::TooManyCells {
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
    ) -> Result<(), ImportError> {
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
            return Err(ImportError::TooManyCells {
                file: file.to_owned(),
                sheet: sheet.to_owned(),
                what: format!("các ô trải trên {} dòng × {} cột (từ {} đến {}), lớn hơn mọi biểu mẫu Phụ lục 01", r1 - r0 + 1, c1 - c0 + 1, a1(r0 as u32, c0 as u32), a1(r1 as u32, c1 as u32)),
            });
        }
        Ok(())
    }
}

fn too_many_sheets(file: &str) -> ImportError {
    ImportError::TooManyCells {
        file: file.to_owned(),
        sheet: String::new(),
        what: format!("có hơn {MAX_SHEETS} trang tính, nhiều hơn mọi biểu mẫu Phụ lục 01"),
    }
}

fn too_many_names(file: &str) -> ImportError {
    ImportError::TooManyCells {
        file: file.to_owned(),
        sheet: String::new(),
        what: format!("có hơn {MAX_TABLE_ENTRIES} tên vùng, nhiều hơn mọi biểu mẫu Phụ lục 01"),
    }
}

fn too_many_cells(file: &str) -> ImportError {
    ImportError::TooManyCells {
        file: file.to_owned(),
        sheet: String::new(),
        what: format!("có hơn {MAX_CELLS} ô có dữ liệu, nhiều hơn mọi biểu mẫu Phụ lục 01"),
    }
}

/// Scans an ODS `content.xml`: the extent of non-empty cells (repeats
/// counted) and the percentage cells.
fn scan_ods_content(file: &str, xml: &[u8]) -> Result<Findings, ImportError> {
    use quick_xml::events::{BytesStart, Event};
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().expand_empty_elements = false;
    let mut findings = Findings::default();
    let mut buf = Vec::new();
    let mut sheet: i64 = -1;
    let mut sheet_name = String::new();
    let (mut row, mut col): (u64, u64) = (0, 0);
    let mut row_repeat: u64 = 1;
    let attr = |e: &BytesStart<'_>, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.0 == name)
            .map(|a| a.value.into_owned())
    };
    // Attributes that give a cell a value (or a formula) for the reader,
    // with or without a value type.
    const VALUED: [&str; 7] = [
        "office:value-type",
        "office:value",
        "office:string-value",
        "office:date-value",
        "office:time-value",
        "office:boolean-value",
        "table:formula",
    ];
    let mut extent = Extent::default();
    let mut cells: u64 = 0;
    let mut text: u64 = 0;
    let mut names: u64 = 0;
    // Elements open: the reader loops until a table's end tag, forever if
    // the document ends first.
    let mut depth: u64 = 0;
    // The cell being read.
    let mut cell: Option<OdsCell> = None;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| malformed(file, format!("content.xml hỏng ({e})")))?;
        match &ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.name().0 {
                    "table:table" => {
                        sheet += 1;
                        if sheet >= MAX_SHEETS as i64 {
                            return Err(too_many_sheets(file));
                        }
                        sheet_name = attr(e, "table:name").unwrap_or_default();
                        row = 0;
                        extent = Extent::default();
                    }
                    "table:table-row" => {
                        row_repeat = attr(e, "table:number-rows-repeated")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1);
                        col = 0;
                        if empty {
                            row += row_repeat;
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let repeat: u64 = attr(e, "table:number-columns-repeated")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1);
                        let kind = attr(e, "office:value-type");
                        let percent = kind.as_deref() == Some("percentage");
                        let valued = e.attributes().flatten().any(|a| VALUED.contains(&a.key.0));
                        // The reader keeps the value's and the formula's text
                        // (counted here by every attribute's) for each repeat.
                        let attributes: u64 =
                            e.attributes().flatten().map(|a| a.value.len() as u64).sum();
                        let c = OdsCell {
                            repeat,
                            percent,
                            valued,
                            text: attributes,
                        };
                        if empty {
                            let counts = (&mut extent, &mut cells, &mut text);
                            finish_cell(
                                file,
                                &sheet_name,
                                sheet,
                                row,
                                row_repeat,
                                &mut col,
                                c,
                                &mut findings,
                                counts,
                            )?;
                        } else {
                            cell = Some(c);
                        }
                    }
                    "text:p" | "text:span" | "text:s" | "text:tab" | "text:line-break" => {
                        if let Some(c) = cell.as_mut() {
                            c.valued = true;
                            // `text:s` stands for `text:c` spaces, which the
                            // reader writes out one by one.
                            let n = match e.name().0 {
                                "text:s" => attr(e, "text:c")
                                    .and_then(|v| v.trim().parse().ok())
                                    .unwrap_or(1),
                                "text:tab" | "text:line-break" => 1,
                                _ => 0,
                            };
                            c.text = c.text.saturating_add(n);
                        }
                    }
                    "table:named-range" | "table:named-expression" => {
                        // The reader keeps every name.
                        names += 1;
                        if names > MAX_TABLE_ENTRIES {
                            return Err(too_many_names(file));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if !t.is_empty() => {
                if let Some(c) = cell.as_mut() {
                    c.valued = true;
                    c.text = c.text.saturating_add(t.len() as u64);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = cell.as_mut() {
                    c.valued = true;
                    c.text = c.text.saturating_add(r.len() as u64 + 2);
                }
            }
            Event::End(e) => match e.name().0 {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(c) = cell.take() {
                        let counts = (&mut extent, &mut cells, &mut text);
                        finish_cell(
                            file,
                            &sheet_name,
                            sheet,
                            row,
                            row_repeat,
                            &mut col,
                            c,
                            &mut findings,
                            counts,
                        )?;
                    }
                }
                "table:table-row" => row += row_repeat,
                _ => {}
            },
            Event::DocType(_) => {
                return Err(malformed(
                    file,
                    "content.xml chứa khai báo DOCTYPE (tệp có thể độc hại)",
                ))
            }
            Event::Eof if depth > 0 => {
                return Err(malformed(
                    file,
                    "content.xml bị cắt cụt (tài liệu dừng giữa chừng, còn phần tử chưa đóng)",
                ))
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(findings)
}

/// A cell of an .ods being read: its repeat, whether it is a percentage,
/// whether it has content, and the bytes of text the reader keeps for it
/// (value, formula, text, spaces), once.
#[derive(Debug, Clone, Copy)]
struct OdsCell {
    repeat: u64,
    percent: bool,
    valued: bool,
    text: u64,
}

#[allow(clippy::too_many_arguments)]
fn finish_cell(
    file: &str,
    sheet_name: &str,
    sheet: i64,
    row: u64,
    row_repeat: u64,
    col: &mut u64,
    cell: OdsCell,
    findings: &mut Findings,
    (extent, cells, text): (&mut Extent, &mut u64, &mut u64),
) -> Result<(), ImportError> {
    let OdsCell {
        repeat,
        percent,
        valued: has_content,
        text: cell_text,
    } = cell;
    if has_content {
        let last_row = row.saturating_add(row_repeat.saturating_sub(1));
        let last_col = col.saturating_add(repeat.saturating_sub(1));
        // Beyond the form's bounds the sheet is skipped when read (not the
        // workbook refused); beyond any spreadsheet's, the file is forged.
        if last_row >= 1 << 20 || last_col >= 1 << 14 {
            return Err(too_far(file, sheet_name, last_row, last_col));
        }
        // Bounded before the percentage cells are noted one by one.
        extent.add(file, sheet_name, (row, *col), (last_row, last_col))?;
        *cells = cells.saturating_add(row_repeat.saturating_mul(repeat));
        if *cells > MAX_CELLS {
            return Err(too_many_cells(file));
        }
        // The reader copies a repeated cell's text into every position.
        *text = text.saturating_add(cell_text.saturating_mul(row_repeat).saturating_mul(repeat));
        if *text > MAX_TEXT_BYTES as u64 {
            return Err(ImportError::TooManyCells {
                file: file.to_owned(),
                sheet: sheet_name.to_owned(),
                what: format!(
                    "chứa hơn {} MB chữ, nhiều hơn mọi biểu mẫu Phụ lục 01",
                    MAX_TEXT_BYTES >> 20
                ),
            });
        }
        if percent {
            for r in row..=last_row {
                for c in *col..=last_col {
                    findings
                        .percent_cells
                        .insert((sheet.max(0) as usize, r as u32, c as u32));
                }
            }
        }
    }
    *col = col.saturating_add(repeat);
    Ok(())
}

/// Scans an OLE compound file: an encrypted OOXML package, or an .xls.
fn scan_ole(file: &str, bytes: &[u8]) -> Result<(Format, Findings), ImportError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| malformed(file, format!("tệp Excel 97-2003 hỏng ({e})")))?;
    if cf.exists("/EncryptedPackage") || cf.exists("/EncryptionInfo") {
        return Err(ImportError::Encrypted {
            file: file.to_owned(),
        });
    }
    let stream_name = if cf.exists("/Workbook") {
        "/Workbook"
    } else if cf.exists("/Book") {
        "/Book"
    } else {
        return Err(ImportError::NotASpreadsheet {
            file: file.to_owned(),
            what: "tài liệu Office 97-2003 không phải bảng tính (có thể là Word)".into(),
        });
    };
    let mut stream = cf
        .open_stream(stream_name)
        .map_err(|e| malformed(file, format!("không đọc được bảng tính ({e})")))?;
    let mut data = Vec::new();
    stream
        .by_ref()
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut data)
        .map_err(|e| malformed(file, format!("không đọc được bảng tính ({e})")))?;
    let findings = scan_biff(file, &data)?;
    Ok((Format::Xls, findings))
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
/// `cch` characters.
fn biff_string(d: &[u8], cch: usize) -> String {
    let high = d.first().copied().unwrap_or(0) & 1 == 1;
    let raw = d.get(1..).unwrap_or(&[]);
    if high {
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        raw.iter().take(cch).map(|&b| char::from(b)).collect()
    }
}

/// A string of a BIFF5 (Excel 5.0/95) record: `cch` bytes in the workbook's
/// code page (CODEPAGE record; Vietnamese Windows writes 1258), composed
/// (Windows-1258 writes tone marks as combining characters).
pub fn biff5_string(d: &[u8], cch: usize, codepage: u16) -> String {
    use unicode_normalization::UnicodeNormalization;
    let raw = &d[..cch.min(d.len())];
    match codepage::to_encoding(codepage)
        .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE)
    {
        Some(enc) => enc.decode_without_bom_handling(raw).0.nfc().collect(),
        None => raw.iter().map(|&b| char::from(b)).collect(),
    }
}

/// The BIFF version of a workbook stream, as the reader decides it: from
/// the BOF records of the workbook globals (before their EOF).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Biff {
    Biff5,
    Biff8,
}

fn biff_of_bof(d: &[u8]) -> Biff {
    match (u16_at(d, 0).unwrap_or(0), u16_at(d, 2).unwrap_or(0)) {
        (0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500, _) | (0, 0x1000) => Biff::Biff5,
        _ => Biff::Biff8,
    }
}

/// Scans the BIFF5 or BIFF8 records of an .xls workbook stream.
fn scan_biff(file: &str, data: &[u8]) -> Result<Findings, ImportError> {
    let mut findings = Findings::default();
    // The globals' version and code page (until their EOF): the layout of
    // sheet names, formats and dimensions depends on them.
    let mut biff = Biff::Biff8;
    let mut codepage: u16 = 1200;
    let mut in_globals = true;
    let mut sheet_offsets: Vec<(u32, String)> = Vec::new();
    let mut percent_formats: HashSet<u16> = [9u16, 10].into_iter().collect();
    let mut xf_formats: Vec<u16> = Vec::new();
    // Where each sheet's records start (the first sheet naming an offset).
    let mut sheet_at: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    // Where records start, as this walk frames them: the reader reads each
    // sheet from its BOUNDSHEET offset, which must be one of these, so that
    // every record it reads is one checked here (an offset inside a record
    // would have it read, as records, bytes this walk never looked at).
    let mut starts = vec![0u64; data.len() / 64 + 1];
    // The area the cells span, over the whole workbook (the reader's walk of
    // a sheet can run on past the next one's start), and the cells with
    // content: the reader allocates the one and holds the other.
    let mut extent = Extent::default();
    let mut cells: u64 = 0;
    // Defined names (Lbl) and the bytes of the shared-string table (SST and
    // the CONTINUE records after it): the reader keeps all of them.
    let mut names: u64 = 0;
    let mut sst_bytes: usize = 0;
    let mut in_sst = false;
    let mut sheet: Option<usize> = None;
    let mut pos = 0usize;
    let name_of = |s: Option<usize>, offsets: &[(u32, String)]| {
        s.and_then(|i| offsets.get(i))
            .map(|x| x.1.clone())
            .unwrap_or_default()
    };
    while pos + 4 <= data.len() {
        let typ = u16_at(data, pos).unwrap_or(0);
        let len = usize::from(u16_at(data, pos + 2).unwrap_or(0));
        let start = pos + 4;
        let end = (start + len).min(data.len());
        let d = &data[start..end];
        starts[pos / 64] |= 1 << (pos % 64);
        if let Some(&i) = u32::try_from(pos).ok().and_then(|p| sheet_at.get(&p)) {
            sheet = Some(i);
        }
        in_sst = typ == 0x00FC || (in_sst && typ == 0x003C);
        if in_sst {
            sst_bytes += len;
            if sst_bytes > MAX_XLS_SST_BYTES {
                return Err(ImportError::TooManyCells {
                    file: file.to_owned(),
                    sheet: String::new(),
                    what: format!(
                        "bảng chuỗi dài hơn {} MB, lớn hơn mọi biểu mẫu Phụ lục 01",
                        MAX_XLS_SST_BYTES >> 20
                    ),
                });
            }
        }
        match typ {
            0x0809 if in_globals => biff = biff_of_bof(d),
            0x000A => in_globals = false,
            0x0042 if in_globals => codepage = u16_at(d, 0).unwrap_or(codepage),
            0x002F => {
                return Err(ImportError::Encrypted {
                    file: file.to_owned(),
                })
            }
            0x0018 => {
                names += 1;
                if names > MAX_TABLE_ENTRIES {
                    return Err(too_many_names(file));
                }
            }
            0x0085 => {
                // BOUNDSHEET8: lbPlyPos, hsState, dt, name.
                if let Some(off) = u32_at(d, 0) {
                    if sheet_offsets.len() >= MAX_SHEETS {
                        return Err(too_many_sheets(file));
                    }
                    let cch = usize::from(d.get(6).copied().unwrap_or(0));
                    let body = d.get(7..).unwrap_or(&[]);
                    let name = match biff {
                        Biff::Biff8 => biff_string(body, cch),
                        Biff::Biff5 => biff5_string(body, cch, codepage),
                    };
                    sheet_at.entry(off).or_insert(sheet_offsets.len());
                    sheet_offsets.push((off, name));
                }
            }
            0x041E => {
                // FORMAT: ifmt, XLUnicodeString.
                if let Some(ifmt) = u16_at(d, 0) {
                    let code = match biff {
                        Biff::Biff8 => biff_string(
                            d.get(4..).unwrap_or(&[]),
                            usize::from(u16_at(d, 2).unwrap_or(0)),
                        ),
                        // BIFF5: a one-byte length, then the bytes.
                        Biff::Biff5 => biff5_string(
                            d.get(3..).unwrap_or(&[]),
                            usize::from(d.get(2).copied().unwrap_or(0)),
                            codepage,
                        ),
                    };
                    if is_percent_format(&code) {
                        percent_formats.insert(ifmt);
                    }
                }
            }
            0x00E0 => xf_formats.push(u16_at(d, 2).unwrap_or(0)),
            0x0200 => {
                // DIMENSIONS: rwMic, rwMac (exclusive), colMic, colMac
                // (exclusive); rows in 16 bits before BIFF8. The reader tells
                // the layouts apart by the record's length, as here; it
                // refuses any other length.
                let (r0, r1, c0, c1) = match d.len() {
                    10 => (
                        u32::from(u16_at(d, 0).unwrap_or(0)),
                        u32::from(u16_at(d, 2).unwrap_or(0)),
                        u16_at(d, 4).unwrap_or(0),
                        u16_at(d, 6).unwrap_or(0),
                    ),
                    _ => (
                        u32_at(d, 0).unwrap_or(0),
                        u32_at(d, 4).unwrap_or(0),
                        u16_at(d, 8).unwrap_or(0),
                        u16_at(d, 10).unwrap_or(0),
                    ),
                };
                // The reader reserves room for (rwMac - rwMic) × colMac cells
                // (or fewer). A sheet larger than a form is no reason to
                // refuse the workbook (it is skipped when read), as long as
                // reading it stays bounded.
                let area = u64::from(r1.saturating_sub(r0)) * u64::from(c1);
                if r1 < r0 || c1 < c0 || area > MAX_AREA {
                    return Err(ImportError::TooManyCells {
                        file: file.to_owned(),
                        sheet: name_of(sheet, &sheet_offsets),
                        what: format!("trang tính khai báo kích thước {} dòng × {} cột, lớn hơn mọi biểu mẫu Phụ lục 01", r1.saturating_sub(r0), c1.saturating_sub(c0)),
                    });
                }
            }
            0x0203 | 0x027E | 0x00FD | 0x0204 | 0x0205 | 0x0006 | 0x00D6 | 0x0201 => {
                let (row, col, ixfe) = (
                    u16_at(d, 0).unwrap_or(0),
                    u16_at(d, 2).unwrap_or(0),
                    u16_at(d, 4).unwrap_or(0),
                );
                if typ != 0x0201 {
                    // A cell the reader keeps (BLANK is not read).
                    let at = (u64::from(row), u64::from(col));
                    extent.add(file, &name_of(sheet, &sheet_offsets), at, at)?;
                    cells += 1;
                    if cells > MAX_CELLS {
                        return Err(too_many_cells(file));
                    }
                }
                note_percent(
                    &mut findings,
                    sheet,
                    row,
                    col,
                    ixfe,
                    &xf_formats,
                    &percent_formats,
                );
            }
            0x00BD | 0x00BE => {
                // MULRK (ixfe + RK, 6 bytes each) / MULBLANK (ixfe, 2 bytes each).
                let step = if typ == 0x00BD { 6 } else { 2 };
                let row = u16_at(d, 0).unwrap_or(0);
                let first = u16_at(d, 2).unwrap_or(0);
                let last = u16_at(d, d.len().saturating_sub(2)).unwrap_or(0);
                if typ == 0x00BD {
                    // MULRK cells are kept by the reader (MULBLANK ones are not).
                    let (r, c0, c1) = (
                        u64::from(row),
                        u64::from(first.min(last)),
                        u64::from(first.max(last)),
                    );
                    extent.add(file, &name_of(sheet, &sheet_offsets), (r, c0), (r, c1))?;
                    cells += c1 - c0 + 1;
                    if cells > MAX_CELLS {
                        return Err(too_many_cells(file));
                    }
                }
                for (k, chunk) in d
                    .get(4..d.len().saturating_sub(2))
                    .unwrap_or(&[])
                    .chunks_exact(step)
                    .enumerate()
                {
                    let ixfe = u16::from_le_bytes([chunk[0], chunk[1]]);
                    note_percent(
                        &mut findings,
                        sheet,
                        row,
                        first.saturating_add(k as u16),
                        ixfe,
                        &xf_formats,
                        &percent_formats,
                    );
                }
            }
            _ => {}
        }
        pos = start + len;
    }
    findings.code_page_text = biff == Biff::Biff5 && codepage != 1200;
    for (off, name) in &sheet_offsets {
        let at = *off as usize;
        if at >= data.len() || starts[at / 64] & (1 << (at % 64)) == 0 {
            return Err(malformed(
                file,
                format!("trang tính «{name}» bắt đầu ở vị trí {at}, không phải đầu một bản ghi"),
            ));
        }
    }
    Ok(findings)
}

fn note_percent(
    findings: &mut Findings,
    sheet: Option<usize>,
    row: u16,
    col: u16,
    ixfe: u16,
    xfs: &[u16],
    percent: &HashSet<u16>,
) {
    if let (Some(s), Some(ifmt)) = (sheet, xfs.get(usize::from(ixfe))) {
        if percent.contains(ifmt) {
            findings
                .percent_cells
                .insert((s, u32::from(row), u32::from(col)));
        }
    }
}

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

    #[test]
    fn biff5_text_is_read_in_its_code_page_and_composed() {
        // "Phụ lục" in Windows-1258: u + combining dot below.
        let raw = b"Phu\xf2 lu\xf2c";
        assert_eq!(biff5_string(raw, raw.len(), 1258), "Phụ lục");
        assert_eq!(biff5_string(b"Caf\xe9", 4, 1252), "Café");
        // No code page (UTF-16 is BIFF8's): bytes as Latin-1.
        assert_eq!(biff5_string(b"abc", 2, 1200), "ab");
        assert_eq!(biff_of_bof(&[0x00, 0x05, 0x05, 0x00]), Biff::Biff5);
        assert_eq!(biff_of_bof(&[0x00, 0x06, 0x05, 0x00]), Biff::Biff8);
    }
}

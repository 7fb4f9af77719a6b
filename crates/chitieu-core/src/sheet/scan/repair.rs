//! Packages Excel and LibreOffice open but the reader refuses, made readable
//! before the reader sees them: the scan says what to repair (it has bounded
//! every part's size already), and the repaired package is built in memory
//! (repaired parts stored, the others copied as they are).
//!
//! - package relationships (`_rels/.rels`) missing, cut short, or naming a
//!   part the package lacks: the usual ones (the workbook at
//!   `xl/workbook.xml`), as Excel and openpyxl fall back to;
//! - a worksheet's `<dimension>` the reader cannot parse (`ref="A"`,
//!   `ref="A:L"`, no `ref`): `A1` instead (the reader only sizes its
//!   buffers by it; every cell carries its own position);
//! - a sheet listed with an empty relationship id (`r:id=""`): dropped, as
//!   openpyxl drops it (a sheet naming an id its workbook lacks is still
//!   refused, as openpyxl refuses it);
//! - a shared-string index past the table (`pad_shared_strings`, when the
//!   reader says so): the table padded with a marker the grid reads as an
//!   empty cell and notes.

use std::io::{Cursor, Read, Write};

use super::{malformed, SheetError, MAX_ENTRY_BYTES, MAX_SHARED_STRINGS};

/// The package relationships of a workbook at its usual place.
const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

/// The text a padded shared string holds: no workbook holds it (private-use
/// characters around), and the grid reads it as an empty cell.
pub const MISSING_STRING: &str = "\u{F8FF}chitieu: chuỗi không có trong bảng chuỗi\u{F8FF}";

/// What the scan found to repair.
#[derive(Debug, Default)]
pub(super) struct Repairs {
    /// Entries (by index) whose `<dimension>` the reader cannot parse.
    pub dimensions: Vec<usize>,
    /// The package relationships are replaced by the usual ones.
    pub package_rels: bool,
    /// The workbook part (by index) lists a sheet without a relationship
    /// id: the sheet is dropped, as openpyxl drops it.
    pub workbook: Option<usize>,
}

impl Repairs {
    /// The repaired package, or `None` when nothing needs repair.
    pub fn apply(
        &self,
        file: &str,
        bytes: &[u8],
        zip: &mut Package<'_>,
    ) -> Result<Option<Vec<u8>>, SheetError> {
        if self.dimensions.is_empty() && !self.package_rels && self.workbook.is_none() {
            return Ok(None);
        }
        let broken = |e: zip::result::ZipError| malformed(file, format!("tệp nén hỏng ({e})"));
        let io = |e: std::io::Error| malformed(file, format!("tệp nén hỏng ({e})"));
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 1024)));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..zip.len() {
            let name = entry_name(file, zip, i)?;
            if self.package_rels && fold(&name) == "_rels/.rels" {
                continue;
            }
            if self.dimensions.contains(&i) {
                let data = entry_bytes(file, zip, i)?;
                out.start_file(name, stored).map_err(broken)?;
                out.write_all(&fix_dimension(&data)).map_err(io)?;
            } else if self.workbook == Some(i) {
                let data = entry_bytes(file, zip, i)?;
                out.start_file(name, stored).map_err(broken)?;
                out.write_all(&without_sheets_without_id(&data))
                    .map_err(io)?;
            } else {
                out.raw_copy_file(zip.by_index_raw(i).map_err(broken)?)
                    .map_err(broken)?;
            }
        }
        if self.package_rels {
            out.start_file("_rels/.rels", stored).map_err(broken)?;
            out.write_all(PACKAGE_RELS.as_bytes()).map_err(io)?;
        }
        Ok(Some(out.finish().map_err(broken)?.into_inner()))
    }
}

type Package<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The name of entry `i`.
fn entry_name(file: &str, zip: &mut Package<'_>, i: usize) -> Result<String, SheetError> {
    let entry = zip
        .by_index_raw(i)
        .map_err(|e| malformed(file, format!("tệp nén hỏng ({e})")))?;
    let name = entry
        .name()
        .map_err(|e| malformed(file, format!("tệp nén hỏng ({e})")))?;
    Ok(name.into_owned())
}

/// The bytes of entry `i` (its size was bounded by the scan).
fn entry_bytes(file: &str, zip: &mut Package<'_>, i: usize) -> Result<Vec<u8>, SheetError> {
    let mut data = Vec::new();
    zip.by_index(i)
        .map_err(|e| malformed(file, format!("tệp nén hỏng ({e})")))?
        .take(MAX_ENTRY_BYTES)
        .read_to_end(&mut data)
        .map_err(|e| malformed(file, format!("tệp nén hỏng ({e})")))?;
    Ok(data)
}

/// A part name as the reader compares it: any case, `\` for `/`.
pub(super) fn fold(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

/// The `<dimension>` start tags before the sheet's data, in the first bytes
/// of a part: (where the tag's name ends, the byte range of its `ref` value
/// if any).
fn dimensions(head: &[u8]) -> Vec<(usize, Option<(usize, usize)>)> {
    let end = find_element(head, b"sheetData", 0).unwrap_or(head.len());
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(name_end) = find_element(&head[..end], b"dimension", at) {
        let close = head[name_end..end]
            .iter()
            .position(|&b| b == b'>')
            .map_or(end, |p| name_end + p);
        out.push((name_end, attr_value(head, name_end, close, b"ref")));
        at = name_end;
    }
    out
}

/// Where the name of the first element `local` (any prefix) at or after
/// `from` ends.
fn find_element(d: &[u8], local: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + local.len() < d.len() {
        if d[i..].starts_with(local)
            && i > 0
            && matches!(d[i - 1], b'<' | b':')
            && matches!(
                d[i + local.len()],
                b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'
            )
        {
            // `:` only in a start tag's prefix (`<x:dimension`), of at most
            // 32 bytes.
            let start_ok = d[i - 1] == b'<' || {
                let prefix = d[i.saturating_sub(34)..i - 1]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                prefix > 0 && i >= prefix + 2 && d[i - 2 - prefix] == b'<'
            };
            if start_ok {
                return Some(i + local.len());
            }
        }
        i += 1;
    }
    None
}

/// The byte range of attribute `key`'s value in `d[from..to]`.
fn attr_value(d: &[u8], from: usize, to: usize, key: &[u8]) -> Option<(usize, usize)> {
    let tag = &d[from..to];
    let mut i = 0;
    while i + key.len() + 2 <= tag.len() {
        if i > 0
            && tag[i..].starts_with(key)
            && tag[i - 1].is_ascii_whitespace()
            && tag[i + key.len()] == b'='
            && matches!(tag[i + key.len() + 1], b'"' | b'\'')
        {
            let quote = tag[i + key.len() + 1];
            let start = i + key.len() + 2;
            let len = tag[start..].iter().position(|&b| b == quote)?;
            return Some((from + start, from + start + len));
        }
        i += 1;
    }
    None
}

/// Whether a cell range is one the reader parses (`A1` or `A1:L50`).
fn valid_range(r: &[u8]) -> bool {
    let cell = |c: &[u8]| {
        let letters = c.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = &c[letters..];
        (1..=3).contains(&letters)
            && (1..=7).contains(&digits.len())
            && digits.iter().all(u8::is_ascii_digit)
            && digits.iter().any(|&b| b != b'0')
    };
    let parts: Vec<&[u8]> = r.split(|&b| b == b':').collect();
    parts.len() <= 2 && parts.iter().all(|p| cell(p))
}

/// Whether the first bytes of a part hold a `<dimension>` the reader cannot
/// parse.
pub(super) fn bad_dimension(head: &[u8]) -> bool {
    dimensions(head)
        .iter()
        .any(|(_, r)| r.is_none_or(|(a, b)| !valid_range(&head[a..b])))
}

/// The byte ranges of the empty `<sheet/>` elements whose relationship id
/// is empty (`r:id=""`).
fn sheet_tags_without_id(d: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(name_end) = find_element(d, b"sheet", at) {
        let (Some(start), Some(close)) = (
            d[..name_end].iter().rposition(|&b| b == b'<'),
            d[name_end..]
                .iter()
                .position(|&b| b == b'>')
                .map(|p| name_end + p),
        ) else {
            break;
        };
        let tag = &d[start..=close];
        let empty_id = [&b":id=\"\""[..], b":id=''"]
            .iter()
            .any(|n| tag.windows(n.len()).any(|w| w == *n));
        if empty_id && d[close - 1] == b'/' {
            out.push((start, close + 1));
        }
        at = close;
    }
    out
}

/// Whether the workbook part lists a sheet without a relationship id.
pub(super) fn sheets_without_id(d: &[u8]) -> bool {
    !sheet_tags_without_id(d).is_empty()
}

/// The workbook part without its sheets that have no relationship id.
fn without_sheets_without_id(d: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(d.len());
    let mut copied = 0;
    for (a, b) in sheet_tags_without_id(d) {
        out.extend_from_slice(&d[copied..a]);
        copied = b;
    }
    out.extend_from_slice(&d[copied..]);
    out
}

/// The part with its unparseable dimensions written `A1`.
fn fix_dimension(data: &[u8]) -> Vec<u8> {
    let head = &data[..data.len().min(4096)];
    let mut out = Vec::with_capacity(data.len() + 16);
    let mut copied = 0;
    for (name_end, r) in dimensions(head) {
        match r {
            Some((a, b)) if !valid_range(&data[a..b]) => {
                out.extend_from_slice(&data[copied..a]);
                out.extend_from_slice(b"A1");
                copied = b;
            }
            Some(_) => {}
            None => {
                out.extend_from_slice(&data[copied..name_end]);
                out.extend_from_slice(b" ref=\"A1\"");
                copied = name_end;
            }
        }
    }
    out.extend_from_slice(&data[copied..]);
    out
}

/// The package with its shared-string table padded to hold every index a
/// cell uses (each added string is `MISSING_STRING`), or `None` when no
/// cell uses an index past the table. The parts were bounded by the scan.
pub fn pad_shared_strings(file: &str, bytes: &[u8]) -> Result<Option<Vec<u8>>, SheetError> {
    let broken = |e: zip::result::ZipError| malformed(file, format!("tệp nén hỏng ({e})"));
    let io = |e: std::io::Error| malformed(file, format!("tệp nén hỏng ({e})"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let mut sst: Option<(usize, Vec<u8>)> = None;
    let mut highest: Option<u64> = None;
    for i in 0..zip.len() {
        let name = fold(&entry_name(file, &mut zip, i)?);
        let is_sst = name.ends_with("sharedstrings.xml");
        let is_sheet = name.ends_with(".xml") && name.contains("worksheets/");
        if !is_sst && !is_sheet {
            continue;
        }
        let data = entry_bytes(file, &mut zip, i)?;
        if is_sst {
            sst = Some((i, data));
        } else if let Some(h) = highest_string_index(&data) {
            highest = highest.max(Some(h));
        }
    }
    let Some(highest) = highest else {
        return Ok(None);
    };
    let (index, table) = match sst {
        Some((i, t)) => (Some(i), t),
        None => (None, Vec::new()),
    };
    let count = count_elements(&table, b"si");
    if highest < count {
        return Ok(None);
    }
    if highest >= MAX_SHARED_STRINGS {
        return Ok(None);
    }
    let pad = format!("<si><t>{MISSING_STRING}</t></si>").repeat((highest + 1 - count) as usize);
    let padded = match find_close(&table, b"sst") {
        Some(at) => [&table[..at], pad.as_bytes(), &table[at..]].concat(),
        None => format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{pad}</sst>"#
        )
        .into_bytes(),
    };
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + pad.len())));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut sst_name = "xl/sharedStrings.xml".to_owned();
    for i in 0..zip.len() {
        if Some(i) == index {
            sst_name = entry_name(file, &mut zip, i)?;
            continue;
        }
        out.raw_copy_file(zip.by_index_raw(i).map_err(broken)?)
            .map_err(broken)?;
    }
    out.start_file(sst_name, stored).map_err(broken)?;
    out.write_all(&padded).map_err(io)?;
    Ok(Some(out.finish().map_err(broken)?.into_inner()))
}

/// How many elements `local` (any prefix) the part holds.
fn count_elements(d: &[u8], local: &[u8]) -> u64 {
    let mut n = 0;
    let mut at = 0;
    while let Some(end) = find_element(d, local, at) {
        n += 1;
        at = end;
    }
    n
}

/// Where the end tag of `local` (any prefix) starts, the last one.
fn find_close(d: &[u8], local: &[u8]) -> Option<usize> {
    (0..d.len().saturating_sub(local.len() + 2))
        .rev()
        .find(|&i| {
            d[i] == b'<' && d[i + 1] == b'/' && {
                let rest = &d[i + 2..];
                let name_len = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
                let name = &rest[..name_len];
                name == local
                    || (name.ends_with(local) && name[name.len() - local.len() - 1] == b':')
            }
        })
}

/// The highest shared-string index a cell of the worksheet uses.
fn highest_string_index(data: &[u8]) -> Option<u64> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(data);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    let mut buf = Vec::new();
    let (mut shared, mut in_v) = (false, false);
    let mut highest = None;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "c" => {
                shared = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .any(|a| a.key.as_ref() == "t" && a.value.as_ref() == "s");
            }
            Event::Start(e) if e.local_name().as_ref() == "v" => in_v = shared,
            Event::End(e) if e.local_name().as_ref() == "v" => in_v = false,
            Event::End(e) if e.local_name().as_ref() == "c" => shared = false,
            Event::Text(t) if in_v => {
                let text: &str = t.as_ref();
                if let Ok(i) = text.trim().parse::<u64>() {
                    highest = highest.max(Some(i));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    highest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_the_reader_cannot_parse() {
        for ok in [
            &b"<worksheet><dimension ref=\"A1:L50\"/><sheetData>"[..],
            b"<x:worksheet><x:dimension ref='B2'/><x:sheetData>",
            b"<worksheet><sheetData><c r=\"A1\"><v>dimension ref=\"A\"</v>",
        ] {
            assert!(!bad_dimension(ok), "{}", String::from_utf8_lossy(ok));
        }
        for bad in [
            &b"<worksheet><dimension ref=\"A\"/><sheetData>"[..],
            b"<worksheet><dimension ref=\"A:L\"/><sheetData>",
            b"<worksheet><dimension/><sheetData>",
            b"<worksheet><dimension ref=\"A0\"/><sheetData>",
            b"<worksheet><dimension ref=\"A1:B2:C3\"/><sheetData>",
            b"<worksheet><dimension ref=\"A99999999999\"/><sheetData>",
        ] {
            assert!(bad_dimension(bad), "{}", String::from_utf8_lossy(bad));
            let fixed = fix_dimension(bad);
            assert!(
                !bad_dimension(&fixed),
                "{}",
                String::from_utf8_lossy(&fixed)
            );
            assert!(
                contains(&fixed, b"ref=\"A1\""),
                "{}",
                String::from_utf8_lossy(&fixed)
            );
        }
    }

    fn contains(h: &[u8], n: &[u8]) -> bool {
        h.windows(n.len()).any(|w| w == n)
    }

    #[test]
    fn sheets_without_relationship_id_are_dropped() {
        let wb = br#"<sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="Module" sheetId="2" r:id=""/></sheets>"#;
        assert!(sheets_without_id(wb));
        assert_eq!(
            without_sheets_without_id(wb),
            br#"<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets>"#
        );
        assert!(!sheets_without_id(
            br#"<sheets><sheet name="A" r:id="rId9"/></sheets>"#
        ));
    }

    #[test]
    fn string_indexes_and_table_ends() {
        let sheet = br#"<worksheet><sheetData><row><c r="A1" t="s"><v>3</v></c><c r="B1"><v>99</v></c><c r="C1" t="s"><v>1</v></c></row></sheetData></worksheet>"#;
        assert_eq!(highest_string_index(sheet), Some(3));
        assert_eq!(
            count_elements(b"<sst><si><t>a</t></si><si/></sst>", b"si"),
            2
        );
        assert_eq!(
            count_elements(b"<x:sst><x:si><x:t>a</x:t></x:si></x:sst>", b"si"),
            1
        );
        assert_eq!(find_close(b"<x:sst><x:si/></x:sst>", b"sst"), Some(14));
    }
}

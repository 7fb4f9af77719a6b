//! Excel 97-2003 (.xls): the OLE container and its BIFF5/BIFF8 records.

use std::io::{Cursor, Read};

use super::*;

/// Scans an OLE compound file: an encrypted OOXML package, or an .xls.
pub(super) fn scan_ole(file: &str, bytes: &[u8]) -> Result<(Format, Findings), SheetError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| malformed(file, format!("tệp Excel 97-2003 hỏng ({e})")))?;
    if cf.exists("/EncryptedPackage") || cf.exists("/EncryptionInfo") {
        return Err(SheetError::Encrypted {
            file: file.to_owned(),
        });
    }
    let stream_name = if cf.exists("/Workbook") {
        "/Workbook"
    } else if cf.exists("/Book") {
        "/Book"
    } else {
        return Err(SheetError::NotASpreadsheet {
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
fn scan_biff(file: &str, data: &[u8]) -> Result<Findings, SheetError> {
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
                return Err(SheetError::TooManyCells {
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
            0x0042 if in_globals => {
                codepage = u16_at(d, 0).unwrap_or(codepage);
                // A code page the reader does not know (32769: Excel 97's
                // "ANSI Latin I") is read as xlrd reads it: Windows-1252 in
                // BIFF5; in BIFF8, whose strings say themselves whether they
                // are UTF-16 or Latin-1, as UTF-16 (the reader would decode
                // those bytes in the code page given).
                findings.code_page = None;
                if codepage::to_encoding(codepage).is_none() {
                    codepage = 1252;
                    findings.code_page = Some(match biff {
                        Biff::Biff5 => 1252,
                        Biff::Biff8 => 1200,
                    });
                }
            }
            0x002F => {
                return Err(SheetError::Encrypted {
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
                    return Err(SheetError::TooManyCells {
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

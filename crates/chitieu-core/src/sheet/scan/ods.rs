//! OpenDocument spreadsheets: the extent of `content.xml`'s cells.

use super::*;

/// Scans an ODS `content.xml`: the extent of non-empty cells (repeats
/// counted) and the percentage cells.
pub(super) fn scan_ods_content(file: &str, xml: &[u8]) -> Result<Findings, SheetError> {
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
) -> Result<(), SheetError> {
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
            return Err(SheetError::TooManyCells {
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

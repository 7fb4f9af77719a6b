//! Zip packages (xlsx, xlsm, ods): entries, sizes, tables, formulas.

use std::io::{Cursor, Read};

use super::ods::scan_ods_content;
use super::repair::{bad_dimension, sheets_without_id, Repairs};
use super::{
    malformed, Findings, Format, SheetError, MAX_ENTRY_BYTES, MAX_SHARED_STRINGS, MAX_SHEETS,
    MAX_TABLE_ENTRIES, MAX_TEXT_BYTES, MAX_TOTAL_BYTES, MAX_ZIP_ENTRIES,
};

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

pub(super) fn scan_zip(file: &str, bytes: &[u8]) -> Result<(Format, Findings), SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| malformed(file, format!("tệp nén hỏng hoặc bị cắt cụt ({e})")))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(SheetError::ZipBomb {
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
            return Err(SheetError::Encrypted {
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
    let mut repairs = Repairs::default();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| malformed(file, format!("phần thứ {} của tệp nén hỏng ({e})", i + 1)))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.encrypted() {
            return Err(SheetError::Encrypted {
                file: file.to_owned(),
            });
        }
        // Honest headers: refuse at once what declares too much.
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(SheetError::ZipBomb {
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
                return Err(SheetError::ZipBomb {
                    file: file.to_owned(),
                    part: name,
                });
            }
            match checked {
                // A broken package relationship part: the usual part names
                // are used instead (see `office_document`).
                Err(SheetError::Malformed { detail, .. })
                    if folded == "_rels/.rels" && !detail.contains("DOCTYPE") => {}
                other => other?,
            }
            drop(entry);
            if folded.ends_with("workbook.xml") {
                // A sheet without a relationship id (`r:id=""`): openpyxl
                // drops it, the reader refuses the workbook.
                let mut data = Vec::new();
                zip.by_index(i)
                    .and_then(|e| Ok(e.take(MAX_ENTRY_BYTES).read_to_end(&mut data)?))
                    .map_err(|e| {
                        malformed(file, format!("phần «{name}» không giải nén được ({e})"))
                    })?;
                if sheets_without_id(&data) {
                    repairs.workbook = Some(i);
                }
            }
            names.push(name);
            continue;
        }
        let is_sheet = folded.starts_with("xl/worksheets/");
        let mut tail = [0u8; 2];
        // Whether the part may hold a formula element (`<f`, `:f`, followed
        // by a space, `>` or `/`): any part may be a worksheet for the
        // reader (it follows the workbook's relationships).
        let mut may_have_formulas = false;
        let mut last2 = [0u8; 2];
        let keep = folded == "content.xml" || folded == "mimetype";
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
                return Err(SheetError::ZipBomb {
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
            if bad_dimension(&head) {
                repairs.dimensions.push(i);
            }
        }
        drop(entry);
        if may_have_formulas && folded != "content.xml" {
            // A worksheet anywhere in the package (the workbook's
            // relationships say where) may hold formulas.
            formulas = true;
            // Read again, as XML (its size is counted already).
            let mut again = zip
                .by_index(i)
                .map_err(|e| malformed(file, format!("phần «{name}» không giải nén được ({e})")))?;
            check_formulas(file, &name, &mut again)?;
        }
        match folded.as_str() {
            "content.xml" => ods_content = Some(kept),
            "mimetype" => mimetype = String::from_utf8_lossy(&kept).trim().to_owned(),
            _ => {}
        }
        names.push(name);
    }
    // Part names as the reader compares them: any case, `\\` for `/`.
    let fold = |n: &str| n.replace('\\', "/").to_ascii_lowercase();
    let has = |n: &str| names.iter().any(|x| fold(x) == n);
    if has("encryptioninfo") || has("encryptedpackage") {
        return Err(SheetError::Encrypted {
            file: file.to_owned(),
        });
    }
    // The workbook part: where the package's relationships say (the reader
    // follows `_rels/.rels` too), usually xl/workbook.xml.
    let rels = names.iter().find(|n| fold(n) == "_rels/.rels").cloned();
    let document = rels.and_then(|rels| office_document(&mut zip, &rels));
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
        return Err(SheetError::Unsupported {
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
        // No usable package relationships (missing, cut short, or naming a
        // part the package lacks): the usual names, as Excel and openpyxl
        // read them.
        repairs.package_rels = workbook.is_none();
        let repaired = repairs.apply(file, bytes, &mut zip)?;
        return Ok((
            Format::Xlsx,
            Findings {
                has_formulas: formulas,
                repaired,
                ..Findings::default()
            },
        ));
    }
    if let Some(content) = ods_content {
        if mimetype.is_empty() || mimetype == "application/vnd.oasis.opendocument.spreadsheet" {
            let findings = scan_ods_content(file, &content)?;
            return Ok((Format::Ods, findings));
        }
        return Err(SheetError::NotASpreadsheet {
            file: file.to_owned(),
            what: format!("tài liệu OpenDocument loại «{mimetype}», không phải bảng tính"),
        });
    }
    if has("word/document.xml") {
        return Err(SheetError::NotASpreadsheet {
            file: file.to_owned(),
            what: "tài liệu Word".into(),
        });
    }
    Err(SheetError::NotASpreadsheet {
        file: file.to_owned(),
        what: "tệp nén không chứa bảng tính".into(),
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The target of the package's officeDocument relationship (`_rels/.rels`),
/// as the reader finds it. The part's size was counted by the scan already.
fn office_document(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, rels: &str) -> Option<String> {
    use quick_xml::events::Event;
    let entry = zip.by_name(rels).ok()?;
    let mut reader =
        quick_xml::Reader::from_reader(std::io::BufReader::new(entry.take(MAX_ENTRY_BYTES)));
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    // As the reader: the last officeDocument relationship, once the part
    // has been read to the end of its `Relationships` element (a part cut
    // short is refused by the reader).
    let mut found = None;
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::End(e) if e.local_name().as_ref() == "Relationships" => return found,
            Event::Empty(e) if e.local_name().as_ref() == "Relationships" => return found,
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
                    found = Some(target);
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

fn doctype(file: &str, part: &str) -> SheetError {
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
fn check_formulas(file: &str, part: &str, data: &mut impl Read) -> Result<(), SheetError> {
    use quick_xml::events::Event;
    let too_many = |what: String| SheetError::TooManyCells {
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
) -> Result<(), SheetError> {
    use quick_xml::events::Event;
    let too_many = |what: String| SheetError::TooManyCells {
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

//! The rows of an edition's table, and where the table stops.
//!
//! The table ends at its last numbered row (`form::last_numbered_row`, the
//! report importer's rule). Inside it, a row with content and no code is an
//! error; below it come what every official document has under its table:
//! notes («Ghi chú: …», «Nguồn: …», «*», «(1) …», «¹ …»), kept as the
//! edition's footnotes; the signature block («KT. CỤC TRƯỞNG», «PHÓ CỤC
//! TRƯỞNG», «(Đã ký)», a name, the place and date line) and blank rows,
//! which are information, not errors. Only a line below the table that
//! reads like an indicator (a name and a plan or target, no code) is still
//! refused: it would otherwise be dropped without a word.

use crate::catalogue::Footnote;
use crate::form::table::{self, Below, Role};
use crate::sheet::grid::{Cell, Grid};

const MARKS: &[char] = &['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰', '*'];

/// Footnote markers at the end of a text ("GRDP ¹", "86 ²", "Tỷ lệ (*)"),
/// and the text without them.
pub(super) fn split_marks(text: &str) -> (String, Vec<String>) {
    let mut body = text.trim();
    let mut marks: Vec<String> = Vec::new();
    loop {
        if let Some(c) = body.chars().last().filter(|c| MARKS.contains(c)) {
            let stars = if c == '*' {
                body.len() - body.trim_end_matches('*').len()
            } else {
                c.len_utf8()
            };
            marks.insert(0, body[body.len() - stars..].to_owned());
            body = body[..body.len() - stars].trim_end();
        } else if let Some(inner) = body.strip_suffix(')').and_then(|b| b.rsplit_once('(')) {
            let m = inner.1.trim();
            if m.is_empty() || !m.chars().all(|c| MARKS.contains(&c)) {
                break;
            }
            marks.insert(0, m.to_owned());
            body = inner.0.trim_end();
        } else {
            break;
        }
    }
    (body.to_owned(), marks)
}

/// A table row as read, before its code is resolved.
pub(super) struct Row {
    pub row: u32,
    pub code: Cell,
    pub name: String,
}

/// The columns `read` looks at.
pub(super) struct Columns<'a> {
    pub code: u32,
    pub name: u32,
    /// Unit, baseline, plans, target: what makes a line an indicator.
    pub figure: &'a [u32],
    /// Every column but the code and the name.
    pub other: &'a [u32],
}

/// What `read` found.
#[derive(Default)]
pub(super) struct Read {
    pub rows: Vec<Row>,
    pub footnotes: Vec<Footnote>,
    /// (row, column, message) of each problem.
    pub problems: Vec<(u32, u32, String)>,
    /// Information for the preview.
    pub notes: Vec<String>,
}

/// The text of a note as shown: «Ghi chú: …», «¹ …».
pub(super) fn note_text(f: &Footnote) -> String {
    let labelled = f.mark.chars().any(char::is_alphabetic);
    match (labelled, f.text.is_empty()) {
        (_, true) => f.mark.clone(),
        (true, false) => format!("{}: {}", f.mark, f.text),
        (false, false) => format!("{} {}", f.mark, f.text),
    }
}

/// Reads the rows under the header (`header_last`).
pub(super) fn read(grid: &Grid, header_last: u32, cols: Columns<'_>) -> Read {
    let mut out = Read::default();
    let end = table::last_numbered_row(grid, header_last, cols.code);
    let filled = |r: u32, c: u32| grid.get(r, c).is_some_and(|x| !x.is_empty());
    // Below the table: the rows taken as a note's continuation, the
    // signature block's rows, the lines read as nothing.
    let mut last_row: Option<u32> = None;
    let mut after_note = false;
    let mut signature: Option<(u32, u32)> = None;
    let mut ignored: Vec<(u32, String)> = Vec::new();
    for r in grid.rows().into_iter().filter(|&r| r > header_last) {
        let texts: Vec<String> = grid
            .row(r)
            .map(|(_, c)| c.text())
            .filter(|t| !t.trim().is_empty())
            .collect();
        if texts.is_empty() {
            continue;
        }
        if table::is_numbering_row(grid, r) {
            continue;
        }
        let code = grid.get(r, cols.code).filter(|c| !c.is_empty()).cloned();
        let name = grid.text(r, cols.name).trim().to_owned();
        if end.is_some_and(|e| r > e) {
            // Below the last numbered row.
            let below = table::below(grid, r);
            if signature.is_some() || below == Some(Below::Signature) {
                let (a, _) = signature.unwrap_or((r, r));
                signature = Some((a, r));
                continue;
            }
            if let Some(Below::Note { mark, text }) = below {
                out.footnotes.push(Footnote { mark, text });
                after_note = true;
                continue;
            }
            let indicator_like = !name.is_empty() && cols.figure.iter().any(|&c| filled(r, c));
            if indicator_like {
                let message = match &code {
                    Some(c) => format!(
                        "STT «{}» không phải mã chỉ tiêu; hãy ghi dạng 1, 1.1 hoặc 1.7.1",
                        c.text().trim()
                    ),
                    None => "dòng này (dưới chỉ tiêu cuối cùng) có tên và kế hoạch như một chỉ tiêu nhưng thiếu mã chỉ tiêu ở cột STT".into(),
                };
                out.problems.push((r, cols.code, message));
                after_note = false;
                continue;
            }
            let only_name = code.is_none() && !name.is_empty() && texts.len() == 1;
            if only_name && last_row.is_some_and(|l| l + 1 == r) {
                // The wrapped end of the last indicator's name.
                if let Some(prev) = out.rows.last_mut() {
                    prev.name = format!("{} {}", prev.name, name);
                }
                last_row = Some(r);
                continue;
            }
            let line = texts.join(" ").trim().to_owned();
            match out.footnotes.last_mut().filter(|_| after_note) {
                // The next line of a note («Ghi chú:» then «- chỉ tiêu 3.12 …»).
                Some(f) => {
                    f.text = if f.text.is_empty() {
                        line
                    } else {
                        format!("{} {}", f.text, line)
                    };
                }
                None => ignored.push((r, line)),
            }
            continue;
        }
        // Inside the table.
        if code
            .as_ref()
            .is_none_or(|c| !table::looks_like_code(Some(c)))
        {
            if let Some(Below::Note { mark, text }) = table::below(grid, r) {
                out.footnotes.push(Footnote { mark, text });
                continue;
            }
        }
        // The header repeated after a page break.
        if code
            .as_ref()
            .is_some_and(|c| table::classify(&c.text()) == Some(Role::Code))
        {
            continue;
        }
        let has_other = cols.other.iter().any(|&c| filled(r, c));
        match code {
            Some(code) => {
                out.rows.push(Row { row: r, code, name });
                last_row = Some(r);
            }
            None if !name.is_empty() && !has_other && !out.rows.is_empty() => {
                if let Some(prev) = out.rows.last_mut() {
                    prev.name = format!("{} {}", prev.name, name);
                }
                last_row = Some(r);
            }
            None => out.problems.push((
                r,
                cols.code,
                "dòng này có nội dung nhưng thiếu mã chỉ tiêu ở cột STT".into(),
            )),
        }
    }
    if let Some(e) = end {
        let notes = out.footnotes.len();
        let mut parts = Vec::new();
        if notes > 0 {
            parts.push(format!(
                "{notes} dòng ghi chú, chú thích (giữ làm chú thích của bộ chỉ tiêu)"
            ));
        }
        if let Some((a, b)) = signature {
            parts.push(if a == b {
                format!("khối chữ ký (dòng {})", a + 1)
            } else {
                format!("khối chữ ký (dòng {}–{})", a + 1, b + 1)
            });
        }
        if !parts.is_empty() {
            out.notes.push(format!(
                "Bảng chỉ tiêu kết thúc ở dòng {}; bên dưới là {}: không phải chỉ tiêu.",
                e + 1,
                parts.join(" và ")
            ));
        }
    }
    for (r, line) in ignored {
        let line: String = line.chars().take(80).collect();
        out.notes.push(format!(
            "Dòng {} dưới bảng («{line}») không phải chỉ tiêu nên không được đọc.",
            r + 1
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::grid::Value;

    fn grid(rows: &[&[&str]]) -> Grid {
        let mut g = Grid {
            name: "Phụ lục I".into(),
            hidden: false,
            cells: Default::default(),
            merged: Vec::new(),
            too_large: None,
            unreadable: Vec::new(),
        };
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                let cell = Cell {
                    value: Value::Text((*t).to_owned()),
                    percent: false,
                    formula: None,
                };
                g.cells.insert((r as u32, c as u32), cell);
            }
        }
        g
    }

    fn read_rows(g: &Grid) -> Read {
        read(
            g,
            0,
            Columns {
                code: 0,
                name: 1,
                figure: &[2, 3],
                other: &[2, 3, 4],
            },
        )
    }

    #[test]
    fn the_table_ends_at_its_last_numbered_row() {
        let g = grid(&[
            &["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2026", ""],
            &["I", "Nhóm một", "", "", ""],
            &["1.1", "Tỷ lệ một, tên dài", "%", "80%", ""],
            &["", "xuống dòng", "", "", ""],
            &["", "", "", "", ""],
            &["Ghi chú:", "", "", "", ""],
            &["- chỉ tiêu 3.12 không tiếp tục theo dõi", "", "", "", ""],
            &["Xem thêm văn bản kèm theo", "", "", "", ""],
            &["", "", "", "", "KT. CỤC TRƯỞNG"],
            &["", "", "", "", "PHÓ CỤC TRƯỞNG"],
            &["", "", "", "", "Nguyễn Văn Thử"],
        ]);
        let read = read_rows(&g);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.rows.len(), 2);
        assert_eq!(read.rows[1].name, "Tỷ lệ một, tên dài xuống dòng");
        assert_eq!(
            read.footnotes,
            vec![Footnote {
                mark: "Ghi chú".into(),
                text: "- chỉ tiêu 3.12 không tiếp tục theo dõi Xem thêm văn bản kèm theo".into()
            }]
        );
        assert!(
            read.notes[0].contains("kết thúc ở dòng 3"),
            "{:?}",
            read.notes
        );
        assert!(
            read.notes[0].contains("khối chữ ký (dòng 9–11)"),
            "{:?}",
            read.notes
        );
    }

    #[test]
    fn below_the_table_an_indicator_without_code_is_refused_other_lines_are_said() {
        let g = grid(&[
            &["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2026", ""],
            &["I", "Nhóm một", "", "", ""],
            &["1.1", "Tỷ lệ một", "%", "80%", ""],
            &["", "", "", "", ""],
            &["", "Tỷ lệ hai, quên số thứ tự", "%", "60%", ""],
            &["Văn bản này thay thế văn bản trước", "", "", "", ""],
            &["", "", "", "", "Hà Nội, ngày 01 tháng 12 năm 2026"],
            &["", "", "", "", "Nguyễn Văn Thử"],
        ]);
        let read = read_rows(&g);
        assert_eq!(read.rows.len(), 2);
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        assert_eq!((read.problems[0].0, read.problems[0].1), (4, 0));
        assert!(read.problems[0].2.contains("thiếu mã chỉ tiêu"));
        assert!(
            read.notes
                .iter()
                .any(|n| n.contains("Dòng 6 dưới bảng («Văn bản này thay thế văn bản trước»)")),
            "{:?}",
            read.notes
        );
    }

    #[test]
    fn inside_the_table_a_row_without_code_is_an_error() {
        let g = grid(&[
            &["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2026", ""],
            &["I", "Nhóm một", "", "", ""],
            &["", "Tỷ lệ không mã", "%", "60%", ""],
            &["1.1", "Tỷ lệ một", "%", "80%", ""],
            &["", "", "", "", "KT. CỤC TRƯỞNG"],
        ]);
        let read = read_rows(&g);
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        assert_eq!((read.problems[0].0, read.problems[0].1), (2, 0));
    }

    #[test]
    fn footnote_markers() {
        assert_eq!(split_marks("GRDP ¹"), ("GRDP".into(), vec!["¹".into()]));
        assert_eq!(split_marks("86 ²"), ("86".into(), vec!["²".into()]));
        assert_eq!(split_marks("Tỷ lệ (*)"), ("Tỷ lệ".into(), vec!["*".into()]));
        assert_eq!(
            split_marks("Bộ Tài chính (Tổng cục Hải quan)"),
            ("Bộ Tài chính (Tổng cục Hải quan)".into(), vec![])
        );
        assert_eq!(
            note_text(&Footnote {
                mark: "Ghi chú".into(),
                text: "chỉ tiêu 3.12 không tiếp tục theo dõi".into()
            }),
            "Ghi chú: chỉ tiêu 3.12 không tiếp tục theo dõi"
        );
        assert_eq!(
            note_text(&Footnote {
                mark: "¹".into(),
                text: "Báo cáo của ITU".into()
            }),
            "¹ Báo cáo của ITU"
        );
    }
}

//! The rendition's pages: A4 landscape, the header block on page 1 (its top
//! right left empty for the signature block), the table with its header and
//! numbering rows repeated on every page, long texts wrapped inside their
//! cell, a row never split across pages (unless it alone is taller than a
//! page), the preparer block kept together, and on every page a footer with
//! the page number and the figures hash.

use pdf_writer::{Content, Name, Str};
use unicode_normalization::UnicodeNormalization;

use crate::form::layout::COLUMN_WIDTHS;

use super::content::{Form, ANNEX, TITLE};
use super::fonts::{Font, Style};

/// A4 landscape, in points.
pub const PAGE_W: f32 = 841.89;
pub const PAGE_H: f32 = 595.28;
const MARGIN_X: f32 = 36.0;
const MARGIN_TOP: f32 = 34.0;
/// The lowest a table row or the preparer block reaches.
const BODY_BOTTOM: f32 = 40.0;
const FOOTER_Y: f32 = 20.0;

/// Where chitieu-sign draws the signature block on page 1 (28 pt from the
/// top and right edges, 230 × 54 pt): kept empty, with a gap around it.
pub const SIGNATURE: [f32; 4] = [
    PAGE_W - 28.0 - 230.0,
    PAGE_H - 28.0 - 54.0,
    PAGE_W - 28.0,
    PAGE_H - 28.0,
];
const SIGNATURE_GAP: f32 = 8.0;

const CELL: f32 = 8.0;
const PAD: f32 = 2.5;
const LEADING: f32 = 1.17;

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Right,
}

/// Each column's alignment, as in the workbook.
const ALIGN: [Align; 12] = [
    Align::Center,
    Align::Left,
    Align::Center,
    Align::Center,
    Align::Center,
    Align::Right,
    Align::Center,
    Align::Left,
    Align::Left,
    Align::Left,
    Align::Left,
    Align::Left,
];

/// The text as drawn: NFC (precomposed Vietnamese letters), tabs and other
/// control characters as spaces.
pub fn clean(text: &str) -> String {
    text.nfc()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// `text` broken into lines no wider than `width`: at spaces (a run of
/// spaces inside a line is kept), a word wider than the line at any
/// character.
fn wrap(font: &Font, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        for word in hard.split(' ') {
            if line.is_empty() && word.is_empty() {
                continue;
            }
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if font.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line).trim_end().to_owned());
            }
            // The word alone, broken where it must be.
            for c in word.chars() {
                let mut next = line.clone();
                next.push(c);
                if font.width(&next, size) > width && !line.is_empty() {
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                } else {
                    line = next;
                }
            }
        }
        let line = line.trim_end().to_owned();
        if !line.is_empty() || hard.trim().is_empty() && !text.trim().is_empty() {
            lines.push(line);
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// The pages being laid out.
pub struct Pages {
    pub fonts: [Font; 3],
    pub pages: Vec<Content>,
    /// The page drawn on.
    current: usize,
    y: f32,
    columns: [(f32, f32); 12],
}

impl Pages {
    fn font(&self, style: Style) -> &Font {
        &self.fonts[style as usize]
    }

    fn page(&mut self) -> &mut Content {
        if self.current >= self.pages.len() {
            self.pages.push(Content::new());
            self.current = self.pages.len() - 1;
        }
        &mut self.pages[self.current]
    }

    fn new_page(&mut self) {
        self.pages.push(Content::new());
        self.current = self.pages.len() - 1;
        self.y = PAGE_H - MARGIN_TOP;
    }

    /// Draws one line of text with its baseline at `y`.
    fn text(&mut self, style: Style, size: f32, x: f32, y: f32, text: &str) {
        let bytes = self.fonts[style as usize].encode(text);
        self.page()
            .begin_text()
            .set_font(Name(style.resource()), size)
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y])
            .show(Str(&bytes))
            .end_text();
    }

    /// Draws `text` aligned in [x, x + width].
    #[allow(clippy::too_many_arguments)]
    fn aligned(
        &mut self,
        style: Style,
        size: f32,
        x: f32,
        width: f32,
        y: f32,
        text: &str,
        a: Align,
    ) {
        let w = self.font(style).width(text, size);
        let at = match a {
            Align::Left => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        self.text(style, size, at, y, text);
    }

    /// A paragraph wrapped in [x, x + width] from the cursor down.
    fn paragraph(&mut self, style: Style, size: f32, x: f32, width: f32, text: &str, a: Align) {
        let lines = wrap(self.font(style), &clean(text), size, width);
        for line in lines {
            self.y -= size * LEADING;
            self.aligned(style, size, x, width, self.y, &line, a);
        }
    }

    /// The span of columns `from..=to`.
    fn span(&self, from: usize, to: usize) -> (f32, f32) {
        let x = self.columns[from].0;
        let end = self.columns[to].0 + self.columns[to].1;
        (x, end - x)
    }

    /// A table row of `lines` per cell, its top at the cursor.
    /// `header`: the column headers' shading; `center`: every cell centered.
    fn row(
        &mut self,
        cells: &[Vec<String>; 12],
        style: Style,
        number_style: Style,
        header: bool,
        center: bool,
    ) {
        let fill = header;
        let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let height = n as f32 * CELL * LEADING + 2.0 * PAD;
        let top = self.y;
        let columns = self.columns;
        let page = self.page();
        page.save_state().set_line_width(0.5);
        if fill {
            page.set_fill_rgb(0.851, 0.886, 0.953);
            for (x, w) in columns {
                page.rect(x, top - height, w, height);
            }
            page.fill_nonzero().set_fill_rgb(0.0, 0.0, 0.0);
        }
        for (x, w) in columns {
            page.rect(x, top - height, w, height);
        }
        page.stroke().restore_state();
        for (c, lines) in cells.iter().enumerate() {
            let (x, w) = columns[c];
            let s = if c == 0 || c == 1 {
                style
            } else {
                number_style
            };
            let a = if center { Align::Center } else { ALIGN[c] };
            for (i, line) in lines.iter().enumerate() {
                let base = top - PAD - CELL * 0.9 - i as f32 * CELL * LEADING;
                self.aligned(s, CELL, x + PAD, w - 2.0 * PAD, base, line, a);
            }
        }
        self.y = top - height;
    }

    /// Every cell's text wrapped to its column.
    fn cell_lines(&self, cells: &[String; 12], style: Style, other: Style) -> [Vec<String>; 12] {
        std::array::from_fn(|c| {
            let s = if c <= 1 { style } else { other };
            wrap(
                self.font(s),
                &clean(&cells[c]),
                CELL,
                self.columns[c].1 - 2.0 * PAD,
            )
        })
    }

    fn rows_fit(&self, lines: usize) -> bool {
        self.y - (lines as f32 * CELL * LEADING + 2.0 * PAD) >= BODY_BOTTOM
    }
}

/// Lays out `form`; the footers are drawn once the page count is known.
pub fn lay_out(form: &Form, fonts: [Font; 3], hash: &str) -> Pages {
    let scale = (PAGE_W - 2.0 * MARGIN_X) / COLUMN_WIDTHS.iter().sum::<f64>() as f32;
    let mut x = MARGIN_X;
    let columns = std::array::from_fn(|c| {
        let w = COLUMN_WIDTHS[c] as f32 * scale;
        let at = x;
        x += w;
        (at, w)
    });
    let mut p = Pages {
        fonts,
        pages: vec![Content::new()],
        current: 0,
        y: PAGE_H - MARGIN_TOP,
        columns,
    };
    // Header block, clear of the signature block's rectangle.
    let free_right = SIGNATURE[0] - SIGNATURE_GAP;
    let annex_w = p.font(Style::Bold).width(ANNEX, 10.0);
    let top = p.y;
    p.aligned(
        Style::Bold,
        10.0,
        MARGIN_X,
        free_right - MARGIN_X,
        top - 10.0 * LEADING,
        ANNEX,
        Align::Right,
    );
    p.paragraph(
        Style::Bold,
        10.0,
        MARGIN_X,
        free_right - MARGIN_X - annex_w - 12.0,
        &form.unit_line,
        Align::Left,
    );
    p.paragraph(
        Style::Regular,
        10.0,
        MARGIN_X,
        free_right - MARGIN_X,
        &form.receiver_line,
        Align::Left,
    );
    p.y = p.y.min(SIGNATURE[1] - SIGNATURE_GAP);
    let full = PAGE_W - 2.0 * MARGIN_X;
    p.y -= 4.0;
    p.paragraph(Style::Bold, 13.0, MARGIN_X, full, TITLE, Align::Center);
    p.paragraph(
        Style::Bold,
        11.0,
        MARGIN_X,
        full,
        &form.period_line,
        Align::Center,
    );
    p.paragraph(
        Style::Italic,
        10.0,
        MARGIN_X,
        full,
        &form.coverage_line,
        Align::Center,
    );
    p.y -= 8.0;
    // The table header, drawn again on each new page.
    let header = p.cell_lines(&form.headers, Style::Bold, Style::Bold);
    let numbers: [String; 12] = std::array::from_fn(|c| format!("({})", c + 1));
    let numbers = p.cell_lines(&numbers, Style::Italic, Style::Italic);
    let header_lines = header.iter().map(Vec::len).max().unwrap_or(1) + 1;
    let draw_header = |p: &mut Pages| {
        p.row(&header, Style::Bold, Style::Bold, true, true);
        p.row(&numbers, Style::Italic, Style::Italic, false, true);
    };
    draw_header(&mut p);
    let body = PAGE_H - MARGIN_TOP - BODY_BOTTOM;
    let max_lines = ((body - (header_lines as f32) * CELL * LEADING - 4.0 * PAD) / (CELL * LEADING)
        - 1.0)
        .max(1.0) as usize;
    for row in &form.rows {
        let style = if row.heading {
            Style::Bold
        } else {
            Style::Regular
        };
        let mut lines = p.cell_lines(&row.cells, style, Style::Regular);
        loop {
            let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            if !p.rows_fit(n.min(max_lines)) {
                p.new_page();
                draw_header(&mut p);
            }
            if n <= max_lines {
                p.row(&lines, style, Style::Regular, false, false);
                break;
            }
            // A row taller than a page: as much as fits, the rest after.
            let rest: [Vec<String>; 12] = std::array::from_fn(|c| {
                let cut = lines[c].len().min(max_lines);
                lines[c].split_off(cut)
            });
            p.row(&lines, style, Style::Regular, false, false);
            lines = rest;
        }
    }
    // The preparer block, kept together.
    let block = 10.0 * 10.0 * LEADING + 12.0;
    if p.y - block < BODY_BOTTOM {
        p.new_page();
    }
    p.y -= 12.0;
    let (lx, lw) = p.span(0, 3);
    let (rx, rw) = p.span(7, 11);
    let start = p.y;
    p.paragraph(Style::Italic, 10.0, rx, rw, &form.date_line, Align::Center);
    p.paragraph(
        Style::Bold,
        10.0,
        rx,
        rw,
        "THỦ TRƯỞNG ĐƠN VỊ",
        Align::Center,
    );
    p.paragraph(
        Style::Italic,
        10.0,
        rx,
        rw,
        "(Ký tên, đóng dấu)",
        Align::Center,
    );
    let right_end = p.y;
    p.y = start - 10.0 * LEADING;
    p.paragraph(Style::Bold, 10.0, lx, lw, "Người lập biểu", Align::Center);
    p.paragraph(
        Style::Italic,
        10.0,
        lx,
        lw,
        "(Ký, ghi rõ họ tên)",
        Align::Center,
    );
    p.y = p.y.min(right_end) - 4.0 * 10.0 * LEADING;
    let names = p.y;
    p.paragraph(Style::Bold, 10.0, lx, lw, &form.preparer, Align::Center);
    let left_end = p.y;
    p.y = names;
    p.paragraph(Style::Bold, 10.0, rx, rw, &form.head, Align::Center);
    p.y = p.y.min(left_end) - 6.0;
    p.paragraph(
        Style::Regular,
        10.0,
        MARGIN_X,
        full,
        &form.contact,
        Align::Left,
    );
    // Footers.
    let count = p.pages.len();
    let stamp = format!("Mã kiểm tra số liệu (SHA-256): {hash}");
    for i in 0..count {
        p.current = i;
        let label = format!("Trang {}/{count}", i + 1);
        p.aligned(
            Style::Regular,
            8.0,
            MARGIN_X,
            full,
            FOOTER_Y,
            &label,
            Align::Center,
        );
        p.aligned(
            Style::Regular,
            6.0,
            MARGIN_X,
            full,
            FOOTER_Y - 9.0,
            &stamp,
            Align::Left,
        );
    }
    p
}

#[cfg(test)]
mod tests {
    use super::super::content::{Form, Row};
    use super::*;

    fn form(rows: Vec<Row>) -> Form {
        let s = |t: &str| t.to_owned();
        Form {
            unit_line: s("Đơn vị báo cáo: Tỉnh Thái Nguyên"),
            receiver_line: s("Đơn vị nhận báo cáo: Cục Chuyển đổi số quốc gia"),
            period_line: s("Kỳ báo cáo: Quý II năm 2024"),
            coverage_line: s("(Số liệu tháng 04–06/2024)"),
            headers: std::array::from_fn(|c| format!("Cột {c}")),
            rows,
            date_line: s("Thái Nguyên, ngày 01 tháng 07 năm 2024"),
            preparer: s("Nguyễn Văn A"),
            head: s("Trần Thị B"),
            contact: s("Người liên hệ: Nguyễn Văn A"),
            doc_title: s("Phụ lục 01"),
        }
    }

    fn fonts() -> [Font; 3] {
        [
            Font::load(Style::Regular).unwrap(),
            Font::load(Style::Bold).unwrap(),
            Font::load(Style::Italic).unwrap(),
        ]
    }

    #[test]
    fn text_wraps_at_spaces_and_inside_a_too_long_word() {
        let f = Font::load(Style::Regular).unwrap();
        let lines = wrap(&f, "Tỷ lệ hồ sơ thủ tục hành chính được xử lý", 8.0, 60.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| f.width(l, 8.0) <= 60.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Tỷ lệ hồ sơ thủ tục hành chính được xử lý");
        let long = "x".repeat(100);
        let lines = wrap(&f, &long, 8.0, 30.0);
        assert!(lines.len() > 3 && lines.concat() == long, "{lines:?}");
        assert!(wrap(&f, "", 8.0, 30.0).is_empty());
        assert_eq!(wrap(&f, "a\nb", 8.0, 30.0), ["a", "b"]);
        assert_eq!(wrap(&f, "  a   b  ", 8.0, 300.0), ["a   b"]);
    }

    #[test]
    fn a_row_taller_than_a_page_goes_on_over_the_next_pages() {
        let row = |note: String| Row {
            heading: false,
            cells: std::array::from_fn(|c| if c == 11 { note.clone() } else { "1".into() }),
        };
        let huge = "ghi chú ".repeat(3000);
        let laid = lay_out(
            &form(vec![row("a".into()), row(huge), row("b".into())]),
            fonts(),
            "00",
        );
        assert!(laid.pages.len() > 3, "{}", laid.pages.len());
        let empty = lay_out(&form(vec![]), fonts(), "00");
        assert_eq!(empty.pages.len(), 1);
    }
}

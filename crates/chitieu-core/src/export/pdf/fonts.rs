//! The rendition's fonts: Chitieu Serif (a Vietnamese subset of Liberation
//! Serif, metric-compatible with the workbook's Times New Roman; see
//! assets/fonts/LICENSE-ChitieuSerif.txt), bundled in the binary — nothing
//! is read from the system. Text is measured with the font's advances and
//! encoded as glyph ids of the subset each PDF embeds (Identity-H), with a
//! ToUnicode map so it copies and searches as written.

use std::collections::BTreeMap;

use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use crate::error::{Error, Result};

/// The three faces, as bundled.
pub const REGULAR: &[u8] = include_bytes!("../../../../../assets/fonts/ChitieuSerif-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../../../../assets/fonts/ChitieuSerif-Bold.ttf");
pub const ITALIC: &[u8] = include_bytes!("../../../../../assets/fonts/ChitieuSerif-Italic.ttf");

/// Which face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Regular,
    Bold,
    Italic,
}

impl Style {
    pub const ALL: [Style; 3] = [Style::Regular, Style::Bold, Style::Italic];

    pub fn data(self) -> &'static [u8] {
        match self {
            Style::Regular => REGULAR,
            Style::Bold => BOLD,
            Style::Italic => ITALIC,
        }
    }

    pub fn postscript_name(self) -> &'static str {
        match self {
            Style::Regular => "ChitieuSerif-Regular",
            Style::Bold => "ChitieuSerif-Bold",
            Style::Italic => "ChitieuSerif-Italic",
        }
    }

    /// The resource name in content streams.
    pub fn resource(self) -> &'static [u8] {
        match self {
            Style::Regular => b"F1",
            Style::Bold => b"F2",
            Style::Italic => b"F3",
        }
    }
}

/// Whether the bundled fonts draw `c` (the test of the catalogue's and the
/// registry's characters uses it).
pub fn covers(c: char) -> bool {
    Style::ALL.iter().all(|s| {
        Face::parse(s.data(), 0)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some()
    })
}

/// A face being used: its metrics, and the glyphs the document uses so far.
pub struct Font {
    pub style: Style,
    face: Face<'static>,
    units: f32,
    remapper: GlyphRemapper,
    /// New glyph id → (text it stands for, advance in 1/1000 em).
    pub used: BTreeMap<u16, (char, f32)>,
}

impl Font {
    pub fn load(style: Style) -> Result<Font> {
        let face = Face::parse(style.data(), 0)
            .map_err(|e| Error::Rendition(format!("phông chữ {}: {e}", style.postscript_name())))?;
        Ok(Font {
            style,
            units: f32::from(face.units_per_em().max(1)),
            face,
            remapper: GlyphRemapper::new(),
            used: BTreeMap::new(),
        })
    }

    /// The glyph drawing `c`, or `?` when the font has none.
    fn glyph(&self, c: char) -> GlyphId {
        self.face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'))
            .unwrap_or(GlyphId(0))
    }

    /// The advance of `c`, in 1/1000 em.
    fn advance(&self, c: char) -> f32 {
        let g = self.glyph(c);
        f32::from(self.face.glyph_hor_advance(g).unwrap_or(0)) * 1000.0 / self.units
    }

    /// The width of `text` set at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size / 1000.0
    }

    /// `text` as two-byte glyph ids of the subset, the glyphs recorded.
    pub fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let g = self.glyph(c);
            let new = self.remapper.remap(g.0);
            let shown = if self.face.glyph_index(c).is_some() {
                c
            } else {
                '?'
            };
            let adv = self.advance(c);
            self.used.entry(new).or_insert((shown, adv));
            out.extend_from_slice(&new.to_be_bytes());
        }
        out
    }

    /// The subset of the font with the glyphs used.
    pub fn subset(&self) -> Result<Vec<u8>> {
        subsetter::subset(self.style.data(), 0, &self.remapper).map_err(|e| {
            Error::Rendition(format!("phông chữ {}: {e:?}", self.style.postscript_name()))
        })
    }

    pub fn ascent(&self) -> f32 {
        f32::from(self.face.ascender()) * 1000.0 / self.units
    }

    pub fn descent(&self) -> f32 {
        f32::from(self.face.descender()) * 1000.0 / self.units
    }

    pub fn cap_height(&self) -> f32 {
        f32::from(self.face.capital_height().unwrap_or(self.face.ascender())) * 1000.0 / self.units
    }

    pub fn bbox(&self) -> [f32; 4] {
        let b = self.face.global_bounding_box();
        let k = 1000.0 / self.units;
        [
            f32::from(b.x_min) * k,
            f32::from(b.y_min) * k,
            f32::from(b.x_max) * k,
            f32::from(b.y_max) * k,
        ]
    }

    pub fn italic_angle(&self) -> f32 {
        self.face.italic_angle()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character the rendition may draw from chitieu's own data —
    /// the catalogue, the unit registry, the draft phrases, the form's
    /// layout, periods and statuses, and the rendition's own strings — is
    /// in all three bundled faces (no `?` in a shipped name).
    #[test]
    fn the_bundled_fonts_cover_every_character_chitieu_writes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in ["assets/catalogue", "assets/units", "assets/draft"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "toml") {
                    files.push(path);
                }
            }
        }
        for file in [
            "crates/chitieu-core/src/form/layout.rs",
            "crates/chitieu-core/src/period.rs",
            "crates/chitieu-core/src/figure.rs",
            "crates/chitieu-core/src/export.rs",
            "crates/chitieu-core/src/export/pdf/content.rs",
            "crates/chitieu-core/src/export/pdf/layout.rs",
        ] {
            files.push(root.join(file));
        }
        assert!(files.len() > 10, "{files:?}");
        let mut missing = std::collections::BTreeMap::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let text = super::super::layout::clean(&text);
            for c in text.chars().filter(|c| !c.is_control()) {
                if !covers(c) {
                    missing
                        .entry(c)
                        .or_insert_with(|| file.display().to_string());
                }
            }
        }
        assert!(missing.is_empty(), "not in Chitieu Serif: {missing:?}");
    }

    #[test]
    fn a_character_outside_the_fonts_is_drawn_as_a_question_mark() {
        let mut f = Font::load(Style::Regular).unwrap();
        let q = f.encode("?");
        assert_eq!(f.encode("\u{4e2d}"), q);
        assert!(f.width("hồ sơ", 10.0) > f.width("ho so", 10.0) * 0.9);
        assert_eq!(f.used.values().map(|(c, _)| *c).collect::<String>(), "?");
    }
}

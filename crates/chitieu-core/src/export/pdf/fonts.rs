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

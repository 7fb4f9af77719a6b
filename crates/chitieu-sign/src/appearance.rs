//! The visible signature block: a small form XObject with the signer, the
//! organisation and the time, set in DejaVu Sans (a Vietnamese subset
//! bundled in assets/fonts, embedded whole: 38 KB, ~25 KB deflated), with
//! a ToUnicode map so the text copies and searches correctly.

use std::collections::BTreeMap;
use std::io::Write;

use unicode_normalization::UnicodeNormalization;

use crate::pdf::write::{dict, name};
use crate::pdf::{Dict, Object};

/// The bundled font (see assets/fonts/LICENSE-DejaVu.txt).
pub const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-vi.ttf");
const BASE_FONT: &str = "CTSIGN+DejaVuSans";

/// Width and height of the block, in points.
pub const WIDTH: f64 = 230.0;
pub const HEIGHT: f64 = 54.0;

/// The block's content stream and the glyphs it uses.
pub struct Block {
    pub content: Vec<u8>,
    /// Glyph id → (text it stands for, advance in 1/1000 em).
    pub glyphs: BTreeMap<u16, (String, u32)>,
}

/// Lays out `lines` in the block, each line shrunk to fit the width.
pub fn block(lines: &[String]) -> Block {
    let face = ttf_parser::Face::parse(FONT, 0).ok();
    let mut glyphs = BTreeMap::new();
    let mut content = Vec::new();
    let _ = write!(
        content,
        "q 0.11 0.31 0.62 RG 0.8 w 0.4 0.4 {:.1} {:.1} re S Q\nBT 0 0 0 rg\n",
        WIDTH - 0.8,
        HEIGHT - 0.8
    );
    let line_height = (HEIGHT - 8.0) / lines.len().max(1) as f64;
    for (i, line) in lines.iter().enumerate() {
        let mut ids = Vec::new();
        let mut advance = 0u32;
        for c in line.nfc() {
            let (gid, width) = glyph(face.as_ref(), c);
            glyphs.entry(gid).or_insert_with(|| (c.to_string(), width));
            ids.push(gid);
            advance += width;
        }
        let room = WIDTH - 10.0;
        let size = if advance == 0 {
            8.5
        } else {
            (room * 1000.0 / f64::from(advance)).min(8.5)
        };
        let y = HEIGHT - 5.0 - line_height * (i as f64 + 1.0) + (line_height - size) / 2.0 + 1.5;
        let _ = write!(content, "/F1 {size:.2} Tf 1 0 0 1 5 {y:.2} Tm <");
        for id in ids {
            let _ = write!(content, "{id:04X}");
        }
        content.extend_from_slice(b"> Tj\n");
    }
    content.extend_from_slice(b"ET\n");
    Block { content, glyphs }
}

fn glyph(face: Option<&ttf_parser::Face<'_>>, c: char) -> (u16, u32) {
    let Some(face) = face else {
        return (0, 500);
    };
    let id = face
        .glyph_index(c)
        .or_else(|| face.glyph_index('?'))
        .unwrap_or(ttf_parser::GlyphId(0));
    let units = u32::from(face.units_per_em().max(1));
    let adv = u32::from(face.glyph_hor_advance(id).unwrap_or(0));
    (id.0, adv * 1000 / units)
}

/// The font's objects, given the numbers they get: the Type0 font
/// (`nums[0]`), its CIDFont, descriptor, font file and ToUnicode map.
pub fn font_objects(glyphs: &BTreeMap<u16, (String, u32)>, nums: [u32; 5]) -> Vec<(u32, Object)> {
    let r = |n: u32| Object::Ref(n, 0);
    let face = ttf_parser::Face::parse(FONT, 0).ok();
    let units = face
        .as_ref()
        .map_or(1000.0, |f| f64::from(f.units_per_em().max(1)));
    let scale = |v: i16| Object::Int((f64::from(v) * 1000.0 / units).round() as i64);
    let (bbox, ascent, descent, cap) = match &face {
        Some(f) => {
            let b = f.global_bounding_box();
            (
                vec![
                    scale(b.x_min),
                    scale(b.y_min),
                    scale(b.x_max),
                    scale(b.y_max),
                ],
                scale(f.ascender()),
                scale(f.descender()),
                scale(f.capital_height().unwrap_or(f.ascender())),
            )
        }
        None => (
            vec![Object::Int(0); 4],
            Object::Int(800),
            Object::Int(-200),
            Object::Int(700),
        ),
    };
    let mut widths = Vec::new();
    for (gid, (_, w)) in glyphs {
        widths.push(Object::Int(i64::from(*gid)));
        widths.push(Object::Array(vec![Object::Int(i64::from(*w))]));
    }
    let type0 = dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(BASE_FONT)),
        ("Encoding", name("Identity-H")),
        ("DescendantFonts", Object::Array(vec![r(nums[1])])),
        ("ToUnicode", r(nums[4])),
    ]);
    let cid = dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("CIDFontType2")),
        ("BaseFont", name(BASE_FONT)),
        (
            "CIDSystemInfo",
            Object::Dict(dict(vec![
                ("Registry", Object::Str(b"Adobe".to_vec())),
                ("Ordering", Object::Str(b"Identity".to_vec())),
                ("Supplement", Object::Int(0)),
            ])),
        ),
        ("FontDescriptor", r(nums[2])),
        ("DW", Object::Int(1000)),
        ("W", Object::Array(widths)),
        ("CIDToGIDMap", name("Identity")),
    ]);
    let descriptor = dict(vec![
        ("Type", name("FontDescriptor")),
        ("FontName", name(BASE_FONT)),
        ("Flags", Object::Int(32)),
        ("FontBBox", Object::Array(bbox)),
        ("ItalicAngle", Object::Int(0)),
        ("Ascent", ascent),
        ("Descent", descent),
        ("CapHeight", cap),
        ("StemV", Object::Int(80)),
        ("FontFile2", r(nums[3])),
    ]);
    let file = Object::Stream(
        dict(vec![
            ("Length1", Object::Int(FONT.len() as i64)),
            ("Filter", name("FlateDecode")),
        ]),
        deflate(FONT),
    );
    let to_unicode = Object::Stream(dict(vec![]), to_unicode(glyphs));
    vec![
        (nums[0], Object::Dict(type0)),
        (nums[1], Object::Dict(cid)),
        (nums[2], Object::Dict(descriptor)),
        (nums[3], file),
        (nums[4], to_unicode),
    ]
}

/// The form XObject of the block.
pub fn xobject(content: Vec<u8>, font: u32) -> Object {
    let d: Dict = dict(vec![
        ("Type", name("XObject")),
        ("Subtype", name("Form")),
        (
            "BBox",
            Object::Array(vec![
                Object::Int(0),
                Object::Int(0),
                Object::Real(format!("{WIDTH:.1}")),
                Object::Real(format!("{HEIGHT:.1}")),
            ]),
        ),
        (
            "Resources",
            Object::Dict(dict(vec![(
                "Font",
                Object::Dict(dict(vec![("F1", Object::Ref(font, 0))])),
            )])),
        ),
    ]);
    Object::Stream(d, content)
}

fn to_unicode(glyphs: &BTreeMap<u16, (String, u32)>) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<_> = glyphs.iter().collect();
    for chunk in entries.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (gid, (text, _)) in chunk {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            s.push_str(&format!("<{gid:04X}> <{hex}>\n"));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = z.write_all(data);
    z.finish().unwrap_or_default()
}

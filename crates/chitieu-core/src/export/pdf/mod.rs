//! The PDF rendition of the submission (issue 20): the same form as the
//! workbook's sheet, from the same validated snapshot, carrying the same
//! figures hash (footer of every page, and `/ChitieuFiguresHash` in the
//! Info dictionary, which `chitieu verify` and chitieu-sign read). Written
//! with Typst's `pdf-writer` and `subsetter` (docs/PDF.md says why these):
//! our own small table layout (`layout.rs`) over the texts of `content.rs`,
//! the bundled Chitieu Serif fonts (`fonts.rs`) embedded as subsets.

pub mod content;
pub mod fonts;
pub mod layout;

use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::error::{Error, Result};

pub use content::Form;
use fonts::{Font, Style};

/// The Info dictionary's key for the figures hash (chitieu_sign::FIGURES_HASH_KEY).
pub const FIGURES_HASH_KEY: &str = "ChitieuFiguresHash";

/// A rendered PDF.
pub struct Rendition {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Renders `form`, stamped with `hash` (the figures hash), created at
/// `local` (the signing time zone's clock).
pub fn render(form: &Form, hash: &str, local: OffsetDateTime) -> Result<Rendition> {
    let fonts = [
        Font::load(Style::Regular)?,
        Font::load(Style::Bold)?,
        Font::load(Style::Italic)?,
    ];
    let laid = layout::lay_out(form, fonts, hash);
    let mut alloc = Ref::new(1);
    let mut next = || alloc.bump();
    let catalog_id = next();
    let tree_id = next();
    let info_id = next();
    let page_ids: Vec<(Ref, Ref)> = laid.pages.iter().map(|_| (next(), next())).collect();
    let font_ids: Vec<[Ref; 5]> = laid
        .fonts
        .iter()
        .map(|_| [next(), next(), next(), next(), next()])
        .collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    let id = Sha256::digest(format!("{hash}{}", local.unix_timestamp()).as_bytes());
    pdf.set_file_id((id[..16].to_vec(), id[..16].to_vec()));
    pdf.catalog(catalog_id)
        .pages(tree_id)
        .lang(TextStr("vi-VN"));
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(page_ids.len() as i32);
    for (content, (page_id, content_id)) in laid.pages.into_iter().zip(&page_ids) {
        let mut page = pdf.page(*page_id);
        page.parent(tree_id)
            .media_box(Rect::new(0.0, 0.0, layout::PAGE_W, layout::PAGE_H))
            .contents(*content_id);
        let mut resources = page.resources();
        let mut f = resources.fonts();
        for (font, ids) in laid.fonts.iter().zip(&font_ids) {
            f.pair(Name(font.style.resource()), ids[0]);
        }
        f.finish();
        resources.finish();
        page.finish();
        let data = deflate(&content.finish())?;
        pdf.stream(*content_id, &data).filter(Filter::FlateDecode);
    }
    for (font, ids) in laid.fonts.iter().zip(&font_ids) {
        embed(&mut pdf, font, ids)?;
    }
    let date = Date::new(local.year().clamp(0, 9999) as u16)
        .month(u8::from(local.month()))
        .day(local.day())
        .hour(local.hour())
        .minute(local.minute())
        .second(local.second())
        .utc_offset_hour(local.offset().whole_hours())
        .utc_offset_minute(local.offset().minutes_past_hour().unsigned_abs());
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&form.doc_title))
        .author(TextStr(
            form.unit_line.trim_start_matches("Đơn vị báo cáo: "),
        ))
        .creator(TextStr("chitieu"))
        .producer(TextStr(concat!("chitieu ", env!("CARGO_PKG_VERSION"))))
        .creation_date(date);
    info.pair(Name(FIGURES_HASH_KEY.as_bytes()), TextStr(hash));
    info.finish();
    Ok(Rendition {
        pages: page_ids.len(),
        bytes: pdf.finish(),
    })
}

fn deflate(data: &[u8]) -> Result<Vec<u8>> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data)
        .and_then(|()| e.finish())
        .map_err(|e| Error::Rendition(e.to_string()))
}

/// The Type0 font, its CID font, descriptor, subset file and ToUnicode map.
fn embed(pdf: &mut Pdf, font: &Font, ids: &[Ref; 5]) -> Result<()> {
    let [type0, cid, descriptor, file, cmap] = *ids;
    let subset = font.subset()?;
    // The subset's tag: six capitals from the glyphs it holds.
    let digest = Sha256::digest(
        font.used
            .keys()
            .flat_map(|g| g.to_be_bytes())
            .collect::<Vec<u8>>(),
    );
    let tag: String = digest[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    let base = format!("{tag}+{}", font.style.postscript_name());
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let mut c = pdf.cid_font(cid);
    c.subtype(CidFontType::Type2)
        .base_font(Name(base.as_bytes()))
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut w = c.widths();
    for (gid, (_, adv)) in &font.used {
        w.consecutive(*gid, [*adv]);
    }
    w.finish();
    c.finish();
    let mut flags = FontFlags::SERIF | FontFlags::NON_SYMBOLIC;
    if font.style == Style::Italic {
        flags |= FontFlags::ITALIC;
    }
    let [x0, y0, x1, y1] = font.bbox();
    pdf.font_descriptor(descriptor)
        .name(Name(base.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(x0, y0, x1, y1))
        .italic_angle(font.italic_angle())
        .ascent(font.ascent())
        .descent(font.descent())
        .cap_height(font.cap_height())
        .stem_v(if font.style == Style::Bold {
            140.0
        } else {
            80.0
        })
        .font_file2(file);
    let data = deflate(&subset)?;
    pdf.stream(file, &data)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);
    let mut map = UnicodeCmap::new(Name(b"Custom"), system);
    for (gid, (c, _)) in &font.used {
        map.pair(*gid, *c);
    }
    pdf.cmap(cmap, &map.finish());
    Ok(())
}

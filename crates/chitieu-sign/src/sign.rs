//! Signing: an incremental update appended to the PDF (the original bytes
//! untouched) holding a signature field with its visible block on page 1,
//! top right, a new catalog, AcroForm and page 1, and a cross-reference
//! section of the same kind as the file's last one (table or stream).

use std::io::Write;

use der::Decode;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_cert::Certificate;

use crate::appearance;
use crate::cert;
use crate::cms_build;
use crate::error::{PdfError, SignError};
use crate::key::{KeyKind, SigningKey};
use crate::pdf::write::{self, dict, name, text};
use crate::pdf::{Dict, Document, Object};

/// Margin between the block and the page's top and right edges, in points.
const MARGIN: f64 = 28.0;
/// Bytes reserved for the CMS beyond the certificates and the signature.
const RESERVE_EXTRA: usize = 3072;
/// Width of each ByteRange number in the placeholder.
const BR_WIDTH: usize = 10;

/// What the visible block says besides the certificate's names.
pub struct Options {
    /// The signing time, in the zone it is shown in (+07:00).
    pub signed_at: OffsetDateTime,
}

/// Signs `pdf` with `key`: the original bytes followed by the update.
/// Checks the certificate first (validity at `signed_at`, key usage).
pub fn sign(pdf: &[u8], key: &mut dyn SigningKey, options: &Options) -> Result<Vec<u8>, SignError> {
    let certificate =
        Certificate::from_der(key.certificate()).map_err(|_| SignError::BadCertificate)?;
    cert::check_certificate(&certificate, options.signed_at)?;
    let doc = Document::parse(pdf)?;
    let who = cert::signer(&certificate);
    let holder = who
        .common_name
        .clone()
        .unwrap_or_else(|| who.serial.clone());

    let Some(Object::Ref(root_num, root_gen)) = doc.trailer.get("Root").cloned() else {
        return Err(PdfError::MissingObject(0).into());
    };
    let mut catalog = doc.catalog()?;
    let (page_num, page_gen, mut page, media) = first_page(&doc, &catalog)?;

    // New object numbers.
    let mut next = doc.size();
    let mut alloc = || {
        let n = next;
        next += 1;
        n
    };
    let sig_num = alloc();
    let field_num = alloc();
    let ap_num = alloc();
    let font_nums = [alloc(), alloc(), alloc(), alloc(), alloc()];
    let (acro_num, acro_gen, mut acroform) = match catalog.get("AcroForm") {
        Some(Object::Ref(n, g)) => match doc.get(*n)? {
            Object::Dict(d) => (*n, *g, d),
            _ => (alloc(), 0, Dict::default()),
        },
        Some(Object::Dict(d)) => (alloc(), 0, d.clone()),
        _ => (alloc(), 0, Dict::default()),
    };

    // The field's name: unique among the fields already there.
    let mut fields = match doc.entry(&acroform, "Fields")? {
        Object::Array(a) => a,
        _ => Vec::new(),
    };
    let field_name = format!("Chữ ký {}", fields.len() + 1);
    fields.push(Object::Ref(field_num, 0));
    acroform.set("Fields", Object::Array(fields));
    acroform.set("SigFlags", Object::Int(3));
    catalog.set("AcroForm", Object::Ref(acro_num, 0));

    let (x1, y1) = (media[2], media[3]);
    let rect = [
        x1 - MARGIN - appearance::WIDTH,
        y1 - MARGIN - appearance::HEIGHT,
        x1 - MARGIN,
        y1 - MARGIN,
    ];
    let mut annots = match doc.entry(&page, "Annots")? {
        Object::Array(a) => a,
        _ => Vec::new(),
    };
    annots.push(Object::Ref(field_num, 0));
    page.set("Annots", Object::Array(annots));

    let lines = [
        format!("Ký số bởi: {holder}"),
        format!(
            "Cơ quan: {}",
            who.organization.clone().unwrap_or_else(|| "—".into())
        ),
        format!("Thời gian ký: {}", shown_time(options.signed_at)),
    ];
    let block = appearance::block(&lines);
    let widget = dict(vec![
        ("Type", name("Annot")),
        ("Subtype", name("Widget")),
        ("FT", name("Sig")),
        ("T", text(&field_name)),
        ("F", Object::Int(132)),
        (
            "Rect",
            Object::Array(
                rect.iter()
                    .map(|v| Object::Real(format!("{v:.2}")))
                    .collect(),
            ),
        ),
        ("P", Object::Ref(page_num, page_gen)),
        ("V", Object::Ref(sig_num, 0)),
        (
            "AP",
            Object::Dict(dict(vec![("N", Object::Ref(ap_num, 0))])),
        ),
    ]);

    let mut objects: Vec<(u32, u16, Object)> = vec![
        (root_num, root_gen, Object::Dict(catalog)),
        (acro_num, acro_gen, Object::Dict(acroform)),
        (page_num, page_gen, Object::Dict(page)),
        (field_num, 0, Object::Dict(widget)),
        (ap_num, 0, appearance::xobject(block.content, font_nums[0])),
    ];
    for (n, o) in appearance::font_objects(&block.glyphs, font_nums) {
        objects.push((n, 0, o));
    }

    // Space for the CMS: the certificates, the signature, attributes.
    let certs: usize = key.certificate().len() + key.chain().iter().map(Vec::len).sum::<usize>();
    let sig_len = match key.kind() {
        KeyKind::Rsa { modulus_bytes } => modulus_bytes,
        KeyKind::EcdsaP256 => 72,
    };
    let reserved = certs + sig_len + RESERVE_EXTRA;

    // The update.
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, u16, usize)> = Vec::new();
    for (n, g, o) in &objects {
        offsets.push((*n, *g, out.len()));
        let _ = writeln!(out, "{n} {g} obj");
        write::write(&mut out, o);
        out.extend_from_slice(b"\nendobj\n");
    }
    offsets.push((sig_num, 0, out.len()));
    let _ = write!(
        out,
        "{sig_num} 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M "
    );
    write::write(
        &mut out,
        &Object::Str(pdf_date(options.signed_at).into_bytes()),
    );
    out.extend_from_slice(b" /Name ");
    write::write(&mut out, &text(&holder));
    out.extend_from_slice(b" /ByteRange [");
    let byte_range_at = out.len();
    let _ = write!(out, "0 {0:>w$} {0:>w$} {0:>w$}", 0, w = BR_WIDTH);
    out.extend_from_slice(b"] /Contents ");
    let contents_at = out.len();
    out.push(b'<');
    out.resize(out.len() + reserved * 2, b'0');
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b">>\nendobj\n");

    let id = new_id(pdf, options.signed_at);
    let first_id = match doc.trailer.get("ID") {
        Some(Object::Array(a)) if a.len() == 2 => a[0].clone(),
        _ => Object::Str(id.clone()),
    };
    let mut trailer = dict(vec![
        ("Root", Object::Ref(root_num, root_gen)),
        ("Prev", Object::Int(doc.startxref as i64)),
        ("ID", Object::Array(vec![first_id, Object::Str(id)])),
    ]);
    if let Some(info) = doc.trailer.get("Info") {
        trailer.set("Info", info.clone());
    }
    let xref_at = if doc.xref_stream {
        xref_stream(&mut out, &mut offsets, next, trailer)
    } else {
        xref_table(&mut out, &mut offsets, next, trailer)
    };
    let _ = write!(out, "startxref\n{xref_at}\n%%EOF\n");

    // The byte ranges, then the signature in the hole.
    let range = [0, contents_at, contents_end, out.len() - contents_end];
    let text = format!(
        "0 {:>w$} {:>w$} {:>w$}",
        range[1],
        range[2],
        range[3],
        w = BR_WIDTH
    );
    out[byte_range_at..byte_range_at + text.len()].copy_from_slice(text.as_bytes());
    let digest = Sha256::new()
        .chain_update(&out[..contents_at])
        .chain_update(&out[contents_end..])
        .finalize();
    let cms = cms_build::signed_data(key, &digest)?;
    if cms.len() > reserved {
        return Err(SignError::SignatureTooLarge {
            needed: cms.len(),
            reserved,
        });
    }
    for (i, b) in cms.iter().enumerate() {
        let hex = format!("{b:02X}");
        let at = contents_at + 1 + 2 * i;
        out[at..at + 2].copy_from_slice(hex.as_bytes());
    }
    Ok(out)
}

/// Page 1: its number, generation, dictionary and (inherited) MediaBox.
fn first_page(doc: &Document<'_>, catalog: &Dict) -> Result<(u32, u16, Dict, [f64; 4]), PdfError> {
    let mut node_ref = catalog.get("Pages").cloned().ok_or(PdfError::NoPage)?;
    let mut media = None;
    for _ in 0..crate::pdf::object::MAX_DEPTH {
        let Object::Ref(n, g) = node_ref else {
            return Err(PdfError::NoPage);
        };
        let Object::Dict(node) = doc.get(n)? else {
            return Err(PdfError::NoPage);
        };
        if let Object::Array(b) = doc.entry(&node, "MediaBox")? {
            let v: Vec<f64> = b.iter().filter_map(Object::as_number).collect();
            if let [a, b, c, d] = v[..] {
                media = Some([a.min(c), b.min(d), a.max(c), b.max(d)]);
            }
        }
        match doc.entry(&node, "Kids")? {
            Object::Array(kids) if !node.name_is("Type", "Page") => {
                node_ref = kids.first().cloned().ok_or(PdfError::NoPage)?;
            }
            _ => {
                return Ok((n, g, node, media.unwrap_or([0.0, 0.0, 595.0, 842.0])));
            }
        }
    }
    Err(PdfError::TooDeep)
}

fn xref_table(
    out: &mut Vec<u8>,
    offsets: &mut [(u32, u16, usize)],
    size: u32,
    mut trailer: Dict,
) -> usize {
    offsets.sort_by_key(|o| o.0);
    let at = out.len();
    out.extend_from_slice(b"xref\n");
    for group in groups(offsets) {
        let _ = writeln!(out, "{} {}", group[0].0, group.len());
        for (_, g, off) in group {
            let _ = write!(out, "{off:010} {g:05} n\r\n");
        }
    }
    trailer.set("Size", Object::Int(i64::from(size)));
    out.extend_from_slice(b"trailer\n");
    write::write_dict(out, &trailer);
    out.push(b'\n');
    at
}

fn xref_stream(
    out: &mut Vec<u8>,
    offsets: &mut Vec<(u32, u16, usize)>,
    num: u32,
    mut trailer: Dict,
) -> usize {
    let at = out.len();
    offsets.push((num, 0, at));
    offsets.sort_by_key(|o| o.0);
    let mut index = Vec::new();
    let mut rows = Vec::new();
    for group in groups(offsets) {
        index.push(Object::Int(i64::from(group[0].0)));
        index.push(Object::Int(group.len() as i64));
        for (_, g, off) in group {
            rows.push(1u8);
            rows.extend_from_slice(&(*off as u32).to_be_bytes());
            rows.extend_from_slice(&g.to_be_bytes());
        }
    }
    trailer.set("Type", name("XRef"));
    trailer.set("Size", Object::Int(i64::from(num) + 1));
    trailer.set(
        "W",
        Object::Array(vec![Object::Int(1), Object::Int(4), Object::Int(2)]),
    );
    trailer.set("Index", Object::Array(index));
    let _ = writeln!(out, "{num} 0 obj");
    write::write(out, &Object::Stream(trailer, rows));
    out.extend_from_slice(b"\nendobj\n");
    at
}

/// Runs of consecutive object numbers.
fn groups(sorted: &[(u32, u16, usize)]) -> Vec<&[(u32, u16, usize)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=sorted.len() {
        if i == sorted.len() || sorted[i].0 != sorted[i - 1].0 + 1 {
            out.push(&sorted[start..i]);
            start = i;
        }
    }
    out
}

fn new_id(pdf: &[u8], at: OffsetDateTime) -> Vec<u8> {
    let h = Sha256::new()
        .chain_update(pdf.len().to_be_bytes())
        .chain_update(&pdf[pdf.len().saturating_sub(4096)..])
        .chain_update(at.unix_timestamp_nanos().to_be_bytes())
        .finalize();
    h[..16].to_vec()
}

/// `D:YYYYMMDDHHmmSS+07'00'`.
pub fn pdf_date(t: OffsetDateTime) -> String {
    let (h, m, _) = t.offset().as_hms();
    let sign = if t.offset().is_negative() { '-' } else { '+' };
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}{sign}{:02}'{:02}'",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}

/// `07/12/2026 11:30:05 +07:00`, as the block shows it.
fn shown_time(t: OffsetDateTime) -> String {
    let (h, m, _) = t.offset().as_hms();
    let sign = if t.offset().is_negative() { '-' } else { '+' };
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}:{:02} {sign}{:02}:{:02}",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute(),
        t.second(),
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}

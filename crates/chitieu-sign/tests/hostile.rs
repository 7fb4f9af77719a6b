//! Damaged and hostile PDFs get a typed error (a Vietnamese sentence) or a
//! result, never a panic; the limits hold. Plus a property: any mutation of
//! a signed PDF is answered.

use chitieu_sign::sample::{self, Xref};
use chitieu_sign::{sign, verify, Options, PdfError, SoftwareKey};
use proptest::prelude::*;
use time::macros::datetime;

const CERT: &[u8] = include_bytes!("data/signer.der");
const KEY: &[u8] = include_bytes!("data/signer.pk8");

fn signed(kind: Xref) -> Vec<u8> {
    static SIGNED: std::sync::OnceLock<[Vec<u8>; 2]> = std::sync::OnceLock::new();
    let [table, stream] = SIGNED.get_or_init(|| [make(Xref::Table), make(Xref::Stream)]);
    match kind {
        Xref::Table => table.clone(),
        Xref::Stream => stream.clone(),
    }
}

fn make(kind: Xref) -> Vec<u8> {
    let mut key = SoftwareKey::new(KEY, CERT.to_vec(), vec![]).unwrap();
    let options = Options {
        signed_at: datetime!(2027-01-15 10:30:00 +07:00),
    };
    sign(&sample::pdf(kind, "Phu luc 01", None), &mut key, &options).unwrap()
}

fn vietnamese(e: &PdfError) {
    let m = e.to_string();
    assert!(
        m.starts_with("Tệp PDF")
            || m.starts_with("Một chữ ký")
            || m.starts_with("Chữ ký")
            || m.starts_with("Vùng"),
        "{m}"
    );
}

#[test]
fn a_truncated_file_is_refused() {
    let pdf = signed(Xref::Table);
    for cut in [0, 10, pdf.len() / 2, pdf.len() - 20] {
        let e = verify(&pdf[..cut], None).unwrap_err();
        vietnamese(&e);
    }
}

/// Rewrites the ByteRange numbers in place (same width).
fn with_range(pdf: &[u8], range: [&str; 3]) -> Vec<u8> {
    let at = pdf.windows(11).rposition(|w| w == b"/ByteRange ").unwrap() + 12;
    let end = at + pdf[at..].iter().position(|&b| b == b']').unwrap();
    let text = format!("0 {} {} {}", range[0], range[1], range[2]);
    let mut out = pdf.to_vec();
    let mut field = text.into_bytes();
    assert!(field.len() <= end - at);
    field.resize(end - at, b' ');
    out[at..end].copy_from_slice(&field);
    out
}

#[test]
fn a_byte_range_outside_the_file_is_refused() {
    let pdf = signed(Xref::Stream);
    let bad = with_range(&pdf, ["10", "20", "99999999"]);
    assert_eq!(verify(&bad, None).unwrap_err(), PdfError::ByteRangeOutside);
    let overlapping = with_range(&pdf, ["500", "20", "30"]);
    assert_eq!(
        verify(&overlapping, None).unwrap_err(),
        PdfError::BadByteRange
    );
    let huge = with_range(&pdf, ["18446744073709551615", "1", "1"]);
    vietnamese(&verify(&huge, None).unwrap_err());
}

#[test]
fn a_huge_contents_is_refused() {
    // A signature dictionary whose hole holds 4 MB of hex.
    let hex = "0".repeat(4 << 20);
    let body = format!(
        "<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 AAAAAAAAAA BBBBBBBBBB CCCCCCCCCC] /Contents <{hex}>>>"
    );
    let pdf = pdf_with_signature(&body);
    let open = find(&pdf, b"/Contents <") + 10;
    let close = open + 2 + hex.len();
    let total = pdf.len();
    let mut fixed = pdf.clone();
    for (tag, v) in [
        ("AAAAAAAAAA", open),
        ("BBBBBBBBBB", close),
        ("CCCCCCCCCC", total - close),
    ] {
        let at = find(&fixed, tag.as_bytes());
        fixed[at..at + 10].copy_from_slice(format!("{v:>10}").as_bytes());
    }
    assert!(matches!(
        verify(&fixed, None).unwrap_err(),
        PdfError::ContentsTooLarge { .. }
    ));
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).position(|w| w == needle).unwrap()
}

/// A one-page PDF with a signature field whose value is `sig` (object 7).
fn pdf_with_signature(sig: &str) -> Vec<u8> {
    let objects = [
        "<</Type /Catalog /Pages 2 0 R /AcroForm <</Fields [6 0 R] /SigFlags 3>>>>".to_owned(),
        "<</Type /Pages /Kids [3 0 R] /Count 1>>".to_owned(),
        "<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>>".to_owned(),
        "<<>>".to_owned(),
        "<<>>".to_owned(),
        "<</FT /Sig /T (S) /V 7 0 R /Rect [0 0 0 0] /Subtype /Widget>>".to_owned(),
        sig.to_owned(),
    ];
    raw_pdf(&objects, "")
}

fn raw_pdf(objects: &[String], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let at = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {} /Root 1 0 R{trailer_extra}>>\nstartxref\n{at}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_loop_of_incremental_updates_is_refused() {
    let pdf = sample::pdf(Xref::Table, "x", None);
    let at = find(&pdf, b"xref\n");
    // The newest section's /Prev points at itself.
    let mut looped = pdf.clone();
    let trailer = find(&looped, b"/Root 1 0 R");
    looped.splice(trailer..trailer, format!("/Prev {at} ").into_bytes());
    let start = looped.windows(9).rposition(|w| w == b"startxref").unwrap();
    looped.truncate(start);
    looped.extend_from_slice(format!("startxref\n{at}\n%%EOF\n").as_bytes());
    assert_eq!(verify(&looped, None).unwrap_err(), PdfError::XrefLoop);
}

#[test]
fn deeply_nested_objects_are_refused() {
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let objects = vec![
        format!("<</Type /Catalog /Pages 2 0 R /AcroForm <</Fields {deep}>>>>"),
        "<</Type /Pages /Kids [] /Count 0>>".to_owned(),
    ];
    assert_eq!(
        verify(&raw_pdf(&objects, ""), None).unwrap_err(),
        PdfError::TooDeep
    );
    let dicts = format!("{}{}", "<</A ".repeat(50_000), ">>".repeat(50_000));
    let objects = vec![format!("<</Type /Catalog /X {dicts}>>")];
    assert_eq!(
        verify(&raw_pdf(&objects, ""), None).unwrap_err(),
        PdfError::TooDeep
    );
    // A chain of references: 1 -> 2 -> 3 -> ... never ends in a value.
    let chain: Vec<String> = (2..=40).map(|n| format!("{n} 0 R")).collect();
    let mut objects = vec!["<</Type /Catalog /AcroForm 2 0 R>>".to_owned()];
    objects.extend(chain.into_iter().skip(1));
    vietnamese(&verify(&raw_pdf(&objects, ""), None).unwrap_err());
}

#[test]
fn a_field_tree_that_loops_is_walked_once() {
    let objects = vec![
        "<</Type /Catalog /AcroForm <</Fields [2 0 R]>>>>".to_owned(),
        "<</T (a) /Kids [3 0 R]>>".to_owned(),
        "<</T (b) /Kids [2 0 R 3 0 R]>>".to_owned(),
    ];
    let v = verify(&raw_pdf(&objects, ""), None).unwrap();
    assert!(v.signatures.is_empty());
}

#[test]
fn an_unsigned_encrypted_or_foreign_file_is_answered() {
    assert!(verify(b"not a pdf at all", None).is_err());
    let objects = vec!["<</Type /Catalog>>".to_owned()];
    assert_eq!(
        verify(&raw_pdf(&objects, " /Encrypt <<>>"), None).unwrap_err(),
        PdfError::Encrypted
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any few bytes changed, inserted or cut in a signed PDF: a result or
    /// a typed error, and a signature still reported intact only when the
    /// signed bytes are the same.
    #[test]
    fn any_mutation_is_answered(
        stream in any::<bool>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let pdf = signed(if stream { Xref::Stream } else { Xref::Table });
        let mut m = pdf.clone();
        for (at, byte, op) in edits {
            if m.is_empty() { break; }
            let i = at.index(m.len());
            match op {
                0 => m[i] = byte,
                1 => m.insert(i, byte),
                _ => { m.truncate(i); }
            }
        }
        if let Ok(v) = verify(&m, None) {
            for s in &v.signatures {
                prop_assert!(s.problem.is_none() || !s.intact);
            }
        }
    }
}

#[test]
fn an_offset_beyond_the_file_is_refused() {
    // Found by the property test: an xref entry pointing 16 MB past the end.
    let pdf = sample::pdf(Xref::Table, "x", None);
    let at = find(&pdf, b"65535 f\r\n") + 9;
    let mut bad = pdf.clone();
    bad[at..at + 10].copy_from_slice(b"0016777897");
    vietnamese(&verify(&bad, None).unwrap_err());
}

/// The committed PDFs (tests/fixtures/pdf, the fuzz seeds): signed ones are
/// intact and whole; every cut of each is answered.
#[test]
fn the_committed_pdfs_are_answered() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pdf");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("pdf") {
            continue;
        }
        seen += 1;
        let bytes = std::fs::read(&path).unwrap();
        let v = verify(&bytes, None).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            v.signatures.is_empty(),
            name.starts_with("unsigned"),
            "{name}"
        );
        assert!(v.signatures.iter().all(|s| s.intact), "{name}");
        assert!(
            v.signatures.last().is_none_or(|s| s.covers_whole_document),
            "{name}"
        );
        assert!(v.figures_hash.is_some(), "{name}");
        for cut in (0..bytes.len()).step_by(97) {
            if let Err(e) = verify(&bytes[..cut], None) {
                vietnamese(&e);
            }
        }
    }
    assert_eq!(seen, 5);
}

#[test]
fn streams_without_length_cannot_make_the_reader_search_forever() {
    // 100 xref-stream sections chained by /Prev, none with a /Length, all
    // ending at the one `endstream` after 2 MB of filler: each would be
    // searched to it (200 MB in all).
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut prev: Option<usize> = None;
    for n in 1..=100 {
        let at = pdf.len();
        let prev_key = prev.map(|p| format!(" /Prev {p}")).unwrap_or_default();
        pdf.extend_from_slice(
            format!("{n} 0 obj\n<</Type /XRef /Size 1 /W [1 1 1]{prev_key}>>\nstream\n").as_bytes(),
        );
        prev = Some(at);
    }
    pdf.extend(std::iter::repeat_n(b' ', 2 << 20));
    pdf.extend_from_slice(format!("\nendstream\nstartxref\n{}\n%%EOF\n", prev.unwrap()).as_bytes());
    assert_eq!(verify(&pdf, None).unwrap_err(), PdfError::TooComplex);
}

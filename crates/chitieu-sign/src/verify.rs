//! Verifying every signature of a PDF, whoever made it (adbe.pkcs7.detached
//! and ETSI.CAdES.detached), and reading the figures hash chitieu's PDF
//! carries (Info dictionary, `/ChitieuFiguresHash`).

use std::collections::HashSet;

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{GeneralizedTime, OctetString, UtcTime};
use der::{Decode, Encode};
use time::{OffsetDateTime, UtcOffset};
use x509_cert::Certificate;

use crate::cert::{self, Signer};
use crate::cms_build::{ID_SIGNED_DATA, MESSAGE_DIGEST, SIGNING_TIME};
use crate::crypto;
use crate::error::PdfError;
use crate::pdf::write::decode_text;
use crate::pdf::{Dict, Document, Object};

/// The largest signature (/Contents) read, in bytes.
pub const MAX_CONTENTS: usize = 512 * 1024;
/// How many signatures a PDF may carry.
pub const MAX_SIGNATURES: usize = 64;
/// How many form fields are looked at.
const MAX_FIELDS: usize = 4096;
/// How deep the chain to a trust anchor may be.
const MAX_CHAIN: usize = 8;

/// The Info dictionary key holding the figures hash of chitieu's PDF.
pub const FIGURES_HASH_KEY: &str = "ChitieuFiguresHash";

/// One signature.
#[derive(Debug, Clone)]
pub struct SignatureReport {
    /// The form field's name.
    pub field: String,
    pub sub_filter: String,
    pub signer: Signer,
    pub signed_at: Option<OffsetDateTime>,
    /// The signed bytes' digest matches the CMS and the signature verifies
    /// against the embedded certificate.
    pub intact: bool,
    /// The signed byte ranges reach the end of the file.
    pub covers_whole_document: bool,
    /// None without trust anchors; else whether the chain leads to one.
    pub trusted: Option<bool>,
    /// Why it is not intact, in Vietnamese.
    pub problem: Option<String>,
}

/// Every signature, in signing order, and the figures hash.
#[derive(Debug, Clone)]
pub struct Verification {
    pub signatures: Vec<SignatureReport>,
    pub figures_hash: Option<String>,
}

/// Verifies `pdf`. `anchors`: trusted CA certificates, or None.
pub fn verify(pdf: &[u8], anchors: Option<&[Certificate]>) -> Result<Verification, PdfError> {
    let doc = Document::parse(pdf)?;
    let catalog = doc.catalog()?;
    let mut signatures = Vec::new();
    if let Object::Dict(form) = doc.entry(&catalog, "AcroForm")? {
        for (field, sig) in signature_fields(&doc, &form)? {
            signatures.push(check(&doc, pdf, field, &sig, anchors)?);
        }
    }
    signatures.sort_by_key(|s| s.1);
    Ok(Verification {
        signatures: signatures.into_iter().map(|s| s.0).collect(),
        figures_hash: figures_hash(&doc)?,
    })
}

/// The signature fields with a value: (name, signature dictionary).
fn signature_fields(doc: &Document<'_>, form: &Dict) -> Result<Vec<(String, Dict)>, PdfError> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut stack: Vec<(Object, bool, String, usize)> = match doc.entry(form, "Fields")? {
        Object::Array(a) => a
            .into_iter()
            .rev()
            .map(|f| (f, false, String::new(), 0))
            .collect(),
        _ => Vec::new(),
    };
    let mut visited = 0usize;
    while let Some((obj, parent_sig, parent_name, depth)) = stack.pop() {
        visited += 1;
        if visited > MAX_FIELDS || depth > crate::pdf::object::MAX_DEPTH {
            return Err(PdfError::TooComplex);
        }
        if let Object::Ref(n, _) = obj {
            if !seen.insert(n) {
                continue;
            }
        }
        let Object::Dict(field) = doc.resolve(&obj)? else {
            continue;
        };
        let is_sig = match field.get("FT") {
            Some(Object::Name(n)) => n.as_slice() == b"Sig",
            _ => parent_sig,
        };
        let name = match field.get("T") {
            Some(Object::Str(t)) if parent_name.is_empty() => decode_text(t),
            Some(Object::Str(t)) => format!("{parent_name}.{}", decode_text(t)),
            _ => parent_name.clone(),
        };
        if is_sig {
            if let Object::Dict(v) = doc.entry(&field, "V")? {
                if out.len() >= MAX_SIGNATURES {
                    return Err(PdfError::TooManySignatures {
                        limit: MAX_SIGNATURES,
                    });
                }
                out.push((name.clone(), v));
            }
        }
        if let Object::Array(kids) = doc.entry(&field, "Kids")? {
            for k in kids.into_iter().rev() {
                stack.push((k, is_sig, name.clone(), depth + 1));
            }
        }
    }
    Ok(out)
}

fn check(
    doc: &Document<'_>,
    pdf: &[u8],
    field: String,
    sig: &Dict,
    anchors: Option<&[Certificate]>,
) -> Result<(SignatureReport, usize), PdfError> {
    let range: Vec<usize> = match doc.entry(sig, "ByteRange")? {
        Object::Array(a) if a.len() == 4 => a
            .iter()
            .map(|o| o.as_int().and_then(|i| usize::try_from(i).ok()))
            .collect::<Option<_>>()
            .ok_or(PdfError::BadByteRange)?,
        _ => return Err(PdfError::BadByteRange),
    };
    let end1 = range[0]
        .checked_add(range[1])
        .ok_or(PdfError::ByteRangeOutside)?;
    let end2 = range[2]
        .checked_add(range[3])
        .ok_or(PdfError::ByteRangeOutside)?;
    if end1 > pdf.len() || end2 > pdf.len() {
        return Err(PdfError::ByteRangeOutside);
    }
    if range[0] != 0 || end1 > range[2] {
        return Err(PdfError::BadByteRange);
    }
    let hole = &pdf[end1..range[2]];
    if hole.len() > 2 * MAX_CONTENTS + 64 {
        return Err(PdfError::ContentsTooLarge {
            limit: MAX_CONTENTS,
        });
    }
    let contents = hex_hole(hole).ok_or(PdfError::BadByteRange)?;
    let sub_filter = match sig.get("SubFilter") {
        Some(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    };
    let claimed = match sig.get("M") {
        Some(Object::Str(s)) => parse_pdf_date(&decode_text(s)),
        _ => None,
    };
    let mut report = SignatureReport {
        field,
        sub_filter,
        signer: Signer::default(),
        signed_at: claimed,
        intact: false,
        covers_whole_document: end2 == pdf.len(),
        trusted: anchors.map(|_| false),
        problem: None,
    };
    let parts: [&[u8]; 2] = [&pdf[..end1], &pdf[range[2]..end2]];
    if let Err(problem) = check_cms(&contents, &parts, anchors, &mut report) {
        report.problem = Some(problem.to_owned());
    }
    Ok((report, end2))
}

/// The bytes of the hex string filling the hole, trailing padding kept.
fn hex_hole(hole: &[u8]) -> Option<Vec<u8>> {
    let text = hole.trim_ascii();
    let inner = text.strip_prefix(b"<")?.strip_suffix(b">")?;
    let digits: Vec<u8> = inner
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks(2)
        .map(|c| u8::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
        .collect()
}

/// The length of the DER element at the start of `b` (padding after it
/// is ignored).
fn der_length(b: &[u8]) -> Option<usize> {
    let first = *b.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let len = b
        .get(2..2 + n)?
        .iter()
        .fold(0usize, |a, &x| a << 8 | usize::from(x));
    Some(2 + n + len).filter(|&l| l <= b.len())
}

fn check_cms(
    contents: &[u8],
    parts: &[&[u8]; 2],
    anchors: Option<&[Certificate]>,
    report: &mut SignatureReport,
) -> Result<(), &'static str> {
    const UNREADABLE: &str = "Không đọc được dữ liệu chữ ký (CMS) trong tệp.";
    let len = der_length(contents).ok_or(UNREADABLE)?;
    let info = ContentInfo::from_der(&contents[..len]).map_err(|_| UNREADABLE)?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(UNREADABLE);
    }
    let data: SignedData = reparse(&info.content).ok_or(UNREADABLE)?;
    let signer_info = data.signer_infos.0.iter().next().ok_or(UNREADABLE)?;
    let certs: Vec<&Certificate> = data
        .certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c),
            _ => None,
        })
        .collect();
    let signer_cert = *certs
        .iter()
        .find(|c| is_signer(c, signer_info))
        .ok_or("Chữ ký không kèm chứng thư số của người ký.")?;
    report.signer = cert::signer(signer_cert);
    let digest_oid = signer_info.digest_alg.oid;
    let digest = crypto::digest(digest_oid, &parts[..])
        .ok_or("Chữ ký dùng thuật toán băm chưa được hỗ trợ.")?;
    let spki = &signer_cert.tbs_certificate.subject_public_key_info;
    let verified = match &signer_info.signed_attrs {
        Some(attrs) => {
            let md = attrs
                .iter()
                .find(|a| a.oid == MESSAGE_DIGEST)
                .and_then(|a| a.values.iter().next())
                .and_then(reparse::<OctetString>)
                .ok_or(UNREADABLE)?;
            if let Some(t) = attrs
                .iter()
                .find(|a| a.oid == SIGNING_TIME)
                .and_then(|a| a.values.iter().next())
                .and_then(cms_time)
            {
                let offset = report.signed_at.map_or(UtcOffset::UTC, |c| c.offset());
                report.signed_at = Some(t.to_offset(offset));
            }
            if md.as_bytes() != digest.as_slice() {
                return Err("Nội dung tệp đã bị thay đổi sau khi ký.");
            }
            let signed = attrs.to_der().map_err(|_| UNREADABLE)?;
            crypto::verify(
                spki,
                &signer_info.signature_algorithm,
                Some(digest_oid),
                &signed,
                signer_info.signature.as_bytes(),
            )
        }
        None => {
            let whole = [parts[0], parts[1]].concat();
            crypto::verify(
                spki,
                &signer_info.signature_algorithm,
                Some(digest_oid),
                &whole,
                signer_info.signature.as_bytes(),
            )
        }
    };
    if let Some(anchors) = anchors {
        report.trusted = Some(chains_to(signer_cert, &certs, anchors));
    }
    if !verified {
        return Err("Chữ ký không khớp với chứng thư số kèm theo: tệp đã bị sửa hoặc chữ ký hỏng.");
    }
    report.intact = true;
    Ok(())
}

fn is_signer(c: &Certificate, si: &SignerInfo) -> bool {
    match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => c
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == der::asn1::ObjectIdentifier::new_unwrap("2.5.29.14"))
            .filter_map(|e| OctetString::from_der(e.extn_value.as_bytes()).ok())
            .any(|k| k.as_bytes() == ski.0.as_bytes()),
    }
}

/// The chain from `cert` through `pool` reaches one of `anchors`.
fn chains_to(cert: &Certificate, pool: &[&Certificate], anchors: &[Certificate]) -> bool {
    let mut cur = cert.clone();
    for _ in 0..MAX_CHAIN {
        if anchors
            .iter()
            .any(|a| *a == cur || cert::issued_by(&cur, a))
        {
            return true;
        }
        match pool
            .iter()
            .copied()
            .find(|c| *c != &cur && cert::issued_by(&cur, c))
        {
            Some(next) => cur = next.clone(),
            None => return false,
        }
    }
    false
}

fn cms_time(v: &der::Any) -> Option<OffsetDateTime> {
    let d = match reparse::<UtcTime>(v) {
        Some(t) => t.to_unix_duration(),
        None => reparse::<GeneralizedTime>(v)?.to_unix_duration(),
    };
    OffsetDateTime::from_unix_timestamp(i64::try_from(d.as_secs()).ok()?).ok()
}

/// `D:YYYYMMDDHHmmSSOHH'mm'` (later parts optional).
pub fn parse_pdf_date(s: &str) -> Option<OffsetDateTime> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = |from: usize, len: usize, default: u32| -> Option<u32> {
        match s.get(from..from + len) {
            Some(t) if t.bytes().all(|b| b.is_ascii_digit()) => t.parse().ok(),
            Some(_) => None,
            None => Some(default),
        }
    };
    let year = i32::try_from(digits(0, 4, 0)?).ok()?;
    let month = time::Month::try_from(u8::try_from(digits(4, 2, 1)?).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(year, month, u8::try_from(digits(6, 2, 1)?).ok()?).ok()?;
    let t = time::Time::from_hms(
        u8::try_from(digits(8, 2, 0)?).ok()?,
        u8::try_from(digits(10, 2, 0)?).ok()?,
        u8::try_from(digits(12, 2, 0)?).ok()?,
    )
    .ok()?;
    let offset = match s.get(14..15) {
        Some(sign @ ("+" | "-")) => {
            let rest: String = s[15..].chars().filter(char::is_ascii_digit).collect();
            let h: i8 = rest.get(0..2)?.parse().ok()?;
            let m: i8 = rest.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let k = if sign == "-" { -1 } else { 1 };
            UtcOffset::from_hms(k * h, k * m, 0).ok()?
        }
        _ => UtcOffset::UTC,
    };
    Some(time::PrimitiveDateTime::new(date, t).assume_offset(offset))
}

/// The figures hash in the Info dictionary, when it is one (64 hex digits).
fn figures_hash(doc: &Document<'_>) -> Result<Option<String>, PdfError> {
    let Object::Dict(info) = doc.entry(&doc.trailer, "Info")? else {
        return Ok(None);
    };
    Ok(match info.get(FIGURES_HASH_KEY) {
        Some(Object::Str(s)) => {
            let t = decode_text(s).trim().to_ascii_lowercase();
            (t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())).then_some(t)
        }
        _ => None,
    })
}

/// A DER value read again as `T` (through its encoding).
fn reparse<T: for<'a> Decode<'a>>(any: &der::Any) -> Option<T> {
    T::from_der(&any.to_der().ok()?).ok()
}

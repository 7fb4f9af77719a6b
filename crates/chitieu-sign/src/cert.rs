//! What the signer's certificate says: holder, organisation, serial,
//! validity, key usage; and whether a certificate was issued by another.

use der::asn1::ObjectIdentifier as Oid;
use der::{Decode, Encode, Tag, Tagged};
use time::OffsetDateTime;
use x509_cert::ext::pkix::KeyUsage;
use x509_cert::name::Name;
use x509_cert::Certificate;

use crate::crypto;
use crate::error::SignError;

const CN: Oid = Oid::new_unwrap("2.5.4.3");
const O: Oid = Oid::new_unwrap("2.5.4.10");
const KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");

/// Who a certificate names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signer {
    pub common_name: Option<String>,
    pub organization: Option<String>,
    /// The certificate's serial number, upper-case hex.
    pub serial: String,
}

pub fn signer(cert: &Certificate) -> Signer {
    let subject = &cert.tbs_certificate.subject;
    Signer {
        common_name: attribute(subject, CN),
        organization: attribute(subject, O),
        serial: cert
            .tbs_certificate
            .serial_number
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect(),
    }
}

/// The last value of `oid` in a name, as text.
pub fn attribute(name: &Name, oid: Oid) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter(|atv| atv.oid == oid)
        .filter_map(|atv| directory_string(atv.value.tag(), atv.value.value()))
        .next_back()
}

fn directory_string(tag: Tag, bytes: &[u8]) -> Option<String> {
    match tag {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
        Tag::TeletexString => Some(bytes.iter().map(|&b| char::from(b)).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        _ => None,
    }
}

/// The holder's name for messages: common name, else the serial.
pub fn holder(cert: &Certificate) -> String {
    let s = signer(cert);
    s.common_name.unwrap_or(s.serial)
}

pub fn not_before(cert: &Certificate) -> OffsetDateTime {
    to_time(cert.tbs_certificate.validity.not_before.to_unix_duration())
}

pub fn not_after(cert: &Certificate) -> OffsetDateTime {
    to_time(cert.tbs_certificate.validity.not_after.to_unix_duration())
}

fn to_time(d: core::time::Duration) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The key usage allows signatures (digitalSignature or nonRepudiation);
/// a certificate without the extension is not restricted.
pub fn usable_for_signing(cert: &Certificate) -> bool {
    let Some(exts) = &cert.tbs_certificate.extensions else {
        return true;
    };
    match exts.iter().find(|e| e.extn_id == KEY_USAGE) {
        None => true,
        Some(e) => match KeyUsage::from_der(e.extn_value.as_bytes()) {
            Ok(ku) => ku.digital_signature() || ku.non_repudiation(),
            Err(_) => false,
        },
    }
}

/// `issuer` issued `cert`: names match and the signature verifies.
pub fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return false;
    };
    crypto::verify(
        &issuer.tbs_certificate.subject_public_key_info,
        &cert.signature_algorithm,
        None,
        &tbs,
        cert.signature.raw_bytes(),
    )
}

/// Certificates in a PEM file (CERTIFICATE blocks; other blocks skipped).
pub fn from_pem(text: &str) -> Vec<Certificate> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
        let body = &rest[start + "-----BEGIN CERTIFICATE-----".len()..];
        let Some(end) = body.find("-----END CERTIFICATE-----") else {
            break;
        };
        if let Some(der) = base64(&body[..end]) {
            if let Ok(c) = Certificate::from_der(&der) {
                out.push(c);
            }
        }
        rest = &body[end..];
    }
    out
}

fn base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// What a person is shown of a certificate before signing with it.
#[derive(Debug)]
pub struct Summary {
    pub signer: Signer,
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    /// Why it cannot sign at the time asked (expired, not yet valid, no
    /// digital-signature key usage); `None` when it can.
    pub problem: Option<crate::SignError>,
}

/// The certificate `der` at time `at`: holder, validity, and whether it may
/// sign then (the same check as signing makes).
pub fn summary(der: &[u8], at: OffsetDateTime) -> Result<Summary, crate::SignError> {
    let c = Certificate::from_der(der).map_err(|_| crate::SignError::BadCertificate)?;
    Ok(Summary {
        signer: signer(&c),
        not_before: not_before(&c),
        not_after: not_after(&c),
        problem: check_certificate(&c, at).err(),
    })
}

/// The certificate may sign at `at`: within its validity, with a key usage
/// that allows signatures.
pub fn check_certificate(c: &Certificate, at: OffsetDateTime) -> Result<(), SignError> {
    let holder = holder(c);
    let (from, until) = (not_before(c), not_after(c));
    if at > until {
        return Err(SignError::CertificateExpired {
            holder,
            until: shown_date(until.to_offset(at.offset())),
        });
    }
    if at < from {
        return Err(SignError::CertificateNotYetValid {
            holder,
            from: shown_date(from.to_offset(at.offset())),
        });
    }
    if !usable_for_signing(c) {
        return Err(SignError::NotForSigning { holder });
    }
    Ok(())
}

fn shown_date(t: OffsetDateTime) -> String {
    format!("{:02}/{:02}/{:04}", t.day(), u8::from(t.month()), t.year())
}

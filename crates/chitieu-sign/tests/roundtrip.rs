//! Signing a PDF with the test key and verifying it back; what an altered
//! byte, a second signature and a bad certificate do.

use chitieu_sign::sample::{self, Xref};
use chitieu_sign::{sign, verify, Options, SignError, SigningKey, SoftwareKey};
use time::macros::datetime;

const CERT: &[u8] = include_bytes!("data/signer.der");
const KEY: &[u8] = include_bytes!("data/signer.pk8");
const CA: &str = include_str!("data/ca.pem");
const HASH: &str = "4f2a9c3b0d1e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a";

fn key() -> SoftwareKey {
    SoftwareKey::new(KEY, CERT.to_vec(), vec![]).expect("test key")
}

fn options() -> Options {
    Options {
        signed_at: datetime!(2027-01-15 10:30:00 +07:00),
    }
}

#[test]
fn a_signed_pdf_verifies_intact_and_whole_for_both_xref_kinds() {
    for kind in [Xref::Table, Xref::Stream] {
        let pdf = sample::pdf(kind, "Phu luc 01", Some(HASH));
        let signed = sign(&pdf, &mut key(), &options()).expect("signed");
        assert_eq!(
            &signed[..pdf.len()],
            &pdf[..],
            "the original bytes are untouched"
        );
        let v = verify(&signed, None).expect("verified");
        assert_eq!(v.signatures.len(), 1);
        let s = &v.signatures[0];
        assert!(s.intact, "{kind:?}: {:?}", s.problem);
        assert!(s.covers_whole_document);
        assert_eq!(s.trusted, None);
        assert_eq!(s.sub_filter, "ETSI.CAdES.detached");
        assert_eq!(
            s.signer.common_name.as_deref(),
            Some("Nguyễn Thị Hồng Hạnh")
        );
        assert_eq!(
            s.signer.organization.as_deref(),
            Some("Sở Thông tin và Truyền thông tỉnh Thái Nguyên")
        );
        assert_eq!(s.signed_at, Some(datetime!(2027-01-15 10:30:00 +07:00)));
        assert_eq!(v.figures_hash.as_deref(), Some(HASH));
    }
}

#[test]
fn the_trust_anchor_decides_trusted() {
    let signed = sign(
        &sample::pdf(Xref::Stream, "x", None),
        &mut key(),
        &options(),
    )
    .unwrap();
    let ca = chitieu_sign::cert::from_pem(CA);
    assert_eq!(ca.len(), 1);
    let v = verify(&signed, Some(&ca)).unwrap();
    assert_eq!(v.signatures[0].trusted, Some(true));
    assert_eq!(v.figures_hash, None, "a PDF without the hash says so");
    // The signer's own certificate is no CA of the chain's issuer.
    let other = chitieu_sign::cert::from_pem(&pem(include_bytes!("data/signer.der")));
    let signer_as_anchor = verify(&signed, Some(&other)).unwrap();
    assert_eq!(signer_as_anchor.signatures[0].trusted, Some(true));
    let unrelated = verify(&sample::pdf(Xref::Table, "y", None), Some(&ca)).unwrap();
    assert!(unrelated.signatures.is_empty());
}

fn pem(der: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::from("-----BEGIN CERTIFICATE-----\n");
    for c in der.chunks(3) {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= c.len() {
                s.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s.push_str("\n-----END CERTIFICATE-----\n");
    s
}

#[test]
fn one_altered_byte_breaks_intact() {
    let pdf = sample::pdf(Xref::Table, "Phu luc 01", Some(HASH));
    let signed = sign(&pdf, &mut key(), &options()).unwrap();
    let at = signed.windows(10).position(|w| w == b"Phu luc 01").unwrap();
    let mut altered = signed.clone();
    altered[at] = b'Q';
    let v = verify(&altered, None).unwrap();
    assert!(!v.signatures[0].intact);
    assert!(v.signatures[0]
        .problem
        .as_deref()
        .unwrap()
        .contains("thay đổi"));
}

#[test]
fn a_second_signature_leaves_the_first_intact_but_partial() {
    let pdf = sample::pdf(Xref::Stream, "x", None);
    let once = sign(&pdf, &mut key(), &options()).unwrap();
    let twice = sign(&once, &mut key(), &options()).unwrap();
    let v = verify(&twice, None).unwrap();
    assert_eq!(v.signatures.len(), 2);
    assert!(v.signatures.iter().all(|s| s.intact));
    assert!(!v.signatures[0].covers_whole_document);
    assert!(v.signatures[1].covers_whole_document);
    assert_ne!(v.signatures[0].field, v.signatures[1].field);
}

#[test]
fn an_expired_or_not_yet_valid_certificate_signs_nothing() {
    let pdf = sample::pdf(Xref::Table, "x", None);
    let late = Options {
        signed_at: datetime!(2045-01-01 08:00:00 +07:00),
    };
    match sign(&pdf, &mut key(), &late) {
        Err(e @ SignError::CertificateExpired { .. }) => assert!(e.to_string().contains("hết hạn")),
        other => panic!("{:?}", other.map(|_| ())),
    }
    let early = Options {
        signed_at: datetime!(2020-01-01 08:00:00 +07:00),
    };
    assert!(matches!(
        sign(&pdf, &mut key(), &early),
        Err(SignError::CertificateNotYetValid { .. })
    ));
}

#[test]
fn the_visible_block_has_its_font_and_text_map() {
    let signed = sign(&sample::pdf(Xref::Table, "x", None), &mut key(), &options()).unwrap();
    let tail = String::from_utf8_lossy(&signed);
    for needle in [
        "/FontFile2",
        "/ToUnicode",
        "/CIDFontType2",
        "/SigFlags 3",
        "/Widget",
    ] {
        assert!(tail.contains(needle), "{needle}");
    }
}

/// A key whose signature is far larger than its kind announces.
struct Oversized(SoftwareKey);

impl SigningKey for Oversized {
    fn certificate(&self) -> &[u8] {
        self.0.certificate()
    }
    fn chain(&self) -> &[Vec<u8>] {
        self.0.chain()
    }
    fn kind(&self) -> chitieu_sign::KeyKind {
        self.0.kind()
    }
    fn sign(&mut self, _: &[u8]) -> Result<Vec<u8>, SignError> {
        Ok(vec![0x5a; 16 * 1024])
    }
}

#[test]
fn a_signature_that_does_not_fit_is_refused() {
    let pdf = sample::pdf(Xref::Table, "x", None);
    match sign(&pdf, &mut Oversized(key()), &options()) {
        Err(e @ SignError::SignatureTooLarge { .. }) => {
            assert!(e.to_string().contains("lớn hơn chỗ dành sẵn"), "{e}")
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

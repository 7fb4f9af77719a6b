//! The CMS SignedData of a PAdES B-B signature: SHA-256, the signer's
//! certificate (and chain) embedded, signed attributes content-type,
//! message-digest and signing-certificate-v2 (no signing-time attribute:
//! PAdES puts the claimed time in the signature dictionary's /M).

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier as Oid, OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

use crate::crypto::{ECDSA_SHA256, SHA256, SHA256_RSA};
use crate::error::SignError;
use crate::key::{KeyKind, SigningKey};

pub const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
pub const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
pub const CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
pub const MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
pub const SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
pub const SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");

fn bad<E>(_: E) -> SignError {
    SignError::BadCertificate
}

/// The DER of a ContentInfo holding the SignedData over `digest` (the
/// SHA-256 of the signed byte ranges).
pub fn signed_data(key: &mut dyn SigningKey, digest: &[u8]) -> Result<Vec<u8>, SignError> {
    let cert_der = key.certificate().to_vec();
    let cert = Certificate::from_der(&cert_der).map_err(bad)?;
    let attr = |oid: Oid, value: Any| -> Result<Attribute, SignError> {
        Ok(Attribute {
            oid,
            values: SetOfVec::try_from(vec![value]).map_err(bad)?,
        })
    };
    let ess = signing_certificate_v2(&cert, &cert_der)?;
    let attrs = vec![
        attr(CONTENT_TYPE, Any::encode_from(&ID_DATA).map_err(bad)?)?,
        attr(
            MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest.to_vec()).map_err(bad)?).map_err(bad)?,
        )?,
        attr(SIGNING_CERTIFICATE_V2, Any::from_der(&ess).map_err(bad)?)?,
    ];
    let signed_attrs = SetOfVec::try_from(attrs).map_err(bad)?;
    let to_be_signed = signed_attrs.to_der().map_err(bad)?;
    let signature = key.sign(&to_be_signed)?;
    let signature_algorithm = match key.kind() {
        KeyKind::Rsa { .. } => AlgorithmIdentifierOwned {
            oid: SHA256_RSA,
            parameters: Some(Any::null()),
        },
        KeyKind::EcdsaP256 => AlgorithmIdentifierOwned {
            oid: ECDSA_SHA256,
            parameters: None,
        },
    };
    let sha256 = AlgorithmIdentifierOwned {
        oid: SHA256,
        parameters: None,
    };
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(bad)?,
        unsigned_attrs: None,
    };
    let mut certs = vec![CertificateChoices::Certificate(cert)];
    for der in key.chain() {
        certs.push(CertificateChoices::Certificate(
            Certificate::from_der(der).map_err(bad)?,
        ));
    }
    let data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(bad)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certs).map_err(bad)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer]).map_err(bad)?),
    };
    let info = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&data).map_err(bad)?,
    };
    info.to_der().map_err(bad)
}

/// SigningCertificateV2 { certs: [ESSCertIDv2 { certHash (SHA-256,
/// the default algorithm), issuerSerial { issuer, serialNumber } }] }.
fn signing_certificate_v2(cert: &Certificate, der: &[u8]) -> Result<Vec<u8>, SignError> {
    let hash = Sha256::digest(der);
    let issuer = cert.tbs_certificate.issuer.to_der().map_err(bad)?;
    let serial = cert.tbs_certificate.serial_number.to_der().map_err(bad)?;
    let general_names = tlv(0x30, &tlv(0xa4, &issuer));
    let issuer_serial = tlv(0x30, &[general_names, serial].concat());
    let id = tlv(0x30, &[tlv(0x04, &hash), issuer_serial].concat());
    Ok(tlv(0x30, &tlv(0x30, &id)))
}

/// One DER tag-length-value.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

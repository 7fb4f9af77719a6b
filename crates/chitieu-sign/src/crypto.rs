//! Digests and signature checks: RSA PKCS#1 v1.5 (SHA-1/256/384/512) and
//! ECDSA P-256, what Vietnamese CAs issue and other signing tools use.

use der::asn1::ObjectIdentifier as Oid;
use sha2::Digest;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
pub const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
pub const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
pub const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub const SHA1_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
pub const SHA256_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
pub const SHA384_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
pub const SHA512_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
pub const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
pub const ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
pub const ECDSA_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");

/// The digest of `parts` (concatenated) with algorithm `oid`.
pub fn digest(oid: Oid, parts: &[&[u8]]) -> Option<Vec<u8>> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut d = D::new();
        for p in parts {
            d.update(p);
        }
        d.finalize().to_vec()
    }
    Some(match oid {
        SHA1 => run::<sha1::Sha1>(parts),
        SHA256 => run::<sha2::Sha256>(parts),
        SHA384 => run::<sha2::Sha384>(parts),
        SHA512 => run::<sha2::Sha512>(parts),
        _ => return None,
    })
}

/// `signature` over `message` verifies with `key`. The digest comes from
/// the signature algorithm, or (for a bare rsaEncryption/ecPublicKey) from
/// `digest_hint`, else SHA-256.
pub fn verify(
    key: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    digest_hint: Option<Oid>,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let hint = digest_hint.unwrap_or(SHA256);
    let (kind, digest_oid) = match algorithm.oid {
        RSA => (Kind::Rsa, hint),
        SHA1_RSA => (Kind::Rsa, SHA1),
        SHA256_RSA => (Kind::Rsa, SHA256),
        SHA384_RSA => (Kind::Rsa, SHA384),
        SHA512_RSA => (Kind::Rsa, SHA512),
        EC_PUBLIC_KEY => (Kind::Ecdsa, hint),
        ECDSA_SHA256 => (Kind::Ecdsa, SHA256),
        ECDSA_SHA384 => (Kind::Ecdsa, SHA384),
        ECDSA_SHA512 => (Kind::Ecdsa, SHA512),
        _ => return false,
    };
    let Some(hash) = digest(digest_oid, &[message]) else {
        return false;
    };
    let key_bits = key.subject_public_key.raw_bytes();
    match kind {
        Kind::Rsa => {
            use rsa::pkcs1::DecodeRsaPublicKey;
            let Ok(public) = rsa::RsaPublicKey::from_pkcs1_der(key_bits) else {
                return false;
            };
            let scheme = match digest_oid {
                SHA1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
                SHA384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                SHA512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                _ => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
            };
            public.verify(scheme, &hash, signature).is_ok()
        }
        Kind::Ecdsa => {
            use p256::ecdsa::signature::hazmat::PrehashVerifier;
            let Ok(public) = p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bits) else {
                return false;
            };
            let Ok(sig) = p256::ecdsa::Signature::from_der(signature) else {
                return false;
            };
            public.verify_prehash(&hash, &sig).is_ok()
        }
    }
}

enum Kind {
    Rsa,
    Ecdsa,
}

//! The signing key, behind a trait: a PKCS#11 token ([`crate::pkcs11`]) in
//! use, a software key in tests.

use sha2::{Digest, Sha256};

use crate::error::SignError;

/// What kind of key signs (the CMS names the algorithm from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA with a modulus of this many bytes (PKCS#1 v1.5, SHA-256).
    Rsa { modulus_bytes: usize },
    /// ECDSA on P-256 with SHA-256.
    EcdsaP256,
}

pub trait SigningKey {
    /// The signer's certificate (DER).
    fn certificate(&self) -> &[u8];
    /// Issuer certificates to embed beside it (DER), nearest first.
    fn chain(&self) -> &[Vec<u8>];
    fn kind(&self) -> KeyKind;
    /// Signs `message` with SHA-256: an RSA PKCS#1 v1.5 signature, or a
    /// DER-encoded ECDSA signature.
    fn sign(&mut self, message: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// An RSA key held in memory (tests, and tools that have a key file).
pub struct SoftwareKey {
    key: rsa::RsaPrivateKey,
    certificate: Vec<u8>,
    chain: Vec<Vec<u8>>,
}

impl SoftwareKey {
    /// From a PKCS#8 DER private key and a DER certificate.
    pub fn new(pkcs8: &[u8], certificate: Vec<u8>, chain: Vec<Vec<u8>>) -> Option<Self> {
        use rsa::pkcs8::DecodePrivateKey;
        let key = rsa::RsaPrivateKey::from_pkcs8_der(pkcs8).ok()?;
        Some(SoftwareKey {
            key,
            certificate,
            chain,
        })
    }
}

impl SigningKey for SoftwareKey {
    fn certificate(&self) -> &[u8] {
        &self.certificate
    }

    fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn kind(&self) -> KeyKind {
        use rsa::traits::PublicKeyParts;
        KeyKind::Rsa {
            modulus_bytes: self.key.size(),
        }
    }

    fn sign(&mut self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let hash = Sha256::digest(message);
        self.key
            .sign(rsa::Pkcs1v15Sign::new::<Sha256>(), &hash)
            .map_err(|_| SignError::UnsupportedKey)
    }
}

//! A PKCS#11 token (the Vietnamese CAs' USB tokens, SoftHSM in tests): the
//! module is loaded at run time from the path the user gives; the PIN is
//! handed to the token and dropped (zeroized), never kept or shown.

use std::path::Path;

use cryptoki::context::{CInitializeArgs, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use der::Decode;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::cert;
use crate::error::SignError;
use crate::key::{KeyKind, SigningKey};

/// How many objects of one kind are looked at on a token.
const MAX_OBJECTS: usize = 256;

/// A logged-in token session with the signing key and its certificate.
pub struct Token {
    // Kept so the module stays loaded while the session lives.
    _module: Pkcs11,
    session: Session,
    key: ObjectHandle,
    certificate: Vec<u8>,
    chain: Vec<Vec<u8>>,
    kind: KeyKind,
}

/// Which token and key: the module's path, and optional labels.
pub struct Choice<'a> {
    pub module: &'a Path,
    pub token: Option<&'a str>,
    pub key: Option<&'a str>,
    /// The signing time: without a key label, a key whose certificate may
    /// sign and is valid then is preferred (a renewed token often keeps its
    /// expired certificate beside the new one).
    pub at: Option<time::OffsetDateTime>,
}

fn token_error(doing: &'static str) -> impl Fn(CkError) -> SignError {
    move |e| match e {
        CkError::Pkcs11(RvError::PinIncorrect | RvError::PinInvalid | RvError::PinLenRange, _) => {
            SignError::WrongPin
        }
        CkError::Pkcs11(RvError::PinLocked, _) => SignError::TokenLocked,
        CkError::Pkcs11(RvError::TokenNotPresent | RvError::DeviceRemoved, _) => {
            SignError::NoToken { label: None }
        }
        CkError::Pkcs11(rv, _) => SignError::Token {
            code: format!("{rv:?}"),
            doing,
        },
        other => SignError::Token {
            code: format!("{other:?}").chars().take(80).collect(),
            doing,
        },
    }
}

impl Token {
    /// Loads the module, finds the token (by label, else the first with a
    /// token present), logs in with `pin` and finds the key: by label, else
    /// the best of the keys with a certificate — one that may sign and is
    /// valid at `choice.at`, then one that may sign, the newest (latest
    /// expiry) first; failing that the first, whose problem is reported.
    pub fn open(choice: &Choice<'_>, pin: &str) -> Result<Self, SignError> {
        let (module, session, _) = login(choice, pin)?;
        let certificates = certificates(&session)?;
        let keys = find(&session, ObjectClass::PRIVATE_KEY)?;
        // (key, certificate, kind, rank): the best rank is taken.
        let mut found: Option<(ObjectHandle, Vec<u8>, Option<KeyType>, Rank)> = None;
        let mut any_key = false;
        for key in keys {
            let attrs = session
                .get_attributes(
                    key,
                    &[
                        AttributeType::Id,
                        AttributeType::Label,
                        AttributeType::KeyType,
                    ],
                )
                .map_err(token_error("đọc khoá"))?;
            let (mut id, mut label, mut kind) = (Vec::new(), String::new(), None);
            for a in attrs {
                match a {
                    Attribute::Id(v) => id = v,
                    Attribute::Label(v) => label = String::from_utf8_lossy(&v).trim().to_owned(),
                    Attribute::KeyType(k) => kind = Some(k),
                    _ => {}
                }
            }
            if let Some(wanted) = choice.key {
                if label != wanted.trim() {
                    continue;
                }
            }
            any_key = true;
            let cert = certificates
                .iter()
                .find(|(cid, _)| *cid == id)
                .map(|c| c.1.clone());
            if let Some(cert) = cert {
                let rank = Rank::of(&cert, choice.at);
                // An explicitly named key is taken as it is (its problems
                // are reported); else the best ranked, the first on a tie.
                if choice.key.is_some() {
                    found = Some((key, cert, kind, rank));
                    break;
                }
                if found.as_ref().is_none_or(|f| rank > f.3) {
                    found = Some((key, cert, kind, rank));
                }
            }
        }
        let Some((key, certificate, kind, _)) = found else {
            return Err(if any_key {
                SignError::NoCertificate
            } else {
                SignError::NoKey {
                    label: choice.key.map(str::to_owned),
                }
            });
        };
        let parsed = Certificate::from_der(&certificate).map_err(|_| SignError::BadCertificate)?;
        let kind = match kind {
            Some(k) if k == KeyType::RSA => {
                use rsa::pkcs1::DecodeRsaPublicKey;
                use rsa::traits::PublicKeyParts;
                let bits = parsed
                    .tbs_certificate
                    .subject_public_key_info
                    .subject_public_key
                    .raw_bytes();
                let public = rsa::RsaPublicKey::from_pkcs1_der(bits)
                    .map_err(|_| SignError::BadCertificate)?;
                KeyKind::Rsa {
                    modulus_bytes: public.size(),
                }
            }
            Some(k) if k == KeyType::EC => KeyKind::EcdsaP256,
            _ => return Err(SignError::UnsupportedKey),
        };
        let chain = chain(&parsed, &certificates);
        Ok(Token {
            _module: module,
            session,
            key,
            certificate,
            chain,
            kind,
        })
    }
}

/// How fit a certificate is for signing at a time, compared field by field:
/// its key usage allows signing, it is valid then, it expires later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    may_sign: bool,
    valid: bool,
    expires: i64,
}

impl Rank {
    fn of(der: &[u8], at: Option<time::OffsetDateTime>) -> Rank {
        match Certificate::from_der(der) {
            Ok(c) => Rank {
                may_sign: cert::usable_for_signing(&c),
                valid: at.is_none_or(|t| cert::not_before(&c) <= t && t <= cert::not_after(&c)),
                expires: cert::not_after(&c).unix_timestamp(),
            },
            Err(_) => Rank {
                may_sign: false,
                valid: false,
                expires: i64::MIN,
            },
        }
    }
}

/// Loads the module, finds the token (by label, else the first initialised
/// one with a token present) and logs in with `pin`: the module, the
/// session and the token's label. The PIN is checked here, before anything
/// is read, so a wrong PIN is said as such whatever is asked next.
fn login(choice: &Choice<'_>, pin: &str) -> Result<(Pkcs11, Session, String), SignError> {
    let module = Pkcs11::new(choice.module).map_err(|_| SignError::ModuleNotLoadable {
        module: choice.module.display().to_string(),
    })?;
    match module.initialize(CInitializeArgs::OsThreads) {
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(_) => {
            return Err(SignError::ModuleNotLoadable {
                module: choice.module.display().to_string(),
            })
        }
    }
    let no_token = || SignError::NoToken {
        label: choice.token.map(str::to_owned),
    };
    let slots = module
        .get_slots_with_token()
        .map_err(token_error("tìm token"))?;
    let (slot, label) = slots
        .into_iter()
        .find_map(|s| {
            let info = module.get_token_info(s).ok()?;
            let label = info.label().trim().to_owned();
            let wanted = match choice.token {
                // Uninitialised slots (SoftHSM always offers one) are skipped.
                None => info.token_initialized(),
                Some(l) => label == l.trim(),
            };
            wanted.then_some((s, label))
        })
        .ok_or_else(no_token)?;
    let session = module
        .open_ro_session(slot)
        .map_err(token_error("mở phiên làm việc với token"))?;
    let pin = AuthPin::new(pin.to_owned());
    match session.login(UserType::User, Some(&pin)) {
        Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
        Err(e) => return Err(token_error("đăng nhập token")(e)),
    }
    drop(pin);
    Ok((module, session, label))
}

/// A signing key on a token and the certificate that goes with it (same
/// CKA_ID).
#[derive(Debug, Clone)]
pub struct KeyCertificate {
    /// The token's label.
    pub token: String,
    /// The key's label (CKA_LABEL), as `Choice::key` names it.
    pub key: String,
    /// The certificate, DER.
    pub certificate: Vec<u8>,
}

/// The keys on the token that have a certificate, after logging in with
/// `pin` (private keys are only visible to a logged-in user; a wrong PIN is
/// [`SignError::WrongPin`]). `choice.key`, when given, keeps only that key.
/// Nothing is signed.
pub fn key_certificates(choice: &Choice<'_>, pin: &str) -> Result<Vec<KeyCertificate>, SignError> {
    let (_module, session, token) = login(choice, pin)?;
    let certificates = certificates(&session)?;
    let mut out = Vec::new();
    for key in find(&session, ObjectClass::PRIVATE_KEY)? {
        let attrs = session
            .get_attributes(key, &[AttributeType::Id, AttributeType::Label])
            .map_err(token_error("đọc khoá"))?;
        let (mut id, mut label) = (Vec::new(), String::new());
        for a in attrs {
            match a {
                Attribute::Id(v) => id = v,
                Attribute::Label(v) => label = String::from_utf8_lossy(&v).trim().to_owned(),
                _ => {}
            }
        }
        if choice.key.is_some_and(|wanted| label != wanted.trim()) {
            continue;
        }
        if let Some((_, der)) = certificates.iter().find(|(cid, _)| *cid == id) {
            out.push(KeyCertificate {
                token: token.clone(),
                key: label,
                certificate: der.clone(),
            });
        }
    }
    Ok(out)
}

/// Handles of the objects of `class` on the token.
fn find(session: &Session, class: ObjectClass) -> Result<Vec<ObjectHandle>, SignError> {
    let mut handles = session
        .find_objects(&[Attribute::Class(class)])
        .map_err(token_error("tìm khoá và chứng thư số"))?;
    handles.truncate(MAX_OBJECTS);
    Ok(handles)
}

/// An object's CKA_ID and CKA_VALUE.
type IdAndValue = (Vec<u8>, Vec<u8>);

/// The certificates on the token: (CKA_ID, CKA_VALUE).
fn certificates(session: &Session) -> Result<Vec<IdAndValue>, SignError> {
    let mut out = Vec::new();
    for h in find(session, ObjectClass::CERTIFICATE)? {
        let attrs = session
            .get_attributes(h, &[AttributeType::Id, AttributeType::Value])
            .map_err(token_error("đọc chứng thư số"))?;
        let (mut id, mut value) = (Vec::new(), Vec::new());
        for a in attrs {
            match a {
                Attribute::Id(v) => id = v,
                Attribute::Value(v) => value = v,
                _ => {}
            }
        }
        out.push((id, value));
    }
    Ok(out)
}

/// Issuer certificates the token holds for `cert`, nearest first.
fn chain(cert: &Certificate, on_token: &[(Vec<u8>, Vec<u8>)]) -> Vec<Vec<u8>> {
    let pool: Vec<(Certificate, &Vec<u8>)> = on_token
        .iter()
        .filter_map(|(_, v)| Certificate::from_der(v).ok().map(|c| (c, v)))
        .collect();
    let mut out = Vec::new();
    let mut cur = cert.clone();
    for _ in 0..8 {
        if cur.tbs_certificate.issuer == cur.tbs_certificate.subject {
            break;
        }
        let Some((next, der)) = pool
            .iter()
            .find(|(c, _)| c.tbs_certificate.subject == cur.tbs_certificate.issuer && c != &cur)
        else {
            break;
        };
        out.push((*der).clone());
        cur = next.clone();
    }
    out
}

impl SigningKey for Token {
    fn certificate(&self) -> &[u8] {
        &self.certificate
    }

    fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn kind(&self) -> KeyKind {
        self.kind
    }

    fn sign(&mut self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        match self.kind {
            KeyKind::Rsa { .. } => {
                match self
                    .session
                    .sign(&Mechanism::Sha256RsaPkcs, self.key, message)
                {
                    Ok(s) => Ok(s),
                    // Older drivers sign only raw PKCS#1: give them the
                    // DigestInfo of the SHA-256 digest.
                    Err(CkError::Pkcs11(RvError::MechanismInvalid, _)) => {
                        let mut info = vec![
                            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03,
                            0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
                        ];
                        info.extend_from_slice(&Sha256::digest(message));
                        self.session
                            .sign(&Mechanism::RsaPkcs, self.key, &info)
                            .map_err(token_error("ký"))
                    }
                    Err(e) => Err(token_error("ký")(e)),
                }
            }
            KeyKind::EcdsaP256 => {
                let hash = Sha256::digest(message);
                let raw = self
                    .session
                    .sign(&Mechanism::Ecdsa, self.key, &hash)
                    .map_err(token_error("ký"))?;
                let sig = p256::ecdsa::Signature::from_slice(&raw)
                    .map_err(|_| SignError::UnsupportedKey)?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use cryptoki::context::Function;

    use super::*;

    #[test]
    fn token_answers_become_vietnamese_sentences() {
        let map = token_error("đăng nhập token");
        let e = map(CkError::Pkcs11(RvError::PinLocked, Function::Login));
        assert!(matches!(e, SignError::TokenLocked));
        assert!(e.to_string().contains("bị khoá"));
        let e = map(CkError::Pkcs11(RvError::PinIncorrect, Function::Login));
        assert!(matches!(e, SignError::WrongPin));
        let e = map(CkError::Pkcs11(RvError::TokenNotPresent, Function::Login));
        assert!(e.to_string().starts_with("Không thấy token nào:"), "{e}");
        let e = map(CkError::Pkcs11(RvError::DeviceError, Function::Sign));
        assert!(e.to_string().contains("DeviceError"), "{e}");
    }

    #[test]
    fn a_module_that_is_not_there_is_named() {
        let choice = Choice {
            module: Path::new("/khong/co/vnpt-ca_csp11.so"),
            token: None,
            key: None,
            at: None,
        };
        match Token::open(&choice, "1234") {
            Err(e @ SignError::ModuleNotLoadable { .. }) => {
                let m = e.to_string();
                assert!(m.contains("vnpt-ca_csp11.so") && !m.contains("1234"), "{m}");
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("loaded"),
        }
    }
}

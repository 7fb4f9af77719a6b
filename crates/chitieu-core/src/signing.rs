//! «Ký số» for the desktop app: one call per thing the shell asks, over
//! crates/chitieu-sign (PAdES signatures with a PKCS#11 token).
//!
//! - [`certificates`]: the keys on a token and their certificates, as a
//!   person is shown them before signing (holder, organisation, serial,
//!   validity in +07:00, whether it can sign now and why not);
//! - [`sign_pdf`]: signs a PDF into `<stem>-da-ky.pdf` beside it (or where
//!   asked), written atomically; on any refusal nothing is written;
//! - [`suggestions`]: the usual Vietnamese token drivers (docs/SIGNING.md),
//!   those present on this machine first.
//!
//! The PIN is borrowed for the call and handed to the token; it is never
//! kept, logged, or put into an error (the shell holds it as a
//! `Zeroizing<String>`).

use std::path::{Path, PathBuf};

use chitieu_sign::pkcs11::{self, Choice, Token};
use chitieu_sign::{SignError, SigningKey};
use serde::Serialize;
use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::period::VIETNAM;

/// Which token driver, token and key.
#[derive(Debug, Clone, Copy)]
pub struct Driver<'a> {
    /// The PKCS#11 module (a .dll on Windows, a .so on Linux).
    pub module: &'a Path,
    /// The token's label; else the first token present.
    pub token: Option<&'a str>,
    /// The key's label; else the first key whose certificate may sign.
    pub key: Option<&'a str>,
}

impl<'a> Driver<'a> {
    fn choice(&self, at: Option<OffsetDateTime>) -> Choice<'a> {
        Choice {
            module: self.module,
            token: self.token,
            key: self.key,
            at,
        }
    }
}

/// A key on the token with its certificate, as shown before signing.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct TokenCertificate {
    /// The token's label.
    pub token: String,
    /// The key's label (to sign with this one).
    pub key: String,
    /// The holder (the certificate's common name, else its serial).
    pub holder: String,
    pub organization: Option<String>,
    /// The serial number, upper-case hex.
    pub serial: String,
    /// First and last day of validity, dd/mm/yyyy in Vietnam.
    pub valid_from: String,
    pub valid_to: String,
    /// It may sign now.
    pub can_sign: bool,
    /// Why it cannot (one Vietnamese sentence), when it cannot.
    pub problem: Option<String>,
}

/// A PDF signed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Serialize)]
pub struct Signed {
    /// The signed file.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    pub bytes: usize,
    /// Who signed: the certificate's holder and organisation.
    pub signer: String,
    pub organization: Option<String>,
    /// When, as the signature block says it: dd/mm/yyyy hh:mm:ss +07:00.
    pub signed_at: String,
}

/// A usual token driver, and whether it is on this machine.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriverSuggestion {
    /// The module's full path on this machine.
    pub path: String,
    /// Whose driver it is (the CA, or the software token).
    pub issuer: String,
    pub present: bool,
}

/// Why looking at a token or signing failed: one Vietnamese sentence each,
/// never with the PIN.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error("Chưa nhập mã PIN của token: hãy nhập mã PIN rồi thử lại.")]
    NoPin,
    /// Looking at the token (nothing is written then).
    #[error("{0}")]
    Token(SignError),
    /// Signing refused: nothing was written.
    #[error("{0} Không có gì được ghi.")]
    Refused(SignError),
    #[error("Tệp ký xong không được ghi đè lên chính tệp cần ký «{0}»: hãy chọn nơi lưu khác. Không có gì được ghi.")]
    SameFile(String),
}

impl SigningError {
    /// A stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            SigningError::NoPin => "pin_missing",
            SigningError::SameFile(_) => "same_file",
            SigningError::Token(e) | SigningError::Refused(e) => match e {
                SignError::WrongPin => "wrong_pin",
                SignError::TokenLocked => "token_locked",
                SignError::NoToken { .. } => "no_token",
                SignError::NoKey { .. } => "no_key",
                SignError::NoCertificate => "no_certificate",
                SignError::CertificateExpired { .. } => "certificate_expired",
                SignError::CertificateNotYetValid { .. } => "certificate_not_yet_valid",
                SignError::NotForSigning { .. } => "not_for_signing",
                SignError::BadCertificate => "bad_certificate",
                SignError::ModuleNotLoadable { .. } => "module_not_loadable",
                SignError::Token { .. } => "token_failed",
                SignError::UnsupportedKey => "unsupported_key",
                SignError::SignatureTooLarge { .. } => "signature_too_large",
                SignError::Pdf(chitieu_sign::PdfError::Encrypted) => "pdf_encrypted",
                SignError::Pdf(_) => "pdf_unreadable",
            },
        }
    }
}

/// The keys on the token with a certificate, those that can sign now first.
/// Logs in with `pin` (a wrong PIN is said as such); writes nothing.
pub fn certificates(
    driver: &Driver<'_>,
    pin: &str,
    now: OffsetDateTime,
) -> Result<Vec<TokenCertificate>> {
    if pin.is_empty() {
        return Err(SigningError::NoPin.into());
    }
    let found = pkcs11::key_certificates(&driver.choice(None), pin).map_err(SigningError::Token)?;
    let mut out = Vec::new();
    for k in found {
        let s = chitieu_sign::cert::summary(&k.certificate, now).map_err(SigningError::Token)?;
        out.push(TokenCertificate {
            token: k.token,
            key: k.key,
            holder: s
                .signer
                .common_name
                .clone()
                .unwrap_or_else(|| s.signer.serial.clone()),
            organization: s.signer.organization,
            serial: s.signer.serial,
            valid_from: day(s.not_before),
            valid_to: day(s.not_after),
            can_sign: s.problem.is_none(),
            problem: s.problem.map(|p| p.to_string()),
        });
    }
    out.sort_by_key(|c| !c.can_sign);
    Ok(out)
}

/// Where a signed copy of `input` goes by default: `<stem>-da-ky.pdf`
/// beside it.
pub fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bao-cao".into());
    input.with_file_name(format!("{stem}-da-ky.pdf"))
}

/// Signs the PDF `input` with the token's key into `output` (default
/// [`default_output`]), atomically; the signature's time is `now` in
/// Vietnam. On any refusal (PIN, token, certificate, PDF) nothing is
/// written.
pub fn sign_pdf(
    driver: &Driver<'_>,
    pin: &str,
    input: &Path,
    output: Option<&Path>,
    now: OffsetDateTime,
) -> Result<Signed> {
    if pin.is_empty() {
        return Err(SigningError::NoPin.into());
    }
    let out = output.map_or_else(|| default_output(input), Path::to_owned);
    if out == input {
        return Err(SigningError::SameFile(input.display().to_string()).into());
    }
    let pdf = std::fs::read(input).map_err(|e| crate::file::classify(input, e))?;
    let signed_at = now.to_offset(VIETNAM);
    let mut token = Token::open(&driver.choice(Some(now)), pin).map_err(SigningError::Refused)?;
    let bytes = chitieu_sign::sign(&pdf, &mut token, &chitieu_sign::Options { signed_at })
        .map_err(SigningError::Refused)?;
    let who = chitieu_sign::cert::summary(token.certificate(), signed_at)
        .map_err(SigningError::Refused)?;
    drop(token);
    crate::file::write_atomically(&out, &bytes)?;
    Ok(Signed {
        path: out,
        bytes: bytes.len(),
        signer: who
            .signer
            .common_name
            .unwrap_or_else(|| who.signer.serial.clone()),
        organization: who.signer.organization,
        signed_at: moment(signed_at),
    })
}

/// The usual PKCS#11 drivers of Vietnamese tokens (docs/SIGNING.md's
/// table), Windows file names, the likeliest first: (issuer, file).
pub const WINDOWS_DRIVERS: &[(&str, &str)] = &[
    ("VNPT-CA", "vnpt-ca_csp11.dll"),
    ("VNPT-CA", "vnptca_p11_v10.dll"),
    ("VNPT-CA", "vnptca_p11_v9.dll"),
    ("VNPT-CA", "vnptca_p11_v8.dll"),
    ("VNPT-CA", "vnptca_p11_v7.dll"),
    ("VNPT-CA", "vnptca_p11_v6.dll"),
    ("VNPT-CA", "VNPT-CA_v34.dll"),
    ("VNPT-CA", "vnpt-ca_cl_v1.dll"),
    ("Viettel-CA", "viettel-ca_v6.dll"),
    ("Viettel-CA", "viettel-ca_v5.dll"),
    ("Viettel-CA", "viettel-ca_v4.dll"),
    ("Viettel-CA", "viettel-ca.dll"),
    ("BKAV-CA", "BkavCA.dll"),
    ("BKAV-CA", "BkavCAv2S.dll"),
    ("BKAV-CA", "bkavcaetoken.dll"),
    ("FPT-CA", "fpt-ca.dll"),
    ("FPT-CA", "fpt-ca-stx.dll"),
    ("FPT-CA", "fptca_v4.dll"),
    ("FPT-CA", "fptca_v3.dll"),
    ("CA2 (Nacencomm)", "CA2_csp11.dll"),
    ("CA2 (Nacencomm)", "CA2_v34.dll"),
    ("CA2 (Nacencomm)", "ShuttleCsp11_3003.dll"),
    ("Ban Cơ yếu Chính phủ (SafeNet)", "eTPKCS11.dll"),
    ("Ban Cơ yếu Chính phủ (Bit4id)", "bit4xpki.dll"),
    ("NewCA", "nca_v6.dll"),
    ("NewCA", "nca_v4.dll"),
    ("Vina-CA", "Vina-CAv5.dll"),
    ("SAFE-CA", "safe-ca.dll"),
    ("Feitian ePass2003", "eps2003csp11.dll"),
];

/// PKCS#11 modules usual on Linux: the software token of the tests, OpenSC
/// (many smart cards and tokens), SafeNet.
pub const LINUX_DRIVERS: &[(&str, &str)] = &[
    (
        "SoftHSM (token mềm, thử nghiệm)",
        "/usr/lib/softhsm/libsofthsm2.so",
    ),
    (
        "SoftHSM (token mềm, thử nghiệm)",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    ),
    ("OpenSC", "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"),
    ("OpenSC", "/usr/lib/opensc-pkcs11.so"),
    ("SafeNet eToken", "/usr/lib/libeToken.so"),
    ("Bit4id", "/usr/lib/libbit4xpki.so"),
];

/// The usual drivers for this machine, those present first: Windows file
/// names in `system32` (the shell passes the System32 folder on Windows,
/// `None` elsewhere for the Linux paths); `exists` says whether a file is
/// there.
pub fn suggestions(
    system32: Option<&Path>,
    exists: impl Fn(&Path) -> bool,
) -> Vec<DriverSuggestion> {
    let mut out: Vec<DriverSuggestion> = match system32 {
        Some(dir) => WINDOWS_DRIVERS
            .iter()
            .map(|(issuer, file)| (issuer, dir.join(file)))
            .map(|(issuer, path)| DriverSuggestion {
                present: exists(&path),
                path: path.display().to_string(),
                issuer: (*issuer).to_owned(),
            })
            .collect(),
        None => LINUX_DRIVERS
            .iter()
            .map(|(issuer, path)| DriverSuggestion {
                present: exists(Path::new(path)),
                path: (*path).to_owned(),
                issuer: (*issuer).to_owned(),
            })
            .collect(),
    };
    out.sort_by_key(|d| !d.present);
    out
}

/// dd/mm/yyyy in Vietnam.
fn day(t: OffsetDateTime) -> String {
    let t = t.to_offset(VIETNAM);
    format!("{:02}/{:02}/{:04}", t.day(), u8::from(t.month()), t.year())
}

/// dd/mm/yyyy hh:mm:ss +07:00.
fn moment(t: OffsetDateTime) -> String {
    let t = t.to_offset(VIETNAM);
    format!(
        "{} {:02}:{:02}:{:02} +07:00",
        day(t),
        t.hour(),
        t.minute(),
        t.second()
    )
}

impl From<SigningError> for Error {
    fn from(e: SigningError) -> Error {
        Error::Signing(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const PIN: &str = "246810";

    #[test]
    fn the_signed_copy_goes_beside_the_input() {
        assert_eq!(
            default_output(Path::new("/tmp/xuat/PL01-2024-Q2.pdf")),
            Path::new("/tmp/xuat/PL01-2024-Q2-da-ky.pdf")
        );
    }

    #[test]
    fn refusals_are_vietnamese_coded_and_never_carry_the_pin() {
        let now = datetime!(2024-07-01 03:00 UTC);
        let driver = Driver {
            module: Path::new("/khong/co/viettel-ca_v6.so"),
            token: None,
            key: None,
        };
        let dir = std::env::temp_dir().join(format!("chitieu-signing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("in.pdf");
        std::fs::write(&input, b"%PDF-1.7\n").unwrap();
        let out = default_output(&input);

        let e = certificates(&driver, PIN, now).unwrap_err();
        assert_eq!(e.code(), "module_not_loadable");
        assert!(e.to_string().contains("viettel-ca_v6.so"), "{e}");
        let e = sign_pdf(&driver, PIN, &input, None, now).unwrap_err();
        assert_eq!(e.code(), "module_not_loadable");
        assert!(e.to_string().ends_with("Không có gì được ghi."), "{e}");
        assert_eq!(
            sign_pdf(&driver, "", &input, None, now).unwrap_err().code(),
            "pin_missing"
        );
        assert_eq!(
            sign_pdf(&driver, PIN, &input, Some(&input), now)
                .unwrap_err()
                .code(),
            "same_file"
        );
        assert!(!out.exists(), "nothing written");

        // Every refusal the token can give: its sentence, without the PIN.
        let holder = || "Nguyễn Thị Hồng Hạnh".to_owned();
        let all = [
            (SignError::WrongPin, "wrong_pin"),
            (SignError::TokenLocked, "token_locked"),
            (SignError::NoToken { label: None }, "no_token"),
            (
                SignError::CertificateExpired {
                    holder: holder(),
                    until: "01/01/2024".into(),
                },
                "certificate_expired",
            ),
            (
                SignError::NotForSigning { holder: holder() },
                "not_for_signing",
            ),
            (
                SignError::ModuleNotLoadable {
                    module: "x.dll".into(),
                },
                "module_not_loadable",
            ),
        ];
        for (e, code) in all {
            let e = Error::from(SigningError::Refused(e));
            assert_eq!(e.code(), code);
            let text = e.to_string();
            assert!(!text.contains(PIN), "{text}");
            assert!(text.ends_with("Không có gì được ghi."), "{text}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn drivers_present_here_come_first() {
        let s = suggestions(Some(Path::new("C:\\Windows\\System32")), |p| {
            p.to_string_lossy().ends_with("viettel-ca_v6.dll")
        });
        assert!(s[0].present && s[0].path.ends_with("viettel-ca_v6.dll"));
        assert_eq!(s[0].issuer, "Viettel-CA");
        assert!(s[1..].iter().all(|d| !d.present));
        assert_eq!(s.len(), WINDOWS_DRIVERS.len());
        let s = suggestions(None, |p| p.ends_with("libsofthsm2.so"));
        assert!(s[0].present && s[0].path.ends_with("libsofthsm2.so"));
    }
}

//! `chitieu sign` and `chitieu verify`: PAdES signatures on the PDF of a
//! submission (crates/chitieu-sign), and its tie to the Excel file through
//! the figures hash.

use std::path::Path;
use std::process::ExitCode;

use chitieu_core::Result;
use chitieu_sign::pkcs11::{Choice, Token};
use chitieu_sign::PdfError;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::args::{SignArgs, SigningCommand, VerifyArgs};
use crate::edge::VIETNAM;
use crate::output;

pub fn run(db: Option<&Path>, command: SigningCommand, now: OffsetDateTime) -> Result<ExitCode> {
    match command {
        SigningCommand::Sign(a) => sign(a, now),
        SigningCommand::Verify(a) => verify(db, a, now),
    }
}

fn sign(a: SignArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let pdf = match std::fs::read(&a.file) {
        Ok(b) => b,
        Err(e) => {
            return output::sign::refuse(&format!(
                "{} Không có gì được ghi.",
                chitieu_core::file::classify(&a.file, e)
            ))
        }
    };
    let Some(pin) = pin() else {
        return output::sign::refuse(
            "Chưa có mã PIN của token: đặt biến môi trường CHITIEU_PIN, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập mã PIN.",
        );
    };
    let choice = Choice {
        module: &a.pkcs11,
        token: a.token.as_deref(),
        key: a.key.as_deref(),
        at: Some(now),
    };
    let signed_at = now.to_offset(VIETNAM);
    let signed = Token::open(&choice, &pin).and_then(|mut token| {
        drop(pin);
        chitieu_sign::sign(&pdf, &mut token, &chitieu_sign::Options { signed_at })
    });
    let bytes = match signed {
        Ok(b) => b,
        Err(e) => return output::sign::refuse(&format!("{e} Không có gì được ghi.")),
    };
    chitieu_core::file::write_atomically(&a.out, &bytes)?;
    let report = chitieu_sign::verify(&bytes, None).ok();
    let who = report
        .as_ref()
        .and_then(|r| r.signatures.last())
        .map(|s| {
            s.signer
                .common_name
                .clone()
                .unwrap_or_else(|| s.signer.serial.clone())
        })
        .unwrap_or_default();
    output::sign::signed(&a.file, &who, signed_at, &a.out);
    Ok(ExitCode::SUCCESS)
}

/// The PIN: `CHITIEU_PIN` (removed from the environment once read), else
/// asked on the terminal without echo. Zeroized when dropped.
fn pin() -> Option<Zeroizing<String>> {
    if let Some(p) = std::env::var_os("CHITIEU_PIN") {
        // SAFETY (edition 2021: safe fn): single-threaded at this point.
        std::env::remove_var("CHITIEU_PIN");
        return p.into_string().ok().map(Zeroizing::new);
    }
    rpassword::prompt_password("Mã PIN của token: ")
        .ok()
        .map(Zeroizing::new)
}

fn verify(db: Option<&Path>, a: VerifyArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let pdf = match std::fs::read(&a.file) {
        Ok(b) => b,
        Err(e) => return Err(chitieu_core::file::classify(&a.file, e)),
    };
    let anchors = match &a.trust {
        None => None,
        Some(p) => {
            let text =
                std::fs::read_to_string(p).map_err(|e| chitieu_core::file::classify(p, e))?;
            let certs = chitieu_sign::cert::from_pem(&text);
            if certs.is_empty() {
                return output::sign::refuse_json(
                    a.json,
                    "trust-unreadable",
                    &format!(
                        "Tệp «{}» không chứa chứng thư số (PEM) nào đọc được.",
                        p.display()
                    ),
                );
            }
            Some(certs)
        }
    };
    let v = match chitieu_sign::verify(&pdf, anchors.as_deref()) {
        Ok(v) => v,
        Err(e) => {
            return output::sign::refuse_json(
                a.json,
                pdf_code(&e),
                &format!("Tệp «{}»: {e}", a.file.display()),
            )
        }
    };
    let submission = match &a.against {
        Some(x) => Some(submission_figures_hash(db, x, now)?),
        None => None,
    };
    let matches = submission
        .as_ref()
        .map(|h| v.figures_hash.as_deref() == Some(h.as_str()));
    let intact = !v.signatures.is_empty() && v.signatures.iter().all(|s| s.intact);
    let ok = intact && matches != Some(false);
    output::sign::verification(&a.file, &v, matches, a.trust.is_some(), a.json);
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The figures hash of what the Excel file says (its figures as read by
/// the importer, hashed as the export hashes them): equal to the hash the
/// export wrote in the file's metadata unless the file was edited since.
/// The one place this command reads an Excel file.
fn submission_figures_hash(db: Option<&Path>, xlsx: &Path, now: OffsetDateTime) -> Result<String> {
    let store = crate::edge::snapshot(db, now)?;
    let preview = chitieu_core::import::preview(&store, xlsx, &Default::default())?;
    let figures: Vec<_> = preview.figures.iter().map(|f| f.read.clone()).collect();
    Ok(chitieu_core::form::meta::figures_hash(&figures))
}

fn pdf_code(e: &PdfError) -> &'static str {
    match e {
        PdfError::TooLarge { .. } => "pdf-too-large",
        PdfError::ByteRangeOutside | PdfError::BadByteRange => "signature-range",
        PdfError::ContentsTooLarge { .. } | PdfError::TooManySignatures { .. } => {
            "signature-too-large"
        }
        PdfError::Encrypted => "pdf-encrypted",
        _ => "pdf-unreadable",
    }
}

//! `chitieu sign` and `chitieu verify`: PAdES signatures on the PDF of a
//! submission (crates/chitieu-sign), and its tie to the Excel file through
//! the figures hash.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chitieu_core::Result;
use chitieu_sign::pkcs11::{Choice, Token};
use chitieu_sign::{PdfError, Verification};
use clap::{Args, Subcommand};
use serde_json::json;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::edge::VIETNAM;
use crate::output::json as print_json;

#[derive(Debug, Subcommand)]
pub enum SigningCommand {
    /// Ký số tệp PDF bằng token (chữ ký PAdES, hiện ở góc trên bên phải trang 1).
    Sign(SignArgs),
    /// Kiểm tra các chữ ký số của tệp PDF (và đối chiếu với tệp Excel đã gửi).
    Verify(VerifyArgs),
}

impl SigningCommand {
    pub fn json(&self) -> bool {
        match self {
            SigningCommand::Sign(_) => false,
            SigningCommand::Verify(a) => a.json,
        }
    }
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Trình điều khiển PKCS#11 của token (tệp .dll/.so, xem docs/SIGNING.md). Mã PIN lấy từ biến CHITIEU_PIN, hoặc được hỏi (không hiện trên màn hình).
    #[arg(long, value_name = "MODULE")]
    pub pkcs11: PathBuf,
    /// Nhãn của token (khi cắm nhiều token).
    #[arg(long, value_name = "LABEL")]
    pub token: Option<String>,
    /// Nhãn của khoá ký trên token (mặc định: khoá đầu tiên có chứng thư ký số).
    #[arg(long, value_name = "LABEL")]
    pub key: Option<String>,
    /// Tệp PDF cần ký.
    pub file: PathBuf,
    /// Tệp PDF đã ký cần ghi.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Tệp PDF cần kiểm tra.
    pub file: PathBuf,
    /// Tệp Excel đã gửi kèm: số liệu phải khớp với bản PDF đã ký.
    #[arg(long, value_name = "X.xlsx")]
    pub against: Option<PathBuf>,
    /// Chứng thư số gốc tin cậy (PEM): cho biết chữ ký có do CA này cấp hay không.
    #[arg(long, value_name = "CA.pem")]
    pub trust: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(db: Option<&Path>, command: SigningCommand, now: OffsetDateTime) -> Result<ExitCode> {
    match command {
        SigningCommand::Sign(a) => sign(a, now),
        SigningCommand::Verify(a) => verify(db, a, now),
    }
}

fn refuse(message: &str) -> Result<ExitCode> {
    eprintln!("{message}");
    Ok(ExitCode::from(1))
}

fn sign(a: SignArgs, now: OffsetDateTime) -> Result<ExitCode> {
    let pdf = match std::fs::read(&a.file) {
        Ok(b) => b,
        Err(e) => {
            return refuse(&format!(
                "{} Không có gì được ghi.",
                chitieu_core::file::classify(&a.file, e)
            ))
        }
    };
    let Some(pin) = pin() else {
        return refuse(
            "Chưa có mã PIN của token: đặt biến môi trường CHITIEU_PIN, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập mã PIN.",
        );
    };
    let choice = Choice {
        module: &a.pkcs11,
        token: a.token.as_deref(),
        key: a.key.as_deref(),
    };
    let signed_at = now.to_offset(VIETNAM);
    let signed = Token::open(&choice, &pin).and_then(|mut token| {
        drop(pin);
        chitieu_sign::sign(&pdf, &mut token, &chitieu_sign::Options { signed_at })
    });
    let bytes = match signed {
        Ok(b) => b,
        Err(e) => return refuse(&format!("{e} Không có gì được ghi.")),
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
    println!(
        "Đã ký «{}» (người ký: {who}, lúc {}) và ghi ra «{}».",
        a.file.display(),
        shown(signed_at),
        a.out.display()
    );
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
                return refuse_json(
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
            return refuse_json(
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
    if a.json {
        print_json(&to_json(&v, matches));
    } else {
        print_text(&a.file, &v, matches, a.trust.is_some());
    }
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
    Ok(chitieu_core::export::figures_hash(&figures))
}

fn refuse_json(as_json: bool, code: &str, message: &str) -> Result<ExitCode> {
    if as_json {
        print_json(&json!({ "error": { "code": code, "message": message } }));
    }
    refuse(message)
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

fn to_json(v: &Verification, matches: Option<bool>) -> serde_json::Value {
    json!({
        "signatures": v.signatures.iter().map(|s| json!({
            "signer": {
                "common_name": s.signer.common_name,
                "organization": s.signer.organization,
                "serial": s.signer.serial,
            },
            "signed_at": s.signed_at.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()),
            "intact": s.intact,
            "covers_whole_document": s.covers_whole_document,
            "trusted": s.trusted,
            "field": s.field,
            "sub_filter": s.sub_filter,
            "problem": s.problem,
        })).collect::<Vec<_>>(),
        "figures_hash": v.figures_hash,
        "matches_submission": matches,
    })
}

fn shown(t: OffsetDateTime) -> String {
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}:{:02} (giờ Việt Nam)",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn print_text(file: &Path, v: &Verification, matches: Option<bool>, trust_given: bool) {
    println!("Tệp «{}»:", file.display());
    if v.signatures.is_empty() {
        println!("  Không có chữ ký số nào.");
    }
    for (i, s) in v.signatures.iter().enumerate() {
        let name = s.signer.common_name.as_deref().unwrap_or("(không rõ tên)");
        let org = s
            .signer
            .organization
            .as_deref()
            .map(|o| format!(", {o}"))
            .unwrap_or_default();
        println!(
            "  Chữ ký {}: {name}{org} (số hiệu chứng thư {})",
            i + 1,
            s.signer.serial
        );
        if let Some(t) = s.signed_at {
            println!("    Thời gian ký: {}", shown(t.to_offset(VIETNAM)));
        }
        if s.intact {
            println!(
                "    Nguyên vẹn: nội dung được ký không bị thay đổi, chữ ký khớp chứng thư số."
            );
        } else {
            println!(
                "    KHÔNG nguyên vẹn: {}",
                s.problem
                    .as_deref()
                    .unwrap_or("chữ ký không kiểm tra được.")
            );
        }
        if s.covers_whole_document {
            println!("    Chữ ký bao trùm toàn bộ tệp.");
        } else {
            println!("    Tệp có phần được thêm vào sau chữ ký này.");
        }
        match s.trusted {
            Some(true) => println!("    Chứng thư số do CA tin cậy đã cho cấp."),
            Some(false) => println!("    Chứng thư số KHÔNG do CA tin cậy đã cho cấp."),
            None => {}
        }
    }
    if !trust_given && !v.signatures.is_empty() {
        println!(
            "  Lưu ý: «nguyên vẹn» chỉ nói tệp không bị sửa sau khi ký; việc chứng thư số có do tổ chức cung cấp dịch vụ chứng thực tin cậy cấp hay không là một câu hỏi riêng (kiểm tra bằng --trust CA.pem)."
        );
    }
    match &v.figures_hash {
        Some(h) => println!("  Mã băm số liệu (chitieu): {h}"),
        None => println!("  Tệp không mang mã băm số liệu của chitieu (không do chitieu tạo)."),
    }
    match matches {
        Some(true) => println!("  Số liệu khớp với tệp Excel đã gửi."),
        Some(false) => println!("  Số liệu KHÔNG khớp với tệp Excel đã gửi."),
        None => {}
    }
}

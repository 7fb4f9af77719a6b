//! The signatures' output: a PDF signed, a PDF's signatures verified, and
//! the refusals of both.

use std::path::Path;
use std::process::ExitCode;

use chitieu_core::Result;
use chitieu_sign::Verification;
use serde_json::json;
use time::OffsetDateTime;

use crate::edge::VIETNAM;

use super::json as print_json;

/// A refusal of `sign`/`verify`: the sentence on stderr, exit status 1.
pub fn refuse(message: &str) -> Result<ExitCode> {
    eprintln!("{message}");
    Ok(ExitCode::from(1))
}

/// A refusal with a code: also `{"error": {"code", "message"}}` on stdout with `--json`.
pub fn refuse_json(as_json: bool, code: &str, message: &str) -> Result<ExitCode> {
    if as_json {
        print_json(&json!({ "error": { "code": code, "message": message } }));
    }
    refuse(message)
}

/// The PDF `file` signed by `who` at `signed_at`, written to `out`.
pub fn signed(file: &Path, who: &str, signed_at: OffsetDateTime, out: &Path) {
    println!(
        "Đã ký «{}» (người ký: {who}, lúc {}) và ghi ra «{}».",
        file.display(),
        shown(signed_at),
        out.display()
    );
}

/// A PDF's signatures; `matches`: whether its figures hash matches the
/// Excel file given with `--against`.
pub fn verification(
    file: &Path,
    v: &Verification,
    matches: Option<bool>,
    trust_given: bool,
    as_json: bool,
) {
    if as_json {
        print_json(&to_json(v, matches));
    } else {
        print_text(file, v, matches, trust_given);
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

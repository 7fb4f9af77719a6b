//! Printing: Vietnamese text for people, one JSON document for machines.
//! The one place the command line formats what it shows, from the core's
//! types: the commands hand their results here.

pub mod catalogue;
pub mod consolidate;
pub mod files;
pub mod report;
pub mod sign;

use chitieu_core::validate::Diagnostic;
use chitieu_core::Error;
use serde::Serialize;

/// Prints one JSON document on stdout.
pub fn json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("Không tạo được JSON: {e}"),
    }
}

/// A usage error (exit 2): one sentence on stderr, pointing to the help.
pub fn usage(message: &str) {
    eprintln!("{message} Xem «chitieu --help».");
}

/// Prints a refusal: one sentence on stderr; with `--json` also
/// `{"error": {"code", "message"}}` on stdout.
pub fn refusal(e: &Error, as_json: bool) {
    let problems = match e {
        Error::EditionImport(x) => x.problems(),
        _ => Vec::new(),
    };
    if as_json {
        let mut error = serde_json::json!({ "code": e.code(), "message": e.to_string() });
        if !problems.is_empty() {
            error["problems"] = serde_json::json!(problems);
        }
        json(&serde_json::json!({ "error": error }));
    }
    eprintln!("{e}");
    if problems.len() > 1 {
        for p in &problems {
            eprintln!("  - {p}");
        }
    }
    if let Error::ExportBlocked { diagnostics, .. } = e {
        for d in diagnostics
            .iter()
            .filter(|d| d.severity == chitieu_core::validate::Severity::Error)
        {
            eprintln!("  - {}", d.message);
        }
    }
}

/// Cuts `text` to `width` characters, with an ellipsis.
pub fn cut(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        let mut s = text.to_owned();
        s.extend(std::iter::repeat_n(' ', width - n));
        s
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Diagnostics, one line each: severity, place, message.
pub fn diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        let place = match (&d.sheet, &d.cell) {
            (Some(s), Some(c)) => format!(" [{s}!{c}]"),
            (None, Some(c)) => format!(" [{c}]"),
            _ => String::new(),
        };
        println!("  {}{place}: {}", d.severity.label_vi(), d.message);
    }
}

//! Small hand-written PDFs for tests, fuzz seeds and examples: one A4
//! landscape page of text, with a classic cross-reference table or an xref
//! stream, and optionally the figures hash in the Info dictionary.

use std::io::Write;

/// How the sample's cross-reference is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Xref {
    Table,
    Stream,
}

/// A one-page PDF saying `line` (ASCII).
pub fn pdf(xref: Xref, line: &str, figures_hash: Option<&str>) -> Vec<u8> {
    let content = format!("BT /F1 14 Tf 60 500 Td ({line}) Tj ET");
    let mut info = String::from("<</Producer (chitieu sample)");
    if let Some(h) = figures_hash {
        info.push_str(&format!(" /{} ({h})", crate::verify::FIGURES_HASH_KEY));
    }
    info.push_str(">>");
    let objects = [
        "<</Type /Catalog /Pages 2 0 R>>".to_owned(),
        "<</Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 842 595]>>".to_owned(),
        "<</Type /Page /Parent 2 0 R /Resources <</Font <</F1 5 0 R>>>> /Contents 4 0 R>>"
            .to_owned(),
        format!(
            "<</Length {}>>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>".to_owned(),
        info,
    ];
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let n = objects.len() + 1;
    let at = out.len();
    match xref {
        Xref::Table => {
            let _ = write!(out, "xref\n0 {n}\n0000000000 65535 f\r\n");
            for o in &offsets {
                let _ = write!(out, "{o:010} 00000 n\r\n");
            }
            let _ = write!(
                out,
                "trailer\n<</Size {n} /Root 1 0 R /Info 6 0 R>>\nstartxref\n{at}\n%%EOF\n"
            );
        }
        Xref::Stream => {
            let mut rows = vec![0u8, 0, 0, 0, 0, 0xff, 0xff];
            offsets.push(at);
            for o in &offsets {
                rows.push(1);
                rows.extend_from_slice(&(*o as u32).to_be_bytes());
                rows.extend_from_slice(&[0, 0]);
            }
            let _ = write!(
                out,
                "{n} 0 obj\n<</Type /XRef /Size {} /W [1 4 2] /Root 1 0 R /Info 6 0 R /Length {}>>\nstream\n",
                n + 1,
                rows.len()
            );
            out.extend_from_slice(&rows);
            let _ = write!(out, "\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n");
        }
    }
    out
}

//! `chitieu export --pdf`: the form's PDF rendition (issue 20, point 1),
//! read back by independent tools (poppler's pdffonts, pdftotext, pdfinfo)
//! and by `chitieu verify`. Signing it with a token is in sign.rs.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Cli;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils; make test installs it): {e}"));
    assert!(out.status.success(), "{name} {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn text(pdf: &Path, pages: Option<(u32, u32)>) -> String {
    let mut args = vec!["-layout".to_owned(), "-enc".into(), "UTF-8".into()];
    if let Some((f, l)) = pages {
        args.extend(["-f".into(), f.to_string(), "-l".into(), l.to_string()]);
    }
    args.extend([pdf.to_str().unwrap().to_owned(), "-".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    tool("pdftotext", &args)
}

/// The base fixture's figures (Thái Nguyên, 2024-Q2) exported with the PDF.
fn exported(cli: &Cli) -> (PathBuf, PathBuf, serde_json::Value) {
    let base = common::fixtures().join("import/base.xlsx");
    cli.ok(&["import", base.to_str().unwrap()]);
    cli.ok(&[
        "profile",
        "--unit",
        "THAI-NGUYEN",
        "--preparer",
        "Nguyễn Thị Hồng Nhung",
        "--head",
        "Trần Văn Đức",
        "--place",
        "Thái Nguyên",
    ]);
    let xlsx = cli.path("PL01.xlsx");
    let pdf = cli.path("PL01.pdf");
    let done = cli.json(&[
        "export",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "--out",
        xlsx.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    (xlsx, pdf, done)
}

#[test]
fn the_rendition_says_what_the_workbook_says() {
    let cli = Cli::new();
    let (xlsx, pdf, done) = exported(&cli);
    assert!(xlsx.exists() && pdf.exists());
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let rendition = &done["pdf"];
    assert_eq!(rendition["bytes"], bytes.len());
    let pages = rendition["pages"].as_u64().unwrap();
    // The structure, pinned: the fixture's 27 indicators and their texts
    // fill three pages (the fonts are bundled, so this holds everywhere).
    assert_eq!(pages, 3, "{done}");

    // Every font embedded, as a subset.
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{fonts}");
        assert!(row.contains("ChitieuSerif"), "{fonts}");
    }

    // The text extracts as written: diacritics, spacing, figures as shown.
    let all = text(&pdf, None);
    for expected in [
        "Đơn vị báo cáo: Tỉnh Thái Nguyên",
        "Phụ lục 01",
        "BIỂU CUNG CẤP SỐ LIỆU CHỈ TIÊU CHIẾN LƯỢC CHÍNH PHỦ SỐ",
        "Kỳ báo cáo: Quý II năm 2024",
        "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ",
        "Cung cấp dịch vụ chất lượng phục vụ xã hội",
        "86,97",
        "92,5",
        "Chính",
        "Người lập biểu",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "Nguyễn Thị Hồng Nhung",
        "Trần Văn Đức",
        "Thái Nguyên, ngày",
        "(12)",
        "Trang 1/",
    ] {
        assert!(all.contains(expected), "{expected:?} not in:\n{all}");
    }
    assert!(!all.contains("86.97") && !all.contains("h ồ"), "{all}");
    assert!(all.contains(&format!("Trang {pages}/{pages}")), "{all}");
    assert_eq!(
        all.matches("Mã kiểm tra số liệu (SHA-256)").count() as u64,
        pages
    );

    // Every page repeats the table header and numbering row.
    for page in 2..=pages as u32 {
        let t = text(&pdf, Some((page, page)));
        for expected in ["Chỉ tiêu", "Số liệu kỳ", "Nguồn số liệu", "(1)", "(12)"] {
            assert!(
                t.contains(expected),
                "page {page}: {expected:?} not in:\n{t}"
            );
        }
        assert!(t.contains(&format!("Trang {page}/{pages}")), "{t}");
    }

    // The same figures hash as the workbook: in the footer and the Info
    // dictionary, which verify reads (no signature yet: exit 1, but the
    // JSON says whether the figures match).
    let out = cli.run(&[
        "verify",
        pdf.to_str().unwrap(),
        "--against",
        xlsx.to_str().unwrap(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hash = v["figures_hash"].as_str().unwrap().to_owned();
    assert_eq!(hash.len(), 64, "{v}");
    assert_eq!(v["matches_submission"], true, "{v}");
    assert!(all.contains(&hash), "{all}");
    let info = tool("pdfinfo", &["-custom", pdf.to_str().unwrap()]);
    let key = info.lines().find(|l| l.starts_with("ChitieuFiguresHash:"));
    assert_eq!(
        key.map(|l| l["ChitieuFiguresHash:".len()..].trim()),
        Some(hash.as_str()),
        "{info}"
    );
    assert!(
        info.contains("Phụ lục 01 — Tỉnh Thái Nguyên — Quý II năm 2024"),
        "{info}"
    );

    // The human output names the PDF too.
    let again = cli.ok(&[
        "export",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "--out",
        xlsx.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    assert!(again.contains("Đã ghi bản PDF của biểu"), "{again}");
    assert!(again.contains(&format!("({pages} trang)")), "{again}");
}

/// The words of page 1 (pdftotext -bbox: top-left origin, points).
fn words_on_page_one(pdf: &Path) -> Vec<(String, [f64; 4])> {
    let html = tool(
        "pdftotext",
        &["-bbox", "-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
    );
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = at + line[at..].find('"').unwrap();
        line[at..end].parse().unwrap()
    };
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let text = l[l.find('>').unwrap() + 1..l.rfind("</word>").unwrap()].to_owned();
            let b = [
                attr(l, "xMin"),
                attr(l, "yMin"),
                attr(l, "xMax"),
                attr(l, "yMax"),
            ];
            (text, b)
        })
        .collect()
}

/// Where chitieu-sign puts the visible signature: 28 pt from the top and
/// right edges of page 1, 230 × 54 pt (top-left origin here).
pub const SIGNATURE_BOX: [f64; 4] = [841.89 - 28.0 - 230.0, 28.0, 841.89 - 28.0, 28.0 + 54.0];

pub fn assert_signature_area_free(pdf: &Path) {
    let words = words_on_page_one(pdf);
    assert!(words.len() > 50, "{words:?}");
    let [x0, y0, x1, y1] = SIGNATURE_BOX;
    for (w, [a, b, c, d]) in &words {
        let overlaps = *a < x1 && *c > x0 && *b < y1 && *d > y0;
        assert!(
            !overlaps,
            "{w:?} at {:?} is in the signature area",
            [a, b, c, d]
        );
    }
}

#[test]
fn the_top_right_of_page_one_is_left_for_the_signature() {
    let cli = Cli::new();
    let (_, pdf, _) = exported(&cli);
    assert_signature_area_free(&pdf);
    // The annex's name stays on the first line, left of the area.
    let words = words_on_page_one(&pdf);
    assert!(words
        .iter()
        .any(|(w, b)| w == "01" && b[2] < SIGNATURE_BOX[0] && b[1] < 60.0));
}

#[test]
fn the_pdf_is_refused_exactly_when_the_workbook_is() {
    let mut cli = Cli::new();
    cli.now = "2026-12-07T03:00:00Z".into();
    let u = ["--unit", "NGHE-AN", "--period", "2026-Q4"];
    let xlsx = cli.path("PL01.xlsx");
    let pdf = cli.path("PL01.pdf");
    let files = [
        "--out",
        xlsx.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ];
    // No figure: neither file.
    let e = cli.fails(1, &[&["export"], &u[..], &files[..]].concat());
    assert!(e.contains("chưa có số liệu nào"), "{e}");
    assert!(!xlsx.exists() && !pdf.exists());
    // An error left (text in a figure cell): neither file.
    let fixture = common::fixtures().join("import/text-in-figure.xlsx");
    let imported = cli.json(&["import", fixture.to_str().unwrap()]);
    let unit = imported["unit"]["code"].as_str().unwrap().to_owned();
    let period = imported["period"].as_str().unwrap().to_owned();
    let e = cli.fails(
        1,
        &[
            &["export", "--unit", &unit, "--period", &period],
            &files[..],
        ]
        .concat(),
    );
    assert!(e.contains("Chưa thể xuất"), "{e}");
    assert!(!xlsx.exists() && !pdf.exists());
    cli.ok(&[&["set"], &u[..], &["1.1", "80"]].concat());
    // The same name for both: refused, nothing written.
    let same = [
        "--out",
        xlsx.to_str().unwrap(),
        "--pdf",
        xlsx.to_str().unwrap(),
    ];
    let e = cli.fails(1, &[&["export"], &u[..], &same[..]].concat());
    assert!(e.contains("hai tệp khác nhau"), "{e}");
    assert!(!xlsx.exists());
    // Exported (incomplete): both, every applicable row, the empty ones too.
    let done = cli.json(&[&["export"], &u[..], &files[..]].concat());
    assert!(xlsx.exists() && pdf.exists());
    let pages = done["pdf"]["pages"].as_u64().unwrap();
    let t = text(&pdf, None);
    assert!(
        t.contains(&format!("Trang 1/{pages}")) && t.contains("Tỉnh Nghệ An"),
        "{t}"
    );
    assert!(
        t.contains("Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ"),
        "{t}"
    );
    // Without --pdf, no "pdf" in the JSON.
    let plain = cli.json(&[&["export"], &u[..], &["--out", xlsx.to_str().unwrap()]].concat());
    assert!(plain.get("pdf").is_none(), "{plain}");
}

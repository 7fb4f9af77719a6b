//! An independent reader: LibreOffice opens the exported workbook, reads
//! its figures as numbers, and prints it to PDF; page 1 rendered to an image
//! is not blank. (`make test` installs libreoffice-calc-nogui and
//! poppler-utils; without them this test fails rather than pretends.)

mod common;

use std::path::Path;
use std::process::Command;

use common::Cli;

fn soffice(args: &[&str], dir: &Path) {
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = Command::new("soffice")
        .arg("--headless")
        .arg(&profile)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("LibreOffice (soffice) is installed: make test installs libreoffice-calc-nogui");
    assert!(
        out.status.success(),
        "soffice {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Share of dark pixels in a binary PGM (P5) image.
fn ink(pgm: &[u8]) -> f64 {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 && i < pgm.len() {
        while i < pgm.len() && pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        if pgm[i] == b'#' {
            while i < pgm.len() && pgm[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while i < pgm.len() && !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5", "a binary greyscale image");
    let pixels = &pgm[i + 1..];
    pixels.iter().filter(|&&p| p < 128).count() as f64 / pixels.len().max(1) as f64
}

#[test]
fn libreoffice_reads_and_prints_the_export() {
    let cli = Cli::new();
    let fixture = common::fixtures().join("import/base.xlsx");
    cli.ok(&["import", fixture.to_str().unwrap()]);
    cli.ok(&[
        "profile",
        "--unit",
        "THAI-NGUYEN",
        "--preparer",
        "Nguyễn Thị Lan",
        "--phone",
        "0208 3855 123",
        "--email",
        "lan.nt@thainguyen.gov.vn",
        "--head",
        "Trần Văn Bình",
        "--place",
        "Thái Nguyên",
    ]);
    let xlsx = cli.path("PL01_THAI-NGUYEN_2024-Q2.xlsx");
    cli.ok(&[
        "export",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    let dir = cli.dir.path();

    // Figures as numbers: LibreOffice's own CSV of the form sheet.
    soffice(
        &[
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1",
            xlsx.to_str().unwrap(),
        ],
        dir,
    );
    let csv = std::fs::read_to_string(dir.join("PL01_THAI-NGUYEN_2024-Q2-Phụ lục 01.csv"))
        .or_else(|_| std::fs::read_to_string(dir.join("PL01_THAI-NGUYEN_2024-Q2.csv")))
        .expect("the CSV of the form sheet");
    let row = csv
        .lines()
        .find(|l| l.starts_with("1.1,"))
        .expect("row 1.1");
    assert!(row.contains(",92.50,") || row.contains(",92.5,"), "{row}");
    assert!(csv.contains("Kỳ báo cáo: Quý II năm 2024"));

    // Printed: a PDF whose first page has ink.
    soffice(&["--convert-to", "pdf", xlsx.to_str().unwrap()], dir);
    let pdf = dir.join("PL01_THAI-NGUYEN_2024-Q2.pdf");
    assert!(
        std::fs::metadata(&pdf)
            .map(|m| m.len() > 10_000)
            .unwrap_or(false),
        "a PDF was written"
    );
    let out = Command::new("pdftoppm")
        .args(["-f", "1", "-l", "1", "-r", "60", "-gray"])
        .arg(&pdf)
        .arg(dir.join("page"))
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(out.success());
    let page = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pgm"))
        .expect("page 1 image");
    let share = ink(&std::fs::read(&page).unwrap());
    println!("page 1: {:.2}% dark pixels", share * 100.0);
    assert!(share > 0.01, "page 1 is blank ({share})");
    assert!(share < 0.5, "page 1 is mostly black ({share})");
    // `DOCS_PNG=path` keeps a PNG of page 1 for the README.
    if let Some(png) = std::env::var_os("DOCS_PNG") {
        let status = Command::new("pdftoppm")
            .args(["-f", "1", "-l", "1", "-r", "110", "-png", "-singlefile"])
            .arg(&pdf)
            .arg(Path::new(&png).with_extension(""))
            .status()
            .unwrap();
        assert!(status.success());
    }
}

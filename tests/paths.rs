//! Paths as people have them on Windows: Vietnamese letters, spaces, and
//! longer than Windows' classic 260-character limit (MAX_PATH). The CLI
//! writes and reads such files and shows their paths in messages as given:
//! never with a `\\?\` prefix, and on Windows never with a Linux-style `/`
//! (the suite also runs against the Windows build under wine, `make
//! test-windows`; docs/WINDOWS.md).

mod common;

use common::Cli;

#[test]
fn long_vietnamese_paths_with_spaces_are_used_and_shown_as_given() {
    let cli = Cli::new();
    let mut dir = cli.path("Nguyễn Văn A").join("Tài liệu");
    while dir.to_string_lossy().chars().count() < 300 {
        dir = dir.join("Báo cáo của đơn vị");
    }
    std::fs::create_dir_all(&dir).expect("create the long folder");
    let out = dir.join("Báo cáo Quý IV.xlsx");
    let shown = out.display().to_string();
    assert!(
        shown.chars().count() > 260,
        "{} characters",
        shown.chars().count()
    );

    let said = cli.ok(&[
        "template",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q4",
        "--out",
        &shown,
    ]);
    assert!(out.is_file(), "the template was written");
    assert!(
        said.contains(&format!("«{shown}»")),
        "the path as given: {said}"
    );

    // Read back: the blank form is recognised (and nothing is imported).
    let back = cli.json(&["import", &shown, "--dry-run"]);
    assert_eq!(back["unit"]["code"], "THAI-NGUYEN", "{back}");

    let missing = dir.join("Không có tệp này.xlsx");
    let e = cli.fails(1, &["import", &missing.display().to_string(), "--dry-run"]);
    assert!(e.contains(&format!("«{}»", missing.display())), "{e}");

    for message in [&said, &e] {
        assert!(!message.contains(r"\\?\"), "no verbatim prefix: {message}");
        if cfg!(windows) {
            let path_part = message.split('«').nth(1).unwrap_or_default();
            assert!(
                !path_part.contains('/'),
                "Windows separators only: {message}"
            );
        }
    }
}

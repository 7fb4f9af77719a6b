//! `chitieu catalogue --import` on indicator sets laid out like the
//! agency's official documents (tests/fixtures/editions, TEST DATA made by
//! make.py): notes and a signature block under the table are information,
//! the notes are shown; a row without STT inside the table is refused with
//! its file, sheet and cell.

mod common;

use common::{fixtures, Cli};

fn editions_held(cli: &Cli) -> usize {
    cli.json(&["catalogue", "--editions"])["editions"]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn an_official_document_with_a_signature_block_loads_and_shows_its_notes() {
    for name in [
        "agency-signed-2026.xlsx",
        "agency-signed-2026.xls",
        "agency-signed-2026.ods",
    ] {
        let mut cli = Cli::new();
        cli.now = "2026-12-01T03:00:00Z".into();
        let file = fixtures().join("editions").join(name);
        let file = file.to_str().unwrap();
        let held = editions_held(&cli);
        // The dry run: the footnotes are shown, nothing is stored.
        let text = cli.ok(&["catalogue", "--import", file, "--dry-run"]);
        assert!(
            text.contains("Ghi chú, chú thích của bộ chỉ tiêu (3):")
                && text.contains(
                    "  Ghi chú: chỉ tiêu 3.12 không tiếp tục theo dõi từ năm 2026; bổ sung chỉ tiêu 1.11 và 3.13."
                )
                && text.contains("khối chữ ký")
                && text.contains("(Chạy thử: chưa ghi gì.)"),
            "{name}: {text}"
        );
        assert!(!text.contains("thiếu mã chỉ tiêu"), "{text}");
        let dry = cli.json(&["catalogue", "--import", file, "--dry-run"]);
        assert_eq!(dry["edition"]["id"], "kh-2026", "{name}");
        assert_eq!(
            dry["footnotes"][0],
            "Ghi chú: chỉ tiêu 3.12 không tiếp tục theo dõi từ năm 2026; bổ sung chỉ tiêu 1.11 và 3.13."
        );
        assert_eq!(editions_held(&cli), held, "a dry run stored the edition");
        // Loaded; a 2026 report then uses it.
        let text = cli.ok(&["catalogue", "--import", file]);
        assert!(text.contains("Đã nạp bộ chỉ tiêu kh-2026"), "{text}");
        assert_eq!(editions_held(&cli), held + 1);
        let show = cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2026-Q4"]);
        assert_eq!(show["edition"], "kh-2026", "{name}");
    }
}

#[test]
fn a_row_without_stt_inside_the_table_is_refused_with_file_sheet_and_cell() {
    let cli = Cli::new();
    let held = editions_held(&cli);
    let file = fixtures().join("editions/agency-signed-gap-2026.xlsx");
    let err = cli.fails(1, &["catalogue", "--import", file.to_str().unwrap()]);
    assert!(
        err.contains("«agency-signed-gap-2026.xlsx» có 1 lỗi")
            && err.contains("trang «Phụ lục I», ô A14")
            && err.contains("thiếu mã chỉ tiêu"),
        "{err}"
    );
    assert_eq!(editions_held(&cli), held);
}

//! When a unit's report was received («Nhận lúc»), as a clerk can trust it:
//! the first receipt decides on time or late (a later correction is a
//! revision); a folder saved from e-mail in one go is flagged; chitieu's
//! export time stands for an unedited export; a hand correction with its
//! reason is kept in the consolidation database and used by every later
//! run; a file whose date changes is read again.

use super::*;

fn received_db(cli: &Cli) -> PathBuf {
    cli.dir.path().join("t.tonghop.db")
}

#[test]
fn a_correction_sent_after_the_deadline_is_a_revision_not_a_late_report() {
    let mut cli = Cli::new();
    cli.now = "2025-10-20T03:00:00Z".into();
    let ind = province_indicators(&cli);
    let dir = cli.path("nhan");
    let mut m = Maker { specs: Vec::new() };
    // Sent on 01/10 (deadline: before 05/10), corrected on 10/10.
    m.file(
        &dir.join("lang-son-lan1.xlsx"),
        "UBND tỉnh Lạng Sơn",
        "Quý III năm 2025",
        vec![(&ind[0], json!(60), "Chính thức")],
        vn(2025, 10, 1, 9, 0),
    );
    m.file(
        &dir.join("lang-son-lan2.xlsx"),
        "UBND tỉnh Lạng Sơn",
        "Quý III năm 2025",
        vec![(&ind[0], json!(62), "Chính thức")],
        vn(2025, 10, 10, 9, 0),
    );
    m.write(cli.dir.path());
    let doc = cli.json(&["consolidate", "--period", "2025-Q3", dir.to_str().unwrap()]);
    let ls = unit(&doc, "LANG-SON");
    assert_eq!(ls["status"], "on_time", "{ls}");
    assert_eq!(ls["received_at"], "2025-10-01T09:00:00+07:00");
    assert_eq!(ls["received_from"], "file");
    assert_eq!(ls["latest_at"], "2025-10-10T09:00:00+07:00");
    // The latest file's figures stand.
    assert!(
        ls["file"].as_str().unwrap().ends_with("lang-son-lan2.xlsx"),
        "{ls}"
    );
    let stat = doc["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == ind[0].0.as_str())
        .unwrap();
    assert_eq!(stat["max"], 62.0);
    assert_eq!(doc["on_time"], 1);
    assert_eq!(doc["late"], 0);
    // The revisions say which file came when, and which after the deadline.
    let rev = doc["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "LANG-SON")
        .unwrap();
    let came: Vec<(String, String, bool)> = rev["received"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                Path::new(f["file"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                f["received_at"].as_str().unwrap().to_owned(),
                f["after_deadline"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        came,
        [
            (
                "lang-son-lan1.xlsx".to_owned(),
                "2025-10-01T09:00:00+07:00".to_owned(),
                false
            ),
            (
                "lang-son-lan2.xlsx".to_owned(),
                "2025-10-10T09:00:00+07:00".to_owned(),
                true
            )
        ]
    );
    let text = cli.ok(&["consolidate", "--period", "2025-Q3", dir.to_str().unwrap()]);
    assert!(text.contains("gửi 2 bản (1 bản sau hạn)"), "{text}");
}

/// A folder as a clerk saves e-mail attachments in one go on 20/10/2025:
/// four hand-filled files and one chitieu export (exported 02/10).
fn saved_from_email(cli: &Cli) -> (PathBuf, Vec<(String, String)>) {
    let ind = province_indicators(cli);
    let dir = cli.path("thu-dien-tu");
    let today = vn(2025, 10, 20, 8, 30);
    let mut m = Maker { specs: Vec::new() };
    for (file, name) in [
        ("lang-son.xlsx", "UBND tỉnh Lạng Sơn"),
        ("cao-bang.xlsx", "UBND tỉnh Cao Bằng"),
        ("ha-tinh.xlsx", "UBND tỉnh Hà Tĩnh"),
        ("nghe-an.xlsx", "UBND tỉnh Nghệ An"),
    ] {
        m.file(
            &dir.join(file),
            name,
            "Quý III năm 2025",
            vec![(&ind[0], json!(70), "")],
            today,
        );
    }
    m.write(cli.dir.path());
    export(
        "THAI-NGUYEN",
        "2025-Q3",
        &[(&ind[0].0, "61", None)],
        "2025-10-02T02:00:00Z",
        &dir.join("PL01_THAI-NGUYEN_2025-Q3.xlsx"),
    );
    set_mtime(&dir.join("PL01_THAI-NGUYEN_2025-Q3.xlsx"), today);
    (dir, ind)
}

#[test]
fn files_saved_from_email_in_one_go_are_flagged_and_exports_keep_their_time() {
    let mut cli = Cli::new();
    cli.now = "2025-10-20T03:00:00Z".into();
    let (dir, _) = saved_from_email(&cli);
    let doc = cli.json(&["consolidate", "--period", "2025-Q3", dir.to_str().unwrap()]);
    let warnings = doc["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{doc:#}");
    let w = warnings[0].as_str().unwrap();
    assert!(
        w.contains("5/5 tệp")
            && w.contains("có cùng ngày sửa đổi 20/10/2025: có thể là ngày lưu từ thư điện tử, không phải ngày nhận"),
        "{w}"
    );
    // chitieu's export time stands for its file (saved later from e-mail).
    let tn = unit(&doc, "THAI-NGUYEN");
    assert_eq!(tn["status"], "on_time");
    assert_eq!(tn["received_at"], "2025-10-02T09:00:00+07:00");
    assert_eq!(tn["received_from"], "export");
    let ls = unit(&doc, "LANG-SON");
    assert_eq!(ls["status"], "late");
    assert_eq!(ls["received_from"], "file");
    let text = cli.ok(&["consolidate", "--period", "2025-Q3", dir.to_str().unwrap()]);
    assert!(
        text.contains("Lưu ý: 5/5 tệp") && text.contains("có cùng ngày sửa đổi 20/10/2025"),
        "{text}"
    );
    assert!(
        text.contains("Nộp muộn: Tỉnh Lạng Sơn (LANG-SON), nhận lúc 20/10/2025 08:30 (theo ngày sửa đổi của tệp)."),
        "{text}"
    );
}

#[test]
fn a_hand_correction_of_received_is_kept_with_its_reason_and_used_by_every_later_run() {
    let mut cli = Cli::new();
    cli.now = "2025-10-20T03:00:00Z".into();
    let (dir, _) = saved_from_email(&cli);
    let folder = dir.to_str().unwrap();
    cli.json(&["consolidate", "--period", "2025-Q3", folder]);
    // The e-mail came on 01/10: corrected, without reading the folder again.
    let reason = "theo ngày trên thư điện tử gửi đến";
    let doc = cli.json(&[
        "consolidate",
        "--period",
        "2025-Q3",
        "--received",
        "LANG-SON=01/10/2025 09:00",
        "--reason",
        reason,
    ]);
    let ls = unit(&doc, "LANG-SON");
    assert_eq!(ls["status"], "on_time", "{ls}");
    assert_eq!(ls["received_at"], "2025-10-01T09:00:00+07:00");
    assert_eq!(ls["received_from"], "manual");
    assert_eq!(ls["received_reason"], reason);
    // The figures are still those of the file.
    assert_eq!(ls["figures"], 1);
    // Every later run over the folder uses it.
    let again = cli.json(&["consolidate", "--period", "2025-Q3", folder]);
    assert_eq!(unit(&again, "LANG-SON")["received_from"], "manual");
    assert_eq!(unit(&again, "LANG-SON")["status"], "on_time");
    // The text names it.
    let text = cli.ok(&[
        "consolidate",
        "--period",
        "2025-Q3",
        "--received",
        "CAO-BANG=2025-10-03T10:00",
        "--reason",
        "công văn số 12",
        folder,
    ]);
    assert!(
        text.contains("Đã sửa «Nhận lúc» của Tỉnh Cao Bằng (CAO-BANG): nhận lúc 03/10/2025 10:00 (sửa tay: công văn số 12)."),
        "{text}"
    );

    // Refused, nothing recorded: no reason, an unknown time, a unit
    // without a file, a time to come.
    let rows = || -> i64 {
        rusqlite::Connection::open(received_db(&cli))
            .unwrap()
            .query_row("SELECT count(*) FROM received_correction", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(rows(), 2);
    let e = cli.fails(
        2,
        &[
            "consolidate",
            "--period",
            "2025-Q3",
            "--received",
            "LANG-SON=01/10/2025",
        ],
    );
    assert!(e.contains("--reason"), "{e}");
    let e = cli.fails(
        1,
        &[
            "consolidate",
            "--period",
            "2025-Q3",
            "--received",
            "LANG-SON=01/10/2025",
            "--reason",
            "  ",
        ],
    );
    assert!(e.contains("Hãy ghi lý do"), "{e}");
    let e = cli.fails(
        1,
        &[
            "consolidate",
            "--period",
            "2025-Q3",
            "--received",
            "LANG-SON=hôm qua",
            "--reason",
            "x",
        ],
    );
    assert!(e.contains("Không hiểu thời điểm nhận «hôm qua»"), "{e}");
    let e = cli.fails(
        1,
        &[
            "consolidate",
            "--period",
            "2025-Q3",
            "--received",
            "HA-NOI=01/10/2025",
            "--reason",
            "x",
        ],
    );
    assert!(e.contains("Chưa nhận tệp nào của đơn vị «HA-NOI»"), "{e}");
    let e = cli.fails(
        1,
        &[
            "consolidate",
            "--period",
            "2025-Q3",
            "--received",
            "LANG-SON=01/11/2025",
            "--reason",
            "x",
        ],
    );
    assert!(e.contains("sau thời điểm hiện tại"), "{e}");
    assert_eq!(rows(), 2);

    // Withdrawn: back to the file's time; the history keeps all three.
    let back = cli.json(&[
        "consolidate",
        "--period",
        "2025-Q3",
        "--received",
        "LANG-SON=",
        "--reason",
        "nhầm đơn vị",
    ]);
    assert_eq!(unit(&back, "LANG-SON")["received_from"], "file");
    assert_eq!(unit(&back, "LANG-SON")["status"], "late");
    assert_eq!(rows(), 3);
}

#[test]
fn a_file_whose_date_changes_is_read_again() {
    let mut cli = Cli::new();
    cli.now = "2025-10-20T03:00:00Z".into();
    let ind = province_indicators(&cli);
    let dir = cli.path("nhan");
    let mut m = Maker { specs: Vec::new() };
    m.file(
        &dir.join("lang-son.xlsx"),
        "UBND tỉnh Lạng Sơn",
        "Quý III năm 2025",
        vec![(&ind[0], json!(60), "")],
        vn(2025, 10, 20, 8, 0),
    );
    m.write(cli.dir.path());
    let folder = dir.to_str().unwrap();
    let first = cli.json(&["consolidate", "--period", "2025-Q3", folder]);
    assert_eq!(unit(&first, "LANG-SON")["status"], "late");
    // The clerk saves the attachment again, keeping the e-mail's date.
    set_mtime(&dir.join("lang-son.xlsx"), vn(2025, 10, 1, 14, 5));
    let second = cli.json(&["consolidate", "--period", "2025-Q3", folder]);
    let ls = unit(&second, "LANG-SON");
    assert_eq!(ls["status"], "on_time", "{ls}");
    assert_eq!(ls["received_at"], "2025-10-01T14:05:00+07:00");
}

#[test]
fn an_export_edited_after_export_is_dated_by_its_modification_time_and_the_first_receipt_decides() {
    let mut cli = Cli::new();
    cli.now = "2025-10-20T03:00:00Z".into();
    let ind = province_indicators(&cli);
    let dir = cli.path("nhan");
    std::fs::create_dir_all(&dir).unwrap();
    // Exported on 01/10, then opened and changed in a spreadsheet program
    // and saved late (06/10); a second, unedited export of 03/10.
    export(
        "THAI-NGUYEN",
        "2025-Q3",
        &[(&ind[0].0, "61", None)],
        "2025-10-01T02:00:00Z",
        &dir.join("tn-sua.xlsx"),
    );
    let edit = Command::new(crate::common::python3())
        .arg("-c")
        .arg(
            "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nws = wb['Phụ lục 01']\n\
             for row in ws.iter_rows():\n    if row[0].value == sys.argv[2]:\n        row[5].value = 64\nwb.save(sys.argv[1])",
        )
        .arg(dir.join("tn-sua.xlsx"))
        .arg(&ind[0].0)
        .output()
        .unwrap();
    assert!(
        edit.status.success(),
        "{}",
        String::from_utf8_lossy(&edit.stderr)
    );
    set_mtime(&dir.join("tn-sua.xlsx"), vn(2025, 10, 6, 9, 0));
    export(
        "THAI-NGUYEN",
        "2025-Q3",
        &[(&ind[0].0, "62", None)],
        "2025-10-03T02:00:00Z",
        &dir.join("tn-lan2.xlsx"),
    );
    set_mtime(&dir.join("tn-lan2.xlsx"), vn(2025, 10, 3, 9, 30));
    let out = cli.path("th.xlsx");
    let doc = cli.json(&[
        "consolidate",
        "--period",
        "2025-Q3",
        "--out",
        out.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    let tn = unit(&doc, "THAI-NGUYEN");
    // The edited file was made last (06/10): it stands; the unedited export
    // of 03/10 came first, so the unit reported on time.
    assert!(
        tn["file"].as_str().unwrap().ends_with("tn-sua.xlsx"),
        "{tn}"
    );
    assert_eq!(tn["status"], "on_time");
    assert_eq!(tn["received_at"], "2025-10-03T09:00:00+07:00");
    assert_eq!(tn["received_from"], "export");
    assert_eq!(tn["latest_at"], "2025-10-06T09:00:00+07:00");
    let rev = doc["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "THAI-NGUYEN")
        .unwrap();
    assert!(
        rev["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["old"] == "62" && c["new"] == "64"),
        "{rev}"
    );
    let check = Command::new(crate::common::python3())
        .arg("-c")
        .arg(
            "import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1])['Tình hình nộp']\n\
             row = [r for r in ws.iter_rows(min_row=5) if r[1].value == 'THAI-NGUYEN'][0]\n\
             print([ws.cell(4, c.column).value for c in row[5:10]])\n\
             print([c.value for c in row[5:10]])\nprint([c.number_format for c in (row[5], row[7], row[8])])",
        )
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(
        lines[0],
        "['Nhận lúc (lần đầu)', 'Nguồn «Nhận lúc»', 'Bản đang dùng nhận lúc', 'Xuất từ chitieu lúc', 'Sửa sau khi xuất']"
    );
    // Dates as dates (Vietnam time), not text.
    assert_eq!(
        lines[1],
        "[datetime.datetime(2025, 10, 3, 9, 0), 'giờ xuất từ chitieu ghi trong tệp', datetime.datetime(2025, 10, 6, 9, 0), datetime.datetime(2025, 10, 1, 9, 0), 'Có']"
    );
    assert_eq!(
        lines[2],
        "['dd/mm/yyyy hh:mm', 'dd/mm/yyyy hh:mm', 'dd/mm/yyyy hh:mm']"
    );
}

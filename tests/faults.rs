//! Environment faults: a full disk, a read-only folder, a database held by
//! another process, an export target open in another program, a missing or
//! unreadable file, a corrupt database. Each gives one clear Vietnamese
//! message, exit 1, and changes nothing.
//!
//! A full disk and a read-only folder are real: small tmpfs mounts (the
//! suite runs as root in CI; without the right to mount it fails, it does
//! not pretend).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::Cli;

/// A tmpfs of `kb` kilobytes, unmounted on drop.
struct Mount(PathBuf);

impl Mount {
    fn new(at: &Path, kb: u32) -> Mount {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kb}k"), "tmpfs"])
            .arg(at)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(
            ok,
            "mounting a tmpfs at {} needs root (CI runs as root)",
            at.display()
        );
        Mount(at.to_owned())
    }

    fn read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "remount read-only");
    }

    /// Fills the free space with a file, leaving at most a few KB.
    fn fill(&self) -> PathBuf {
        let filler = self.0.join("filler");
        let _ = Command::new("dd")
            .arg("if=/dev/zero")
            .arg(format!("of={}", filler.display()))
            .args(["bs=1k", "count=100000"])
            .output();
        filler
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn value(cli: &Cli, indicator: &str) -> Option<f64> {
    let show = cli.json(&["show", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]);
    show["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["indicator"] == indicator)
        .and_then(|f| f["value"].as_f64())
}

fn integrity(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_full_disk_under_the_database_changes_nothing() {
    let outer = Cli::new();
    let mount = Mount::new(&outer.path("disk"), 1024);
    let mut cli = Cli::new();
    cli.db = mount.0.join("t.db");
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "80",
    ]);
    let fixture = common::fixtures().join("import/base.xlsx");
    let filler = mount.fill();
    let e = cli.fails(1, &["import", fixture.to_str().unwrap()]);
    assert!(e.contains("đầy"), "{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    let e = cli.fails(
        1,
        &[
            "set",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "1.1",
            "81",
        ],
    );
    assert!(e.contains("đầy"), "{e}");
    std::fs::remove_file(filler).unwrap();
    assert_eq!(value(&cli, "1.1"), Some(80.0));
    assert_eq!(value(&cli, "1.2"), None, "the import wrote nothing");
    assert_eq!(integrity(&cli.db), "ok");
    // Space again: work goes on.
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "81",
    ]);
    assert_eq!(value(&cli, "1.1"), Some(81.0));
}

#[test]
fn a_full_disk_under_the_export_leaves_no_file() {
    let cli = Cli::new();
    cli.ok(&[
        "import",
        common::fixtures()
            .join("import/base.xlsx")
            .to_str()
            .unwrap(),
    ]);
    let mount = Mount::new(&cli.path("usb"), 64);
    let _filler = mount.fill();
    let out = mount.0.join("PL01.xlsx");
    let e = cli.fails(
        1,
        &[
            "export",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(e.contains("đầy") && e.contains("PL01.xlsx"), "{e}");
    let left: Vec<_> = std::fs::read_dir(&mount.0)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != "filler")
        .collect();
    assert!(left.is_empty(), "nothing left behind: {left:?}");
    // Nothing recorded as sent.
    let h = cli.json(&["history", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]);
    assert!(h["history"].as_array().is_some());
}

#[test]
fn a_read_only_folder_is_named() {
    let cli = Cli::new();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "80",
    ]);
    let mount = Mount::new(&cli.path("ro"), 256);
    mount.read_only();
    let out = mount.0.join("PL01.xlsx");
    let e = cli.fails(
        1,
        &[
            "export",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(e.contains("chỉ cho phép đọc"), "{e}");
    let e = cli.fails(1, &["backup", "--out", out.to_str().unwrap()]);
    assert!(e.contains("chỉ cho phép đọc"), "{e}");
    // A database in a read-only folder.
    let mut ro = Cli::new();
    ro.db = mount.0.join("t.db");
    let e = ro.fails(
        1,
        &[
            "set",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "1.1",
            "80",
        ],
    );
    assert!(
        e.contains("chỉ cho phép đọc") || e.contains("Không có quyền"),
        "{e}"
    );
}

#[test]
fn a_database_held_by_another_process_waits_then_says_so() {
    let cli = Cli::new();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "80",
    ]);
    let holder = rusqlite::Connection::open(&cli.db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let start = Instant::now();
    let e = cli.fails(
        1,
        &[
            "set",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "1.1",
            "81",
        ],
    );
    assert!(e.contains("đang bị một chương trình khác"), "{e}");
    assert!(
        start.elapsed() >= Duration::from_secs(4),
        "it waited for the lock first"
    );
    holder.execute_batch("ROLLBACK;").unwrap();
    drop(holder);
    assert_eq!(value(&cli, "1.1"), Some(80.0));
    // The app and the CLI at once: a reader does not block a writer (WAL).
    let reader = rusqlite::Connection::open(&cli.db).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM figure;")
        .unwrap();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "82",
    ]);
    reader.execute_batch("COMMIT;").unwrap();
    assert_eq!(value(&cli, "1.1"), Some(82.0));
}

#[test]
fn an_export_target_open_in_another_program() {
    let cli = Cli::new();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "80",
    ]);
    let out = cli.path("PL01.xlsx");
    std::fs::write(&out, b"the version Excel has open").unwrap();
    std::fs::write(cli.path("~$PL01.xlsx"), b"owner").unwrap();
    let e = cli.fails(
        1,
        &[
            "export",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        e.contains("đang được mở trong một chương trình khác") && e.contains("PL01.xlsx"),
        "{e}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"the version Excel has open");
}

#[test]
fn missing_and_unreadable_files() {
    let cli = Cli::new();
    let e = cli.fails(1, &["import", cli.path("khong-co.xlsx").to_str().unwrap()]);
    assert!(
        e.contains("Không tìm thấy") && e.contains("khong-co.xlsx"),
        "{e}"
    );
    let dir = cli.path("a-folder.xlsx");
    std::fs::create_dir(&dir).unwrap();
    let e = cli.fails(1, &["import", dir.to_str().unwrap()]);
    assert!(e.contains("thư mục"), "{e}");
    let e = cli.fails(1, &["restore", cli.path("khong-co.db").to_str().unwrap()]);
    assert!(e.contains("Không tìm thấy"), "{e}");
    let e = cli.fails(
        1,
        &[
            "catalogue",
            "--import",
            cli.path("khong-co.toml").to_str().unwrap(),
        ],
    );
    assert!(e.contains("Không tìm thấy"), "{e}");
}

#[test]
fn backup_and_restore() {
    let cli = Cli::new();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "80",
    ]);
    let copy = cli.path("sao-luu.db");
    cli.ok(&["backup", "--out", copy.to_str().unwrap()]);
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "99",
    ]);
    let out = cli.ok(&["restore", copy.to_str().unwrap()]);
    assert!(out.contains("được giữ tại"), "{out}");
    assert_eq!(value(&cli, "1.1"), Some(80.0));
    // The database before the restore was kept aside, with 99 in it.
    let aside: Vec<_> = std::fs::read_dir(cli.dir.path().join("backups"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("truoc-khoi-phuc"))
        .collect();
    assert_eq!(aside.len(), 1);
    let c = rusqlite::Connection::open(aside[0].path()).unwrap();
    let v: f64 = c
        .query_row(
            "SELECT value FROM figure WHERE indicator = '1.1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, 99.0);
    // A file that is not a chitieu database is refused, and nothing changes.
    std::fs::write(cli.path("rac.db"), b"not a database").unwrap();
    let e = cli.fails(1, &["restore", cli.path("rac.db").to_str().unwrap()]);
    assert!(e.contains("không phải là cơ sở dữ liệu của chitieu"), "{e}");
    assert_eq!(value(&cli, "1.1"), Some(80.0));
}

#[test]
fn a_daily_copy_is_taken_and_bounded() {
    let mut cli = Cli::new();
    for day in 1..=10 {
        cli.now = format!("2024-07-{day:02}T03:00:00Z");
        cli.ok(&[
            "set",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "1.1",
            &format!("{}", 70 + day),
        ]);
        cli.ok(&["show", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]);
    }
    let mut dailies: Vec<String> = std::fs::read_dir(cli.dir.path().join("backups"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("hang-ngay"))
        .collect();
    dailies.sort();
    assert_eq!(dailies.len(), 7, "{dailies:?}");
    assert_eq!(dailies.last().unwrap(), "chitieu-hang-ngay-20240710.db");
    // The copy of 10 July holds the state at the first opening that day.
    let c =
        rusqlite::Connection::open(cli.dir.path().join("backups/chitieu-hang-ngay-20240710.db"))
            .unwrap();
    let v: f64 = c
        .query_row(
            "SELECT value FROM figure WHERE indicator = '1.1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, 79.0);
}

#[test]
fn a_corrupt_database_names_the_latest_good_copy() {
    let mut cli = Cli::new();
    cli.now = "2024-07-01T03:00:00Z".into();
    cli.ok(&[
        "import",
        common::fixtures()
            .join("import/base.xlsx")
            .to_str()
            .unwrap(),
    ]);
    cli.now = "2024-07-02T03:00:00Z".into();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "93",
    ]);
    // Checkpoint, then damage pages in the middle of the file.
    let c = rusqlite::Connection::open(&cli.db).unwrap();
    c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    drop(c);
    let mut bytes = std::fs::read(&cli.db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 6 * page, "{}", bytes.len());
    for b in &mut bytes[2 * page..5 * page] {
        *b = 0x5a;
    }
    std::fs::write(&cli.db, &bytes).unwrap();
    let e = cli.fails(1, &["show", "--unit", "THAI-NGUYEN", "--period", "2024-Q2"]);
    assert!(
        e.contains("bị hỏng") && e.contains("chitieu restore") && e.contains("hang-ngay-20240702"),
        "{e}"
    );
    let backup = cli.dir.path().join("backups/chitieu-hang-ngay-20240702.db");
    cli.ok(&["restore", backup.to_str().unwrap()]);
    assert_eq!(integrity(&cli.db), "ok");
    // The copy of 2 July was taken at its first opening, before 1.1 became 93.
    assert_eq!(value(&cli, "1.1"), Some(92.5));
}

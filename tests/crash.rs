//! Crash consistency: the CLI is killed with SIGKILL at random points during
//! `set`, `import` and `export`, many times; after each kill the database
//! must pass `PRAGMA integrity_check`, every figure must equal its value
//! before or after the interrupted operation (never a mix), the history must
//! agree with the figures, and the export target must be either absent or a
//! complete, readable workbook (never a partial file under the final name).
//!
//! Kill points are spread uniformly over the command's measured run time with
//! a fixed-seed generator, so a failure can be replayed. The number of kills
//! is printed; CHITIEU_CRASH_KILLS overrides the default per operation.

mod common;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::Cli;
use rusqlite::Connection;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn kills() -> usize {
    std::env::var("CHITIEU_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60)
}

fn kill_after(mut child: Child, after: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < after {
        if let Ok(Some(_)) = child.try_wait() {
            return false; // finished before the kill point
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    // SIGKILL; on Windows TerminateProcess, which is as abrupt.
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: signalling our own child, not yet reaped.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGKILL);
    }
    #[cfg(windows)]
    let _ = child.kill();
    let _ = child.wait();
    true
}

/// How long a command takes when left alone (median of 3).
fn typical(cli: &Cli, args: &[&str]) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            let _ = cli
                .command(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

/// Checks the invariants of the database after a kill.
fn check_db(cli: &Cli) -> Vec<(String, Option<f64>)> {
    let c = Connection::open(&cli.db).expect("open after kill");
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    // Killed before the schema was created: an empty database is a
    // consistent one.
    let tables: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'figure'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if tables == 0 {
        return Vec::new();
    }
    // The history agrees with the figures: one row per revision, the last
    // one's "new" equal to the figure.
    let mut stmt = c
        .prepare("SELECT report_id, indicator, value, raw, revision FROM figure")
        .unwrap();
    let figures: Vec<(i64, String, Option<f64>, String, i64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (report, indicator, value, raw, revision) in &figures {
        let (n, last): (i64, String) = c
            .query_row(
                "SELECT count(*), (SELECT new FROM history WHERE report_id = ?1 AND indicator = ?2 ORDER BY id DESC LIMIT 1)
                 FROM history WHERE report_id = ?1 AND indicator = ?2",
                rusqlite::params![report, indicator],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(n, *revision, "history rows of {indicator}");
        let last: serde_json::Value = serde_json::from_str(&last).unwrap();
        assert_eq!(
            last["value"].as_f64(),
            *value,
            "{indicator}: history's last value"
        );
        assert_eq!(
            last["raw"].as_str(),
            Some(raw.as_str()),
            "{indicator}: history's last raw"
        );
    }
    figures.into_iter().map(|f| (f.1, f.2)).collect()
}

#[test]
fn kill_during_set() {
    let cli = Cli::new();
    cli.ok(&[
        "set",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "1.1",
        "1",
    ]);
    let base = typical(
        &cli,
        &[
            "set",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "1.2",
            "1",
        ],
    );
    let mut rng = Rng(0x5eed_0001);
    let mut killed = 0;
    let mut current = 1.0f64;
    for i in 0..kills() {
        let next = (i + 2) as f64;
        let text = next.to_string();
        let child = cli
            .command(&[
                "set",
                "--unit",
                "THAI-NGUYEN",
                "--period",
                "2024-Q2",
                "1.1",
                &text,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = Duration::from_micros(rng.below(base.as_micros() as u64 * 12 / 10));
        if kill_after(child, at) {
            killed += 1;
        }
        let figures = check_db(&cli);
        let v = figures.iter().find(|f| f.0 == "1.1").and_then(|f| f.1);
        assert!(
            v == Some(current) || v == Some(next),
            "1.1 = {v:?}, expected {current} or {next}"
        );
        current = v.unwrap_or(current);
    }
    println!(
        "set: {killed} kills of {} runs (typical run {base:?})",
        kills()
    );
    assert!(
        killed > kills() / 4,
        "too few runs were actually killed: {killed}"
    );
}

#[test]
fn kill_during_import() {
    let cli = Cli::new();
    let fixture = common::fixtures().join("import/base.xlsx");
    let args = ["import", fixture.to_str().unwrap()];
    // What the import writes when it completes (measured on a scratch copy).
    let probe = Cli::new();
    let full = probe.json(&["import", fixture.to_str().unwrap()]);
    let expected = full["imported"].as_u64().unwrap() as i64;
    assert!(expected > 5);
    let base = typical(&probe, &["import", fixture.to_str().unwrap(), "--dry-run"]);
    let mut rng = Rng(0x5eed_0002);
    let mut killed = 0;
    for _ in 0..kills() {
        // Start each round from an empty database so "all or nothing" is visible.
        let _ = std::fs::remove_file(&cli.db);
        let _ = std::fs::remove_file(cli.db.with_extension("db-wal"));
        let _ = std::fs::remove_file(cli.db.with_extension("db-shm"));
        let child = cli
            .command(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = Duration::from_micros(rng.below(base.as_micros() as u64 * 15 / 10));
        if kill_after(child, at) {
            killed += 1;
        }
        if !cli.db.exists() {
            continue;
        }
        let figures = check_db(&cli);
        let n = figures.len() as i64;
        assert!(
            n == 0 || n == expected,
            "a partial import: {n} of {expected} figures"
        );
    }
    println!(
        "import: {killed} kills of {} runs (typical run {base:?})",
        kills()
    );
    assert!(killed > kills() / 4);
}

#[test]
fn kill_during_export() {
    let cli = Cli::new();
    let fixture = common::fixtures().join("import/base.xlsx");
    cli.ok(&["import", fixture.to_str().unwrap()]);
    let target = cli.path("PL01.xlsx");
    let args = [
        "export",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "--out",
        target.to_str().unwrap(),
    ];
    let probe_out = cli.path("probe.xlsx");
    let base = typical(
        &cli,
        &[
            "export",
            "--unit",
            "THAI-NGUYEN",
            "--period",
            "2024-Q2",
            "--out",
            probe_out.to_str().unwrap(),
        ],
    );
    let mut rng = Rng(0x5eed_0003);
    let mut killed = 0;
    let mut complete = 0;
    for _ in 0..kills() {
        let _ = std::fs::remove_file(&target);
        let child = cli
            .command(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = Duration::from_micros(rng.below(base.as_micros() as u64 * 12 / 10));
        if kill_after(child, at) {
            killed += 1;
        }
        check_db(&cli);
        if target.exists() {
            // Complete and readable: it imports back with the same figures.
            let back = cli.json(&["import", target.to_str().unwrap(), "--dry-run"]);
            assert_eq!(back["unit"]["code"], "THAI-NGUYEN");
            assert!(back["figures"].as_array().is_some_and(|f| !f.is_empty()));
            complete += 1;
        }
    }
    println!(
        "export: {killed} kills of {} runs, {complete} complete files (typical run {base:?})",
        kills()
    );
    assert!(killed > kills() / 4);
}

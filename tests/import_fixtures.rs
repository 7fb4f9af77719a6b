//! The import test corpus: runs the real `chitieu` binary on every fixture of
//! tests/fixtures/import and tests/fixtures/hostile as
//!
//!     chitieu --db <tempdir>/t.db import <fixture> --dry-run --json [args]
//!
//! and compares what it prints with the fixture's `<fixture>.expect.toml`
//! (written by tests/fixtures/import/make.py; conventions in its docstring and
//! in tests/fixtures/README.md).
//!
//! - imported: exit 0 and one JSON document `{"unit": {"code","name"}, "period",
//!   "imported", "figures": [...], "diagnostics": [...]}`; every expected figure
//!   present with equal value/status/cell (raw, sheet and the text columns where
//!   given), no unexpected non-blank figure, every expected diagnostic present
//!   (code, indicator, cell and sheet where given), no unexpected error.
//! - rejected: exit 1 and `{"error": {"code", "message"}}` on stdout, the code
//!   one of the expected ones, the message naming the file, opening with a
//!   Vietnamese sentence (a library's English only in parentheses), at most
//!   600 characters;
//! - every run (a dry run) leaves its database folder empty: nothing written.
//! - every run: peak memory of the child (`wait4` rusage, ru_maxrss) and wall
//!   time are measured and printed. Where the expectation sets `max_rss_mb` /
//!   `max_seconds` (all hostile fixtures: 300 MB, 5 s) they are asserted; the
//!   time bound is generous on purpose, to catch hangs only (speed is measured,
//!   not asserted tightly; > 1 s is flagged "slow" in the output).
//!
//! Environment: CHITIEU_BIN (default `<workspace>/target/debug/chitieu`, or
//! `$CARGO_TARGET_DIR/debug/chitieu`), CHITIEU_FIXTURE (run only fixtures whose
//! path contains this text).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::Value;

/// A run that takes longer than this is killed (and fails).
const KILL_AFTER: Duration = Duration::from_secs(60);
/// Wall time above which a run is flagged as slow in the output (not a failure).
const SLOW: Duration = Duration::from_secs(1);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    description: String,
    #[serde(default)]
    args: Vec<String>,
    outcome: String,
    error_code: Option<Codes>,
    unit: Option<String>,
    period: Option<String>,
    max_rss_mb: Option<f64>,
    max_seconds: Option<f64>,
    #[serde(default)]
    figure: Vec<ExpFigure>,
    #[serde(default)]
    diagnostic: Vec<ExpDiagnostic>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Codes {
    One(String),
    Any(Vec<String>),
}

impl Codes {
    fn list(&self) -> Vec<&str> {
        match self {
            Codes::One(c) => vec![c.as_str()],
            Codes::Any(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

const TEXT_FIELDS: [&str; 5] = ["source", "trend", "comparison", "proposals", "notes"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpFigure {
    indicator: String,
    value: Option<f64>,
    raw: Option<String>,
    status: Option<String>,
    cell: Option<String>,
    sheet: Option<String>,
    source: Option<String>,
    trend: Option<String>,
    comparison: Option<String>,
    proposals: Option<String>,
    notes: Option<String>,
}

impl ExpFigure {
    fn text(&self, field: &str) -> Option<&str> {
        match field {
            "source" => self.source.as_deref(),
            "trend" => self.trend.as_deref(),
            "comparison" => self.comparison.as_deref(),
            "proposals" => self.proposals.as_deref(),
            "notes" => self.notes.as_deref(),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpDiagnostic {
    code: String,
    indicator: Option<String>,
    cell: Option<String>,
    sheet: Option<String>,
}

/// What one run of the binary gave.
struct Run {
    exit: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    wall: Duration,
    max_rss_kb: i64,
    killed: bool,
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn binary() -> PathBuf {
    if let Some(p) = std::env::var_os("CHITIEU_BIN") {
        return PathBuf::from(p);
    }
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        let p = PathBuf::from(t)
            .join("debug")
            .join(format!("chitieu{}", std::env::consts::EXE_SUFFIX));
        if p.exists() {
            return p;
        }
    }
    manifest_dir()
        .join("..")
        .join("target")
        .join("debug")
        .join("chitieu")
}

/// Starts the binary with its output read by two threads (so a chatty child
/// never blocks on a full pipe).
fn spawn(
    bin: &Path,
    args: &[String],
) -> (
    std::process::Child,
    std::thread::JoinHandle<Vec<u8>>,
    std::thread::JoinHandle<Vec<u8>>,
) {
    let mut child = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let reader = |mut from: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = from.read_to_end(&mut b);
            b
        })
    };
    let t_out = reader(Box::new(child.stdout.take().expect("stdout")));
    let t_err = reader(Box::new(child.stderr.take().expect("stderr")));
    (child, t_out, t_err)
}

/// Runs the binary, measuring wall time and the child's peak resident memory.
#[cfg(unix)]
#[allow(unsafe_code)]
fn run(bin: &Path, args: &[String]) -> Run {
    let start = Instant::now();
    let (child, t_out, t_err) = spawn(bin, args);
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut killed = false;
    loop {
        // SAFETY: `pid` is our own child; status and usage are valid for writes.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if r < 0 {
            panic!("wait4 failed: {}", std::io::Error::last_os_error());
        }
        if start.elapsed() > KILL_AFTER && !killed {
            // SAFETY: signalling our own, not yet reaped, child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let wall = start.elapsed();
    // The child is reaped by wait4 above; std's handle must not wait for it again.
    std::mem::forget(child);
    let stdout = String::from_utf8_lossy(&t_out.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&t_err.join().unwrap_or_default()).into_owned();
    let (exit, signal) = if libc::WIFEXITED(status) {
        (Some(libc::WEXITSTATUS(status)), None)
    } else if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (None, None)
    };
    Run {
        exit,
        signal,
        stdout,
        stderr,
        wall,
        max_rss_kb: rss_kib(usage.ru_maxrss),
        killed,
    }
}

/// `ru_maxrss` in KiB: Linux reports KiB, macOS (and iOS) bytes.
#[cfg(unix)]
fn rss_kib(ru_maxrss: libc::c_long) -> libc::c_long {
    if cfg!(target_vendor = "apple") {
        ru_maxrss / 1024
    } else {
        ru_maxrss
    }
}

/// On Windows (the suite runs under wine in `make test`): the same, without
/// the peak memory, which has no `wait4` there (max_rss_kb stays 0 and the
/// memory bound is not checked; docs/WINDOWS.md).
#[cfg(windows)]
fn run(bin: &Path, args: &[String]) -> Run {
    let start = Instant::now();
    let (mut child, t_out, t_err) = spawn(bin, args);
    let mut killed = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if start.elapsed() > KILL_AFTER && !killed {
            let _ = child.kill(); // TerminateProcess
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = start.elapsed();
    let stdout = String::from_utf8_lossy(&t_out.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&t_err.join().unwrap_or_default()).into_owned();
    Run {
        exit: status.code(),
        signal: None,
        stdout,
        stderr,
        wall,
        max_rss_kb: 0,
        killed,
    }
}

/// The fixtures: every `*.expect.toml` under tests/fixtures/{import,hostile}.
fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for dir in ["import", "hostile"] {
        let d = manifest_dir().join("fixtures").join(dir);
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if let Some(fixture) = name.strip_suffix(".expect.toml") {
                out.push((d.join(fixture), p));
            }
        }
    }
    out.sort();
    out
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Whether a figure of the output carries nothing at all.
fn blank(f: &Value) -> bool {
    let empty = |k: &str| s(f, k).is_none_or(|t| t.trim().is_empty());
    f.get("value").is_none_or(Value::is_null)
        && f.get("status").is_none_or(Value::is_null)
        && empty("raw")
        && empty("status_raw")
        && TEXT_FIELDS.iter().all(|k| empty(k))
}

/// A Vietnamese sentence: has at least one letter outside ASCII.
fn vietnamese(text: &str) -> bool {
    text.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
}

/// Longest refusal a person is asked to read (characters).
const MAX_MESSAGE_CHARS: usize = 600;

/// Placeholders left unfilled in a message (`{indicator}`).
fn unfilled(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        if let Some(j) = after.find('}') {
            let inner = &after[..j];
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Some(&rest[i..i + j + 2]);
            }
        }
        rest = after;
    }
    None
}

fn check_rejected(
    exp: &Expect,
    fixture: &Path,
    r: &Run,
    doc: Option<&Value>,
    problems: &mut Vec<String>,
) {
    if r.exit != Some(1) {
        problems.push(format!("exit {:?}, expected 1 (rejected)", r.exit));
    }
    let Some(doc) = doc else {
        problems.push("stdout is not one JSON document".into());
        return;
    };
    let Some(err) = doc.get("error") else {
        problems.push(format!(
            "no \"error\" in the JSON output: {}",
            short(&doc.to_string())
        ));
        return;
    };
    let code = s(err, "code").unwrap_or("");
    let want = exp.error_code.as_ref().map(Codes::list).unwrap_or_default();
    if !want.contains(&code) {
        problems.push(format!(
            "error code {code:?}, expected {}",
            want.join(" or ")
        ));
    }
    let message = s(err, "message").unwrap_or("");
    let name = fixture.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if message.trim().is_empty() {
        problems.push("empty error message".into());
    } else {
        if !vietnamese(message) {
            problems.push(format!("message is not Vietnamese: {message:?}"));
        }
        if !message.contains(name) {
            problems.push(format!(
                "message does not name the file {name:?}: {message:?}"
            ));
        }
        if let Err(p) = chitieu_core::import::opens_in_vietnamese(message) {
            problems.push(p);
        }
        if message.chars().count() > MAX_MESSAGE_CHARS {
            problems.push(format!(
                "message of {} characters (at most {MAX_MESSAGE_CHARS}): {}",
                message.chars().count(),
                short(message)
            ));
        }
    }
}

fn check_imported(exp: &Expect, r: &Run, doc: Option<&Value>, problems: &mut Vec<String>) {
    if r.exit != Some(0) {
        let why = doc
            .and_then(|d| d.get("error"))
            .map(|e| {
                format!(
                    " (error {}: {})",
                    s(e, "code").unwrap_or("?"),
                    s(e, "message").unwrap_or("?")
                )
            })
            .unwrap_or_default();
        problems.push(format!("exit {:?}, expected 0 (imported){why}", r.exit));
        return;
    }
    let Some(doc) = doc else {
        problems.push("stdout is not one JSON document".into());
        return;
    };
    if let Some(unit) = &exp.unit {
        let got = doc.get("unit").and_then(|u| s(u, "code"));
        if got != Some(unit.as_str()) {
            problems.push(format!("unit {got:?}, expected {unit:?}"));
        }
        if doc
            .get("unit")
            .and_then(|u| s(u, "name"))
            .is_none_or(|n| n.trim().is_empty())
        {
            problems.push("unit has no name".into());
        }
    }
    if let Some(period) = &exp.period {
        let got = doc.get("period").map(|p| {
            p.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| p.to_string())
        });
        if got.as_deref() != Some(period.as_str()) {
            problems.push(format!("period {got:?}, expected {period:?}"));
        }
    }
    if doc.get("imported").is_none() {
        problems.push("no \"imported\" in the output".into());
    }
    let empty = Vec::new();
    let figures = doc
        .get("figures")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    if doc.get("figures").and_then(Value::as_array).is_none() {
        problems.push("no \"figures\" array in the output".into());
    }
    let expected: BTreeSet<&str> = exp.figure.iter().map(|f| f.indicator.as_str()).collect();
    for e in &exp.figure {
        let found: Vec<&Value> = figures
            .iter()
            .filter(|f| s(f, "indicator") == Some(e.indicator.as_str()))
            .collect();
        let Some(f) = found.first() else {
            problems.push(format!("figure {} missing", e.indicator));
            continue;
        };
        if found.len() > 1 {
            problems.push(format!(
                "figure {} appears {} times",
                e.indicator,
                found.len()
            ));
        }
        let got = f.get("value").and_then(Value::as_f64);
        match (e.value, got) {
            (Some(want), Some(g)) if close(g, want) => {}
            (None, None) => {}
            (want, g) => problems.push(format!(
                "figure {}: value {g:?}, expected {want:?} (raw {:?})",
                e.indicator,
                s(f, "raw").unwrap_or("")
            )),
        }
        let status = s(f, "status");
        if status != e.status.as_deref() {
            problems.push(format!(
                "figure {}: status {status:?}, expected {:?}",
                e.indicator, e.status
            ));
        }
        for (what, want) in [("cell", &e.cell), ("sheet", &e.sheet), ("raw", &e.raw)] {
            if let Some(want) = want {
                let got = s(f, what);
                if got != Some(want.as_str()) {
                    problems.push(format!(
                        "figure {}: {what} {got:?}, expected {want:?}",
                        e.indicator
                    ));
                }
            }
        }
        for field in TEXT_FIELDS {
            if let Some(want) = e.text(field) {
                let got = s(f, field).unwrap_or("");
                if got != want {
                    problems.push(format!(
                        "figure {}: {field} {got:?}, expected {want:?}",
                        e.indicator
                    ));
                }
            }
        }
    }
    for f in figures {
        let ind = s(f, "indicator").unwrap_or("?");
        if !expected.contains(ind) && !blank(f) {
            problems.push(format!(
                "unexpected figure {ind}: {}",
                short(&f.to_string())
            ));
        }
    }
    let diags = doc
        .get("diagnostics")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    if doc.get("diagnostics").and_then(Value::as_array).is_none() {
        problems.push("no \"diagnostics\" array in the output".into());
    }
    let matches = |e: &ExpDiagnostic, d: &Value| {
        s(d, "code") == Some(e.code.as_str())
            && e.indicator
                .as_deref()
                .is_none_or(|i| s(d, "indicator") == Some(i))
            && e.cell.as_deref().is_none_or(|c| s(d, "cell") == Some(c))
            && e.sheet.as_deref().is_none_or(|c| s(d, "sheet") == Some(c))
    };
    for e in &exp.diagnostic {
        if !diags.iter().any(|d| matches(e, d)) {
            let same_code: Vec<String> = diags
                .iter()
                .filter(|d| s(d, "code") == Some(e.code.as_str()))
                .map(|d| {
                    format!(
                        "{}@{}",
                        s(d, "indicator").unwrap_or("-"),
                        s(d, "cell").unwrap_or("-")
                    )
                })
                .collect();
            problems.push(format!(
                "diagnostic {} missing (indicator {:?}, cell {:?}){}",
                e.code,
                e.indicator,
                e.cell,
                if same_code.is_empty() {
                    String::new()
                } else {
                    format!("; found it at {}", same_code.join(", "))
                }
            ));
        }
    }
    for d in diags {
        let message = s(d, "message").unwrap_or("");
        if message.trim().is_empty() {
            problems.push(format!(
                "diagnostic without a message: {}",
                short(&d.to_string())
            ));
        } else if let Some(p) = unfilled(message) {
            problems.push(format!(
                "diagnostic message with an unfilled {p}: {message:?}"
            ));
        }
        if s(d, "severity") == Some("error") && !exp.diagnostic.iter().any(|e| matches(e, d)) {
            problems.push(format!(
                "unexpected error {} at {}/{}: {}",
                s(d, "code").unwrap_or("?"),
                s(d, "indicator").unwrap_or("-"),
                s(d, "cell").unwrap_or("-"),
                message
            ));
        }
    }
}

fn short(text: &str) -> String {
    let t: String = text.chars().take(300).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}

#[test]
fn import_fixtures() {
    let bin = binary();
    assert!(
        bin.exists(),
        "the chitieu binary is not at {} (build it with `cargo build -p chitieu-cli`, or set CHITIEU_BIN)",
        bin.display()
    );
    let filter = std::env::var("CHITIEU_FIXTURE").unwrap_or_default();
    let all = fixtures();
    assert!(
        !all.is_empty(),
        "no fixtures under {}",
        manifest_dir().join("fixtures").display()
    );
    let (mut passed, mut failed, mut not_implemented) = (0, 0, 0);
    let mut failures = Vec::new();
    for (fixture, expect_path) in all {
        let rel = fixture
            .strip_prefix(manifest_dir().join("fixtures"))
            .unwrap_or(&fixture)
            .display()
            .to_string();
        if !filter.is_empty() && !rel.contains(&filter) {
            continue;
        }
        let text = std::fs::read_to_string(&expect_path).expect("read expectation");
        let exp: Expect = match toml::from_str(&text) {
            Ok(e) => e,
            Err(e) => {
                failed += 1;
                println!("FAIL {rel}: bad expectation file: {e}");
                failures.push(rel);
                continue;
            }
        };
        let hostile = rel.starts_with("hostile");
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("t.db");
        let mut args: Vec<String> = vec![
            "--db".into(),
            db.display().to_string(),
            "import".into(),
            fixture.display().to_string(),
            "--dry-run".into(),
            "--json".into(),
        ];
        args.extend(exp.args.iter().cloned());
        let r = run(&bin, &args);
        let doc: Option<Value> = serde_json::from_str(r.stdout.trim()).ok();
        let mut problems = Vec::new();
        if r.killed {
            problems.push(format!("killed after {} s", KILL_AFTER.as_secs()));
        }
        if let Some(sig) = r.signal {
            problems.push(format!("ended by signal {sig}"));
        }
        match exp.outcome.as_str() {
            "imported" => check_imported(&exp, &r, doc.as_ref(), &mut problems),
            "rejected" => check_rejected(&exp, &fixture, &r, doc.as_ref(), &mut problems),
            other => problems.push(format!("bad outcome {other:?} in the expectation")),
        }
        // A dry run writes nothing: no database, no backup folder.
        let written: Vec<String> = std::fs::read_dir(dir.path())
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if !written.is_empty() {
            problems.push(format!("the dry run wrote {}", written.join(", ")));
        }
        let rss_mb = r.max_rss_kb as f64 / 1024.0;
        let max_rss = exp.max_rss_mb.or(if hostile { Some(300.0) } else { None });
        let max_secs = exp.max_seconds.or(if hostile { Some(5.0) } else { None });
        if let Some(m) = max_rss.filter(|_| cfg!(unix)) {
            if rss_mb >= m {
                problems.push(format!("peak memory {rss_mb:.0} MB, limit {m} MB"));
            }
        }
        if let Some(m) = max_secs {
            if r.wall.as_secs_f64() >= m {
                problems.push(format!("took {:.2} s, limit {m} s", r.wall.as_secs_f64()));
            }
        }
        let unimplemented = r.stdout.contains("chưa hỗ trợ") || r.stderr.contains("chưa hỗ trợ");
        let slow = if r.wall > SLOW { " slow" } else { "" };
        let verdict = if problems.is_empty() { "ok  " } else { "FAIL" };
        println!(
            "{verdict} {rel:<52} {:>6.2} s{slow} {:>6.1} MB  {}",
            r.wall.as_secs_f64(),
            rss_mb,
            if problems.is_empty() {
                exp.outcome.clone()
            } else if unimplemented {
                format!(
                    "importer not implemented (\"chưa hỗ trợ\"); {} problem(s)",
                    problems.len()
                )
            } else {
                format!("{} problem(s)", problems.len())
            }
        );
        if problems.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            if unimplemented {
                not_implemented += 1;
            }
            for p in problems.iter().take(12) {
                println!("       - {p}");
            }
            if problems.len() > 12 {
                println!("       … and {} more", problems.len() - 12);
            }
            if !r.stderr.trim().is_empty() && doc.is_none() {
                println!("       stderr: {}", short(r.stderr.trim()));
            }
            failures.push(rel);
        }
        let _ = &exp.description;
    }
    println!();
    println!("fixtures: {passed} passed, {failed} failed");
    if not_implemented > 0 {
        println!("({not_implemented} of the failures: the importer answers \"chưa hỗ trợ\" — not implemented yet)");
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed: {}",
        failures.len(),
        failures.join(", ")
    );
}

//! Shared helpers of the end-to-end suites: running the real `chitieu`
//! binary on a scratch database.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `chitieu` binary under test: CHITIEU_BIN, else the workspace's debug build.
pub fn bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CHITIEU_BIN") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target
        .join("debug")
        .join(format!("chitieu{}", std::env::consts::EXE_SUFFIX))
}

/// SoftHSM2's PKCS#11 module, where Debian puts it (`make test` installs it).
pub fn softhsm_module() -> PathBuf {
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .expect("SoftHSM2 is installed: make test installs softhsm2")
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A scratch database and a fixed clock.
pub struct Cli {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub now: String,
}

impl Cli {
    pub fn new() -> Cli {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("t.db");
        Cli {
            dir,
            db,
            now: "2024-07-01T03:00:00Z".into(),
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.arg("--db")
            .arg(&self.db)
            .args(args)
            .env("CHITIEU_NOW", &self.now)
            .env_remove("CHITIEU_DB");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let mut tries = 0;
        loop {
            match self.command(args).output() {
                // Under wine (make test-windows), starting many processes at
                // once now and then fails with ERROR_INTERNAL_ERROR (1359)
                // before the program runs; start it again.
                Err(e) if cfg!(windows) && e.raw_os_error() == Some(1359) && tries < 3 => {
                    tries += 1
                }
                result => return result.expect("run chitieu"),
            }
        }
    }

    /// Runs and expects exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "chitieu {args:?} failed ({:?}):\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs with --json and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).expect("one JSON document")
    }

    /// Runs and expects exit `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "chitieu {args:?}: expected exit {code}; stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// SHA-256 of a file, to prove it was not modified.
pub fn file_digest(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap_or_default();
    // A cheap stable digest is enough to detect modification.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in &bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    let mut out = h.to_le_bytes().to_vec();
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out
}

/// Debian's python3, which has python3-openpyxl (make test installs both),
/// before any other python3 on PATH (pyenv's has no openpyxl).
pub fn python3() -> &'static str {
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

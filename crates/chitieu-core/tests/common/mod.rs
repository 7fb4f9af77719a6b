//! Helpers shared by the core's integration tests: periods, the repository's
//! fixture folders, and golden files (`UPDATE_GOLDEN=1` rewrites them).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chitieu_core::period::Period;

/// A period from its code (`2024-Q2`, `2024`); the tests' own literals.
pub fn p(s: &str) -> Period {
    s.parse().unwrap()
}

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A folder of `tests/fixtures` (`import`, `editions`, `hostile`, …).
pub fn fixtures(folder: &str) -> PathBuf {
    repo().join("tests/fixtures").join(folder)
}

/// A golden file of the core's tests.
pub fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// The golden file's bytes, after rewriting it with `got` when
/// `UPDATE_GOLDEN` is set; a missing file says how to make it.
pub fn golden_bytes(name: &str, got: &[u8]) -> Vec<u8> {
    let path = golden(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    std::fs::read(&path).unwrap_or_else(|_| {
        panic!(
            "golden file {} is missing: run with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    })
}

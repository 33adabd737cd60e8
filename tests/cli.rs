//! The one integration-test binary: each module runs the built `dabiao` in a fresh temporary
//! folder with a cleared environment and compares what it printed with what a person expects.

#[path = "cli/catalog.rs"]
mod catalog;
#[path = "cli/store.rs"]
mod store;

use std::path::{Path, PathBuf};

/// `dabiao` with a cleared environment (PATH and HOME kept) running in `dir`.
pub fn dabiao(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("dabiao").expect("binary built");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::var_os("HOME").unwrap_or_default())
        .current_dir(dir);
    cmd
}

/// A fresh temporary folder for one test.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The repository root, for committed fixtures.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs and parses `--format json` output.
pub fn json(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    let out = cmd.output().expect("ran");
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

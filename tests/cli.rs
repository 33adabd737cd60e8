//! The one integration-test binary. Shared helpers live here; scenarios live in `tests/cli/`.
//! Library-level tests call `dabiao::ingest` directly; CLI tests run the built `dabiao` with a
//! cleared environment in a temporary folder.

#[path = "cli/annotate.rs"]
mod annotate;
#[path = "cli/bench.rs"]
mod bench;
#[path = "cli/catalog.rs"]
mod catalog;
#[path = "cli/chart.rs"]
mod chart;
#[path = "cli/demo.rs"]
mod demo;
#[path = "cli/docx.rs"]
mod docx;
#[path = "cli/extract.rs"]
mod extract;
#[path = "cli/ingest.rs"]
mod ingest;
#[path = "cli/notebooks.rs"]
mod notebooks;
#[path = "cli/progress.rs"]
mod progress;
#[path = "cli/properties.rs"]
mod properties;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/robustness.rs"]
mod robustness;
#[path = "cli/store.rs"]
mod store;
#[path = "cli/template.rs"]
mod template;
#[path = "cli/terminal.rs"]
mod terminal;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dabiao::catalog::Catalog;
use dabiao::ingest::{FileReport, ReadOptions};

/// The bundled catalog, loaded once.
pub fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::bundled().expect("bundled catalog loads"))
}

/// Reads `bytes` as if from a file called `name`.
pub fn read(name: &str, bytes: &[u8]) -> FileReport {
    let r = dabiao::ingest::read_bytes(catalog(), Path::new(name), bytes, &ReadOptions::default());
    assert_accounted(&r);
    r
}

/// (indicator, district, period, value, cumulative, cell) — what a test compares.
pub type Obs = (String, String, String, Option<f64>, Option<f64>, String);

pub fn obs(r: &FileReport) -> Vec<Obs> {
    r.observations
        .iter()
        .map(|o| {
            (
                o.indicator.clone(),
                o.district.clone(),
                o.period.to_string(),
                o.value,
                o.cumulative,
                format!("{}!{}", o.sheet, o.cell),
            )
        })
        .collect()
}

pub fn o(
    ind: &str,
    district: &str,
    period: &str,
    value: Option<f64>,
    cum: Option<f64>,
    cell: &str,
) -> Obs {
    (
        ind.into(),
        district.into(),
        period.into(),
        value,
        cum,
        cell.into(),
    )
}

/// (`sheet!cell`, severity, code) of every diagnostic.
pub fn diags(r: &FileReport) -> Vec<(String, &'static str, String)> {
    r.diagnostics
        .iter()
        .map(|d| {
            let place = if d.cell.is_empty() {
                d.sheet.clone()
            } else {
                format!("{}!{}", d.sheet, d.cell)
            };
            (place, d.severity.as_str(), d.code.clone())
        })
        .collect()
}

pub fn d(place: &str, severity: &'static str, code: &str) -> (String, &'static str, String) {
    (place.into(), severity, code.into())
}

/// Every data row ends as an observation or a rejection, and every rejected row carries an
/// error, or a warning saying why it is deliberately not stored (a total, `—`, a duplicate).
pub fn assert_accounted(r: &FileReport) {
    for s in &r.sheets {
        assert_eq!(
            s.data_rows,
            s.accepted_rows + s.rejected_rows,
            "{}: sheet {} rows do not add up",
            r.file,
            s.name
        );
        let error_rows: std::collections::BTreeSet<String> = r
            .diagnostics
            .iter()
            .filter(|d| {
                let skipped = ["no_data", "not_data", "duplicate_row"].contains(&d.code.as_str());
                d.sheet == s.name && (d.severity == dabiao::error::Severity::Error || skipped)
            })
            .map(|d| {
                d.cell
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .to_string()
            })
            .collect();
        assert!(
            error_rows.len() >= s.rejected_rows,
            "{}: sheet {} has {} rejected rows but errors on only {} rows",
            r.file,
            s.name,
            s.rejected_rows,
            error_rows.len()
        );
    }
}

/// The built binary with a cleared environment, run in `dir`.
pub fn dabiao(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("dabiao").expect("binary built");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
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

/// A Python that can import `module` (`DABIAO_TEST_PYTHON`, which `.ci/run` sets, else
/// `python3`): the real readers (openpyxl, python-docx) the tests read our files back with.
pub fn python_with(module: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("DABIAO_TEST_PYTHON").map(PathBuf::from),
        Some("python3".into()),
    ];
    candidates.into_iter().flatten().find(|p| {
        std::process::Command::new(p)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// [`python_with`], or, locally, `None` after saying the check is skipped; under CI a missing
/// module fails the test.
pub fn python_or_skip(module: &str) -> Option<PathBuf> {
    let p = python_with(module);
    if p.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set DABIAO_TEST_PYTHON with {module} (see .ci/run)"
        );
        eprintln!("skipped: no Python with {module} (set DABIAO_TEST_PYTHON)");
    }
    p
}

/// Runs and parses `--format json` output.
pub fn json(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    let out = cmd.output().expect("ran");
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

//! Issue 10: the benchmark task end to end on a tiny generated set — correctness only (timings
//! belong in `benches/`, never in tests). Generates 3 units × 2 months with the bench's own
//! generator, writes the catalog, runs the benchmarked script itself (`benches/dabiao_task.sh`:
//! `dabiao ingest`, `dabiao progress --ytd reported-cumulative --columns …`, an awk adapter) and
//! checks the result against the generator's expected.csv with the bench's compare.py.
//!
//! Needs a Python with xlsxwriter: `DABIAO_BENCH_PYTHON`, else the bench venv
//! (`$HOME/.venvs/dabiao-bench`), else `python3`. Without one the test says so and passes
//! locally, but fails under CI.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::tempdir;

fn python() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("DABIAO_BENCH_PYTHON") {
        candidates.push(p.into());
    }
    if let Some(h) = std::env::var_os("HOME") {
        candidates.push(Path::new(&h).join(".venvs/dabiao-bench/bin/python"));
    }
    candidates.push("python3".into());
    candidates.into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import xlsxwriter"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("command runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_bench_task_matches_the_generators_answer() {
    let Some(py) = python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide a Python with xlsxwriter (DABIAO_BENCH_PYTHON, see .ci/run)"
        );
        eprintln!("skipped: no Python with xlsxwriter (set DABIAO_BENCH_PYTHON)");
        return;
    };
    let benches = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches");
    let dir = tempdir();
    let data = dir.path().join("data");
    let cat = dir.path().join("catalog");
    run(Command::new(&py)
        .arg(benches.join("peers/gen_submissions.py"))
        .args(["--units", "3", "--months", "2", "--rows", "5", "--out"])
        .arg(&data));
    run(Command::new(&py)
        .arg(benches.join("bench_catalog.py"))
        .arg(&data)
        .arg(&cat));
    // The benchmarked script itself: ingest, progress, and its awk adapter.
    let out = dir.path().join("out.csv");
    run(Command::new("sh")
        .arg(benches.join("dabiao_task.sh"))
        .arg(assert_cmd::cargo::cargo_bin("dabiao"))
        .arg(&cat)
        .arg(&data)
        .arg(&out));
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("指标编码,区域,报告期,累计完成,年度目标,完成率")
    );
    // 3 units × 5 rows, each an indicator × district with a target.
    assert_eq!(text.lines().count(), 1 + 15, "{text}");
    run(Command::new(&py)
        .arg(benches.join("peers/compare.py"))
        .arg(data.join("expected.csv"))
        .arg(&out));
}

//! Issue 9: the demo year, its committed copy, and the whole job in one command.

use crate::{catalog, dabiao, repo, tempdir};

#[test]
fn committed_examples_are_the_generator_output_byte_for_byte() {
    let files = dabiao::demo::generate(catalog(), 2022).unwrap();
    let dir = repo().join("examples/2022");
    for f in &files {
        let on_disk =
            std::fs::read(dir.join(&f.name)).unwrap_or_else(|e| panic!("{}: {e}", f.name));
        assert!(on_disk == f.bytes, "{} differs from the generator; rerun `cargo run -- demo --write-examples examples/2022`", f.name);
    }
    let manifest = std::fs::read_to_string(dir.join("manifest.csv")).unwrap();
    assert_eq!(manifest, dabiao::demo::manifest(&files));
    let committed = walk(&dir)
        .into_iter()
        .filter(|p| p.ends_with(".xlsx"))
        .count();
    assert_eq!(
        committed,
        files.len(),
        "no stray workbooks in examples/2022"
    );
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p.display().to_string());
        }
    }
    out
}

#[test]
fn demo_runs_the_whole_job_from_an_empty_folder() {
    let dir = tempdir();
    let out = dabiao(dir.path())
        .args(["demo", "--out", "d"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // 133 workbooks, one planted rejection (the wrong district 华容县).
    assert!(
        text.contains("133 个文件，入库 133 个") && text.contains("拒绝 1 行"),
        "{text}"
    );
    let d = dir.path().join("d");
    for f in [
        "2022年目标完成情况.docx",
        "2022年目标完成情况.html",
        "2022年目标完成情况.xlsx",
        "2022年目标完成情况.md",
        "progress-2022-12.parquet",
        "goal-settings.csv",
    ] {
        assert!(
            d.join(f).metadata().is_ok_and(|m| m.len() > 0),
            "{f} missing"
        );
    }
    let html = std::fs::read_to_string(d.join("2022年目标完成情况.html")).unwrap();
    assert!(
        html.contains("年度目标任务完成情况") && html.contains("<svg") == html.contains("</svg>"),
        "report title"
    );
    // Running it again replaces the demo folder; a foreign folder is refused.
    dabiao(dir.path())
        .args(["demo", "--out", "d"])
        .assert()
        .success();
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/keep.txt"), "x").unwrap();
    dabiao(dir.path())
        .args(["demo", "--out", "mine"])
        .assert()
        .code(2);
    assert!(dir.path().join("mine/keep.txt").exists());
}

#[test]
fn the_examples_ingest_with_their_receipt_times_and_progress_reads_back() {
    // The statistician's path through the committed files: ingest each month with its receipt
    // time, then ask for progress as of June.
    let dir = tempdir();
    let manifest = std::fs::read_to_string(repo().join("examples/2022/manifest.csv")).unwrap();
    let mut by_time: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for line in manifest.lines().skip(1) {
        let (file, at) = line.split_once(',').unwrap();
        if file.starts_with("2022-0") && file < "2022-07" {
            by_time.entry(at.to_string()).or_default().push(
                repo()
                    .join("examples/2022")
                    .join(file)
                    .display()
                    .to_string(),
            );
        }
    }
    for (at, files) in &by_time {
        let out = dabiao(dir.path())
            .args(["ingest", "--received-at", at])
            .args(files)
            .output()
            .unwrap();
        assert!(
            out.status.code() == Some(0),
            "{at}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let mut cmd = dabiao(dir.path());
    cmd.args(["progress", "--as-of", "2022-06", "--format", "json"]);
    let rows = crate::json(&mut cmd);
    let road = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "T17-01" && r["district"] == "全市")
        .unwrap();
    // The city figure is the sum of the five districts' June cumulatives (corrected May slip
    // superseded; June is what counts).
    let districts: f64 = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["indicator"] == "T17-01" && r["district"] != "全市")
        .map(|r| r["actual"].as_f64().unwrap())
        .sum();
    assert!((road["actual"].as_f64().unwrap() - districts).abs() < 1e-9);
    assert_eq!(road["target"], 50.0);
    assert_eq!(road["time_progress"], 0.5);
    let completion = road["completion"].as_f64().unwrap();
    assert!((completion - districts / 50.0).abs() < 1e-12);
}

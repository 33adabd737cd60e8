//! `dabiao extract`: policy text → draft catalog folder.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The built binary with a cleared environment (no DABIAO_CATALOG, no locale surprises).
fn dabiao(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("dabiao").expect("binary built");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", cwd)
        .current_dir(cwd);
    cmd
}

const FILES: &[&str] = &[
    "plan.toml",
    "items.toml",
    "districts.csv",
    "units.csv",
    "towns.csv",
    "review.md",
];

#[test]
fn extract_seed_writes_a_draft_that_catalog_check_accepts() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("draft");
    dabiao(tmp.path())
        .arg("extract")
        .arg(repo("seeds/policy-ezhou-2022.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("6 个部分，52 项条目")
                .and(predicate::str::contains("48 个抓手")),
        );
    for f in FILES {
        assert!(out.join(f).is_file(), "{f} written");
    }
    dabiao(tmp.path())
        .args(["catalog", "check"])
        .arg(&out)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("52 项工作要点").and(predicate::str::contains("48 个抓手")),
        );
}

#[test]
fn extract_twice_gives_byte_identical_files() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for d in ["a", "b"] {
        dabiao(tmp.path())
            .arg("extract")
            .arg(repo("seeds/policy-ezhou-2022.txt"))
            .args(["-o", d])
            .assert()
            .success();
    }
    for f in FILES {
        let a = std::fs::read(tmp.path().join("a").join(f)).expect("read a");
        let b = std::fs::read(tmp.path().join("b").join(f)).expect("read b");
        assert_eq!(a, b, "{f} differs between runs");
    }
}

#[test]
fn extract_without_out_prints_the_review_only() {
    let tmp = tempfile::tempdir().expect("temp dir");
    dabiao(tmp.path())
        .arg("extract")
        .arg(repo("tests/fixtures/extract/lead-support-percent.txt"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("抽取草稿审核清单")
                .and(predicate::str::contains("[数量不符]"))
                .and(predicate::str::contains("未提供区县表"))
                .and(predicate::str::contains("未写文件")),
        );
    assert_eq!(
        std::fs::read_dir(tmp.path()).expect("list").count(),
        0,
        "nothing written without -o"
    );
}

#[test]
fn extract_gbk_text_with_a_districts_table() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let table = tmp.path().join("districts.csv");
    std::fs::write(&table, "code,name,type,aliases\nXS,溪山县,县,\nBS,白沙县,县,\nQC,青城市,市,\nGX,高新区,功能区,青城高新技术开发区\n")
        .expect("write table");
    let out = tmp.path().join("qc");
    dabiao(tmp.path())
        .arg("extract")
        .arg(repo("tests/fixtures/extract/gbk-circled-county.txt"))
        .arg("--districts")
        .arg(&table)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("6 项条目"));
    let districts = std::fs::read_to_string(out.join("districts.csv")).expect("districts.csv");
    assert_eq!(
        districts.lines().count(),
        5,
        "the given table, nothing added: {districts}"
    );
    let items = std::fs::read_to_string(out.join("items.toml")).expect("items.toml");
    assert!(
        items.contains("districts = [\"高新区\"]"),
        "alias resolved to the table's name"
    );
    assert!(items.contains("value = 15000.0"), "1.5万亩 → 15000 亩");
    dabiao(tmp.path())
        .args(["catalog", "check"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn extract_missing_file_exits_2() {
    let tmp = tempfile::tempdir().expect("temp dir");
    dabiao(tmp.path())
        .args(["extract", "no-such-plan.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-plan.txt"));
}

#[test]
fn extract_help_has_examples() {
    let tmp = tempfile::tempdir().expect("temp dir");
    dabiao(tmp.path())
        .args(["extract", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("--districts")));
}

/// Two real plans from other cities (public texts, provenance in each file's header), kept as
/// found: the rules they exposed must keep holding. Guangzhou numbers its first section's items
/// `1.` before any `（一）` appears, lists units as `各区、县级市` and has `11.121人才梯队项目`;
/// Wuhan writes `江岸、江汉、汉阳、武昌区人民政府`, and its excerpt has no title line.
#[test]
fn real_plans_from_other_cities() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let draft = |name: &str| {
        let out = tmp.path().join(name);
        dabiao(tmp.path())
            .arg("extract")
            .arg(repo(&format!("tests/fixtures/extract/{name}.txt")))
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        dabiao(tmp.path())
            .arg("--catalog")
            .arg(&out)
            .args(["catalog", "check"])
            .assert()
            .success();
        let read = |f: &str| std::fs::read_to_string(out.join(f)).expect("draft file");
        (read("plan.toml"), read("items.toml"), read("districts.csv"))
    };

    let (plan, items, districts) = draft("real-guangzhou-2012");
    assert!(
        plan.contains("name = \"关于推进人才集聚工程的实施意见\""),
        "{plan}"
    );
    assert!(plan.contains("region = \"广州市\""));
    assert_eq!(
        plan.matches("[[sections]]").count(),
        12,
        "总体目标, the nine （一） headings, and 四、 and 五、 over items 40–45"
    );
    // Items 1–45 as written: item 1, the goals, has no responsible units and is kept with its
    // three targets for 2016 (`2012年起5年内`).
    assert_eq!(items.matches("[[items]]").count(), 45);
    assert!(items.contains("no = 1\nlabel = \"一.1\""), "{items}");
    assert!(items.contains("no = 45\nlabel = \"五.45\""));
    assert!(items.contains("label = \"二.一.2\""));
    assert!(items.contains("value = 3200000.0"), "320万名");
    assert!(items.contains("year = 2016"));
    assert!(items.contains("121人才梯队项目"));
    assert!(!districts.contains("县级市"), "{districts}");
    assert!(!items.contains("\"县级市\""));

    let (plan, items, districts) = draft("real-wuhan-2023-excerpt");
    assert!(
        plan.contains("name = \"2023年市〈政府工作报告〉目标任务责任分解方案\""),
        "{plan}"
    );
    assert!(plan.contains("region = \"武汉市\""));
    assert_eq!(items.matches("[[items]]").count(), 12);
    assert!(
        items.contains("no = 84\n"),
        "the document's own numbers, 84–95"
    );
    assert!(items.contains("no = 95\n"));
    assert!(items.contains("districts = [\"江岸区\", \"江汉区\", \"汉阳区\", \"武昌区\"]"));
    assert!(districts.contains("江岸区"));
}

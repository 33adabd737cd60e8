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
        .stdout(predicate::str::contains("示例:").and(predicate::str::contains("--districts")));
}

/// `dabiao extract tests/fixtures/extract/NAME.txt -o CWD/NAME`; the draft's folder.
fn extract_fixture(name: &str, cwd: &Path) -> PathBuf {
    let out = cwd.join(name);
    dabiao(cwd)
        .arg("extract")
        .arg(repo(&format!("tests/fixtures/extract/{name}.txt")))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Two real plans from other cities (public texts, provenance in each file's header), kept as
/// found: the rules they exposed must keep holding. Guangzhou numbers its first section's items
/// `1.` before any `（一）` appears, lists units as `各区、县级市` and has `11.121人才梯队项目`;
/// Wuhan writes `江岸、江汉、汉阳、武昌区人民政府`, and its excerpt has no title line.
#[test]
fn real_plans_from_other_cities() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let draft = |name: &str| {
        let out = extract_fixture(name, tmp.path());
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

/// One item of a real plan as a person reads it: the document's number, the units in order
/// (lead first, vague words such as `各部门` left out) and the numeric targets (value, unit, year).
struct Expected {
    no: u32,
    label: &'static str,
    units: &'static [&'static str],
    targets: &'static [(f64, &'static str, i32)],
}

fn e(
    no: u32,
    label: &'static str,
    units: &'static [&'static str],
    targets: &'static [(f64, &'static str, i32)],
) -> Expected {
    Expected {
        no,
        label,
        units,
        targets,
    }
}

/// The draft read back through `dabiao catalog items|indicators --format json`: loading it is
/// part of what is checked.
fn read_back(dir: &Path, cwd: &Path) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let json = |what: &str| {
        let out = dabiao(cwd)
            .arg("--catalog")
            .arg(dir)
            .args(["catalog", what, "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<Vec<serde_json::Value>>(&out).expect("json array")
    };
    (json("items"), json("indicators"))
}

/// Extracts a fixture and compares it with the hand-checked items.
fn check_plan(name: &str, expected: &[Expected]) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = extract_fixture(name, tmp.path());
    let (items, indicators) = read_back(&out, tmp.path());
    let got: Vec<(u64, &str, Vec<&str>)> = (items.iter())
        .map(|i| {
            let units = i["units"].as_array().expect("units");
            (
                i["no"].as_u64().expect("no"),
                i["label"].as_str().unwrap_or(""),
                units.iter().map(|u| u.as_str().unwrap_or("")).collect(),
            )
        })
        .collect();
    let want: Vec<(u64, &str, Vec<&str>)> = (expected.iter())
        .map(|e| (u64::from(e.no), e.label, e.units.to_vec()))
        .collect();
    assert_eq!(got, want, "{name}: items, numbers and units");
    for e in expected {
        let targets: Vec<(f64, String, i64)> = (indicators.iter())
            .filter(|i| i["item"].as_u64() == Some(u64::from(e.no)))
            .flat_map(|i| {
                let unit = i["unit"].as_str().unwrap_or("").to_string();
                let ts = i["targets"].as_array().cloned().unwrap_or_default();
                ts.into_iter().map(move |t| {
                    let value = t["value"].as_f64().unwrap_or(f64::NAN);
                    (value, unit.clone(), t["year"].as_i64().unwrap_or(0))
                })
            })
            .collect();
        let want: Vec<(f64, String, i64)> = (e.targets.iter())
            .map(|(v, u, y)| (*v, u.to_string(), i64::from(*y)))
            .collect();
        assert_eq!(targets, want, "{name}: targets of item {}", e.label);
    }
}

/// Lishui 2023: `责任单位：…` on a line of its own under each item, `（…列第一位为牵头或汇总单位，
/// 下同）` and `分别牵头` in the lists, `一、` › `（一）` › `10.` numbered continuously, `每年`.
#[test]
fn real_plan_lishui_units_on_their_own_line() {
    const ITEM4: &[&str] = &[
        "市发改委",
        "市经信局",
        "市科技局",
        "市财政局",
        "市自然资源局",
        "市生态环境局",
        "市建设局",
        "市交通运输局",
        "市水利局",
        "市农业农村局",
        "市文广旅体局",
        "市卫生健康委",
    ];
    check_plan(
        "real-lishui-2023",
        &[
            e(1, "一.1", &["市发改委"], &[(6.0, "%", 2023)]),
            e(2, "一.2", &["市经信局"], &[(8.0, "%", 2023)]),
            e(3, "一.3", &["市科技局"], &[(2.3, "%", 2023)]),
            e(4, "一.4", ITEM4, &[(10.0, "%", 2023)]),
            e(
                5,
                "一.5",
                &["市商务局"],
                &[(5.0, "%", 2023), (5.0, "%", 2023)],
            ),
            e(6, "一.6", &["市人力社保局", "市农业农村局"], &[]),
            e(7, "一.7", &["市财政局"], &[]),
            e(8, "一.8", &["市发改委"], &[(3.0, "%", 2023)]),
            // `完成省定任务`: a completion rate of 100 %.
            e(
                9,
                "一.9",
                &["市人力社保局", "市发改委"],
                &[(100.0, "%", 2023)],
            ),
            e(
                10,
                "二.一.10",
                &["市双招双引办", "市发改委", "市经信局", "丽水开发区管委会"],
                &[(100.0, "个", 2023), (1000.0, "亿元", 2023)],
            ),
        ],
    );
}

/// Guangdong 2021: `分管省领导：…` and `部门分工：A牵头，各地、各部门配合。` lines under each item.
#[test]
fn real_plan_guangdong_leader_and_division_lines() {
    check_plan(
        "real-guangdong-2021",
        &[
            e(1, "一.1", &["省发展改革委"], &[(6.0, "%", 2021)]),
            e(2, "一.2", &["省财政厅"], &[(5.0, "%", 2021)]),
            e(3, "一.3", &["省发展改革委"], &[(8.0, "%", 2021)]),
            e(4, "一.4", &["省商务厅"], &[(6.0, "%", 2021)]),
        ],
    );
}

/// Anhui: `1﹒` numbers, `牵头负责领导` / `牵头责任单位` / `协同责任单位：…等。` lines; the page
/// lost the year (`关于年重点工作`), so the targets' year is 0 for a person to fill in.
#[test]
fn real_plan_anhui_lead_and_cooperating_lines() {
    check_plan(
        "real-anhui-2022",
        &[
            e(1, "一.1", &["省发展改革委"], &[(7.0, "%", 0)]),
            e(
                2,
                "一.2",
                &[
                    "省发展改革委",
                    "省经济和信息化厅",
                    "省财政厅",
                    "省自然资源厅",
                    "省住房城乡建设厅",
                    "省交通运输厅",
                    "省农业农村厅",
                    "省水利厅",
                    "省林业局",
                ],
                &[(10.0, "%", 0)],
            ),
            e(
                3,
                "一.3",
                &[
                    "省商务厅",
                    "省发展改革委",
                    "省经济和信息化厅",
                    "省财政厅",
                    "省农村农业厅",
                    "省文化和旅游厅",
                    "省市场监管局",
                    "省税务局",
                ],
                &[(9.0, "%", 0)],
            ),
            e(
                4,
                "一.4",
                &[
                    "省商务厅",
                    "省发展改革委",
                    "省经济和信息化厅",
                    "省财政厅",
                    "合肥海关",
                    "省税务局",
                    "省外汇管理局",
                ],
                &[(9.0, "%", 0)],
            ),
            e(
                5,
                "一.5",
                &["省财政厅", "省发展改革委", "省税务局", "人行合肥中心支行"],
                &[(7.0, "%", 0)],
            ),
        ],
    );
}

/// The State Council's 2018 division of work (an excerpt): items numbered `（二十四）`, units as
/// `（A、B牵头，有关部门按职责分工负责）` and `（A、B…等按职责分工负责）`, targets in 万亩.
#[test]
fn real_plan_state_council_responsible_in_words() {
    check_plan(
        "real-state-council-2018-excerpt",
        &[
            e(24, "二十四", &["国家发展改革委", "农业农村部"], &[]),
            e(
                25,
                "二十五",
                &[
                    "农业农村部",
                    "科技部",
                    "国家发展改革委",
                    "工业和信息化部",
                    "财政部",
                    "人力资源社会保障部",
                    "自然资源部",
                    "水利部",
                    "商务部",
                    "退役军人事务部",
                    "国家粮食和物资储备局",
                    "国家林业和草原局",
                    "供销合作总社",
                ],
                &[(8e7, "亩", 0), (2e7, "亩", 0)],
            ),
        ],
    );
}

/// Xunyang 2023 (a district): one `（一）` item naming several tasks, each closed by its own
/// `(牵头单位:…;责任单位:…)`; `区政府各相关部门` and `各街道` are not units.
#[test]
fn real_plan_xunyang_several_clauses_in_one_item() {
    check_plan(
        "real-xunyang-2023-excerpt",
        &[e(
            1,
            "一.一",
            &[
                "区发改委",
                "区工信局",
                "区商务局",
                "区住建局",
                "区自然资源局",
                "区生态环境局",
                "区城管局",
                "区农水局",
                "区文新旅局",
                "区国资中心",
                "区政府办",
            ],
            &[],
        )],
    );
}

/// Hangzhou 2021: a web table flattened to one cell a line (`序号` / `重点工作任务` / `责任单位`,
/// then `1` / task / units), `（一）某副市长牵头重点工作` headings over the rows, `省牵头单位：…`
/// beside the city's units, the row numbers restarting in the second table, and `120亿斤` (in the
/// catalog's 吨).
#[test]
fn real_plan_hangzhou_flattened_table() {
    check_plan(
        "real-hangzhou-2021-flattened-table",
        &[
            e(
                1,
                "一.一.1",
                &["市农业农村局", "市规划和自然资源局", "市商务局"],
                &[(8.1e6, "亩", 2021), (6e6, "吨", 2021), (70.0, "%", 2021)],
            ),
            e(
                2,
                "一.二.2",
                &["市商务局", "市发改委"],
                &[(35000.0, "亿元", 2025), (42.0, "%", 2025)],
            ),
            e(
                3,
                "二.一.1",
                &[
                    "杭州城西科创产业集聚区管委会",
                    "市科技局",
                    "市发改委",
                    "市经信局",
                    "市规划和自然资源局",
                    "市人力社保局",
                    "市地方金融监管局",
                    "市教育局",
                    "市建委",
                ],
                &[],
            ),
        ],
    );
}

#[test]
fn a_draft_with_no_items_is_said_to_be_empty_by_catalog_check() {
    // A project table pasted as space-separated columns: nothing is read as an item, and a
    // review found `catalog check` reporting the empty draft as passed without a word.
    let tmp = tempfile::tempdir().expect("temp dir");
    let text = "兰溪市农业农村重点项目表\n序号 项目名称 建设内容 投资 实施主体 牵头或责任单位\n\
                3 设施杨梅种植 1000亩 2000 马涧镇 马涧镇、市农业农村局\n";
    std::fs::write(tmp.path().join("plan.txt"), text).unwrap();
    dabiao(tmp.path())
        .args(["extract", "plan.txt", "-o", "draft"])
        .assert()
        .success();
    dabiao(tmp.path())
        .args(["catalog", "check", "draft"])
        .assert()
        .success()
        .stderr(predicate::str::contains("目录中没有工作要点"))
        .stdout(predicate::str::contains("1 个警告"));
}

//! Issue 2: the plan as data.

use serde_json::Value;

use crate::{dabiao, json, repo, tempdir};

fn list(args: &[&str]) -> Vec<Value> {
    let dir = tempdir();
    let mut cmd = dabiao(dir.path());
    cmd.args(["catalog"]).args(args).args(["--format", "json"]);
    json(&mut cmd).as_array().cloned().unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fifty_two_items_in_six_sections() {
    let items = list(&["items"]);
    assert_eq!(items.len(), 52);
    let nos: Vec<u64> = items.iter().map(|i| i["no"].as_u64().unwrap()).collect();
    assert_eq!(nos, (1..=52).collect::<Vec<_>>());
    let per_section: Vec<usize> = (1..=6)
        .map(|s| items.iter().filter(|i| i["section"] == s).count())
        .collect();
    // Items 1–11, 12–21, 22–29, 30–40, 41–47, 48–52 as numbered in the plan.
    assert_eq!(per_section, vec![11, 10, 8, 11, 7, 5]);
}

#[test]
fn forty_eight_levers_in_six_kinds() {
    let levers = list(&["levers"]);
    assert_eq!(levers.len(), 48);
    let count = |k: &str| levers.iter().filter(|l| l["kind"] == k).count();
    let counts: Vec<usize> = [
        "reform",
        "mechanism",
        "platform",
        "system",
        "action",
        "project",
    ]
    .iter()
    .map(|k| count(k))
    .collect();
    assert_eq!(counts, vec![5, 6, 6, 6, 10, 15]);
    let road = levers
        .iter()
        .find(|l| l["name"].as_str().unwrap().contains("四好农村路"))
        .unwrap();
    assert_eq!(road["items"], serde_json::json!([17]));
    let tech = levers
        .iter()
        .find(|l| l["name"] == "科技特派员制度")
        .unwrap();
    assert_eq!(tech["items"], serde_json::json!([11]));
}

fn target_of(ind: &Value) -> (String, f64) {
    let t = &ind["targets"].as_array().unwrap()[0];
    (
        ind["unit"].as_str().unwrap().to_string(),
        t["value"].as_f64().unwrap(),
    )
}

#[test]
fn item_17_and_26_targets_exactly() {
    let inds = list(&["indicators", "--item", "17"]);
    let got: Vec<(String, f64)> = inds.iter().map(target_of).collect();
    let want = [
        ("公里", 50.0),
        ("%", 100.0),
        ("个", 1.0),
        ("个", 20.0),
        ("项", 1.0),
    ];
    assert_eq!(got, want.map(|(u, v)| (u.to_string(), v)).to_vec());
    assert_eq!(inds[0]["name"], "新改建农村公路");
    assert_eq!(inds[0]["kind"], "flow");
    assert_eq!(inds[4]["kind"], "milestone");
    assert_eq!(inds[4]["district"], "华容区");
    let inds = list(&["indicators", "--item", "26"]);
    let got: Vec<(String, f64)> = inds.iter().map(target_of).collect();
    assert_eq!(
        got,
        vec![("个".into(), 10.0), ("个".into(), 10.0), ("个".into(), 5.0)]
    );
}

#[test]
fn item_9_has_ten_units_in_order_and_districts_expanded() {
    let items = list(&["items", "--item", "9"]);
    let units = strings(&items[0]["units"]);
    assert_eq!(
        units,
        [
            "市委组织部",
            "市人社局",
            "市农业农村局",
            "市科技局",
            "市教育局",
            "市文旅局",
            "市司法局",
            "市乡村振兴局",
            "市卫健委",
            "市科协"
        ]
    );
    assert_eq!(
        strings(&items[0]["districts"]),
        ["鄂城区", "华容区", "梁子湖区", "葛店开发区", "临空经济区"]
    );
    // Item 10 names one district only.
    let items = list(&["items", "--item", "10"]);
    assert_eq!(strings(&items[0]["districts"]), ["梁子湖区"]);
}

#[test]
fn items_of_a_unit_and_a_section() {
    let items = list(&["items", "--unit", "市交通运输局"]);
    let nos: Vec<u64> = items.iter().map(|i| i["no"].as_u64().unwrap()).collect();
    assert_eq!(nos, vec![17, 32, 37]);
    assert_eq!(list(&["items", "--section", "6"]).len(), 5);
}

#[test]
fn goals_without_numbers_say_target_not_set() {
    let goals = list(&["goals"]);
    assert!(goals.len() >= 8);
    assert!(goals
        .iter()
        .all(|g| g["status"] == "目标未设定" && g["baseline"].is_null()));
    let ratio = goals
        .iter()
        .find(|g| g["name"] == "城乡居民收入比")
        .unwrap();
    assert_eq!(ratio["direction"], "lower");
}

#[test]
fn broken_catalog_is_rejected_with_file_and_line() {
    let dir = tempdir();
    let out = dabiao(dir.path())
        .args([
            "catalog",
            "check",
            repo()
                .join("tests/fixtures/catalog-broken")
                .to_str()
                .unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    // The typo `unti` (for `unit`) at line 19 and an unknown responsible unit at line 14.
    assert!(
        err.contains("items.toml:19") && err.contains("unti"),
        "{err}"
    );
    let dir2 = tempdir();
    std::fs::write(dir2.path().join("plan.toml"), "[plan]\nname = \"x\"\nregion = \"y\"\nyear = 2022\n[[items]]\nno = 1\nsection = 9\ntext = \"t\"\nunits = [\"不存在的局\"]\n").unwrap();
    std::fs::write(
        dir2.path().join("districts.csv"),
        "code,name,type,aliases\nA,甲区,区,\n",
    )
    .unwrap();
    std::fs::write(dir2.path().join("units.csv"), "name,type,aliases\n").unwrap();
    let out = dabiao(dir.path())
        .args(["catalog", "check", dir2.path().to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("plan.toml:7") && err.contains("section = 9"),
        "{err}"
    );
    assert!(
        err.contains("plan.toml:9") && err.contains("不存在的局"),
        "{err}"
    );
}

#[test]
fn bundled_catalog_passes_its_own_check_from_any_directory() {
    let dir = tempdir();
    dabiao(dir.path())
        .args(["catalog", "check"])
        .assert()
        .success()
        .stdout(predicates::str::contains("52 项工作要点"));
    dabiao(dir.path())
        .args([
            "catalog",
            "check",
            repo().join("indicators").to_str().unwrap(),
        ])
        .assert()
        .success();
}

#[test]
fn targets_csv_overrides_toml_and_says_so() {
    let dir = tempdir();
    let csv = dir.path().join("targets.csv");
    std::fs::write(
        &csv,
        "指标编码,年份,区域,目标值\nT17-01,2022,全市,60\nT17-01,2022,华容区,12\nG-01,2025,,2.2\n",
    )
    .unwrap();
    let mut cmd = dabiao(dir.path());
    cmd.args([
        "catalog",
        "indicators",
        "--item",
        "17",
        "--format",
        "json",
        "--targets",
        csv.to_str().unwrap(),
    ]);
    let v = json(&mut cmd);
    let road = &v[0];
    assert_eq!(road["target"], 60.0);
    let overrides = strings(&road["overrides"]);
    assert_eq!(overrides.len(), 2);
    assert!(
        overrides[0].contains("50 → 60") && overrides[0].contains("targets.csv:2"),
        "{overrides:?}"
    );
    assert!(overrides[1].contains("华容区 未设定 → 12"), "{overrides:?}");
    let mut cmd = dabiao(dir.path());
    cmd.args([
        "catalog",
        "goals",
        "--format",
        "json",
        "--targets",
        csv.to_str().unwrap(),
    ]);
    let goals = json(&mut cmd);
    let g = goals
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["indicator"] == "G-01")
        .unwrap();
    assert_eq!(g["target_2025"], 2.2);
    // A targets row naming an unknown indicator is an input error with its line.
    std::fs::write(&csv, "indicator,year,scope,value\nT99-99,2022,全市,1\n").unwrap();
    let out = dabiao(dir.path())
        .args(["catalog", "items", "--targets", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("targets.csv:2"));
}

#[test]
fn tables_align_chinese_by_display_width() {
    let dir = tempdir();
    let out = dabiao(dir.path())
        .args(["catalog", "levers"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The `no` column starts at the same display column on every row.
    let col = |l: &str| {
        unicode_width::UnicodeWidthStr::width(&l[..l.find(|c: char| c.is_ascii_digit()).unwrap()])
    };
    let first = col(lines[2]);
    assert!(lines[2..].iter().all(|l| col(l) == first), "{text}");
}

#[test]
fn targets_from_an_xlsx_sheet_with_a_title_row() {
    let dir = tempdir();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "2022年目标分解表").unwrap();
    for (c, h) in ["指标编码", "年份", "区域", "目标值"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_string(2, 0, "T26-01").unwrap();
    ws.write_number(2, 1, 2022.0).unwrap();
    ws.write_string(2, 2, "全市").unwrap();
    ws.write_number(2, 3, 12.0).unwrap();
    let path = dir.path().join("targets.xlsx");
    wb.save(&path).unwrap();
    let mut cmd = dabiao(dir.path());
    cmd.args([
        "catalog",
        "indicators",
        "--item",
        "26",
        "--format",
        "json",
        "--targets",
        "targets.xlsx",
    ]);
    let v = json(&mut cmd);
    assert_eq!(v[0]["target"], 12.0);
    assert!(
        strings(&v[0]["overrides"])[0].contains("10 → 12")
            && strings(&v[0]["overrides"])[0].contains("targets.xlsx:3")
    );
}

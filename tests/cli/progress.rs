//! Issue 6 through the command line: submissions in, figures out, each checked by hand.

use std::path::Path;

use serde_json::Value;

use crate::{dabiao, tempdir};

/// A month's CSV from the transport bureau with city-level rows `(code, monthly, cumulative)`.
fn submission(dir: &Path, name: &str, month: u32, rows: &[(&str, &str, &str)]) -> String {
    let mut text = format!(
        "填报单位：市交通运输局\n报告期：2022年{month}月\n指标编码,区域,本月完成,累计完成\n"
    );
    for (code, m, c) in rows {
        text.push_str(&format!("{code},全市,{m},{c}\n"));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn ingest(dir: &Path, file: &str, at: &str) {
    let out = dabiao(dir)
        .args(["ingest", file, "--received-at", at])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn rows(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut cmd = dabiao(dir);
    cmd.args(args).args(["--format", "json"]);
    crate::json(&mut cmd).as_array().unwrap().clone()
}

fn city<'a>(rows: &'a [Value], code: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["indicator"] == code && r["district"] == "全市")
        .unwrap()
}

/// Five km a month January–June.
fn half_year(dir: &Path) {
    for m in 1..=6u32 {
        let f = submission(
            dir,
            &format!("2022{m:02}_市交通运输局.csv"),
            m,
            &[("T17-01", "5", &(5 * m).to_string())],
        );
        ingest(dir, &f, &format!("2022-{:02}-05", m + 1));
    }
}

#[test]
fn june_30_of_50_km_is_60_percent_against_50_ahead_by_10_points() {
    let dir = tempdir();
    half_year(dir.path());
    let r = rows(dir.path(), &["progress", "--as-of", "2022-06"]);
    let road = city(&r, "T17-01");
    assert_eq!(road["actual"], 30.0);
    assert_eq!(road["target"], 50.0);
    assert_eq!(road["completion"], 0.6);
    assert_eq!(road["time_progress"], 0.5);
    assert_eq!(road["gap_pp"], 10.0);
    assert_eq!(road["status"], "超序时");
    assert_eq!(road["projection"], 60.0);
    // The same in March: 15 of 50 = 30 % against 25 % → +5 pp, still 超序时 (band edge).
    let r = rows(dir.path(), &["progress", "--as-of", "2022-03"]);
    assert_eq!(city(&r, "T17-01")["gap_pp"], 5.0);
    assert_eq!(city(&r, "T17-01")["status"], "超序时");
    // Indicators nobody reported are 未报送; districts without their own target 无目标.
    assert_eq!(city(&r, "T17-04")["status"], "未报送");
    let district = r
        .iter()
        .find(|x| x["indicator"] == "T17-04" && x["district"] == "华容区")
        .unwrap();
    assert_eq!(district["status"], "无目标");
}

#[test]
fn days_basis_uses_elapsed_days() {
    let dir = tempdir();
    half_year(dir.path());
    let r = rows(dir.path(), &["progress", "--as-of", "2022-06", "--days"]);
    let road = city(&r, "T17-01");
    // 2022-06-30 is day 181 of 365.
    let tp = 181.0 / 365.0;
    assert!((road["time_progress"].as_f64().unwrap() - tp).abs() < 1e-12);
    assert!((road["gap_pp"].as_f64().unwrap() - (0.6 - tp) * 100.0).abs() < 1e-6);
}

#[test]
fn a_revision_changes_the_figure_and_time_travel_shows_the_old_one() {
    let dir = tempdir();
    half_year(dir.path());
    // A corrected June file (cumulative 35, not 30) arrives on 12 July.
    let f = submission(
        dir.path(),
        "202206_市交通运输局_更正.csv",
        6,
        &[("T17-01", "10", "35")],
    );
    ingest(dir.path(), &f, "2022-07-12");
    let now = rows(dir.path(), &["progress", "--as-of", "2022-06"]);
    assert_eq!(city(&now, "T17-01")["actual"], 35.0);
    assert_eq!(city(&now, "T17-01")["completion"], 0.7);
    let then = rows(
        dir.path(),
        &[
            "progress",
            "--as-of",
            "2022-06",
            "--as-of-received",
            "2022-07-10",
        ],
    );
    assert_eq!(city(&then, "T17-01")["actual"], 30.0);
}

#[test]
fn completeness_marks_on_time_late_and_missing_months() {
    let dir = tempdir();
    let jan = submission(
        dir.path(),
        "202201_市交通运输局.csv",
        1,
        &[("T17-01", "5", "5")],
    );
    ingest(dir.path(), &jan, "2022-02-08");
    let feb = submission(
        dir.path(),
        "202202_市交通运输局.csv",
        2,
        &[("T17-01", "5", "10")],
    );
    ingest(dir.path(), &feb, "2022-03-15");
    let r = rows(dir.path(), &["completeness", "--as-of", "2022-03"]);
    let mine: Vec<(&str, &str)> = r
        .iter()
        .filter(|x| x["unit"] == "市交通运输局")
        .map(|x| (x["period"].as_str().unwrap(), x["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        mine,
        vec![
            ("2022-01", "received"),
            ("2022-02", "late"),
            ("2022-03", "missing")
        ]
    );
    // Every other reporting unit sent nothing.
    assert!(r
        .iter()
        .filter(|x| x["unit"] != "市交通运输局")
        .all(|x| x["status"] == "missing"));
}

#[test]
fn goals_with_and_without_targets() {
    let dir = tempdir();
    let values = "填报单位：市发改委\n指标编码,区域,报告期,本月完成\nG-02,全市,2020年12月,66\nG-02,全市,2022年12月,67.5\nG-01,全市,2020年12月,2.2\nG-01,全市,2022年12月,2.1\n";
    std::fs::write(dir.path().join("goals.csv"), values).unwrap();
    ingest(
        dir.path(),
        &dir.path().join("goals.csv").display().to_string(),
        "2023-01-20",
    );
    let unset = rows(dir.path(), &["goals"]);
    assert!(unset.iter().all(|g| g["category"] == "target_not_set"));
    let settings = "指标编码,年份,区域,目标值,类型\nG-02,2020,全市,66,基线\nG-02,2025,全市,70,目标\nG-01,2020,全市,2.2,基线\nG-01,2025,全市,2.0,目标\n";
    std::fs::write(dir.path().join("settings.csv"), settings).unwrap();
    let set = rows(dir.path(), &["--targets", "settings.csv", "goals"]);
    let urban = set.iter().find(|g| g["indicator"] == "G-02").unwrap();
    // 66 → 70 over 5 years: 0.8 pp/year needed; 67.5 by 2022: 0.75 pp/year → 0.9375 → moderate.
    assert!((urban["required_rate"].as_f64().unwrap() - 0.8).abs() < 1e-12);
    assert!((urban["actual_rate"].as_f64().unwrap() - 0.75).abs() < 1e-12);
    assert!((urban["ratio"].as_f64().unwrap() - 0.9375).abs() < 1e-12);
    assert_eq!(urban["category"], "moderate");
    // Income ratio, lower is better: −0.04/year needed, −0.05/year achieved → 1.25 → on track.
    let ratio = set.iter().find(|g| g["indicator"] == "G-01").unwrap();
    assert!((ratio["ratio"].as_f64().unwrap() - 1.25).abs() < 1e-9);
    assert_eq!(ratio["category"], "on_track");
    // As of June 2022 the December figure is not known yet: the latest is 2020's, the baseline.
    let june = rows(
        dir.path(),
        &["--targets", "settings.csv", "goals", "--as-of", "2022-06"],
    );
    let urban = june.iter().find(|g| g["indicator"] == "G-02").unwrap();
    assert_eq!(
        (urban["latest_year"].as_i64(), urban["latest"].as_f64()),
        (Some(2020), Some(66.0))
    );
    assert_eq!(urban["category"], "no_data");
}

#[test]
fn by_item_and_by_unit_roll_up() {
    let dir = tempdir();
    half_year(dir.path());
    let items = rows(
        dir.path(),
        &["progress", "--as-of", "2022-06", "--by", "item"],
    );
    assert_eq!(items.len(), 52);
    let road = items.iter().find(|i| i["item"] == 17).unwrap();
    // Item 17: T17-01 is ahead but T17-02…05 have no reports → the item is 未报送 (worst wins).
    assert_eq!(road["status"], "未报送");
    let units = rows(
        dir.path(),
        &["progress", "--as-of", "2022-06", "--by", "unit"],
    );
    let transport = units.iter().find(|u| u["group"] == "市交通运输局").unwrap();
    assert_eq!(transport["items"], 1);
}

/// `--columns` picks and orders the columns; a misspelt one is an error naming the valid ones.
#[test]
fn columns_pick_and_order_the_csv() {
    let dir = tempdir();
    half_year(dir.path());
    let out = dabiao(dir.path())
        .args([
            "progress", "--as-of", "2022-06", "--format", "csv", "--no-bom",
        ])
        .args(["--columns", "district,indicator,actual,completion"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("district,indicator,actual,completion"));
    assert!(text.lines().any(|l| l == "全市,T17-01,30,0.6"), "{text}");
    let out = dabiao(dir.path())
        .args([
            "progress",
            "--as-of",
            "2022-06",
            "--columns",
            "indicator,actaul",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("“actaul”不是进度表的列") && err.contains("actual_period"),
        "{err}"
    );
}

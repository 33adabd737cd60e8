//! Issue 26: the terminal speaks the statistician's language — Chinese tables with percentages,
//! `-o` by extension, file names kept whole, Beijing time, counting words, the template's words,
//! completions and Chinese command-line errors.

use std::path::Path;

use serde_json::Value;

use crate::store::{road, shelter, workbook};
use crate::{dabiao, json, tempdir};

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("ran");
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// June of the transport bureau: 鄂城区 20 km of T17-01 by June, 2 shelters built in June.
fn june_in(dir: &Path, received: &str) {
    let file = workbook(
        &dir.join("202206_市交通运输局.xlsx"),
        "市交通运输局",
        6,
        &[road("鄂城区", 5.0, 20.0), shelter("鄂城区", 2.0, 6.0)],
    );
    dabiao(dir)
        .args(["ingest", file.to_str().unwrap(), "--received-at", received])
        .assert()
        .success();
}

/// The text of a workbook's parts whose names start with `prefix`, one after another.
fn zip_text(path: &Path, prefix: &str) -> String {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().unwrap().starts_with(prefix) {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

/// The JSON record with these two key values.
fn record(rows: &Value, a: (&str, &str), b: (&str, &str)) -> Value {
    (rows.as_array().unwrap().iter())
        .find(|r| r[a.0] == a.1 && r[b.0] == b.1)
        .unwrap_or_else(|| panic!("no record {a:?} {b:?}"))
        .clone()
}

/// The row of a table that starts with `code` and holds `district`, its cells split on runs of
/// spaces.
fn table_row<'a>(table: &'a str, code: &str, district: &str) -> Vec<&'a str> {
    table
        .lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
        })
        .find(|cells| cells.first() == Some(&code) && cells.contains(&district))
        .unwrap_or_else(|| panic!("no {code} {district} row in\n{table}"))
}

#[test]
fn progress_is_headed_in_chinese_with_percentages_and_json_keeps_fractions() {
    let dir = tempdir();
    june_in(dir.path(), "2022-07-05");
    let t = stdout(dabiao(dir.path()).args(["progress", "--as-of", "2022-06"]));
    let header: Vec<&str> = t.lines().nth(2).unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "指标编码",
            "指标名称",
            "区域",
            "目标",
            "实际",
            "完成率",
            "较序时(百分点)",
            "状态",
            "预计全年",
            "单位"
        ]
    );
    // T17-01's 2022 target is 50 km for the city, which adds its districts: 20 km is 40.0 %,
    // 10.0 points behind June's 50.0 % — 滞后 (the band −20 to −5).
    let json =
        json(dabiao(dir.path()).args(["progress", "--as-of", "2022-06", "--format", "json"]));
    let row = record(&json, ("indicator", "T17-01"), ("district", "全市"));
    let cells = table_row(&t, "T17-01", "全市");
    assert_eq!(
        cells[2..8],
        ["全市", "50", "20", "40.0%", "-10.0", "滞后"],
        "{cells:?}"
    );
    // The machine contract is unchanged: fractions, points as numbers, the stored status.
    assert_eq!(row["completion"], 0.4);
    assert_eq!(row["time_progress"], 0.5);
    assert_eq!(row["gap_pp"], -10.0);
    assert_eq!(row["status"], "滞后");
    let shelters = table_row(&t, "T17-04", "全市");
    // 6 shelters of 20: 30.0 %, −20.0 points — the edge of 滞后 and 严重滞后.
    assert_eq!(shelters[4..6], ["6", "30.0%"], "{shelters:?}");
    assert_eq!(shelters[6], "-20.0", "{shelters:?}");

    let en = stdout(dabiao(dir.path()).args(["progress", "--as-of", "2022-06", "--lang", "en"]));
    let head = en.lines().nth(2).unwrap();
    assert!(
        head.starts_with("Code    Indicator") && head.contains("Completion  Gap (pp)  Status"),
        "{en}"
    );
    assert!(table_row(&en, "T17-01", "全市").contains(&"Behind"), "{en}");
}

#[test]
fn completeness_states_and_goal_categories_read_as_words() {
    let dir = tempdir();
    june_in(dir.path(), "2022-07-12");
    let t = stdout(dabiao(dir.path()).args(["completeness", "--as-of", "2022-06", "--problems"]));
    let head: Vec<&str> = t.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        head,
        ["责任单位", "报告期", "状态", "收到时间", "截止日期"],
        "{t}"
    );
    let late = table_row(&t, "市交通运输局", "2022-06");
    assert_eq!(
        late,
        [
            "市交通运输局",
            "2022-06",
            "迟报",
            "2022-07-12 00:00",
            "2022-07-10"
        ]
    );
    assert!(!t.contains("late") && !t.contains("missing"), "{t}");
    let g = stdout(dabiao(dir.path()).args(["goals"]));
    assert!(
        g.contains("目标未设定") && !g.contains("target_not_set"),
        "{g}"
    );
    let en =
        stdout(dabiao(dir.path()).args(["--lang", "en", "completeness", "--as-of", "2022-06"]));
    assert!(en.contains("Late") && en.contains("Received"), "{en}");
}

/// Receipts around the due day, in Beijing time: the 10th 23:59:59 is on time, the 11th
/// 00:00:01 late — 15:59:59 and 16:00:01 UTC on the 10th, both late by a UTC clock's date.
#[test]
fn the_due_day_is_a_beijing_day() {
    for (received, status) in [
        ("2022-07-10 23:59:59", "received"),
        ("2022-07-11 00:00:01", "late"),
        ("2022-07-10T15:59:59Z", "received"),
        ("2022-07-10T16:00:01+00:00", "late"),
    ] {
        let dir = tempdir();
        june_in(dir.path(), received);
        let rows = json(dabiao(dir.path()).args([
            "completeness",
            "--as-of",
            "2022-06",
            "--format",
            "json",
        ]));
        let june = record(&rows, ("unit", "市交通运输局"), ("period", "2022-06"));
        assert_eq!(june["status"], status, "{received}: {june}");
        assert_eq!(june["due"], "2022-07-10T23:59:59+08:00");
        let at = june["received_at"].as_str().unwrap();
        assert!(at.ends_with("+08:00"), "{at}");
    }
    let dir = tempdir();
    june_in(dir.path(), "2022-07-10 23:59:59");
    let subs = json(dabiao(dir.path()).args(["submissions", "--format", "json"]));
    assert_eq!(subs[0]["received_at"], "2022-07-10T23:59:59+08:00");
    let t = stdout(dabiao(dir.path()).args(["submissions"]));
    assert!(
        t.contains("2022-07-10 23:59") && !t.contains("+08:00"),
        "{t}"
    );
    // Another zone in dabiao.toml moves the same typed date.
    std::fs::write(dir.path().join("dabiao.toml"), "timezone = \"UTC\"\n").unwrap();
    let subs = json(dabiao(dir.path()).args(["submissions", "--format", "json"]));
    assert_eq!(subs[0]["received_at"], "2022-07-10T15:59:59+00:00");
    std::fs::write(dir.path().join("dabiao.toml"), "timezone = \"Beijing\"\n").unwrap();
    let out = dabiao(dir.path()).args(["submissions"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("不是可识别的时区") && err.contains("Asia/Shanghai"),
        "{err}"
    );
}

#[test]
fn dash_o_writes_the_format_its_extension_names_and_refuses_a_contradiction() {
    use calamine::{Data, Reader};
    let dir = tempdir();
    june_in(dir.path(), "2022-07-05");
    dabiao(dir.path())
        .args(["progress", "--as-of", "2022-06", "-o", "p.xlsx"])
        .assert()
        .success();
    let mut wb = calamine::open_workbook_auto(dir.path().join("p.xlsx")).expect("a real xlsx");
    let range = wb.worksheet_range("进度").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows[0][0], Data::String("指标编码".into()));
    assert_eq!(rows[0][1], Data::String("指标名称".into()));
    assert_eq!(rows[0][5], Data::String("完成率".into()));
    let styles = zip_text(&dir.path().join("p.xlsx"), "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0.0%""#), "{styles}");
    // The completion cell holds the fraction (shown as a percentage by its number format).
    let road = rows
        .iter()
        .find(|r| r[0] == Data::String("T17-01".into()) && r[2] == Data::String("全市".into()))
        .unwrap();
    assert_eq!(road[5], Data::Float(0.4), "{road:?}");
    assert_eq!(road[6], Data::Float(-10.0), "{road:?}");

    for (args, head) in [
        (
            vec!["progress", "--as-of", "2022-06", "-o", "p.csv"],
            "\u{feff}indicator,",
        ),
        (vec!["progress", "--as-of", "2022-06", "-o", "p.json"], "["),
        (vec!["export", "-o", "e.json"], "["),
        (vec!["export", "-o", "e.xlsx"], "PK"),
        (
            vec!["progress", "--as-of", "2022-06", "-o", "p.parquet"],
            "PAR1",
        ),
    ] {
        dabiao(dir.path()).args(&args).assert().success();
        let bytes = std::fs::read(dir.path().join(args.last().unwrap())).unwrap();
        assert!(bytes.starts_with(head.as_bytes()), "{args:?}");
    }
    let out = dabiao(dir.path())
        .args(["progress", "--format", "csv", "-o", "p2.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--format csv 与输出文件 p2.xlsx 的扩展名 .xlsx 不符"),
        "{err}"
    );
    assert!(!dir.path().join("p2.xlsx").exists());
    let out = dabiao(dir.path())
        .args(["export", "-o", "e.xls"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn file_names_stay_whole_and_folders_shorten() {
    let dir = tempdir();
    let deep = dir
        .path()
        .join("共享盘/统计科/城乡融合示范区/2022年/2022-05");
    std::fs::create_dir_all(&deep).unwrap();
    let (first, fixed) = ([road("鄂城区", 50.0, 50.0)], [road("鄂城区", 5.0, 5.0)]);
    workbook(
        &deep.join("202205_市交通运输局.xlsx"),
        "市交通运输局",
        5,
        &first,
    );
    workbook(
        &deep.join("202205_市交通运输局_更正.xlsx"),
        "市交通运输局",
        5,
        &fixed,
    );
    // Named by their full path: relative to the current folder, the folders cut from the left.
    let t = stdout(dabiao(dir.path()).args(["validate", deep.to_str().unwrap()]));
    assert!(
        t.contains("…/2022年/2022-05/202205_市交通运输局.xlsx "),
        "{t}"
    );
    assert!(
        t.contains("…/2022年/2022-05/202205_市交通运输局_更正.xlsx "),
        "{t}"
    );
    assert!(!t.contains(dir.path().to_str().unwrap()), "{t}");
    dabiao(dir.path())
        .args([
            "ingest",
            deep.to_str().unwrap(),
            "--received-at",
            "2022-06-05",
        ])
        .assert()
        .success();
    let t = stdout(dabiao(dir.path()).args(["submissions"]));
    assert!(t.contains("202205_市交通运输局_更正.xlsx"), "{t}");
    assert!(t.contains("202205_市交通运输局.xlsx"), "{t}");
}

/// A long-layout file with one row left `—` as the template allows and two rows in error.
fn one_blank_two_errors(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("202206_市交通运输局.csv");
    let csv = "指标编码,指标名称,计量单位,区域,报告期,本月完成,累计完成\n\
               T17-01,新改建农村公路,公里,鄂城区,2022-06,5,20\n\
               T17-01,新改建农村公路,公里,华容区,2022-06,—,—\n\
               T17-01,新改建农村公路,公里,梁子湖区,2022-06,很多,20\n\
               T99-99,不存在的指标,公里,鄂城区,2022-06,1,1\n";
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn blank_rows_are_no_data_not_rejections() {
    let dir = tempdir();
    let file = one_blank_two_errors(dir.path());
    let out = dabiao(dir.path())
        .args(["validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let t = String::from_utf8(out.stdout).unwrap();
    let line = t.lines().find(|l| l.starts_with("共 1 个文件")).unwrap();
    assert_eq!(
        line,
        "共 1 个文件，4 行数据：接受 1 行，拒绝 2 行，无数据或合计行 1 行（不算错误）；2 个错误，1 个警告"
    );
    let head: Vec<&str> = t.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        head,
        [
            "文件",
            "工作表",
            "数据行",
            "接受",
            "拒绝",
            "无数据",
            "错误",
            "警告"
        ]
    );
    let en = dabiao(dir.path())
        .args(["--lang", "en", "validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    let en = String::from_utf8(en.stdout).unwrap();
    assert!(
        en.contains("4 data rows: 1 accepted, 2 refused, 1 blank or totals (not errors)"),
        "{en}"
    );
    assert!(en.starts_with("File "), "{en}");
    let out = dabiao(dir.path())
        .args([
            "ingest",
            file.to_str().unwrap(),
            "--received-at",
            "2022-07-05",
        ])
        .output()
        .unwrap();
    let t = String::from_utf8(out.stdout).unwrap();
    let line = t.lines().find(|l| l.starts_with("共 1 个文件")).unwrap();
    assert!(
        line.contains("未入库 0 个文件；数据行接受 1 行，拒绝 2 行，无数据或合计行 1 行"),
        "{line}"
    );
    // The ledger's count (a contract) is every row not stored, as before.
    let subs = json(dabiao(dir.path()).args(["submissions", "--format", "json"]));
    assert_eq!(subs[0]["rejected"], 3);
}

#[test]
fn the_template_asks_each_row_for_its_kind_of_figure_and_allows_zero() {
    let dir = tempdir();
    dabiao(dir.path())
        .args([
            "template",
            "--unit",
            "市交通运输局",
            "--period",
            "2022-06",
            "-o",
            "t.xlsx",
        ])
        .assert()
        .success();
    let all = zip_text(&dir.path().join("t.xlsx"), "");
    assert!(!all.contains("不要填 0"), "the template still forbids 0");
    assert!(!all.contains("状态型"));
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(dir.path().join("t.xlsx")).unwrap();
    let range = wb.worksheet_range("填报说明").unwrap();
    let line = |code: &str| {
        range
            .rows()
            .find(|r| r[0] == calamine::Data::String(code.into()))
            .map(|r| r[1].to_string())
            .unwrap_or_else(|| panic!("no line for {code}"))
    };
    // T17-02 (bridges repaired, %) is a stock; T17-03/04 (stations, shelters built, 个) are
    // flows, for which 0 is a value.
    for flow in ["T17-01", "T17-03", "T17-04"] {
        let l = line(flow);
        assert!(
            l.contains("流量指标") && l.contains("确实没有新增填 0"),
            "{l}"
        );
    }
    assert!(line("T17-02").contains("存量指标") && line("T17-02").contains("期末"));
}

#[test]
fn completions_for_the_shells() {
    let dir = tempdir();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let s = stdout(dabiao(dir.path()).args(["completions", shell]));
        assert!(s.contains("progress") && s.contains("as-of"), "{shell}");
    }
}

#[test]
fn command_line_errors_and_system_errors_in_chinese() {
    let dir = tempdir();
    let out = dabiao(dir.path()).arg("progres").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("错误: 没有子命令“progres”"), "{err}");
    assert!(err.contains("是不是要用“progress”"), "{err}");
    let out = dabiao(dir.path())
        .args(["progress", "--asof", "2022-06"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("不认识的参数“--asof”") && err.contains("--as-of"),
        "{err}"
    );
    let help = stdout(dabiao(dir.path()).arg("--help"));
    assert!(help.contains("用法: dabiao") && help.contains("命令:") && help.contains("选项:"));
    assert!(
        !help.contains("Usage") && !help.contains("Print help"),
        "{help}"
    );
    let sub = stdout(dabiao(dir.path()).args(["help", "validate"]));
    assert!(
        sub.contains("校验报送表格") && sub.contains("参数:"),
        "{sub}"
    );
    let out = dabiao(dir.path())
        .args(["validate", "报送/2022-08/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("报送/2022-08/") && err.contains("文件或文件夹不存在"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

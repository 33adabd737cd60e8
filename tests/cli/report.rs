//! `dabiao report` / `dabiao bulletin` and the report library on a fixed, hand-made dataset.
//!
//! Golden files live in tests/golden/report/; after a deliberate change, regenerate them with
//! `DABIAO_BLESS=1 cargo test --test cli report::` and read the diff before committing.

use std::path::{Path, PathBuf};

use dabiao::catalog::{Catalog, CatalogSource, SourceFile};
use dabiao::progress::frame::{Obs, StatusObs};
use dabiao::progress::{annual, completeness, goals, rollup, Bands, Options, Progress, TimeBasis};
use dabiao::report::{exporter, Format, Lang, Layout, Quality, QualityNote, ReportData, SourceRow};

const SCRIPT: &str = "<script>alert(1)</script>";
const HYPERLINK_UNIT: &str = r#"=HYPERLINK("http://evil.example","点我")"#;

/// Two sections, eight items: a by-district flow, a flow led by a unit whose name is a
/// formula, a district milestone, a stock, a lower-is-better ratio, an item followed by task
/// status, an item with nothing reported, and an indicator without a 2022 target.
const PLAN: &str = r#"
[plan]
name = "测试市城乡融合发展 2022年度工作要点"
region = "测试市"
year = 2022

[[sections]]
no = 1
title = "交通与设施"

[[sections]]
no = 2
title = "产业与收入"

[[goals]]
code = "GOAL-2025"
horizon = 2025
title = "近期目标"
text = "到2025年"

[[items]]
no = 1
section = 1
text = "新改建农村公路50公里"
units = ["市交通运输局"]
districts = ["各区"]
[[items.indicators]]
code = "ROAD"
name = "新改建农村公路"
name_en = "Rural roads built or upgraded"
unit = "公里"
kind = "flow"
by_district = true
targets = [{ year = 2022, value = 50 }, { year = 2022, scope = "甲区", value = 30 }, { year = 2022, scope = "乙区", value = 20 }]
source = "新改建农村公路50公里"

[[items]]
no = 2
section = 1
text = "建设应急避难场所10个<script>alert(1)</script>"
units = ["=HYPERLINK(\"http://evil.example\",\"点我\")"]
[[items.indicators]]
code = "SHELTER"
name = "应急避难场所"
unit = "个"
kind = "flow"
targets = [{ year = 2022, value = 10 }]
source = "10个"

[[items]]
no = 3
section = 1
text = "在乙区开展数字乡村试点"
units = ["市经信局"]
districts = ["乙区"]
[[items.indicators]]
code = "PILOT"
name = "数字乡村试点"
unit = "项"
kind = "milestone"
district = "乙区"
targets = [{ year = 2022, scope = "乙区", value = 1 }]
source = "试点"

[[items]]
no = 4
section = 2
text = "培育乡村旅游重点村10个"
units = ["市文旅局"]
[[items.indicators]]
code = "VILLAGES"
name = "乡村旅游重点村"
unit = "个"
kind = "stock"
targets = [{ year = 2022, value = 10 }]
source = "10个"

[[items]]
no = 5
section = 2
text = "城乡居民收入比缩小到2.0"
units = ["市农业农村局"]
[[items.indicators]]
code = "RATIO"
name = "城乡居民收入比"
unit = "倍"
kind = "stock"
direction = "lower"
targets = [{ year = 2022, value = 2.0 }]
source = "收入比"

[[items]]
no = 6
section = 2
text = "深化农村集体产权制度改革"
units = ["市农业农村局"]

[[items]]
no = 7
section = 2
text = "完善联农带农机制"
units = ["市农业农村局"]

[[items]]
no = 8
section = 2
text = "开展文明村镇创建"
units = ["市文旅局"]
[[items.indicators]]
code = "CIVIL"
name = "文明村镇"
unit = "个"
kind = "stock"
targets = [{ year = 2023, value = 5 }]
source = "文明村镇"

[[indicators]]
code = "G-UP"
name = "农村自来水普及率"
unit = "%"
kind = "stock"
goal = { path = "linear", goals = ["GOAL-2025"], baseline = { year = 2020, value = 80 }, targets = [{ year = 2025, value = 90 }] }
source = "x"

[[indicators]]
code = "G-UNSET"
name = "常住人口城镇化率"
unit = "%"
kind = "stock"
goal = { path = "linear", goals = ["GOAL-2025"] }
source = "x"
"#;

const UNITS: &str = "name,type,aliases\n市交通运输局,市直部门,\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",市直部门,\n市经信局,市直部门,\n市文旅局,市直部门,\n市农业农村局,市直部门,\n";

fn catalog() -> Catalog {
    let f = |name: &str, text: &str| SourceFile {
        name: name.into(),
        text: text.into(),
    };
    Catalog::from_source(CatalogSource {
        origin: "test".into(),
        tomls: vec![f("plan.toml", PLAN)],
        seeds: vec![
            f(
                "districts.csv",
                "code,name,type,aliases\nA,甲区,区,\nB,乙区,区,\n",
            ),
            f("units.csv", UNITS),
        ],
    })
    .expect("fixture catalog loads")
}

/// An observation received on the 5th of the next month unless `late`.
fn o(
    ind: &str,
    district: &str,
    unit: &str,
    month: u32,
    value: Option<f64>,
    cum: Option<f64>,
) -> Obs {
    let (y, m) = if month == 12 {
        (2023, 1)
    } else {
        (2022, month + 1)
    };
    Obs {
        indicator: ind.into(),
        district: district.into(),
        year: 2022,
        month,
        value,
        cumulative: cum,
        reporting_unit: unit.into(),
        received_at: format!("{y:04}-{m:02}-05T09:30:00+08:00").into(),
    }
}

/// The fixed dataset, every figure chosen by hand:
/// - ROAD 甲区 3 km a month to June (18/30 = 60 %, 超序时 at June), then 2 a month (30 by Dec,
///   已完成); 乙区 1 km a month (6/20 = 30 %, −20 pp, 滞后 at June; 12/20 = 60 %, 严重滞后 at Dec).
/// - SHELTER cumulative 4 at June (40 %, 滞后), 10 in December (已完成).
/// - PILOT 乙区 not done in June (正常), done in December.
/// - VILLAGES 3 in March, 6 in June (60 %, 超序时), 9 in December (90 %, −10 pp, 滞后);
///   文旅局 sent June late (15 July).
/// - RATIO 2.3 in June (2/2.3 = 87.0 %, 超序时), 2.1 in December (95.2 %, 正常).
/// - CIVIL has no 2022 target (无目标). Item 6 reports task status, item 7 nothing.
/// - G-UP: 84 % in 2021 against 80 (2020) → 90 (2025): 4 pp/yr actual vs 2 required, on track.
fn observations() -> Vec<Obs> {
    let mut v = Vec::new();
    for m in 1..=12 {
        let jia = if m <= 6 { 3.0 } else { 2.0 };
        v.push(o("ROAD", "甲区", "市交通运输局", m, Some(jia), None));
        v.push(o("ROAD", "乙区", "市交通运输局", m, Some(1.0), None));
    }
    v.push(o("SHELTER", "全市", HYPERLINK_UNIT, 6, None, Some(4.0)));
    v.push(o("SHELTER", "全市", HYPERLINK_UNIT, 12, None, Some(10.0)));
    v.push(o("PILOT", "乙区", "市经信局", 6, Some(0.0), None));
    v.push(o("PILOT", "乙区", "市经信局", 12, Some(1.0), None));
    v.push(o("VILLAGES", "全市", "市文旅局", 3, Some(3.0), None));
    let mut late = o("VILLAGES", "全市", "市文旅局", 6, Some(6.0), None);
    late.received_at = "2022-07-15T10:00:00+08:00".into();
    v.push(late);
    v.push(o("VILLAGES", "全市", "市文旅局", 12, Some(9.0), None));
    v.push(o("CIVIL", "全市", "市文旅局", 12, Some(2.0), None));
    v.push(o("RATIO", "全市", "市农业农村局", 6, Some(2.3), None));
    v.push(o("RATIO", "全市", "市农业农村局", 12, Some(2.1), None));
    let mut g = o("G-UP", "全市", "市水利局", 12, Some(84.0), None);
    g.year = 2021;
    v.push(g);
    v.sort_by(|a, b| {
        (&a.indicator, &a.district, a.year, a.month).cmp(&(
            &b.indicator,
            &b.district,
            b.year,
            b.month,
        ))
    });
    v
}

fn statuses() -> Vec<StatusObs> {
    let s = |month, status: &str, percent| StatusObs {
        item: 6,
        year: 2022,
        month,
        status: status.into(),
        percent,
    };
    vec![s(6, "推进中", Some(60.0)), s(12, "已完成", None)]
}

fn quality() -> Quality {
    let note = |file: &str, cell: &str, severity: &str, message: &str| QualityNote {
        file: file.into(),
        sheet: "6月".into(),
        cell: cell.into(),
        severity: severity.into(),
        message: message.into(),
    };
    Quality {
        rejected_rows: 3,
        warnings: 2,
        revisions: 1,
        problems: vec![
            note(
                "交通局-6月.xlsx",
                "G9",
                "warning",
                "6月累计 20 与各月之和 18 不符，按累计计",
            ),
            note(&format!("{SCRIPT}.xlsx"), "F7", "error", "=1+1"),
        ],
        problems_total: 0,
    }
}

fn sources() -> Vec<SourceRow> {
    vec![
        SourceRow {
            id: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            file: r#"=HYPERLINK("http://evil.example","x")"#.into(),
            reporting_unit: "市交通运输局".into(),
            period: "2022-06".into(),
            received_at: "2022-07-05T09:30:00+08:00".into(),
            accepted: 12,
            rejected: 1,
        },
        SourceRow {
            id: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752".into(),
            file: "文旅局-6月.xlsx".into(),
            reporting_unit: "市文旅局".into(),
            period: "2022-06".into(),
            received_at: "2022-07-15T10:00:00+08:00".into(),
            accepted: 1,
            rejected: 2,
        },
    ]
}

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="240" height="40" viewBox="0 0 240 40"><rect x="0" y="10" width="150" height="20" fill="#4472C4"/><text x="155" y="25" font-size="12">甲区 100%</text></svg>"##;

/// The report's data as of a month of 2022.
fn data(month: u32) -> ReportData {
    let c = catalog();
    let obs = observations();
    let opts = Options {
        year: 2022,
        month,
        day: None,
        basis: TimeBasis::Months,
        bands: Bands::default(),
        ytd: Default::default(),
    };
    let tp = annual::time_progress(2022, month, None, TimeBasis::Months);
    let rows = annual::annual(&c, &obs, &opts);
    let items = rollup::items(&c, &rows, &statuses(), &opts, tp);
    let progress = Progress {
        rows,
        items,
        time_progress: tp,
    };
    let goal_rows = goals::goals(&c, &obs, (2022, 12));
    let comp = completeness::completeness(&c, &obs, 2022, month, Default::default());
    ReportData::build(
        &c,
        progress,
        (2022, month),
        goal_rows,
        comp,
        quality(),
        sources(),
        vec![dabiao::report::Chart::svg(
            format!("各区完成率{SCRIPT}"),
            SVG,
        )],
    )
}

fn render(d: &ReportData, format: Format, layout: Layout, lang: Lang) -> Vec<u8> {
    exporter(format, layout).render(d, lang).expect("renders")
}

fn golden(name: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/report")
        .join(name);
    if std::env::var_os("DABIAO_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with DABIAO_BLESS=1 to create)",
            path.display()
        )
    });
    if want != got {
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "{} differs from the output, first at line {}:\n want: {:?}\n  got: {:?}\n(DABIAO_BLESS=1 regenerates after a deliberate change)",
            path.display(),
            line + 1,
            want.lines().nth(line),
            got.lines().nth(line)
        );
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

#[test]
fn golden_report_markdown_year_end() {
    let md = text(render(
        &data(12),
        Format::Markdown,
        Layout::Report,
        Lang::Zh,
    ));
    golden("report.md", &md);
}

#[test]
fn golden_report_json_year_end() {
    let js = text(render(&data(12), Format::Json, Layout::Report, Lang::Zh));
    golden("report.json", &js);
}

#[test]
fn golden_bulletin_markdown_june() {
    let md = text(render(
        &data(6),
        Format::Markdown,
        Layout::Bulletin,
        Lang::Zh,
    ));
    golden("bulletin.md", &md);
}

#[test]
fn headline_counts_the_fixture_by_hand() {
    // Items are judged on their city rows (district rows feed the district ranking).
    // December: 1 滞后 (30 + 12 = 42 of 50 = 84 %, −16 pp), 2 done, 3 done, 4 滞后 (90 %),
    // 5 正常 (95.2 %), 6 done (task status), 7 未报送, 8 无目标.
    let h = data(12).headline;
    assert_eq!(
        (
            h.items,
            h.done,
            h.on_schedule,
            h.lagging,
            h.severely_behind,
            h.not_reported,
            h.no_target
        ),
        (8, 3, 1, 2, 0, 1, 1),
        "{h:?}"
    );
    // June: 1 正常 (24 of 50 = 48 %, −2 pp), 2 滞后 (40 %), 3 正常 (milestone before December),
    // 4 超序时 (60 %), 5 超序时 (87.0 %), 6 超序时 (60 %), 7 未报送, 8 无目标.
    let h = data(6).headline;
    assert_eq!(
        (
            h.done,
            h.ahead,
            h.on_track,
            h.behind,
            h.not_reported,
            h.no_target
        ),
        (0, 3, 2, 1, 1, 1),
        "{h:?}"
    );
}

#[test]
fn json_has_the_same_figures_as_fractions() {
    let v: serde_json::Value =
        serde_json::from_slice(&render(&data(6), Format::Json, Layout::Bulletin, Lang::Zh))
            .unwrap();
    assert_eq!(v["layout"], "bulletin");
    assert_eq!(v["time_progress"], 0.5);
    assert_eq!(v["headline"]["lagging"], 1);
    assert_eq!(v["lagging"][0]["item"], 2);
    let road = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "ROAD" && r["district"] == "甲区")
        .unwrap();
    assert_eq!(road["completion"], 0.6);
    // Charts are listed by title; their SVG stays out of the JSON.
    assert!(v["charts"][0].get("svg").is_none());
}

/// Counts non-overlapping occurrences.
fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn html_of_the_bundled_catalog_has_one_table_per_section() {
    let c = Catalog::bundled().unwrap();
    let opts = Options {
        year: 2022,
        month: 12,
        day: None,
        basis: TimeBasis::Months,
        bands: Bands::default(),
        ytd: Default::default(),
    };
    let rows = annual::annual(&c, &[], &opts);
    let items = rollup::items(&c, &rows, &[], &opts, 1.0);
    let p = Progress {
        rows,
        items,
        time_progress: 1.0,
    };
    let comp = completeness::completeness(&c, &[], 2022, 12, Default::default());
    let d = ReportData::build(
        &c,
        p,
        (2022, 12),
        goals::goals(&c, &[], (2022, 12)),
        comp,
        Quality::default(),
        Vec::new(),
        Vec::new(),
    );
    let html = text(render(&d, Format::Html, Layout::Report, Lang::Zh));
    assert_eq!(count(&html, "<html"), 1);
    assert_eq!(count(&html, "</html>"), 1);
    assert_eq!(count(&html, "<table class=\"items\">"), 6);
    assert_eq!(count(&html, "<h3>"), 6);
    assert!(html.contains("@page { size: A4"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "no external fetch"
    );
    // Every goal of the bundled catalog has no numbers yet.
    assert!(html.contains("目标未设定"));
    // Item 6 has three indicators: its item cells span them.
    assert!(html.contains("<td class=\"n\" rowspan=\"3\">6</td>"));
}

#[test]
fn html_escapes_every_text_from_data_and_inlines_charts() {
    // In June item 2 (whose text holds a script) lags, so the bulletin shows it too.
    for (d, layout) in [(data(12), Layout::Report), (data(6), Layout::Bulletin)] {
        let html = text(render(&d, Format::Html, layout, Lang::Zh));
        assert_eq!(count(&html, "<html"), 1);
        assert!(
            !html.contains(SCRIPT),
            "raw <script> from data in {layout:?}"
        );
        assert!(!html.to_lowercase().contains("<script"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("=HYPERLINK(&quot;http://evil.example&quot;"));
    }
    let html = text(render(&data(12), Format::Html, Layout::Report, Lang::Zh));
    assert_eq!(count(&html, "<table class=\"items\">"), 2);
    assert!(html.contains(SVG), "chart SVG inlined as given");
    assert!(html.contains("<figcaption>图1 各区完成率&lt;script&gt;"));
}

#[test]
fn markdown_escapes_every_text_from_data() {
    let md = text(render(
        &data(12),
        Format::Markdown,
        Layout::Report,
        Lang::Zh,
    ));
    assert!(!md.contains("<script"));
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // A pipe or bracket in data cannot break a table row or make a link.
    assert!(md.contains(r#"=HYPERLINK("http://evil.example","点我")"#));
}

#[test]
fn english_labels() {
    let md = text(render(
        &data(12),
        Format::Markdown,
        Layout::Report,
        Lang::En,
    ));
    assert!(md.contains("Severely behind"));
    assert!(md.contains("the 8 work items for 2022 stand as follows: completed 3;"));
    assert!(md.contains("Rural roads built or upgraded"));
    assert!(md.contains("Target not set"));
}

#[test]
fn xlsx_reads_back_with_text_kept_as_text() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let bytes = render(&data(12), Format::Xlsx, Layout::Report, Lang::Zh);
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    assert_eq!(
        names,
        [
            "摘要",
            "一、交通与设施",
            "二、产业与收入",
            "滞后事项",
            "各区完成情况排名",
            "责任单位落实情况",
            "数据报送情况",
            "数据质量说明",
            "2025 年、2035 年目标评估",
            "附录：数据来源",
            "数据"
        ]
    );
    let sec = wb.worksheet_range("一、交通与设施").unwrap();
    let header: Vec<String> = (0..9)
        .map(|c| {
            sec.get_value((2, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        header,
        [
            "序号",
            "工作任务",
            "牵头单位",
            "事项状态",
            "指标",
            "目标",
            "完成",
            "完成率",
            "状态"
        ]
    );
    // Item 1's target is the number 50 (shown with its unit by the number format).
    assert_eq!(sec.get_value((3, 5)), Some(&Data::Float(50.0)));
    // The lead unit of item 2 is a formula-looking name: it is text, and no formula exists.
    let unit_cell = (0..sec.height() as u32).find_map(|r| match sec.get_value((r, 2)) {
        Some(Data::String(s)) if s.starts_with("=HYPERLINK") => Some(s.clone()),
        _ => None,
    });
    assert_eq!(unit_cell.as_deref(), Some(HYPERLINK_UNIT));
    for name in &names {
        let f = wb.worksheet_formula(name).unwrap();
        assert!(
            f.used_cells().all(|(_, _, s)| s.is_empty()),
            "{name} holds a formula"
        );
    }
    let q = wb.worksheet_range("数据质量说明").unwrap();
    let found = q
        .used_cells()
        .any(|(_, _, v)| matches!(v, Data::String(s) if s == "=1+1"));
    assert!(found, "the message =1+1 reads back as text");
    let src = wb.worksheet_range("附录：数据来源").unwrap();
    assert!(src
        .used_cells()
        .any(|(_, _, v)| matches!(v, Data::String(s) if s.starts_with("=HYPERLINK"))));
    let data_sheet = wb.worksheet_range("数据").unwrap();
    assert_eq!(
        data_sheet.get_value((2, 0)),
        Some(&Data::String("indicator".into()))
    );
    // No "—" among the data sheet's figures (sums and filters): a missing one is an empty cell.
    assert!(!data_sheet
        .used_cells()
        .any(|(_, _, v)| matches!(v, Data::String(s) if s == "—")));
    assert!(data_sheet
        .used_cells()
        .any(|(_, _, v)| matches!(v, Data::Float(_))));
}

#[test]
fn xlsx_bulletin_has_summary_lagging_and_gaps() {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let bytes = render(&data(6), Format::Xlsx, Layout::Bulletin, Lang::En);
    let wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Summary", "Lagging items", "Late or missing units", "Data"]
    );
}

// ---- the binary ---------------------------------------------------------------------------

fn dabiao(dir: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("dabiao").unwrap();
    c.env_clear().current_dir(dir);
    c
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn cli_report_writes_every_format() {
    let dir = tmp();
    for ext in ["html", "xlsx", "md", "json"] {
        let out: PathBuf = dir.path().join(format!("报告.{ext}"));
        dabiao(dir.path())
            .args(["report", "--year", "2022", "-o"])
            .arg(&out)
            .assert()
            .success();
        assert!(out.metadata().unwrap().len() > 1000, "{ext}");
    }
    let html = std::fs::read_to_string(dir.path().join("报告.html")).unwrap();
    assert_eq!(count(&html, "<table class=\"items\">"), 6);
    let md = std::fs::read_to_string(dir.path().join("报告.md")).unwrap();
    assert!(md.contains("2022年度 52 项工作任务中"), "{md}");
}

#[test]
fn cli_bulletin_prints_markdown_without_output_file() {
    let dir = tmp();
    let out = dabiao(dir.path())
        .args(["bulletin", "--month", "2022-06"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.starts_with("# "), "{stdout}");
    assert!(stdout.contains("月度进展通报"));
    assert!(stdout.contains("截至 2022年6月 · 序时进度 50.0%"));
}

#[test]
fn cli_refuses_what_it_cannot_write() {
    let dir = tmp();
    dabiao(dir.path())
        .args(["report", "-o", "report.pdf"])
        .assert()
        .code(2);
    dabiao(dir.path())
        .args(["report", "--format", "xlsx"])
        .assert()
        .code(2);
    dabiao(dir.path())
        .args([
            "report", "--year", "2022", "--as-of", "2021-06", "-o", "r.md",
        ])
        .assert()
        .code(2);
    dabiao(dir.path())
        .args(["bulletin", "--month", "六月份", "-o", "b.md"])
        .assert()
        .code(2);
}

/// Writes the fixture's reports for a person to look at:
/// `DABIAO_REPORT_DUMP=/tmp/r cargo test --test cli dump_fixture_reports -- --ignored`.
#[test]
#[ignore]
fn dump_fixture_reports() {
    let dir = PathBuf::from(std::env::var_os("DABIAO_REPORT_DUMP").expect("DABIAO_REPORT_DUMP"));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, month, layout) in [
        ("report", 12, Layout::Report),
        ("bulletin", 6, Layout::Bulletin),
    ] {
        let d = data(month);
        for (ext, format) in [
            ("html", Format::Html),
            ("xlsx", Format::Xlsx),
            ("md", Format::Markdown),
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let file = dir.join(format!("{name}-{lang:?}.{ext}").to_lowercase());
                std::fs::write(file, render(&d, format, layout, lang)).unwrap();
            }
        }
    }
}

#[test]
fn docx_survives_markup_control_characters_and_very_long_names() {
    // An indicator name with markup, an ampersand, control characters and 10 000 characters:
    // the document stays well-formed XML and holds the name without the control characters.
    let mut d = data(12);
    let long = "长".repeat(10_000);
    d.rows[0].name = format!("<b>&amp;\u{1}\u{7}{long}");
    d.title = format!("{SCRIPT}\u{0}测试");
    let bytes = render(&d, Format::Docx, Layout::Report, Lang::Zh);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    while reader.read_event().expect("well-formed XML") != quick_xml::events::Event::Eof {}
    assert!(
        xml.contains(&format!("&lt;b&gt;&amp;amp;{long}")),
        "long name lost"
    );
    assert!(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;测试"));
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{0}'));
}

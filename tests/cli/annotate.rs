//! Issue 21: `validate|ingest --annotate DIR` sends the sender's own workbook back marked up.
//! The copies are read back with calamine (values, sheets, merges) and with openpyxl (comments,
//! fills, widths, hidden rows and sheets, number formats, text that looks like a formula).
//!
//! openpyxl comes from the Python `.ci/run` makes (`DABIAO_TEST_PYTHON`); without it the
//! openpyxl half says so and passes locally, but fails under CI.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use super::{dabiao, repo, tempdir};

/// A bureau's June sheet: merged title, metadata, the long header, five rows with three
/// planted problems (a county for a district, a word for a number, a percent as a fraction),
/// a hidden helper row, a percent format, a wide column; and a hidden 说明 sheet.
fn sender() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    let title = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 7, "2022年6月 城乡融合发展指标填报表", &title)
        .unwrap();
    ws.write_string(1, 0, "填报单位：市交通运输局").unwrap();
    ws.write_string(1, 4, "报告期：2022年6月").unwrap();
    super::ingest::put_row(ws, 3, &super::ingest::LONG_HEADER);
    let row = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, d: &str, v: Option<f64>, note: &str| {
        ws.write_string(r, 0, "T17-01").unwrap();
        ws.write_string(r, 1, "新改建农村公路").unwrap();
        ws.write_string(r, 2, "公里").unwrap();
        ws.write_string(r, 3, d).unwrap();
        ws.write_string(r, 4, "2022-06").unwrap();
        if let Some(v) = v {
            ws.write_number(r, 5, v).unwrap();
        }
        ws.write_string(r, 7, note).unwrap();
    };
    row(ws, 4, "鄂城区", Some(2.0), "");
    row(ws, 5, "华容县", Some(1.5), "");
    row(ws, 6, "梁子湖区", None, "=HYPERLINK(\"http://x\",\"点我\")");
    ws.write_string(6, 5, "两公里").unwrap();
    // The sender's own note on a problem cell is kept, ours below it.
    let note = rust_xlsxwriter::Note::new("待核实里程").set_author("张三");
    ws.insert_note(6, 5, &note).unwrap();
    row(ws, 7, "葛店开发区", Some(0.5), "");
    // T17-02 is a share in %: 0.93 formatted as a percentage reads as 93 (fine); 0.93 typed as
    // a plain number is the percent-as-fraction warning.
    ws.write_string(8, 0, "T17-02").unwrap();
    ws.write_string(8, 1, "农村公路危桥改造完成率").unwrap();
    ws.write_string(8, 2, "%").unwrap();
    ws.write_string(8, 3, "华容区").unwrap();
    ws.write_string(8, 4, "2022-06").unwrap();
    ws.write_number(8, 6, 0.93).unwrap();
    let pct = Format::new().set_num_format("0.0%");
    ws.write_string(9, 0, "T17-02").unwrap();
    ws.write_string(9, 1, "农村公路危桥改造完成率").unwrap();
    ws.write_string(9, 2, "%").unwrap();
    ws.write_string(9, 3, "鄂城区").unwrap();
    ws.write_string(9, 4, "2022-06").unwrap();
    ws.write_number_with_format(9, 6, 0.95, &pct).unwrap();
    ws.write_string(10, 0, "辅助行").unwrap();
    ws.set_row_hidden(10).unwrap();
    ws.set_column_width(1, 30).unwrap();
    ws.write_string(12, 0, "填表人：张三  联系电话：0711-0000000")
        .unwrap();
    let notes = wb.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "本表由市交通运输局填报").unwrap();
    notes.set_hidden(true);
    wb.save_to_buffer().unwrap()
}

fn problems(dir: &Path, file: &str, out: &str) -> Vec<Value> {
    let o = dabiao(dir)
        .args(["validate", file, "--format", "json", "--annotate", out])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("退回修改单：1 份"), "{stderr}");
    serde_json::from_slice::<Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn cells(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let r = wb.worksheet_range(sheet).unwrap();
    let (r0, c0) = r.start().unwrap_or((0, 0));
    // Absolute positions, so that a shifted range cannot pass as equal.
    let mut out = vec![vec![Data::Empty; r.width() + c0 as usize]; r.height() + r0 as usize];
    for (i, row) in r.rows().enumerate() {
        for (j, v) in row.iter().enumerate() {
            out[r0 as usize + i][c0 as usize + j] = v.clone();
        }
    }
    out
}

#[test]
fn a_copy_keeps_the_senders_sheets_and_lists_every_problem_first() {
    let dir = tempdir();
    std::fs::write(dir.path().join("202206_市交通运输局.xlsx"), sender()).unwrap();
    let probs = problems(dir.path(), "202206_市交通运输局.xlsx", "退回");
    let got: Vec<(&str, &str, &str)> = probs
        .iter()
        .map(|p| {
            (
                p["cell"].as_str().unwrap(),
                p["severity"].as_str().unwrap(),
                p["code"].as_str().unwrap(),
            )
        })
        .collect();
    // A county for a district, a word for a number, 0.93 typed for 93 %, and the hidden helper
    // row's text where a code belongs.
    assert_eq!(
        got,
        [
            ("D6", "error", "unknown_district"),
            ("F7", "error", "not_a_number"),
            ("G9", "warning", "percent_as_fraction"),
            ("A11", "error", "unknown_indicator"),
        ]
    );

    let copy = dir.path().join("退回/202206_市交通运输局_退回修改.xlsx");
    let wb = open_workbook_auto(&copy).unwrap();
    assert_eq!(wb.sheet_names(), ["问题清单", "6月", "说明"]);
    // Every value of the sender's sheets is as sent.
    let original = dir.path().join("202206_市交通运输局.xlsx");
    for sheet in ["6月", "说明"] {
        assert_eq!(cells(&copy, sheet), cells(&original, sheet), "{sheet}");
    }
    // The list: a row per problem, cell problems first, each naming its sheet and cell.
    let list = cells(&copy, "问题清单");
    let listed: Vec<String> = list[3..3 + probs.len()]
        .iter()
        .map(|r| format!("{}!{}", r[1], r[2]))
        .collect();
    for p in &probs {
        let at = format!(
            "{}!{}",
            p["sheet"].as_str().unwrap(),
            p["cell"].as_str().unwrap()
        );
        assert!(
            listed.iter().any(|l| l.starts_with(&at)),
            "{p} not listed in {listed:?}"
        );
    }
    // The helper row is hidden: the list says so, since its red cell cannot be seen.
    assert!(
        listed.contains(&"6月!A11（在隐藏行中）".to_string()),
        "{listed:?}"
    );
    assert_eq!(list[3][0], Data::Float(1.0));
    // The merged title is still merged.
    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(&copy).unwrap();
    let merged: Vec<String> = (xlsx.merge_cells_by_sheet_name("6月").unwrap().iter())
        .map(|d| format!("{:?}-{:?}", d.start, d.end))
        .collect();
    assert_eq!(merged, ["(0, 0)-(0, 7)"]);

    openpyxl_checks(&copy, &original, &probs);
}

/// What only openpyxl shows: comments, fills, hyperlinks, widths, hidden rows and sheets, the
/// percent format, and the sender's formula-looking text still text.
fn openpyxl_checks(copy: &Path, original: &Path, probs: &[Value]) {
    let Some(python) = super::python_or_skip("openpyxl") else {
        return;
    };
    let probs_path = copy.with_extension("json");
    std::fs::write(&probs_path, serde_json::to_vec(probs).unwrap()).unwrap();
    let out = std::process::Command::new(python)
        .arg(repo().join("tests/annotate_check.py"))
        .args([copy, original, &probs_path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("ok: 4 comments"), "{stdout}");
    assert!(
        stdout.contains("F7: 张三: 待核实里程 —— 统计部门校验 —— 【错误】"),
        "{stdout}"
    );
}

#[test]
fn a_csv_gets_an_xlsx_of_its_values_and_a_clean_file_none() {
    let dir = tempdir();
    let csv = "指标编码,指标名称,计量单位,区域,报告期,本月完成,累计完成\n\
               T17-01,新改建农村公路,公里,鄂城区,2022-06,2,\n\
               T17-01,新改建农村公路,公里,华容区,2022-06,=1+1,\n";
    std::fs::write(dir.path().join("202206_市交通运输局.csv"), csv).unwrap();
    let probs = problems(dir.path(), "202206_市交通运输局.csv", "退回");
    assert_eq!(probs.len(), 1, "{probs:?}");
    assert_eq!(probs[0]["cell"], "F3");
    let copy = dir.path().join("退回/202206_市交通运输局_退回修改.xlsx");
    let sheet = cells(&copy, "202206_市交通运输局");
    // Values as read: the number a number, the formula-looking text still text.
    assert_eq!(sheet[1][5], Data::Float(2.0));
    assert_eq!(sheet[2][5], Data::String("=1+1".into()));
    let list = cells(&copy, "问题清单");
    assert_eq!(list[3][2], Data::String("F3".into()));

    // A second file of the same name (another folder) gets its own copy, not the first's.
    std::fs::create_dir(dir.path().join("更正")).unwrap();
    std::fs::write(dir.path().join("更正/202206_市交通运输局.csv"), csv).unwrap();
    let o = dabiao(dir.path())
        .args([
            "validate",
            "202206_市交通运输局.csv",
            "更正/202206_市交通运输局.csv",
        ])
        .args(["--annotate", "两份"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("退回修改单：2 份"));
    assert!(dir
        .path()
        .join("两份/202206_市交通运输局_退回修改.xlsx")
        .exists());
    assert!(dir
        .path()
        .join("两份/202206_市交通运输局_退回修改(2).xlsx")
        .exists());

    // A file without problems gets no copy.
    let clean = "指标编码,指标名称,计量单位,区域,报告期,本月完成,累计完成\n\
                 T17-01,新改建农村公路,公里,鄂城区,2022-06,2,2\n";
    std::fs::write(dir.path().join("clean.csv"), clean).unwrap();
    let o = dabiao(dir.path())
        .args(["validate", "clean.csv", "--annotate", "干净"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("退回修改单：0 份"));
    assert!(!dir.path().join("干净/clean_退回修改.xlsx").exists());
}

#[test]
fn a_corrected_copy_sent_back_is_read_without_its_list() {
    // The sender fixes the cells in our copy and sends it back: the 问题清单 sheet is ours, not
    // data, and is not read (no no_table error for it).
    let dir = tempdir();
    std::fs::write(dir.path().join("202206_市交通运输局.xlsx"), sender()).unwrap();
    problems(dir.path(), "202206_市交通运输局.xlsx", "退回");
    let copy = dir.path().join("退回/202206_市交通运输局_退回修改.xlsx");
    let r = dabiao::ingest::read_path(super::catalog(), &copy, &Default::default());
    assert!(
        r.diagnostics.iter().all(|d| d.sheet != "问题清单"),
        "{:?}",
        r.diagnostics
    );
    assert!(r
        .sheets
        .iter()
        .any(|s| s.name == "问题清单" && s.layout.is_none()));
    assert_eq!(r.observations.len(), 4, "{:?}", r.observations);
}

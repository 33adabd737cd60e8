//! Issue 5: the warehouse — `ingest`, `submissions`, `history`, `export`, `retract`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{dabiao, json, tempdir};

/// One data row of the long layout: code, name, unit, district, this month, cumulative.
pub type Row<'a> = (&'a str, &'a str, &'a str, &'a str, f64, f64);

const ROAD: (&str, &str, &str) = ("T17-01", "新改建农村公路", "公里");
const SHELTER: (&str, &str, &str) = ("T17-04", "新建农村客运候车厅", "个");

pub fn road(district: &str, month: f64, cum: f64) -> Row<'_> {
    (ROAD.0, ROAD.1, ROAD.2, district, month, cum)
}

pub fn shelter(district: &str, month: f64, cum: f64) -> Row<'_> {
    (SHELTER.0, SHELTER.1, SHELTER.2, district, month, cum)
}

/// A submission workbook in the template's long layout: title, unit and period block, header,
/// data rows.
pub fn workbook(path: &Path, unit: &str, month: u32, rows: &[Row]) -> PathBuf {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(format!("{month}月")).unwrap();
    ws.write_string(0, 0, "城乡融合发展指标报送表").unwrap();
    ws.write_string(1, 0, format!("填报单位：{unit}")).unwrap();
    ws.write_string(2, 0, format!("报告期：2022年{month}月"))
        .unwrap();
    let header = [
        "指标编码",
        "指标名称",
        "计量单位",
        "区域",
        "报告期",
        "本月完成",
        "累计完成",
        "备注",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    for (i, (code, name, u, district, m, cum)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        for (c, t) in [code, name, u, district].iter().enumerate() {
            ws.write_string(r, c as u16, **t).unwrap();
        }
        ws.write_string(r, 4, format!("2022年{month}月")).unwrap();
        ws.write_number(r, 5, *m).unwrap();
        ws.write_number(r, 6, *cum).unwrap();
    }
    wb.save(path).unwrap();
    path.to_path_buf()
}

/// The June report of the transport bureau, and a corrected resubmission.
fn june(dir: &Path) -> PathBuf {
    let rows = [
        road("鄂城区", 5.0, 20.0),
        road("华容区", 3.0, 9.0),
        shelter("鄂城区", 2.0, 6.0),
    ];
    workbook(
        &dir.join("202206_市交通运输局.xlsx"),
        "市交通运输局",
        6,
        &rows,
    )
}

fn june_corrected(dir: &Path) -> PathBuf {
    let rows = [road("鄂城区", 6.5, 21.5)];
    workbook(
        &dir.join("202206_市交通运输局_更正.xlsx"),
        "市交通运输局",
        6,
        &rows,
    )
}

fn run_json(dir: &Path, args: &[&str]) -> Vec<Value> {
    json(dabiao(dir).args(args).args(["--format", "json"]))
        .as_array()
        .cloned()
        .unwrap()
}

fn ingest(dir: &Path, file: &Path, received: &str) -> Vec<Value> {
    run_json(
        dir,
        &["ingest", file.to_str().unwrap(), "--received-at", received],
    )
}

fn export(dir: &Path, extra: &[&str]) -> Vec<Value> {
    run_json(dir, &[&["export"], extra].concat())
}

/// (indicator, district, period, value) of export records, in order.
fn figures(rows: &[Value]) -> Vec<(String, String, String, f64)> {
    rows.iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            (
                s("indicator"),
                s("district"),
                s("period"),
                r["value"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn fig(i: &str, d: &str, p: &str, v: f64) -> (String, String, String, f64) {
    (i.into(), d.into(), p.into(), v)
}

fn ids(dir: &Path) -> Vec<String> {
    run_json(dir, &["submissions"])
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

/// The part names the ledger gives its submissions, in ledger order.
fn part_names(dir: &Path) -> Vec<String> {
    let ledger: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("warehouse/ledger.json")).unwrap()).unwrap();
    ledger["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["part"].as_str().unwrap().to_string())
        .collect()
}

fn sha256(path: &Path) -> String {
    dabiao::ingest::sha256_hex(&std::fs::read(path).unwrap())
}

#[test]
fn ingest_stores_rows_and_the_same_bytes_twice_change_nothing() {
    let dir = tempdir();
    let a = june(dir.path());
    let out = ingest(dir.path(), &a, "2022-07-05");
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["result"], "stored");
    assert_eq!(out[0]["id"], sha256(&a));
    assert_eq!(out[0]["accepted"], 3);
    let ledger = std::fs::read(dir.path().join("warehouse/ledger.json")).unwrap();

    let again = dabiao(dir.path())
        .args(["ingest", a.to_str().unwrap()])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&again.get_output().stdout).to_string();
    assert!(text.contains("已入库，跳过"), "{text}");
    assert!(text.contains("新入库 0，已入库跳过 1"), "{text}");
    assert_eq!(
        std::fs::read(dir.path().join("warehouse/ledger.json")).unwrap(),
        ledger
    );

    let subs = run_json(dir.path(), &["submissions"]);
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["reporting_unit"], "市交通运输局");
    assert_eq!(subs[0]["period"], "2022-06");
    // `--received-at 2022-07-05` is that day in Beijing time (issue 26).
    assert_eq!(subs[0]["received_at"], "2022-07-05T00:00:00+08:00");
    assert_eq!(subs[0]["status"], "current");
    assert_eq!(
        figures(&export(dir.path(), &[])),
        vec![
            fig("T17-01", "华容区", "2022-06", 3.0),
            fig("T17-01", "鄂城区", "2022-06", 5.0),
            fig("T17-04", "鄂城区", "2022-06", 2.0)
        ]
    );
    // The parts are plain Parquet files, one per kind and ingest run, named in the ledger after
    // the run's first sequence number; rejections and statuses parts are written only when the
    // run has such rows (this one has neither).
    assert_eq!(part_names(dir.path()), ["run-00000001"]);
    let part = |kind: &str| {
        dir.path()
            .join(format!("warehouse/{kind}/run-00000001.parquet"))
    };
    assert!(part("observations").is_file());
    assert!(!part("rejections").exists());
    assert!(!part("statuses").exists());
}

#[test]
fn a_later_submission_supersedes_a_value_and_history_keeps_both() {
    let dir = tempdir();
    let (a, b) = (june(dir.path()), june_corrected(dir.path()));
    ingest(dir.path(), &a, "2022-07-05");
    let out = ingest(dir.path(), &b, "2022-07-12");
    assert_eq!(out[0]["supersedes"], serde_json::json!([sha256(&a)]));

    let h = run_json(
        dir.path(),
        &["history", "--indicator", "T17-01", "--district", "鄂城区"],
    );
    let got: Vec<(f64, bool, String, String)> = h
        .iter()
        .map(|r| {
            (
                r["value"].as_f64().unwrap(),
                r["current"].as_bool().unwrap(),
                r["submission"].as_str().unwrap().to_string(),
                r["received_at"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (5.0, false, sha256(&a), "2022-07-05T00:00:00+08:00".into()),
            (6.5, true, sha256(&b), "2022-07-12T00:00:00+08:00".into())
        ]
    );
    assert_eq!(h[1]["period"], "2022-06");
    assert_eq!(h[1]["cumulative"], 21.5);
    // Other values of the first submission stay current.
    assert_eq!(
        figures(&export(dir.path(), &[])),
        vec![
            fig("T17-01", "华容区", "2022-06", 3.0),
            fig("T17-01", "鄂城区", "2022-06", 6.5),
            fig("T17-04", "鄂城区", "2022-06", 2.0)
        ]
    );
}

#[test]
fn retracting_a_submission_restores_the_value_before_it() {
    let dir = tempdir();
    let (a, b) = (june(dir.path()), june_corrected(dir.path()));
    ingest(dir.path(), &a, "2022-07-05");
    ingest(dir.path(), &b, "2022-07-12");
    let id_b = sha256(&b);
    let out = dabiao(dir.path())
        .args(["retract", &id_b[..8]])
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout).starts_with(&format!("已撤回 {id_b}"))
    );

    let subs = run_json(dir.path(), &["submissions"]);
    let status: Vec<&str> = subs.iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(status, vec!["current", "retracted"]);
    let roads: Vec<_> = figures(&export(dir.path(), &[]))
        .into_iter()
        .filter(|f| f.1 == "鄂城区" && f.0 == "T17-01")
        .collect();
    assert_eq!(roads, vec![fig("T17-01", "鄂城区", "2022-06", 5.0)]);
    let h = run_json(
        dir.path(),
        &["history", "--indicator", "T17-01", "--district", "鄂城区"],
    );
    assert_eq!(h.len(), 1);
    assert_eq!(h[0]["current"], true);
    // An unknown prefix is an error that says what to do.
    dabiao(dir.path())
        .args(["retract", "zzzz"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("没有编号以 zzzz 开头的提交"));
}

#[test]
fn as_of_received_shows_what_we_knew_then() {
    let dir = tempdir();
    let (a, b) = (june(dir.path()), june_corrected(dir.path()));
    // Ingested out of order: the correction first, the original back-filled afterwards.
    ingest(dir.path(), &b, "2022-07-12");
    ingest(dir.path(), &a, "2022-07-05");
    let then = export(dir.path(), &["--as-of-received", "2022-07-10"]);
    assert_eq!(
        figures(&then)
            .iter()
            .find(|f| f.1 == "鄂城区" && f.0 == "T17-01")
            .unwrap()
            .3,
        5.0
    );
    assert_eq!(then.len(), 3);
    let now = export(dir.path(), &[]);
    assert_eq!(
        figures(&now)
            .iter()
            .find(|f| f.1 == "鄂城区" && f.0 == "T17-01")
            .unwrap()
            .3,
        6.5
    );
    assert!(export(dir.path(), &["--as-of-received", "2022-07-01"]).is_empty());
    let h = run_json(
        dir.path(),
        &[
            "history",
            "--indicator",
            "T17-01",
            "--district",
            "鄂城区",
            "--as-of-received",
            "2022-07-10",
        ],
    );
    assert_eq!(h.len(), 1);
    assert_eq!(h[0]["value"], 5.0);
    assert_eq!(h[0]["current"], true);
}

/// Runs a child `ingest` of `files` that aborts at `fault`; returns whether it failed.
fn crashing_ingest(dir: &Path, files: &[&Path], fault: &str) -> bool {
    let mut cmd = dabiao(dir);
    cmd.arg("ingest")
        .args(files)
        .args(["--received-at", "2022-07-20"])
        .env("DABIAO_FAULT", fault);
    let out = cmd.output().unwrap();
    !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("DABIAO_FAULT")
}

#[test]
fn a_crash_at_any_step_leaves_exactly_the_committed_submissions() {
    let steps = [
        // (fault, how many of the two files were committed before the crash). One ingest run
        // is one commit: the ledger rename commits both files or neither.
        ("mid_parts", 0),
        ("after_parts", 0),
        ("before_ledger_rename", 0),
        ("after_ledger_rename", 2),
    ];
    for (fault, committed) in steps {
        let dir = tempdir();
        let a = june(dir.path());
        let b = june_corrected(dir.path());
        let c = workbook(
            &dir.path().join("202207_市交通运输局.xlsx"),
            "市交通运输局",
            7,
            &[road("梁子湖区", 4.0, 4.0)],
        );
        ingest(dir.path(), &a, "2022-07-05");
        assert!(
            crashing_ingest(dir.path(), &[&b, &c], fault),
            "{fault}: the child did not abort"
        );

        let mut want = vec![sha256(&a)];
        want.extend([sha256(&b), sha256(&c)].into_iter().take(committed));
        assert_eq!(ids(dir.path()), want, "{fault}");
        // The store reads cleanly: every committed row and nothing else.
        let rows = export(dir.path(), &[]);
        let expect_rows = [3, 3, 4][committed];
        assert_eq!(rows.len(), expect_rows, "{fault}");
        let h = run_json(dir.path(), &["history", "--indicator", "T17-01"]);
        assert_eq!(h.len(), [2, 3, 4][committed], "{fault}");

        // The next ingest completes the job; nothing is stored twice.
        let out = run_json(
            dir.path(),
            &[
                "ingest",
                b.to_str().unwrap(),
                c.to_str().unwrap(),
                "--received-at",
                "2022-07-21",
            ],
        );
        let results: Vec<&str> = out.iter().map(|o| o["result"].as_str().unwrap()).collect();
        let mut expect = vec!["already_stored"; committed];
        expect.extend(vec!["stored"; 2 - committed]);
        assert_eq!(results, expect, "{fault}");
        assert_eq!(
            ids(dir.path()),
            vec![sha256(&a), sha256(&b), sha256(&c)],
            "{fault}"
        );
        assert_eq!(export(dir.path(), &[]).len(), 4, "{fault}");
        // No temporary files or orphan parts remain: every part is named in the ledger, and
        // each of the two committed runs has its observations part (empty rejections/statuses
        // parts are not written).
        let live = part_names(dir.path());
        assert_eq!(live, ["run-00000001", "run-00000002", "run-00000002"]);
        for kind in ["observations", "rejections", "statuses"] {
            let names: Vec<String> = std::fs::read_dir(dir.path().join("warehouse").join(kind))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            for n in &names {
                let part = n.strip_suffix(".parquet");
                assert!(
                    part.is_some_and(|p| live.iter().any(|l| l == p)),
                    "{fault}: {kind}/{n}"
                );
            }
            if kind == "observations" {
                assert_eq!(names.len(), 2, "{fault}: {kind}");
            }
        }
        assert!(!dir.path().join("warehouse/.ledger.json.tmp").exists());
    }
}

#[test]
fn two_concurrent_ingests_lose_nothing() {
    let dir = tempdir();
    let batch = |name: &str, months: std::ops::RangeInclusive<u32>, district: &str| -> PathBuf {
        let folder = dir.path().join(name);
        std::fs::create_dir(&folder).unwrap();
        for m in months {
            let rows = [
                road(district, m as f64, 0.0),
                shelter(district, 1.0, m as f64),
            ];
            workbook(
                &folder.join(format!("2022{m:02}.xlsx")),
                "市交通运输局",
                m,
                &rows,
            );
        }
        folder
    };
    let first = batch("鄂城区", 1..=6, "鄂城区");
    let second = batch("华容区", 1..=6, "华容区");
    let spawn = |folder: &Path| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("dabiao"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", std::env::var_os("HOME").unwrap_or_default())
            .current_dir(dir.path())
            .args([
                "ingest",
                folder.to_str().unwrap(),
                "--received-at",
                "2022-07-05",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut p1, mut p2) = (spawn(&first), spawn(&second));
    assert!(p1.wait().unwrap().success());
    assert!(p2.wait().unwrap().success());

    let subs = run_json(dir.path(), &["submissions"]);
    assert_eq!(subs.len(), 12);
    let mut seqs: Vec<u64> = subs.iter().map(|s| s["seq"].as_u64().unwrap()).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
    let rows = export(dir.path(), &[]);
    assert_eq!(rows.len(), 24);
    for d in ["鄂城区", "华容区"] {
        let total: f64 = rows
            .iter()
            .filter(|r| r["district"] == d && r["indicator"] == "T17-01")
            .map(|r| r["value"].as_f64().unwrap())
            .sum();
        assert_eq!(total, 21.0, "{d}");
    }
}

#[test]
fn export_csv_has_a_bom_and_the_current_rows() {
    let dir = tempdir();
    let a = june(dir.path());
    ingest(dir.path(), &a, "2022-07-05");
    dabiao(dir.path())
        .args(["export", "--format", "csv", "-o", "out.csv"])
        .assert()
        .success();
    let bytes = std::fs::read(dir.path().join("out.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "indicator,district,period,value,cumulative,unit,reporting_unit,submission,file,sheet,cell"
    );
    assert_eq!(lines.len(), 4);
    let id = sha256(&a);
    assert_eq!(
        lines[1],
        format!(
            "T17-01,华容区,2022-06,3,9,公里,市交通运输局,{id},{},6月,F6",
            a.display()
        )
    );
    assert!(lines[3].starts_with("T17-04,鄂城区,2022-06,2,6,个,市交通运输局,"));
    // --no-bom to stdout for pipelines.
    let out = dabiao(dir.path())
        .args(["export", "--no-bom"])
        .assert()
        .success();
    assert!(out
        .get_output()
        .stdout
        .starts_with(b"indicator,district,period"));
}

#[test]
fn export_xlsx_reads_back_equal_to_the_observations() {
    use calamine::{Data, Reader};
    let dir = tempdir();
    ingest(dir.path(), &june(dir.path()), "2022-07-05");
    ingest(dir.path(), &june_corrected(dir.path()), "2022-07-12");
    dabiao(dir.path())
        .args(["export", "--format", "xlsx", "-o", "current.xlsx"])
        .assert()
        .success();
    let want = export(dir.path(), &[]);
    let mut wb = calamine::open_workbook_auto(dir.path().join("current.xlsx")).unwrap();
    let range = wb.worksheet_range("观测值").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let cols = [
        "indicator",
        "district",
        "period",
        "value",
        "cumulative",
        "unit",
        "reporting_unit",
        "submission",
        "file",
        "sheet",
        "cell",
    ];
    // Headed for people as the tables are; the columns in the order of the JSON keys.
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "指标编码",
            "区域",
            "报告期",
            "本月值",
            "累计值",
            "单位",
            "填报单位",
            "提交编号",
            "文件",
            "工作表",
            "单元格"
        ]
    );
    assert_eq!(rows.len() - 1, want.len());
    for (got, want) in rows[1..].iter().zip(&want) {
        for (c, key) in cols.iter().enumerate() {
            match &want[*key] {
                Value::Number(n) => assert_eq!(got[c], Data::Float(n.as_f64().unwrap()), "{key}"),
                Value::String(s) => assert_eq!(got[c], Data::String(s.clone()), "{key}"),
                other => panic!("{key}: {other}"),
            }
        }
    }
    // parquet is readable by polars directly.
    dabiao(dir.path())
        .args(["export", "--format", "parquet", "-o", "current.parquet"])
        .assert()
        .success();
    use polars::prelude::SerReader;
    let df = polars::prelude::ParquetReader::new(
        std::fs::File::open(dir.path().join("current.parquet")).unwrap(),
    )
    .finish()
    .unwrap();
    assert_eq!(df.height(), 3);
    assert_eq!(df.get_column_names().len(), 11);
}

#[test]
fn ingest_reports_rejected_rows_stores_the_rest_and_strict_refuses() {
    let dir = tempdir();
    let rows = [
        road("鄂城区", 5.0, 20.0),
        ("T99-99", "不存在的指标", "个", "鄂城区", 1.0, 1.0),
    ];
    let f = workbook(&dir.path().join("bad.xlsx"), "市交通运输局", 6, &rows);
    dabiao(dir.path())
        .args(["ingest", f.to_str().unwrap(), "--strict"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("未入库：--strict"));
    assert!(ids(dir.path()).is_empty());
    let out = dabiao(dir.path())
        .args(["ingest", f.to_str().unwrap()])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("接受 1 行，拒绝 1 行"), "{text}");
    assert!(
        text.contains("A6"),
        "the problem is listed with its cell: {text}"
    );
    assert_eq!(export(dir.path(), &[]).len(), 1);
    let subs = run_json(dir.path(), &["submissions"]);
    assert_eq!(
        (subs[0]["accepted"].as_u64(), subs[0]["rejected"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn warehouse_flag_env_and_project_file_choose_the_folder() {
    let dir = tempdir();
    let a = june(dir.path());
    dabiao(dir.path())
        .args(["ingest", a.to_str().unwrap(), "--warehouse", "wh1"])
        .assert()
        .success();
    assert!(dir.path().join("wh1/ledger.json").is_file());
    dabiao(dir.path())
        .args(["ingest", a.to_str().unwrap()])
        .env("DABIAO_WAREHOUSE", "wh2")
        .assert()
        .success();
    assert!(dir.path().join("wh2/ledger.json").is_file());
    std::fs::write(dir.path().join("dabiao.toml"), "warehouse = \"data/wh3\"\n").unwrap();
    dabiao(dir.path())
        .args(["ingest", a.to_str().unwrap()])
        .assert()
        .success();
    assert!(dir.path().join("data/wh3/ledger.json").is_file());
    assert!(!dir.path().join("warehouse").exists());
}

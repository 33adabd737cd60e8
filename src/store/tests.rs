use super::*;
use crate::error::Severity;
use crate::ingest::{Diagnostic, Observation, Period, StatusReport, TaskStatus};

fn t(s: &str) -> DateTime<Utc> {
    parse_time(s, false, utc()).unwrap()
}

fn obs(ind: &str, district: &str, month: u32, value: f64, cumulative: f64) -> Observation {
    Observation {
        indicator: ind.into(),
        district: district.into(),
        period: Period { year: 2022, month },
        value: Some(value),
        cumulative: Some(cumulative),
        reporting_unit: "市交通运输局".into(),
        file: "a.xlsx".into(),
        sheet: "6月".into(),
        cell: "F5".into(),
    }
}

/// A report whose id is derived from `tag` (standing in for the file's bytes).
fn report(tag: &str, observations: Vec<Observation>) -> FileReport {
    FileReport {
        file: format!("{tag}.xlsx"),
        sha256: crate::ingest::sha256_hex(tag.as_bytes()),
        size: 100,
        reporting_unit: Some("市交通运输局".into()),
        period: Some(Period {
            year: 2022,
            month: 6,
        }),
        sheets: Vec::new(),
        observations,
        statuses: Vec::new(),
        diagnostics: Vec::new(),
        unreadable: false,
    }
}

fn error_diag(cell: &str) -> Diagnostic {
    Diagnostic {
        file: "bad.xlsx".into(),
        sheet: "6月".into(),
        cell: cell.into(),
        severity: Severity::Error,
        code: "not_a_number".into(),
        message: "数值不是数字".into(),
        raw: "=1+1".into(),
    }
}

fn wh() -> (tempfile::TempDir, Warehouse) {
    let dir = tempfile::tempdir().unwrap();
    let w = Warehouse::open(&dir.path().join("warehouse")).unwrap();
    (dir, w)
}

fn values(df: &DataFrame) -> Vec<(String, String, i32, Option<f64>)> {
    let (i, d, m, v) = (
        df.column("indicator").unwrap().str().unwrap().clone(),
        df.column("district").unwrap().str().unwrap().clone(),
        df.column("month").unwrap().i32().unwrap().clone(),
        df.column("value").unwrap().f64().unwrap().clone(),
    );
    (0..df.height())
        .map(|k| {
            (
                i.get(k).unwrap().into(),
                d.get(k).unwrap().into(),
                m.get(k).unwrap(),
                v.get(k),
            )
        })
        .collect()
}

#[test]
fn empty_warehouse_gives_empty_frames_with_schema() {
    let (_d, w) = wh();
    let v = View::default();
    let o = w.observations(&v).unwrap();
    assert_eq!(o.height(), 0);
    let names: Vec<String> = o.get_column_names().iter().map(|s| s.to_string()).collect();
    assert_eq!(names, OBSERVATION_COLUMNS);
    assert_eq!(o.column("year").unwrap().dtype(), &DataType::Int32);
    assert_eq!(o.column("value").unwrap().dtype(), &DataType::Float64);
    assert_eq!(
        w.history(&v).unwrap().column("current").unwrap().dtype(),
        &DataType::Boolean
    );
    assert_eq!(w.statuses(&v).unwrap().width(), STATUS_COLUMNS.len());
    assert_eq!(w.diagnostics(&v).unwrap().width(), DIAGNOSTIC_COLUMNS.len());
    assert!(w.submissions().unwrap().is_empty());
}

#[test]
fn same_bytes_twice_change_nothing() {
    let (_d, w) = wh();
    let r = report("a", vec![obs("T17-01", "鄂城区", 6, 5.0, 20.0)]);
    let first = w
        .ingest(std::slice::from_ref(&r), t("2022-07-05"), false)
        .unwrap();
    assert_eq!(first[0].kind, Outcome::Stored);
    let ledger_before = std::fs::read(w.root().join("ledger.json")).unwrap();
    let again = w.ingest(&[r.clone(), r], t("2022-07-09"), false).unwrap();
    assert!(again.iter().all(|o| o.kind == Outcome::AlreadyStored));
    assert_eq!(
        again[0].submission.as_ref().unwrap().received_at,
        t("2022-07-05")
    );
    assert_eq!(
        std::fs::read(w.root().join("ledger.json")).unwrap(),
        ledger_before
    );
    assert_eq!(w.submissions().unwrap().len(), 1);
    assert_eq!(w.observations(&View::default()).unwrap().height(), 1);
}

#[test]
fn later_submission_wins_and_history_keeps_both() {
    let (_d, w) = wh();
    let a = report(
        "a",
        vec![
            obs("T17-01", "鄂城区", 6, 5.0, 20.0),
            obs("T17-01", "华容区", 6, 3.0, 9.0),
        ],
    );
    let b = report("b", vec![obs("T17-01", "鄂城区", 6, 6.5, 21.5)]);
    w.ingest(std::slice::from_ref(&a), t("2022-07-05"), false)
        .unwrap();
    let out = w
        .ingest(std::slice::from_ref(&b), t("2022-07-12"), false)
        .unwrap();
    let sb = out[0].submission.clone().unwrap();
    assert_eq!(sb.supersedes, vec![a.sha256.clone()]);
    assert_eq!(sb.seq, 2);

    let cur = w.observations(&View::default()).unwrap();
    assert_eq!(
        values(&cur),
        vec![
            ("T17-01".into(), "华容区".into(), 6, Some(3.0)),
            ("T17-01".into(), "鄂城区".into(), 6, Some(6.5))
        ]
    );
    let subs = cur.column("submission").unwrap().str().unwrap();
    assert_eq!(subs.get(1), Some(b.sha256.as_str()));
    assert_eq!(
        cur.column("received_at").unwrap().str().unwrap().get(1),
        Some("2022-07-12T00:00:00+00:00")
    );

    let h = w.history(&View::default()).unwrap();
    assert_eq!(h.height(), 3);
    let cur_flags: Vec<Option<bool>> = h
        .column("current")
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .collect();
    // 华容区 (one revision), then 鄂城区 a (old), 鄂城区 b (current).
    assert_eq!(cur_flags, vec![Some(true), Some(false), Some(true)]);
    assert_eq!(values(&h)[1].3, Some(5.0));
}

#[test]
fn backfilled_submission_does_not_override_a_later_receipt() {
    let (_d, w) = wh();
    let late = report("late", vec![obs("T17-01", "鄂城区", 6, 7.0, 22.0)]);
    let early = report("early", vec![obs("T17-01", "鄂城区", 6, 5.0, 20.0)]);
    w.ingest(&[late], t("2022-07-20"), false).unwrap();
    let out = w.ingest(&[early], t("2022-07-05"), false).unwrap();
    assert!(out[0].submission.as_ref().unwrap().supersedes.is_empty());
    assert_eq!(
        values(&w.observations(&View::default()).unwrap())[0].3,
        Some(7.0)
    );
}

#[test]
fn same_receipt_time_is_broken_by_ingest_order() {
    let (_d, w) = wh();
    let a = report("a", vec![obs("T17-01", "鄂城区", 6, 1.0, 1.0)]);
    let b = report("b", vec![obs("T17-01", "鄂城区", 6, 2.0, 2.0)]);
    w.ingest(&[a, b], t("2022-07-05"), false).unwrap();
    assert_eq!(
        values(&w.observations(&View::default()).unwrap())[0].3,
        Some(2.0)
    );
}

#[test]
fn as_of_received_answers_what_we_knew_then() {
    let (_d, w) = wh();
    w.ingest(
        &[report("a", vec![obs("T17-01", "鄂城区", 6, 5.0, 20.0)])],
        t("2022-07-05"),
        false,
    )
    .unwrap();
    w.ingest(
        &[report("b", vec![obs("T17-01", "鄂城区", 6, 6.5, 21.5)])],
        t("2022-07-12"),
        false,
    )
    .unwrap();
    let then = View {
        as_of_received: parse_time("2022-07-10", true, utc()),
        ..Default::default()
    };
    assert_eq!(values(&w.observations(&then).unwrap())[0].3, Some(5.0));
    assert_eq!(w.history(&then).unwrap().height(), 1);
    let before_all = View {
        as_of_received: parse_time("2022-07-01", true, utc()),
        ..Default::default()
    };
    assert_eq!(w.observations(&before_all).unwrap().height(), 0);
}

#[test]
fn retraction_restores_the_previous_value_and_keeps_the_row() {
    let (_d, w) = wh();
    let a = report("a", vec![obs("T17-01", "鄂城区", 6, 5.0, 20.0)]);
    let b = report("b", vec![obs("T17-01", "鄂城区", 6, 6.5, 21.5)]);
    w.ingest(&[a], t("2022-07-05"), false).unwrap();
    w.ingest(std::slice::from_ref(&b), t("2022-07-12"), false)
        .unwrap();
    let s = w.retract_at(&b.sha256[..8], t("2022-07-15")).unwrap();
    assert_eq!(s.status, STATUS_RETRACTED);
    assert_eq!(
        values(&w.observations(&View::default()).unwrap())[0].3,
        Some(5.0)
    );
    assert_eq!(w.history(&View::default()).unwrap().height(), 1);
    let subs = w.submissions().unwrap();
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[1].status, "retracted");
    // Before the retraction we still counted it; including retracted shows it too.
    let then = View {
        as_of_received: parse_time("2022-07-13", true, utc()),
        ..Default::default()
    };
    assert_eq!(values(&w.observations(&then).unwrap())[0].3, Some(6.5));
    let all = View {
        include_retracted: true,
        ..Default::default()
    };
    assert_eq!(values(&w.observations(&all).unwrap())[0].3, Some(6.5));
    // Retracting again changes nothing.
    assert_eq!(w.retract(&b.sha256).unwrap().retracted_at, s.retracted_at);
}

#[test]
fn prefix_must_match_exactly_one_submission() {
    let (_d, w) = wh();
    assert!(w
        .retract("abc")
        .unwrap_err()
        .to_string()
        .contains("没有编号以 abc 开头"));
    w.ingest(
        &[report("a", vec![]), report("b", vec![])],
        t("2022-07-05"),
        false,
    )
    .unwrap();
    assert!(w.find("").is_err());
    let a = crate::ingest::sha256_hex(b"a");
    assert_eq!(w.find(&a[..6].to_uppercase()).unwrap().id, a);
}

#[test]
fn strict_refuses_files_with_errors_and_unreadable_files_are_refused() {
    let (_d, w) = wh();
    let mut bad = report("bad", vec![obs("T17-01", "鄂城区", 6, 5.0, 20.0)]);
    bad.diagnostics.push(error_diag("F6"));
    let out = w
        .ingest(std::slice::from_ref(&bad), t("2022-07-05"), true)
        .unwrap();
    assert!(matches!(&out[0].kind, Outcome::Refused(m) if m.contains("1 个错误")));
    assert!(w.submissions().unwrap().is_empty());
    let mut unreadable = report("zip", vec![]);
    unreadable.unreadable = true;
    let out = w
        .ingest(&[unreadable, bad], t("2022-07-05"), false)
        .unwrap();
    assert!(matches!(out[0].kind, Outcome::Refused(_)));
    assert_eq!(out[1].kind, Outcome::Stored);
    let d = w.diagnostics(&View::default()).unwrap();
    assert_eq!(d.height(), 1);
    assert_eq!(d.column("cell").unwrap().str().unwrap().get(0), Some("F6"));
    assert_eq!(
        d.column("severity").unwrap().str().unwrap().get(0),
        Some("error")
    );
}

#[test]
fn task_statuses_follow_the_same_rule() {
    let (_d, w) = wh();
    let st = |status, percent| StatusReport {
        item: 17,
        period: Period {
            year: 2022,
            month: 6,
        },
        status,
        percent: Some(percent),
        progress: "已完成路基".into(),
        issues: String::new(),
        next_steps: String::new(),
        reporting_unit: "市交通运输局".into(),
        file: "s.xlsx".into(),
        sheet: "督办".into(),
        cell: "C4".into(),
    };
    let mut a = report("sa", vec![]);
    a.statuses.push(st(TaskStatus::InProgress, 40.0));
    let mut b = report("sb", vec![]);
    b.statuses.push(st(TaskStatus::Done, 100.0));
    w.ingest(std::slice::from_ref(&a), t("2022-07-05"), false)
        .unwrap();
    let out = w.ingest(&[b], t("2022-07-06"), false).unwrap();
    assert_eq!(
        out[0].submission.as_ref().unwrap().supersedes,
        vec![a.sha256]
    );
    let s = w.statuses(&View::default()).unwrap();
    assert_eq!(s.height(), 1);
    assert_eq!(
        s.column("status").unwrap().str().unwrap().get(0),
        Some("已完成")
    );
    assert_eq!(
        s.column("percent").unwrap().f64().unwrap().get(0),
        Some(100.0)
    );
    assert_eq!(s.column("item").unwrap().dtype(), &DataType::Int32);
}

#[test]
fn orphan_parts_are_ignored_and_cleaned_by_the_next_writer() {
    let (_d, w) = wh();
    let orphan = w
        .root()
        .join("observations")
        .join(format!("{}.parquet", "f".repeat(64)));
    std::fs::write(&orphan, b"not parquet").unwrap();
    std::fs::write(w.root().join(".ledger.json.tmp"), b"{").unwrap();
    assert_eq!(w.observations(&View::default()).unwrap().height(), 0);
    w.ingest(
        &[report("a", vec![obs("T17-01", "鄂城区", 6, 5.0, 20.0)])],
        t("2022-07-05"),
        false,
    )
    .unwrap();
    assert!(!orphan.exists());
    assert!(!w.root().join(".ledger.json.tmp").exists());
    assert_eq!(w.observations(&View::default()).unwrap().height(), 1);
}

#[test]
fn ledger_has_format_version_and_period_as_text() {
    let (_d, w) = wh();
    w.ingest(
        &[report("a", vec![])],
        t("2022-07-05T08:30:00+08:00"),
        false,
    )
    .unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.root().join("ledger.json")).unwrap()).unwrap();
    assert_eq!(v["format_version"], 2);
    assert_eq!(v["submissions"][0]["part"], "run-00000001");
    assert_eq!(v["submissions"][0]["period"], "2022-06");
    assert_eq!(v["submissions"][0]["received_at"], "2022-07-05T00:30:00Z");
    let subs = w.submissions().unwrap();
    assert_eq!(
        subs[0].period,
        Some(Period {
            year: 2022,
            month: 6
        })
    );
}

#[test]
fn newer_ledger_format_is_refused() {
    let (_d, w) = wh();
    std::fs::write(
        w.root().join("ledger.json"),
        r#"{"format_version": 99, "submissions": []}"#,
    )
    .unwrap();
    assert!(w.submissions().unwrap_err().to_string().contains("请升级"));
}

#[test]
fn a_second_writer_waits_then_gives_up_with_a_clear_message() {
    let (_d, w) = wh();
    let held = fsio::lock(w.root(), Duration::from_secs(1)).unwrap();
    let w2 = w.clone().with_lock_timeout(Duration::from_millis(300));
    let e = w2
        .ingest(&[report("a", vec![])], t("2022-07-05"), false)
        .unwrap_err();
    assert!(e.to_string().contains("数据仓库正被另一个进程写入"), "{e}");
    drop(held);
    assert_eq!(
        w2.ingest(&[report("a", vec![])], t("2022-07-05"), false)
            .unwrap()[0]
            .kind,
        Outcome::Stored
    );
}

#[test]
fn parse_time_forms() {
    let bj = crate::timezone::beijing();
    let utc_text = |s, end, tz| format_time(&parse_time(s, end, tz).unwrap());
    assert_eq!(
        utc_text("2022-07-05", false, utc()),
        "2022-07-05T00:00:00+00:00"
    );
    assert_eq!(
        utc_text("2022-07-05", true, utc()),
        "2022-07-05T23:59:59+00:00"
    );
    // A date typed in Beijing starts at Beijing midnight: 16:00 UTC the day before.
    assert_eq!(
        utc_text("2022-07-05", false, bj),
        "2022-07-04T16:00:00+00:00"
    );
    assert_eq!(
        utc_text("2022-07-05", true, bj),
        "2022-07-05T15:59:59+00:00"
    );
    assert_eq!(
        utc_text("2022-07-05T10:00:00+08:00", false, utc()),
        "2022-07-05T02:00:00+00:00"
    );
    assert_eq!(
        utc_text("2022-07-05 10:00", false, utc()),
        "2022-07-05T10:00:00+00:00"
    );
    assert_eq!(
        utc_text("2022-07-05 10:00", false, bj),
        "2022-07-05T02:00:00+00:00"
    );
    assert!(parse_time("7月5日", false, bj).is_none());
    let t = parse_time("2022-07-05", false, bj).unwrap();
    assert_eq!(format_local(&t, bj), "2022-07-05T00:00:00+08:00");
    assert_eq!(
        local_text("2022-07-10T15:59:59+00:00", bj),
        "2022-07-10T23:59:59+08:00"
    );
    assert_eq!(local_text("not a time", bj), "not a time");
}

#[test]
fn xlsx_export_writes_formula_like_text_as_inert_strings() {
    use calamine::{Data, Reader};
    let row = export::ExportRow {
        indicator: "T17-01".into(),
        district: "鄂城区".into(),
        period: "2022-06".into(),
        value: Some(-5.0),
        cumulative: None,
        unit: "公里".into(),
        reporting_unit: "=HYPERLINK(\"http://x\",\"点我\")".into(),
        submission: "abc".into(),
        file: "+a.xlsx".into(),
        sheet: "@s".into(),
        cell: "-F5".into(),
    };
    let bytes = export::xlsx_bytes(&[row], &[]).unwrap();
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let formulas = wb.worksheet_formula("观测值").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
    let r = wb.worksheet_range("观测值").unwrap();
    assert_eq!(
        r.get_value((1, 6)),
        Some(&Data::String("=HYPERLINK(\"http://x\",\"点我\")".into()))
    );
    assert_eq!(r.get_value((1, 8)), Some(&Data::String("+a.xlsx".into())));
    assert_eq!(r.get_value((1, 3)), Some(&Data::Float(-5.0)));
}

/// A store written before format 2 (one part per submission, named by its id, no `part` in
/// the ledger) still reads, and takes new runs beside its old parts.
#[test]
fn format_1_stores_still_read_and_grow() {
    let (_d, w) = wh();
    let a = report("a", vec![obs("T17-01", "鄂城区", 6, 5.0, 20.0)]);
    w.ingest(std::slice::from_ref(&a), t("2022-07-05"), false)
        .unwrap();
    // Turn it into the format-1 layout.
    let root = w.root();
    std::fs::rename(
        root.join("observations/run-00000001.parquet"),
        root.join(format!("observations/{}.parquet", a.sha256)),
    )
    .unwrap();
    let mut ledger: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("ledger.json")).unwrap()).unwrap();
    ledger["format_version"] = 1.into();
    ledger["submissions"][0]
        .as_object_mut()
        .unwrap()
        .remove("part");
    std::fs::write(root.join("ledger.json"), ledger.to_string()).unwrap();

    assert_eq!(w.observations(&View::default()).unwrap().height(), 1);
    let b = report("b", vec![obs("T17-01", "鄂城区", 6, 6.0, 21.0)]);
    let out = w.ingest(&[b], t("2022-07-06"), false).unwrap();
    assert_eq!(
        out[0].submission.as_ref().unwrap().supersedes,
        std::slice::from_ref(&a.sha256)
    );
    let h = w.history(&View::default()).unwrap();
    assert_eq!(h.height(), 2);
    let values: Vec<Option<f64>> = h.column("value").unwrap().f64().unwrap().iter().collect();
    assert_eq!(values, [Some(5.0), Some(6.0)]);
    // The old part was kept, not mistaken for an orphan.
    assert!(root
        .join(format!("observations/{}.parquet", a.sha256))
        .is_file());
}

/// Submissions of one run share its part; retracting one hides its rows only.
#[test]
fn retracting_one_submission_of_a_run_hides_only_its_rows() {
    let (_d, w) = wh();
    let a = report("a", vec![obs("T17-01", "鄂城区", 6, 5.0, 20.0)]);
    let b = report("b", vec![obs("T17-01", "华容区", 6, 3.0, 9.0)]);
    w.ingest(&[a.clone(), b], t("2022-07-05"), false).unwrap();
    let subs = w.submissions().unwrap();
    assert_eq!(subs[0].part, subs[1].part);
    w.retract(&a.sha256).unwrap();
    let o = w.observations(&View::default()).unwrap();
    let districts: Vec<Option<&str>> = o
        .column("district")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(districts, [Some("华容区")]);
    let all = View {
        include_retracted: true,
        ..View::default()
    };
    assert_eq!(w.observations(&all).unwrap().height(), 2);
}

/// The store's own tests read and write UTC.
fn utc() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(0).unwrap()
}

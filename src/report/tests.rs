//! Unit tests of the pieces every exporter relies on; the golden-file tests on a fixed dataset
//! are in tests/cli/report.rs.

use super::labels::{month_runs, num, pct, pp, round_estimate, when, with_unit};
use super::{html, markdown, resolve_format, Format, Lang};

#[test]
fn html_escape_leaves_no_markup() {
    assert_eq!(
        html::esc(r#"<script>alert("x")</script> & 'y'"#),
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
    );
}

#[test]
fn markdown_escape_keeps_tables_and_text_intact() {
    assert_eq!(markdown::esc("a|b\nc"), r"a\|b c");
    assert_eq!(
        markdown::esc("<b>[x](y)</b>"),
        r"&lt;b&gt;\[x\](y)&lt;/b&gt;"
    );
    assert_eq!(markdown::esc("新改建农村公路"), "新改建农村公路");
}

#[test]
fn numbers_read_as_written() {
    assert_eq!(pct(Some(0.6)), "60.0%");
    assert_eq!(pct(None), "—");
    assert_eq!(pp(Some(-16.0)), "-16.0");
    assert_eq!(pp(Some(10.0)), "+10.0");
    assert_eq!(num(Some(2.30000001)), "2.3");
    assert_eq!(num(Some(-0.0)), "0");
    assert_eq!(with_unit(Some(50.0), "公里"), "50 公里");
    assert_eq!(with_unit(Some(85.0), "%"), "85%");
    assert_eq!(when(Some("2022-07-05T09:30:00+00:00")), "2022-07-05 09:30");
    assert_eq!(when(Some("昨天")), "昨天");
}

#[test]
fn projections_are_rounded_for_people() {
    // The goals table's 目标年预测值 printed 32598.2332 元 and overflowed its cell.
    assert_eq!(round_estimate(32598.2332, "元"), 32598.0);
    assert_eq!(round_estimate(85.456, "%"), 85.5);
    assert_eq!(round_estimate(2.3456, "倍"), 2.35);
    assert_eq!(round_estimate(1.98, "个"), 2.0);
    assert_eq!(round_estimate(-0.001, "倍"), 0.0);
}

#[test]
fn months_are_grouped_into_runs() {
    let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let ps = p(&[
        "2022-01", "2022-02", "2022-03", "2022-05", "2022-07", "2022-08",
    ]);
    assert_eq!(month_runs(&ps, Lang::Zh), "1—3月、5月、7—8月");
    assert_eq!(month_runs(&ps, Lang::En), "Jan–Mar, May, Jul–Aug");
    assert_eq!(month_runs(&[], Lang::Zh), "");
}

#[test]
fn format_from_flag_or_extension() {
    use std::path::Path;
    assert_eq!(
        resolve_format(None, Some(Path::new("r.HTML"))).unwrap(),
        Format::Html
    );
    assert_eq!(
        resolve_format(Some("md"), Some(Path::new("r.xlsx"))).unwrap(),
        Format::Markdown
    );
    assert_eq!(resolve_format(None, None).unwrap(), Format::Markdown);
    assert!(resolve_format(None, Some(Path::new("r.pdf"))).is_err());
}

fn district(name: &str, mean: Option<f64>, scored: u32) -> crate::progress::GroupRow {
    crate::progress::GroupRow {
        group: name.into(),
        items: scored,
        mean_completion: mean,
        scored,
        ..Default::default()
    }
}

#[test]
fn district_sentence_names_best_worst_and_ties() {
    let ranked = [
        district("鄂城区", Some(0.95), 4),
        district("华容区", Some(0.9501), 3),
        district("梁子湖区", Some(0.6), 2),
        district("临空经济区", None, 0),
    ];
    let t = super::district_sentence(&ranked);
    assert_eq!(
        t.zh,
        "分区看（只计有本区目标的指标），鄂城区、华容区平均完成率最高（95.0%，4 项），梁子湖区最低（60.0%，2 项）。"
    );
    assert!(t
        .en
        .contains("鄂城区, 华容区 has the highest mean completion (95.0%; n = 4)"));
}

#[test]
fn district_sentence_says_when_all_districts_are_equal() {
    let all = [
        district("鄂城区", Some(1.0), 2),
        district("华容区", Some(1.0), 5),
    ];
    assert_eq!(
        super::district_sentence(&all).zh,
        "分区看（只计有本区目标的指标），2 个区平均完成率均为 100.0%。"
    );
    let one = [
        district("鄂城区", Some(0.5), 2),
        district("华容区", None, 0),
    ];
    assert_eq!(
        super::district_sentence(&one).zh,
        "分区看，仅鄂城区有可比数据，平均完成率 50.0%。"
    );
}

//! Worked examples for every progress rule, each figure computed by hand in the comment.

use super::annual::{annual, completion, time_progress, Options, TimeBasis};
use super::frame::{Obs, StatusObs};
use super::{completeness, goals, rollup, Bands};
use crate::catalog::{Catalog, CatalogSource, Direction, SourceFile};

const PLAN: &str = r#"
[plan]
name = "测试规划"
region = "测试市"
year = 2022

[[sections]]
no = 1
title = "交通"

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
unit = "公里"
kind = "flow"
by_district = true
targets = [{ year = 2022, value = 50 }, { year = 2022, scope = "甲区", value = 30 }]
source = "新改建农村公路50公里"
[[items.indicators]]
code = "VILLAGES"
name = "旅游村"
unit = "个"
kind = "stock"
targets = [{ year = 2022, value = 10 }]
source = "10个"
[[items.indicators]]
code = "RATIO"
name = "城乡收入比"
unit = "倍"
kind = "stock"
direction = "lower"
targets = [{ year = 2022, value = 2.0 }]
source = "收入比"
[[items.indicators]]
code = "PILOT"
name = "试点"
unit = "项"
kind = "milestone"
district = "乙区"
targets = [{ year = 2022, scope = "乙区", value = 1 }]
source = "试点"
[[items.indicators]]
code = "SHARE"
name = "卫生厕所普及率"
unit = "%"
kind = "stock"
by_district = true
aggregation = "min"
targets = [{ year = 2022, value = 95 }]
source = "95%"

[[items]]
no = 2
section = 1
text = "推进改革"
units = ["市农业农村局"]

[[indicators]]
code = "G-UP"
name = "自来水普及率"
unit = "%"
kind = "stock"
goal = { path = "linear", goals = ["GOAL-2025"], baseline = { year = 2020, value = 80 }, targets = [{ year = 2025, value = 90 }] }
source = "x"
[[indicators]]
code = "G-DOWN"
name = "收入比"
unit = "倍"
kind = "stock"
direction = "lower"
goal = { path = "growth", baseline = { year = 2020, value = 2.5 }, targets = [{ year = 2025, value = 2.0 }] }
source = "x"
[[indicators]]
code = "G-UNSET"
name = "城镇化率"
unit = "%"
kind = "stock"
goal = { path = "linear" }
source = "x"
[[indicators]]
code = "G-ZERO"
name = "新业态企业数"
unit = "个"
kind = "stock"
goal = { path = "growth", baseline = { year = 2020, value = 0 }, targets = [{ year = 2025, value = 50 }] }
source = "x"
"#;

fn catalog() -> Catalog {
    plan_catalog(PLAN)
}

/// A catalog of one plan file with the two test districts 甲区 and 乙区.
fn plan_catalog(plan: &str) -> Catalog {
    let f = |name: &str, text: &str| SourceFile {
        name: name.into(),
        text: text.into(),
    };
    Catalog::from_source(CatalogSource {
        origin: "test".into(),
        tomls: vec![f("plan.toml", plan)],
        seeds: vec![
            f(
                "districts.csv",
                "code,name,type,aliases\nA,甲区,区,\nB,乙区,区,\n",
            ),
            f(
                "units.csv",
                "name,type,aliases\n市交通运输局,市直部门,\n市农业农村局,市直部门,\n",
            ),
        ],
    })
    .unwrap()
}

fn obs(
    ind: &str,
    district: &str,
    year: i32,
    month: u32,
    value: Option<f64>,
    cumulative: Option<f64>,
) -> Obs {
    Obs {
        indicator: ind.into(),
        district: district.into(),
        year,
        month,
        value,
        cumulative,
        reporting_unit: "市交通运输局".into(),
        received_at: format!("{year:04}-{:02}-05T00:00:00+00:00", month % 12 + 1).into(),
    }
}

fn opts(month: u32) -> Options {
    Options {
        year: 2022,
        month,
        day: None,
        basis: TimeBasis::Months,
        bands: Bands::default(),
        ytd: Default::default(),
    }
}

fn find<'a>(rows: &'a [super::ProgressRow], ind: &str, district: &str) -> &'a super::ProgressRow {
    rows.iter()
        .find(|r| r.indicator == ind && r.district == district)
        .unwrap()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn june_30_of_50_km_is_ahead_by_10_points() {
    // City reports 5 km a month Jan–Jun (30 km); 30 / 50 = 60 % against 6/12 = 50 % → +10 pp → 超序时.
    let o: Vec<Obs> = (1..=6)
        .map(|m| obs("ROAD", "全市", 2022, m, Some(5.0), None))
        .collect();
    let rows = annual(&catalog(), &o, &opts(6));
    let r = find(&rows, "ROAD", "全市");
    assert!(
        close(r.actual, 30.0) && close(r.completion, 0.6) && close(r.gap_pp, 10.0),
        "{r:?}"
    );
    assert_eq!(r.status, "超序时");
    assert_eq!(r.time_progress, 0.5);
    // Run rate: 30 km in half a year → 60 km by December.
    assert!(close(r.projection, 60.0));
}

#[test]
fn flow_uses_latest_cumulative_plus_later_months() {
    // Mar cumulative 12, Apr monthly 3, May monthly 4 → 19.
    let o = vec![
        obs("ROAD", "全市", 2022, 3, None, Some(12.0)),
        obs("ROAD", "全市", 2022, 4, Some(3.0), None),
        obs("ROAD", "全市", 2022, 5, Some(4.0), None),
    ];
    let r = find(&annual(&catalog(), &o, &opts(5)), "ROAD", "全市").clone();
    assert!(close(r.actual, 19.0));
    // 19/50 = 38 % vs 5/12 = 41.67 % → −3.67 pp → 正常.
    assert!(close(r.gap_pp, (0.38 - 5.0 / 12.0) * 100.0));
    assert_eq!(r.status, "正常");
}

#[test]
fn cumulative_disagreeing_with_monthly_sum_is_noted() {
    let o = vec![
        obs("ROAD", "全市", 2022, 1, Some(5.0), Some(5.0)),
        obs("ROAD", "全市", 2022, 2, Some(5.0), Some(12.0)),
    ];
    let r = find(&annual(&catalog(), &o, &opts(2)), "ROAD", "全市").clone();
    assert!(close(r.actual, 12.0));
    assert!(r.note.contains("不符"), "{}", r.note);
}

#[test]
fn reported_cumulative_ignores_a_flows_monthly_values_but_not_a_levels() {
    // ROAD: 累计 12 in May, June's 本月 3 without a 累计 → 12 (May), not 15.
    // VILLAGES (stock): 本月 4 in June, no 累计 ever → 4, reported, 40 % vs 50 % → 滞后.
    let o = vec![
        obs("ROAD", "全市", 2022, 5, Some(2.0), Some(12.0)),
        obs("ROAD", "全市", 2022, 6, Some(3.0), None),
        obs("VILLAGES", "全市", 2022, 6, Some(4.0), None),
    ];
    let mut opts = opts(6);
    opts.ytd = super::annual::YtdRule::ReportedCumulative;
    let rows = annual(&catalog(), &o, &opts);
    let road = find(&rows, "ROAD", "全市");
    assert!(close(road.actual, 12.0));
    assert_eq!(road.actual_period.as_deref(), Some("2022-05"));
    let villages = find(&rows, "VILLAGES", "全市");
    assert!(close(villages.actual, 4.0) && close(villages.gap_pp, -10.0));
    assert_eq!(villages.status, "滞后");
}

#[test]
fn missing_month_counts_what_was_reported() {
    // Jan 5, (Feb missing), Mar 10 → 15 km; 3 of 50 km-months reported twice.
    let o = vec![
        obs("ROAD", "全市", 2022, 1, Some(5.0), None),
        obs("ROAD", "全市", 2022, 3, Some(10.0), None),
    ];
    let r = find(&annual(&catalog(), &o, &opts(3)), "ROAD", "全市").clone();
    assert!(close(r.actual, 15.0));
    assert_eq!(r.months_reported, 2);
    // 15/50 = 30 % vs 25 % → +5 pp → 超序时 (band edge is inclusive).
    assert!(close(r.gap_pp, 5.0));
    assert_eq!(r.status, "超序时");
}

#[test]
fn stock_takes_latest_value() {
    // Villages designated: 2 in March, 5 in June → 5 of 10 = 50 % vs 50 % → 0 pp → 正常.
    let o = vec![
        obs("VILLAGES", "全市", 2022, 3, Some(2.0), None),
        obs("VILLAGES", "全市", 2022, 6, Some(5.0), None),
    ];
    let r = find(&annual(&catalog(), &o, &opts(6)), "VILLAGES", "全市").clone();
    assert!(close(r.actual, 5.0) && close(r.completion, 0.5) && close(r.gap_pp, 0.0));
    assert_eq!(r.status, "正常");
    // Straight line 2 → 5 over Mar–Jun (1 per month) carried 6 months → 11.
    assert!(close(r.projection, 11.0));
}

#[test]
fn districts_sum_to_city_and_a_district_without_target_has_none() {
    // 甲区 18 km (target 30), 乙区 6 km (no own target) → city 24 of 50.
    let o = vec![
        obs("ROAD", "甲区", 2022, 6, None, Some(18.0)),
        obs("ROAD", "乙区", 2022, 6, None, Some(6.0)),
    ];
    let rows = annual(&catalog(), &o, &opts(6));
    let city = find(&rows, "ROAD", "全市");
    assert!(close(city.actual, 24.0) && close(city.completion, 0.48));
    assert!(city.note.contains("2/2"));
    let a = find(&rows, "ROAD", "甲区");
    assert!(close(a.completion, 0.6) && a.status == "超序时");
    let b = find(&rows, "ROAD", "乙区");
    assert_eq!(
        (b.target, b.completion, b.status.as_str()),
        (None, None, "无目标")
    );
}

#[test]
fn a_city_figure_from_districts_names_the_missing_and_the_stale() {
    // June: 甲区 18 km in June, 乙区 6 km last reported in May → 24, 乙区 named as May's.
    let o = vec![
        obs("ROAD", "甲区", 2022, 6, None, Some(18.0)),
        obs("ROAD", "乙区", 2022, 5, None, Some(6.0)),
    ];
    let city = find(&annual(&catalog(), &o, &opts(6)), "ROAD", "全市").clone();
    assert!(close(city.actual, 24.0));
    assert_eq!(city.note, "由各区汇总（sum，2/2 个区有数；乙区为5月数）");
    // Only 甲区 → 18, 乙区 named as missing.
    let city = find(&annual(&catalog(), &o[..1], &opts(6)), "ROAD", "全市").clone();
    assert!(close(city.actual, 18.0));
    assert_eq!(city.note, "由各区汇总（sum，1/2 个区有数；缺乙区）");
}

#[test]
fn a_share_is_projected_to_at_most_100_and_a_city_of_districts_by_their_projections() {
    // 甲区 60 % in March, 90 % in June: +10 pp a month → 150 %, capped at 100.
    // 乙区 80 % in March, 86 % in June: +2 pp a month → 98 %. City = min of the two figures:
    // 86 %, projected as the min of the projections, 98 % (not repeated as 86 %).
    let o = vec![
        obs("SHARE", "甲区", 2022, 3, Some(60.0), None),
        obs("SHARE", "甲区", 2022, 6, Some(90.0), None),
        obs("SHARE", "乙区", 2022, 3, Some(80.0), None),
        obs("SHARE", "乙区", 2022, 6, Some(86.0), None),
    ];
    let rows = annual(&catalog(), &o, &opts(6));
    assert!(close(find(&rows, "SHARE", "甲区").projection, 100.0));
    assert!(close(find(&rows, "SHARE", "乙区").projection, 98.0));
    let city = find(&rows, "SHARE", "全市");
    assert!(close(city.actual, 86.0) && close(city.projection, 98.0));
}

#[test]
fn lower_is_better_reads_beating_target_as_complete() {
    // Target ratio 2.0; actual 2.5 → 2.0/2.5 = 80 %; actual 1.8 → 111 % → 已完成.
    assert!(close(completion(2.5, 2.0, Direction::Lower), 0.8));
    let o = vec![obs("RATIO", "全市", 2022, 6, Some(1.8), None)];
    let r = find(&annual(&catalog(), &o, &opts(6)), "RATIO", "全市").clone();
    assert!(close(r.completion, 2.0 / 1.8));
    assert_eq!(r.status, "已完成");
}

#[test]
fn zero_target_gives_no_completion() {
    assert_eq!(completion(5.0, 0.0, Direction::Higher), None);
}

#[test]
fn milestones_by_latest_status() {
    let c = catalog();
    let none = annual(&c, &[], &opts(6));
    assert_eq!(find(&none, "PILOT", "乙区").status, "未报送");
    let not_yet = vec![obs("PILOT", "乙区", 2022, 6, Some(0.0), None)];
    assert_eq!(
        find(&annual(&c, &not_yet, &opts(6)), "PILOT", "乙区").status,
        "正常"
    );
    let dec = vec![obs("PILOT", "乙区", 2022, 12, Some(0.0), None)];
    assert_eq!(
        find(&annual(&c, &dec, &opts(12)), "PILOT", "乙区").status,
        "严重滞后"
    );
    let done = vec![obs("PILOT", "乙区", 2022, 4, Some(1.0), None)];
    assert_eq!(
        find(&annual(&c, &done, &opts(6)), "PILOT", "乙区").status,
        "已完成"
    );
}

#[test]
fn band_edges_between_late_and_severely_late() {
    // 9 of 50 in June: 18 % − 50 % = −32 pp → 严重滞后; 15.5 of 50: 31 % → −19 pp → 滞后.
    let c = catalog();
    let r = |v: f64| {
        find(
            &annual(&c, &[obs("ROAD", "全市", 2022, 6, None, Some(v))], &opts(6)),
            "ROAD",
            "全市",
        )
        .status
        .clone()
    };
    assert_eq!(r(9.0), "严重滞后");
    assert_eq!(r(15.5), "滞后");
    assert_eq!(r(15.0), "滞后"); // exactly −20 pp is still 滞后
    assert_eq!(r(14.99), "严重滞后");
    assert_eq!(r(50.0), "已完成");
}

#[test]
fn unreported_and_untargeted() {
    let rows = annual(&catalog(), &[], &opts(6));
    assert_eq!(find(&rows, "ROAD", "全市").status, "未报送");
    assert_eq!(find(&rows, "ROAD", "乙区").status, "无目标");
}

#[test]
fn day_based_time_progress() {
    // 2022-06-30 is day 181 of 365; 2024-06-30 is day 182 of 366; 2022-06-15 is day 166.
    assert!((time_progress(2022, 6, None, TimeBasis::Days) - 181.0 / 365.0).abs() < 1e-12);
    assert!((time_progress(2024, 6, None, TimeBasis::Days) - 182.0 / 366.0).abs() < 1e-12);
    assert!((time_progress(2022, 6, Some(15), TimeBasis::Days) - 166.0 / 365.0).abs() < 1e-12);
    assert_eq!(time_progress(2022, 12, None, TimeBasis::Days), 1.0);
    assert_eq!(time_progress(2022, 3, None, TimeBasis::Months), 0.25);
}

#[test]
fn year_on_year_and_month_on_month() {
    // 2021 Jan–Jun 4 km/month (24), 2022 Jan–Jun 5 km/month (30) → 同比 +25 %; June 6 vs May 5 → 环比 +20 %.
    let mut o: Vec<Obs> = (1..=6)
        .map(|m| obs("ROAD", "全市", 2021, m, Some(4.0), None))
        .collect();
    o.extend((1..=5).map(|m| obs("ROAD", "全市", 2022, m, Some(5.0), None)));
    o.push(obs("ROAD", "全市", 2022, 6, Some(6.0), None));
    let r = find(&annual(&catalog(), &o, &opts(6)), "ROAD", "全市").clone();
    assert!(
        close(r.yoy, 31.0 / 24.0 - 1.0) && close(r.mom, 0.2),
        "{r:?}"
    );
}

#[test]
fn items_roll_up_to_worst_indicator_and_task_status() {
    let c = catalog();
    let o = vec![
        obs("ROAD", "全市", 2022, 6, None, Some(9.0)),
        obs("VILLAGES", "全市", 2022, 6, Some(10.0), None),
    ];
    let rows = annual(&c, &o, &opts(6));
    // Item 2 has no indicators: its task status report, 40 % in June (−10 pp) → 滞后.
    let sts = vec![StatusObs {
        item: 2,
        year: 2022,
        month: 6,
        status: "推进中".into(),
        percent: Some(40.0),
    }];
    let items = rollup::items(&c, &rows, &sts, &opts(6), 0.5);
    assert_eq!(items[0].status, "严重滞后");
    assert_eq!(items[0].worst_indicator.as_deref(), Some("ROAD"));
    assert_eq!(items[1].status, "滞后");
    let sections = rollup::by_section(&c, &items);
    assert_eq!(
        (
            sections[0].items,
            sections[0].behind,
            sections[0].severely_behind
        ),
        (2, 1, 1)
    );
    assert_eq!(sections[0].lagging, vec![1, 2]);
}

#[test]
fn a_lagging_item_is_named_by_its_indicator_furthest_behind() {
    // June: ROAD 9 of 50 km = 18 % (−32 pp), VILLAGES 2 of 10 = 20 % (−30 pp): both 严重滞后,
    // and the item is ROAD's, whichever comes last.
    let c = catalog();
    let o = vec![
        obs("ROAD", "全市", 2022, 6, None, Some(9.0)),
        obs("VILLAGES", "全市", 2022, 6, Some(2.0), None),
    ];
    let items = rollup::items(&c, &annual(&c, &o, &opts(6)), &[], &opts(6), 0.5);
    assert_eq!(items[0].worst_indicator.as_deref(), Some("ROAD"));
    let o = vec![
        obs("ROAD", "全市", 2022, 6, None, Some(11.0)),
        obs("VILLAGES", "全市", 2022, 6, Some(2.0), None),
    ];
    let items = rollup::items(&c, &annual(&c, &o, &opts(6)), &[], &opts(6), 0.5);
    assert_eq!(items[0].worst_indicator.as_deref(), Some("VILLAGES")); // 22 % vs 20 %
}

#[test]
fn completeness_with_late_and_missing_units() {
    let c = catalog();
    let mut late = obs("ROAD", "全市", 2022, 2, Some(1.0), None);
    late.received_at = "2022-03-11T09:00:00+00:00".into();
    let on_time = obs("ROAD", "全市", 2022, 1, Some(1.0), None); // received 2022-02-05
    let rows = completeness::completeness(
        &c,
        &[on_time, late],
        2022,
        3,
        completeness::Due {
            day: 10,
            offset: chrono::FixedOffset::east_opt(0).unwrap(),
        },
    );
    let st: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.period.as_str(), r.status.as_str()))
        .collect();
    assert_eq!(
        st,
        vec![
            ("2022-01", "received"),
            ("2022-02", "late"),
            ("2022-03", "missing")
        ]
    );
    assert_eq!(rows[1].due, "2022-03-10T23:59:59+00:00");
}

fn goal_row(code: &str, latest: Option<(i32, f64)>) -> goals::GoalRow {
    let c = catalog();
    let e = c.indicator(code).unwrap();
    let g = e.def.goal.as_ref().unwrap();
    goals::assess(
        e,
        g.path,
        g.baseline.as_ref().map(|b| (b.year, b.value)),
        g.targets.first().map(|t| (t.year, t.value)),
        latest,
    )
}

#[test]
fn goal_higher_linear() {
    // 80 → 90 over 2020–2025: 2 pp/year needed; 2022 at 83 → 1.5 pp/year → ratio 0.75 → moderate.
    let r = goal_row("G-UP", Some((2022, 83.0)));
    assert!(close(r.required_rate, 2.0) && close(r.actual_rate, 1.5) && close(r.ratio, 0.75));
    assert_eq!(r.category, "moderate");
    // Projected 83 + 1.5 × 3 = 87.5; (87.5 − 80)/(90 − 80) = 0.75 → acceleration needed.
    assert!(close(r.projected, 87.5) && close(r.projected_ratio, 0.75));
    assert_eq!(r.unsd_category, "acceleration_needed");
    assert_eq!(goal_row("G-UP", Some((2022, 79.0))).category, "moving_away");
    assert_eq!(
        goal_row("G-UP", Some((2023, 91.0))).category,
        "target_achieved"
    );
}

#[test]
fn goal_lower_growth() {
    // 2.5 → 2.0 over 5 years: (0.8)^(1/5) − 1 = −4.3648 %/year; 2022 at 2.3: (0.92)^(1/2) − 1 = −4.0833 %.
    let r = goal_row("G-DOWN", Some((2022, 2.3)));
    let req = 0.8f64.powf(0.2) - 1.0;
    let act = 0.92f64.powf(0.5) - 1.0;
    assert!(close(r.required_rate, req) && close(r.actual_rate, act));
    assert!(close(r.ratio, act / req));
    assert_eq!(r.category, "moderate"); // 0.9355
    assert_eq!(
        goal_row("G-DOWN", Some((2022, 2.0))).category,
        "target_achieved"
    );
    assert_eq!(
        goal_row("G-DOWN", Some((2022, 2.6))).category,
        "moving_away"
    );
}

#[test]
fn goal_without_numbers_is_not_set_and_zero_baseline_is_flagged() {
    let r = goal_row_unset();
    assert_eq!(r.category, "target_not_set");
    assert_eq!(r.required_rate, None);
    // Zero baseline: 0 → 50 by 2025 linear 10/year; 2022 at 30 → 15/year → ratio 1.5 → on track.
    let z = goal_row("G-ZERO", Some((2022, 30.0)));
    assert!(z.note.contains("基线为 0"));
    assert!(close(z.required_rate, 10.0) && close(z.ratio, 1.5));
    assert_eq!(z.category, "on_track");
}

#[test]
fn a_goal_as_of_a_month_uses_no_later_figure_and_shares_stop_at_100() {
    // G-UP (%, 80 in 2020 → 90 in 2025): December figures 82 (2021) and 84 (2022).
    let o = vec![
        obs("G-UP", "全市", 2021, 12, Some(82.0), None),
        obs("G-UP", "全市", 2022, 12, Some(84.0), None),
    ];
    let row = |as_of| goals::goals(&catalog(), &o, as_of)[0].clone();
    assert_eq!(
        (row((2022, 6)).latest_year, row((2022, 6)).latest),
        (Some(2021), Some(82.0))
    );
    assert_eq!(row((2022, 12)).latest, Some(84.0));
    // 99 in 2021: 19 pp over a year → projected 99 + 19 × 4, a share: 100 at most.
    let r = goal_row("G-UP", Some((2021, 99.0)));
    assert!(close(r.projected, 100.0));
}

fn goal_row_unset() -> goals::GoalRow {
    let c = catalog();
    let e = c.indicator("G-UNSET").unwrap();
    goals::assess(
        e,
        crate::catalog::GoalPath::Linear,
        None,
        None,
        Some((2022, 60.0)),
    )
}

/// A second plan for the aggregation, ratio and edge examples: two districts, a city-only flow,
/// a ratio of a flow over a stock, and city figures combined by mean, weighted mean and max.
const WORKED: &str = r#"
[plan]
name = "算例规划"
region = "测试市"
year = 2022

[[sections]]
no = 1
title = "算例"

[[items]]
no = 1
section = 1
text = "算例"
units = ["市交通运输局"]
districts = ["各区"]
[[items.indicators]]
code = "FLOW"
name = "新建公里数"
unit = "公里"
kind = "flow"
targets = [{ year = 2022, value = 100 }]
source = "100公里"
[[items.indicators]]
code = "TOILETS"
name = "改厕户数"
unit = "户"
kind = "flow"
by_district = true
source = "改厕"
[[items.indicators]]
code = "RATE"
name = "改厕率"
unit = "%"
kind = "ratio"
numerator = "TOILETS"
denominator = "HOUSEHOLDS"
by_district = true
targets = [{ year = 2022, value = 40 }, { year = 2022, scope = "乙区", value = 40 }]
source = "改厕率40%"
[[items.indicators]]
code = "INCOME"
name = "人均收入"
unit = "元"
kind = "stock"
by_district = true
aggregation = "weighted_mean"
weight = "HOUSEHOLDS"
targets = [{ year = 2022, value = 20000 }]
source = "收入"
[[items.indicators]]
code = "SCORE"
name = "群众满意度"
unit = "%"
kind = "stock"
by_district = true
aggregation = "mean"
targets = [{ year = 2022, value = 90 }]
source = "满意度"
[[items.indicators]]
code = "WAIT"
name = "积压件数"
unit = "件"
kind = "stock"
direction = "lower"
by_district = true
aggregation = "max"
targets = [{ year = 2022, value = 5 }, { year = 2022, scope = "甲区", value = 5 }]
source = "5天"

[[indicators]]
code = "HOUSEHOLDS"
name = "农户数"
unit = "户"
kind = "stock"
by_district = true
source = "户数"
"#;

fn worked() -> Catalog {
    plan_catalog(WORKED)
}

/// The FLOW row (city only, target 100) for a June 累计 `v`, by the given options.
fn flow_june(v: f64, opts: &Options) -> super::ProgressRow {
    let o = [obs("FLOW", "全市", 2022, 6, None, Some(v))];
    find(&annual(&worked(), &o, opts), "FLOW", "全市").clone()
}

#[test]
fn the_band_edges_are_half_open_and_banded_as_printed() {
    // 45 of 100 in June: 0.45 − 0.5 = −0.04999999999999999 → ×100 = −4.999999999999999, rounded to
    // 9 decimals −5.0: exactly the lower edge of 正常 [−5, +5), so 正常; 44.9 → −5.1 → 滞后.
    let r = flow_june(45.0, &opts(6));
    assert_eq!((r.gap_pp, r.status.as_str()), (Some(-5.0), "正常"));
    assert_eq!(flow_june(44.9, &opts(6)).status, "滞后");
    // 55 → +5.0 (from 5.000000000000004): the lower edge of 超序时.
    let r = flow_june(55.0, &opts(6));
    assert_eq!((r.gap_pp, r.status.as_str()), (Some(5.0), "超序时"));
    // 30 → −20.0: the lower edge of 滞后 [−20, −5).
    let r = flow_june(30.0, &opts(6));
    assert_eq!((r.gap_pp, r.status.as_str()), (Some(-20.0), "滞后"));
}

#[test]
fn done_overrides_the_band_and_keeps_the_gap() {
    // 120 of 100 in June: completion 1.2, gap (1.2 − 0.5) × 100 = +70 pp, status 已完成.
    let r = flow_june(120.0, &opts(6));
    assert!(close(r.completion, 1.2));
    assert_eq!((r.gap_pp, r.status.as_str()), (Some(70.0), "已完成"));
}

#[test]
fn days_basis_can_move_a_band() {
    // 29.8 of 100 as of June. By months: 0.298 − 6/12 = −20.2 pp → 严重滞后. By days: June 30 is
    // day 181 of 365, 0.298 − 0.495890411 = −19.7890411 pp → 滞后.
    let r = flow_june(29.8, &opts(6));
    assert_eq!((r.gap_pp, r.status.as_str()), (Some(-20.2), "严重滞后"));
    let mut days = opts(6);
    days.basis = TimeBasis::Days;
    let r = flow_june(29.8, &days);
    assert!(close(r.gap_pp, (0.298 - 181.0 / 365.0) * 100.0), "{r:?}");
    assert_eq!(r.status, "滞后");
    assert!(close(Some(r.time_progress), 181.0 / 365.0));
}

#[test]
fn a_flow_mixing_an_older_cumulative_with_later_months_by_either_ytd_rule() {
    // April 累计 12; May 本月 4 and 累计 16; June 本月 5 with 累计 blank.
    // By kind: May's 累计 16 + June's 5 = 21. Reported cumulative: May's 16, as of May.
    let o = vec![
        obs("FLOW", "全市", 2022, 4, None, Some(12.0)),
        obs("FLOW", "全市", 2022, 5, Some(4.0), Some(16.0)),
        obs("FLOW", "全市", 2022, 6, Some(5.0), None),
    ];
    let by_kind = annual(&worked(), &o, &opts(6));
    let r = find(&by_kind, "FLOW", "全市");
    assert_eq!(
        (r.actual, r.actual_period.as_deref()),
        (Some(21.0), Some("2022-06"))
    );
    let mut rc = opts(6);
    rc.ytd = super::annual::YtdRule::ReportedCumulative;
    let rows = annual(&worked(), &o, &rc);
    let r = find(&rows, "FLOW", "全市");
    assert_eq!(
        (r.actual, r.actual_period.as_deref()),
        (Some(16.0), Some("2022-05"))
    );
    // 16 % − 50 % = −34 pp.
    assert_eq!((r.gap_pp, r.status.as_str()), (Some(-34.0), "严重滞后"));
}

#[test]
fn a_ratio_is_its_numerator_over_its_denominator_and_the_city_a_ratio_of_sums() {
    // 甲区: 10 toilets a month Jan–Jun = 60, of 300 households (March) → 20 %.
    // 乙区: 累计 30 in May, of 100 households (June) → 30 %, against its own 40 → 75 %.
    // City (reported neither): (60 + 30) ÷ (300 + 100) = 22.5 %, not the mean of 20 and 30;
    // 22.5 / 40 = 56.25 % vs 50 % → +6.25 pp → 超序时.
    let mut o: Vec<Obs> = (1..=6)
        .map(|m| obs("TOILETS", "甲区", 2022, m, Some(10.0), None))
        .collect();
    o.push(obs("TOILETS", "乙区", 2022, 5, None, Some(30.0)));
    o.push(obs("HOUSEHOLDS", "甲区", 2022, 3, Some(300.0), None));
    o.push(obs("HOUSEHOLDS", "乙区", 2022, 6, Some(100.0), None));
    let rows = annual(&worked(), &o, &opts(6));
    let a = find(&rows, "RATE", "甲区");
    assert_eq!((a.actual, a.status.as_str()), (Some(20.0), "无目标"));
    let b = find(&rows, "RATE", "乙区");
    assert!(close(b.actual, 30.0) && close(b.completion, 0.75));
    assert!(close(b.gap_pp, 25.0) && b.status == "超序时");
    let city = find(&rows, "RATE", "全市");
    assert!(close(city.actual, 22.5) && close(city.completion, 0.5625));
    assert!(close(city.gap_pp, 6.25) && city.status == "超序时");
    assert_eq!(city.note, "按 TOILETS ÷ HOUSEHOLDS 计算（90 ÷ 400）");
    assert_eq!(city.actual_period.as_deref(), Some("2022-06"));
    // Without its parts, the ratio's own figure counts: 乙区 reports 35 % directly.
    let o = [obs("RATE", "乙区", 2022, 6, Some(35.0), None)];
    let b = find(&annual(&worked(), &o, &opts(6)), "RATE", "乙区").clone();
    assert!(close(b.actual, 35.0) && close(b.completion, 0.875));
}

#[test]
fn a_weighted_mean_weighs_by_the_weight_indicator_and_leaves_out_a_district_without_one() {
    // 甲区 21 000 元 × 300 households, 乙区 15 000 元 × 100:
    // (6 300 000 + 1 500 000) ÷ 400 = 19 500; 19 500 / 20 000 = 97.5 % → +47.5 pp → 超序时.
    let mut o = vec![
        obs("INCOME", "甲区", 2022, 6, Some(21000.0), None),
        obs("INCOME", "乙区", 2022, 6, Some(15000.0), None),
        obs("HOUSEHOLDS", "甲区", 2022, 3, Some(300.0), None),
        obs("HOUSEHOLDS", "乙区", 2022, 6, Some(100.0), None),
    ];
    let city = find(&annual(&worked(), &o, &opts(6)), "INCOME", "全市").clone();
    assert!(close(city.actual, 19500.0) && close(city.gap_pp, 47.5));
    assert_eq!(city.note, "由各区汇总（weighted_mean，2/2 个区有数）");
    // 乙区 without households: 甲区 alone, 21 000 → 105 % → 已完成, gap still given (+55 pp).
    o.pop();
    let city = find(&annual(&worked(), &o, &opts(6)), "INCOME", "全市").clone();
    assert!(close(city.actual, 21000.0) && close(city.gap_pp, 55.0));
    assert_eq!(city.status, "已完成");
    assert_eq!(
        city.note,
        "由各区汇总（weighted_mean，2/2 个区有数；乙区无权重 HOUSEHOLDS，未计入）"
    );
}

#[test]
fn a_mean_of_districts_and_a_stock_reported_only_in_its_cumulative() {
    // 甲区 80 % given only as 累计完成, 乙区 91 % → mean 85.5 %; 85.5 / 90 = 95 % → +45 pp.
    // District rows have no district target: 无目标, with their figures.
    let o = vec![
        obs("SCORE", "甲区", 2022, 6, None, Some(80.0)),
        obs("SCORE", "乙区", 2022, 6, Some(91.0), None),
    ];
    let rows = annual(&worked(), &o, &opts(6));
    let a = find(&rows, "SCORE", "甲区");
    assert_eq!((a.actual, a.status.as_str()), (Some(80.0), "无目标"));
    let city = find(&rows, "SCORE", "全市");
    assert!(close(city.actual, 85.5) && close(city.completion, 0.95));
    assert!(close(city.gap_pp, 45.0) && city.status == "超序时");
}

#[test]
fn a_max_of_districts_for_lower_is_better_and_an_actual_of_zero() {
    // Backlog, lower is better, city = the worst district: max(0, 8) = 8 cases;
    // 5 / 8 = 62.5 % vs 50 % → +12.5 pp → 超序时. 甲区 at 0 against its 5: counts as 100 % → 已完成.
    let o = vec![
        obs("WAIT", "甲区", 2022, 6, Some(0.0), None),
        obs("WAIT", "乙区", 2022, 6, Some(8.0), None),
    ];
    let rows = annual(&worked(), &o, &opts(6));
    let city = find(&rows, "WAIT", "全市");
    assert!(close(city.actual, 8.0) && close(city.completion, 0.625));
    assert!(close(city.gap_pp, 12.5) && city.status == "超序时");
    let a = find(&rows, "WAIT", "甲区");
    assert_eq!((a.completion, a.status.as_str()), (Some(1.0), "已完成"));
    assert_eq!(completion(0.0, 5.0, Direction::Lower), Some(1.0));
}

#[test]
fn no_target_comes_before_not_reported() {
    // 乙区's WAIT has neither a district target nor data: 无目标, not 未报送; the city, with a
    // target and no data, is 未报送; 甲区 with a target and no data is 未报送.
    let rows = annual(&worked(), &[], &opts(6));
    assert_eq!(find(&rows, "WAIT", "乙区").status, "无目标");
    assert_eq!(find(&rows, "WAIT", "全市").status, "未报送");
    assert_eq!(find(&rows, "WAIT", "甲区").status, "未报送");
}

#[test]
fn a_city_figure_older_than_the_as_of_month_says_so() {
    // August: both districts' latest figures are July's → 各区均为7月数 (the note said only 2/2).
    let o = vec![
        obs("SCORE", "甲区", 2022, 7, Some(80.0), None),
        obs("SCORE", "乙区", 2022, 7, Some(90.0), None),
    ];
    let city = find(&annual(&worked(), &o, &opts(8)), "SCORE", "全市").clone();
    assert_eq!(city.note, "由各区汇总（mean，2/2 个区有数；各区均为7月数）");
    assert_eq!(city.actual_period.as_deref(), Some("2022-07"));
    // 甲区 in August, 乙区 in July → only 乙区 is named.
    let o = vec![
        obs("SCORE", "甲区", 2022, 8, Some(80.0), None),
        obs("SCORE", "乙区", 2022, 7, Some(90.0), None),
    ];
    let city = find(&annual(&worked(), &o, &opts(8)), "SCORE", "全市").clone();
    assert_eq!(city.note, "由各区汇总（mean，2/2 个区有数；乙区为7月数）");
}

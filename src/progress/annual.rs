//! Progress against annual targets.
//!
//! Rules (the project design, "Progress rules (annual targets)", summed up in README.md):
//! - **Time progress (序时进度)**: `m / 12` as of month `m` (the default, as Chinese statistical
//!   offices report it), or `elapsed days / days in year` with the days basis, where the as-of day
//!   is the given date or the month's last day (2022-06 → 181 / 365 = 0.4959).
//! - **Year-to-date actual**: flow → the latest reported cumulative `C_k` plus the monthly values
//!   after month `k` (so a sum of monthly values when no cumulative is given, and the sender's own
//!   cumulative when it is); stock → the latest value; milestone → the latest 1/0.
//!   A reported cumulative that differs from the sum of a full run of monthly values is noted.
//!   With [`YtdRule::ReportedCumulative`] (`--ytd reported-cumulative`) the actual is instead the
//!   latest *reported* cumulative (累计完成), a flow's monthly values ignored: a December whose
//!   累计完成 is blank falls back to November even if its 本月完成 is filled in. A stock's or
//!   milestone's 本月 is its level, the same figure as a cumulative, and counts. This is the
//!   reading of a statistician who only looks at the 累计完成 column (the benchmark task in
//!   `benches/`). `actual_period` says which month the actual was taken from.
//!   A stock's or milestone's level in a month is its 累计完成 when given, else its 本月完成: a
//!   stock reported only in 累计完成 (本月 empty) takes that figure.
//! - **Ratio** (`kind = "ratio"`): the numerator's year-to-date ÷ the denominator's, each read by
//!   its own kind, × 100 when the ratio's unit is %; for the city, when it reported neither, each
//!   part is its districts combined by that part's own aggregation (a ratio of sums, not a mean
//!   of ratios). Without both figures (or with a zero denominator) the ratio's own reported
//!   figures are read as a stock's.
//! - **Completion (完成率)**: `actual / target`; for lower-is-better, `target / actual` so that
//!   beating the target reads as ≥ 1 (an actual ≤ 0 against a target ≥ 0 counts as 1). A zero or
//!   missing target gives no completion.
//! - **Schedule gap**: `(completion − time progress) × 100` percentage points, rounded to 9
//!   decimals — the figure JSON prints — before it is banded, so (0.30 − 0.25) × 100 =
//!   4.999999999999999 is 5.0 and 超序时. (A one-decimal table shows a gap of 4.96 as +5.0; it is
//!   still 正常.)
//! - **Status**, in this order: 无目标 (no target, or a zero one, for the scope: a district
//!   without its own target is 无目标 even with data, and never 未报送) → 未报送 (no value this
//!   year up to the as-of month) → 已完成 (completion ≥ 1 for flows, stocks and ratios — whatever
//!   the band, and `gap_pp` is still given; a milestone done) → the configured bands on the gap.
//!   Bands are half-open `[min, max)`: with the defaults an exact +5 is 超序时, an exact −5 正常
//!   and an exact −20 滞后. A milestone not yet done is 正常 until December and 严重滞后 in
//!   December, and has no gap.
//! - **Projection**: flows at the run rate, `actual / time progress`; stocks by the straight
//!   line through the year's first and latest values, carried to December (shares capped at 100 %).
//! - **同比**: actual ÷ the same-month actual a year earlier − 1; **环比**: the month's own value
//!   (flow increment or stock level) ÷ the previous month's − 1.
//! - **Districts**: each against its own target where one is set (else 无目标); the city figure
//!   is the 全市 row when reported, else the districts combined by the indicator's aggregation:
//!   `sum`, `mean`, `min`, `max` of the districts that have a figure, or `weighted_mean` weighted
//!   by the `weight` indicator's year-to-date in the same district (a district without a weight
//!   is left out). The note names the districts missing and those whose figure is older than
//!   the as-of month (`乙区为5月数`; `各区均为7月数` when all are of one older month).

use serde::Serialize;

use super::frame::Obs;
use super::Bands;
use crate::catalog::measure::round9;
use crate::catalog::{Aggregation, Catalog, Direction, IndicatorEntry, MeasureKind, CITY};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeBasis {
    #[default]
    Months,
    Days,
}

/// How the year-to-date actual is read from a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YtdRule {
    /// By measure kind (the default): flow → latest cumulative plus later monthly values;
    /// stock → latest level; milestone → latest 1/0.
    #[default]
    ByKind,
    /// The latest reported cumulative (累计完成), whatever the kind; monthly values are ignored.
    ReportedCumulative,
}

impl YtdRule {
    pub fn parse(s: &str) -> Option<YtdRule> {
        match s {
            "kind" | "by-kind" => Some(YtdRule::ByKind),
            "reported-cumulative" => Some(YtdRule::ReportedCumulative),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub year: i32,
    /// The as-of month, 1–12.
    pub month: u32,
    /// An as-of day within the month for the days basis (default: the month's last day).
    pub day: Option<u32>,
    pub basis: TimeBasis,
    pub bands: Bands,
    /// How the year-to-date actual is read (default: by measure kind).
    pub ytd: YtdRule,
}

/// 序时进度 as a fraction.
pub fn time_progress(year: i32, month: u32, day: Option<u32>, basis: TimeBasis) -> f64 {
    match basis {
        TimeBasis::Months => f64::from(month.clamp(1, 12)) / 12.0,
        TimeBasis::Days => {
            use chrono::{Datelike, NaiveDate};
            let last = NaiveDate::from_ymd_opt(year, month % 12 + 1, 1).map(|d| {
                if month == 12 {
                    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(d)
                } else {
                    d.pred_opt().unwrap_or(d)
                }
            });
            let date = day
                .and_then(|d| NaiveDate::from_ymd_opt(year, month, d))
                .or(last)
                .unwrap_or_default();
            let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
                366.0
            } else {
                365.0
            };
            f64::from(date.ordinal()) / days
        }
    }
}

/// One row of the progress table (schema documented in `progress/mod.rs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressRow {
    pub indicator: String,
    pub name: String,
    pub item: Option<u32>,
    pub section: Option<u32>,
    pub unit: String,
    pub kind: String,
    pub direction: String,
    pub district: String,
    pub year: i32,
    pub as_of: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub completion: Option<f64>,
    pub time_progress: f64,
    pub gap_pp: Option<f64>,
    pub status: String,
    pub projection: Option<f64>,
    pub yoy: Option<f64>,
    pub mom: Option<f64>,
    pub months_reported: u32,
    pub last_period: Option<String>,
    /// The month (YYYY-MM) whose figure the actual is: the latest month that contributed to it.
    pub actual_period: Option<String>,
    pub reporting_unit: String,
    pub note: String,
    /// For a city figure combined from the districts (none reported for the city), the rule
    /// they were combined by; not an output column (the note says it).
    #[serde(skip)]
    pub combined: Option<Aggregation>,
}

/// Year-to-date figures of one indicator in one scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ytd {
    pub actual: Option<f64>,
    pub months: u32,
    pub last_month: Option<u32>,
    pub first: Option<(u32, f64)>,
    /// The month the actual comes from (the latest month that contributed to it).
    pub actual_month: Option<u32>,
    pub notes: Vec<String>,
}

/// Year-to-date actual of a series (one indicator, one scope, one year, months ≤ as-of, sorted).
pub fn ytd(kind: MeasureKind, series: &[&Obs]) -> Ytd {
    ytd_with(kind, YtdRule::ByKind, series)
}

/// As [`ytd`], with the given rule.
pub fn ytd_with(kind: MeasureKind, rule: YtdRule, series: &[&Obs]) -> Ytd {
    let mut y = Ytd {
        months: series.len() as u32,
        last_month: series.last().map(|o| o.month),
        ..Default::default()
    };
    let level = |o: &Obs| o.cumulative.or(o.value);
    y.first = series.iter().find_map(|o| level(o).map(|v| (o.month, v)));
    if rule == YtdRule::ReportedCumulative {
        // A level's 本月 and 累计 are the same figure: only a flow's 本月 is not a cumulative.
        let reported = |o: &Obs| match kind {
            MeasureKind::Flow => o.cumulative,
            _ => level(o),
        };
        if let Some((o, v)) = series.iter().rev().find_map(|o| Some((o, reported(o)?))) {
            y.actual = Some(v);
            y.actual_month = Some(o.month);
        }
        return y;
    }
    match kind {
        MeasureKind::Flow => {
            let k = series.iter().rposition(|o| o.cumulative.is_some());
            let base = k.and_then(|k| series[k].cumulative).unwrap_or(0.0);
            let after: f64 = series[k.map_or(0, |k| k + 1)..]
                .iter()
                .filter_map(|o| o.value)
                .sum();
            let any = k.is_some() || series.iter().any(|o| o.value.is_some());
            y.actual = any.then_some(base + after);
            y.actual_month = series
                .iter()
                .enumerate()
                .rev()
                .find(|(i, o)| o.value.is_some() || Some(*i) == k)
                .map(|(_, o)| o.month);
            if let Some(k) = k {
                let run: Vec<f64> = series[..=k].iter().filter_map(|o| o.value).collect();
                let full = run.len() == series[..=k].len() && series[k].month as usize == run.len();
                let sum: f64 = run.iter().sum();
                if full && (sum - base).abs() > 1e-6 * base.abs().max(1.0) {
                    y.notes.push(format!(
                        "{}月累计 {} 与各月之和 {} 不符，按累计计",
                        series[k].month,
                        fmt(base),
                        fmt(sum)
                    ));
                }
            }
        }
        MeasureKind::Stock | MeasureKind::Ratio | MeasureKind::Milestone => {
            if let Some((m, v)) = series
                .iter()
                .rev()
                .find_map(|o| level(o).map(|v| (o.month, v)))
            {
                y.actual = Some(v);
                y.actual_month = Some(m);
            }
        }
    }
    y
}

fn fmt(v: f64) -> String {
    crate::ingest::cell::format_number((v * 1e6).round() / 1e6)
}

/// Completion rate; `None` without a usable target.
pub fn completion(actual: f64, target: f64, direction: Direction) -> Option<f64> {
    match direction {
        Direction::Higher if target != 0.0 => Some(actual / target),
        Direction::Higher => None,
        Direction::Lower if actual <= 0.0 && target >= 0.0 => Some(1.0),
        Direction::Lower if actual != 0.0 => Some(target / actual),
        Direction::Lower => None,
    }
}

/// The month's own value: a flow's increment (given, or from cumulatives), a stock's level.
fn month_value(kind: MeasureKind, series: &[&Obs], month: u32) -> Option<f64> {
    let at = series.iter().position(|o| o.month == month)?;
    let o = series[at];
    match kind {
        MeasureKind::Flow => o.value.or_else(|| {
            let prev = if month == 1 {
                Some(0.0)
            } else {
                series[..at]
                    .last()
                    .filter(|p| p.month == month - 1)
                    .and_then(|p| p.cumulative)
            };
            Some(o.cumulative? - prev?)
        }),
        _ => o.cumulative.or(o.value),
    }
}

fn ratio_change(cur: Option<f64>, prev: Option<f64>) -> Option<f64> {
    match (cur, prev) {
        (Some(c), Some(p)) if p != 0.0 => Some(c / p - 1.0),
        _ => None,
    }
}

/// Observations by indicator · scope · year (hashed: a national store has millions of rows, and
/// a tree of string keys spent most of the progress run comparing them).
struct Series<'a> {
    by_key: crate::FastMap<(&'a str, &'a str, i32), Vec<&'a Obs>>,
}

impl<'a> Series<'a> {
    fn new(obs: &'a [Obs], month: u32, year: i32) -> Self {
        let mut by_key: crate::FastMap<_, Vec<&Obs>> = Default::default();
        for o in obs
            .iter()
            .filter(|o| (o.year == year || o.year == year - 1) && o.month <= month)
        {
            by_key
                .entry((&*o.indicator, &*o.district, o.year))
                .or_default()
                .push(o);
        }
        Series { by_key }
    }

    fn get<'s>(&'s self, ind: &'s str, district: &'s str, year: i32) -> &'s [&'a Obs] {
        self.by_key
            .get(&(ind, district, year))
            .map_or(&[], Vec::as_slice)
    }
}

/// Computes the progress table: a city row per indicator, plus a row per district for
/// district-scoped indicators.
pub fn annual(catalog: &Catalog, obs: &[Obs], opts: &Options) -> Vec<ProgressRow> {
    let series = Series::new(obs, opts.month, opts.year);
    let tp = time_progress(opts.year, opts.month, opts.day, opts.basis);
    // At most a city row and a row per district for each indicator: sized once, not doubled
    // (a national table's rows are ≈ 160 MB).
    let mut rows = Vec::with_capacity(catalog.indicators.len() * (catalog.districts.len() + 1));
    for e in catalog
        .indicators
        .iter()
        .filter(|e| e.item.is_some() || e.def.targets.iter().any(|t| t.year == opts.year))
    {
        let scopes: Vec<String> = catalog
            .scopes(e)
            .into_iter()
            .filter(|d| d != CITY)
            .collect();
        // A scope's row from its own series (a ratio's from its numerator and denominator).
        let scope_ytd = |d: &str, year: i32| {
            let derived = (e.def.kind == MeasureKind::Ratio)
                .then(|| ratio_ytd(e, catalog, &series, d, year, opts))
                .flatten();
            derived
                .unwrap_or_else(|| ytd_with(e.def.kind, opts.ytd, series.get(&e.def.code, d, year)))
        };
        let own_row = |d: &str| {
            let cur = series.get(&e.def.code, d, opts.year);
            let y = scope_ytd(d, opts.year);
            let prev = Some(scope_ytd(d, opts.year - 1));
            row(e, d, y, prev, cur, tp, opts)
        };
        let district_rows: Vec<ProgressRow> = scopes.iter().map(|d| own_row(d)).collect();
        if e.def.district.is_some() {
            rows.extend(district_rows);
            continue;
        }
        let reported = !series.get(&e.def.code, CITY, opts.year).is_empty()
            || (e.def.kind == MeasureKind::Ratio
                && ratio_ytd(e, catalog, &series, CITY, opts.year, opts).is_some());
        let city = if reported || district_rows.is_empty() {
            own_row(CITY)
        } else {
            let combined = combine(e, &district_rows, catalog, &series, opts);
            let mut city = row(e, CITY, combined, None, &[], tp, opts);
            if e.def.kind == MeasureKind::Stock {
                city.projection = combine_projections(e, &district_rows);
            }
            city.combined = Some(e.def.aggregation);
            city
        };
        rows.push(city);
        rows.extend(district_rows);
    }
    rows
}

/// The city year-to-date from district figures, by the indicator's aggregation rule.
fn combine(
    e: &IndicatorEntry,
    districts: &[ProgressRow],
    catalog: &Catalog,
    series: &Series,
    opts: &Options,
) -> Ytd {
    let reported: Vec<&ProgressRow> = districts.iter().filter(|r| r.actual.is_some()).collect();
    let vals: Vec<f64> = reported.iter().filter_map(|r| r.actual).collect();
    let mut y = Ytd {
        months: reported
            .iter()
            .map(|r| r.months_reported)
            .max()
            .unwrap_or(0),
        last_month: reported
            .iter()
            .filter_map(|r| r.last_period.as_ref().and_then(|p| p[5..].parse().ok()))
            .max(),
        actual_month: reported
            .iter()
            .filter_map(|r| r.actual_period.as_ref().and_then(|p| p[5..].parse().ok()))
            .max(),
        ..Default::default()
    };
    if vals.is_empty() {
        return y;
    }
    let mut unweighted = String::new();
    y.actual = match e.def.aggregation {
        Aggregation::WeightedMean => {
            let w = e.def.weight.as_deref().unwrap_or_default();
            let kind = catalog
                .indicator(w)
                .map_or(MeasureKind::Stock, |x| x.def.kind);
            let weight = |r: &ProgressRow| {
                ytd_with(kind, opts.ytd, series.get(w, &r.district, opts.year)).actual
            };
            let (pairs, left_out): (Vec<_>, Vec<_>) = (reported.iter())
                .map(|r| (r, weight(r)))
                .partition(|(_, w)| w.is_some());
            if !left_out.is_empty() {
                let names: Vec<&str> = left_out.iter().map(|(r, _)| r.district.as_str()).collect();
                unweighted = format!("；{}无权重 {w}，未计入", names.join("、"));
            }
            let pairs: Vec<(f64, f64)> = (pairs.iter())
                .filter_map(|(r, w)| Some((r.actual?, (*w)?)))
                .collect();
            let wsum: f64 = pairs.iter().map(|p| p.1).sum();
            (wsum > 0.0).then(|| pairs.iter().map(|(v, w)| v * w).sum::<f64>() / wsum)
        }
        agg => aggregate(agg, &vals),
    };
    let n = catalog.districts.len();
    y.notes.push(format!(
        "由各区汇总（{}，{}/{n} 个区有数{}{unweighted}）",
        e.def.aggregation.as_str(),
        vals.len(),
        partial_districts(districts, opts.month),
    ));
    y
}

/// A ratio's year-to-date: its numerator's ÷ its denominator's, each read by its own kind, × 100
/// for a share in %. `None` when either has no figure or the denominator is 0: the ratio's own
/// reported figures are then read as a level. Its month is the later of its two parts'.
fn ratio_ytd(
    e: &IndicatorEntry,
    catalog: &Catalog,
    series: &Series,
    district: &str,
    year: i32,
    opts: &Options,
) -> Option<Ytd> {
    let (n, d) = (e.def.numerator.as_deref()?, e.def.denominator.as_deref()?);
    let part = |code| component_ytd(catalog, series, code, district, year, opts);
    let (yn, yd) = (part(n)?, part(d)?);
    let (an, ad) = (yn.actual?, yd.actual?);
    if ad == 0.0 {
        return None;
    }
    let scale = if e.def.unit == "%" { 100.0 } else { 1.0 };
    Some(Ytd {
        actual: Some(an / ad * scale),
        months: yn.months.max(yd.months),
        last_month: yn.last_month.max(yd.last_month),
        actual_month: yn.actual_month.max(yd.actual_month),
        first: None,
        notes: vec![format!("按 {n} ÷ {d} 计算（{} ÷ {}）", fmt(an), fmt(ad))],
    })
}

/// A ratio's numerator or denominator in one scope: its own series, or for the city, when the
/// city reported none, its districts combined by that indicator's own aggregation.
fn component_ytd(
    catalog: &Catalog,
    series: &Series,
    code: &str,
    district: &str,
    year: i32,
    opts: &Options,
) -> Option<Ytd> {
    let c = catalog.indicator(code)?;
    let own = series.get(code, district, year);
    if !own.is_empty() || district != CITY {
        return Some(ytd_with(c.def.kind, opts.ytd, own));
    }
    let parts: Vec<Ytd> = (catalog.scopes(c).iter())
        .filter(|d| *d != CITY)
        .map(|d| ytd_with(c.def.kind, opts.ytd, series.get(code, d, year)))
        .filter(|y| y.actual.is_some())
        .collect();
    let vals: Vec<f64> = parts.iter().filter_map(|y| y.actual).collect();
    Some(Ytd {
        actual: aggregate(c.def.aggregation, &vals),
        months: parts.iter().map(|y| y.months).max().unwrap_or(0),
        last_month: parts.iter().filter_map(|y| y.last_month).max(),
        actual_month: parts.iter().filter_map(|y| y.actual_month).max(),
        ..Default::default()
    })
}

impl ProgressRow {
    /// How a city figure combined from districts by other than a sum came about (`各区最低`):
    /// it is then a district's figure, not the city's own, and is to be named so.
    pub fn combined_as(&self) -> Option<&'static str> {
        match self.combined? {
            Aggregation::Min => Some("各区最低"),
            Aggregation::Max => Some("各区最高"),
            Aggregation::Mean => Some("各区平均"),
            Aggregation::WeightedMean => Some("各区加权平均"),
            Aggregation::Sum | Aggregation::CityOnly => None,
        }
    }
}

/// The gap to the schedule in percentage points, rounded to 1e-9 pp so that a band edge computed
/// by hand (15/50 − 3/12 = 5 pp) is not lost to binary floating point (4.999999999): one rule for
/// indicators, task-status items and the report.
pub fn schedule_gap(completion: f64, tp: f64) -> f64 {
    round9((completion - tp) * 100.0)
}

/// A share cannot be projected past 100 % (nor below 0).
pub(super) fn capped(e: &IndicatorEntry, projection: f64) -> f64 {
    if e.def.unit == "%" {
        projection.clamp(0.0, 100.0)
    } else {
        projection
    }
}

/// The city projection of a stock combined from districts: the districts' own projections
/// combined as their figures are (a straight line through the city's "first" value would mix
/// months); none when a district that reported has none, or for a weighted mean.
fn combine_projections(e: &IndicatorEntry, districts: &[ProgressRow]) -> Option<f64> {
    let p: Vec<f64> = (districts.iter())
        .filter(|r| r.actual.is_some())
        .map(|r| r.projection)
        .collect::<Option<_>>()?;
    aggregate(e.def.aggregation, &p)
}

/// District figures combined by a rule that needs nothing else (a weighted mean needs weights).
fn aggregate(rule: Aggregation, vals: &[f64]) -> Option<f64> {
    match rule {
        _ if vals.is_empty() => None,
        Aggregation::Sum => Some(vals.iter().sum()),
        Aggregation::Mean => Some(vals.iter().sum::<f64>() / vals.len() as f64),
        Aggregation::Min => vals.iter().copied().reduce(f64::min),
        Aggregation::Max => vals.iter().copied().reduce(f64::max),
        Aggregation::CityOnly | Aggregation::WeightedMean => None,
    }
}

/// What a reader of a combined city figure must know: the districts left out (`；缺 梁子湖区`)
/// and those counted with a figure older than the as-of month (`；华容区为6月数`, or `；各区均为7月数`
/// when every district's figure is of one older month: an August table whose city figure is
/// all July's says so).
fn partial_districts(districts: &[ProgressRow], as_of: u32) -> String {
    let month = |r: &ProgressRow| r.actual_period.as_ref()?.get(5..)?.parse::<u32>().ok();
    let missing: Vec<&str> = (districts.iter())
        .filter(|r| r.actual.is_none())
        .map(|r| r.district.as_str())
        .collect();
    let months: Vec<(&str, u32)> = (districts.iter())
        .filter(|r| r.actual.is_some())
        .filter_map(|r| Some((r.district.as_str(), month(r)?)))
        .collect();
    let stale: Vec<(&str, u32)> = months.iter().copied().filter(|m| m.1 < as_of).collect();
    let mut out = String::new();
    if !missing.is_empty() && missing.len() < districts.len() {
        out += &format!("；缺{}", missing.join("、"));
    }
    match stale.as_slice() {
        [] => {}
        [(_, m), ..]
            if stale.len() == months.len()
                && stale.len() > 1
                && stale.iter().all(|s| s.1 == *m) =>
        {
            let all = if missing.is_empty() {
                "各区"
            } else {
                "其余"
            };
            out += &format!("；{all}均为{m}月数")
        }
        _ => {
            let named: Vec<String> = stale.iter().map(|(d, m)| format!("{d}为{m}月数")).collect();
            out += &format!("；{}", named.join("、"));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn row(
    e: &IndicatorEntry,
    district: &str,
    y: Ytd,
    prev: Option<Ytd>,
    cur: &[&Obs],
    tp: f64,
    opts: &Options,
) -> ProgressRow {
    let target = e.target(opts.year, district);
    let mut notes = y.notes.clone();
    let actual = y.actual.map(round9);
    let completion = match (actual, target) {
        (Some(a), Some(t)) => completion(a, t, e.def.direction),
        _ => None,
    };
    if target == Some(0.0) {
        notes.push("目标为 0，不计完成率".into());
    }
    // A milestone is done or not: it has no schedule to be ahead of or behind before December
    // (see `status`), so no gap either — a gap of −50 pp beside 正常 read as a contradiction.
    let gap_pp = completion
        .filter(|_| e.def.kind != MeasureKind::Milestone)
        .map(|c| schedule_gap(c, tp));
    let status = status(e, target, &y, completion, gap_pp, opts);
    let projection = match (e.def.kind, y.actual) {
        (MeasureKind::Flow, Some(a)) if tp > 0.0 => Some(a / tp),
        (MeasureKind::Stock, Some(a)) => match (y.first, y.last_month) {
            (Some((m0, v0)), Some(m1)) if m1 > m0 => Some(capped(
                e,
                a + (a - v0) / f64::from(m1 - m0) * f64::from(12 - m1),
            )),
            _ => Some(a),
        },
        _ => None,
    };
    let yoy = prev
        .and_then(|p| ratio_change(y.actual, p.actual))
        .map(round9);
    let mom = if opts.month > 1 {
        ratio_change(
            month_value(e.def.kind, cur, opts.month),
            month_value(e.def.kind, cur, opts.month - 1),
        )
        .map(round9)
    } else {
        None
    };
    let unit = cur
        .last()
        .map(|o| o.reporting_unit.to_string())
        .unwrap_or_else(|| e.reporter.clone());
    ProgressRow {
        indicator: e.def.code.clone(),
        name: e.def.name.clone(),
        item: e.item,
        section: e.section,
        unit: e.def.unit.clone(),
        kind: e.def.kind.as_str().to_string(),
        direction: e.def.direction.as_str().to_string(),
        district: district.to_string(),
        year: opts.year,
        as_of: format!("{:04}-{:02}", opts.year, opts.month),
        target,
        actual,
        completion: completion.map(round9),
        time_progress: tp,
        gap_pp,
        status: status.to_string(),
        projection: projection.map(round9),
        yoy,
        mom,
        months_reported: y.months,
        last_period: y.last_month.map(|m| format!("{:04}-{m:02}", opts.year)),
        actual_period: y.actual_month.map(|m| format!("{:04}-{m:02}", opts.year)),
        reporting_unit: unit,
        note: notes.join("；"),
        combined: None,
    }
}

fn status<'b>(
    e: &IndicatorEntry,
    target: Option<f64>,
    y: &Ytd,
    completion: Option<f64>,
    gap_pp: Option<f64>,
    opts: &'b Options,
) -> &'b str {
    if target.is_none() || target == Some(0.0) {
        return "无目标";
    }
    let Some(actual) = y.actual else {
        return "未报送";
    };
    if e.def.kind == MeasureKind::Milestone {
        return if actual >= 1.0 {
            "已完成"
        } else if opts.month >= 12 {
            "严重滞后"
        } else {
            "正常"
        };
    }
    let (Some(c), Some(gap)) = (completion, gap_pp) else {
        return "未报送";
    };
    if c >= 1.0 {
        return "已完成";
    }
    opts.bands.classify(gap)
}

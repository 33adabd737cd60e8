//! Progress towards multi-year goals (2025 / 2035).
//!
//! - **Required rate** from baseline `B` (year `b`) to target `T` (year `t`): compound
//!   `(T/B)^(1/(t−b)) − 1` for `growth`; `(T−B)/(t−b)` per year for `linear`.
//! - **Actual rate** from baseline to the latest value `L` (year `l`), the same way.
//! - **Ratio** actual ÷ required, classified as Eurostat does for its SDG indicators with a
//!   quantified target (Eurostat, *Sustainable development in the European Union — Monitoring
//!   report*, methodological annex): ≥ 95 % significant progress / on track; 60–95 % moderate;
//!   0–60 % insufficient; < 0 moving away. Lower-is-better goals have negative required and
//!   actual rates, so the ratio keeps its meaning.
//! - **Projected value** at the target year from the actual rate, and the UNSD-style ratio of
//!   projected change to required change `(P−B)/(T−B)` (UN Statistics Division, *SDG Progress
//!   Chart technical note*): ≥ 0.95 on track; 0.10–0.95 acceleration needed; < 0.10 stagnation
//!   or regression.
//! - A latest value already at or beyond the target (in the goal's direction) is "target
//!   achieved" whatever the rates say. A zero baseline cannot carry a compound rate: the linear
//!   path is used and flagged. A goal without baseline or target is "target not set".

use serde::Serialize;

use super::frame::Obs;
use crate::catalog::{Catalog, Direction, GoalPath, IndicatorEntry, CITY};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalRow {
    pub indicator: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub path: String,
    pub baseline_year: Option<i32>,
    pub baseline: Option<f64>,
    pub target_year: Option<i32>,
    pub target: Option<f64>,
    pub latest_year: Option<i32>,
    pub latest: Option<f64>,
    pub required_rate: Option<f64>,
    pub actual_rate: Option<f64>,
    pub ratio: Option<f64>,
    pub category: String,
    pub projected: Option<f64>,
    pub projected_ratio: Option<f64>,
    pub unsd_category: String,
    pub note: String,
}

/// Rate per year along the path; `None` where it cannot be computed.
pub fn rate(path: GoalPath, from: f64, to: f64, years: f64) -> Option<f64> {
    if years <= 0.0 {
        return None;
    }
    match path {
        GoalPath::Linear => Some((to - from) / years),
        GoalPath::Growth if from > 0.0 && to >= 0.0 => Some((to / from).powf(1.0 / years) - 1.0),
        GoalPath::Growth => None,
    }
}

pub fn project(path: GoalPath, from: f64, rate: f64, years: f64) -> f64 {
    match path {
        GoalPath::Linear => from + rate * years,
        GoalPath::Growth => from * (1.0 + rate).powf(years),
    }
}

pub fn eurostat_category(ratio: f64) -> &'static str {
    if ratio >= 0.95 {
        "on_track"
    } else if ratio >= 0.6 {
        "moderate"
    } else if ratio >= 0.0 {
        "insufficient"
    } else {
        "moving_away"
    }
}

pub fn unsd_category(ratio: f64) -> &'static str {
    if ratio >= 0.95 {
        "on_track"
    } else if ratio >= 0.10 {
        "acceleration_needed"
    } else {
        "stagnation"
    }
}

/// The latest annual value: per year, the last month's level (or the year's flow total), from
/// the months up to `as_of` (year, month) only.
pub(crate) fn annual_values(e: &IndicatorEntry, obs: &[Obs], as_of: (i32, u32)) -> Vec<(i32, f64)> {
    let mut out: Vec<(i32, f64)> = Vec::new();
    let mine: Vec<&Obs> = obs
        .iter()
        .filter(|o| *o.indicator == *e.def.code && &*o.district == CITY)
        .filter(|o| (o.year, o.month) <= as_of)
        .collect();
    let mut years: Vec<i32> = mine.iter().map(|o| o.year).collect();
    years.sort_unstable();
    years.dedup();
    for y in years {
        let series: Vec<&Obs> = mine.iter().filter(|o| o.year == y).copied().collect();
        if let Some(v) = super::annual::ytd(e.def.kind, &series).actual {
            out.push((y, v));
        }
    }
    out
}

/// One row per goal indicator and target year set (one "target not set" row when none is), as
/// known at `as_of` (year, month): a figure for a later month is not used.
pub fn goals(catalog: &Catalog, obs: &[Obs], as_of: (i32, u32)) -> Vec<GoalRow> {
    let mut rows = Vec::new();
    for e in &catalog.indicators {
        let Some(g) = &e.def.goal else { continue };
        let latest = annual_values(e, obs, as_of).last().copied();
        let targets: Vec<Option<(i32, f64)>> = if g.targets.is_empty() {
            vec![None]
        } else {
            g.targets.iter().map(|t| Some((t.year, t.value))).collect()
        };
        for t in targets {
            rows.push(assess(
                e,
                g.path,
                g.baseline.as_ref().map(|b| (b.year, b.value)),
                t,
                latest,
            ));
        }
    }
    rows
}

/// Assesses one goal; all figures derive from baseline, target and latest.
pub fn assess(
    e: &IndicatorEntry,
    path: GoalPath,
    baseline: Option<(i32, f64)>,
    target: Option<(i32, f64)>,
    latest: Option<(i32, f64)>,
) -> GoalRow {
    let mut row = GoalRow {
        indicator: e.def.code.clone(),
        name: e.def.name.clone(),
        unit: e.def.unit.clone(),
        direction: e.def.direction.as_str().to_string(),
        path: if path == GoalPath::Growth {
            "growth"
        } else {
            "linear"
        }
        .to_string(),
        baseline_year: baseline.map(|b| b.0),
        baseline: baseline.map(|b| b.1),
        target_year: target.map(|t| t.0),
        target: target.map(|t| t.1),
        latest_year: latest.map(|l| l.0),
        latest: latest.map(|l| l.1),
        required_rate: None,
        actual_rate: None,
        ratio: None,
        category: "target_not_set".into(),
        projected: None,
        projected_ratio: None,
        unsd_category: String::new(),
        note: String::new(),
    };
    let (Some((by, b)), Some((ty, t))) = (baseline, target) else {
        row.note = match (baseline, target) {
            (None, Some(_)) => "目标未设定：有目标值，缺基线（可在目标设置表中补充）",
            (Some(_), None) => "目标未设定：有基线，缺目标值",
            _ => "目标未设定：规划未给出基线和目标值",
        }
        .into();
        return row;
    };
    let mut path = path;
    let mut notes = Vec::new();
    if path == GoalPath::Growth && b <= 0.0 {
        path = GoalPath::Linear;
        notes.push("基线为 0（或负数），无法计算复合增长率，改按线性路径".to_string());
    }
    row.required_rate = rate(path, b, t, f64::from(ty - by));
    let Some((ly, l)) = latest else {
        row.category = "no_data".into();
        row.note = "尚无基线年之后的观测值".into();
        return row;
    };
    let achieved = match e.def.direction {
        Direction::Higher => l >= t,
        Direction::Lower => l <= t,
    };
    row.actual_rate = rate(path, b, l, f64::from(ly - by));
    if let (Some(req), Some(act)) = (row.required_rate, row.actual_rate) {
        if req != 0.0 {
            row.ratio = Some(act / req);
        }
        let projected = project(path, l, act, f64::from(ty - ly));
        row.projected = Some(super::annual::capped(e, projected));
    }
    if t != b {
        row.projected_ratio = row.projected.map(|p| (p - b) / (t - b));
    }
    row.category = match row.ratio {
        _ if achieved => "target_achieved".into(),
        Some(r) => eurostat_category(r).into(),
        None if ly <= by => {
            notes.push(format!(
                "最新值为 {ly} 年，不晚于基线年 {by}，尚无可比较的变化"
            ));
            "no_data".into()
        }
        None => {
            notes.push("目标值等于基线，所需速度为 0".into());
            "on_track".into()
        }
    };
    row.unsd_category = match row.projected_ratio {
        _ if achieved => "target_achieved".into(),
        Some(r) => unsd_category(r).into(),
        None => String::new(),
    };
    row.note = notes.join("；");
    for x in [
        &mut row.required_rate,
        &mut row.actual_rate,
        &mut row.ratio,
        &mut row.projected,
        &mut row.projected_ratio,
    ] {
        *x = x.map(crate::catalog::measure::round9);
    }
    row
}

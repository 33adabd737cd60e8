//! The accountability views: each work item's status (from its indicators, or from its reported
//! task status when it has none), then counts per section, per lead unit and per district.

use std::collections::BTreeMap;

use serde::Serialize;

use super::annual::{schedule_gap, Options, ProgressRow};
use super::frame::StatusObs;
use crate::catalog::measure::round9;
use crate::catalog::{Catalog, CITY};

/// Every status a row or item can take, best first.
pub const STATUSES: [&str; 7] = [
    "已完成",
    "超序时",
    "正常",
    "滞后",
    "严重滞后",
    "未报送",
    "无目标",
];

/// The mean of completions already capped at 100 %, kept to 9 decimals; none of none.
fn mean_completion(comps: &[f64]) -> Option<f64> {
    (!comps.is_empty()).then(|| round9(comps.iter().sum::<f64>() / comps.len() as f64))
}

/// How bad a status is, for picking an item's worst indicator.
fn severity(status: &str) -> u8 {
    match status {
        "严重滞后" => 6,
        "滞后" => 5,
        "未报送" => 4,
        "正常" => 3,
        "超序时" => 2,
        "已完成" => 1,
        _ => 0,
    }
}

/// Orders rows from least to most behind: by status, then (same status) by the gap to the
/// schedule and the completion, lower being worse — the row a lagging item is named by.
fn worse(a: &ProgressRow, b: &ProgressRow) -> std::cmp::Ordering {
    let low = |x: Option<f64>| x.unwrap_or(f64::INFINITY);
    (severity(&a.status).cmp(&severity(&b.status)))
        .then_with(|| low(b.gap_pp).total_cmp(&low(a.gap_pp)))
        .then_with(|| low(b.completion).total_cmp(&low(a.completion)))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRow {
    pub item: u32,
    pub section: u32,
    pub text: String,
    pub lead_unit: String,
    pub indicators: u32,
    pub status: String,
    /// Mean completion of the item's indicators (each capped at 1), or the reported percent / 100.
    pub completion: Option<f64>,
    pub basis: String,
    pub worst_indicator: Option<String>,
}

/// Item statuses as of the options' month.
pub fn items(
    catalog: &Catalog,
    rows: &[ProgressRow],
    statuses: &[StatusObs],
    opts: &Options,
    tp: f64,
) -> Vec<ItemRow> {
    catalog
        .items
        .iter()
        .map(|item| {
            let mine: Vec<&ProgressRow> = rows
                .iter()
                .filter(|r| {
                    r.item == Some(item.no)
                        && (r.district == CITY
                            || catalog
                                .indicator(&r.indicator)
                                .is_some_and(|e| e.def.district.is_some()))
                })
                .collect();
            let base = ItemRow {
                item: item.no,
                section: item.section,
                text: item.text.clone(),
                lead_unit: item.units.first().cloned().unwrap_or_default(),
                indicators: mine.len() as u32,
                status: "未报送".into(),
                completion: None,
                basis: String::new(),
                worst_indicator: None,
            };
            let scored: Vec<&&ProgressRow> = mine.iter().filter(|r| r.status != "无目标").collect();
            if !scored.is_empty() {
                let worst = scored
                    .iter()
                    .copied()
                    .max_by(|a, b| worse(a, b))
                    .map(|r| (*r).clone());
                let all_done = scored.iter().all(|r| r.status == "已完成");
                let comps: Vec<f64> = scored
                    .iter()
                    .filter_map(|r| r.completion.map(|c| c.min(1.0)))
                    .collect();
                return ItemRow {
                    status: if all_done {
                        "已完成".into()
                    } else {
                        worst.as_ref().map(|w| w.status.clone()).unwrap_or_default()
                    },
                    completion: mean_completion(&comps),
                    basis: "指标".into(),
                    worst_indicator: worst.filter(|_| !all_done).map(|w| w.indicator.clone()),
                    ..base
                };
            }
            let latest = statuses
                .iter()
                .filter(|s| s.item == item.no && s.year == opts.year && s.month <= opts.month)
                .max_by_key(|s| s.month);
            match latest {
                Some(s) => {
                    let percent = s.percent.or(match s.status.as_str() {
                        "已完成" => Some(100.0),
                        "未启动" => Some(0.0),
                        _ => None,
                    });
                    let status = match (s.status.as_str(), percent) {
                        ("已完成", _) => "已完成".to_string(),
                        (_, Some(p)) if p >= 100.0 => "已完成".to_string(),
                        (_, Some(p)) => {
                            opts.bands.classify(schedule_gap(p / 100.0, tp)).to_string()
                        }
                        _ => "正常".to_string(),
                    };
                    ItemRow {
                        status,
                        completion: percent.map(|p| p / 100.0),
                        basis: format!("进展报告 {}-{:02}", s.year, s.month),
                        ..base
                    }
                }
                None if mine.is_empty() => ItemRow {
                    basis: "无进展报告".into(),
                    ..base
                },
                None => ItemRow {
                    status: "无目标".into(),
                    basis: "指标无目标".into(),
                    ..base
                },
            }
        })
        .collect()
}

/// Counts of items by status for one group.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupRow {
    pub group: String,
    pub items: u32,
    pub done: u32,
    pub ahead: u32,
    pub on_track: u32,
    pub behind: u32,
    pub severely_behind: u32,
    pub not_reported: u32,
    pub no_target: u32,
    /// Item numbers that are 滞后 or 严重滞后.
    pub lagging: Vec<u32>,
    pub mean_completion: Option<f64>,
    /// How many rows had a completion rate (what `mean_completion` rests on).
    pub scored: u32,
}

fn count<'a>(group: String, items: impl Iterator<Item = (u32, &'a str, Option<f64>)>) -> GroupRow {
    let mut g = GroupRow {
        group,
        ..GroupRow::default()
    };
    let mut comps = Vec::new();
    for (no, status, completion) in items {
        g.items += 1;
        match status {
            "已完成" => g.done += 1,
            "超序时" => g.ahead += 1,
            "正常" => g.on_track += 1,
            "滞后" => g.behind += 1,
            "严重滞后" => g.severely_behind += 1,
            "未报送" => g.not_reported += 1,
            _ => g.no_target += 1,
        }
        if matches!(status, "滞后" | "严重滞后") {
            g.lagging.push(no);
        }
        comps.extend(completion.map(|c| c.min(1.0)));
    }
    g.scored = comps.len() as u32;
    g.mean_completion = mean_completion(&comps);
    g
}

pub fn by_section(catalog: &Catalog, items: &[ItemRow]) -> Vec<GroupRow> {
    catalog
        .sections
        .iter()
        .map(|s| {
            count(
                format!("{}、{}", zh_numeral(s.no), s.title),
                items
                    .iter()
                    .filter(|i| i.section == s.no)
                    .map(|i| (i.item, i.status.as_str(), i.completion)),
            )
        })
        .collect()
}

pub fn by_unit(items: &[ItemRow]) -> Vec<GroupRow> {
    let mut units: BTreeMap<&str, Vec<&ItemRow>> = BTreeMap::new();
    for i in items {
        units.entry(i.lead_unit.as_str()).or_default().push(i);
    }
    let mut out: Vec<GroupRow> = units
        .into_iter()
        .map(|(u, is)| {
            count(
                u.to_string(),
                is.iter().map(|i| (i.item, i.status.as_str(), i.completion)),
            )
        })
        .collect();
    out.sort_by(|a, b| {
        (b.behind + b.severely_behind)
            .cmp(&(a.behind + a.severely_behind))
            .then(a.group.cmp(&b.group))
    });
    out
}

/// Per district: counts of its indicator rows by status and the mean completion, ranked best first.
pub fn by_district(catalog: &Catalog, rows: &[ProgressRow]) -> Vec<GroupRow> {
    let mut out: Vec<GroupRow> = catalog
        .district_names()
        .iter()
        .map(|d| {
            let idx = |r: &ProgressRow| r.item.unwrap_or(0);
            count(
                d.to_string(),
                rows.iter()
                    .filter(|r| r.district == *d)
                    .map(|r| (idx(r), r.status.as_str(), r.completion)),
            )
        })
        .collect();
    out.sort_by(|a, b| {
        b.mean_completion
            .unwrap_or(-1.0)
            .total_cmp(&a.mean_completion.unwrap_or(-1.0))
    });
    out
}

pub fn zh_numeral(n: u32) -> String {
    const D: [&str; 11] = [
        "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    match n {
        0..=10 => D[n as usize].to_string(),
        11..=19 => format!("十{}", D[(n - 10) as usize]),
        _ => n.to_string(),
    }
}

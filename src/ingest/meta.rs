//! The metadata block above a table (`填报单位：市交通运输局`, `报告期：2022年6月`) and what the
//! file name says (`202206_市交通运输局.xlsx`).

use super::cell::Cell;
use super::period::{find_period, find_year, parse_cell, Period};
use super::workbook::Grid;
use crate::catalog::Catalog;
use crate::text::{fold_width, normalize_key};

const UNIT_KEYS: &[&str] = &[
    "填报单位",
    "报送单位",
    "单位名称",
    "填报部门",
    "责任单位",
    "reportingunit",
];
const PERIOD_KEYS: &[&str] = &[
    "报告期",
    "统计期",
    "报送期",
    "期别",
    "所属期",
    "报告期间",
    "统计时间",
    "period",
];

#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub unit: Option<String>,
    /// The unit text as written when it did not resolve.
    pub unknown_unit: Option<(String, String)>,
    pub period: Option<Period>,
    pub year: Option<i32>,
    pub cumulative: bool,
    /// A title or metadata naming the months so far (`2022年1-6月…`): year-to-date figures.
    pub year_to_date: bool,
}

/// `key：value` inside one cell, or the key alone (value in the next cell).
fn split_kv(text: &str) -> Option<(String, String)> {
    let t = fold_width(text);
    let (k, v) = t.split_once(':')?;
    // `填报单位（盖章）：…` — the bracket is a note to the signer, not part of the key.
    Some((
        normalize_key(&super::header::strip_brackets(k)),
        v.trim().to_string(),
    ))
}

/// Reads the rows above a header, from the block's first.
pub fn from_rows(catalog: &Catalog, grid: &Grid, from: usize, until: usize) -> Meta {
    let mut meta = Meta::default();
    for r in from..until.min(grid.rows.len()) {
        let row = &grid.rows[r];
        for (c, cell) in row.iter().enumerate() {
            let Cell::Text(text) = cell else { continue };
            if text.contains("累计") {
                meta.cumulative = true;
            }
            meta.year_to_date |= super::header::is_year_to_date(&normalize_key(text));
            let (key, mut value, value_cell) = match split_kv(text) {
                Some((k, v)) if !v.is_empty() => (k, v, None),
                Some((k, _)) => (
                    k,
                    String::new(),
                    row.iter().skip(c + 1).find(|x| !x.is_blank()),
                ),
                None => (
                    normalize_key(&super::header::strip_brackets(text)),
                    String::new(),
                    row.iter().skip(c + 1).find(|x| !x.is_blank()),
                ),
            };
            if value.is_empty() {
                value = value_cell.map(Cell::text).unwrap_or_default();
            }
            if UNIT_KEYS.contains(&key.as_str()) && !value.is_empty() {
                let first = value.split_whitespace().next().unwrap_or("").to_string();
                match catalog.resolve_unit(&first) {
                    Some(u) => meta.unit = Some(u.to_string()),
                    None => meta.unknown_unit = Some((first, grid.addr(r, c))),
                }
                // `填报单位：市交通运输局  报告期：2022年6月` in one cell.
                meta.period = meta.period.or_else(|| later_period(text));
            } else if PERIOD_KEYS.contains(&key.as_str()) {
                let p = value_cell
                    .and_then(|vc| parse_cell(vc, None))
                    .or_else(|| super::period::parse_text(&value, None))
                    .or_else(|| find_period(&value));
                meta.period = meta.period.or(p);
            } else if meta.period.is_none() && r < until {
                if let Some(p) = find_period(text).filter(|_| text.chars().count() > 8) {
                    meta.period = Some(p);
                } else if let Some(y) = find_year(text) {
                    meta.year = meta.year.or(Some(y));
                }
            }
        }
    }
    meta.year = meta.period.map(|p| p.year).or(meta.year);
    meta
}

/// A `报告期：…` written after other metadata in the same cell.
fn later_period(text: &str) -> Option<super::period::Period> {
    let t = fold_width(text);
    let at = PERIOD_KEYS
        .iter()
        .find_map(|k| t.find(k).map(|i| i + k.len()))?;
    find_period(&t[at..])
}

/// Period and unit named in a file name.
pub fn from_file_name(catalog: &Catalog, name: &str) -> (Option<Period>, Option<String>) {
    let period = find_period(name);
    let mut best: Option<&str> = None;
    for u in &catalog.units {
        let names =
            std::iter::once(u.name.as_str()).chain(crate::catalog::seeds::aliases(&u.aliases));
        for n in names {
            if name.contains(n) && best.is_none_or(|b| n.chars().count() > b.chars().count()) {
                best = Some(u.name.as_str());
            }
        }
    }
    if best.is_none() {
        best = catalog
            .districts
            .iter()
            .find(|d| name.contains(&d.name))
            .map(|d| d.name.as_str());
    }
    (period, best.map(str::to_string))
}

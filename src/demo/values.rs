//! Synthetic but plausible figures: each indicator gets a pace (ahead, on schedule, behind, far
//! behind) from a hash of its code, so the demo shows every status; districts share the city
//! target by fixed weights.

use super::{Cell, Row};
use crate::catalog::{Catalog, IndicatorEntry, MeasureKind, CITY};

/// A stable number in [0, 1) from text (FNV-1a), so the data never depend on a random generator.
pub fn unit_noise(key: &str) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 11) as f64 / (1u64 << 53) as f64
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    Ahead,
    OnSchedule,
    Behind,
    FarBehind,
}

impl Pace {
    pub fn of(code: &str) -> Pace {
        match (unit_noise(code) * 4.0) as u32 {
            0 => Pace::Ahead,
            1 => Pace::OnSchedule,
            2 => Pace::Behind,
            _ => Pace::FarBehind,
        }
    }

    fn factor(self) -> f64 {
        match self {
            Pace::Ahead => 1.2,
            Pace::OnSchedule => 1.0,
            Pace::Behind => 0.8,
            Pace::FarBehind => 0.55,
        }
    }
}

fn round(v: f64, unit: &str) -> f64 {
    if crate::catalog::measure::counts_whole(unit) {
        v.round()
    } else {
        (v * 10.0).round() / 10.0
    }
}

/// A district's share of the city target: fixed weights, summing to 1.
fn share(catalog: &Catalog, district: &str) -> f64 {
    if district == CITY {
        return 1.0;
    }
    let names = catalog.district_names();
    let w = |d: &str| 0.5 + unit_noise(d);
    w(district) / names.iter().map(|d| w(d)).sum::<f64>()
}

fn target_of(e: &IndicatorEntry, year: i32, district: &str) -> f64 {
    e.target(year, district)
        .or_else(|| e.target(year, CITY))
        .unwrap_or(10.0)
}

/// Year-to-date level at the end of `month` for one scope.
fn level(catalog: &Catalog, e: &IndicatorEntry, district: &str, year: i32, month: u32) -> f64 {
    let pace = Pace::of(&e.def.code).factor();
    let key = format!("{}{district}", e.def.code);
    let t = target_of(e, year, district);
    match e.def.kind {
        MeasureKind::Milestone => {
            let done = 3 + (unit_noise(&key) * 12.0 / pace) as u32;
            f64::from(u8::from(month >= done))
        }
        _ if e.def.unit == "%" => {
            let start = 30.0 * unit_noise(&key);
            round(
                (start + (t - start) * pace * f64::from(month) / 12.0).min(t),
                "%",
            )
        }
        _ => {
            let own = e.target(year, district);
            let split = (e.def.targets.iter()).any(|t| t.year == year && t.scope != CITY);
            if district != CITY && own.is_none() && split {
                return 0.0; // the plan splits the target and gives this district none (no town)
            }
            let t = if own.is_some() {
                t
            } else {
                t * share(catalog, district)
            };
            // Uneven months: a slow start and a busier autumn, as construction goes.
            let curve = |m: u32| {
                (1..=m)
                    .map(|k| 0.6 + 0.8 * (f64::from(k) / 12.0))
                    .sum::<f64>()
                    / 12.0
            };
            let v = round(
                t * pace * curve(month) / curve(12) * (0.95 + 0.1 * unit_noise(&key)),
                &e.def.unit,
            );
            // A count of named things (6 chains, 7 towns) does not pass the plan's list.
            if e.def.kind == MeasureKind::Stock {
                v.min(round(t, &e.def.unit))
            } else {
                v
            }
        }
    }
}

/// The cells for one indicator, scope and month: flows report 本月 and 累计, stocks their level.
pub fn cells(
    catalog: &Catalog,
    e: &IndicatorEntry,
    district: &str,
    year: i32,
    month: u32,
) -> (Cell, Cell) {
    let now = level(catalog, e, district, year, month);
    match e.def.kind {
        MeasureKind::Flow => {
            let before = if month == 1 {
                0.0
            } else {
                level(catalog, e, district, year, month - 1)
            };
            let m = round(now - before, &e.def.unit);
            (Cell::Number(m), Cell::Number(now))
        }
        _ => (Cell::Number(now), Cell::Blank),
    }
}

/// Numbers stored as text throughout, plus the unit's own mistake for the month.
pub fn add_mistakes(unit: &str, month: u32, rows: &mut [Row]) {
    for (i, r) in rows.iter_mut().enumerate() {
        if (i + month as usize).is_multiple_of(7) {
            if let Cell::Number(v) = r.monthly {
                r.monthly = Cell::Text(crate::ingest::cell::format_number(v));
            }
        }
    }
    if (unit, month) == super::Mistakes::UNIT_IN_CELL {
        if let Some(r) = rows.iter_mut().find(|r| r.unit == "公里") {
            if let Cell::Number(v) = r.monthly {
                r.monthly = Cell::Text(format!("{}公里", crate::ingest::cell::format_number(v)));
            }
        }
    }
    if (unit, month) == super::Mistakes::WRONG_DISTRICT {
        if let Some(r) = rows.iter_mut().find(|r| r.district == "华容区") {
            r.district = "华容县".into();
        }
    }
}

/// The first submission of the corrected month carries a decimal slip (×10) in its first flow
/// row's monthly and cumulative figures; the `_更正` file that follows has the right ones.
pub fn slip(rows: &mut [Row]) {
    if let Some(r) = rows
        .iter_mut()
        .find(|r| matches!(r.cumulative, Cell::Number(_)))
    {
        if let (Cell::Number(m), Cell::Number(c)) = (&r.monthly, &r.cumulative) {
            let (m, c) = (m * 10.0, c * 10.0);
            r.monthly = Cell::Number(m);
            r.cumulative = Cell::Number(c);
        }
    }
}

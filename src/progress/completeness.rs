//! 报送率: which responsible units sent which months, on time or late.
//!
//! Expected: every unit that reports at least one indicator of the annual plan, every month from
//! January to the as-of month. A month counts as received at the earliest receipt of any
//! observation for it from that unit (a later correction does not make it late); it is on time
//! when received by the due day (default the 10th, `dabiao.toml` `[completeness] due_day`) of the
//! following month, 23:59:59 in the office's time zone (`timezone`, default Beijing time): a file
//! received at 23:30 Beijing time on the 10th (15:30 UTC) is on time, one at 00:00:01 on the 11th
//! is late. Times are written in that zone (`2022-07-10T23:59:59+08:00`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, TimeZone};
use serde::Serialize;

use super::frame::Obs;
use crate::catalog::Catalog;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompletenessRow {
    pub unit: String,
    pub period: String,
    /// received / late / missing
    pub status: String,
    pub received_at: Option<String>,
    pub due: String,
}

/// Units expected to report monthly: the reporters of the annual plan's indicators.
pub fn expected_units(catalog: &Catalog) -> Vec<String> {
    let set: BTreeSet<String> = catalog
        .indicators
        .iter()
        .filter(|e| e.item.is_some() && !e.reporter.is_empty())
        .map(|e| e.reporter.clone())
        .collect();
    // Keep the catalog's order of units for readability.
    let mut units: Vec<String> = catalog
        .units
        .iter()
        .map(|u| u.name.clone())
        .filter(|u| set.contains(u))
        .collect();
    units.extend(
        set.into_iter()
            .filter(|u| !catalog.units.iter().any(|x| &x.name == u)),
    );
    units
}

/// When a month's submissions are due: a day of the following month, in a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// Day of month m + 1 (held to 1–28, so every month has it).
    pub day: u32,
    pub offset: FixedOffset,
}

impl Default for Due {
    fn default() -> Self {
        Due {
            day: 10,
            offset: crate::timezone::beijing(),
        }
    }
}

impl Due {
    /// The last second of the due day for month `month` of `year`, local time.
    pub fn deadline(&self, year: i32, month: u32) -> DateTime<FixedOffset> {
        let (y, m) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let day = NaiveDate::from_ymd_opt(y, m, self.day.clamp(1, 28))
            .and_then(|d| d.and_hms_opt(23, 59, 59))
            .unwrap_or_default();
        self.offset
            .from_local_datetime(&day)
            .single()
            .unwrap_or_else(|| self.offset.from_utc_datetime(&day))
    }
}

/// `history` holds every stored revision (not retracted) so the first receipt is known.
pub fn completeness(
    catalog: &Catalog,
    history: &[Obs],
    year: i32,
    month: u32,
    due: Due,
) -> Vec<CompletenessRow> {
    let mut first: BTreeMap<(&str, u32), &str> = BTreeMap::new();
    for o in history
        .iter()
        .filter(|o| o.year == year && o.month <= month)
    {
        let e = first
            .entry((o.reporting_unit.as_ref(), o.month))
            .or_insert(o.received_at.as_ref());
        if o.received_at.as_ref() < *e {
            *e = o.received_at.as_ref();
        }
    }
    let mut rows = Vec::new();
    for unit in expected_units(catalog) {
        for m in 1..=month {
            let deadline = due.deadline(year, m);
            let received = first.get(&(unit.as_str(), m)).copied();
            let status = match received.map(DateTime::parse_from_rfc3339) {
                None => "missing",
                Some(Ok(r)) if r <= deadline => "received",
                Some(_) => "late",
            };
            rows.push(CompletenessRow {
                unit: unit.clone(),
                period: format!("{year:04}-{m:02}"),
                status: status.into(),
                received_at: received.map(|r| crate::store::local_text(r, due.offset)),
                due: deadline.to_rfc3339_opts(SecondsFormat::Secs, false),
            });
        }
    }
    rows
}

//! 报送率: which responsible units sent which months, on time or late.
//!
//! Expected: every unit that reports at least one indicator of the annual plan, every month from
//! January to the as-of month. A month counts as received at the earliest receipt of any
//! observation for it from that unit (a later correction does not make it late); it is on time
//! when received by the due day (default the 10th, `dabiao.toml` `[completeness] due_day`) of the
//! following month, 23:59:59 UTC.

use std::collections::{BTreeMap, BTreeSet};

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

pub fn due_date(year: i32, month: u32, due_day: u32) -> String {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    format!("{y:04}-{m:02}-{:02}T23:59:59+00:00", due_day.clamp(1, 28))
}

/// `history` holds every stored revision (not retracted) so the first receipt is known.
pub fn completeness(
    catalog: &Catalog,
    history: &[Obs],
    year: i32,
    month: u32,
    due_day: u32,
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
            let due = due_date(year, m, due_day);
            let received = first.get(&(unit.as_str(), m)).map(|s| s.to_string());
            let status = match &received {
                None => "missing",
                Some(r) if normalize(r) <= due => "received",
                Some(_) => "late",
            };
            rows.push(CompletenessRow {
                unit: unit.clone(),
                period: format!("{year:04}-{m:02}"),
                status: status.into(),
                received_at: received,
                due,
            });
        }
    }
    rows
}

/// RFC 3339 in UTC with `+00:00`, so text order is time order.
fn normalize(s: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%S+00:00")
                .to_string()
        })
        .unwrap_or_else(|_| s.to_string())
}

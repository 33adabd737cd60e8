//! Building [`ChartData`] from the store's frames with the progress rules.

use polars::prelude::DataFrame;
use serde::Serialize;

use super::ChartData;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::progress::{self, annual, completeness, frame, goals, rollup, time_progress};

/// The year-to-date actual of one indicator and scope at one month end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyValue {
    pub indicator: String,
    pub district: String,
    pub month: u32,
    pub actual: f64,
}

/// The city's value of an indicator for one year (a flow's total, a stock's latest level).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualValue {
    pub indicator: String,
    pub year: i32,
    pub value: f64,
}

impl ChartData {
    /// Computes everything the charts show as of `opts` (year, month) from the store's current
    /// observations, task statuses and observation history (for completeness).
    pub fn compute(
        catalog: &Catalog,
        observations: &DataFrame,
        statuses: &DataFrame,
        history: &DataFrame,
        opts: &progress::Options,
        due: completeness::Due,
    ) -> Result<ChartData> {
        let obs = frame::observations(observations, opts.year)?;
        let sts = frame::statuses(statuses)?;
        let tp = time_progress(opts.year, opts.month, opts.day, opts.basis);
        let rows = annual::annual(catalog, &obs, opts);
        let mut monthly = Vec::new();
        let mut items_by_month = Vec::new();
        for m in 1..=opts.month.clamp(1, 12) {
            let o = progress::Options {
                month: m,
                day: None,
                ..opts.clone()
            };
            let m_tp = time_progress(o.year, m, None, o.basis);
            let m_rows = if m == opts.month {
                rows.clone()
            } else {
                annual::annual(catalog, &obs, &o)
            };
            for r in &m_rows {
                // Only months with a report of their own: a month without one repeats the last.
                let reported = r
                    .last_period
                    .as_deref()
                    .and_then(|p| p.get(5..)?.parse::<u32>().ok());
                if let (Some(a), Some(last)) = (r.actual, reported) {
                    if last == m {
                        monthly.push(MonthlyValue {
                            indicator: r.indicator.clone(),
                            district: r.district.clone(),
                            month: m,
                            actual: a,
                        });
                    }
                }
            }
            items_by_month.push((m, rollup::items(catalog, &m_rows, &sts, &o, m_tp)));
        }
        let goal_rows = goals::goals(catalog, &obs, (opts.year, opts.month));
        let annual = annual_values(catalog, &obs, (opts.year, opts.month));
        let hist = frame::receipts(history, opts.year)?;
        let completeness = completeness::completeness(catalog, &hist, opts.year, opts.month, due);
        Ok(ChartData {
            year: opts.year,
            month: opts.month,
            time_progress: tp,
            rows,
            monthly,
            items_by_month,
            goals: goal_rows,
            annual,
            completeness,
            sections: catalog
                .sections
                .iter()
                .map(|s| (s.no, s.title.clone()))
                .collect(),
            names_en: catalog
                .indicators
                .iter()
                .filter_map(|e| Some((e.def.code.clone(), e.def.name_en.clone()?)))
                .collect(),
        })
    }
}

/// Per goal indicator and year, the city's year value by the indicator's measure kind.
/// Each goal indicator's annual city values known at `as_of` (year, month), as the assessment
/// reads them: a chart as of June draws no December figure.
fn annual_values(catalog: &Catalog, obs: &[frame::Obs], as_of: (i32, u32)) -> Vec<AnnualValue> {
    let goal_indicators = catalog.indicators.iter().filter(|e| e.def.goal.is_some());
    goal_indicators
        .flat_map(|e| {
            goals::annual_values(e, obs, as_of)
                .into_iter()
                .map(|(year, value)| AnnualValue {
                    indicator: e.def.code.clone(),
                    year,
                    value,
                })
        })
        .collect()
}

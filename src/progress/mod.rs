//! Progress against annual targets (序时进度) and multi-year goals, with the accountability
//! rollups and reporting completeness. The rules are stated in each submodule's doc comment.
//!
//! The progress table (`to_frame`) has these columns:
//! `indicator` str · `name` str · `item` u32? · `section` u32? · `unit` str · `kind` str ·
//! `direction` str · `district` str (`全市` for the city) · `year` i32 · `as_of` str (YYYY-MM) ·
//! `target` f64? · `actual` f64? · `completion` f64? (fraction) · `time_progress` f64 (fraction) ·
//! `gap_pp` f64? (percentage points) · `status` str · `projection` f64? · `yoy` f64? · `mom` f64? ·
//! `months_reported` u32 · `last_period` str? · `actual_period` str? (YYYY-MM, the month the
//! actual comes from) · `reporting_unit` str · `note` str.

pub mod annual;
pub mod bands;
pub mod completeness;
pub mod frame;
pub mod goals;
pub mod rollup;

pub use annual::{schedule_gap, time_progress, Options, ProgressRow, TimeBasis, YtdRule};
pub use bands::{Band, Bands};
pub use completeness::CompletenessRow;
pub use goals::GoalRow;
pub use rollup::{GroupRow, ItemRow};

use polars::prelude::*;

use crate::catalog::Catalog;
use crate::error::Result;

/// Everything the progress view holds for one as-of month.
#[derive(Debug, Clone)]
pub struct Progress {
    pub rows: Vec<ProgressRow>,
    pub items: Vec<ItemRow>,
    pub time_progress: f64,
}

/// Computes indicator rows and item statuses from the store's current observations and statuses.
pub fn compute(
    catalog: &Catalog,
    observations: &DataFrame,
    statuses: &DataFrame,
    opts: &Options,
) -> Result<Progress> {
    let obs = frame::observations(observations, opts.year)?;
    let sts = frame::statuses(statuses)?;
    Ok(compute_from(catalog, &obs, &sts, opts))
}

/// As [`compute`], from rows already read (a caller can then free the frames first).
pub fn compute_from(
    catalog: &Catalog,
    obs: &[frame::Obs],
    sts: &[frame::StatusObs],
    opts: &Options,
) -> Progress {
    let rows = annual::annual(catalog, obs, opts);
    let tp = time_progress(opts.year, opts.month, opts.day, opts.basis);
    let items = rollup::items(catalog, &rows, sts, opts, tp);
    Progress {
        rows,
        items,
        time_progress: tp,
    }
}

/// The progress table as a polars DataFrame (schema in the module doc).
pub fn to_frame(rows: &[ProgressRow]) -> Result<DataFrame> {
    let s = |f: fn(&ProgressRow) -> String| rows.iter().map(f).collect::<Vec<_>>();
    let o = |f: fn(&ProgressRow) -> Option<f64>| rows.iter().map(f).collect::<Vec<_>>();
    Ok(df!(
        "indicator" => s(|r| r.indicator.clone()),
        "name" => s(|r| r.name.clone()),
        "item" => rows.iter().map(|r| r.item).collect::<Vec<_>>(),
        "section" => rows.iter().map(|r| r.section).collect::<Vec<_>>(),
        "unit" => s(|r| r.unit.clone()),
        "kind" => s(|r| r.kind.clone()),
        "direction" => s(|r| r.direction.clone()),
        "district" => s(|r| r.district.clone()),
        "year" => rows.iter().map(|r| r.year).collect::<Vec<_>>(),
        "as_of" => s(|r| r.as_of.clone()),
        "target" => o(|r| r.target),
        "actual" => o(|r| r.actual),
        "completion" => o(|r| r.completion),
        "time_progress" => rows.iter().map(|r| r.time_progress).collect::<Vec<_>>(),
        "gap_pp" => o(|r| r.gap_pp),
        "status" => s(|r| r.status.clone()),
        "projection" => o(|r| r.projection),
        "yoy" => o(|r| r.yoy),
        "mom" => o(|r| r.mom),
        "months_reported" => rows.iter().map(|r| r.months_reported).collect::<Vec<_>>(),
        "last_period" => rows.iter().map(|r| r.last_period.clone()).collect::<Vec<_>>(),
        "actual_period" => rows.iter().map(|r| r.actual_period.clone()).collect::<Vec<_>>(),
        "reporting_unit" => s(|r| r.reporting_unit.clone()),
        "note" => s(|r| r.note.clone()),
    )?)
}

/// Counts of rows per status with polars (the `--by indicator` summary line).
pub fn status_counts(df: &DataFrame) -> Result<DataFrame> {
    Ok(df
        .clone()
        .lazy()
        .group_by([col("status")])
        .agg([len().alias("count")])
        .sort(["status"], SortMultipleOptions::default())
        .collect()?)
}

#[cfg(test)]
mod tests;

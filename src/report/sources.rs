//! What the report says about its own data: quality notes and the submissions behind the figures,
//! read from the warehouse.

use polars::prelude::*;

use super::{Quality, QualityNote, SourceRow};
use crate::error::Result;
use crate::store::{format_local, View, Warehouse};

/// Rejected rows, warnings and revisions of the submissions visible in `view`, for a year up to
/// its as-of month (a report as of June says nothing of July's files); `history` is
/// [`Warehouse::history`] of the same view (the caller has read it already).
pub fn quality(
    wh: &Warehouse,
    view: &View,
    history: &DataFrame,
    (year, month): (i32, u32),
) -> Result<Quality> {
    let used = |p: crate::ingest::Period| p.year == year && p.month <= month;
    let subs: Vec<_> = wh
        .submissions()?
        .into_iter()
        .filter(|s| view.sees(s) && s.period.is_none_or(used))
        .collect();
    let files: std::collections::HashSet<&str> = subs.iter().map(|s| s.file.as_str()).collect();
    let revisions = changed_values(history, year)?;
    let d = wh.diagnostics(view)?;
    let mut problems = Vec::new();
    if d.height() > 0 {
        let (file, sheet, cell, severity, message) = (
            crate::progress::frame::strs(&d, "file")?,
            crate::progress::frame::strs(&d, "sheet")?,
            crate::progress::frame::strs(&d, "cell")?,
            crate::progress::frame::strs(&d, "severity")?,
            crate::progress::frame::strs(&d, "message")?,
        );
        for i in (0..d.height()).filter(|i| files.contains(file[*i].as_str())) {
            problems.push(QualityNote {
                file: file[i].clone(),
                sheet: sheet[i].clone(),
                cell: cell[i].clone(),
                severity: severity[i].clone(),
                message: message[i].clone(),
            });
        }
    }
    Ok(Quality {
        rejected_rows: subs.iter().map(|s| s.rejected as u64).sum(),
        warnings: subs.iter().map(|s| s.warnings as u64).sum(),
        revisions,
        problems_total: problems.len() as u64,
        problems,
    })
}

/// The submissions behind the figures of a year up to its as-of month, in receipt order,
/// received times in the office's zone (`offset`).
pub fn sources(
    wh: &Warehouse,
    view: &View,
    (year, month): (i32, u32),
    offset: chrono::FixedOffset,
) -> Result<Vec<SourceRow>> {
    // A report as of June names what it used: nothing for a later month.
    let used = |p: crate::ingest::Period| p.year == year && p.month <= month;
    let mut subs: Vec<_> = wh
        .submissions()?
        .into_iter()
        .filter(|s| view.sees(s) && !s.is_retracted() && s.period.is_none_or(used))
        .collect();
    subs.sort_by_key(|s| (s.received_at, s.seq));
    Ok(subs
        .into_iter()
        .map(|s| SourceRow {
            id: s.id.chars().take(12).collect(),
            file: s.file,
            reporting_unit: s.reporting_unit,
            period: s.period.map(|p| p.to_string()).unwrap_or_default(),
            received_at: format_local(&s.received_at, offset),
            accepted: s.accepted as u64,
            rejected: s.rejected as u64,
        })
        .collect())
}

/// Everything the report computes from store contents, in one call shared by `report`,
/// `bulletin` and `demo`.
pub struct Inputs<'a> {
    pub observations: &'a DataFrame,
    pub statuses: &'a DataFrame,
    pub history: &'a DataFrame,
    pub quality: Quality,
    pub sources: Vec<SourceRow>,
    pub charts: Vec<super::Chart>,
}

/// Progress, goals and completeness for the as-of month, assembled into the report's data.
pub fn assemble(
    catalog: &crate::catalog::Catalog,
    inputs: Inputs,
    opts: &crate::progress::Options,
    due: crate::progress::completeness::Due,
) -> Result<super::ReportData> {
    use crate::progress::{completeness, frame, goals};
    let obs = frame::observations(inputs.observations, opts.year)?;
    let sts = frame::statuses(inputs.statuses)?;
    let p = crate::progress::compute_from(catalog, &obs, &sts, opts);
    let goal_rows = goals::goals(catalog, &obs, (opts.year, opts.month));
    drop(obs); // one table of rows at a time: a national store's are large
    let history = frame::receipts(inputs.history, opts.year)?;
    let comp = completeness::completeness(catalog, &history, opts.year, opts.month, due);
    Ok(super::ReportData::build(
        catalog,
        p,
        (opts.year, opts.month),
        goal_rows,
        comp,
        inputs.quality,
        inputs.sources,
        inputs.charts,
    ))
}

/// Superseded observations whose value differed from the one that replaced them: a unit that
/// re-sends earlier months unchanged (a by-month sheet) has corrected nothing. The history is in
/// key and revision order, so each key's earlier revisions come just before its current row.
fn changed_values(history: &DataFrame, year: i32) -> Result<u64> {
    if history.height() == 0 {
        return Ok(0);
    }
    let years = history.column("year")?.cast(&DataType::Int64)?;
    let values = history.column("value")?.cast(&DataType::Float64)?;
    let cums = history.column("cumulative")?.cast(&DataType::Float64)?;
    let rows = (years.i64()?.iter())
        .zip(values.f64()?.iter())
        .zip(cums.f64()?.iter())
        .zip(history.column("current")?.bool()?.iter());
    // (year, (value, cumulative)) of the current key's earlier revisions.
    type Figures = (Option<f64>, Option<f64>);
    let mut earlier: Vec<(Option<i64>, Figures)> = Vec::new();
    let mut changed = 0;
    for (((y, v), c), current) in rows {
        if current == Some(true) {
            changed += earlier
                .iter()
                .filter(|(ey, ev)| *ey == Some(i64::from(year)) && *ev != (v, c))
                .count() as u64;
            earlier.clear();
        } else {
            earlier.push((y, (v, c)));
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Earlier revisions count when their value differs from the current one, in the year.
    #[test]
    fn changed_values_compare_each_revision_with_its_current_row() {
        let history = df!(
            "year" => [2022i32, 2022, 2022, 2021, 2022, 2022],
            "value" => [Some(6.0), Some(5.0), Some(6.0), Some(1.0), Some(2.0), None],
            "cumulative" => [21.0, 20.0, 21.0, 1.0, 2.0, 3.0],
            "current" => [false, false, true, false, true, true],
        )
        .unwrap();
        // Key 1: an unchanged re-send (not counted), a real change (counted), then current;
        // key 2: a change in 2021 (another year); key 3: current only.
        assert_eq!(changed_values(&history, 2022).unwrap(), 1);
        assert_eq!(changed_values(&history, 2021).unwrap(), 1);
    }
}

//! What the report says about its own data: quality notes and the submissions behind the figures,
//! read from the warehouse.

use polars::prelude::*;

use super::{Quality, QualityNote, SourceRow};
use crate::error::Result;
use crate::store::{format_time, View, Warehouse};

/// Rejected rows, warnings and revisions of the submissions visible in `view`, for `year`.
pub fn quality(wh: &Warehouse, view: &View, year: i32) -> Result<Quality> {
    let subs: Vec<_> = wh
        .submissions()?
        .into_iter()
        .filter(|s| view.sees(s) && s.period.is_none_or(|p| p.year == year))
        .collect();
    let revisions = changed_values(&wh.history(view)?, year)?;
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
        for i in 0..d.height() {
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

/// The submissions behind a year's figures, in receipt order.
pub fn sources(wh: &Warehouse, view: &View, year: i32) -> Result<Vec<SourceRow>> {
    let mut subs: Vec<_> = wh
        .submissions()?
        .into_iter()
        .filter(|s| view.sees(s) && !s.is_retracted() && s.period.is_none_or(|p| p.year == year))
        .collect();
    subs.sort_by_key(|s| (s.received_at, s.seq));
    Ok(subs
        .into_iter()
        .map(|s| SourceRow {
            id: s.id.chars().take(12).collect(),
            file: s.file,
            reporting_unit: s.reporting_unit,
            period: s.period.map(|p| p.to_string()).unwrap_or_default(),
            received_at: format_time(&s.received_at),
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
    pub charts: Vec<(String, String)>,
}

/// Progress, goals and completeness for the as-of month, assembled into the report's data.
pub fn assemble(
    catalog: &crate::catalog::Catalog,
    inputs: Inputs,
    opts: &crate::progress::Options,
    due_day: u32,
) -> Result<super::ReportData> {
    use crate::progress::{completeness, frame, goals};
    let p = crate::progress::compute(catalog, inputs.observations, inputs.statuses, opts)?;
    let obs = frame::observations(inputs.observations, opts.year)?;
    let goal_rows = goals::goals(catalog, &obs, opts.year);
    let history = frame::observations(inputs.history, opts.year)?;
    let comp = completeness::completeness(catalog, &history, opts.year, opts.month, due_day);
    Ok(super::ReportData::build(
        catalog,
        &p,
        (opts.year, opts.month),
        goal_rows,
        comp,
        inputs.quality,
        inputs.sources,
        inputs.charts,
    ))
}

/// Superseded observations whose value differed from the one that replaced them: a unit that
/// re-sends earlier months unchanged (a by-month sheet) has corrected nothing.
fn changed_values(history: &DataFrame, year: i32) -> Result<u64> {
    if history.height() == 0 {
        return Ok(0);
    }
    let keys = [
        crate::progress::frame::strs(history, "indicator")?,
        crate::progress::frame::strs(history, "district")?,
    ];
    let years = history.column("year")?.cast(&DataType::Int64)?;
    let months = history.column("month")?.cast(&DataType::Int64)?;
    let values = history.column("value")?.cast(&DataType::Float64)?;
    let cums = history.column("cumulative")?.cast(&DataType::Float64)?;
    let current = history.column("current")?.bool()?.clone();
    let (years, months, values, cums) = (years.i64()?, months.i64()?, values.f64()?, cums.f64()?);
    let key = |i: usize| {
        (
            keys[0][i].clone(),
            keys[1][i].clone(),
            years.get(i),
            months.get(i),
        )
    };
    let mut now = std::collections::HashMap::new();
    for i in (0..history.height()).filter(|i| current.get(*i) == Some(true)) {
        now.insert(key(i), (values.get(i), cums.get(i)));
    }
    Ok((0..history.height())
        .filter(|i| current.get(*i) == Some(false) && years.get(*i) == Some(i64::from(year)))
        .filter(|i| {
            now.get(&key(*i))
                .is_some_and(|v| *v != (values.get(*i), cums.get(*i)))
        })
        .count() as u64)
}

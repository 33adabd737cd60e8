//! What the report says about its own data: quality notes and the submissions behind the figures,
//! read from the warehouse.

use polars::prelude::*;

use super::{Quality, QualityNote, SourceRow};
use crate::error::Result;
use crate::store::{format_time, View, Warehouse};

fn column(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    Ok(df
        .column(name)?
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(|s| s.unwrap_or("").to_string())
        .collect())
}

/// Rejected rows, warnings and revisions of the submissions visible in `view`, for `year`.
pub fn quality(wh: &Warehouse, view: &View, year: i32) -> Result<Quality> {
    let subs: Vec<_> = wh
        .submissions()?
        .into_iter()
        .filter(|s| view.sees(s) && s.period.is_none_or(|p| p.year == year))
        .collect();
    let history = wh.history(view)?;
    let revisions = if history.height() == 0 {
        0
    } else {
        let cur = history.column("current")?.bool()?;
        let years = history.column("year")?.cast(&DataType::Int64)?;
        let years = years.i64()?;
        cur.iter()
            .zip(years.iter())
            .filter(|(c, y)| *c == Some(false) && *y == Some(i64::from(year)))
            .count() as u64
    };
    let d = wh.diagnostics(view)?;
    let mut problems = Vec::new();
    if d.height() > 0 {
        let (file, sheet, cell, severity, message) = (
            column(&d, "file")?,
            column(&d, "sheet")?,
            column(&d, "cell")?,
            column(&d, "severity")?,
            column(&d, "message")?,
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

//! Current observations as the `export` records of DESIGN.md, and their Parquet and xlsx forms.
//! CSV and JSON go through [`crate::output`] like every other listing.

use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

use super::fsio;
use crate::catalog::Catalog;
use crate::error::{Error, Result};

/// Keys of the `export` records, in order.
pub const EXPORT_COLUMNS: [&str; 11] = [
    "indicator",
    "district",
    "period",
    "value",
    "cumulative",
    "unit",
    "reporting_unit",
    "submission",
    "file",
    "sheet",
    "cell",
];

/// One current observation, with the catalog unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRow {
    pub indicator: String,
    pub district: String,
    /// `YYYY-MM`.
    pub period: String,
    /// The month's own value.
    pub value: Option<f64>,
    pub cumulative: Option<f64>,
    /// The catalog's unit of measure (empty for a code not in the catalog).
    pub unit: String,
    pub reporting_unit: String,
    pub submission: String,
    pub file: String,
    pub sheet: String,
    pub cell: String,
}

/// Rows from a frame with the columns of `Warehouse::observations`.
pub fn export_rows(observations: &DataFrame, catalog: &Catalog) -> Result<Vec<ExportRow>> {
    let s = |name: &str| -> Result<Vec<String>> {
        Ok(observations
            .column(name)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect())
    };
    let f = |name: &str| -> Result<Vec<Option<f64>>> {
        Ok(observations.column(name)?.f64()?.iter().collect())
    };
    let i = |name: &str| -> Result<Vec<i32>> {
        Ok(observations
            .column(name)?
            .i32()?
            .iter()
            .map(|v| v.unwrap_or_default())
            .collect())
    };
    let (ind, dis, unit, sub) = (
        s("indicator")?,
        s("district")?,
        s("reporting_unit")?,
        s("submission")?,
    );
    let (file, sheet, cell) = (s("file")?, s("sheet")?, s("cell")?);
    let (year, month, value, cum) = (i("year")?, i("month")?, f("value")?, f("cumulative")?);
    Ok((0..observations.height())
        .map(|k| ExportRow {
            unit: catalog
                .indicator(&ind[k])
                .map(|e| e.def.unit.clone())
                .unwrap_or_default(),
            indicator: ind[k].clone(),
            district: dis[k].clone(),
            period: format!("{:04}-{:02}", year[k], month[k]),
            value: value[k],
            cumulative: cum[k],
            reporting_unit: unit[k].clone(),
            submission: sub[k].clone(),
            file: file[k].clone(),
            sheet: sheet[k].clone(),
            cell: cell[k].clone(),
        })
        .collect())
}

/// The rows as a frame with the [`EXPORT_COLUMNS`] (value and cumulative f64, the rest str).
pub fn export_frame(rows: &[ExportRow]) -> Result<DataFrame> {
    let s = |f: fn(&ExportRow) -> &str| rows.iter().map(f).collect::<Vec<&str>>();
    Ok(df!(
        "indicator" => s(|r| &r.indicator),
        "district" => s(|r| &r.district),
        "period" => s(|r| &r.period),
        "value" => rows.iter().map(|r| r.value).collect::<Vec<_>>(),
        "cumulative" => rows.iter().map(|r| r.cumulative).collect::<Vec<_>>(),
        "unit" => s(|r| &r.unit),
        "reporting_unit" => s(|r| &r.reporting_unit),
        "submission" => s(|r| &r.submission),
        "file" => s(|r| &r.file),
        "sheet" => s(|r| &r.sheet),
        "cell" => s(|r| &r.cell),
    )?)
}

/// Writes a Parquet file (temp file, fsync, rename).
pub fn write_parquet(rows: &[ExportRow], path: &Path) -> Result<()> {
    let mut df = export_frame(rows)?;
    fsio::atomic_write(path, "export_rename", |f| {
        ParquetWriter::new(f)
            .finish(&mut df)
            .map(|_| ())
            .map_err(Error::from)
    })
}

/// An xlsx workbook, one sheet `观测值`, header in row 1. Text is always written as a string cell,
/// so a value like `=HYPERLINK(…)` from a submission stays inert text, never a formula.
pub fn xlsx_bytes(rows: &[ExportRow], headings: &[&str]) -> Result<Vec<u8>> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("观测值")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, key) in EXPORT_COLUMNS.iter().enumerate() {
        let h = headings.get(c).copied().unwrap_or(key);
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let texts = [&r.indicator, &r.district, &r.period];
        for (c, t) in texts.iter().enumerate() {
            ws.write_string(row, c as u16, t.as_str())?;
        }
        for (c, v) in [(3u16, r.value), (4, r.cumulative)] {
            if let Some(v) = v {
                ws.write_number(row, c, v)?;
            }
        }
        let texts = [
            &r.unit,
            &r.reporting_unit,
            &r.submission,
            &r.file,
            &r.sheet,
            &r.cell,
        ];
        for (c, t) in texts.iter().enumerate() {
            ws.write_string(row, 5 + c as u16, t.as_str())?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(wb.save_to_buffer()?)
}

/// Writes [`xlsx_bytes`] to `path` (temp file, fsync, rename), headed `headings` (the
/// [`EXPORT_COLUMNS`] keys where none is given).
pub fn write_xlsx(rows: &[ExportRow], headings: &[&str], path: &Path) -> Result<()> {
    let bytes = xlsx_bytes(rows, headings)?;
    fsio::atomic_write(path, "export_rename", |f| {
        use std::io::Write;
        f.write_all(&bytes).map_err(|e| Error::io(path, e))
    })
}

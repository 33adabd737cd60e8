//! The files a full run writes (progress table, report, charts), shared by `demo`.

use std::path::{Path, PathBuf};

use dabiao::catalog::Catalog;
use dabiao::progress::{Options, Progress};
use dabiao::store::Warehouse;

/// Writes the progress table and returns the paths written.
pub fn write_all(
    _catalog: &Catalog,
    _wh: &Warehouse,
    p: &Progress,
    _opts: &Options,
    out: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let table = out.join("progress-2022-12.xlsx");
    dabiao::output::write_xlsx(&p.rows, &[], "进度", &table)?;
    written.push(table);
    let mut df = dabiao::progress::to_frame(&p.rows)?;
    let parquet = out.join("progress-2022-12.parquet");
    let mut buf = Vec::new();
    polars::prelude::ParquetWriter::new(&mut buf).finish(&mut df)?;
    dabiao::output::write_atomic(&parquet, &buf)?;
    written.push(parquet);
    Ok(written)
}

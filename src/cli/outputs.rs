//! The files a full run writes (progress table, report, charts), used by `demo`.

use std::path::{Path, PathBuf};

use dabiao::catalog::Catalog;
use dabiao::progress::{Options, Progress};
use dabiao::report::{self, sources, Lang, Layout};
use dabiao::store::{View, Warehouse};

/// Writes the progress table (xlsx, Parquet) and the report (HTML, XLSX, Markdown); returns the
/// paths written.
pub fn write_all(
    catalog: &Catalog,
    wh: &Warehouse,
    p: &Progress,
    opts: &Options,
    due_day: u32,
    out: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let stem = format!("{}-{:02}", opts.year, opts.month);
    let table = out.join(format!("progress-{stem}.xlsx"));
    dabiao::output::write_xlsx(&p.rows, &[], "进度", &table)?;
    written.push(table);
    let mut df = dabiao::progress::to_frame(&p.rows)?;
    let parquet = out.join(format!("progress-{stem}.parquet"));
    let mut buf = Vec::new();
    polars::prelude::ParquetWriter::new(&mut buf).finish(&mut df)?;
    dabiao::output::write_atomic(&parquet, &buf)?;
    written.push(parquet);

    let view = View::default();
    let (obs, sts, history) = (
        wh.observations(&view)?,
        wh.statuses(&view)?,
        wh.history(&view)?,
    );
    let charts = Vec::new();
    let data = sources::assemble(
        catalog,
        sources::Inputs {
            observations: &obs,
            statuses: &sts,
            history: &history,
            quality: sources::quality(wh, &view, opts.year)?,
            sources: sources::sources(wh, &view, opts.year)?,
            charts,
        },
        opts,
        due_day,
    )?;
    for (format, ext) in [
        (report::Format::Html, "html"),
        (report::Format::Xlsx, "xlsx"),
        (report::Format::Markdown, "md"),
    ] {
        let path = out.join(format!("{}年目标完成情况.{ext}", opts.year));
        let bytes = report::exporter(format, Layout::Report).render(&data, Lang::Zh)?;
        dabiao::output::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

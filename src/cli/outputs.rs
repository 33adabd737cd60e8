//! The files a full run writes (progress table, report, charts), used by `demo`.

use std::path::{Path, PathBuf};

use dabiao::catalog::Catalog;
use dabiao::chart::{self, ChartData, Kind};
use dabiao::progress::{Options, Progress};
use dabiao::report::{self, sources, Lang, Layout};
use dabiao::store::{View, Warehouse};

/// Every chart kind as SVG under `dir` (and PNG where a CJK font is found); returns the charts
/// the report carries.
#[allow(clippy::too_many_arguments)]
fn draw_charts(
    catalog: &Catalog,
    obs: &polars::prelude::DataFrame,
    sts: &polars::prelude::DataFrame,
    history: &polars::prelude::DataFrame,
    opts: &Options,
    due: dabiao::progress::completeness::Due,
    dir: &Path,
    written: &mut Vec<PathBuf>,
) -> anyhow::Result<Vec<report::Chart>> {
    let data = ChartData::compute(catalog, obs, sts, history, opts, due)?;
    let kinds = [
        ("各指标完成率", Kind::Completion, true),
        (
            "农村公路建设进度（T17-01）",
            Kind::Trajectory {
                indicator: "T17-01".into(),
                districts: true,
            },
            true,
        ),
        (
            "各区农村公路建设（T17-01）",
            Kind::Districts {
                indicator: "T17-01".into(),
            },
            false,
        ),
        ("工作要点逐月状态", Kind::Heatmap, true),
        (
            "常住人口城镇化率目标（G-02）",
            Kind::Goal {
                indicator: "G-02".into(),
            },
            true,
        ),
        ("报送情况", Kind::Completeness, true),
    ];
    let in_report: Vec<bool> = kinds.iter().map(|k| k.2).collect();
    let kinds = kinds
        .into_iter()
        .map(|(t, k, _)| (t.to_string(), k))
        .collect();
    let (drawn, _) = chart::set::draw_kinds(kinds, &data, chart::Lang::Zh, true, None)?;
    let mut inline = Vec::new();
    for (d, in_report) in drawn.into_iter().zip(in_report) {
        let path = dir.join(format!("{}.svg", d.kind.name()));
        dabiao::output::write_atomic(&path, d.svg.as_bytes())?;
        written.push(path);
        if in_report {
            inline.push(report::Chart {
                title: d.title,
                svg: d.svg,
                png: d.png,
                file: None,
            });
        }
    }
    Ok(inline)
}

/// Writes the progress table (xlsx, Parquet) and the report (Word, HTML, XLSX, Markdown); returns the
/// paths written.
pub fn write_all(
    catalog: &Catalog,
    wh: &Warehouse,
    p: &Progress,
    opts: &Options,
    due: dabiao::progress::completeness::Due,
    out: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let stem = format!("{}-{:02}", opts.year, opts.month);
    let table = out.join(format!("progress-{stem}.xlsx"));
    let people = dabiao::output::Options {
        renames: super::progress::RENAMES,
        ..Default::default()
    };
    dabiao::output::write_xlsx(&p.rows, &[], "进度", &people, &table)?;
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
    let charts = draw_charts(
        catalog,
        &obs,
        &sts,
        &history,
        opts,
        due,
        &out.join("charts"),
        &mut written,
    )?;
    let data = sources::assemble(
        catalog,
        sources::Inputs {
            observations: &obs,
            statuses: &sts,
            history: &history,
            quality: sources::quality(wh, &view, &history, (opts.year, opts.month))?,
            sources: sources::sources(wh, &view, (opts.year, opts.month), due.offset)?,
            charts,
        },
        opts,
        due,
    )?;
    for (format, ext) in [
        (report::Format::Docx, "docx"),
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

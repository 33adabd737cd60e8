//! `dabiao report`: the year-end target-achievement report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{emit, Ctx};
use dabiao::catalog::Catalog;
use dabiao::chart::{self, set, ChartData};
use dabiao::progress::{Options, TimeBasis};
use dabiao::report::{self, Lang, Layout};

/// 年度目标任务完成情况报告：总体情况、分领域完成情况、滞后事项、各区排名、责任单位落实情况、
/// 报送情况、数据质量、2025/2035 目标评估和数据来源。
///
/// 格式由 -o 的扩展名决定（.docx .html .xlsx .md .json），或用 --format 指定；不写 -o 时输出
/// Markdown 到屏幕。Word 版按公文格式排版（A4、仿宋三号正文、页码“— 1 —”），可直接编辑转发；HTML 为
/// 单个文件（内嵌样式与图表），可直接按 A4 打印。报告带图表：HTML 内嵌 SVG，Word 与 Excel 放入 PNG
/// （需要中文字体），Markdown 把图表文件写在旁边的“<文件名>_图表”文件夹中；不要图表用 --no-charts。
///
/// 示例:
///   dabiao report --year 2022 -o 2022年度报告.docx
///   dabiao report --year 2022 -o 2022年度报告.html
///   dabiao report --year 2022 --as-of 2022-09 -o 前三季度.xlsx
///   dabiao report --year 2022 -o report.md --lang en
///   dabiao report --year 2022 --format json > report.json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 年度（默认为目录的规划年度）。
    #[arg(long)]
    pub year: Option<i32>,
    /// 截至月份 YYYY-MM（默认为该年 12 月）。
    #[arg(long, value_name = "YYYY-MM")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub out: OutArgs,
}

/// Output flags shared by `report` and `bulletin`.
#[derive(clap::Args, Debug, Clone)]
pub struct OutArgs {
    /// 输出文件；扩展名 .docx .html .xlsx .md .json 决定格式。
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 输出格式: docx | html | xlsx | md | json（默认按 -o 的扩展名，无 -o 时为 md）。
    #[arg(long, short = 'f', value_parser = ["docx", "html", "xlsx", "md", "markdown", "json"])]
    pub format: Option<String>,
    /// 不放图表。Leave the charts out.
    #[arg(long)]
    pub no_charts: bool,
    /// 画 PNG 图表用的中文字体文件（.ttf .otf .ttc；默认在系统中查找）。
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    /// 序时进度按已过天数计算（默认按月）。
    #[arg(long)]
    pub days: bool,
}

/// Parses `2022-06` (or `2022年6月`, `202206`) into year and month.
pub fn parse_month(s: &str, default_year: i32, flag: &str) -> anyhow::Result<(i32, u32)> {
    let p = dabiao::ingest::period::parse_text(s, Some(default_year)).ok_or_else(|| {
        dabiao::Error::Usage(format!("{flag} “{s}” 无法识别（应为 YYYY-MM，如 2022-06）"))
    })?;
    Ok((p.year, p.month))
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let year = args.year.unwrap_or(catalog.meta.year);
    let (y, month) = match &args.as_of {
        Some(s) => parse_month(s, year, "--as-of")?,
        None => (year, 12),
    };
    if y != year {
        anyhow::bail!(dabiao::Error::Usage(format!(
            "--as-of {} 不在 --year {year} 年内",
            args.as_of.as_deref().unwrap_or_default()
        )));
    }
    produce(ctx, &catalog, year, month, Layout::Report, &args.out)
}

/// Computes the report's data and writes it in the format asked for.
pub fn produce(
    ctx: &Ctx,
    catalog: &Catalog,
    year: i32,
    month: u32,
    layout: Layout,
    out: &OutArgs,
) -> anyhow::Result<ExitCode> {
    let format = report::resolve_format(out.format.as_deref(), out.output.as_deref())?;
    if matches!(format, report::Format::Xlsx | report::Format::Docx) && out.output.is_none() {
        anyhow::bail!(dabiao::Error::Usage(
            "xlsx 与 docx 格式需要 -o 输出文件".into()
        ));
    }
    let lang = ctx.lang();
    let opts = options(ctx, year, month, out.days);
    let spin = super::spinner("正在读取数据仓库并生成报告");
    let inputs = super::report_inputs(ctx, year, month)?;
    let charts = if out.no_charts {
        Vec::new()
    } else {
        let png = matches!(format, report::Format::Docx | report::Format::Xlsx);
        let drawn = draw(ctx, catalog, &inputs, &opts, layout, lang, png, out)?;
        charts_for(drawn, format, out.output.as_deref())?
    };
    let data = assemble(ctx, catalog, inputs, &opts, charts)?;
    let bytes = report::exporter(format, layout).render(&data, lang)?;
    spin.finish_and_clear();
    match &out.output {
        Some(path) => {
            dabiao::output::write_atomic(path, &bytes)?;
            eprintln!("已写入 {}", display(path));
        }
        None => emit(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The progress options of a report as of a month.
pub fn options(ctx: &Ctx, year: i32, month: u32, days: bool) -> Options {
    Options {
        year,
        month,
        day: None,
        basis: if days {
            TimeBasis::Days
        } else {
            TimeBasis::Months
        },
        bands: ctx.config.progress.clone(),
        ytd: Default::default(),
    }
}

/// The report's data from the store's inputs and the charts drawn for it.
pub fn assemble(
    ctx: &Ctx,
    catalog: &Catalog,
    inputs: super::ReportInputs,
    opts: &Options,
    charts: Vec<report::Chart>,
) -> anyhow::Result<report::ReportData> {
    Ok(report::sources::assemble(
        catalog,
        report::sources::Inputs {
            observations: &inputs.observations,
            statuses: &inputs.statuses,
            history: &inputs.history,
            quality: inputs.quality,
            sources: inputs.sources,
            charts,
        },
        opts,
        ctx.config.due(),
    )?)
}

/// The charts of the report or bulletin; a warning when PNG was wanted and no CJK font found.
#[allow(clippy::too_many_arguments)]
fn draw(
    ctx: &Ctx,
    catalog: &Catalog,
    inputs: &super::ReportInputs,
    opts: &Options,
    layout: Layout,
    lang: Lang,
    png: bool,
    out: &OutArgs,
) -> anyhow::Result<Vec<set::Drawn>> {
    let (obs, sts, history) = (&inputs.observations, &inputs.statuses, &inputs.history);
    let data = ChartData::compute(catalog, obs, sts, history, opts, ctx.config.due())?;
    let set = match layout {
        Layout::Report => set::Set::Report,
        Layout::Bulletin => set::Set::Bulletin,
    };
    let chart_lang = match lang {
        Lang::Zh => chart::Lang::Zh,
        Lang::En => chart::Lang::En,
    };
    let (drawn, no_png) = set::draw(set, &data, chart_lang, png, out.font.as_deref())?;
    if let Some(why) = no_png {
        eprintln!(
            "警告：{} 张图表未放入报告（PNG 需要中文字体）：{why}",
            drawn.len()
        );
    }
    Ok(drawn)
}

/// The report's charts; for Markdown written to `<文件名>_图表/图N.svg` beside the file and
/// linked from it.
fn charts_for(
    drawn: Vec<set::Drawn>,
    format: report::Format,
    output: Option<&Path>,
) -> anyhow::Result<Vec<report::Chart>> {
    let beside = match (format, output) {
        (report::Format::Markdown, Some(p)) => {
            let stem = p.file_stem().unwrap_or_default().to_string_lossy();
            Some((
                p.with_file_name(format!("{stem}_图表")),
                format!("{stem}_图表"),
            ))
        }
        _ => None,
    };
    let mut out = Vec::new();
    for (i, d) in drawn.into_iter().enumerate() {
        let file = match &beside {
            Some((dir, rel)) => {
                let name = format!("图{}.svg", i + 1);
                dabiao::output::write_atomic(&dir.join(&name), d.svg.as_bytes())?;
                Some(format!("{rel}/{name}"))
            }
            None => None,
        };
        out.push(report::Chart {
            title: d.title,
            svg: d.svg,
            png: d.png,
            file,
        });
    }
    Ok(out)
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

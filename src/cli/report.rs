//! `dabiao report`: the year-end target-achievement report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{emit, Ctx};
use dabiao::catalog::Catalog;
use dabiao::progress::{Options, TimeBasis};
use dabiao::report::{self, Layout};

/// 年度目标任务完成情况报告：总体情况、分领域完成情况、滞后事项、各区排名、责任单位落实情况、
/// 报送情况、数据质量、2025/2035 目标评估和数据来源。
///
/// 格式由 -o 的扩展名决定（.html .xlsx .md .json），或用 --format 指定；不写 -o 时输出 Markdown
/// 到屏幕。HTML 为单个文件（内嵌样式），可直接按 A4 打印；图表另用 dabiao chart 生成（dabiao demo 的
/// 报告内嵌了示例图表）。
///
/// 示例:
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
    /// 输出文件；扩展名 .html .xlsx .md .json 决定格式。
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 输出格式: html | xlsx | md | json（默认按 -o 的扩展名，无 -o 时为 md）。
    #[arg(long, short = 'f', value_parser = ["html", "xlsx", "md", "markdown", "json"])]
    pub format: Option<String>,
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
    if format == report::Format::Xlsx && out.output.is_none() {
        anyhow::bail!(dabiao::Error::Usage("xlsx 格式需要 -o 输出文件".into()));
    }
    let lang = ctx.lang();
    let spin = super::spinner("正在读取数据仓库并生成报告");
    let inputs = super::report_inputs(ctx, year, month)?;
    let opts = Options {
        year,
        month,
        day: None,
        basis: if out.days {
            TimeBasis::Days
        } else {
            TimeBasis::Months
        },
        bands: ctx.config.progress.clone(),
        ytd: Default::default(),
    };
    let data = report::sources::assemble(
        catalog,
        report::sources::Inputs {
            observations: &inputs.observations,
            statuses: &inputs.statuses,
            history: &inputs.history,
            quality: inputs.quality,
            sources: inputs.sources,
            charts: inputs.charts,
        },
        &opts,
        ctx.config.due(),
    )?;
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

fn display(p: &Path) -> String {
    p.display().to_string()
}

//! `dabiao goals`: distance to the 2025 / 2035 goals.

use std::process::ExitCode;

use super::{emit, Ctx, FormatArgs};
use dabiao::output::render;
use dabiao::progress::{frame, goals};

/// 2025/2035 目标评估：所需增速、实际增速、二者之比（欧盟统计局分类）与目标年预测值（联合国统计司分类）。
///
/// 规划未给出基线或目标值的指标显示“目标未设定”（JSON 中为 target_not_set），不推算。设定方法见 indicators/README.md。
///
/// 示例:
///   dabiao goals
///   dabiao goals --as-of-year 2024 --format json
///   dabiao goals --as-of 2022-06
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 评估截至年份（默认为最新有数年份）。
    #[arg(long, conflicts_with = "as_of")]
    pub as_of_year: Option<i32>,
    /// 评估截至月份 YYYY-MM：不用此后的数（与年度报告 --as-of 相同）。
    #[arg(long, value_name = "YYYY-MM")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let data = ctx.data(&dabiao::store::View::default())?;
    let (year, month) = match &args.as_of {
        Some(s) => super::report::parse_month(s, catalog.meta.year, "--as-of")?,
        None => (args.as_of_year.unwrap_or(9999), 12),
    };
    let obs = frame::observations(&data.observations, year)?;
    let rows = goals::goals(&catalog, &obs, (year, month));
    let cols = [
        "indicator",
        "name",
        "baseline_year",
        "baseline",
        "target_year",
        "target",
        "latest_year",
        "latest",
        "required_rate",
        "actual_rate",
        "ratio",
        "category",
        "projected",
        "unsd_category",
    ];
    let cols: &[&str] = if args.format.format == "table" {
        &cols
    } else {
        &[]
    };
    let opts = args.format.renamed(ctx.lang(), super::progress::RENAMES);
    emit(&render(&rows, cols, &opts)?)?;
    Ok(ExitCode::SUCCESS)
}

//! `dabiao bulletin`: the monthly progress bulletin (月度进展通报).

use std::process::ExitCode;

use super::report::{parse_month, produce, OutArgs};
use super::Ctx;
use dabiao::report::Layout;

/// 月度进展通报：总体情况、滞后事项、本月迟报和未报单位。与年度报告同一套数据，版面更短。
///
/// 示例:
///   dabiao bulletin --month 2022-06 -o 6月通报.html
///   dabiao bulletin --month 2022-06 -o 6月通报.docx
///   dabiao bulletin --month 2022-06 --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 通报月份 YYYY-MM。
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    #[command(flatten)]
    pub out: OutArgs,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let (year, month) = parse_month(&args.month, catalog.meta.year, "--month")?;
    produce(ctx, &catalog, year, month, Layout::Bulletin, &args.out)
}

//! `dabiao completeness`: who has not reported which months, and who reported late.

use std::process::ExitCode;

use super::{emit, Ctx, FormatArgs};
use dabiao::output::render;
use dabiao::progress::{completeness, frame};

/// 报送情况：每个有指标的责任单位每月是否报送、是否按时（次月 due_day 日前，默认 10 日）。
///
/// 示例:
///   dabiao completeness --as-of 2022-06
///   dabiao completeness --as-of 2022-12 --format csv > 报送情况.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[arg(long)]
    pub year: Option<i32>,
    /// 截至月份 YYYY-MM。
    #[arg(long)]
    pub as_of: Option<String>,
    /// 只列出迟报和未报。
    #[arg(long)]
    pub problems: bool,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let (data, history) = ctx.data_with_history(&dabiao::store::View::default())?;
    let plan_year = args.year.unwrap_or(catalog.meta.year);
    let (year, month, _) = super::progress::as_of(
        plan_year,
        args.year,
        args.as_of.as_deref(),
        data.latest_period(Some(plan_year)),
    )?;
    let history = frame::receipts(&history, year)?;
    let mut rows = completeness::completeness(&catalog, &history, year, month, ctx.config.due());
    let total = rows.len();
    let received = rows.iter().filter(|r| r.status == "received").count();
    let late = rows.iter().filter(|r| r.status == "late").count();
    if args.problems {
        rows.retain(|r| r.status != "received");
    }
    let mut text = render(
        &rows,
        &["unit", "period", "status", "received_at", "due"],
        &args
            .format
            .renamed(ctx.lang(), &[("unit", "责任单位", "Unit")]),
    )?;
    if args.format.format == "table" {
        let rate = if total == 0 {
            0.0
        } else {
            (received + late) as f64 / total as f64 * 100.0
        };
        let missing = total - received - late;
        text.push_str(&match ctx.lang() {
            dabiao::output::Lang::Zh => format!(
                "\n应报 {total} 次，按时 {received}，迟报 {late}，未报 {missing}；报送率 {rate:.1}%\n"
            ),
            dabiao::output::Lang::En => format!(
                "\n{total} expected: {received} on time, {late} late, {missing} missing; {rate:.1}% received\n"
            ),
        });
    }
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

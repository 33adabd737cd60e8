//! `dabiao template`: a fillable submission workbook for one unit and month.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::Ctx;
use dabiao::ingest::{Layout, Period};
use dabiao::template::Template;

/// 生成填报表模板（xlsx）：按指标目录预填某单位某月要报的指标与区域，只留数值单元格可填。
///
/// 版式：long（默认，每个指标×区域一行：本月完成、累计完成）、wide（每行 1月…12月）、
/// task（该单位牵头的工作要点：进展状态、完成进度、进展情况、存在问题、下步计划）。
/// 表内有“填报说明”表、区域和状态下拉、数字检查；预填的单元格受保护（无密码）。
///
/// 默认文件名：202206_市交通运输局_填报表.xlsx（wide: _按月填报表，task: _任务进展表）。
/// 已存在的文件不会被覆盖，除非加 --force。
///
/// 退出码：0 已生成；2 无法生成（单位未知、该单位没有要报的内容、文件已存在）。
///
/// 示例:
///   dabiao template --unit 市交通运输局 --period 2022-06
///   dabiao template --unit 市文化和旅游局 --period 2022年6月 --layout wide -o 文旅.xlsx
///   dabiao template --unit 市交通运输局 --period 202206 --layout task
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 填报单位（名称或别名，如 市交通运输局）。
    #[arg(long)]
    pub unit: String,
    /// 报告期：2022-06、2022年6月、202206。
    #[arg(long)]
    pub period: String,
    /// 版式: long | wide | task
    #[arg(long, default_value = "long", value_parser = ["long", "wide", "task"])]
    pub layout: String,
    /// 输出文件（默认按单位和月份命名，写在当前目录）。
    #[arg(short = 'o', long, value_name = "FILE.xlsx")]
    pub output: Option<PathBuf>,
    /// 覆盖已存在的文件。
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let period = Period::parse_iso(&args.period).with_context(|| {
        format!(
            "报告期“{}”无法识别（可写 2022-06、2022年6月、202206）",
            args.period
        )
    })?;
    let layout = Layout::parse(&args.layout).unwrap_or(Layout::Long);
    let catalog = ctx.catalog()?;
    let mut template = Template::new(&catalog, &args.unit, period, layout)?;
    template.due_day = ctx.config.completeness.due_day;
    let bytes = template.to_xlsx(&catalog)?;
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from(template.file_name()));
    write_new(&path, &bytes, args.force)?;
    let rows = template.indicators.len() + template.items.len();
    eprintln!(
        "已生成 {}（{}，{} 行，{}）",
        path.display(),
        template.unit,
        rows,
        layout.zh()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes atomically (readable by all, like any report); refuses to replace an existing file
/// unless `force`, saying how.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    if !force && path.exists() {
        anyhow::bail!(
            "{} 已存在；加 --force 覆盖，或用 -o 指定其他文件名",
            path.display()
        );
    }
    dabiao::output::write_atomic_with(path, bytes, force)?;
    Ok(())
}

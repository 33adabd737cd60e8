//! `dabiao export`: write the current observations as Parquet, CSV, xlsx or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{emit, history, Ctx};
use dabiao::output::human;
use dabiao::output::{render, Format, Options};
use dabiao::store::export::{export_rows, write_parquet, write_xlsx, EXPORT_COLUMNS};

/// 导出当前数据：每个指标·区域·报告期采用的最新值，附计量单位、填报单位和来源单元格。
///
/// CSV 默认为带 BOM 的 UTF-8（Excel 直接打开不乱码），--no-bom 供其他程序读取；以 = + - @ 开头的
/// 文本在 CSV 中加前缀 '，在 xlsx 中写成文本单元格，不会被当作公式执行。
/// parquet 与 xlsx 必须用 -o 指定输出文件；csv 与 json 默认写到标准输出。
///
/// 示例:
///   dabiao export -o 当前数据.csv
///   dabiao export -o 当前数据.xlsx
///   dabiao export -o current.parquet
///   dabiao export --format json --as-of-received 2022-07-10
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 格式: parquet | csv | xlsx | json（默认按 -o 的扩展名，无 -o 时为 csv）。
    #[arg(long, short = 'f', value_parser = ["parquet", "csv", "xlsx", "json"])]
    pub format: Option<String>,
    /// 输出文件；扩展名 .xlsx .csv .json .parquet 决定格式（csv、json 默认写到标准输出）。
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV 不加 BOM。No byte-order mark in CSV.
    #[arg(long)]
    pub no_bom: bool,
    /// 只看截至该时刻收到的提交（YYYY-MM-DD 含当天，或 RFC 3339）。
    #[arg(long, value_name = "DATETIME")]
    pub as_of_received: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let view = history::view(ctx, args.as_of_received.as_deref())?;
    let format = super::output_format(args.format.as_deref(), args.output.as_deref(), "csv")?;
    if matches!(format.as_str(), "parquet" | "xlsx") && args.output.is_none() {
        return Err(
            dabiao::Error::Usage(format!("--format {format} 需要用 -o 指定输出文件")).into(),
        );
    }
    let catalog = ctx.catalog()?;
    let wh = ctx.warehouse()?;
    let rows = export_rows(&wh.observations(&view)?, &catalog)?;
    match (format.as_str(), &args.output) {
        ("parquet", Some(p)) => write_parquet(&rows, p)?,
        ("xlsx", Some(p)) => {
            // A workbook is for people: headed as the tables are (指标编码, 区域 …).
            let lang = ctx.lang();
            let headings: Vec<&str> = (EXPORT_COLUMNS.iter())
                .map(|k| match human::column(k, &[]).header(lang) {
                    "" => *k,
                    h => h,
                })
                .collect();
            write_xlsx(&rows, &headings, p)?
        }
        (f, out) => {
            let format = if f == "json" {
                Format::Json
            } else {
                Format::Csv
            };
            let text = render(
                &rows,
                &EXPORT_COLUMNS,
                &Options {
                    format,
                    bom: !args.no_bom,
                    ..Default::default()
                },
            )?;
            match out {
                Some(p) => std::fs::write(p, text).map_err(|e| dabiao::Error::io(p, e))?,
                None => emit(&text)?,
            }
        }
    }
    if let Some(p) = &args.output {
        eprintln!("已导出 {} 行到 {}", rows.len(), p.display());
    }
    Ok(ExitCode::SUCCESS)
}

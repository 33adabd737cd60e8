//! `dabiao progress`: who is on schedule and who lags.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{emit, Ctx};
use dabiao::output::{render, write_xlsx, Format, Options as OutOptions};
use dabiao::progress::{self, rollup, Options, TimeBasis};

/// 进度测算：按序时进度比较年度目标完成情况。
///
/// 完成率 = 累计完成 ÷ 年度目标（越低越好的指标反过来算）；序时进度 = 月数 ÷ 12（或 --days 按天）；
/// 差距 = 完成率 − 序时进度（百分点）；状态按 dabiao.toml 的区间判定：已完成、超序时、正常、滞后、
/// 严重滞后、未报送、无目标。
///
/// 示例:
///   dabiao progress --as-of 2022-06
///   dabiao progress --as-of 2022-06 --by item
///   dabiao progress --as-of 2022-06 --by unit
///   dabiao progress --as-of 2022-06 -o 6月进度.xlsx
///   dabiao progress --as-of 2022-12 -o progress.parquet
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 年度（默认为目录的规划年度）。
    #[arg(long)]
    pub year: Option<i32>,
    /// 截至月份 YYYY-MM（或 YYYY-MM-DD，配合 --days）；默认为已入库数据的最新月份。
    #[arg(long)]
    pub as_of: Option<String>,
    /// 序时进度按已过天数计算（默认按月）。
    #[arg(long)]
    pub days: bool,
    /// 汇总口径: indicator | item | section | district | unit
    #[arg(long, default_value = "indicator", value_parser = ["indicator", "item", "section", "district", "unit"])]
    pub by: String,
    /// 输出格式: table | csv | json | parquet | xlsx（默认按 -o 的扩展名，无 -o 时为 table）。
    #[arg(long, short = 'f', value_parser = ["table", "csv", "json", "parquet", "xlsx"])]
    pub format: Option<String>,
    /// 输出文件；扩展名 .xlsx .csv .json .parquet 决定格式（parquet 与 xlsx 必填）。
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV 不加 BOM。
    #[arg(long)]
    pub no_bom: bool,
    /// 只看某区（含全市行时写 全市）。
    #[arg(long)]
    pub district: Option<String>,
    /// 按某日收到的数据计算（“当时我们知道什么”），如 2022-07-10。
    #[arg(long)]
    pub as_of_received: Option<String>,
    /// 累计完成的取法: kind（默认，按指标类型：流量 = 最近累计 + 其后各月本月值，存量 = 最近值）|
    /// reported-cumulative（只取最近一期填报的累计完成，忽略流量指标的本月值；12月累计为空则取11月；存量、节点型指标的本月值即其累计）。
    /// Year-to-date rule; `actual_period` tells which month the actual comes from.
    #[arg(long, default_value = "kind", value_parser = ["kind", "reported-cumulative"])]
    pub ytd: String,
    /// 只输出这些列（逗号分隔，按此顺序），如 indicator,district,actual,target,completion。
    /// Columns to write, in this order (csv, json, table, xlsx).
    #[arg(long, value_delimiter = ',')]
    pub columns: Vec<String>,
}

/// Resolves year and as-of month: flags first, else the latest month with data, else December.
pub fn as_of(
    plan_year: i32,
    year: Option<i32>,
    as_of: Option<&str>,
    latest: Option<(i32, u32)>,
) -> anyhow::Result<(i32, u32, Option<u32>)> {
    let plan_year = year.unwrap_or(plan_year);
    match as_of {
        Some(s) => {
            let p = dabiao::ingest::period::parse_text(s, Some(plan_year)).ok_or_else(|| {
                dabiao::Error::Usage(format!(
                    "--as-of “{s}” 无法识别（应为 YYYY-MM 或 YYYY-MM-DD）"
                ))
            })?;
            let day = s.split(['-', '/', '.']).nth(2).and_then(|d| d.parse().ok());
            Ok((p.year, p.month, day))
        }
        None => Ok(match latest {
            Some((y, m)) if y == plan_year => (y, m, None),
            _ => (plan_year, 12, None),
        }),
    }
}

pub fn run(ctx: &Ctx, mut args: Args) -> anyhow::Result<ExitCode> {
    args.format = Some(super::output_format(
        args.format.as_deref(),
        args.output.as_deref(),
        "table",
    )?);
    let catalog = ctx.catalog()?;
    let plan_year = args.year.unwrap_or(catalog.meta.year);
    // A malformed --as-of is reported before the warehouse is read.
    as_of(plan_year, args.year, args.as_of.as_deref(), None)?;
    let spin = super::spinner("正在读取数据仓库并测算进度");
    let data = ctx.data(&super::history::view(ctx, args.as_of_received.as_deref())?)?;
    let (year, month, day) = as_of(
        plan_year,
        args.year,
        args.as_of.as_deref(),
        data.latest_period(Some(plan_year)),
    )?;
    let opts = Options {
        year,
        month,
        day,
        basis: if args.days {
            TimeBasis::Days
        } else {
            TimeBasis::Months
        },
        bands: ctx.config.progress.clone(),
        ytd: progress::YtdRule::parse(&args.ytd).unwrap_or_default(),
    };
    // The frames are freed before the rules run: a national store has millions of rows.
    let obs = progress::frame::observations(&data.observations, opts.year)?;
    let sts = progress::frame::statuses(&data.statuses)?;
    drop(data);
    let p = progress::compute_from(&catalog, &obs, &sts, &opts);
    drop(obs);
    spin.finish_and_clear();
    let mut rows = p.rows;
    if let Some(d) = &args.district {
        let d = catalog.resolve_district(d).unwrap_or(d).to_string();
        rows.retain(|r| r.district == d);
    }
    let format = args.format.as_deref().unwrap_or("table");
    let out = OutOptions {
        format: Format::parse(format).unwrap_or(Format::Table),
        bom: !args.no_bom,
        lang: ctx.lang(),
        renames: RENAMES,
        ..Default::default()
    };
    let items = p.items;
    let elapsed = dabiao::report::labels::pct(Some(p.time_progress));
    let header = match out.lang {
        dabiao::output::Lang::Zh => format!("{year}年{month}月 序时进度 {elapsed}\n\n"),
        dabiao::output::Lang::En => format!(
            "{} {year}, time elapsed {elapsed}\n\n",
            dabiao::report::labels::month_en(month)
        ),
    };
    macro_rules! show {
        ($records:expr, $cols:expr) => {
            write(&args, &out, &$records, $cols, &header)
        };
    }
    match args.by.as_str() {
        "item" => show!(
            items,
            &[
                "item",
                "section",
                "lead_unit",
                "status",
                "completion",
                "basis",
                "worst_indicator",
                "text"
            ]
        ),
        "section" => show!(rollup::by_section(&catalog, &items), group_columns(&out)),
        "unit" => show!(rollup::by_unit(&items), group_columns(&out)),
        "district" => show!(rollup::by_district(&catalog, &rows), group_columns(&out)),
        _ if format == "parquet" => {
            let path = args
                .output
                .clone()
                .ok_or_else(|| dabiao::Error::Usage("--format parquet 需要 -o 输出文件".into()))?;
            let mut df = progress::to_frame(&rows)?;
            let mut buf = Vec::new();
            polars::prelude::ParquetWriter::new(&mut buf).finish(&mut df)?;
            dabiao::output::write_atomic(&path, &buf)?;
            eprintln!("已写入 {}（{} 行）", path.display(), df.height());
            Ok(())
        }
        _ if !args.columns.is_empty() => {
            check_columns(&args.columns, rows.first())?;
            let cols: Vec<&str> = args.columns.iter().map(String::as_str).collect();
            show!(rows, &cols)
        }
        _ => show!(
            rows,
            if out.format == Format::Table {
                &[
                    "indicator",
                    "name",
                    "district",
                    "target",
                    "actual",
                    "completion",
                    "gap_pp",
                    "status",
                    "projection",
                    "unit",
                ][..]
            } else {
                &[][..]
            }
        ),
    }?;
    Ok(ExitCode::SUCCESS)
}

/// Headings of the progress table that differ from the shared ones: `name` is the indicator's.
pub const RENAMES: &[dabiao::output::human::Rename] = &[("name", "指标名称", "Indicator")];

/// The columns of a roll-up table (by section, unit, district): in a table, the counts by status
/// and the mean completion; in CSV and JSON every key.
fn group_columns(out: &OutOptions) -> &'static [&'static str] {
    if out.format == Format::Table {
        &GROUP_COLUMNS
    } else {
        &[]
    }
}

/// A roll-up as people read it: the group, its counts by status, best first, and the mean.
pub const GROUP_COLUMNS: [&str; 11] = [
    "group",
    "items",
    "done",
    "ahead",
    "on_track",
    "behind",
    "severely_behind",
    "not_reported",
    "no_target",
    "mean_completion",
    "lagging",
];

/// A misspelt `--columns` name is an error, not a silently empty column.
fn check_columns(columns: &[String], row: Option<&progress::ProgressRow>) -> anyhow::Result<()> {
    let Some(serde_json::Value::Object(fields)) = row.map(serde_json::to_value).transpose()? else {
        return Ok(());
    };
    match columns.iter().find(|c| !fields.contains_key(c.as_str())) {
        Some(c) => Err(dabiao::Error::Usage(format!(
            "--columns 中的“{c}”不是进度表的列（可用：{}）",
            fields.keys().cloned().collect::<Vec<_>>().join(",")
        ))
        .into()),
        None => Ok(()),
    }
}

fn write<T: serde::Serialize>(
    args: &Args,
    out: &OutOptions,
    records: &[T],
    cols: &[&str],
    header: &str,
) -> anyhow::Result<()> {
    let format = args.format.as_deref().unwrap_or("table");
    if format == "xlsx" || format == "parquet" {
        let path = args
            .output
            .clone()
            .ok_or_else(|| dabiao::Error::Usage(format!("--format {format} 需要 -o 输出文件")))?;
        if format == "parquet" {
            anyhow::bail!(dabiao::Error::Usage("parquet 只用于 --by indicator".into()));
        }
        write_xlsx(records, cols, "进度", out, &path)?;
        eprintln!("已写入 {}", path.display());
        return Ok(());
    }
    let text = render(records, cols, out)?;
    match &args.output {
        Some(p) => dabiao::output::write_atomic(p, text.as_bytes())?,
        None if out.format == Format::Table => emit(&format!("{header}{text}"))?,
        None => emit(&text)?,
    }
    Ok(())
}

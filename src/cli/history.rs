//! `dabiao history`: every revision of an indicator's values, with the submission that set it.

use std::process::ExitCode;

use serde::Serialize;

use super::{emit, Ctx, FormatArgs};
use dabiao::output::{render, Format};
use dabiao::store::{self, View};

/// 查看指标值的修订历史：每个值由哪个提交、何时收到，current 标出当前采用的值。
///
/// 同一指标·区域·报告期以收到时间较晚的提交为准。--as-of-received 回答“当时我们知道什么”：
/// 只看该时刻（日期则含当天）之前收到的提交。日期与时间按 dabiao.toml 的 timezone（默认北京时间）。
///
/// 示例:
///   dabiao history --indicator T17-01
///   dabiao history --indicator T17-01 --district 鄂城区 --format json
///   dabiao history --indicator T17-01 --as-of-received 2022-07-10
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 指标编码。
    #[arg(long, required = true)]
    pub indicator: String,
    /// 只看某区（或 全市）。
    #[arg(long)]
    pub district: Option<String>,
    /// 只看截至该时刻收到的提交（YYYY-MM-DD 含当天，或 RFC 3339）。
    #[arg(long, value_name = "DATETIME")]
    pub as_of_received: Option<String>,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Serialize)]
struct Row {
    indicator: String,
    district: String,
    period: String,
    value: Option<f64>,
    cumulative: Option<f64>,
    submission: String,
    received_at: String,
    current: bool,
}

/// The view for `--as-of-received` (a date means the end of that day, in the office's zone).
pub fn view(ctx: &Ctx, as_of_received: Option<&str>) -> anyhow::Result<View> {
    let as_of_received = match as_of_received {
        Some(s) => Some(
            store::parse_time(s, true, ctx.config.offset()).ok_or_else(|| {
                dabiao::Error::Usage(format!(
                    "--as-of-received {s:?} 不是日期或时间（例：2022-07-10）"
                ))
            })?,
        ),
        None => None,
    };
    Ok(View {
        as_of_received,
        ..Default::default()
    })
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let view = view(ctx, args.as_of_received.as_deref())?;
    let catalog = ctx.catalog()?;
    let district = args
        .district
        .as_ref()
        .map(|d| catalog.resolve_district(d).unwrap_or(d).to_string());
    let wh = ctx.warehouse()?;
    let df = wh.history(&view)?;
    let opts = args.format.options(ctx.lang());
    let short = opts.format == Format::Table;
    let s = |n: &str| -> anyhow::Result<Vec<String>> {
        Ok(df
            .column(n)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect())
    };
    let (ind, dis, sub, rec) = (
        s("indicator")?,
        s("district")?,
        s("submission")?,
        s("received_at")?,
    );
    let (year, month) = (df.column("year")?.i32()?, df.column("month")?.i32()?);
    let (value, cum, cur) = (
        df.column("value")?.f64()?,
        df.column("cumulative")?.f64()?,
        df.column("current")?.bool()?,
    );
    let rows: Vec<Row> = (0..df.height())
        .filter(|&i| ind[i] == args.indicator && district.as_ref().is_none_or(|d| &dis[i] == d))
        .map(|i| Row {
            indicator: ind[i].clone(),
            district: dis[i].clone(),
            period: format!(
                "{:04}-{:02}",
                year.get(i).unwrap_or_default(),
                month.get(i).unwrap_or_default()
            ),
            value: value.get(i),
            cumulative: cum.get(i),
            submission: if short {
                sub[i].chars().take(12).collect()
            } else {
                sub[i].clone()
            },
            received_at: store::local_text(&rec[i], ctx.config.offset()),
            current: cur.get(i).unwrap_or(false),
        })
        .collect();
    if rows.is_empty() && short && catalog.indicator(&args.indicator).is_none() {
        eprintln!(
            "提示：目录中没有指标 {}（可用 dabiao catalog indicators 查看）",
            args.indicator
        );
    }
    let cols = [
        "indicator",
        "district",
        "period",
        "value",
        "cumulative",
        "submission",
        "received_at",
        "current",
    ];
    emit(&render(&rows, &cols, &opts)?)?;
    Ok(ExitCode::SUCCESS)
}

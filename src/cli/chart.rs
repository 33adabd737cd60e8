//! `dabiao chart`: indicator charts as SVG or PNG.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Ctx;
use dabiao::catalog::Catalog;
use dabiao::chart::{self, ChartData, ChartOptions, Format, Kind, Lang};
use dabiao::progress::{frame, Options, TimeBasis};

/// 图表：指标完成率、逐月累计、各区对比、重点工作热力图、2025/2035 目标、报送情况。
///
/// 输出格式由 -o 的扩展名决定：.svg（默认推荐，任何浏览器可看，中文由查看者的字体显示）或
/// .png（需要本机有中文字体，或用 --font 指定；Debian/Ubuntu: apt-get install fonts-noto-cjk）。
///
/// 图表类型:
///   completion    各指标完成率（按部分分组、按状态着色，标出序时进度）
///   trajectory    某指标逐月累计完成与目标路径（--districts 每区一条线）
///   districts     某指标各区实际与目标对比
///   heatmap       重点工作 × 月份 状态热力图
///   goal          某指标基线 → 2025/2035 目标路径、历年实际与预测
///   completeness  各责任单位逐月报送情况（按时 / 迟报 / 未报）
///
/// 示例:
///   dabiao chart completion --as-of 2022-06 -o 完成率.svg
///   dabiao chart trajectory --indicator T17-01 --districts -o 农村公路.png
///   dabiao chart districts --indicator T49-01 -o 美丽城镇.svg
///   dabiao chart heatmap --as-of 2022-06 -o 热力图.png --width 1400
///   dabiao chart goal --indicator G-05 --lang en -o income.svg
///   dabiao chart completeness --as-of 2022-06 -o 报送.png --font /path/to/NotoSansCJK-Regular.ttc
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 图表类型: completion | trajectory | districts | heatmap | goal | completeness
    #[arg(value_parser = ["completion", "trajectory", "districts", "heatmap", "goal", "completeness"])]
    pub kind: String,
    /// 指标编码（trajectory、districts、goal 必填），如 T17-01。
    #[arg(long, value_name = "CODE")]
    pub indicator: Option<String>,
    /// trajectory：每个区画一条线。
    #[arg(long)]
    pub districts: bool,
    /// 年度（默认为目录的规划年度）。
    #[arg(long)]
    pub year: Option<i32>,
    /// 截至月份 YYYY-MM；默认为已入库数据的最新月份。
    #[arg(long, value_name = "YYYY-MM")]
    pub as_of: Option<String>,
    /// 输出文件，.svg 或 .png。
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    /// 宽度（像素，默认随图表类型）。
    #[arg(long)]
    pub width: Option<u32>,
    /// 高度（像素，默认随图表类型与行数）。
    #[arg(long)]
    pub height: Option<u32>,
    /// PNG 使用的字体文件（.ttf/.otf/.ttc），默认自动查找本机中文字体。
    #[arg(long, env = "DABIAO_FONT", value_name = "FILE")]
    pub font: Option<PathBuf>,
}

/// Plain flags checked; the run configuration resolved.
struct Run {
    kind: Kind,
    format: Format,
    catalog: Catalog,
}

fn resolve(ctx: &Ctx, args: &Args) -> anyhow::Result<Run> {
    let format = Format::from_path(&args.output).ok_or_else(|| {
        dabiao::Error::Usage(format!(
            "输出文件 {} 应以 .svg 或 .png 结尾 (output must end in .svg or .png)",
            args.output.display()
        ))
    })?;
    let catalog = ctx.catalog()?;
    let code = || -> anyhow::Result<String> {
        let code = args.indicator.clone().ok_or_else(|| {
            dabiao::Error::Usage(format!(
                "{} 图需要 --indicator 指标编码（如 T17-01；dabiao catalog indicators 列出全部）",
                args.kind
            ))
        })?;
        if catalog.indicator(&code).is_none() {
            let near = super::closest(
                catalog.indicators.iter().map(|e| {
                    let c = e.def.code.as_str();
                    let score = strsim::jaro_winkler(&code, c)
                        .max(strsim::jaro_winkler(&code, &e.def.name));
                    (score, c)
                }),
                5,
            );
            anyhow::bail!(dabiao::Error::Usage(format!(
                "未知指标编码“{code}”；相近的有: {}（dabiao catalog indicators 列出全部）",
                near.join("、")
            )));
        }
        Ok(code)
    };
    let kind = match args.kind.as_str() {
        "completion" => Kind::Completion,
        "trajectory" => Kind::Trajectory {
            indicator: code()?,
            districts: args.districts,
        },
        "districts" => Kind::Districts { indicator: code()? },
        "heatmap" => Kind::Heatmap,
        "goal" => Kind::Goal { indicator: code()? },
        _ => Kind::Completeness,
    };
    Ok(Run {
        kind,
        format,
        catalog,
    })
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let run = resolve(ctx, &args)?;
    let frames = super::data_for_charts(ctx)?;
    let plan_year = args.year.unwrap_or(run.catalog.meta.year);
    let (year, month) = match &args.as_of {
        Some(s) => {
            let p = dabiao::ingest::period::parse_text(s, Some(plan_year)).ok_or_else(|| {
                dabiao::Error::Usage(format!("--as-of “{s}” 无法识别（应为 YYYY-MM）"))
            })?;
            (p.year, p.month)
        }
        None => frame::observations(&frames.observations, plan_year)?
            .iter()
            .filter(|o| o.year == plan_year)
            .map(|o| (o.year, o.month))
            .max()
            .unwrap_or((plan_year, 12)),
    };
    let opts = Options {
        year,
        month,
        day: None,
        basis: TimeBasis::Months,
        bands: ctx.config.progress.clone(),
        ytd: Default::default(),
    };
    let data = ChartData::compute(
        &run.catalog,
        &frames.observations,
        &frames.statuses,
        &frames.history,
        &opts,
        ctx.config.due(),
    )?;
    let chart_opts = ChartOptions {
        format: run.format,
        width: args.width,
        height: args.height,
        lang: match ctx.lang() {
            dabiao::output::Lang::En => Lang::En,
            dabiao::output::Lang::Zh => Lang::Zh,
        },
        font: args.font.clone(),
    };
    let bytes = chart::render(&run.kind, &data, &chart_opts)?;
    dabiao::output::write_atomic(&args.output, &bytes)?;
    eprintln!(
        "已写入 {}（{}，截至 {year}-{month:02}）",
        args.output.display(),
        run.kind.name()
    );
    Ok(ExitCode::SUCCESS)
}

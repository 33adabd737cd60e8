//! `dabiao notice`: 督办通知, one per responsible unit with lagging or unreported items.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{emit, Ctx};
use dabiao::output::render;
use dabiao::report::{self, html, notice};

/// 督办通知：为每个牵头滞后或未报送工作任务的责任单位写一份通知（Word 与 HTML 各一份），列出
/// 其滞后事项、进度落后的指标（目标、完成、完成率、序时进度、差距）、未报或迟报的月份和回复期限。
/// 没有滞后事项的单位不写。回复期限为截至月份次月的 reply_by_day 日（dabiao.toml 的 [notice]，
/// 默认 20 日），落款为 [notice] 的 issuer（默认“<地区>统计局”）。
///
/// 示例:
///   dabiao notice --as-of 2022-06 -o 督办通知/
///   dabiao notice --as-of 2022-06 --unit 市交通运输局 -o 督办通知/
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 截至月份 YYYY-MM（默认为目录规划年度的 12 月）。
    #[arg(long, value_name = "YYYY-MM")]
    pub as_of: Option<String>,
    /// 只写这一个责任单位的通知。
    #[arg(long)]
    pub unit: Option<String>,
    /// 输出文件夹。
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
}

#[derive(Serialize)]
struct Written {
    unit: String,
    items: String,
    docx: String,
    html: String,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let year = catalog.meta.year;
    let (year, month) = match &args.as_of {
        Some(s) => super::report::parse_month(s, year, "--as-of")?,
        None => (year, 12),
    };
    let unit = match &args.unit {
        Some(u) => Some(resolve(&catalog, u)?),
        None => None,
    };
    if year != catalog.meta.year {
        anyhow::bail!(dabiao::Error::Usage(format!(
            "--as-of {year}年{month}月 不在规划年度 {} 年内：督办通知按《{}》的任务写",
            catalog.meta.year, catalog.meta.name
        )));
    }
    let lang = ctx.lang();
    let opts = super::report::options(ctx, year, month, false);
    let inputs = super::report_inputs(ctx, year, month)?;
    let data = super::report::assemble(ctx, &catalog, inputs, &opts, Vec::new())?;
    let sender = notice::Sender {
        reply_by: reply_by(year, month, ctx.config.notice.reply_by_day),
        issuer: (ctx.config.notice.issuer.clone())
            .unwrap_or_else(|| format!("{}统计局", catalog.meta.region)),
        date: chrono::Local::now().format("%Y-%m-%d").to_string(),
    };
    if sender.reply_by < sender.date {
        eprintln!(
            "警告：回复期限 {} 已过（今天是 {}），请核对 --as-of {year}-{month:02} 是否为要督办的月份",
            sender.reply_by, sender.date
        );
    }
    let notices = notice::notices(&data, &sender, unit.as_deref(), lang);
    let mut rows = Vec::new();
    for n in &notices {
        let stem = format!("督办通知_{}_{year:04}-{month:02}", n.unit);
        let docx = args.output.join(format!("{stem}.docx"));
        let page = args.output.join(format!("{stem}.html"));
        dabiao::output::write_atomic(&docx, &report::docx::document(n.blocks.clone(), lang)?)?;
        dabiao::output::write_atomic(&page, html::page(&n.blocks, &data.as_of, lang).as_bytes())?;
        let items: Vec<String> = n.items.iter().map(u32::to_string).collect();
        rows.push(Written {
            unit: n.unit.clone(),
            items: items.join("、"),
            docx: docx.display().to_string(),
            html: page.display().to_string(),
        });
    }
    let mut text = if rows.is_empty() {
        String::new()
    } else {
        render(&rows, &[], &Default::default())? + "\n"
    };
    text.push_str(&match (&unit, notices.len()) {
        (Some(u), 0) => format!("{u} 截至 {year}年{month}月没有牵头的滞后或未报送事项，未写通知\n"),
        _ => format!(
            "共 {} 份督办通知，回复期限 {}，写在 {}\n",
            notices.len(),
            sender.reply_by,
            args.output.display()
        ),
    });
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The unit's name in the catalog (an alias resolves), or the closest names.
fn resolve(catalog: &dabiao::catalog::Catalog, u: &str) -> anyhow::Result<String> {
    if let Some(name) = catalog.resolve_unit(u) {
        return Ok(name.to_string());
    }
    let near = super::closest(
        (catalog.units.iter()).map(|x| (strsim::jaro_winkler(u, &x.name), x.name.as_str())),
        3,
    );
    anyhow::bail!(dabiao::Error::Usage(format!(
        "责任单位“{u}”不在名录中；是否为: {}？（dabiao catalog units 列出全部）",
        near.join("、")
    )))
}

/// `day` of the month after the as-of month (the month's last day when it has fewer).
fn reply_by(year: i32, month: u32, day: u32) -> String {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
    let last = (first + chrono::Months::new(1))
        .pred_opt()
        .unwrap_or(first)
        .day();
    let d = NaiveDate::from_ymd_opt(y, m, day.clamp(1, last)).unwrap_or(first);
    d.format("%Y-%m-%d").to_string()
}

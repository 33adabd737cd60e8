//! `dabiao submissions`: list the warehouse ledger.

use std::process::ExitCode;

use serde::Serialize;

use super::{emit, Ctx, FormatArgs};
use dabiao::ingest::Period;
use dabiao::output::{render, Format};
use dabiao::store::{format_local, Submission};

/// 列出已入库的提交（台账）：编号、文件、填报单位、报告期、收到时间、接受与拒绝行数、状态。
///
/// 状态“有效”（JSON 中为 current）、“已撤回”（retracted，保留在台账中，不再参与统计）。
/// 收到时间为 dabiao.toml 的 timezone（默认北京时间）。
///
/// 示例:
///   dabiao submissions
///   dabiao submissions --unit 市交通运输局 --period 2022-06
///   dabiao submissions --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 只看某填报单位。
    #[arg(long)]
    pub unit: Option<String>,
    /// 只看某报告期（YYYY-MM）。
    #[arg(long)]
    pub period: Option<String>,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Serialize)]
struct Row {
    id: String,
    file: String,
    reporting_unit: String,
    period: Option<String>,
    received_at: String,
    accepted: usize,
    rejected: usize,
    warnings: usize,
    status: String,
    supersedes: Vec<String>,
    seq: u64,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let period = match &args.period {
        Some(p) => Some(Period::parse_iso(p).ok_or_else(|| {
            dabiao::Error::Usage(format!("--period {p:?} 不是报告期（例：2022-06）"))
        })?),
        None => None,
    };
    let wh = ctx.warehouse()?;
    // The ledger counts every row not stored, blank rows the template allows included.
    let opts = args
        .format
        .renamed(ctx.lang(), &[("rejected", "未入库行", "Not stored")]);
    let short = opts.format == Format::Table;
    let cut = |id: &str| {
        if short {
            id.chars().take(12).collect()
        } else {
            id.to_string()
        }
    };
    let rows: Vec<Row> = wh
        .submissions()?
        .into_iter()
        .filter(|s| args.unit.as_ref().is_none_or(|u| &s.reporting_unit == u))
        .filter(|s| period.is_none_or(|p| s.period == Some(p)))
        .map(|s: Submission| Row {
            id: cut(&s.id),
            file: s.file,
            reporting_unit: s.reporting_unit,
            period: s.period.map(|p| p.to_string()),
            received_at: format_local(&s.received_at, ctx.config.offset()),
            accepted: s.accepted,
            rejected: s.rejected,
            warnings: s.warnings,
            status: s.status,
            supersedes: s.supersedes.iter().map(|x| cut(x)).collect(),
            seq: s.seq,
        })
        .collect();
    let cols: &[&str] = if short {
        &[
            "id",
            "file",
            "reporting_unit",
            "period",
            "received_at",
            "accepted",
            "rejected",
            "status",
        ]
    } else {
        &[]
    };
    let mut text = render(&rows, cols, &opts)?;
    if short {
        let (n, root) = (rows.len(), wh.root().display());
        text.push_str(&match opts.lang {
            dabiao::output::Lang::Zh => format!("\n共 {n} 个提交。数据仓库 {root}\n"),
            dabiao::output::Lang::En => format!("\n{n} submissions. Warehouse {root}\n"),
        });
    }
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

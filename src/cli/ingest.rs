//! `dabiao ingest`: validate submissions and commit them to the warehouse.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use super::{emit, validate, Ctx, FormatArgs};
use dabiao::ingest::FileReport;
use dabiao::output::{render, Format, Lang};
use dabiao::store::{self, IngestOutcome, Outcome};

/// 入库：校验报送表格并存入数据仓库。合格的行入库，被拒绝的行和警告一并记录并列出。
///
/// 同一文件（内容相同）再次入库不会改变任何数据（“已入库，跳过”）。同一指标·区域·报告期
/// 以收到时间较晚的提交为准（收到时间相同则以入库顺序为准），旧值保留在历史中。
/// 任务进展同理（工作要点·报告期）。
///
/// 退出码：0 全部入库且无错误；1 有被拒绝的行或文件；2 无法运行（仓库被占用、参数错误）。
///
/// 示例:
///   dabiao ingest 报送/2022-06/
///   dabiao ingest 202206_市交通运输局.xlsx --received-at 2022-07-05
///   dabiao ingest 报送/ --strict --warehouse /data/dabiao/warehouse
///   dabiao ingest 报送/ --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 文件或文件夹（文件夹会递归读取其中的 xlsx xlsm xlsb xls ods csv）。
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 有任何错误的文件整个不入库。Refuse a file with any error.
    #[arg(long)]
    pub strict: bool,
    /// 收到时间（YYYY-MM-DD、YYYY-MM-DD HH:MM 按 dabiao.toml 的 timezone，默认北京时间；或 RFC 3339；默认现在），用于补录迟报的材料。
    #[arg(long, value_name = "DATETIME")]
    pub received_at: Option<String>,
    /// 强制按某种版式读取: long | wide | task
    #[arg(long, value_parser = ["long", "wide", "task"])]
    pub layout: Option<String>,
    /// 为每个有问题的文件写一份退回修改单 DIR/<原文件名>_退回修改.xlsx（同 validate --annotate）。
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<PathBuf>,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Serialize)]
struct Row<'a> {
    file: &'a str,
    id: String,
    result: &'static str,
    message: String,
    accepted: usize,
    /// Rows not stored (the ledger's count); in a table, only those refused for an error.
    rejected: usize,
    /// In a table: rows skipped without an error (本月无数据, totals).
    #[serde(skip_serializing_if = "Option::is_none")]
    no_data: Option<usize>,
    errors: usize,
    warnings: usize,
    supersedes: Vec<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let received_at = match &args.received_at {
        Some(s) => store::parse_time(s, false, ctx.config.offset()).ok_or_else(|| {
            dabiao::Error::Usage(format!(
                "--received-at {s:?} 不是日期或时间（例：2022-07-05 或 2022-07-05T09:30:00+08:00）"
            ))
        })?,
        None => chrono::Utc::now(),
    };
    let catalog = ctx.catalog()?;
    let wh = ctx.warehouse()?;
    let mut reports = validate::read_all(
        &catalog,
        &args.paths,
        &validate::read_options(ctx, args.layout.as_deref()),
    )?;
    note_unfinished_month(
        &mut reports,
        received_at.with_timezone(&ctx.config.offset()),
    );
    let bar = super::progress_bar(reports.len() as u64, "入库");
    let outcomes = wh
        .ingest_with(&reports, received_at, args.strict, &|_| bar.inc(1))
        .with_context(|| format!("写入数据仓库 {}", wh.root().display()))?;
    bar.finish_and_clear();

    let opts = args.format.options(ctx.lang());
    let short = opts.format == Format::Table;
    let rows: Vec<Row> = reports
        .iter()
        .zip(&outcomes)
        .map(|(r, o)| row(r, o, short))
        .collect();
    if opts.format == Format::Table {
        let mut text = render(
            &rows,
            &[
                "file",
                "id",
                "message",
                "accepted",
                "rejected",
                "no_data",
                "warnings",
                "supersedes",
            ],
            &opts,
        )?;
        let count = |k: fn(&Outcome) -> bool| outcomes.iter().filter(|o| k(&o.kind)).count();
        let (files, stored, skipped, refused) = (
            reports.len(),
            count(|k| *k == Outcome::Stored),
            count(|k| *k == Outcome::AlreadyStored),
            count(|k| matches!(k, Outcome::Refused(_))),
        );
        let data = validate::rows_words(
            opts.lang,
            rows.iter().map(|r| r.accepted).sum(),
            rows.iter().map(|r| r.rejected).sum(),
            rows.iter().filter_map(|r| r.no_data).sum(),
        );
        let (warnings, root) = (
            rows.iter().map(|r| r.warnings).sum::<usize>(),
            wh.root().display(),
        );
        text.push_str(&match opts.lang {
            Lang::Zh => format!(
                "\n共 {files} 个文件：新入库 {stored}，已入库跳过 {skipped}，未入库 {refused} 个文件；数据行{data}；{warnings} 个警告。数据仓库 {root}\n"
            ),
            Lang::En => format!(
                "\n{files} files: {stored} stored, {skipped} already stored, {refused} refused; data rows: {data}; {warnings} warnings. Warehouse {root}\n"
            ),
        });
        text.push_str(&super::diagnostics_table(&reports, &opts)?);
        emit(&text)?;
    } else {
        emit(&render(&rows, &[], &opts)?)?;
    }
    if let Some(dir) = &args.annotate {
        let with_refusals = with_refusals(&reports, &outcomes);
        eprint!(
            "{}",
            validate::annotate_all(&with_refusals, dir, &ctx.config.limits)?
        );
    }
    let bad = outcomes
        .iter()
        .any(|o| matches!(o.kind, Outcome::Refused(_)))
        || reports.iter().any(|r| r.errors() > 0);
    Ok(if bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The reports with each refusal (nothing to keep, `--strict`) as a problem of the whole file,
/// so the copy sent back says why nothing was stored.
fn with_refusals(reports: &[FileReport], outcomes: &[IngestOutcome]) -> Vec<FileReport> {
    let mut out = Vec::new();
    for (r, o) in reports.iter().zip(outcomes) {
        let refused = match &o.kind {
            Outcome::Refused(why) => Some(why),
            _ => None,
        };
        if r.diagnostics.is_empty() && refused.is_none() {
            continue;
        }
        let mut r = r.clone();
        if let Some(why) = refused {
            let why = format!("本文件未入库：{why}");
            r.note("", dabiao::error::Severity::Error, "refused", why);
        }
        out.push(r);
    }
    out
}

/// A report for a month that had not ended when it was received: estimates at best.
fn note_unfinished_month(
    reports: &mut [FileReport],
    received_at: chrono::DateTime<chrono::FixedOffset>,
) {
    use chrono::Datelike;
    let now = (received_at.year(), received_at.month());
    for r in reports {
        if let Some(p) = r.period.filter(|p| (p.year, p.month) >= now) {
            let message = format!(
                "报告期 {p} 在收到时（{}）尚未结束：是否为预计数？请核实",
                received_at.format("%Y-%m-%d")
            );
            r.note(
                "",
                dabiao::error::Severity::Warning,
                "period_not_over",
                message,
            );
        }
    }
}

fn row<'a>(r: &'a FileReport, o: &IngestOutcome, short: bool) -> Row<'a> {
    let cut = |id: &str| {
        if short {
            id.chars().take(12).collect()
        } else {
            id.to_string()
        }
    };
    let (result, message) = match &o.kind {
        Outcome::Stored => ("stored", "已入库".to_string()),
        Outcome::AlreadyStored => ("already_stored", "已入库，跳过".to_string()),
        Outcome::Refused(why) => ("refused", format!("未入库：{why}")),
    };
    Row {
        file: &r.file,
        id: cut(&o.id),
        result,
        message,
        accepted: r.accepted_rows(),
        rejected: if short {
            r.refused_rows()
        } else {
            r.rejected_rows()
        },
        no_data: short.then(|| r.skipped_rows()),
        errors: r.errors(),
        warnings: r.warnings(),
        supersedes: o
            .submission
            .iter()
            .flat_map(|s| s.supersedes.iter())
            .map(|s| cut(s))
            .collect(),
    }
}

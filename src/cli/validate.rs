//! `dabiao validate`: read submissions and list every problem with its cell.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::{emit, Ctx, FormatArgs};
use dabiao::ingest::{self, FileReport, Layout, ReadOptions};
use dabiao::output::{render, Format, Lang};

/// 校验报送表格：逐个文件、逐张工作表读取，列出每个错误和警告所在的单元格。
///
/// 错误（该行不入库）：指标或区域无法识别、数值不是数字、累加型指标为负、报告期缺失或不在本年度、
/// 单位无法换算、错误值单元格、公式无缓存结果。警告（该行保留）：名称与目录不同、各月之和与累计不符、
/// 百分数写成小数、数值远超年度目标、报告期与本次报送不同。
///
/// 退出码：0 无错误；1 有错误；2 无法运行（文件不存在、参数错误）。
///
/// 示例:
///   dabiao validate 报送/2022-06/
///   dabiao validate 202206_市交通运输局.xlsx --format json
///   dabiao validate 报送/ --format csv > 问题清单.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 文件或文件夹（文件夹会递归读取其中的 xlsx xlsm xlsb xls ods csv）。
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 强制按某种版式读取: long | wide | task | matrix（区域×指标）| indicator-rows（指标×区域）| month-rows（月份×指标）
    #[arg(long, value_parser = ["long", "wide", "task", "matrix", "indicator-rows", "month-rows"])]
    pub layout: Option<String>,
    /// 为每个有问题的文件写一份退回修改单 DIR/<原文件名>_退回修改.xlsx：问题单元格标红（错误）或标黄
    /// （警告）并加批注，首页“问题清单”。Write a marked-up copy of each file with problems.
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<PathBuf>,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Serialize)]
struct Summary<'a> {
    file: &'a str,
    sheets: usize,
    rows: usize,
    accepted: usize,
    rejected: usize,
    no_data: usize,
    errors: usize,
    warnings: usize,
}

pub fn read_options(ctx: &Ctx, layout: Option<&str>) -> ReadOptions {
    ReadOptions {
        layout: layout.and_then(Layout::parse),
        limits: ctx.config.limits,
    }
}

/// Reads all files, with a progress bar on a terminal.
pub fn read_all(
    ctx_catalog: &dabiao::catalog::Catalog,
    paths: &[PathBuf],
    opts: &ReadOptions,
) -> anyhow::Result<Vec<FileReport>> {
    let files = ingest::collect_files(paths)?;
    let bar = super::progress_bar(files.len() as u64, "读取");
    let reports = ingest::read_paths_with(ctx_catalog, &files, opts, &|| bar.inc(1));
    bar.finish_and_clear();
    Ok(reports)
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog()?;
    let reports = read_all(
        &catalog,
        &args.paths,
        &read_options(ctx, args.layout.as_deref()),
    )?;
    let opts = args.format.options(ctx.lang());
    if opts.format == Format::Table {
        let summaries: Vec<Summary> = reports.iter().map(summary).collect();
        let mut text = render(&summaries, &[], &opts)?;
        let (errors, warnings) = (
            reports.iter().map(FileReport::errors).sum::<usize>(),
            reports.iter().map(FileReport::warnings).sum::<usize>(),
        );
        text.push_str(&sheets_table(&reports, &opts)?);
        let (files, data) = (
            reports.len(),
            reports.iter().map(FileReport::data_rows).sum::<usize>(),
        );
        let rows = rows_words(
            opts.lang,
            reports.iter().map(FileReport::accepted_rows).sum(),
            reports.iter().map(FileReport::refused_rows).sum(),
            reports.iter().map(FileReport::skipped_rows).sum(),
        );
        text.push_str(&match opts.lang {
            Lang::Zh => format!(
                "\n共 {files} 个文件，{data} 行数据：{rows}；{errors} 个错误，{warnings} 个警告\n"
            ),
            Lang::En => format!(
                "\n{files} files, {data} data rows: {rows}; {errors} errors, {warnings} warnings\n"
            ),
        });
        text.push_str(&super::diagnostics_table(&reports, &opts)?);
        emit(&text)?;
    } else {
        let diags: Vec<_> = reports.iter().flat_map(|r| r.diagnostics.iter()).collect();
        emit(&render(&diags, &super::DIAGNOSTIC_COLUMNS, &opts)?)?;
    }
    if let Some(dir) = &args.annotate {
        eprint!("{}", annotate_all(&reports, dir, &ctx.config.limits)?);
    }
    let any_error = reports.iter().any(|r| r.errors() > 0);
    Ok(if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--annotate DIR`: a marked-up copy (退回修改) of each file with problems; returns the line
/// saying how many were written and where.
pub fn annotate_all(
    reports: &[FileReport],
    dir: &std::path::Path,
    limits: &ingest::Limits,
) -> anyhow::Result<String> {
    use anyhow::Context;
    let (mut copies, mut taken) = (Vec::new(), Vec::new());
    for r in reports.iter().filter(|r| !r.diagnostics.is_empty()) {
        let path = std::path::Path::new(&r.file);
        let bytes = std::fs::read(path).with_context(|| format!("读取 {}", r.file))?;
        copies.extend(dabiao::annotate::annotate(
            r, path, &bytes, limits, dir, &mut taken,
        )?);
    }
    let marked: usize = copies.iter().map(|a| a.marked).sum();
    let listed: usize = copies.iter().map(|a| a.listed).sum();
    Ok(format!(
        "退回修改单：{} 份（{marked} 个问题标在单元格上，{listed} 个只列在问题清单中），写在 {}\n",
        copies.len(),
        dir.display()
    ))
}

/// What became of the data rows: accepted, refused for an error, and skipped without one — left
/// blank (or `—`) as the template allows, totals and notes — which are not rejections.
pub fn rows_words(lang: Lang, accepted: usize, refused: usize, skipped: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "接受 {accepted} 行，拒绝 {refused} 行，无数据或合计行 {skipped} 行（不算错误）"
        ),
        Lang::En => format!(
            "{accepted} accepted, {refused} refused, {skipped} blank or totals (not errors)"
        ),
    }
}

/// One table of a sheet as `validate` lists it: which layout, where its header and data are,
/// and the lines inside it that were skipped.
#[derive(Serialize, Clone)]
struct BlockLine<'a> {
    file: String,
    sheet: &'a str,
    layout: &'static str,
    header: &'a str,
    data: &'a str,
    rows: usize,
    accepted: usize,
    /// Refused for an error; `no_data` the rows passed over (blank, 合计), as the file line says.
    rejected: usize,
    no_data: usize,
    skipped: String,
}

/// Every sheet's tables (a sheet without one says so), so a person can see why a figure was or
/// was not read.
fn sheets_table(reports: &[FileReport], opts: &dabiao::output::Options) -> anyhow::Result<String> {
    let mut lines = Vec::new();
    for r in reports {
        let file = std::path::Path::new(&r.file)
            .file_name()
            .map_or(r.file.clone(), |n| n.to_string_lossy().into_owned());
        for s in &r.sheets {
            let unread = BlockLine {
                file: file.clone(),
                sheet: &s.name,
                layout: "未读取",
                header: "",
                data: "",
                rows: 0,
                accepted: 0,
                rejected: 0,
                no_data: 0,
                skipped: String::new(),
            };
            if s.blocks.is_empty() {
                lines.push(unread.clone());
            }
            for b in &s.blocks {
                lines.push(BlockLine {
                    layout: b.layout.zh(),
                    header: &b.header,
                    data: &b.data,
                    rows: b.data_rows,
                    accepted: b.accepted_rows,
                    rejected: b.rejected_rows - b.skipped_rows,
                    no_data: b.skipped_rows,
                    skipped: b.skipped.join(" "),
                    ..unread.clone()
                });
            }
        }
    }
    if lines.is_empty() {
        return Ok(String::new());
    }
    Ok(format!("\n{}", render(&lines, &[], opts)?))
}

fn summary(r: &FileReport) -> Summary<'_> {
    Summary {
        file: &r.file,
        sheets: r.sheets.len(),
        rows: r.data_rows(),
        accepted: r.accepted_rows(),
        rejected: r.refused_rows(),
        no_data: r.skipped_rows(),
        errors: r.errors(),
        warnings: r.warnings(),
    }
}

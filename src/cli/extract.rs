//! `dabiao extract`: policy text → draft catalog folder for a person to review.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::{emit, Ctx};
use dabiao::catalog::{seeds, District};
use dabiao::extract::{extract_bytes, review, write_draft, ExtractOptions};

/// 从政策文本（工作要点、实施意见、任务分工）生成指标目录草稿，并列出需要人工核对之处。
///
/// 输出目录中写入 plan.toml、items.toml（与 indicators/ 同一格式）、districts.csv、units.csv、
/// towns.csv 和 review.md；草稿须经人工审核，再用 `dabiao catalog check DIR` 检查。
/// 文本可为 UTF-8（可带 BOM）或 GBK/GB18030。不给 -o 时只打印审核清单，不写文件。
/// 每个编号条目都保留（没有责任单位的也保留并列入审核清单），原编号记在 label（如 二.四.3）。
///
/// 示例:
///   dabiao extract seeds/policy-ezhou-2022.txt -o draft/
///   dabiao extract 黄石市2023年工作要点.txt --districts 黄石区县.csv -o huangshi/
///   dabiao extract plan.txt            # 只看审核清单
///   dabiao --catalog draft/ catalog items   # 浏览抽取到的条目
///   dabiao catalog check draft/
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 政策文本文件（.txt）。Policy text.
    file: PathBuf,
    /// 草稿输出目录（不存在则创建；同名文件会被覆盖）。Output folder.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: Option<PathBuf>,
    /// 区县表 CSV（列: code,name,type,aliases，与 seeds/districts.csv 相同）。Districts table.
    #[arg(long, value_name = "FILE.csv")]
    districts: Option<PathBuf>,
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("无法读取 {}", args.file.display()))?;
    let districts = match &args.districts {
        Some(p) => {
            let text = std::fs::read(p).with_context(|| format!("无法读取 {}", p.display()))?;
            let text = dabiao::ingest::workbook::decode_text(&text);
            let rows: Vec<District> = seeds::parse(&p.display().to_string(), &text)
                .map_err(|problem| anyhow::anyhow!("区县表有误: {problem}"))?;
            Some(rows)
        }
        None => None,
    };
    let opts = ExtractOptions {
        districts,
        source_name: args
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
    };
    let spin = super::spinner("正在识别政策文本");
    let draft = extract_bytes(&bytes, &opts);
    spin.finish_and_clear();
    let plan = &draft.plan;
    let indicators: usize = draft.items.items.iter().map(|i| i.indicators.len()).sum();
    let summary = format!(
        "{} 个部分，{} 项条目，{} 个指标，{} 个抓手，{} 个目标，{} 个责任单位，{} 个区县，{} 个乡镇；{} 处待核对",
        plan.sections.len(),
        draft.item_count(),
        indicators,
        plan.levers.len(),
        plan.goals.len(),
        draft.units.len(),
        draft.districts.len(),
        draft.towns.len(),
        draft.review.len()
    );
    match &args.out {
        Some(dir) => {
            write_draft(&draft, dir)
                .with_context(|| format!("无法写入草稿目录 {}", dir.display()))?;
            emit(&format!(
                "草稿已写入 {}：{summary}\n审核清单见 {}\n",
                dir.display(),
                dir.join("review.md").display()
            ))?;
        }
        None => {
            let source = opts.source_name.as_deref().unwrap_or("政策文本");
            emit(&review::render(&draft.review, source))?;
            emit(&format!("\n{summary}（未写文件；用 -o DIR 写出草稿）\n"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

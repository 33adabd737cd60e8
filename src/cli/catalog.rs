//! `dabiao catalog`: list and check the plan as data.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::{emit, Ctx, FormatArgs};
use dabiao::catalog::Catalog;
use dabiao::output::render;

/// 查看指标目录：工作要点、指标、抓手、目标与责任单位；检查目录文件。
///
/// 示例:
///   dabiao catalog items --section 2
///   dabiao catalog indicators --item 17
///   dabiao catalog items --unit 市交通运输局 --format json
///   dabiao catalog levers
///   dabiao catalog check my-city/indicators
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Args, Debug, Clone)]
struct Filter {
    /// 只看第 N 部分（1–6）。
    #[arg(long)]
    section: Option<u32>,
    /// 只看第 N 项工作要点。
    #[arg(long)]
    item: Option<u32>,
    /// 只看某责任单位（牵头或配合）。
    #[arg(long)]
    unit: Option<String>,
    /// 只看涉及某区的。
    #[arg(long)]
    district: Option<String>,
    #[command(flatten)]
    format: FormatArgs,
}

#[derive(Subcommand, Debug)]
enum What {
    /// 工作要点（序号、部分、内容、责任单位、区域、指标）。
    Items(Filter),
    /// 指标（编码、名称、单位、类型、方向、汇总方式、目标）。
    Indicators(Filter),
    /// 重要抓手（改革、机制、平台、制度、专项行动、亮点工程）。
    Levers(Filter),
    /// 2025/2035 目标指标（基线、目标；未设定的显示“目标未设定”）。
    Goals(Filter),
    /// 责任单位（牵头项、参与项、填报的指标）。
    Units(Filter),
    /// 检查一个目录文件夹（默认检查当前使用的目录），列出错误与警告及其文件和行号。
    Check {
        /// 目录文件夹。
        dir: Option<PathBuf>,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    if let What::Check { dir } = &args.what {
        return check(ctx, dir.clone());
    }
    let c = ctx.catalog()?;
    let keep_item = |f: &Filter, no: u32| item_matches(&c, f, no);
    let text = match &args.what {
        What::Items(f) => {
            let rs: Vec<_> = c
                .item_records()
                .into_iter()
                .filter(|r| keep_item(f, r.no))
                .collect();
            // A drafted catalog keeps the document's own numbers (`二.四.3`) beside `no`.
            let labelled = rs.iter().any(|r| r.label.is_some());
            let cols = [
                "no",
                "label",
                "section",
                "text",
                "units",
                "districts",
                "indicators",
            ];
            let cols: Vec<&str> = (cols.into_iter())
                .filter(|c| labelled || *c != "label")
                .collect();
            render(&rs, &cols, &f.format.options(ctx.lang()))?
        }
        What::Indicators(f) => {
            let rs: Vec<_> = c
                .indicator_records()
                .into_iter()
                .filter(|r| {
                    r.item.is_none_or(|no| keep_item(f, no)) && (r.item.is_some() || no_filter(f))
                })
                .collect();
            let cols = [
                "code",
                "name",
                "unit",
                "kind",
                "direction",
                "aggregation",
                "item",
                "target",
                "targets",
                "reporter",
            ];
            let cols: &[&str] = if f.format.format == "table" {
                &cols[..8]
            } else {
                &[]
            };
            let opts = f.format.renamed(
                ctx.lang(),
                &[
                    ("code", "指标编码", "Code"),
                    ("name", "指标名称", "Indicator"),
                    ("target", "本年目标", "Target"),
                    ("item", "工作要点", "Item"),
                ],
            );
            render(&rs, cols, &opts)?
        }
        What::Levers(f) => {
            let rs: Vec<_> = c
                .lever_records()
                .into_iter()
                .filter(|r| no_filter(f) || r.items.iter().any(|no| keep_item(f, *no)))
                .collect();
            let opts = f.format.renamed(
                ctx.lang(),
                &[
                    ("kind", "类别代码", "Kind"),
                    ("kind_zh", "类别", "Kind (zh)"),
                    ("items", "涉及工作要点", "Items"),
                ],
            );
            render(&rs, &["kind", "kind_zh", "no", "name", "items"], &opts)?
        }
        What::Goals(f) => {
            let opts = f.format.renamed(
                ctx.lang(),
                &[
                    ("name", "指标名称", "Indicator"),
                    ("goals", "所属目标", "Goals"),
                    ("target_2025", "2025年目标", "2025 target"),
                    ("target_2035", "2035年目标", "2035 target"),
                ],
            );
            render(&c.goal_records(), &[], &opts)?
        }
        What::Units(f) => {
            let rs: Vec<_> = c
                .unit_records()
                .into_iter()
                .filter(|r| {
                    f.unit
                        .as_ref()
                        .is_none_or(|u| c.resolve_unit(u) == Some(r.name.as_str()))
                })
                .collect();
            let opts = f.format.renamed(
                ctx.lang(),
                &[
                    ("name", "责任单位", "Unit"),
                    ("type", "类型", "Type"),
                    ("lead_items", "牵头事项", "Lead items"),
                    ("items", "参与事项", "Items"),
                    ("indicators", "填报指标", "Indicators"),
                ],
            );
            render(&rs, &[], &opts)?
        }
        What::Check { .. } => unreachable!("handled above"),
    };
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn no_filter(f: &Filter) -> bool {
    f.section.is_none() && f.item.is_none() && f.unit.is_none() && f.district.is_none()
}

fn item_matches(c: &Catalog, f: &Filter, no: u32) -> bool {
    let Some(item) = c.item(no) else { return false };
    let unit = f
        .unit
        .as_ref()
        .map(|u| c.resolve_unit(u).unwrap_or(u).to_string());
    let district = f
        .district
        .as_ref()
        .map(|d| c.resolve_district(d).unwrap_or(d).to_string());
    f.section.is_none_or(|s| item.section == s)
        && f.item.is_none_or(|i| item.no == i)
        && unit.is_none_or(|u| item.units.contains(&u))
        && district.is_none_or(|d| item.districts.contains(&d))
}

fn check(ctx: &Ctx, dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let dir = dir.or(ctx.global.catalog.clone());
    let result = match &dir {
        Some(d) => Catalog::from_dir(d),
        None => Catalog::bundled(),
    };
    match result {
        Ok(c) => {
            for w in &c.warnings {
                eprintln!("{w}");
            }
            let levers = c.levers.len();
            emit(&format!(
                "目录 {} 检查通过：{} 个部分，{} 项工作要点，{} 个指标，{} 个抓手，{} 个目标；{} 个警告\n",
                c.origin,
                c.sections.len(),
                c.items.len(),
                c.indicators.len(),
                levers,
                c.goals.len(),
                c.warnings.len()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(dabiao::Error::CatalogInvalid { problems }) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("目录检查未通过：{} 个错误", problems.len());
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

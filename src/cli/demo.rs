//! `dabiao demo`: the whole job on a synthetic year, in one command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::{emit, Ctx};
use dabiao::catalog::load_target_overrides;
use dabiao::output::{render, Options};
use dabiao::progress::{self, rollup, Options as ProgressOptions, TimeBasis};
use dabiao::store::{View, Warehouse};

/// 演示：生成一整年的示例报送（合成数据），存入新的数据仓库，测算进度，输出报告和图表。
///
/// 示例数据带有真实报送中常见的问题：数字存为文本、单元格里带单位、迟报、更正重报、缺报一个月、
/// 区名写错。所有文件标题行都标明“示例数据·非真实统计”。
///
/// 示例:
///   dabiao demo
///   dabiao demo --out /tmp/dabiao-demo
///   dabiao demo --write-examples examples/2022
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 输出文件夹（默认 ./dabiao-demo）。Output folder.
    #[arg(long, default_value = "dabiao-demo")]
    pub out: PathBuf,
    /// 只把示例工作簿写到此文件夹（不入库、不出报告）。Only write the example workbooks.
    #[arg(long, value_name = "DIR")]
    pub write_examples: Option<PathBuf>,
}

const YEAR: i32 = 2022;
const MARKER: &str = ".dabiao-demo";

/// A fresh folder: an existing demo folder is cleared; any other non-empty folder is refused.
/// The project file written into the demo folder.
const DEMO_CONFIG: &str = "# dabiao demo：在此文件夹中运行 dabiao 时使用的数据仓库与目标设置表。\nwarehouse = \"warehouse\"\ntargets = [\"goal-settings.csv\"]\n";

fn fresh(out: &Path) -> anyhow::Result<()> {
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        if !out.join(MARKER).exists() {
            anyhow::bail!(dabiao::Error::Usage(format!(
                "{} 已存在且不是演示文件夹，请换一个 --out",
                out.display()
            )));
        }
        std::fs::remove_dir_all(out).with_context(|| format!("清空 {}", out.display()))?;
    }
    std::fs::create_dir_all(out).with_context(|| format!("创建 {}", out.display()))?;
    std::fs::write(out.join(MARKER), "dabiao demo output\n")?;
    Ok(())
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let mut catalog = ctx.catalog()?;
    let files = dabiao::demo::generate(&catalog, YEAR)?;
    if let Some(dir) = &args.write_examples {
        dabiao::demo::write_examples(&catalog, &files, YEAR, dir)?;
        eprintln!("已写入 {} 个示例工作簿到 {}", files.len(), dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let out = &args.out;
    fresh(out)?;
    let settings = out.join("goal-settings.csv");
    std::fs::write(&settings, dabiao::demo::goal_settings(&catalog, YEAR))?;
    // Commands run in the folder afterwards see what the demo saw: its warehouse and the goal
    // settings (without them `dabiao report` there said 目标未设定 for every goal).
    std::fs::write(out.join("dabiao.toml"), DEMO_CONFIG)?;
    catalog.apply_overrides(&load_target_overrides(&settings)?)?;
    let wh = Warehouse::open(&out.join("warehouse"))?;
    let loaded = dabiao::demo::load(&catalog, &wh, &files, "examples/2022/")?;
    let view = View::default();
    let (obs, sts) = (wh.observations(&view)?, wh.statuses(&view)?);
    let opts = ProgressOptions {
        year: YEAR,
        month: 12,
        day: None,
        basis: TimeBasis::Months,
        bands: ctx.config.progress.clone(),
        ytd: Default::default(),
    };
    let p = progress::compute(&catalog, &obs, &sts, &opts)?;
    let sections = rollup::by_section(&catalog, &p.items);
    let mut text = format!(
        "示例数据（合成，非真实统计）：{} 个文件，入库 {} 个；数据行{}；警告 {} 条\n\n{}年全年 {} 项工作要点完成情况：\n\n",
        loaded.files, loaded.stored,
        super::validate::rows_words(dabiao::output::Lang::Zh, loaded.accepted_rows, loaded.rejected_rows, loaded.skipped_rows),
        loaded.warnings, YEAR, p.items.len()
    );
    text.push_str(&render(
        &sections,
        &super::progress::GROUP_COLUMNS,
        &Options {
            lang: ctx.lang(),
            ..Default::default()
        },
    )?);
    let written = super::outputs::write_all(&catalog, &wh, &p, &opts, ctx.config.due(), out)?;
    text.push_str("\n输出文件:\n");
    for path in written {
        text.push_str(&format!("  {}\n", path.display()));
    }
    text.push_str(&format!(
        "\n在 {} 中运行 dabiao progress、report、goals 等命令，即使用此数据仓库与目标设置（见其中的 dabiao.toml）。\n",
        out.display()
    ));
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

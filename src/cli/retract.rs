//! `dabiao retract`: withdraw a submission.

use std::process::ExitCode;

use super::{emit, Ctx};
use dabiao::store::format_local;

/// 撤回一个提交：它仍留在台账中（状态 retracted），但不再参与任何统计；同一值回到此前的提交。
///
/// 编号写出能唯一确定的前几位即可（见 dabiao submissions）。
///
/// 示例:
///   dabiao retract 3f9a1c
///   dabiao retract 3f9a1c --warehouse /data/dabiao/warehouse
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 提交编号（或其唯一前缀）。
    pub id: String,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let wh = ctx.warehouse()?;
    let before = wh.find(&args.id)?;
    let s = wh.retract(&args.id)?;
    let what = if before.is_retracted() {
        "早已撤回"
    } else {
        "已撤回"
    };
    emit(&format!(
        "{what} {}（{}，{} 收到，{} 行）\n",
        s.id,
        s.file,
        dabiao::report::labels::when(Some(&format_local(&s.received_at, ctx.config.offset()))),
        s.accepted
    ))?;
    Ok(ExitCode::SUCCESS)
}

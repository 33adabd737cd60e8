//! `dabiao completions`: the shell's tab completion for every command and option.

use std::process::ExitCode;

use super::{emit, Ctx};

/// 生成命令行自动补全脚本（按 Tab 补全命令和选项）。
///
/// 示例:
///   dabiao completions bash > ~/.local/share/bash-completion/completions/dabiao
///   dabiao completions zsh > ~/.zfunc/_dabiao
///   dabiao completions fish > ~/.config/fish/completions/dabiao.fish
///   dabiao completions powershell >> $PROFILE
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 终端: bash | zsh | fish | powershell | elvish
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<ExitCode> {
    let mut cmd = super::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "dabiao", &mut out);
    emit(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}

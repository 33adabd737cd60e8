//! clap's own words in Chinese: the help's headings (用法 · 命令 · 选项 · 参数), the help and
//! version flags, and the errors a mistyped command line gets (`错误: 没有子命令“progres”`), with
//! clap's did-you-mean kept as a 提示.

use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help layout of every command, headings in Chinese.
const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法: {usage}\n\n{all-args}{after-help}";

/// The command tree with Chinese headings, help and version flags and a `help` command, every
/// subcommand included.
pub fn localize(cmd: Command) -> Command {
    let cmd = cmd
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        )
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .global(true)
                .action(ArgAction::Help)
                .help("显示帮助（本说明）"),
        )
        .subcommand(
            Command::new(HELP)
                .about("显示某个命令的帮助，如 dabiao help progress")
                .arg(Arg::new("command").num_args(0..).value_name("命令")),
        );
    localize_tree(cmd)
}

/// The `help` command's name: `dabiao help progress` is `dabiao progress --help`.
pub const HELP: &str = "help";

/// For `dabiao help [COMMAND…]`: the help of the command named, as `--help` prints it.
pub fn help_for(mut cmd: Command, path: &[String]) -> String {
    cmd.build();
    let mut at = &mut cmd;
    for name in path {
        if at.find_subcommand(name).is_none() {
            break;
        }
        at = at.find_subcommand_mut(name).expect("found above");
    }
    at.render_long_help().to_string()
}

fn localize_tree(cmd: Command) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .mut_args(|a| {
            let a = bracket_notes(a);
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("参数")
            } else {
                a.help_heading("选项")
            }
        });
    for name in names {
        cmd = cmd.mut_subcommand(name, |s| localize_tree(s.disable_help_subcommand(true)));
    }
    cmd
}

/// An option's default, possible values and environment variable in Chinese words after its help
/// (`[默认: table；可选: table、csv、json]`) instead of clap's `[default: …] [possible values: …]`.
fn bracket_notes(a: Arg) -> Arg {
    let mut notes = Vec::new();
    let defaults: Vec<String> = (a.get_default_values().iter())
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() && a.get_action().takes_values() {
        notes.push(format!("默认: {}", defaults.join("、")));
    }
    let values: Vec<String> = (a.get_possible_values().iter())
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !a.is_hide_possible_values_set() && a.get_action().takes_values() {
        notes.push(format!("可选: {}", values.join("、")));
    }
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        notes.push(format!("环境变量: {}", env.to_string_lossy()));
    }
    if notes.is_empty() {
        return a;
    }
    let notes = format!("[{}]", notes.join("；"));
    let help = a.get_help().map(ToString::to_string).unwrap_or_default();
    let long = a.get_long_help().map(ToString::to_string);
    let a = (a
        .hide_default_value(true)
        .hide_possible_values(true)
        .hide_env(true))
    .help(format!("{help} {notes}"));
    match long {
        Some(long) => a.long_help(format!("{long}\n\n{notes}")),
        None => a,
    }
}

/// Renders clap's errors in Chinese; the rare kinds without words of their own name clap's.
pub struct Chinese;

impl ErrorFormatter for Chinese {
    fn format_error(error: &clap::error::Error<Self>) -> clap::builder::StyledStr {
        let mut out = format!("错误: {}", message(error));
        let hint = |k| error.get(k).and_then(values);
        let did_you_mean = [
            ContextKind::SuggestedSubcommand,
            ContextKind::SuggestedArg,
            ContextKind::SuggestedValue,
        ]
        .into_iter()
        .find_map(hint);
        if let Some(s) = did_you_mean {
            out.push_str(&format!("\n\n  提示: 是不是要用“{s}”？"));
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string().replacen("Usage:", "用法:", 1);
            out.push_str(&format!("\n\n{}", usage.trim_end()));
        }
        out.push_str("\n\n更多说明请用 --help\n");
        out.into()
    }
}

/// The words of a context value: one, or several joined with `、`.
fn values(v: &ContextValue) -> Option<String> {
    match v {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(s) if !s.is_empty() => Some(s.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(s) if !s.is_empty() => Some(
            s.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        _ => None,
    }
}

fn message(error: &clap::error::Error<Chinese>) -> String {
    let get = |k| error.get(k).and_then(values).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    match error.kind() {
        ErrorKind::InvalidSubcommand => {
            format!("没有子命令“{}”", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”"),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let value = get(ContextKind::InvalidValue);
            if value.is_empty() {
                format!("{arg} 需要一个值")
            } else if valid.is_empty() {
                format!("“{value}”不是 {arg} 可用的值")
            } else {
                format!("“{value}”不是 {arg} 可用的值（可用：{valid}）")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必填的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令".to_string(),
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能与 {} 同时使用", get(ContextKind::PriorArg))
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("{arg} 的值“{}”无效：{why}", get(ContextKind::InvalidValue))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{arg} 的值个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8）".to_string(),
        // Kinds without words here (rare): clap's own short description beside ours.
        kind => match kind.as_str() {
            Some(what) => format!("命令行有误（{what}）"),
            None => "命令行有误".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd() -> Command {
        localize(
            Command::new("dabiao")
                .version("0.1.0")
                .subcommand(
                    Command::new("progress")
                        .about("进度")
                        .arg(Arg::new("as_of").long("as-of"))
                        .arg(
                            Arg::new("by")
                                .long("by")
                                .value_parser(["indicator", "item"]),
                        ),
                )
                .subcommand(Command::new("validate").arg(Arg::new("paths").required(true))),
        )
    }

    fn error(args: &[&str]) -> String {
        let e = cmd().try_get_matches_from(args).unwrap_err();
        e.apply::<Chinese>().to_string()
    }

    #[test]
    fn the_real_command_line_builds_in_chinese() {
        let mut c = super::super::command();
        c.build();
        let help = c.render_help().to_string();
        assert!(
            help.contains("命令:") && help.contains("progress"),
            "{help}"
        );
        assert!(help.contains("--lang"), "{help}");
    }

    #[test]
    fn a_mistyped_subcommand_is_named_with_the_likely_one() {
        let e = error(&["dabiao", "progres"]);
        assert!(e.starts_with("错误: 没有子命令“progres”"), "{e}");
        assert!(e.contains("提示: 是不是要用“progress”？"), "{e}");
        assert!(e.contains("用法: dabiao"), "{e}");
        assert!(!e.contains("error:") && !e.contains("Usage"), "{e}");
    }

    #[test]
    fn a_mistyped_option_and_a_wrong_value_in_chinese() {
        let e = error(&["dabiao", "progress", "--asof", "2022-06"]);
        assert!(e.starts_with("错误: 不认识的参数“--asof”"), "{e}");
        assert!(e.contains("是不是要用“--as-of”"), "{e}");
        let e = error(&["dabiao", "progress", "--by", "unit"]);
        assert!(
            e.contains("“unit”不是 --by <by> 可用的值（可用：indicator、item）"),
            "{e}"
        );
        let e = error(&["dabiao", "validate"]);
        assert!(e.starts_with("错误: 缺少必填的参数：<paths>"), "{e}");
    }

    #[test]
    fn help_is_headed_in_chinese() {
        let help = cmd().render_help().to_string();
        assert!(help.contains("用法: dabiao"), "{help}");
        assert!(help.contains("命令:") && help.contains("选项:"), "{help}");
        assert!(help.contains("显示帮助"), "{help}");
        assert!(
            !help.contains("Usage") && !help.contains("Options:"),
            "{help}"
        );
        let mut c = cmd();
        c.build();
        let sub = c
            .find_subcommand_mut("validate")
            .unwrap()
            .render_help()
            .to_string();
        assert!(sub.contains("参数:") && sub.contains("<paths>"), "{sub}");
        let progress = c
            .find_subcommand_mut("progress")
            .unwrap()
            .render_help()
            .to_string();
        assert!(progress.contains("[可选: indicator、item]"), "{progress}");
        assert!(!progress.contains("possible values"), "{progress}");
    }
}

//! The command line: parses arguments, resolves the run configuration, calls the library and
//! prints. Exit codes: 0 ok, 1 the input has errors, 2 the command could not run.

mod catalog;
mod extract;
mod validate;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dabiao::catalog::{load_target_overrides, Catalog};
use dabiao::config::Config;
use dabiao::output::{self, Format};

/// 达标 dabiao：城乡融合发展指标填报、校验、入库、进度测算、图表与报告。
#[derive(Parser, Debug)]
#[command(name = "dabiao", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// 指标目录文件夹（默认为内置的鄂州目录）。Catalog folder.
    #[arg(long, global = true, env = "DABIAO_CATALOG", value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// 目标值表（CSV 或 xlsx：指标编码, 年份, 区域, 目标值），覆盖目录中的目标。Targets table.
    #[arg(long, global = true, value_name = "FILE")]
    pub targets: Vec<PathBuf>,
    /// 项目配置文件（默认读取当前目录的 dabiao.toml）。Project file.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Catalog(catalog::Args),
    Extract(extract::Args),
    Validate(validate::Args),
}

/// What every command may need, resolved once from flags, environment and dabiao.toml.
pub struct Ctx {
    pub global: Global,
    pub config: Config,
}

impl Ctx {
    /// Loads the catalog (the user's folder or the bundled one) with targets overrides applied.
    pub fn catalog(&self) -> anyhow::Result<Catalog> {
        let dir = self.global.catalog.clone().or(self.config.catalog.clone());
        let mut c = Catalog::load(dir.as_deref())?;
        let files = self.config.targets.iter().chain(&self.global.targets);
        for f in files {
            let overrides = load_target_overrides(f)?;
            c.apply_overrides(&overrides)?;
        }
        Ok(c)
    }
}

/// Writes to stdout; a closed pipe (`dabiao … | head`) ends quietly.
pub fn emit(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        r => Ok(r?),
    }
}

/// Output format flags shared by listing commands.
#[derive(clap::Args, Debug, Clone)]
pub struct FormatArgs {
    /// 输出格式: table | csv | json
    #[arg(long, short = 'f', default_value = "table", value_parser = ["table", "csv", "json"])]
    pub format: String,
    /// CSV 不加 BOM（供其他程序读取）。No byte-order mark in CSV.
    #[arg(long)]
    pub no_bom: bool,
}

impl FormatArgs {
    pub fn options(&self) -> output::Options {
        output::Options {
            format: Format::parse(&self.format).unwrap_or(Format::Table),
            bom: !self.no_bom,
            ..Default::default()
        }
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误: {e:#}");
            let input = e
                .downcast_ref::<dabiao::Error>()
                .is_some_and(dabiao::Error::is_input_error);
            ExitCode::from(if input { 1 } else { 2 })
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = match &cli.global.config {
        Some(p) => Config::load(p)?,
        None => Config::discover()?,
    };
    let ctx = Ctx { global: cli.global, config };
    match cli.command {
        Command::Catalog(a) => catalog::run(&ctx, a),
        Command::Extract(a) => extract::run(&ctx, a),
        Command::Validate(a) => validate::run(&ctx, a),
    }
}

/// A progress bar on stderr, drawn only on a terminal and only after a second has passed.
pub fn progress_bar(len: u64, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(len), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} 个文件 ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_string());
    bar
}

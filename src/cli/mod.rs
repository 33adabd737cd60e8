//! The command line: parses arguments, resolves the run configuration, calls the library and
//! prints. Exit codes: 0 ok, 1 the input has errors, 2 the command could not run.

mod bulletin;
mod catalog;
mod chart;
mod completeness;
mod completions;
mod demo;
mod export;
mod extract;
mod goals;
mod history;
mod ingest;
mod notice;
mod outputs;
mod progress;
mod report;
mod retract;
mod submissions;
mod template;
mod validate;
mod words;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{FromArgMatches, Parser, Subcommand};

use dabiao::catalog::{load_target_overrides, Catalog};
use dabiao::config::Config;
use dabiao::output::{self, Format, Lang};

/// 达标 dabiao：城乡融合发展指标填报、校验、入库、进度测算、图表与报告。
#[derive(Parser, Debug)]
#[command(name = "dabiao", version, max_term_width = 100)]
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
    /// 数据仓库文件夹（默认为 dabiao.toml 中的 warehouse，或 ./warehouse）。Warehouse folder.
    #[arg(long, global = true, env = "DABIAO_WAREHOUSE", value_name = "DIR")]
    pub warehouse: Option<PathBuf>,
    /// 表头、状态、图表与报告文字的语言: zh | en（CSV、JSON、Parquet 的键与值不变）。
    /// Language of tables, charts and reports.
    #[arg(long, global = true, default_value = "zh", value_parser = ["zh", "en"])]
    pub lang: String,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Catalog(catalog::Args),
    Extract(extract::Args),
    Validate(validate::Args),
    Ingest(ingest::Args),
    Submissions(submissions::Args),
    History(history::Args),
    Export(export::Args),
    Retract(retract::Args),
    Progress(progress::Args),
    Goals(goals::Args),
    Completeness(completeness::Args),
    Demo(demo::Args),
    Template(template::Args),
    Report(report::Args),
    Bulletin(bulletin::Args),
    Notice(notice::Args),
    Chart(chart::Args),
    Completions(completions::Args),
}

/// What every command may need, resolved once from flags, environment and dabiao.toml.
pub struct Ctx {
    pub global: Global,
    pub config: Config,
}

impl Ctx {
    /// The language people read: `--lang`.
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.global.lang).unwrap_or_default()
    }

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

    /// Opens the warehouse: `--warehouse`, then dabiao.toml, then `./warehouse`.
    pub fn warehouse(&self) -> anyhow::Result<dabiao::store::Warehouse> {
        let dir = self
            .global
            .warehouse
            .clone()
            .or(self.config.warehouse.clone());
        let dir = dir.unwrap_or_else(|| PathBuf::from("warehouse"));
        Ok(dabiao::store::Warehouse::open(&dir)?)
    }

    /// The warehouse folder without creating it.
    pub fn warehouse_dir(&self) -> PathBuf {
        self.global
            .warehouse
            .clone()
            .or(self.config.warehouse.clone())
            .unwrap_or_else(|| PathBuf::from("warehouse"))
    }

    /// What reading commands compute from: current observations and statuses. A warehouse that
    /// does not exist yet reads as empty (and is not created).
    pub fn data(&self, view: &dabiao::store::View) -> anyhow::Result<Data> {
        let Some(w) = self.existing_warehouse()? else {
            return Ok(Data::empty());
        };
        let (observations, statuses) =
            w.current_tables(view, dabiao::progress::frame::OBSERVATION_COLUMNS)?;
        Ok(Data {
            observations,
            statuses,
        })
    }

    /// As [`Ctx::data`], with the full history (every revision not retracted, for first receipt
    /// times); the current observations are the history's current rows, one read of the parts.
    pub fn data_with_history(
        &self,
        view: &dabiao::store::View,
    ) -> anyhow::Result<(Data, polars::prelude::DataFrame)> {
        let Some(w) = self.existing_warehouse()? else {
            return Ok((Data::empty(), dabiao::progress::frame::empty_observations()));
        };
        let history_view = dabiao::store::View {
            include_retracted: false,
            ..view.clone()
        };
        // The columns reports and charts read: not where each value came from (file, sheet,
        // cell, submission), which would triple a national store's history in memory.
        let columns: Vec<&str> = (dabiao::progress::frame::OBSERVATION_COLUMNS.iter())
            .chain(&["received_at"])
            .copied()
            .collect();
        let history = w.history_columns(&history_view, &columns)?;
        // Same view: the history stands for the current rows too (its `current` column marks
        // them; a shallow copy, where filtering copied a national store's rows).
        let observations = if *view == history_view {
            history.clone()
        } else {
            w.observations(view)?
        };
        let data = Data {
            observations,
            statuses: w.statuses(view)?,
        };
        Ok((data, history))
    }

    /// The warehouse when it has a ledger; `None` (with a hint) when nothing was ingested yet.
    fn existing_warehouse(&self) -> anyhow::Result<Option<dabiao::store::Warehouse>> {
        let dir = self.warehouse_dir();
        if !dir.join("ledger.json").exists() {
            eprintln!(
                "提示: 数据仓库 {} 中还没有数据（先运行 dabiao ingest），按无数据计算",
                dir.display()
            );
            return Ok(None);
        }
        Ok(Some(self.warehouse()?))
    }
}

fn empty_statuses() -> polars::prelude::DataFrame {
    let i: [i32; 0] = [];
    let s: [&str; 0] = [];
    polars::prelude::df!("item" => i, "year" => i, "month" => i, "status" => s, "percent" => [0f64; 0]).expect("static schema")
}

/// Store contents for reading commands.
pub struct Data {
    pub observations: polars::prelude::DataFrame,
    pub statuses: polars::prelude::DataFrame,
}

impl Data {
    fn empty() -> Data {
        Data {
            observations: dabiao::progress::frame::empty_observations(),
            statuses: empty_statuses(),
        }
    }

    /// The latest (year, month) with an observation, within `year` when given.
    pub fn latest_period(&self, year: Option<i32>) -> Option<(i32, u32)> {
        dabiao::progress::frame::latest_period(&self.observations, year).ok()?
    }
}

/// What a report or bulletin needs from the warehouse.
pub struct ReportInputs {
    /// Current observations (the store's `observations` schema).
    pub observations: polars::prelude::DataFrame,
    /// Current task statuses (`item`, `year`, `month`, `status`, `percent`).
    pub statuses: polars::prelude::DataFrame,
    /// Every stored revision, for first receipt times (completeness).
    pub history: polars::prelude::DataFrame,
    pub quality: dabiao::report::Quality,
    pub sources: Vec<dabiao::report::SourceRow>,
}

/// The report's inputs for a year up to an as-of month, from the warehouse (empty when there is
/// none yet).
pub fn report_inputs(ctx: &Ctx, year: i32, month: u32) -> anyhow::Result<ReportInputs> {
    let view = dabiao::store::View::default();
    let (data, history) = ctx.data_with_history(&view)?;
    let (quality, sources) = if ctx.warehouse_dir().join("ledger.json").exists() {
        let wh = ctx.warehouse()?;
        (
            dabiao::report::sources::quality(&wh, &view, &history, (year, month))?,
            dabiao::report::sources::sources(&wh, &view, (year, month), ctx.config.offset())?,
        )
    } else {
        (dabiao::report::Quality::default(), Vec::new())
    };
    Ok(ReportInputs {
        observations: data.observations,
        statuses: data.statuses,
        history,
        quality,
        sources,
    })
}

/// The store's frames the charts draw from (schemas as `store::Warehouse` gives them).
pub struct ChartFrames {
    pub observations: polars::prelude::DataFrame,
    pub statuses: polars::prelude::DataFrame,
    /// Every stored revision, for completeness (first receipt per unit and month).
    pub history: polars::prelude::DataFrame,
}

/// The charts' data: current observations and statuses, and the history for completeness.
pub fn data_for_charts(ctx: &Ctx) -> anyhow::Result<ChartFrames> {
    let (d, history) = ctx.data_with_history(&dabiao::store::View::default())?;
    Ok(ChartFrames {
        observations: d.observations,
        statuses: d.statuses,
        history,
    })
}

/// The `n` names of highest score, best first: what a did-you-mean lists.
pub fn closest<'a>(scored: impl Iterator<Item = (f64, &'a str)>, n: usize) -> Vec<&'a str> {
    let mut all: Vec<(f64, &str)> = scored.collect();
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    all.into_iter().take(n).map(|(_, name)| name).collect()
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
    /// Output options; a table's headings and words in `lang`.
    pub fn options(&self, lang: Lang) -> output::Options {
        self.renamed(lang, &[])
    }

    /// As [`FormatArgs::options`], with headings of this table that differ from the shared ones.
    pub fn renamed(
        &self,
        lang: Lang,
        renames: &'static [output::human::Rename],
    ) -> output::Options {
        output::Options {
            format: Format::parse(&self.format).unwrap_or(Format::Table),
            bom: !self.no_bom,
            lang,
            renames,
            ..Default::default()
        }
    }
}

/// Formats `-o FILE` can be written as, by extension.
const FILE_FORMATS: [&str; 4] = ["xlsx", "csv", "json", "parquet"];

/// Spreadsheet extensions dabiao does not write: a table's text under such a name would be a
/// file Excel refuses to open.
const OTHER_SHEETS: [&str; 5] = ["xls", "xlsm", "xlsb", "ods", "et"];

/// The format to write: `-o FILE`'s extension (`.xlsx` `.csv` `.json` `.parquet`) decides, as
/// for `chart` and `report`; `--format` when the name does not say; `default` otherwise. A
/// `--format` the extension contradicts is refused rather than one format written under another's
/// name.
pub fn output_format(
    flag: Option<&str>,
    output: Option<&std::path::Path>,
    default: &'static str,
) -> anyhow::Result<String> {
    let ext = output
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_lowercase());
    if let Some(e) = ext.as_deref().filter(|e| OTHER_SHEETS.contains(e)) {
        anyhow::bail!(dabiao::Error::Usage(format!(
            "不能写成 .{e} 文件：请用 .xlsx（或 .csv、.json、.parquet）作输出文件的扩展名"
        )));
    }
    let by_name = ext.filter(|e| FILE_FORMATS.contains(&e.as_str()));
    match (flag, by_name) {
        (Some(f), Some(e)) if f != e => Err(dabiao::Error::Usage(format!(
            "--format {f} 与输出文件 {} 的扩展名 .{e} 不符：去掉 --format（按扩展名写成 {e}），或把文件名改为 .{f}",
            output.map(|p| p.display().to_string()).unwrap_or_default()
        ))
        .into()),
        (Some(f), _) => Ok(f.to_string()),
        (None, Some(e)) => Ok(e),
        (None, None) => Ok(default.to_string()),
    }
}

pub fn main() -> ExitCode {
    let parsed = command().try_get_matches().and_then(|mut m| {
        if let Some((words::HELP, sub)) = m.subcommand() {
            let path: Vec<String> = sub
                .get_many("command")
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            let _ = emit(&words::help_for(command(), &path));
            std::process::exit(0);
        }
        Cli::from_arg_matches_mut(&mut m)
    });
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let e = e.apply::<words::Chinese>();
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    quiet_panics();
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)));
    match ran {
        Err(payload) => {
            eprintln!("{}", panic_message(payload.as_ref()));
            ExitCode::from(2)
        }
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("错误: {}", chain_words(&e));
            let input = e
                .downcast_ref::<dabiao::Error>()
                .is_some_and(dabiao::Error::is_input_error);
            ExitCode::from(if input { 1 } else { 2 })
        }
    }
}

/// The command line's definition, headings and errors in Chinese.
pub fn command() -> clap::Command {
    words::localize(<Cli as clap::CommandFactory>::command())
}

/// An error and its causes as `{:#}` prints them (`a: b: c`), a system I/O error in words
/// ([`dabiao::error::io_words`]) instead of `No such file or directory (os error 2)`.
fn chain_words(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| match c.downcast_ref::<std::io::Error>() {
            Some(io) => dabiao::error::io_words(io),
            None => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// Where the last panic happened, kept by the hook for the one message `main` prints.
static PANIC_PLACE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Replaces the default panic output (`thread 'main' panicked at …` and a backtrace hint) with
/// nothing: the panic is caught in `main` and rendered once, in words a user can act on.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        if let (Some(loc), Ok(mut place)) = (info.location(), PANIC_PLACE.lock()) {
            place.get_or_insert_with(|| format!("{}:{}", loc.file(), loc.line()));
        }
    }));
}

/// A short message for a bug: what happened, that it is ours, where, and to report it.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let place = PANIC_PLACE
        .lock()
        .ok()
        .and_then(|p| p.clone())
        .unwrap_or_default();
    format!(
        "错误: dabiao 内部错误（程序缺陷，不是您的数据的问题），命令未完成。\n\
         请把所用命令、输入文件和下面这行报告给维护者: {what} [{place}]"
    )
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = match &cli.global.config {
        Some(p) => Config::load(p)?,
        None => Config::discover()?,
    };
    let ctx = Ctx {
        global: cli.global,
        config,
    };
    match cli.command {
        Command::Catalog(a) => catalog::run(&ctx, a),
        Command::Extract(a) => extract::run(&ctx, a),
        Command::Validate(a) => validate::run(&ctx, a),
        Command::Ingest(a) => ingest::run(&ctx, a),
        Command::Submissions(a) => submissions::run(&ctx, a),
        Command::History(a) => history::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, a),
        Command::Retract(a) => retract::run(&ctx, a),
        Command::Progress(a) => progress::run(&ctx, a),
        Command::Goals(a) => goals::run(&ctx, a),
        Command::Completeness(a) => completeness::run(&ctx, a),
        Command::Demo(a) => demo::run(&ctx, a),
        Command::Template(a) => template::run(&ctx, a),
        Command::Report(a) => report::run(&ctx, a),
        Command::Bulletin(a) => bulletin::run(&ctx, a),
        Command::Notice(a) => notice::run(&ctx, a),
        Command::Chart(a) => chart::run(&ctx, a),
        Command::Completions(a) => completions::run(&ctx, a),
    }
}

/// The columns problems are listed with in CSV and JSON.
pub const DIAGNOSTIC_COLUMNS: [&str; 7] = [
    "file", "sheet", "cell", "severity", "code", "message", "raw",
];

/// In a table the message comes last, where it is printed whole: what to do is at its end.
const DIAGNOSTIC_TABLE_COLUMNS: [&str; 7] = [
    "file", "sheet", "cell", "severity", "code", "raw", "message",
];

/// How many problems a table lists: a file of a million bad rows would otherwise print (and
/// hold in memory) a million padded lines. CSV and JSON list them all.
const TABLE_DIAGNOSTICS: usize = 1000;

/// The problems of a run as a table, after a blank line; the first [`TABLE_DIAGNOSTICS`] only,
/// with a line saying how to see the rest.
pub fn diagnostics_table(
    reports: &[dabiao::ingest::FileReport],
    opts: &output::Options,
) -> anyhow::Result<String> {
    let diags: Vec<_> = (reports.iter())
        .flat_map(|r| r.diagnostics.iter())
        .take(TABLE_DIAGNOSTICS + 1)
        .collect();
    if diags.is_empty() {
        return Ok(String::new());
    }
    let table_opts = output::Options {
        max_width: 70,
        ..*opts
    };
    let shown = &diags[..diags.len().min(TABLE_DIAGNOSTICS)];
    let mut text = format!(
        "\n{}",
        output::render(shown, &DIAGNOSTIC_TABLE_COLUMNS, &table_opts)?
    );
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    if total > TABLE_DIAGNOSTICS {
        text.push_str(&format!(
            "……共 {total} 条问题，以上列出前 {TABLE_DIAGNOSTICS} 条；全部请用 --format csv 或 --format json 输出\n"
        ));
    }
    Ok(text)
}

/// Whether to draw progress on stderr: on a terminal, and not under CI (where a bar's redraws
/// fill the log).
fn draw_progress() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// A progress bar on stderr, drawn only on a terminal and only after a second has passed.
pub fn progress_bar(len: u64, what: &str) -> indicatif::ProgressBar {
    if !draw_progress() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} 个文件 ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_string());
    bar
}

/// A spinner on stderr for one long step without a count (reading a large store, extracting a
/// plan): says what is being done and how long it has taken. Cleared with `finish_and_clear`.
pub fn spinner(what: &str) -> indicatif::ProgressBar {
    if !draw_progress() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.set_message(what.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

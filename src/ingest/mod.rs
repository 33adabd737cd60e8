//! Workbooks → observations and rejections. Every data row ends as an accepted observation or a
//! rejection carrying file · sheet · cell · reason; warnings are kept beside them.

mod biff_check;
mod biff_percent;
pub mod cell;
mod cfb_check;
pub mod header;
mod meta;
mod ods_merges;
pub mod period;
mod rows;
pub mod workbook;
mod xlsx_merges;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use header::Layout;
pub use period::Period;
pub use workbook::Limits;

use crate::catalog::Catalog;
use crate::error::{Error, Result, Severity};

/// One accepted value: an indicator for a district and month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    pub indicator: String,
    /// `全市` or a district name.
    pub district: String,
    pub period: Period,
    /// The month's own value (flows), or the level (stocks, milestones) when given as 本月.
    pub value: Option<f64>,
    /// The year-to-date value as reported.
    pub cumulative: Option<f64>,
    /// Shared by the rows of a file (a file of a million rows holds each text once).
    pub reporting_unit: std::sync::Arc<str>,
    pub file: std::sync::Arc<str>,
    pub sheet: std::sync::Arc<str>,
    pub cell: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub enum TaskStatus {
    #[serde(rename = "未启动")]
    NotStarted,
    #[serde(rename = "推进中")]
    InProgress,
    #[serde(rename = "已完成")]
    Done,
}

impl TaskStatus {
    pub fn zh(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "未启动",
            TaskStatus::InProgress => "推进中",
            TaskStatus::Done => "已完成",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStatus> {
        let t = crate::text::normalize_key(s);
        match t.as_str() {
            "未启动" | "未开始" | "未开展" | "notstarted" => Some(TaskStatus::NotStarted),
            "推进中" | "进行中" | "正在推进" | "推进" | "实施中" | "在建" | "inprogress" => {
                Some(TaskStatus::InProgress)
            }
            "已完成" | "完成" | "已完结" | "已办结" | "done" | "completed" => {
                Some(TaskStatus::Done)
            }
            _ => None,
        }
    }
}

/// A work item's reported status (task-status sheets).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusReport {
    pub item: u32,
    pub period: Period,
    pub status: TaskStatus,
    /// 0–100.
    pub percent: Option<f64>,
    pub progress: String,
    pub issues: String,
    pub next_steps: String,
    pub reporting_unit: String,
    pub file: String,
    pub sheet: String,
    pub cell: String,
}

/// A problem with a place. Errors reject the row; warnings keep it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub severity: Severity,
    pub code: String,
    pub message: String,
    pub raw: String,
}

/// How one sheet was read.
#[derive(Debug, Clone, Serialize)]
pub struct SheetSummary {
    pub name: String,
    /// The first table's layout; `None` when no table was found.
    pub layout: Option<Layout>,
    pub data_rows: usize,
    pub accepted_rows: usize,
    /// Rows not stored: refused for an error, or skipped (below).
    pub rejected_rows: usize,
    /// Of those, rows skipped with a warning, not refused: a row the template lets a sender leave
    /// blank or `—` (本月无数据), a 合计 row, a note.
    pub skipped_rows: usize,
    /// Each table found on the sheet, top to bottom.
    pub blocks: Vec<Block>,
}

impl SheetSummary {
    /// A sheet whose rows were not read (no table, or a hidden draft), listed as such.
    pub(crate) fn unread(name: &str) -> SheetSummary {
        SheetSummary {
            name: name.to_string(),
            layout: None,
            data_rows: 0,
            accepted_rows: 0,
            rejected_rows: 0,
            skipped_rows: 0,
            blocks: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, block: Block) {
        self.layout = self.layout.or(Some(block.layout));
        self.data_rows += block.data_rows;
        self.accepted_rows += block.accepted_rows;
        self.rejected_rows += block.rejected_rows;
        self.skipped_rows += block.skipped_rows;
        self.blocks.push(block);
    }
}

/// One table of a sheet: its layout, where its header and data are, and the lines within it
/// that were listed and not read, so a person can see why a figure was or was not read. In a
/// cross table (districts × indicators …) a data "row" is one figure: a cell, or a 本月 | 累计
/// pair.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub layout: Layout,
    /// The header's rows (`A3:F4`).
    pub header: String,
    /// The rows under it up to the last one read (`A5:F12`); empty when none.
    pub data: String,
    pub data_rows: usize,
    pub accepted_rows: usize,
    pub rejected_rows: usize,
    /// Of the rejected, those skipped with a warning, not refused (see [`SheetSummary`]).
    pub skipped_rows: usize,
    /// Signature lines, notes and sub-titles inside the block (`A13`).
    pub skipped: Vec<String>,
}

impl Block {
    /// A block whose header takes rows `first..=header` and whose last data row is `last`, on
    /// a sheet `width` columns wide.
    pub(crate) fn new(
        grid: &workbook::Grid,
        layout: Layout,
        (first, header): (usize, usize),
        last: Option<usize>,
        width: usize,
    ) -> Block {
        let last_col = width.max(1) - 1;
        let span = |a: usize, b: usize| format!("{}:{}", grid.addr(a, 0), grid.addr(b, last_col));
        Block {
            layout,
            header: span(first, header),
            data: last.map(|l| span(header + 1, l)).unwrap_or_default(),
            data_rows: 0,
            accepted_rows: 0,
            rejected_rows: 0,
            skipped_rows: 0,
            skipped: Vec::new(),
        }
    }

    /// A unit of data refused as a whole (a row whose label is unknown, a column whose header
    /// is), its reason said once at that label.
    pub(crate) fn refused(&mut self) {
        self.data_rows += 1;
        self.rejected_rows += 1;
    }

    /// A unit of data passed over with a warning, not refused (a 合计 or 小计 row).
    pub(crate) fn skipped_unit(&mut self) {
        self.refused();
        self.skipped_rows += 1;
    }

    /// A line listed and not read.
    pub(crate) fn skip_line(&mut self, grid: &workbook::Grid, r: usize) {
        let c = grid.rows[r].iter().position(|c| !c.is_blank()).unwrap_or(0);
        self.skipped.push(grid.addr(r, c));
    }
}

/// Everything read from one file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileReport {
    /// The path as given.
    pub file: String,
    /// SHA-256 of the bytes, hex: the submission's identity.
    pub sha256: String,
    pub size: u64,
    pub reporting_unit: Option<String>,
    pub period: Option<Period>,
    pub sheets: Vec<SheetSummary>,
    pub observations: Vec<Observation>,
    pub statuses: Vec<StatusReport>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file could not be read at all.
    pub unreadable: bool,
}

impl FileReport {
    /// A problem of the whole file (`sheet` empty) or of a whole sheet: no cell, no raw text.
    pub fn note(&mut self, sheet: &str, severity: Severity, code: &str, message: String) {
        self.diagnostics.push(Diagnostic {
            file: self.file.clone(),
            sheet: sheet.to_string(),
            cell: String::new(),
            severity,
            code: code.to_string(),
            message,
            raw: String::new(),
        });
    }

    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn data_rows(&self) -> usize {
        self.sheets.iter().map(|s| s.data_rows).sum()
    }

    pub fn accepted_rows(&self) -> usize {
        self.sheets.iter().map(|s| s.accepted_rows).sum()
    }

    /// Rows not stored, skipped ones included (the ledger's `rejected`).
    pub fn rejected_rows(&self) -> usize {
        self.sheets.iter().map(|s| s.rejected_rows).sum()
    }

    /// Rows skipped without an error: 本月无数据 rows the template allows, totals, notes.
    pub fn skipped_rows(&self) -> usize {
        self.sheets.iter().map(|s| s.skipped_rows).sum()
    }

    /// Rows refused for an error: not stored and not merely skipped.
    pub fn refused_rows(&self) -> usize {
        self.rejected_rows() - self.skipped_rows()
    }
}

/// Options for reading submissions.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub layout: Option<Layout>,
    pub limits: Limits,
}

const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// Expands folders (recursively) into the spreadsheet files under them, sorted; files named
/// directly are kept whatever their extension so a wrong one is reported, not skipped.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue; // hidden files and Office lock files
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .is_some_and(|e| EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    Ok(())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads and checks one file already in memory.
pub fn read_bytes(catalog: &Catalog, path: &Path, bytes: &[u8], opts: &ReadOptions) -> FileReport {
    read_bytes_with(catalog, &rows::Index::new(catalog), path, bytes, opts)
}

fn read_bytes_with(
    catalog: &Catalog,
    index: &rows::Index,
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
) -> FileReport {
    let report = FileReport {
        file: path.display().to_string(),
        sha256: sha256_hex(bytes),
        size: bytes.len() as u64,
        ..Default::default()
    };
    // A bug in a reader (ours or a parser's) on a hostile file must not take the other files
    // down with it: the file is reported as unreadable with what went wrong.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut grids = workbook::read_file(path, bytes, &opts.limits)?;
        let mut r = report.clone();
        skip_annotation_lists(&mut grids, &mut r);
        rows::read_grids(catalog, index, path, &grids, opts, &mut r);
        Ok::<_, workbook::FileError>(r)
    }));
    let e = match read {
        Ok(Ok(r)) => return r,
        Ok(Err(e)) => e,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            workbook::FileError {
                code: "internal",
                message: format!(
                    "无法解析此文件（文件可能已损坏，也可能触发了程序缺陷）：{what}。\
                     若它在 Excel/WPS 中能正常打开，请另存为 .xlsx 后重新报送，并把原文件报告给维护者"
                ),
            }
        }
    };
    refuse(report, e.code, e.message)
}

/// A corrected copy sent back may keep the 问题清单 sheet `annotate` put first: it is dabiao's
/// own list, not data, and is listed as a sheet not read.
fn skip_annotation_lists(grids: &mut Vec<workbook::Grid>, report: &mut FileReport) {
    let ours = |g: &workbook::Grid| {
        g.name.starts_with(crate::annotate::LIST_SHEET)
            && g.get(2, 0).text() == "序号"
            && g.get(2, 1).text() == "工作表"
    };
    for g in grids.iter().filter(|g| ours(g)) {
        report.sheets.push(SheetSummary::unread(&g.name));
    }
    grids.retain(|g| !ours(g));
}

/// Reads sheets already in memory as the sheets of a file named `path`: every check of
/// [`read_bytes`] after the file format (for fuzzing the readers on any grid, and for tests).
pub fn read_sheets(
    catalog: &Catalog,
    path: &Path,
    grids: &[workbook::Grid],
    opts: &ReadOptions,
) -> FileReport {
    let mut report = FileReport {
        file: path.display().to_string(),
        ..Default::default()
    };
    rows::read_grids(
        catalog,
        &rows::Index::new(catalog),
        path,
        grids,
        opts,
        &mut report,
    );
    report
}

/// Marks a file unreadable with one error naming why.
fn refuse(mut report: FileReport, code: &str, message: String) -> FileReport {
    report.unreadable = true;
    report.note("", Severity::Error, code, message);
    report
}

/// Reads one file from disk; a file that cannot be opened is reported, not raised.
pub fn read_path(catalog: &Catalog, path: &Path, opts: &ReadOptions) -> FileReport {
    read_path_with(catalog, &rows::Index::new(catalog), path, opts)
}

fn read_path_with(
    catalog: &Catalog,
    index: &rows::Index,
    path: &Path,
    opts: &ReadOptions,
) -> FileReport {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > opts.limits.max_file_bytes => {
            let msg = format!(
                "文件大小 {} 字节超过上限 {} 字节",
                m.len(),
                opts.limits.max_file_bytes
            );
            return unreadable(path, "too_large", msg);
        }
        Err(e) => return unreadable(path, "io", format!("无法读取文件: {e}")),
        _ => {}
    }
    match std::fs::read(path) {
        Ok(bytes) => read_bytes_with(catalog, index, path, &bytes, opts),
        Err(e) => unreadable(path, "io", format!("无法读取文件: {e}")),
    }
}

fn unreadable(path: &Path, code: &str, message: String) -> FileReport {
    let report = FileReport {
        file: path.display().to_string(),
        ..Default::default()
    };
    refuse(report, code, message)
}

/// Reads many files in parallel; results keep the input order.
pub fn read_paths(catalog: &Catalog, files: &[PathBuf], opts: &ReadOptions) -> Vec<FileReport> {
    read_paths_with(catalog, files, opts, &|| {})
}

/// As `read_paths`, calling `tick` after each file (for a progress bar).
pub fn read_paths_with(
    catalog: &Catalog,
    files: &[PathBuf],
    opts: &ReadOptions,
    tick: &(dyn Fn() + Sync),
) -> Vec<FileReport> {
    let index = rows::Index::new(catalog);
    files
        .par_iter()
        .map(|p| {
            let r = read_path_with(catalog, &index, p, opts);
            tick();
            r
        })
        .collect()
}

/// The first sheet of a CSV or workbook as rows of trimmed text (for targets tables).
pub fn read_table_rows(path: &Path) -> Result<Vec<Vec<String>>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let grids = workbook::read_file(path, &bytes, &Limits::default()).map_err(|e| {
        Error::data(
            crate::error::Place {
                file: path.display().to_string(),
                ..Default::default()
            },
            e.message,
        )
    })?;
    Ok(grids
        .into_iter()
        .next()
        .map(|g| {
            g.rows
                .iter()
                .map(|r| r.iter().map(cell::Cell::text).collect())
                .collect()
        })
        .unwrap_or_default())
}

//! Turning the rows under a header into observations, statuses and diagnostics.

use crate::FastMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use super::cell::{parse_milestone, parse_value, Cell, Value};
use super::header::{find_header_in, Header, Layout, Role};
use super::meta::{self, Meta};
use super::period::{parse_cell, Period};
use super::workbook::Grid;
use super::{
    Block, Diagnostic, FileReport, Observation, ReadOptions, SheetSummary, StatusReport, TaskStatus,
};
use crate::catalog::{measure, Catalog, IndicatorEntry, MeasureKind, CITY};
use crate::error::Severity;
use crate::text::normalize_key;

mod cross;

/// Lookup of indicators by code and by normalised name, built once per batch of files
/// ([`super::read_paths`]) or per file.
pub(crate) struct Index<'a> {
    catalog: &'a Catalog,
    /// Codes as the catalog writes them: most rows carry them so, and need no normalising.
    exact_code: FastMap<&'a str, usize>,
    by_code: FastMap<String, usize>,
    by_name: FastMap<String, usize>,
    /// Each indicator's normalised name, for the name check of rows found by code.
    names: Vec<String>,
    /// Built on the first unknown indicator; see [`Index::suggest`].
    grams: OnceLock<Grams>,
    /// Suggestions already made in this batch, by text as written: one wrong code is often
    /// repeated in every row and every file.
    suggested: Mutex<FastMap<String, String>>,
}

/// Character pairs of every normalised code and name → the indicators holding them.
type Grams = FastMap<(char, char), Vec<u32>>;

/// How many catalog entries, at most, are compared in full with an unknown indicator.
const SUGGEST_CANDIDATES: usize = 200;

/// A text's character pairs (its one character paired with itself when it has only one).
fn pairs(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => Vec::new(),
        [c] => vec![(*c, *c)],
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

impl<'a> Index<'a> {
    pub(crate) fn new(catalog: &'a Catalog) -> Self {
        let mut by_code = FastMap::default();
        let mut by_name = FastMap::default();
        let mut exact_code = FastMap::default();
        let mut names = Vec::with_capacity(catalog.indicators.len());
        for (i, e) in catalog.indicators.iter().enumerate() {
            exact_code.insert(e.def.code.as_str(), i);
            by_code.insert(normalize_key(&e.def.code), i);
            let name = normalize_key(&e.def.name);
            by_name.entry(name.clone()).or_insert(i);
            for alias in &e.def.aliases {
                by_name.entry(normalize_key(alias)).or_insert(i);
            }
            names.push(name);
        }
        Index {
            catalog,
            exact_code,
            by_code,
            by_name,
            names,
            grams: OnceLock::new(),
            suggested: Mutex::default(),
        }
    }

    fn code(&self, written: &str) -> Option<usize> {
        (self.exact_code.get(written))
            .or_else(|| self.by_code.get(&normalize_key(written)))
            .copied()
    }

    /// Whether a written name is the indicator's, or one of its aliases (as normalised).
    fn same_name(&self, i: usize, written: &str) -> bool {
        written == self.catalog.indicators[i].def.name
            || self.by_name.get(&normalize_key(written)) == Some(&i)
    }

    /// An indicator by its name or an alias, also when numbered as in a list (`1.新改建农村公路`,
    /// `（一）…`, `①…`).
    fn name(&self, written: &str) -> Option<usize> {
        let by_name = |n: &str| self.by_name.get(&normalize_key(n)).copied();
        by_name(written).or_else(|| by_name(without_numbering(written)?))
    }

    /// The indicator a column header names: by code, exact name, name with its unit in brackets
    /// (the unit given back), or a code before the name (`T17-01 新改建农村公路`, `T17-01新改建…`).
    fn header_indicator(&self, text: &str) -> Option<(usize, Option<String>)> {
        let t = text.trim();
        if let Some(i) = self.code(t).or_else(|| self.name(t)) {
            return Some((i, None));
        }
        if let Some((core, unit)) = unit_in_name(t) {
            if let Some(i) = self.name(core).or_else(|| self.code(core)) {
                return Some((i, Some(unit)));
            }
        }
        let split = t
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
            .filter(|&at| at > 0)?;
        let i = self.code(&t[..split])?;
        Some((i, unit_in_name(t[split..].trim()).map(|(_, u)| u)))
    }

    fn get(&self, i: usize) -> &'a IndicatorEntry {
        &self.catalog.indicators[i]
    }

    /// Up to three catalog names closest to what was written. Only the entries sharing the most
    /// character pairs with it are compared in full (edit distance against all 36 000 names of a
    /// national catalog, for every row of a file with a wrong code column, took minutes), and
    /// each text is worked out once per batch.
    fn suggest(&self, written: &str) -> String {
        let lock = || self.suggested.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hint) = lock().get(written) {
            return hint.clone();
        }
        let hint = self.closest(written);
        lock().insert(written.to_string(), hint.clone());
        hint
    }

    fn closest(&self, written: &str) -> String {
        let w = normalize_key(written);
        let grams = self.grams.get_or_init(|| self.build_grams());
        let mut shared: FastMap<u32, u32> = FastMap::default();
        for p in pairs(&w) {
            for &i in grams.get(&p).map(Vec::as_slice).unwrap_or_default() {
                *shared.entry(i).or_default() += 1;
            }
        }
        let mut candidates: Vec<(u32, u32)> = shared.into_iter().collect();
        candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(SUGGEST_CANDIDATES);
        let mut scored: Vec<(f64, usize)> = (candidates.into_iter())
            .map(|(i, _)| {
                let (i, e) = (i as usize, &self.catalog.indicators[i as usize].def);
                let s = strsim::normalized_levenshtein(&w, &self.names[i])
                    .max(strsim::normalized_levenshtein(&w, &normalize_key(&e.code)));
                (s, i)
            })
            .filter(|(s, _)| *s > 0.3)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let names: Vec<String> = (scored.into_iter().take(3))
            .map(|(_, i)| {
                let e = &self.catalog.indicators[i].def;
                format!("{} {}", e.code, e.name)
            })
            .collect();
        if names.is_empty() {
            String::new()
        } else {
            format!("；最接近的指标: {}", names.join("、"))
        }
    }

    fn build_grams(&self) -> Grams {
        let mut grams = Grams::default();
        for (i, e) in self.catalog.indicators.iter().enumerate() {
            let mut mine = pairs(&normalize_key(&e.def.code));
            mine.extend(pairs(&self.names[i]));
            mine.sort_unstable();
            mine.dedup();
            for p in mine {
                grams.entry(p).or_default().push(i as u32);
            }
        }
        grams
    }
}

/// The state of one sheet being read.
struct SheetCtx<'a, 'r> {
    index: &'a Index<'a>,
    grid: &'a Grid,
    header: &'a Header,
    /// The row after the block's last (the next block's sub-title or header, or the sheet's end).
    end: usize,
    /// The sheet's width in columns.
    width: usize,
    file: &'a str,
    unit: String,
    /// File and sheet names and reporting units as texts shared by every observation of the
    /// sheet (a CSV of a million rows held each of them a million times).
    shared_file: std::sync::Arc<str>,
    shared_sheet: std::sync::Arc<str>,
    shared_units: crate::text::Interner,
    /// Where each indicator × district × month of the file was first stored, by key hash.
    seen: &'r mut FastMap<u64, usize>,
    period: Option<Period>,
    year: Option<i32>,
    /// The district a sheet is named after (`鄂城区`), for rows without a 区域 column.
    sheet_district: Option<&'a str>,
    report: &'r mut FileReport,
    rejected: bool,
    /// The row was skipped with a warning (no data, a total), not refused.
    skipped: bool,
    /// The row has an error.
    errored: bool,
    accepted: bool,
}

impl SheetCtx<'_, '_> {
    fn diag(&mut self, r: usize, c: usize, severity: Severity, code: &str, message: String) {
        if severity == Severity::Error {
            self.rejected = true;
            self.errored = true;
        }
        self.report.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            sheet: self.grid.name.clone(),
            cell: self.grid.addr(r, c),
            severity,
            code: code.to_string(),
            message,
            raw: self.grid.get(r, c).raw(),
        });
    }

    fn err(&mut self, r: usize, c: usize, code: &str, message: String) {
        self.diag(r, c, Severity::Error, code, message);
    }

    fn warn(&mut self, r: usize, c: usize, code: &str, message: String) {
        self.diag(r, c, Severity::Warning, code, message);
    }

    /// A row deliberately not stored (a total, a note, `—` for no data): listed with a warning,
    /// counted as not accepted, and not an error that sends the file back.
    fn skip(&mut self, r: usize, c: usize, code: &str, message: String) {
        self.warn(r, c, code, message);
        self.rejected = true;
        self.skipped = true;
    }

    fn cell(&self, r: usize, role: Role) -> Option<(usize, &Cell)> {
        self.header.col(role).map(|c| (c, self.grid.get(r, c)))
    }

    fn text(&self, r: usize, role: Role) -> String {
        self.cell(r, role)
            .map(|(_, c)| c.text())
            .unwrap_or_default()
    }

    /// The first column of the row that has something, for messages about the whole row.
    fn row_anchor(&self, r: usize) -> usize {
        // The row's own cells: the grid's width is a pass over every row.
        (self.grid.rows[r].iter())
            .position(|c| !c.is_blank())
            .unwrap_or(0)
    }
}

/// Reads every sheet of a file into `report`.
pub(crate) fn read_grids(
    catalog: &Catalog,
    index: &Index,
    path: &Path,
    grids: &[Grid],
    opts: &ReadOptions,
    report: &mut FileReport,
) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let names = meta::from_file_name(catalog, &name);
    let mut seen = FastMap::default();
    for grid in grids {
        if grid.hidden && is_draft_name(&grid.name) {
            note_hidden_draft(grid, report);
            continue;
        }
        let summary = read_tables(index, grid, names.clone(), opts, &mut seen, report);
        if summary.layout.is_none() {
            note_sheet_without_table(grid, report);
        } else if grid.hidden && summary.data_rows > 0 {
            note_hidden_sheet(&summary, report);
        }
        report.sheets.push(summary);
    }
    note_unread_file(report);
    note_foreign_catalog(catalog, report);
    note_blank_file(report);
}

/// A table found on a sheet: rows read against a header, or a bureau's cross table.
enum Table {
    Rows(Header),
    Cross(cross::Cross),
}

impl Table {
    fn header(&self) -> &Header {
        match self {
            Table::Rows(h) => h,
            Table::Cross(c) => &c.header,
        }
    }

    /// The first row of the header.
    fn first_row(&self) -> usize {
        match self {
            Table::Rows(h) => h.row,
            Table::Cross(c) => c.first_row,
        }
    }
}

/// The table whose header begins within `limit` rows from `from`: a cross table when its header
/// comes first (its `本月 | 累计` row under districts would otherwise pass for a long table's).
fn find_table(
    index: &Index,
    grid: &Grid,
    (from, limit): (usize, usize),
    year: Option<i32>,
    forced: Option<Layout>,
) -> Option<Table> {
    let rows = find_header_in(grid, from, limit, year, forced);
    let cross = cross::find(index, grid, (from, limit), year, forced);
    match (rows, cross) {
        (Some(h), Some(c)) if c.first_row > h.row => Some(Table::Rows(h)),
        (_, Some(c)) => Some(Table::Cross(c)),
        (h, None) => h.map(Table::Rows),
    }
}

/// Reads the tables of a sheet one block after another: a block ends where, after a blank row,
/// a signature line or a sub-title (`二、重点工作推进情况`), another header begins.
fn read_tables(
    index: &Index,
    grid: &Grid,
    (name_period, name_unit): (Option<Period>, Option<String>),
    opts: &ReadOptions,
    seen: &mut FastMap<u64, usize>,
    report: &mut FileReport,
) -> SheetSummary {
    let catalog = index.catalog;
    let mut summary = SheetSummary::unread(&grid.name);
    let year_hint = name_period.map(|p| p.year);
    let mut window = (0, 50);
    let mut sheet_meta: Option<Meta> = None;
    // Once per sheet, not per block: a pass over every row.
    let width = grid.width();
    while let Some(table) = find_table(index, grid, window, year_hint, opts.layout) {
        let header = table.header();
        let data = header.row + 1;
        let next = block_end(index, grid, data, year_hint, opts.layout);
        let end = next.map_or(grid.rows.len(), |(end, _)| end);
        let mut m: Meta = meta::from_rows(catalog, grid, window.0, table.first_row());
        note_unknown_unit(grid, &m, report);
        if let Some(first) = &sheet_meta {
            // A later block's sub-title seldom repeats the sheet's 报告期 or 填报单位.
            m.period = m.period.or(first.period);
            m.unit = m.unit.take().or(first.unit.clone());
            m.year = m.year.or(first.year);
        }
        let period = m.period.or(name_period);
        let unit = m.unit.clone().or(name_unit.clone());
        report.period = report.period.or(period);
        report.reporting_unit = report.reporting_unit.clone().or(unit.clone());
        let mut rows_header;
        let header = match &table {
            Table::Rows(h) => {
                rows_header = h.clone();
                rows_header.cumulative_months |= m.cumulative && h.layout == Layout::Wide;
                &rows_header
            }
            Table::Cross(c) => &c.header,
        };
        let file = report.file.clone();
        let mut ctx = SheetCtx {
            index,
            grid,
            header,
            end,
            width,
            file: &file,
            unit: unit.unwrap_or_default(),
            shared_file: report.file.as_str().into(),
            shared_sheet: grid.name.as_str().into(),
            shared_units: Default::default(),
            seen,
            period,
            year: period.map(|p| p.year).or(m.year).or(year_hint),
            sheet_district: catalog.resolve_district(&grid.name).filter(|d| *d != CITY),
            report,
            rejected: false,
            skipped: false,
            errored: false,
            accepted: false,
        };
        let last = (data..end).rev().find(|&r| !is_gap(grid, r));
        let mut block = Block::new(
            grid,
            header.layout,
            (table.first_row(), header.row),
            last,
            width,
        );
        match &table {
            Table::Rows(_) => {
                note_unread_columns(&mut ctx);
                read_rows(&mut ctx, &mut block);
            }
            Table::Cross(c) => {
                // A months-as-rows title names the months the table spans (`2022年1-6月…`):
                // its rows are still each month's own figure, unless it says 累计.
                let spans = m.year_to_date && c.header.layout != Layout::MonthRows;
                cross::read(&mut ctx, c, m.cumulative || spans, &mut block)
            }
        }
        summary.add(block);
        sheet_meta.get_or_insert(m);
        match next {
            Some((end, header_row)) => window = (end, header_row + 2 - end),
            None => break,
        }
    }
    summary
}

/// Where the block whose data begin at `data` ends, and the row where the next header begins:
/// a header after a blank row, a signature line or a sub-title. The sub-titles right above it
/// belong to the next block.
fn block_end(
    index: &Index,
    grid: &Grid,
    data: usize,
    year: Option<i32>,
    forced: Option<Layout>,
) -> Option<(usize, usize)> {
    let mut after_gap = false;
    for r in data..grid.rows.len() {
        if is_gap(grid, r) {
            after_gap = true;
            continue;
        }
        if after_gap && find_table(index, grid, (r, 2), year, forced).is_some() {
            let titles = (data..r)
                .rev()
                .take_while(|&x| {
                    grid.rows[x].iter().all(Cell::is_blank) || is_subtitle(&grid.rows[x])
                })
                .filter(|&x| is_subtitle(&grid.rows[x]))
                .last();
            return Some((titles.unwrap_or(r), r));
        }
        after_gap = false;
    }
    None
}

/// A row between tables, or no data inside one: blank, a signature line or note, a sub-title.
fn is_gap(grid: &Grid, r: usize) -> bool {
    let row = &grid.rows[r];
    row.iter().all(Cell::is_blank) || is_footer(grid, r) || is_subtitle(row)
}

/// A sub-title between tables or a category line inside one: a single text (repeated across a
/// merged row, or numbered: `二、重点工作推进情况`, `（一）农村公路`).
fn is_subtitle(row: &[Cell]) -> bool {
    let mut texts = row.iter().filter(|c| !c.is_blank());
    let Some(Cell::Text(first)) = texts.next() else {
        return false;
    };
    let (mut count, first) = (1, first.trim());
    for c in texts {
        match c {
            Cell::Text(t) if t.trim() == first => count += 1,
            _ => return false,
        }
    }
    count >= 2 || is_numbered_heading(first)
}

/// `二、…`, `（三）…`, `(3)…`: how Chinese documents number their headings.
fn is_numbered_heading(text: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let t = crate::text::fold_width(text);
    let t = t.trim_start();
    let numeral = |s: &str| {
        let n = s
            .chars()
            .take_while(|c| NUMERALS.contains(*c) || c.is_ascii_digit())
            .count();
        (n > 0).then(|| s.chars().skip(n).collect::<String>())
    };
    if let Some(rest) = t.strip_prefix('(') {
        return numeral(rest).is_some_and(|r| r.starts_with(')') && r.chars().count() > 1);
    }
    t.chars().next().is_some_and(|c| NUMERALS.contains(c))
        && numeral(t).is_some_and(|r| r.starts_with('、') && r.chars().count() > 1)
}

fn note_unknown_unit(grid: &Grid, m: &Meta, report: &mut FileReport) {
    if let Some((written, cell)) = &m.unknown_unit {
        report.diagnostics.push(Diagnostic {
            file: report.file.clone(),
            sheet: grid.name.clone(),
            cell: cell.clone(),
            severity: Severity::Warning,
            code: "unknown_unit".into(),
            message: format!("填报单位“{written}”不在责任单位名录中，按文件名或指标的填报单位处理"),
            raw: written.clone(),
        });
    }
}

/// Rows may be left blank or `—` for a month without data, but a file with nothing else is an
/// empty template sent back: an error, so that it is not taken for a report.
fn note_blank_file(report: &mut FileReport) {
    let rows = report.data_rows();
    let blank = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "no_data")
        .count();
    if rows > 0 && blank == rows && report.observations.is_empty() && report.statuses.is_empty() {
        let message = format!("全部 {rows} 行指标均未填报（空白或“—”），是否交回了空模板？");
        report.note("", Severity::Error, "blank_file", message);
    }
}

/// A file none of whose sheets could be read goes back to its sender: its `no_table` notes
/// become errors. A file with nothing in it at all is said to be empty.
fn note_unread_file(report: &mut FileReport) {
    if report.sheets.iter().any(|s| s.layout.is_some()) {
        return;
    }
    let mut any = false;
    for d in report
        .diagnostics
        .iter_mut()
        .filter(|d| d.code == "no_table")
    {
        d.severity = Severity::Error;
        any = true;
    }
    if !any {
        report.note("", Severity::Warning, "empty_file", "文件中没有数据".into());
    }
}

/// When no row of a file names a known indicator, the likelier mistake is the catalog, not forty
/// separate typos: say so once, beside the row errors.
fn note_foreign_catalog(catalog: &Catalog, report: &mut FileReport) {
    let unknown = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown_indicator")
        .count();
    if unknown < 3 || unknown < report.data_rows() || !report.observations.is_empty() {
        return;
    }
    let message = format!(
        "本文件 {unknown} 行的指标都不在当前指标目录（{}）中：是否用错了指标目录？可用 --catalog 指定",
        catalog.origin
    );
    report.note("", Severity::Warning, "foreign_catalog", message);
}

/// A sheet named as a draft or an old copy (`5月草稿`, `备份`, `旧表`).
fn is_draft_name(name: &str) -> bool {
    let n = name.to_lowercase();
    ["草稿", "备份", "旧", "废", "draft", "copy", "backup"]
        .iter()
        .any(|w| n.contains(w))
}

/// A hidden sheet named as a draft is what its name says: not read (its rows would overwrite
/// or add to the real ones), and said so with what to do if it was meant.
fn note_hidden_draft(grid: &Grid, report: &mut FileReport) {
    report.sheets.push(SheetSummary::unread(&grid.name));
    let message = format!(
        "隐藏的工作表“{}”像是草稿或旧表，未读取；如需入库，请取消隐藏并改名后重报",
        grid.name
    );
    report.note(&grid.name, Severity::Warning, "hidden_draft", message);
}

/// A hidden sheet's table is read like any other (data hidden by mistake is not lost), and said
/// so: a draft not named as one shows up here, its rows as duplicates.
fn note_hidden_sheet(summary: &SheetSummary, report: &mut FileReport) {
    let message = format!(
        "隐藏的工作表也已读取（{} 行数据）；如是草稿或旧表，请删除后重新报送",
        summary.data_rows
    );
    report.note(&summary.name, Severity::Warning, "hidden_sheet", message);
}

/// A sheet without a recognisable table is reported when it holds anything (e.g. an
/// instructions sheet), so its rows are never dropped unseen.
fn note_sheet_without_table(grid: &Grid, report: &mut FileReport) {
    let filled = grid
        .rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.is_blank()))
        .count();
    let instructions = [
        "说明",
        "填报说明",
        "目录",
        "readme",
        "instructions",
        "lists",
        "下拉",
    ];
    if filled == 0
        || grid.hidden
        || instructions
            .iter()
            .any(|k| grid.name.to_lowercase().contains(k))
    {
        return;
    }
    if let Some((r, c)) = super::header::ambiguous_value_column(grid) {
        let text = grid.get(r, c).text();
        report.diagnostics.push(Diagnostic {
            file: report.file.clone(),
            sheet: grid.name.clone(),
            cell: grid.addr(r, c),
            severity: Severity::Warning,
            code: "no_table".into(),
            message: format!(
                "表头“{}”看不出是本月完成还是累计完成，请改为“本月完成”或“累计完成”后重新报送；本表 {filled} 行内容未读取",
                text.trim()
            ),
            raw: text,
        });
        return;
    }
    let message = format!("工作表有 {filled} 行内容，但未找到表头（需要“指标编码/指标名称”与“本月完成/累计完成”或月份列，或“序号”与“进展状态”，或“区域/月份”列与以指标命名的列，或“指标名称”与以区域命名的列），未读取");
    report.note(&grid.name, Severity::Warning, "no_table", message);
}

const FOOTER_KEYS: &[&str] = &[
    "注",
    "说明",
    "填报人",
    "填表人",
    "审核人",
    "负责人",
    "单位负责人",
    "联系电话",
    "制表",
    "填报日期",
    "备注",
];

fn is_footer(grid: &Grid, r: usize) -> bool {
    let first = grid.rows[r].iter().find(|c| !c.is_blank()).map(Cell::text);
    // A label, not a word that happens to start the same way: `注：…`, `注1`, `填报人：`,
    // `联系电话 123`, but not `注册…`.
    first.is_some_and(|t| {
        let t = crate::text::fold_width(&t);
        FOOTER_KEYS.iter().any(|k| {
            t.strip_prefix(k).is_some_and(|rest| {
                rest.chars()
                    .next()
                    .is_none_or(|c| c == ':' || c == '(' || c.is_ascii_digit() || c.is_whitespace())
            })
        })
    })
}

/// A header cell dabiao has no use for above a column holding numbers: its figures would be
/// dropped unseen (`完成值` beside `累计完成`), so the column is named once, at its header.
fn note_unread_columns(ctx: &mut SheetCtx) {
    let h = ctx.header.row;
    let used = |c: usize| {
        ctx.header.columns.iter().any(|(_, x)| *x == c)
            || ctx.header.months.iter().any(|(_, x)| *x == c)
    };
    let unread: Vec<(usize, String)> = (0..ctx.width)
        .filter(|&c| !used(c))
        .filter_map(|c| {
            let Cell::Text(t) = ctx.grid.get(h, c) else {
                return None;
            };
            let numbers = (h + 1..ctx.end).any(|r| matches!(ctx.grid.get(r, c), Cell::Number(_)));
            let known = super::header::role_of(t).is_some();
            (numbers && !known && !t.trim().is_empty()).then(|| (c, t.trim().to_string()))
        })
        .collect();
    for (c, text) in unread {
        let why = if super::header::is_value_word(&text) {
            "看不出是本月完成还是累计完成；如需入库，请改为“本月完成”或“累计完成”后重报"
        } else {
            "不是可识别的列（见填报说明），其中的数字未读取"
        };
        ctx.warn(h, c, "unread_column", format!("“{text}”列未读取：{why}"));
    }
}

/// A 合计/小计 row or a 填表说明 note where the indicator or district should be: its column and
/// label.
fn total_or_note(ctx: &SheetCtx, r: usize) -> Option<(usize, String)> {
    const LABELS: &[&str] = &["合计", "小计", "总计", "全市合计", "填表说明", "填报说明"];
    let first = ctx.row_anchor(r);
    let cols = [
        ctx.header.col(Role::Code),
        ctx.header.col(Role::Name),
        ctx.header.col(Role::District),
        Some(first),
    ];
    cols.into_iter().flatten().find_map(|c| {
        // Run on every row: only a text holding 计 or 说明 (every label does) is normalised.
        let Cell::Text(s) = ctx.grid.get(r, c) else {
            return None;
        };
        if !(s.contains('计') || s.contains("说明")) {
            return None;
        }
        let t = normalize_key(s);
        LABELS
            .iter()
            .find(|l| t == **l || (t.starts_with(**l) && l.ends_with("说明")))
            .map(|l| (c, l.to_string()))
    })
}

/// The rows of a long, wide or task block; signature lines and sub-titles are listed, not read.
fn read_rows(ctx: &mut SheetCtx, block: &mut Block) {
    for r in ctx.header.row + 1..ctx.end {
        if !is_data_row(ctx.grid, r, block) {
            continue;
        }
        counted(ctx, block, r, |ctx| {
            if let Some((c, label)) = total_or_note(ctx, r) {
                ctx.skip(r, c, "not_data", format!("“{label}”行不是指标数据，未入库"));
                return;
            }
            match ctx.header.layout {
                Layout::Long => long_row(ctx, r),
                Layout::Wide => wide_row(ctx, r),
                Layout::Task => task_row(ctx, r),
                Layout::Matrix | Layout::IndicatorRows | Layout::MonthRows => {}
            }
        });
    }
}

/// Whether row `r` of a block holds data: blank rows are passed over, signature lines, notes and
/// sub-titles listed in the block.
fn is_data_row(grid: &Grid, r: usize, block: &mut Block) -> bool {
    let row = &grid.rows[r];
    if row.iter().all(Cell::is_blank) {
        return false;
    }
    if is_footer(grid, r) || is_subtitle(row) {
        block.skip_line(grid, r);
        return false;
    }
    true
}

/// Reads one unit of data (a row, or a cell of a cross table) with `read` and counts it as
/// accepted or rejected; a unit neither stored nor refused with a reason is an error at row `r`.
fn counted(ctx: &mut SheetCtx, block: &mut Block, r: usize, read: impl FnOnce(&mut SheetCtx)) {
    ctx.rejected = false;
    ctx.skipped = false;
    ctx.errored = false;
    ctx.accepted = false;
    read(ctx);
    block.data_rows += 1;
    if ctx.accepted {
        block.accepted_rows += 1;
    } else {
        block.rejected_rows += 1;
        block.skipped_rows += usize::from(ctx.skipped && !ctx.errored);
        if !ctx.rejected {
            let c = ctx.row_anchor(r);
            ctx.err(r, c, "not_read", "此行未能读取".into());
        }
    }
}

/// `1.新改建农村公路`, `（一）新改建农村公路`, `①新改建农村公路` → the name after the number.
fn without_numbering(name: &str) -> Option<&str> {
    const NUMERALS: &str = "0123456789０１２３４５６７８９一二三四五六七八九十";
    let t = name.trim_start();
    let rest = if let Some(inner) = t.strip_prefix(['(', '（']) {
        let (n, rest) = inner.split_once([')', '）'])?;
        (!n.is_empty() && n.chars().all(|c| NUMERALS.contains(c))).then_some(rest)?
    } else if t.starts_with(|c: char| ('①'..='⑳').contains(&c)) {
        &t[t.chars().next()?.len_utf8()..]
    } else {
        let n = t.find(|c: char| !NUMERALS.contains(c)).filter(|&n| n > 0)?;
        t[n..].strip_prefix(['.', '、', '．', ' '])?
    };
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some(rest)
}

/// `新改建农村公路（公里）`: a name followed by a unit in brackets, as (name, unit).
fn unit_in_name(name: &str) -> Option<(&str, String)> {
    let (core, inside) = crate::text::bracketed_tail(name.trim_end())?;
    let unit = crate::text::fold_width(inside).trim().to_lowercase();
    (!core.trim().is_empty() && measure::is_spelling(&unit)).then_some((core, unit))
}

/// Identifies the indicator of a row by code, else by exact normalised name (with or without a
/// unit in brackets after it).
fn indicator_of<'a>(ctx: &mut SheetCtx<'a, '_>, r: usize) -> Option<&'a IndicatorEntry> {
    let code = ctx.text(r, Role::Code);
    let name = ctx.text(r, Role::Name);
    let code_col = ctx.header.col(Role::Code);
    let name_col = ctx.header.col(Role::Name);
    let by_code = (!code.is_empty()).then(|| ctx.index.code(&code)).flatten();
    let by_name = |name: &str| ctx.index.name(name);
    // The name without a unit in brackets after it (`新改建农村公路（米）`), when it has one.
    let core = unit_in_name(&name).map(|(core, _)| core);
    let found = by_code
        .or_else(|| (!name.is_empty()).then(|| by_name(&name)).flatten())
        .or_else(|| by_name(core?));
    let Some(i) = found else {
        // Suggestions from the name when there is one: a code's digits match unrelated codes.
        let like = if name.is_empty() {
            code.clone()
        } else {
            name.clone()
        };
        let (c, written) = if !code.is_empty() {
            (code_col, code)
        } else {
            (name_col, name)
        };
        let c = c.unwrap_or_else(|| ctx.row_anchor(r));
        if written.is_empty() {
            ctx.err(
                r,
                c,
                "missing_indicator",
                "指标编码和指标名称都为空，无法确定是哪个指标".into(),
            );
        } else {
            let hint = ctx.index.suggest(&like);
            ctx.err(
                r,
                c,
                "unknown_indicator",
                format!("指标“{written}”不在指标目录中{hint}"),
            );
        }
        return None;
    };
    let e = ctx.index.get(i);
    let same_name = |n: &str| ctx.index.same_name(i, n);
    if by_code.is_some() && !name.is_empty() && !same_name(&name) && !core.is_some_and(same_name) {
        let c = name_col.unwrap_or(0);
        // The name is another indicator's exactly: which of the two was meant is unknown.
        let other = by_name(&name).or_else(|| by_name(core?));
        if let Some(j) = other.filter(|&j| j != i) {
            let msg = format!(
                "指标编码 {} 是“{}”，名称“{name}”却是 {} 的：请核对编码与名称，本行未入库",
                e.def.code,
                e.def.name,
                ctx.index.get(j).def.code
            );
            ctx.err(r, c, "code_name_conflict", msg);
            return None;
        }
        ctx.warn(
            r,
            c,
            "name_mismatch",
            format!(
                "指标名称“{name}”与目录中 {} 的名称“{}”不同，按编码处理",
                e.def.code, e.def.name
            ),
        );
    }
    Some(e)
}

fn district_of(ctx: &mut SheetCtx, r: usize, e: &IndicatorEntry) -> Option<String> {
    let mut written = ctx.text(r, Role::District);
    if written.is_empty() {
        match ctx.sheet_district {
            Some(d) => written = d.to_string(),
            None => return Some(default_district(e)),
        }
    }
    let c = ctx.header.col(Role::District).unwrap_or(0);
    match ctx.index.catalog.resolve_district(&written) {
        Some(d) => in_scope(ctx, r, c, e, &written, d),
        None => {
            let known = ctx.index.catalog.district_names().join("、");
            ctx.err(
                r,
                c,
                "unknown_district",
                format!("区域“{written}”无法识别（可填: 全市、{known}）"),
            );
            None
        }
    }
}

/// The district of a figure that names none: the indicator's own district, or the city.
fn default_district(e: &IndicatorEntry) -> String {
    e.def.district.clone().unwrap_or_else(|| CITY.to_string())
}

/// A figure's district `d` (as `written`) against where the indicator is measured; said at
/// (`r`, `c`).
fn in_scope(
    ctx: &mut SheetCtx,
    r: usize,
    c: usize,
    e: &IndicatorEntry,
    written: &str,
    d: &str,
) -> Option<String> {
    // An indicator measured in one district only (学院 in 梁子湖区): 全市 means that
    // district; another district's figure would never be counted.
    match e.def.district.as_deref().filter(|f| *f != d) {
        Some(fixed) if d == CITY => {
            let msg = format!("{} 只在{fixed}考核，“{written}”按{fixed}读取", e.def.code);
            ctx.warn(r, c, "scope_mapped", msg);
            Some(fixed.to_string())
        }
        Some(fixed) => {
            let msg = format!("{} 只在{fixed}考核，不能填报{d}的数", e.def.code);
            ctx.err(r, c, "wrong_district", msg);
            None
        }
        None if d != CITY && !e.def.by_district && e.def.district.is_none() => {
            let msg = format!("{} 只考核全市，{d}的数已入库但不参与进度测算", e.def.code);
            ctx.warn(r, c, "outside_scope", msg);
            Some(d.to_string())
        }
        None => Some(d.to_string()),
    }
}

fn period_of(ctx: &mut SheetCtx, r: usize) -> Option<Period> {
    let found = match ctx.cell(r, Role::Period) {
        Some((c, cell)) if !cell.is_blank() => match parse_cell(cell, ctx.year).or_else(|| {
            // `一月`, `六月份`: a month written in words.
            let m = super::header::month_of(&cell.text(), ctx.year)?;
            Period::new(ctx.year?, m)
        }) {
            Some(p) => Some((p, c)),
            None => {
                let raw = cell.text();
                ctx.err(
                    r,
                    c,
                    "bad_period",
                    format!("报告期“{raw}”无法识别（可写 2022年6月、2022-06、202206）"),
                );
                return None;
            }
        },
        _ => None,
    };
    let Some((p, c)) = found else {
        return match ctx.period {
            Some(p) => Some(p),
            None => {
                let c = ctx.row_anchor(r);
                ctx.err(
                    r,
                    c,
                    "period_missing",
                    "没有报告期：表中无报告期列，表头上方和文件名中也未写明".into(),
                );
                None
            }
        };
    };
    if let Some(sub) = ctx.period {
        if p.year != sub.year {
            ctx.err(
                r,
                c,
                "period_outside_year",
                format!("报告期 {p} 不在本次报送的 {} 年度内", sub.year),
            );
            return None;
        }
        if p > sub {
            // A June report cannot hold October's figure: a typo, or a plan typed as a result.
            ctx.err(
                r,
                c,
                "period_after_report",
                format!("报告期 {p} 晚于本次报送的报告期 {sub}，不能是已完成的数"),
            );
            return None;
        }
        // A table of months holds the earlier months by design: no warning for each of them.
        if p != sub && ctx.header.layout != Layout::MonthRows {
            ctx.warn(
                r,
                c,
                "period_differs",
                format!("报告期 {p} 与本次报送的报告期 {sub} 不同"),
            );
        }
    }
    Some(p)
}

/// Converts a parsed value into the indicator's unit, rejecting what cannot be converted.
fn number_in_unit(
    ctx: &mut SheetCtx,
    r: usize,
    c: usize,
    e: &IndicatorEntry,
    v: Value,
    row_factor: f64,
) -> Result<Option<f64>, ()> {
    match v {
        Value::Missing => Ok(None),
        Value::Invalid(reason) => {
            let code = match ctx.grid.get(r, c) {
                Cell::FormulaNoValue(_) => "formula_no_value",
                _ => "not_a_number",
            };
            ctx.err(r, c, code, format!("{}：{reason}", e.def.code));
            Err(())
        }
        Value::Number { value, unit: None } => Ok(Some(measure::round9(value * row_factor))),
        Value::Noted { value, note } => {
            let msg = format!(
                "{}：括号中的说明“{note}”未入库（数值 {value} 已入库），说明请写在备注栏",
                e.def.code
            );
            ctx.warn(r, c, "value_note", msg);
            Ok(Some(measure::round9(value * row_factor)))
        }
        Value::Number {
            value,
            unit: Some(u),
        } => match measure::factor(&u, &e.def.unit) {
            Some(f) => Ok(Some(measure::round9(value * f))),
            None => {
                ctx.err(
                    r,
                    c,
                    "unit_mismatch",
                    format!(
                        "单位“{u}”不能换算为 {} 的计量单位“{}”",
                        e.def.code, e.def.unit
                    ),
                );
                Err(())
            }
        },
    }
}

fn parse_for(e: &IndicatorEntry, cell: &Cell) -> Value {
    if e.def.kind == MeasureKind::Milestone {
        parse_milestone(cell)
    } else {
        parse_value(cell)
    }
}

/// Checks a value against plausibility rules; errors reject, warnings keep.
fn check_value(
    ctx: &mut SheetCtx,
    r: usize,
    c: usize,
    e: &IndicatorEntry,
    district: &str,
    v: f64,
    monthly: bool,
) -> bool {
    if e.def.kind == MeasureKind::Flow && v < 0.0 {
        ctx.err(
            r,
            c,
            "negative_flow",
            format!(
                "{} 是累加型指标，{}不能为负数",
                e.def.code,
                if monthly {
                    "本月完成"
                } else {
                    "累计完成"
                }
            ),
        );
        return false;
    }
    if e.def.kind == MeasureKind::Milestone && !(0.0..=1.0).contains(&v) {
        ctx.err(
            r,
            c,
            "bad_milestone",
            format!(
                "{} 是节点型指标，只能填 1（已完成）或 0（未完成）",
                e.def.code
            ),
        );
        return false;
    }
    if measure::counts_whole(&e.def.unit) && v.fract() != 0.0 {
        let msg = format!("{} 以“{}”计，{v} 不是整数，请核实", e.def.code, e.def.unit);
        ctx.warn(r, c, "not_whole", msg);
    }
    let year = ctx.year.unwrap_or(ctx.index.catalog.meta.year);
    let target = e.target(year, district).or_else(|| e.target(year, CITY));
    if e.def.unit == "%" && v > 0.0 && v <= 1.0 && target.is_some_and(|t| t >= 10.0) {
        ctx.warn(
            r,
            c,
            "percent_as_fraction",
            format!(
                "{} 以 % 计，{v} 看起来是小数形式：已按 {v}% 入库；如实为 {pct}%，请改填 {pct} 后重报",
                e.def.code,
                pct = measure::round9(v * 100.0),
            ),
        );
    }
    if let Some(t) = target.filter(|t| *t > 0.0 && v > 3.0 * t) {
        ctx.warn(
            r,
            c,
            "far_above_target",
            format!("{} 的值 {v} 超过年度目标 {t} 的 3 倍，请核实", e.def.code),
        );
    }
    true
}

/// The factor from the unit a row is written in (its 计量单位 cell, or a unit in brackets after
/// its name) to the catalog's; `None` when the two do not convert, the row then rejected.
fn row_factor(ctx: &mut SheetCtx, r: usize, e: &IndicatorEntry) -> Option<f64> {
    let (mut written, mut col) = (ctx.text(r, Role::Unit), ctx.header.col(Role::Unit));
    if written.is_empty() {
        if let Some((_, unit)) = unit_in_name(&ctx.text(r, Role::Name)) {
            (written, col) = (unit, ctx.header.col(Role::Name));
        }
    }
    if written.is_empty() {
        return Some(1.0);
    }
    let factor = measure::factor(&crate::text::fold_width(&written), &e.def.unit);
    if factor.is_none() {
        let msg = format!(
            "计量单位“{written}”不能换算为 {} 的“{}”",
            e.def.code, e.def.unit
        );
        ctx.err(r, col.unwrap_or(0), "unit_mismatch", msg);
    }
    factor
}

fn long_row(ctx: &mut SheetCtx, r: usize) {
    let Some(e) = indicator_of(ctx, r) else {
        return;
    };
    let district = district_of(ctx, r, e);
    let period = period_of(ctx, r);
    let Some(row_factor) = row_factor(ctx, r, e) else {
        return;
    };
    let (Some(district), Some(period)) = (district, period) else {
        return;
    };
    let cols = [
        ctx.header.col(Role::Monthly),
        ctx.header.col(Role::Cumulative),
    ];
    record(ctx, r, e, district, period, row_factor, cols);
}

/// The 本月 and 累计 cells (`cols`) of one indicator × district × month in row `r`: checked,
/// converted by `factor` and stored, or refused with the reason at the cell.
fn record(
    ctx: &mut SheetCtx,
    r: usize,
    e: &IndicatorEntry,
    district: String,
    period: Period,
    factor: f64,
    cols: [Option<usize>; 2],
) {
    let mut values = [None, None];
    for (slot, c) in cols.into_iter().enumerate() {
        let Some(c) = c else {
            continue;
        };
        let v = parse_for(e, ctx.grid.get(r, c));
        match number_in_unit(ctx, r, c, e, v, factor) {
            Ok(Some(x)) if check_value(ctx, r, c, e, &district, x, slot == 0) => {
                values[slot] = Some((x, c))
            }
            Ok(_) if ctx.rejected => return,
            Ok(_) => {}
            Err(()) => return,
        }
    }
    if ctx.rejected {
        return;
    }
    let [value, cumulative] = values;
    let Some(&(_, cell_col)) = value.as_ref().or(cumulative.as_ref()) else {
        let c = cols.into_iter().flatten().next().unwrap_or(0);
        let written: Vec<String> = (cols.into_iter().flatten())
            .map(|c| ctx.grid.get(r, c).text())
            .filter(|t| !t.trim().is_empty())
            .collect();
        // `—` / `无` / blanks, as the template asks for a month without data.
        let shown = written
            .first()
            .map_or("空白".to_string(), |w| format!("“{w}”"));
        let msg = format!(
            "{} {district} 填报为{shown}（本月无数据），不入库",
            e.def.code
        );
        ctx.skip(r, c, "no_data", msg);
        return;
    };
    if let (Some((m, _)), Some((cum, c))) = (value, cumulative) {
        if !row_values_agree(ctx, r, c, cols, e, m, cum) {
            return;
        }
    }
    if let (Some((m, _)), Some((cum, c)), 1, MeasureKind::Flow) =
        (value, cumulative, period.month, e.def.kind)
    {
        if (m - cum).abs() > 1e-6 * cum.abs().max(1.0) {
            ctx.warn(
                r,
                c,
                "monthly_sum_mismatch",
                format!("1 月的本月完成 {m} 与累计完成 {cum} 应相等"),
            );
        }
    }
    push_observation(
        ctx,
        r,
        cell_col,
        e,
        district,
        period,
        value.map(|v| v.0),
        cumulative.map(|v| v.0),
    );
}

/// 本月 and 累计 of one row against each other: a milestone's must say the same (an error);
/// a flow's 累计 below its 本月 suggests swapped columns (a warning). `false` rejects the row.
fn row_values_agree(
    ctx: &mut SheetCtx,
    r: usize,
    c: usize,
    cols: [Option<usize>; 2],
    e: &IndicatorEntry,
    monthly: f64,
    cumulative: f64,
) -> bool {
    let code = &e.def.code;
    match e.def.kind {
        MeasureKind::Milestone if monthly != cumulative => {
            let shown = |c: Option<usize>| c.map(|c| ctx.grid.get(r, c).text()).unwrap_or_default();
            let msg = format!(
                "{code} 本月完成填“{}”、累计完成填“{}”，互相矛盾，本行未入库",
                shown(cols[0]),
                shown(cols[1])
            );
            ctx.err(r, c, "milestone_conflict", msg);
            false
        }
        MeasureKind::Flow if monthly > 0.0 && cumulative < monthly - 1e-9 * monthly => {
            let msg = format!(
                "{code} 累计完成 {cumulative} 小于本月完成 {monthly}：两列是否填反？已按原样入库，请核实"
            );
            ctx.warn(r, c, "cumulative_below_monthly", msg);
            true
        }
        _ => true,
    }
}

#[allow(clippy::too_many_arguments)]
fn push_observation(
    ctx: &mut SheetCtx,
    r: usize,
    c: usize,
    e: &IndicatorEntry,
    district: String,
    period: Period,
    value: Option<f64>,
    cumulative: Option<f64>,
) {
    let key = key_hash(&e.def.code, &district, period);
    if duplicate(ctx, r, c, key, e, &district, period, (value, cumulative)) {
        return;
    }
    if !ctx.unit.is_empty() && ctx.unit != e.reporter && !e.reporter.is_empty() {
        let msg = format!(
            "{} 由{}报送，本文件的填报单位是{}：已入库；同一区域月份以收到较晚者为准，请核实",
            e.def.code, e.reporter, ctx.unit
        );
        ctx.warn(r, c, "other_units_indicator", msg);
    }
    let name = if ctx.unit.is_empty() {
        e.reporter.as_str()
    } else {
        ctx.unit.as_str()
    };
    let unit = ctx.shared_units.get(name);
    ctx.seen.insert(key, ctx.report.observations.len());
    ctx.report.observations.push(Observation {
        indicator: e.def.code.clone(),
        district,
        period,
        value,
        cumulative,
        reporting_unit: unit,
        file: ctx.shared_file.clone(),
        sheet: ctx.shared_sheet.clone(),
        cell: ctx.grid.addr(r, c),
    });
    ctx.accepted = true;
}

fn key_hash(indicator: &str, district: &str, period: Period) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one((indicator, district, period))
}

/// A second row of the file for the same indicator, district and month: the same values are
/// listed and not stored twice; different ones are an error naming the first, whose values stay.
#[allow(clippy::too_many_arguments)]
fn duplicate(
    ctx: &mut SheetCtx,
    r: usize,
    c: usize,
    key: u64,
    e: &IndicatorEntry,
    district: &str,
    period: Period,
    values: (Option<f64>, Option<f64>),
) -> bool {
    let Some(&i) = ctx.seen.get(&key) else {
        return false;
    };
    let first = &ctx.report.observations[i];
    if (
        first.indicator.as_str(),
        first.district.as_str(),
        first.period,
    ) != (e.def.code.as_str(), district, period)
    {
        return false; // a hash collision, not a duplicate
    }
    let at = format!("{}!{}", first.sheet, first.cell);
    let same = (first.value, first.cumulative) == values;
    let what = format!("{} {district} {}", e.def.code, period);
    if same {
        ctx.skip(
            r,
            c,
            "duplicate_row",
            format!("{what} 与 {at} 重复（值相同），只计一次"),
        );
    } else {
        ctx.err(
            r,
            c,
            "duplicate_conflict",
            format!("{what} 在 {at} 已填报且值不同：本行未入库，入库的是 {at} 的值，请核实后重报"),
        );
    }
    true
}

fn wide_row(ctx: &mut SheetCtx, r: usize) {
    let Some(e) = indicator_of(ctx, r) else {
        return;
    };
    let Some(district) = district_of(ctx, r, e) else {
        return;
    };
    let Some(year) = ctx.year else {
        let c = ctx.row_anchor(r);
        ctx.err(
            r,
            c,
            "period_missing",
            "按月宽表没有年份：请在标题、“报告期：”或文件名中写明年份".into(),
        );
        return;
    };
    let Some(row_factor) = row_factor(ctx, r, e) else {
        return;
    };
    let cumulative = ctx.header.cumulative_months;
    let months = ctx.header.months.clone();
    let mut sum = 0.0;
    let mut any = false;
    let mut rejected_any = false;
    for (m, c) in months {
        let v = parse_for(e, ctx.grid.get(r, c));
        let Ok(Some(x)) = number_in_unit(ctx, r, c, e, v, row_factor) else {
            rejected_any |= ctx.rejected;
            continue;
        };
        if !check_value(ctx, r, c, e, &district, x, !cumulative) {
            rejected_any = true;
            continue;
        }
        let Some(period) = Period::new(year, m) else {
            continue;
        };
        sum += x;
        any = true;
        let (value, cum) = if cumulative {
            (None, Some(x))
        } else {
            (Some(x), None)
        };
        push_observation(ctx, r, c, e, district.clone(), period, value, cum);
    }
    if !any && !rejected_any {
        // Left blank, as the template's instructions allow for a month without data.
        let c = ctx.row_anchor(r);
        let msg = format!(
            "{} {district} 各月均未填报（无数据），本行不入库",
            e.def.code
        );
        ctx.skip(r, c, "no_data", msg);
        return;
    }
    if let Some((c, cell)) = ctx.cell(r, Role::Total).or(ctx.cell(r, Role::Cumulative)) {
        if let (Value::Number { value: total, .. }, false, MeasureKind::Flow) =
            (parse_value(cell), cumulative, e.def.kind)
        {
            let total = total * row_factor;
            if (total - sum).abs() > 1e-6 * total.abs().max(1.0) {
                ctx.warn(
                    r,
                    c,
                    "monthly_sum_mismatch",
                    format!("各月合计 {sum} 与表中合计 {total} 不符"),
                );
            }
        }
    }
}

fn item_no(text: &str) -> Option<u32> {
    let t = crate::text::fold_width(text);
    let digits: String = t
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let rest: String = t.chars().filter(|c| !c.is_ascii_digit()).collect();
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || "第项.、号".contains(c));
    (rest.is_empty()).then(|| digits.parse().ok()).flatten()
}

fn task_row(ctx: &mut SheetCtx, r: usize) {
    let (c_no, raw_no) = ctx
        .cell(r, Role::ItemNo)
        .map(|(c, cell)| (c, cell.text()))
        .unwrap_or((0, String::new()));
    let Some(no) = item_no(&raw_no).filter(|n| ctx.index.catalog.item(*n).is_some()) else {
        let n = ctx.index.catalog.items.len();
        ctx.err(
            r,
            c_no,
            "unknown_item",
            format!("工作要点序号“{raw_no}”无效（应为 1–{n}）"),
        );
        return;
    };
    let Some(period) = period_of(ctx, r) else {
        return;
    };
    let mut percent = None;
    if let Some((c, cell)) = ctx.cell(r, Role::Percent) {
        match parse_value(cell) {
            Value::Missing => {}
            Value::Number { value, unit }
                if (0.0..=100.0).contains(&value) && unit.as_deref().is_none_or(|u| u == "%") =>
            {
                if value > 0.0 && value <= 1.0 && unit.is_none() {
                    ctx.warn(
                        r,
                        c,
                        "percent_as_fraction",
                        format!(
                            "完成进度 {value} 看起来是小数形式，按 {}% 处理",
                            value * 100.0
                        ),
                    );
                    percent = Some(value * 100.0);
                } else {
                    percent = Some(value);
                }
            }
            _ => {
                ctx.err(
                    r,
                    c,
                    "bad_percent",
                    "完成进度应为 0–100 之间的数（可带 %）".into(),
                );
                return;
            }
        }
    }
    let written = ctx.text(r, Role::Status);
    let status = if written.is_empty() {
        percent.map(|p| {
            if p >= 100.0 {
                TaskStatus::Done
            } else if p > 0.0 {
                TaskStatus::InProgress
            } else {
                TaskStatus::NotStarted
            }
        })
    } else {
        TaskStatus::parse(&written)
    };
    let Some(status) = status else {
        let c = ctx.header.col(Role::Status).unwrap_or(c_no);
        let msg = if written.is_empty() {
            "进展状态与完成进度都为空".to_string()
        } else {
            format!("进展状态“{written}”无法识别（可填: 未启动、推进中、已完成）")
        };
        ctx.err(r, c, "bad_status", msg);
        return;
    };
    if status == TaskStatus::Done && percent.is_some_and(|p| p < 100.0) {
        let c = ctx.header.col(Role::Percent).unwrap_or(c_no);
        ctx.warn(
            r,
            c,
            "status_percent_mismatch",
            format!(
                "状态为已完成，但完成进度为 {}%",
                percent.unwrap_or_default()
            ),
        );
    }
    let unit = if ctx.unit.is_empty() {
        ctx.index
            .catalog
            .item(no)
            .and_then(|i| i.units.first().cloned())
            .unwrap_or_default()
    } else {
        ctx.unit.clone()
    };
    ctx.report.statuses.push(StatusReport {
        item: no,
        period,
        status,
        percent,
        progress: ctx.text(r, Role::Progress),
        issues: ctx.text(r, Role::Issues),
        next_steps: ctx.text(r, Role::NextSteps),
        reporting_unit: unit,
        file: ctx.file.to_string(),
        sheet: ctx.grid.name.clone(),
        cell: ctx.grid.addr(r, c_no),
    });
    ctx.accepted = true;
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbered_names_and_headings() {
        use super::{is_numbered_heading, without_numbering};
        assert_eq!(
            without_numbering("1.新改建农村公路"),
            Some("新改建农村公路")
        );
        assert_eq!(
            without_numbering("12、新改建农村公路"),
            Some("新改建农村公路")
        );
        assert_eq!(
            without_numbering("（一）新改建农村公路"),
            Some("新改建农村公路")
        );
        assert_eq!(
            without_numbering("(3)新改建农村公路"),
            Some("新改建农村公路")
        );
        assert_eq!(without_numbering("①新改建农村公路"), Some("新改建农村公路"));
        assert_eq!(without_numbering("新改建农村公路"), None);
        assert_eq!(without_numbering("1."), None);
        assert!(is_numbered_heading("二、重点工作推进情况"));
        assert!(is_numbered_heading("（一）农村公路"));
        assert!(!is_numbered_heading("二"));
        assert!(!is_numbered_heading("7月"));
        assert!(!is_numbered_heading("一季度完成情况"));
    }

    #[test]
    fn item_numbers() {
        assert_eq!(super::item_no("17"), Some(17));
        assert_eq!(super::item_no("第17项"), Some(17));
        assert_eq!(super::item_no("17."), Some(17));
        assert_eq!(super::item_no("１７"), Some(17));
        assert_eq!(super::item_no("abc"), None);
    }

    #[test]
    fn unknown_indicators_get_the_closest_names_once_per_text() {
        let catalog = crate::catalog::Catalog::bundled().unwrap();
        let index = super::Index::new(&catalog);
        let hint = index.suggest("新建农村公路");
        assert!(
            hint.starts_with("；最接近的指标: T17-01 新改建农村公路"),
            "{hint}"
        );
        assert!(index.suggest("T17-1").contains("T17-01"), "a mistyped code");
        assert_eq!(index.suggest("xyz"), "", "nothing alike");
        assert_eq!(index.suggested.lock().unwrap().len(), 3);
        assert_eq!(
            index.suggest("新建农村公路"),
            hint,
            "the same text, the same hint"
        );
    }
}

//! Marked-up copies for the sender (退回修改): the sender's own workbook with each problem cell
//! filled (red for an error, amber for a warning) and explained in a comment, after a first sheet
//! 问题清单 listing every problem with a link to its cell.
//!
//! An .xlsx or .xlsm is edited with umya-spreadsheet rather than rebuilt, so its values, number
//! formats, merged cells, column widths, hidden rows and sheets survive as the sender made them.
//! Other formats (.xls, .xlsb, .ods, .csv) get an .xlsx made from the values read. Every cell
//! written here is text or a number, never a formula: a sender's `=HYPERLINK(…)` typed as text
//! stays text in the list.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use umya_spreadsheet::{
    Comment, OrientationValues, Spreadsheet, VerticalAlignmentValues, Worksheet,
};

use crate::error::{Error, Result, Severity};
use crate::ingest::cell::Cell;
use crate::ingest::workbook::{self, Grid, Limits};
use crate::ingest::{Diagnostic, FileReport};

/// The list sheet's name; `ingest` does not read a sheet of this name (a corrected copy sent
/// back keeps it).
pub const LIST_SHEET: &str = "问题清单";

/// Fill of a cell with an error (Excel's "bad" red) and with a warning (its "neutral" amber).
const ERROR_FILL: &str = "FFFFC7CE";
const WARNING_FILL: &str = "FFFFEB9C";
const HEADER_FILL: &str = "FFD9E1F2";
/// The list's message column, in display columns (a Chinese character is two).
const MESSAGE_WIDTH: usize = 68;

/// One copy written.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotated {
    /// The submission as named in its report.
    pub file: String,
    pub copy: PathBuf,
    /// Problems marked at a cell of a sheet.
    pub marked: usize,
    /// Problems of a sheet or of the whole file, listed only.
    pub listed: usize,
}

/// `DIR/<原文件名>_退回修改.xlsx` — `.xlsm` for a workbook with macros, which are kept (an .xlsx
/// holding them would not open in Excel) — and `_退回修改(2)` … for a second file of the same
/// name in this run (`taken`), which would otherwise overwrite the first.
pub fn copy_path(dir: &Path, source: &Path, macros: bool, taken: &[PathBuf]) -> PathBuf {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "报送表".into());
    let ext = if macros { "xlsm" } else { "xlsx" };
    (1..)
        .map(|i| match i {
            1 => dir.join(format!("{stem}_退回修改.{ext}")),
            i => dir.join(format!("{stem}_退回修改({i}).{ext}")),
        })
        .find(|p| !taken.contains(p))
        .unwrap_or_else(|| dir.join(format!("{stem}_退回修改.{ext}")))
}

/// Writes the marked-up copy of one read file into `dir`; none for a file without problems.
/// `taken` holds the copies written so far in this run, and gets this one.
pub fn annotate(
    report: &FileReport,
    source: &Path,
    bytes: &[u8],
    limits: &Limits,
    dir: &Path,
    taken: &mut Vec<PathBuf>,
) -> Result<Option<Annotated>> {
    if report.diagnostics.is_empty() {
        return Ok(None);
    }
    let mut book = open(source, bytes, limits);
    let (marked, listed) = mark(&mut book, &report.diagnostics);
    add_list(&mut book, &report.diagnostics)?;
    let copy = copy_path(dir, source, book.get_has_macros(), taken);
    taken.push(copy.clone());
    let mut out = Vec::new();
    umya_spreadsheet::writer::xlsx::write_writer(&book, &mut out)
        .map_err(|e| Error::Usage(format!("写出退回修改单 {} 失败: {e}", copy.display())))?;
    crate::output::write_atomic(&copy, &out)?;
    Ok(Some(Annotated {
        file: report.file.clone(),
        copy,
        marked,
        listed,
    }))
}

/// The sender's workbook: edited as it is when it is an xlsx that opens, else rebuilt from the
/// values ingest reads (an empty workbook when nothing can be read: the list still goes back).
fn open(source: &Path, bytes: &[u8], limits: &Limits) -> Spreadsheet {
    let ext = source
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xlsm") {
        if let Ok(book) = umya_spreadsheet::reader::xlsx::read_reader(Cursor::new(bytes), true) {
            return book;
        }
    }
    let grids = workbook::read_file(source, bytes, limits).unwrap_or_default();
    from_grids(&grids)
}

fn from_grids(grids: &[Grid]) -> Spreadsheet {
    let mut book = umya_spreadsheet::new_file_empty_worksheet();
    for g in grids {
        let Ok(ws) = book.new_sheet(g.name.as_str()) else {
            continue;
        };
        for (r, row) in g.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                put(ws, &g.addr(r, c), cell);
            }
        }
        if g.hidden {
            ws.set_sheet_state("hidden".into());
        }
    }
    book
}

/// A value as read: numbers stay numbers (and a CSV's text that is exactly a number becomes
/// one), everything else is text, never a formula.
fn put(ws: &mut Worksheet, addr: &str, cell: &Cell) {
    let plain_number = |s: &str| {
        s.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && crate::ingest::cell::format_number(*n) == s)
    };
    let number = match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(s) => plain_number(s),
        _ => None,
    };
    match (cell, number) {
        (Cell::Empty, _) => {}
        (_, Some(n)) => {
            ws.get_cell_mut(addr).set_value_number(n);
        }
        (other, None) => {
            ws.get_cell_mut(addr).set_value_string(other.raw());
        }
    }
}

/// Fills and comments every problem that has a cell in a sheet of the book; returns how many
/// problems were marked so, and how many have no cell there (listed only).
fn mark(book: &mut Spreadsheet, diags: &[Diagnostic]) -> (usize, usize) {
    let mut at: BTreeMap<&str, BTreeMap<&str, Vec<&Diagnostic>>> = BTreeMap::new();
    let mut listed = 0;
    for d in diags {
        let known =
            !d.cell.is_empty() && valid_cell(&d.cell) && book.get_sheet_by_name(&d.sheet).is_some();
        if known {
            let cells = at.entry(d.sheet.as_str()).or_default();
            cells.entry(d.cell.as_str()).or_default().push(d);
        } else {
            listed += 1;
        }
    }
    let mut marked = 0;
    for (sheet, cells) in at {
        let Some(ws) = book.get_sheet_by_name_mut(sheet) else {
            continue;
        };
        marked += mark_sheet(ws, &cells);
    }
    (marked, listed)
}

/// One sheet's marks. umya gives every cell it touches a column entry of default width, which
/// would override the sender's widths (a sheet with `defaultColWidth = 20` came back at 8.38):
/// the sender's column entries are put back as they were.
fn mark_sheet(ws: &mut Worksheet, cells: &BTreeMap<&str, Vec<&Diagnostic>>) -> usize {
    let columns = ws.get_column_dimensions().to_vec();
    // The sender's own comments, looked up once (a file of 10 000 problems was quadratic).
    let theirs: std::collections::HashSet<(u32, u32)> =
        (ws.get_comments().iter()).map(coordinate).collect();
    let mut marked = 0;
    for (cell, ds) in cells {
        let worst = if ds.iter().any(|d| d.severity == Severity::Error) {
            ERROR_FILL
        } else {
            WARNING_FILL
        };
        ws.get_style_mut(*cell).set_background_color(worst);
        comment(ws, cell, &note(ds), &theirs);
        marked += ds.len();
    }
    let kept = ws.get_column_dimensions_mut();
    kept.clear();
    kept.extend(columns);
    marked
}

fn coordinate(c: &Comment) -> (u32, u32) {
    (
        *c.get_coordinate().get_col_num(),
        *c.get_coordinate().get_row_num(),
    )
}

/// An A1 address ingest gives (`F7`): letters then a row number.
fn valid_cell(cell: &str) -> bool {
    let letters = cell.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = &cell[letters..];
    (1..=3).contains(&letters)
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// The comment text: each problem with its severity and what to do.
fn note(ds: &[&Diagnostic]) -> String {
    ds.iter()
        .map(|d| format!("【{}】{}", severity_zh(d.severity), d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    }
}

/// Puts our note in the cell's comment; a sender's own comment there is kept above ours, in one
/// plain text (a comment holding both a text and runs showed the sender's words twice).
fn comment(
    ws: &mut Worksheet,
    cell: &str,
    text: &str,
    theirs: &std::collections::HashSet<(u32, u32)>,
) {
    let mut c = Comment::default();
    c.new_comment(cell);
    let at = coordinate(&c);
    let existing = theirs
        .contains(&at)
        .then(|| {
            ws.get_comments_mut()
                .iter_mut()
                .find(|x| coordinate(x) == at)
        })
        .flatten();
    match existing {
        Some(x) => {
            let merged = format!("{}\n—— 统计部门校验 ——\n{text}", comment_text(x));
            x.get_text_mut().remove_rich_text();
            x.set_text_string(merged);
        }
        None => {
            c.set_author("dabiao 校验").set_text_string(text);
            ws.add_comments(c);
        }
    }
}

/// A comment's words: its runs joined, or its plain text. umya-spreadsheet does not give the
/// plain text out (its `Text` is crate-private), so it is read from the value's debug form,
/// `Text { value: "…" }`, whose escapes are undone here.
fn comment_text(c: &Comment) -> String {
    if let Some(r) = c.get_text().get_rich_text() {
        return r.get_text().to_string();
    }
    let debug = format!("{:?}", c.get_text());
    debug
        .split_once("Text { value: \"")
        .map(|(_, rest)| unescape_debug(rest))
        .unwrap_or_default()
}

/// A Rust debug string literal's contents up to its closing quote.
fn unescape_debug(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some('u') => {
                    let hex: String = chars
                        .by_ref()
                        .skip_while(|c| *c == '{')
                        .take_while(|c| *c != '}')
                        .collect();
                    out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                }
                Some(other) => out.push(other),
                None => break,
            },
            c => out.push(c),
        }
    }
    out
}

const LIST_HEADER: [&str; 7] = [
    "序号",
    "工作表",
    "单元格",
    "严重程度",
    "问题代码",
    "问题说明",
    "原始值",
];

/// The first sheet: every cell problem with a link to its cell, then the sheet and file
/// problems, then where the instructions and the template are.
fn add_list(book: &mut Spreadsheet, diags: &[Diagnostic]) -> Result<()> {
    let name = free_name(book);
    let (cell_probs, file_probs): (Vec<&Diagnostic>, Vec<&Diagnostic>) = diags
        .iter()
        .partition(|d| !d.cell.is_empty() && valid_cell(&d.cell));
    let sheets: Vec<String> = book
        .get_sheet_collection_no_check()
        .iter()
        .map(|w| w.get_name().to_string())
        .collect();
    let hidden: Vec<Option<&str>> = cell_probs.iter().map(|d| hidden_at(book, d)).collect();
    let ws = book
        .new_sheet(name.as_str())
        .map_err(|e| Error::Usage(format!("无法加入“{name}”工作表: {e}")))?;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    ws.get_cell_mut("A1").set_value_string(format!(
        "退回修改：共 {} 个问题（错误 {errors} 个，警告 {} 个）。标红的单元格须改正，标黄的请核实；批注写明了原因与改法。",
        diags.len(),
        diags.len() - errors
    ));
    for (i, h) in LIST_HEADER.iter().enumerate() {
        let a = workbook::a1(2, i);
        ws.get_cell_mut(a.as_str()).set_value_string(*h);
        ws.get_style_mut(a.as_str())
            .set_background_color(HEADER_FILL);
    }
    let mut row = 3;
    for (n, d) in cell_probs.iter().chain(&file_probs).enumerate() {
        let has_cell = n < cell_probs.len() && sheets.contains(&d.sheet);
        list_row(
            ws,
            row,
            n + 1,
            d,
            has_cell,
            hidden.get(n).copied().flatten(),
        );
        row += 1;
    }
    row += 1;
    ws.get_cell_mut(workbook::a1(row, 0).as_str()).set_value_string(
        "改正后请按原文件名加“_更正”重新报送。各栏填法见填报模板的“填报说明”工作表；如需空白模板，请向市统计部门索取（dabiao template --unit 本单位 --period 报告期）。",
    );
    for (col, width) in ["A", "B", "C", "D", "E", "F", "G"].iter().zip([
        6.0,
        20.0,
        16.0,
        9.0,
        20.0,
        MESSAGE_WIDTH as f64 + 2.0,
        18.0,
    ]) {
        ws.get_column_dimension_mut(col).set_width(width);
    }
    // Printable as it is: landscape, scaled to one page width, messages wrapped.
    ws.get_page_setup_mut()
        .set_orientation(OrientationValues::Landscape)
        .set_scale(75);
    for r in 3..row {
        let a = workbook::a1(r, 5);
        ws.get_style_mut(a.as_str())
            .get_alignment_mut()
            .set_wrap_text(true);
    }
    // The list first: moved to the front and opened there.
    let all = book.get_sheet_collection_mut();
    if let Some(list) = all.pop() {
        all.insert(0, list);
    }
    book.set_active_sheet(0);
    Ok(())
}

/// Where a problem cell cannot be seen: on a hidden sheet, or in a hidden row.
fn hidden_at(book: &Spreadsheet, d: &Diagnostic) -> Option<&'static str> {
    let ws = book.get_sheet_by_name(&d.sheet)?;
    if matches!(ws.get_sheet_state(), "hidden" | "veryHidden") {
        return Some("（在隐藏的工作表中）");
    }
    let row: u32 = d
        .cell
        .trim_start_matches(|c: char| c.is_ascii_uppercase())
        .parse()
        .ok()?;
    let hidden = ws.get_row_dimension(&row).is_some_and(|r| *r.get_hidden());
    hidden.then_some("（在隐藏行中）")
}

fn list_row(
    ws: &mut Worksheet,
    row: usize,
    n: usize,
    d: &Diagnostic,
    link: bool,
    hidden: Option<&str>,
) {
    let cells = [
        String::new(),
        d.sheet.clone(),
        if d.cell.is_empty() {
            "—".into()
        } else {
            format!("{}{}", d.cell, hidden.unwrap_or_default())
        },
        severity_zh(d.severity).to_string(),
        d.code.clone(),
        d.message.clone(),
        d.raw.clone(),
    ];
    for (c, v) in cells.into_iter().enumerate() {
        let a = workbook::a1(row, c);
        ws.get_cell_mut(a.as_str()).set_value_string(v);
        (ws.get_style_mut(a.as_str()).get_alignment_mut())
            .set_vertical(VerticalAlignmentValues::Top);
    }
    ws.get_cell_mut(workbook::a1(row, 0).as_str())
        .set_value_number(n as f64);
    let fill = match d.severity {
        Severity::Error => ERROR_FILL,
        Severity::Warning => WARNING_FILL,
    };
    ws.get_style_mut(workbook::a1(row, 3).as_str())
        .set_background_color(fill);
    // A wrapped message needs its lines: no reader grows a row for it by itself.
    let lines = unicode_width::UnicodeWidthStr::width(d.message.as_str()).div_ceil(MESSAGE_WIDTH);
    if lines > 1 {
        (ws.get_row_dimension_mut(&(row as u32 + 1)))
            .set_height(15.0 * lines as f64)
            .set_custom_height(true);
    }
    if link {
        let target = format!("'{}'!{}", d.sheet.replace('\'', "''"), d.cell);
        ws.get_cell_mut(workbook::a1(row, 2).as_str())
            .get_hyperlink_mut()
            .set_url(target)
            .set_location(true);
    }
}

/// `问题清单`, or `问题清单2` … when the sender's workbook already has one.
fn free_name(book: &Spreadsheet) -> String {
    let taken = |n: &str| {
        book.get_sheet_collection_no_check()
            .iter()
            .any(|w| w.get_name() == n)
    };
    (1..)
        .map(|i| {
            if i == 1 {
                LIST_SHEET.to_string()
            } else {
                format!("{LIST_SHEET}{i}")
            }
        })
        .find(|n| !taken(n))
        .unwrap_or_else(|| LIST_SHEET.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_comment_is_read_back_whole() {
        // A sender's comment saved as plain text (openpyxl, LibreOffice), not runs.
        let mut c = Comment::default();
        c.new_comment("G5");
        c.set_text_string("我方说明：\"口径\"待定\n\t第二行 \\ 完");
        assert_eq!(comment_text(&c), "我方说明：\"口径\"待定\n\t第二行 \\ 完");
    }

    #[test]
    fn debug_escapes_are_undone() {
        assert_eq!(unescape_debug("a\\u{1}b\\\"c\" tail"), "a\u{1}b\"c");
    }
}

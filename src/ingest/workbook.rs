//! Reading files into sheets of `Cell`s: every workbook format calamine knows, and CSV in UTF-8,
//! UTF-8 with BOM or GBK/GB18030. Merged cells are filled so every covered cell carries the
//! merged value. Size limits guard against zip bombs and runaway sheets.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, DataRef, Reader, SheetVisible, Sheets};

use super::cell::Cell;
use super::xlsx_merges::Marks;

/// Limits that keep a hostile or broken file from exhausting memory; `[limits]` in dabiao.toml.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest total uncompressed size of a zip-based workbook, in bytes.
    pub max_unzipped_bytes: u64,
    /// Most cells (rows × columns of the used range) read from one sheet. Reading holds ≈ 140
    /// bytes a cell (a CSV of a million rows × 4 columns took 560 MB), so the default of 5 M
    /// keeps one file under ≈ 0.7 GB; a monthly submission has a few thousand.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 << 20,
            max_unzipped_bytes: 1 << 30,
            max_cells: 5_000_000,
        }
    }
}

/// One sheet as a rectangle of cells; `origin` is the (row, col) of `rows[0][0]` in the sheet.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub hidden: bool,
    pub origin: (u32, u32),
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    pub fn get(&self, r: usize, c: usize) -> &Cell {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&Cell::Empty)
    }

    /// A1 address of a cell of this grid.
    pub fn addr(&self, r: usize, c: usize) -> String {
        a1(self.origin.0 as usize + r, self.origin.1 as usize + c)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Zero-based (row, col) → `F7`.
pub fn a1(row: usize, col: usize) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push((b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// Why a whole file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    pub code: &'static str,
    pub message: String,
}

fn file_error(code: &'static str, message: impl Into<String>) -> FileError {
    FileError {
        code,
        message: message.into(),
    }
}

/// Reads every sheet of a file.
pub fn read_file(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Vec<Grid>, FileError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(file_error(
            "too_large",
            format!(
                "文件大小 {} 字节超过上限 {} 字节",
                bytes.len(),
                limits.max_file_bytes
            ),
        ));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => Ok(vec![read_csv(path, bytes, limits)?]),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(bytes, &ext, limits),
        _ => Err(file_error(
            "unsupported",
            format!("不支持的文件类型“.{ext}”（支持 xlsx xlsm xlsb xls ods csv）"),
        )),
    }
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), else GB18030.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_csv(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Grid, FileError> {
    let text = decode_text(bytes);
    // Guess the delimiter from the first lines, not the first alone: a title line has none.
    // Ties go to the comma.
    let head: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    let count = |d: u8| {
        head.iter()
            .map(|l| l.bytes().filter(|b| *b == d).count())
            .sum::<usize>()
    };
    let mut delimiter = b',';
    for d in [b'\t', b';'] {
        if count(d) > count(delimiter) {
            delimiter = d;
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells: u64 = 0;
    for rec in reader.records() {
        let rec = rec.map_err(|e| file_error("bad_csv", format!("CSV 格式错误: {e}")))?;
        cells += rec.len() as u64;
        if cells > limits.max_cells {
            return Err(file_error(
                "too_large",
                format!(
                    "CSV 在第 {} 行超过单元格上限 {}",
                    rows.len() + 1,
                    limits.max_cells
                ),
            ));
        }
        rows.push(
            rec.iter()
                .map(|s| {
                    if s.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Grid {
        name,
        hidden: false,
        origin: (0, 0),
        rows,
    })
}

/// Refuses encrypted archives and archives that declare more than the limit. What an entry
/// declares also bounds what it can inflate to: the zip reader calamine uses (zip ≥ 9) stops an
/// entry at its declared size with an error ("larger than its declared uncompressed size"), which
/// [`calamine_error`] reports as a zip bomb. So a hostile archive that lies about its sizes gets no
/// further than an honest one, and no entry is inflated twice.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), FileError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| file_error("corrupt", format!("文件已损坏或不是有效的表格文件（{e}）")))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| file_error("corrupt", format!("压缩包条目损坏: {e}")))?;
        if entry.encrypted() {
            return Err(file_error(
                "encrypted",
                "文件有密码保护，请去掉密码后再报送",
            ));
        }
        total = total.saturating_add(entry.size());
    }
    if total > limits.max_unzipped_bytes {
        return Err(file_error(
            "too_large",
            format!(
                "解压后大小 {total} 字节超过上限 {} 字节（疑似压缩炸弹），已拒绝",
                limits.max_unzipped_bytes
            ),
        ));
    }
    Ok(())
}

/// A calamine error while reading `what`. An archive entry that inflates past the size it
/// declares is a zip bomb (see [`check_zip`]), anything else a damaged file.
fn calamine_error(what: &str, e: impl std::fmt::Display) -> FileError {
    let e = e.to_string();
    if e.contains("larger than its declared") {
        file_error(
            "too_large",
            format!("{what}：压缩包条目解压后超过其声明的大小（疑似压缩炸弹），已拒绝"),
        )
    } else {
        file_error("corrupt", format!("{what}: {e}"))
    }
}

/// calamine's .ods reader loops until it meets the end tag it waits for and does not stop at the
/// end of the document: a `content.xml` cut off or garbled inside a table (a truncated or
/// hand-edited file) made it spin forever, hanging the whole run. A well-formed document ends
/// everything it starts, so only well-formed content is passed on; the rest is refused as
/// corrupt. Found by the `workbook` fuzz target.
fn ods_well_formed(bytes: &[u8]) -> Result<(), FileError> {
    use quick_xml::events::Event;
    let corrupt = |e: String| {
        file_error(
            "corrupt",
            format!("文件已损坏：content.xml 不是完整的 XML（{e}）"),
        )
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(()); // calamine says what is missing
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    reader.config_mut().check_end_names = true;
    let mut depth: u64 = 0;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) if depth == 0 => return Ok(()),
            Ok(Event::Eof) => return Err(corrupt(format!("{depth} 个元素没有结束"))),
            Err(e) => return Err(corrupt(e.to_string())),
            Ok(_) => {}
        }
        buf.clear();
    }
}

fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// What calamine trusts in an .xls, checked before it opens the file (it reads every sheet at
/// open): the compound file's sector chains, which it follows without a cycle check
/// ([`cfb_check`](super::cfb_check)), and the size it allocates each sheet at
/// ([`biff_check`](super::biff_check)). Both were ways for a few-KB file to take the whole
/// process down. Gives the percent-formatted cells of each sheet
/// ([`biff_percent`](super::biff_percent)), read from the same stream.
fn check_xls(bytes: &[u8], limits: &Limits) -> Result<Percent, FileError> {
    use super::biff_check::Oversize;
    let broken = |e: super::cfb_check::Broken| {
        file_error(
            "corrupt",
            format!(
                "文件结构损坏：OLE 扇区链循环或越界（{e}；可能是损坏或恶意构造的 .xls），\
                 请让报送单位重新另存为 .xlsx"
            ),
        )
    };
    let Some(file) = super::cfb_check::check(bytes).map_err(broken)? else {
        return Ok(Percent::new());
    };
    let Some(stream) = file.workbook().map_err(broken)? else {
        return Ok(Percent::new());
    };
    super::biff_check::check(&stream, limits.max_cells).map_err(|o| match o {
        Oversize::Declared { sheet, rows, cols } => file_error(
            "corrupt",
            format!(
                "文件结构损坏：第 {sheet} 个工作表声明的范围为 {rows} 行 × {cols} 列，\
                 超过 .xls 工作表的最大范围（65536 行 × 256 列），请让报送单位重新另存为 .xlsx"
            ),
        ),
        Oversize::Cells { sheet, rows, cols } => file_error(
            "too_large",
            format!(
                "第 {sheet} 个工作表的数据范围至少 {rows} 行 × {cols} 列，超过单元格上限 {}",
                limits.max_cells
            ),
        ),
    })?;
    Ok(super::biff_percent::cells(&stream))
}

/// Percent-formatted cells per sheet name, zero-based (row, column).
type Percent = HashMap<String, Vec<(u32, u32)>>;

fn read_workbook(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Vec<Grid>, FileError> {
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let mut xls_percent = Percent::new();
    if is_zip {
        check_zip(bytes, limits)?;
    } else if is_ole(bytes) && ext != "xls" {
        // An encrypted xlsx is an OLE container holding the encrypted package.
        return Err(file_error(
            "encrypted",
            "文件有密码保护（或是另存为的旧版 .xls），请去掉密码或另存为 .xlsx 后再报送",
        ));
    } else if bytes.is_empty() {
        return Err(file_error(
            "empty_file",
            "文件是空的（0 字节）：可能没有保存完或传输中断，请重新保存后再报送",
        ));
    } else if !is_ole(bytes) {
        return Err(file_error(
            "not_spreadsheet",
            format!("文件内容不是 .{ext} 表格（可能是改了扩展名的其他文件）"),
        ));
    } else {
        xls_percent = check_xls(bytes, limits)?;
    }
    if ext == "ods" && is_zip {
        ods_well_formed(bytes)?;
    }
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| calamine_error("无法打开工作簿", e))?;
    let sheets = wb.sheets_metadata().to_vec();
    // calamine does not report an .ods file's merged cells, and finds an .xlsx's by parsing
    // each sheet again: both are found by scanning the XML instead, with the cells formatted as
    // percentages. Sheets not found there (and every .xls sheet) are left to calamine.
    let mut marks: HashMap<String, Marks> = match wb {
        Sheets::Ods(_) => super::ods_merges::marks(bytes),
        Sheets::Xlsx(_) => super::xlsx_merges::marks(bytes).unwrap_or_default(),
        _ => HashMap::new(),
    };
    let mut grids = Vec::new();
    for sheet in sheets {
        let mut grid = read_sheet(&mut wb, &sheet.name, limits)?;
        grid.hidden = sheet.visible != SheetVisible::Visible;
        let (regions, percent) = match marks.remove(&sheet.name) {
            Some(m) => (m.merges, m.percent),
            None => (
                merged_regions(&mut wb, &sheet.name),
                xls_percent.remove(&sheet.name).unwrap_or_default(),
            ),
        };
        show_percent(&mut grid, &percent);
        fill_merged(&mut grid, &regions);
        grids.push(grid);
    }
    Ok(grids)
}

/// A cell read from a file, with its zero-based (row, col).
type Placed<T> = ((u32, u32), T);

/// One sheet's cells. calamine sizes an xlsx/xlsb sheet from its outermost cells and allocates
/// rows × columns at once, so a file of a few hundred bytes with one cell in A1 and one in
/// XFD1048576 asked for 17 billion cells and aborted the process. These two formats are read cell
/// by cell here and refused as soon as the bounding box passes `max_cells`, before anything that
/// size is allocated; the other formats are checked after reading, as before. Formula texts are
/// kept for cells whose result was never saved (read in the same pass for xlsx).
fn read_sheet<RS: Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Grid, FileError> {
    let what = format!("无法读取工作表“{name}”");
    let fail = |e: String| calamine_error(&what, e);
    let mut grid = match wb {
        Sheets::Xlsx(x) => {
            let mut cells = match x.worksheet_cells_reader(name) {
                Ok(r) => r,
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(grid_of(name, Vec::new())),
                Err(e) => return Err(fail(e.to_string())),
            };
            let cells = bounded(name, limits, || {
                cells
                    .next_cell_with_formula()
                    .map(|c| c.map(xlsx_cell))
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| e.unwrap_or_else(fail))?;
            return Ok(grid_of(name, cells));
        }
        Sheets::Xlsb(x) => {
            let mut cells = x
                .worksheet_cells_reader(name)
                .map_err(|e| fail(e.to_string()))?;
            let cells = bounded(name, limits, || {
                cells
                    .next_cell()
                    .map(|c| c.map(|c| value_cell(c.get_position(), c.get_value().clone())))
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| e.unwrap_or_else(fail))?;
            grid_of(name, cells)
        }
        _ => {
            let range = wb.worksheet_range(name).map_err(|e| fail(e.to_string()))?;
            let (h, w) = range.get_size();
            if (h as u64).saturating_mul(w as u64) > limits.max_cells {
                return Err(file_error(
                    "too_large",
                    format!(
                        "工作表“{name}”有 {h} 行 × {w} 列，超过单元格上限 {}",
                        limits.max_cells
                    ),
                ));
            }
            to_grid(name, &range)
        }
    };
    if grid.rows.iter().flatten().any(|c| *c == Cell::Empty) {
        add_formulas(&mut grid, sheet_formulas(wb, name, limits));
    }
    Ok(grid)
}

/// An xlsx cell with its value, or its formula when no result was saved; nothing for a blank.
fn xlsx_cell(c: calamine::XlsxCellFormula<'_>) -> Option<Placed<Cell>> {
    match (c.value, c.formula) {
        (DataRef::Empty, Some(f)) if !f.is_empty() => Some((c.pos, Cell::FormulaNoValue(f))),
        (v, _) => value_cell(c.pos, v),
    }
}

fn value_cell(pos: (u32, u32), v: DataRef<'_>) -> Option<Placed<Cell>> {
    (v != DataRef::Empty).then(|| (pos, to_cell(Data::from(v))))
}

/// Formula texts of an xlsb/xls/ods sheet, for cells without a saved value; bounded as
/// [`read_sheet`]. Nothing when they cannot be read or would be too large.
fn sheet_formulas<RS: Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
    limits: &Limits,
) -> Vec<Placed<String>> {
    let text = |c: calamine::Cell<String>| {
        (!c.get_value().is_empty()).then(|| (c.get_position(), c.get_value().clone()))
    };
    match wb {
        Sheets::Xlsb(x) => {
            let Ok(mut cells) = x.worksheet_cells_reader(name) else {
                return Vec::new();
            };
            bounded(name, limits, || {
                cells
                    .next_formula()
                    .map(|c| c.map(text))
                    .map_err(|e| e.to_string())
            })
            .unwrap_or_default()
        }
        _ => wb
            .worksheet_formula(name)
            .map(|f| {
                let (r0, c0) = f.start().unwrap_or((0, 0));
                f.used_cells()
                    .filter(|(_, _, t)| !t.is_empty())
                    .map(|(r, c, t)| ((r0 + r as u32, c0 + c as u32), t.clone()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Collects cells from `next` (`Some(None)` is a cell to skip), refusing the sheet once the
/// cells' bounding box holds more than `max_cells`. A reading error comes back as `Err(Err(text))`
/// for the caller to word.
fn bounded<T>(
    name: &str,
    limits: &Limits,
    mut next: impl FnMut() -> Result<Option<Option<Placed<T>>>, String>,
) -> Result<Vec<Placed<T>>, Result<FileError, String>> {
    let mut cells = Vec::new();
    let (mut lo, mut hi) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    while let Some(cell) = next().map_err(Err)? {
        let Some(cell) = cell else { continue };
        let (r, c) = cell.0;
        lo = (lo.0.min(r), lo.1.min(c));
        hi = (hi.0.max(r), hi.1.max(c));
        let (h, w) = (u64::from(hi.0 - lo.0) + 1, u64::from(hi.1 - lo.1) + 1);
        if h.saturating_mul(w) > limits.max_cells {
            return Err(Ok(file_error(
                "too_large",
                format!(
                    "工作表“{name}”的数据范围至少 {h} 行 × {w} 列，超过单元格上限 {}",
                    limits.max_cells
                ),
            )));
        }
        // The same cell may be written again and again: count the cells, not only the box.
        if cells.len() as u64 >= limits.max_cells {
            return Err(Ok(file_error(
                "too_large",
                format!("工作表“{name}”的单元格超过上限 {}", limits.max_cells),
            )));
        }
        cells.push(cell);
    }
    Ok(cells)
}

/// The cells placed in their bounding box (a later cell at the same place wins, as in calamine).
fn grid_of(name: &str, cells: Vec<Placed<Cell>>) -> Grid {
    let lo = cells.iter().fold((u32::MAX, u32::MAX), |a, (p, _)| {
        (a.0.min(p.0), a.1.min(p.1))
    });
    let hi = cells
        .iter()
        .fold((0, 0), |a, (p, _)| (a.0.max(p.0), a.1.max(p.1)));
    let (origin, mut rows) = if cells.is_empty() {
        ((0, 0), Vec::new())
    } else {
        let (h, w) = ((hi.0 - lo.0) as usize + 1, (hi.1 - lo.1) as usize + 1);
        (lo, vec![vec![Cell::Empty; w]; h])
    };
    for ((r, c), cell) in cells {
        rows[(r - lo.0) as usize][(c - lo.1) as usize] = cell;
    }
    Grid {
        name: name.to_string(),
        hidden: false,
        origin,
        rows,
    }
}

fn to_cell(d: Data) -> Cell {
    match d {
        Data::Int(i) => Cell::Number(i as f64),
        Data::Float(f) => Cell::Number(f),
        Data::String(s) => Cell::Text(s),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(i32::from(y), u32::from(m), u32::from(d))
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => super::period::parse_text(&s, None)
            .map_or_else(|| Cell::Text(s), |p| Cell::Date(p.year, p.month, 1)),
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

fn to_grid(name: &str, range: &calamine::Range<Data>) -> Grid {
    Grid {
        name: name.to_string(),
        hidden: false,
        origin: range.start().unwrap_or((0, 0)),
        rows: range
            .rows()
            .map(|r| r.iter().cloned().map(to_cell).collect())
            .collect(),
    }
}

/// Marks empty cells whose formula result was never saved; a formula outside the grid (a sheet
/// with formulas only there) grows it, within the sheet's bounds.
fn add_formulas(grid: &mut Grid, formulas: Vec<Placed<String>>) {
    let (or, oc) = (grid.origin.0 as usize, grid.origin.1 as usize);
    let rows = &mut grid.rows;
    for ((r, c), text) in formulas {
        let (gr, gc) = ((r as usize).wrapping_sub(or), (c as usize).wrapping_sub(oc));
        match rows.get_mut(gr).and_then(|row| row.get_mut(gc)) {
            Some(cell @ Cell::Empty) => *cell = Cell::FormulaNoValue(text),
            Some(_) => {}
            None if gr < 1_000_000 && gc < 16_384 => {
                if rows.len() <= gr {
                    rows.resize(gr + 1, Vec::new());
                }
                let row = &mut rows[gr];
                if row.len() <= gc {
                    row.resize(gc + 1, Cell::Empty);
                }
                row[gc] = Cell::FormulaNoValue(text);
            }
            None => {}
        }
    }
}

type Region = ((u32, u32), (u32, u32));

fn merged_regions<RS: Read + std::io::Seek>(wb: &mut Sheets<RS>, sheet: &str) -> Vec<Region> {
    let dims = match wb {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        #[allow(deprecated)]
        Sheets::Xls(x) => x.worksheet_merge_cells(sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.into_iter().map(|d| (d.start, d.end)).collect()
}

/// A number in a cell formatted as a percentage reads as the sender sees it: 0.92 → `92%`, so
/// that a % indicator gets 92 and any other indicator a unit mismatch.
fn show_percent(grid: &mut Grid, cells: &[(u32, u32)]) {
    let (or, oc) = grid.origin;
    for &(r, c) in cells {
        let (Some(r), Some(c)) = (r.checked_sub(or), c.checked_sub(oc)) else {
            continue;
        };
        if let Some(cell) = grid
            .rows
            .get_mut(r as usize)
            .and_then(|row| row.get_mut(c as usize))
        {
            if let Cell::Number(v) = *cell {
                // Rounded so that 0.925 shows as 92.5, not 92.50000000000001.
                let shown = (v * 100.0 * 1e9).round() / 1e9;
                *cell = Cell::Text(format!("{shown}%"));
            }
        }
    }
}

/// Copies each merged region's top-left value into every cell it covers. Regions come from the
/// file and are not trusted: reversed or huge corners are clipped to the grid (they made the size
/// check overflow), and the total work is bounded so that thousands of overlapping regions cannot
/// hang the reader.
pub fn fill_merged(grid: &mut Grid, regions: &[Region]) {
    let (or, oc) = (i64::from(grid.origin.0), i64::from(grid.origin.1));
    let (rows, width) = (grid.rows.len() as i64, grid.width() as i64);
    let mut budget: i64 = 20_000_000;
    for &((r0, c0), (r1, c1)) in regions {
        let (gr0, gc0) = (i64::from(r0) - or, i64::from(c0) - oc);
        // Clipped to the grid, in grid coordinates.
        let (gr1, gc1) = (
            (i64::from(r1) - or).min(rows - 1),
            (i64::from(c1) - oc).min(width - 1),
        );
        if gr0 < 0 || gc0 < 0 || gr1 < gr0 || gc1 < gc0 {
            continue;
        }
        budget -= (gr1 - gr0 + 1) * (gc1 - gc0 + 1);
        if budget < 0 {
            return;
        }
        let value = grid.get(gr0 as usize, gc0 as usize).clone();
        if value == Cell::Empty {
            continue;
        }
        for gr in gr0..=gr1 {
            let Some(row) = grid.rows.get_mut(gr as usize) else {
                continue;
            };
            for gc in gc0..=gc1 {
                if let Some(cell @ Cell::Empty) = row.get_mut(gc as usize) {
                    *cell = value.clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_addresses() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 5), "F7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 16383), "XFD10");
    }

    #[test]
    fn gbk_csv_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("指标编码,区域\nT17-01,华容区\n");
        assert!(decode_text(&bytes).contains("华容区"));
        assert_eq!(decode_text("\u{feff}a,b".as_bytes()), "a,b");
    }

    #[test]
    fn merged_values_fill_covered_cells() {
        let mut g = Grid {
            name: "s".into(),
            hidden: false,
            origin: (1, 0),
            rows: vec![
                vec![Cell::Text("华容区".into())],
                vec![Cell::Empty],
                vec![Cell::Empty],
            ],
        };
        fill_merged(&mut g, &[((1, 0), (3, 0))]);
        assert_eq!(g.get(2, 0), &Cell::Text("华容区".into()));
        assert_eq!(g.addr(2, 0), "A4");
    }

    /// Regression: merge corners come from the file; reversed ones (`B5:A1`) underflowed `u32`
    /// (a panic in debug builds), and `XFD1048576`-sized ones are clipped, not walked.
    #[test]
    fn hostile_merged_regions_are_clipped_not_trusted() {
        let mut g = Grid {
            name: "s".into(),
            hidden: false,
            origin: (0, 0),
            rows: vec![
                vec![Cell::Text("x".into()), Cell::Empty],
                vec![Cell::Empty; 2],
            ],
        };
        fill_merged(
            &mut g,
            &[
                ((4, 1), (0, 0)),
                ((0, 0), (u32::MAX, u32::MAX)),
                ((u32::MAX, u32::MAX), (u32::MAX, u32::MAX)),
            ],
        );
        assert_eq!(g.rows, vec![vec![Cell::Text("x".into()); 2]; 2]);
    }
}

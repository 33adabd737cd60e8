//! The report as a workbook: a summary sheet, one sheet per section, the accountability sheets,
//! and a data sheet with the whole progress table.
//!
//! Every sheet has a title row, a bold header row that stays frozen and repeats on printed
//! pages, columns sized for Chinese (two columns per CJK character), and A4 page setup fitted
//! to the page width. Statuses carry traffic-light conditional formats (so an edited status
//! recolours), and completion cells take the colour of their row's status. Text is always
//! written with `write_string`: a cell holding `=HYPERLINK(…)` or `=1+1` stays text.

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatFormula, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::doc::{self, Block, Cell, Table};
use super::labels::{class_colors, words};
use super::{Exporter, Lang, Layout, ReportData};
use crate::error::Result;
use crate::text::display_width;

pub struct XlsxExporter {
    pub layout: Layout,
}

/// Widest a column gets, in Excel character units; longer text wraps.
const MAX_WIDTH: f64 = 46.0;
/// Columns the summary's paragraphs are merged across.
const SUMMARY_COLS: u16 = 8;

struct Styles {
    title: Format,
    meta: Format,
    header: Format,
    text: Format,
    wrap: Format,
    int: Format,
    pct: Format,
    pp: Format,
    para: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name("等线")
            .set_font_size(10)
            .set_align(FormatAlign::Top);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            meta: base.clone().set_font_color("#595959"),
            header: cell
                .clone()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap(),
            int: cell.clone().set_num_format("0"),
            pct: cell.clone().set_num_format("0.0%"),
            pp: cell.clone().set_num_format("+0.0;-0.0;0.0"),
            para: base.set_text_wrap(),
        }
    }

    /// A number shown with its unit of measure (`50 公里`), still a number to Excel.
    fn num(&self, unit: &str) -> Format {
        let unit: String = unit.chars().filter(|c| *c != '"' && *c != '\\').collect();
        let f = if unit.is_empty() {
            "General".to_string()
        } else if unit == "%" || unit == "‰" {
            format!("General\"{unit}\"")
        } else {
            format!("General\" {unit}\"")
        };
        self.text.clone().set_num_format(f)
    }
}

/// A valid, unique sheet name: no `[]:*?/\`, at most 31 characters.
fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = clean.chars().take(31).collect();
    let mut name = if base.is_empty() {
        "Sheet".to_string()
    } else {
        base.clone()
    };
    let mut n = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        let suffix = format!("({n})");
        name = format!(
            "{}{suffix}",
            base.chars().take(31 - suffix.len()).collect::<String>()
        );
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Excel column width for text: CJK characters take two units.
fn width_of(s: &str) -> f64 {
    s.lines().map(display_width).max().unwrap_or(0) as f64 * 1.1 + 2.0
}

fn col_letter(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = String::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.insert(0, (b'A' + r) as char);
        n = (n - 1) / 26;
    }
    s
}

struct Book {
    wb: Workbook,
    used: Vec<String>,
}

impl Book {
    fn sheet(&mut self, name: &str) -> Result<&mut Worksheet> {
        let name = sheet_name(name, &mut self.used);
        let ws = self.wb.add_worksheet();
        ws.set_name(&name)?;
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        Ok(ws)
    }
}

/// 图表: each chart drawn as PNG, one under another with its caption; none without PNGs.
fn chart_sheet(book: &mut Book, d: &ReportData, lang: Lang) -> Result<()> {
    let drawn: Vec<(usize, &super::Chart, &Vec<u8>)> = (d.charts.iter().enumerate())
        .filter_map(|(i, c)| Some((i + 1, c, c.png.as_ref()?)))
        .collect();
    if drawn.is_empty() {
        return Ok(());
    }
    let ws = book.sheet(words(lang).charts)?;
    ws.set_column_width(0, 120)?;
    // Rows of the default 20 px; a chart 1 000 px wide is scaled to 840.
    let mut row = 0u32;
    for (no, chart, png) in drawn {
        ws.write_string(row, 0, super::labels::figure(no, &chart.title, lang))?;
        let img = rust_xlsxwriter::Image::new_from_buffer(png)?;
        let scale = (840.0 / img.width()).min(1.0);
        let img = img.set_scale_width(scale).set_scale_height(scale);
        ws.insert_image(row + 1, 0, &img)?;
        row += 3 + (img.height() * scale / 20.0).ceil() as u32;
    }
    Ok(())
}

/// Writes a sheet holding one table under a title and an optional note.
fn table_sheet(
    book: &mut Book,
    name: &str,
    title: &str,
    note: Option<&str>,
    t: &Table,
    landscape: bool,
) -> Result<()> {
    let st = Styles::new();
    let ws = book.sheet(name)?;
    if landscape {
        ws.set_landscape();
    }
    ws.write_string_with_format(0, 0, title, &st.title)?;
    ws.set_row_height(0, 22)?;
    if let Some(n) = note {
        ws.write_string_with_format(1, 0, n, &st.meta)?;
    }
    let header_row = 2;
    write_table(ws, &st, header_row, t)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// Writes a table with its header at `row`; returns the row after it.
fn write_table(ws: &mut Worksheet, st: &Styles, row: u32, t: &Table) -> Result<u32> {
    // Widths first, so that rows holding wrapped text can be given the height it needs (neither
    // Excel nor LibreOffice grows a row on opening the file).
    let mut widths: Vec<f64> = t.headers.iter().map(|h| width_of(h).min(16.0)).collect();
    for r in &t.rows {
        for (c, cell) in r.cells.iter().enumerate() {
            widths[c] = widths[c].max(width_of(&cell.text()).min(MAX_WIDTH));
        }
    }
    let mut lines: Vec<f64> = vec![1.0; t.rows.len()];
    for (i, r) in t.rows.iter().enumerate() {
        for (c, cell) in r.cells.iter().enumerate() {
            if let Cell::Text(s) = cell {
                let need = ((display_width(s) as f64 * 1.1) / (widths[c] - 1.0)).ceil();
                let span = if t.span_cols.contains(&c) {
                    r.span.max(1)
                } else {
                    1
                };
                let each = (need / f64::from(span)).ceil();
                for l in lines.iter_mut().skip(i).take(span as usize) {
                    *l = l.max(each);
                }
            }
        }
    }
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &st.header)?;
    }
    ws.set_row_height(row, 30)?;
    let first = row + 1;
    for (i, r) in t.rows.iter().enumerate() {
        let rr = first + i as u32;
        for (c, cell) in r.cells.iter().enumerate() {
            let col = c as u16;
            let spanned = t.span_cols.contains(&c);
            if spanned && r.span == 0 {
                continue;
            }
            let (fmt, text) = match cell {
                Cell::Text(s) => (
                    if display_width(s) as f64 > MAX_WIDTH {
                        st.wrap.clone()
                    } else {
                        st.text.clone()
                    },
                    Some(s.clone()),
                ),
                Cell::Status { label, .. } => (
                    st.text.clone().set_align(FormatAlign::Center),
                    Some(label.clone()),
                ),
                Cell::Int(_) => (st.int.clone(), None),
                Cell::Num(_, u) => (st.num(u), None),
                Cell::Pct(_) => (st.pct.clone(), None),
                Cell::Pp(_) => (st.pp.clone(), None),
            };
            if spanned && r.span > 1 {
                ws.merge_range(
                    rr,
                    col,
                    rr + r.span - 1,
                    col,
                    "",
                    &fmt.clone().set_text_wrap(),
                )?;
            }
            let fmt = if spanned && r.span > 1 {
                fmt.set_text_wrap()
            } else {
                fmt
            };
            match (cell, text) {
                (_, Some(s)) => {
                    ws.write_string_with_format(rr, col, &s, &fmt)?;
                }
                (Cell::Int(n), None) => {
                    ws.write_number_with_format(rr, col, *n as f64, &fmt)?;
                }
                (Cell::Num(Some(v), _) | Cell::Pct(Some(v)) | Cell::Pp(Some(v)), None) => {
                    ws.write_number_with_format(rr, col, *v, &fmt)?;
                }
                // The data sheet is for sums and filters: a missing figure is an empty cell there.
                _ if t.kind == "data" => {}
                _ => {
                    ws.write_string_with_format(rr, col, "—", &fmt.set_align(FormatAlign::Right))?;
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, l) in lines.iter().enumerate() {
        if *l > 1.0 {
            ws.set_row_height(first + i as u32, 13.5 * l + 3.0)?;
        }
    }
    if !t.rows.is_empty() {
        traffic_lights(ws, t, first, first + t.rows.len() as u32 - 1)?;
    }
    Ok(first + t.rows.len() as u32)
}

/// Conditional formats: each status column coloured by its labels, and each completion column
/// by the status in the same row (the last status column).
fn traffic_lights(ws: &mut Worksheet, t: &Table, first: u32, last: u32) -> Result<()> {
    let mut status_cols = Vec::new();
    for c in 0..t.headers.len() {
        let mut labels: Vec<(String, &'static str)> = Vec::new();
        for r in &t.rows {
            if let Some(Cell::Status { class, label }) = r.cells.get(c) {
                if !labels.iter().any(|(l, _)| l == label) {
                    labels.push((label.clone(), class));
                }
            }
        }
        if labels.is_empty() {
            continue;
        }
        status_cols.push((c as u16, labels.clone()));
        for (label, class) in labels {
            let (bg, fg) = class_colors(class);
            let cf = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(label.as_str()))
                .set_format(Format::new().set_background_color(bg).set_font_color(fg));
            ws.add_conditional_format(first, c as u16, last, c as u16, &cf)?;
        }
    }
    let Some((scol, labels)) = status_cols.last() else {
        return Ok(());
    };
    let pct_cols: Vec<u16> = (0..t.headers.len())
        .filter(|c| matches!(t.rows[0].cells.get(*c), Some(Cell::Pct(_))))
        .map(|c| c as u16)
        .collect();
    for pc in pct_cols {
        for (label, class) in labels {
            let (bg, fg) = class_colors(class);
            let rule = format!(
                "=${}{}=\"{}\"",
                col_letter(*scol),
                first + 1,
                label.replace('"', "\"\"")
            );
            let cf = ConditionalFormatFormula::new()
                .set_rule(rule.as_str())
                .set_format(Format::new().set_background_color(bg).set_font_color(fg));
            ws.add_conditional_format(first, pc, last, pc, &cf)?;
        }
    }
    Ok(())
}

/// The summary sheet: title, as-of, headline counts and the paragraphs.
fn summary_sheet(book: &mut Book, d: &ReportData, layout: Layout, lang: Lang) -> Result<()> {
    let st = Styles::new();
    let w = words(lang);
    let all = doc::blocks(d, layout, lang);
    let ws = book.sheet(w.summary)?;
    let mut row = 0u32;
    let mut headline_done = false;
    for b in &all {
        match b {
            Block::Title { plan, kind } => {
                ws.merge_range(row, 0, row, SUMMARY_COLS - 1, plan, &st.meta)?;
                ws.merge_range(row + 1, 0, row + 1, SUMMARY_COLS - 1, kind, &st.title)?;
                ws.set_row_height(row + 1, 24)?;
                row += 2;
            }
            Block::Meta(t) => {
                ws.write_string_with_format(row, 0, t, &st.meta)?;
                row += 2;
            }
            Block::Tiles(_) if !headline_done => {
                row = write_table(ws, &st, row, &doc::headline_table(d, lang))? + 1;
                headline_done = true;
            }
            Block::P(t) => {
                ws.merge_range(row, 0, row, SUMMARY_COLS - 1, t, &st.para)?;
                // Wrapped text in merged cells does not grow its row by itself.
                let lines = (display_width(t) as f64 / 100.0).ceil().max(1.0);
                ws.set_row_height(row, 15.0 * lines + 4.0)?;
                row += 1;
            }
            // What follows the headline paragraphs has sheets of its own.
            Block::H2(_) if headline_done => break,
            _ => {}
        }
    }
    for c in 0..SUMMARY_COLS {
        ws.set_column_width(c, 13)?;
    }
    Ok(())
}

impl Exporter for XlsxExporter {
    fn render(&self, d: &ReportData, lang: Lang) -> Result<Vec<u8>> {
        let w = words(lang);
        let mut book = Book {
            wb: Workbook::new(),
            used: Vec::new(),
        };
        summary_sheet(&mut book, d, self.layout, lang)?;
        chart_sheet(&mut book, d, lang)?;
        let at = super::labels::as_of_line(d.year, d.month, d.time_progress, lang);
        if self.layout == Layout::Report {
            for s in &d.sections {
                let t = doc::section_table(s, lang);
                let note = format!("{at}　{}", doc::section_counts(s, lang));
                table_sheet(&mut book, &s.title, &s.title, Some(&note), &t, true)?;
            }
        }
        table_sheet(
            &mut book,
            w.lagging,
            w.lagging,
            Some(&at),
            &doc::lagging_table(d, lang),
            true,
        )?;
        if self.layout == Layout::Bulletin {
            table_sheet(
                &mut book,
                w.month_gaps,
                w.month_gaps,
                Some(&at),
                &doc::month_gaps_table(d, lang),
                false,
            )?;
        } else {
            let sheets: [(&str, Table, bool); 7] = [
                (w.districts, doc::district_table(d, lang), true),
                (w.units, doc::unit_table(d, lang), true),
                (w.completeness, doc::completeness_table(d, lang), true),
                (w.quality, doc::quality_table(d, lang), true),
                (w.goals, doc::goals_table(d, lang), true),
                (w.sources, doc::sources_table(d, lang), true),
                (w.data, doc::data_table(d), true),
            ];
            for (name, t, landscape) in sheets {
                let note = match t.kind {
                    "quality" => d.narrative.quality.get(lang).to_string(),
                    "completeness" => d.narrative.completeness.get(lang).to_string(),
                    _ => at.clone(),
                };
                table_sheet(&mut book, name, name, Some(&note), &t, landscape)?;
            }
        }
        if self.layout == Layout::Bulletin {
            table_sheet(
                &mut book,
                w.data,
                w.data,
                Some(&at),
                &doc::data_table(d),
                true,
            )?;
        }
        Ok(book.wb.save_to_buffer()?)
    }
}

//! The report as a Word document in the layout of a Chinese official document (GB/T 9704):
//! A4 with margins of 37 / 35 / 28 / 26 mm (top, bottom, left, right); the title in 2号
//! 方正小标宋简体 (宋体 where it is not installed); body text in 3号 仿宋_GB2312 with a two-
//! character first-line indent, 28 characters a line and 22 lines a page; 一、 headings in 黑体
//! and （一） headings in 楷体; page numbers `— 1 —` in 4号 宋体 at the foot.
//!
//! Font names are written for every script (`w:eastAsia`, and Times New Roman for Latin text),
//! with the family that ships with Windows (仿宋, 楷体) where the GB2312 one is a 方正 add-on:
//! Word and WPS pick them by name, LibreOffice on Linux substitutes a CJK family by fontconfig.
//! Tables are real Word tables (header row repeated on every page, numbers right-aligned,
//! status cells shaded with the report's colours); charts are PNG pictures with captions; the
//! appendix (附件) holds the whole indicator table. Text is the report's own, from
//! [`super::doc::blocks`], with characters XML cannot hold removed.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Pic, Run, RunFonts, Shading, SpecialIndentType, Table, TableCell, TableRow,
    WidthType,
};

use super::doc::{self, blocks, Block, Cell};
use super::labels::{self, class_colors, words};
use super::{Exporter, Lang, Layout, ReportData};
use crate::error::{Error, Result};

pub struct DocxExporter {
    pub layout: Layout,
}

/// Twips per millimetre (1 inch = 1440 twips = 25.4 mm).
const MM: f64 = 1440.0 / 25.4;
/// A4 in twips.
const PAGE: (u32, u32) = (11906, 16838);
/// The text block's width in twips: 210 − 28 − 26 mm.
const TEXT_WIDTH: usize = 8844;
/// Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt, 小五 9 pt (tables).
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_FOOTER: usize = 28;
const SIZE_NOTE: usize = 21;
const SIZE_TABLE: usize = 18;
/// An exact line of 28.95 pt: 22 lines in the 225 mm text height.
const LINE: i32 = 579;
/// Two characters of 3号 (2 × 16 pt), in twips: the first-line indent.
const INDENT: SpecialIndentType = SpecialIndentType::FirstLine(640);
/// A signature stands four characters in from the right margin (GB/T 9704: 右空四字).
const INDENT_RIGHT: i32 = 4 * 320;
/// The narrowest a column of figures or statuses gets (`100.0%` or `严重滞后` in 小五 on one
/// line, with the cell's margins), and a column of whole numbers (序号), in twips.
const MIN_FIGURE_COL: usize = 960;
const MIN_INT_COL: usize = 480;

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const H1_FONT: &str = "黑体";
const H2_FONT: &str = "楷体_GB2312";
const TABLE_FONT: &str = "仿宋";

impl Exporter for DocxExporter {
    fn render(&self, data: &ReportData, lang: Lang) -> Result<Vec<u8>> {
        let mut doc = body_of(blocks(data, self.layout, lang), lang);
        if self.layout == Layout::Report {
            doc = appendix(doc, data, lang);
        }
        pack(doc)
    }
}

/// A document of blocks (a report, a bulletin or a notice) in the official layout.
pub fn document(blocks: Vec<Block>, lang: Lang) -> Result<Vec<u8>> {
    pack(body_of(blocks, lang))
}

fn body_of(blocks: Vec<Block>, lang: Lang) -> Docx {
    let mut doc = page_setup(Docx::new());
    let mut heads = Headings::default();
    for b in blocks {
        doc = add_block(doc, b, &mut heads, lang);
    }
    doc
}

fn page_setup(doc: Docx) -> Docx {
    let mm = |v: f64| (v * MM).round() as i32;
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", "宋体", SIZE_FOOTER))
            .add_page_num(PageNum::new())
            .add_run(run(" —", "宋体", SIZE_FOOTER)),
    );
    doc.page_size(PAGE.0, PAGE.1)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                .footer(mm(20.0)),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_BODY)
        .footer(footer)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new()
        .add_text(clean(text))
        .fonts(fonts(font))
        .size(size)
}

/// Text as XML can carry it: control characters other than tab and newline are dropped.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\t' || *c == '\n')
        .collect()
}

fn exact_line() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE)
}

/// A body paragraph: 3号 仿宋, indented two characters, justified.
fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_BODY))
        .align(AlignmentType::Both)
        .indent(None, Some(INDENT), None, None)
        .line_spacing(exact_line())
}

/// Numbering of the headings: 一、二、 for the report's parts, （一）（二） under each.
#[derive(Default)]
struct Headings {
    h2: usize,
    h3: usize,
}

fn numeral(n: usize) -> String {
    crate::progress::rollup::zh_numeral(n as u32)
}

/// Whether a heading already carries its own number (`一、交通`, `（二）` from the catalog);
/// `2025年、2035年目标` does not.
fn numbered(s: &str) -> bool {
    let t = s.trim_start();
    let numeral = |p: &str| {
        (1..=3).contains(&p.chars().count())
            && p.chars()
                .all(|c| "一二三四五六七八九十".contains(c) || c.is_ascii_digit())
    };
    match t.split_once('、') {
        Some((p, _)) if numeral(p) => true,
        _ => t
            .strip_prefix('（')
            .and_then(|r| r.split_once('）'))
            .is_some_and(|(p, _)| numeral(p)),
    }
}

fn heading(text: &str, font: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, SIZE_BODY))
        .indent(None, Some(INDENT), None, None)
        .line_spacing(exact_line())
        .keep_next(true)
}

fn add_block(doc: Docx, b: Block, heads: &mut Headings, lang: Lang) -> Docx {
    match b {
        Block::Title { plan, kind } => [plan, kind]
            .iter()
            .filter(|t| !t.is_empty())
            .fold(doc, |doc, t| doc.add_paragraph(title(t)))
            .add_paragraph(Paragraph::new().line_spacing(exact_line())),
        Block::Meta(s) => doc.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(&s, H2_FONT, SIZE_BODY))
                .line_spacing(exact_line()),
        ),
        Block::H2(s) => {
            heads.h2 += 1;
            heads.h3 = 0;
            let text = match lang {
                Lang::Zh if !numbered(&s) => format!("{}、{s}", numeral(heads.h2)),
                _ => s,
            };
            doc.add_paragraph(heading(&text, H1_FONT))
        }
        Block::H3(s) => {
            heads.h3 += 1;
            // The second level is （一）: a catalog section's own 一、 would repeat the first's.
            let text = match lang {
                Lang::Zh => match s.split_once('、') {
                    Some((n, rest)) if numbered(&s) && !n.starts_with('（') => {
                        format!("（{n}）{rest}")
                    }
                    _ if !numbered(&s) => format!("（{}）{s}", numeral(heads.h3)),
                    _ => s,
                },
                _ => s,
            };
            doc.add_paragraph(heading(&text, H2_FONT))
        }
        Block::P(s) => doc.add_paragraph(body(&s)),
        Block::Note(s) => doc.add_paragraph(
            Paragraph::new()
                .add_run(run(&s, TABLE_FONT, SIZE_NOTE))
                .line_spacing(LineSpacing::new().after(120)),
        ),
        Block::Tiles(tiles) => doc.add_table(tiles_table(&tiles)),
        Block::Table(t) => doc
            .add_table(table(&t))
            .add_paragraph(Paragraph::new().size(SIZE_TABLE)),
        Block::Chart { no, chart } => match chart.png {
            Some(png) => doc
                .add_paragraph(picture(png))
                .add_paragraph(caption(&labels::figure(no, &chart.title, lang))),
            None => doc,
        },
        Block::Addressee(s) => doc.add_paragraph(
            Paragraph::new()
                .add_run(run(&s, BODY_FONT, SIZE_BODY))
                .line_spacing(exact_line()),
        ),
        Block::Signature(lines) => lines.iter().fold(doc, |doc, l| {
            doc.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .indent(None, None, Some(INDENT_RIGHT), None)
                    .add_run(run(l, BODY_FONT, SIZE_BODY))
                    .line_spacing(exact_line()),
            )
        }),
        Block::PageBreak => {
            doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
        }
    }
}

fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run(text, TITLE_FONT, SIZE_TITLE))
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line(360),
        )
}

fn caption(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run(text, H1_FONT, SIZE_NOTE))
        .line_spacing(LineSpacing::new().after(200))
}

/// A chart as wide as the text block, its height in proportion — or, for a tall one (the item
/// heatmap), as high as the page leaves room for with its caption (205 of the 225 mm), so it
/// is never cut and its caption stays under it.
fn picture(png: Vec<u8>) -> Paragraph {
    let (w, h) = png_size(&png).unwrap_or((1000, 600));
    // EMU: 635 per twip, 36 000 per millimetre.
    let (w, h) = (u64::from(w.max(1)), u64::from(h.max(1)));
    let max_height = 205 * 36_000;
    let mut width = TEXT_WIDTH as u64 * 635;
    let mut height = width * h / w;
    if height > max_height {
        (width, height) = (width * max_height / height, max_height);
    }
    let pic = Pic::new_with_dimensions(png, w as u32, h as u32).size(width as u32, height as u32);
    Paragraph::new()
        .align(AlignmentType::Center)
        .keep_next(true)
        .add_run(Run::new().add_image(pic))
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let be = |i: usize| Some(u32::from_be_bytes(png.get(i..i + 4)?.try_into().ok()?));
    (png.get(12..16)? == b"IHDR").then_some(())?;
    Some((be(16)?, be(20)?))
}

fn text_cell(text: &str, right: bool, bold: bool) -> Paragraph {
    let mut r = run(text, TABLE_FONT, SIZE_TABLE);
    if bold {
        r = r.bold();
    }
    Paragraph::new().add_run(r).align(if right {
        AlignmentType::Right
    } else {
        AlignmentType::Left
    })
}

fn shaded(cell: TableCell, class: &str) -> TableCell {
    let (bg, _) = class_colors(class);
    cell.shading(Shading::new().fill(bg.trim_start_matches('#')))
}

/// The table's header row: bold, grey, repeated on every page (marked here as the one row
/// that cannot split; `pack` adds `w:tblHeader` to it).
fn header_row(headers: &[String], right: &[bool]) -> TableRow {
    let cells = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let c = TableCell::new().add_paragraph(text_cell(h, right[i], true));
            c.shading(Shading::new().fill("DDEBF7"))
        })
        .collect();
    TableRow::new(cells).cant_split()
}

fn table(t: &doc::Table) -> Table {
    let first = t.rows.first();
    let right: Vec<bool> = (0..t.headers.len())
        .map(|i| {
            first
                .and_then(|r| r.cells.get(i))
                .is_some_and(Cell::numeric)
        })
        .collect();
    let least: Vec<usize> = (0..t.headers.len())
        .map(|i| match first.and_then(|r| r.cells.get(i)) {
            Some(Cell::Int(_)) => MIN_INT_COL,
            Some(c) if c.numeric() || matches!(c, Cell::Status { .. }) => MIN_FIGURE_COL,
            _ => 0,
        })
        .collect();
    let grid = column_widths(&t.widths, &least);
    let mut rows = vec![header_row(&t.headers, &right)];
    for r in &t.rows {
        let cells = (r.cells.iter().enumerate())
            .map(|(i, c)| {
                let spanned = t.span_cols.contains(&i);
                let mut cell = match c {
                    // A row continuing a group keeps its merged cell empty.
                    _ if spanned && r.span == 0 => TableCell::new().add_paragraph(Paragraph::new()),
                    Cell::Status { class, label } => shaded(
                        TableCell::new().add_paragraph(text_cell(label, false, false)),
                        class,
                    ),
                    c => TableCell::new().add_paragraph(text_cell(&c.text(), c.numeric(), false)),
                };
                if spanned {
                    cell = cell.vertical_merge(if r.span == 0 {
                        docx_rs::VMergeType::Continue
                    } else {
                        docx_rs::VMergeType::Restart
                    });
                }
                cell.width(grid.get(i).copied().unwrap_or(0), WidthType::Dxa)
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    Table::new(rows)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// Column widths in twips over the text block, by the table's relative widths, each at least
/// its `least` (figures and statuses on one line; the text columns, `least` 0, give way).
fn column_widths(rel: &[u16], least: &[usize]) -> Vec<usize> {
    let total: usize = rel.iter().map(|w| usize::from(*w)).sum::<usize>().max(1);
    let mut w: Vec<usize> = rel
        .iter()
        .map(|r| TEXT_WIDTH * usize::from(*r) / total)
        .collect();
    let short: usize = w.iter().zip(least).map(|(w, l)| l.saturating_sub(*w)).sum();
    let text: usize = (w.iter().zip(least))
        .filter(|(_, l)| **l == 0)
        .map(|(w, _)| *w)
        .sum();
    if short == 0 || text <= short {
        return w;
    }
    for (x, l) in w.iter_mut().zip(least) {
        if *l > 0 {
            *x = (*x).max(*l);
        } else {
            *x -= *x * short / text;
        }
    }
    w
}

/// The headline figures as one row of shaded cells.
fn tiles_table(tiles: &[(String, u32, &'static str)]) -> Table {
    let cells = tiles
        .iter()
        .map(|(label, n, class)| {
            let p = Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(&format!("{label}\n"), TABLE_FONT, SIZE_TABLE))
                .add_run(run(&n.to_string(), H1_FONT, SIZE_BODY).bold());
            shaded(TableCell::new().add_paragraph(p), class)
        })
        .collect();
    Table::new(vec![TableRow::new(cells)]).width(TEXT_WIDTH, WidthType::Dxa)
}

/// 附件: every indicator's figures, on pages of their own.
fn appendix(doc: Docx, d: &ReportData, lang: Lang) -> Docx {
    let w = words(lang);
    doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
        .add_paragraph(heading(w.appendix_table, H1_FONT))
        .add_table(table(&doc::indicator_table(d, lang)))
}

/// Packs the document, marks each table's first row as its header (`w:tblHeader`, which
/// docx-rs does not write) so Word and LibreOffice repeat it on every page, and puts the
/// property elements' children in the schema's order ([`super::ooxml`]).
fn pack(doc: Docx) -> Result<Vec<u8>> {
    let mut raw = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut raw)
        .map_err(|e| Error::Usage(format!("写出 Word 文件失败: {e}")))?;
    repeat_headers(raw.get_ref()).map_err(|e| Error::Usage(format!("写出 Word 文件失败: {e}")))
}

fn repeat_headers(packed: &[u8]) -> std::result::Result<Vec<u8>, zip::result::ZipError> {
    let mut src = zip::ZipArchive::new(Cursor::new(packed))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..src.len() {
        let mut f = src.by_index(i)?;
        if f.is_dir() {
            continue;
        }
        let name = f.name()?.to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)?;
        if matches!(
            name.as_str(),
            "word/document.xml" | "word/styles.xml" | "word/footer1.xml"
        ) {
            let xml = String::from_utf8_lossy(&bytes)
                .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />");
            bytes = super::ooxml::schema_order(&xml).into_bytes();
        }
        out.start_file(name, opts)?;
        out.write_all(&bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_keeps_its_own_number_and_gets_one_otherwise() {
        assert!(numbered("一、建立城乡要素自由流动体制机制"));
        assert!(numbered("（十二）推进"));
        assert!(!numbered("2025年、2035年目标评估"));
        assert!(!numbered("总体情况"));
    }

    #[test]
    fn text_xml_cannot_hold_is_dropped_and_the_rest_kept() {
        assert_eq!(clean("a<b&c\u{1}\u{7}d\te"), "a<b&cd\te");
    }

    #[test]
    fn figures_and_statuses_get_room_from_the_text_columns() {
        // 11 % of 8844 twips = 972 is already wide enough; 5 % (442) is raised to 960 and the
        // 518 twips come out of the text column (84 %: 7428).
        let w = column_widths(&[84, 5, 11], &[0, MIN_FIGURE_COL, MIN_FIGURE_COL]);
        assert_eq!(w, vec![7428 - 518, 960, 972]);
        assert_eq!(
            png_size(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x04\xb0\0\0\x02\x58"),
            Some((1200, 600))
        );
    }
}

//! One self-contained HTML file: inline CSS, inline SVG charts, no script, no external fetch.
//! Readable on screen and printable on A4 (`@page`, headers repeated on every printed page, rows
//! and charts not split across pages, a page break before the section tables and the appendix).
//!
//! Every piece of text is escaped with [`esc`]; only chart SVGs, which our own chart module
//! draws, are inlined as they are.

use super::doc::{blocks, Block, Cell, Table};
use super::labels::{self, class_colors, words};
use super::{Exporter, Lang, Layout, ReportData};
use crate::error::Result;

pub struct HtmlExporter {
    pub layout: Layout,
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
@page { size: A4; margin: 16mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei", sans-serif;
       font-size: 10.5pt; line-height: 1.65; color: #222; max-width: 200mm; margin: 0 auto; padding: 10mm 6mm; background: #fff; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 4pt; line-height: 1.4; color: #1F3864; letter-spacing: 1pt; }
h1 .plan { display: block; font-size: 12pt; font-weight: normal; color: #333; letter-spacing: 0; }
.meta { text-align: center; color: #555; margin: 0 0 14pt; }
h2 { font-size: 13.5pt; color: #1F3864; border-bottom: 2px solid #1F4E79; padding-bottom: 2pt; margin: 18pt 0 8pt;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 12pt 0 2pt; break-after: avoid; page-break-after: avoid; }
p { margin: 4pt 0 8pt; text-indent: 2em; text-align: justify; }
p.to { text-indent: 0; margin-top: 12pt; }
p.signature { text-indent: 0; text-align: right; margin: 24pt 4em 0 0; }
p.note { text-indent: 0; color: #555; font-size: 9pt; margin: 0 0 4pt; break-after: avoid; page-break-after: avoid; }
p.empty { text-indent: 0; color: #777; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 8.8pt; line-height: 1.45; margin: 4pt 0 12pt; }
thead { display: table-header-group; }
th { background: #DDEBF7; color: #1F3864; font-weight: 600; }
th, td { border: 1px solid #A6A6A6; padding: 3pt 4pt; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.n { text-align: right; }
td.c { text-align: center; }
.st { display: inline-block; padding: 0 4pt; border-radius: 3pt; white-space: nowrap; font-size: 8.5pt; }
.tiles { display: flex; gap: 6pt; margin: 4pt 0 6pt; }
.tile { flex: 1 1 0; border: 1px solid #BFBFBF; border-radius: 4pt; text-align: center; padding: 5pt 2pt; }
.tile b { display: block; font-size: 19pt; line-height: 1.2; }
.tile span { font-size: 8.5pt; }
.bar { display: flex; height: 8pt; border-radius: 2pt; overflow: hidden; margin: 0 0 10pt; border: 1px solid #D9D9D9; }
.bar i { display: block; }
figure.chart { margin: 8pt 0 14pt; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: 9.5pt; color: #444; margin-top: 3pt; }
.page-break { break-before: page; page-break-before: always; height: 0; }
footer { margin-top: 18pt; color: #888; font-size: 8pt; text-align: center; border-top: 1px solid #ddd; padding-top: 4pt; }
@media print { body { max-width: none; padding: 0; } }
@media screen { .page-break { border-top: 1px dashed #ccc; margin: 16pt 0; } }
"#;

fn class_css() -> String {
    let mut s = String::new();
    for class in ["done", "ahead", "ok", "behind", "severe", "none", "na"] {
        let (bg, fg) = class_colors(class);
        s.push_str(&format!(
            ".{class} {{ background: {bg}; color: {fg}; }}\n.tile.{class} {{ border-color: {fg}; }}\n"
        ));
    }
    s.push_str(".tile.total { background: #F2F2F2; color: #1F3864; }\n");
    s
}

impl Exporter for HtmlExporter {
    fn render(&self, data: &ReportData, lang: Lang) -> Result<Vec<u8>> {
        Ok(page(&blocks(data, self.layout, lang), &data.as_of, lang).into_bytes())
    }
}

/// One page of blocks (a report, a bulletin or a notice), its footer naming the as-of month.
pub fn page(all: &[Block], as_of: &str, lang: Lang) -> String {
    let w = words(lang);
    let title = all
        .iter()
        .find_map(|b| match b {
            Block::Title { plan, kind } => Some(format!("{plan} {kind}")),
            _ => None,
        })
        .unwrap_or_default();
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n");
    o.push_str(&format!(
            "<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}{}</style>\n</head>\n<body>\n",
            if lang == Lang::Zh { "zh-CN" } else { "en" },
            esc(&title),
            class_css()
        ));
    for b in all {
        match b {
            Block::Title { plan, kind } => o.push_str(&format!(
                "<h1><span class=\"plan\">{}</span>{}</h1>\n",
                esc(plan),
                esc(kind)
            )),
            Block::Meta(t) => o.push_str(&format!("<div class=\"meta\">{}</div>\n", esc(t))),
            Block::H2(t) => o.push_str(&format!("<h2>{}</h2>\n", esc(t))),
            Block::H3(t) => o.push_str(&format!("<h3>{}</h3>\n", esc(t))),
            Block::P(t) if t == w.none => {
                o.push_str(&format!("<p class=\"empty\">{}</p>\n", esc(t)))
            }
            Block::P(t) => o.push_str(&format!("<p>{}</p>\n", esc(t))),
            Block::Note(t) => o.push_str(&format!("<p class=\"note\">{}</p>\n", esc(t))),
            Block::Tiles(tiles) => {
                o.push_str("<div class=\"tiles\">");
                for (label, n, class) in tiles {
                    o.push_str(&format!(
                        "<div class=\"tile {class}\"><b>{n}</b><span>{}</span></div>",
                        esc(label)
                    ));
                }
                o.push_str("</div>\n<div class=\"bar\">");
                // The bar's segments grow by the counts themselves: no arithmetic here.
                for (label, n, class) in tiles.iter().skip(1).filter(|t| t.1 > 0) {
                    o.push_str(&format!(
                        "<i class=\"{class}\" style=\"flex-grow:{n}\" title=\"{} {n}\"></i>",
                        esc(label)
                    ));
                }
                o.push_str("</div>\n");
            }
            Block::Table(t) => table(&mut o, t),
            Block::Chart { no, chart } => o.push_str(&format!(
                "<figure class=\"chart\">{}<figcaption>{}</figcaption></figure>\n",
                chart.svg,
                esc(&labels::figure(*no, &chart.title, lang))
            )),
            Block::PageBreak => o.push_str("<div class=\"page-break\"></div>\n"),
            Block::Addressee(t) => o.push_str(&format!("<p class=\"to\">{}</p>\n", esc(t))),
            Block::Signature(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| esc(l)).collect();
                o.push_str(&format!(
                    "<p class=\"signature\">{}</p>\n",
                    lines.join("<br>")
                ))
            }
        }
    }
    o.push_str(&format!(
        "<footer>{} · {}</footer>\n</body>\n</html>\n",
        esc(w.generated_by),
        esc(as_of)
    ));
    o
}

fn cell(c: &Cell, attrs: &str) -> String {
    match c {
        Cell::Status { class, label } => format!(
            "<td class=\"c\"{attrs}><span class=\"st {class}\">{}</span></td>",
            esc(label)
        ),
        c if c.numeric() => format!("<td class=\"n\"{attrs}>{}</td>", esc(&c.text())),
        c => format!("<td{attrs}>{}</td>", esc(&c.text())),
    }
}

fn table(o: &mut String, t: &Table) {
    o.push_str(&format!("<table class=\"{}\">\n<colgroup>", t.kind));
    for w in &t.widths {
        o.push_str(&format!("<col style=\"width:{w}%\">"));
    }
    o.push_str("</colgroup>\n<thead><tr>");
    let first = t.rows.first();
    for (i, h) in t.headers.iter().enumerate() {
        let numeric = first
            .and_then(|r| r.cells.get(i))
            .is_some_and(Cell::numeric);
        let class = if numeric { " class=\"n\"" } else { "" };
        o.push_str(&format!("<th{class}>{}</th>", esc(h)));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        o.push_str("<tr>");
        for (i, c) in r.cells.iter().enumerate() {
            let spanned = t.span_cols.contains(&i);
            if spanned && r.span == 0 {
                continue;
            }
            let attrs = if spanned && r.span > 1 {
                format!(" rowspan=\"{}\"", r.span)
            } else {
                String::new()
            };
            o.push_str(&cell(c, &attrs));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}

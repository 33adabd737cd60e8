//! Markdown for pasting into documents: headings, paragraphs and pipe tables.
//!
//! Text from data is escaped so that it reads as written wherever the Markdown is rendered:
//! `\ ` ` * _ [ ] | #` are backslash-escaped, `<` `>` `&` become entities (a cell holding
//! `<script>` stays text), and line breaks inside a cell become spaces.

use super::doc::{blocks, Block, Table};
use super::labels;
use super::{Exporter, Lang, Layout, ReportData};
use crate::error::Result;

pub struct MarkdownExporter {
    pub layout: Layout,
}

impl Exporter for MarkdownExporter {
    fn render(&self, data: &ReportData, lang: Lang) -> Result<Vec<u8>> {
        let mut out = String::new();
        for b in blocks(data, self.layout, lang) {
            match b {
                Block::Title { plan, kind } => {
                    out.push_str(&format!("# {} {}\n\n", esc(&plan), esc(&kind)))
                }
                Block::Meta(t) => out.push_str(&format!("{}\n\n", esc(&t))),
                Block::H2(t) => out.push_str(&format!("## {}\n\n", esc(&t))),
                Block::H3(t) => out.push_str(&format!("### {}\n\n", esc(&t))),
                Block::P(t) => out.push_str(&format!("{}\n\n", esc(&t))),
                Block::Note(t) => out.push_str(&format!("*{}*\n\n", esc(&t))),
                Block::Tiles(tiles) => {
                    let head: Vec<String> = tiles.iter().map(|t| esc(&t.0)).collect();
                    let vals: Vec<String> = tiles.iter().map(|t| t.1.to_string()).collect();
                    out.push_str(&format!("| {} |\n", head.join(" | ")));
                    out.push_str(&format!("|{}\n", "---:|".repeat(tiles.len())));
                    out.push_str(&format!("| {} |\n\n", vals.join(" | ")));
                }
                Block::Table(t) => table(&mut out, &t),
                // A chart written beside the file is linked; one that is not is named.
                Block::Chart { no, chart } => match &chart.file {
                    Some(file) => out.push_str(&format!(
                        "![{}]({})\n\n",
                        esc(&labels::figure(no, &chart.title, lang)),
                        file.replace(' ', "%20")
                    )),
                    None => out.push_str(&format!("- {}\n\n", esc(&chart.title))),
                },
                Block::PageBreak => {}
                Block::Addressee(t) => out.push_str(&format!("{}\n\n", esc(&t))),
                Block::Signature(lines) => {
                    let lines: Vec<String> = lines.iter().map(|l| esc(l)).collect();
                    out.push_str(&format!("{}\n\n", lines.join("  \n")));
                }
            }
        }
        let mut out = out.trim_end().to_string();
        out.push('\n');
        Ok(out.into_bytes())
    }
}

fn table(out: &mut String, t: &Table) {
    let head: Vec<String> = t.headers.iter().map(|h| esc(h)).collect();
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    let first = t.rows.first();
    let align: Vec<&str> = (0..t.headers.len())
        .map(|i| match first.and_then(|r| r.cells.get(i)) {
            Some(c) if c.numeric() => "---:",
            _ => "---",
        })
        .collect();
    out.push_str(&format!("|{}|\n", align.join("|")));
    for r in &t.rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if r.span == 0 && t.span_cols.contains(&i) {
                    String::new()
                } else {
                    esc(&c.text())
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

/// Escapes text for a Markdown paragraph or table cell.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

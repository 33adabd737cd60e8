//! Merged cells and percentages of an OpenDocument spreadsheet. calamine reads the cells a
//! merge covers (`<table:covered-table-cell>`) as empty and does not report the merge, so a 区域
//! cell merged over three rows would leave the second and third rows without a district (read as
//! 全市). This scans `content.xml` for `table:number-rows-spanned` /
//! `table:number-columns-spanned`, and for cells of `office:value-type="percentage"`, which
//! calamine gives as 0.92 where the sender sees and means 92% (as in an .xlsx, see
//! [`xlsx_merges`](super::xlsx_merges)).
//!
//! The scan only counts rows and cells (honouring `number-rows-repeated` and
//! `number-columns-repeated`); it never builds a tree, so its cost is one pass over the XML.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::xlsx_merges::Marks;

/// ((first row, first col), (last row, last col)), zero-based, as calamine's `Dimensions`.
pub type Region = ((u32, u32), (u32, u32));

/// Percent cells marked per sheet at most: a row of percentages repeated a million times is a
/// formatting accident, not data.
const MAX_PERCENT_CELLS: usize = 100_000;

/// [`Marks`] per sheet name; empty when the file has none or cannot be scanned.
pub fn marks(bytes: &[u8]) -> HashMap<String, Marks> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return HashMap::new();
    };
    let mut xml = String::new();
    match zip.by_name("content.xml") {
        Ok(mut f) => {
            if f.read_to_string(&mut xml).is_err() {
                return HashMap::new();
            }
        }
        Err(_) => return HashMap::new(),
    }
    scan(&xml)
}

/// The attribute `name="…"` of a start tag, unescaped.
pub(crate) fn attr<'a>(tag: &'a str, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    let v = &tag[start..end];
    if v.contains('&') {
        Some(
            v.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
                .into(),
        )
    } else {
        Some(v.into())
    }
}

fn num(tag: &str, name: &str) -> u32 {
    attr(tag, name)
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Scans OpenDocument content XML for merged cells, percentages and hidden columns.
pub fn scan(xml: &str) -> HashMap<String, Marks> {
    let mut out: HashMap<String, Marks> = HashMap::new();
    let mut sheet: Option<String> = None;
    let mut row: u64 = 0;
    let mut col: u64 = 0;
    let mut row_repeat: u64 = 1;
    // The column the next `<table:table-column>` describes.
    let mut column: u64 = 0;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        // The tag runs to the first `>` outside quotes.
        let mut in_quote = false;
        let Some(gt) = rest.char_indices().find_map(|(i, c)| match c {
            '"' => {
                in_quote = !in_quote;
                None
            }
            '>' if !in_quote => Some(i),
            _ => None,
        }) else {
            break;
        };
        let tag = &rest[..gt];
        rest = &rest[gt + 1..];
        let self_closing = tag.ends_with('/');
        let name = tag
            .split(char::is_whitespace)
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        match name {
            "table:table" => {
                sheet = attr(tag, "table:name").map(|n| n.into_owned());
                row = 0;
                column = 0;
            }
            "table:table-column" => {
                let repeat = u64::from(num(tag, "table:number-columns-repeated"));
                let hidden = attr(tag, "table:visibility").is_some_and(|v| v != "visible");
                if let (true, Some(s), Ok(first)) = (hidden, &sheet, u32::try_from(column)) {
                    let last = u32::try_from(column + repeat - 1).unwrap_or(u32::MAX);
                    out.entry(s.clone())
                        .or_default()
                        .hidden_cols
                        .push((first, last));
                }
                column += repeat;
            }
            "table:table-row" => {
                col = 0;
                row_repeat = u64::from(num(tag, "table:number-rows-repeated"));
                if self_closing {
                    row += row_repeat;
                }
            }
            "/table:table-row" => row += row_repeat,
            "table:table-cell" | "table:covered-table-cell" => {
                let rows = num(tag, "table:number-rows-spanned");
                let cols = num(tag, "table:number-columns-spanned");
                if name == "table:table-cell" && (rows > 1 || cols > 1) && row_repeat == 1 {
                    if let (Some(s), Ok(r0), Ok(c0)) =
                        (&sheet, u32::try_from(row), u32::try_from(col))
                    {
                        let r1 = r0.saturating_add(rows - 1);
                        let c1 = c0.saturating_add(cols - 1);
                        let m = out.entry(s.clone()).or_default();
                        m.merges.push(((r0, c0), (r1, c1)));
                    }
                }
                let repeat = u64::from(num(tag, "table:number-columns-repeated"));
                if attr(tag, "office:value-type").is_some_and(|t| t == "percentage") {
                    if let Some(s) = &sheet {
                        let m = out.entry(s.clone()).or_default();
                        mark_percent(&mut m.percent, (row, row_repeat), (col, repeat));
                    }
                }
                col += repeat;
            }
            _ => {}
        }
    }
    out
}

/// Marks the cells of a block of `rows` × `cols` (first, count), within the sheet's bounds and
/// [`MAX_PERCENT_CELLS`].
fn mark_percent(percent: &mut Vec<(u32, u32)>, rows: (u64, u64), cols: (u64, u64)) {
    for r in rows.0..rows.0 + rows.1 {
        for c in cols.0..cols.0 + cols.1 {
            if percent.len() >= MAX_PERCENT_CELLS {
                return;
            }
            let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                return;
            };
            percent.push((r, c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_row_and_column_spans() {
        let xml = r#"<office:body><table:table table:name="6月"><table:table-column/><table:table-column table:visibility="collapse" table:number-columns-repeated="2"/><table:table-column table:number-columns-repeated="1000"/>
            <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell table:number-rows-spanned="3" office:value-type="string"><text:p>华容区</text:p></table:table-cell></table:table-row>
            <table:table-row><table:covered-table-cell table:number-columns-repeated="4"/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-spanned="2" table:formula="of:=[.A1]&gt;0"/><table:covered-table-cell/><table:table-cell office:value-type="percentage" office:value="0.925" table:number-columns-repeated="2"/></table:table-row>
            </table:table><table:table table:name="A &amp; B"><table:table-row><table:table-cell table:number-columns-spanned="8"/></table:table-row></table:table>"#;
        let m = scan(xml);
        assert_eq!(m["6月"].merges, vec![((2, 3), (4, 3)), ((4, 0), (4, 1))]);
        assert_eq!(m["6月"].percent, vec![(4, 2), (4, 3)]);
        assert_eq!(m["A & B"].merges, vec![((0, 0), (0, 7))]);
        assert_eq!(m["A & B"].percent, vec![]);
        assert_eq!(m["6月"].hidden_cols, vec![(1, 2)], "columns B:C hidden");
    }

    #[test]
    fn a_sheet_of_repeated_percentages_is_bounded() {
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="percentage" table:number-columns-repeated="16384"/></table:table-row></table:table>"#;
        assert_eq!(scan(xml)["S"].percent.len(), MAX_PERCENT_CELLS);
    }

    #[test]
    fn garbage_is_harmless() {
        assert!(
            scan("<<<>>\"<table:table-cell table:number-rows-spanned=\"99999999999\"").is_empty()
        );
        assert!(marks(b"not a zip").is_empty());
    }
}

//! Flat records → aligned table, CSV (UTF-8 with BOM by default so Excel shows Chinese) or a
//! JSON array. Every machine-readable output goes through here so the contract in DESIGN.md holds
//! for all commands: snake_case keys, fractions not percents, arrays kept as arrays in JSON.

mod cells;
pub mod human;

pub use crate::report::Lang;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::text::{display_width, pad, truncate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "table" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    pub bom: bool,
    /// Widest a table column may be, in terminal columns.
    pub max_width: usize,
    /// The language of a table's headings and words (CSV and JSON keep their keys).
    pub lang: Lang,
    /// Headings of this table that differ from [`human::COLUMNS`].
    pub renames: &'static [human::Rename],
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: Format::Table,
            bom: true,
            max_width: 40,
            lang: Lang::Zh,
            renames: &[],
        }
    }
}

/// A cell of a table or CSV: arrays joined with `、`, null as empty, numbers as written.
fn flat(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), crate::ingest::cell::format_number),
        Value::Bool(b) => b.to_string(),
        Value::Array(a) => a.iter().map(flat).collect::<Vec<_>>().join("、"),
        Value::Object(_) => v.to_string(),
    }
}

/// Neutralises text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR).
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if s.parse::<f64>().is_err() => {
            format!("'{s}").into()
        }
        _ => s.into(),
    }
}

fn to_values<T: Serialize>(records: &[T]) -> Result<Vec<serde_json::Map<String, Value>>> {
    records
        .iter()
        .map(|r| match serde_json::to_value(r) {
            Ok(Value::Object(m)) => Ok(m),
            Ok(other) => Err(Error::Usage(format!("内部错误：记录不是对象: {other}"))),
            Err(e) => Err(Error::Usage(format!("内部错误：无法序列化: {e}"))),
        })
        .collect()
}

/// The column keys in order: `headers`, or every key of the first record when it is empty.
fn columns(maps: &[serde_json::Map<String, Value>], headers: &[&str]) -> Vec<String> {
    if headers.is_empty() {
        maps.first()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    } else {
        headers.iter().map(|s| s.to_string()).collect()
    }
}

/// Renders records; `headers` gives the column keys in order (all keys when empty).
pub fn render<T: Serialize>(records: &[T], headers: &[&str], opts: &Options) -> Result<String> {
    if opts.format == Format::Csv {
        if let Some(text) = csv_of_flat(records, headers, opts.bom) {
            return Ok(text);
        }
    }
    let maps = to_values(records)?;
    let keys = columns(&maps, headers);
    let rows: Vec<Vec<&Value>> = maps
        .iter()
        .map(|m| {
            keys.iter()
                .map(|k| m.get(k).unwrap_or(&Value::Null))
                .collect()
        })
        .collect();
    Ok(match opts.format {
        Format::Json => {
            let arr: Vec<Value> = maps
                .into_iter()
                .map(|m| {
                    Value::Object(
                        keys.iter()
                            .filter_map(|k| m.get(k).map(|v| (k.clone(), v.clone())))
                            .collect(),
                    )
                })
                .collect();
            serde_json::to_string_pretty(&arr).unwrap_or_default() + "\n"
        }
        Format::Csv => csv_text(
            &keys,
            rows.iter().map(|r| r.iter().map(|v| flat(v)).collect()),
            opts.bom,
        ),
        Format::Table => table_text(&keys, &rows, opts),
    })
}

/// CSV of records that are plain structs, written one record at a time (no table of cells is
/// built first: 200 000 progress rows made one of 5 M strings); `None` when a record is not.
fn csv_of_flat<T: Serialize>(records: &[T], headers: &[&str], bom: bool) -> Option<String> {
    let keys: Vec<String> = match (headers, records.first()) {
        ([], Some(first)) => cells::row(first, None)?
            .into_iter()
            .map(|(k, _)| k.to_string())
            .collect(),
        _ => headers.iter().map(|s| s.to_string()).collect(),
    };
    let mut rows = records.iter().map(|r| {
        let fields = cells::row(r, Some(&keys))?;
        let cell = |k: &String| {
            fields
                .iter()
                .find(|(f, _)| f == k)
                .map_or_else(String::new, |(_, v)| v.clone())
        };
        Some(keys.iter().map(cell).collect::<Vec<String>>())
    });
    let mut failed = false;
    let text = csv_text(
        &keys,
        std::iter::from_fn(|| match rows.next()? {
            Some(row) => Some(row),
            None => {
                failed = true;
                None
            }
        }),
        bom,
    );
    (!failed).then_some(text)
}

fn csv_text(keys: &[String], rows: impl Iterator<Item = Vec<String>>, bom: bool) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(keys);
    for r in rows {
        for v in &r {
            let _ = w.write_field(defuse(v).as_bytes());
        }
        let _ = w.write_record(None::<&[u8]>); // ends the record
    }
    let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    if bom {
        format!("\u{feff}{body}")
    } else {
        body
    }
}

/// A cell for a person to read: numbers rounded to 4 decimals (JSON and CSV keep full precision).
fn display(v: &Value) -> String {
    match v {
        Value::Number(n) => n.as_f64().map_or_else(
            || n.to_string(),
            |f| crate::ingest::cell::format_number((f * 1e4).round() / 1e4),
        ),
        _ => flat(v),
    }
}

/// A table for people: headings and cells as [`human`] says for each key. Columns are cut to
/// `max_width` except file names (shortened from the left by their style) and the last, which ends
/// the line anyway: a message there is printed whole.
fn table_text(keys: &[String], rows: &[Vec<&Value>], opts: &Options) -> String {
    let last = keys.len().saturating_sub(1);
    let columns: Vec<human::Column> = (keys.iter())
        .map(|k| human::column(k, opts.renames))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            (r.iter().enumerate())
                .map(|(i, v)| {
                    let style = columns[i].style;
                    let text = human::styled(style, v, opts.lang)
                        .unwrap_or_else(|| display(v))
                        .replace(['\n', '\r'], " ");
                    if i == last || style == human::Style::File {
                        text
                    } else {
                        truncate(&text, opts.max_width)
                    }
                })
                .collect()
        })
        .collect();
    let headers: Vec<String> = (keys.iter().zip(&columns))
        .map(|(k, c)| match c.header(opts.lang) {
            "" => k.clone(),
            h => h.to_string(),
        })
        .collect();
    let keys = &headers;
    let widths: Vec<usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            cells
                .iter()
                .map(|r| display_width(&r[i]))
                .chain([display_width(k)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |r: &[String]| {
        r.iter()
            .zip(&widths)
            .map(|(c, w)| pad(c, *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = line(keys);
    out.push('\n');
    out.push_str(
        &widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .join("  "),
    );
    out.push('\n');
    for r in &cells {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

/// Writes records to one xlsx sheet for people: headings as a table's ([`human`], in `opts.lang`
/// with `opts.renames`), completion rates
/// as percentage cells (`0.0%`, the number still the fraction), gaps as signed points, codes as
/// words; a bold frozen header, widths that fit Chinese, and text always written as text so a cell
/// from a spreadsheet can never become a formula.
pub fn write_xlsx<T: Serialize>(
    records: &[T],
    headers: &[&str],
    sheet: &str,
    opts: &Options,
    path: &std::path::Path,
) -> Result<()> {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let lang = opts.lang;
    let maps = to_values(records)?;
    let keys = columns(&maps, headers);
    let cols: Vec<human::Column> = (keys.iter())
        .map(|k| human::column(k, opts.renames))
        .collect();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let bold = XFormat::new().set_bold().set_background_color("#DDEBF7");
    let percent = XFormat::new().set_num_format("0.0%");
    let points = XFormat::new().set_num_format("+0.0;-0.0;0.0");
    let titles: Vec<String> = (keys.iter().zip(&cols))
        .map(|(k, c)| match c.header(lang) {
            "" => k.clone(),
            h => h.to_string(),
        })
        .collect();
    let mut widths: Vec<usize> = titles.iter().map(|k| display_width(k)).collect();
    for (c, k) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, k, &bold)?;
    }
    for (r, m) in maps.iter().enumerate() {
        for (c, k) in keys.iter().enumerate() {
            let (row, col) = (r as u32 + 1, c as u16);
            let style = cols[c].style;
            match m.get(k).unwrap_or(&Value::Null) {
                Value::Null => {}
                Value::Number(n) => {
                    let n = n.as_f64().unwrap_or_default();
                    match style {
                        human::Style::Percent => {
                            ws.write_number_with_format(row, col, n, &percent)?
                        }
                        human::Style::Points => {
                            ws.write_number_with_format(row, col, n, &points)?
                        }
                        _ => ws.write_number(row, col, n)?,
                    };
                }
                v => {
                    let s = match style {
                        human::Style::File => flat(v),
                        _ => human::styled(style, v, lang).unwrap_or_else(|| flat(v)),
                    };
                    widths[c] = widths[c].max(display_width(&s).min(60));
                    ws.write_string(row, col, &s)?;
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).max(8.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    write_atomic(path, &wb.save_to_buffer()?)
}

/// Writes a file by way of a temporary file in the same folder, so a reader never sees half of it.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, bytes, true)
}

/// [`write_atomic`], refusing to replace an existing file unless `overwrite`.
pub fn write_atomic_with(path: &std::path::Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    // Temporary files are created owner-only; a report on a shared drive must be readable by all.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    if overwrite {
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    } else {
        tmp.persist_noclobber(path)
            .map_err(|e| Error::io(path, e.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct R {
        code: &'static str,
        units: Vec<&'static str>,
        value: f64,
    }

    #[test]
    fn a_table_cuts_wide_cells_but_prints_the_last_column_whole() {
        let long = "区域无法识别（可填: 全市、鄂城区、华容区、梁子湖区、葛店开发区、临空经济区）";
        let rs = [R {
            code: long,
            units: vec![long],
            value: 1.0,
        }];
        let opts = Options {
            max_width: 20,
            ..Default::default()
        };
        let t = render(&rs, &["code", "units"], &opts).unwrap();
        assert!(t.contains(&format!("  {long}")), "{t}");
        assert!(t.contains('…') && t.matches(long).count() == 1, "{t}");
    }

    #[test]
    fn three_formats() {
        let rs = [R {
            code: "T17-01",
            units: vec!["市交通运输局", "华容区"],
            value: 50.0,
        }];
        let j = render(
            &rs,
            &[],
            &Options {
                format: Format::Json,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(j.contains("\"units\": [\n      \"市交通运输局\""));
        let c = render(
            &rs,
            &["code", "units"],
            &Options {
                format: Format::Csv,
                bom: false,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(c, "code,units\nT17-01,市交通运输局、华容区\n");
        let t = render(&rs, &["units", "value"], &Options::default()).unwrap();
        // 市交通运输局、华容区 is ten wide characters: 20 columns, then the two-space gap; the
        // headings are the readers' words (责任单位 is 8 columns wide).
        assert!(
            t.starts_with(&format!("责任单位{}本月值\n", " ".repeat(14))),
            "{t}"
        );
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=1+1"), "'=1+1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("-5"), "-5");
        assert_eq!(defuse("正常"), "正常");
    }
}

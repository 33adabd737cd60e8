//! Writes the demo workbooks in the three layouts, with fixed document dates so the same data
//! always give the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use super::{Cell, Row};
use crate::error::Result;

fn workbook() -> Result<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("dabiao 示例数据生成器"),
    );
    Ok(wb)
}

fn title(ws: &mut Worksheet, text: &str, last_col: u16) -> Result<()> {
    let f = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, last_col, text, &f)?;
    Ok(())
}

fn put(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<()> {
    match cell {
        Cell::Blank => {}
        Cell::Number(v) => {
            ws.write_number(row, col, *v)?;
        }
        Cell::Text(s) => {
            ws.write_string(row, col, s)?;
        }
    }
    Ok(())
}

fn header(ws: &mut Worksheet, row: u32, names: &[&str]) -> Result<()> {
    let f = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    for (i, n) in names.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *n, &f)?;
        ws.set_column_width(i as u16, if i == 1 { 30.0 } else { 12.0 })?;
    }
    Ok(())
}

const SYNTHETIC: &str = "【示例数据·非真实统计】";

const LONG_HEADER: [&str; 8] = [
    "指标编码",
    "指标名称",
    "计量单位",
    "区域",
    "报告期",
    "本月完成",
    "累计完成",
    "备注",
];

/// A long-layout sheet: title, metadata block, header, then one row per (row, 报告期 text, 备注).
fn long_sheet(
    sheet: &str,
    heading: &str,
    unit: &str,
    period: Option<&str>,
    rows: &[(&Row, String, &str)],
    footer: bool,
) -> Result<Vec<u8>> {
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    title(ws, heading, 7)?;
    ws.write_string(1, 0, format!("填报单位：{unit}"))?;
    if let Some(p) = period {
        ws.write_string(1, 4, format!("报告期：{p}"))?;
    }
    header(ws, 2, &LONG_HEADER)?;
    for (i, (r, period, note)) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        for (col, text) in [&r.code, &r.name, &r.unit, &r.district, period]
            .into_iter()
            .enumerate()
        {
            ws.write_string(row, col as u16, text)?;
        }
        put(ws, row, 5, &r.monthly)?;
        put(ws, row, 6, &r.cumulative)?;
        if !note.is_empty() {
            ws.write_string(row, 7, *note)?;
        }
    }
    if footer {
        ws.write_string(
            4 + rows.len() as u32,
            0,
            "填报人：示例  联系电话：0711-0000000",
        )?;
    }
    Ok(wb.save_to_buffer()?)
}

/// The template's own layout: 指标编码 · 指标名称 · 计量单位 · 区域 · 报告期 · 本月完成 · 累计完成 · 备注.
pub fn long(region: &str, unit: &str, year: i32, month: u32, rows: &[Row]) -> Result<Vec<u8>> {
    let period = format!("{year}年{month}月");
    let rows: Vec<(&Row, String, &str)> = rows.iter().map(|r| (r, period.clone(), "")).collect();
    let heading = format!("{SYNTHETIC}{period} {region}城乡融合发展指标填报表");
    long_sheet(
        &format!("{month}月"),
        &heading,
        unit,
        Some(&period),
        &rows,
        true,
    )
}

/// A by-month sheet as statistical offices keep it: one row per indicator and district, a column
/// per month, year-to-date levels (累计) for flows.
pub fn wide(
    region: &str,
    unit: &str,
    year: i32,
    month: u32,
    months: &[Vec<Row>],
) -> Result<Vec<u8>> {
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name(format!("1-{month}月累计"))?;
    title(
        ws,
        &format!("{SYNTHETIC}{year}年1-{month}月 {region}城乡融合发展指标累计完成情况"),
        15,
    )?;
    ws.write_string(1, 0, format!("填报单位：{unit}"))?;
    ws.write_string(1, 4, format!("报告期：{year}年{month}月"))?;
    let mut names = vec![
        "指标编码".to_string(),
        "指标名称".into(),
        "计量单位".into(),
        "区域".into(),
    ];
    names.extend((1..=12).map(|m| format!("{m}月")));
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    header(ws, 2, &names)?;
    let Some(first) = months.first() else {
        return Ok(wb.save_to_buffer()?);
    };
    for (i, r) in first.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string(row, 0, &r.code)?;
        ws.write_string(row, 1, &r.name)?;
        ws.write_string(row, 2, &r.unit)?;
        ws.write_string(row, 3, &r.district)?;
        for (m, rows) in months.iter().enumerate() {
            let level = match (&rows[i].cumulative, &rows[i].monthly) {
                (Cell::Blank, c) => c.clone(),
                (c, _) => c.clone(),
            };
            put(ws, row, 4 + m as u16, &level)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

const STATUS_WORDS: [&str; 3] = ["未启动", "推进中", "已完成"];

/// A 督办-style task sheet: 序号 · 工作要点 · 进展状态 · 完成进度(%) · 进展情况 · 存在问题 · 下步计划.
pub fn task(region: &str, unit: &str, year: i32, month: u32, items: &[u32]) -> Result<Vec<u8>> {
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("工作进展")?;
    title(
        ws,
        &format!("{SYNTHETIC}{year}年{month}月 {region}城乡融合发展年度工作要点进展情况"),
        6,
    )?;
    ws.write_string(1, 0, format!("填报单位：{unit}"))?;
    ws.write_string(1, 3, format!("报告期：{year}年{month}月"))?;
    header(
        ws,
        2,
        &[
            "序号",
            "进展状态",
            "完成进度(%)",
            "进展情况",
            "存在问题",
            "下步计划",
        ],
    )?;
    for (i, no) in items.iter().enumerate() {
        let row = 3 + i as u32;
        let pace = super::values::unit_noise(&format!("item{no}"));
        let percent = ((f64::from(month) / 12.0 * (0.5 + pace)) * 100.0)
            .min(100.0)
            .round();
        let status = if percent >= 100.0 {
            2
        } else {
            usize::from(percent > 0.0)
        };
        ws.write_number(row, 0, f64::from(*no))?;
        ws.write_string(row, 1, STATUS_WORDS[status])?;
        ws.write_number(row, 2, percent)?;
        ws.write_string(row, 3, format!("第{no}项按计划推进（示例）"))?;
        ws.write_string(
            row,
            4,
            if pace < 0.3 {
                "资金到位偏慢（示例）"
            } else {
                ""
            },
        )?;
        ws.write_string(row, 5, "继续推进（示例）")?;
    }
    Ok(wb.save_to_buffer()?)
}

/// Annual values of the goal proxies, one row per indicator and year, in the long layout.
pub fn annual(
    region: &str,
    unit: &str,
    rows: &[(String, String, String, i32, f64)],
) -> Result<Vec<u8>> {
    let owned: Vec<(Row, String)> = rows
        .iter()
        .map(|(code, name, measure, year, value)| {
            let row = Row {
                code: code.clone(),
                name: name.clone(),
                unit: measure.clone(),
                district: "全市".into(),
                monthly: Cell::Number(*value),
                cumulative: Cell::Blank,
            };
            (row, format!("{year}年12月"))
        })
        .collect();
    let rows: Vec<(&Row, String, &str)> = owned
        .iter()
        .map(|(r, p)| (r, p.clone(), "年末值"))
        .collect();
    long_sheet(
        "年度值",
        &format!("{SYNTHETIC}{region}城乡融合发展目标指标年度值"),
        unit,
        None,
        &rows,
        false,
    )
}

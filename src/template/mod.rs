//! Catalog → a fillable submission workbook (xlsx) for one reporting unit and month.
//!
//! The workbook has the data sheet first (named after the month, `6月`) and a `填报说明` sheet.
//! The data sheet is laid out the way [`crate::ingest`] reads best: a merged title row, a
//! metadata row (`填报单位：…`, `报告期：…`), a one-line reminder, then the header and one
//! pre-filled row per indicator × district. Pre-filled cells are locked (sheet protection without
//! a password); only value and note cells are unlocked, with drop-downs and number checks.
//!
//! Three layouts, the same three ingest knows ([`Layout`]):
//! - `Long`: 指标编码 · 指标名称 · 计量单位 · 区域 · 报告期 · 本月完成 · 累计完成 · 备注.
//! - `Wide`: 指标编码 · 指标名称 · 计量单位 · 区域 · 1月 … 12月 · 合计 · 备注 (monthly values;
//!   合计 is a formula for flows).
//! - `Task`: 序号 · 工作要点 · 进展状态 · 完成进度(%) · 进展情况 · 存在问题 · 下步计划, one row per
//!   work item the unit leads.
//!
//! Rows: an indicator with `by_district` gets one row per district; one with its own `district`
//! gets that district; any other gets `全市`.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet,
};

use crate::catalog::{Catalog, MeasureKind, CITY};
use crate::error::{Error, Result};
use crate::ingest::{Layout, Period};

/// Zero-based row of the header on the data sheet; data rows follow it.
pub const HEADER_ROW: u32 = 3;
/// Blank, unlocked rows left under a long sheet's pre-filled rows for indicators added by hand.
pub const SPARE_ROWS: u32 = 5;
/// Name of the instructions sheet.
pub const INSTRUCTIONS_SHEET: &str = "填报说明";

/// One pre-filled row of an indicator template.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub kind: MeasureKind,
    /// `全市` or a district.
    pub district: String,
}

/// One pre-filled row of a task template.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub no: u32,
    pub text: String,
}

/// What a template will hold: resolved unit, month, layout and rows.
#[derive(Debug, Clone)]
pub struct Template {
    /// The unit's catalog name (aliases resolved).
    pub unit: String,
    pub period: Period,
    pub layout: Layout,
    /// The plan's region (`鄂州市`), for the title.
    pub region: String,
    /// Indicator rows (long and wide layouts).
    pub indicators: Vec<IndicatorRow>,
    /// Work-item rows (task layout).
    pub items: Vec<ItemRow>,
    /// Submissions for month m are due by this day of month m + 1.
    pub due_day: u32,
}

/// Values to write into a template's value cells, keyed by (indicator code, district) — for tests
/// and for pre-filling a resubmission. Long: `monthly` → 本月完成, `cumulative` → 累计完成.
/// Wide: `monthly` goes into the report month's column.
pub type Fill = BTreeMap<(String, String), Filled>;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Filled {
    pub monthly: Option<f64>,
    pub cumulative: Option<f64>,
}

impl Template {
    /// Resolves `unit` (name or alias) and picks its rows. An unknown unit, or one with nothing
    /// to report in this layout, is an error listing the units that do report something.
    pub fn new(catalog: &Catalog, unit: &str, period: Period, layout: Layout) -> Result<Template> {
        let reporting = reporting_units(catalog, layout);
        let list = || reporting.join("、");
        let Some(name) = catalog.resolve_unit(unit) else {
            return Err(Error::Usage(format!(
                "未知的填报单位“{unit}”；{}的单位有: {}",
                what(layout),
                list()
            )));
        };
        let name = name.to_string();
        let mut t = Template {
            unit: name.clone(),
            period,
            layout,
            region: catalog.meta.region.clone(),
            indicators: Vec::new(),
            items: Vec::new(),
            due_day: 10,
        };
        if layout == Layout::Task {
            t.items = catalog
                .items
                .iter()
                .filter(|i| i.units.first() == Some(&name))
                .map(|i| ItemRow {
                    no: i.no,
                    text: i.text.clone(),
                })
                .collect();
        } else {
            for e in catalog.indicators_of_unit(&name) {
                for d in catalog.scopes(e) {
                    t.indicators.push(IndicatorRow {
                        code: e.def.code.clone(),
                        name: e.def.name.clone(),
                        unit: e.def.unit.clone(),
                        kind: e.def.kind,
                        district: d,
                    });
                }
            }
        }
        if t.indicators.is_empty() && t.items.is_empty() {
            return Err(Error::Usage(format!(
                "“{name}”没有需要{}的内容；{}的单位有: {}",
                what(layout),
                what(layout),
                list()
            )));
        }
        Ok(t)
    }

    /// `202206_市交通运输局_填报表.xlsx` (long), `…_按月填报表.xlsx`, `…_任务进展表.xlsx`.
    pub fn file_name(&self) -> String {
        let kind = match self.layout {
            Layout::Long => "填报表",
            Layout::Wide => "按月填报表",
            Layout::Task => "任务进展表",
        };
        format!(
            "{:04}{:02}_{}_{kind}.xlsx",
            self.period.year, self.period.month, self.unit
        )
    }

    /// The data sheet's name: `6月`.
    pub fn sheet_name(&self) -> String {
        format!("{}月", self.period.month)
    }

    /// `2022年7月10日`.
    fn due(&self) -> String {
        let n = self.period.next();
        format!("{}年{}月{}日", n.year, n.month, self.due_day)
    }

    /// The workbook's bytes, value cells empty.
    pub fn to_xlsx(&self, catalog: &Catalog) -> Result<Vec<u8>> {
        self.to_xlsx_filled(catalog, &Fill::new())
    }

    /// The workbook's bytes with `fill` written into the value cells.
    pub fn to_xlsx_filled(&self, catalog: &Catalog, fill: &Fill) -> Result<Vec<u8>> {
        let mut wb = Workbook::new();
        let districts: Vec<String> = std::iter::once(CITY.to_string())
            .chain(catalog.district_names().into_iter().map(str::to_string))
            .collect();
        let styles = Styles::new();
        {
            let ws = wb.add_worksheet();
            ws.set_name(self.sheet_name())?;
            match self.layout {
                Layout::Long => self.long_sheet(ws, &styles, &districts, fill)?,
                Layout::Wide => self.wide_sheet(ws, &styles, &districts, fill)?,
                Layout::Task => self.task_sheet(ws, &styles)?,
            }
        }
        {
            let ws = wb.add_worksheet();
            ws.set_name(INSTRUCTIONS_SHEET)?;
            self.instructions(ws, &styles, &districts)?;
        }
        Ok(wb.save_to_buffer()?)
    }

    /// Title, metadata and reminder rows; returns nothing, rows 0..HEADER_ROW are used.
    fn top(&self, ws: &mut Worksheet, s: &Styles, last_col: u16, reminder: &str) -> Result<()> {
        let title = format!(
            "{} {} 城乡融合发展{}",
            self.period.zh(),
            self.region,
            match self.layout {
                Layout::Task => "工作要点进展表",
                _ => "指标填报表",
            }
        );
        ws.merge_range(0, 0, 0, last_col, &title, &s.title)?;
        ws.set_row_height(0, 30)?;
        ws.write_string_with_format(1, 0, format!("填报单位：{}", self.unit), &s.meta)?;
        let period_col = (last_col / 2).max(3);
        ws.write_string_with_format(
            1,
            period_col,
            format!("报告期：{}", self.period.zh()),
            &s.meta,
        )?;
        ws.write_string_with_format(2, 0, reminder, &s.reminder)?;
        Ok(())
    }

    fn header(ws: &mut Worksheet, s: &Styles, cols: &[(&str, f64)]) -> Result<()> {
        for (c, (text, width)) in cols.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, *text, &s.header)?;
            ws.set_column_width(c as u16, *width)?;
        }
        ws.set_row_height(HEADER_ROW, 30)?;
        Ok(())
    }

    fn finish(ws: &mut Worksheet, freeze_col: u16) -> Result<()> {
        ws.set_freeze_panes(HEADER_ROW + 1, freeze_col)?;
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
        // No password: the protection keeps labels from being typed over by accident, it is not
        // a security measure. Column widths stay adjustable.
        let opts = ProtectionOptions {
            format_columns: true,
            format_rows: true,
            ..ProtectionOptions::new()
        };
        ws.protect_with_options(&opts);
        Ok(())
    }

    fn name_width(&self) -> f64 {
        let widest = self
            .indicators
            .iter()
            .map(|r| crate::text::display_width(&r.name))
            .max()
            .unwrap_or(10);
        (widest as f64 + 2.0).clamp(16.0, 44.0)
    }

    fn long_sheet(
        &self,
        ws: &mut Worksheet,
        s: &Styles,
        districts: &[String],
        fill: &Fill,
    ) -> Result<()> {
        self.top(
            ws,
            s,
            7,
            "请在白色单元格填写；无数据请留空或填“—”，确实为零才填 0。各指标填什么数见“填报说明”表。",
        )?;
        Self::header(
            ws,
            s,
            &[
                ("指标编码", 10.0),
                ("指标名称", self.name_width()),
                ("计量单位", 9.0),
                ("区域", 12.0),
                ("报告期", 11.0),
                ("本月完成", 12.0),
                ("累计完成", 12.0),
                ("备注", 24.0),
            ],
        )?;
        let first = HEADER_ROW + 1;
        for (i, row) in self.indicators.iter().enumerate() {
            let r = first + i as u32;
            ws.set_row_height(r, 20)?;
            ws.write_string_with_format(r, 0, &row.code, &s.locked)?;
            ws.write_string_with_format(r, 1, &row.name, &s.locked_wrap)?;
            ws.write_string_with_format(r, 2, &row.unit, &s.locked_center)?;
            ws.write_string_with_format(r, 3, &row.district, &s.locked_center)?;
            ws.write_string_with_format(r, 4, self.period.zh(), &s.locked_center)?;
            let f = fill
                .get(&(row.code.clone(), row.district.clone()))
                .copied()
                .unwrap_or_default();
            write_value(ws, s, r, 5, row.kind, f.monthly)?;
            write_value(ws, s, r, 6, row.kind, f.cumulative)?;
            ws.write_blank(r, 7, &s.unlocked)?;
            value_validation(ws, r, 5, r, 6, row)?;
        }
        let spare_first = first + self.indicators.len() as u32;
        let last = spare_first + SPARE_ROWS - 1;
        for r in spare_first..=last {
            for c in 0..8 {
                ws.write_blank(r, c, &s.unlocked)?;
            }
        }
        district_validation(ws, first, 3, last, districts)?;
        let spare = DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("请填写数字")?
            .set_error_message("应填数字；无数据请留空或填“—”。")?;
        ws.add_data_validation(spare_first, 5, last, 6, &spare)?;
        Self::finish(ws, 2)
    }

    fn wide_sheet(
        &self,
        ws: &mut Worksheet,
        s: &Styles,
        districts: &[String],
        fill: &Fill,
    ) -> Result<()> {
        let last_col = 4 + 12 + 1;
        self.top(
            ws,
            s,
            last_col,
            "流量指标各月填当月新增、存量指标填当月末的数；无数据请留空或填“—”，确实为零才填 0。各指标填什么数见“填报说明”表。",
        )?;
        let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let mut cols: Vec<(&str, f64)> = vec![
            ("指标编码", 10.0),
            ("指标名称", self.name_width()),
            ("计量单位", 9.0),
            ("区域", 12.0),
        ];
        cols.extend(months.iter().map(|m| (m.as_str(), 8.0)));
        cols.push(("合计", 10.0));
        cols.push(("备注", 20.0));
        Self::header(ws, s, &cols)?;
        let first = HEADER_ROW + 1;
        for (i, row) in self.indicators.iter().enumerate() {
            let r = first + i as u32;
            ws.set_row_height(r, 20)?;
            ws.write_string_with_format(r, 0, &row.code, &s.locked)?;
            ws.write_string_with_format(r, 1, &row.name, &s.locked_wrap)?;
            ws.write_string_with_format(r, 2, &row.unit, &s.locked_center)?;
            ws.write_string_with_format(r, 3, &row.district, &s.locked_center)?;
            let f = fill
                .get(&(row.code.clone(), row.district.clone()))
                .copied()
                .unwrap_or_default();
            for m in 1..=12u32 {
                let v = (m == self.period.month).then_some(f.monthly).flatten();
                write_value(ws, s, r, 3 + m as u16, row.kind, v)?;
            }
            if row.kind == MeasureKind::Flow {
                let range = format!(
                    "{}:{}",
                    crate::ingest::workbook::a1(r as usize, 4),
                    crate::ingest::workbook::a1(r as usize, 15)
                );
                let sum = f.monthly.unwrap_or(0.0);
                let formula = Formula::new(format!("SUM({range})"))
                    .set_result(crate::ingest::cell::format_number(sum));
                ws.write_formula_with_format(r, 16, formula, &s.locked_center)?;
            } else {
                ws.write_blank(r, 16, &s.locked)?;
            }
            ws.write_blank(r, 17, &s.unlocked)?;
            value_validation(ws, r, 4, r, 15, row)?;
        }
        if !self.indicators.is_empty() {
            let last = first + self.indicators.len() as u32 - 1;
            district_validation(ws, first, 3, last, districts)?;
        }
        Self::finish(ws, 2)
    }

    fn task_sheet(&self, ws: &mut Worksheet, s: &Styles) -> Result<()> {
        self.top(
            ws,
            s,
            6,
            "请在白色单元格填写；进展状态从下拉中选择，完成进度填 0–100 的数。各列含义见“填报说明”表。",
        )?;
        Self::header(
            ws,
            s,
            &[
                ("序号", 6.0),
                ("工作要点", 50.0),
                ("进展状态", 11.0),
                ("完成进度(%)", 12.0),
                ("进展情况", 36.0),
                ("存在问题", 28.0),
                ("下步计划", 28.0),
            ],
        )?;
        let first = HEADER_ROW + 1;
        for (i, item) in self.items.iter().enumerate() {
            let r = first + i as u32;
            ws.write_number_with_format(r, 0, item.no, &s.locked_center)?;
            ws.write_string_with_format(r, 1, &item.text, &s.locked_wrap)?;
            ws.set_row_height(r, wrapped_height(&item.text, 50.0).max(48.0))?;
            ws.write_blank(r, 2, &s.unlocked)?;
            ws.write_blank(r, 3, &s.unlocked)?;
            for c in 4..7 {
                ws.write_blank(r, c, &s.unlocked_wrap)?;
            }
        }
        if !self.items.is_empty() {
            let last = first + self.items.len() as u32 - 1;
            let status = DataValidation::new()
                .allow_list_strings(&["未启动", "推进中", "已完成"])?
                .set_error_title("进展状态")?
                .set_error_message("请从下拉中选择：未启动、推进中、已完成。")?;
            ws.add_data_validation(first, 2, last, 2, &status)?;
            let pct = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("完成进度")?
                .set_error_message("完成进度填 0–100 之间的数，例如 60 表示 60%。")?;
            ws.add_data_validation(first, 3, last, 3, &pct)?;
        }
        Self::finish(ws, 2)
    }

    fn instructions(&self, ws: &mut Worksheet, s: &Styles, districts: &[String]) -> Result<()> {
        ws.set_column_width(0, 14)?;
        ws.set_column_width(1, INSTRUCTION_WIDTH)?;
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.merge_range(0, 0, 0, 1, "填报说明", &s.title)?;
        ws.set_row_height(0, 30)?;
        let sheet = self.sheet_name();
        let mut lines: Vec<(String, String)> = vec![
            ("填报单位".into(), self.unit.clone()),
            ("报告期".into(), self.period.zh()),
            (
                "报送时间".into(),
                format!(
                    "请于 {} 前报送；逾期报送将记为迟报。文件名请保持“{}”格式。",
                    self.due(),
                    self.file_name()
                ),
            ),
            (
                "填写位置".into(),
                format!(
                    "只在“{sheet}”表的白色单元格填写；灰色单元格已按指标目录预填并锁定，请勿修改、删除或调整行列顺序。"
                ),
            ),
        ];
        // The facts above, the column meanings below a sub-title (an empty key marks it).
        lines.push((String::new(), "各列含义".into()));
        let cols: &[(&str, &str)] = match self.layout {
            Layout::Task => &[
                ("序号", "工作要点在年度工作要点中的序号（已预填）。"),
                ("工作要点", "工作要点原文（已预填）。"),
                ("进展状态", "从下拉中选择：未启动、推进中、已完成。"),
                ("完成进度(%)", "0–100 的数，60 表示完成 60%；已完成填 100。"),
                ("进展情况", "本月主要进展，简要文字。"),
                ("存在问题", "遇到的困难和问题；没有可留空。"),
                ("下步计划", "下一步工作安排。"),
            ],
            _ => &[
                ("指标编码", "指标的唯一编码（已预填），系统按编码识别指标。"),
                ("指标名称", "指标目录中的名称（已预填）。"),
                (
                    "计量单位",
                    "数值的单位（已预填）；请按此单位填写，例如公里不要填成米。",
                ),
                ("区域", "全市或所属区（已预填）；分区填报的指标每区一行。"),
            ],
        };
        for (k, v) in cols {
            lines.push(((*k).to_string(), (*v).to_string()));
        }
        match self.layout {
            Layout::Long => {
                lines.push(("报告期".into(), "本表所报月份（已预填）。".into()));
                lines.push((
                    "本月完成".into(),
                    "流量指标填本月新增（本月新建 3 个填 3，本月确实没有新增填 0）；存量指标填月末达到的数（完成率、累计覆盖的个数）；节点指标从下拉选择“已完成”或“未完成”。每个指标属于哪一类见下方“本表各指标”。"
                        .into(),
                ));
                lines.push((
                    "累计完成".into(),
                    "流量指标填 1 月至本月的累计；存量、节点指标可与本月完成相同或留空。".into(),
                ));
                lines.push(("备注".into(), "需要说明的情况，例如数据口径变化。".into()));
            }
            Layout::Wide => {
                lines.push((
                    "1月…12月".into(),
                    "流量指标填各月的当月新增（不是 1 月至该月的合计）；存量指标填当月末的数；节点指标选择“已完成”或“未完成”。可补填或更正以前月份。"
                        .into(),
                ));
                lines.push(("合计".into(), "流量指标各月之和，自动计算。".into()));
                lines.push(("备注".into(), "需要说明的情况，例如数据口径变化。".into()));
            }
            Layout::Task => {}
        }
        if self.layout != Layout::Task && !self.indicators.is_empty() {
            lines.push((String::new(), "本表各指标填什么数".into()));
            let mut seen: Vec<&str> = Vec::new();
            for row in &self.indicators {
                if seen.contains(&row.code.as_str()) {
                    continue; // one line per indicator, not per district
                }
                seen.push(&row.code);
                lines.push((
                    row.code.clone(),
                    format!("{}（{}）：{}", row.name, row.unit, kind_hint(row.kind)),
                ));
            }
        }
        if self.layout != Layout::Task {
            lines.push((
                "没有数据".into(),
                "本月没有数据或尚未统计的，请留空或填“—”。0 表示确实为零（例如本月新建 0 个），会计入完成情况。".into(),
            ));
            lines.push((
                "数字格式".into(),
                "只填数字，不要带单位或文字；百分比填 85 表示 85%。单元格会检查数字，不符合时会提示。".into(),
            ));
        }
        lines.push((
            "联系与问题".into(),
            "表格读取时会逐格检查，发现的问题会注明工作表和单元格（如 6月!F7）并退回修改。".into(),
        ));
        let mut r = 2u32;
        for (k, v) in &lines {
            if k.is_empty() {
                ws.merge_range(r, 0, r, 1, v, &s.header)?;
                r += 1;
                continue;
            }
            ws.write_string_with_format(r, 0, k, &s.header)?;
            ws.write_string_with_format(r, 1, v, &s.wrap)?;
            ws.set_row_height(r, wrapped_height(v, INSTRUCTION_WIDTH))?;
            r += 1;
        }
        if self.layout != Layout::Task {
            r += 1;
            ws.write_string_with_format(r, 0, "区域可选值", &s.header)?;
            ws.write_string_with_format(r, 1, districts.join("、"), &s.wrap)?;
        }
        ws.protect();
        Ok(())
    }
}

/// Width of the instructions sheet's text column, in Excel character units.
const INSTRUCTION_WIDTH: f64 = 80.0;

/// Row height (points) that shows `text` wrapped in a column `width` characters wide; Excel does
/// not grow rows for wrapped text written by a program.
fn wrapped_height(text: &str, width: f64) -> f64 {
    let lines = (crate::text::display_width(text) as f64 / (width - 2.0))
        .ceil()
        .max(1.0);
    lines * 16.0 + 4.0
}

/// The units that report something in this layout: indicator reporters, or lead units of items.
fn reporting_units(catalog: &Catalog, layout: Layout) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |u: &str| {
        if !u.is_empty() && !out.iter().any(|x| x == u) {
            out.push(u.to_string());
        }
    };
    if layout == Layout::Task {
        catalog
            .items
            .iter()
            .filter_map(|i| i.units.first())
            .for_each(|u| push(u));
    } else {
        catalog.indicators.iter().for_each(|e| push(&e.reporter));
    }
    out
}

fn what(layout: Layout) -> &'static str {
    match layout {
        Layout::Task => "牵头工作要点",
        _ => "填报指标",
    }
}

/// A value cell: unlocked, numbers as numbers; milestones as 已完成 / 未完成.
fn write_value(
    ws: &mut Worksheet,
    s: &Styles,
    r: u32,
    c: u16,
    kind: MeasureKind,
    v: Option<f64>,
) -> Result<()> {
    match v {
        None => ws.write_blank(r, c, &s.unlocked)?,
        Some(x) if kind == MeasureKind::Milestone && (x == 0.0 || x == 1.0) => ws
            .write_string_with_format(
                r,
                c,
                if x == 1.0 { "已完成" } else { "未完成" },
                &s.unlocked,
            )?,
        Some(x) => ws.write_number_with_format(r, c, x, &s.unlocked)?,
    };
    Ok(())
}

/// What figure an indicator of a kind wants, in the words of the catalog's kinds.
fn kind_hint(kind: MeasureKind) -> &'static str {
    match kind {
        MeasureKind::Flow => {
            "流量指标，本月完成填本月新增（确实没有新增填 0），累计完成填 1 月至本月合计。"
        }
        MeasureKind::Stock => "存量指标，填月末（期末）达到的数，累计完成可同本月完成。",
        MeasureKind::Milestone => "节点指标，选择“已完成”或“未完成”。",
        MeasureKind::Ratio => "比率指标，填月末的比率。",
    }
}

/// Drop-down or number check on a row's value cells, by measure kind.
fn value_validation(
    ws: &mut Worksheet,
    r: u32,
    c0: u16,
    r1: u32,
    c1: u16,
    row: &IndicatorRow,
) -> Result<()> {
    let v = match row.kind {
        MeasureKind::Milestone => DataValidation::new()
            .allow_list_strings(&["已完成", "未完成"])?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("节点型指标")?
            .set_error_message("请从下拉中选择“已完成”或“未完成”；尚无情况可留空。")?,
        _ if row.unit == "%" => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("百分比")?
            .set_error_message("以 % 计，填 0–100 的数：85 表示 85%。无数据请留空或填“—”。")?,
        _ => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("请填写数字")?
            .set_error_message(format!(
                "应填不小于 0 的数（单位：{}）：{}无数据请留空或填“—”。",
                row.unit,
                kind_hint(row.kind)
            ))?,
    };
    ws.add_data_validation(r, c0, r1, c1, &v)?;
    Ok(())
}

/// 全市 + districts drop-down; a list too long for Excel's 255-character limit points at the
/// instructions sheet instead.
fn district_validation(
    ws: &mut Worksheet,
    r0: u32,
    c: u16,
    r1: u32,
    districts: &[String],
) -> Result<()> {
    let v = match DataValidation::new().allow_list_strings(districts) {
        Ok(v) => v,
        Err(_) => return Ok(()),
    };
    let v = v
        .set_error_title("区域")?
        .set_error_message("请从下拉中选择全市或所属区。")?;
    ws.add_data_validation(r0, c, r1, c, &v)?;
    Ok(())
}

struct Styles {
    title: Format,
    meta: Format,
    reminder: Format,
    header: Format,
    locked: Format,
    locked_wrap: Format,
    locked_center: Format,
    unlocked: Format,
    unlocked_wrap: Format,
    wrap: Format,
}

impl Styles {
    fn new() -> Styles {
        let grey = Color::RGB(0xE7E6E6);
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let locked = cell.clone().set_background_color(grey);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            meta: Format::new().set_bold(),
            reminder: Format::new().set_font_color(Color::RGB(0xC00000)),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDDEBF7)),
            locked_wrap: locked.clone().set_text_wrap(),
            locked_center: locked.clone().set_align(FormatAlign::Center),
            locked,
            unlocked: cell.clone().set_unlocked(),
            unlocked_wrap: cell.clone().set_unlocked().set_text_wrap(),
            wrap: cell.set_text_wrap(),
        }
    }
}

/// The template's bytes for `unit` and `period` in `layout` (value cells empty).
pub fn build_template(
    catalog: &Catalog,
    unit: &str,
    period: Period,
    layout: Layout,
) -> Result<Vec<u8>> {
    Template::new(catalog, unit, period, layout)?.to_xlsx(catalog)
}

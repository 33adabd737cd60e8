//! `heatmap`: work items (rows, grouped by section) × months (columns), each cell coloured by the
//! item's status at that month end; the lead unit is written at the right of each row.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use super::{ChartData, Plot};
use crate::error::Result;
use crate::progress::rollup::zh_numeral;
use crate::progress::ItemRow;

const ROW: i32 = 21;
const LABEL_W: i32 = 420;
const UNIT_W: i32 = 170;
const TOP: i32 = 68 + 34 + 26;

enum Line<'a> {
    Section(u32, &'a str),
    Item(&'a ItemRow),
}

pub(crate) struct Heatmap<'a> {
    data: &'a ChartData,
    months: Vec<u32>,
    lines: Vec<Line<'a>>,
    /// Status by (item, month).
    cells: BTreeMap<(u32, u32), &'a str>,
}

impl<'a> Heatmap<'a> {
    pub fn new(data: &'a ChartData) -> Self {
        let mut months: Vec<u32> = data.items_by_month.iter().map(|(m, _)| *m).collect();
        months.sort_unstable();
        months.dedup();
        let mut items: BTreeMap<u32, &ItemRow> = BTreeMap::new();
        let mut cells = BTreeMap::new();
        for (m, rows) in &data.items_by_month {
            for r in rows {
                items.insert(r.item, r);
                cells.insert((r.item, *m), r.status.as_str());
            }
        }
        let mut sections: Vec<(u32, &str)> = data
            .sections
            .iter()
            .map(|(n, t)| (*n, t.as_str()))
            .collect();
        for r in items.values() {
            if !sections.iter().any(|(n, _)| *n == r.section) {
                sections.push((r.section, ""));
            }
        }
        let mut lines = Vec::new();
        for (no, title) in sections {
            let mine: Vec<&ItemRow> = items
                .values()
                .filter(|r| r.section == no)
                .copied()
                .collect();
            if !mine.is_empty() {
                lines.push(Line::Section(no, title));
                lines.extend(mine.into_iter().map(Line::Item));
            }
        }
        Heatmap {
            data,
            months,
            lines,
            cells,
        }
    }
}

impl Plot for Heatmap<'_> {
    fn size(&self) -> (u32, u32) {
        let cols = self.months.len().max(6) as u32;
        let w = (LABEL_W + UNIT_W + 2 * MARGIN) as u32 + cols * 46;
        let h = TOP as u32 + self.lines.len().max(6) as u32 * ROW as u32 + 30;
        (w.max(900), h)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<()> {
        let d = self.data;
        let title = if theme.zh() {
            format!("重点工作逐月进展（{}年1—{}月）", d.year, d.month)
        } else {
            format!(
                "Work items month by month ({} Jan–{})",
                d.year,
                theme.month(d.month)
            )
        };
        let n_items = self
            .lines
            .iter()
            .filter(|l| matches!(l, Line::Item(_)))
            .count();
        let subtitle = if theme.zh() {
            format!("{n_items} 项工作 · 每格为该月末的工作状态 · 右列为牵头单位")
        } else {
            format!("{n_items} work items · each cell is the item's status at month end · lead unit at right")
        };
        let area = header(root, theme, &title, &subtitle)?;
        if self.cells.is_empty() {
            return no_data(&area, theme);
        }
        let entries: Vec<(String, RGBColor)> = STATUS_COLORS
            .iter()
            .map(|(s, c)| (theme.status(s), *c))
            .collect();
        let below = legend(&area, theme, &entries, (MARGIN, 4))?;
        let grid = area.split_vertically(below + 2).1;
        let (w, gh) = grid.dim_in_pixel();
        let w = w as i32;
        // Rows squeezed by a small --height get smaller text rather than being cut off.
        let row = ((gh as i32 - 30) / self.lines.len().max(1) as i32).clamp(6, ROW);
        let k = f64::from(row) / f64::from(ROW);
        let x0 = MARGIN + LABEL_W;
        let cell_w = ((w - MARGIN - UNIT_W - x0) / self.months.len().max(1) as i32).clamp(14, 64);
        let unit_x = x0 + cell_w * self.months.len() as i32 + 12;
        let head = theme
            .text(12.0, MUTED)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        for (j, m) in self.months.iter().enumerate() {
            let cx = x0 + cell_w * j as i32 + cell_w / 2;
            grid.label(&theme.month(*m), (cx, 20), &head)?;
        }
        let name_px = 12.5 * k;
        let cols = ((LABEL_W - 40) as f64 / (0.52 * name_px)) as usize;
        let unit_cols = ((w - MARGIN - unit_x) as f64 / (0.52 * 12.0 * k)).max(4.0) as usize;
        let no_style = theme
            .text(11.5 * k, MUTED)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let name_style = theme
            .text(name_px, INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let unit_style = theme
            .text(12.0 * k, MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let section_style = theme
            .bold(13.5 * k, INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (i, line) in self.lines.iter().enumerate() {
            let top = 26 + row * i as i32;
            let y = top + row / 2;
            match line {
                Line::Section(no, t) => {
                    grid.rect((MARGIN, top + 1), (w - MARGIN, top + row - 1), BAND)?;
                    let label = match (*no, theme.zh()) {
                        (0, true) => "其他".to_string(),
                        (0, false) => "Other".to_string(),
                        (n, true) => format!("{}、{t}", zh_numeral(n)),
                        (n, false) => format!("Section {n}"),
                    };
                    grid.label(&label, (MARGIN + 6, y), &section_style)?;
                }
                Line::Item(r) => {
                    grid.label(&r.item.to_string(), (MARGIN + 28, y), &no_style)?;
                    grid.label(&fit(&r.text, cols), (MARGIN + 36, y), &name_style)?;
                    for (j, m) in self.months.iter().enumerate() {
                        if let Some(s) = self.cells.get(&(r.item, *m)) {
                            let x = x0 + cell_w * j as i32;
                            grid.rect(
                                (x + 1, top + 1),
                                (x + cell_w - 1, top + row - 1),
                                status_color(s),
                            )?;
                        }
                    }
                    grid.label(&fit(&r.lead_unit, unit_cols), (unit_x, y), &unit_style)?;
                }
            }
        }
        Ok(())
    }
}

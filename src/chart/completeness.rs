//! `completeness`: responsible units (rows) × months (columns): received on time (green), late
//! (orange, marked 迟) or missing (red, marked 缺), with each unit's count at the right. The marks
//! keep the chart readable without colour.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use super::{ChartData, Plot};
use crate::error::Result;
use crate::progress::CompletenessRow;

const ROW: i32 = 24;
const LABEL_W: i32 = 210;
const COUNT_W: i32 = 130;
const TOP: i32 = 68 + 34 + 26;

pub(crate) struct Completeness<'a> {
    data: &'a ChartData,
    units: Vec<&'a str>,
    periods: Vec<&'a str>,
    cells: BTreeMap<(&'a str, &'a str), &'a CompletenessRow>,
}

impl<'a> Completeness<'a> {
    pub fn new(data: &'a ChartData) -> Self {
        let mut units: Vec<&str> = Vec::new();
        let mut periods: Vec<&str> = Vec::new();
        let mut cells = BTreeMap::new();
        for r in &data.completeness {
            if !units.contains(&r.unit.as_str()) {
                units.push(&r.unit);
            }
            if !periods.contains(&r.period.as_str()) {
                periods.push(&r.period);
            }
            cells.insert((r.unit.as_str(), r.period.as_str()), r);
        }
        periods.sort_unstable();
        Completeness {
            data,
            units,
            periods,
            cells,
        }
    }

    fn status_label(theme: &Theme, status: &str) -> String {
        match status {
            "received" => theme.t("按时报送", "On time"),
            "late" => theme.t("迟报", "Late"),
            _ => theme.t("未报", "Missing"),
        }
        .to_string()
    }
}

impl Plot for Completeness<'_> {
    fn size(&self) -> (u32, u32) {
        let cols = self.periods.len().max(6) as u32;
        let w = (LABEL_W + COUNT_W + 2 * MARGIN) as u32 + cols * 52;
        let h = TOP as u32 + self.units.len().max(5) as u32 * ROW as u32 + 30;
        (w.max(760), h)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<()> {
        let d = self.data;
        let title = if theme.zh() {
            format!("各责任单位报送情况（{}年1—{}月）", d.year, d.month)
        } else {
            format!(
                "Submissions by responsible unit ({} Jan–{})",
                d.year,
                theme.month(d.month)
            )
        };
        let total = d.completeness.len();
        let count = |s: &str| d.completeness.iter().filter(|r| r.status == s).count();
        let (on_time, late) = (count("received"), count("late"));
        let rate = if total == 0 {
            0.0
        } else {
            (on_time + late) as f64 / total as f64
        };
        let subtitle = if theme.zh() {
            format!(
                "应报 {total} 次 · 按时 {on_time} · 迟报 {late} · 未报 {} · 报送率 {}",
                total - on_time - late,
                fmt_pct(rate)
            )
        } else {
            format!(
                "{total} expected · {on_time} on time · {late} late · {} missing · {} received",
                total - on_time - late,
                fmt_pct(rate)
            )
        };
        let area = header(root, theme, &title, &subtitle)?;
        if self.cells.is_empty() {
            return no_data(&area, theme);
        }
        let entries: Vec<(String, RGBColor)> = RECEIPT_COLORS
            .iter()
            .map(|(s, c)| (Self::status_label(theme, s), *c))
            .collect();
        let below = legend(&area, theme, &entries, (MARGIN, 4))?;
        let grid = area.split_vertically(below + 2).1;
        let (w, gh) = grid.dim_in_pixel();
        let w = w as i32;
        // Rows squeezed by a small --height get smaller text rather than being cut off.
        let row = ((gh as i32 - 30) / self.units.len().max(1) as i32).clamp(6, ROW);
        let k = f64::from(row) / f64::from(ROW);
        let x0 = MARGIN + LABEL_W;
        let cell_w = ((w - MARGIN - COUNT_W - x0) / self.periods.len().max(1) as i32).clamp(18, 72);
        let count_x = x0 + cell_w * self.periods.len() as i32 + 12;
        let head = theme
            .text(12.0, MUTED)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        for (j, p) in self.periods.iter().enumerate() {
            let cx = x0 + cell_w * j as i32 + cell_w / 2;
            let label = p
                .get(5..)
                .and_then(|m| m.parse::<u32>().ok())
                .map_or(p.to_string(), |m| theme.month(m));
            grid.label(&label, (cx, 20), &head)?;
        }
        grid.label(
            theme.t("已报/应报", "Sent"),
            (count_x, 20),
            &theme
                .text(12.0, MUTED)
                .pos(Pos::new(HPos::Left, VPos::Bottom)),
        )?;
        let cols = ((LABEL_W - 12) as f64 / (0.52 * 13.0 * k)) as usize;
        let unit_style = theme
            .text(13.0 * k, INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let mark_style = theme
            .text(12.0 * k, WHITE)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let count_style = theme
            .text(12.0 * k, MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let colors: BTreeMap<&str, RGBColor> = RECEIPT_COLORS.iter().copied().collect();
        for (i, u) in self.units.iter().enumerate() {
            let top = 26 + row * i as i32;
            let y = top + row / 2;
            grid.label(&fit(u, cols), (MARGIN, y), &unit_style)?;
            let mut got = 0;
            for (j, p) in self.periods.iter().enumerate() {
                let Some(r) = self.cells.get(&(*u, *p)) else {
                    continue;
                };
                let x = x0 + cell_w * j as i32;
                let color = colors.get(r.status.as_str()).copied().unwrap_or(GRID);
                grid.rect((x + 1, top + 1), (x + cell_w - 1, top + row - 1), color)?;
                let mark = match r.status.as_str() {
                    "late" => theme.t("迟", "L"),
                    "missing" => theme.t("缺", "M"),
                    _ => "",
                };
                if !mark.is_empty() {
                    grid.label(mark, (x + cell_w / 2, y), &mark_style)?;
                }
                if r.status != "missing" {
                    got += 1;
                }
            }
            let n = self.periods.len();
            grid.label(&format!("{got}/{n}"), (count_x, y), &count_style)?;
        }
        Ok(())
    }
}

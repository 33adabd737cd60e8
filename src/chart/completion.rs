//! `completion`: 完成率 per indicator as horizontal bars, grouped by section, coloured by status,
//! with the 序时进度 line. One bar per row that has a completion; rows without one (未报送,
//! 无目标) show their status as text instead of a bar.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use super::{ChartData, Plot};
use crate::catalog::CITY;
use crate::error::Result;
use crate::progress::rollup::zh_numeral;
use crate::progress::ProgressRow;

const ROW: u32 = 24;
const LABEL_W: u32 = 400;
const TOP: u32 = 68 + 34 + 30;
const BOTTOM: u32 = 46;

enum Line<'a> {
    Section(u32, &'a str),
    Row(&'a ProgressRow, bool),
}

pub(crate) struct Completion<'a> {
    data: &'a ChartData,
    lines: Vec<Line<'a>>,
    rows: Vec<&'a ProgressRow>,
}

impl<'a> Completion<'a> {
    pub fn new(data: &'a ChartData) -> Self {
        // City rows, and the only row of an indicator that belongs to one district.
        let has_city = |code: &str| {
            data.rows
                .iter()
                .any(|r| r.indicator == code && r.district == CITY)
        };
        let rows: Vec<&ProgressRow> = data
            .rows
            .iter()
            .filter(|r| r.district == CITY || !has_city(&r.indicator))
            .collect();
        let mut sections: Vec<(u32, &str)> = data
            .sections
            .iter()
            .map(|(n, t)| (*n, t.as_str()))
            .collect();
        for r in &rows {
            let no = r.section.unwrap_or(0);
            if !sections.iter().any(|(n, _)| *n == no) {
                sections.push((no, ""));
            }
        }
        let mut lines = Vec::new();
        for (no, title) in sections {
            let mine: Vec<&&ProgressRow> = rows
                .iter()
                .filter(|r| r.section.unwrap_or(0) == no)
                .collect();
            if mine.is_empty() {
                continue;
            }
            lines.push(Line::Section(no, title));
            for r in mine {
                lines.push(Line::Row(r, r.district != CITY));
            }
        }
        Completion { data, lines, rows }
    }

    fn section_label(no: u32, title: &str, theme: &Theme) -> String {
        match (no, theme.zh()) {
            (0, true) => "其他".into(),
            (0, false) => "Other".into(),
            (n, true) => format!("{}、{title}", zh_numeral(n)),
            (n, false) => format!("Section {n}"),
        }
    }
}

impl Plot for Completion<'_> {
    fn size(&self) -> (u32, u32) {
        let n = self.lines.len().max(8) as u32;
        (1200, TOP + BOTTOM + n * ROW)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<()> {
        let d = self.data;
        let title = if theme.zh() {
            format!("指标完成率（截至{}）", theme.year_month(d.year, d.month))
        } else {
            format!(
                "Completion by indicator (as of {})",
                theme.year_month(d.year, d.month)
            )
        };
        let mut counts = Vec::new();
        for (s, _) in STATUS_COLORS {
            let n = self.rows.iter().filter(|r| r.status == s).count();
            if n > 0 {
                counts.push(format!("{} {n}", theme.status(s)));
            }
        }
        let subtitle = if theme.zh() {
            format!(
                "序时进度 {} · 共 {} 项指标：{}",
                fmt_pct(d.time_progress),
                self.rows.len(),
                counts.join("，")
            )
        } else {
            format!(
                "Time elapsed {} · {} indicators: {}",
                fmt_pct(d.time_progress),
                self.rows.len(),
                counts.join(", ")
            )
        };
        let area = header(root, theme, &title, &subtitle)?;
        if self.rows.is_empty() {
            return no_data(&area, theme);
        }
        let entries: Vec<(String, RGBColor)> = STATUS_COLORS
            .iter()
            .map(|(s, c)| (theme.status(s), *c))
            .collect();
        let below = legend(&area, theme, &entries, (MARGIN, 4))?;
        let plot = area.split_vertically(below + 6).1;

        let n = self.lines.len() as f64;
        let max_c = self
            .rows
            .iter()
            .filter_map(|r| r.completion)
            .fold(0.0f64, f64::max);
        let x_max = ((max_c.clamp(1.0, 2.0) * 1.08) * 10.0).ceil() / 10.0;
        let (w, _) = plot.dim_in_pixel();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(LABEL_W)
            .margin_right(84)
            .margin_top(22)
            .x_label_area_size(BOTTOM - 8)
            .build_cartesian_2d(0f64..x_max, 0f64..n)
            .map_err(chart_err)?;
        let pct = |v: &f64| format!("{:.0}%", v * 100.0);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(12)
            .x_label_formatter(&pct)
            .label_style(theme.text(12.0, MUTED))
            .axis_desc_style(theme.text(12.0, MUTED))
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .axis_style(MUTED)
            .draw()
            .map_err(chart_err)?;

        let at = |x: f64, i: usize| chart.backend_coord(&(x, n - i as f64 - 0.5));
        let (x0, _) = at(0.0, 0);
        // Rows squeezed by a small --height get smaller text rather than overlapping lines.
        let pitch = if self.lines.len() > 1 {
            (at(0.0, 1).1 - at(0.0, 0).1).abs()
        } else {
            ROW as i32
        };
        let k = (f64::from(pitch) / f64::from(ROW)).clamp(0.4, 1.0);
        let name_px = 12.5 * k;
        let name_x = MARGIN + 64;
        let name_cols = ((x0 - 12 - name_x) as f64 / (0.52 * name_px)) as usize;
        let code_style = theme
            .text(11.0 * k, MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let name_style = theme
            .text(name_px, INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let value_style = theme
            .text(12.0 * k, INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let status_style = theme
            .text(12.0 * k, MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let section_style = theme
            .bold(13.5 * k, INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        // Value labels go on last, over the schedule line, on a white ground.
        let mut values: Vec<(String, (i32, i32))> = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            let (_, y) = at(0.0, i);
            match line {
                Line::Section(no, title) => {
                    let half = (pitch / 2 - 1).max(1);
                    root.rect((MARGIN, y - half), (w as i32 - MARGIN, y + half), BAND)?;
                    root.label(
                        &Self::section_label(*no, title, theme),
                        (MARGIN + 6, y),
                        &section_style,
                    )?;
                }
                Line::Row(r, district_only) => {
                    root.label(&r.indicator, (MARGIN + 6, y), &code_style)?;
                    let suffix = match (*district_only, r.combined_as()) {
                        (true, _) => format!("（{}）", r.district),
                        (false, Some(how)) if theme.zh() => format!("（{how}）"),
                        _ => String::new(),
                    };
                    let name = d.name(&r.indicator, &r.name, theme.lang);
                    let room = name_cols.saturating_sub(cjk_width(&suffix));
                    root.label(
                        &format!("{}{suffix}", fit(&name, room)),
                        (name_x, y),
                        &name_style,
                    )?;
                    let milestone_open =
                        r.kind == "milestone" && r.completion.is_some_and(|c| c < 1.0);
                    match r.completion {
                        Some(_) if milestone_open => {
                            let label = format!(
                                "{}（{}）",
                                theme.t("未完成", "Not done"),
                                theme.status(&r.status)
                            );
                            root.label(&label, (x0 + 5, y), &status_style)?;
                        }
                        // No bar to colour: the status is written out instead.
                        Some(c) if c <= 0.0 => {
                            let label = format!("{}（{}）", fmt_pct(0.0), theme.status(&r.status));
                            root.label(&label, (x0 + 5, y), &status_style)?;
                        }
                        Some(c) => {
                            let c = c.max(0.0);
                            let end = c.min(x_max);
                            let yc = n - i as f64 - 0.5;
                            chart
                                .plotting_area()
                                .draw(&Rectangle::new(
                                    [(0.0, yc - 0.34), (end, yc + 0.34)],
                                    status_color(&r.status).filled(),
                                ))
                                .map_err(chart_err)?;
                            let (xe, _) = at(end, i);
                            values.push((fmt_pct(c), (xe + 5, y)));
                        }
                        None => {
                            root.label(&theme.status(&r.status), (x0 + 5, y), &status_style)?;
                        }
                    }
                }
            }
        }
        // The 100 % line and the 序时进度 line over the bars.
        let (_, top) = chart.backend_coord(&(0.0, n));
        let (_, bottom) = chart.backend_coord(&(0.0, 0.0));
        let (x1, _) = chart.backend_coord(&(1.0, 0.0));
        root.line((x1, top), (x1, bottom), MUTED, 1)?;
        let (xt, _) = chart.backend_coord(&(d.time_progress.clamp(0.0, x_max), 0.0));
        root.line((xt, top - 4), (xt, bottom), SCHEDULE, 2)?;
        let label = format!(
            "{} {}",
            theme.t("序时进度", "Time elapsed"),
            fmt_pct(d.time_progress)
        );
        let tp_style = theme
            .text(12.0, SCHEDULE)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        root.label(&label, (xt, top - 6), &tp_style)?;
        for (v, (x, y)) in values {
            let half = (theme.width(&v, 12.0 * k) / 2.0) as i32 + 2;
            let up = (pitch / 2 - 2).clamp(2, 8);
            root.rect((x - 2, y - up), (x + 2 * half, y + up), WHITE)?;
            root.label(&v, (x, y), &value_style)?;
        }
        Ok(())
    }
}

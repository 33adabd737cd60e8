//! `districts`: each district's target (grey) and actual (coloured by its status) side by side,
//! with the completion rate under the district's name. A district without a target has only its
//! actual bar; one without a value only its target bar.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use super::{ChartData, Plot};
use crate::error::Result;
use crate::progress::ProgressRow;

pub(crate) struct Districts<'a> {
    data: &'a ChartData,
    code: &'a str,
    city: Option<&'a ProgressRow>,
    rows: Vec<&'a ProgressRow>,
}

impl<'a> Districts<'a> {
    pub fn new(data: &'a ChartData, code: &'a str) -> Self {
        Districts {
            data,
            code,
            city: data.main_row(code),
            rows: data.district_rows(code),
        }
    }
}

impl Plot for Districts<'_> {
    fn size(&self) -> (u32, u32) {
        let w = 240 + 150 * self.rows.len().max(5) as u32;
        (w.min(2400), 600)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<()> {
        let d = self.data;
        let any = self.city.or(self.rows.first().copied());
        let name = any.map_or(self.code.to_string(), |r| {
            d.name(self.code, &r.name, theme.lang)
        });
        let unit = any.map_or("", |r| r.unit.as_str());
        let title = if theme.zh() {
            format!(
                "{name}：各区完成情况（截至{}）",
                theme.year_month(d.year, d.month)
            )
        } else {
            format!(
                "{name}: by district (as of {})",
                theme.year_month(d.year, d.month)
            )
        };
        let mut facts = Vec::new();
        if let Some(c) = self.city.filter(|c| c.district == crate::catalog::CITY) {
            let actual = c.actual.map_or("—".into(), |a| with_unit(a, unit));
            let target = c.target.map_or("—".into(), |t| with_unit(t, unit));
            facts.push(format!(
                "{} {} / {} {}",
                theme.t("全市 实际", "City actual"),
                actual,
                theme.t("目标", "target"),
                target
            ));
            if let Some(p) = c.completion {
                facts.push(format!(
                    "{} {}",
                    theme.t("完成率", "completion"),
                    fmt_pct(p)
                ));
            }
        }
        facts.push(format!(
            "{} {}",
            theme.t("序时进度", "time elapsed"),
            fmt_pct(d.time_progress)
        ));
        if !self.rows.is_empty() && self.rows.iter().all(|r| r.target.is_none()) {
            facts.push(
                theme
                    .t("目标未分解到各区", "no district targets")
                    .to_string(),
            );
        }
        let area = header(root, theme, &title, &facts.join(" · "))?;
        let has_values = self
            .rows
            .iter()
            .any(|r| r.actual.is_some() || r.target.is_some());
        if !has_values {
            return no_data(&area, theme);
        }
        let mut entries = Vec::new();
        if self.rows.iter().any(|r| r.target.is_some()) {
            entries.push((theme.t("目标", "Target").to_string(), TARGET));
        }
        for (s, c) in STATUS_COLORS {
            if self
                .rows
                .iter()
                .any(|r| r.status == s && r.actual.is_some())
            {
                entries.push((
                    format!("{}（{}）", theme.t("实际", "Actual"), theme.status(s)),
                    c,
                ));
            }
        }
        let below = legend(&area, theme, &entries, (MARGIN, 4))?;
        let plot = area.split_vertically(below + 4).1;

        let n = self.rows.len() as f64;
        let hi = self
            .rows
            .iter()
            .flat_map(|r| [r.actual, r.target])
            .flatten()
            .fold(0.0f64, f64::max);
        let lo = self
            .rows
            .iter()
            .flat_map(|r| [r.actual, r.target])
            .flatten()
            .fold(0.0f64, f64::min);
        let hi = if hi <= lo {
            lo + 1.0
        } else {
            hi + (hi - lo) * 0.14
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN)
            .margin_right(MARGIN)
            .margin_top(28)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(0f64..n, lo..hi)
            .map_err(chart_err)?;
        let num = |v: &f64| fmt_num(*v);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .x_label_formatter(&|_| String::new())
            .y_labels(8)
            .y_label_formatter(&num)
            .label_style(theme.text(12.0, MUTED))
            .axis_desc_style(theme.text(12.0, MUTED))
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .axis_style(MUTED)
            .draw()
            .map_err(chart_err)?;
        let (_, y_top) = chart.backend_coord(&(0.0, hi));
        unit_label(root, theme, unit, y_top)?;

        let (x_left, _) = chart.backend_coord(&(0.0, 0.0));
        let (x_right, _) = chart.backend_coord(&(1.0, 0.0));
        let cols = ((x_right - x_left) as f64 / (0.52 * 13.0)) as usize;
        let value_style = theme
            .text(12.0, INK)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        let name_style = theme.text(13.0, INK).pos(Pos::new(HPos::Center, VPos::Top));
        let pct_style = theme
            .text(12.0, MUTED)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for (i, r) in self.rows.iter().enumerate() {
            let x = i as f64;
            let bars = [
                (r.target, x + 0.12, x + 0.48, TARGET),
                (r.actual, x + 0.52, x + 0.88, status_color(&r.status)),
            ];
            for (v, a, b, color) in bars {
                let Some(v) = v else { continue };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(a, 0.0f64.max(lo)), (b, v)],
                        color.filled(),
                    )))
                    .map_err(chart_err)?;
                let (px, py) = chart.backend_coord(&((a + b) / 2.0, v.max(0.0)));
                root.label(&fmt_num(v), (px, py - 3), &value_style)?;
            }
            let (cx, base) = chart.backend_coord(&(x + 0.5, lo));
            root.label(&fit(&r.district, cols), (cx, base + 8), &name_style)?;
            let sub = match r.completion {
                Some(c) => format!("{} · {}", fmt_pct(c), theme.status(&r.status)),
                None => theme.status(&r.status),
            };
            root.label(&fit(&sub, cols), (cx, base + 28), &pct_style)?;
        }
        Ok(())
    }
}

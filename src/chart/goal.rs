//! `goal`: a multi-year goal — the path from the baseline through the 2025 and 2035 targets
//! (compound for `growth`, straight for `linear`, as `progress::goals` assesses it), the annual
//! actuals, and the projection from the latest value at the actual rate. A goal whose baseline or
//! target the plan does not give says so ("目标未设定") and draws only the actuals.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use super::{ChartData, Plot};
use crate::catalog::GoalPath;
use crate::error::Result;
use crate::progress::goals::project;
use crate::progress::GoalRow;

pub(crate) struct GoalChart<'a> {
    data: &'a ChartData,
    code: &'a str,
    rows: Vec<&'a GoalRow>,
    actuals: Vec<(i32, f64)>,
}

/// Yearly points between two anchors along the goal's path.
fn along(path: GoalPath, (ya, a): (i32, f64), (yb, b): (i32, f64)) -> Vec<(f64, f64)> {
    let span = f64::from((yb - ya).max(1));
    (ya..=yb)
        .map(|y| {
            let t = f64::from(y - ya) / span;
            let v = match path {
                GoalPath::Growth if a > 0.0 && b > 0.0 => a * (b / a).powf(t),
                _ => a + (b - a) * t,
            };
            (f64::from(y), v)
        })
        .collect()
}

/// A goal category in the words the report uses for it.
fn category(theme: &Theme, c: &str) -> String {
    let lang = if theme.zh() {
        crate::report::Lang::Zh
    } else {
        crate::report::Lang::En
    };
    crate::report::labels::goal_category(c, lang)
}

impl<'a> GoalChart<'a> {
    pub fn new(data: &'a ChartData, code: &'a str) -> Self {
        let rows: Vec<&GoalRow> = data.goals.iter().filter(|g| g.indicator == code).collect();
        let mut actuals: Vec<(i32, f64)> = data
            .annual
            .iter()
            .filter(|a| a.indicator == code)
            .map(|a| (a.year, a.value))
            .collect();
        actuals.sort_by_key(|a| a.0);
        GoalChart {
            data,
            code,
            rows,
            actuals,
        }
    }

    fn path(&self) -> GoalPath {
        match self.rows.first().map(|r| r.path.as_str()) {
            Some("linear") => GoalPath::Linear,
            _ => GoalPath::Growth,
        }
    }

    fn baseline(&self) -> Option<(i32, f64)> {
        let r = self.rows.first()?;
        Some((r.baseline_year?, r.baseline?))
    }

    fn targets(&self) -> Vec<(i32, f64)> {
        let mut t: Vec<(i32, f64)> = self
            .rows
            .iter()
            .filter_map(|r| Some((r.target_year?, r.target?)))
            .collect();
        t.sort_by_key(|p| p.0);
        t
    }

    /// Target path points, baseline first; empty when the goal is not set.
    fn target_path(&self) -> Vec<(f64, f64)> {
        let (Some(b), t) = (self.baseline(), self.targets()) else {
            return Vec::new();
        };
        let mut pts = vec![(f64::from(b.0), b.1)];
        let mut from = b;
        for to in t {
            pts.extend(along(self.path(), from, to).into_iter().skip(1));
            from = to;
        }
        if pts.len() == 1 {
            pts.clear();
        }
        pts
    }

    /// Projection from the latest value at the actual rate, yearly to the last target year.
    fn projection(&self) -> Vec<(f64, f64)> {
        let Some(r) = self.rows.iter().find(|r| r.actual_rate.is_some()) else {
            return Vec::new();
        };
        let (Some(ly), Some(l), Some(rate)) = (r.latest_year, r.latest, r.actual_rate) else {
            return Vec::new();
        };
        let Some(end) = self.targets().last().map(|t| t.0).filter(|e| *e > ly) else {
            return Vec::new();
        };
        let path = if r.path == "linear" || self.baseline().is_some_and(|b| b.1 <= 0.0) {
            GoalPath::Linear
        } else {
            GoalPath::Growth
        };
        (ly..=end)
            .map(|y| (f64::from(y), project(path, l, rate, f64::from(y - ly))))
            .collect()
    }
}

impl Plot for GoalChart<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 620)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<()> {
        let d = self.data;
        let first = self.rows.first();
        let name = first.map_or(self.code.to_string(), |r| {
            d.name(self.code, &r.name, theme.lang)
        });
        let unit = first.map_or("", |r| r.unit.as_str());
        let title = if theme.zh() {
            format!("{name}：2025/2035 目标路径与实际")
        } else {
            format!("{name}: path to the 2025/2035 goals and actuals")
        };
        let mut facts = Vec::new();
        for r in &self.rows {
            let mut s = match (r.target_year, theme.zh()) {
                (Some(y), true) => format!("{y}年 {}", category(theme, &r.category)),
                (Some(y), false) => format!("{y} {}", category(theme, &r.category)),
                (None, _) => category(theme, &r.category),
            };
            if let Some(x) = r.ratio {
                s.push_str(&format!(
                    "（{} {:.2}）",
                    theme.t("实际/所需速度", "actual/required rate"),
                    x
                ));
            }
            facts.push(s.trim().to_string());
        }
        facts.dedup();
        let area = header(root, theme, &title, &facts.join(" · "))?;
        let path = self.target_path();
        let proj = self.projection();
        if path.is_empty() && self.actuals.is_empty() {
            if !self.rows.is_empty() {
                let (w, h) = area.dim_in_pixel();
                let style = theme
                    .text(16.0, MUTED)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                let note = theme.t(
                    "目标未设定：规划未给出基线或目标值",
                    "Target not set: the plan gives no baseline or target",
                );
                area.label(note, (w as i32 / 2, h as i32 / 2 + 40), &style)?;
            }
            return no_data(&area, theme);
        }
        let mut entries = Vec::new();
        if !path.is_empty() {
            entries.push((theme.t("目标路径", "Path to targets").to_string(), TARGET));
        }
        if !self.actuals.is_empty() {
            entries.push((theme.t("实际值", "Actual").to_string(), ACTUAL));
        }
        if !proj.is_empty() {
            entries.push((
                theme
                    .t("按当前速度预测", "Projection at current rate")
                    .to_string(),
                PROJECTION,
            ));
        }
        let below = legend(&area, theme, &entries, (MARGIN, 4))?;
        let plot = area.split_vertically(below + 4).1;

        let acts: Vec<(f64, f64)> = self
            .actuals
            .iter()
            .map(|(y, v)| (f64::from(*y), *v))
            .collect();
        let all: Vec<(f64, f64)> = path.iter().chain(&acts).chain(&proj).copied().collect();
        let (x_lo, x_hi) = all
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
        let (v_lo, v_hi) = all
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
        let span = (v_hi - v_lo).max(v_hi.abs() * 0.1).max(1e-9);
        let lo = if v_lo >= 0.0 && v_lo < 0.5 * v_hi {
            0.0
        } else {
            v_lo - span * 0.12
        };
        let hi = v_hi + span * 0.12;
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN)
            .margin_right(48)
            .margin_top(28)
            .margin_bottom(8)
            .x_label_area_size(34)
            .y_label_area_size(80)
            .build_cartesian_2d((x_lo - 0.6)..(x_hi + 0.6), lo..hi)
            .map_err(chart_err)?;
        let year = |v: &f64| {
            let y = v.round();
            if (v - y).abs() < 1e-6 {
                format!("{y:.0}")
            } else {
                String::new()
            }
        };
        let num = |v: &f64| fmt_num(*v);
        let years = (x_hi - x_lo).round() as usize + 1;
        chart
            .configure_mesh()
            .x_labels(years.min(14))
            .x_label_formatter(&year)
            .y_labels(8)
            .y_label_formatter(&num)
            .label_style(theme.text(12.0, MUTED))
            .axis_desc_style(theme.text(12.0, MUTED))
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .axis_style(MUTED)
            .draw()
            .map_err(chart_err)?;
        let (_, y_top) = chart.backend_coord(&(x_lo - 0.6, hi));
        unit_label(root, theme, unit, y_top)?;

        let note_style = theme
            .text(12.0, MUTED)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        if !path.is_empty() {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    path.clone(),
                    TARGET.stroke_width(2),
                )))
                .map_err(chart_err)?;
            let anchors: Vec<(f64, f64)> = self
                .baseline()
                .into_iter()
                .chain(self.targets())
                .map(|(y, v)| (f64::from(y), v))
                .collect();
            chart
                .draw_series(anchors.iter().map(|p| Circle::new(*p, 5, TARGET.filled())))
                .map_err(chart_err)?;
            let (w, _) = root.dim_in_pixel();
            for (i, p) in anchors.iter().enumerate() {
                let (x, y) = chart.backend_coord(p);
                let what = if i == 0 {
                    theme.t("基线", "Baseline")
                } else {
                    theme.t("目标", "Target")
                };
                let label = format!("{:.0} {what} {}", p.0, with_unit(p.1, unit));
                // Below the point when a line passes above it (the projection, or the actuals
                // leaving the baseline), else above; kept inside the canvas.
                let above_line = proj
                    .iter()
                    .chain(&acts)
                    .any(|q| (q.0 - p.0).abs() < 0.5 && q.1 > p.1 && q != p)
                    || i == 0;
                let half = (theme.width(&label, 12.0) / 2.0) as i32;
                let x = x.clamp(MARGIN + half, w as i32 - MARGIN - half);
                if above_line {
                    let style = note_style.pos(Pos::new(HPos::Center, VPos::Top));
                    root.label(&label, (x, y + 10), &style)?;
                } else {
                    root.label(&label, (x, y - 10), &note_style)?;
                }
            }
        } else {
            let (w, _) = plot.dim_in_pixel();
            let style = theme
                .text(14.0, MUTED)
                .pos(Pos::new(HPos::Center, VPos::Top));
            let note = theme.t(
                "目标未设定：规划未给出基线或目标值",
                "Target not set: the plan gives no baseline or target",
            );
            plot.label(note, (w as i32 / 2, 16), &style)?;
        }
        if !proj.is_empty() {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    proj.clone(),
                    PROJECTION.stroke_width(2),
                )))
                .map_err(chart_err)?;
            if let Some(p) = proj.last() {
                let (x, y) = chart.backend_coord(p);
                // A projection ending on a target's point would print over the target's label
                // (above the point): it goes below then.
                let on_target = self.targets().into_iter().any(|(ty, tv)| {
                    let (tx, tyy) = chart.backend_coord(&(f64::from(ty), tv));
                    (tx - x).abs() < 40 && (tyy - y).abs() < 20
                });
                let (v, dy) = if on_target {
                    (VPos::Top, 10)
                } else {
                    (VPos::Bottom, -6)
                };
                let style = theme.text(12.0, PROJECTION).pos(Pos::new(HPos::Right, v));
                let label = format!("{} {}", theme.t("预测", "Projected"), with_unit(p.1, unit));
                root.label(&label, (x - 10, y + dy), &style)?;
            }
        }
        if !acts.is_empty() {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    acts.clone(),
                    ACTUAL.stroke_width(3),
                )))
                .map_err(chart_err)?;
            chart
                .draw_series(acts.iter().map(|p| Circle::new(*p, 4, ACTUAL.filled())))
                .map_err(chart_err)?;
            if let Some(p) = acts.last() {
                let (x, y) = chart.backend_coord(p);
                let style = theme
                    .text(12.0, ACTUAL)
                    .pos(Pos::new(HPos::Left, VPos::Top));
                root.label(&with_unit(p.1, unit), (x + 6, y + 6), &style)?;
            }
        }
        Ok(())
    }
}

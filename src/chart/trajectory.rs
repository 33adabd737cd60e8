//! `trajectory`: an indicator's year-to-date actual at each month end (a line with a dot per
//! reported month) against the straight path to the annual target that its status is judged by
//! (from 0 at the start of the year; see [`Trajectory::path`]) and, when asked, one line per
//! district (no dots).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use super::{ChartData, Plot};
use crate::catalog::CITY;
use crate::error::Result;
use crate::progress::ProgressRow;

pub(crate) struct Trajectory<'a> {
    data: &'a ChartData,
    code: &'a str,
    row: Option<&'a ProgressRow>,
    city: Vec<(u32, f64)>,
    districts: Vec<(String, Vec<(u32, f64)>)>,
}

impl<'a> Trajectory<'a> {
    pub fn new(data: &'a ChartData, code: &'a str, with_districts: bool) -> Self {
        let row = data.main_row(code);
        let scope = row.map_or(CITY, |r| r.district.as_str());
        let city = data.series(code, scope);
        let districts = if with_districts {
            data.district_rows(code)
                .into_iter()
                .filter(|r| r.district != scope)
                .map(|r| (r.district.clone(), data.series(code, &r.district)))
                .filter(|(_, s)| !s.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        Trajectory {
            data,
            code,
            row,
            city,
            districts,
        }
    }

    /// The planned path: (month, value) at its start and at December.
    /// The line the status is judged against: 序时进度 × target, from 0 before January (the
    /// completion of a flow or a stock is compared with m/12). A lower-is-better figure is
    /// judged as target ÷ actual, so its line runs from where it started; a milestone has none
    /// (it is done or not, 正常 until December).
    pub(super) fn path(&self) -> Option<[(f64, f64); 2]> {
        let r = self.row?;
        let target = r.target?;
        let start = match (r.kind.as_str(), r.direction.as_str()) {
            ("milestone", _) => return None,
            (_, "lower") => self
                .city
                .first()
                .map_or((0.0, 0.0), |(m, v)| (f64::from(*m), *v)),
            _ => (0.0, 0.0),
        };
        Some([start, (12.0, target)])
    }
}

impl Plot for Trajectory<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 620)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<()> {
        let d = self.data;
        let name = self.row.map_or(self.code.to_string(), |r| {
            d.name(self.code, &r.name, theme.lang)
        });
        let unit = self.row.map_or("", |r| r.unit.as_str());
        let title = if theme.zh() {
            format!("{name}：逐月累计完成与目标路径（{}年）", d.year)
        } else {
            format!("{name}: year-to-date actual vs path to target ({})", d.year)
        };
        let mut facts = Vec::new();
        if let Some(r) = self.row {
            match r.target {
                Some(t) => facts.push(format!(
                    "{} {}",
                    theme.t("年度目标", "Annual target"),
                    with_unit(t, unit)
                )),
                None => facts.push(theme.status("无目标")),
            }
            if let (Some(a), Some(c)) = (r.actual, r.completion) {
                facts.push(format!(
                    "{} {} ({} {})",
                    theme.t("累计", "Year to date"),
                    with_unit(a, unit),
                    theme.t("完成率", "completion"),
                    fmt_pct(c)
                ));
            }
            facts.push(format!(
                "{} {}",
                theme.t("序时进度", "time elapsed"),
                fmt_pct(d.time_progress)
            ));
            facts.push(theme.status(&r.status));
        }
        let area = header(root, theme, &title, &facts.join(" · "))?;
        let path = self.path();
        if self.city.is_empty() && self.districts.is_empty() && path.is_none() {
            return no_data(&area, theme);
        }
        let mut entries = Vec::new();
        if path.is_some() {
            entries.push((theme.t("目标路径", "Path to target").to_string(), TARGET));
        }
        if !self.city.is_empty() {
            let who = self.row.map_or(CITY, |r| r.district.as_str());
            let combined = self.row.and_then(|r| r.combined_as());
            let label = if let (true, Some(how)) = (theme.zh(), combined) {
                format!("{who}（{how}）")
            } else if theme.zh() {
                format!("{who}累计完成")
            } else if who == CITY {
                "City, year to date".to_string()
            } else {
                format!("{who}, year to date")
            };
            entries.push((label, ACTUAL));
        }
        for (i, (dn, _)) in self.districts.iter().enumerate() {
            entries.push((dn.clone(), SERIES[i % SERIES.len()]));
        }
        let below = legend(&area, theme, &entries, (MARGIN, 4))?;
        let plot = area.split_vertically(below + 4).1;

        let values = self
            .city
            .iter()
            .chain(self.districts.iter().flat_map(|(_, s)| s.iter()))
            .map(|p| p.1)
            .chain(path.iter().flat_map(|p| [p[0].1, p[1].1]));
        let (lo, hi) = values.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let hi = if hi <= lo {
            lo + 1.0
        } else {
            hi + (hi - lo) * 0.1
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN)
            .margin_right(40)
            .margin_top(28)
            .margin_bottom(8)
            .x_label_area_size(34)
            .y_label_area_size(72)
            .build_cartesian_2d(0f64..12.3, lo..hi)
            .map_err(chart_err)?;
        let month = |v: &f64| {
            let m = v.round();
            if (v - m).abs() < 1e-6 && m >= 1.0 {
                theme.month(m as u32)
            } else {
                String::new()
            }
        };
        let num = |v: &f64| fmt_num(*v);
        chart
            .configure_mesh()
            .x_labels(13)
            .x_label_formatter(&month)
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

        if let Some(p) = path {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    p.to_vec(),
                    TARGET.stroke_width(2),
                )))
                .map_err(chart_err)?;
            let (x, y) = chart.backend_coord(&p[1]);
            let label = format!("{} {}", theme.t("目标", "Target"), with_unit(p[1].1, unit));
            let style = theme
                .text(12.0, MUTED)
                .pos(Pos::new(HPos::Right, VPos::Bottom));
            root.label(&label, (x, y - 6), &style)?;
        }
        for (i, (_, s)) in self.districts.iter().enumerate() {
            let color = SERIES[i % SERIES.len()];
            chart
                .draw_series(std::iter::once(PathElement::new(
                    s.iter()
                        .map(|(m, v)| (f64::from(*m), *v))
                        .collect::<Vec<_>>(),
                    color.stroke_width(2),
                )))
                .map_err(chart_err)?;
        }
        if !self.city.is_empty() {
            let pts: Vec<(f64, f64)> = self.city.iter().map(|(m, v)| (f64::from(*m), *v)).collect();
            chart
                .draw_series(std::iter::once(PathElement::new(
                    pts.clone(),
                    ACTUAL.stroke_width(3),
                )))
                .map_err(chart_err)?;
            chart
                .draw_series(pts.iter().map(|p| Circle::new(*p, 4, ACTUAL.filled())))
                .map_err(chart_err)?;
            if let Some(last) = pts.last() {
                let (x, y) = chart.backend_coord(last);
                let style = theme
                    .text(12.0, ACTUAL)
                    .pos(Pos::new(HPos::Left, VPos::Top));
                root.label(&with_unit(last.1, unit), (x + 6, y + 4), &style)?;
            }
        } else if self.districts.is_empty() {
            // Above the path's start, where a rising path leaves room.
            let (x, y) = chart.backend_coord(&(3.0, lo + (hi - lo) * 0.8));
            let style = theme
                .text(20.0, MUTED)
                .pos(Pos::new(HPos::Center, VPos::Center));
            root.label(theme.no_data(), (x, y), &style)?;
        }
        Ok(())
    }
}

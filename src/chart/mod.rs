//! Charts of the progress view: SVG (the default) or PNG, labelled in Chinese or English.
//!
//! Six kinds ([`Kind`]), all drawn from one [`ChartData`] (what the progress stage computed for
//! an as-of month) by [`render`]:
//! - `completion`: 完成率 per indicator (city rows, and the one row of an indicator that belongs
//!   to a single district) as horizontal bars grouped by section, coloured by status, with the
//!   序时进度 line;
//! - `trajectory`: an indicator's year-to-date actual month by month against the straight path to
//!   the annual target (flows from 0; stocks from their first reported level), optionally one line
//!   per district;
//! - `districts`: each district's actual beside its target;
//! - `heatmap`: work items × months, coloured by the item's status at each month end;
//! - `goal`: baseline → 2025 / 2035 targets (compound or linear path), annual actuals and the
//!   projection at the current rate;
//! - `completeness`: responsible units × months, received on time / late / missing.
//!
//! Text: SVG names a CJK font-family list ([`font::SVG_FONT_FAMILIES`]) and is laid out with a
//! built-in metrics font, so it needs no font file; PNG draws with a CJK font found on the system
//! or given (see [`font`]). Long names are cut by display width with `…`. Empty data draws a
//! chart that says 无数据 (No data).

mod bitmap;
mod completeness;
mod completion;
mod data;
mod districts;
pub mod font;
#[cfg(test)]
mod gallery;
mod goal;
mod heatmap;
pub mod set;
pub mod style;
mod trajectory;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

pub use data::{AnnualValue, MonthlyValue};

use crate::error::{Error, Result};
use crate::progress::{CompletenessRow, GoalRow, ItemRow, ProgressRow};
use style::{chart_err, Theme};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Svg,
    Png,
}

impl Format {
    /// From a file name's extension (`.svg` / `.png`, any case).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }
}

/// Language of titles, axes and legends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

#[derive(Debug, Clone, Default)]
pub struct ChartOptions {
    pub format: Format,
    /// Canvas size in pixels; each kind has its own default (the completion chart and the
    /// heatmap grow with their number of rows).
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub lang: Lang,
    /// A font file for PNG (`.ttf`, `.otf` or `.ttc`); default: a CJK font found on the system.
    pub font: Option<PathBuf>,
}

/// Which chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Completion,
    Trajectory { indicator: String, districts: bool },
    Districts { indicator: String },
    Heatmap,
    Goal { indicator: String },
    Completeness,
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Completion => "completion",
            Kind::Trajectory { .. } => "trajectory",
            Kind::Districts { .. } => "districts",
            Kind::Heatmap => "heatmap",
            Kind::Goal { .. } => "goal",
            Kind::Completeness => "completeness",
        }
    }
}

/// What the charts draw from: the progress stage's results for one as-of month, with the
/// catalog labels they need. Build it with [`ChartData::compute`] from the store's frames, or by
/// hand (start from [`ChartData::new`]).
#[derive(Debug, Clone, Default)]
pub struct ChartData {
    pub year: i32,
    /// As-of month, 1–12.
    pub month: u32,
    /// 序时进度 as a fraction.
    pub time_progress: f64,
    /// The progress table (every scope: `全市` and districts).
    pub rows: Vec<ProgressRow>,
    /// Year-to-date actual at each month end, per indicator and scope (for `trajectory`).
    pub monthly: Vec<MonthlyValue>,
    /// Item statuses at each month end (for `heatmap`).
    pub items_by_month: Vec<(u32, Vec<ItemRow>)>,
    pub goals: Vec<GoalRow>,
    /// City values per year of goal indicators (for `goal`).
    pub annual: Vec<AnnualValue>,
    pub completeness: Vec<CompletenessRow>,
    /// Section numbers and titles, in order.
    pub sections: Vec<(u32, String)>,
    /// English indicator names by code (`--lang en`).
    pub names_en: BTreeMap<String, String>,
}

impl ChartData {
    /// Empty data for an as-of month (time progress by months).
    pub fn new(year: i32, month: u32) -> Self {
        ChartData {
            year,
            month,
            time_progress: crate::progress::time_progress(
                year,
                month,
                None,
                crate::progress::TimeBasis::Months,
            ),
            ..Default::default()
        }
    }

    /// The indicator's city row, or its only row when it belongs to one district.
    pub(crate) fn main_row(&self, code: &str) -> Option<&ProgressRow> {
        let mut mine = self.rows.iter().filter(|r| r.indicator == code);
        let first = mine.next()?;
        Some(
            std::iter::once(first)
                .chain(mine)
                .find(|r| r.district == crate::catalog::CITY)
                .unwrap_or(first),
        )
    }

    /// The indicator's district rows (not the city), in the progress table's order.
    pub(crate) fn district_rows(&self, code: &str) -> Vec<&ProgressRow> {
        self.rows
            .iter()
            .filter(|r| r.indicator == code && r.district != crate::catalog::CITY)
            .collect()
    }

    /// Year-to-date actuals of an indicator in one scope, by month.
    pub(crate) fn series(&self, code: &str, scope: &str) -> Vec<(u32, f64)> {
        let mut s: Vec<(u32, f64)> = self
            .monthly
            .iter()
            .filter(|m| m.indicator == code && m.district == scope)
            .map(|m| (m.month, m.actual))
            .collect();
        s.sort_by_key(|p| p.0);
        s
    }

    /// An indicator's name in the chart's language (English name where the catalog has one).
    pub(crate) fn name(&self, code: &str, zh_name: &str, lang: Lang) -> String {
        match (lang, self.names_en.get(code)) {
            (Lang::En, Some(en)) => en.clone(),
            _ => zh_name.to_string(),
        }
    }
}

/// Renders one chart to SVG text (UTF-8 bytes) or PNG bytes.
pub fn render(kind: &Kind, data: &ChartData, opts: &ChartOptions) -> Result<Vec<u8>> {
    match kind {
        Kind::Completion => draw(&completion::Completion::new(data), opts),
        Kind::Trajectory {
            indicator,
            districts,
        } => draw(
            &trajectory::Trajectory::new(data, indicator, *districts),
            opts,
        ),
        Kind::Districts { indicator } => draw(&districts::Districts::new(data, indicator), opts),
        Kind::Heatmap => draw(&heatmap::Heatmap::new(data), opts),
        Kind::Goal { indicator } => draw(&goal::GoalChart::new(data, indicator), opts),
        Kind::Completeness => draw(&completeness::Completeness::new(data), opts),
    }
}

/// One kind of chart, drawn on any plotters backend.
pub(crate) trait Plot {
    /// Canvas size when the caller gives none.
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<()>;
}

const MAX_SIDE: u32 = 16_000;

fn draw<P: Plot>(plot: &P, opts: &ChartOptions) -> Result<Vec<u8>> {
    let (dw, dh) = plot.size();
    let (w, h) = (opts.width.unwrap_or(dw), opts.height.unwrap_or(dh));
    if !(200..=MAX_SIDE).contains(&w) || !(150..=MAX_SIDE).contains(&h) {
        return Err(Error::Usage(format!(
            "图片尺寸 {w}×{h} 不可用（宽 200–{MAX_SIDE}，高 150–{MAX_SIDE} 像素）"
        )));
    }
    match opts.format {
        Format::Svg => {
            let theme = Theme {
                face: font::metrics_face()?,
                lang: opts.lang,
            };
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                root.fill(&WHITE).map_err(chart_err)?;
                plot.draw(&root, &theme)?;
                root.present().map_err(chart_err)?;
            }
            Ok(svg_fonts(&svg).into_bytes())
        }
        Format::Png => {
            let face = font::png_face(opts.font.as_deref())?;
            let theme = Theme {
                face,
                lang: opts.lang,
            };
            let mut buf = vec![255u8; w as usize * h as usize * 3];
            {
                let root = bitmap::Png::new(&mut buf, (w, h), &face)?.into_drawing_area();
                root.fill(&WHITE).map_err(chart_err)?;
                plot.draw(&root, &theme)?;
                root.present().map_err(chart_err)?;
            }
            encode_png(&buf, w, h)
        }
    }
}

/// Puts the CJK font-family list where plotters wrote the layout font's name, and declares the
/// document's language so viewers pick Chinese glyph forms.
fn svg_fonts(svg: &str) -> String {
    let svg = svg.replace(
        &format!("font-family=\"{}\"", font::METRICS_FAMILY),
        &format!("font-family=\"{}\"", font::SVG_FONT_FAMILIES),
    );
    let svg = svg.replacen("<svg ", "<svg xml:lang=\"zh-CN\" ", 1);
    // Font sizes come out as `13.000000000000002`; two decimals are plenty.
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    while let Some(i) = rest.find("font-size=\"") {
        let (head, tail) = rest.split_at(i + 11);
        out.push_str(head);
        let end = tail.find('"').unwrap_or(0);
        match tail[..end].parse::<f64>() {
            Ok(v) => out.push_str(&style::fmt_num(v)),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(chart_err)?;
    writer.write_image_data(rgb).map_err(chart_err)?;
    writer.finish().map_err(chart_err)?;
    Ok(out)
}

#[cfg(test)]
mod tests;

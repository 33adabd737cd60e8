//! What every chart shares: colours, text styles in the chosen font, Chinese / English labels,
//! the title block, the legend and the "无数据" panel.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::Face;
use super::Lang;
use crate::error::{Error, Result};

pub(crate) const INK: RGBColor = RGBColor(0x21, 0x21, 0x21);
pub(crate) const MUTED: RGBColor = RGBColor(0x61, 0x61, 0x61);
pub(crate) const GRID: RGBColor = RGBColor(0xE0, 0xE0, 0xE0);
pub(crate) const BAND: RGBColor = RGBColor(0xF2, 0xF4, 0xF7);
pub(crate) const TARGET: RGBColor = RGBColor(0x90, 0xA4, 0xAE);
pub(crate) const ACTUAL: RGBColor = RGBColor(0x15, 0x65, 0xC0);
pub(crate) const PROJECTION: RGBColor = RGBColor(0xAB, 0x47, 0xBC);
pub(crate) const SCHEDULE: RGBColor = RGBColor(0xC6, 0x28, 0x28);

/// Colours of the seven progress statuses (DESIGN.md), best first.
pub const STATUS_COLORS: [(&str, RGBColor); 7] = [
    ("已完成", RGBColor(0x2E, 0x7D, 0x32)),
    ("超序时", RGBColor(0x00, 0x89, 0x7B)),
    ("正常", RGBColor(0x1E, 0x88, 0xE5)),
    ("滞后", RGBColor(0xFB, 0x8C, 0x00)),
    ("严重滞后", RGBColor(0xE5, 0x39, 0x35)),
    ("未报送", RGBColor(0x9E, 0x9E, 0x9E)),
    ("无目标", RGBColor(0xD6, 0xD6, 0xD6)),
];

/// Colours of the completeness states.
pub const RECEIPT_COLORS: [(&str, RGBColor); 3] = [
    ("received", RGBColor(0x43, 0xA0, 0x47)),
    ("late", RGBColor(0xFB, 0x8C, 0x00)),
    ("missing", RGBColor(0xE5, 0x39, 0x35)),
];

/// Line colours for districts, distinguishable and readable on white.
pub(crate) const SERIES: [RGBColor; 8] = [
    RGBColor(0xEF, 0x6C, 0x00),
    RGBColor(0x2E, 0x7D, 0x32),
    RGBColor(0x6A, 0x1B, 0x9A),
    RGBColor(0x00, 0x83, 0x8F),
    RGBColor(0xAD, 0x14, 0x57),
    RGBColor(0x5D, 0x40, 0x37),
    RGBColor(0x9E, 0x9D, 0x24),
    RGBColor(0x45, 0x5A, 0x64),
];

pub fn status_color(status: &str) -> RGBColor {
    STATUS_COLORS
        .iter()
        .find(|(s, _)| *s == status)
        .map_or(STATUS_COLORS[6].1, |(_, c)| *c)
}

pub(crate) fn chart_err(e: impl std::fmt::Display) -> Error {
    Error::Chart(e.to_string())
}

/// The font and language of one rendering.
pub(crate) struct Theme {
    pub face: Face,
    pub lang: Lang,
}

impl Theme {
    pub fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// The label in the chart's language.
    pub fn t<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        if self.zh() {
            zh
        } else {
            en
        }
    }

    /// Text `px` pixels per em, anchored at its left top.
    pub fn text(&self, px: f64, color: RGBColor) -> TextStyle<'static> {
        TextStyle {
            font: FontDesc::new(
                FontFamily::Name(self.face.family),
                px * self.face.line,
                FontStyle::Normal,
            ),
            color: color.to_backend_color(),
            pos: Pos::new(HPos::Left, VPos::Top),
        }
    }

    pub fn bold(&self, px: f64, color: RGBColor) -> TextStyle<'static> {
        let mut s = self.text(px, color);
        s.font = s.font.style(FontStyle::Bold);
        s
    }

    pub fn status(&self, s: &str) -> String {
        if self.zh() {
            return s.to_string();
        }
        match s {
            "已完成" => "Done",
            "超序时" => "Ahead",
            "正常" => "On schedule",
            "滞后" => "Behind",
            "严重滞后" => "Far behind",
            "未报送" => "Not reported",
            "无目标" => "No target",
            other => other,
        }
        .to_string()
    }

    pub fn month(&self, m: u32) -> String {
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        if self.zh() {
            format!("{m}月")
        } else {
            EN.get(m.wrapping_sub(1) as usize)
                .map_or_else(|| m.to_string(), |s| s.to_string())
        }
    }

    /// `2022年6月` / `Jun 2022`.
    pub fn year_month(&self, y: i32, m: u32) -> String {
        if self.zh() {
            format!("{y}年{m}月")
        } else {
            format!("{} {y}", self.month(m))
        }
    }

    pub fn no_data(&self) -> &'static str {
        if self.zh() {
            "无数据"
        } else {
            "No data"
        }
    }

    /// How wide a text is, in pixels, at `px` per em (an estimate from display width).
    pub fn width(&self, s: &str, px: f64) -> f64 {
        cjk_width(s) as f64 * 0.52 * px
    }
}

/// Pixel-level drawing helpers on a drawing area.
pub(crate) trait Canvas {
    fn label(&self, s: &str, at: (i32, i32), style: &TextStyle) -> Result<()>;
    fn rect(&self, a: (i32, i32), b: (i32, i32), color: RGBColor) -> Result<()>;
    fn line(&self, a: (i32, i32), b: (i32, i32), color: RGBColor, width: u32) -> Result<()>;
}

impl<DB: DrawingBackend> Canvas for DrawingArea<DB, Shift> {
    fn label(&self, s: &str, at: (i32, i32), style: &TextStyle) -> Result<()> {
        self.draw(&Text::new(s.to_string(), at, style.clone()))
            .map_err(chart_err)
    }

    fn rect(&self, a: (i32, i32), b: (i32, i32), color: RGBColor) -> Result<()> {
        self.draw(&Rectangle::new([a, b], color.filled()))
            .map_err(chart_err)
    }

    fn line(&self, a: (i32, i32), b: (i32, i32), color: RGBColor, width: u32) -> Result<()> {
        self.draw(&PathElement::new(vec![a, b], color.stroke_width(width)))
            .map_err(chart_err)
    }
}

/// Left margin of every chart, in pixels.
pub(crate) const MARGIN: i32 = 24;

/// Draws the title (and a subtitle line under it) and returns the area below them.
pub(crate) fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>> {
    let (w, _) = root.dim_in_pixel();
    let cols = ((f64::from(w) - 2.0 * f64::from(MARGIN)) / (0.52 * 20.0)) as usize;
    root.label(&fit(title, cols), (MARGIN, 14), &theme.bold(20.0, INK))?;
    let mut top = 46;
    if !subtitle.is_empty() {
        let cols = ((f64::from(w) - 2.0 * f64::from(MARGIN)) / (0.52 * 13.0)) as usize;
        root.label(&fit(subtitle, cols), (MARGIN, 44), &theme.text(13.0, MUTED))?;
        top = 68;
    }
    Ok(root.split_vertically(top).1)
}

/// A row of legend entries (a colour swatch and its label) starting at `(x, y)`; wraps at the
/// area's right edge. Returns the y below the legend.
pub(crate) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    entries: &[(String, RGBColor)],
    (x0, y0): (i32, i32),
) -> Result<i32> {
    let (w, _) = area.dim_in_pixel();
    let style = theme.text(12.0, INK);
    let (mut x, mut y) = (x0, y0);
    for (label, color) in entries {
        let need = 20 + theme.width(label, 12.0) as i32 + 18;
        if x + need > w as i32 - MARGIN && x > x0 {
            x = x0;
            y += 22;
        }
        area.rect((x, y + 2), (x + 14, y + 14), *color)?;
        area.label(label, (x + 20, y + 1), &style)?;
        x += need;
    }
    Ok(y + 24)
}

/// `单位：公里` above the value axis, whose top is at `y`.
pub(crate) fn unit_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    unit: &str,
    y: i32,
) -> Result<()> {
    if unit.is_empty() {
        return Ok(());
    }
    let style = theme
        .text(12.0, MUTED)
        .pos(Pos::new(HPos::Left, VPos::Bottom));
    let label = format!("{}{unit}", theme.t("单位：", "Unit: "));
    root.label(&label, (MARGIN, y - 8), &style)
}

/// The panel shown when there is nothing to draw.
pub(crate) fn no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
) -> Result<()> {
    let (w, h) = area.dim_in_pixel();
    let style = theme
        .text(28.0, MUTED)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.label(theme.no_data(), (w as i32 / 2, h as i32 / 2), &style)
}

/// Display columns in a CJK font: East Asian ambiguous characters (“ ” ・ …) take two, as CJK
/// fonts draw them full-width; `crate::text::display_width` counts them as one (terminals).
pub fn cjk_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width_cjk(s)
}

/// Cuts to at most `cols` CJK display columns, marking the cut with `…`.
pub fn fit(s: &str, cols: usize) -> String {
    if cjk_width(s) <= cols {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width_cjk(c).unwrap_or(0);
        if w + cw + 2 > cols {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// A number as statisticians write it: thousands separated from 10 000 up, at most two decimals.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v.abs() >= 10_000.0 {
        let s = format!("{:.0}", v.abs());
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        return if v < 0.0 { format!("-{out}") } else { out };
    }
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A fraction as a percentage with one decimal: `0.853` → `85.3%`.
pub fn fmt_pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// The value with its unit: `50公里`, `85%`, `3 个`.
pub fn with_unit(v: f64, unit: &str) -> String {
    format!("{}{unit}", fmt_num(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_statisticians_write_them() {
        assert_eq!(fmt_num(50.0), "50");
        assert_eq!(fmt_num(12.345), "12.35");
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(18_765.4), "18,765");
        assert_eq!(fmt_num(-1_234_567.0), "-1,234,567");
        assert_eq!(fmt_pct(0.8534), "85.3%");
        assert_eq!(with_unit(50.0, "公里"), "50公里");
    }

    #[test]
    fn fitting_counts_chinese_quotes_as_wide() {
        assert_eq!(cjk_width("“三线”"), 8);
        assert_eq!(fit("开展“四好农村路”示范创建", 12), "开展“四好…");
        assert_eq!(fit("新改建农村公路", 14), "新改建农村公路");
        assert_eq!(fit("新改建农村公路", 9), "新改建…");
    }

    #[test]
    fn every_status_has_its_own_colour() {
        let mut cs: Vec<_> = STATUS_COLORS.iter().map(|(_, c)| (c.0, c.1, c.2)).collect();
        cs.dedup();
        assert_eq!(cs.len(), 7);
        assert_eq!(status_color("滞后"), RGBColor(0xFB, 0x8C, 0x00));
    }
}

//! The PNG backend: plotters' bitmap backend with text drawn by us.
//!
//! plotters 0.3.7 places each ab_glyph glyph at its advance origin without its left side bearing
//! (`style/font/ab_glyph.rs`, `draw`), so narrow CJK glyphs such as 目 and 计 sit too far left and
//! a line of Chinese looks unevenly spaced ("目 标"). Here each glyph's outline is placed at its
//! pixel bounds, on a baseline that centres ideographs in the box plotters lays out, and bold text
//! uses the bold companion font (or is emboldened by one pixel when there is none). Everything
//! else goes straight to `BitMapBackend`.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use plotters::backend::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::font::Face;
use crate::error::{Error, Result};

pub(crate) struct Png<'a> {
    inner: BitMapBackend<'a>,
    regular: FontRef<'static>,
    bold: Option<FontRef<'static>>,
}

type Failure = DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>;

impl<'a> Png<'a> {
    pub fn new(buf: &'a mut [u8], size: (u32, u32), face: &Face) -> Result<Self> {
        let font = |b: &'static [u8]| {
            FontRef::try_from_slice(b).map_err(|e| Error::Chart(format!("字体无法读取: {e}")))
        };
        Ok(Png {
            inner: BitMapBackend::with_buffer(buf, size),
            regular: font(face.regular)?,
            bold: face.bold.map(font).transpose()?,
        })
    }
}

impl DrawingBackend for Png<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Failure> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Failure> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let want_bold = matches!(style.style(), FontStyle::Bold);
        let (font, embolden) = match (&self.bold, want_bold) {
            (Some(b), true) => (b.clone(), 0),
            (None, true) => (self.regular.clone(), 1),
            _ => (self.regular.clone(), 0),
        };
        let scale = PxScale::from(style.size() as f32);
        let sf = font.as_scaled(scale);
        let em = sf.scale_factor().vertical * font.units_per_em().unwrap_or(1000.0);
        // Ideographs span about 0.88 em above the baseline and 0.12 em below it.
        let baseline = height as f32 / 2.0 + 0.38 * em;
        let trans = style.transform();
        let (w, h) = self.get_size();
        let mut caret = 0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = sf.glyph_id(c);
            if let Some(p) = prev {
                caret += sf.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(scale, ab_glyph::point(caret, baseline));
            caret += sf.h_advance(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let b = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|x, y, cov| {
                if cov > 0.0 {
                    pixels.push((b.min.x as i32 + x as i32, b.min.y as i32 + y as i32, cov));
                }
            });
            for (x, y, cov) in pixels {
                for k in 0..=embolden {
                    let (tx, ty) = trans.transform(x + k + dx, y + dy);
                    let (px, py) = (pos.0 + tx, pos.1 + ty);
                    if px >= 0 && py >= 0 && px < w as i32 && py < h as i32 {
                        let c = BackendColor {
                            alpha: color.alpha * f64::from(cov.min(1.0)),
                            rgb: color.rgb,
                        };
                        self.inner.draw_pixel((px, py), c)?;
                    }
                }
            }
        }
        Ok(())
    }
}

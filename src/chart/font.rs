//! Fonts for charts.
//!
//! plotters lays text out (and, for PNG, draws it) with `ab_glyph` fonts registered by name;
//! `register_font` takes one font's bytes and parses face 0. So:
//! - **SVG** is laid out with a small font built here in memory (`metrics_face`): CJK characters
//!   are 1 em wide, Latin characters about 0.56 em, which is what the CJK fonts the SVG names
//!   (`SVG_FONT_FAMILIES`) measure. The viewer draws the text with its own font, so SVG never needs
//!   a font file and is the same on every machine.
//! - **PNG** draws glyphs, so it needs a real CJK font: the `--font` file, or the first of
//!   `SYSTEM_FONTS` that exists, or an error that says how to install one. A `.ttc` collection is
//!   accepted: its Simplified Chinese face (family name with `SC`, `GB`, `CN` or `Hans`) is moved to
//!   the front of the collection's table so that face 0 is the one we want. A font without a
//!   glyph for 中 is refused rather than drawn as boxes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ab_glyph::{Font, FontRef};
use plotters::style::FontStyle;

use crate::error::{Error, Result};

/// The font-family list written into SVG text, most specific first.
pub const SVG_FONT_FAMILIES: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', \
'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', 'SimHei', sans-serif";

/// The name the layout font is registered under; replaced by `SVG_FONT_FAMILIES` in the output.
pub(crate) const METRICS_FAMILY: &str = "dabiao-metrics";

/// Where CJK fonts usually live (Debian/Ubuntu, Fedora/Arch, Windows, macOS), best first.
pub const SYSTEM_FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/adobe-source-han-sans/SourceHanSansCN-Regular.otf",
    "/usr/share/fonts/adobe-source-han-sans/SourceHanSans-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\msyh.ttf",
    "C:\\Windows\\Fonts\\simhei.ttf",
    "C:\\Windows\\Fonts\\simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
];

/// A font registered with plotters.
#[derive(Clone, Copy)]
pub struct Face {
    /// The plotters family name it is registered under.
    pub family: &'static str,
    /// The font's line height in em (ascent − descent); plotters sizes text by line height, so a
    /// font `px` em high is asked for at `px × line`.
    pub line: f64,
    /// The font file's bytes (face 0 is the one used), for drawing glyphs ourselves.
    pub(crate) regular: &'static [u8],
    /// A bold companion (`…-Bold.ttc` beside `…-Regular.ttc`, `msyhbd.ttc` beside `msyh.ttc`).
    pub(crate) bold: Option<&'static [u8]>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("family", &self.family)
            .field("line", &self.line)
            .field("bold", &self.bold.is_some())
            .finish()
    }
}

/// The layout font for SVG (registered once per process).
pub fn metrics_face() -> Result<Face> {
    static FACE: OnceLock<std::result::Result<Face, String>> = OnceLock::new();
    FACE.get_or_init(|| {
        let bytes: &'static [u8] = Box::leak(metrics_font().into_boxed_slice());
        plotters::style::register_font(METRICS_FAMILY, FontStyle::Normal, bytes)
            .map_err(|_| "内置排版字体无效".to_string())?;
        let f = FontRef::try_from_slice(bytes).map_err(|e| e.to_string())?;
        Ok(Face {
            family: METRICS_FAMILY,
            line: line_height(&f),
            regular: bytes,
            bold: None,
        })
    })
    .clone()
    .map_err(Error::Chart)
}

/// The first usable CJK font among `SYSTEM_FONTS`, if any.
pub fn system_font() -> Option<PathBuf> {
    SYSTEM_FONTS
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file() && load(p).is_ok())
}

/// The font for PNG output: `font` when given, else a system CJK font.
pub fn png_face(font: Option<&Path>) -> Result<Face> {
    if let Some(p) = font {
        return load(p);
    }
    match system_font() {
        Some(p) => load(&p),
        None => Err(Error::Chart(no_font_message())),
    }
}

/// The error when no CJK font is found, in Chinese and English, with how to get one.
pub fn no_font_message() -> String {
    format!(
        "生成 PNG 需要中文字体，但在本机没有找到（SVG 不需要字体）。\n\
         请安装一种中文字体：Debian/Ubuntu: apt-get install fonts-noto-cjk；\
         Fedora: dnf install google-noto-sans-cjk-fonts；Windows 自带微软雅黑（msyh.ttc）；\
         或用 --font 指定字体文件（.ttf/.otf/.ttc）。\n\
         No CJK font found for PNG output (SVG needs none): install one \
         (apt-get install fonts-noto-cjk) or pass --font FILE. Looked in:\n  {}",
        SYSTEM_FONTS.join("\n  ")
    )
}

/// Loads and registers a font file once per process.
fn load(path: &Path) -> Result<Face> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Face>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(f) = cache.lock().ok().and_then(|c| c.get(path).copied()) {
        return Ok(f);
    }
    let (bytes, line) = read_cjk(path)?;
    let bold = bold_companion(path)
        .and_then(|p| read_cjk(&p).ok())
        .map(|b| b.0);
    let mut cache = cache
        .lock()
        .map_err(|_| Error::Chart("字体缓存不可用".into()))?;
    let family: &'static str = Box::leak(format!("dabiao-font-{}", cache.len()).into_boxed_str());
    plotters::style::register_font(family, FontStyle::Normal, bytes).map_err(|_| {
        Error::Chart(format!(
            "字体 {} 无法注册 / cannot be registered",
            path.display()
        ))
    })?;
    let face = Face {
        family,
        line,
        regular: bytes,
        bold,
    };
    cache.insert(path.to_path_buf(), face);
    Ok(face)
}

/// Reads a font file, puts its Simplified Chinese face first, and checks it has Chinese glyphs.
fn read_cjk(path: &Path) -> Result<(&'static [u8], f64)> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::Chart(format!(
            "字体文件 {} 无法读取 / cannot read font file: {e}",
            path.display()
        ))
    })?;
    let bytes = face_first(bytes);
    let bad = |why: &str| Error::Chart(format!("字体 {} {why}", path.display()));
    let font = FontRef::try_from_slice(&bytes)
        .map_err(|_| bad("无法读取（不是 TrueType/OpenType 字体） / not a font file"))?;
    if ['中', '鄂'].iter().any(|c| font.glyph_id(*c).0 == 0) {
        return Err(bad(
            "不含中文字形，图中汉字会显示为方框 / has no Chinese glyphs",
        ));
    }
    let line = line_height(&font);
    Ok((Box::leak(bytes.into_boxed_slice()), line))
}

/// The bold file that usually sits beside a regular one.
fn bold_companion(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let bold = if name.contains("Regular") {
        name.replace("Regular", "Bold")
    } else if let Some(stem) = name.strip_suffix(".ttc").filter(|s| *s == "msyh") {
        format!("{stem}bd.ttc")
    } else {
        return None;
    };
    Some(path.with_file_name(bold)).filter(|p| p.is_file())
}

fn line_height(f: &FontRef) -> f64 {
    let upm = f64::from(f.units_per_em().unwrap_or(1000.0));
    f64::from(f.height_unscaled()) / upm
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// For a `.ttc` collection, puts the Simplified Chinese face first (see the module doc);
/// other files are returned unchanged.
fn face_first(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.get(..4) != Some(b"ttcf") {
        return bytes;
    }
    let n = be32(&bytes, 8).unwrap_or(0) as usize;
    let pick = (0..n).find(|&i| {
        be32(&bytes, 12 + 4 * i)
            .map(|off| family_names(&bytes, off as usize))
            .is_some_and(|names| names.iter().any(|s| is_simplified(s)))
    });
    if let Some(i) = pick.filter(|&i| i > 0) {
        let (a, b) = (12, 12 + 4 * i);
        for k in 0..4 {
            bytes.swap(a + k, b + k);
        }
    }
    bytes
}

fn is_simplified(name: &str) -> bool {
    name.split([' ', '-'])
        .any(|w| matches!(w, "SC" | "GB" | "CN" | "Hans"))
}

/// Family names (name IDs 1 and 16) of the face whose table directory starts at `face`.
fn family_names(b: &[u8], face: usize) -> Vec<String> {
    let mut out = Vec::new();
    let Some(num) = be16(b, face + 4) else {
        return out;
    };
    let name = (0..num as usize)
        .map(|i| face + 12 + 16 * i)
        .find(|&r| b.get(r..r + 4) == Some(b"name"))
        .and_then(|r| be32(b, r + 8));
    let Some(t) = name.map(|t| t as usize) else {
        return out;
    };
    let (count, strings) = (be16(b, t + 2).unwrap_or(0), be16(b, t + 4).unwrap_or(0));
    for i in 0..count as usize {
        let r = t + 6 + 12 * i;
        let (Some(platform), Some(id), Some(len), Some(off)) =
            (be16(b, r), be16(b, r + 6), be16(b, r + 8), be16(b, r + 10))
        else {
            break;
        };
        if id != 1 && id != 16 {
            continue;
        }
        let start = t + strings as usize + off as usize;
        let Some(raw) = b.get(start..start + len as usize) else {
            continue;
        };
        out.push(match platform {
            0 | 3 => {
                let units: Vec<u16> = raw
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            }
            _ => raw.iter().map(|&c| char::from(c)).collect(),
        });
    }
    out
}

/// A TrueType font with no outlines and four glyphs, for text layout only: .notdef, a narrow
/// glyph (Latin, 0.56 em), a wide glyph (CJK and full-width forms, 1 em) and a space (0.28 em).
/// Line height 1.24 em, the ratio plotters' SVG backend uses between its size and `font-size`.
fn metrics_font() -> Vec<u8> {
    const NARROW: u32 = 1;
    const WIDE: u32 = 2;
    const SPACE: u32 = 3;
    let advances: [u16; 4] = [600, 560, 1000, 280];
    let groups: &[(u32, u32, u32)] = &[
        (0x20, 0x20, SPACE),
        (0x21, 0x7E, NARROW),
        (0xA0, 0x2013, NARROW),
        (0x2014, 0x2014, WIDE),
        (0x2015, 0x2025, NARROW),
        (0x2026, 0x2026, WIDE),
        (0x2027, 0x2E7F, NARROW),
        (0x2E80, 0x9FFF, WIDE),
        (0xA000, 0xABFF, NARROW),
        (0xAC00, 0xD7AF, WIDE),
        (0xF900, 0xFAFF, WIDE),
        (0xFE30, 0xFE4F, WIDE),
        (0xFF01, 0xFF60, WIDE),
        (0xFFE0, 0xFFE6, WIDE),
        (0x20000, 0x3FFFF, WIDE),
    ];
    let (ascender, descender): (i16, i16) = (880, -360);
    let mut head = Vec::new();
    head.extend(0x0001_0000u32.to_be_bytes()); // version
    head.extend(0x0001_0000u32.to_be_bytes()); // fontRevision
    head.extend(0u32.to_be_bytes()); // checksumAdjustment
    head.extend(0x5F0F_3CF5u32.to_be_bytes()); // magicNumber
    head.extend(3u16.to_be_bytes()); // flags
    head.extend(1000u16.to_be_bytes()); // unitsPerEm
    head.extend([0u8; 16]); // created, modified
    for v in [0i16, descender, 1000, ascender] {
        head.extend(v.to_be_bytes()); // xMin yMin xMax yMax
    }
    for v in [0i16, 8, 2, 0, 0] {
        head.extend(v.to_be_bytes()); // macStyle lowestRecPPEM fontDirectionHint indexToLocFormat glyphDataFormat
    }
    let mut hhea = Vec::new();
    hhea.extend(0x0001_0000u32.to_be_bytes());
    for v in [
        ascender, descender, 0, 1000, 0, 0, 1000, 1, 0, 0, 0, 0, 0, 0, 0,
    ] {
        hhea.extend(v.to_be_bytes());
    }
    hhea.extend((advances.len() as u16).to_be_bytes()); // numberOfHMetrics
    let mut maxp = Vec::new();
    maxp.extend(0x0000_5000u32.to_be_bytes());
    maxp.extend((advances.len() as u16).to_be_bytes());
    let mut hmtx = Vec::new();
    for a in advances {
        hmtx.extend(a.to_be_bytes());
        hmtx.extend(0i16.to_be_bytes());
    }
    let mut cmap = Vec::new();
    cmap.extend(0u16.to_be_bytes()); // version
    cmap.extend(1u16.to_be_bytes()); // numTables
    cmap.extend(3u16.to_be_bytes()); // Windows
    cmap.extend(10u16.to_be_bytes()); // Unicode full repertoire
    cmap.extend(12u32.to_be_bytes()); // subtable offset
    cmap.extend(13u16.to_be_bytes()); // format 13: many-to-one ranges
    cmap.extend(0u16.to_be_bytes());
    cmap.extend((16 + 12 * groups.len() as u32).to_be_bytes());
    cmap.extend(0u32.to_be_bytes()); // language
    cmap.extend((groups.len() as u32).to_be_bytes());
    for (a, b, g) in groups {
        for v in [a, b, g] {
            cmap.extend(v.to_be_bytes());
        }
    }
    // Table records sorted by tag, as the format requires.
    let tables: [(&[u8; 4], Vec<u8>); 5] = [
        (b"cmap", cmap),
        (b"head", head),
        (b"hhea", hhea),
        (b"hmtx", hmtx),
        (b"maxp", maxp),
    ];
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    out.extend((tables.len() as u16).to_be_bytes());
    for v in [64u16, 2, 16] {
        out.extend(v.to_be_bytes()); // searchRange entrySelector rangeShift
    }
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    for (tag, data) in &tables {
        out.extend(tag.iter());
        out.extend(0u32.to_be_bytes()); // checksum (not checked by readers we use)
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        body.extend(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ab_glyph::ScaleFont;

    #[test]
    fn metrics_font_measures_cjk_as_one_em() {
        let bytes = metrics_font();
        let f = FontRef::try_from_slice(&bytes).unwrap();
        assert!((line_height(&f) - 1.24).abs() < 1e-6);
        let s = f.as_scaled(124.0);
        let adv = |c| s.h_advance(f.glyph_id(c));
        assert!((adv('中') - 100.0).abs() < 0.01);
        assert!((adv('１') - 100.0).abs() < 0.01);
        assert!((adv('5') - 56.0).abs() < 0.01);
        assert!((adv(' ') - 28.0).abs() < 0.01);
        metrics_face().unwrap();
    }

    #[test]
    fn simplified_face_names() {
        assert!(is_simplified("Noto Sans CJK SC"));
        assert!(is_simplified("Source Han Sans CN"));
        assert!(!is_simplified("Noto Sans CJK JP"));
        assert!(!is_simplified("Microsoft YaHei"));
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.ttf");
        std::fs::write(&p, b"not a font").unwrap();
        let e = png_face(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("x.ttf"), "{e}");
    }

    #[test]
    fn the_missing_font_message_says_how_to_install_one() {
        let m = no_font_message();
        assert!(m.contains("apt-get install fonts-noto-cjk"));
        assert!(m.contains("--font"));
        assert!(m.contains("中文字体"));
    }

    #[test]
    fn a_collection_gets_its_simplified_chinese_face_first() {
        let Some(p) = system_font() else {
            eprintln!("note: no CJK font on this machine; collection test skipped");
            return;
        };
        let bytes = face_first(std::fs::read(&p).unwrap());
        if p.to_string_lossy().contains("NotoSansCJK-") {
            let off = be32(&bytes, 12).unwrap() as usize;
            let names = family_names(&bytes, off);
            assert!(names.iter().any(|n| n.contains("CJK SC")), "{names:?}");
        }
    }
}

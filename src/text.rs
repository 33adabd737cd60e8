//! Text helpers shared by every stage: width folding for matching what people type in Excel,
//! and display width for aligning Chinese in a terminal.

use std::collections::HashSet;
use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

/// One shared `Arc<str>` per distinct text: rows of a table repeat the same indicator,
/// district, unit and file names thousands (a national store: millions) of times.
#[derive(Default)]
pub(crate) struct Interner(HashSet<Arc<str>, foldhash::fast::FixedState>);

impl Interner {
    pub(crate) fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(t) = self.0.get(s) {
            return t.clone();
        }
        let t: Arc<str> = s.into();
        self.0.insert(t.clone());
        t
    }
}

/// `X（Y）` or `X(Y)`: what comes before a closing bracketed part, and what is inside it.
pub fn bracketed_tail(s: &str) -> Option<(&str, &str)> {
    s.strip_suffix(['）', ')'])?.rsplit_once(['（', '('])
}

/// Folds full-width ASCII forms (`１２３`, `％`, `（`) to half-width and the ideographic space to
/// a plain space.
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A header or name as compared: width-folded, lower-cased, without any white space or line
/// breaks, and without the punctuation people sprinkle around labels (`*`, `:`, brackets).
pub fn normalize_key(s: &str) -> String {
    normalize_chars(s.chars())
}

/// [`normalize_key`] of a sequence of characters.
pub fn normalize_chars(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    for c in chars.map(fold_char) {
        if c.is_whitespace() || matches!(c, '*' | ':' | '：' | '"' | '“' | '”') {
            continue;
        }
        // One pass, no case table for ASCII or CJK (most of what is compared; neither has
        // case to fold beyond ASCII's).
        match c {
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            '\u{3000}'..='\u{9FFF}' => out.push(c),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Terminal columns a string takes (CJK = 2).
pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Pads to `width` display columns.
pub fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Cuts to at most `width` display columns, marking the cut with `…`.
pub fn truncate(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(fold_width("１２．５％"), "12.5%");
        assert_eq!(normalize_key(" 指标\n编码 "), "指标编码");
        assert_eq!(normalize_key("Ｃｏｄｅ"), "code");
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("全市"), 4);
        assert_eq!(pad("区", 4), "区  ");
        assert_eq!(truncate("新改建农村公路", 7), "新改建…");
    }
}

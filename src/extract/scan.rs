//! Character-level helpers shared by the extractor: width folding that keeps char positions,
//! bracket and quote matching that tolerates mixed and unbalanced marks, and list splitting.
//!
//! Every parser works on a [`Span`]: the text as written and its width-folded twin, char for
//! char, so a rule can match `,`/`，` or `(`/`（` alike and still cut the original text.

use crate::text::fold_width;

/// Opening brackets, any of which may be closed by any closer (the seed mixes `〔…〕` and `(…)`).
pub const OPENERS: &[char] = &['(', '[', '{', '〔', '【', '〖', '［', '｛'];
pub const CLOSERS: &[char] = &[')', ']', '}', '〕', '】', '〗', '］', '｝'];
/// Marks that end a clause.
pub const CLAUSE_ENDS: &[char] = &[',', ';', '。', ':', '!', '?', '；', '，'];
/// Marks that end a sentence.
pub const SENTENCE_ENDS: &[char] = &['。', ';', '!', '?'];

pub fn is_opener(c: char) -> bool {
    OPENERS.contains(&c)
}

pub fn is_closer(c: char) -> bool {
    CLOSERS.contains(&c)
}

pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Text as written plus its folded twin with the same number of chars.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Span {
    pub orig: Vec<char>,
    pub fold: Vec<char>,
}

impl Span {
    pub fn new(s: &str) -> Span {
        let orig: Vec<char> = s.chars().collect();
        let fold = orig
            .iter()
            .map(|c| {
                let mut buf = [0u8; 4];
                fold_width(c.encode_utf8(&mut buf))
                    .chars()
                    .next()
                    .unwrap_or(*c)
            })
            .collect();
        Span { orig, fold }
    }

    pub fn len(&self) -> usize {
        self.orig.len()
    }

    pub fn is_empty(&self) -> bool {
        self.orig.is_empty()
    }

    pub fn slice(&self, start: usize, end: usize) -> Span {
        let end = end.min(self.len());
        let start = start.min(end);
        Span {
            orig: self.orig[start..end].to_vec(),
            fold: self.fold[start..end].to_vec(),
        }
    }

    pub fn text(&self) -> String {
        self.orig.iter().collect()
    }

    pub fn folded(&self) -> String {
        self.fold.iter().collect()
    }

    pub fn push(&mut self, other: &Span) {
        self.orig.extend_from_slice(&other.orig);
        self.fold.extend_from_slice(&other.fold);
    }

    /// Removes white space at both ends.
    pub fn trim(&self) -> Span {
        let start = self
            .fold
            .iter()
            .position(|c| !c.is_whitespace())
            .unwrap_or(self.len());
        let end = self
            .fold
            .iter()
            .rposition(|c| !c.is_whitespace())
            .map_or(start, |e| e + 1);
        self.slice(start, end)
    }

    /// Removes the given marks (and white space) from the end.
    pub fn trim_end_marks(&self, marks: &[char]) -> Span {
        let mut end = self.len();
        while end > 0 && (marks.contains(&self.fold[end - 1]) || self.fold[end - 1].is_whitespace())
        {
            end -= 1;
        }
        self.slice(0, end).trim()
    }

    /// First position at or after `from` where the folded text starts with `pat`.
    pub fn find(&self, pat: &str, from: usize) -> Option<usize> {
        let pat: Vec<char> = pat.chars().collect();
        if pat.is_empty() || pat.len() > self.len() {
            return None;
        }
        (from..=self.len() - pat.len()).find(|&i| self.fold[i..i + pat.len()] == pat[..])
    }

    pub fn starts_with_at(&self, pat: &str, at: usize) -> bool {
        pat.chars()
            .enumerate()
            .all(|(k, p)| self.fold.get(at + k) == Some(&p))
    }
}

/// For each char, the depth of brackets around it (0 = outside any bracket). Unbalanced closers
/// are ignored, so a stray `)` never makes the depth negative.
pub fn bracket_depths(fold: &[char]) -> Vec<usize> {
    let mut depth = 0usize;
    fold.iter()
        .map(|&c| {
            if is_opener(c) {
                depth += 1;
                depth
            } else if is_closer(c) {
                let d = depth;
                depth = depth.saturating_sub(1);
                d
            } else {
                depth
            }
        })
        .collect()
}

/// Index of the closer matching the opener at `open`, counting any bracket kind; `None` when the
/// bracket is never closed.
pub fn matching_close(fold: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in fold.iter().enumerate().skip(open) {
        if is_opener(c) {
            depth += 1;
        } else if is_closer(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Chars inside a balanced pair of quotation marks (`“…”`, `"…"`, `「…」`, `‘…’`). A quote that is
/// never closed within its sentence marks nothing, so `三块地”改革` does not swallow the rest.
pub fn quoted_mask(fold: &[char]) -> Vec<bool> {
    let mut mask = vec![false; fold.len()];
    let pairs = [('“', '”'), ('「', '」'), ('‘', '’'), ('『', '』')];
    for (open, close) in pairs {
        let mut start: Option<usize> = None;
        for (i, &c) in fold.iter().enumerate() {
            if c == open {
                start = Some(i);
            } else if c == close {
                if let Some(s) = start.take() {
                    mask[s..=i].iter_mut().for_each(|m| *m = true);
                }
            } else if SENTENCE_ENDS.contains(&c) {
                start = None;
            }
        }
    }
    // Straight double quotes pair up in order within a sentence.
    let mut start: Option<usize> = None;
    for (i, &c) in fold.iter().enumerate() {
        if c == '"' {
            match start.take() {
                Some(s) => mask[s..=i].iter_mut().for_each(|m| *m = true),
                None => start = Some(i),
            }
        } else if SENTENCE_ENDS.contains(&c) {
            start = None;
        }
    }
    mask
}

/// Chars inside quotation marks that quote a name or slogan (`“四个不摘”`, `“十年禁渔”`) rather
/// than a passage: a quote of more than 12 chars or with a comma inside
/// (`“…人才达到2000名左右，…人才贡献率达到40%”`) quotes the plan's own targets.
pub fn name_quote_mask(fold: &[char]) -> Vec<bool> {
    let mut mask = quoted_mask(fold);
    let mut i = 0;
    while i < mask.len() {
        if !mask[i] {
            i += 1;
            continue;
        }
        let end = (i..mask.len()).find(|&j| !mask[j]).unwrap_or(mask.len());
        let inner = &fold[i + 1..end.saturating_sub(1).max(i + 1)];
        if inner.len() > 12 || inner.iter().any(|c| matches!(c, ',' | ';' | '，' | '；')) {
            mask[i..end].iter_mut().for_each(|m| *m = false);
        }
        i = end;
    }
    mask
}

/// Splits at any of `seps` that is outside brackets and quotes; pieces are trimmed, empty ones
/// dropped.
pub fn split_top(span: &Span, seps: &[char]) -> Vec<Span> {
    let depths = bracket_depths(&span.fold);
    let quoted = quoted_mask(&span.fold);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..span.len() {
        if depths[i] == 0 && !quoted[i] && seps.contains(&span.fold[i]) {
            out.push(span.slice(start, i).trim());
            start = i + 1;
        }
    }
    out.push(span.slice(start, span.len()).trim());
    out.retain(|s| !s.is_empty());
    out
}

/// Removes every bracketed part (`农村废弃“三线”(废弃的电线…)清理` → `农村废弃“三线”清理`).
pub fn strip_brackets(s: &str) -> String {
    let span = Span::new(s);
    let depths = bracket_depths(&span.fold);
    span.orig
        .iter()
        .zip(&depths)
        .filter(|(c, d)| **d == 0 && !is_closer(**c))
        .map(|(c, _)| *c)
        .collect()
}

/// Restores a missing opening quote (`三块地”改革` → `“三块地”改革`) and a missing closing one,
/// and drops stray brackets at the ends.
pub fn clean_quotes(name: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    for c in name.chars() {
        match c {
            '“' => {
                if open {
                    out.push('”');
                }
                open = true;
                out.push(c);
            }
            '”' => {
                if !open {
                    out.insert(0, '“');
                }
                open = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if open {
        out.push('”');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_folds_char_for_char() {
        let s = Span::new("（责任单位：市局，各区）");
        assert_eq!(s.folded(), "(责任单位:市局,各区)");
        assert_eq!(s.orig.len(), s.fold.len());
    }

    #[test]
    fn matching_close_handles_mixed_brackets() {
        let s = Span::new("〔责任单位:市农业农村局,各区(含葛店开发区、临空经济区,下同)〕");
        assert_eq!(matching_close(&s.fold, 0), Some(s.len() - 1));
        assert_eq!(matching_close(&Span::new("(未闭合").fold, 0), None);
    }

    #[test]
    fn split_respects_brackets_and_quotes() {
        let s = Span::new("市发改委、各县（市、区）、“甲、乙”工程");
        let parts: Vec<String> = split_top(&s, &['、']).iter().map(Span::text).collect();
        assert_eq!(parts, ["市发改委", "各县（市、区）", "“甲、乙”工程"]);
    }

    #[test]
    fn quotes_are_restored() {
        assert_eq!(clean_quotes("三块地”改革"), "“三块地”改革");
        assert_eq!(
            clean_quotes("整市提升·城乡融合”示范创建行动"),
            "“整市提升·城乡融合”示范创建行动"
        );
        assert_eq!(clean_quotes("“区管校聘”改革"), "“区管校聘”改革");
        assert_eq!(clean_quotes("“未闭合"), "“未闭合”");
    }

    #[test]
    fn unbalanced_quote_masks_nothing() {
        let s = Span::new("三块地”改革、“区管校聘”改革");
        let m = quoted_mask(&s.fold);
        assert!(!m[0]);
        assert!(m[s.find("区管", 0).unwrap()]);
    }

    #[test]
    fn strips_brackets() {
        assert_eq!(
            strip_brackets("农村废弃“三线”(废弃的电线、网线)清理"),
            "农村废弃“三线”清理"
        );
    }
}

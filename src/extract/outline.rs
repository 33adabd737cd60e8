//! From numbered paragraphs to sections and work items.
//!
//! The item level is the numbering style that carries the most responsible-unit clauses (the
//! deepest one when none does); the section level is the style just above it. Deeper paragraphs
//! are folded into their item, shallower ones are outline above the sections and only noted.

use super::review::{NoteKind, ReviewNote};
use super::scan::Span;
use super::structure::{Para, Part, Style};
use super::units::find_clause;

#[derive(Debug, Clone)]
pub struct RawSection {
    pub title: String,
    pub items: Vec<RawItem>,
}

#[derive(Debug, Clone)]
pub struct RawItem {
    /// The number as written.
    pub written: u32,
    pub body: Span,
    pub line: usize,
}

fn title_of(body: &Span) -> String {
    let cut = body.fold.iter().position(|c| matches!(c, '。' | ':' | ';'));
    body.slice(0, cut.unwrap_or(body.len()))
        .trim_end_marks(&['。', ',', ';'])
        .text()
}

/// The styles used, outermost first, in the order official documents nest them (GB/T 9704:
/// 一、 > （一） > 1. > （1）, then ①) whatever order they first appear in: a part may number its
/// first section's items `1.` directly and bring in `（一）` sub-headings only later.
fn levels(paras: &[Para]) -> Vec<Style> {
    let mut out: Vec<Style> = paras
        .iter()
        .filter_map(|p| p.marker.map(|m| m.style))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Sections and items of one part that carries work items.
pub fn outline(part: &Part, notes: &mut Vec<ReviewNote>) -> Vec<RawSection> {
    let levels = levels(&part.paras);
    if levels.is_empty() {
        return Vec::new();
    }
    let clause_count = |s: Style| {
        part.paras
            .iter()
            .filter(|p| p.marker.map(|m| m.style) == Some(s) && find_clause(&p.body).is_some())
            .count()
    };
    let mut item_level = (0..levels.len())
        .max_by_key(|&i| (clause_count(levels[i]), i))
        .unwrap_or(levels.len() - 1);
    if item_level > 0 && clauses_close_runs(&part.paras, levels[item_level - 1], levels[item_level])
    {
        item_level -= 1;
    }
    let section_style = item_level.checked_sub(1).map(|i| levels[i]);
    let item_style = levels[item_level];
    let mut sections: Vec<RawSection> = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    let mut in_item = false;
    // A section may number its items in another style (`1.` in one, `(1)` in the next): a deeper
    // style met right under a section heading is that section's item style.
    let mut alt_style: Option<Style> = None;
    for p in &part.paras {
        let level = p
            .marker
            .and_then(|m| levels.iter().position(|s| *s == m.style));
        if let (Some(m), Some(l), false, true) = (p.marker, level, in_item, section_style.is_some())
        {
            if l > item_level && !sections.is_empty() && alt_style.is_none() {
                alt_style = Some(m.style);
            }
        }
        match (p.marker, level) {
            (Some(m), _) if Some(m.style) == section_style => {
                sections.push(RawSection {
                    title: title_of(&p.body),
                    items: Vec::new(),
                });
                in_item = false;
                alt_style = None;
            }
            (Some(m), _) if m.style == item_style || Some(m.style) == alt_style => {
                if sections.is_empty() {
                    let title = if part.heading.is_empty() {
                        "工作要点".to_string()
                    } else {
                        part.heading.clone()
                    };
                    sections.push(RawSection {
                        title,
                        items: Vec::new(),
                    });
                }
                let sec = sections.last_mut().expect("ensured above");
                sec.items.push(RawItem {
                    written: m.n,
                    body: p.body.trim(),
                    line: p.line,
                });
                in_item = true;
            }
            (Some(_), Some(l)) if l > item_level && in_item => {
                let item = sections
                    .last_mut()
                    .and_then(|s| s.items.last_mut())
                    .expect("in_item");
                let mut whole = Span::new(&marker_text(p));
                whole.push(&p.body);
                item.body.push(&whole);
            }
            (Some(_), _) => {
                in_item = false;
                ignored.push(format!(
                    "第 {} 行“{}”（编号层级在条目之上，作为提纲略过）",
                    p.line,
                    title_of(&p.body)
                ));
            }
            (None, _) if in_item && find_clause(&p.body).is_some() => {
                let item = sections
                    .last_mut()
                    .and_then(|s| s.items.last_mut())
                    .expect("in_item");
                item.body.push(&p.body);
            }
            (None, _) => {
                if !sections.is_empty() {
                    let t = p.body.text();
                    let short: String = t.chars().take(30).collect();
                    let ell = if t.chars().count() > 30 { "…" } else { "" };
                    ignored.push(format!("第 {} 行“{short}{ell}”（不属于任何条目）", p.line));
                }
            }
        }
    }
    // In a document that marks units, a section none of whose items has a clause is framing
    // (总体要求, 保障措施), not work items.
    let marks_units = part.paras.iter().any(|p| find_clause(&p.body).is_some());
    if marks_units {
        let framing: Vec<String> = sections
            .iter()
            .filter(|s| {
                !s.items.is_empty() && s.items.iter().all(|i| find_clause(&i.body).is_none())
            })
            .map(|s| s.title.clone())
            .collect();
        if !framing.is_empty() {
            notes.push(ReviewNote::general(
                NoteKind::Structure,
                format!(
                    "以下部分的条目都没有责任单位，当作总体要求/保障措施类文字，未收入草稿：{}",
                    framing.join("；")
                ),
            ));
            sections.retain(|s| {
                s.items.is_empty() || s.items.iter().any(|i| find_clause(&i.body).is_some())
            });
        }
    }
    let empty: Vec<String> = sections
        .iter()
        .filter(|s| s.items.is_empty())
        .map(|s| s.title.clone())
        .collect();
    if !empty.is_empty() {
        notes.push(ReviewNote::general(
            NoteKind::Structure,
            format!("以下部分没有条目，未收入草稿：{}", empty.join("；")),
        ));
    }
    sections.retain(|s| !s.items.is_empty());
    for i in ignored {
        notes.push(ReviewNote::general(
            NoteKind::Ignored,
            format!("未采用的文字：{i}"),
        ));
    }
    sections
}

/// `1.完善应急预案体系 / (1)… (2)… (3)… / (责任单位:…)`: the `lower` paragraphs' clauses only
/// ever close a run of them under an `upper` paragraph (the run's last carries one, the others
/// none, the `upper` one none). Such a clause is the whole run's, and the items are the `upper`
/// paragraphs. One item of a list lacking its clause does not look like this: the others have
/// theirs.
fn clauses_close_runs(paras: &[Para], upper: Style, lower: Style) -> bool {
    let mut runs: Vec<Vec<bool>> = Vec::new();
    for p in paras {
        let clause = find_clause(&p.body).is_some();
        match p.marker.map(|m| m.style) {
            Some(s) if s == upper && clause => return false,
            Some(s) if s == upper => runs.push(Vec::new()),
            Some(s) if s == lower => {
                if let Some(run) = runs.last_mut() {
                    run.push(clause);
                }
            }
            _ => {}
        }
    }
    let closed =
        |r: &[bool]| r.len() >= 2 && r.last() == Some(&true) && !r[..r.len() - 1].contains(&true);
    let with_clause: Vec<&Vec<bool>> = runs.iter().filter(|r| r.contains(&true)).collect();
    !with_clause.is_empty() && with_clause.iter().all(|r| closed(r))
}

fn marker_text(p: &Para) -> String {
    match p.marker {
        Some(m) => match m.style {
            Style::Circled => char::from_u32(0x2460 + m.n.saturating_sub(1))
                .map(String::from)
                .unwrap_or_default(),
            Style::ParenArabic => format!("({})", m.n),
            Style::Arabic => format!("{}.", m.n),
            Style::ParenCn | Style::CnComma => String::new(),
        },
        None => String::new(),
    }
}

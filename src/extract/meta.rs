//! The plan's own facts: its year, region and name, read from the title and headings.

use super::plan;
use super::review::{NoteKind, ReviewNote};
use super::scan;
use super::structure::{self, PartKind};

pub fn plan_year(doc: &structure::Doc, text: &str, notes: &mut Vec<ReviewNote>) -> i32 {
    let from_heading = doc
        .parts
        .iter()
        .filter(|p| p.kind == PartKind::WorkPlan)
        .find_map(|p| plan::year_in(&p.heading))
        .or_else(|| plan::year_in(&doc.title));
    if let Some(y) = from_heading {
        return y;
    }
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        if let Some(y) = plan::year_in(&chars[i..chars.len().min(i + 5)].iter().collect::<String>())
        {
            if i == 0 || !chars[i - 1].is_ascii_digit() {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    match counts.iter().max_by_key(|(y, n)| (**n, **y)) {
        Some((y, _)) => {
            notes.push(ReviewNote::general(
                NoteKind::Guess,
                format!("标题没有年度，按正文中出现最多的年份取 {y} 年"),
            ));
            *y
        }
        None => {
            notes.push(ReviewNote::general(
                NoteKind::Guess,
                "没有找到年度，plan.year 记为 0，请填写",
            ));
            0
        }
    }
}

pub fn plan_region(title: &str, text: &str, ezhou: bool, notes: &mut Vec<ReviewNote>) -> String {
    if ezhou {
        return "鄂州市".to_string();
    }
    let t: Vec<char> = title.chars().collect();
    for k in 2..=4 {
        if t.get(k).is_some_and(|c| matches!(c, '市' | '县' | '区'))
            && t[..k].iter().all(|c| scan::is_cjk(*c))
        {
            return t[..=k].iter().collect();
        }
    }
    for pat in ["市人民政府", "市委", "县人民政府", "区人民政府"] {
        let mut from = 0;
        while let Some(p) = text[from..].find(pat).map(|p| p + from) {
            let before: Vec<char> = text[..p].chars().rev().take(2).collect();
            if before.len() == 2
                && before.iter().all(|c| scan::is_cjk(*c))
                && !"全我本各省".contains(before[0])
                // 已经市人民政府同意, 由市委…: a function word, not a place name.
                && !"经由请报向对为在按将及与并".contains(before[0])
            {
                let name: String = before.iter().rev().collect();
                return format!("{name}{}", pat.chars().next().unwrap_or('市'));
            }
            from = p + pat.len();
        }
    }
    notes.push(ReviewNote::general(
        NoteKind::Guess,
        "没有识别出规划所属地区，plan.region 为空，请填写",
    ));
    String::new()
}

pub fn plan_name(doc: &structure::Doc) -> String {
    let base = document_name(&doc.title)
        .split("——")
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let heading = doc
        .parts
        .iter()
        .find(|p| p.kind == PartKind::WorkPlan)
        .map(|p| p.heading.clone());
    match heading {
        Some(h) if !base.contains(&h) => format!("{base} {h}").trim().to_string(),
        _ if base.is_empty() => "未命名规划".to_string(),
        _ => base,
    }
}

/// The plan's own name in a title line that names it: inside `《…》`
/// (`《…分工方案》已经市政府同意…`), or between `关于印发` and `的通知`.
pub fn document_name(title: &str) -> &str {
    if let Some((_, rest)) = title.split_once('《') {
        if let Some(end) = rest.rfind('》') {
            return rest[..end].trim();
        }
    }
    match title.split_once("关于印发") {
        Some((_, rest)) => rest
            .rsplit_once("的通知")
            .map_or(rest, |(name, _)| name)
            .trim(),
        None => title,
    }
}

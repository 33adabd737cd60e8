//! The parts around the work items: 发展目标 (goals), 重点任务 (key tasks) and 重要抓手 (levers),
//! with the check that a stated count (`深化5个方面改革`) matches the list after it.

use super::items::Built;
use super::numbers::{parse_chinese, quantities};
use super::review::{NoteKind, ReviewNote};
use super::scan::{clean_quotes, split_top, Span};
use super::structure::{Doc, Part, PartKind};
use crate::catalog::{Goal, Item, KeyTask, Lever, LeverKind};

/// What surrounds the work items.
pub struct Around {
    pub goals: Vec<Goal>,
    pub tasks: Vec<KeyTask>,
    pub levers: Vec<Lever>,
}

/// Goals, key tasks and levers of the parts that do not carry work items, linked to the items.
/// A goals part opened by a numbered heading (`一、总体目标`) is read both ways: its numbered
/// paragraphs are items too.
pub fn around(
    doc: &Doc,
    item_parts: &[usize],
    built: &Built,
    notes: &mut Vec<ReviewNote>,
) -> Around {
    let mut out = Around {
        goals: Vec::new(),
        tasks: Vec::new(),
        levers: Vec::new(),
    };
    for (k, part) in doc.parts.iter().enumerate() {
        if item_parts.contains(&k) && part.kind != PartKind::Goals {
            continue;
        }
        match part.kind {
            PartKind::Goals => out.goals.extend(goals(part, notes)),
            PartKind::Tasks => out.tasks.extend(tasks(part)),
            PartKind::Levers => out.levers.extend(levers(part, notes)),
            PartKind::Other if !part.paras.is_empty() => notes.push(ReviewNote::general(
                NoteKind::Ignored,
                format!(
                    "“{}”部分（第 {} 行起）未转为目录条目",
                    part.heading, part.line
                ),
            )),
            _ => {}
        }
    }
    for (n, t) in out.tasks.iter_mut().enumerate() {
        t.no = n as u32 + 1;
    }
    link_tasks(&mut out.tasks, built, notes);
    link_levers(&mut out.levers, &built.items);
    if !out.levers.is_empty() {
        let unlinked: Vec<&str> = (out.levers.iter())
            .filter(|l| l.items.is_empty())
            .map(|l| l.name.as_str())
            .collect();
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            format!(
                "抓手与条目按名称字面关联；没有关联到条目的 {} 项：{}",
                unlinked.len(),
                if unlinked.is_empty() {
                    "无".to_string()
                } else {
                    unlinked.join("、")
                }
            ),
        ));
    }
    out
}

/// Key tasks ↔ sections, one to one when their counts agree.
fn link_tasks(tasks: &mut [KeyTask], built: &Built, notes: &mut Vec<ReviewNote>) {
    if tasks.is_empty() {
        return;
    }
    if tasks.len() != built.sections.len() {
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            format!(
                "重点任务 {} 项、工作要点 {} 部分，数目不同，未关联条目",
                tasks.len(),
                built.sections.len()
            ),
        ));
        return;
    }
    for t in tasks.iter_mut() {
        t.items = (built.items.iter())
            .filter(|i| i.section == t.no)
            .map(|i| i.no)
            .collect();
    }
    notes.push(ReviewNote::general(
        NoteKind::Guess,
        "重点任务与工作要点部分数目相同，按顺序一一对应（任务 n ↔ 第 n 部分的条目）",
    ));
}

/// First four-digit year followed by 年.
pub fn year_in(s: &str) -> Option<i32> {
    let c: Vec<char> = s.chars().collect();
    (0..c.len().saturating_sub(4)).find_map(|i| {
        let digits: String = c[i..i + 4].iter().collect();
        let boundary = i == 0 || !c[i - 1].is_ascii_digit();
        (boundary && c[i + 4] == '年' && digits.chars().all(|d| d.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
            .filter(|y| (1949..=2200).contains(y))
    })
}

/// A goal's year: `2012年起5年内` ends in 2016; otherwise the first year written.
fn horizon_in(s: &str) -> Option<i32> {
    let start = year_in(s)?;
    let year = format!("{start}年");
    let after = &s[s.find(&year)? + year.len()..];
    let span: String = after
        .strip_prefix('起')
        .map(|r| r.chars().take_while(|c| c.is_ascii_digit()).collect())
        .unwrap_or_default();
    let years: i32 = span.parse().unwrap_or(0);
    let within = after.starts_with(&format!("起{years}年内"));
    Some(if within && years > 0 {
        start + years - 1
    } else {
        start
    })
}

fn body_text(s: &Span) -> String {
    s.trim_end_marks(&[';', '；', '。', ',', '，']).text()
}

/// 发展目标: a short numbered line (`一、近期目标`) opens a goal; its first paragraph is the goal
/// sentence, the rest its points.
pub fn goals(part: &Part, notes: &mut Vec<ReviewNote>) -> Vec<Goal> {
    let mut out: Vec<Goal> = Vec::new();
    for para in &part.paras {
        let body = para.body.trim();
        let folded = body.folded();
        let short = body.len() <= 12 && !folded.contains([',', '。', ';']);
        if para.marker.is_some() && short {
            out.push(Goal {
                code: String::new(),
                horizon: 0,
                title: body_text(&body),
                text: String::new(),
                points: Vec::new(),
                items: Vec::new(),
            });
            continue;
        }
        if out.is_empty() || para.marker.is_some() {
            let title = if out.is_empty() && para.marker.is_none() {
                part.heading.clone()
            } else {
                format!("目标{}", out.len() + 1)
            };
            out.push(Goal {
                code: String::new(),
                horizon: 0,
                title,
                text: String::new(),
                points: Vec::new(),
                items: Vec::new(),
            });
        }
        let g = out.last_mut().expect("pushed above");
        if g.text.is_empty() {
            g.text = body.text();
        } else {
            g.points.push(body_text(&body));
        }
    }
    let mut used: Vec<String> = Vec::new();
    for (n, g) in out.iter_mut().enumerate() {
        g.horizon = (horizon_in(&g.text).or_else(|| year_in(&g.title))).unwrap_or(0);
        let mut code = if g.horizon > 0 {
            format!("GOAL-{}", g.horizon)
        } else {
            format!("GOAL-{}", n + 1)
        };
        if used.contains(&code) {
            code = format!("{code}-{}", n + 1);
        }
        if g.horizon == 0 {
            notes.push(ReviewNote::general(
                NoteKind::Guess,
                format!("目标“{}”没有写明年份，horizon 记为 0", g.title),
            ));
        }
        used.push(code.clone());
        g.code = code;
    }
    out
}

/// 重点任务: `一、推动城乡要素自由流动。盘活城乡土地资源;促进…` → title and points.
pub fn tasks(part: &Part) -> Vec<KeyTask> {
    let top = part.paras.iter().find_map(|p| p.marker.map(|m| m.style));
    let mut out: Vec<KeyTask> = Vec::new();
    for para in &part.paras {
        let body = para.body.trim();
        match para.marker {
            Some(m) if Some(m.style) == top => {
                let cut = body.fold.iter().position(|c| matches!(c, '。' | ':'));
                let (title, rest) = match cut {
                    Some(c) => (body.slice(0, c), body.slice(c + 1, body.len())),
                    None => (body.clone(), Span::default()),
                };
                let points = split_top(&rest, &[';', '；', '。'])
                    .iter()
                    .map(body_text)
                    .filter(|s| !s.is_empty())
                    .collect();
                out.push(KeyTask {
                    no: out.len() as u32 + 1,
                    title: body_text(&title),
                    points,
                    items: Vec::new(),
                });
            }
            _ => {
                if let Some(t) = out.last_mut() {
                    t.points.push(body_text(&body));
                }
            }
        }
    }
    out
}

/// The count a lever heading states: `深化5个方面改革` → 5, `实施十大行动` → 10.
fn stated_count(head: &Span) -> Option<u32> {
    if let Some(q) = quantities(head)
        .into_iter()
        .find(|q| q.value >= 1.0 && q.value.fract() == 0.0)
    {
        return Some(q.value as u32);
    }
    let f = &head.fold;
    let p = f.iter().position(|c| *c == '大')?;
    let start = (0..p)
        .rev()
        .take_while(|&i| "一二两三四五六七八九十".contains(f[i]))
        .last()?;
    parse_chinese(&f[start..p].iter().collect::<String>()).map(|v| v as u32)
}

fn lever_kind(head: &str) -> Option<LeverKind> {
    const KINDS: &[(&str, LeverKind)] = &[
        ("改革", LeverKind::Reform),
        ("机制", LeverKind::Mechanism),
        ("平台", LeverKind::Platform),
        ("制度", LeverKind::System),
        ("行动", LeverKind::Action),
        ("工程", LeverKind::Project),
    ];
    KINDS
        .iter()
        .filter_map(|(k, kind)| head.rfind(k).map(|p| (p, *kind)))
        .max_by_key(|(p, _)| *p)
        .map(|(_, k)| k)
}

/// 重要抓手: `一、深化5个方面改革。A、B、C、D、E。` → levers of one kind, numbered in order; a count
/// that differs from the list is reported.
pub fn levers(part: &Part, notes: &mut Vec<ReviewNote>) -> Vec<Lever> {
    let top = part.paras.iter().find_map(|p| p.marker.map(|m| m.style));
    // (heading, stated count, kind, names)
    type Group = (String, Option<u32>, Option<LeverKind>, Vec<String>);
    let mut groups: Vec<Group> = Vec::new();
    for para in &part.paras {
        let body = para.body.trim();
        let is_head = para.marker.is_some_and(|m| Some(m.style) == top);
        if is_head {
            let cut = body.fold.iter().position(|c| matches!(c, '。' | ':'));
            let (head, rest) = match cut {
                Some(c) => (body.slice(0, c), body.slice(c + 1, body.len())),
                None => (body.clone(), Span::default()),
            };
            let names = split_top(&rest.trim_end_marks(&['。', ';']), &['、', ';', '；', '。'])
                .iter()
                .map(|s| clean_quotes(&body_text(s)))
                .filter(|s| !s.is_empty())
                .collect();
            let head_text = head.text();
            groups.push((
                head_text.clone(),
                stated_count(&head),
                lever_kind(&head.folded()),
                names,
            ));
        } else if let Some(g) = groups.last_mut() {
            let name = clean_quotes(&body_text(&body));
            if !name.is_empty() {
                g.3.push(name);
            }
        }
    }
    let mut out = Vec::new();
    for (head, count, kind, names) in groups {
        let Some(kind) = kind else {
            notes.push(ReviewNote::general(
                NoteKind::Guess,
                format!(
                    "抓手“{head}”看不出类别（改革/机制/平台/制度/行动/工程），未收录其 {} 项",
                    names.len()
                ),
            ));
            continue;
        };
        match count {
            Some(n) if n as usize != names.len() => notes.push(ReviewNote::general(
                NoteKind::CountMismatch,
                format!(
                    "“{head}”写明 {n} 项，实际列出 {} 项：{}",
                    names.len(),
                    names.join("、")
                ),
            )),
            None => notes.push(ReviewNote::general(
                NoteKind::Guess,
                format!("“{head}”没有写明数量，列出 {} 项", names.len()),
            )),
            _ => {}
        }
        for (i, name) in names.into_iter().enumerate() {
            out.push(Lever {
                kind,
                no: i as u32 + 1,
                name,
                items: Vec::new(),
            });
        }
    }
    out
}

/// Links each lever to the items whose text names it (quotes and the kind word ignored).
pub fn link_levers(levers: &mut [Lever], items: &[Item]) {
    const KIND_WORDS: &[&str] = &[
        "专项行动",
        "三年行动",
        "改革",
        "机制",
        "平台",
        "制度",
        "行动",
        "工程",
        "体系",
    ];
    let bare = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '“' | '”' | '"' | '「' | '」'))
            .collect::<String>()
    };
    for l in levers.iter_mut() {
        let name = bare(&l.name);
        let core = KIND_WORDS
            .iter()
            .find_map(|k| name.strip_suffix(k))
            .unwrap_or(&name)
            .to_string();
        let keys: Vec<&str> = [name.as_str(), core.as_str()]
            .into_iter()
            .filter(|k| k.chars().count() >= 3)
            .collect();
        l.items = items
            .iter()
            .filter(|i| {
                let t = bare(&i.text);
                keys.iter().any(|k| t.contains(k))
            })
            .map(|i| i.no)
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::structure::parse;

    #[test]
    fn goal_horizons() {
        assert_eq!(horizon_in("2012年起5年内，人才总量达到320万名"), Some(2016));
        assert_eq!(horizon_in("到2025年，基本建立"), Some(2025));
        assert_eq!(horizon_in("没有年份"), None);
    }

    #[test]
    fn years() {
        assert_eq!(year_in("到2025年,城乡融合"), Some(2025));
        assert_eq!(year_in("2022年度工作要点"), Some(2022));
        assert_eq!(year_in("20225年"), None);
        assert_eq!(year_in("年"), None);
    }

    #[test]
    fn levers_with_counts() {
        let doc = parse("题\n\n重要抓手\n\n一、深化3个方面改革。三块地”改革、“区管校聘”改革、城乡治理体系改革。\n\n二、实施十大行动。甲行动、乙行动。\n");
        let mut notes = Vec::new();
        let ls = levers(&doc.parts[1], &mut notes);
        assert_eq!(ls.len(), 5);
        assert_eq!(ls[0].name, "“三块地”改革");
        assert_eq!(ls[0].kind, LeverKind::Reform);
        assert_eq!(ls[3].kind, LeverKind::Action);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].kind, NoteKind::CountMismatch);
    }

    #[test]
    fn goals_and_tasks() {
        let doc = parse("题\n\n发展目标\n\n一、近期目标\n\n到2025年,基本建立。\n\n甲;\n\n乙。\n\n重点任务\n\n一、推动流动。盘活资源;促进流动。\n");
        let mut notes = Vec::new();
        let gs = goals(&doc.parts[1], &mut notes);
        assert_eq!(gs[0].code, "GOAL-2025");
        assert_eq!(gs[0].points, ["甲", "乙"]);
        let ts = tasks(&doc.parts[2]);
        assert_eq!(ts[0].title, "推动流动");
        assert_eq!(ts[0].points, ["盘活资源", "促进流动"]);
    }
}

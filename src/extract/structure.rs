//! Document structure: the title, the parts under unnumbered headings (发展目标 / 重点任务 /
//! 重要抓手 / 年度工作要点 …), and within a part the numbered paragraphs (`一、` `（一）` `1.` `1、`
//! `(1)` `①`).
//!
//! Numbering styles nest as official documents nest them (see `outline::levels`).

use super::numbers::parse_chinese;
use super::scan::Span;
use super::units::starts_with_role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    /// 一、
    CnComma,
    /// （一）
    ParenCn,
    /// 1. / 1、 / 1．
    Arabic,
    /// (1) / 1)
    ParenArabic,
    /// ①
    Circled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub style: Style,
    pub n: u32,
    /// Chars taken by the marker and the white space after it.
    pub len: usize,
}

/// The numbering marker a (left-trimmed) line starts with.
pub fn marker(line: &Span) -> Option<Marker> {
    let f = &line.fold;
    let first = *f.first()?;
    let with_space = |mut len: usize| {
        while f.get(len).is_some_and(|c| c.is_whitespace()) {
            len += 1;
        }
        len
    };
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        let mut len = 1;
        if matches!(f.get(1), Some('、' | '.')) {
            len = 2;
        }
        return Some(Marker {
            style: Style::Circled,
            n: first as u32 - 0x2460 + 1,
            len: with_space(len),
        });
    }
    if first == '(' {
        let close = f.iter().take(6).position(|&c| c == ')')?;
        let inner: String = f[1..close].iter().collect();
        if inner.is_empty() {
            return None;
        }
        let (style, n) = if inner.chars().all(|c| c.is_ascii_digit()) {
            (Style::ParenArabic, inner.parse().ok()?)
        } else {
            (Style::ParenCn, parse_chinese(&inner)? as u32)
        };
        return Some(Marker {
            style,
            n,
            len: with_space(close + 1),
        });
    }
    if first.is_ascii_digit() {
        let end = f.iter().position(|c| !c.is_ascii_digit())?;
        if end > 3 {
            return None;
        }
        let n: u32 = f[..end].iter().collect::<String>().parse().ok()?;
        let next = f.get(end + 1).copied();
        return match f[end] {
            // `1﹒` (a small full stop) is how some web pages write `1.`.
            '.' | '﹒' if !next.is_some_and(|c| c.is_ascii_digit()) => Some(Marker {
                style: Style::Arabic,
                n,
                len: with_space(end + 1),
            }),
            '、' => Some(Marker {
                style: Style::Arabic,
                n,
                len: with_space(end + 1),
            }),
            ')' => Some(Marker {
                style: Style::ParenArabic,
                n,
                len: with_space(end + 1),
            }),
            _ => None,
        };
    }
    let end = f
        .iter()
        .position(|c| !"一二三四五六七八九十".contains(*c))?;
    if end == 0 || end > 3 || !matches!(f[end], '、' | '.') {
        return None;
    }
    let n = parse_chinese(&f[..end].iter().collect::<String>())? as u32;
    Some(Marker {
        style: Style::CnComma,
        n,
        len: with_space(end + 1),
    })
}

/// Lines above an official document's title that are not it: the addressee line
/// (`各区人民政府,市人民政府各部门:`), the issuer's letterhead (`…人民政府文件`) and the document
/// number (`鄂州政办发〔2022〕3号`).
fn is_letterhead(line: &Span) -> bool {
    let t = line.trim().folded();
    let number = t.ends_with('号') && t.contains(['〔', '[', '【']);
    t.ends_with([':', '：']) || t.ends_with("文件") || number
}

/// `11.121人才梯队项目`: a number, a dot and more digits is read as a marker only when it is the
/// number after the part's last `1.`-style one (`1.5万亩` otherwise stays text).
fn next_arabic(line: &Span, part: Option<&Part>) -> Option<Marker> {
    let last =
        (part?.paras.iter().rev()).find_map(|p| p.marker.filter(|m| m.style == Style::Arabic))?;
    let f = &line.fold;
    let end = f.iter().position(|c| !c.is_ascii_digit())?;
    let n: u32 = f[..end].iter().collect::<String>().parse().ok()?;
    let digit_after = f.get(end + 1).is_some_and(|c| c.is_ascii_digit());
    (f[end] == '.' && digit_after && n == last.n + 1).then_some(Marker {
        style: Style::Arabic,
        n,
        len: end + 1,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// Before any heading.
    Preamble,
    /// 发展目标 / 主要目标.
    Goals,
    /// 重点任务 / 主要任务.
    Tasks,
    /// 重要抓手.
    Levers,
    /// 2022年度工作要点 / 任务分工.
    WorkPlan,
    /// 保障措施 / 工作要求 …: read, not turned into catalog entries.
    Other,
}

/// The part an unnumbered heading line opens, if it is one.
pub fn heading_kind(line: &Span) -> Option<PartKind> {
    let t = line.trim().trim_end_marks(&[':', '：']).folded();
    let n = t.chars().count();
    if n == 0 || n > 24 || t.contains([',', ';', '。', '!', '?', '、', '(', ')']) {
        return None;
    }
    let has = |ks: &[&str]| ks.iter().any(|k| t.contains(k));
    if n <= 8 && t.ends_with("目标") {
        Some(PartKind::Goals)
    } else if t.contains("抓手") {
        Some(PartKind::Levers)
    } else if has(&[
        "工作要点",
        "任务分工",
        "责任分工",
        "任务清单",
        "分工方案",
        "重点工作",
        "工作任务",
    ]) {
        Some(PartKind::WorkPlan)
    } else if n <= 6 && has(&["重点任务", "主要任务"]) {
        Some(PartKind::Tasks)
    } else if n <= 8
        && has(&[
            "保障措施",
            "工作要求",
            "组织保障",
            "组织实施",
            "总体要求",
            "指导思想",
            "基本原则",
            "实施步骤",
            "工作步骤",
            "工作机制",
        ])
    {
        Some(PartKind::Other)
    } else {
        None
    }
}

/// A numbered paragraph (or an unnumbered one) with the lines that continue it.
#[derive(Debug, Clone)]
pub struct Para {
    pub marker: Option<Marker>,
    /// Text after the marker, continuation lines joined.
    pub body: Span,
    /// 1-based line of the text where it starts.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Part {
    pub kind: PartKind,
    pub heading: String,
    /// The number of a numbered heading that opened the part (`一、总体目标`).
    pub marker: Option<Marker>,
    pub line: usize,
    pub paras: Vec<Para>,
}

#[derive(Debug, Clone)]
pub struct Doc {
    pub title: String,
    pub parts: Vec<Part>,
}

/// Splits text into title and parts. A leading block of `#` comment lines (provenance) is skipped.
pub fn parse(text: &str) -> Doc {
    let mut title = String::new();
    let mut parts = vec![Part {
        kind: PartKind::Preamble,
        heading: String::new(),
        marker: None,
        line: 0,
        paras: Vec::new(),
    }];
    let mut in_header = true;
    let mut prev_blank = true;
    // Inside a goals part opened by a numbered heading (`一、总体目标`): the part to go back to
    // at the next heading of that style.
    let mut resume: Option<PartKind> = None;
    for (i, raw) in super::table::logical_lines(text) {
        let line = Span::new(&raw).trim();
        if in_header && line.fold.first() == Some(&'#') {
            continue;
        }
        in_header = false;
        if line.is_empty() {
            prev_blank = true;
            continue;
        }
        if title.is_empty() && !is_letterhead(&line) {
            title = line.text();
            prev_blank = false;
            continue;
        }
        let marker = marker(&line).or_else(|| next_arabic(&line, parts.last()));
        if let Some(m) = marker.filter(|m| m.style == Style::CnComma) {
            let new_part = |kind, heading, marker| Part {
                kind,
                heading,
                marker,
                line: i + 1,
                paras: Vec::new(),
            };
            if let Some(kind) = resume.take() {
                parts.push(new_part(kind, String::new(), None));
            }
            let body = line.slice(m.len, line.len());
            let current = parts.last().map(|p| p.kind);
            if current != Some(PartKind::Goals) && heading_kind(&body) == Some(PartKind::Goals) {
                resume = current;
                parts.push(new_part(PartKind::Goals, body.text(), Some(m)));
                prev_blank = true;
                continue;
            }
        }
        if marker.is_none() {
            if let Some(kind) = heading_kind(&line) {
                let heading = line.trim_end_marks(&[':', '：']).text();
                parts.push(Part {
                    kind,
                    heading,
                    marker: None,
                    line: i + 1,
                    paras: Vec::new(),
                });
                prev_blank = true;
                continue;
            }
        }
        let part = parts.last_mut().expect("preamble part exists");
        let continues =
            marker.is_none() && !part.paras.is_empty() && (!prev_blank || starts_with_role(&line));
        if continues {
            let last = part.paras.last_mut().expect("checked non-empty");
            last.body.push(&line);
        } else {
            let body = line.slice(marker.map_or(0, |m| m.len), line.len());
            part.paras.push(Para {
                marker,
                body,
                line: i + 1,
            });
        }
        prev_blank = false;
    }
    Doc { title, parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<(Style, u32)> {
        marker(&Span::new(s)).map(|m| (m.style, m.n))
    }

    #[test]
    fn markers() {
        assert_eq!(m("一、推进"), Some((Style::CnComma, 1)));
        assert_eq!(m("十二、推进"), Some((Style::CnComma, 12)));
        assert_eq!(m("（三）稳定"), Some((Style::ParenCn, 3)));
        assert_eq!(m("(3)稳定"), Some((Style::ParenArabic, 3)));
        assert_eq!(m("12.建立"), Some((Style::Arabic, 12)));
        assert_eq!(m("15. 建设"), Some((Style::Arabic, 15)));
        assert_eq!(m("3、建设"), Some((Style::Arabic, 3)));
        assert_eq!(m("１．建设"), Some((Style::Arabic, 1)));
        assert_eq!(m("②建设"), Some((Style::Circled, 2)));
        assert_eq!(m("2﹒固定资产投资"), Some((Style::Arabic, 2)));
        assert_eq!(m("1.5万亩"), None);
        assert_eq!(m("2022年度工作要点"), None);
        assert_eq!(m("(含葛店)"), None);
        assert_eq!(m("一体推进"), None);
    }

    #[test]
    fn headings() {
        assert_eq!(heading_kind(&Span::new("发展目标")), Some(PartKind::Goals));
        assert_eq!(heading_kind(&Span::new("重点任务")), Some(PartKind::Tasks));
        assert_eq!(heading_kind(&Span::new("重要抓手")), Some(PartKind::Levers));
        assert_eq!(
            heading_kind(&Span::new("2022年度工作要点")),
            Some(PartKind::WorkPlan)
        );
        assert_eq!(
            heading_kind(&Span::new("保障措施：")),
            Some(PartKind::Other)
        );
        assert_eq!(
            heading_kind(&Span::new("到2025年,城乡融合发展体制机制基本建立。")),
            None
        );
    }

    #[test]
    fn parts_and_continuations() {
        let d = parse(
            "# 来源\n标题\n\n工作要点\n一、第一部分\n1.甲。\n（责任单位：市局）\n2.乙\n续行\n",
        );
        assert_eq!(d.title, "标题");
        assert_eq!(d.parts.len(), 2);
        let p = &d.parts[1];
        assert_eq!(p.kind, PartKind::WorkPlan);
        assert_eq!(p.paras.len(), 3);
        assert_eq!(p.paras[1].body.text(), "甲。（责任单位：市局）");
        assert_eq!(p.paras[2].body.text(), "乙续行");
    }

    #[test]
    fn a_number_then_digits_is_a_marker_only_when_it_is_the_next_one() {
        let d = parse("标题\n\n工作要点\n10.甲项目。\n11.121人才梯队项目。\n\n1.5万亩高标准农田\n");
        let p = &d.parts[1];
        let ns: Vec<Option<u32>> = p.paras.iter().map(|p| p.marker.map(|m| m.n)).collect();
        assert_eq!(ns, [Some(10), Some(11), None]);
        assert_eq!(p.paras[1].body.text(), "121人才梯队项目。");
    }

    #[test]
    fn a_numbered_goals_heading_opens_a_goals_part_until_the_next_one() {
        let d = parse("标题\n一、总体目标\n1.目标。人才总量达到320万名。\n二、实施行动计划\n（一）产业人才。\n");
        let kinds: Vec<(PartKind, &str, usize)> = (d.parts.iter())
            .map(|p| (p.kind, p.heading.as_str(), p.paras.len()))
            .collect();
        assert_eq!(
            kinds,
            [
                (PartKind::Preamble, "", 0),
                (PartKind::Goals, "总体目标", 1),
                (PartKind::Preamble, "", 2),
            ]
        );
    }

    #[test]
    fn letterhead_lines_are_not_the_title() {
        let d = parse("某市人民政府文件\n某政办发〔2023〕5号\n各区人民政府，市直各部门：\n某市2023年重点工作任务分解方案\n");
        assert_eq!(d.title, "某市2023年重点工作任务分解方案");
    }
}

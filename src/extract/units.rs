//! Responsible units: finding the `〔责任单位:…〕` / `(牵头单位:…;配合单位:…)` / `牵头单位：…` clause
//! of a work item, splitting its lists, and telling departments from districts.
//!
//! A clause is bracketed (any bracket pair, mixed closers tolerated) or runs from a role keyword
//! followed by a colon to the end of the paragraph. `(市发改委牵头,市财政局配合)` is read too.

use super::scan::{bracket_depths, is_opener, matching_close, quoted_mask, split_top, Span};
use crate::catalog::ALL_DISTRICTS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 牵头: listed first.
    Lead,
    /// 责任单位: in the order written, first is the lead.
    Responsible,
    /// 配合 / 协办 / 参与.
    Support,
    /// 完成时限 and the like: ends a unit list, is not a unit.
    Stop,
}

/// Role keywords in folded form, longest first where one contains another.
const ROLES: &[(&str, Role)] = &[
    ("牵头责任单位", Role::Lead),
    ("主要责任单位", Role::Lead),
    ("协同责任单位", Role::Support),
    ("配合责任单位", Role::Support),
    ("牵头单位", Role::Lead),
    ("牵头部门", Role::Lead),
    ("主责单位", Role::Lead),
    ("主责部门", Role::Lead),
    ("主办单位", Role::Lead),
    ("责任单位", Role::Responsible),
    ("责任部门", Role::Responsible),
    ("责任主体", Role::Responsible),
    ("实施单位", Role::Responsible),
    ("配合单位", Role::Support),
    ("配合部门", Role::Support),
    ("协办单位", Role::Support),
    ("参与单位", Role::Support),
    ("协同单位", Role::Support),
    // `部门分工：省发展改革委牵头，各地、各部门配合。`: the roles are in the list's words.
    ("部门分工", Role::Responsible),
    ("责任分工", Role::Responsible),
    ("完成时限", Role::Stop),
    ("完成时间", Role::Stop),
    ("时间节点", Role::Stop),
    ("责任领导", Role::Stop),
    ("分管领导", Role::Stop),
    ("分管省领导", Role::Stop),
    ("分管市领导", Role::Stop),
    ("分管县领导", Role::Stop),
    ("分管区领导", Role::Stop),
    ("牵头负责领导", Role::Stop),
    ("牵头省领导", Role::Stop),
    ("牵头市领导", Role::Stop),
    ("牵头县领导", Role::Stop),
    ("牵头区领导", Role::Stop),
    ("牵头领导", Role::Stop),
    ("联系领导", Role::Stop),
    // A city's table of a province's tasks names the province's lead beside its own units.
    ("省牵头单位", Role::Stop),
    ("省级牵头单位", Role::Stop),
];

/// Where a clause sits in a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseAt {
    /// The item text ends here (start of the bracket or keyword).
    pub text_end: usize,
    /// The clause's inside (without brackets).
    pub content: Span,
    /// Text after the clause (`(记者 刘学文 整理)`), to be reported.
    pub trailing: Span,
    /// The bracket was never closed.
    pub unclosed: bool,
    /// `(A牵头,B配合)` style.
    pub suffix_style: bool,
}

fn role_at(span: &Span, i: usize) -> Option<(&'static str, Role)> {
    ROLES
        .iter()
        .copied()
        .find(|(k, _)| span.starts_with_at(k, i))
}

/// Whether a line begins with a role keyword (possibly after an opening bracket); such a line
/// continues the item before it.
pub fn starts_with_role(span: &Span) -> bool {
    let t = span.trim();
    let i = usize::from(t.fold.first().is_some_and(|c| is_opener(*c)));
    role_at(&t, i).is_some()
}

/// `分管省领导：林克庆`, `完成时限：2024年底`, `省牵头单位：省农业农村厅`: a line under an item
/// that names no unit of the plan's own.
pub fn aside_line(span: &Span) -> bool {
    let t = span.trim();
    let i = usize::from(t.fold.first().is_some_and(|c| is_opener(*c)));
    role_at(&t, i).is_some_and(|(_, r)| r == Role::Stop) && find_clause(&t).is_none()
}

/// The role keyword a table's column heading names (`牵头单位`), unless it is a deadline's.
pub fn role_heading(cell: &str) -> Option<&'static str> {
    let t = Span::new(cell).trim();
    role_at(&t, 0)
        .filter(|(_, r)| *r != Role::Stop)
        .map(|(k, _)| k)
}

/// Finds the responsible-unit clause of a paragraph.
pub fn find_clause(para: &Span) -> Option<ClauseAt> {
    let f = &para.fold;
    let quoted = quoted_mask(f);
    // `分管省领导：林克庆部门分工：…` (lines joined): the item's text ends at the leader.
    let mut leader: Option<usize> = None;
    let mut skip_to = 0;
    let depths = bracket_depths(f);
    for (i, _) in quoted.iter().enumerate().filter(|(_, q)| !**q) {
        if i < skip_to {
            continue;
        }
        let Some((kw, role)) = role_at(para, i) else {
            continue;
        };
        let mut after = i + kw.chars().count();
        skip_to = after;
        while after < f.len() && f[after].is_whitespace() {
            after += 1;
        }
        let colon = matches!(f.get(after), Some(':' | '：'));
        if role == Role::Stop {
            if colon && kw.ends_with("领导") {
                leader.get_or_insert(i);
            }
            continue;
        }
        // An opening bracket just before the keyword makes a bracketed clause.
        let mut o = i;
        while o > 0 && f[o - 1].is_whitespace() {
            o -= 1;
        }
        if o > 0 && is_opener(f[o - 1]) {
            let open = o - 1;
            return Some(match matching_close(f, open) {
                Some(close) => ClauseAt {
                    text_end: open,
                    content: para.slice(open + 1, close),
                    trailing: para.slice(close + 1, para.len()).trim(),
                    unclosed: false,
                    suffix_style: false,
                },
                None => ClauseAt {
                    text_end: open,
                    content: para.slice(open + 1, para.len()),
                    trailing: Span::default(),
                    unclosed: true,
                    suffix_style: false,
                },
            });
        }
        // `（完成时限：…；责任单位：…）`: inside a bracket opened before another keyword, the
        // clause is that bracket's.
        if colon && depths[i] > 0 {
            let open = (0..i)
                .rev()
                .find(|&j| is_opener(f[j]) && depths[j] == depths[i]);
            if let Some(open) = open {
                let close = matching_close(f, open);
                let end = close.unwrap_or(para.len());
                return Some(ClauseAt {
                    text_end: open,
                    content: para.slice(i, end),
                    trailing: close
                        .map_or(Span::default(), |c| para.slice(c + 1, para.len()).trim()),
                    unclosed: close.is_none(),
                    suffix_style: false,
                });
            }
        }
        if colon {
            return Some(ClauseAt {
                text_end: leader.unwrap_or(i),
                content: para.slice(i, para.len()),
                trailing: Span::default(),
                unclosed: false,
                suffix_style: false,
            });
        }
    }
    suffix_clause(para)
}

/// `…。(市发改委牵头,市财政局、各区配合)`: the last bracket of the paragraph naming a 牵头 unit.
fn suffix_clause(para: &Span) -> Option<ClauseAt> {
    let f = &para.fold;
    let depths = bracket_depths(f);
    let mut end = f.len();
    while end > 0 && (f[end - 1].is_whitespace() || matches!(f[end - 1], '。' | '.' | ';')) {
        end -= 1;
    }
    if end == 0 || depths[end - 1] != 1 || !super::scan::is_closer(f[end - 1]) {
        return None;
    }
    let open = (0..end - 1)
        .rev()
        .find(|&j| depths[j] == 1 && is_opener(f[j]))?;
    let content = para.slice(open + 1, end - 1);
    let c = content.folded();
    if !(c.contains("牵头") || c.ends_with("负责")) {
        return None;
    }
    Some(ClauseAt {
        text_end: open,
        content,
        trailing: para.slice(end, para.len()).trim(),
        unclosed: false,
        suffix_style: true,
    })
}

/// One name of a unit list, classified.
#[derive(Debug, Clone, PartialEq)]
pub enum Party {
    /// `各区`, `各县市区` … (canonical spelling from [`ALL_DISTRICTS`]).
    AllDistricts(String),
    /// A named district, county or county-level city.
    District(String),
    /// A department, company or other body.
    Unit(String),
    /// `同上`: the units of the item before.
    SameAsAbove,
    /// `有关部门`, `各有关单位`: too vague to be a unit.
    Vague(String),
}

/// A clause parsed: parties in order (lead first) plus the districts a `(含…)` note includes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parties {
    pub list: Vec<Party>,
    /// Districts named in `(含…)` after `各区`.
    pub includes: Vec<String>,
    /// Whether the `(含…)` note says `下同` (applies to every later item).
    pub includes_apply_below: bool,
    /// Parenthetical remarks dropped from names, for review.
    pub dropped: Vec<String>,
}

const SEPARATORS: &[char] = &['、', ',', ';', '，', '；', ' ', '\t', '/', '。'];

/// Parses a clause's inside into parties. `is_district` says whether a name is a known district.
pub fn parse_clause(clause: &ClauseAt, is_district: &dyn Fn(&str) -> bool) -> Parties {
    let mut out = Parties::default();
    let mut lists: Vec<(Role, Span)> = Vec::new();
    let marked = if clause.suffix_style {
        vec![(Role::Responsible, clause.content.clone())]
    } else {
        role_marks(&clause.content)
    };
    for (role, seg) in marked {
        if role == Role::Stop {
            continue;
        }
        // `…按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。`: after the list's
        // full stop comes a remark, not units.
        let depths = bracket_depths(&seg.fold);
        let stop = (0..seg.len()).find(|&i| depths[i] == 0 && seg.fold[i] == '。');
        let seg = match stop {
            Some(i) => {
                let remark = seg.slice(i + 1, seg.len()).trim();
                if !remark.is_empty() {
                    out.dropped.push(remark.text());
                }
                seg.slice(0, i)
            }
            None => seg,
        };
        // Each part of a list may say its role in its own words (`A牵头`, `B等按职责分工负责`).
        for part in split_top(&seg, &[',', ';', '，', '；']) {
            lists.push(role_in_words(&part, role));
        }
    }
    // Lead lists first, then the rest in the order written.
    lists.sort_by_key(|(r, _)| u8::from(*r != Role::Lead));
    for (_, names) in lists {
        let mut tokens = split_glued(split_top(&names, SEPARATORS));
        spread_ending(&mut tokens);
        for tok in &tokens {
            classify(tok, is_district, &mut out);
        }
    }
    out
}

/// The lists of a keyword clause (`牵头单位：A；责任单位：B、C`) with the role each is under.
fn role_marks(c: &Span) -> Vec<(Role, Span)> {
    let depths = bracket_depths(&c.fold);
    let mut marks: Vec<(usize, usize, Role)> = Vec::new();
    // A keyword inside a name (`各项目牵头单位`) is not a role mark; one followed by a colon
    // always is (lines joined: `牵头单位:区发改局责任单位:…`).
    let is_mark = |i: usize, k: &str| {
        let p = i.checked_sub(1).map(|p| c.fold[p]);
        let colon = matches!(c.fold.get(i + k.chars().count()), Some(':' | '：'));
        colon
            || p.is_none_or(|p| {
                p.is_whitespace() || SEPARATORS.contains(&p) || is_opener(p) || p == ':'
            })
    };
    for (i, _) in depths.iter().enumerate().filter(|(_, d)| **d == 0) {
        if marks.last().is_some_and(|m| i < m.1) {
            continue; // inside `牵头责任单位`, `责任单位` is not a second mark
        }
        if let Some((k, r)) = role_at(c, i).filter(|(k, _)| is_mark(i, k)) {
            marks.push((i, i + k.chars().count(), r));
        }
    }
    if marks.is_empty() {
        return vec![(Role::Responsible, c.clone())];
    }
    let mut out = Vec::new();
    for (n, &(_, kend, role)) in marks.iter().enumerate() {
        let end = marks.get(n + 1).map_or(c.len(), |m| m.0);
        let mut seg = c.slice(kend, end).trim();
        if seg
            .fold
            .first()
            .is_some_and(|ch| matches!(ch, ':' | '：' | '为'))
        {
            seg = seg.slice(1, seg.len());
        }
        out.push((role, seg));
    }
    out
}

/// Role words closing a list, longest first, with the role they give it.
const ROLE_SUFFIXES: &[(&str, Role)] = &[
    ("等按职责分工负责", Role::Support),
    ("按职责分工负责", Role::Support),
    ("按职责负责", Role::Support),
    ("分别牵头", Role::Lead),
    ("共同牵头", Role::Lead),
    ("牵头", Role::Lead),
    ("等负责", Role::Support),
    ("分别负责", Role::Support),
    ("负责", Role::Support),
    ("等配合", Role::Support),
    ("配合", Role::Support),
    ("协助", Role::Support),
    ("参与", Role::Support),
    ("协同", Role::Support),
];

/// `省发展改革委牵头` → (lead, `省发展改革委`); `农业农村部、科技部等按职责分工负责` → (support,
/// `农业农村部、科技部`); a part without role words keeps the list's role.
fn role_in_words(part: &Span, role: Role) -> (Role, Span) {
    let t = part.trim().trim_end_marks(&['。', '.']);
    let f = t.folded();
    let Some((word, r)) = ROLE_SUFFIXES.iter().find(|(w, _)| f.ends_with(w)) else {
        return (role, t);
    };
    let names = t.slice(0, t.len() - word.chars().count());
    let names = match names.fold.first() {
        Some('由') => names.slice(1, names.len()),
        _ => names,
    };
    (*r, names)
}

/// Words naming a kind of district rather than one district. After `各区` or `各有关区` they
/// extend it (`各区、县级市`); alone they are too vague to be a district.
const DISTRICT_KINDS: &[&str] = &[
    "县级市",
    "县市",
    "县(市)",
    "县(区)",
    "区(县)",
    "县",
    "市",
    "区",
    "区县",
    "县区",
    "县市区",
];

/// Last characters of a body's name: 局, 委, 办, 厅, 部, 室, 公司, 中心 …
const NAME_ENDINGS: &[char] = &[
    '局', '委', '办', '院', '厅', '部', '室', '处', '会', '心', '司', '团', '行', '社', '队', '所',
    '站', '馆', '校',
];

/// `市行政审批局市司法局`, `市委市政府督查室`: names run together without a separator (a 、 lost
/// in a PDF's text layer), cut where a name's ending is followed by the next one's 市, 区 or 县
/// (outside brackets, with at least two characters after it).
fn split_glued(tokens: Vec<Span>) -> Vec<Span> {
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        let depths = bracket_depths(&t.fold);
        let mut start = 0;
        for i in 1..t.len().saturating_sub(2) {
            let glued = depths[i] == 0
                && depths[i - 1] == 0
                && NAME_ENDINGS.contains(&t.fold[i - 1])
                && matches!(t.fold[i], '市' | '区' | '县');
            if glued && i - start >= 2 {
                out.push(t.slice(start, i));
                start = i;
            }
        }
        out.push(t.slice(start, t.len()));
    }
    out
}

/// `江岸、江汉、汉阳、武昌区人民政府`: bare two-character names listed just before a district
/// share its ending (区, 县 or 市).
fn spread_ending(tokens: &mut [Span]) {
    for i in (1..tokens.len()).rev() {
        let f = tokens[i].folded();
        let bare = strip_suffix(&f, &["人民政府", "政府"]);
        let Some(end) = bare
            .chars()
            .last()
            .filter(|c| matches!(c, '区' | '县' | '市'))
        else {
            continue;
        };
        if bare.chars().count() < 3 || !looks_like_district(bare) {
            continue;
        }
        let mut j = i;
        while j > 0 && is_bare_place(&tokens[j - 1].folded()) {
            j -= 1;
            tokens[j] = Span::new(&format!("{}{end}", tokens[j].text()));
        }
    }
}

/// Two Chinese characters that are not a body (局, 委 …), a `各`-word or a 市-level name.
fn is_bare_place(folded: &str) -> bool {
    folded.chars().count() == 2
        && folded
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !folded.starts_with(['市', '各', '省'])
        && !looks_like_body(folded)
        && !matches!(folded.chars().last(), Some('区' | '县' | '市' | '旗'))
}

fn strip_suffix<'a>(s: &'a str, suffixes: &[&str]) -> &'a str {
    suffixes.iter().find_map(|x| s.strip_suffix(x)).unwrap_or(s)
}

/// The canonical `各区`-word for a token, if it is one.
pub fn all_districts_word(folded: &str) -> Option<&'static str> {
    let bare = strip_suffix(folded, &["人民政府", "党委政府", "政府", "党委"]);
    ALL_DISTRICTS
        .iter()
        .find(|w| Span::new(w).folded() == bare)
        .copied()
}

/// Whether a name contains a word for a body: 局, 委, 中心, 公司 ….
fn looks_like_body(name: &str) -> bool {
    const BODY: &[&str] = &[
        "局", "委", "办", "部", "中心", "公司", "集团", "院", "所", "会", "社", "站", "队", "行",
        "厅", "处", "室", "馆", "校",
    ];
    BODY.iter().any(|x| name.contains(x))
}

/// Whether a name reads as a district, county or county-level city rather than a department.
pub fn looks_like_district(name: &str) -> bool {
    let n = name.chars().count();
    if n < 2
        || name.starts_with('市')
        || name.starts_with('各')
        || name.starts_with("县级")
        || looks_like_body(name)
    {
        return false;
    }
    name.ends_with('区')
        || name.ends_with('县')
        || name.ends_with('旗')
        || (name.ends_with('市') && n >= 3)
}

fn classify(tok: &Span, is_district: &dyn Fn(&str) -> bool, out: &mut Parties) {
    let tok = tok.trim_end_marks(&['。', '.', '等']);
    let folded = tok.folded();
    if folded.is_empty() {
        return;
    }
    if let Some(w) = all_districts_word(&folded) {
        out.list.push(Party::AllDistricts(w.to_string()));
        return;
    }
    // Split off a parenthetical: 各区(含葛店开发区、临空经济区,下同)
    let depths = bracket_depths(&tok.fold);
    let cut = (0..tok.len()).find(|&i| depths[i] > 0).unwrap_or(tok.len());
    let name = tok.slice(0, cut).trim();
    let inner_end = super::scan::matching_close(&tok.fold, cut).unwrap_or(tok.len());
    if cut < tok.len() {
        let inner = tok.slice(cut + 1, inner_end);
        let inner_f = inner.folded();
        if let Some(rest) = inner_f
            .strip_prefix('含')
            .or_else(|| inner_f.strip_prefix("包括"))
        {
            let skip = inner_f.chars().count() - rest.chars().count();
            for part in split_top(
                &inner.slice(skip, inner.len()),
                &['、', ',', '，', ';', '；'],
            ) {
                let p = part.text();
                if p.contains("下同") {
                    out.includes_apply_below = true;
                } else {
                    out.includes.push(p);
                }
            }
        } else {
            out.dropped
                .push(format!("{}（{}）", name.text(), inner.text()));
        }
    }
    let name_f = name.folded();
    if name_f.is_empty() {
        return;
    }
    if let Some(w) = all_districts_word(&name_f) {
        out.list.push(Party::AllDistricts(w.to_string()));
        return;
    }
    if name_f == "同上" || name_f == "同前" {
        out.list.push(Party::SameAsAbove);
        return;
    }
    let bare = strip_suffix(&name_f, &["人民政府", "政府"]);
    if DISTRICT_KINDS.contains(&bare) {
        // 各区、县级市: part of the 各-word before it; alone, not one district.
        if !matches!(
            out.list.last(),
            Some(Party::AllDistricts(_) | Party::Vague(_))
        ) {
            out.list.push(Party::Vague(name.text()));
        }
        return;
    }
    // Words about the list, not in it: `列第一位者为牵头单位`, `下同`, `除标注…外`.
    const ABOUT_THE_LIST: &[&str] = &[
        "下同",
        "第一位",
        "第一个",
        "汇总单位",
        "不再",
        "涉及",
        "除标注",
        "以下简称",
        "为牵头",
        "为主责",
        "同下",
    ];
    if ABOUT_THE_LIST.iter().any(|w| name_f.contains(w)) || name_f.chars().count() > 25 {
        out.dropped.push(name.text());
        return;
    }
    let vague = [
        "有关",
        "相关",
        "牵头单位",
        "责任单位",
        "各部门",
        "各直属机构",
        "各单位",
        "各成员单位",
        "各级",
        "各街道",
        "各乡镇",
    ];
    if name_f.starts_with("其他") || name_f == "各地" || vague.iter().any(|p| name_f.contains(p))
    {
        out.list.push(Party::Vague(name.text()));
        return;
    }
    if is_district(&name_f) {
        out.list.push(Party::District(name.text()));
    } else if is_district(bare) || looks_like_district(bare) {
        out.list.push(Party::District(bare.to_string()));
    } else {
        out.list.push(Party::Unit(name.text()));
    }
}

/// Type of a unit for units.csv, guessed from its name.
pub fn guess_type(name: &str) -> &'static str {
    if name.contains("公司") || name.contains("集团") {
        "企业"
    } else if !["局", "委", "办", "部", "中心", "办公室", "厅"]
        .iter()
        .any(|s| name.ends_with(s))
    {
        "其他"
    } else if name.starts_with('市') {
        "市直部门"
    } else if name.starts_with('省') {
        "省直部门" // a province's plan: 省发展改革委, 省财政厅
    } else if name.starts_with(['区', '县']) {
        "区直部门" // a district's own plan: 区发改局, 县财政局
    } else {
        "其他"
    }
}

/// Type of a district found in the text, guessed from its name.
pub fn guess_district_type(name: &str) -> &'static str {
    if [
        "开发区",
        "经济区",
        "新区",
        "园区",
        "高新区",
        "示范区",
        "管理区",
        "试验区",
    ]
    .iter()
    .any(|s| name.ends_with(s))
    {
        "功能区"
    } else if name.ends_with('县') {
        "县"
    } else if name.ends_with('市') {
        "市"
    } else {
        "区"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties(para: &str) -> Parties {
        let span = Span::new(para);
        let c = find_clause(&span).expect("clause");
        parse_clause(&c, &|n| ["鄂城区", "梁子湖区"].contains(&n))
    }

    fn names(p: &Parties) -> Vec<String> {
        p.list
            .iter()
            .map(|x| match x {
                Party::AllDistricts(s) | Party::District(s) | Party::Unit(s) | Party::Vague(s) => {
                    s.clone()
                }
                Party::SameAsAbove => "同上".into(),
            })
            .collect()
    }

    #[test]
    fn bracketed_with_mixed_brackets_and_includes() {
        let p =
            parties("1.深化改革。〔责任单位:市农业农村局,各区(含葛店开发区、临空经济区,下同)〕");
        assert_eq!(names(&p), ["市农业农村局", "各区"]);
        assert_eq!(p.includes, ["葛店开发区", "临空经济区"]);
        assert!(p.includes_apply_below);
    }

    #[test]
    fn lead_and_support_roles() {
        let p = parties("（一）稳定粮食生产。牵头单位：市农业农村局；配合单位：市发改委、市财政局，各县市区人民政府");
        assert_eq!(
            names(&p),
            ["市农业农村局", "市发改委", "市财政局", "各县市区"]
        );
        let p = parties("做好工作。（配合单位：市财政局；牵头单位：市发改委）");
        assert_eq!(names(&p), ["市发改委", "市财政局"]);
    }

    #[test]
    fn suffix_style_and_districts() {
        let p = parties("组建学院。(市乡村振兴局牵头,市农业农村局、梁子湖区配合)");
        assert_eq!(names(&p), ["市乡村振兴局", "市农业农村局", "梁子湖区"]);
        assert!(matches!(p.list[2], Party::District(_)));
        let p = parties("建设。(责任单位:市水利局,大冶市人民政府,阳新县)");
        assert_eq!(p.list[1], Party::District("大冶市".into()));
        assert_eq!(p.list[2], Party::District("阳新县".into()));
    }

    #[test]
    fn district_kinds_extend_the_all_districts_word() {
        let p = parties("建设。（牵头单位：市发展改革委，配合单位：市委组织部，各区、县级市）");
        assert_eq!(names(&p), ["市发展改革委", "市委组织部", "各区"]);
        let p = parties("建设。（牵头单位：市科技局，配合单位：各有关区、县级市，市直各有关单位）");
        assert_eq!(names(&p), ["市科技局", "各有关区", "市直各有关单位"]);
        assert!(p.list[1..].iter().all(|x| matches!(x, Party::Vague(_))));
        assert!(!looks_like_district("县级市"));
        let p = parties("建设。（牵头单位：市人才办，配合单位：各项目牵头单位）");
        assert_eq!(p.list[1], Party::Vague("各项目牵头单位".into()));
        let p = parties("建设。牵头单位:区发改局责任单位:立山经济开发区");
        assert_eq!(names(&p), ["区发改局", "立山经济开发区"]);
    }

    #[test]
    fn bare_names_share_the_ending_of_the_district_after_them() {
        let p = parties("保护。(牵头单位:市文旅局;责任单位:市房管局,江岸、江汉、汉阳、武昌区人民政府,武汉文旅集团)");
        assert_eq!(
            p.list,
            [
                Party::Unit("市文旅局".into()),
                Party::Unit("市房管局".into()),
                Party::District("江岸区".into()),
                Party::District("江汉区".into()),
                Party::District("汉阳区".into()),
                Party::District("武昌区".into()),
                Party::Unit("武汉文旅集团".into()),
            ]
        );
        // Bodies and 市-level names keep their own names.
        let p = parties("建设。(责任单位:市水利局、团委、武昌区)");
        assert_eq!(names(&p), ["市水利局", "团委", "武昌区"]);
    }

    #[test]
    fn names_run_together_are_cut_at_the_next_name() {
        let p = parties(
            "建设。(责任单位:市行政审批局市司法局、市委市政府督查室,市委组织部,葛店开发区管委会)",
        );
        assert_eq!(
            names(&p),
            [
                "市行政审批局",
                "市司法局",
                "市委",
                "市政府督查室",
                "市委组织部",
                "葛店开发区管委会"
            ]
        );
        let p = parties("建设。(牵头单位:区发改局区财政局;配合单位:市场监管局)");
        assert_eq!(names(&p), ["区发改局", "区财政局", "市场监管局"]);
    }

    #[test]
    fn roles_in_other_words() {
        let p = parties("推进改革。（农业农村部、科技部、供销合作总社等按职责分工负责）");
        assert_eq!(names(&p), ["农业农村部", "科技部", "供销合作总社"]);
        let p = parties("健全机制。（国家发展改革委、农业农村部牵头，有关部门按职责分工负责）");
        assert_eq!(names(&p), ["国家发展改革委", "农业农村部", "有关部门"]);
        assert!(matches!(p.list[2], Party::Vague(_)));
        let p = parties("建设。（市农业农村局、市财政局等负责）");
        assert_eq!(names(&p), ["市农业农村局", "市财政局"]);
        let p = parties("地区生产总值增长6%以上。部门分工:省发展改革委牵头,各地、各部门配合。");
        assert_eq!(names(&p), ["省发展改革委", "各地", "各部门"]);
        assert!(p.list[1..].iter().all(|x| matches!(x, Party::Vague(_))));
        let p = parties("增长7%。牵头责任单位:省发展改革委。协同责任单位:省财政厅、合肥海关等。");
        assert_eq!(names(&p), ["省发展改革委", "省财政厅", "合肥海关"]);
        let p = parties("建设。（牵头单位：市发改委；责任单位：市财政局、市住建局）");
        assert_eq!(names(&p), ["市发改委", "市财政局", "市住建局"]);
        let p = parties("收入增长。责任单位:市人力社保局、市农业农村局分别牵头");
        assert_eq!(names(&p), ["市人力社保局", "市农业农村局"]);
    }

    #[test]
    fn words_about_the_list_are_never_units() {
        let p = parties("投资增长10%。责任单位:市发改委、市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)");
        assert_eq!(names(&p), ["市发改委", "市卫生健康委"]);
        let p = parties("建设。〔责任单位:省发展改革委、省大数据中心按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕");
        assert_eq!(names(&p), ["省发展改革委", "省大数据中心"]);
        assert_eq!(p.dropped.len(), 1, "{:?}", p.dropped);
        let p = parties("建设。（责任单位：市发改委、市财政局，列第一位者为牵头单位，下同）");
        assert_eq!(names(&p), ["市发改委", "市财政局"]);
        let p = parties("建设。（责任单位：市发改委，列第一位者为）");
        assert_eq!(names(&p), ["市发改委"]);
        let c = find_clause(&Span::new("增长6%。分管省领导:林克庆部门分工:省商务厅牵头")).unwrap();
        assert_eq!(c.text_end, 5, "the text ends before the leader");
        assert!(aside_line(&Span::new("牵头负责领导:刘惠。")));
        assert!(aside_line(&Span::new("省牵头单位:省农业农村厅")));
        assert!(!aside_line(&Span::new("牵头单位:市发改委")));
        assert!(!aside_line(&Span::new(
            "（完成时限：2024年底；责任单位：市发改委）"
        )));
        let p = parties("建设。（完成时限：2024年底；责任单位：市发改委、市财政局）");
        assert_eq!(names(&p), ["市发改委", "市财政局"]);
    }

    #[test]
    fn unclosed_bracket_runs_to_end() {
        let c = find_clause(&Span::new("建设。(责任单位:市水利局,各区")).unwrap();
        assert!(c.unclosed);
        assert_eq!(c.content.text(), "责任单位:市水利局,各区");
    }

    #[test]
    fn keyword_in_prose_is_not_a_clause() {
        assert!(find_clause(&Span::new("明确责任单位和完成时限。")).is_none());
    }

    #[test]
    fn guesses_types() {
        assert_eq!(guess_type("市供电公司"), "企业");
        assert_eq!(guess_type("市昌达集团"), "企业");
        assert_eq!(guess_type("市委组织部"), "市直部门");
        assert_eq!(guess_type("区发改局"), "区直部门");
        assert_eq!(guess_type("县财政局"), "区直部门");
        assert_eq!(guess_type("区人民法院"), "其他");
        assert_eq!(guess_type("市公共资源交易中心"), "市直部门");
        assert_eq!(guess_type("市科协"), "其他");
        assert_eq!(guess_district_type("葛店开发区"), "功能区");
        assert!(looks_like_district("华容区"));
        assert!(!looks_like_district("市城管委"));
    }
}

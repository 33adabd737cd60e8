//! Draft indicators of one work item:
//! - a number with a unit (`新改建农村公路50公里`, `培育10个乡村旅游特色村`, `覆盖率达到95%`);
//! - `完成…` / `全面完成…` / `…全覆盖` without a number: a completion rate with target 100%;
//! - clauses led by different districts (`鄂城区开展…试点,华容区开展…试点`): a count with
//!   district targets plus one milestone per clause;
//! - a list of towns (`打造汀祖镇、碧石渡镇…首批美丽城镇示范样板`): a count plus one milestone
//!   per town;
//! - `打造A、B、C等优势产业链`: a count of the listed elements plus one milestone each, when the
//!   noun is a deliverable (产业链, 基地, 园区, 试点 …).
//!
//! Kinds, aggregations and names are guesses; each indicator says so in review.

use super::numbers::{quantities, worth_reporting, Quantity};
use super::places::towns_in;
use super::review::NoteKind;
use super::scan::{
    bracket_depths, clean_quotes, name_quote_mask, quoted_mask, split_top, strip_brackets, Span,
};
use crate::catalog::{Aggregation, Direction, Indicator, MeasureKind, Target, CITY};

/// What an item's indicators are built from.
pub struct ItemContext<'a> {
    pub no: u32,
    pub text: &'a Span,
    pub year: i32,
    /// The item involves districts (`各区` or named ones): counts are reported per district.
    pub by_district: bool,
    /// Districts of the table: canonical name and aliases.
    pub districts: &'a [(String, Vec<String>)],
    /// District of a town, when a towns table knows it.
    pub town_district: &'a dyn Fn(&str) -> Option<String>,
}

/// Indicators (coded `T<no>-<nn>` in order of their words in the text) and notes for review.
#[derive(Debug, Default)]
pub struct Findings {
    pub indicators: Vec<Indicator>,
    pub notes: Vec<(NoteKind, String)>,
}

const CLAUSE_MARKS: &[char] = &[',', ';', '。', ':', '!', '?', '；', '，'];
const LEADING_ADVERBS: &[&str] = &[
    "积极",
    "全面",
    "持续",
    "着力",
    "力争",
    "确保",
    "年内",
    "全年",
    "今年",
    "进一步",
    "加快",
    "大力",
    "深入",
    "稳步",
    "有序",
    "我市",
    "全市",
    "本市",
    "全县",
    "全区",
    "本县",
    "本区",
    "争取",
    "基本",
];
const TRAILING_VERBS: &[&str] = &[
    "提高到",
    "提升到",
    "提升至",
    "提高至",
    "增加到",
    "增长到",
    "保持在",
    "控制在",
    "稳定在",
    "不少于",
    "不低于",
    "不超过",
    "不高于",
    "达到",
    "超过",
    "突破",
    "达",
    "为",
    "至",
    "到",
    "在",
];
const STOCK_VERBS: &[&str] = &[
    "培育", "打造", "创建", "认定", "评定", "争创", "保持", "累计", "达到", "总数", "建成", "创成",
    "命名",
];
const LOWER_WORDS: &[&str] = &[
    "以下",
    "以内",
    "控制在",
    "下降",
    "降低",
    "减少",
    "不超过",
    "不高于",
    "压减",
    "降至",
];
const DELIVERABLES: &[&str] = &[
    "产业链",
    "基地",
    "园区",
    "产业园",
    "试点",
    "样板",
    "示范点",
    "示范区",
    "示范村",
    "项目",
    "中心",
];
const LIST_LEAD_INS: &[&str] = &[
    "打造", "建设", "创建", "培育", "发展", "推进", "实施", "做优", "做强", "做大", "壮大", "提升",
    "建成", "新建", "支持", "重点",
];

/// Clauses of the text, cut at punctuation outside brackets and outside quoted names (a quoted
/// passage of targets is cut like the text around it).
fn clauses(span: &Span) -> Vec<(usize, usize)> {
    let depths = bracket_depths(&span.fold);
    let quoted = name_quote_mask(&span.fold);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..span.len() {
        if depths[i] == 0 && !quoted[i] && CLAUSE_MARKS.contains(&span.fold[i]) {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, span.len()));
    out.retain(|(s, e)| e > s);
    out
}

fn strip_leading(mut s: String, words: &[&str]) -> String {
    loop {
        let before = s.len();
        for w in words {
            if let Some(rest) = s.strip_prefix(w) {
                s = rest.to_string();
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

fn strip_trailing(mut s: String, words: &[&str]) -> String {
    loop {
        let before = s.len();
        for w in words {
            if let Some(rest) = s.strip_suffix(w) {
                s = rest.to_string();
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

fn tidy(s: &str) -> String {
    let s = strip_brackets(s);
    let s = s.trim_matches(|c: char| c.is_whitespace() || "、,，。;；:：的“”".contains(c));
    clean_quotes(s)
}

fn cjk_count(s: &str) -> usize {
    s.chars().filter(|c| super::scan::is_cjk(*c)).count()
}

struct Builder<'a> {
    ctx: &'a ItemContext<'a>,
    found: Vec<(usize, usize, Indicator)>,
    notes: Vec<(NoteKind, String)>,
}

impl Builder<'_> {
    fn push(&mut self, pos: usize, ind: Indicator) {
        let seq = self.found.len();
        self.found.push((pos, seq, ind));
    }

    fn indicator(&self, name: String, unit: &str, kind: MeasureKind, source: &Span) -> Indicator {
        Indicator {
            code: String::new(),
            name,
            name_en: None,
            aliases: Vec::new(),
            unit: unit.to_string(),
            kind,
            direction: Direction::Higher,
            aggregation: Aggregation::Sum,
            by_district: false,
            district: None,
            reporter: None,
            weight: None,
            numerator: None,
            denominator: None,
            targets: Vec::new(),
            goal: None,
            source: source.trim().text(),
            note: None,
        }
    }

    fn city_target(&self, value: f64) -> Target {
        Target::new(self.ctx.year, CITY, value)
    }
}

/// Builds the draft indicators of one item.
pub fn build(ctx: &ItemContext) -> Findings {
    let mut b = Builder {
        ctx,
        found: Vec::new(),
        notes: Vec::new(),
    };
    let text = ctx.text;
    let all_q = quantities(text);
    let (with_unit, without): (Vec<Quantity>, Vec<Quantity>) =
        all_q.into_iter().partition(Quantity::has_unit);
    for q in without.iter().filter(|q| worth_reporting(q)) {
        b.notes.push((
            NoteKind::UnknownUnit,
            format!(
                "数字“{}{}”的计量单位未知或不在目录单位表中，未生成指标",
                q.written, q.written_unit
            ),
        ));
    }
    let cl = clauses(text);
    numeric(&mut b, &cl, &with_unit);
    let has_q = |s: usize, e: usize| with_unit.iter().any(|q| q.start >= s && q.start < e);
    let mut used = vec![false; cl.len()];
    district_clauses(&mut b, &cl, &mut used, &has_q);
    for (k, &(s, e)) in cl.iter().enumerate() {
        if used[k] || has_q(s, e) {
            continue;
        }
        if town_list(&mut b, s, e) || listed(&mut b, s, e) {
            continue;
        }
        completion(&mut b, &cl, k);
    }
    stated_counts(&mut b, &with_unit);
    let mut from = 0;
    let quoted = quoted_mask(&text.fold);
    while let Some(p) = text.find("一批", from) {
        let ordinal = p > 0 && text.fold[p - 1] == '第';
        if !quoted[p] && !ordinal && !text.starts_with_at("一批一", p) {
            b.notes
                .push((NoteKind::Guess, "“一批”未给出数量，未生成指标".to_string()));
            break;
        }
        from = p + 1;
    }
    b.found.sort_by_key(|(pos, seq, _)| (*pos, *seq));
    let mut out = Findings {
        indicators: Vec::new(),
        notes: b.notes,
    };
    for (n, (_, _, mut ind)) in b.found.into_iter().enumerate() {
        ind.code = format!("T{:02}-{:02}", ctx.no, n + 1);
        out.indicators.push(ind);
    }
    out
}

fn numeric(b: &mut Builder, cl: &[(usize, usize)], qs: &[Quantity]) {
    let text = b.ctx.text;
    for (k, q) in qs.iter().enumerate() {
        let Some(&(s, e)) = cl.iter().find(|(s, e)| q.start >= *s && q.start < *e) else {
            continue;
        };
        let lo = qs[..k]
            .iter()
            .rev()
            .find(|p| p.end > s && p.end <= q.start)
            .map_or(s, |p| p.end);
        let hi = qs.get(k + 1).filter(|n| n.start < e).map_or(e, |n| n.start);
        let left = (lo..q.start)
            .rev()
            .find(|&i| text.fold[i] == '、')
            .map_or(lo, |i| i + 1);
        // `、` ends this number's words only when another number follows in the clause
        // (`50公里、20个`); otherwise it lists inside them (`1万名具有博士、硕士学位的人才`).
        let right = if hi < e {
            (q.end..hi).find(|&i| text.fold[i] == '、').unwrap_or(hi)
        } else {
            hi
        };
        let before = text.slice(left, q.start).text();
        let after = strip_leading(
            text.slice(q.end, right).text(),
            &["以上", "左右", "以内", "以下", "余", "多"],
        );
        // `增长9%左右、增速高于全国平均水平`: words after a list mark are the next clause's, and
        // `…达到40%”的三大目标` after a quoted passage are outside it.
        let after = if after.starts_with(['、', ',', '，', '”']) {
            String::new()
        } else {
            after
        };
        let before = before.replace(['“', '”'], "");
        let after = tidy(&strip_trailing(
            after,
            &["以上", "左右", "以内", "以下", "以及", "和", "及", "与"],
        ));
        let name = if cjk_count(&after) >= 2 {
            after
        } else {
            tidy(&strip_trailing(
                strip_leading(tidy(&before), LEADING_ADVERBS),
                TRAILING_VERBS,
            ))
        };
        let clause = text.slice(s, e).folded();
        let source = text.slice(left, right);
        let name = if cjk_count(&name) == 0 {
            b.notes.push((
                NoteKind::Guess,
                format!("“{}”没有可作名称的文字，名称待定", source.text()),
            ));
            format!("第{}项指标{}", b.ctx.no, k + 1)
        } else {
            if name.chars().count() > 24 {
                b.notes.push((
                    NoteKind::Guess,
                    format!("指标名称“{name}”取自整句，较长，请精简"),
                ));
            }
            name
        };
        let kind = if q.unit == "%" || STOCK_VERBS.iter().any(|v| before.contains(v)) {
            MeasureKind::Stock
        } else {
            MeasureKind::Flow
        };
        let mut ind = b.indicator(name, &q.unit, kind, &source);
        if LOWER_WORDS.iter().any(|w| clause.contains(w)) {
            ind.direction = Direction::Lower;
        }
        if q.unit == "%" {
            ind.aggregation = Aggregation::Mean;
        }
        ind.by_district = b.ctx.by_district;
        let year = target_year(text, q.start);
        let mut target = Target::new(year.as_ref().map_or(b.ctx.year, |y| y.0), CITY, q.value);
        target.upper = q.high;
        ind.targets.push(target);
        let mut said: Vec<String> = Vec::new();
        if q.approximate {
            said.push(format!(
                "原文“{}”是约数或下限，目标按 {} 计",
                source.text(),
                q.value
            ));
        }
        if let Some(h) = q.high {
            said.push(format!(
                "原文是区间（{}–{}），目标取下限，上限记在 upper",
                q.value, h
            ));
        }
        if q.implied {
            said.push(format!("原文“{}”没有写计量单位，按{}计", q.written, q.unit));
        }
        match (&year, span_phrase(&clause)) {
            (Some((y, phrase)), _) if *y != b.ctx.year => {
                said.push(format!(
                    "目标年份按原文“{phrase}”取 {y} 年（不是规划年度 {}）",
                    b.ctx.year
                ));
            }
            (_, Some(phrase)) if phrase == "每年" => {
                said.push(format!(
                    "原文“每年”：目标是每年的量，记为 {} 年一年",
                    b.ctx.year
                ));
            }
            (None, Some(phrase)) => said.push(format!(
                "原文有“{phrase}”：目标可能不是 {} 年一年的量，已按 {} 年计，请核对年度与数值",
                b.ctx.year, b.ctx.year
            )),
            _ => {}
        }
        if !said.is_empty() {
            ind.note = Some(said.join("；"));
        }
        b.push(q.start, ind);
    }
}

/// The year a target is for when the text says it before the number: `到2025年`, `至2025年`,
/// `2025年底前`, `2012年起5年内` (→ 2016). A year after `比`/`较` is a baseline, not a target's.
fn target_year(text: &Span, before: usize) -> Option<(i32, String)> {
    let f = &text.fold;
    let digits = |from: usize| f[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    for i in (0..before.saturating_sub(4)).rev() {
        let whole = (i == 0 || !f[i - 1].is_ascii_digit()) && digits(i) == 4;
        if !whole || f.get(i + 4) != Some(&'年') {
            continue;
        }
        let y: i32 = f[i..i + 4].iter().collect::<String>().parse().ok()?;
        let lead = i > 0 && matches!(f[i - 1], '到' | '至');
        let after = |s: &str| text.starts_with_at(s, i + 5);
        if after("起") {
            let n = digits(i + 6);
            if n > 0 && text.starts_with_at("年内", i + 6 + n) {
                let span: i32 = f[i + 6..i + 6 + n]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .ok()?;
                let end = i + 6 + n + 2;
                return Some((y + span - 1, text.slice(i, end).text()));
            }
        }
        if lead || after("底") || after("末") || after("前") {
            let from = if lead { i - 1 } else { i };
            let to = if lead { i + 5 } else { i + 6 };
            return Some((y, text.slice(from, to).text()));
        }
    }
    None
}

/// A phrase saying a number spans several years or repeats yearly (`5年内`, `每年`, `连续3年`,
/// `到2025年`): the draft's one-year target may be wrong.
fn span_phrase(clause: &str) -> Option<String> {
    let chars: Vec<char> = clause.chars().collect();
    let is_num = |c: &char| c.is_ascii_digit() || "一二三四五六七八九十两".contains(*c);
    // How many numeral characters start at `from`.
    let count = |from: usize| {
        chars
            .get(from..)
            .map_or(0, |t| t.iter().take_while(|c| is_num(c)).count())
    };
    let text = |from: usize, to: usize| chars[from..to.min(chars.len())].iter().collect();
    for (i, c) in chars.iter().enumerate() {
        let at = |s: &[char]| chars[i..].starts_with(s);
        if at(&['每', '年']) || at(&['年', '均']) {
            return Some(text(i, i + 2));
        }
        if at(&['未', '来']) && count(i + 2) > 0 && chars.get(i + 2 + count(i + 2)) == Some(&'年')
        {
            return Some(text(i, i + 3 + count(i + 2)));
        }
        let n = count(i);
        let first = i == 0 || !is_num(&chars[i - 1]);
        if first && (1..=2).contains(&n) && chars[i + n..].starts_with(&['年', '内']) {
            return Some(text(i, i + n + 2));
        }
        if at(&['连', '续']) && count(i + 2) > 0 {
            return Some(text(i, i + 2 + count(i + 2) + 1));
        }
        if matches!(*c, '到' | '至') && count(i + 1) == 4 && chars.get(i + 5) == Some(&'年') {
            return Some(text(i, i + 6));
        }
    }
    None
}

/// `重点培育4个主导产业:优质稻米、特色水果、生态养殖。`: the list after the colon should have as
/// many entries as the number before it.
fn stated_counts(b: &mut Builder, qs: &[Quantity]) {
    let text = b.ctx.text;
    let depths = bracket_depths(&text.fold);
    for q in qs
        .iter()
        .filter(|q| q.value.fract() == 0.0 && ["个", "项", "条", "批"].contains(&q.unit.as_str()))
    {
        let end = (q.end..text.len())
            .find(|&i| depths[i] == 0 && matches!(text.fold[i], '。' | ';' | '!' | '?'))
            .unwrap_or(text.len());
        let Some(colon) = (q.end..end).find(|&i| depths[i] == 0 && text.fold[i] == ':') else {
            continue;
        };
        if (q.end..colon).any(|i| matches!(text.fold[i], ',' | '、')) {
            continue;
        }
        let list = split_top(&text.slice(colon + 1, end), &['、', ',', ';']);
        if list.len() >= 2 && list.len() as f64 != q.value {
            let names: Vec<String> = list.iter().map(Span::text).collect();
            b.notes.push((
                NoteKind::CountMismatch,
                format!(
                    "“{}”写明 {}{}，冒号后列出 {} 项：{}",
                    text.slice(q.start, colon).text(),
                    q.written,
                    q.written_unit,
                    list.len(),
                    names.join("、")
                ),
            ));
        }
    }
}

/// `实施“数字农业”工程,鄂城区开展数字畜牧业试点,华容区开展数字乡村试点`.
fn district_clauses(
    b: &mut Builder,
    cl: &[(usize, usize)],
    used: &mut [bool],
    has_q: &dyn Fn(usize, usize) -> bool,
) {
    let text = b.ctx.text;
    let mut hits: Vec<(usize, String)> = Vec::new();
    for (k, &(s, e)) in cl.iter().enumerate() {
        let clause = text.slice(s, e).trim();
        let lead = b.ctx.districts.iter().find_map(|(name, aliases)| {
            std::iter::once(name)
                .chain(aliases)
                .find(|sp| clause.starts_with_at(sp, 0))
                .map(|_| name.clone())
        });
        if let (Some(d), false) = (lead, has_q(s, e)) {
            hits.push((k, d));
        }
    }
    let distinct: std::collections::BTreeSet<&String> = hits.iter().map(|(_, d)| d).collect();
    if hits.len() < 2 || distinct.len() < 2 {
        return;
    }
    let first = cl[hits[0].0].0;
    let last = cl[hits[hits.len() - 1].0].1;
    let bodies: Vec<String> = hits
        .iter()
        .map(|(k, d)| {
            let c = tidy(&text.slice(cl[*k].0, cl[*k].1).text());
            c.strip_prefix(d.as_str()).unwrap_or(&c).to_string()
        })
        .collect();
    let suffix = common_suffix(&bodies);
    let quoted_name = quoted_before(text, first);
    let name = match quoted_name {
        _ if suffix.is_empty() => "分区重点任务".to_string(),
        Some(q) => format!("{q}{suffix}"),
        None => {
            let prefix = strip_leading(
                common_prefix(&bodies),
                LIST_LEAD_INS
                    .iter()
                    .chain(&["开展", "建立"])
                    .copied()
                    .collect::<Vec<_>>()
                    .as_slice(),
            );
            format!("{prefix}{suffix}")
        }
    };
    let name = if cjk_count(&name) == 0 {
        "分区任务".to_string()
    } else {
        name
    };
    let source = text.slice(first, last);
    let mut count = b.indicator(name.clone(), "个", MeasureKind::Stock, &source);
    count.by_district = true;
    count.targets.push(b.city_target(hits.len() as f64));
    let mut per: Vec<(String, f64)> = Vec::new();
    for (_, d) in &hits {
        match per.iter_mut().find(|(x, _)| x == d) {
            Some((_, n)) => *n += 1.0,
            None => per.push((d.clone(), 1.0)),
        }
    }
    for (d, n) in per {
        count.targets.push(Target::new(b.ctx.year, d, n));
    }
    b.push(first, count);
    for (k, d) in &hits {
        used[*k] = true;
        let clause = text.slice(cl[*k].0, cl[*k].1).trim();
        let mut m = b.indicator(tidy(&clause.text()), "项", MeasureKind::Milestone, &clause);
        m.district = Some(d.clone());
        m.targets.push(Target::new(b.ctx.year, d.clone(), 1.0));
        b.push(cl[*k].0, m);
    }
    b.notes.push((
        NoteKind::Guess,
        format!(
            "按区分列的 {} 句任务读作计数指标“{name}”加逐区里程碑；名称为推测",
            hits.len()
        ),
    ));
}

fn quoted_before(text: &Span, before: usize) -> Option<String> {
    let s = text.slice(0, before).text();
    let open = s.rfind('“')?;
    let close = s[open..].find('”')? + open;
    Some(s[open + '“'.len_utf8()..close].to_string())
}

fn common_suffix(v: &[String]) -> String {
    let rev: Vec<Vec<char>> = v.iter().map(|s| s.chars().rev().collect()).collect();
    let mut out = Vec::new();
    for i in 0.. {
        let Some(c) = rev.first().and_then(|r| r.get(i)) else {
            break;
        };
        if rev.iter().all(|r| r.get(i) == Some(c)) {
            out.push(*c);
        } else {
            break;
        }
    }
    out.iter().rev().collect()
}

fn common_prefix(v: &[String]) -> String {
    let chars: Vec<Vec<char>> = v.iter().map(|s| s.chars().collect()).collect();
    let mut out = String::new();
    for i in 0.. {
        let Some(c) = chars.first().and_then(|r| r.get(i)) else {
            break;
        };
        if chars.iter().all(|r| r.get(i) == Some(c)) {
            out.push(*c);
        } else {
            break;
        }
    }
    out
}

/// `着力打造汀祖镇、碧石渡镇…沼山镇首批美丽城镇示范样板`.
fn town_list(b: &mut Builder, s: usize, e: usize) -> bool {
    let text = b.ctx.text;
    let clause = text.slice(s, e);
    let towns = towns_in(&clause);
    if towns.len() < 2 {
        return false;
    }
    let Some(last) = towns
        .last()
        .and_then(|t| clause.find(t, 0).map(|p| p + t.chars().count()))
    else {
        return false;
    };
    let noun = tidy(&strip_leading(
        clause.slice(last, clause.len()).text(),
        &["等"],
    ));
    let first = towns.first().and_then(|t| clause.find(t, 0)).unwrap_or(0);
    let source = clause.slice(0, clause.len());
    let noun_name = if cjk_count(&noun) >= 2 {
        noun.clone()
    } else {
        "乡镇任务".to_string()
    };
    let districts: Vec<Option<String>> = towns.iter().map(|t| (b.ctx.town_district)(t)).collect();
    let mut count = b.indicator(noun_name.clone(), "个", MeasureKind::Stock, &source);
    count.by_district = true;
    count.targets.push(b.city_target(towns.len() as f64));
    if districts.iter().all(Option::is_some) {
        let mut per: Vec<(String, f64)> = Vec::new();
        for d in districts.iter().flatten() {
            match per.iter_mut().find(|(x, _)| x == d) {
                Some((_, n)) => *n += 1.0,
                None => per.push((d.clone(), 1.0)),
            }
        }
        for (d, n) in per {
            count.targets.push(Target::new(b.ctx.year, d, n));
        }
    }
    b.push(s + first, count);
    for (i, (t, d)) in towns.iter().zip(&districts).enumerate() {
        let mut m = b.indicator(
            format!("{t}{}", if noun.is_empty() { "" } else { &noun }),
            "项",
            MeasureKind::Milestone,
            &source,
        );
        if let Some(d) = d {
            m.district = Some(d.clone());
            m.targets.push(Target::new(b.ctx.year, d.clone(), 1.0));
        } else {
            m.targets.push(b.city_target(1.0));
        }
        b.push(s + first + i + 1, m);
    }
    let unknown: Vec<&str> = towns
        .iter()
        .zip(&districts)
        .filter(|(_, d)| d.is_none())
        .map(|(t, _)| t.as_str())
        .collect();
    let mut msg = format!(
        "列举了 {} 个乡镇（{}），读作计数指标“{noun_name}”= {} 加逐镇里程碑",
        towns.len(),
        towns.join("、"),
        towns.len()
    );
    if !unknown.is_empty() {
        msg.push_str(&format!(
            "；{} 的所属区未知，未分区设目标",
            unknown.join("、")
        ));
    }
    b.notes.push((NoteKind::Guess, msg));
    true
}

/// `打造粮油、种业、武昌鱼、生猪、果蔬、花木等优势产业链`.
fn listed(b: &mut Builder, s: usize, e: usize) -> bool {
    let text = b.ctx.text;
    let clause = text.slice(s, e);
    let quoted = quoted_mask(&clause.fold);
    let depths = bracket_depths(&clause.fold);
    let Some(p) =
        (0..clause.len()).find(|&i| clause.fold[i] == '等' && !quoted[i] && depths[i] == 0)
    else {
        return false;
    };
    let noun = tidy(&clause.slice(p + 1, clause.len()).text());
    if !DELIVERABLES.iter().any(|d| noun.ends_with(d)) {
        return false;
    }
    let mut elems: Vec<String> = split_top(&clause.slice(0, p), &['、'])
        .iter()
        .map(|x| tidy(&x.text()))
        .collect();
    if elems.len() < 3 {
        return false;
    }
    if let Some(first) = elems.first_mut() {
        if let Some(cut) = LIST_LEAD_INS
            .iter()
            .filter_map(|v| first.rfind(v).map(|i| i + v.len()))
            .max()
        {
            *first = first[cut..].to_string();
        }
    }
    if elems.iter().any(|x| x.is_empty()) {
        return false;
    }
    let unit = if noun.ends_with('链') { "条" } else { "个" };
    let source = clause.trim();
    let mut count = b.indicator(noun.clone(), unit, MeasureKind::Stock, &source);
    count.aggregation = Aggregation::CityOnly;
    count.targets.push(b.city_target(elems.len() as f64));
    b.push(s, count);
    for (i, el) in elems.iter().enumerate() {
        let mut m = b.indicator(format!("{el}{noun}"), "项", MeasureKind::Milestone, &source);
        m.aggregation = Aggregation::CityOnly;
        m.targets.push(b.city_target(1.0));
        b.push(s + i + 1, m);
    }
    b.notes.push((
        NoteKind::Guess,
        format!(
            "“{}”列举 {} 项后有“等”，计数指标“{noun}”按列举项计 {}",
            source.text(),
            elems.len(),
            elems.len()
        ),
    ));
    true
}

/// `全面完成我市农村公路危桥改造任务` → 农村公路危桥改造完成率 = 100%; `实现全覆盖` likewise.
fn completion(b: &mut Builder, cl: &[(usize, usize)], k: usize) {
    let text = b.ctx.text;
    let (s, e) = cl[k];
    let clause = text.slice(s, e);
    let quoted = quoted_mask(&clause.fold);
    let found = |pat: &str| {
        let mut from = 0;
        while let Some(p) = clause.find(pat, from) {
            if !quoted[p] {
                return Some(p);
            }
            from = p + 1;
        }
        None
    };
    if let Some(p) = found("全覆盖") {
        let subject = strip_leading(
            tidy(&clause.slice(0, p).text()),
            &["实现", "达到", "基本", "做到", "力争", "确保", "全面"],
        );
        let (name, source, guessed) = if cjk_count(&subject) >= 2 {
            (subject, clause.trim(), false)
        } else if k > 0 {
            let prev = text.slice(cl[k - 1].0, cl[k - 1].1);
            let subj = strip_leading(
                tidy(&prev.text()),
                &["引导", "推动", "推进", "支持", "鼓励", "加快", "积极"],
            );
            (subj, text.slice(cl[k - 1].0, e).trim(), true)
        } else {
            return;
        };
        if cjk_count(&name) < 2 {
            return;
        }
        let mut ind = b.indicator(format!("{name}覆盖率"), "%", MeasureKind::Stock, &source);
        ind.aggregation = Aggregation::Min;
        ind.by_district = b.ctx.by_district;
        ind.targets.push(b.city_target(100.0));
        if guessed {
            b.notes.push((
                NoteKind::Guess,
                format!("“全覆盖”的对象取自前一分句：“{name}覆盖率”"),
            ));
        }
        b.push(s, ind);
        return;
    }
    let Some(p) = found("完成") else { return };
    let object = tidy(&clause.slice(p + 2, clause.len()).text());
    if cjk_count(&object) < 2
        || ["率", "情况", "时限", "后", "期", "得", "好"]
            .iter()
            .any(|x| object.starts_with(x))
    {
        return;
    }
    let name = strip_leading(
        object,
        &[
            "我市",
            "全市",
            "本市",
            "全县",
            "全区",
            "各区",
            "本年度",
            "年度",
        ],
    );
    let name = strip_trailing(name, &["年度任务", "目标任务", "任务", "工作"]);
    if cjk_count(&name) < 2 {
        return;
    }
    let mut ind = b.indicator(
        format!("{name}完成率"),
        "%",
        MeasureKind::Stock,
        &clause.slice(0, clause.len()),
    );
    ind.aggregation = Aggregation::Min;
    ind.by_district = b.ctx.by_district;
    ind.targets.push(b.city_target(100.0));
    b.push(s, ind);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_for_the_year_the_text_gives() {
        let year = |t: &str| target_year(&Span::new(t), t.chars().count()).map(|y| y.0);
        assert_eq!(year("到2025年，覆盖率达到95%"), Some(2025));
        assert_eq!(year("2023年底前建成50个"), Some(2023));
        assert_eq!(year("2012年起5年内培养100名"), Some(2016));
        assert_eq!(year("比2020年增长10%"), None, "a baseline year");
        assert_eq!(year("新建50公里"), None);
    }

    fn run(text: &str, by_district: bool) -> Findings {
        let span = Span::new(text);
        let districts = vec![
            ("鄂城区".to_string(), vec![]),
            ("华容区".to_string(), vec![]),
            ("梁子湖区".to_string(), vec![]),
        ];
        let towns = |t: &str| (t == "太和镇").then(|| "梁子湖区".to_string());
        let ctx = ItemContext {
            no: 17,
            text: &span,
            year: 2022,
            by_district,
            districts: &districts,
            town_district: &towns,
        };
        build(&ctx)
    }

    fn summary(f: &Findings) -> Vec<(String, f64, String)> {
        f.indicators
            .iter()
            .map(|i| (i.name.clone(), i.targets[0].value, i.unit.clone()))
            .collect()
    }

    #[test]
    fn item_17() {
        let f = run("积极开展“四好农村路”示范创建,推进农村公路提档升级,新改建农村公路50公里,全面完成我市农村公路危桥改造任务。积极推动华容区申报全国第三批城乡交通运输一体化示范县,新改建乡镇综合运输服务站1个,新建农村客运候车厅20个。", true);
        let s = summary(&f);
        assert_eq!(
            s[0],
            ("新改建农村公路".to_string(), 50.0, "公里".to_string())
        );
        assert_eq!(
            s[1],
            ("农村公路危桥改造完成率".to_string(), 100.0, "%".to_string())
        );
        assert_eq!(
            s[2],
            (
                "新改建乡镇综合运输服务站".to_string(),
                1.0,
                "个".to_string()
            )
        );
        assert_eq!(
            s[3],
            ("新建农村客运候车厅".to_string(), 20.0, "个".to_string())
        );
        assert_eq!(s.len(), 4);
        assert_eq!(f.indicators[0].code, "T17-01");
        assert_eq!(f.indicators[1].aggregation, Aggregation::Min);
    }

    #[test]
    fn counts_after_the_number() {
        let f = run(
            "培育10个乡村旅游特色村、10个特色乡村民宿、5个农文旅融合的A级旅游景区。",
            true,
        );
        let names: Vec<_> = summary(&f).into_iter().map(|x| (x.0, x.1)).collect();
        assert_eq!(
            names,
            [
                ("乡村旅游特色村".into(), 10.0),
                ("特色乡村民宿".into(), 10.0),
                ("农文旅融合的A级旅游景区".into(), 5.0)
            ]
        );
        assert_eq!(f.indicators[0].kind, MeasureKind::Stock);
    }

    #[test]
    fn district_pilots() {
        let f = run("实施“数字农业”工程,鄂城区开展数字畜牧业试点,华容区开展数字乡村试点,梁子湖区开展数字种植业试点。", true);
        assert_eq!(f.indicators.len(), 4);
        assert_eq!(f.indicators[0].name, "数字农业试点");
        assert_eq!(f.indicators[0].targets.len(), 4);
        let ds: Vec<_> = f.indicators[1..]
            .iter()
            .map(|i| i.district.clone().unwrap())
            .collect();
        assert_eq!(ds, ["鄂城区", "华容区", "梁子湖区"]);
    }

    #[test]
    fn listed_chains() {
        let f = run("打造粮油、种业、武昌鱼、生猪、果蔬、花木等优势产业链,做优“梁子湖”、“武昌鱼”等区域公用品牌。", false);
        assert_eq!(f.indicators[0].name, "优势产业链");
        assert_eq!(f.indicators[0].unit, "条");
        assert_eq!(f.indicators[0].targets[0].value, 6.0);
        assert_eq!(f.indicators[1].name, "粮油优势产业链");
        assert_eq!(f.indicators.len(), 7);
    }

    #[test]
    fn towns_with_partial_districts() {
        let f = run("着力打造太和镇、梁子镇首批美丽城镇示范样板。", true);
        assert_eq!(f.indicators[0].name, "首批美丽城镇示范样板");
        assert_eq!(f.indicators[0].targets.len(), 1);
        assert_eq!(f.indicators[1].district.as_deref(), Some("梁子湖区"));
        assert!(f.notes.iter().any(|(_, m)| m.contains("梁子镇")));
    }

    #[test]
    fn coverage_and_percent() {
        let f = run("引导电子商务、物流等市场主体到村,实现全覆盖。", true);
        assert_eq!(f.indicators[0].name, "电子商务、物流等市场主体到村覆盖率");
        let f = run("全市行政村5G网络覆盖率达到95%以上。", false);
        assert_eq!(f.indicators[0].name, "行政村5G网络覆盖率");
        assert_eq!(f.indicators[0].targets[0].value, 95.0);
        assert!(f.indicators[0].note.is_some());
        let f = run("农村生活污水乱排率控制在10%以内。", false);
        assert_eq!(f.indicators[0].direction, Direction::Lower);
    }

    #[test]
    fn names_keep_their_inner_lists_and_lose_a_trailing_and() {
        let names = |t: &str| -> Vec<String> {
            run(t, false)
                .indicators
                .into_iter()
                .map(|i| i.name)
                .collect()
        };
        assert_eq!(
            names("重点引进和培养1万名左右具有博士、硕士学位的企业紧缺人才。"),
            ["具有博士、硕士学位的企业紧缺人才"]
        );
        assert_eq!(
            names("评选200名技能突出人才、2000名技能重点人才和10000名青年人才。"),
            ["技能突出人才", "技能重点人才", "青年人才"]
        );
    }

    #[test]
    fn multi_year_phrases_are_noted() {
        assert_eq!(
            super::span_phrase("5年内重点培训15万名人才"),
            Some("5年内".into())
        );
        assert_eq!(super::span_phrase("每年资助100名"), Some("每年".into()));
        assert_eq!(
            super::span_phrase("连续3年给予资助"),
            Some("连续3年".into())
        );
        assert_eq!(
            super::span_phrase("到2025年建成50个"),
            Some("到2025年".into())
        );
        assert_eq!(super::span_phrase("2022年新改建农村公路50公里"), None);
        let f = run("5年内重点培训15万名专业技术人才。", false);
        let note = f.indicators[0].note.as_deref().unwrap_or_default();
        assert!(note.contains("原文有“5年内”"), "{note}");
    }

    #[test]
    fn unknown_units_and_one_batch() {
        let f = run("新增充电桩500根,建设一批示范点。", false);
        assert!(f.indicators.is_empty());
        assert_eq!(f.notes.len(), 2);
    }
}

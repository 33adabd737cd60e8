//! Numbers in plan text: Arabic (`50`, `1.5万`) and Chinese (`十`, `二十`, `一百二十`) numerals,
//! the unit written after them (`公里`, `个`, `%`, `亿元` …) and `百分之九十五`.
//!
//! Numbers inside quotation marks (`“四个不摘”`, `“十年禁渔”`), ordinals (`第三批`), years
//! (`2022年`) and the idiom `一批` are not targets and are skipped.

use super::scan::{is_cjk, name_quote_mask, Span};

/// Units a target may carry as written, with the catalog unit and factor they convert to. Longest
/// spellings are tried first so `万元` wins over `元` and `人次` over `人`.
const UNITS: &[(&str, &str, f64)] = &[
    ("万人次", "人次", 1e4),
    ("万千米", "公里", 1e4),
    ("万公里", "公里", 1e4),
    ("平方公里", "", 1.0),
    ("万平方米", "平方米", 1e4),
    ("平方米", "平方米", 1.0),
    ("万千瓦", "千瓦", 1e4),
    ("千瓦", "千瓦", 1.0),
    ("场次", "场", 1.0),
    ("公里", "公里", 1.0),
    ("千米", "公里", 1.0),
    ("km", "公里", 1.0),
    ("万亩", "亩", 1e4),
    ("亩", "亩", 1.0),
    ("万元", "万元", 1.0),
    ("亿元", "亿元", 1.0),
    ("元", "元", 1.0),
    ("人次", "人次", 1.0),
    ("万人", "万人", 1.0),
    ("公顷", "公顷", 1.0),
    ("个百分点", "", 1.0),
    ("百分点", "", 1.0),
    ("%", "%", 1.0),
    ("‰", "", 1.0),
    ("万吨", "吨", 1e4),
    ("吨", "吨", 1.0),
    // The catalog counts weight in 吨: `120亿斤` is 600万吨.
    ("公斤", "吨", 0.001),
    ("斤", "吨", 0.0005),
    ("人", "人", 1.0),
    ("名", "人", 1.0),
    ("个", "个", 1.0),
    ("座", "座", 1.0),
    ("套", "套", 1.0),
    ("场", "场", 1.0),
    ("辆", "辆", 1.0),
    ("台", "台", 1.0),
    ("间", "间", 1.0),
    ("件", "件", 1.0),
    ("张", "张", 1.0),
    ("家", "家", 1.0),
    ("户", "户", 1.0),
    ("批", "批", 1.0),
    ("所", "所", 1.0),
    ("处", "处", 1.0),
    ("项", "项", 1.0),
    ("条", "条", 1.0),
    ("倍", "倍", 1.0),
    ("米", "米", 1.0),
];

/// Chars after a number that make it a date, a time or a model name rather than a quantity.
const NOT_A_UNIT: &[char] = &[
    '年', '月', '日', '号', '时', '届', '次', '级', '期', '代', '类', '季', '岁', '周', '天', '星',
    '度',
];

/// A number found in text with what follows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Char range of the number and its unit in the span.
    pub start: usize,
    pub end: usize,
    /// Value in the catalog unit (`1.5万亩` → 15000).
    pub value: f64,
    /// Catalog unit; empty when the written unit is not one a catalog can hold.
    pub unit: String,
    /// The unit as written (`万亩`), or the char that followed the number when no unit was known.
    pub written_unit: String,
    /// The number as written (`二十`, `1.5万`).
    pub written: String,
    /// `余`/`多`/`以上` follow the number: the target is a floor.
    pub approximate: bool,
    /// The upper end of a range (`2-3个`: 3); `value` is the lower end.
    pub high: Option<f64>,
    /// The unit is not written and was taken as money (`过千亿` → 1000 亿元).
    pub implied: bool,
}

impl Quantity {
    pub fn has_unit(&self) -> bool {
        !self.unit.is_empty()
    }
}

const CN_DIGITS: &str = "零〇一二两三四五六七八九";
const CN_SCALES: &str = "十百千万亿";

fn cn_digit(c: char) -> Option<u64> {
    CN_DIGITS.chars().position(|d| d == c).map(|p| match p {
        0 | 1 => 0,
        2 => 1,
        3 | 4 => 2,
        n => n as u64 - 2,
    })
}

fn is_cn_numeral(c: char) -> bool {
    CN_DIGITS.contains(c) || CN_SCALES.contains(c)
}

/// A heading's number as a Chinese numeral (`4` → `四`, `12` → `十二`, `24` → `二十四`), as
/// `一、` and `（一）` write it.
pub fn to_chinese(n: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |d: u32| D[d as usize];
    match n {
        0..=9 => digit(n).to_string(),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let mut s = String::new();
            if tens > 1 {
                s.push(digit(tens));
            }
            s.push('十');
            if ones > 0 {
                s.push(digit(ones));
            }
            s
        }
        _ => n.to_string(),
    }
}

/// Value of a Chinese numeral (`二十` 20, `十五` 15, `一百二十` 120, `三万` 30000);
/// `None` when the run is not a well-formed numeral.
pub fn parse_chinese(s: &str) -> Option<f64> {
    let mut total: u64 = 0; // completed 万/亿 groups
    let mut section: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    let mut any = false;
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            digit = Some(d);
            any = true;
            continue;
        }
        let scale: u64 = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        any = true;
        if scale >= 10_000 {
            let group = section + digit.take().unwrap_or(0);
            let group = if group == 0 { 1 } else { group };
            total = total.checked_add(group.checked_mul(scale)?)?;
            section = 0;
        } else {
            section = section.checked_add(digit.take().unwrap_or(1).checked_mul(scale)?)?;
        }
    }
    if !any {
        return None;
    }
    Some((total + section + digit.unwrap_or(0)) as f64)
}

/// Every number in `span`, with its unit when one follows. Numbers in quotes, ordinals, years
/// and `一批`/`一些` are left out.
pub fn quantities(span: &Span) -> Vec<Quantity> {
    let f = &span.fold;
    let quoted = name_quote_mask(f);
    let mut out = Vec::new();
    let mut i = 0;
    while i < f.len() {
        let prev = if i > 0 { Some(f[i - 1]) } else { None };
        let c = f[i];
        let starts_number = if c.is_ascii_digit() {
            !prev.is_some_and(|p| p.is_ascii_digit() || p == '.' || p.is_ascii_alphabetic())
        } else if cn_digit(c).is_some() || c == '十' || bare_scale_counts(f, i) {
            !prev.is_some_and(is_cn_numeral)
        } else {
            false
        };
        if !starts_number {
            i += 1;
            continue;
        }
        let Some((q, next)) = read_quantity(span, i) else {
            i += 1;
            continue;
        };
        let ordinal = prev == Some('第');
        let skip = quoted[i] || ordinal || q.written_unit == "年" || is_idiom(f, i, &q);
        if !skip {
            out.push(q);
        }
        i = next.max(i + 1);
    }
    // 百分之九十五
    let mut from = 0;
    while let Some(p) = span.find("百分之", from) {
        let start = p + 3;
        let end = (start..f.len())
            .find(|&j| !(is_cn_numeral(f[j]) || f[j] == '点'))
            .unwrap_or(f.len());
        let run: String = f[start..end].iter().collect();
        let value = match run.split_once('点') {
            Some((a, b)) => parse_chinese(a).and_then(|a| {
                let digits: Option<String> = b
                    .chars()
                    .map(|c| cn_digit(c).map(|d| char::from(b'0' + d as u8)))
                    .collect();
                format!("{a}.{}", digits?).parse().ok()
            }),
            None => parse_chinese(&run),
        };
        if let (Some(value), false) = (value, quoted[p]) {
            out.retain(|q| q.end <= p || q.start >= end);
            out.push(Quantity {
                start: p,
                end,
                value,
                unit: "%".into(),
                written_unit: "%".into(),
                written: span.slice(p, end).text(),
                approximate: false,
                high: None,
                implied: false,
            });
        }
        from = end.max(p + 1);
    }
    out.sort_by_key(|q| q.start);
    out
}

/// `一批`, `一些`: `一` read as "a", not as the count 1; `一户一策`, `一区一品` are slogans.
fn is_idiom(f: &[char], i: usize, q: &Quantity) -> bool {
    q.written == "一" && (matches!(f.get(i + 1), Some('批' | '些')) || f.get(i + 2) == Some(&'一'))
}

/// A number at `i`: Arabic with a `万`/`亿` multiplier (`1.5万`, `320万`), or a Chinese numeral
/// (`二十`, `一百二十`); its value, where it ends, and the multiplier it took, if any.
fn read_number(f: &[char], i: usize) -> Option<(f64, usize, Option<char>)> {
    if f[i].is_ascii_digit() {
        let mut j = i;
        while j < f.len()
            && (f[j].is_ascii_digit()
                || (f[j] == '.' && f.get(j + 1).is_some_and(char::is_ascii_digit)))
        {
            j += 1;
        }
        let mut value = f[i..j].iter().collect::<String>().parse::<f64>().ok()?;
        // 1.5万 / 100亿 as a multiplier unless 万元 / 亿元 is the unit itself
        let mut scale = None;
        if matches!(f.get(j), Some('万' | '亿'))
            && unit_at(f, j).is_none_or(|(w, _, _)| !w.starts_with(f[j]))
        {
            value *= if f[j] == '万' { 1e4 } else { 1e8 };
            scale = Some(f[j]);
            j += 1;
        }
        return Some((value, j, scale));
    }
    let mut j = i;
    while j < f.len() && is_cn_numeral(f[j]) {
        j += 1;
    }
    // keep 万元 / 亿元 / 万亩 as units rather than multipliers
    while j > i + 1 && matches!(f[j - 1], '万' | '亿') && unit_at(f, j - 1).is_some() {
        j -= 1;
    }
    let run: String = f[i..j].iter().collect();
    if !run.chars().any(|c| cn_digit(c).is_some() || c == '十') && !bare_scale_counts(f, i) {
        return None;
    }
    let scale = run.chars().last().filter(|c| matches!(c, '万' | '亿'));
    Some((parse_chinese(&run)?, j, scale))
}

/// `过千亿`, `超百亿`: a bare 百/千/万/亿 is a figure only after such a word; elsewhere it names
/// something (`百人计划`, `千亿级产业`, `万企兴万村`).
fn bare_scale_counts(f: &[char], i: usize) -> bool {
    i > 0 && matches!(f[i - 1], '过' | '超' | '破' | '逾')
}

/// `2-3个`, `2～3个`, `二至三个`: the mark between a range's ends.
fn range_mark(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '~' | '～' | '至' | '到')
}

fn read_quantity(span: &Span, i: usize) -> Option<(Quantity, usize)> {
    let f = &span.fold;
    let arabic = f[i].is_ascii_digit();
    let (mut value, mut j, mut scale) = read_number(f, i)?;
    let mut high = None;
    if f.get(j).is_some_and(|c| range_mark(*c))
        && f.get(j + 1).is_some_and(|c| c.is_ascii_digit() == arabic)
    {
        if let Some((h, end, s)) = read_number(f, j + 1).filter(|(h, _, _)| *h > value) {
            high = Some(h);
            // `2-3万人`: the multiplier written once serves both ends.
            if scale.is_none() {
                value *= match s {
                    Some('亿') => 1e8,
                    Some(_) => 1e4,
                    None => 1.0,
                };
                scale = s;
            }
            j = end;
        }
    }
    let written_end = j;
    let mut approximate = false;
    if matches!(f.get(j), Some('余' | '多')) {
        approximate = true;
        j += 1;
    }
    let mut implied = false;
    let (written_unit, unit, end) = match unit_at(f, j) {
        Some((w, canonical, factor)) => {
            value *= factor;
            high = high.map(|h| h * factor);
            (w.to_string(), canonical.to_string(), j + w.chars().count())
        }
        // `过千亿`, `总投资100亿，`, `千亿产业`: an amount in 亿/万 without a unit is money; one
        // followed by another word (`120亿斤`, `20亿级`) is not known.
        None if scale.is_some()
            && f.get(j)
                .is_none_or(|c| !is_cjk(*c) || "产的元".contains(*c)) =>
        {
            let per = if scale == Some('亿') { 1e8 } else { 1e4 };
            value /= per;
            high = high.map(|h| h / per);
            implied = true;
            let unit = if scale == Some('亿') {
                "亿元"
            } else {
                "万元"
            };
            (unit.to_string(), unit.to_string(), j)
        }
        None => {
            let next = f.get(j).copied();
            // A Chinese numeral needs a unit to be a quantity (一体化, 三国风 are not).
            if !arabic {
                return None;
            }
            match next {
                Some(c) if NOT_A_UNIT.contains(&c) => (c.to_string(), String::new(), j + 1),
                Some(c) if is_cjk(c) => (c.to_string(), String::new(), j),
                _ => (String::new(), String::new(), j),
            }
        }
    };
    // `3个月内`, `5个工作日`: a duration, not a count.
    if written_unit == "个" && matches!(f.get(end), Some('月' | '工' | '小')) {
        return Some((
            Quantity {
                start: i,
                end: end + 1,
                value,
                unit: String::new(),
                written_unit: "月".into(),
                written: span.slice(i, written_end).text(),
                approximate,
                high: None,
                implied: false,
            },
            end + 1,
        ));
    }
    if ["以上", "左右", "以内"]
        .iter()
        .any(|w| span.starts_with_at(w, end))
    {
        approximate = true;
    }
    let written = span.slice(i, written_end).text();
    Some((
        Quantity {
            start: i,
            end,
            value,
            unit,
            written_unit,
            written,
            approximate,
            high,
            implied,
        },
        end,
    ))
}

/// The unit spelled at `at`: (spelling, catalog unit, factor).
fn unit_at(f: &[char], at: usize) -> Option<(&'static str, &'static str, f64)> {
    UNITS.iter().copied().find(|(w, _, _)| {
        let w: Vec<char> = w.chars().collect();
        f.len() >= at + w.len() && f[at..at + w.len()] == w[..]
    })
}

/// Whether a number without a catalog unit should be reported: a date, a year or a model name
/// (`5G`) is not worth a reviewer's time.
pub fn worth_reporting(q: &Quantity) -> bool {
    !q.has_unit()
        && !q.written_unit.is_empty()
        && !q.written_unit.chars().all(|c| NOT_A_UNIT.contains(&c))
        && q.written_unit.chars().any(is_cjk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<(f64, String)> {
        quantities(&Span::new(s))
            .into_iter()
            .map(|q| (q.value, q.unit))
            .collect()
    }

    #[test]
    fn chinese_numerals() {
        for n in [1, 4, 10, 12, 20, 24, 99] {
            assert_eq!(parse_chinese(&to_chinese(n)), Some(f64::from(n)), "{n}");
        }
        assert_eq!(to_chinese(24), "二十四");
        assert_eq!(parse_chinese("十"), Some(10.0));
        assert_eq!(parse_chinese("二十"), Some(20.0));
        assert_eq!(parse_chinese("十五"), Some(15.0));
        assert_eq!(parse_chinese("一百二十"), Some(120.0));
        assert_eq!(parse_chinese("三万"), Some(30000.0));
        assert_eq!(parse_chinese("两千零五"), Some(2005.0));
        assert_eq!(parse_chinese("甲"), None);
    }

    #[test]
    fn arabic_with_units() {
        assert_eq!(q("新改建农村公路50公里"), [(50.0, "公里".to_string())]);
        assert_eq!(
            q("建设1000套人才公寓、50场次讲座、1.2万平方米厂房"),
            [
                (1000.0, "套".to_string()),
                (50.0, "场".to_string()),
                (12000.0, "平方米".to_string())
            ]
        );
        assert_eq!(q("种植1.5万亩"), [(15000.0, "亩".to_string())]);
        assert_eq!(q("投资100亿元"), [(100.0, "亿元".to_string())]);
        assert_eq!(q("覆盖率达到95%"), [(95.0, "%".to_string())]);
        assert_eq!(q("修建3千米"), [(3.0, "公里".to_string())]);
        assert_eq!(q("接待游客20万人次"), [(200000.0, "人次".to_string())]);
        assert_eq!(q("培训１２０人次"), [(120.0, "人次".to_string())]);
    }

    #[test]
    fn chinese_with_units() {
        assert_eq!(q("打造二十个示范村"), [(20.0, "个".to_string())]);
        assert_eq!(q("分三批推进"), [(3.0, "批".to_string())]);
        assert_eq!(q("达到百分之九十五"), [(95.0, "%".to_string())]);
    }

    #[test]
    fn skips_quotes_ordinals_years_and_idioms() {
        assert!(q("落实“四个不摘”要求").is_empty());
        assert!(q("申报全国第三批示范县").is_empty());
        assert!(q("建设一批示范点").is_empty());
        assert!(q("实施“十年禁渔”").is_empty());
        assert!(q("推动一二三产业融合").is_empty());
        let years = quantities(&Span::new("到2025年"));
        assert!(years.is_empty());
    }

    #[test]
    fn multipliers_ranges_and_implied_money() {
        assert_eq!(
            q("人才资源总量达到320万名左右"),
            [(3.2e6, "人".to_string())]
        );
        assert_eq!(q("装机容量1.2亿千瓦"), [(1.2e8, "千瓦".to_string())]);
        assert_eq!(q("打造过千亿产业集群"), [(1000.0, "亿元".to_string())]);
        assert_eq!(q("总投资100亿，"), [(100.0, "亿元".to_string())]);
        assert_eq!(q("产量在120亿斤以上"), [(6e6, "吨".to_string())]);
        assert!(quantities(&Span::new("引进20亿级项目"))
            .iter()
            .all(|q| !q.has_unit()));
        let r = quantities(&Span::new("每年新增2-3个示范点"));
        assert_eq!(
            (r[0].value, r[0].high, r[0].unit.as_str()),
            (2.0, Some(3.0), "个")
        );
        let r = quantities(&Span::new("培育二至三家企业"));
        assert_eq!(
            (r[0].value, r[0].high, r[0].unit.as_str()),
            (2.0, Some(3.0), "家")
        );
        let r = quantities(&Span::new("吸纳2～3万名毕业生"));
        assert_eq!((r[0].value, r[0].high), (20000.0, Some(30000.0)));
    }

    /// A draft must load: every unit a target is converted to is one a catalog may name.
    #[test]
    fn every_target_unit_is_a_catalog_unit() {
        for (written, unit, _) in UNITS.iter().filter(|u| !u.1.is_empty()) {
            assert!(
                crate::catalog::measure::is_known(unit),
                "{written} → {unit}"
            );
        }
    }

    #[test]
    fn durations_ages_and_names_are_not_targets() {
        let none = |s: &str| quantities(&Span::new(s)).iter().all(|q| !q.has_unit());
        assert!(none("5年内完成"));
        assert!(none("35岁以下青年人才"));
        assert!(none("实施百人计划、千人计划"));
        assert!(none("3个月内办结"));
        assert!(none("力争引进20亿级项目"));
        assert!(none("2022-2025年"));
    }

    #[test]
    fn unknown_units_are_kept_for_review() {
        let qs = quantities(&Span::new("新增充电桩500根"));
        assert_eq!(qs.len(), 1);
        assert!(!qs[0].has_unit());
        assert!(worth_reporting(&qs[0]));
        let g = quantities(&Span::new("建设5G基站"));
        assert!(g.iter().all(|q| !worth_reporting(q)));
    }
}

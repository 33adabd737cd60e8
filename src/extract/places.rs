//! Named places in item text: districts of the districts table, and towns (names ending 镇 / 乡 /
//! 街道). Town names are found by shape, so every one is listed for review.

use super::scan::{is_cjk, quoted_mask, Span};

/// Words that end the run before a town name (`着力打造汀祖镇` → `汀祖镇`).
const LEAD_INS: &[&str] = &[
    "打造", "建设", "创建", "培育", "推进", "支持", "实施", "开展", "着力", "推动", "完成", "启动",
    "指导", "申报", "争创", "提升", "加快", "依托", "围绕", "包括", "重点", "选择", "确定", "以",
    "在", "对", "将", "把", "和", "与", "及", "的", "为", "到", "至", "于", "由", "是", "等", "含",
    "即", "或",
];

/// Last chars of a generic word rather than a name (乡镇, 城镇, 集镇, 小城镇, 重点镇, 中心镇 …).
const GENERIC_LAST: &[char] = &[
    '乡', '城', '集', '村', '小', '各', '全', '本', '该', '点', '心', '制', '色', '名', '型', '强',
    '重', '贸', '业', '新', '大', '中', '市', '县', '区', '省', '街', '古', '返', '入', '下', '回',
    '家', '故',
];

/// Towns named in `span`, in order, each once.
pub fn towns_in(span: &Span) -> Vec<String> {
    let f = &span.fold;
    let quoted = quoted_mask(f);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < f.len() {
        let (suffix_len, ok) = if f[i] == '镇' {
            (1, true)
        } else if span.starts_with_at("街道", i) {
            (2, true)
        } else if f[i] == '乡' {
            // 乡 alone is too common (城乡, 返乡, 乡村): only when a list mark or the end follows.
            let next = f.get(i + 1).copied();
            (
                1,
                next.is_none_or(|c| {
                    matches!(c, '、' | ',' | '，' | ';' | '。' | '等' | ')' | '）')
                }),
            )
        } else {
            (0, false)
        };
        if !ok || quoted[i] {
            i += 1;
            continue;
        }
        if let Some(core) = name_before(span, i) {
            let name = format!("{core}{}", span.slice(i, i + suffix_len).text());
            if !out.contains(&name) {
                out.push(name);
            }
        }
        i += suffix_len;
    }
    out
}

fn name_before(span: &Span, end: usize) -> Option<String> {
    let f = &span.fold;
    let mut start = end;
    while start > 0 && is_cjk(f[start - 1]) && end - start < 6 {
        start -= 1;
    }
    let run: String = f[start..end].iter().collect();
    // Cut after the last lead-in word that still leaves a name of two chars or more.
    let mut cuts: Vec<usize> = LEAD_INS
        .iter()
        .flat_map(|w| {
            run.match_indices(w)
                .map(|(p, _)| p + w.len())
                .collect::<Vec<_>>()
        })
        .collect();
    cuts.sort_unstable_by(|a, b| b.cmp(a));
    let cut = cuts
        .into_iter()
        .find(|&c| run[c..].chars().count() >= 2)
        .unwrap_or(0);
    let core = &run[cut..];
    let n = core.chars().count();
    let last = core.chars().last()?;
    if !(2..=4).contains(&n) || GENERIC_LAST.contains(&last) {
        return None;
    }
    let first = end - n;
    Some(span.slice(first, end).text())
}

/// Districts (by name or alias) named in `span`, in order of first mention, as canonical names.
/// `各区` and the like are not a mention.
pub fn districts_in(span: &Span, districts: &[(String, Vec<String>)]) -> Vec<String> {
    let mut hits: Vec<(usize, String)> = Vec::new();
    for (name, aliases) in districts {
        for spelling in std::iter::once(name).chain(aliases) {
            let mut from = 0;
            while let Some(p) = span.find(spelling, from) {
                if p == 0 || span.fold[p - 1] != '各' {
                    hits.push((p, name.clone()));
                    break;
                }
                from = p + 1;
            }
        }
    }
    hits.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, n) in hits {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn towns_of_item_49() {
        let s = Span::new(
            "着力打造汀祖镇、碧石渡镇、长港镇、段店镇、太和镇、梁子镇、沼山镇首批美丽城镇示范样板",
        );
        assert_eq!(
            towns_in(&s),
            [
                "汀祖镇",
                "碧石渡镇",
                "长港镇",
                "段店镇",
                "太和镇",
                "梁子镇",
                "沼山镇"
            ]
        );
    }

    #[test]
    fn generic_words_are_not_towns() {
        for t in [
            "各区、乡镇(街道)申报",
            "推动天然气管网向集镇和中心村延伸",
            "实施“擦亮小城镇”行动",
            "推进城镇污水管网建设",
            "促进城乡融合",
            "人才返乡入乡创业",
            "新改建乡镇综合运输服务站",
        ] {
            assert!(
                towns_in(&Span::new(t)).is_empty(),
                "{t}: {:?}",
                towns_in(&Span::new(t))
            );
        }
    }

    #[test]
    fn towns_and_streets() {
        let s = Span::new("在金山街道、龙角山镇和三溪乡等地开展试点");
        assert_eq!(towns_in(&s), ["金山街道", "龙角山镇", "三溪乡"]);
    }

    #[test]
    fn district_mentions() {
        let ds = vec![
            ("华容区".to_string(), vec![]),
            ("临空经济区".to_string(), vec!["鄂州临空经济区".to_string()]),
        ];
        let s = Span::new("各区推进,积极推动华容区申报");
        assert_eq!(districts_in(&s, &ds), ["华容区"]);
    }
}

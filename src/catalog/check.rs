//! Builds a `Catalog` from raw files and checks it: unique codes and numbers, every reference
//! resolves, units are known, district targets add up. Every problem carries file and line.

use std::collections::{BTreeMap, BTreeSet};

use super::model::*;
use super::seeds::{self, Baseline, District, Town, UnitInfo};
use super::{Catalog, CatalogSource, IndicatorEntry, Problem, SourceFile, ALL_DISTRICTS};

/// The `seeds` key of the `[plan]` table, read before the full parse so the folder can be found.
/// Only the `[plan]` table's own lines are parsed here: a catalog of thousands of indicators
/// would otherwise be parsed twice.
pub fn seeds_dir_of(tomls: &[SourceFile]) -> Option<String> {
    tomls.iter().find_map(|f| {
        // A table that does not parse alone (a value spanning lines that begin with `[`) is
        // read with its whole file.
        toml::from_str::<CatalogFile>(&plan_table(&f.text)?)
            .or_else(|_| toml::from_str::<CatalogFile>(&f.text))
            .ok()
            .and_then(|c| c.plan)
            .map(|p| p.seeds)
    })
}

/// The lines of the `[plan]` table: from its header to the next table header.
fn plan_table(text: &str) -> Option<String> {
    let is_header = |l: &str| l.trim_start().starts_with('[');
    let mut lines = text.lines();
    let header = lines.find(|l| l.split('#').next().unwrap_or("").replace(' ', "") == "[plan]")?;
    let body: Vec<&str> = lines.take_while(|l| !is_header(l)).collect();
    Some(format!("{header}\n{}\n", body.join("\n")))
}

/// 1-based line of the first line containing `needle` at or after the line containing `anchor`.
fn locate(text: &str, anchor: Option<&str>, needle: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let start = anchor
        .and_then(|a| lines.iter().position(|l| l.contains(a)))
        .unwrap_or(0);
    lines[start..]
        .iter()
        .position(|l| l.contains(needle))
        .map(|i| start + i + 1)
        .or_else(|| lines.iter().position(|l| l.contains(needle)).map(|i| i + 1))
}

struct Parsed {
    file: usize,
    body: CatalogFile,
}

struct Checker<'a> {
    tomls: &'a [SourceFile],
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at(&self, file: usize, anchor: Option<&str>, needle: &str) -> (String, Option<usize>) {
        let f = &self.tomls[file];
        (f.name.clone(), locate(&f.text, anchor, needle))
    }

    fn error(&mut self, file: usize, anchor: Option<&str>, needle: &str, msg: String) {
        let (name, line) = self.at(file, anchor, needle);
        self.problems.push(Problem::error(&name, line, msg));
    }

    fn warning(&mut self, file: usize, anchor: Option<&str>, needle: &str, msg: String) {
        let (name, line) = self.at(file, anchor, needle);
        self.problems.push(Problem::warning(&name, line, msg));
    }
}

fn parse_tomls(tomls: &[SourceFile], problems: &mut Vec<Problem>) -> Vec<Parsed> {
    let mut parsed = Vec::new();
    for (i, f) in tomls.iter().enumerate() {
        match parse_file(&f.text) {
            Ok(body) => parsed.push(Parsed { file: i, body }),
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| f.text[..s.start.min(f.text.len())].matches('\n').count() + 1);
                let msg = e.message().trim().to_string();
                problems.push(Problem::error(
                    &f.name,
                    line,
                    format!("TOML 格式错误: {msg}"),
                ));
            }
        }
    }
    parsed
}

/// Parses one catalog file. A large one (a national catalog: tens of thousands of indicators,
/// 16 MB) is cut at its top-level table headers and the pieces parsed in parallel: parsed whole,
/// its document tree took 0.6 GB and most of a second. A piece that does not parse alone (a
/// header line inside a multi-line string) sends the file to the whole-document parse, which
/// also words any error.
fn parse_file(text: &str) -> Result<CatalogFile, toml::de::Error> {
    const PIECE: usize = 256 * 1024;
    if text.len() > 2 * PIECE {
        if let Some(f) = parse_pieces(&pieces(text, PIECE)) {
            return Ok(f);
        }
    }
    toml::from_str(text)
}

/// The text cut before top-level headers (`[x]`, `[[x]]`, never a dotted `[[x.y]]`, which
/// belongs to the table before it) into pieces of at least `size` bytes.
fn pieces(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut at) = (0, 0);
    for line in text.split_inclusive('\n') {
        let head = line.trim();
        let top_level = head.starts_with('[') && head.ends_with(']') && !head.contains('.');
        if top_level && at - start >= size {
            out.push(&text[start..at]);
            start = at;
        }
        at += line.len();
    }
    out.push(&text[start..]);
    out
}

fn parse_pieces(pieces: &[&str]) -> Option<CatalogFile> {
    use rayon::prelude::*;
    let parsed: Vec<CatalogFile> = pieces
        .par_iter()
        .map(|p| toml::from_str::<CatalogFile>(p).ok())
        .collect::<Option<_>>()?;
    let mut all = CatalogFile::default();
    for p in parsed {
        if p.plan.is_some() && all.plan.is_some() {
            return None; // two [plan] tables: the whole parse says where
        }
        all.plan = all.plan.or(p.plan);
        all.sections.extend(p.sections);
        all.goals.extend(p.goals);
        all.tasks.extend(p.tasks);
        all.levers.extend(p.levers);
        all.items.extend(p.items);
        all.indicators.extend(p.indicators);
    }
    Some(all)
}

fn seed<'a>(source: &'a CatalogSource, name: &str) -> Option<&'a SourceFile> {
    source
        .seeds
        .iter()
        .find(|s| s.name.rsplit(['/', '\\']).next() == Some(name))
}

fn parse_seed<T: serde::de::DeserializeOwned>(
    source: &CatalogSource,
    name: &str,
    required: bool,
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    match seed(source, name) {
        Some(f) => seeds::parse(&f.name, &f.text).unwrap_or_else(|p| {
            problems.push(p);
            Vec::new()
        }),
        None if required => {
            problems.push(Problem::error(
                &format!("{}/{name}", source.origin),
                None,
                "缺少参考表（seeds 目录中应有此文件）",
            ));
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// Parses and checks; returns the catalog (if it could be assembled) and every problem.
pub fn build(source: CatalogSource) -> (Option<Catalog>, Vec<Problem>) {
    let mut problems = Vec::new();
    let parsed = parse_tomls(&source.tomls, &mut problems);
    let districts: Vec<District> = parse_seed(&source, "districts.csv", true, &mut problems);
    let units: Vec<UnitInfo> = parse_seed(&source, "units.csv", true, &mut problems);
    let towns: Vec<Town> = parse_seed(&source, "towns.csv", false, &mut problems);
    let baselines: Vec<Baseline> = parse_seed(&source, "baselines.csv", false, &mut problems);
    if !problems.is_empty() {
        return (None, problems);
    }
    let mut ck = Checker {
        tomls: &source.tomls,
        problems,
    };
    let metas: Vec<(usize, PlanMeta)> = parsed
        .iter()
        .filter_map(|p| p.body.plan.clone().map(|m| (p.file, m)))
        .collect();
    let meta = match metas.as_slice() {
        [(_, m)] => m.clone(),
        [] => {
            ck.problems.push(Problem::error(
                &source.origin,
                None,
                "没有 [plan] 表：目录中须有且只有一个文件写明规划名称、地区与年度",
            ));
            return (None, ck.problems);
        }
        [_, (f, _), ..] => {
            ck.error(*f, None, "[plan]", "[plan] 出现了不止一次".to_string());
            return (None, ck.problems);
        }
    };
    let source_text = meta
        .source
        .as_deref()
        .and_then(|s| seed(&source, s))
        .map(|f| f.text.clone());
    let mut c = Catalog {
        origin: source.origin.clone(),
        meta,
        sections: Vec::new(),
        goals: Vec::new(),
        tasks: Vec::new(),
        levers: Vec::new(),
        items: Vec::new(),
        indicators: Vec::new(),
        districts,
        units,
        towns,
        warnings: Vec::new(),
        source_text,
        unit_names: Default::default(),
    };
    // Where each thing was defined, for locating later problems.
    let mut item_file = BTreeMap::new();
    let mut indicator_file = BTreeMap::new();
    for p in parsed {
        let f = p.file;
        c.sections.extend(p.body.sections);
        c.goals.extend(p.body.goals);
        c.tasks.extend(p.body.tasks);
        c.levers.extend(p.body.levers);
        for mut item in p.body.items {
            if item_file.insert(item.no, f).is_some() {
                ck.error(
                    f,
                    None,
                    &format!("no = {}", item.no),
                    format!("工作要点编号 {} 重复", item.no),
                );
            }
            for ind in std::mem::take(&mut item.indicators) {
                indicator_file.entry(ind.code.clone()).or_insert(f);
                c.indicators.push(IndicatorEntry {
                    reporter: ind
                        .reporter
                        .clone()
                        .unwrap_or_else(|| item.units.first().cloned().unwrap_or_default()),
                    item: Some(item.no),
                    section: Some(item.section),
                    overrides: Vec::new(),
                    def: ind,
                });
            }
            c.items.push(item);
        }
        for ind in p.body.indicators {
            indicator_file.entry(ind.code.clone()).or_insert(f);
            c.indicators.push(IndicatorEntry {
                reporter: ind.reporter.clone().unwrap_or_default(),
                item: None,
                section: None,
                overrides: Vec::new(),
                def: ind,
            });
        }
    }
    c.sections.sort_by_key(|s| s.no);
    c.items.sort_by_key(|i| i.no);
    check_items(&mut ck, &mut c, &item_file);
    check_indicators(&mut ck, &mut c, &indicator_file);
    check_links(&mut ck, &c);
    apply_baselines(&mut ck, &mut c, &baselines, &source);
    (Some(c), ck.problems)
}

fn check_items(ck: &mut Checker, c: &mut Catalog, item_file: &BTreeMap<u32, usize>) {
    if c.items.is_empty() && !ck.tomls.is_empty() {
        // An extract draft of a text whose items were not recognised (a pasted web table) loads,
        // but is empty: said, so an empty draft does not pass for a checked one.
        let msg = "目录中没有工作要点（[[items]]）：如为 dabiao extract 的草稿，原文的条目没有识别出来，请查看 review.md 并核对原文格式".to_string();
        ck.warning(0, None, "", msg);
    }
    let sections: BTreeSet<u32> = c.sections.iter().map(|s| s.no).collect();
    let all: Vec<String> = c.districts.iter().map(|d| d.name.clone()).collect();
    for i in 0..c.items.len() {
        let no = c.items[i].no;
        let f = item_file[&no];
        let anchor = format!("no = {no}");
        if !sections.contains(&c.items[i].section) {
            let msg = format!(
                "第 {no} 项的 section = {} 不存在（已有: {:?}）",
                c.items[i].section, sections
            );
            ck.error(f, Some(&anchor), "section", msg);
        }
        if c.items[i].units.is_empty() && c.items[i].districts.is_empty() {
            // A draft's item whose text names no unit is kept for a person to fill in; the
            // catalog loads so what was found can be browsed.
            let written =
                (c.items[i].label.as_ref()).map_or(String::new(), |l| format!("（原编号 {l}）"));
            let msg = format!("第 {no} 项{written}没有责任单位，请补上 units（牵头单位在前）");
            ck.warning(f, Some(&anchor), "units", msg);
        }
        for u in c.items[i].units.clone() {
            if c.resolve_unit(&u).is_none() {
                let msg = format!("第 {no} 项的责任单位“{u}”不在 units.csv 中");
                ck.error(f, Some(&anchor), &u, msg);
            }
        }
        let mut expanded: Vec<String> = Vec::new();
        for d in c.items[i].districts.clone() {
            if ALL_DISTRICTS.contains(&d.as_str()) {
                expanded.extend(all.iter().cloned());
            } else if let Some(name) = c.resolve_district(&d).filter(|n| *n != super::CITY) {
                expanded.push(name.to_string());
            } else {
                let msg = format!(
                    "第 {no} 项的区域“{d}”不在 districts.csv 中（已有: {}）",
                    all.join("、")
                );
                ck.error(f, Some(&anchor), &d, msg);
            }
        }
        let mut seen = BTreeSet::new();
        expanded.retain(|d| seen.insert(d.clone()));
        c.items[i].districts = expanded;
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "-_.".contains(ch))
}

fn check_indicators(ck: &mut Checker, c: &mut Catalog, indicator_file: &BTreeMap<String, usize>) {
    let codes: BTreeSet<String> = c.indicators.iter().map(|i| i.def.code.clone()).collect();
    let mut seen = BTreeSet::new();
    let goal_codes: BTreeSet<String> = c.goals.iter().map(|g| g.code.clone()).collect();
    for idx in 0..c.indicators.len() {
        let e = c.indicators[idx].clone();
        let code = e.def.code.clone();
        let f = indicator_file[&code];
        let anchor = format!("\"{code}\"");
        let anchor = Some(anchor.as_str());
        if !seen.insert(code.clone()) {
            ck.error(
                f,
                None,
                &format!("\"{code}\""),
                format!("指标编码 {code} 重复"),
            );
        }
        for alias in &e.def.aliases {
            let key = crate::text::normalize_key(alias);
            let other = (c.indicators.iter()).find(|o| {
                o.def.code != code
                    && std::iter::once(&o.def.name)
                        .chain(&o.def.aliases)
                        .any(|n| crate::text::normalize_key(n) == key)
            });
            if let Some(o) = other {
                let msg = format!(
                    "指标 {code} 的别名“{alias}”已是 {} 的名称或别名，无法区分",
                    o.def.code
                );
                ck.error(f, anchor, "aliases", msg);
            }
        }
        if !valid_code(&code) {
            ck.error(
                f,
                anchor,
                "code",
                format!("指标编码“{code}”只能含 ASCII 字母、数字和 - _ ."),
            );
        }
        if !super::measure::is_known(&e.def.unit) {
            let known: Vec<_> = super::measure::known_units().collect();
            let msg = format!(
                "指标 {code} 的计量单位“{}”未知（可用: {}）",
                e.def.unit,
                known.join(" ")
            );
            ck.error(f, anchor, "unit", msg);
        }
        if !e.reporter.is_empty() && c.resolve_unit(&e.reporter).is_none() {
            ck.error(
                f,
                anchor,
                "reporter",
                format!("指标 {code} 的填报单位“{}”未知", e.reporter),
            );
        }
        if let Some(d) = &e.def.district {
            match c.resolve_district(d) {
                Some(n) if n != super::CITY => c.indicators[idx].def.district = Some(n.to_string()),
                _ => ck.error(f, anchor, d, format!("指标 {code} 的区域“{d}”未知")),
            }
        }
        for t in &e.def.targets {
            match c.resolve_district(&t.scope) {
                Some(n) => {
                    let n = n.to_string();
                    if let Some(tt) = c.indicators[idx]
                        .def
                        .targets
                        .iter_mut()
                        .find(|x| x.scope == t.scope)
                    {
                        tt.scope = n;
                    }
                }
                None => ck.error(
                    f,
                    anchor,
                    &t.scope,
                    format!("指标 {code} 的目标范围“{}”未知", t.scope),
                ),
            }
            if !t.value.is_finite() {
                ck.error(
                    f,
                    anchor,
                    "targets",
                    format!("指标 {code} 的目标值不是有限数"),
                );
            }
        }
        let refs = [
            ("numerator", &e.def.numerator),
            ("denominator", &e.def.denominator),
            ("weight", &e.def.weight),
        ];
        for (key, r) in refs {
            if let Some(r) = r.as_ref().filter(|r| !codes.contains(*r)) {
                ck.error(
                    f,
                    anchor,
                    key,
                    format!("指标 {code} 的 {key} 引用了不存在的指标 {r}"),
                );
            }
        }
        if e.def.kind == MeasureKind::Ratio
            && (e.def.numerator.is_none() || e.def.denominator.is_none())
        {
            ck.error(
                f,
                anchor,
                "kind",
                format!("比率指标 {code} 须写明 numerator 与 denominator"),
            );
        }
        if e.def.aggregation == Aggregation::WeightedMean && e.def.weight.is_none() {
            ck.error(
                f,
                anchor,
                "aggregation",
                format!("加权平均指标 {code} 须写明 weight"),
            );
        }
        for g in e.def.goal.iter().flat_map(|g| &g.goals) {
            if !goal_codes.contains(g) {
                ck.error(f, anchor, g, format!("指标 {code} 关联的目标 {g} 不存在"));
            }
        }
        check_district_sum(ck, f, &c.indicators[idx]);
    }
}

/// District targets of a summed indicator that do not add up to the city target.
fn check_district_sum(ck: &mut Checker, f: usize, e: &IndicatorEntry) {
    if e.def.aggregation != Aggregation::Sum {
        return;
    }
    let years: BTreeSet<i32> = e.def.targets.iter().map(|t| t.year).collect();
    for y in years {
        let city = e.target(y, super::CITY);
        let parts: Vec<f64> = e
            .def
            .targets
            .iter()
            .filter(|t| t.year == y && t.scope != super::CITY)
            .map(|t| t.value)
            .collect();
        if let (Some(city), false) = (city, parts.is_empty()) {
            let sum: f64 = parts.iter().sum();
            if (sum - city).abs() > 1e-9 * city.abs().max(1.0) {
                let code = &e.def.code;
                let msg = format!("指标 {code} {y} 年各区目标之和 {sum} 不等于全市目标 {city}");
                ck.warning(f, Some(&format!("\"{code}\"")), "targets", msg);
            }
        }
    }
}

fn check_links(ck: &mut Checker, c: &Catalog) {
    let items: BTreeSet<u32> = c.items.iter().map(|i| i.no).collect();
    let mut refs: Vec<(String, Vec<u32>)> = Vec::new();
    refs.extend(c.levers.iter().map(|l| (l.name.clone(), l.items.clone())));
    refs.extend(c.tasks.iter().map(|t| (t.title.clone(), t.items.clone())));
    refs.extend(c.goals.iter().map(|g| (g.code.clone(), g.items.clone())));
    for (name, nos) in refs {
        for no in nos.iter().filter(|n| !items.contains(n)) {
            let file = ck
                .tomls
                .iter()
                .position(|f| f.text.contains(&name))
                .unwrap_or(0);
            ck.error(
                file,
                None,
                &name,
                format!("“{name}”关联的工作要点 {no} 不存在"),
            );
        }
    }
    let mut lever_keys = BTreeSet::new();
    for l in &c.levers {
        if !lever_keys.insert((l.kind, l.no)) {
            let file = ck
                .tomls
                .iter()
                .position(|f| f.text.contains(&l.name))
                .unwrap_or(0);
            let msg = format!("抓手 {} 第 {} 号重复", l.kind.zh(), l.no);
            ck.error(file, None, &l.name, msg);
        }
    }
    let mut section_nos = BTreeSet::new();
    for s in &c.sections {
        if !section_nos.insert(s.no) {
            let file = ck
                .tomls
                .iter()
                .position(|f| f.text.contains(&s.title))
                .unwrap_or(0);
            ck.error(file, None, &s.title, format!("部分编号 {} 重复", s.no));
        }
    }
}

fn apply_baselines(
    ck: &mut Checker,
    c: &mut Catalog,
    baselines: &[Baseline],
    source: &CatalogSource,
) {
    let file = seed(source, "baselines.csv")
        .map(|f| f.name.clone())
        .unwrap_or_default();
    for (i, b) in baselines.iter().enumerate() {
        let line = Some(i + 2);
        match c.indicators.iter_mut().find(|e| e.def.code == b.indicator) {
            Some(e) => {
                let goal = e.def.goal.get_or_insert_with(GoalSpec::default);
                goal.baseline = Some(YearValue {
                    year: b.year,
                    value: b.value,
                });
                e.overrides
                    .push(format!("基线 {} = {} ({file}:{})", b.year, b.value, i + 2));
            }
            None => ck.problems.push(Problem::error(
                &file,
                line,
                format!("基线表引用了不存在的指标 {}", b.indicator),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big_catalog() -> String {
        let mut text = String::from("[plan]\nname = \"测\"\nregion = \"某市\"\nyear = 2022\n\n");
        for i in 0..8000 {
            text.push_str(&format!(
                "[[items]]\nno = {i}\nsection = 1\ntext = \"事项 [{i}]\"\nunits = [\"市发改委\"]\n\n\
                 [[items.indicators]]\ncode = \"T{i}\"\nname = \"指标{i}\"\nunit = \"个\"\nkind = \"stock\"\nsource = \"s\"\n\n"
            ));
        }
        text
    }

    /// A large file parses in pieces to exactly what the whole-document parse gives.
    #[test]
    fn pieces_parse_as_the_whole_file() {
        let text = big_catalog();
        let cut = pieces(&text, 256 * 1024);
        assert!(cut.len() > 2, "{}", cut.len());
        assert_eq!(cut.concat(), text);
        let whole: CatalogFile = toml::from_str(&text).unwrap();
        let parsed = parse_pieces(&cut).unwrap();
        assert_eq!(format!("{parsed:?}"), format!("{whole:?}"));
        assert_eq!(parsed.items[7999].indicators[0].code, "T7999");
    }

    /// A header line inside a multi-line string is no place to cut: that piece does not parse
    /// alone, and the file is parsed whole.
    #[test]
    fn a_header_inside_a_string_falls_back_to_the_whole_parse() {
        let tricky = format!(
            "{}[[items]]\nno = 9999\nsection = 1\ntext = \"\"\"\n[[items]]\n\"\"\"\nunits = []\n",
            big_catalog()
        );
        assert!(parse_pieces(&pieces(&tricky, 1)).is_none());
        let parsed = parse_file(&tricky).unwrap();
        assert_eq!(parsed.items.len(), 8001);
        assert_eq!(parsed.items[8000].text, "[[items]]\n");
    }
}

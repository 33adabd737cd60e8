//! Policy text → draft catalog. A municipal 工作要点 / 实施意见 / 任务分工 document becomes the same
//! TOML and CSV files as `indicators/` and `seeds/`, plus a list of what the extractor was unsure
//! of (review.md), for a person to review before the catalog is used.
//!
//! Stages, one file each: [`scan`] (folding, brackets, quotes) → [`structure`] (title, headed
//! parts, numbered paragraphs) → [`outline`] (sections and items) → [`units`] (responsible units
//! and districts) → [`numbers`] + [`indicators`] (targets) → [`places`] (districts and towns
//! named) → [`plan`] (goals, key tasks, levers). Rules are general and every guess is noted; the
//! extractor never fails on its input, it reports.

pub mod indicators;
pub mod numbers;
pub mod outline;
pub mod places;
pub mod plan;
pub mod review;
pub mod scan;
pub mod structure;
pub mod table;
pub mod units;

use std::path::Path;

pub use review::{NoteKind, ReviewNote};

use crate::catalog::{
    CatalogFile, District, Item, PlanMeta, Section, Town, UnitInfo, ALL_DISTRICTS,
};
use crate::error::{Error, Result};
use scan::Span;
use structure::PartKind;
use units::{Parties, Party};

/// The Ezhou tables bundled with dabiao, used when the text names 鄂州 and no table is given.
const EZHOU_DISTRICTS: &str = include_str!("../../seeds/districts.csv");
const EZHOU_TOWNS: &str = include_str!("../../seeds/towns.csv");

#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The districts table (`code,name,type,aliases`); without it districts are gathered from the
    /// unit lists (plus the bundled Ezhou ones when the text names 鄂州).
    pub districts: Option<Vec<District>>,
    /// The policy file's name, recorded as the plan's `source`.
    pub source_name: Option<String>,
}

/// A draft catalog: the parts of `plan.toml` and `items.toml`, the seed tables and the review.
#[derive(Debug, Clone)]
pub struct Draft {
    /// `[plan]`, sections, goals, key tasks and levers.
    pub plan: CatalogFile,
    /// Work items with their indicators.
    pub items: CatalogFile,
    pub districts: Vec<District>,
    pub units: Vec<UnitInfo>,
    pub towns: Vec<Town>,
    pub review: Vec<ReviewNote>,
}

/// Decodes a policy file (UTF-8, UTF-8 with BOM, else GB18030/GBK) and extracts it.
pub fn extract_bytes(bytes: &[u8], opts: &ExtractOptions) -> Draft {
    extract(&crate::ingest::workbook::decode_text(bytes), opts)
}

/// Extracts a draft catalog from policy text. Never fails: what cannot be read is noted.
pub fn extract(text: &str, opts: &ExtractOptions) -> Draft {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut notes: Vec<ReviewNote> = Vec::new();
    let doc = structure::parse(&text);
    let ezhou = text.contains("鄂州");

    // Districts table: given, bundled (Ezhou), or gathered below.
    let provided = opts.districts.is_some();
    let mut districts: Vec<District> = match &opts.districts {
        Some(d) => d.clone(),
        None if ezhou => {
            crate::catalog::seeds::parse("districts.csv", EZHOU_DISTRICTS).unwrap_or_default()
        }
        None => Vec::new(),
    };
    let known_towns: Vec<Town> = if ezhou && !provided {
        crate::catalog::seeds::parse("towns.csv", EZHOU_TOWNS).unwrap_or_default()
    } else {
        Vec::new()
    };
    if !provided && ezhou {
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            "文中提到鄂州，区县表取内置的鄂州五区（含两个功能区），乡镇所属区取内置鄂州乡镇表；如非鄂州请用 --districts 提供区县表",
        ));
    } else if !provided {
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            "未提供区县表（--districts）：districts.csv 只含责任单位中点名的区县，“各区”等将只展开为这些区县，请补全",
        ));
    }

    // Which parts carry work items: those with responsible-unit clauses.
    let has_clauses = |k: usize| {
        doc.parts[k]
            .paras
            .iter()
            .any(|p| units::find_clause(&p.body).is_some())
    };
    let mut item_parts: Vec<usize> = (0..doc.parts.len())
        .filter(|&k| {
            matches!(
                doc.parts[k].kind,
                PartKind::Preamble | PartKind::WorkPlan | PartKind::Tasks
            ) && has_clauses(k)
        })
        .collect();
    if item_parts.is_empty() {
        item_parts = (0..doc.parts.len())
            .filter(|&k| matches!(doc.parts[k].kind, PartKind::WorkPlan))
            .collect();
        if item_parts.is_empty() {
            item_parts = (0..doc.parts.len())
                .filter(|&k| matches!(doc.parts[k].kind, PartKind::Preamble))
                .collect();
        }
        notes.push(ReviewNote::general(
            NoteKind::NoUnits,
            "全文没有找到责任单位标注（责任单位/牵头单位/配合单位…），条目按最深一级编号读取",
        ));
    }
    let mut raw_sections = Vec::new();
    for &k in &item_parts {
        raw_sections.extend(outline::outline(&doc.parts[k], &mut notes));
    }

    // First pass: clauses and parties, growing the districts table.
    struct Pending {
        section: u32,
        written: u32,
        line: usize,
        text: Span,
        parties: Parties,
        notes: Vec<(NoteKind, String)>,
    }
    let mut pending: Vec<Pending> = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    for (si, sec) in raw_sections.iter().enumerate() {
        sections.push(Section {
            no: si as u32 + 1,
            title: sec.title.clone(),
        });
        for it in &sec.items {
            let mut item_notes = Vec::new();
            let clause = units::find_clause(&it.body);
            let (text, parties) = match &clause {
                Some(c) => {
                    if c.unclosed {
                        item_notes.push((
                            NoteKind::Structure,
                            "责任单位的括号没有闭合，读到段末".to_string(),
                        ));
                    }
                    let trailing = c.trailing.trim_end_marks(&['。', '.', ';']);
                    if !trailing.is_empty() {
                        item_notes.push((
                            NoteKind::Ignored,
                            format!("责任单位之后的文字未采用：“{}”", trailing.text()),
                        ));
                    }
                    let table = districts.clone();
                    let is_district = move |n: &str| resolve_district(&table, n).is_some();
                    (
                        it.body.slice(0, c.text_end).trim(),
                        units::parse_clause(c, &is_district),
                    )
                }
                None => (it.body.trim(), Parties::default()),
            };
            for d in parties.list.iter().filter_map(|p| match p {
                Party::District(d) => Some(d),
                _ => None,
            }) {
                add_district(&mut districts, d, provided, &mut notes);
            }
            for d in &parties.includes {
                add_district(&mut districts, d, provided, &mut notes);
            }
            if !parties.includes.is_empty() && !parties.includes_apply_below {
                item_notes.push((
                    NoteKind::Guess,
                    format!(
                        "“(含{})”没有写“下同”，目录无法表达只对本项成立的范围，已当作全文适用",
                        parties.includes.join("、")
                    ),
                ));
            }
            for d in &parties.dropped {
                item_notes.push((NoteKind::Guess, format!("单位名后的括注已去掉：“{d}”")));
            }
            pending.push(Pending {
                section: si as u32 + 1,
                written: it.written,
                line: it.line,
                text,
                parties,
                notes: item_notes,
            });
        }
    }

    // Item numbers: kept when they run 1…N, else renumbered in order.
    let sequential = pending
        .iter()
        .enumerate()
        .all(|(i, p)| p.written == i as u32 + 1);
    if !sequential && !pending.is_empty() {
        let written: Vec<String> = pending.iter().map(|p| p.written.to_string()).collect();
        notes.push(ReviewNote::general(
            NoteKind::Structure,
            format!(
                "条目编号不是从 1 连续编排（原编号 {}），已按出现顺序重编为 1…{}",
                written.join(","),
                pending.len()
            ),
        ));
    }

    let year = plan_year(&doc, &text, &mut notes);
    let table: Vec<(String, Vec<String>)> = districts
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                crate::catalog::seeds::aliases(&d.aliases)
                    .map(String::from)
                    .collect(),
            )
        })
        .collect();
    let town_district = |t: &str| {
        known_towns
            .iter()
            .find(|k| k.name == t)
            .map(|k| k.district.clone())
            .filter(|d| !d.is_empty())
    };

    // Second pass: items.
    let mut items: Vec<Item> = Vec::new();
    let mut units_found: Vec<UnitInfo> = Vec::new();
    let mut towns: Vec<Town> = Vec::new();
    for (i, p) in pending.into_iter().enumerate() {
        let no = i as u32 + 1;
        for (k, m) in p.notes {
            notes.push(ReviewNote::item(no, k, m));
        }
        let mut unit_names: Vec<String> = Vec::new();
        let mut item_districts: Vec<String> = Vec::new();
        for party in &p.parties.list {
            match party {
                Party::Unit(u) => push_unique(&mut unit_names, u),
                Party::AllDistricts(w) => push_unique(&mut item_districts, w),
                Party::District(d) => {
                    let name = resolve_district(&districts, d).unwrap_or(d).to_string();
                    push_unique(&mut item_districts, &name);
                }
                Party::SameAsAbove => match items.last() {
                    Some(prev) => {
                        for u in prev.units.clone() {
                            push_unique(&mut unit_names, &u);
                        }
                        for d in prev.districts.clone() {
                            push_unique(&mut item_districts, &d);
                        }
                        notes.push(ReviewNote::item(
                            no,
                            NoteKind::Guess,
                            "责任单位“同上”，已照抄上一项",
                        ));
                    }
                    None => notes.push(ReviewNote::item(
                        no,
                        NoteKind::NoUnits,
                        "责任单位“同上”，但前面没有条目",
                    )),
                },
                Party::Vague(v) => notes.push(ReviewNote::item(
                    no,
                    NoteKind::Guess,
                    format!("“{v}”不是具体单位，未列入"),
                )),
            }
        }
        if unit_names.is_empty() && item_districts.is_empty() {
            notes.push(ReviewNote::item(
                no,
                NoteKind::NoUnits,
                format!(
                    "第 {} 行的条目没有找到责任单位；补上之前 `dabiao catalog check` 会报错",
                    p.line
                ),
            ));
        }
        // units.csv in order of first appearance; 各区 brings in every district.
        for party in &p.parties.list {
            match party {
                Party::Unit(u) => add_unit(&mut units_found, u, units::guess_type(u)),
                Party::AllDistricts(_) => {
                    for d in &districts {
                        add_unit(&mut units_found, &d.name, "区");
                    }
                }
                Party::District(d) => add_unit(
                    &mut units_found,
                    resolve_district(&districts, d).unwrap_or(d),
                    "区",
                ),
                _ => {}
            }
        }
        let mut places = places::districts_in(&p.text, &table);
        let item_towns = places::towns_in(&p.text);
        for t in &item_towns {
            push_unique(&mut places, t);
            if !towns.iter().any(|x| &x.name == t) {
                let known = town_district(t);
                let source = match &known {
                    Some(_) => "内置鄂州乡镇表".to_string(),
                    None => format!("第 {no} 项原文"),
                };
                towns.push(Town {
                    name: t.clone(),
                    district: known.unwrap_or_default(),
                    source,
                });
            }
        }
        let ctx = indicators::ItemContext {
            no,
            text: &p.text,
            year,
            by_district: !item_districts.is_empty(),
            districts: &table,
            town_district: &town_district,
        };
        let found = indicators::build(&ctx);
        for (k, m) in found.notes {
            notes.push(ReviewNote::item(no, k, m));
        }
        items.push(Item {
            no,
            section: p.section,
            text: p.text.text(),
            units: unit_names,
            districts: item_districts,
            places,
            indicators: found.indicators,
        });
    }
    let no_district: Vec<&str> = towns
        .iter()
        .filter(|t| t.district.is_empty())
        .map(|t| t.name.as_str())
        .collect();
    if !no_district.is_empty() {
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            format!(
                "按名称识别的乡镇，所属区未知（towns.csv 的 district 为空）：{}",
                no_district.join("、")
            ),
        ));
    }
    let others: Vec<&str> = units_found
        .iter()
        .filter(|u| u.kind == "其他")
        .map(|u| u.name.as_str())
        .collect();
    if !units_found.is_empty() {
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            format!(
                "units.csv 的类型按名称推测（公司/集团→企业，市…局/委/办/部/中心→市直部门，区县→区）；归为“其他”的：{}",
                if others.is_empty() { "无".to_string() } else { others.join("、") }
            ),
        ));
    }
    if items.iter().any(|i| !i.indicators.is_empty()) {
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            "指标的 kind / aggregation / by_district 与名称按规则推测：新建/新增类为 flow 求和，培育/打造/创建类与百分比为 stock，“完成/全覆盖”为 100% 且取各区最小值",
        ));
    }

    // Goals, key tasks, levers.
    let mut goals = Vec::new();
    let mut tasks = Vec::new();
    let mut levers = Vec::new();
    for (k, part) in doc.parts.iter().enumerate() {
        if item_parts.contains(&k) {
            continue;
        }
        match part.kind {
            PartKind::Goals => goals.extend(plan::goals(part, &mut notes)),
            PartKind::Tasks => tasks.extend(plan::tasks(part)),
            PartKind::Levers => levers.extend(plan::levers(part, &mut notes)),
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
    for (n, t) in tasks.iter_mut().enumerate() {
        t.no = n as u32 + 1;
    }
    if !tasks.is_empty() {
        if tasks.len() == sections.len() {
            for t in tasks.iter_mut() {
                t.items = items
                    .iter()
                    .filter(|i| i.section == t.no)
                    .map(|i| i.no)
                    .collect();
            }
            notes.push(ReviewNote::general(
                NoteKind::Guess,
                "重点任务与工作要点部分数目相同，按顺序一一对应（任务 n ↔ 第 n 部分的条目）",
            ));
        } else {
            notes.push(ReviewNote::general(
                NoteKind::Guess,
                format!(
                    "重点任务 {} 项、工作要点 {} 部分，数目不同，未关联条目",
                    tasks.len(),
                    sections.len()
                ),
            ));
        }
    }
    plan::link_levers(&mut levers, &items);
    if !levers.is_empty() {
        let unlinked: Vec<&str> = levers
            .iter()
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

    let region = plan_region(&doc.title, &text, ezhou, &mut notes);
    let name = plan_name(&doc);
    let meta = PlanMeta {
        name,
        region,
        year,
        seeds: ".".to_string(),
        source: opts.source_name.clone(),
    };
    Draft {
        plan: CatalogFile {
            plan: Some(meta),
            sections,
            goals,
            tasks,
            levers,
            ..Default::default()
        },
        items: CatalogFile {
            items,
            ..Default::default()
        },
        districts,
        units: units_found,
        towns,
        review: notes,
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

fn add_unit(v: &mut Vec<UnitInfo>, name: &str, kind: &str) {
    if !v.iter().any(|u| u.name == name) {
        v.push(UnitInfo {
            name: name.to_string(),
            kind: kind.to_string(),
            aliases: String::new(),
        });
    }
}

fn resolve_district<'a>(table: &'a [District], name: &str) -> Option<&'a str> {
    table
        .iter()
        .find(|d| d.name == name || crate::catalog::seeds::aliases(&d.aliases).any(|a| a == name))
        .map(|d| d.name.as_str())
}

fn add_district(
    table: &mut Vec<District>,
    name: &str,
    provided: bool,
    notes: &mut Vec<ReviewNote>,
) {
    if resolve_district(table, name).is_some() || ALL_DISTRICTS.contains(&name) {
        return;
    }
    let code = format!("D{:02}", table.len() + 1);
    let kind = units::guess_district_type(name);
    let why = if provided {
        "不在所给区县表中，已补入"
    } else {
        "由责任单位名单识别"
    };
    notes.push(ReviewNote::general(
        NoteKind::Guess,
        format!("区县“{name}”{why}：编码 {code}、类型“{kind}”为推测"),
    ));
    table.push(District {
        code,
        name: name.to_string(),
        kind: kind.to_string(),
        aliases: String::new(),
    });
}

fn plan_year(doc: &structure::Doc, text: &str, notes: &mut Vec<ReviewNote>) -> i32 {
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

fn plan_region(title: &str, text: &str, ezhou: bool, notes: &mut Vec<ReviewNote>) -> String {
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

fn plan_name(doc: &structure::Doc) -> String {
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
fn document_name(title: &str) -> &str {
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

impl Draft {
    /// The files of the draft folder with their contents, in a fixed order.
    pub fn files(&self) -> Result<Vec<(&'static str, String)>> {
        let source = self
            .plan
            .plan
            .as_ref()
            .and_then(|p| p.source.clone())
            .unwrap_or_else(|| "政策文本".to_string());
        let header =
            format!("# 由 dabiao extract 从 {source} 生成的草稿，须人工审核（见 review.md）。\n\n");
        let toml = |f: &CatalogFile| {
            toml::to_string(f).map_err(|e| Error::Usage(format!("草稿无法写成 TOML: {e}")))
        };
        Ok(vec![
            ("plan.toml", format!("{header}{}", toml(&self.plan)?)),
            ("items.toml", format!("{header}{}", toml(&self.items)?)),
            (
                "districts.csv",
                csv_of(
                    &["code", "name", "type", "aliases"],
                    self.districts
                        .iter()
                        .map(|d| vec![&d.code, &d.name, &d.kind, &d.aliases]),
                ),
            ),
            (
                "units.csv",
                csv_of(
                    &["name", "type", "aliases"],
                    self.units
                        .iter()
                        .map(|u| vec![&u.name, &u.kind, &u.aliases]),
                ),
            ),
            (
                "towns.csv",
                csv_of(
                    &["name", "district", "source"],
                    self.towns
                        .iter()
                        .map(|t| vec![&t.name, &t.district, &t.source]),
                ),
            ),
            ("review.md", review::render(&self.review, &source)),
        ])
    }

    pub fn item_count(&self) -> usize {
        self.items.items.len()
    }
}

fn csv_of<'a>(header: &[&str], rows: impl Iterator<Item = Vec<&'a String>>) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Writes the draft's files into `dir` (created if missing), replacing files of the same names.
pub fn write_draft(draft: &Draft, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (name, body) in draft.files()? {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, body).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

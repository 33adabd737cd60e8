//! From outline items to catalog items: each item's responsible-unit clause is parsed (growing
//! the districts table), its number settled, and its text, units, districts, places and
//! indicators built. An item without units is kept and noted; it is never dropped.

use super::districts::Table;
use super::indicators;
use super::outline::RawSection;
use super::places;
use super::review::{NoteKind, ReviewNote};
use super::scan::Span;
use super::units::{self, Parties, Party};
use crate::catalog::{Item, Section, Town, UnitInfo};

/// The items of a draft with the tables they fill.
pub struct Built {
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    pub units: Vec<UnitInfo>,
    pub towns: Vec<Town>,
}

/// An item after its clause is read.
struct Pending {
    section: u32,
    written: u32,
    label: String,
    line: usize,
    text: Span,
    parties: Parties,
    notes: Vec<(NoteKind, String)>,
}

pub fn build(
    raw: &[RawSection],
    table: &mut Table,
    year: i32,
    notes: &mut Vec<ReviewNote>,
) -> Built {
    let mut sections = Vec::new();
    let mut pending = Vec::new();
    for (si, sec) in raw.iter().enumerate() {
        sections.push(Section {
            no: si as u32 + 1,
            title: sec.title.clone(),
        });
        for it in &sec.items {
            let (text, parties, item_notes) = read_clause(&it.body, table, notes);
            pending.push(Pending {
                section: si as u32 + 1,
                written: it.written,
                label: it.label(),
                line: it.line,
                text,
                parties,
                notes: item_notes,
            });
        }
    }
    let numbers = numbers(&pending, notes);
    let mut out = Built {
        sections,
        items: Vec::new(),
        units: Vec::new(),
        towns: Vec::new(),
    };
    for (p, no) in pending.into_iter().zip(numbers) {
        let item = item(p, no, table, year, &mut out, notes);
        out.items.push(item);
    }
    out
}

/// The item's text and parties; districts named in the clause join the table.
fn read_clause(
    body: &Span,
    table: &mut Table,
    notes: &mut Vec<ReviewNote>,
) -> (Span, Parties, Vec<(NoteKind, String)>) {
    let mut item_notes = Vec::new();
    let Some(c) = units::find_clause(body) else {
        return (body.trim(), Parties::default(), item_notes);
    };
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
    let known = table.districts.clone();
    let is_district = move |n: &str| super::districts::resolve(&known, n).is_some();
    let parties = units::parse_clause(&c, &is_district);
    let named = parties.list.iter().filter_map(|p| match p {
        Party::District(d) => Some(d),
        _ => None,
    });
    for d in named.chain(&parties.includes) {
        table.add(d, notes);
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
        item_notes.push((
            NoteKind::Guess,
            format!("责任单位中的说明文字未当作单位：“{d}”"),
        ));
    }
    (body.slice(0, c.text_end).trim(), parties, item_notes)
}

/// The catalog numbers: the document's own when they are unique (`1…52`, `84…95`, `（二十四）`),
/// else 1…n in order, the document's own kept in each item's label.
fn numbers(pending: &[Pending], notes: &mut Vec<ReviewNote>) -> Vec<u32> {
    let mut seen = std::collections::BTreeSet::new();
    let unique = pending
        .iter()
        .all(|p| p.written > 0 && seen.insert(p.written));
    if unique {
        return pending.iter().map(|p| p.written).collect();
    }
    let labels: Vec<&str> = pending.iter().map(|p| p.label.as_str()).collect();
    notes.push(ReviewNote::general(
        NoteKind::Structure,
        format!(
            "条目编号在各标题下重新开始（原编号 {}），目录编号 no 按出现顺序为 1…{}，原编号记在 label",
            labels.join(","),
            pending.len()
        ),
    ));
    (1..=pending.len() as u32).collect()
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

fn item(
    p: Pending,
    no: u32,
    table: &Table,
    year: i32,
    out: &mut Built,
    notes: &mut Vec<ReviewNote>,
) -> Item {
    for (k, m) in p.notes {
        notes.push(ReviewNote::item(no, k, m));
    }
    let (units, districts) = parties_of(&p.parties, no, table, out.items.last(), notes);
    if units.is_empty() && districts.is_empty() {
        notes.push(ReviewNote::item(
            no,
            NoteKind::NoUnits,
            format!(
                "第 {} 行的条目（原编号 {}）没有找到责任单位，已保留，请补上 units（`dabiao catalog check` 列为警告）",
                p.line, p.label
            ),
        ));
    }
    // units.csv in order of first appearance; 各区 brings in every district.
    for party in &p.parties.list {
        match party {
            Party::Unit(u) => add_unit(&mut out.units, u, units::guess_type(u)),
            Party::AllDistricts(_) => {
                for d in &table.districts {
                    add_unit(&mut out.units, &d.name, "区");
                }
            }
            Party::District(d) => add_unit(&mut out.units, table.resolve(d).unwrap_or(d), "区"),
            _ => {}
        }
    }
    let names = table.names();
    let mut places = places::districts_in(&p.text, &names);
    for t in places::towns_in(&p.text) {
        push_unique(&mut places, &t);
        if !out.towns.iter().any(|x| x.name == t) {
            let known = table.town_district(&t);
            let source = match &known {
                Some(_) => "内置鄂州乡镇表".to_string(),
                None => format!("第 {no} 项原文"),
            };
            out.towns.push(Town {
                name: t.clone(),
                district: known.unwrap_or_default(),
                source,
            });
        }
    }
    let town_district = |t: &str| table.town_district(t);
    let ctx = indicators::ItemContext {
        no,
        text: &p.text,
        year,
        by_district: !districts.is_empty(),
        districts: &names,
        town_district: &town_district,
    };
    let found = indicators::build(&ctx);
    for (k, m) in found.notes {
        notes.push(ReviewNote::item(no, k, m));
    }
    Item {
        no,
        label: Some(p.label),
        section: p.section,
        text: p.text.text(),
        units,
        districts,
        places,
        indicators: found.indicators,
    }
}

/// The item's units (lead first) and districts; `同上` copies the item before.
fn parties_of(
    parties: &Parties,
    no: u32,
    table: &Table,
    prev: Option<&Item>,
    notes: &mut Vec<ReviewNote>,
) -> (Vec<String>, Vec<String>) {
    let mut units: Vec<String> = Vec::new();
    let mut districts: Vec<String> = Vec::new();
    for party in &parties.list {
        match party {
            Party::Unit(u) => push_unique(&mut units, u),
            Party::AllDistricts(w) => push_unique(&mut districts, w),
            Party::District(d) => push_unique(&mut districts, table.resolve(d).unwrap_or(d)),
            Party::SameAsAbove => match prev {
                Some(prev) => {
                    for u in &prev.units {
                        push_unique(&mut units, u);
                    }
                    for d in &prev.districts {
                        push_unique(&mut districts, d);
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
    (units, districts)
}

/// Notes on the draft as a whole: towns without a district, guessed unit types and indicator
/// kinds.
pub fn summary_notes(built: &Built, notes: &mut Vec<ReviewNote>) {
    let no_district: Vec<&str> = (built.towns.iter())
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
    let others: Vec<&str> = (built.units.iter())
        .filter(|u| u.kind == "其他")
        .map(|u| u.name.as_str())
        .collect();
    if !built.units.is_empty() {
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            format!(
                "units.csv 的类型按名称推测（公司/集团→企业，市…局/委/办/部/中心→市直部门，省…厅/局/委→省直部门，区县→区）；归为“其他”的：{}",
                if others.is_empty() { "无".to_string() } else { others.join("、") }
            ),
        ));
    }
    if built.items.iter().any(|i| !i.indicators.is_empty()) {
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            "指标的 kind / aggregation / by_district 与名称按规则推测：新建/新增类为 flow 求和，培育/打造/创建类与百分比为 stock，“完成/全覆盖”为 100% 且取各区最小值",
        ));
    }
}

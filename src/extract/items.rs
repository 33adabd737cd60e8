//! From outline items to catalog items: each item's responsible-unit clause is parsed (growing
//! the districts table), its number settled, and its text, units, districts, places and
//! indicators built. An item without units is kept and noted; it is never dropped.

use super::districts::Table;
use super::indicators;
use super::outline::RawSection;
use super::places;
use super::review::{NoteKind, ReviewNote};
use super::scan::Span;
use super::structure::Style;
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
    style: Style,
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
                style: it.style,
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

/// The item's text and parties; districts named in the clauses join the table. An item may
/// carry several bracketed clauses, one after each of its tasks (`…品质之城(牵头单位:区住建局;
/// 责任单位:…)、依法依规做好…(责任单位:区发改委)`): their units are the item's, in order.
fn read_clause(
    body: &Span,
    table: &mut Table,
    notes: &mut Vec<ReviewNote>,
) -> (Span, Parties, Vec<(NoteKind, String)>) {
    let mut item_notes = Vec::new();
    let mut text = Span::default();
    let mut parties = Parties::default();
    let mut rest = body.trim();
    loop {
        let Some(c) = units::find_clause(&rest) else {
            text.push(&rest);
            break;
        };
        let mut piece = rest.slice(0, c.text_end);
        // `…升级。(牵头单位:…)、重塑…`: the mark that listed the next task goes with its clause.
        if !text.is_empty() && piece.fold.first().is_some_and(|c| matches!(c, '、' | ',')) {
            piece = piece.slice(1, piece.len());
        }
        text.push(&piece);
        if c.unclosed {
            item_notes.push((
                NoteKind::Structure,
                "责任单位的括号没有闭合，读到段末".to_string(),
            ));
        }
        let known = table.districts.clone();
        let is_district = move |n: &str| super::districts::resolve(&known, n).is_some();
        let found = units::parse_clause(&c, &is_district);
        parties.list.extend(found.list);
        parties.includes.extend(found.includes);
        parties.includes_apply_below |= found.includes_apply_below;
        parties.dropped.extend(found.dropped);
        let trailing = c.trailing.trim_end_marks(&['。', '.', ';']);
        if trailing.is_empty() {
            break;
        }
        if units::find_clause(&trailing).is_none() {
            item_notes.push((
                NoteKind::Ignored,
                format!("责任单位之后的文字未采用：“{}”", trailing.text()),
            ));
            break;
        }
        rest = c.trailing;
    }
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
            format!("责任单位中的说明文字已去掉，未当作单位：“{d}”"),
        ));
    }
    (text.trim(), parties, item_notes)
}

/// The catalog numbers: the document's own when they run on (`1…52`, `84…95`, `（二十四）`).
/// When only the items in the main numbering style are (`二、发展目标` beside items `1.…45.`),
/// those keep theirs and the others follow the largest; else 1…n in order. The document's own
/// stays in each item's label.
fn numbers(pending: &[Pending], notes: &mut Vec<ReviewNote>) -> Vec<u32> {
    if pending.is_empty() {
        return Vec::new();
    }
    let all: Vec<&Pending> = pending.iter().collect();
    if running(&all) && all.iter().all(|p| p.style == all[0].style) {
        return pending.iter().map(|p| p.written).collect();
    }
    let mut counts: Vec<(Style, usize)> = Vec::new();
    for p in pending {
        match counts.iter_mut().find(|(s, _)| *s == p.style) {
            Some((_, n)) => *n += 1,
            None => counts.push((p.style, 1)),
        }
    }
    let main = counts.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s);
    let (in_main, others): (Vec<&Pending>, Vec<&Pending>) =
        pending.iter().partition(|p| Some(p.style) == main);
    if running(&in_main) {
        let mut next = pending.iter().map(|p| p.written).max().unwrap_or(0);
        notes.push(ReviewNote::general(
            NoteKind::Structure,
            format!(
                "编号另成一套的条目（原编号 {}）排在最大编号 {next} 之后，原编号记在 label",
                labels(&others)
            ),
        ));
        return (pending.iter())
            .map(|p| {
                if Some(p.style) == main {
                    p.written
                } else {
                    next += 1;
                    next
                }
            })
            .collect();
    }
    notes.push(ReviewNote::general(
        NoteKind::Structure,
        format!(
            "条目编号在各标题下重新开始（原编号 {}），目录编号 no 按出现顺序为 1…{}，原编号记在 label",
            labels(&all),
            pending.len()
        ),
    ));
    (1..=pending.len() as u32).collect()
}

/// Numbers that run on through the document (`1…45`, `84…95`) rather than restart under each
/// heading: they only ever grow.
fn running(ps: &[&Pending]) -> bool {
    ps.first().is_some_and(|p| p.written > 0) && ps.windows(2).all(|w| w[0].written < w[1].written)
}

fn labels(ps: &[&Pending]) -> String {
    ps.iter()
        .map(|p| p.label.as_str())
        .collect::<Vec<_>>()
        .join(",")
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

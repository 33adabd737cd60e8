//! From numbered paragraphs to sections and work items.
//!
//! Numbered paragraphs nest by their numbering style (`一、` › `（一）` › `1.` › `（1）` › `①`)
//! into a tree. A paragraph with a responsible-unit clause and none below it is a work item (what
//! is numbered below it folds into it); one whose descendants carry the clauses is a heading
//! over them. Where no clause says which, a paragraph with nothing numbered below it is an item
//! (an item without units is a review point, never dropped), and one with something below it is
//! a heading when its style sits above the style that carries the clauses elsewhere in the text,
//! else an item with sub-points. Each item keeps the numbers of the headings above it as its
//! path (`二.四.3`); its section is the heading just above it.
//!
//! An unnumbered paragraph belongs to the numbered one before it when it is a units line
//! (`责任单位：…`, `部门分工：A牵头，B配合`, or a bare list of bodies) or when that one is only a
//! title (`（二）发展目标` over the goal's sentences); a leader line (`分管省领导：…`) is passed
//! over and noted.

use super::numbers::to_chinese;
use super::review::{NoteKind, ReviewNote};
use super::scan::Span;
use super::structure::{Doc, Para, Part, PartKind, Style};
use super::table::looks_like_units;
use super::units::{aside_line, find_clause, starts_with_role};

#[derive(Debug, Clone)]
pub struct RawSection {
    pub title: String,
    pub items: Vec<RawItem>,
}

#[derive(Debug, Clone)]
pub struct RawItem {
    /// The number as written.
    pub written: u32,
    /// Its numbering style.
    pub style: Style,
    /// The written numbers from the outermost heading down to the item (`["二", "四", "3"]`).
    pub path: Vec<String>,
    pub body: Span,
    pub line: usize,
}

impl RawItem {
    /// The path as the catalog's `label` records it: `二.四.3`.
    pub fn label(&self) -> String {
        self.path.join(".")
    }
}

/// Headings of the parts of a plan that frame it rather than assign work.
const FRAMING: &[&str] = &[
    "总体要求",
    "指导思想",
    "基本原则",
    "工作原则",
    "保障措施",
    "组织保障",
    "组织领导",
    "组织实施",
    "工作要求",
    "实施步骤",
    "工作步骤",
    "进度安排",
    "保障机制",
];

fn title_of(body: &Span) -> String {
    let cut = body.fold.iter().position(|c| matches!(c, '。' | ':' | ';'));
    body.slice(0, cut.unwrap_or(body.len()))
        .trim_end_marks(&['。', ',', ';'])
        .text()
}

/// A body that is only a heading's words (`发展目标`, `加强重大战略实施信息公开`): no sentence.
fn title_only(body: &Span) -> bool {
    let t = body.trim().trim_end_marks(&['。', ':', '：']);
    t.len() <= 30 && !t.fold.iter().any(|c| matches!(c, '。' | ';' | ','))
}

fn is_framing(title: &str) -> bool {
    title.chars().count() <= 12
        && FRAMING.iter().any(|f| title.contains(f))
        && !title.contains("目标")
}

/// The styles used, outermost first, in the order official documents nest them (GB/T 9704:
/// 一、 > （一） > 1. > （1）, then ①) whatever order they first appear in.
fn levels(paras: &[Para]) -> Vec<Style> {
    let mut out: Vec<Style> = paras
        .iter()
        .filter_map(|p| p.marker.map(|m| m.style))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A numbered paragraph with what belongs to it.
struct Node {
    para: usize,
    style: Style,
    body: Span,
    children: Vec<usize>,
    /// The body has a units clause, or a bare list of bodies stood on a line under it.
    clause: bool,
    /// A bare list of bodies on a line under it (`市农业农村局、市商务局`), as a clause. It is the
    /// item's only when the paragraph is an item: under a covering notice's paragraph it is the
    /// signature (`武汉市人民政府办公厅`).
    units_line: Option<Span>,
}

struct Tree<'a> {
    part: &'a Part,
    nodes: Vec<Node>,
    roots: Vec<usize>,
}

impl Tree<'_> {
    fn build<'a>(part: &'a Part, levels: &[Style], notes: &mut Vec<ReviewNote>) -> Tree<'a> {
        let mut t = Tree {
            part,
            nodes: Vec::new(),
            roots: Vec::new(),
        };
        let mut stack: Vec<usize> = Vec::new();
        for (i, p) in part.paras.iter().enumerate() {
            let Some(m) = p.marker else {
                t.attach(stack.last().copied(), p, notes);
                continue;
            };
            let level = levels.iter().position(|s| *s == m.style).unwrap_or(0);
            while stack.last().is_some_and(|&n| {
                levels
                    .iter()
                    .position(|s| *s == t.nodes[n].style)
                    .unwrap_or(0)
                    >= level
            }) {
                stack.pop();
            }
            let id = t.nodes.len();
            t.nodes.push(Node {
                para: i,
                style: m.style,
                body: p.body.trim(),
                children: Vec::new(),
                clause: false,
                units_line: None,
            });
            match stack.last() {
                Some(&parent) => t.nodes[parent].children.push(id),
                None => t.roots.push(id),
            }
            stack.push(id);
        }
        for n in &mut t.nodes {
            n.clause = find_clause(&n.body).is_some() || n.units_line.is_some();
        }
        t
    }

    /// An unnumbered paragraph: joined to the numbered one before it, passed over, or noted.
    fn attach(&mut self, to: Option<usize>, p: &Para, notes: &mut Vec<ReviewNote>) {
        let body = p.body.trim();
        let Some(n) = to else {
            return;
        };
        if aside_line(&body) {
            notes.push(ReviewNote::general(
                NoteKind::Ignored,
                format!(
                    "第 {} 行“{}”不是本规划的责任单位，未采用",
                    p.line,
                    body.text()
                ),
            ));
            return;
        }
        let node = &mut self.nodes[n];
        if starts_with_role(&body) || find_clause(&body).is_some() || title_only(&node.body) {
            node.body.push(&body);
        } else if looks_like_units(&body.text()) && node.units_line.is_none() {
            node.units_line = Some(Span::new(&format!("（责任单位：{}）", body.text())));
        } else {
            let t = body.text();
            let short: String = t.chars().take(30).collect();
            let ell = if t.chars().count() > 30 { "…" } else { "" };
            notes.push(ReviewNote::general(
                NoteKind::Ignored,
                format!(
                    "未采用的文字：第 {} 行“{short}{ell}”（不属于任何条目）",
                    p.line
                ),
            ));
        }
    }

    fn subtree_has_clause(&self, n: usize) -> bool {
        self.nodes[n]
            .children
            .iter()
            .any(|&c| self.nodes[c].clause || self.subtree_has_clause(c))
    }

    fn number(&self, n: usize) -> (u32, String) {
        let m = self.part.paras[self.nodes[n].para]
            .marker
            .expect("nodes are numbered paragraphs");
        let written = match m.style {
            Style::CnComma | Style::ParenCn => to_chinese(m.n),
            _ => m.n.to_string(),
        };
        (m.n, written)
    }

    /// The item's text with everything numbered below it.
    fn folded(&self, n: usize) -> Span {
        let mut body = self.nodes[n].body.clone();
        if let Some(units) = self.nodes[n]
            .units_line
            .as_ref()
            .filter(|_| find_clause(&body).is_none())
        {
            body.push(units);
        }
        for &c in &self.nodes[n].children {
            let mut whole = Span::new(&marker_text(&self.part.paras[self.nodes[c].para]));
            whole.push(&self.folded(c));
            body.push(&whole);
        }
        body
    }
}

/// What the walk collects.
struct Walk<'a> {
    tree: &'a Tree<'a>,
    item_style: Option<Style>,
    fold_style: Option<Style>,
    sections: Vec<RawSection>,
    framing: Vec<String>,
    notice: Vec<String>,
    heading_units: Vec<String>,
}

impl Walk<'_> {
    fn is_item(&self, n: usize) -> bool {
        let node = &self.tree.nodes[n];
        let below = self.tree.subtree_has_clause(n);
        if below {
            let folds = self.fold_style == Some(node.style) || self.closes_its_run(n);
            return folds && !node.clause;
        }
        node.clause || node.children.is_empty() || self.item_style.is_some_and(|s| node.style >= s)
    }

    /// `3.推进重点项目建设。(1)…；(2)…。(牵头单位:…)` among items `1.` `2.` that carry their own
    /// clauses: the clause closing the run of sub-points is the item's.
    fn closes_its_run(&self, n: usize) -> bool {
        let node = &self.tree.nodes[n];
        let kids: Vec<&Node> = node.children.iter().map(|&c| &self.tree.nodes[c]).collect();
        self.item_style == Some(node.style)
            && kids.len() >= 2
            && kids.iter().all(|k| k.children.is_empty())
            && kids.iter().rev().skip(1).all(|k| !k.clause)
            && kids.last().is_some_and(|k| k.clause)
    }

    /// `一、高度重视…` of the covering notice: numbered above the items' level, without units and
    /// with nothing below it, before any item.
    fn is_notice(&self, n: usize) -> bool {
        let node = &self.tree.nodes[n];
        self.sections.is_empty()
            && find_clause(&node.body).is_none()
            && node.children.is_empty()
            && self.item_style.is_some_and(|s| node.style < s)
    }

    fn visit(&mut self, n: usize, path: &[String], section: &str) {
        let tree = self.tree;
        let (written, label) = tree.number(n);
        let mut path = path.to_vec();
        path.push(label);
        let node = &tree.nodes[n];
        let title = title_of(&node.body);
        if is_framing(&title) && !node.clause && !tree.subtree_has_clause(n) {
            // `一、总体要求` › `（二）发展目标`: the goals under it are read, the rest is framing.
            for &c in &node.children {
                if title_of(&tree.nodes[c].body).contains("目标") {
                    self.visit(c, &path, &title);
                } else {
                    let (_, l) = tree.number(c);
                    let t = title_of(&tree.nodes[c].body);
                    self.framing.push(format!("{t}（{}.{l}）", path.join(".")));
                }
            }
            if node.children.is_empty() {
                self.framing
                    .push(format!("{}（{}）", title, path.join(".")));
            }
            return;
        }
        if self.is_notice(n) {
            self.notice.push(format!(
                "第 {} 行“{title}”",
                tree.part.paras[node.para].line
            ));
            return;
        }
        if self.is_item(n) {
            if self.sections.last().is_none_or(|s| s.title != section) {
                self.sections.push(RawSection {
                    title: section.to_string(),
                    items: Vec::new(),
                });
            }
            let sec = self.sections.last_mut().expect("pushed above");
            sec.items.push(RawItem {
                written,
                style: node.style,
                path,
                body: tree.folded(n).trim(),
                line: tree.part.paras[node.para].line,
            });
            return;
        }
        if node.clause {
            self.heading_units
                .push(format!("{}（{}）", title, path.join(".")));
        }
        // A new heading opens a new section even when its title repeats an earlier one.
        let marker = format!("{title}\u{0}{}", path.join("."));
        for &c in &node.children.clone() {
            self.visit(c, &path, &marker);
        }
    }
}

/// Sections and items of one part that carries work items. `prefix` is the written number of
/// the heading that opened the part (`一` of `一、总体目标`), if it had one.
pub fn outline(part: &Part, prefix: Option<&str>, notes: &mut Vec<ReviewNote>) -> Vec<RawSection> {
    let levels = levels(&part.paras);
    if levels.is_empty() {
        return Vec::new();
    }
    let tree = Tree::build(part, &levels, notes);
    let clause_count = |s: Style| {
        (tree.nodes.iter())
            .filter(|n| n.style == s && n.clause)
            .count()
    };
    let item_style = (levels.iter().copied())
        .filter(|s| clause_count(*s) > 0)
        .max_by_key(|s| (clause_count(*s), *s));
    let fold_style = levels
        .windows(2)
        .find(|w| clauses_close_runs(&tree, w[0], w[1]))
        .map(|w| w[0]);
    let mut walk = Walk {
        tree: &tree,
        item_style,
        fold_style,
        sections: Vec::new(),
        framing: Vec::new(),
        notice: Vec::new(),
        heading_units: Vec::new(),
    };
    let top = if part.heading.is_empty() {
        "工作要点".to_string()
    } else {
        part.heading.clone()
    };
    let root: Vec<String> = prefix.map(String::from).into_iter().collect();
    for &r in &tree.roots {
        walk.visit(r, &root, &top);
    }
    let lists = [
        (
            &walk.framing,
            NoteKind::Structure,
            "以下编号段落是总体要求/保障措施类文字，没有责任单位，未收入草稿",
        ),
        (
            &walk.notice,
            NoteKind::Ignored,
            "以下编号段落在第一个条目之前、没有责任单位，当作印发通知的文字，未收入草稿",
        ),
        (
            &walk.heading_units,
            NoteKind::Guess,
            "以下标题行带有责任单位，但其下的条目各有责任单位，标题行的单位未采用",
        ),
    ];
    for (list, kind, what) in lists.into_iter().filter(|l| !l.0.is_empty()) {
        notes.push(ReviewNote::general(
            kind,
            format!("{what}：{}", list.join("；")),
        ));
    }
    let mut sections = walk.sections;
    for s in &mut sections {
        if let Some((title, _)) = s.title.split_once('\u{0}') {
            s.title = title.to_string();
        }
    }
    sections
}

/// `1.完善应急预案体系 / (1)… (2)… (3)… / (责任单位:…)`: the `lower` paragraphs' clauses only
/// ever close a run of them under an `upper` paragraph (the run's last carries one, the others
/// none, the `upper` one none). Such a clause is the whole run's, and the items are the `upper`
/// paragraphs. One item of a list lacking its clause does not look like this: the others have
/// theirs.
fn clauses_close_runs(tree: &Tree, upper: Style, lower: Style) -> bool {
    let mut runs: Vec<Vec<bool>> = Vec::new();
    for n in tree.nodes.iter().filter(|n| n.style == upper) {
        if n.clause {
            return false;
        }
        let run: Vec<bool> = (n.children.iter())
            .map(|&c| &tree.nodes[c])
            .filter(|c| c.style == lower)
            .map(|c| c.clause)
            .collect();
        runs.push(run);
    }
    let closed =
        |r: &[bool]| r.len() >= 2 && r.last() == Some(&true) && !r[..r.len() - 1].contains(&true);
    let with_clause: Vec<&Vec<bool>> = runs.iter().filter(|r| r.contains(&true)).collect();
    !with_clause.is_empty() && with_clause.iter().all(|r| closed(r))
}

fn marker_text(p: &Para) -> String {
    match p.marker {
        Some(m) => match m.style {
            Style::Circled => char::from_u32(0x2460 + m.n.saturating_sub(1))
                .map(String::from)
                .unwrap_or_default(),
            Style::ParenArabic => format!("({})", m.n),
            Style::Arabic => format!("{}.", m.n),
            Style::ParenCn | Style::CnComma => String::new(),
        },
        None => String::new(),
    }
}

/// The parts that carry work items: those with responsible-unit clauses (else the work-plan
/// parts, else the preamble), and a goals part opened by a numbered heading among them
/// (`一、总体目标` › `1.目标。…`: the document numbers its goal as an item).
pub fn item_parts(doc: &Doc, notes: &mut Vec<ReviewNote>) -> Vec<usize> {
    let has_clauses = |k: usize| {
        doc.parts[k]
            .paras
            .iter()
            .any(|p| find_clause(&p.body).is_some())
    };
    let of_kind = |kinds: &[PartKind], clauses: bool| -> Vec<usize> {
        (0..doc.parts.len())
            .filter(|&k| kinds.contains(&doc.parts[k].kind) && (!clauses || has_clauses(k)))
            .collect()
    };
    let mut parts = of_kind(
        &[PartKind::Preamble, PartKind::WorkPlan, PartKind::Tasks],
        true,
    );
    if parts.is_empty() {
        parts = of_kind(&[PartKind::WorkPlan], false);
        if parts.is_empty() {
            parts = of_kind(&[PartKind::Preamble], false);
        }
        notes.push(ReviewNote::general(
            NoteKind::NoUnits,
            "全文没有找到责任单位标注（责任单位/牵头单位/配合单位…），条目按最深一级编号读取",
        ));
    }
    let numbered_goals = (0..doc.parts.len()).filter(|&k| {
        let p = &doc.parts[k];
        p.kind == PartKind::Goals && p.marker.is_some() && !p.paras.is_empty()
    });
    parts.extend(numbered_goals);
    parts.sort_unstable();
    parts
}

/// The sections of the item parts, in document order.
pub fn sections(doc: &Doc, parts: &[usize], notes: &mut Vec<ReviewNote>) -> Vec<RawSection> {
    let mut out = Vec::new();
    for &k in parts {
        let part = &doc.parts[k];
        let prefix = part.marker.map(|m| to_chinese(m.n));
        match part.marker {
            Some(m) if part.paras.iter().all(|p| p.marker.is_none()) => {
                out.push(heading_item(part, m));
            }
            _ => out.extend(outline(part, prefix.as_deref(), notes)),
        }
    }
    out
}

/// `二、发展目标` over sentences without numbers of their own: the heading is the item, and
/// its sentences (`到2025年，…达到…`) are its text.
fn heading_item(part: &Part, m: super::structure::Marker) -> RawSection {
    let mut body = Span::default();
    for p in &part.paras {
        body.push(&p.body.trim());
    }
    RawSection {
        title: part.heading.clone(),
        items: vec![RawItem {
            written: m.n,
            style: m.style,
            path: vec![to_chinese(m.n)],
            body,
            line: part.line,
        }],
    }
}

//! The document both layouts share, as blocks and tables that HTML and Markdown print in order
//! and xlsx spreads over sheets. Laying out only: every figure comes from [`ReportData`].

use super::labels::{self, num, pct, pp, status, with_unit, words, Words};
use super::{GroupRow, Lang, Layout, ReportData, SectionTable};

/// A table cell. Text from data is kept raw here; each exporter escapes it for its format.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A whole number (counts, ranks, item numbers).
    Int(u64),
    /// A measured value; written as a number in xlsx, with its unit in text formats.
    Num(Option<f64>, String),
    /// A fraction shown as a percentage.
    Pct(Option<f64>),
    /// Percentage points with a sign.
    Pp(Option<f64>),
    /// A status: the class for traffic-light colours and the label shown.
    Status {
        class: &'static str,
        label: String,
    },
}

impl Cell {
    /// The cell as text (Markdown and HTML, and xlsx text cells).
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(v, u) => with_unit(*v, u),
            Cell::Pct(v) => pct(*v),
            Cell::Pp(v) => pp(*v),
            Cell::Status { label, .. } => label.clone(),
        }
    }

    /// Numbers are right-aligned.
    pub fn numeric(&self) -> bool {
        matches!(
            self,
            Cell::Int(_) | Cell::Num(..) | Cell::Pct(_) | Cell::Pp(_)
        )
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn st(s: &str, lang: Lang) -> Cell {
    Cell::Status {
        class: labels::status_class(s),
        label: status(s, lang),
    }
}

/// A row; `span` > 0 starts a group of that many rows whose `Table::span_cols` cells merge
/// downwards, 0 continues the group above (its spanned cells are not shown).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub span: u32,
}

impl Row {
    fn plain(cells: Vec<Cell>) -> Row {
        Row { cells, span: 1 }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A CSS class and a stable name (`items`, `districts`, …).
    pub kind: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    pub span_cols: Vec<usize>,
    /// Relative column widths (HTML `<col>` percentages and xlsx widths are derived from them).
    pub widths: Vec<u16>,
}

impl Table {
    fn new(kind: &'static str, headers: &[&str], widths: &[u16]) -> Table {
        Table {
            kind,
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
            span_cols: Vec::new(),
            widths: widths.to_vec(),
        }
    }
}

/// A piece of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The plan's name and the kind of document.
    Title {
        plan: String,
        kind: String,
    },
    Meta(String),
    H2(String),
    H3(String),
    P(String),
    /// A small note under a table.
    Note(String),
    /// The headline figures: label, count, traffic-light class.
    Tiles(Vec<(String, u32, &'static str)>),
    Table(Table),
    /// A chart and its number (图1 …).
    Chart {
        no: usize,
        chart: super::Chart,
    },
    /// Start a new printed page (HTML only).
    PageBreak,
    /// Lines set to the right: who issues a notice, and the date.
    Signature(Vec<String>),
    /// A paragraph set flush left: whom a notice is addressed to (主送机关, 顶格).
    Addressee(String),
}

/// The blocks of a report or bulletin, in reading order.
pub fn blocks(d: &ReportData, layout: Layout, lang: Lang) -> Vec<Block> {
    let w = words(lang);
    let mut b = vec![
        Block::Title {
            plan: d.title.clone(),
            kind: labels::doc_kind(layout, lang).into(),
        },
        Block::Meta(labels::as_of_line(d.year, d.month, d.time_progress, lang)),
        Block::H2(w.headline.into()),
        Block::Tiles(tiles(d, w)),
        Block::P(d.narrative.overview.get(lang).into()),
    ];
    match layout {
        Layout::Bulletin => {
            b.push(Block::P(d.narrative.indicators.get(lang).into()));
            b.push(Block::P(d.narrative.completeness.get(lang).into()));
            b.push(Block::H2(w.lagging.into()));
            if d.lagging.is_empty() {
                b.push(Block::P(w.none.into()));
            } else {
                b.push(Block::Table(lagging_table(d, lang)));
            }
            b.push(Block::H2(w.month_gaps.into()));
            if d.month_gaps.is_empty() {
                b.push(Block::P(w.none.into()));
            } else {
                b.push(Block::Table(month_gaps_table(d, lang)));
            }
            charts(&mut b, d, w);
        }
        Layout::Report => {
            for t in d.narrative.all().into_iter().skip(1) {
                b.push(Block::P(t.get(lang).into()));
            }
            charts(&mut b, d, w);
            b.push(Block::PageBreak);
            b.push(Block::H2(w.sections.into()));
            for s in &d.sections {
                b.push(Block::H3(s.title.clone()));
                b.push(Block::Note(section_counts(s, lang)));
                b.push(Block::Table(section_table(s, lang)));
            }
            b.push(Block::H2(w.lagging.into()));
            if d.lagging.is_empty() {
                b.push(Block::P(w.none.into()));
            } else {
                b.push(Block::Table(lagging_table(d, lang)));
            }
            b.push(Block::H2(w.districts.into()));
            b.push(Block::P(d.narrative.districts.get(lang).into()));
            b.push(Block::Table(district_table(d, lang)));
            b.push(Block::H2(w.units.into()));
            b.push(Block::P(d.narrative.units.get(lang).into()));
            b.push(Block::Table(unit_table(d, lang)));
            b.push(Block::H2(w.completeness.into()));
            b.push(Block::P(d.narrative.completeness.get(lang).into()));
            if !d.unit_completeness.is_empty() {
                b.push(Block::Table(completeness_table(d, lang)));
            }
            b.push(Block::H2(w.quality.into()));
            b.push(Block::Table(quality_counts_table(d, lang)));
            if !d.quality.problems.is_empty() {
                b.push(Block::Table(quality_table(d, lang)));
                if (d.quality.problems.len() as u64) < d.quality.problems_total {
                    b.push(Block::Note(labels::shown_of(
                        lang,
                        d.quality.problems.len(),
                        d.quality.problems_total,
                    )));
                }
            }
            b.push(Block::H2(w.goals.into()));
            if let Some(g) = &d.narrative.goals {
                b.push(Block::P(g.get(lang).into()));
                b.push(Block::Table(goals_table(d, lang)));
            } else {
                b.push(Block::P(w.none.into()));
            }
            b.push(Block::PageBreak);
            b.push(Block::H2(w.sources.into()));
            if d.sources.is_empty() {
                b.push(Block::P(w.none.into()));
            } else {
                b.push(Block::Table(sources_table(d, lang)));
            }
        }
    }
    b
}

/// The charts under their heading, numbered 图1 …; nothing when there are none.
fn charts(b: &mut Vec<Block>, d: &ReportData, w: &Words) {
    if d.charts.is_empty() {
        return;
    }
    b.push(Block::H2(w.charts.into()));
    for (i, c) in d.charts.iter().enumerate() {
        b.push(Block::Chart {
            no: i + 1,
            chart: c.clone(),
        });
    }
}

pub fn tiles(d: &ReportData, w: &Words) -> Vec<(String, u32, &'static str)> {
    let h = &d.headline;
    vec![
        (w.items.into(), h.items, "total"),
        (w.done.into(), h.done, "done"),
        (w.on_schedule.into(), h.on_schedule, "ok"),
        (w.behind_all.into(), h.lagging, "severe"),
        (w.not_reported.into(), h.not_reported, "none"),
        (w.no_target.into(), h.no_target, "na"),
    ]
}

/// The headline as a two-column table (xlsx summary sheet).
pub fn headline_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let h = &d.headline;
    let mut t = Table::new("headline", &[w.status, w.items], &[20, 10]);
    let rows: [(&str, u32, &str); 8] = [
        (w.done, h.done, "已完成"),
        (w.ahead, h.ahead, "超序时"),
        (w.on_track, h.on_track, "正常"),
        (w.behind, h.behind, "滞后"),
        (w.severely_behind, h.severely_behind, "严重滞后"),
        (w.not_reported, h.not_reported, "未报送"),
        (w.no_target, h.no_target, "无目标"),
        (w.items, h.items, ""),
    ];
    for (label, n, s) in rows {
        t.rows.push(Row::plain(vec![
            Cell::Status {
                class: if s.is_empty() {
                    "total"
                } else {
                    labels::status_class(s)
                },
                label: label.into(),
            },
            Cell::Int(u64::from(n)),
        ]));
    }
    t
}

pub fn section_counts(s: &SectionTable, lang: Lang) -> String {
    let c = &s.counts;
    match lang {
        Lang::Zh => format!(
            "共 {} 项：已完成 {}，超序时 {}，正常 {}，滞后 {}，严重滞后 {}，未报送 {}，无量化目标 {}；平均完成率 {}。",
            c.items, c.done, c.ahead, c.on_track, c.behind, c.severely_behind, c.not_reported,
            c.no_target, pct(c.mean_completion)
        ),
        Lang::En => format!(
            "{} items: {} done, {} ahead, {} on track, {} behind, {} severely behind, {} not reported, {} without target; mean completion {}.",
            c.items, c.done, c.ahead, c.on_track, c.behind, c.severely_behind, c.not_reported,
            c.no_target, pct(c.mean_completion)
        ),
    }
}

/// Column of the status in a section table (for traffic lights in xlsx).
pub const SECTION_STATUS_COLS: [usize; 2] = [3, 8];

pub fn section_table(s: &SectionTable, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "items",
        &[
            w.no,
            w.item,
            w.lead_unit,
            w.item_status,
            w.indicator,
            w.target,
            w.actual,
            w.completion,
            w.status,
        ],
        &[5, 25, 13, 9, 15, 8, 8, 8, 9],
    );
    t.span_cols = vec![0, 1, 2, 3];
    for l in &s.lines {
        let name = match &l.indicator {
            Some(_) => {
                let n =
                    labels::indicator_name(&l.indicator_name, l.indicator_name_en.as_deref(), lang);
                if l.district == crate::catalog::CITY {
                    n.to_string()
                } else {
                    format!("{n}（{}）", l.district)
                }
            }
            None => w.task_status.into(),
        };
        t.rows.push(Row {
            cells: vec![
                Cell::Int(u64::from(l.item)),
                text(&l.item_text),
                text(&l.lead_unit),
                st(&l.item_status, lang),
                text(name),
                Cell::Num(l.target, l.unit.clone()),
                Cell::Num(l.actual, l.unit.clone()),
                Cell::Pct(l.completion),
                st(&l.status, lang),
            ],
            span: l.item_span,
        });
    }
    t
}

pub fn lagging_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "lagging",
        &[
            w.no,
            w.item,
            w.lead_unit,
            w.status,
            w.indicator,
            w.completion,
            w.gap,
        ],
        &[6, 33, 13, 9, 17, 10, 12],
    );
    for l in &d.lagging {
        t.rows.push(Row::plain(vec![
            Cell::Int(u64::from(l.item)),
            text(&l.text),
            text(&l.lead_unit),
            st(&l.status, lang),
            text(
                l.worst_indicator_name
                    .clone()
                    .unwrap_or_else(|| l.basis.clone()),
            ),
            Cell::Pct(l.completion),
            Cell::Pp(l.gap_pp),
        ]));
    }
    t
}

pub fn district_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "districts",
        &[
            w.rank,
            w.district,
            w.mean_completion,
            w.done,
            w.ahead,
            w.on_track,
            w.behind,
            w.severely_behind,
            w.not_reported,
            w.no_target,
        ],
        &[6, 16, 12, 8, 8, 8, 8, 9, 8, 9],
    );
    // Ties share a rank (1, 1, 3), compared as shown (to 0.1 %).
    let shown = |g: &GroupRow| g.mean_completion.map(|m| (m * 1000.0).round() as i64);
    for g in &d.by_district {
        let rank = shown(g).map(|m| {
            let above = (d.by_district.iter()).filter(|o| shown(o).is_some_and(|x| x > m));
            1 + above.count() as u64
        });
        t.rows.push(Row::plain(vec![
            rank.map_or_else(|| text("—"), Cell::Int),
            text(&g.group),
            Cell::Pct(g.mean_completion),
            Cell::Int(g.done.into()),
            Cell::Int(g.ahead.into()),
            Cell::Int(g.on_track.into()),
            Cell::Int(g.behind.into()),
            Cell::Int(g.severely_behind.into()),
            Cell::Int(g.not_reported.into()),
            Cell::Int(g.no_target.into()),
        ]));
    }
    t
}

fn item_list(nos: &[u32]) -> String {
    nos.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

pub fn unit_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "units",
        &[
            w.lead_unit,
            w.items,
            w.done,
            w.ahead,
            w.on_track,
            w.behind,
            w.severely_behind,
            w.not_reported,
            w.no_target,
            w.lagging_items,
        ],
        &[20, 8, 7, 7, 7, 7, 8, 7, 9, 14],
    );
    for g in &d.by_unit {
        t.rows.push(Row::plain(vec![
            text(&g.group),
            Cell::Int(g.items.into()),
            Cell::Int(g.done.into()),
            Cell::Int(g.ahead.into()),
            Cell::Int(g.on_track.into()),
            Cell::Int(g.behind.into()),
            Cell::Int(g.severely_behind.into()),
            Cell::Int(g.not_reported.into()),
            Cell::Int(g.no_target.into()),
            text(item_list(&g.lagging)),
        ]));
    }
    t
}

pub fn completeness_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "completeness",
        &[
            w.unit,
            w.expected,
            w.received,
            w.late,
            w.missing,
            w.periods_missing,
            w.periods_late,
        ],
        &[22, 7, 7, 7, 7, 25, 25],
    );
    for u in &d.unit_completeness {
        t.rows.push(Row::plain(vec![
            text(&u.unit),
            Cell::Int(u.expected.into()),
            Cell::Int(u.received.into()),
            Cell::Int(u.late.into()),
            Cell::Int(u.missing.into()),
            text(labels::month_runs(&u.missing_periods, lang)),
            text(labels::month_runs(&u.late_periods, lang)),
        ]));
    }
    t
}

pub fn month_gaps_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "month-gaps",
        &[w.unit, w.period, w.status, w.received_at, w.due],
        &[28, 12, 10, 25, 25],
    );
    for r in &d.month_gaps {
        t.rows.push(Row::plain(vec![
            text(&r.unit),
            text(&r.period),
            Cell::Status {
                class: if r.status == "late" {
                    "behind"
                } else {
                    "severe"
                },
                label: labels::report_status(&r.status, lang),
            },
            text(labels::when(r.received_at.as_deref())),
            text(labels::date(&r.due)),
        ]));
    }
    t
}

pub fn quality_counts_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let q = &d.quality;
    let mut t = Table::new(
        "quality-counts",
        &[w.rejected_rows, w.warnings, w.revisions],
        &[12, 12, 12],
    );
    t.rows.push(Row::plain(vec![
        Cell::Int(q.rejected_rows),
        Cell::Int(q.warnings),
        Cell::Int(q.revisions),
    ]));
    t
}

pub fn quality_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "quality",
        &[w.file, w.sheet, w.cell, w.severity, w.message],
        &[24, 12, 7, 7, 50],
    );
    for p in &d.quality.problems {
        let error = p.severity == "error";
        t.rows.push(Row::plain(vec![
            text(&p.file),
            text(&p.sheet),
            text(&p.cell),
            Cell::Status {
                class: if error { "severe" } else { "behind" },
                label: if error { w.error } else { w.warning }.into(),
            },
            text(&p.message),
        ]));
    }
    t
}

pub fn goals_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "goals",
        &[
            w.goal_indicator,
            w.baseline,
            w.goal_target,
            w.latest,
            w.required_rate,
            w.actual_rate,
            w.category,
            w.projected,
        ],
        &[24, 11, 11, 11, 11, 11, 11, 10],
    );
    let at = |v: Option<f64>, y: Option<i32>| match (v, y) {
        (Some(_), Some(y)) => format!("{}（{y}）", num(v)),
        _ => "—".into(),
    };
    for g in &d.goals {
        let not_set = g.category == "target_not_set";
        let target = if not_set && g.target.is_none() {
            labels::goal_category("target_not_set", lang)
        } else {
            at(g.target, g.target_year)
        };
        let name = if g.unit.is_empty() {
            g.name.clone()
        } else {
            format!("{}（{}）", g.name, g.unit)
        };
        t.rows.push(Row::plain(vec![
            text(name),
            text(at(g.baseline, g.baseline_year)),
            text(target),
            text(at(g.latest, g.latest_year)),
            text(labels::rate(g.required_rate, &g.path, &g.unit, lang)),
            text(labels::rate(g.actual_rate, &g.path, &g.unit, lang)),
            Cell::Status {
                class: labels::goal_class(&g.category),
                label: labels::goal_category(&g.category, lang),
            },
            Cell::Num(
                g.projected.map(|v| labels::round_estimate(v, &g.unit)),
                g.unit.clone(),
            ),
        ]));
    }
    t
}

pub fn sources_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "sources",
        &[
            w.submission,
            w.file,
            w.reporting_unit,
            w.period,
            w.received_at,
            w.accepted,
            w.rejected,
        ],
        &[12, 30, 16, 9, 19, 7, 7],
    );
    for s in &d.sources {
        t.rows.push(Row::plain(vec![
            text(s.id.chars().take(12).collect::<String>()),
            text(&s.file),
            text(&s.reporting_unit),
            text(&s.period),
            text(labels::when(Some(&s.received_at))),
            Cell::Int(s.accepted),
            Cell::Int(s.rejected),
        ]));
    }
    t
}

/// The whole progress table with the DESIGN.md `progress` keys as headers (the data sheet).
/// Every indicator's main row (the city's, or its one district's), for people: the Word
/// report's 附件.
pub fn indicator_table(d: &ReportData, lang: Lang) -> Table {
    let w = words(lang);
    let mut t = Table::new(
        "indicators",
        &[
            w.indicator,
            w.district,
            w.measure_unit,
            w.target,
            w.actual,
            w.completion,
            w.gap,
            w.status,
        ],
        &[34, 10, 8, 10, 10, 9, 9, 10],
    );
    let main = |r: &&crate::progress::ProgressRow| {
        r.district == crate::catalog::CITY
            || !d
                .rows
                .iter()
                .any(|o| o.indicator == r.indicator && o.district == crate::catalog::CITY)
    };
    for r in d.rows.iter().filter(main) {
        t.rows.push(Row::plain(vec![
            text(format!("{} {}", r.indicator, r.name)),
            text(&r.district),
            text(&r.unit),
            Cell::Num(r.target, String::new()),
            Cell::Num(r.actual, String::new()),
            Cell::Pct(r.completion),
            Cell::Pp(r.gap_pp),
            st(&r.status, lang),
        ]));
    }
    t
}

pub fn data_table(d: &ReportData) -> Table {
    let mut t = Table::new(
        "data",
        &[
            "indicator",
            "name",
            "item",
            "section",
            "district",
            "unit",
            "kind",
            "direction",
            "year",
            "as_of",
            "target",
            "actual",
            "completion",
            "time_progress",
            "gap_pp",
            "status",
            "projection",
            "yoy",
            "mom",
            "months_reported",
            "last_period",
            "reporting_unit",
            "note",
        ],
        &[],
    );
    let opt_int = |v: Option<u32>| v.map_or(text(""), |n| Cell::Int(u64::from(n)));
    for r in &d.rows {
        t.rows.push(Row::plain(vec![
            text(&r.indicator),
            text(&r.name),
            opt_int(r.item),
            opt_int(r.section),
            text(&r.district),
            text(&r.unit),
            text(&r.kind),
            text(&r.direction),
            Cell::Int(r.year.max(0) as u64),
            text(&r.as_of),
            Cell::Num(r.target, String::new()),
            Cell::Num(r.actual, String::new()),
            Cell::Pct(r.completion),
            Cell::Pct(Some(r.time_progress)),
            Cell::Pp(r.gap_pp),
            Cell::Status {
                class: labels::status_class(&r.status),
                label: r.status.clone(),
            },
            Cell::Num(r.projection, String::new()),
            Cell::Pct(r.yoy),
            Cell::Pct(r.mom),
            Cell::Int(r.months_reported.into()),
            text(r.last_period.clone().unwrap_or_default()),
            text(&r.reporting_unit),
            text(&r.note),
        ]));
    }
    t
}

//! The year-end target-achievement report (年度目标任务完成情况报告) and the monthly bulletin
//! (月度进展通报).
//!
//! [`ReportData::build`] is the only place that computes: it takes the progress results, the goal
//! assessment, completeness, data-quality facts, the submissions and the charts, and works out
//! the headline counts, the per-section tables, the lagging list and the narrative paragraphs.
//! Each format is then one module behind [`Exporter`] that turns a `ReportData` into bytes and
//! never computes (as hyperfine's `src/export/*.rs` do):
//! [`html`] (one self-contained A4-printable file), [`xlsx`], [`markdown`] and [`json`].
//!
//! The bulletin is the same data with a shorter layout ([`Layout::Bulletin`]): headline, lagging
//! items, and the units that are late or missing for the month.
//!
//! Text that came from a spreadsheet or a catalog (item texts, unit names, file names) is escaped
//! by every exporter for its format: HTML-escaped in HTML, backslash/entity-escaped in Markdown,
//! and written with `write_string` in xlsx so that `=HYPERLINK(…)` stays text.

pub mod doc;
pub mod docx;
pub mod html;
pub mod json;
pub mod labels;
pub mod markdown;
pub mod notice;
mod ooxml;
pub mod sources;
pub mod xlsx;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Catalog, CITY};
use crate::error::{Error, Result};
use crate::progress::rollup::{self, zh_numeral};
use crate::progress::{CompletenessRow, GoalRow, GroupRow, ItemRow, Progress, ProgressRow};

use labels::pct;

/// The language of labels and narrative. Text from the catalog and the spreadsheets stays as
/// written (Chinese), except indicator names that have a `name_en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Which document: the full report or the shorter monthly bulletin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    #[default]
    Report,
    Bulletin,
}

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Xlsx,
    Markdown,
    Json,
    Docx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// The format a file name asks for by its extension (`report.html` → HTML).
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        Format::parse(path.extension()?.to_str()?)
    }
}

/// One output format. Implementations only lay out what [`ReportData`] holds.
pub trait Exporter {
    fn render(&self, data: &ReportData, lang: Lang) -> Result<Vec<u8>>;
}

/// The exporter for a format and layout.
pub fn exporter(format: Format, layout: Layout) -> Box<dyn Exporter> {
    match format {
        Format::Html => Box::new(html::HtmlExporter { layout }),
        Format::Xlsx => Box::new(xlsx::XlsxExporter { layout }),
        Format::Markdown => Box::new(markdown::MarkdownExporter { layout }),
        Format::Json => Box::new(json::JsonExporter { layout }),
        Format::Docx => Box::new(docx::DocxExporter { layout }),
    }
}

/// A paragraph in both languages.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The narrative paragraphs, each in both languages.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Narrative {
    /// Items by status against time progress.
    pub overview: Text,
    pub indicators: Text,
    pub sections: Text,
    pub units: Text,
    pub districts: Text,
    pub completeness: Text,
    pub quality: Text,
    /// The 2025 / 2035 goals, when the catalog has any.
    pub goals: Option<Text>,
}

impl Narrative {
    /// The paragraphs in reading order.
    pub fn all(&self) -> Vec<&Text> {
        let mut v = vec![
            &self.overview,
            &self.indicators,
            &self.sections,
            &self.units,
            &self.districts,
            &self.completeness,
            &self.quality,
        ];
        v.extend(self.goals.as_ref());
        v
    }
}

/// The headline figures: work items by status, and the indicators behind them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Headline {
    pub items: u32,
    pub done: u32,
    pub ahead: u32,
    pub on_track: u32,
    /// 超序时 + 正常.
    pub on_schedule: u32,
    pub behind: u32,
    pub severely_behind: u32,
    /// 滞后 + 严重滞后.
    pub lagging: u32,
    pub not_reported: u32,
    pub no_target: u32,
    /// City-level indicator rows with a target (the scored ones).
    pub indicators: u32,
    /// Of those, the ones with a value this year.
    pub indicators_reported: u32,
    /// Mean completion of the scored indicators with a value, each capped at 1.
    pub mean_completion: Option<f64>,
}

/// One line of a section table: an indicator of a work item, or the item itself when it is
/// followed by task status rather than indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionLine {
    pub item: u32,
    pub item_text: String,
    pub lead_unit: String,
    pub item_status: String,
    /// Lines this item spans, set on its first line and 0 on the others (for row spans).
    pub item_span: u32,
    /// Indicator code; `None` for an item tracked by task status.
    pub indicator: Option<String>,
    pub indicator_name: String,
    pub indicator_name_en: Option<String>,
    /// `全市`, or the district of a district-specific indicator.
    pub district: String,
    pub unit: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub completion: Option<f64>,
    pub gap_pp: Option<f64>,
    pub status: String,
    /// How the line was judged (`指标`, `进展报告 2022-06`, `无进展报告`) and any notes.
    pub basis: String,
}

/// One section (一…六) with its counts and lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionTable {
    pub no: u32,
    /// `一、建立城乡要素自由流动体制机制`.
    pub title: String,
    pub counts: GroupRow,
    pub lines: Vec<SectionLine>,
}

/// A work item that is 滞后 or 严重滞后, with the indicator that makes it so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LaggingItem {
    pub item: u32,
    pub section: u32,
    pub text: String,
    pub lead_unit: String,
    pub status: String,
    pub completion: Option<f64>,
    pub worst_indicator: Option<String>,
    pub worst_indicator_name: Option<String>,
    pub gap_pp: Option<f64>,
    pub basis: String,
}

/// 报送率 over all expected unit-months.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CompletenessSummary {
    pub expected: u32,
    pub received: u32,
    pub late: u32,
    pub missing: u32,
    /// (received + late) ÷ expected.
    pub rate: Option<f64>,
    /// received ÷ expected.
    pub on_time_rate: Option<f64>,
}

/// One responsible unit's reporting record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCompleteness {
    pub unit: String,
    pub expected: u32,
    pub received: u32,
    pub late: u32,
    pub missing: u32,
    pub late_periods: Vec<String>,
    pub missing_periods: Vec<String>,
}

/// A problem found in a submission, where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityNote {
    pub file: String,
    pub sheet: String,
    pub cell: String,
    /// `error` (the row was rejected) or `warning`.
    pub severity: String,
    pub message: String,
}

/// Data-quality facts from the store.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Quality {
    pub rejected_rows: u64,
    pub warnings: u64,
    /// Observations replaced by a later submission.
    pub revisions: u64,
    /// Notable problems; [`ReportData::build`] keeps errors first and at most
    /// [`MAX_QUALITY_NOTES`].
    pub problems: Vec<QualityNote>,
    /// How many problems there were before the list was cut.
    pub problems_total: u64,
}

/// How many problems the report lists.
pub const MAX_QUALITY_NOTES: usize = 50;

/// A submission behind the figures (the appendix of sources).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRow {
    pub id: String,
    pub file: String,
    pub reporting_unit: String,
    pub period: String,
    pub received_at: String,
    pub accepted: u64,
    pub rejected: u64,
}

/// A chart drawn by our own code: the SVG is inlined as is in HTML; the PNG (when a CJK font
/// was there to draw it) goes into Word and Excel; `file` is where Markdown links it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Chart {
    pub title: String,
    #[serde(skip)]
    pub svg: String,
    #[serde(skip)]
    pub png: Option<Vec<u8>>,
    #[serde(skip)]
    pub file: Option<String>,
}

impl Chart {
    /// A chart with its SVG only.
    pub fn svg(title: impl Into<String>, svg: impl Into<String>) -> Chart {
        Chart {
            title: title.into(),
            svg: svg.into(),
            ..Default::default()
        }
    }
}

/// The count of goal rows in one assessment category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryCount {
    pub category: String,
    pub count: u32,
}

/// Everything a report shows, already computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportData {
    /// The plan's name.
    pub title: String,
    pub region: String,
    pub year: i32,
    pub month: u32,
    /// `YYYY-MM`.
    pub as_of: String,
    pub time_progress: f64,
    pub headline: Headline,
    pub narrative: Narrative,
    pub sections: Vec<SectionTable>,
    pub lagging: Vec<LaggingItem>,
    pub by_section: Vec<GroupRow>,
    /// Lead units, most lagging items first.
    pub by_unit: Vec<GroupRow>,
    /// Districts, best mean completion first.
    pub by_district: Vec<GroupRow>,
    pub goals: Vec<GoalRow>,
    pub goal_summary: Vec<CategoryCount>,
    pub completeness: Vec<CompletenessRow>,
    pub completeness_summary: CompletenessSummary,
    /// Units with the most missing, then late, months first.
    pub unit_completeness: Vec<UnitCompleteness>,
    /// The as-of month's late and missing units (the bulletin's list).
    pub month_gaps: Vec<CompletenessRow>,
    pub quality: Quality,
    pub sources: Vec<SourceRow>,
    pub charts: Vec<Chart>,
    /// The whole progress table (the data sheet).
    pub rows: Vec<ProgressRow>,
    pub items: Vec<ItemRow>,
}

/// Goal categories in the order they are listed.
pub const GOAL_CATEGORIES: [&str; 7] = [
    "target_achieved",
    "on_track",
    "moderate",
    "insufficient",
    "moving_away",
    "no_data",
    "target_not_set",
];

fn severity(status: &str) -> u8 {
    match status {
        "严重滞后" => 2,
        "滞后" => 1,
        _ => 0,
    }
}

/// Whether a progress row belongs in its item's line-up (as in `rollup::items`): the city row,
/// or the row of an indicator that belongs to one district.
fn item_line(catalog: &Catalog, r: &ProgressRow) -> bool {
    r.district == CITY
        || catalog
            .indicator(&r.indicator)
            .is_some_and(|e| e.def.district.is_some())
}

impl ReportData {
    /// Works out everything the report shows for the year and as-of month of `progress`.
    ///
    /// `year` and `month` are the as-of period (the progress rows carry it too, but a catalog
    /// may have no indicator rows).
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        catalog: &Catalog,
        progress: Progress,
        (year, month): (i32, u32),
        goals: Vec<GoalRow>,
        completeness: Vec<CompletenessRow>,
        quality: Quality,
        sources: Vec<SourceRow>,
        charts: Vec<Chart>,
    ) -> ReportData {
        let Progress {
            items,
            rows,
            time_progress,
        } = progress;
        let headline = headline(catalog, &items, &rows);
        let by_section = rollup::by_section(catalog, &items);
        let by_unit = rollup::by_unit(&items);
        let by_district = rollup::by_district(catalog, &rows);
        let sections = sections(catalog, &items, &rows, &by_section, time_progress);
        let lagging = lagging(catalog, &items, &rows, time_progress);
        let goal_summary = GOAL_CATEGORIES
            .iter()
            .map(|c| CategoryCount {
                category: c.to_string(),
                count: goals.iter().filter(|g| g.category == *c).count() as u32,
            })
            .filter(|c| c.count > 0)
            .collect();
        let as_of = format!("{year:04}-{month:02}");
        let completeness_summary = completeness_summary(&completeness);
        let unit_completeness = unit_completeness(&completeness);
        let month_gaps = completeness
            .iter()
            .filter(|r| r.period == as_of && r.status != "received")
            .cloned()
            .collect();
        let quality = quality_notes(quality);
        let mut data = ReportData {
            title: catalog.meta.name.clone(),
            region: catalog.meta.region.clone(),
            year,
            month,
            as_of,
            time_progress: progress.time_progress,
            headline,
            narrative: Narrative::default(),
            sections,
            lagging,
            by_section,
            by_unit,
            by_district,
            goals,
            goal_summary,
            completeness,
            completeness_summary,
            unit_completeness,
            month_gaps,
            quality,
            sources,
            charts,
            rows,
            items,
        };
        data.narrative = narrative(&data);
        data
    }
}

fn headline(catalog: &Catalog, items: &[ItemRow], rows: &[ProgressRow]) -> Headline {
    let n = |s: &str| items.iter().filter(|i| i.status == s).count() as u32;
    let scored: Vec<&ProgressRow> = rows
        .iter()
        .filter(|r| r.item.is_some() && item_line(catalog, r) && r.status != "无目标")
        .collect();
    let comps: Vec<f64> = scored
        .iter()
        .filter_map(|r| r.completion.map(|c| c.min(1.0)))
        .collect();
    let (ahead, on_track, behind, sev) = (n("超序时"), n("正常"), n("滞后"), n("严重滞后"));
    Headline {
        items: items.len() as u32,
        done: n("已完成"),
        ahead,
        on_track,
        on_schedule: ahead + on_track,
        behind,
        severely_behind: sev,
        lagging: behind + sev,
        not_reported: n("未报送"),
        no_target: n("无目标"),
        indicators: scored.len() as u32,
        indicators_reported: scored.iter().filter(|r| r.actual.is_some()).count() as u32,
        mean_completion: (!comps.is_empty())
            .then(|| comps.iter().sum::<f64>() / comps.len() as f64),
    }
}

fn sections(
    catalog: &Catalog,
    items: &[ItemRow],
    rows: &[ProgressRow],
    by_section: &[GroupRow],
    tp: f64,
) -> Vec<SectionTable> {
    catalog
        .sections
        .iter()
        .zip(by_section)
        .map(|(s, counts)| {
            let mut lines = Vec::new();
            for it in items.iter().filter(|i| i.section == s.no) {
                let mine: Vec<&ProgressRow> = rows
                    .iter()
                    .filter(|r| r.item == Some(it.item) && item_line(catalog, r))
                    .collect();
                let first = lines.len();
                let base = |ind: Option<&ProgressRow>| SectionLine {
                    item: it.item,
                    item_text: it.text.clone(),
                    lead_unit: it.lead_unit.clone(),
                    item_status: it.status.clone(),
                    item_span: 0,
                    indicator: ind.map(|r| r.indicator.clone()),
                    indicator_name: ind.map(shown_name).unwrap_or_default(),
                    indicator_name_en: ind
                        .and_then(|r| catalog.indicator(&r.indicator))
                        .and_then(|e| e.def.name_en.clone()),
                    district: ind.map_or(CITY.to_string(), |r| r.district.clone()),
                    unit: ind.map(|r| r.unit.clone()).unwrap_or_default(),
                    target: ind.and_then(|r| r.target),
                    actual: ind.and_then(|r| r.actual),
                    completion: ind.map_or(it.completion, |r| r.completion),
                    gap_pp: ind.map_or_else(|| item_gap(it, tp), |r| r.gap_pp),
                    status: ind.map_or(it.status.clone(), |r| r.status.clone()),
                    basis: ind.map_or(it.basis.clone(), |r| r.note.clone()),
                };
                if mine.is_empty() {
                    lines.push(base(None));
                } else {
                    lines.extend(mine.into_iter().map(|r| base(Some(r))));
                }
                lines[first].item_span = (lines.len() - first) as u32;
            }
            SectionTable {
                no: s.no,
                title: format!("{}、{}", zh_numeral(s.no), s.title),
                counts: counts.clone(),
                lines,
            }
        })
        .collect()
}

/// A task-status item's gap (its reported 完成进度 against time), as `rollup::items` judges it.
fn item_gap(it: &ItemRow, tp: f64) -> Option<f64> {
    (it.basis != "指标")
        .then_some(it.completion)
        .flatten()
        .map(|c| crate::progress::schedule_gap(c, tp))
}

/// An indicator's name, saying so when its city figure is a district's (`…（各区最低）`).
fn shown_name(r: &ProgressRow) -> String {
    match r.combined_as() {
        Some(how) => format!("{}（{how}）", r.name),
        None => r.name.clone(),
    }
}

fn lagging(
    catalog: &Catalog,
    items: &[ItemRow],
    rows: &[ProgressRow],
    tp: f64,
) -> Vec<LaggingItem> {
    let mut out: Vec<LaggingItem> = items
        .iter()
        .filter(|i| severity(&i.status) > 0)
        .map(|i| {
            let worst = i.worst_indicator.as_ref().and_then(|code| {
                rows.iter()
                    .find(|r| &r.indicator == code && item_line(catalog, r))
            });
            LaggingItem {
                item: i.item,
                section: i.section,
                text: i.text.clone(),
                lead_unit: i.lead_unit.clone(),
                status: i.status.clone(),
                completion: worst.map_or(i.completion, |r| r.completion),
                worst_indicator: i.worst_indicator.clone(),
                worst_indicator_name: worst.map(shown_name),
                gap_pp: worst.map_or_else(|| item_gap(i, tp), |r| r.gap_pp),
                basis: i.basis.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        severity(&b.status)
            .cmp(&severity(&a.status))
            .then(a.item.cmp(&b.item))
    });
    out
}

fn completeness_summary(rows: &[CompletenessRow]) -> CompletenessSummary {
    let n = |s: &str| rows.iter().filter(|r| r.status == s).count() as u32;
    let expected = rows.len() as u32;
    let (received, late, missing) = (n("received"), n("late"), n("missing"));
    let rate = |k: u32| (expected > 0).then(|| f64::from(k) / f64::from(expected));
    CompletenessSummary {
        expected,
        received,
        late,
        missing,
        rate: rate(received + late),
        on_time_rate: rate(received),
    }
}

fn unit_completeness(rows: &[CompletenessRow]) -> Vec<UnitCompleteness> {
    let mut order: Vec<&str> = Vec::new();
    let mut by: BTreeMap<&str, UnitCompleteness> = BTreeMap::new();
    for r in rows {
        let u = by.entry(r.unit.as_str()).or_insert_with(|| {
            order.push(r.unit.as_str());
            UnitCompleteness {
                unit: r.unit.clone(),
                expected: 0,
                received: 0,
                late: 0,
                missing: 0,
                late_periods: Vec::new(),
                missing_periods: Vec::new(),
            }
        });
        u.expected += 1;
        match r.status.as_str() {
            "received" => u.received += 1,
            "late" => {
                u.late += 1;
                u.late_periods.push(r.period.clone());
            }
            _ => {
                u.missing += 1;
                u.missing_periods.push(r.period.clone());
            }
        }
    }
    let mut out: Vec<UnitCompleteness> = order.iter().filter_map(|u| by.remove(u)).collect();
    // Stable: the catalog's order among units with the same record.
    out.sort_by(|a, b| b.missing.cmp(&a.missing).then(b.late.cmp(&a.late)));
    out
}

fn quality_notes(mut q: Quality) -> Quality {
    q.problems_total = q.problems_total.max(q.problems.len() as u64);
    // Errors (rejected rows) before warnings, each in file order.
    q.problems.sort_by_key(|p| p.severity != "error");
    q.problems.truncate(MAX_QUALITY_NOTES);
    q
}

/// The narrative paragraphs, in plain Chinese and in English.
fn narrative(d: &ReportData) -> Narrative {
    let h = &d.headline;
    let tp = pct(Some(d.time_progress));
    let overview = Text {
        zh: format!(
            "截至{}年{}月，序时进度为{tp}。{}年度 {} 项工作任务中，已完成 {} 项，进度超过或符合序时进度 {} 项（超序时 {} 项、正常 {} 项），落后于序时进度 {} 项（滞后 {} 项、严重滞后 {} 项），未报送 {} 项，无量化目标 {} 项。",
            d.year, d.month, d.year, h.items, h.done, h.on_schedule, h.ahead, h.on_track,
            h.lagging, h.lagging - h.severely_behind, h.severely_behind, h.not_reported, h.no_target
        ),
        en: format!(
            "As of {} (time elapsed {tp}), the {} work items for {} stand as follows: completed {}; ahead of or on schedule {} (ahead {}, on track {}); behind schedule {} (lagging {}, severely {}); not reported {}; no quantified target {}.",
            d.as_of, h.items, d.year, h.done, h.on_schedule, h.ahead, h.on_track, h.lagging,
            h.lagging - h.severely_behind, h.severely_behind, h.not_reported, h.no_target
        ),
    };
    let indicators = match h.mean_completion {
        Some(m) => Text {
            zh: format!(
                "纳入监测的 {} 项有目标的量化指标中，已报送数据 {} 项，平均完成率 {}（单项超过 100% 按 100% 计）。",
                h.indicators, h.indicators_reported, pct(Some(m))
            ),
            en: format!(
                "Monitored indicators with a target: {}; with data: {}; mean completion {} (each capped at 100%).",
                h.indicators, h.indicators_reported, pct(Some(m))
            ),
        },
        None => Text {
            zh: format!(
                "纳入监测的 {} 项有目标的量化指标均暂无数据，完成率无法计算。",
                h.indicators
            ),
            en: format!(
                "Monitored indicators with a target: {}; none has data yet, so completion cannot be computed.",
                h.indicators
            ),
        },
    };
    let lag_sections: Vec<&SectionTable> = d
        .sections
        .iter()
        .filter(|s| !s.counts.lagging.is_empty())
        .collect();
    let sections = if lag_sections.is_empty() {
        Text {
            zh: "分领域看，各领域均无滞后事项。".into(),
            en: "No section has a lagging item.".into(),
        }
    } else {
        let zh: Vec<String> = lag_sections
            .iter()
            .map(|s| format!("{}（{} 项）", s.title, s.counts.lagging.len()))
            .collect();
        let en: Vec<String> = lag_sections
            .iter()
            .map(|s| format!("section {} ({})", s.no, s.counts.lagging.len()))
            .collect();
        Text {
            zh: format!("分领域看，滞后事项分布在：{}。", zh.join("；")),
            en: format!("Lagging items by section: {}.", en.join(", ")),
        }
    };
    let units: Vec<&GroupRow> = d.by_unit.iter().filter(|u| !u.lagging.is_empty()).collect();
    let units = if units.is_empty() {
        Text {
            zh: "从责任单位看，暂无牵头单位存在滞后事项。".into(),
            en: "No lead unit has a lagging item.".into(),
        }
    } else {
        let list = |sep: &str, f: &dyn Fn(&GroupRow) -> String| {
            units.iter().map(|u| f(u)).collect::<Vec<_>>().join(sep)
        };
        let nos = |u: &GroupRow| {
            u.lagging
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("、")
        };
        Text {
            zh: format!(
                "从责任单位看，{} 个牵头单位有滞后事项：{}。",
                units.len(),
                list("；", &|u| format!("{}（第 {} 项）", u.group, nos(u)))
            ),
            en: format!(
                "Lead units with lagging items ({}): {}.",
                units.len(),
                list("; ", &|u| format!(
                    "{} (item {})",
                    u.group,
                    nos(u).replace('、', ", ")
                ))
            ),
        }
    };
    let districts = district_sentence(&d.by_district);
    let c = &d.completeness_summary;
    // The rate counts the units that report indicator data; items followed by progress reports
    // alone are counted here, so that the two parts of the report do not contradict each other.
    let unreported: Vec<&ItemRow> = d.items.iter().filter(|i| i.status == "未报送").collect();
    let mut leads: Vec<&str> = unreported.iter().map(|i| i.lead_unit.as_str()).collect();
    leads.sort_unstable();
    leads.dedup();
    let (also_zh, also_en) = if unreported.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(
                "以上为报送指标数据的单位；另有 {} 项工作任务截至{}月未收到数据或进展报告，涉及 {} 个牵头单位。",
                unreported.len(),
                d.month,
                leads.len()
            ),
            format!(
                " These are the units reporting indicator data; work items with neither data nor a progress report by {1}: {0} (lead units: {2}).",
                unreported.len(),
                labels::month_en(d.month),
                leads.len()
            ),
        )
    };
    let completeness = Text {
        zh: format!(
            "报送方面，1—{}月应报 {} 次，按时报送 {} 次，迟报 {} 次，未报 {} 次，报送率 {}。{also_zh}",
            d.month,
            c.expected,
            c.received,
            c.late,
            c.missing,
            pct(c.rate)
        ),
        en: format!(
            "Reporting, January–{}: {} unit-months due, {} on time, {} late, {} missing; received {}.{also_en}",
            labels::month_en(d.month),
            c.expected,
            c.received,
            c.late,
            c.missing,
            pct(c.rate)
        ),
    };
    let q = &d.quality;
    let quality = Text {
        zh: format!(
            "数据质量方面，拒收数据行 {} 行，警告 {} 条，数据更正 {} 次。",
            q.rejected_rows, q.warnings, q.revisions
        ),
        en: format!(
            "Data quality: rejected rows {}, warnings {}, revisions {}.",
            q.rejected_rows, q.warnings, q.revisions
        ),
    };
    let goals = (!d.goals.is_empty()).then(|| {
        let zh: Vec<String> = d
            .goal_summary
            .iter()
            .map(|c| {
                format!(
                    "{} {} 项",
                    labels::goal_category(&c.category, Lang::Zh),
                    c.count
                )
            })
            .collect();
        let en: Vec<String> = d
            .goal_summary
            .iter()
            .map(|c| {
                let label = labels::goal_category(&c.category, Lang::En).to_lowercase();
                format!("{label} {}", c.count)
            })
            .collect();
        Text {
            zh: format!(
                "2025 年、2035 年目标评估 {} 项中：{}。",
                d.goals.len(),
                zh.join("，")
            ),
            en: format!(
                "Assessments against the 2025 and 2035 goals ({}): {}.",
                d.goals.len(),
                en.join(", ")
            ),
        }
    });
    Narrative {
        overview,
        indicators,
        sections,
        units,
        districts,
        completeness,
        quality,
        goals,
    }
}

/// The by-district sentence: the best and worst mean completion (`by_district` ranked best
/// first), every district named where several share the figure shown.
fn district_sentence(by_district: &[GroupRow]) -> Text {
    let ranked: Vec<&GroupRow> = by_district
        .iter()
        .filter(|g| g.mean_completion.is_some())
        .collect();
    // Ties read as ties: the districts sharing the top (or bottom) figure as shown are all named.
    let tied = |v: Option<f64>, sep: &str| {
        (ranked.iter())
            .filter(|g| pct(g.mean_completion) == pct(v))
            .map(|g| g.group.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    };
    match (ranked.first(), ranked.last()) {
        (Some(best), Some(worst))
            if ranked.len() > 1 && pct(best.mean_completion) == pct(worst.mean_completion) =>
        {
            Text {
                zh: format!(
                    "分区看（只计有本区目标的指标），{} 个区平均完成率均为 {}。",
                    ranked.len(),
                    pct(best.mean_completion)
                ),
                en: format!(
                    "By district (indicators with a district target only), all {} districts have the same mean completion ({}).",
                    ranked.len(),
                    pct(best.mean_completion)
                ),
            }
        }
        (Some(best), Some(worst)) if ranked.len() > 1 => Text {
            zh: format!(
                "分区看（只计有本区目标的指标），{}平均完成率最高（{}，{} 项），{}最低（{}，{} 项）。",
                tied(best.mean_completion, "、"),
                pct(best.mean_completion),
                best.scored,
                tied(worst.mean_completion, "、"),
                pct(worst.mean_completion),
                worst.scored
            ),
            en: format!(
                "By district (indicators with a district target only), {} has the highest mean completion ({}; n = {}) and {} the lowest ({}; n = {}).",
                tied(best.mean_completion, ", "),
                pct(best.mean_completion),
                best.scored,
                tied(worst.mean_completion, ", "),
                pct(worst.mean_completion),
                worst.scored
            ),
        },
        (Some(only), _) => Text {
            zh: format!(
                "分区看，仅{}有可比数据，平均完成率 {}。",
                only.group,
                pct(only.mean_completion)
            ),
            en: format!(
                "By district, only {} has comparable data (mean completion {}).",
                only.group,
                pct(only.mean_completion)
            ),
        },
        _ => Text {
            zh: "分区看，各区暂无可比数据。".into(),
            en: "No district has comparable data yet.".into(),
        },
    }
}

/// Reads the report format from `--format` or, failing that, the output file's extension.
pub fn resolve_format(flag: Option<&str>, path: Option<&std::path::Path>) -> Result<Format> {
    match (flag, path) {
        (Some(f), _) => Format::parse(f).ok_or_else(|| {
            Error::Usage(format!("未知的报告格式“{f}”（可用: html, docx, xlsx, md, json）"))
        }),
        (None, Some(p)) => Format::from_path(p).ok_or_else(|| {
            Error::Usage(format!(
                "无法从文件名 {} 判断报告格式（扩展名应为 .html .docx .xlsx .md .json），或用 --format 指定",
                p.display()
            ))
        }),
        (None, None) => Ok(Format::Markdown),
    }
}

#[cfg(test)]
mod tests;

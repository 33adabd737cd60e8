//! 督办通知: one notice per responsible unit that leads work items behind schedule or not
//! reported as of a month — its items, the indicators behind with their figures, the months it
//! did not report (or reported late), and the date to reply by. Laid out from the report's own
//! data ([`ReportData`]) as blocks, so Word and HTML print it as they print the report.

use super::doc::{Block, Cell, Row, Table};
use super::labels::{self, month_runs, status_class};
use super::{Lang, ReportData};
use crate::progress::{ItemRow, ProgressRow};

/// Statuses a notice is written for.
const BEHIND: [&str; 3] = ["滞后", "严重滞后", "未报送"];

/// One unit's notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub unit: String,
    /// The unit's items behind schedule or not reported.
    pub items: Vec<u32>,
    pub blocks: Vec<Block>,
}

/// Who signs and by when the units reply (`[notice]` in `dabiao.toml`).
#[derive(Debug, Clone)]
pub struct Sender {
    /// `YYYY-MM-DD`.
    pub reply_by: String,
    pub issuer: String,
    /// The day the notice is dated, `YYYY-MM-DD`.
    pub date: String,
}

/// The notices of every lead unit with items behind (or of `only` that unit), in the order
/// the units first lead an item.
pub fn notices(d: &ReportData, sender: &Sender, only: Option<&str>, lang: Lang) -> Vec<Notice> {
    let mut units: Vec<&str> = Vec::new();
    for i in d
        .items
        .iter()
        .filter(|i| BEHIND.contains(&i.status.as_str()))
    {
        if !units.contains(&i.lead_unit.as_str()) && only.is_none_or(|u| u == i.lead_unit) {
            units.push(&i.lead_unit);
        }
    }
    units
        .into_iter()
        .map(|u| notice(d, u, sender, lang))
        .collect()
}

fn notice(d: &ReportData, unit: &str, sender: &Sender, lang: Lang) -> Notice {
    let items: Vec<&ItemRow> = (d.items.iter())
        .filter(|i| i.lead_unit == unit && BEHIND.contains(&i.status.as_str()))
        .collect();
    let nos: Vec<u32> = items.iter().map(|i| i.item).collect();
    let rows: Vec<&ProgressRow> = (d.rows.iter())
        .filter(|r| r.item.is_some_and(|n| nos.contains(&n)))
        .filter(|r| BEHIND.contains(&r.status.as_str()))
        .collect();
    let zh = lang == Lang::Zh;
    let t = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
    let mut b = vec![
        Block::Title {
            plan: t("督办通知", "Notice of items behind schedule"),
            kind: String::new(),
        },
        Block::Meta(labels::as_of_line(d.year, d.month, d.time_progress, lang)),
        Block::Addressee(format!("{unit}{}", t("：", ":"))),
        Block::P(opening(d, items.len(), sender, lang)),
        Block::H2(t("滞后和未报送的工作任务", "Items behind or not reported")),
        Block::Table(items_table(&items, lang)),
    ];
    if !rows.is_empty() {
        b.push(Block::H2(t("进度落后的指标", "Indicators behind")));
        b.push(Block::Table(indicators_table(&rows, d.time_progress, lang)));
    }
    b.push(Block::H2(t("报送情况", "Reporting")));
    let unreported: Vec<u32> = (items.iter())
        .filter(|i| i.status == "未报送")
        .map(|i| i.item)
        .collect();
    b.push(Block::P(reporting(d, unit, &unreported, lang)));
    b.push(Block::Signature(vec![
        sender.issuer.clone(),
        date_in(&sender.date, lang),
    ]));
    Notice {
        unit: unit.to_string(),
        items: nos,
        blocks: b,
    }
}

fn opening(d: &ReportData, n: usize, sender: &Sender, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "根据《{}》的任务分工，截至{}年{}月，贵单位牵头的 {n} 项工作任务进度落后于序时进度或未报送进展。\
             请对照下列事项和指标抓紧推进，并于{}前将整改措施和进展情况书面报送。",
            d.title,
            d.year,
            d.month,
            date_zh(&sender.reply_by)
        ),
        Lang::En => format!(
            "Under the division of tasks of {}, as of {}-{:02} {n} work item{} led by your unit \
             {} behind schedule or not reported. Please act on the items and indicators below \
             and reply in writing by {}.",
            d.title,
            d.year,
            d.month,
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            sender.reply_by
        ),
    }
}

fn date_in(s: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => date_zh(s),
        Lang::En => s.to_string(),
    }
}

/// `2022-07-20` → `2022年7月20日`.
fn date_zh(s: &str) -> String {
    let p: Vec<u32> = s.split('-').filter_map(|x| x.parse().ok()).collect();
    match p.as_slice() {
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => s.to_string(),
    }
}

fn items_table(items: &[&ItemRow], lang: Lang) -> Table {
    let w = labels::words(lang);
    let mut t = Table {
        kind: "notice_items",
        headers: [w.no, w.item, w.item_status, w.completion]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
        span_cols: Vec::new(),
        widths: vec![8, 62, 15, 15],
    };
    for i in items {
        t.rows.push(Row {
            cells: vec![
                Cell::Int(i.item.into()),
                Cell::Text(i.text.clone()),
                status(&i.status, lang),
                Cell::Pct(i.completion),
            ],
            span: 1,
        });
    }
    t
}

fn indicators_table(rows: &[&ProgressRow], tp: f64, lang: Lang) -> Table {
    let w = labels::words(lang);
    let mut t = Table {
        kind: "notice_indicators",
        headers: [
            w.indicator,
            w.district,
            w.target,
            w.actual,
            w.completion,
            w.time_progress,
            w.gap,
            w.status,
        ]
        .map(String::from)
        .to_vec(),
        rows: Vec::new(),
        span_cols: Vec::new(),
        widths: vec![30, 10, 10, 10, 10, 10, 10, 10],
    };
    for r in rows {
        t.rows.push(Row {
            cells: vec![
                Cell::Text(format!("{} {}", r.indicator, r.name)),
                Cell::Text(r.district.clone()),
                Cell::Num(r.target, r.unit.clone()),
                Cell::Num(r.actual, r.unit.clone()),
                Cell::Pct(r.completion),
                Cell::Pct(Some(tp)),
                Cell::Pp(r.gap_pp),
                status(&r.status, lang),
            ],
            span: 1,
        });
    }
    t
}

fn status(s: &str, lang: Lang) -> Cell {
    Cell::Status {
        class: status_class(s),
        label: labels::status(s, lang),
    }
}

/// The months the unit did not report, or reported late, up to the as-of month; for a unit with
/// no monthly figures to report, the items of which nothing was received.
fn reporting(d: &ReportData, unit: &str, unreported: &[u32], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    if !d.completeness.iter().any(|c| c.unit == unit) {
        let nos: Vec<String> = unreported.iter().map(u32::to_string).collect();
        return match (nos.is_empty(), zh) {
            (true, true) => "贵单位没有按月报送的指标数据。".into(),
            (true, false) => "Your unit has no monthly figures to report.".into(),
            (false, true) => format!(
                "贵单位没有按月报送的指标数据；第 {} 项截至{}年{}月未收到进展报告，请报送。",
                nos.join("、"),
                d.year,
                d.month
            ),
            (false, false) => format!(
                "Your unit has no monthly figures to report; no progress report was received for item {} by {}-{:02}.",
                nos.join(", "),
                d.year,
                d.month
            ),
        };
    }
    let months = |status: &str| -> Vec<String> {
        (d.completeness.iter())
            .filter(|c| c.unit == unit && c.status == status)
            .map(|c| c.period.clone())
            .collect()
    };
    let (missing, late) = (months("missing"), months("late"));
    let mut parts = Vec::new();
    if !missing.is_empty() {
        let m = month_runs(&missing, lang);
        parts.push(if zh {
            format!("{m}未报送")
        } else {
            format!("not reported: {m}")
        });
    }
    if !late.is_empty() {
        let m = month_runs(&late, lang);
        parts.push(if zh {
            format!("{m}迟报")
        } else {
            format!("late: {m}")
        });
    }
    match (parts.is_empty(), zh) {
        (true, true) => "各月均按时报送。".into(),
        (true, false) => "Every month was reported on time.".into(),
        (false, true) => format!("{}年：{}。请按时报送。", d.year, parts.join("；")),
        (false, false) => format!("{}: {}. Please report on time.", d.year, parts.join("; ")),
    }
}

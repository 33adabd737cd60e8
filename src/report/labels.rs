//! Words and number formats shared by the exporters: the same figure reads the same in HTML,
//! xlsx and Markdown. Formatting only; nothing here computes a figure.

use super::Lang;

/// A fraction as a percentage with one decimal (`0.6` → `60.0%`); `—` when absent.
pub fn pct(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{:.1}%", v * 100.0),
        _ => "—".into(),
    }
}

/// A schedule gap in percentage points with its sign (`+10.0`); `—` when absent.
pub fn pp(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{v:+.1}"),
        _ => "—".into(),
    }
}

/// A measured value as people write it: no trailing zeros, at most four decimals.
pub fn num(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => {
            crate::ingest::cell::format_number((v * 1e4).round() / 1e4 + 0.0)
        }
        _ => "—".into(),
    }
}

/// A derived figure (a projection) rounded for people: whole numbers for counts (个, 项 …) and
/// for anything of 100 or more (32 598.2332 元 → 32 598), one decimal from 10 (85.46 % → 85.5),
/// two below (2.3456 倍 → 2.35). Exact values stay in JSON.
pub fn round_estimate(v: f64, unit: &str) -> f64 {
    let decimals = match v.abs() {
        _ if crate::catalog::measure::counts_whole(unit) => 0,
        a if a >= 100.0 => 0,
        a if a >= 10.0 => 1,
        _ => 2,
    };
    let f = 10f64.powi(decimals);
    (v * f).round() / f + 0.0
}

/// A value with its unit of measure (`50 公里`, `85%`).
pub fn with_unit(v: Option<f64>, unit: &str) -> String {
    match v {
        Some(_) if unit == "%" || unit == "‰" => format!("{}{unit}", num(v)),
        Some(_) if !unit.is_empty() => format!("{} {unit}", num(v)),
        _ => num(v),
    }
}

/// An RFC 3339 time as people read it (`2022-07-05T09:30:00+00:00` → `2022-07-05 09:30`);
/// other text as it is, `—` when absent.
pub fn when(s: Option<&str>) -> String {
    match s {
        None | Some("") => "—".into(),
        Some(s) => match (s.get(..10), s.get(10..11), s.get(11..16)) {
            (Some(d), Some("T"), Some(t)) => format!("{d} {t}"),
            _ => s.to_string(),
        },
    }
}

/// The date part of an RFC 3339 time (`2022-07-10T23:59:59+00:00` → `2022-07-10`).
pub fn date(s: &str) -> String {
    match s.get(..10) {
        Some(d) if s.as_bytes().get(10) == Some(&b'T') => d.to_string(),
        _ => s.to_string(),
    }
}

pub fn month_en(m: u32) -> &'static str {
    const M: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    M[(m.clamp(1, 12) - 1) as usize]
}

/// A status as shown (`滞后` / `Behind`).
pub fn status(s: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        return s.to_string();
    }
    match s {
        "已完成" => "Done",
        "超序时" => "Ahead",
        "正常" => "On track",
        "滞后" => "Behind",
        "严重滞后" => "Severely behind",
        "未报送" => "Not reported",
        "无目标" => "No target",
        other => other,
    }
    .to_string()
}

/// The traffic-light class of a status: `done`, `ahead`, `ok`, `behind`, `severe`, `none`, `na`.
pub fn status_class(s: &str) -> &'static str {
    match s {
        "已完成" => "done",
        "超序时" => "ahead",
        "正常" => "ok",
        "滞后" => "behind",
        "严重滞后" => "severe",
        "未报送" => "none",
        _ => "na",
    }
}

/// Fill and text colours of each traffic-light class, shared by HTML and xlsx.
pub fn class_colors(class: &str) -> (&'static str, &'static str) {
    match class {
        "done" => ("#C6EFCE", "#006100"),
        "ahead" => ("#D9EAD3", "#1E5631"),
        "ok" => ("#DDEBF7", "#1F4E79"),
        "behind" => ("#FFEB9C", "#7F6000"),
        "severe" => ("#FFC7CE", "#9C0006"),
        "none" => ("#E7E6E6", "#404040"),
        _ => ("#F2F2F2", "#595959"),
    }
}

/// Every status, best first, as the progress rules name them.
pub const STATUSES: [&str; 7] = crate::progress::rollup::STATUSES;

/// A chart's caption: `图1 各指标完成率` / `Figure 1 Completion by indicator`.
pub fn figure(no: usize, title: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("图{no} {title}"),
        Lang::En => format!("Figure {no} {title}"),
    }
}

/// Reporting status of a unit-month.
pub fn report_status(s: &str, lang: Lang) -> String {
    match (s, lang) {
        ("received", Lang::Zh) => "按时",
        ("late", Lang::Zh) => "迟报",
        ("missing", Lang::Zh) => "未报",
        ("received", Lang::En) => "On time",
        ("late", Lang::En) => "Late",
        ("missing", Lang::En) => "Missing",
        (other, _) => other,
    }
    .to_string()
}

/// A goal assessment category (`target_not_set` → `目标未设定`).
pub fn goal_category(c: &str, lang: Lang) -> String {
    let (zh, en) = match c {
        "target_achieved" => ("已达到目标", "Target achieved"),
        "on_track" => ("进展顺利", "On track"),
        "moderate" => ("进展一般", "Moderate progress"),
        "insufficient" => ("进展不足", "Insufficient progress"),
        "moving_away" => ("偏离目标", "Moving away"),
        "no_data" => ("暂无数据", "No data"),
        "target_not_set" => ("目标未设定", "Target not set"),
        "acceleration_needed" => ("需加快", "Acceleration needed"),
        "stagnation" => ("停滞或倒退", "Stagnation or regression"),
        "" => ("—", "—"),
        other => (other, other),
    };
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The traffic-light class of a goal category.
pub fn goal_class(c: &str) -> &'static str {
    match c {
        "target_achieved" => "done",
        "on_track" => "ahead",
        "moderate" => "behind",
        "insufficient" | "moving_away" => "severe",
        "no_data" => "none",
        _ => "na",
    }
}

/// Fixed words of the documents: headings, column names.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub report: &'static str,
    pub bulletin: &'static str,
    pub as_of: &'static str,
    pub time_progress: &'static str,
    pub headline: &'static str,
    pub summary: &'static str,
    pub sections: &'static str,
    pub lagging: &'static str,
    pub districts: &'static str,
    pub units: &'static str,
    pub completeness: &'static str,
    pub month_gaps: &'static str,
    pub quality: &'static str,
    pub goals: &'static str,
    pub charts: &'static str,
    pub sources: &'static str,
    pub data: &'static str,
    pub appendix_table: &'static str,
    // Headline tiles.
    pub items: &'static str,
    pub done: &'static str,
    pub on_schedule: &'static str,
    pub behind_all: &'static str,
    pub not_reported: &'static str,
    pub no_target: &'static str,
    // Columns.
    pub no: &'static str,
    pub item: &'static str,
    pub lead_unit: &'static str,
    pub item_status: &'static str,
    pub indicator: &'static str,
    pub measure_unit: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub completion: &'static str,
    pub gap: &'static str,
    pub status: &'static str,
    pub note: &'static str,
    pub rank: &'static str,
    pub district: &'static str,
    pub unit: &'static str,
    pub mean_completion: &'static str,
    pub lagging_items: &'static str,
    pub ahead: &'static str,
    pub on_track: &'static str,
    pub behind: &'static str,
    pub severely_behind: &'static str,
    pub expected: &'static str,
    pub received: &'static str,
    pub late: &'static str,
    pub missing: &'static str,
    pub rate: &'static str,
    pub periods_late: &'static str,
    pub periods_missing: &'static str,
    pub period: &'static str,
    pub received_at: &'static str,
    pub due: &'static str,
    pub file: &'static str,
    pub sheet: &'static str,
    pub cell: &'static str,
    pub severity: &'static str,
    pub message: &'static str,
    pub rejected_rows: &'static str,
    pub warnings: &'static str,
    pub revisions: &'static str,
    pub shown_of: &'static str,
    pub goal_indicator: &'static str,
    pub baseline: &'static str,
    pub goal_target: &'static str,
    pub latest: &'static str,
    pub required_rate: &'static str,
    pub actual_rate: &'static str,
    pub category: &'static str,
    pub projected: &'static str,
    pub submission: &'static str,
    pub reporting_unit: &'static str,
    pub accepted: &'static str,
    pub rejected: &'static str,
    pub none: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub task_status: &'static str,
    pub city: &'static str,
    pub generated_by: &'static str,
}

pub const ZH: Words = Words {
    report: "年度目标任务完成情况报告",
    bulletin: "月度进展通报",
    as_of: "截至",
    time_progress: "序时进度",
    headline: "总体情况",
    summary: "摘要",
    sections: "分领域完成情况",
    lagging: "滞后事项",
    districts: "各区完成情况排名",
    units: "责任单位落实情况",
    completeness: "数据报送情况",
    month_gaps: "本月迟报、未报单位",
    quality: "数据质量说明",
    goals: "2025 年、2035 年目标评估",
    charts: "图表",
    sources: "附录：数据来源",
    data: "数据",
    appendix_table: "附件：各指标完成情况",
    items: "工作任务",
    done: "已完成",
    on_schedule: "进度正常",
    behind_all: "落后序时",
    not_reported: "未报送",
    no_target: "无量化目标",
    no: "序号",
    item: "工作任务",
    lead_unit: "牵头单位",
    item_status: "事项状态",
    indicator: "指标",
    measure_unit: "计量单位",
    target: "目标",
    actual: "完成",
    completion: "完成率",
    gap: "差距（百分点）",
    status: "状态",
    note: "说明",
    rank: "名次",
    district: "区",
    unit: "单位",
    mean_completion: "平均完成率",
    lagging_items: "滞后事项序号",
    ahead: "超序时",
    on_track: "正常",
    behind: "滞后",
    severely_behind: "严重滞后",
    expected: "应报",
    received: "按时",
    late: "迟报",
    missing: "未报",
    rate: "报送率",
    periods_late: "迟报月份",
    periods_missing: "未报月份",
    period: "报告期",
    received_at: "收到时间",
    due: "截止时间",
    file: "文件",
    sheet: "工作表",
    cell: "单元格",
    severity: "级别",
    message: "问题",
    rejected_rows: "拒收行数",
    warnings: "警告",
    revisions: "更正次数",
    shown_of: "列出前 {shown} 条，共 {total} 条",
    goal_indicator: "指标",
    baseline: "基线",
    goal_target: "目标",
    latest: "最新值",
    required_rate: "所需年均变化",
    actual_rate: "实际年均变化",
    category: "评估",
    projected: "目标年预测值",
    submission: "报送编号",
    reporting_unit: "报送单位",
    accepted: "接收行",
    rejected: "拒收行",
    none: "无",
    error: "错误",
    warning: "警告",
    task_status: "（按进展报告）",
    city: "全市",
    generated_by: "由 dabiao 生成",
};

pub const EN: Words = Words {
    report: "Annual Target Achievement Report",
    bulletin: "Monthly Progress Bulletin",
    as_of: "As of",
    time_progress: "Time elapsed",
    headline: "Overview",
    summary: "Summary",
    sections: "Progress by section",
    lagging: "Lagging items",
    districts: "District ranking",
    units: "Responsible units",
    completeness: "Reporting completeness",
    month_gaps: "Late or missing units",
    quality: "Data quality",
    goals: "2025 / 2035 goal assessment",
    charts: "Charts",
    sources: "Appendix: sources",
    data: "Data",
    appendix_table: "Annex: every indicator",
    items: "Work items",
    done: "Done",
    on_schedule: "On schedule",
    behind_all: "Behind schedule",
    not_reported: "Not reported",
    no_target: "No target",
    no: "No.",
    item: "Work item",
    lead_unit: "Lead unit",
    item_status: "Item status",
    indicator: "Indicator",
    measure_unit: "Unit of measure",
    target: "Target",
    actual: "Actual",
    completion: "Completion",
    gap: "Gap (pp)",
    status: "Status",
    note: "Note",
    rank: "Rank",
    district: "District",
    unit: "Unit",
    mean_completion: "Mean completion",
    lagging_items: "Lagging items",
    ahead: "Ahead",
    on_track: "On track",
    behind: "Behind",
    severely_behind: "Severely behind",
    expected: "Due",
    received: "On time",
    late: "Late",
    missing: "Missing",
    rate: "Received",
    periods_late: "Late months",
    periods_missing: "Missing months",
    period: "Period",
    received_at: "Received",
    due: "Due",
    file: "File",
    sheet: "Sheet",
    cell: "Cell",
    severity: "Severity",
    message: "Problem",
    rejected_rows: "Rejected rows",
    warnings: "Warnings",
    revisions: "Revisions",
    shown_of: "first {shown} of {total} shown",
    goal_indicator: "Indicator",
    baseline: "Baseline",
    goal_target: "Target",
    latest: "Latest",
    required_rate: "Required rate",
    actual_rate: "Actual rate",
    category: "Assessment",
    projected: "Projected",
    submission: "Submission",
    reporting_unit: "Reporting unit",
    accepted: "Accepted",
    rejected: "Rejected",
    none: "None",
    error: "Error",
    warning: "Warning",
    task_status: "(task status)",
    city: "City",
    generated_by: "Generated by dabiao",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// `列出前 50 条，共 120 条`.
pub fn shown_of(lang: Lang, shown: usize, total: u64) -> String {
    words(lang)
        .shown_of
        .replace("{shown}", &shown.to_string())
        .replace("{total}", &total.to_string())
}

/// The kind of document: `年度目标任务完成情况报告` or `月度进展通报`.
pub fn doc_kind(layout: super::Layout, lang: Lang) -> &'static str {
    let w = words(lang);
    match layout {
        super::Layout::Report => w.report,
        super::Layout::Bulletin => w.bulletin,
    }
}

/// The as-of line: `截至 2022年6月 · 序时进度 50.0%`.
pub fn as_of_line(year: i32, month: u32, tp: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("截至 {year}年{month}月 · 序时进度 {}", pct(Some(tp))),
        Lang::En => format!(
            "As of {} {year} · time elapsed {}",
            month_en(month),
            pct(Some(tp))
        ),
    }
}

/// A goal rate: compound rates as a percentage a year, linear ones as a change a year in the
/// indicator's unit (percentage points for `%`).
pub fn rate(v: Option<f64>, path: &str, unit: &str, lang: Lang) -> String {
    let Some(x) = v else {
        return "—".into();
    };
    let signed = |s: String| if x > 0.0 { format!("+{s}") } else { s };
    match (path, unit, lang) {
        ("growth", _, Lang::Zh) => format!("{}/年", signed(pct(v))),
        ("growth", _, Lang::En) => format!("{}/yr", signed(pct(v))),
        (_, "%", Lang::Zh) => format!("{} 个百分点/年", signed(num(v))),
        (_, "%", Lang::En) => format!("{} pp/yr", signed(num(v))),
        (_, u, Lang::Zh) => format!("{} {u}/年", signed(num(v))),
        (_, u, Lang::En) => format!("{} {u}/yr", signed(num(v))),
    }
}

/// Months of one year as runs (`2022-01 2022-02 2022-03 2022-05` → `1—3月、5月`, or
/// `Jan–Mar, May`); periods of other shapes are listed as they are.
pub fn month_runs(periods: &[String], lang: Lang) -> String {
    let months: Option<Vec<u32>> = periods
        .iter()
        .map(|p| p.get(5..7).and_then(|m| m.parse().ok()))
        .collect();
    let same_year = periods.windows(2).all(|w| w[0].get(..4) == w[1].get(..4));
    let Some(months) = months.filter(|_| same_year) else {
        return periods.join("、");
    };
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for m in months {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == m => *end = m,
            _ => runs.push((m, m)),
        }
    }
    let name = |m: u32| month_en(m).get(..3).unwrap_or_default().to_string();
    let parts: Vec<String> = runs
        .into_iter()
        .map(|(a, b)| match (lang, a == b) {
            (Lang::Zh, true) => format!("{a}月"),
            (Lang::Zh, false) => format!("{a}—{b}月"),
            (Lang::En, true) => name(a),
            (Lang::En, false) => format!("{}–{}", name(a), name(b)),
        })
        .collect();
    parts.join(if lang == Lang::Zh { "、" } else { ", " })
}

/// The indicator name in the language asked for, when the catalog has it.
pub fn indicator_name<'a>(zh: &'a str, en: Option<&'a str>, lang: Lang) -> &'a str {
    match (lang, en) {
        (Lang::En, Some(en)) => en,
        _ => zh,
    }
}

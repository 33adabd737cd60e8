//! Finding the header row and what each column means. Headers match Chinese or English aliases
//! ignoring spaces, full-width forms, line breaks and a trailing unit in brackets (`本月完成（公里）`).

use super::cell::Cell;
use super::period::{parse_text, Period};
use super::workbook::Grid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One row per indicator × district × period (the template's own).
    Long,
    /// One row per indicator, a column per month.
    Wide,
    /// One row per work item with its status (督办 style).
    Task,
    /// A bureau's 统计表: a row per district, a column (or a 本月 | 累计 pair) per indicator.
    Matrix,
    /// A row per indicator, a column (or a 本月 | 累计 pair) per district.
    IndicatorRows,
    /// A row per month, a column per indicator (one district per sheet, or a 区域 column).
    MonthRows,
}

impl Layout {
    pub fn zh(self) -> &'static str {
        match self {
            Layout::Long => "长表",
            Layout::Wide => "按月宽表",
            Layout::Task => "任务进展表",
            Layout::Matrix => "区域×指标表",
            Layout::IndicatorRows => "指标×区域表",
            Layout::MonthRows => "月份×指标表",
        }
    }

    /// The layouts `dabiao template` writes; the others are only read.
    pub fn has_template(self) -> bool {
        matches!(self, Layout::Long | Layout::Wide | Layout::Task)
    }

    pub fn parse(s: &str) -> Option<Layout> {
        match s {
            "long" | "长表" => Some(Layout::Long),
            "wide" | "宽表" => Some(Layout::Wide),
            "task" | "status" | "任务" => Some(Layout::Task),
            "matrix" | "区域×指标" => Some(Layout::Matrix),
            "indicator-rows" | "indicator_rows" | "指标×区域" => Some(Layout::IndicatorRows),
            "month-rows" | "month_rows" | "月份×指标" => Some(Layout::MonthRows),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Code,
    Name,
    Unit,
    District,
    Period,
    Monthly,
    Cumulative,
    Target,
    Note,
    ItemNo,
    Status,
    Percent,
    Progress,
    Issues,
    NextSteps,
    Total,
}

const ALIASES: &[(Role, &[&str])] = &[
    (
        Role::Code,
        &[
            "指标编码",
            "指标代码",
            "编码",
            "代码",
            "指标编号",
            "code",
            "indicatorcode",
            "indicator_code",
        ],
    ),
    (
        Role::Name,
        &[
            "指标名称",
            "指标",
            "名称",
            "指标名",
            "name",
            "indicator",
            "indicatorname",
            "indicator_name",
        ],
    ),
    (Role::Unit, &["计量单位", "单位", "unit"]),
    (
        Role::District,
        &[
            "区域",
            "地区",
            "区",
            "所属区",
            "行政区",
            "区县",
            // `县（市、区）` once its brackets are dropped.
            "县",
            "县区",
            "县市区",
            "区县市",
            "辖区",
            "district",
            "region",
            "area",
        ],
    ),
    (
        Role::Period,
        &[
            "报告期",
            "统计期",
            "期别",
            "月份",
            "报送期",
            "时间",
            "period",
            "month",
        ],
    ),
    (
        Role::Monthly,
        &[
            "本月完成",
            "本月",
            "当月完成",
            "当月",
            "本月值",
            "本期完成",
            "本月完成值",
            "monthly",
            "thismonth",
            "value",
        ],
    ),
    (
        Role::Cumulative,
        &[
            "累计完成",
            "累计",
            "本年累计",
            "累计值",
            "年度累计",
            "累计完成值",
            "1-本月累计",
            "cumulative",
            "ytd",
        ],
    ),
    (Role::Target, &["年度目标", "目标", "目标值", "target"]),
    (
        Role::Note,
        &["备注", "说明", "note", "notes", "remarks", "remark"],
    ),
    (
        Role::ItemNo,
        &[
            "序号",
            "任务编号",
            "编号",
            "项目编号",
            "工作要点序号",
            "item",
            "no",
        ],
    ),
    (
        Role::Status,
        &["进展状态", "状态", "完成状态", "进度状态", "status"],
    ),
    (
        Role::Percent,
        &[
            "完成进度",
            "进度",
            "完成比例",
            "完成率",
            "完成百分比",
            "percent",
            "progress%",
        ],
    ),
    (
        Role::Progress,
        &["进展情况", "工作进展", "进展", "推进情况", "progress"],
    ),
    (
        Role::Issues,
        &["存在问题", "问题", "困难问题", "issues", "problems"],
    ),
    (
        Role::NextSteps,
        &[
            "下步计划",
            "下一步计划",
            "下步工作",
            "下一步工作计划",
            "nextsteps",
            "plan",
        ],
    ),
    (Role::Total, &["合计", "全年合计", "小计", "total"]),
];

/// A header text without bracketed trailers: `本月完成（公里）` → `本月完成`.
pub(crate) fn strip_brackets(s: &str) -> String {
    outside_brackets(s).collect()
}

/// The characters of `s` outside any brackets (the brackets dropped too).
fn outside_brackets(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut depth = 0;
    s.chars().filter(move |&c| match c {
        '(' | '（' | '[' | '【' => {
            depth += 1;
            false
        }
        ')' | '）' | ']' | '】' => {
            depth = (depth - 1).max(0);
            false
        }
        _ => depth == 0,
    })
}

pub fn role_of(text: &str) -> Option<Role> {
    role_of_key(&header_key(text))
}

/// A header text as compared: bracketed trailers, spaces, width and case removed (one pass:
/// every text cell of the first rows of every sheet goes through here).
pub(super) fn header_key(text: &str) -> String {
    crate::text::normalize_chars(outside_brackets(text))
}

pub(super) fn role_of_key(key: &str) -> Option<Role> {
    if key.is_empty() {
        return None;
    }
    ALIASES
        .iter()
        .find(|(_, aliases)| aliases.contains(&key))
        .map(|(r, _)| *r)
        .or_else(|| role_by_words(key))
}

/// Headers people write around the aliases: `1-6月累计完成`, `本月完成数`, `全年目标任务`,
/// `区域名称`. Rates and shares (`累计完成率`, `完成比例`) are not values and stay unmatched.
fn role_by_words(key: &str) -> Option<Role> {
    const WORDS: &[(Role, &[&str])] = &[
        (Role::Code, &["指标编码", "指标代码"]),
        (Role::Name, &["指标名称"]),
        (Role::Cumulative, &["累计"]),
        (Role::Monthly, &["本月", "当月"]),
        (Role::Target, &["目标"]),
        (Role::District, &["区域", "地区"]),
        (Role::Unit, &["计量单位"]),
        (Role::Note, &["备注"]),
        (Role::Status, &["进展状态"]),
        (Role::Progress, &["进展情况"]),
        (Role::Issues, &["存在问题"]),
        (Role::NextSteps, &["下步"]),
    ];
    if ["率", "%", "比例", "比重", "占比"]
        .iter()
        .any(|w| key.contains(w))
    {
        return (key.contains("完成进度")).then_some(Role::Percent);
    }
    if is_year_to_date(key) && !key.contains("目标") && !key.contains("计划") {
        return Some(Role::Cumulative);
    }
    WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| key.contains(w)))
        .map(|(r, _)| *r)
}

/// The months so far, i.e. a cumulative figure: `1-6月完成`, `1至6月`, `一至六月`, `1月—6月`,
/// `2022年1-6月`, `年初至今`, `今年以来完成`, `本年完成`.
pub(super) fn is_year_to_date(key: &str) -> bool {
    const WORDS: &[&str] = &[
        "年初至",
        "年初以来",
        "自年初",
        "今年以来",
        "本年以来",
        "截至本月",
        "截止本月",
        "本年完成",
        "本年度完成",
        "本年实际",
    ];
    WORDS.iter().any(|w| key.contains(w)) || is_month_span(key)
}

/// `1-6月`, `1至6月`, `一至六月`, `1月-6月`, `2022年1-6月`: from January to a month.
fn is_month_span(key: &str) -> bool {
    let key = match key.split_once('年') {
        Some((year, rest)) if year.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => key,
    };
    let Some(rest) = key.strip_prefix('1').or_else(|| key.strip_prefix('一')) else {
        return false;
    };
    let rest = rest.strip_prefix('月').unwrap_or(rest);
    let Some(rest) = rest.strip_prefix(['-', '—', '–', '~', '至', '到']) else {
        return false;
    };
    rest.split_once('月').is_some_and(|(end, _)| {
        !end.is_empty()
            && end
                .chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    })
}

/// A month column header: `6月`, `六月`, `2022年6月`, `Jun`, `6月份`.
pub fn month_of(text: &str, year: Option<i32>) -> Option<u32> {
    month_of_key(&header_key(text), year)
}

pub(super) fn month_of_key(key: &str, year: Option<i32>) -> Option<u32> {
    const ZH: [&str; 12] = [
        "一月",
        "二月",
        "三月",
        "四月",
        "五月",
        "六月",
        "七月",
        "八月",
        "九月",
        "十月",
        "十一月",
        "十二月",
    ];
    const EN: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = key.strip_suffix('份').unwrap_or(key);
    if let Some(i) = ZH.iter().position(|m| *m == month) {
        return Some(i as u32 + 1);
    }
    if let Some(i) = EN.iter().position(|m| key.starts_with(m) && key.len() <= 9) {
        return Some(i as u32 + 1);
    }
    if !key.contains('月') && !key.contains('-') {
        return None;
    }
    // `1-6月`, `1至6月`, `3-5月` are spans, not month columns.
    if is_month_span(key)
        || (key.trim_end_matches("月").contains(['-', '—', '~'])
            && key.contains('月')
            && !key.contains('年'))
    {
        return None;
    }
    parse_text(key, year.or(Some(2000))).map(|p: Period| p.month)
}

/// The header row and the column of each role.
#[derive(Debug, Clone)]
pub struct Header {
    pub row: usize,
    pub layout: Layout,
    pub columns: Vec<(Role, usize)>,
    /// Month columns of a wide sheet: (month, column).
    pub months: Vec<(u32, usize)>,
    /// Wide sheets whose month columns hold cumulative values.
    pub cumulative_months: bool,
}

impl Header {
    pub fn col(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| *c)
    }
}

/// The roles found in a row, and its month columns, each with their column.
type RowRoles = (Vec<(Role, usize)>, Vec<(u32, usize)>);

fn classify_row(cells: &[Cell], year: Option<i32>) -> RowRoles {
    let mut roles: Vec<(Role, usize)> = Vec::new();
    let mut months = Vec::new();
    for (c, cell) in cells.iter().enumerate() {
        let t = match cell {
            Cell::Text(t) => t,
            // A month header typed as a date (2022-01-01 shown as 1月).
            Cell::Date(_, m, _) => {
                months.push((*m, c));
                continue;
            }
            _ => continue,
        };
        let key = header_key(t);
        if let Some(m) = month_of_key(&key, year) {
            months.push((m, c));
        } else if let Some(r) = role_of_key(&key) {
            if !roles.iter().any(|(x, _)| *x == r) {
                roles.push((r, c));
            }
        }
    }
    (roles, months)
}

/// `roles` completed by the roles of the row above (not a header by itself) in other columns.
fn with_row_above(mut roles: Vec<(Role, usize)>, upper: Vec<(Role, usize)>) -> Vec<(Role, usize)> {
    for (role, c) in upper {
        if !roles.iter().any(|(x, col)| *x == role || *col == c) {
            roles.push((role, c));
        }
    }
    roles
}

fn layout_of(roles: &[(Role, usize)], months: &[(u32, usize)]) -> Option<Layout> {
    let has = |r: Role| roles.iter().any(|(x, _)| *x == r);
    let id = has(Role::Code) || has(Role::Name);
    if id && months.len() >= 3 {
        Some(Layout::Wide)
    } else if id && (has(Role::Monthly) || has(Role::Cumulative)) {
        Some(Layout::Long)
    } else if has(Role::ItemNo) && (has(Role::Status) || has(Role::Percent)) {
        Some(Layout::Task)
    } else {
        None
    }
}

/// In a sheet without a header: a row naming indicators whose value column says neither 本月
/// nor 累计 (`完成值`, `完成数`, `实际完成`), as (row, column), for a message saying which to write.
pub fn ambiguous_value_column(grid: &Grid) -> Option<(usize, usize)> {
    grid.rows
        .iter()
        .enumerate()
        .take(50)
        .find_map(|(r, cells)| {
            let (roles, _) = classify_row(cells, None);
            if !roles
                .iter()
                .any(|(x, _)| matches!(x, Role::Code | Role::Name))
            {
                return None;
            }
            let c = cells.iter().position(|cell| {
                let Cell::Text(t) = cell else { return false };
                role_of(t).is_none() && is_value_word(t)
            })?;
            Some((r, c))
        })
}

/// A header naming a value without saying which (`完成值`, `完成数`, `实际完成`, `数值`).
pub fn is_value_word(text: &str) -> bool {
    let key = header_key(text);
    ["完成", "实绩", "实际", "数值", "数据"]
        .iter()
        .any(|w| key.contains(w))
}

/// Rows looked at after the best header so far before the search stops: a better header comes
/// right below a title or another header row, not after the data has begun.
const SETTLE_ROWS: usize = 10;

/// Looks for the header in the first 50 rows (the best-scoring row, searched until
/// [`SETTLE_ROWS`] rows bring nothing better); `forced` restricts it to one layout.
pub fn find_header(grid: &Grid, year: Option<i32>, forced: Option<Layout>) -> Option<Header> {
    find_header_in(grid, 0, 50, year, forced)
}

/// As [`find_header`], over the `limit` rows from `from` (a later block of the sheet). A blank
/// row after the best header so far ends the search: what follows is another block.
pub fn find_header_in(
    grid: &Grid,
    from: usize,
    limit: usize,
    year: Option<i32>,
    forced: Option<Layout>,
) -> Option<Header> {
    let mut best: Option<(usize, Header)> = None;
    // The roles of the row above, when it is not a header by itself (the upper half of one?).
    let mut above: Option<Vec<(Role, usize)>> = None;
    for (r, cells) in grid.rows.iter().enumerate().skip(from).take(limit) {
        if best.as_ref().is_some_and(|(_, h)| {
            r > h.row + SETTLE_ROWS || (r > h.row + 1 && cells.iter().all(Cell::is_blank))
        }) {
            break;
        }
        let (mut roles, months) = classify_row(cells, year);
        let mut layout = layout_of(&roles, &months);
        let upper = std::mem::replace(&mut above, layout.is_none().then(|| roles.clone()));
        if let Some(upper) = upper.filter(|_| layout.is_none() && !roles.is_empty()) {
            // A header over two rows: `指标名称 区域 完成情况` above `本月 累计`.
            roles = with_row_above(roles, upper);
            layout = layout_of(&roles, &months);
        }
        let Some(layout) = layout else {
            continue;
        };
        if forced.is_some_and(|f| f != layout) {
            continue;
        }
        if layout == Layout::Task {
            // 序号 in a long or wide sheet is a row counter, not an item number: only task sheets keep it.
        } else {
            roles.retain(|(r, _)| !matches!(r, Role::ItemNo | Role::Status | Role::Percent));
        }
        let score = roles.len() + months.len();
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            let text: String = cells.iter().map(Cell::text).collect();
            let cumulative_months = layout == Layout::Wide
                && text.contains("累计")
                && !roles.iter().any(|(r, _)| *r == Role::Cumulative);
            let mut months = months;
            months.sort();
            months.dedup_by_key(|(m, _)| *m);
            best = Some((
                score,
                Header {
                    row: r,
                    layout,
                    columns: roles,
                    months,
                    cumulative_months,
                },
            ));
        }
    }
    best.map(|(_, h)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn aliases_ignore_dress() {
        assert_eq!(role_of(" 指标\n编码 "), Some(Role::Code));
        assert_eq!(role_of("本月完成（公里）"), Some(Role::Monthly));
        assert_eq!(role_of("ＣＵＭＵＬＡＴＩＶＥ"), Some(Role::Cumulative));
        assert_eq!(role_of("完成进度(%)"), Some(Role::Percent));
        assert_eq!(role_of("随便"), None);
        assert_eq!(role_of("1-6月累计完成"), Some(Role::Cumulative));
        for ytd in [
            "1-6月完成",
            "1至6月",
            "一至六月完成",
            "1月—6月",
            "2022年1-6月",
            "年初至今完成",
            "今年以来",
            "本年完成（公里）",
        ] {
            assert_eq!(role_of(ytd), Some(Role::Cumulative), "{ytd}");
        }
        for not_ytd in ["1-6月目标", "2-6月", "10-12月", "1-6", "完成值", "本年目标"] {
            assert_ne!(role_of(not_ytd), Some(Role::Cumulative), "{not_ytd}");
        }
        assert_eq!(month_of("1至6月", Some(2022)), None);
        assert_eq!(role_of("本月完成数"), Some(Role::Monthly));
        assert_eq!(role_of("全年目标任务"), Some(Role::Target));
        assert_eq!(role_of("区域名称"), Some(Role::District));
        assert_eq!(role_of("累计完成率"), None);
        assert_eq!(role_of("完成比例"), Some(Role::Percent));
        assert_eq!(role_of("占全年比重"), None);
    }

    #[test]
    fn months() {
        assert_eq!(month_of("6月", None), Some(6));
        assert_eq!(month_of("十二月", None), Some(12));
        assert_eq!(month_of("2022年3月", None), Some(3));
        assert_eq!(month_of("1-6月", None), None);
        assert_eq!(month_of("Jun", None), Some(6));
        assert_eq!(month_of("区域", None), None);
    }

    #[test]
    fn header_found_below_title_rows() {
        let grid = Grid {
            name: "6月".into(),
            hidden: false,
            origin: (0, 0),
            hidden_cols: Vec::new(),
            rows: vec![
                vec![t("2022年6月 指标填报表")],
                vec![
                    t("填报单位：市交通运输局"),
                    Cell::Empty,
                    t("报告期：2022年6月"),
                ],
                vec![
                    t("指标编码"),
                    t("指标名称"),
                    t("计量单位"),
                    t("区域"),
                    t("报告期"),
                    t("本月完成"),
                    t("累计完成"),
                    t("备注"),
                ],
            ],
        };
        let h = find_header(&grid, None, None).unwrap();
        assert_eq!((h.row, h.layout), (2, Layout::Long));
        assert_eq!(h.col(Role::Cumulative), Some(6));
    }

    /// The best header wins if it comes within ten rows of the one before; once data has run
    /// for ten rows the search stops (a table further down is not the header).
    #[test]
    fn search_settles_ten_rows_after_the_best_header() {
        let short = vec![t("指标编码"), t("本月完成")];
        let full = vec![t("指标编码"), t("区域"), t("本月完成"), t("累计完成")];
        let data = vec![t("T17-01"), Cell::Number(5.0)];
        let grid = |gap: usize| Grid {
            name: "s".into(),
            hidden: false,
            origin: (0, 0),
            hidden_cols: Vec::new(),
            rows: std::iter::once(short.clone())
                .chain(std::iter::repeat_n(data.clone(), gap))
                .chain([full.clone()])
                .collect(),
        };
        assert_eq!(find_header(&grid(9), None, None).unwrap().row, 10);
        assert_eq!(find_header(&grid(10), None, None).unwrap().row, 0);
    }
}

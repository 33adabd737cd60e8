//! What a table for people says: each column key's heading in Chinese and English, and how its
//! cells read — fractions as percentages with one decimal (`0.6` → `60.0%`), gaps as signed
//! percentage points (`+10.0`), status and category codes as words, times without their offset.
//! One dictionary for every command, so `completion` reads 完成率 wherever it appears. CSV, JSON
//! and Parquet never come here: their keys and values are the contract.

use serde_json::Value;

use crate::report::{labels, Lang};

/// How the cells of a column read in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As the value is (numbers to four decimals).
    Plain,
    /// A fraction as a percentage with one decimal: `0.6` → `60.0%`.
    Percent,
    /// Percentage points with their sign: `10` → `+10.0`.
    Points,
    /// A code or status as words ([`word`]).
    Words,
    /// An RFC 3339 time as local time without its offset: `2022-07-05 09:30`.
    Time,
    /// The date of an RFC 3339 time: `2022-07-10`.
    Date,
    /// A file path: the name kept whole, the folder shortened ([`short_path`]).
    File,
}

/// A column of a table for people: its key in the records, heading and style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub style: Style,
}

impl Column {
    pub fn header(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// A heading for one table only (`unit` is 计量单位 in progress, 责任单位 in completeness):
/// `(key, zh, en)`, looked up before the shared [`COLUMNS`].
pub type Rename = (&'static str, &'static str, &'static str);

const fn c(key: &'static str, zh: &'static str, en: &'static str, style: Style) -> Column {
    Column { key, zh, en, style }
}

use Style::{Date, File, Percent, Plain, Points, Time, Words};

/// Every column key the commands print, with its heading and style.
pub const COLUMNS: &[Column] = &[
    // Progress rows.
    c("indicator", "指标编码", "Code", Plain),
    c("name", "名称", "Name", Plain),
    c("item", "工作要点", "Item", Plain),
    c("section", "部分", "Section", Plain),
    c("unit", "单位", "Unit", Plain),
    c("kind", "类型", "Kind", Words),
    c("direction", "方向", "Direction", Words),
    c("aggregation", "汇总方式", "Aggregation", Words),
    c("district", "区域", "District", Plain),
    c("year", "年度", "Year", Plain),
    c("as_of", "截至", "As of", Plain),
    c("target", "目标", "Target", Plain),
    c("actual", "实际", "Actual", Plain),
    c("completion", "完成率", "Completion", Percent),
    c("time_progress", "序时进度", "Time elapsed", Percent),
    c("gap_pp", "较序时(百分点)", "Gap (pp)", Points),
    c("status", "状态", "Status", Words),
    c("projection", "预计全年", "Projection", Plain),
    c("yoy", "同比", "YoY", Percent),
    c("mom", "环比", "MoM", Percent),
    c("months_reported", "报送月数", "Months", Plain),
    c("last_period", "最近报告期", "Last period", Plain),
    c("actual_period", "实际数月份", "Actual from", Plain),
    c("reporting_unit", "填报单位", "Reporting unit", Plain),
    c("note", "说明", "Note", Plain),
    // Work items and their roll-ups.
    c("no", "序号", "No.", Plain),
    c("text", "工作要点内容", "Work item", Plain),
    c("lead_unit", "牵头单位", "Lead unit", Plain),
    c("units", "责任单位", "Units", Plain),
    c("districts", "区域", "Districts", Plain),
    c("indicators", "指标", "Indicators", Plain),
    c("basis", "依据", "Basis", Plain),
    c("worst_indicator", "最滞后指标", "Worst indicator", Plain),
    c("group", "分组", "Group", Plain),
    c("items", "事项数", "Items", Plain),
    c("done", "已完成", "Done", Plain),
    c("ahead", "超序时", "Ahead", Plain),
    c("on_track", "正常", "On track", Plain),
    c("behind", "滞后", "Behind", Plain),
    c("severely_behind", "严重滞后", "Severely behind", Plain),
    c("not_reported", "未报送", "Not reported", Plain),
    c("no_target", "无目标", "No target", Plain),
    c("lagging", "滞后事项", "Lagging items", Plain),
    c("mean_completion", "平均完成率", "Mean completion", Percent),
    c("scored", "参评事项", "Scored", Plain),
    // Goals.
    c("path", "路径", "Path", Words),
    c("baseline_year", "基线年份", "Baseline year", Plain),
    c("baseline", "基线值", "Baseline", Plain),
    c("target_year", "目标年份", "Target year", Plain),
    c("latest_year", "最新年份", "Latest year", Plain),
    c("latest", "最新值", "Latest", Plain),
    c("required_rate", "所需年均速度", "Required rate", Plain),
    c("actual_rate", "实际年均速度", "Actual rate", Plain),
    c("ratio", "实际/所需", "Actual/required", Percent),
    c("category", "评估", "Assessment", Words),
    c("projected", "目标年预测值", "Projected", Plain),
    c("projected_ratio", "预测/目标", "Projected/target", Percent),
    c("unsd_category", "预测评估", "Projection", Words),
    // Submissions, files and problems.
    c("id", "编号", "ID", Plain),
    c("file", "文件", "File", File),
    c("period", "报告期", "Period", Plain),
    c("received_at", "收到时间", "Received", Time),
    c("due", "截止日期", "Due", Date),
    c("sheets", "工作表", "Sheets", Plain),
    c("rows", "数据行", "Rows", Plain),
    c("accepted", "接受", "Accepted", Plain),
    c("rejected", "拒绝", "Rejected", Plain),
    c("no_data", "无数据", "No data", Plain),
    c("errors", "错误", "Errors", Plain),
    c("warnings", "警告", "Warnings", Plain),
    c("message", "说明", "Message", Plain),
    c("supersedes", "更正了", "Supersedes", Plain),
    c("seq", "入库序号", "Seq", Plain),
    c("sheet", "工作表", "Sheet", Plain),
    c("cell", "单元格", "Cell", Plain),
    c("severity", "级别", "Severity", Words),
    c("code", "问题代码", "Code", Plain),
    c("raw", "原值", "Raw", Plain),
    c("value", "本月值", "Value", Plain),
    c("cumulative", "累计值", "Cumulative", Plain),
    c("submission", "提交编号", "Submission", Plain),
    c("current", "当前采用", "Current", Words),
];

/// Codes and statuses as words: `(value, zh, en)`. Progress statuses are stored in Chinese.
const WORDS: &[(&str, &str, &str)] = &[
    ("已完成", "已完成", "Done"),
    ("超序时", "超序时", "Ahead"),
    ("正常", "正常", "On track"),
    ("滞后", "滞后", "Behind"),
    ("严重滞后", "严重滞后", "Severely behind"),
    ("未报送", "未报送", "Not reported"),
    ("无目标", "无目标", "No target"),
    ("received", "按时", "On time"),
    ("late", "迟报", "Late"),
    ("missing", "未报", "Missing"),
    ("current", "有效", "Current"),
    ("retracted", "已撤回", "Retracted"),
    ("error", "错误", "Error"),
    ("warning", "警告", "Warning"),
    ("true", "是", "yes"),
    ("false", "", ""),
    ("flow", "流量（本月新增）", "Flow"),
    ("stock", "存量（期末数）", "Stock"),
    ("milestone", "节点（是否完成）", "Milestone"),
    ("ratio", "比率", "Ratio"),
    ("higher", "越高越好", "Higher is better"),
    ("lower", "越低越好", "Lower is better"),
    ("sum", "求和", "Sum"),
    ("mean", "平均", "Mean"),
    ("weighted_mean", "加权平均", "Weighted mean"),
    ("min", "最小值", "Minimum"),
    ("max", "最大值", "Maximum"),
    ("city_only", "仅全市", "City only"),
    ("growth", "按增速", "Growth"),
    ("linear", "按增量", "Linear"),
];

/// A code or status as a reader's word; an unknown one as it is.
pub fn word(value: &str, lang: Lang) -> String {
    if let Some(&(_, zh, en)) = WORDS.iter().find(|(v, _, _)| *v == value) {
        return match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
        .to_string();
    }
    labels::goal_category(value, lang)
}

/// The column a key is printed as: a table's own rename, else the shared dictionary, else the
/// key itself as it is.
pub fn column(key: &str, renames: &[Rename]) -> Column {
    let base = COLUMNS.iter().find(|c| c.key == key).copied();
    let style = base.map_or(Plain, |c| c.style);
    match renames.iter().find(|(k, _, _)| *k == key) {
        Some(&(key, zh, en)) => Column { key, zh, en, style },
        None => base.unwrap_or(Column {
            key: "",
            zh: "",
            en: "",
            style: Plain,
        }),
    }
}

/// A cell as its column's style reads (`None` for a cell left to the plain rendering).
pub fn styled(style: Style, v: &Value, lang: Lang) -> Option<String> {
    let number = || v.as_f64().filter(|f| f.is_finite());
    let text = || v.as_str().filter(|s| !s.is_empty());
    match style {
        Plain => None,
        Percent => Some(number().map_or(String::new(), |f| labels::pct(Some(f)))),
        Points => Some(number().map_or(String::new(), |f| labels::pp(Some(f)))),
        Words => match v {
            Value::String(s) => Some(word(s, lang)),
            Value::Bool(b) => Some(word(&b.to_string(), lang)),
            _ => None,
        },
        Time => Some(text().map_or(String::new(), |s| labels::when(Some(s)))),
        Date => Some(text().map_or(String::new(), labels::date)),
        File => text().map(|s| short_path(s, std::env::current_dir().ok().as_deref())),
    }
}

/// A file as a reader tells it apart: the path relative to `cwd` when it is under it, and when
/// that is still long, the folders cut from the left (`…/2022-06/202205_市交通运输局_更正.xlsx`) —
/// never the name, whose unit and `_更正` are what differ between files.
pub fn short_path(path: &str, cwd: Option<&std::path::Path>) -> String {
    const FOLDERS: usize = 24;
    let p = std::path::Path::new(path);
    let rel = cwd
        .filter(|_| p.is_absolute())
        .and_then(|c| p.strip_prefix(c).ok())
        .map_or_else(|| path.to_string(), |r| r.display().to_string());
    let Some((dir, name)) = rel.rsplit_once('/') else {
        return rel;
    };
    if crate::text::display_width(dir) <= FOLDERS {
        return rel;
    }
    // The last folders that fit, whole.
    let mut kept = String::new();
    for part in dir.rsplit('/') {
        let next = if kept.is_empty() {
            part.to_string()
        } else {
            format!("{part}/{kept}")
        };
        if crate::text::display_width(&next) > FOLDERS {
            break;
        }
        kept = next;
    }
    if kept.is_empty() {
        format!("…/{name}")
    } else {
        format!("…/{kept}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fractions_read_as_percentages_and_gaps_carry_their_sign() {
        let pct = |v| styled(Percent, &v, Lang::Zh).unwrap();
        assert_eq!(pct(json!(0.6)), "60.0%");
        assert_eq!(pct(json!(1.0512)), "105.1%");
        assert_eq!(pct(json!(null)), "");
        let pp = |v| styled(Points, &v, Lang::Zh).unwrap();
        assert_eq!(pp(json!(10)), "+10.0");
        assert_eq!(pp(json!(-3.26)), "-3.3");
        assert_eq!(pp(json!(0)), "+0.0");
    }

    #[test]
    fn statuses_and_codes_read_as_words_in_either_language() {
        let w = |v, lang| styled(Words, &json!(v), lang).unwrap();
        assert_eq!(w("late", Lang::Zh), "迟报");
        assert_eq!(w("late", Lang::En), "Late");
        assert_eq!(w("滞后", Lang::Zh), "滞后");
        assert_eq!(w("滞后", Lang::En), "Behind");
        assert_eq!(w("target_not_set", Lang::Zh), "目标未设定");
        assert_eq!(w("retracted", Lang::Zh), "已撤回");
        assert_eq!(w("something_new", Lang::Zh), "something_new");
    }

    #[test]
    fn times_read_without_their_offset() {
        let t = styled(Time, &json!("2022-07-05T09:30:00+08:00"), Lang::Zh);
        assert_eq!(t.unwrap(), "2022-07-05 09:30");
        let d = styled(Date, &json!("2022-07-10T23:59:59+08:00"), Lang::Zh);
        assert_eq!(d.unwrap(), "2022-07-10");
    }

    #[test]
    fn a_file_keeps_its_name_and_loses_folders_from_the_left() {
        let cwd = std::path::Path::new("/home/tj/2022");
        assert_eq!(
            short_path("/home/tj/2022/报送/202205_市交通运输局.xlsx", Some(cwd)),
            "报送/202205_市交通运输局.xlsx"
        );
        assert_eq!(
            short_path(
                "/data/shared/统计科/城乡融合/2022/2022-05/202205_市交通运输局_更正.xlsx",
                Some(cwd)
            ),
            "…/城乡融合/2022/2022-05/202205_市交通运输局_更正.xlsx"
        );
        let long_folder = "/一个非常非常非常长的文件夹名字啊/a.xlsx";
        assert_eq!(short_path(long_folder, None), "…/a.xlsx");
        assert_eq!(short_path("a.xlsx", Some(cwd)), "a.xlsx");
    }

    #[test]
    fn a_rename_changes_the_heading_not_the_style() {
        let c = column("unit", &[("unit", "责任单位", "Unit")]);
        assert_eq!((c.zh, c.style), ("责任单位", Plain));
        assert_eq!(column("completion", &[]).header(Lang::En), "Completion");
        assert_eq!(column("nope", &[]).zh, "");
    }
}

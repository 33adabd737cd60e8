//! Task tables pasted as text: a Word or web table saved as .txt has its cells separated by tabs
//! or `|`. A header row naming a unit column (牵头单位, 责任单位 …) makes the lines under it
//! table rows. Each row's text cells become lines of their own (`(一)…`, `1.…`), and its unit
//! cells the units clause of the last of them, so the rest of the extractor reads a table as it
//! reads prose.
//!
//! Cells are told apart by what they hold, not by their position: web and Word conversions drop
//! the cells of merged columns, so a row often has fewer cells than its header. Unit cells take
//! the header's unit roles in order (the first unit cell is the first unit column's).

use super::scan::Span;
use super::structure::{heading_kind, marker};
use super::units::{role_heading, starts_with_role};

/// Lines of the text as the structure parser reads them, each with its 0-based line number in
/// the text (a table row gives several).
pub fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut table: Option<Header> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        // Once a header is seen, every line with its separator is a row (section rows such as
        // `一、优化审批` may come without one).
        if let Some(h) = table.as_ref().filter(|h| line.contains(h.sep)) {
            out.extend(h.row(line).into_iter().map(|l| (i, l)));
            i += 1;
            continue;
        }
        if let Some(h) = Header::parse(line) {
            table = Some(h);
            i += 1;
            continue;
        }
        if let Some((h, next)) = Header::flattened(&lines, i) {
            i = flattened_rows(&h, &lines, next, &mut out);
            continue;
        }
        out.push((i, line.to_string()));
        i += 1;
    }
    out
}

/// A bare row number (`3`, `1*`): the first cell of a flattened table row.
fn is_serial(line: &str) -> bool {
    let t = line.trim().trim_end_matches('*');
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// The rows of a flattened table from line `from`: a bare row number starts a row, the lines up
/// to the next one are its cells (merged or empty cells are simply missing); a numbered line
/// between rows (`（一）…`) passes through. The table ends at a line that is neither, after a
/// blank line. Returns the line after the table.
fn flattened_rows(
    h: &Header,
    lines: &[&str],
    from: usize,
    out: &mut Vec<(usize, String)>,
) -> usize {
    let mut row: Vec<&str> = Vec::new();
    let mut start = from;
    let flush = |row: &mut Vec<&str>, start: usize, out: &mut Vec<(usize, String)>| {
        if !row.is_empty() {
            out.extend(h.row(&row.join("\t")).into_iter().map(|l| (start, l)));
            row.clear();
        }
    };
    let mut i = from;
    while i < lines.len() {
        let t = lines[i].trim();
        if t.is_empty() {
            i += 1;
            continue;
        }
        if is_serial(t) {
            flush(&mut row, start, out);
            start = i;
            row.push(t.trim_end_matches('*'));
        } else if marker(&Span::new(t)).is_some() && !looks_like_units(t) {
            flush(&mut row, start, out);
            out.push((i, t.to_string()));
        } else if !row.is_empty() && heading_kind(&Span::new(t)).is_none() {
            row.push(t);
        } else {
            break;
        }
        i += 1;
    }
    flush(&mut row, start, out);
    i
}

struct Header {
    sep: char,
    /// The unit columns' role keywords, in order.
    roles: Vec<&'static str>,
}

impl Header {
    fn parse(line: &str) -> Option<Header> {
        let sep = ['\t', '|']
            .into_iter()
            .max_by_key(|s| line.matches(*s).count())?;
        let cells: Vec<&str> = cells(line, sep).collect();
        let roles: Vec<&'static str> = cells.iter().filter_map(|c| role_heading(c)).collect();
        (cells.len() >= 3 && !roles.is_empty()).then_some(Header { sep, roles })
    }

    /// A header flattened to one cell a line (`序号` / `重点工作任务` / `责任单位`, as a web table
    /// copied without its grid gives): with the line after it.
    fn flattened(lines: &[&str], from: usize) -> Option<(Header, usize)> {
        if lines[from].trim() != "序号" {
            return None;
        }
        let mut roles = Vec::new();
        let mut i = from + 1;
        let mut cells = 1;
        while i < lines.len() && cells < 8 {
            let t = lines[i].trim();
            if t.is_empty() {
                i += 1;
                continue;
            }
            let long = t.chars().count() > 30 || t.ends_with(['。', '；', ';']);
            if long || is_serial(t) || marker(&Span::new(t)).is_some() {
                break;
            }
            roles.extend(role_heading(t));
            cells += 1;
            i += 1;
        }
        (cells >= 3 && !roles.is_empty()).then_some((Header { sep: '\t', roles }, i))
    }

    fn row(&self, line: &str) -> Vec<String> {
        let (mut texts, mut units): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        // A 序号 cell (`3`) numbers the row's task when the task has no number of its own.
        let serial = cells(line, self.sep)
            .next()
            .filter(|c| c.len() <= 3 && c.chars().all(|d| d.is_ascii_digit()));
        // The units belong to the last text before them: a cell after them is a remark
        // (`省牵头单位：省农业农村厅`).
        let mut owner: Option<usize> = None;
        for c in cells(line, self.sep) {
            if looks_like_units(c) {
                units.push(c.to_string());
                owner = owner.or(texts.len().checked_sub(1));
            } else if !is_aside(c) {
                texts.push(c.to_string());
            }
        }
        if let (Some(n), Some(first)) = (serial, texts.first_mut()) {
            if marker(&Span::new(first)).is_none() {
                *first = format!("{n}.{first}");
            }
        }
        let clause: Vec<String> = (self.roles.iter().zip(&units))
            .map(|(role, u)| format!("{role}：{u}"))
            .collect();
        if !clause.is_empty() {
            let clause = format!("（{}）", clause.join("；"));
            let at = owner.or(texts.len().checked_sub(1));
            match at.and_then(|k| texts.get_mut(k)) {
                Some(t) => t.push_str(&clause),
                None => texts.insert(0, clause),
            }
        }
        texts
    }
}

/// A row's non-empty cells, trimmed.
fn cells(line: &str, sep: char) -> impl Iterator<Item = &str> {
    line.split(sep).map(str::trim).filter(|c| !c.is_empty())
}

/// A list of bodies and places (`市行政审批局、市司法局`, `各区县政府`): every name ends as a
/// body or a place does, and there is no sentence.
pub fn looks_like_units(cell: &str) -> bool {
    const ENDS: &[&str] = &[
        "局",
        "委",
        "办",
        "部",
        "院",
        "厅",
        "中心",
        "公司",
        "集团",
        "政府",
        "管委会",
        "区",
        "县",
        "市",
        "单位",
        "部门",
        "街道",
        "乡镇",
        "镇",
        "办公室",
        "会",
        "社",
        "队",
        "站",
        "所",
        "行",
    ];
    /// Task texts start so (`建设智慧园区` ends as a place does).
    const VERBS: &[&str] = &[
        "建设", "推进", "加强", "完善", "实施", "开展", "打造", "提升", "落实", "深化", "推动",
        "加快", "强化", "健全", "优化", "支持", "组织", "做好", "创建", "培育", "新建", "改造",
    ];
    let span = Span::new(cell);
    if cell.contains('。')
        || cell.chars().count() > 150
        || starts_with_role(&span)
        || marker(&span).is_some()
        || VERBS.iter().any(|v| cell.starts_with(v))
    {
        return false;
    }
    let names: Vec<String> = cell
        .split(['、', ',', '，', ';', '；', ' ', '/'])
        .map(|n| {
            n.split(['(', '（'])
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .filter(|n| !n.is_empty())
        .collect();
    !names.is_empty() && names.iter().all(|n| ENDS.iter().any(|e| n.ends_with(e)))
}

/// A cell that is neither an item's text nor its units: a row number, a deadline
/// (`2022年11月底前`, `长期坚持`) or a remark column's `—`.
fn is_aside(cell: &str) -> bool {
    let n = cell.chars().count();
    let deadline = n <= 20
        && (["长期", "持续", "常态", "年底前", "月底前", "前完成"]
            .iter()
            .any(|k| cell.contains(k))
            || (cell.contains('年') && cell.chars().take(4).all(|c| c.is_ascii_digit())));
    deadline
        || cell
            .chars()
            .all(|c| c.is_ascii_digit() || "-—.、".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_become_items_with_their_units() {
        let text = "标题\n序号\t工作任务\t具体措施\t牵头单位\t责任单位\t完成时限\n一、优化审批\n1\t(一)实施清单管理。\t1.编制并公布行政许可事项清单。\t市行政审批局\t市司法局、各区县政府\t2022年11月底前\n2\t\t2.清理变相许可。\t市司法局\t\t长期坚持\n保障措施\n";
        let lines: Vec<(usize, String)> = logical_lines(text);
        assert_eq!(
            lines,
            [
                (0, "标题".into()),
                (2, "一、优化审批".into()),
                (3, "(一)实施清单管理。".into()),
                (
                    3,
                    "1.编制并公布行政许可事项清单。（牵头单位：市行政审批局；责任单位：市司法局、各区县政府）"
                        .into()
                ),
                (4, "2.清理变相许可。（牵头单位：市司法局）".into()),
                (5, "保障措施".into()),
            ]
        );
    }

    fn texts(text: &str) -> Vec<String> {
        logical_lines(text).into_iter().map(|l| l.1).collect()
    }

    #[test]
    fn units_before_the_task_and_a_serial_number() {
        let text = "标题\n序号\t牵头单位\t配合单位\t工作任务\t完成时限\n一、产业发展\n1\t县发改局\t县财政局\t引进亿元以上项目10个。\t2024年12月底前\n2\t县农业农村局\t\t新建高标准农田2万亩。\t2024年10月底前\n";
        assert_eq!(
            texts(text),
            [
                "标题",
                "一、产业发展",
                "1.引进亿元以上项目10个。（牵头单位：县发改局；配合单位：县财政局）",
                "2.新建高标准农田2万亩。（牵头单位：县农业农村局）",
            ]
        );
    }

    #[test]
    fn a_table_flattened_to_a_cell_a_line() {
        let text = "标题\n\n序号\n\n牵头单位\n\n重点工作任务\n\n完成时限\n\n（一）产业发展\n\n1\n\n市发改委、市财政局\n\n引进亿元以上项目10个。\n\n2024年底前\n\n2\n\n新建高标准农田2万亩。\n\n保障措施\n";
        assert_eq!(
            texts(text),
            [
                "标题",
                "",
                "（一）产业发展",
                "1.引进亿元以上项目10个。（牵头单位：市发改委、市财政局）",
                "2.新建高标准农田2万亩。",
                "保障措施",
            ]
        );
    }

    #[test]
    fn prose_with_a_stray_bar_is_not_a_table() {
        let text = "甲|乙\n1.建设。（责任单位：市局）\n";
        assert_eq!(logical_lines(text).len(), 2);
        assert!(!looks_like_units("完善机制。"));
        assert!(looks_like_units("市行政审批局、市司法局,各区县政府"));
        assert!(!looks_like_units("建设智慧园区") && !looks_like_units("(三)华容区"));
        assert!(is_aside("2022年11月底前") && is_aside("3") && !is_aside("1.编制清单"));
    }
}

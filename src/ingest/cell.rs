//! Cell values as senders write them: numbers, numbers stored as text, full-width digits,
//! thousands separators, `85%`, a value with its unit (`50公里`), and the many spellings of
//! "nothing to report" (`—`, `-`, `/`, `无`, blank), which are missing and never zero.

use crate::text::fold_width;

/// A cell as read from any workbook or CSV, before interpretation.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// A date cell, already converted to (year, month, day).
    Date(i32, u32, u32),
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never computed and saved.
    FormulaNoValue(String),
}

impl Cell {
    /// The cell as a person would read it, for messages and the `raw` column.
    pub fn raw(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(n) => format_number(*n),
            Cell::Text(s) => s.clone(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Cell::Error(e) => e.clone(),
            Cell::FormulaNoValue(f) => format!("={f}"),
        }
    }

    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.trim().to_string(),
            Cell::Empty => String::new(),
            _ => self.raw().trim().to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Shortest decimal that reads back as the same f64 (`8.36`, not `8.359999999999999`).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// What a value cell holds once interpreted.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Missing,
    /// A number with the unit written beside it, if any (`%` for `85%`).
    Number {
        value: f64,
        unit: Option<String>,
    },
    /// A number with a remark in brackets after it (`3（含续建）`): the number counts, the remark
    /// belongs in 备注 and is said so.
    Noted {
        value: f64,
        note: String,
    },
    /// Not usable, with the reason in Chinese.
    Invalid(String),
}

const MISSING: &[&str] = &[
    "—", "–", "-", "--", "——", "/", "\\", "无", "空", "暂无", "n/a", "na", "null", "…", "...", "－",
];

pub fn is_missing_text(s: &str) -> bool {
    let t = fold_width(s).trim().to_lowercase();
    t.is_empty() || MISSING.contains(&t.as_str())
}

/// Interprets a value cell.
pub fn parse_value(cell: &Cell) -> Value {
    match cell {
        Cell::Empty => Value::Missing,
        Cell::Number(n) if n.is_finite() => Value::Number {
            value: *n,
            unit: None,
        },
        Cell::Number(_) => Value::Invalid("数值溢出".into()),
        Cell::Bool(_) => Value::Invalid("是逻辑值（TRUE/FALSE），不是数字".into()),
        Cell::Date(..) => Value::Invalid("是日期，不是数字（单元格格式可能被设为日期）".into()),
        Cell::Error(e) => Value::Invalid(format!("单元格是错误值 {e}，请检查公式")),
        Cell::FormulaNoValue(_) => {
            Value::Invalid("公式没有保存计算结果，请在 Excel/WPS 中打开并保存后再报送".into())
        }
        Cell::Text(s) => parse_text_value(s),
    }
}

/// `3(含续建)` (width-folded): a plain number, then in brackets a unit (`3(公里)`) or a remark —
/// words a remark begins with or holds (含, 其中, 预计 …); anything else is left to be refused as
/// an unknown unit (`3(斤)`).
fn with_remark(t: &str) -> Option<Value> {
    const REMARK: &[&str] = &[
        "含", "其中", "预计", "约", "已", "待", "截至", "截止", "包括", "暂", "正在", "未", "估",
    ];
    let (num, note) = crate::text::bracketed_tail(t)?;
    let value = parse_number(num.trim())?;
    let note = note.trim();
    let unit = note.to_lowercase();
    if crate::catalog::measure::is_spelling(&unit) {
        return Some(Value::Number {
            value,
            unit: Some(unit),
        });
    }
    REMARK
        .iter()
        .any(|w| note.contains(w))
        .then(|| Value::Noted {
            value,
            note: note.to_string(),
        })
}

fn parse_text_value(s: &str) -> Value {
    if is_missing_text(s) {
        return Value::Missing;
    }
    let folded = fold_width(s);
    let t = folded.trim();
    if let Some(v) = parse_number(t) {
        return Value::Number {
            value: v,
            unit: None,
        };
    }
    // A trailing unit: `85%`, `50公里`, `3 km`, `1.2万元`.
    for unit in crate::catalog::measure::spellings() {
        let lower = t.to_lowercase();
        if let Some(num) = lower.strip_suffix(unit) {
            if let Some(v) = parse_number(num.trim()) {
                return Value::Number {
                    value: v,
                    unit: Some(unit.to_string()),
                };
            }
        }
    }
    if let Some(noted) = with_remark(t) {
        return noted;
    }
    if let Some((num, unit)) = split_unknown_unit(t) {
        return Value::Invalid(format!("无法识别的单位“{unit}”（数值 {num}）"));
    }
    Value::Invalid(format!("“{}”不是数字", s.trim()))
}

/// `12abc` → ("12", "abc") when a number is followed by text that is not a known unit.
fn split_unknown_unit(t: &str) -> Option<(String, String)> {
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+')))
        .map(|(i, _)| i)?;
    let (num, unit) = t.split_at(end);
    parse_number(num).map(|_| (num.to_string(), unit.trim().to_string()))
}

/// A plain number in text: full-width digits, thousands separators (`1,234.5`, `1，234`), a
/// leading `+`, and a trailing `万` (×10 000). Returns `None` for anything else.
pub fn parse_number(s: &str) -> Option<f64> {
    let folded = fold_width(s);
    let mut t = folded.trim().replace(['\u{a0}', ' '], "");
    let mut scale = 1.0;
    if let Some(rest) = t.strip_suffix('万') {
        t = rest.to_string();
        scale = 1e4;
    }
    if t.contains(',') || t.contains('，') {
        if !thousands_ok(&t) {
            return None;
        }
        t = t.replace([',', '，'], "");
    }
    let t = t.strip_prefix('+').unwrap_or(&t);
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E'))
    {
        return None;
    }
    if t.chars().filter(|c| *c == '-').count() > 1
        || (t.contains('-') && !t.starts_with('-') && !t.to_lowercase().contains("e-"))
    {
        return None;
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v * scale)
}

/// Separators must sit every three digits in the integer part (`1,234`, not `1,2,3`).
fn thousands_ok(t: &str) -> bool {
    let int_part = t.split('.').next().unwrap_or("");
    let int_part = int_part.trim_start_matches(['-', '+']);
    let groups: Vec<&str> = int_part.split([',', '，']).collect();
    groups.len() > 1
        && !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
}

/// A milestone cell: `已完成`/`完成`/`是`/`√`/1 → 1; `未完成`/`否`/`推进中`/0 → 0.
pub fn parse_milestone(cell: &Cell) -> Value {
    if let Cell::Text(s) = cell {
        let t = fold_width(s).trim().to_string();
        if [
            "已完成",
            "完成",
            "是",
            "√",
            "✓",
            "✔",
            "达成",
            "已达成",
            "done",
            "yes",
            "y",
        ]
        .contains(&t.to_lowercase().as_str())
        {
            return Value::Number {
                value: 1.0,
                unit: None,
            };
        }
        if ["未完成", "否", "×", "未启动", "推进中", "进行中", "no", "n"]
            .contains(&t.to_lowercase().as_str())
        {
            return Value::Number {
                value: 0.0,
                unit: None,
            };
        }
    }
    parse_value(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64, unit: Option<&str>) -> Value {
        Value::Number {
            value: v,
            unit: unit.map(str::to_string),
        }
    }

    #[test]
    fn numbers_in_every_dress() {
        assert_eq!(parse_value(&Cell::Number(12.5)), num(12.5, None));
        assert_eq!(parse_value(&Cell::Text("12.5".into())), num(12.5, None));
        assert_eq!(parse_value(&Cell::Text("１２．５".into())), num(12.5, None));
        assert_eq!(
            parse_value(&Cell::Text("1,234.5".into())),
            num(1234.5, None)
        );
        assert_eq!(parse_value(&Cell::Text("1，234".into())), num(1234.0, None));
        assert_eq!(parse_value(&Cell::Text("85%".into())), num(85.0, Some("%")));
        assert_eq!(
            parse_value(&Cell::Text("85％".into())),
            num(85.0, Some("%"))
        );
        assert_eq!(
            parse_value(&Cell::Text("50公里".into())),
            num(50.0, Some("公里"))
        );
        assert_eq!(
            parse_value(&Cell::Text("3 KM".into())),
            num(3.0, Some("km"))
        );
        assert_eq!(
            parse_value(&Cell::Text("1.2万元".into())),
            num(1.2, Some("万元"))
        );
        assert_eq!(parse_value(&Cell::Text(" 7 ".into())), num(7.0, None));
    }

    #[test]
    fn missing_is_never_zero() {
        for s in ["", "  ", "—", "-", "/", "无", "－", "N/A"] {
            assert_eq!(parse_value(&Cell::Text(s.into())), Value::Missing, "{s:?}");
        }
        assert_eq!(parse_value(&Cell::Empty), Value::Missing);
    }

    #[test]
    fn rejects_with_reasons() {
        assert!(matches!(
            parse_value(&Cell::Text("约十公里".into())),
            Value::Invalid(_)
        ));
        assert!(matches!(
            parse_value(&Cell::Text("1,2,3".into())),
            Value::Invalid(_)
        ));
        assert!(
            matches!(parse_value(&Cell::Text("12斤".into())), Value::Invalid(m) if m.contains("斤"))
        );
        assert!(
            matches!(parse_value(&Cell::Error("#DIV/0!".into())), Value::Invalid(m) if m.contains("#DIV/0!"))
        );
        assert!(matches!(
            parse_value(&Cell::FormulaNoValue("SUM(A1)".into())),
            Value::Invalid(_)
        ));
        assert_eq!(parse_number("1-2"), None);
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("1e3"), Some(1000.0));
    }

    // The long literal is deliberate: it is the same f64 as 8.36, spelled as a naive printer would.
    #[allow(clippy::excessive_precision)]
    #[test]
    fn shortest_round_trip_formatting() {
        assert_eq!(format_number(8.359999999999999), "8.36");
        assert_eq!(format_number(50.0), "50");
    }
}

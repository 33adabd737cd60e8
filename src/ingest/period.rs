//! Reporting periods: a year and month. Read from date cells, Excel serial numbers and the text
//! forms statistical offices use (`2022年6月`, `2022-06`, `2022.6`, `202206`, `2022年1-6月`, and
//! `6月` with the year taken from the sheet's metadata).

use std::fmt;

use super::cell::Cell;
use crate::text::fold_width;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year))
            .then_some(Period { year, month })
    }

    /// `YYYY-MM`.
    pub fn parse_iso(s: &str) -> Option<Period> {
        parse_text(s, None)
    }

    /// The month that follows, for due dates.
    pub fn next(self) -> Period {
        if self.month == 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn zh(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Converts an Excel serial day number (1900 date system) to (year, month, day).
pub fn excel_serial_to_ymd(serial: f64) -> Option<(i32, u32, u32)> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel counts the non-existent 1900-02-29; day 60 and later are off by one.
    let days = serial.floor() as i64;
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let date = if days < 60 {
        base + chrono::Duration::days(days + 1)
    } else {
        base + chrono::Duration::days(days)
    };
    use chrono::Datelike;
    Some((date.year(), date.month(), date.day()))
}

/// A period from a cell. `default_year` completes `6月`.
pub fn parse_cell(cell: &Cell, default_year: Option<i32>) -> Option<Period> {
    match cell {
        Cell::Date(y, m, _) => Period::new(*y, *m),
        Cell::Number(n) if n.fract() == 0.0 && (190001.0..=220012.0).contains(n) => {
            let n = *n as i64;
            Period::new((n / 100) as i32, (n % 100) as u32)
        }
        // A plausible serial date: 1954-10-18 .. 2119-01-04.
        Cell::Number(n) if (20000.0..80000.0).contains(n) => {
            excel_serial_to_ymd(*n).and_then(|(y, m, _)| Period::new(y, m))
        }
        Cell::Number(n) if n.fract() == 0.0 && (1.0..=12.0).contains(n) => {
            default_year.and_then(|y| Period::new(y, *n as u32))
        }
        Cell::Number(n) if (1900.0..2200.0).contains(n) => dotted_number(*n),
        Cell::Text(s) => parse_text(s, default_year),
        _ => None,
    }
}

/// `2022.6` typed into a cell becomes the number 2022.6: 2022.2–2022.9 and 2022.01–2022.12
/// read as months. 2022.1 is refused: it is also what Excel makes of `2022.10`.
fn dotted_number(n: f64) -> Option<Period> {
    let hundredths = (n * 100.0).round();
    if (n * 100.0 - hundredths).abs() > 1e-6 {
        return None;
    }
    let (year, part) = ((hundredths / 100.0).trunc() as i32, hundredths as i64 % 100);
    let month = match part {
        10 => return None,
        20..=90 if part % 10 == 0 => part / 10,
        1..=12 => part,
        _ => return None,
    };
    Period::new(year, month as u32)
}

fn digits(s: &str) -> Option<i64> {
    (!s.is_empty() && s.len() <= 9 && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())?
}

/// Text periods. `2022年1-6月` and `2022年1—6月` (a cumulative span) give the span's last month.
pub fn parse_text(s: &str, default_year: Option<i32>) -> Option<Period> {
    let t: String = fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t
        .trim_end_matches("份")
        .trim_end_matches("末")
        .trim_end_matches("底");
    if let Some(n) = digits(t) {
        return match t.len() {
            6 => Period::new((n / 100) as i32, (n % 100) as u32),
            8 => Period::new((n / 10000) as i32, ((n / 100) % 100) as u32),
            1 | 2 => default_year.and_then(|y| Period::new(y, n as u32)),
            _ => None,
        };
    }
    if let Some((y, rest)) = t.split_once('年') {
        let year = digits(y)? as i32;
        let rest = rest.trim_end_matches('月');
        if rest.is_empty() {
            return None;
        }
        let month = rest.rsplit(['-', '—', '–', '~', '至', '到']).next()?;
        return Period::new(
            year,
            digits(month.trim_end_matches('月').trim_start_matches('0'))? as u32,
        );
    }
    if let Some(m) = t.strip_suffix('月') {
        let m = m.rsplit(['-', '—', '–', '~', '至', '到']).next()?;
        return default_year.and_then(|y| Period::new(y, digits(m)? as u32));
    }
    let parts: Vec<&str> = t.split(['-', '.', '/', '_']).collect();
    match parts.as_slice() {
        [y, m] | [y, m, _] if y.len() == 4 => Period::new(digits(y)? as i32, digits(m)? as u32),
        // 6/30/2022
        [m, _, y] if y.len() == 4 => Period::new(digits(y)? as i32, digits(m)? as u32),
        _ => None,
    }
}

/// A year alone in text (`2022年`, `2022年度`), for titles and metadata.
pub fn find_year(s: &str) -> Option<i32> {
    let t = fold_width(s);
    let chars: Vec<char> = t.chars().collect();
    (0..chars.len().saturating_sub(3)).find_map(|i| {
        let w: String = chars[i..i + 4].iter().collect();
        let before_ok = i == 0 || !chars[i - 1].is_ascii_digit();
        let after_ok = chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        (before_ok && after_ok)
            .then(|| w.parse::<i32>().ok())
            .flatten()
            .filter(|y| (2000..=2100).contains(y))
    })
}

/// A period anywhere inside a longer text (a title or a file name): `2022年6月 …`, `202206_…`.
pub fn find_period(s: &str) -> Option<Period> {
    let t = fold_width(s);
    let chars: Vec<char> = t.chars().collect();
    for start in 0..chars.len() {
        if !chars[start].is_ascii_digit() || (start > 0 && chars[start - 1].is_ascii_digit()) {
            continue;
        }
        // A period begins with its year: `附件3_…_2022年6月` is June, not March.
        if !chars[start..].iter().take(4).all(char::is_ascii_digit) || chars.len() < start + 4 {
            continue;
        }
        for end in (start + 4..=chars.len().min(start + 12)).rev() {
            let w: String = chars[start..end].iter().collect();
            let boundary = chars.get(end).is_none_or(|c| !c.is_ascii_digit());
            if !boundary && w.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            if let Some(p) = parse_text(&w, None).filter(|p| (2000..=2100).contains(&p.year)) {
                return Some(p);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_in_a_name_begins_with_its_year() {
        assert_eq!(find_period("附件3_市住建局_2022年6月.xlsx"), p(2022, 6));
        assert_eq!(find_period("附件11_市住建局_2022-06"), p(2022, 6));
        assert_eq!(find_period("202206_市交通运输局.xlsx"), p(2022, 6));
        assert_eq!(find_period("第3期_市交通运输局.xlsx"), None);
    }

    #[test]
    fn periods_typed_as_dotted_numbers() {
        let n = |x: f64| parse_cell(&Cell::Number(x), None);
        assert_eq!(n(2022.6), p(2022, 6));
        assert_eq!(n(2022.06), p(2022, 6));
        assert_eq!(n(2022.12), p(2022, 12));
        assert_eq!(n(2022.11), p(2022, 11));
        assert_eq!(n(2022.1), None, "2022.1 or 2022.10");
        assert_eq!(n(2022.13), None);
        assert_eq!(n(2022.123), None);
    }

    fn p(y: i32, m: u32) -> Option<Period> {
        Period::new(y, m)
    }

    #[test]
    fn text_forms() {
        for s in [
            "2022年6月",
            "2022-06",
            "2022.6",
            "202206",
            "2022/06",
            "2022-06-30",
            "2022年06月",
            "２０２２年６月",
            "2022年1-6月",
            "2022年6月份",
            "20220630",
        ] {
            assert_eq!(parse_text(s, None), p(2022, 6), "{s}");
        }
        assert_eq!(parse_text("6月", Some(2022)), p(2022, 6));
        assert_eq!(parse_text("6月", None), None);
        assert_eq!(parse_text("2022年13月", None), None);
        assert_eq!(parse_text("hello", None), None);
    }

    #[test]
    fn cells() {
        assert_eq!(parse_cell(&Cell::Number(44742.0), None), p(2022, 6)); // 2022-06-30
        assert_eq!(parse_cell(&Cell::Number(202206.0), None), p(2022, 6));
        assert_eq!(parse_cell(&Cell::Date(2022, 6, 30), None), p(2022, 6));
        assert_eq!(parse_cell(&Cell::Number(6.0), Some(2022)), p(2022, 6));
    }

    #[test]
    fn serials_match_excel() {
        assert_eq!(excel_serial_to_ymd(1.0), Some((1900, 1, 1)));
        assert_eq!(excel_serial_to_ymd(59.0), Some((1900, 2, 28)));
        assert_eq!(excel_serial_to_ymd(61.0), Some((1900, 3, 1)));
        assert_eq!(excel_serial_to_ymd(44561.0), Some((2021, 12, 31)));
    }

    #[test]
    fn found_inside_text() {
        assert_eq!(find_period("202206_市交通运输局.xlsx"), p(2022, 6));
        assert_eq!(find_period("2022年6月 城乡融合发展指标填报表"), p(2022, 6));
        assert_eq!(find_period("（示例数据）2022年12月报表"), p(2022, 12));
        assert_eq!(find_year("2022年度目标"), Some(2022));
    }
}

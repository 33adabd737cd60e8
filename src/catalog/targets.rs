//! Targets kept in a spreadsheet (indicator code, year, scope, value) that override the catalog's.

use std::path::Path;

use crate::error::{Error, Place, Result};
use crate::text::normalize_key;

/// One row of a targets file.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetOverride {
    pub indicator: String,
    pub year: i32,
    pub scope: String,
    pub value: f64,
    /// A goal baseline rather than a target (`类型` column = 基线 / baseline).
    pub baseline: bool,
    pub file: String,
    pub line: usize,
}

const COLUMNS: [(&str, &[&str]); 5] = [
    ("indicator", &["indicator", "code", "指标编码", "编码"]),
    ("year", &["year", "年份", "年度"]),
    ("scope", &["scope", "district", "区域", "范围"]),
    (
        "value",
        &["value", "target", "目标值", "年度目标", "目标", "数值"],
    ),
    ("kind", &["kind", "类型", "种类"]),
];

/// Reads a targets table from `.csv` (UTF-8 or GBK) or the first sheet of a workbook.
pub fn load_target_overrides(path: &Path) -> Result<Vec<TargetOverride>> {
    let file = path.display().to_string();
    let rows = crate::ingest::read_table_rows(path)?;
    let header_at = rows.iter().position(|r| {
        r.iter()
            .any(|c| COLUMNS[0].1.contains(&normalize_key(c).as_str()))
    });
    let Some(h) = header_at else {
        let wanted = COLUMNS[..4]
            .iter()
            .map(|(_, a)| a.join("/"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::data(
            Place {
                file,
                ..Default::default()
            },
            format!("找不到表头行；需要列: {wanted}"),
        ));
    };
    let col = |key: usize| {
        rows[h]
            .iter()
            .position(|c| COLUMNS[key].1.contains(&normalize_key(c).as_str()))
    };
    let cols: Vec<Option<usize>> = (0..5).map(col).collect();
    if let Some(k) = cols
        .iter()
        .position(Option::is_none)
        .filter(|k| *k < 2 || *k == 3)
    {
        return Err(Error::data(
            Place {
                file,
                line: Some(h + 1),
                ..Default::default()
            },
            format!("缺少列“{}”", COLUMNS[k].1.join("/")),
        ));
    }
    let get = |r: &[String], k: usize| {
        cols[k]
            .and_then(|c| r.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(h + 1) {
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let place = || Place {
            file: file.clone(),
            line: Some(i + 1),
            ..Default::default()
        };
        let year = get(r, 1).parse::<f64>().ok().filter(|y| y.fract() == 0.0);
        let value = crate::ingest::cell::parse_number(&get(r, 3));
        let (Some(year), Some(value)) = (year, value) else {
            return Err(Error::data(
                place(),
                format!("年份或目标值无法识别: {:?}", r),
            ));
        };
        let scope = get(r, 2);
        let kind = normalize_key(&get(r, 4));
        out.push(TargetOverride {
            baseline: matches!(kind.as_str(), "基线" | "baseline" | "基期"),
            indicator: get(r, 0),
            year: year as i32,
            scope: if scope.is_empty() {
                crate::catalog::CITY.to_string()
            } else {
                scope
            },
            value,
            file: file.clone(),
            line: i + 1,
        });
    }
    Ok(out)
}

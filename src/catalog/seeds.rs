//! Reference tables kept as CSV beside the catalog (districts, responsible units, towns,
//! baselines). Small files, read as-is; their checks live in `check.rs`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct District {
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub aliases: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct UnitInfo {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub aliases: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Town {
    pub name: String,
    pub district: String,
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Baseline {
    pub indicator: String,
    pub year: i32,
    pub scope: String,
    pub value: f64,
    #[serde(default)]
    pub source: String,
}

/// Splits the `|`-separated alias column.
pub fn aliases(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Parses a seed CSV; a bad row is reported with its line (header = line 1).
pub fn parse<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<Vec<T>, super::Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, row) in reader.deserialize().enumerate() {
        match row {
            Ok(r) => rows.push(r),
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(i + 2);
                return Err(super::Problem::error(
                    file,
                    Some(line),
                    format!("无法解析: {e}"),
                ));
            }
        }
    }
    Ok(rows)
}

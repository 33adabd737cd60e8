//! Deterministic synthetic submissions for a whole year, so a new user can see the whole job work
//! in one command. Every workbook says 示例数据 in its title row: none of it is real statistics.
//!
//! The year includes the mistakes real senders make: numbers stored as text, a unit typed into a
//! value cell, a late file, a corrected resubmission, a missing month and a wrong district name.

mod values;
mod write;

use chrono::{DateTime, TimeZone, Utc};

use crate::catalog::{Catalog, MeasureKind};
use crate::error::Result;
use crate::progress::completeness::expected_units;

pub use values::Pace;

/// One generated submission.
#[derive(Debug, Clone)]
pub struct DemoFile {
    /// Relative path, e.g. `2022-06/202206_市交通运输局.xlsx`.
    pub name: String,
    pub bytes: Vec<u8>,
    pub received_at: DateTime<Utc>,
}

/// A row to write: indicator, district (`全市` for the city), and the value cells as written.
#[derive(Debug, Clone)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub district: String,
    pub monthly: Cell,
    pub cumulative: Cell,
}

/// A value cell as a sender might type it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Blank,
    Number(f64),
    Text(String),
}

/// The deliberate mistakes, kept in one place so the README and tests can name them.
pub struct Mistakes;

impl Mistakes {
    pub const UNIT_IN_CELL: (&'static str, u32) = ("市交通运输局", 6);
    pub const LATE: (&'static str, u32) = ("市文旅局", 3);
    pub const CORRECTED: (&'static str, u32) = ("市交通运输局", 5);
    pub const MISSING: (&'static str, u32) = ("市商务局", 8);
    pub const WRONG_DISTRICT: (&'static str, u32) = ("市农业农村局", 7);
    /// The unit whose statisticians keep a wide by-month sheet.
    pub const WIDE_UNIT: &'static str = "市住建局";
}

/// 09:00 Beijing time on `day` of the month after `month`.
pub fn received(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    Utc.with_ymd_and_hms(y, m, day, 1, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The rows a unit reports for a month.
fn rows_for(catalog: &Catalog, unit: &str, year: i32, month: u32) -> Vec<Row> {
    let mut rows = Vec::new();
    for e in catalog
        .indicators_of_unit(unit)
        .filter(|e| e.item.is_some() && e.def.kind != MeasureKind::Ratio)
    {
        for d in catalog.scopes(e) {
            let (monthly, cumulative) = values::cells(catalog, e, &d, year, month);
            rows.push(Row {
                code: e.def.code.clone(),
                name: e.def.name.clone(),
                unit: e.def.unit.clone(),
                district: d,
                monthly,
                cumulative,
            });
        }
    }
    rows
}

/// Units leading work items that have no indicators: they send quarterly task-status sheets.
fn status_units(catalog: &Catalog) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for item in catalog
        .items
        .iter()
        .filter(|i| catalog.item_indicators(i.no).next().is_none())
    {
        if let Some(u) = item.units.first().filter(|u| !units.contains(u)) {
            units.push(u.clone());
        }
    }
    units.truncate(3);
    units
}

/// Generates the year's submissions, sorted by name.
pub fn generate(catalog: &Catalog, year: i32) -> Result<Vec<DemoFile>> {
    let mut files = Vec::new();
    let region = catalog.meta.region.clone();
    for unit in expected_units(catalog) {
        for month in 1..=12 {
            if (unit.as_str(), month) == Mistakes::MISSING {
                continue;
            }
            let name = format!("{year}-{month:02}/{year}{month:02}_{unit}.xlsx");
            let day = if (unit.as_str(), month) == Mistakes::LATE {
                18
            } else {
                5
            };
            let bytes = if unit == Mistakes::WIDE_UNIT {
                let months: Vec<Vec<Row>> = (1..=month)
                    .map(|m| rows_for(catalog, &unit, year, m))
                    .collect();
                write::wide(&region, &unit, year, month, &months)?
            } else {
                let mut rows = rows_for(catalog, &unit, year, month);
                values::add_mistakes(&unit, month, &mut rows);
                if (unit.as_str(), month) == Mistakes::CORRECTED {
                    values::slip(&mut rows);
                }
                write::long(&region, &unit, year, month, &rows)?
            };
            files.push(DemoFile {
                name,
                bytes,
                received_at: received(year, month, day),
            });
            if (unit.as_str(), month) == Mistakes::CORRECTED {
                let rows = rows_for(catalog, &unit, year, month);
                let name = format!("{year}-{month:02}/{year}{month:02}_{unit}_更正.xlsx");
                files.push(DemoFile {
                    name,
                    bytes: write::long(&region, &unit, year, month, &rows)?,
                    received_at: received(year, month, 12),
                });
            }
        }
    }
    for unit in status_units(catalog) {
        for month in [3, 6, 9, 12] {
            let items: Vec<u32> = catalog
                .items
                .iter()
                .filter(|i| i.units.first() == Some(&unit))
                .map(|i| i.no)
                .collect();
            let name = format!("{year}-{month:02}/{year}{month:02}_{unit}_工作进展.xlsx");
            let bytes = write::task(&region, &unit, year, month, &items)?;
            files.push(DemoFile {
                name,
                bytes,
                received_at: received(year, month, 6),
            });
        }
    }
    let goal_rows = goal_rows(catalog, year);
    if !goal_rows.is_empty() {
        let name = format!("{year}-12/市发改委_发展目标指标年度值.xlsx");
        let bytes = write::annual(&region, "市发改委", &goal_rows)?;
        files.push(DemoFile {
            name,
            bytes,
            received_at: received(year + 1, 1, 20),
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// Synthetic annual values (year − 2 … year) for the goal proxies: (code, name, unit, year, value).
const GOAL_VALUES: [(&str, [f64; 3]); 8] = [
    ("G-01", [2.20, 2.15, 2.10]),
    ("G-02", [66.0, 66.8, 67.5]),
    ("G-03", [95.0, 96.5, 97.8]),
    ("G-04", [85.0, 88.0, 91.0]),
    ("G-05", [22000.0, 23800.0, 25500.0]),
    ("G-06", [42000.0, 44500.0, 46800.0]),
    ("G-07", [40.0, 48.0, 55.0]),
    ("G-08", [60.0, 80.0, 95.0]),
];

/// Synthetic 2025 targets for the demo (G-07 left unset on purpose, to show 目标未设定).
const GOAL_TARGETS: [(&str, f64); 7] = [
    ("G-01", 2.0),
    ("G-02", 70.0),
    ("G-03", 99.0),
    ("G-04", 95.0),
    ("G-05", 32000.0),
    ("G-06", 56000.0),
    ("G-08", 100.0),
];

fn goal_rows(catalog: &Catalog, year: i32) -> Vec<(String, String, String, i32, f64)> {
    let mut rows = Vec::new();
    for (code, values) in GOAL_VALUES {
        let Some(e) = catalog.indicator(code) else {
            continue;
        };
        for (i, v) in values.iter().enumerate() {
            rows.push((
                code.to_string(),
                e.def.name.clone(),
                e.def.unit.clone(),
                year - 2 + i as i32,
                *v,
            ));
        }
    }
    rows
}

/// The demo's goal settings as a targets table: baselines (year − 2) and 2025 targets. Synthetic:
/// the plan itself gives no numbers.
pub fn goal_settings(catalog: &Catalog, year: i32) -> String {
    let mut out = String::from("指标编码,年份,区域,目标值,类型,说明\n");
    for (code, values) in GOAL_VALUES
        .iter()
        .filter(|(c, _)| catalog.indicator(c).is_some())
    {
        out.push_str(&format!(
            "{code},{},全市,{},基线,示例数据（非规划数字）\n",
            year - 2,
            values[0]
        ));
    }
    for (code, target) in GOAL_TARGETS
        .iter()
        .filter(|(c, _)| catalog.indicator(c).is_some())
    {
        out.push_str(&format!(
            "{code},2025,全市,{target},目标,示例数据（非规划数字）\n"
        ));
    }
    out
}

/// `file,received_at` for every generated file, so a re-ingest can reproduce receipt times.
pub fn manifest(files: &[DemoFile]) -> String {
    let mut out = String::from("file,received_at\n");
    for f in files {
        out.push_str(&format!("{},{}\n", f.name, f.received_at.to_rfc3339()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{read_bytes, ReadOptions};

    #[test]
    fn a_year_of_submissions_reads_back_with_exactly_the_planted_mistakes() {
        let c = Catalog::bundled().unwrap();
        let files = generate(&c, 2022).unwrap();
        let again = generate(&c, 2022).unwrap();
        assert!(
            files.iter().zip(&again).all(|(a, b)| a.bytes == b.bytes),
            "generation is deterministic"
        );
        let mut errors = Vec::new();
        let mut accepted = 0;
        for f in &files {
            let r = read_bytes(
                &c,
                std::path::Path::new(&f.name),
                &f.bytes,
                &ReadOptions::default(),
            );
            assert_eq!(r.data_rows(), r.accepted_rows() + r.rejected_rows());
            accepted += r.observations.len() + r.statuses.len();
            errors.extend(
                r.diagnostics
                    .iter()
                    .filter(|d| d.severity == crate::error::Severity::Error)
                    .cloned(),
            );
        }
        assert!(accepted > 500, "{accepted}");
        let codes: Vec<(&str, &str)> = errors
            .iter()
            .map(|d| (d.code.as_str(), d.raw.as_str()))
            .collect();
        assert_eq!(codes, vec![("unknown_district", "华容县")], "{errors:#?}");
        assert!(!files.iter().any(|f| f.name.contains("202208_市商务局")));
        assert!(files.iter().any(|f| f.name.ends_with("_更正.xlsx")));
    }
}

/// What loading the demo year did.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub files: usize,
    pub stored: usize,
    pub accepted_rows: usize,
    /// Rows refused for an error.
    pub rejected_rows: usize,
    /// Rows skipped without an error (本月无数据, totals).
    pub skipped_rows: usize,
    pub warnings: usize,
}

/// Reads the generated files (named under `prefix`, as if they were on disk there) and commits
/// them in receipt order, each batch with its own receipt time, as a statistician would have.
pub fn load(
    catalog: &Catalog,
    warehouse: &crate::store::Warehouse,
    files: &[DemoFile],
    prefix: &str,
) -> Result<Loaded> {
    use crate::ingest::{read_bytes, ReadOptions};
    let mut order: Vec<&DemoFile> = files.iter().collect();
    order.sort_by_key(|f| (f.received_at, f.name.clone()));
    let mut loaded = Loaded {
        files: files.len(),
        ..Default::default()
    };
    let mut i = 0;
    while i < order.len() {
        let at = order[i].received_at;
        let batch: Vec<&DemoFile> = order[i..]
            .iter()
            .take_while(|f| f.received_at == at)
            .copied()
            .collect();
        i += batch.len();
        let reports: Vec<_> = batch
            .iter()
            .map(|f| {
                read_bytes(
                    catalog,
                    std::path::Path::new(&format!("{prefix}{}", f.name)),
                    &f.bytes,
                    &ReadOptions::default(),
                )
            })
            .collect();
        for r in &reports {
            loaded.accepted_rows += r.accepted_rows();
            loaded.rejected_rows += r.refused_rows();
            loaded.skipped_rows += r.skipped_rows();
            loaded.warnings += r.warnings();
        }
        let outcomes = warehouse.ingest(&reports, at, false)?;
        loaded.stored += outcomes
            .iter()
            .filter(|o| matches!(o.kind, crate::store::Outcome::Stored))
            .count();
    }
    Ok(loaded)
}

/// Writes the generated files, the manifest, the goal settings and a README under `dir`.
pub fn write_examples(
    catalog: &Catalog,
    files: &[DemoFile],
    year: i32,
    dir: &std::path::Path,
) -> Result<()> {
    use crate::output::write_atomic;
    for f in files {
        write_atomic(&dir.join(&f.name), &f.bytes)?;
    }
    write_atomic(&dir.join("manifest.csv"), manifest(files).as_bytes())?;
    write_atomic(
        &dir.join("goal-settings.csv"),
        goal_settings(catalog, year).as_bytes(),
    )?;
    let readme = format!(
        "# {year} 年示例报送（合成数据，非真实统计）\n\n\
         这些工作簿由 `dabiao demo --write-examples` 按固定规则生成，每个标题行都标有“示例数据·非真实统计”。\n\
         Synthetic data: every workbook's title row says 示例数据·非真实统计. Regenerate byte for byte with\n\
         `cargo run -- demo --write-examples examples/{year}`.\n\n\
         - `manifest.csv`: each file's receipt time (`dabiao ingest --received-at`), so late files stay late.\n\
         - `goal-settings.csv`: synthetic baselines and 2025 targets for the goal proxies (`--targets`); the plan gives none.\n\n\
         Deliberate mistakes, as real senders make them: numbers stored as text (every few rows); a unit typed into a\n\
         value cell ({} {}月, `公里`); a late file ({} {}月, received on the 18th); a decimal slip (×10) and its corrected resubmission\n\
         ({} {}月 `_更正`); a missing month ({} {}月); a wrong district name ({} {}月, `华容县`). The by-month\n\
         sheets of {} hold year-to-date levels; three units send quarterly task-status sheets.\n",
        Mistakes::UNIT_IN_CELL.0, Mistakes::UNIT_IN_CELL.1, Mistakes::LATE.0, Mistakes::LATE.1,
        Mistakes::CORRECTED.0, Mistakes::CORRECTED.1, Mistakes::MISSING.0, Mistakes::MISSING.1,
        Mistakes::WRONG_DISTRICT.0, Mistakes::WRONG_DISTRICT.1, Mistakes::WIDE_UNIT,
    );
    write_atomic(&dir.join("README.md"), readme.as_bytes())
}

//! Flat records of the catalog for listing (`dabiao catalog …`), as DESIGN.md fixes their keys.

use serde::Serialize;

use super::{Catalog, IndicatorEntry, Target};

#[derive(Debug, Serialize)]
pub struct ItemRecord {
    pub no: u32,
    /// The number as the document writes it (`二.四.3`), when the catalog records it.
    pub label: Option<String>,
    pub section: u32,
    pub text: String,
    pub units: Vec<String>,
    pub districts: Vec<String>,
    pub indicators: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct IndicatorRecord {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub aliases: Vec<String>,
    pub unit: String,
    pub kind: String,
    pub direction: String,
    pub aggregation: String,
    pub by_district: bool,
    pub district: Option<String>,
    pub item: Option<u32>,
    pub section: Option<u32>,
    pub reporter: String,
    pub targets: Vec<Target>,
    pub target: Option<f64>,
    pub overrides: Vec<String>,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct LeverRecord {
    pub kind: String,
    pub kind_zh: String,
    pub no: u32,
    pub name: String,
    pub items: Vec<u32>,
}

#[derive(Debug, Serialize)]
pub struct GoalRecord {
    pub indicator: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub path: String,
    pub goals: Vec<String>,
    pub baseline_year: Option<i32>,
    pub baseline: Option<f64>,
    pub target_2025: Option<f64>,
    pub target_2035: Option<f64>,
    pub status: String,
}

#[derive(Debug, Serialize)]
pub struct UnitRecord {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub lead_items: Vec<u32>,
    pub items: Vec<u32>,
    pub indicators: Vec<String>,
}

impl Catalog {
    pub fn item_records(&self) -> Vec<ItemRecord> {
        self.items
            .iter()
            .map(|i| ItemRecord {
                no: i.no,
                label: i.label.clone(),
                section: i.section,
                text: i.text.clone(),
                units: i.units.clone(),
                districts: i.districts.clone(),
                indicators: self
                    .item_indicators(i.no)
                    .map(|e| e.def.code.clone())
                    .collect(),
            })
            .collect()
    }

    pub fn indicator_records(&self) -> Vec<IndicatorRecord> {
        self.indicators
            .iter()
            .map(|e| indicator_record(e, self.meta.year))
            .collect()
    }

    pub fn lever_records(&self) -> Vec<LeverRecord> {
        self.levers
            .iter()
            .map(|l| LeverRecord {
                kind: l.kind.as_str().to_string(),
                kind_zh: l.kind.zh().to_string(),
                no: l.no,
                name: l.name.clone(),
                items: l.items.clone(),
            })
            .collect()
    }

    pub fn goal_records(&self) -> Vec<GoalRecord> {
        self.indicators
            .iter()
            .filter_map(|e| e.def.goal.as_ref().map(|g| (e, g)))
            .map(|(e, g)| {
                let at = |y: i32| g.targets.iter().find(|t| t.year == y).map(|t| t.value);
                let set = g.baseline.is_some() && !g.targets.is_empty();
                GoalRecord {
                    indicator: e.def.code.clone(),
                    name: e.def.name.clone(),
                    unit: e.def.unit.clone(),
                    direction: e.def.direction.as_str().to_string(),
                    path: match g.path {
                        super::GoalPath::Growth => "growth".into(),
                        super::GoalPath::Linear => "linear".into(),
                    },
                    goals: g.goals.clone(),
                    baseline_year: g.baseline.as_ref().map(|b| b.year),
                    baseline: g.baseline.as_ref().map(|b| b.value),
                    target_2025: at(2025),
                    target_2035: at(2035),
                    status: if set {
                        "已设定".into()
                    } else {
                        "目标未设定".into()
                    },
                }
            })
            .collect()
    }

    pub fn unit_records(&self) -> Vec<UnitRecord> {
        let mut names: Vec<(String, String)> = self
            .units
            .iter()
            .map(|u| (u.name.clone(), u.kind.clone()))
            .collect();
        for d in &self.districts {
            if !names.iter().any(|(n, _)| *n == d.name) {
                names.push((d.name.clone(), "区".into()));
            }
        }
        names
            .into_iter()
            .map(|(name, kind)| UnitRecord {
                lead_items: self
                    .items
                    .iter()
                    .filter(|i| i.units.first() == Some(&name))
                    .map(|i| i.no)
                    .collect(),
                items: self
                    .items
                    .iter()
                    .filter(|i| i.units.contains(&name) || i.districts.contains(&name))
                    .map(|i| i.no)
                    .collect(),
                indicators: self
                    .indicators_of_unit(&name)
                    .map(|e| e.def.code.clone())
                    .collect(),
                name,
                kind,
            })
            .collect()
    }
}

fn indicator_record(e: &IndicatorEntry, year: i32) -> IndicatorRecord {
    IndicatorRecord {
        code: e.def.code.clone(),
        name: e.def.name.clone(),
        name_en: e.def.name_en.clone(),
        aliases: e.def.aliases.clone(),
        unit: e.def.unit.clone(),
        kind: e.def.kind.as_str().to_string(),
        direction: e.def.direction.as_str().to_string(),
        aggregation: e.def.aggregation.as_str().to_string(),
        by_district: e.def.by_district,
        district: e.def.district.clone(),
        item: e.item,
        section: e.section,
        reporter: e.reporter.clone(),
        targets: e.def.targets.clone(),
        target: e.target(year, super::CITY).or_else(|| {
            e.def
                .targets
                .iter()
                .find(|t| t.year == year)
                .map(|t| t.value)
        }),
        overrides: e.overrides.clone(),
        source: e.def.source.clone(),
    }
}

//! The catalog as written in `indicators/*.toml`. Every file has the same schema and the files are
//! merged, so a plan can be split however its author likes; unknown keys are errors so a typo in a
//! key fails loudly with its file and line instead of silently dropping a target.

use serde::{Deserialize, Serialize};

/// One TOML file of a catalog directory.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanMeta>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<KeyTask>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levers: Vec<Lever>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// Indicators that belong to no work item (the 2025 / 2035 goal proxies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    pub name: String,
    /// The administrative area the plan covers, e.g. 鄂州市.
    pub region: String,
    /// The year of the annual work plan (年度工作要点).
    pub year: i32,
    /// Folder holding districts.csv, units.csv, towns.csv, relative to the catalog folder.
    #[serde(default = "default_seeds")]
    pub seeds: String,
    /// The policy document the catalog was made from, relative to the seeds folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

fn default_seeds() -> String {
    ".".to_string()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub no: u32,
    pub title: String,
}

/// 发展目标: the near-term (2025) goal and the long-range (2035) vision.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub code: String,
    pub horizon: i32,
    pub title: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<u32>,
}

/// 重点任务: one of the key tasks with its sub-points.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeyTask {
    pub no: u32,
    pub title: String,
    #[serde(default)]
    pub points: Vec<String>,
    #[serde(default)]
    pub items: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverKind {
    Reform,
    Mechanism,
    Platform,
    System,
    Action,
    Project,
}

impl LeverKind {
    pub const ALL: [LeverKind; 6] = [
        LeverKind::Reform,
        LeverKind::Mechanism,
        LeverKind::Platform,
        LeverKind::System,
        LeverKind::Action,
        LeverKind::Project,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeverKind::Reform => "reform",
            LeverKind::Mechanism => "mechanism",
            LeverKind::Platform => "platform",
            LeverKind::System => "system",
            LeverKind::Action => "action",
            LeverKind::Project => "project",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            LeverKind::Reform => "改革",
            LeverKind::Mechanism => "机制",
            LeverKind::Platform => "平台",
            LeverKind::System => "制度",
            LeverKind::Action => "专项行动",
            LeverKind::Project => "亮点工程",
        }
    }
}

/// 重要抓手: a reform, mechanism, platform, system, action or project.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Lever {
    pub kind: LeverKind,
    pub no: u32,
    pub name: String,
    /// Work items that carry the lever out.
    #[serde(default)]
    pub items: Vec<u32>,
}

/// A numbered item of the annual work plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub no: u32,
    /// The item's number as the document writes it, with the numbers of the headings above it
    /// (`二.四.3` for `二、` › `（四）` › `3.`): `no` is the catalog's own key and runs 1…n when
    /// the document restarts its numbering under each heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub section: u32,
    pub text: String,
    /// Responsible departments in the order written; the first is the lead (牵头) unit.
    pub units: Vec<String>,
    /// Districts named among the responsible units; `各区` stands for every district.
    #[serde(default)]
    pub districts: Vec<String>,
    /// Named places the item is about (towns, pilots), as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Monthly increments; year-to-date is their sum.
    Flow,
    /// A level at period end; year-to-date is the latest value.
    Stock,
    /// Done (1) or not done (0), with the month it was done.
    Milestone,
    /// numerator ÷ denominator of two other indicators.
    Ratio,
}

impl MeasureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MeasureKind::Flow => "flow",
            MeasureKind::Stock => "stock",
            MeasureKind::Milestone => "milestone",
            MeasureKind::Ratio => "ratio",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    #[default]
    Sum,
    Mean,
    /// Mean weighted by the indicator named in `weight`.
    WeightedMean,
    Min,
    Max,
    /// Reported for the city only; districts are not summed.
    CityOnly,
}

impl Aggregation {
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::Sum => "sum",
            Aggregation::Mean => "mean",
            Aggregation::WeightedMean => "weighted_mean",
            Aggregation::Min => "min",
            Aggregation::Max => "max",
            Aggregation::CityOnly => "city_only",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GoalPath {
    /// Compound annual growth (rates of change in %).
    #[default]
    Growth,
    /// Constant change per year (percentage points for shares).
    Linear,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub year: i32,
    /// `全市` for the city, or a district name.
    #[serde(default = "city_scope")]
    pub scope: String,
    pub value: f64,
    /// The upper end of a target written as a range (`2-3个`); `value` is its lower end, the
    /// one completion is measured against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
}

impl Target {
    pub fn new(year: i32, scope: impl Into<String>, value: f64) -> Target {
        Target {
            year,
            scope: scope.into(),
            value,
            upper: None,
        }
    }
}

pub const CITY: &str = "全市";

fn city_scope() -> String {
    CITY.to_string()
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct YearValue {
    pub year: i32,
    pub value: f64,
}

/// A multi-year goal on an indicator. Numbers the plan does not give stay absent and are shown
/// as "target not set".
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoalSpec {
    #[serde(default)]
    pub path: GoalPath,
    /// Codes of the goals (`GOAL-2025`, `GOAL-2035`) this indicator measures.
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<YearValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<YearValue>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Other names senders write for it (`农村客运候车亭`), matched like the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub unit: String,
    pub kind: MeasureKind,
    #[serde(default)]
    pub direction: Direction,
    #[serde(default)]
    pub aggregation: Aggregation,
    /// Reported per district (one row per district) rather than for the city as a whole.
    #[serde(default)]
    pub by_district: bool,
    /// The one district this indicator belongs to (a pilot, a town), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Unit that reports it; defaults to the item's lead unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter: Option<String>,
    /// For `weighted_mean`: the indicator giving the weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
    /// For `ratio`: numerator and denominator codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<GoalSpec>,
    /// The words of the plan this indicator comes from.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

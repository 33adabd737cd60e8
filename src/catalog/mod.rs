//! The plan as data: sections, work items, indicators, levers, goals, and the reference tables.
//!
//! A catalog is a folder of TOML files (schema in `model.rs`, documented in
//! `indicators/README.md`) plus a seeds folder of CSV tables. The bundled Ezhou catalog is
//! compiled in so the binary works from any directory; `--catalog DIR` loads another city's.

mod bundled;
mod check;
pub mod measure;
pub mod model;
pub mod records;
pub mod seeds;
mod targets;

use std::path::Path;

pub use model::*;
pub use seeds::{Baseline, District, Town, UnitInfo};
pub use targets::{load_target_overrides, TargetOverride};

use crate::error::{Error, Result, Severity};

/// A problem found while loading a catalog, with the file and line it points at.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(file: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(file: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, line, message)
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(
                f,
                "{}:{l}: {}: {}",
                self.file,
                self.severity.zh(),
                self.message
            ),
            None => write!(f, "{}: {}: {}", self.file, self.severity.zh(), self.message),
        }
    }
}

/// A text file of the catalog, kept so problems can be located by line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// The raw files of a catalog before parsing: TOML files and the seeds folder's CSVs.
#[derive(Debug, Clone)]
pub struct CatalogSource {
    /// Where it came from, for messages: a folder path or `内置目录`.
    pub origin: String,
    pub tomls: Vec<SourceFile>,
    pub seeds: Vec<SourceFile>,
}

/// An indicator with what the catalog knows around it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndicatorEntry {
    #[serde(flatten)]
    pub def: Indicator,
    /// The work item it measures; `None` for goal proxies.
    pub item: Option<u32>,
    pub section: Option<u32>,
    /// The unit that reports it (explicit, or the item's lead unit).
    pub reporter: String,
    /// Human-readable notes of targets replaced by a targets file (`2022 全市 50 → 60 (t.csv:2)`).
    pub overrides: Vec<String>,
}

impl IndicatorEntry {
    /// The target for a year and scope (`全市` or a district), if set.
    pub fn target(&self, year: i32, scope: &str) -> Option<f64> {
        self.def
            .targets
            .iter()
            .find(|t| t.year == year && t.scope == scope)
            .map(|t| t.value)
    }
}

/// A loaded, checked catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub origin: String,
    pub meta: PlanMeta,
    pub sections: Vec<Section>,
    pub goals: Vec<Goal>,
    pub tasks: Vec<KeyTask>,
    pub levers: Vec<Lever>,
    /// Work items with `districts` expanded (各区 → every district) and indicators moved to
    /// `indicators`.
    pub items: Vec<Item>,
    pub indicators: Vec<IndicatorEntry>,
    pub districts: Vec<District>,
    pub units: Vec<UnitInfo>,
    pub towns: Vec<Town>,
    /// Warnings found at load; errors stop the load.
    pub warnings: Vec<Problem>,
    /// The policy document's text, when the seeds folder has it.
    pub source_text: Option<String>,
    /// Unit names and aliases → position in `units`, built on first use: ingest resolves a
    /// unit per file, and the catalog check one per indicator.
    unit_names: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

/// Words that stand for every district of the region.
pub const ALL_DISTRICTS: &[&str] = &[
    "各区",
    "各县市区",
    "各区县",
    "各县（市、区）",
    "各县(市、区)",
    "各县区",
    "各县（区）",
    "各县(区)",
    "各区（县）",
    "各区(县)",
    "各区县（市）",
    "各区县(市)",
    "各县市",
    "各旗县（市、区）",
    "各旗县(市、区)",
];

impl Catalog {
    /// The catalog compiled into the binary (indicators/ and seeds/ of this repository).
    pub fn bundled() -> Result<Catalog> {
        Catalog::from_source(bundled::source())
    }

    /// Loads a catalog folder: every `*.toml` in it, and the seeds folder its `[plan]` names.
    pub fn from_dir(dir: &Path) -> Result<Catalog> {
        Catalog::from_source(read_dir_source(dir)?)
    }

    /// Loads `dir` when given, else `$DABIAO_CATALOG`'s folder is expected to have been passed in
    /// by the caller; the bundled catalog otherwise.
    pub fn load(dir: Option<&Path>) -> Result<Catalog> {
        match dir {
            Some(d) => Catalog::from_dir(d),
            None => Catalog::bundled(),
        }
    }

    pub fn from_source(source: CatalogSource) -> Result<Catalog> {
        let (catalog, problems) = check::build(source);
        let (errors, warnings): (Vec<_>, Vec<_>) = problems
            .into_iter()
            .partition(|p| p.severity == Severity::Error);
        match catalog {
            Some(mut c) if errors.is_empty() => {
                c.warnings = warnings;
                Ok(c)
            }
            _ => Err(Error::CatalogInvalid { problems: errors }),
        }
    }

    pub fn indicator(&self, code: &str) -> Option<&IndicatorEntry> {
        self.indicators.iter().find(|i| i.def.code == code)
    }

    pub fn item(&self, no: u32) -> Option<&Item> {
        self.items.iter().find(|i| i.no == no)
    }

    pub fn section(&self, no: u32) -> Option<&Section> {
        self.sections.iter().find(|s| s.no == no)
    }

    pub fn item_indicators(&self, no: u32) -> impl Iterator<Item = &IndicatorEntry> {
        self.indicators.iter().filter(move |i| i.item == Some(no))
    }

    /// Where an indicator is reported: its own district if it has one, every district when it is
    /// reported by district, else the city (`全市`).
    pub fn scopes(&self, e: &IndicatorEntry) -> Vec<String> {
        match (&e.def.district, e.def.by_district) {
            (Some(d), _) => vec![d.clone()],
            (None, true) => self
                .district_names()
                .iter()
                .map(|s| s.to_string())
                .collect(),
            (None, false) => vec![CITY.to_string()],
        }
    }

    pub fn district_names(&self) -> Vec<&str> {
        self.districts.iter().map(|d| d.name.as_str()).collect()
    }

    /// Resolves a district name or alias (`葛店经济技术开发区` → `葛店开发区`); `全市` stays.
    pub fn resolve_district(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        if name == CITY || name == "市本级" || name == "鄂州市" || name == self.meta.region {
            return Some(CITY);
        }
        self.districts
            .iter()
            .find(|d| {
                d.name == name || d.code == name || seeds::aliases(&d.aliases).any(|a| a == name)
            })
            .map(|d| d.name.as_str())
            .or_else(|| self.district_by_short_name(name))
            .or_else(|| {
                let rest = self.without_region(name)?;
                self.resolve_district(rest).filter(|d| *d != CITY)
            })
    }

    /// `鄂州市鄂城区` → `鄂城区`, `鄂州华容区` → `华容区`: the plan's own city written before a
    /// district's name.
    fn without_region<'a>(&self, name: &'a str) -> Option<&'a str> {
        let region = self.meta.region.as_str();
        let short = region.strip_suffix('市').unwrap_or(region);
        if short.chars().count() < 2 {
            return None;
        }
        let rest = name
            .strip_prefix(region)
            .or_else(|| name.strip_prefix(short))?;
        (!rest.trim().is_empty()).then_some(rest.trim())
    }

    /// `鄂城` → 鄂城区, `葛店经开区` → 葛店开发区: a name that, without a zone's kind word,
    /// begins exactly one district's name or alias. A name ending in 区, 县 or 市 is whole:
    /// 华容县 (in Hunan) is not 华容区.
    fn district_by_short_name(&self, name: &str) -> Option<&str> {
        const KINDS: &[&str] = &[
            "经济技术开发区",
            "经济开发区",
            "经开区",
            "开发区",
            "经济区",
            "管委会",
        ];
        let core = KINDS
            .iter()
            .find_map(|k| name.strip_suffix(k))
            .unwrap_or(name);
        if core.chars().count() < 2 || (core == name && core.ends_with(['区', '县', '市'])) {
            return None;
        }
        let mut found = self.districts.iter().filter(|d| {
            std::iter::once(d.name.as_str())
                .chain(seeds::aliases(&d.aliases))
                .any(|n| n.starts_with(core))
        });
        match (found.next(), found.next()) {
            (Some(d), None) => Some(d.name.as_str()),
            _ => None,
        }
    }

    /// Resolves a responsible unit by name or alias (`市文化和旅游局` → `市文旅局`).
    pub fn resolve_unit(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        let names = self.unit_names.get_or_init(|| {
            let mut names = std::collections::HashMap::new();
            for (i, u) in self.units.iter().enumerate() {
                for n in std::iter::once(u.name.as_str()).chain(seeds::aliases(&u.aliases)) {
                    names.entry(n.to_string()).or_insert(i); // the first unit wins, as listed
                }
            }
            names
        });
        names
            .get(name)
            .map(|&i| self.units[i].name.as_str())
            .or_else(|| self.resolve_district(name).filter(|d| *d != CITY))
            // `鄂州市交通运输局`: the city's own name written before a 市 unit's.
            .or_else(|| {
                let region = self.meta.region.as_str();
                let short = region.strip_suffix('市').unwrap_or(region);
                [short, region]
                    .into_iter()
                    .filter(|p| p.chars().count() >= 2)
                    .filter_map(|p| name.strip_prefix(p))
                    .filter(|rest| rest.starts_with('市'))
                    .find_map(|rest| names.get(rest.trim()))
                    .map(|&i| self.units[i].name.as_str())
            })
    }

    /// Indicators a unit reports.
    pub fn indicators_of_unit<'a>(
        &'a self,
        unit: &'a str,
    ) -> impl Iterator<Item = &'a IndicatorEntry> {
        self.indicators.iter().filter(move |i| i.reporter == unit)
    }

    /// Replaces or adds targets from a targets file; each change is noted on the indicator.
    pub fn apply_overrides(&mut self, overrides: &[TargetOverride]) -> Result<()> {
        let mut problems = Vec::new();
        for o in overrides {
            let plan_year = self.meta.year;
            let scope = match self.resolve_district(&o.scope) {
                Some(s) => s.to_string(),
                None => {
                    problems.push(Problem::error(
                        &o.file,
                        Some(o.line),
                        format!("未知区域“{}”", o.scope),
                    ));
                    continue;
                }
            };
            let Some(entry) = self
                .indicators
                .iter_mut()
                .find(|i| i.def.code == o.indicator)
            else {
                problems.push(Problem::error(
                    &o.file,
                    Some(o.line),
                    format!("未知指标编码“{}”", o.indicator),
                ));
                continue;
            };
            entry.apply_override(o, &scope, plan_year);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::CatalogInvalid { problems })
        }
    }
}

impl IndicatorEntry {
    fn apply_override(&mut self, o: &TargetOverride, scope: &str, plan_year: i32) {
        let origin = format!("{}:{}", o.file, o.line);
        if o.baseline {
            let goal = self.def.goal.get_or_insert_with(GoalSpec::default);
            goal.baseline = Some(YearValue {
                year: o.year,
                value: o.value,
            });
            self.overrides
                .push(format!("基线 {} = {} ({origin})", o.year, o.value));
            return;
        }
        if let Some(goal) = self.def.goal.as_mut().filter(|_| o.year > plan_year) {
            let old = goal.targets.iter().position(|t| t.year == o.year);
            let note = match old {
                Some(i) => format!(
                    "{} 目标 {} → {} ({origin})",
                    o.year, goal.targets[i].value, o.value
                ),
                None => format!("{} 目标 未设定 → {} ({origin})", o.year, o.value),
            };
            goal.targets.retain(|t| t.year != o.year);
            goal.targets.push(YearValue {
                year: o.year,
                value: o.value,
            });
            goal.targets.sort_by_key(|t| t.year);
            self.overrides.push(note);
            return;
        }
        let old = self.target(o.year, scope);
        self.def
            .targets
            .retain(|t| !(t.year == o.year && t.scope == scope));
        self.def
            .targets
            .push(Target::new(o.year, scope.to_string(), o.value));
        let before = old.map_or("未设定".to_string(), |v| v.to_string());
        self.overrides.push(format!(
            "{} {scope} {before} → {} ({origin})",
            o.year, o.value
        ));
    }
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|_| {
        Error::data(
            crate::error::Place {
                file: path.display().to_string(),
                ..Default::default()
            },
            "不是 UTF-8 编码的文本",
        )
    })
}

fn read_dir_source(dir: &Path) -> Result<CatalogSource> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Error::Usage(format!(
            "目录 {} 中没有 .toml 文件（指标目录应包含 plan.toml 等文件）",
            dir.display()
        )));
    }
    let mut tomls = Vec::new();
    for p in &paths {
        tomls.push(SourceFile {
            name: p.display().to_string(),
            text: read_text(p)?,
        });
    }
    let seeds_dir = check::seeds_dir_of(&tomls).map_or_else(|| dir.to_path_buf(), |s| dir.join(s));
    let mut seeds = Vec::new();
    for name in bundled::SEED_FILES {
        let p = seeds_dir.join(name);
        if p.exists() {
            seeds.push(SourceFile {
                name: p.display().to_string(),
                text: read_text(&p)?,
            });
        }
    }
    if let Ok(entries) = std::fs::read_dir(&seeds_dir) {
        let mut txts: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        txts.sort();
        for p in txts {
            seeds.push(SourceFile {
                name: p.display().to_string(),
                text: read_text(&p)?,
            });
        }
    }
    Ok(CatalogSource {
        origin: dir.display().to_string(),
        tomls,
        seeds,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn districts_resolve_by_name_alias_and_unambiguous_short_name() {
        let c = super::Catalog::bundled().unwrap();
        let r = |n: &str| c.resolve_district(n);
        assert_eq!(r("鄂城区"), Some("鄂城区"));
        assert_eq!(r("鄂城"), Some("鄂城区"));
        assert_eq!(r("梁子湖"), Some("梁子湖区"));
        assert_eq!(r("葛店经开区"), Some("葛店开发区"));
        assert_eq!(r("临空"), Some("临空经济区"));
        assert_eq!(r("临空区"), Some("临空经济区"));
        assert_eq!(r("全市"), Some("全市"));
        assert_eq!(r("区"), None);
        assert_eq!(r("华容县"), None, "a county in Hunan");
        assert_eq!(r("武昌"), None);
        assert_eq!(r("鄂州市鄂城区"), Some("鄂城区"));
        assert_eq!(r("鄂州 华容区"), Some("华容区"));
        assert_eq!(r("鄂州市梁子湖"), Some("梁子湖区"));
        assert_eq!(r("鄂州市"), Some("全市"));
        assert_eq!(r("鄂州市华容县"), None);
        assert_eq!(r("鄂州市全市"), None);
        assert_eq!(c.resolve_unit("鄂州市交通运输局"), Some("市交通运输局"));
        assert_eq!(c.resolve_unit("鄂州市市交通运输局"), Some("市交通运输局"));
    }
}

//! Policy text → draft catalog. A municipal 工作要点 / 实施意见 / 任务分工 document becomes the same
//! TOML and CSV files as `indicators/` and `seeds/`, plus a list of what the extractor was unsure
//! of (review.md), for a person to review before the catalog is used.
//!
//! Stages, one file each: [`scan`] (folding, brackets, quotes) → [`structure`] (title, headed
//! parts, numbered paragraphs) → [`outline`] (sections and items) → [`units`] (responsible units
//! and districts) → [`numbers`] + [`indicators`] (targets) → [`places`] (districts and towns
//! named) → [`plan`] (goals, key tasks, levers). Rules are general and every guess is noted; the
//! extractor never fails on its input, it reports.

pub mod districts;
pub mod indicators;
pub mod items;
pub mod meta;
pub mod numbers;
pub mod outline;
pub mod places;
pub mod plan;
pub mod review;
pub mod scan;
pub mod structure;
pub mod table;
pub mod units;

use std::path::Path;

pub use review::{NoteKind, ReviewNote};

use crate::catalog::{CatalogFile, District, PlanMeta, Town, UnitInfo};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The districts table (`code,name,type,aliases`); without it districts are gathered from the
    /// unit lists (plus the bundled Ezhou ones when the text names 鄂州).
    pub districts: Option<Vec<District>>,
    /// The policy file's name, recorded as the plan's `source`.
    pub source_name: Option<String>,
}

/// A draft catalog: the parts of `plan.toml` and `items.toml`, the seed tables and the review.
#[derive(Debug, Clone)]
pub struct Draft {
    /// `[plan]`, sections, goals, key tasks and levers.
    pub plan: CatalogFile,
    /// Work items with their indicators.
    pub items: CatalogFile,
    pub districts: Vec<District>,
    pub units: Vec<UnitInfo>,
    pub towns: Vec<Town>,
    pub review: Vec<ReviewNote>,
}

/// Decodes a policy file (UTF-8, UTF-8 with BOM, else GB18030/GBK) and extracts it.
pub fn extract_bytes(bytes: &[u8], opts: &ExtractOptions) -> Draft {
    extract(&crate::ingest::workbook::decode_text(bytes), opts)
}

/// Extracts a draft catalog from policy text. Never fails: what cannot be read is noted.
pub fn extract(text: &str, opts: &ExtractOptions) -> Draft {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut notes: Vec<ReviewNote> = Vec::new();
    let doc = structure::parse(&text);
    let ezhou = text.contains("鄂州");
    let mut table = districts::Table::new(opts.districts.as_ref(), ezhou, &mut notes);
    let item_parts = outline::item_parts(&doc, &mut notes);
    let raw_sections = outline::sections(&doc, &item_parts, &mut notes);
    let year = meta::plan_year(&doc, &text, &mut notes);
    let built = items::build(&raw_sections, &mut table, year, &mut notes);
    items::summary_notes(&built, &mut notes);
    let around = plan::around(&doc, &item_parts, &built, &mut notes);
    let meta = PlanMeta {
        name: meta::plan_name(&doc),
        region: meta::plan_region(&doc.title, &text, ezhou, &mut notes),
        year,
        seeds: ".".to_string(),
        source: opts.source_name.clone(),
    };
    Draft {
        plan: CatalogFile {
            plan: Some(meta),
            sections: built.sections,
            goals: around.goals,
            tasks: around.tasks,
            levers: around.levers,
            ..Default::default()
        },
        items: CatalogFile {
            items: built.items,
            ..Default::default()
        },
        districts: table.districts,
        units: built.units,
        towns: built.towns,
        review: notes,
    }
}

impl Draft {
    /// The files of the draft folder with their contents, in a fixed order.
    pub fn files(&self) -> Result<Vec<(&'static str, String)>> {
        let source = self
            .plan
            .plan
            .as_ref()
            .and_then(|p| p.source.clone())
            .unwrap_or_else(|| "政策文本".to_string());
        let header =
            format!("# 由 dabiao extract 从 {source} 生成的草稿，须人工审核（见 review.md）。\n\n");
        let toml = |f: &CatalogFile| {
            toml::to_string(f).map_err(|e| Error::Usage(format!("草稿无法写成 TOML: {e}")))
        };
        Ok(vec![
            ("plan.toml", format!("{header}{}", toml(&self.plan)?)),
            ("items.toml", format!("{header}{}", toml(&self.items)?)),
            (
                "districts.csv",
                csv_of(
                    &["code", "name", "type", "aliases"],
                    self.districts
                        .iter()
                        .map(|d| vec![&d.code, &d.name, &d.kind, &d.aliases]),
                ),
            ),
            (
                "units.csv",
                csv_of(
                    &["name", "type", "aliases"],
                    self.units
                        .iter()
                        .map(|u| vec![&u.name, &u.kind, &u.aliases]),
                ),
            ),
            (
                "towns.csv",
                csv_of(
                    &["name", "district", "source"],
                    self.towns
                        .iter()
                        .map(|t| vec![&t.name, &t.district, &t.source]),
                ),
            ),
            ("review.md", review::render(&self.review, &source)),
        ])
    }

    pub fn item_count(&self) -> usize {
        self.items.items.len()
    }
}

fn csv_of<'a>(header: &[&str], rows: impl Iterator<Item = Vec<&'a String>>) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Writes the draft's files into `dir` (created if missing), replacing files of the same names.
pub fn write_draft(draft: &Draft, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (name, body) in draft.files()? {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, body).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

//! The charts a report or bulletin carries, chosen from what the data holds so that any
//! catalog and warehouse gets them (the demo's are the same): completion by indicator; the
//! month-by-month path and the district figures of the indicator furthest behind schedule; the
//! work items by month; reporting; and the first goal whose numbers are set.

use std::path::Path;

use super::{render, ChartData, ChartOptions, Format, Kind, Lang};
use crate::catalog::CITY;
use crate::error::{Error, Result};

/// Which document the charts are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    /// The year-end report: every kind that has data.
    Report,
    /// The monthly bulletin: completion and reporting.
    Bulletin,
}

/// One chart drawn for a document: SVG always, PNG when asked for and a CJK font is there.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    pub title: String,
    pub kind: Kind,
    pub svg: String,
    pub png: Option<Vec<u8>>,
}

/// The charts of a set with their titles, in reading order.
pub fn kinds(set: Set, data: &ChartData, lang: Lang) -> Vec<(String, Kind)> {
    let t = |zh: &str, en: &str| match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    };
    let mut out = vec![(
        t("各指标完成率", "Completion by indicator"),
        Kind::Completion,
    )];
    if set == Set::Report {
        if let Some((code, name, districts)) = furthest_behind(data, lang) {
            let title = match lang {
                Lang::Zh => format!("{name}（{code}）逐月进度"),
                Lang::En => format!("{name} ({code}) month by month"),
            };
            out.push((
                title,
                Kind::Trajectory {
                    indicator: code.clone(),
                    districts,
                },
            ));
            if districts {
                let title = match lang {
                    Lang::Zh => format!("各区{name}（{code}）"),
                    Lang::En => format!("{name} ({code}) by district"),
                };
                out.push((title, Kind::Districts { indicator: code }));
            }
        }
        out.push((t("工作要点逐月状态", "Work items by month"), Kind::Heatmap));
    }
    out.push((t("报送情况", "Reporting"), Kind::Completeness));
    if set == Set::Report {
        if let Some(g) = data
            .goals
            .iter()
            .find(|g| g.target.is_some() && g.baseline.is_some())
        {
            let name = data.name(&g.indicator, &g.name, lang);
            let title = match lang {
                Lang::Zh => format!("{name}目标（{}）", g.indicator),
                Lang::En => format!("Goal: {name} ({})", g.indicator),
            };
            out.push((
                title,
                Kind::Goal {
                    indicator: g.indicator.clone(),
                },
            ));
        }
    }
    out
}

/// The lagging indicator with the lowest schedule gap (city row), its name, and whether it
/// has district rows to draw.
fn furthest_behind(data: &ChartData, lang: Lang) -> Option<(String, String, bool)> {
    let r = (data.rows.iter())
        .filter(|r| r.district == CITY && matches!(r.status.as_str(), "滞后" | "严重滞后"))
        .filter(|r| r.gap_pp.is_some())
        .min_by(|a, b| a.gap_pp.unwrap_or(0.0).total_cmp(&b.gap_pp.unwrap_or(0.0)))?;
    let districts = !data.district_rows(&r.indicator).is_empty();
    Some((
        r.indicator.clone(),
        data.name(&r.indicator, &r.name, lang),
        districts,
    ))
}

/// Draws the charts of a set (see [`draw_kinds`]).
pub fn draw(
    set: Set,
    data: &ChartData,
    lang: Lang,
    png: bool,
    font: Option<&Path>,
) -> Result<(Vec<Drawn>, Option<String>)> {
    draw_kinds(kinds(set, data, lang), data, lang, png, font)
}

/// Draws each chart as SVG and, with `png`, also as PNG with the system's (or the given) CJK
/// font. Without a font the SVGs are still drawn and the reason PNG is missing returned.
pub fn draw_kinds(
    kinds: Vec<(String, Kind)>,
    data: &ChartData,
    lang: Lang,
    png: bool,
    font: Option<&Path>,
) -> Result<(Vec<Drawn>, Option<String>)> {
    let mut no_png = None;
    let mut out = Vec::new();
    for (title, kind) in kinds {
        let opts = ChartOptions {
            lang,
            font: font.map(Path::to_path_buf),
            ..Default::default()
        };
        let svg = String::from_utf8_lossy(&render(&kind, data, &opts)?).into_owned();
        let png = if png && no_png.is_none() {
            let opts = ChartOptions {
                format: Format::Png,
                ..opts
            };
            match render(&kind, data, &opts) {
                Ok(bytes) => Some(bytes),
                Err(Error::Chart(why)) => {
                    no_png = Some(why);
                    None
                }
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        out.push(Drawn {
            title,
            kind,
            svg,
            png,
        });
    }
    Ok((out, no_png))
}

//! Status bands on the schedule gap (completion − time progress, in percentage points).
//! Configurable in `dabiao.toml`; checked at load so every gap falls in exactly one band.

use serde::{Deserialize, Serialize};

/// A half-open band `[min_pp, max_pp)`; an absent bound is unbounded.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub status: String,
    pub min_pp: Option<f64>,
    pub max_pp: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    pub bands: Vec<Band>,
}

/// Statuses a band may carry; 已完成, 未报送 and 无目标 are decided before the gap is looked at.
pub const BAND_STATUSES: [&str; 4] = ["超序时", "正常", "滞后", "严重滞后"];

impl Default for Bands {
    /// 超序时 ≥ +5 pp; 正常 −5 to +5; 滞后 −20 to −5; 严重滞后 below −20.
    fn default() -> Self {
        let b = |status: &str, min_pp, max_pp| Band {
            status: status.to_string(),
            min_pp,
            max_pp,
        };
        Bands {
            bands: vec![
                b("超序时", Some(5.0), None),
                b("正常", Some(-5.0), Some(5.0)),
                b("滞后", Some(-20.0), Some(-5.0)),
                b("严重滞后", None, Some(-20.0)),
            ],
        }
    }
}

impl Bands {
    /// The bands must tile the whole line: no gap, no overlap, unbounded at both ends.
    pub fn check(&self) -> Result<(), String> {
        if self.bands.is_empty() {
            return Err("progress.bands 不能为空".into());
        }
        for b in &self.bands {
            if !BAND_STATUSES.contains(&b.status.as_str()) {
                return Err(format!(
                    "状态“{}”不可用（可用: {}）",
                    b.status,
                    BAND_STATUSES.join("、")
                ));
            }
            if let (Some(lo), Some(hi)) = (b.min_pp, b.max_pp) {
                if lo >= hi {
                    return Err(format!("状态“{}”的区间 [{lo}, {hi}) 为空", b.status));
                }
            }
        }
        let mut sorted: Vec<&Band> = self.bands.iter().collect();
        sorted.sort_by(|a, b| {
            a.min_pp
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&b.min_pp.unwrap_or(f64::NEG_INFINITY))
        });
        if sorted[0].min_pp.is_some() {
            return Err(format!(
                "低于 {} 个百分点的差距不属于任何状态",
                sorted[0].min_pp.unwrap_or_default()
            ));
        }
        if let Some(hi) = sorted[sorted.len() - 1].max_pp {
            return Err(format!("高于 {hi} 个百分点的差距不属于任何状态"));
        }
        for w in sorted.windows(2) {
            match (w[0].max_pp, w[1].min_pp) {
                (Some(a), Some(b)) if a < b => {
                    return Err(format!(
                        "区间 [{a}, {b}) 之间有空缺（“{}”与“{}”之间）",
                        w[0].status, w[1].status
                    ))
                }
                (Some(a), Some(b)) if a > b => {
                    return Err(format!(
                        "“{}”与“{}”的区间重叠（{b} 到 {a}）",
                        w[0].status, w[1].status
                    ))
                }
                (None, _) => return Err(format!("“{}”没有上限，却不是最高的区间", w[0].status)),
                _ => {}
            }
        }
        Ok(())
    }

    /// The status for a gap in percentage points.
    pub fn classify(&self, gap_pp: f64) -> &str {
        self.bands
            .iter()
            .find(|b| {
                b.min_pp.is_none_or(|lo| gap_pp >= lo) && b.max_pp.is_none_or(|hi| gap_pp < hi)
            })
            .map_or("正常", |b| b.status.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_edges() {
        let b = Bands::default();
        b.check().unwrap();
        assert_eq!(b.classify(5.0), "超序时");
        assert_eq!(b.classify(4.999), "正常");
        assert_eq!(b.classify(-5.0), "正常");
        assert_eq!(b.classify(-5.001), "滞后");
        assert_eq!(b.classify(-20.0), "滞后");
        assert_eq!(b.classify(-20.001), "严重滞后");
    }

    #[test]
    fn gaps_and_overlaps_are_refused() {
        let mut b = Bands::default();
        b.bands[1].max_pp = Some(4.0);
        assert!(b.check().unwrap_err().contains("空缺"));
        let mut b = Bands::default();
        b.bands[1].max_pp = Some(6.0);
        assert!(b.check().unwrap_err().contains("重叠"));
        let mut b = Bands::default();
        b.bands[3].min_pp = Some(-50.0);
        assert!(b.check().is_err());
    }
}

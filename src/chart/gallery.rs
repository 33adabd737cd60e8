//! Made-up but realistic submissions for the bundled Ezhou catalog, as of 2022-06, run through
//! the progress rules: the charts a statistician would see half-way through the year.

use polars::prelude::*;

use super::ChartData;
use crate::catalog::{Catalog, MeasureKind, YearValue, CITY};
use crate::progress::{Bands, Options, TimeBasis};

/// A small deterministic hash of a code, for varied but repeatable numbers.
fn h(s: &str) -> u32 {
    s.bytes().fold(2166136261u32, |a, b| {
        (a ^ u32::from(b)).wrapping_mul(16777619)
    })
}

#[derive(Default)]
struct Obs {
    indicator: Vec<String>,
    district: Vec<String>,
    year: Vec<i32>,
    month: Vec<i32>,
    value: Vec<Option<f64>>,
    cumulative: Vec<Option<f64>>,
    unit: Vec<String>,
    received: Vec<String>,
}

impl Obs {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        ind: &str,
        d: &str,
        y: i32,
        m: u32,
        v: Option<f64>,
        c: Option<f64>,
        unit: &str,
        day: u32,
    ) {
        self.indicator.push(ind.into());
        self.district.push(d.into());
        self.year.push(y);
        self.month.push(m as i32);
        self.value.push(v);
        self.cumulative.push(c);
        self.unit.push(unit.into());
        let (ry, rm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        self.received
            .push(format!("{ry:04}-{rm:02}-{day:02}T09:00:00+00:00"));
    }

    fn frame(self) -> DataFrame {
        let n = self.indicator.len();
        let blank = vec![""; n];
        df!(
            "indicator" => self.indicator, "district" => self.district, "year" => self.year,
            "month" => self.month, "value" => self.value, "cumulative" => self.cumulative,
            "reporting_unit" => self.unit, "submission" => blank.clone(), "received_at" => self.received,
            "file" => blank.clone(), "sheet" => blank.clone(), "cell" => blank
        )
        .expect("gallery frame")
    }
}

pub(crate) fn ezhou_2022_06() -> ChartData {
    let mut catalog = Catalog::bundled().expect("bundled catalog");
    for (code, base, t25, t35) in [
        ("G-05", 19_570.0, 28_000.0, 55_000.0),
        ("G-02", 66.3, 70.0, 78.0),
    ] {
        if let Some(e) = catalog.indicators.iter_mut().find(|e| e.def.code == code) {
            if let Some(g) = e.def.goal.as_mut() {
                g.baseline = Some(YearValue {
                    year: 2020,
                    value: base,
                });
                g.targets = vec![
                    YearValue {
                        year: 2025,
                        value: t25,
                    },
                    YearValue {
                        year: 2035,
                        value: t35,
                    },
                ];
            }
        }
    }
    let (year, month) = (2022, 6u32);
    let mut obs = Obs::default();
    for e in &catalog.indicators {
        let code = e.def.code.as_str();
        let r = h(code);
        // About one indicator in eight has not been reported at all.
        if e.item.is_some() && r.is_multiple_of(8) {
            continue;
        }
        // Pace relative to the straight path: 0.3 (far behind) … 1.5 (ahead).
        let pace = 0.3 + f64::from(r % 13) / 10.0;
        let late_day = if r.is_multiple_of(5) { 18 } else { 6 };
        let scopes: Vec<String> = if let Some(d) = &e.def.district {
            vec![d.clone()]
        } else if e.def.by_district {
            std::iter::once(CITY)
                .chain(catalog.district_names())
                .map(|s| s.to_string())
                .collect()
        } else {
            vec![CITY.to_string()]
        };
        if e.def.goal.is_some() {
            let (v20, v21) = match code {
                "G-05" => (19_570.0, 21_180.0),
                "G-06" => (40_100.0, 43_300.0),
                "G-02" => (66.3, 66.9),
                "G-01" => (2.07, 2.03),
                _ => (50.0 + f64::from(r % 30), 52.0 + f64::from(r % 30)),
            };
            obs.push(code, CITY, 2020, 12, Some(v20), None, &e.reporter, 8);
            obs.push(code, CITY, 2021, 12, Some(v21), None, &e.reporter, 8);
            continue;
        }
        for d in &scopes {
            let n = catalog.districts.len() as f64;
            let city_target = e.target(year, CITY).unwrap_or(1.0);
            let share = if e.def.unit == "%" {
                city_target
            } else {
                (city_target / n).ceil()
            };
            let target = e.target(year, d).unwrap_or(share);
            // Districts run at their own pace around the indicator's.
            let pace = if d == CITY {
                pace
            } else {
                pace * (0.5 + f64::from(h(d) % 10) / 9.0)
            };
            let mut cum = 0.0;
            for m in 1..=month {
                if (r + m).is_multiple_of(9) && m != month {
                    continue; // a month without a report
                }
                let path = target * f64::from(m) / 12.0 * pace;
                match e.def.kind {
                    MeasureKind::Flow => {
                        let v = ((path - cum).max(0.0) * 10.0).round() / 10.0;
                        cum += v;
                        obs.push(code, d, year, m, Some(v), None, &e.reporter, late_day);
                    }
                    MeasureKind::Milestone => {
                        let done = pace >= 1.2 && m >= 4;
                        obs.push(
                            code,
                            d,
                            year,
                            m,
                            Some(f64::from(u8::from(done))),
                            None,
                            &e.reporter,
                            late_day,
                        );
                    }
                    _ => {
                        let start = target * 0.2;
                        let v = ((start + (target - start) * f64::from(m) / 12.0 * pace) * 10.0)
                            .round()
                            / 10.0;
                        obs.push(code, d, year, m, Some(v), None, &e.reporter, late_day);
                    }
                }
            }
        }
    }
    let observations = obs.frame();
    let items: Vec<u32> = catalog
        .items
        .iter()
        .filter(|i| catalog.item_indicators(i.no).next().is_none())
        .map(|i| i.no)
        .collect();
    let (mut it, mut yr, mut mo, mut st, mut pc) = (vec![], vec![], vec![], vec![], vec![]);
    for no in items {
        let r = h(&no.to_string());
        if r.is_multiple_of(6) {
            continue;
        }
        for m in 1..=month {
            let p = (f64::from(m) / 12.0 * 100.0 * (0.4 + f64::from(r % 10) / 8.0)).min(100.0);
            it.push(no as i32);
            yr.push(year);
            mo.push(m as i32);
            st.push(if p >= 100.0 {
                "已完成"
            } else if m == 1 && r.is_multiple_of(3) {
                "未启动"
            } else {
                "推进中"
            });
            pc.push(Some(p.round()));
        }
    }
    let statuses = df!("item" => it, "year" => yr, "month" => mo, "status" => st, "percent" => pc)
        .expect("statuses frame");
    let opts = Options {
        year,
        month,
        day: None,
        basis: TimeBasis::Months,
        bands: Bands::default(),
        ytd: Default::default(),
    };
    ChartData::compute(
        &catalog,
        &observations,
        &statuses,
        &observations,
        &opts,
        Default::default(),
    )
    .expect("chart data")
}

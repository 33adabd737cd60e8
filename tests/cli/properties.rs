//! Property tests (issue 11): formatting and parsing round trips, districts adding up to the city,
//! and a store that does not depend on the order files were ingested in.

use std::path::Path;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use dabiao::catalog::{Catalog, CatalogSource, SourceFile};
use dabiao::ingest::cell::{format_number, parse_number};
use dabiao::ingest::Period;
use dabiao::progress::annual::annual;
use dabiao::progress::frame::Obs;
use dabiao::progress::{Bands, Options, TimeBasis};

proptest! {
    /// Every finite number a workbook can hold prints in a form that reads back as itself.
    #[test]
    fn format_number_then_parse_number_is_the_same_number(n in any::<f64>().prop_filter("finite", |n| n.is_finite())) {
        prop_assert_eq!(parse_number(&format_number(n)), Some(n));
    }

    /// Integers are printed without a fraction and read back exactly.
    #[test]
    fn whole_numbers_print_without_a_fraction(n in -999_999_999_999_999i64..=999_999_999_999_999) {
        let s = format_number(n as f64);
        prop_assert_eq!(&s, &n.to_string());
        prop_assert_eq!(parse_number(&s), Some(n as f64));
    }

    /// `YYYY-MM` and `YYYY年M月` both read back as the period they came from.
    #[test]
    fn period_display_then_parse_is_the_same_period(year in 1900i32..=2200, month in 1u32..=12) {
        let p = Period::new(year, month).unwrap();
        prop_assert_eq!(Period::parse_iso(&p.to_string()), Some(p));
        prop_assert_eq!(Period::parse_iso(&p.zh()), Some(p));
    }
}

const PLAN: &str = r#"
[plan]
name = "测试规划"
region = "测试市"
year = 2022

[[sections]]
no = 1
title = "交通"

[[items]]
no = 1
section = 1
text = "新改建农村公路"
units = ["市交通运输局"]
districts = ["各区"]
[[items.indicators]]
code = "ROAD"
name = "新改建农村公路"
unit = "公里"
kind = "flow"
by_district = true
targets = [{ year = 2022, value = 50 }]
source = "新改建农村公路"
"#;

fn sum_catalog() -> Catalog {
    let f = |name: &str, text: &str| SourceFile {
        name: name.into(),
        text: text.into(),
    };
    Catalog::from_source(CatalogSource {
        origin: "test".into(),
        tomls: vec![f("plan.toml", PLAN)],
        seeds: vec![
            f(
                "districts.csv",
                "code,name,type,aliases\nA,甲区,区,\nB,乙区,区,\nC,丙区,区,\n",
            ),
            f("units.csv", "name,type,aliases\n市交通运输局,市直部门,\n"),
        ],
    })
    .unwrap()
}

const DISTRICTS: [&str; 3] = ["甲区", "乙区", "丙区"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For a sum indicator the city's year-to-date actual is the sum of the districts' actuals,
    /// whatever the districts report (some months missing included).
    #[test]
    fn districts_add_up_to_the_city(
        values in proptest::collection::vec(proptest::option::of(0.0f64..1e6), 18),
        as_of in 1u32..=12,
    ) {
        let catalog = sum_catalog();
        let mut obs = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let (district, month) = (DISTRICTS[i % 3], (i / 3) as u32 + 1);
            if let Some(v) = v {
                obs.push(Obs {
                    indicator: "ROAD".into(),
                    district: district.into(),
                    year: 2022,
                    month,
                    value: Some(*v),
                    cumulative: None,
                    reporting_unit: "市交通运输局".into(),
                    received_at: format!("2022-{:02}-05T00:00:00+00:00", month + 1).into(),
                });
            }
        }
        let opts = Options { year: 2022, month: as_of, day: None, basis: TimeBasis::Months, bands: Bands::default(), ytd: Default::default() };
        let rows = annual(&catalog, &obs, &opts);
        let actual = |d: &str| rows.iter().find(|r| r.indicator == "ROAD" && r.district == d).and_then(|r| r.actual);
        let districts: Vec<f64> = DISTRICTS.iter().filter_map(|d| actual(d)).collect();
        match actual("全市") {
            Some(city) => {
                let sum: f64 = districts.iter().sum();
                prop_assert!((city - sum).abs() <= 1e-9 * sum.abs().max(1.0), "city {} ≠ Σ districts {}", city, sum);
            }
            None => prop_assert!(districts.is_empty(), "no city figure but districts {:?}", districts),
        }
    }
}

/// Submission `i`: T17-01 in 华容区 for June 2022 with value `v` (distinct bytes per `i`).
fn submission(i: usize, v: u32) -> Vec<u8> {
    format!(
        "填报单位：市交通运输局\n指标编码,区域,报告期,本月完成,备注\nT17-01,华容区,2022年6月,{v},第{i}次\nT17-04,鄂城区,2022年{},{},\n",
        i % 6 + 1,
        i
    )
    .into_bytes()
}

/// The current observations, as comparable text rows.
fn current(root: &Path) -> Vec<String> {
    let wh = dabiao::store::Warehouse::open(root).unwrap();
    let df = wh.observations(&Default::default()).unwrap();
    let cols: Vec<Vec<String>> = ["indicator", "district", "year", "month", "value", "file"]
        .iter()
        .map(|c| {
            let col = df
                .column(c)
                .unwrap()
                .cast(&polars::prelude::DataType::String)
                .unwrap();
            col.str()
                .unwrap()
                .iter()
                .map(|v| v.unwrap_or("").to_string())
                .collect()
        })
        .collect();
    let mut rows: Vec<String> = (0..df.height())
        .map(|i| {
            cols.iter()
                .map(|c| c[i].as_str())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    rows.sort();
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Ingesting distinct submissions (distinct, fixed receipt times) in any order gives the same
    /// current observations: the latest receipt wins, not the latest ingest.
    #[test]
    fn ingest_order_does_not_change_the_store(
        values in proptest::collection::vec(0u32..100, 2..6),
        seed in any::<u64>(),
    ) {
        let catalog = super::catalog();
        let reports: Vec<_> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                dabiao::ingest::read_bytes(catalog, Path::new(&format!("s{i}.csv")), &submission(i, *v), &Default::default())
            })
            .collect();
        let at = |i: usize| Utc.with_ymd_and_hms(2022, 7, 1 + i as u32, 9, 0, 0).unwrap();
        // In order, then in a shuffled order.
        let mut order: Vec<usize> = (0..reports.len()).collect();
        let mut s = seed;
        for i in (1..order.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (s >> 33) as usize % (i + 1));
        }
        let mut stores = Vec::new();
        for ord in [(0..reports.len()).collect::<Vec<_>>(), order] {
            let dir = tempfile::tempdir().unwrap();
            let wh = dabiao::store::Warehouse::open(dir.path()).unwrap();
            for i in ord {
                wh.ingest(std::slice::from_ref(&reports[i]), at(i), false).unwrap();
            }
            stores.push((current(dir.path()), dir));
        }
        prop_assert_eq!(&stores[0].0, &stores[1].0);
        // The last received file's value is the current one for the shared key.
        let last = format!("s{}.csv", values.len() - 1);
        prop_assert!(stores[0].0.iter().any(|r| r.contains("华容区") && r.contains(&last)), "{:?}", stores[0].0);
    }
}

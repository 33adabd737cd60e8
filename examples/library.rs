//! Using dabiao as a library: read one submission, check it, and compute progress — without the
//! command line. Run with `cargo run --example library`; `cargo test` runs it too.

use dabiao::catalog::Catalog;
use dabiao::ingest::{read_bytes, ReadOptions};
use dabiao::progress::{self, Bands, Options, TimeBasis};

/// Reads a submission and computes progress as of June 2022, printing the problems found.
fn june_progress(catalog: &Catalog, name: &str, csv: &str) -> dabiao::Result<progress::Progress> {
    let report = read_bytes(
        catalog,
        name.as_ref(),
        csv.as_bytes(),
        &ReadOptions::default(),
    );
    for d in &report.diagnostics {
        println!(
            "{} {}!{} {}: {}",
            d.severity.zh(),
            d.sheet,
            d.cell,
            d.code,
            d.message
        );
    }
    // Without a warehouse, observations become the frame the store would give.
    let frame = observations_frame(&report.observations)?;
    let opts = Options {
        year: 2022,
        month: 6,
        day: None,
        basis: TimeBasis::Months,
        bands: Bands::default(),
        ytd: Default::default(),
    };
    progress::compute(catalog, &frame, &polars::prelude::DataFrame::empty(), &opts)
}

fn main() -> dabiao::Result<()> {
    let catalog = Catalog::bundled()?;
    // A June submission from the transport bureau, as CSV (any workbook format works the same).
    let csv = "填报单位：市交通运输局\n\
               指标编码,区域,报告期,本月完成,累计完成\n\
               T17-01,鄂城区,2022年6月,2,12\n\
               T17-01,华容区,2022年6月,3,18\n\
               T17-04,全市,2022年6月,2,9\n\
               T17-01,华容县,2022年6月,1,4\n";
    let p = june_progress(&catalog, "202206_市交通运输局.csv", csv)?;
    for r in p
        .rows
        .iter()
        .filter(|r| r.district == "全市" && r.item == Some(17) && r.actual.is_some())
    {
        println!(
            "{} {}: {:?} / {:?} → {:?} ({})",
            r.indicator, r.name, r.actual, r.target, r.completion, r.status
        );
    }
    Ok(())
}

fn observations_frame(
    obs: &[dabiao::ingest::Observation],
) -> dabiao::Result<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let s = |f: fn(&dabiao::ingest::Observation) -> String| obs.iter().map(f).collect::<Vec<_>>();
    Ok(df!(
        "indicator" => s(|o| o.indicator.clone()),
        "district" => s(|o| o.district.clone()),
        "year" => obs.iter().map(|o| o.period.year).collect::<Vec<_>>(),
        "month" => obs.iter().map(|o| o.period.month as i32).collect::<Vec<_>>(),
        "value" => obs.iter().map(|o| o.value).collect::<Vec<_>>(),
        "cumulative" => obs.iter().map(|o| o.cumulative).collect::<Vec<_>>(),
        "reporting_unit" => s(|o| o.reporting_unit.to_string()),
        "received_at" => s(|_| "2022-07-05T00:00:00+00:00".to_string()),
    )?)
}

#[test]
fn the_example_computes_june_progress() {
    main().unwrap();
    let catalog = Catalog::bundled().unwrap();
    let csv = "指标编码,区域,报告期,累计完成\nT17-01,鄂城区,2022-06,12\nT17-01,华容区,2022-06,18\n";
    let p = june_progress(&catalog, "x.csv", csv).unwrap();
    let road = p
        .rows
        .iter()
        .find(|r| r.indicator == "T17-01" && r.district == "全市")
        .unwrap();
    // 12 + 18 = 30 of 50 km → 60 % against 50 % → +10 pp → 超序时.
    assert_eq!(
        (road.actual, road.completion, road.status.as_str()),
        (Some(30.0), Some(0.6), "超序时")
    );
}

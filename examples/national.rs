//! A national-sized synthetic warehouse for the scale benchmark (`benches/README.md`):
//! U reporting units × 12 months × R indicator rows per submission (default 3 000 × 12 × 60 ≈
//! 2.16 M observations), stored through the library's own `Warehouse::ingest`, plus the catalog
//! folder that describes it (R × U / 5 indicators, each reported by district with a target).
//!
//! usage: cargo run --release --example national -- OUT_DIR [UNITS] [ROWS]
//! Then: dabiao --catalog OUT_DIR/catalog --warehouse OUT_DIR/warehouse progress --as-of 2022-12
//!       dabiao ... report --as-of 2022-12 -o report.html

use std::fmt::Write as _;
use std::path::PathBuf;

use dabiao::catalog::Catalog;
use dabiao::ingest::{FileReport, Observation, Period, SheetSummary};
use dabiao::store::Warehouse;

const DISTRICTS: [&str; 5] = ["鄂城区", "华容区", "梁子湖区", "葛店开发区", "临空经济区"];

fn code(i: usize) -> String {
    format!("N{:03}-{:02}", i / 99 + 1, i % 99 + 1)
}

/// A small deterministic pseudo-random number in [0, 1).
fn rnd(a: usize, b: usize) -> f64 {
    let mut x =
        (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (b as u64).wrapping_add(0x632B_E59B);
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

fn main() -> dabiao::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: national OUT_DIR [UNITS] [ROWS]"));
    let units: usize = args.next().map_or(3000, |s| s.parse().expect("UNITS"));
    let rows: usize = args.next().map_or(60, |s| s.parse().expect("ROWS"));
    let pairs = units * rows;
    let n_ind = pairs.div_ceil(DISTRICTS.len());
    let unit_name = |u: usize| format!("单位{:04}", u + 1);

    // The catalog.
    let cat = out.join("catalog");
    std::fs::create_dir_all(&cat).map_err(|e| dabiao::Error::io(&cat, e))?;
    let mut d = String::from("code,name,type,aliases\n");
    for (i, n) in DISTRICTS.iter().enumerate() {
        writeln!(d, "D{i},{n},区,").unwrap();
    }
    let mut u = String::from("name,type,aliases\n");
    for k in 0..units {
        writeln!(u, "{},市直部门,", unit_name(k)).unwrap();
    }
    let mut plan = String::from(
        "[plan]\nname = \"全国规模测试\"\nregion = \"测试市\"\nyear = 2022\n\n[[sections]]\nno = 1\ntitle = \"测试\"\n\n",
    );
    let target = |p: usize| (50.0 + 1000.0 * rnd(p, 0) * 100.0).round() / 100.0;
    for i in 0..n_ind {
        let ts: Vec<String> = (0..DISTRICTS.len())
            .map(|k| {
                let p = i * DISTRICTS.len() + k;
                format!(
                    "{{ year = 2022, scope = \"{}\", value = {} }}",
                    DISTRICTS[k],
                    target(p)
                )
            })
            .collect();
        write!(
            plan,
            "[[indicators]]\ncode = \"{c}\"\nname = \"指标{c}\"\nunit = \"个\"\nkind = \"flow\"\nby_district = true\nreporter = \"{r}\"\ntargets = [{t}]\nsource = \"指标{c}\"\n\n",
            c = code(i),
            r = unit_name(i * DISTRICTS.len() / rows),
            t = ts.join(", ")
        )
        .unwrap();
    }
    let w = |name: &str, text: &str| {
        let p = cat.join(name);
        std::fs::write(&p, text).map_err(|e| dabiao::Error::io(&p, e))
    };
    w("districts.csv", &d)?;
    w("units.csv", &u)?;
    w("plan.toml", &plan)?;
    let catalog = Catalog::from_dir(&cat)?;
    eprintln!("catalog: {} indicators", catalog.indicators.len());

    // The submissions, one per unit and month, ingested month by month.
    let wh = Warehouse::open(&out.join("warehouse"))?;
    for m in 1..=12u32 {
        let reports: Vec<FileReport> = (0..units)
            .map(|k| {
                let file = format!("2022{m:02}_{}.xlsx", unit_name(k));
                let observations: Vec<Observation> = (0..rows)
                    .map(|r| {
                        let p = k * rows + r;
                        let (i, dk) = (p / DISTRICTS.len(), p % DISTRICTS.len());
                        let inc = |mm: u32| {
                            (target(p) * 0.15 * rnd(p, mm as usize) * 100.0).round() / 100.0
                        };
                        let cum: f64 = (1..=m).map(inc).sum();
                        Observation {
                            indicator: code(i),
                            district: DISTRICTS[dk].to_string(),
                            period: Period {
                                year: 2022,
                                month: m,
                            },
                            value: Some(inc(m)),
                            cumulative: Some((cum * 100.0).round() / 100.0),
                            reporting_unit: unit_name(k).into(),
                            file: file.as_str().into(),
                            sheet: "填报表".into(),
                            cell: format!("F{}", r + 3),
                        }
                    })
                    .collect();
                FileReport {
                    sha256: format!("{:064x}", (m as usize) * 1_000_000 + k),
                    file,
                    size: 0,
                    reporting_unit: Some(unit_name(k)),
                    period: Some(Period {
                        year: 2022,
                        month: m,
                    }),
                    sheets: vec![SheetSummary {
                        name: "填报表".into(),
                        layout: None,
                        data_rows: rows,
                        accepted_rows: rows,
                        rejected_rows: 0,
                        skipped_rows: 0,
                    }],
                    observations,
                    statuses: Vec::new(),
                    diagnostics: Vec::new(),
                    unreadable: false,
                }
            })
            .collect();
        let t = chrono::NaiveDate::from_ymd_opt(2022 + i32::from(m == 12), m % 12 + 1, 5)
            .unwrap_or_default()
            .and_hms_opt(9, 0, 0)
            .unwrap_or_default()
            .and_utc();
        wh.ingest(&reports, t, false)?;
        eprintln!("month {m}: {} submissions stored", reports.len());
    }
    Ok(())
}

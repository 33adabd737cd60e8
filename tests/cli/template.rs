//! `dabiao template`: the generated workbook reads back through ingest exactly as filled.

use std::io::Read;

use dabiao::catalog::MeasureKind;
use dabiao::ingest::{Layout, Period};
use dabiao::template::{Fill, Filled, Template, HEADER_ROW};

use super::{catalog, d, dabiao, diags, o, obs, read};

fn june() -> Period {
    Period::new(2022, 6).unwrap()
}

fn transport(layout: Layout) -> Template {
    Template::new(catalog(), "市交通运输局", june(), layout).unwrap()
}

/// The sheet XML of a generated workbook's first sheet.
fn sheet_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn rows_follow_the_catalog_districts_and_aliases() {
    let t = transport(Layout::Long);
    let rows: Vec<(&str, &str)> = t
        .indicators
        .iter()
        .map(|r| (r.code.as_str(), r.district.as_str()))
        .collect();
    let districts = ["鄂城区", "华容区", "梁子湖区", "葛店开发区", "临空经济区"];
    let mut want = Vec::new();
    want.extend(districts.iter().map(|d| ("T17-01", *d)));
    want.extend(districts.iter().map(|d| ("T17-02", *d)));
    want.push(("T17-03", "全市"));
    want.extend(districts.iter().map(|d| ("T17-04", *d)));
    want.push(("T17-05", "华容区")); // the indicator's own district
    assert_eq!(rows, want);
    assert_eq!(t.file_name(), "202206_市交通运输局_填报表.xlsx");
    assert_eq!(t.sheet_name(), "6月");
    // An alias resolves to the catalog name.
    let t = Template::new(catalog(), "市文化和旅游局", june(), Layout::Long).unwrap();
    assert_eq!(t.unit, "市文旅局");
}

#[test]
fn unknown_unit_lists_the_units_that_report() {
    let e = Template::new(catalog(), "市气象局", june(), Layout::Long)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("市气象局") && e.contains("市交通运输局") && e.contains("市文旅局"),
        "{e}"
    );
    // A known unit with nothing to report in this layout is told so, with the list.
    let e = Template::new(catalog(), "市公安局", june(), Layout::Long)
        .unwrap_err()
        .to_string();
    assert!(e.contains("市公安局") && e.contains("市交通运输局"), "{e}");
}

/// A value per row that stays clear of every plausibility warning.
fn fill_for(t: &Template) -> Fill {
    let mut fill = Fill::new();
    for (i, r) in t.indicators.iter().enumerate() {
        let f = match r.kind {
            MeasureKind::Milestone => Filled {
                monthly: Some(1.0),
                cumulative: Some(1.0),
            },
            _ if r.unit == "%" => Filled {
                monthly: Some(60.0 + i as f64),
                cumulative: None,
            },
            _ if r.code == "T17-03" => Filled {
                monthly: None,
                cumulative: Some(1.0),
            },
            _ => Filled {
                monthly: Some(1.0 + (i % 3) as f64),
                cumulative: Some(4.0 + i as f64),
            },
        };
        fill.insert((r.code.clone(), r.district.clone()), f);
    }
    fill
}

#[test]
fn filled_long_template_reads_back_exactly() {
    let t = transport(Layout::Long);
    let fill = fill_for(&t);
    let bytes = t.to_xlsx_filled(catalog(), &fill).unwrap();
    let r = read(&t.file_name(), &bytes);
    let want: Vec<_> = t
        .indicators
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let f = fill[&(row.code.clone(), row.district.clone())];
            let col = if f.monthly.is_some() { "F" } else { "G" };
            let cell = format!("6月!{col}{}", HEADER_ROW as usize + 2 + i);
            o(
                &row.code,
                &row.district,
                "2022-06",
                f.monthly,
                f.cumulative,
                &cell,
            )
        })
        .collect();
    assert_eq!(obs(&r), want);
    assert_eq!(diags(&r), vec![]);
    assert_eq!(r.reporting_unit.as_deref(), Some("市交通运输局"));
    assert!(r
        .observations
        .iter()
        .all(|o| &*o.reporting_unit == "市交通运输局"));
    // The instructions sheet is read, found to hold no table, and not complained about.
    assert_eq!(r.sheets.len(), 2);
    assert_eq!(r.sheets[1].name, "填报说明");
    assert_eq!(r.sheets[1].layout, None);
}

#[test]
fn empty_long_template_is_an_error_though_each_blank_row_is_allowed() {
    let t = transport(Layout::Long);
    let r = read(&t.file_name(), &t.to_xlsx(catalog()).unwrap());
    assert_eq!(obs(&r), vec![]);
    // Each blank row is a month without data, as the template's instructions allow…
    let mut want: Vec<_> = (0..t.indicators.len())
        .map(|i| d(&format!("6月!F{}", 5 + i), "warning", "no_data"))
        .collect();
    // …but a file with nothing else is an empty template sent back.
    want.push(d("", "error", "blank_file"));
    assert_eq!(diags(&r), want);
    assert_eq!(r.sheets[0].data_rows, 17);
    assert_eq!(r.sheets[0].rejected_rows, 17);
}

#[test]
fn filled_wide_template_reads_back_exactly() {
    let t = transport(Layout::Wide);
    let fill = fill_for(&t);
    let bytes = t.to_xlsx_filled(catalog(), &fill).unwrap();
    let r = read(&t.file_name(), &bytes);
    // Wide sheets carry monthly values only: the June column is J.
    let want: Vec<_> = t
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let f = fill[&(row.code.clone(), row.district.clone())];
            f.monthly.map(|m| {
                o(
                    &row.code,
                    &row.district,
                    "2022-06",
                    Some(m),
                    None,
                    &format!("6月!J{}", 5 + i),
                )
            })
        })
        .collect();
    assert_eq!(obs(&r), want);
    // T17-03 has no monthly value in the fill, so its row is empty: no data this month.
    assert_eq!(diags(&r), vec![d("6月!A15", "warning", "no_data")]);
}

#[test]
fn empty_task_template_lists_the_items_the_unit_leads() {
    let t = transport(Layout::Task);
    assert_eq!(t.items.iter().map(|i| i.no).collect::<Vec<_>>(), vec![17]);
    let r = read(&t.file_name(), &t.to_xlsx(catalog()).unwrap());
    assert_eq!(r.sheets[0].layout, Some(Layout::Task));
    assert_eq!(diags(&r), vec![d("6月!C5", "error", "bad_status")]);
}

#[test]
fn template_has_protection_dropdowns_merged_title_and_frozen_header() {
    let t = transport(Layout::Long);
    let xml = sheet_xml(&t.to_xlsx(catalog()).unwrap());
    assert!(xml.contains("<sheetProtection"), "protected");
    assert!(xml.contains(r#"<mergeCell ref="A1:H1"/>"#), "merged title");
    assert!(xml.contains(r#"ySplit="4""#), "frozen under the header");
    assert!(
        xml.contains("\"全市,鄂城区,华容区,梁子湖区,葛店开发区,临空经济区\""),
        "district drop-down"
    );
    assert!(xml.contains("\"已完成,未完成\""), "milestone drop-down");
    assert!(xml.contains(r#"type="decimal""#), "number checks");
}

#[test]
fn cli_writes_the_default_name_refuses_to_overwrite_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    dabiao(dir.path())
        .args(["template", "--unit", "市交通运输局", "--period", "2022-06"])
        .assert()
        .code(0);
    let name = "202206_市交通运输局_填报表.xlsx";
    assert!(dir.path().join(name).exists());
    #[cfg(unix)]
    {
        // Sent to other units: readable by all, not owner-only like a temporary file.
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
    dabiao(dir.path())
        .args(["template", "--unit", "市交通运输局", "--period", "2022-06"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
    // An unfilled template is an error (nothing in it): exit 1.
    dabiao(dir.path()).args(["validate", name]).assert().code(1);
    dabiao(dir.path())
        .args([
            "template",
            "--unit",
            "市交通运输局",
            "--period",
            "2022年6月",
            "--layout",
            "task",
            "-o",
            "t.xlsx",
        ])
        .assert()
        .code(0);
    assert!(dir.path().join("t.xlsx").exists());
}

#[test]
fn cli_unknown_unit_or_period_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    dabiao(dir.path())
        .args(["template", "--unit", "市气象局", "--period", "2022-06"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("市交通运输局"));
    dabiao(dir.path())
        .args(["template", "--unit", "市交通运输局", "--period", "六月"])
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

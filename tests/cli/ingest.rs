//! Ingest quirks, one scenario per test: workbooks are generated here with rust_xlsxwriter so
//! each fixture shows exactly the quirk it pins. Observations and problem addresses are
//! compared exactly.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

use super::{catalog, d, diags, o, obs, read};
use dabiao::ingest::FileReport;

/// A cell to write.
#[derive(Clone)]
pub enum V {
    S(&'static str),
    N(f64),
    /// Nothing written.
    E,
}
use V::{E, N, S};

pub fn put(ws: &mut Worksheet, r: u32, c: u16, v: &V) {
    match v {
        S(s) => {
            ws.write_string(r, c, *s).unwrap();
        }
        N(n) => {
            ws.write_number(r, c, *n).unwrap();
        }
        E => {}
    }
}

pub fn put_row(ws: &mut Worksheet, r: u32, cells: &[V]) {
    for (c, v) in cells.iter().enumerate() {
        put(ws, r, c as u16, v);
    }
}

pub const LONG_HEADER: [V; 8] = [
    S("指标编码"),
    S("指标名称"),
    S("计量单位"),
    S("区域"),
    S("报告期"),
    S("本月完成"),
    S("累计完成"),
    S("备注"),
];

/// A workbook with one sheet: `above` rows, then the header, then `rows`.
pub fn one_sheet(name: &str, above: &[&[V]], header: &[V], rows: &[&[V]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    let mut r = 0;
    for row in above {
        put_row(ws, r, row);
        r += 1;
    }
    put_row(ws, r, header);
    for row in rows {
        r += 1;
        put_row(ws, r, row);
    }
    wb.save_to_buffer().unwrap()
}

/// Title, metadata and a long header; data from row 5.
fn standard(rows: &[&[V]]) -> Vec<u8> {
    one_sheet(
        "6月",
        &[
            &[S("2022年6月 鄂州市城乡融合发展指标填报表")],
            &[S("填报单位：市交通运输局"), E, E, E, S("报告期：2022年6月")],
            &[],
        ],
        &LONG_HEADER,
        rows,
    )
}

#[test]
fn title_rows_merged_title_and_metadata_block_above_the_header() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        7,
        "2022年6月 城乡融合发展指标填报表",
        &Format::new(),
    )
    .unwrap();
    put_row(
        ws,
        1,
        &[
            S("填报单位："),
            S("市交通运输局"),
            E,
            E,
            S("报告期："),
            S("2022年6月"),
        ],
    );
    put_row(ws, 2, &[S("单位：公里、个")]);
    put_row(ws, 4, &LONG_HEADER);
    put_row(
        ws,
        5,
        &[
            S("T17-01"),
            S("新改建农村公路"),
            S("公里"),
            S("华容区"),
            E,
            N(3.0),
            N(20.0),
        ],
    );
    put_row(
        ws,
        6,
        &[
            S("T17-03"),
            S("新改建乡镇综合运输服务站"),
            S("个"),
            E,
            E,
            N(0.0),
            N(1.0),
        ],
    );
    let r = read("report.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(r.reporting_unit.as_deref(), Some("市交通运输局"));
    assert_eq!(r.period.map(|p| p.to_string()).as_deref(), Some("2022-06"));
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "华容区",
                "2022-06",
                Some(3.0),
                Some(20.0),
                "6月!F6"
            ),
            o("T17-03", "全市", "2022-06", Some(0.0), Some(1.0), "6月!F7"),
        ]
    );
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn header_found_below_blank_rows_with_english_headers() {
    let bytes = one_sheet(
        "Sheet1",
        &[&[], &[S("Monthly indicators, June 2022")], &[]],
        &[
            S("Indicator Code"),
            S("Name"),
            S("Unit"),
            S("District"),
            S("Period"),
            S("This month"),
            S("YTD"),
            S("Remarks"),
        ],
        &[&[
            S("T17-04"),
            S("新建农村客运候车厅"),
            S("个"),
            S("鄂城区"),
            S("2022-06"),
            N(2.0),
            N(9.0),
            S("ok"),
        ]],
    );
    let r = read("june.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![o(
            "T17-04",
            "鄂城区",
            "2022-06",
            Some(2.0),
            Some(9.0),
            "Sheet1!F5"
        )]
    );
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn headers_with_spaces_full_width_forms_and_line_breaks() {
    let bytes = one_sheet(
        "6月",
        &[&[S("报告期：2022年6月")]],
        &[
            S("指标\n编码"),
            S(" 指标名称 "),
            S("计量\r\n单位"),
            S("区\u{3000}域"),
            S("本月完成（公里）"),
            S("累 计\n完 成"),
            S("ＮＯＴＥ"),
        ],
        &[&[
            S("T17-01"),
            S("新改建农村公路"),
            S("公里"),
            S("梁子湖区"),
            N(1.5),
            N(7.5),
            S(""),
        ]],
    );
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![o(
            "T17-01",
            "梁子湖区",
            "2022-06",
            Some(1.5),
            Some(7.5),
            "6月!E3"
        )]
    );
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn district_cell_merged_over_three_rows_applies_to_each() {
    let bytes = merged_district_workbook();
    let r = read("merged.xlsx", &bytes);
    assert_eq!(obs(&r), merged_district_expected());
    assert_eq!(diags(&r), vec![]);
}

pub fn merged_district_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        7,
        "2022年6月 城乡融合发展指标填报表",
        &Format::new(),
    )
    .unwrap();
    put_row(ws, 1, &[S("填报单位：市交通运输局")]);
    put_row(ws, 2, &LONG_HEADER);
    put_row(
        ws,
        3,
        &[
            S("T17-01"),
            S("新改建农村公路"),
            S("公里"),
            E,
            S("2022年6月"),
            N(2.0),
            N(12.0),
        ],
    );
    put_row(
        ws,
        4,
        &[
            S("T17-02"),
            S("农村公路危桥改造完成率"),
            S("%"),
            E,
            S("2022年6月"),
            N(60.0),
            E,
        ],
    );
    put_row(
        ws,
        5,
        &[
            S("T17-04"),
            S("新建农村客运候车厅"),
            S("个"),
            E,
            S("2022年6月"),
            N(1.0),
            N(4.0),
        ],
    );
    ws.merge_range(3, 3, 5, 3, "华容区", &Format::new())
        .unwrap();
    put_row(
        ws,
        6,
        &[
            S("T17-03"),
            S("新改建乡镇综合运输服务站"),
            S("个"),
            S("全市"),
            S("2022年6月"),
            E,
            N(1.0),
        ],
    );
    wb.save_to_buffer().unwrap()
}

pub fn merged_district_expected() -> Vec<super::Obs> {
    vec![
        o(
            "T17-01",
            "华容区",
            "2022-06",
            Some(2.0),
            Some(12.0),
            "6月!F4",
        ),
        o("T17-02", "华容区", "2022-06", Some(60.0), None, "6月!F5"),
        o(
            "T17-04",
            "华容区",
            "2022-06",
            Some(1.0),
            Some(4.0),
            "6月!F6",
        ),
        o("T17-03", "全市", "2022-06", None, Some(1.0), "6月!G7"),
    ]
}

#[test]
fn values_as_text_full_width_thousands_percent_and_units() {
    let bytes = standard(&[
        &[S("T17-01"), E, E, S("鄂城区"), E, S("12.5"), S(" 20 ")],
        &[
            S("T17-01"),
            E,
            E,
            S("华容区"),
            E,
            S("１２"),
            S("１，２０５"),
        ],
        &[S("G-05"), E, E, E, E, S("18,765"), E],
        &[S("T02-01"), E, E, S("梁子湖区"), E, S("85%"), S("85％")],
        &[S("T17-01"), E, E, S("梁子湖区"), E, S("50公里"), S("3千米")],
        &[S("T17-01"), E, E, S("葛店开发区"), E, S("500米"), S("2 KM")],
        &[S("T17-03"), E, E, E, E, S("12斤"), E],
    ]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "鄂城区",
                "2022-06",
                Some(12.5),
                Some(20.0),
                "6月!F5"
            ),
            o(
                "T17-01",
                "华容区",
                "2022-06",
                Some(12.0),
                Some(1205.0),
                "6月!F6"
            ),
            o("G-05", "全市", "2022-06", Some(18765.0), None, "6月!F7"),
            o(
                "T02-01",
                "梁子湖区",
                "2022-06",
                Some(85.0),
                Some(85.0),
                "6月!F8"
            ),
            o(
                "T17-01",
                "梁子湖区",
                "2022-06",
                Some(50.0),
                Some(3.0),
                "6月!F9"
            ),
            o(
                "T17-01",
                "葛店开发区",
                "2022-06",
                Some(0.5),
                Some(2.0),
                "6月!F10"
            ),
        ]
    );
    assert_eq!(
        diags(&r),
        vec![
            // 1,205 km against a 50 km target is flagged but kept.
            d("6月!G6", "warning", "far_above_target"),
            // T02-01 is not 市交通运输局's indicator; 3 km to date below 50 this month.
            d("6月!F8", "warning", "other_units_indicator"),
            d("6月!G9", "warning", "cumulative_below_monthly"),
            d("6月!F11", "error", "not_a_number"),
        ]
    );
    let jin = r
        .diagnostics
        .iter()
        .find(|d| d.code == "not_a_number")
        .unwrap();
    assert!(jin.message.contains("斤"), "{}", jin.message);
    assert_eq!(jin.raw, "12斤");
}

#[test]
fn dashes_slashes_and_wu_are_missing_never_zero() {
    let bytes = standard(&[
        &[S("T17-01"), E, E, S("鄂城区"), E, S("—"), N(5.0)],
        &[S("T17-01"), E, E, S("华容区"), E, S("-"), N(6.0)],
        &[S("T17-01"), E, E, S("梁子湖区"), E, S("/"), N(7.0)],
        &[S("T17-01"), E, E, S("葛店开发区"), E, S("无"), N(8.0)],
        &[S("T17-01"), E, E, S("临空经济区"), E, S("—"), S("－")],
    ]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o("T17-01", "鄂城区", "2022-06", None, Some(5.0), "6月!G5"),
            o("T17-01", "华容区", "2022-06", None, Some(6.0), "6月!G6"),
            o("T17-01", "梁子湖区", "2022-06", None, Some(7.0), "6月!G7"),
            o("T17-01", "葛店开发区", "2022-06", None, Some(8.0), "6月!G8"),
        ]
    );
    // `—` in both cells is how the template says "no data this month": listed, not an error.
    assert_eq!(diags(&r), vec![d("6月!F9", "warning", "no_data")]);
    assert_eq!((r.accepted_rows(), r.rejected_rows()), (4, 1));
}

#[test]
fn totals_notes_duplicates_and_short_district_names() {
    let bytes = standard(&[
        &[S("T17-01"), E, E, S("鄂城"), E, N(1.0), N(5.0)],
        &[S("T17-01"), E, E, S("葛店经开区"), E, N(2.0), N(6.0)],
        &[S("T17-01"), E, E, S("鄂城区"), E, N(1.0), N(5.0)],
        &[S("T17-01"), E, E, S("华容区"), E, N(3.0), N(7.0)],
        &[S("T17-01"), E, E, S("华容区"), E, N(4.0), N(8.0)],
        &[S("小计"), E, E, E, E, N(10.0), N(31.0)],
        &[S("填表说明：本月完成填当月新增数"), E, E, E, E, E, E],
    ]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "鄂城区",
                "2022-06",
                Some(1.0),
                Some(5.0),
                "6月!F5"
            ),
            o(
                "T17-01",
                "葛店开发区",
                "2022-06",
                Some(2.0),
                Some(6.0),
                "6月!F6"
            ),
            o(
                "T17-01",
                "华容区",
                "2022-06",
                Some(3.0),
                Some(7.0),
                "6月!F8"
            ),
        ]
    );
    assert_eq!(
        diags(&r),
        vec![
            d("6月!F7", "warning", "duplicate_row"),
            d("6月!F9", "error", "duplicate_conflict"),
            d("6月!A10", "warning", "not_data"),
            d("6月!A11", "warning", "not_data"),
        ]
    );
    let conflict = &r.diagnostics[1];
    assert!(conflict.message.contains("6月!F8"), "{}", conflict.message);
    assert_eq!((r.accepted_rows(), r.rejected_rows()), (3, 4));
}

#[test]
fn a_district_column_headed_county_city_district() {
    let bytes = one_sheet(
        "6月",
        &[&[S("填报单位：市交通运输局"), E, S("报告期：2022年6月")]],
        &[
            S("指标编码"),
            S("县（市、区）"),
            S("本月完成"),
            S("累计完成"),
        ],
        &[
            &[S("T17-01"), S("鄂城区"), N(1.0), N(5.0)],
            &[S("T17-01"), S("华容区"), N(2.0), N(6.0)],
        ],
    );
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "鄂城区",
                "2022-06",
                Some(1.0),
                Some(5.0),
                "6月!C3"
            ),
            o(
                "T17-01",
                "华容区",
                "2022-06",
                Some(2.0),
                Some(6.0),
                "6月!C4"
            ),
        ]
    );
}

#[test]
fn a_header_over_two_rows_without_merged_cells_is_read() {
    let bytes = one_sheet(
        "6月",
        &[
            &[S("填报单位：市交通运输局"), E, E, S("报告期：2022年6月")],
            &[S("指标名称"), S("区域"), S("完成情况"), E],
        ],
        &[E, E, S("本月"), S("累计")],
        &[
            &[S("新改建农村公路"), S("鄂州市鄂城区"), N(2.0), N(12.5)],
            &[S("新改建农村公路"), S("华容区"), N(1.0), N(8.0)],
        ],
    );
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "鄂城区",
                "2022-06",
                Some(2.0),
                Some(12.5),
                "6月!C4"
            ),
            o(
                "T17-01",
                "华容区",
                "2022-06",
                Some(1.0),
                Some(8.0),
                "6月!C5"
            ),
        ]
    );
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn sheets_named_after_districts_and_names_with_their_unit_in_brackets() {
    let mut wb = Workbook::new();
    for (district, name, cum) in [
        ("鄂城区", "新改建农村公路（公里）", 12.5),
        ("华容区", "新改建农村公路(米)", 8000.0),
        ("梁子湖区", "新改建农村公路（万元）", 3.0),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(district).unwrap();
        put_row(
            ws,
            0,
            &[S("填报单位：市交通运输局"), E, S("报告期：2022年6月")],
        );
        put_row(ws, 1, &[S("序号"), S("指标名称"), S("累计完成")]);
        put_row(ws, 2, &[N(1.0), S(name), N(cum)]);
    }
    let r = read("x.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(
        obs(&r),
        vec![
            o("T17-01", "鄂城区", "2022-06", None, Some(12.5), "鄂城区!C3"),
            o("T17-01", "华容区", "2022-06", None, Some(8.0), "华容区!C3"),
        ]
    );
    assert_eq!(diags(&r), vec![d("梁子湖区!B3", "error", "unit_mismatch")]);
    // Beside its code, the name with its unit is the catalog's name: no name_mismatch.
    let bytes = one_sheet(
        "鄂城区",
        &[&[S("报告期：2022年6月")]],
        &[S("指标编码"), S("指标名称"), S("累计完成")],
        &[&[S("T17-01"), S("新改建农村公路（千米）"), N(2.5)]],
    );
    let r = read("202206_市交通运输局.xlsx", &bytes);
    assert_eq!(obs(&r).len(), 1);
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn an_unread_column_a_contradictory_milestone_and_a_district_outside_scope_are_named() {
    let bytes = one_sheet(
        "6月",
        &[&[S("填报单位：市交通运输局"), E, E, S("报告期：2022年6月")]],
        &[
            S("指标编码"),
            S("区域"),
            S("完成值"),
            S("本月完成"),
            S("累计完成"),
        ],
        &[
            &[S("T17-01"), S("鄂城区"), N(1.2), E, N(6.5)],
            &[S("T31-01"), S("全市"), E, S("已完成"), S("未完成")],
            &[S("T17-03"), S("梁子湖区"), E, E, N(1.0)],
        ],
    );
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        diags(&r),
        vec![
            // 完成值 holds 1.2 beside 累计完成: named once at its header, not dropped unseen.
            d("6月!C2", "warning", "unread_column"),
            d("6月!E4", "error", "milestone_conflict"),
            d("6月!B5", "warning", "outside_scope"),
        ]
    );
    assert_eq!(obs(&r).len(), 2);
}

#[test]
fn a_january_to_month_span_header_is_the_cumulative_column() {
    let bytes = one_sheet(
        "6月",
        &[&[S("填报单位：市交通运输局"), E, E, S("报告期：2022年6月")]],
        &[
            S("指标编码"),
            S("指标名称"),
            S("区域"),
            S("1-6月完成（公里）"),
        ],
        &[&[S("T17-01"), S("新改建农村公路"), S("鄂城区"), N(12.5)]],
    );
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![o("T17-01", "鄂城区", "2022-06", None, Some(12.5), "6月!D3")]
    );
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn a_file_with_no_readable_table_is_an_error_and_an_empty_one_is_said_to_be_empty() {
    let bytes = one_sheet(
        "6月",
        &[&[S("填报单位：市统计局")]],
        &[S("指标编码"), S("完成值（万元）")],
        &[&[S("T17-01"), N(1.0)]],
    );
    let r = read("x.xlsx", &bytes);
    assert!(r.observations.is_empty());
    // `完成值` could be either: the cell is named and the sender told what to write.
    assert_eq!(diags(&r), vec![d("6月!B2", "error", "no_table")]);
    assert!(r.diagnostics[0]
        .message
        .contains("请改为“本月完成”或“累计完成”"));
    assert_eq!(r.diagnostics[0].raw, "完成值（万元）");
    let bytes = one_sheet(
        "6月",
        &[],
        &[S("代码"), S("数量")],
        &[&[S("T17-01"), N(1.0)]],
    );
    let r = read("x.xlsx", &bytes);
    assert_eq!(diags(&r), vec![d("6月", "error", "no_table")]);
    let mut wb = Workbook::new();
    wb.add_worksheet();
    let r = read("empty.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        (r.diagnostics[0].code.as_str(), r.diagnostics[0].severity),
        ("empty_file", dabiao::error::Severity::Warning)
    );
}

#[test]
fn periods_as_date_cells_serials_and_text() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("数据").unwrap();
    put_row(ws, 0, &[S("2022年 城乡融合发展指标")]);
    put_row(ws, 1, &LONG_HEADER);
    let date = ExcelDateTime::from_ymd(2022, 6, 30).unwrap();
    let fmt = Format::new().set_num_format("yyyy-mm-dd");
    let rows: [(&str, &str); 8] = [
        ("T17-01", "鄂城区"),
        ("T17-01", "华容区"),
        ("T17-01", "梁子湖区"),
        ("T17-01", "葛店开发区"),
        ("T17-01", "临空经济区"),
        ("T17-04", "鄂城区"),
        ("T17-04", "华容区"),
        ("T17-03", "全市"),
    ];
    for (i, (code, district)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        put_row(ws, r, &[S(code), E, E, S(district)]);
        ws.write_number(r, 5, 1.0 + (i % 2) as f64).unwrap();
    }
    ws.write_datetime_with_format(2, 4, date, &fmt).unwrap(); // a date cell
    ws.write_number(3, 4, 44742.0).unwrap(); // a bare serial number (2022-06-30)
    ws.write_string(4, 4, "2022年6月").unwrap();
    ws.write_string(5, 4, "2022-06").unwrap();
    ws.write_string(6, 4, "2022.6").unwrap();
    ws.write_string(7, 4, "202206").unwrap();
    ws.write_number(8, 4, 202206.0).unwrap();
    ws.write_string(9, 4, "6月").unwrap(); // year from the title
    let r = read("x.xlsx", &wb.save_to_buffer().unwrap());
    let periods: Vec<String> = obs(&r).into_iter().map(|o| o.2).collect();
    assert_eq!(periods, vec!["2022-06"; 8]);
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn error_cells_and_formulas_without_cached_values_are_rejected_with_their_address() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("报告期：2022年6月")]);
    put_row(ws, 1, &LONG_HEADER);
    put_row(ws, 2, &[S("T17-01"), E, E, S("鄂城区")]);
    ws.write_formula(2, 5, Formula::new("1/0").set_result("#DIV/0!"))
        .unwrap();
    put_row(ws, 3, &[S("T17-01"), E, E, S("华容区")]);
    // `t="str"><f>…</f><v></v>` is how Excel saves a formula that evaluated to "" (say
    // `=IF(G4="","",G4-1)`): a computed blank, so missing, not an uncalculated formula.
    ws.set_formula_result_default("");
    ws.write_formula(3, 5, Formula::new("G4-1")).unwrap();
    ws.write_number(3, 6, 4.0).unwrap();
    put_row(ws, 4, &[S("T17-01"), E, E, S("梁子湖区")]);
    ws.write_formula(4, 5, Formula::new("G5-1").set_result("NOCACHE"))
        .unwrap(); // `<v>` removed below
    ws.write_number(4, 6, 4.0).unwrap();
    put_row(ws, 5, &[S("T17-01"), E, E, S("葛店开发区")]);
    ws.write_formula(5, 5, Formula::new("G6-1").set_result("3"))
        .unwrap(); // cached 3: fine
    ws.write_number(5, 6, 4.0).unwrap();
    let bytes = drop_cached_value(&wb.save_to_buffer().unwrap(), "NOCACHE");
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o("T17-01", "华容区", "2022-06", None, Some(4.0), "6月!G4"),
            o(
                "T17-01",
                "葛店开发区",
                "2022-06",
                Some(3.0),
                Some(4.0),
                "6月!F6"
            ),
        ]
    );
    assert_eq!(
        diags(&r),
        vec![
            d("6月!F3", "error", "not_a_number"),
            d("6月!F5", "error", "formula_no_value")
        ]
    );
    assert_eq!(r.diagnostics[0].raw, "#DIV/0!");
    assert!(r.diagnostics[0].message.contains("#DIV/0!"));
    assert_eq!(r.diagnostics[1].raw, "=G5-1");
    assert!(r.diagnostics[1].message.contains("公式没有保存计算结果"));
}

/// Rewrites a workbook so the formula cell whose cached value is `marker` has none at all
/// (`<c><f>…</f></c>`), as files saved by some generators look.
fn drop_cached_value(xlsx: &[u8], marker: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(data).unwrap();
            let text = text.replace(
                &format!(" t=\"str\"><f>G5-1</f><v>{marker}</v>"),
                "><f>G5-1</f>",
            );
            assert!(!text.contains(marker), "marker left in {name}");
            data = text.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn row_level_errors_and_warnings_point_at_their_cell() {
    let bytes = standard(&[
        &[
            S("T17-99"),
            S("新改建农村公路里程"),
            E,
            S("华容区"),
            E,
            N(1.0),
            E,
        ],
        &[S("T17-01"), E, E, S("武汉市"), E, N(1.0), E],
        &[S("T17-01"), E, E, S("鄂城区"), E, N(-3.0), E],
        &[S("T17-01"), E, E, S("华容区"), S("2021-12"), N(1.0), E],
        &[
            S("T17-01"),
            S("农村公路新改建"),
            E,
            S("梁子湖区"),
            E,
            N(2.0),
            N(10.0),
        ],
        &[S("T02-01"), E, E, S("鄂城区"), E, N(0.85), E],
        &[S("T17-04"), E, E, S("华容区"), E, N(70.0), E],
        &[E, S("新建农村客运候车厅"), E, S("梁子湖区"), E, N(1.0), E],
        &[S("T17-03"), E, S("米"), E, E, N(1.0), E],
    ]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "梁子湖区",
                "2022-06",
                Some(2.0),
                Some(10.0),
                "6月!F9"
            ),
            o("T02-01", "鄂城区", "2022-06", Some(0.85), None, "6月!F10"),
            o("T17-04", "华容区", "2022-06", Some(70.0), None, "6月!F11"),
            o("T17-04", "梁子湖区", "2022-06", Some(1.0), None, "6月!F12"),
        ]
    );
    assert_eq!(
        diags(&r),
        vec![
            d("6月!A5", "error", "unknown_indicator"),
            d("6月!D6", "error", "unknown_district"),
            d("6月!F7", "error", "negative_flow"),
            d("6月!E8", "error", "period_outside_year"),
            d("6月!B9", "warning", "name_mismatch"),
            d("6月!F10", "warning", "percent_as_fraction"),
            d("6月!F10", "warning", "other_units_indicator"),
            d("6月!F11", "warning", "far_above_target"),
            d("6月!C13", "error", "unit_mismatch"),
        ]
    );
    let unknown = &r.diagnostics[0];
    assert!(
        unknown.message.contains("T17-01"),
        "suggests the closest code: {}",
        unknown.message
    );
    assert_eq!(unknown.raw, "T17-99");
    assert!(
        r.diagnostics[1].message.contains("华容区"),
        "lists the districts"
    );
}

#[test]
fn wide_by_month_with_monthly_values_and_total_check() {
    let mut header = vec![S("指标编码"), S("指标名称"), S("区域")];
    let months = ["1月", "2月", "3月", "4月", "5月", "6月"];
    header.extend(months.iter().map(|m| S(m)));
    header.push(S("合计"));
    let bytes = one_sheet(
        "按月",
        &[&[S("2022年 农村公路建设按月统计")]],
        &header,
        &[
            &[
                S("T17-01"),
                E,
                S("华容区"),
                N(1.0),
                N(2.0),
                S("—"),
                N(3.0),
                E,
                E,
                N(6.0),
            ],
            &[
                S("T17-01"),
                E,
                S("鄂城区"),
                N(1.0),
                N(1.0),
                E,
                E,
                E,
                N(1.0),
                N(9.0),
            ],
            &[S("T17-04"), E, S("梁子湖区"), E, E, E, E, E, E, E],
        ],
    );
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o("T17-01", "华容区", "2022-01", Some(1.0), None, "按月!D3"),
            o("T17-01", "华容区", "2022-02", Some(2.0), None, "按月!E3"),
            o("T17-01", "华容区", "2022-04", Some(3.0), None, "按月!G3"),
            o("T17-01", "鄂城区", "2022-01", Some(1.0), None, "按月!D4"),
            o("T17-01", "鄂城区", "2022-02", Some(1.0), None, "按月!E4"),
            o("T17-01", "鄂城区", "2022-06", Some(1.0), None, "按月!I4"),
        ]
    );
    assert_eq!(
        diags(&r),
        vec![
            d("按月!J4", "warning", "monthly_sum_mismatch"),
            // A blank row: no data this year, as the template allows.
            d("按月!A5", "warning", "no_data")
        ]
    );
}

#[test]
fn wide_rows_convert_their_unit_and_months_may_be_date_cells() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("按月").unwrap();
    put_row(ws, 0, &[S("2022年 农村公路建设（填报单位：市交通运输局）")]);
    put_row(ws, 1, &[S("指标名称"), S("计量单位"), S("区域")]);
    let fmt = Format::new().set_num_format("m月");
    for m in 1..=3u8 {
        let date = ExcelDateTime::from_ymd(2022, m, 1).unwrap();
        ws.write_datetime_with_format(1, 2 + u16::from(m), date, &fmt)
            .unwrap();
    }
    put_row(
        ws,
        2,
        &[
            S("新改建农村公路"),
            S("米"),
            S("鄂城区"),
            N(1500.0),
            N(700.0),
            E,
        ],
    );
    put_row(
        ws,
        3,
        &[S("新改建农村公路"), S("公顷"), S("华容区"), N(1.0), E, E],
    );
    put_row(
        ws,
        4,
        &[S("新改建农村公路（米）"), E, S("梁子湖区"), N(300.0), E, E],
    );
    let r = read("202203_市交通运输局.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(
        obs(&r),
        vec![
            o("T17-01", "鄂城区", "2022-01", Some(1.5), None, "按月!D3"),
            o("T17-01", "鄂城区", "2022-02", Some(0.7), None, "按月!E3"),
            o("T17-01", "梁子湖区", "2022-01", Some(0.3), None, "按月!D5"),
        ]
    );
    assert_eq!(diags(&r), vec![d("按月!B4", "error", "unit_mismatch")]);
}

#[test]
fn an_unknown_code_beside_a_name_is_suggested_from_the_name() {
    let bytes = standard(&[&[S("T99-01"), S("新建农村公路"), E, S("鄂城区"), E, N(1.0), E]]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(diags(&r), vec![d("6月!A5", "error", "unknown_indicator")]);
    let m = &r.diagnostics[0].message;
    assert!(
        m.contains("指标“T99-01”") && m.contains("T17-01 新改建农村公路"),
        "{m}"
    );
}

#[test]
fn a_figure_with_a_remark_in_brackets_counts_and_the_remark_is_named() {
    let bytes = standard(&[
        &[
            S("T17-01"),
            E,
            E,
            S("鄂城区"),
            E,
            S("3（含续建）"),
            S("7.4"),
        ],
        &[S("T17-01"), E, E, S("华容区"), E, S("3（公里）"), E],
        &[S("T17-01"), E, E, S("梁子湖区"), E, S("3（斤）"), E],
    ]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "鄂城区",
                "2022-06",
                Some(3.0),
                Some(7.4),
                "6月!F5"
            ),
            o("T17-01", "华容区", "2022-06", Some(3.0), None, "6月!F6"),
        ]
    );
    // A unit in brackets is a unit (斤 cannot be converted); anything else is a remark.
    assert_eq!(
        diags(&r),
        vec![
            d("6月!F5", "warning", "value_note"),
            d("6月!F7", "error", "not_a_number"),
        ]
    );
    assert!(r.diagnostics[0].message.contains("含续建"));
}

#[test]
fn a_code_whose_name_is_another_indicators_and_a_total_among_districts() {
    let bytes = standard(&[
        &[
            S("T17-04"),
            S("新改建农村公路"),
            E,
            S("鄂城区"),
            E,
            N(1.0),
            E,
        ],
        &[S("T17-01"), E, E, S("鄂城区"), E, N(1.0), E],
        &[S("T17-01"), E, E, S("全市合计"), E, N(1.0), E],
    ]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(obs(&r).len(), 1);
    assert_eq!(
        diags(&r),
        vec![
            d("6月!B5", "error", "code_name_conflict"),
            d("6月!D7", "warning", "not_data"),
        ]
    );
}

#[test]
fn wide_by_month_with_cumulative_values() {
    let mut header = vec![S("指标编码"), S("区域")];
    header.extend(["1月", "2月", "3月"].iter().map(|m| S(m)));
    let bytes = one_sheet(
        "累计",
        &[&[S("2022年各月累计完成情况")]],
        &header,
        &[&[S("T17-01"), S("华容区"), N(1.0), N(3.0), N(6.0)]],
    );
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o("T17-01", "华容区", "2022-01", None, Some(1.0), "累计!C3"),
            o("T17-01", "华容区", "2022-02", None, Some(3.0), "累计!D3"),
            o("T17-01", "华容区", "2022-03", None, Some(6.0), "累计!E3"),
        ]
    );
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn task_status_sheet() {
    let bytes = one_sheet(
        "进展",
        &[&[S("填报单位：市交通运输局"), S("报告期：2022年6月")]],
        &[
            S("序号"),
            S("工作要点"),
            S("进展状态"),
            S("完成进度(%)"),
            S("进展情况"),
            S("存在问题"),
            S("下步计划"),
        ],
        &[
            &[
                N(17.0),
                S("农村公路"),
                S("推进中"),
                N(60.0),
                S("已完成45公里"),
                S("无"),
                S("加快"),
            ],
            &[S("第52项"), E, S("已完成"), S("100%"), E, E, E],
            &[N(99.0), E, S("推进中"), E, E, E, E],
            &[N(18.0), E, S("搞定"), E, E, E, E],
        ],
    );
    let r = read("x.xlsx", &bytes);
    let got: Vec<_> = r
        .statuses
        .iter()
        .map(|s| {
            (
                s.item,
                s.period.to_string(),
                s.status.zh(),
                s.percent,
                s.cell.clone(),
                s.reporting_unit.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                17,
                "2022-06".into(),
                "推进中",
                Some(60.0),
                "A3".into(),
                "市交通运输局".into()
            ),
            (
                52,
                "2022-06".into(),
                "已完成",
                Some(100.0),
                "A4".into(),
                "市交通运输局".into()
            ),
        ]
    );
    assert_eq!(r.statuses[0].progress, "已完成45公里");
    assert_eq!(
        diags(&r),
        vec![
            d("进展!A5", "error", "unknown_item"),
            d("进展!C6", "error", "bad_status")
        ]
    );
}

const CSV: &str = "填报单位：市交通运输局,,,,\n指标编码,区域,报告期,本月完成,累计完成\nT17-01,华容区,2022年6月,3,20\nT17-04,鄂城区,2022年6月,—,5\n";

fn csv_expected(sheet: &str) -> Vec<super::Obs> {
    vec![
        o(
            "T17-01",
            "华容区",
            "2022-06",
            Some(3.0),
            Some(20.0),
            &format!("{sheet}!D3"),
        ),
        o(
            "T17-04",
            "鄂城区",
            "2022-06",
            None,
            Some(5.0),
            &format!("{sheet}!E4"),
        ),
    ]
}

#[test]
fn csv_in_gbk() {
    let (bytes, _, bad) = encoding_rs::GBK.encode(CSV);
    assert!(!bad);
    let r = read("gbk.csv", &bytes);
    assert_eq!(obs(&r), csv_expected("gbk"));
    assert_eq!(r.reporting_unit.as_deref(), Some("市交通运输局"));
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn csv_in_utf8_with_bom() {
    let bytes = [b"\xEF\xBB\xBF".as_slice(), CSV.as_bytes()].concat();
    let r = read("bom.csv", &bytes);
    assert_eq!(obs(&r), csv_expected("bom"));
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn period_and_unit_from_the_file_name() {
    let bytes = one_sheet(
        "Sheet1",
        &[],
        &[S("指标编码"), S("区域"), S("本月完成")],
        &[&[S("T17-04"), S("临空经济区"), N(2.0)]],
    );
    let r = read("202206_市交通运输局.xlsx", &bytes);
    assert_eq!(r.period.map(|p| p.to_string()).as_deref(), Some("2022-06"));
    assert_eq!(r.reporting_unit.as_deref(), Some("市交通运输局"));
    assert_eq!(
        obs(&r),
        vec![o(
            "T17-04",
            "临空经济区",
            "2022-06",
            Some(2.0),
            None,
            "Sheet1!C2"
        )]
    );
    assert_eq!(&*r.observations[0].reporting_unit, "市交通运输局");
    // Without a period anywhere the row is rejected, not guessed.
    let r = read("交通.xlsx", &bytes);
    assert_eq!(obs(&r), vec![]);
    assert_eq!(diags(&r), vec![d("Sheet1!A2", "error", "period_missing")]);
}

#[test]
fn folders_are_walked_sorted_skipping_hidden_lock_and_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("b/c")).unwrap();
    std::fs::create_dir_all(p.join(".git")).unwrap();
    for f in [
        "a.xlsx",
        "b/c/d.csv",
        "b/e.XLS",
        "b/notes.doc",
        "~$a.xlsx",
        ".hidden.xlsx",
        ".git/x.xlsx",
        "b/f.ods",
    ] {
        std::fs::write(p.join(f), b"x").unwrap();
    }
    let files = dabiao::ingest::collect_files(&[p.to_path_buf()]).unwrap();
    let rel: Vec<PathBuf> = files
        .iter()
        .map(|f| f.strip_prefix(p).unwrap().to_path_buf())
        .collect();
    assert_eq!(
        rel,
        ["a.xlsx", "b/c/d.csv", "b/e.XLS", "b/f.ods"]
            .map(PathBuf::from)
            .to_vec()
    );
    // A file named directly is kept whatever its extension, so it is reported rather than skipped.
    let txt = p.join("b/notes.doc");
    assert_eq!(
        dabiao::ingest::collect_files(std::slice::from_ref(&txt)).unwrap(),
        vec![txt.clone()]
    );
    let r = dabiao::ingest::read_path(catalog(), &txt, &Default::default());
    assert!(r.unreadable);
    assert_eq!(diags(&r), vec![d("", "error", "unsupported")]);
}

#[test]
fn garbage_never_panics() {
    let samples: Vec<(&str, Vec<u8>)> = vec![
        ("a.xlsx", b"not a zip".to_vec()),
        (
            "a.xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        ),
        ("a.ods", b"PK\x03\x04garbage".to_vec()),
        ("a.csv", vec![0xff, 0xfe, 0x00, b'"', b'"', b'\n']),
        ("a.csv", Vec::new()),
        ("a.xlsx", Vec::new()),
    ];
    for (name, bytes) in samples {
        let r = read(name, &bytes);
        assert!(r.observations.is_empty(), "{name}");
    }
}

/// A committed fixture of `tests/fixtures/ingest/`: .xls and .ods copies of
/// `merged_district_workbook()`, `percent_workbook()` and the bureau matrices, converted with
/// LibreOffice (`soffice --headless --convert-to xls|ods merged.xlsx`).
pub fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn xls_fixture_reads_like_the_xlsx() {
    let r = read("merged.xls", &fixture("merged.xls"));
    assert_eq!(obs(&r), merged_district_expected());
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn ods_fixture_reads_like_the_xlsx() {
    let r = read("merged.ods", &fixture("merged.ods"));
    assert_eq!(obs(&r), merged_district_expected());
    assert_eq!(diags(&r), vec![]);
}

/// Regenerates the .xls/.ods fixtures when `DABIAO_WRITE_FIXTURES` points at a folder: writes
/// `merged.xlsx`, `percent.xlsx` and `matrix.xlsx` there for LibreOffice to convert, and the
/// other bureau shapes under `bureau/` to try the command line on.
#[test]
fn write_fixture_source_when_asked() {
    if let Some(dir) = std::env::var_os("DABIAO_WRITE_FIXTURES") {
        let dir = Path::new(&dir);
        std::fs::write(dir.join("merged.xlsx"), merged_district_workbook()).unwrap();
        std::fs::write(dir.join("percent.xlsx"), percent_workbook()).unwrap();
        std::fs::write(dir.join("matrix.xlsx"), super::bureau::matrix_workbook()).unwrap();
        std::fs::create_dir_all(dir.join("bureau")).unwrap();
        for (name, bytes) in super::bureau::shapes() {
            std::fs::write(dir.join("bureau").join(name), bytes).unwrap();
        }
    }
}

mod cli {
    use super::super::dabiao;
    use super::*;

    #[test]
    fn validate_json_lists_problems_and_exits_1() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = standard(&[
            &[S("T17-01"), E, E, S("鄂城区"), E, N(-3.0), E],
            &[S("T17-01"), E, E, S("华容区"), E, N(2.0), E],
        ]);
        std::fs::write(dir.path().join("202206_市交通运输局.xlsx"), bytes).unwrap();
        let out = dabiao(dir.path())
            .args(["validate", "202206_市交通运输局.xlsx", "--format", "json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let arr = v.as_array().unwrap();
        assert_eq!(arr.len(), 1);
        let keys: Vec<&str> = arr[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut want = vec![
            "file", "sheet", "cell", "severity", "code", "message", "raw",
        ];
        want.sort();
        let mut got = keys.clone();
        got.sort();
        assert_eq!(got, want);
        assert_eq!(arr[0]["cell"], "F5");
        assert_eq!(arr[0]["sheet"], "6月");
        assert_eq!(arr[0]["code"], "negative_flow");
        assert_eq!(arr[0]["severity"], "error");
        assert_eq!(arr[0]["raw"], "-3");
        assert_eq!(arr[0]["file"], "202206_市交通运输局.xlsx");
    }

    #[test]
    fn validate_clean_file_exits_0_and_walks_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("报送/2022-06")).unwrap();
        std::fs::write(
            dir.path().join("报送/2022-06/a.xlsx"),
            merged_district_workbook(),
        )
        .unwrap();
        std::fs::write(dir.path().join("报送/b.csv"), CSV).unwrap();
        let out = dabiao(dir.path())
            .args(["validate", "报送", "--format", "json"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, serde_json::json!([]));
        dabiao(dir.path())
            .args(["validate", "报送"])
            .assert()
            .code(0)
            .stdout(predicates::str::contains(
                "共 2 个文件，6 行数据：接受 6 行，拒绝 0 行",
            ));
    }

    #[test]
    fn validate_missing_file_exits_2() {
        let dir = tempfile::tempdir().unwrap();
        dabiao(dir.path())
            .args(["validate", "nope.xlsx"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("nope.xlsx"));
    }
}

/// Regression: the CSV delimiter was guessed from the first line only, and a title line without
/// any delimiter picked `;` (the last of the tied candidates), so the whole file was one column
/// and no header was found.
#[test]
fn csv_with_a_title_line_before_the_header() {
    let text = format!("2022年6月城乡融合发展指标填报表\n{CSV}");
    let r = read("title.csv", text.as_bytes());
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "华容区",
                "2022-06",
                Some(3.0),
                Some(20.0),
                "title!D4"
            ),
            o("T17-04", "鄂城区", "2022-06", None, Some(5.0), "title!E5"),
        ]
    );
    assert_eq!(diags(&r), vec![]);
    // Semicolons and tabs are still recognised.
    let semi = "指标编码;区域;报告期;本月完成\nT17-01;华容区;2022-06;1,5\n";
    let r = read("semi.csv", semi.as_bytes());
    assert_eq!(diags(&r), vec![d("semi!D2", "error", "not_a_number")]);
    let tab = "标题\n指标编码\t区域\t报告期\t本月完成\nT17-01\t华容区\t2022-06\t1.5\n";
    let r = read("tab.csv", tab.as_bytes());
    assert_eq!(
        obs(&r),
        vec![o("T17-01", "华容区", "2022-06", Some(1.5), None, "tab!D3")]
    );
}

/// Regression: a data row whose first filled cell merely began with a footer word (`注册…`,
/// `说明书…`) was taken for the footer and dropped without a trace.
#[test]
fn footer_words_only_end_the_table_as_labels() {
    let bytes = standard(&[
        &[E, S("注册农村公路养护企业"), E, E, E, N(1.0)],
        &[S("T17-03"), E, E, E, E, N(1.0)],
        &[S("注：本表数据为初步统计")],
        &[S("填报人："), S("张三"), E, S("联系电话"), S("12345")],
    ]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![o("T17-03", "全市", "2022-06", Some(1.0), None, "6月!F6")]
    );
    assert_eq!(diags(&r), vec![d("6月!B5", "error", "unknown_indicator")]);
    assert_eq!(r.sheets[0].data_rows, 2);
}

/// Regression: `填报单位（盖章）：市交通运输局`, the usual wording on a stamped form, was not
/// recognised as the reporting unit because the key kept its bracket.
#[test]
fn reporting_unit_label_with_a_stamp_note() {
    let bytes = one_sheet(
        "6月",
        &[&[
            S("填报单位（盖章）：市交通运输局"),
            E,
            E,
            S("报告期：2022年6月"),
        ]],
        &[S("指标编码"), S("区域"), S("本月完成")],
        &[&[S("T17-04"), S("华容区"), N(2.0)]],
    );
    let r = read("x.xlsx", &bytes);
    assert_eq!(r.reporting_unit.as_deref(), Some("市交通运输局"));
    assert_eq!(diags(&r), vec![]);
    // The same with the value in the next cell.
    let bytes = one_sheet(
        "6月",
        &[&[
            S("填报单位(盖章)"),
            S("市交通运输局"),
            E,
            S("报告期：2022年6月"),
        ]],
        &[S("指标编码"), S("区域"), S("本月完成")],
        &[&[S("T17-04"), S("华容区"), N(2.0)]],
    );
    assert_eq!(
        read("x.xlsx", &bytes).reporting_unit.as_deref(),
        Some("市交通运输局")
    );
}

/// A file written for another plan: every row rejected, plus one hint about the catalog.
#[test]
fn a_file_for_another_catalog_gets_one_hint() {
    let csv = "指标编码,区域,报告期,累计完成\nX-01,全市,2022-06,1\nX-02,全市,2022-06,2\nX-03,全市,2022-06,3\n";
    let r = read("202206_其他.csv", csv.as_bytes());
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "unknown_indicator",
            "unknown_indicator",
            "unknown_indicator",
            "foreign_catalog"
        ]
    );
    // One known row among them: no hint.
    let csv = "指标编码,区域,报告期,累计完成\nX-01,全市,2022-06,1\nX-02,全市,2022-06,2\nX-03,全市,2022-06,3\nT17-01,全市,2022-06,3\n";
    let r = read("202206_其他.csv", csv.as_bytes());
    assert!(!r.diagnostics.iter().any(|d| d.code == "foreign_catalog"));
}

#[test]
fn a_row_for_a_month_after_the_report_is_an_error_and_a_dotted_number_is_a_period() {
    let bytes = standard(&[
        &[S("T17-01"), E, E, S("鄂城区"), N(2022.06), N(1.0), N(5.0)],
        &[S("T17-01"), E, E, S("华容区"), S("2022.10"), N(2.0), N(6.0)],
        &[S("T17-01"), E, E, S("梁子湖区"), N(2022.5), N(3.0), N(7.0)],
    ]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "鄂城区",
                "2022-06",
                Some(1.0),
                Some(5.0),
                "6月!F5"
            ),
            o(
                "T17-01",
                "梁子湖区",
                "2022-05",
                Some(3.0),
                Some(7.0),
                "6月!F7"
            ),
        ]
    );
    assert_eq!(
        diags(&r),
        vec![
            d("6月!E6", "error", "period_after_report"),
            d("6月!E7", "warning", "period_differs"),
        ]
    );
}

/// Two percent-formatted values of a % indicator, and one of a km indicator.
pub fn percent_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(
        ws,
        0,
        &[S("填报单位：市交通运输局"), E, E, E, S("报告期：2022年6月")],
    );
    put_row(ws, 1, &LONG_HEADER);
    let pct = Format::new().set_num_format("0.0%");
    for (r, (district, v)) in [("鄂城区", 0.925), ("华容区", 0.88)].iter().enumerate() {
        let r = r as u32 + 2;
        put_row(ws, r, &[S("T17-02"), E, E, S(district)]);
        ws.write_number_with_format(r, 6, *v, &pct).unwrap();
    }
    // Percent-formatted, but the indicator counts kilometres: a unit mismatch, not 88 km.
    put_row(ws, 4, &[S("T17-01"), E, E, S("鄂城区")]);
    ws.write_number_with_format(4, 6, 0.5, &pct).unwrap();
    wb.save_to_buffer().unwrap()
}

/// What `percent_workbook()` reads as, in any of the formats.
fn assert_percent_read(r: &FileReport) {
    assert_eq!(
        obs(r),
        vec![
            o("T17-02", "鄂城区", "2022-06", None, Some(92.5), "6月!G3"),
            o("T17-02", "华容区", "2022-06", None, Some(88.0), "6月!G4"),
        ]
    );
    let diags = diags(r);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].0, "6月!G5");
    assert_eq!(diags[0].1, "error");
}

#[test]
fn cells_formatted_as_percent_read_as_the_sender_sees_them() {
    assert_percent_read(&read("x.xlsx", &percent_workbook()));
}

#[test]
fn percent_cells_of_xls_and_ods_read_as_in_xlsx() {
    assert_percent_read(&read("percent.xls", &fixture("percent.xls")));
    assert_percent_read(&read("percent.ods", &fixture("percent.ods")));
}

#[test]
fn an_indicator_of_one_district_reads_city_as_that_district_and_refuses_others() {
    let bytes = standard(&[
        &[S("T10-01"), E, E, S("全市"), E, S("已完成"), E],
        &[S("T10-01"), E, E, S("鄂城区"), E, S("已完成"), E],
    ]);
    let r = read("x.xlsx", &bytes);
    assert_eq!(obs(&r).len(), 1);
    assert_eq!(obs(&r)[0].1, "梁子湖区");
    assert_eq!(
        diags(&r),
        vec![
            d("6月!D5", "warning", "scope_mapped"),
            // The standard test file is 市交通运输局's; T10-01 is another unit's.
            d("6月!F5", "warning", "other_units_indicator"),
            d("6月!D6", "error", "wrong_district"),
        ]
    );
}

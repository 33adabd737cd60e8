//! Bureau tables as district and bureau offices lay them out: districts × indicators (the classic
//! 统计表), indicators × districts, months × indicators, and several tables on one sheet. Each
//! workbook is built here cell by cell; expected figures are worked out by hand beside it.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

use super::ingest::{fixture, one_sheet, put_row, V};
use super::{d, diags, o, obs, read, Obs};
use V::{E, N, S};

/// `rows` from row `first` down.
fn put_rows<const N: usize>(ws: &mut Worksheet, first: u32, rows: &[[V; N]]) {
    for (r, row) in rows.iter().enumerate() {
        put_row(ws, first + r as u32, row);
    }
}

fn merge(ws: &mut Worksheet, (r0, c0): (u32, u16), (r1, c1): (u32, u16), text: &str) {
    ws.merge_range(r0, c0, r1, c1, text, &Format::new())
        .unwrap();
}

/// The classic 统计表: title, metadata line, a two-row header with `本月 | 累计` merged under
/// each indicator, a row per district, a 合计 row and a signature line.
pub fn matrix_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    merge(
        ws,
        (0, 0),
        (0, 6),
        "2022年6月鄂州市农村交通建设完成情况统计表",
    );
    put_row(
        ws,
        1,
        &[S("填报单位：市交通运输局"), E, E, E, S("报告期：2022年6月")],
    );
    merge(ws, (2, 0), (3, 0), "序号");
    merge(ws, (2, 1), (3, 1), "区域");
    merge(ws, (2, 2), (2, 3), "新改建农村公路（公里）");
    merge(ws, (2, 4), (2, 5), "新建农村客运候车厅（个）");
    merge(ws, (2, 6), (3, 6), "备注");
    put_row(
        ws,
        3,
        &[E, E, S("本月"), S("累计"), S("本月完成"), S("1-6月累计")],
    );
    put_rows(ws, 4, &matrix_rows());
    merge(ws, (9, 0), (9, 1), "合计");
    put_row(ws, 9, &[E, E, N(7.5), N(37.0), N(2.0), N(16.0)]);
    put_row(
        ws,
        11,
        &[S("填表人：张三　审核人：李四　联系电话：0711-3201234")],
    );
    wb.save_to_buffer().unwrap()
}

fn matrix_rows() -> [[V; 6]; 5] {
    [
        [N(1.0), S("鄂城区"), N(2.0), N(10.0), N(1.0), N(4.0)],
        [N(2.0), S("华容区"), N(3.0), N(12.0), N(0.0), N(5.0)],
        [N(3.0), S("梁子湖区"), N(1.5), N(6.0), E, N(3.0)],
        [N(4.0), S("葛店开发区"), N(0.0), N(5.0), N(1.0), N(2.0)],
        [N(5.0), S("临空经济区"), N(1.0), N(4.0), S("—"), N(2.0)],
    ]
}

/// What [`matrix_workbook`] holds, by hand: each district's 本月 | 累计 of T17-01 (columns C:D)
/// and T17-04 (E:F); a blank or `—` 本月 is missing, the 累计 beside it still counts; the 合计
/// row is the city's figure (7.5 = 2 + 3 + 1.5 + 0 + 1, 37 = 10 + 12 + 6 + 5 + 4, 2 = 1 + 0 + 1,
/// 16 = 4 + 5 + 3 + 2 + 2: no warning).
pub fn matrix_expected(sheet: &str) -> Vec<Obs> {
    let at = |cell: &str| format!("{sheet}!{cell}");
    let m = "2022-06";
    vec![
        o("T17-01", "鄂城区", m, Some(2.0), Some(10.0), &at("C5")),
        o("T17-04", "鄂城区", m, Some(1.0), Some(4.0), &at("E5")),
        o("T17-01", "华容区", m, Some(3.0), Some(12.0), &at("C6")),
        o("T17-04", "华容区", m, Some(0.0), Some(5.0), &at("E6")),
        o("T17-01", "梁子湖区", m, Some(1.5), Some(6.0), &at("C7")),
        o("T17-04", "梁子湖区", m, None, Some(3.0), &at("F7")),
        o("T17-01", "葛店开发区", m, Some(0.0), Some(5.0), &at("C8")),
        o("T17-04", "葛店开发区", m, Some(1.0), Some(2.0), &at("E8")),
        o("T17-01", "临空经济区", m, Some(1.0), Some(4.0), &at("C9")),
        o("T17-04", "临空经济区", m, None, Some(2.0), &at("F9")),
        o("T17-01", "全市", m, Some(7.5), Some(37.0), &at("C10")),
        o("T17-04", "全市", m, Some(2.0), Some(16.0), &at("E10")),
    ]
}

#[test]
fn districts_as_rows_with_month_and_cumulative_under_each_indicator() {
    let r = read("202206_市交通运输局.xlsx", &matrix_workbook());
    assert_eq!(obs(&r), matrix_expected("6月"));
    assert_eq!(diags(&r), vec![]);
    let sheet = &r.sheets[0];
    assert_eq!(sheet.layout, Some(dabiao::ingest::Layout::Matrix));
    assert_eq!((sheet.data_rows, sheet.accepted_rows), (12, 12));
    let block = &sheet.blocks[0];
    assert_eq!(
        (block.header.as_str(), block.data.as_str()),
        ("A3:G4", "A5:G10")
    );
    assert_eq!(block.skipped, vec!["A12"], "the signature line");
    assert_eq!(r.reporting_unit.as_deref(), Some("市交通运输局"));
}

/// The awkward one: indicator headers merged down over two rows with no 本月/累计 under them,
/// the unit only in a `计量单位` row, short district names, the 合计 row between districts, a
/// hidden helper column of area codes, and a title saying the figures are 1–6 月 (累计).
fn awkward_matrix() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("统计表").unwrap();
    put_row(ws, 0, &[S("2022年1-6月城乡融合发展主要指标完成情况")]);
    put_row(
        ws,
        1,
        &[S("填报单位：市交通运输局"), E, E, S("报告期：2022年6月")],
    );
    merge(ws, (2, 0), (3, 0), "序号");
    merge(ws, (2, 1), (3, 1), "区域");
    merge(ws, (2, 2), (3, 2), "区划代码");
    merge(ws, (2, 3), (3, 3), "新改建农村公路");
    merge(ws, (2, 4), (3, 4), "新建农村客运候车厅");
    put_row(ws, 4, &[E, S("计量单位"), E, S("米"), S("个")]);
    let rows: [[V; 5]; 6] = [
        [N(1.0), S("鄂城"), N(420704.0), N(10000.0), N(4.0)],
        [N(2.0), S("华容"), N(420703.0), N(12000.0), N(5.0)],
        [S("合计"), E, E, N(37000.0), N(17.0)],
        [N(3.0), S("梁子湖"), N(420702.0), N(6000.0), N(3.0)],
        [N(4.0), S("葛店"), N(420791.0), N(5000.0), N(2.0)],
        [N(5.0), S("临空"), N(420792.0), N(4000.0), N(2.0)],
    ];
    put_rows(ws, 5, &rows);
    ws.set_column_hidden(2).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_matrix_with_merged_headers_a_unit_row_short_names_a_middle_total_and_a_hidden_column() {
    check_awkward(&read("统计表.xlsx", &awkward_matrix()));
}

/// `tests/fixtures/ingest/matrix-awkward.ods`: [`awkward_matrix`] saved by LibreOffice, its
/// hidden column and merged cells kept.
#[test]
fn the_awkward_matrix_as_ods_reads_like_the_xlsx() {
    check_awkward(&read("统计表.ods", &fixture("matrix-awkward.ods")));
}

fn check_awkward(r: &dabiao::ingest::FileReport) {
    let m = "2022-06";
    // 米 converted to 公里; a single column read as 累计 because the title says 1-6月.
    assert_eq!(
        obs(r),
        vec![
            o("T17-01", "鄂城区", m, None, Some(10.0), "统计表!D6"),
            o("T17-04", "鄂城区", m, None, Some(4.0), "统计表!E6"),
            o("T17-01", "华容区", m, None, Some(12.0), "统计表!D7"),
            o("T17-04", "华容区", m, None, Some(5.0), "统计表!E7"),
            o("T17-01", "全市", m, None, Some(37.0), "统计表!D8"),
            o("T17-04", "全市", m, None, Some(17.0), "统计表!E8"),
            o("T17-01", "梁子湖区", m, None, Some(6.0), "统计表!D9"),
            o("T17-04", "梁子湖区", m, None, Some(3.0), "统计表!E9"),
            o("T17-01", "葛店开发区", m, None, Some(5.0), "统计表!D10"),
            o("T17-04", "葛店开发区", m, None, Some(2.0), "统计表!E10"),
            o("T17-01", "临空经济区", m, None, Some(4.0), "统计表!D11"),
            o("T17-04", "临空经济区", m, None, Some(2.0), "统计表!E11"),
        ]
    );
    // 10 + 12 + 6 + 5 + 4 = 37 agrees; 4 + 5 + 3 + 2 + 2 = 16 is not the 17 written.
    assert_eq!(
        diags(r),
        vec![
            d("统计表!C3", "warning", "hidden_column"),
            d("统计表!E8", "warning", "total_mismatch"),
        ]
    );
    let mismatch = &r.diagnostics[1].message;
    assert!(
        mismatch.contains("17") && mismatch.contains("16"),
        "{mismatch}"
    );
    assert_eq!(r.sheets[0].blocks[0].header, "A3:E5");
}

#[test]
fn a_header_naming_no_indicator_is_an_error_at_that_header_with_the_closest_names() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("报告期：2022年6月")]);
    put_row(
        ws,
        1,
        &[
            S("区域"),
            S("新建农村公路（公里）"),
            S("新建农村客运候车厅（个）"),
        ],
    );
    put_row(ws, 2, &[S("鄂城区"), N(2.0), N(1.0)]);
    put_row(ws, 3, &[S("华容县"), N(3.0), N(1.0)]);
    put_row(ws, 4, &[S("华容区"), N(3.0), E]);
    let r = read("市交通运输局.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(
        obs(&r),
        vec![o("T17-04", "鄂城区", "2022-06", Some(1.0), None, "6月!C3")]
    );
    assert_eq!(
        diags(&r),
        vec![
            d("6月!B2", "error", "unknown_indicator"),
            d("6月!C2", "warning", "value_kind_assumed"),
            d("6月!A4", "error", "unknown_district"),
            d("6月!C5", "warning", "no_data"),
        ]
    );
    assert!(
        r.diagnostics[0].message.contains("T17-01 新改建农村公路"),
        "{}",
        r.diagnostics[0].message
    );
    assert!(r.diagnostics[0].message.contains("其下 3 个数未读取"));
    // The column (1 unit), 鄂城区's figure, the 华容县 row (1 unit), 华容区's blank.
    let s = &r.sheets[0];
    assert_eq!((s.data_rows, s.accepted_rows, s.rejected_rows), (4, 1, 3));
}

/// `指标名称 | 计量单位 | 鄂城区 | 华容区 | 全市` with `本月 | 累计` under each district.
fn indicator_rows() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("指标").unwrap();
    put_row(ws, 0, &[S("2022年6月各区城乡融合指标完成情况")]);
    put_row(ws, 1, &[S("填报单位：市交通运输局")]);
    merge(ws, (2, 0), (3, 0), "指标名称");
    merge(ws, (2, 1), (3, 1), "计量单位");
    merge(ws, (2, 2), (2, 3), "鄂城区");
    merge(ws, (2, 4), (2, 5), "华容区");
    merge(ws, (2, 6), (2, 7), "全市");
    put_row(
        ws,
        3,
        &[
            E,
            E,
            S("本月"),
            S("累计"),
            S("本月"),
            S("累计"),
            S("本月"),
            S("累计"),
        ],
    );
    put_row(ws, 4, &[S("一、交通运输")]);
    let rows: [[V; 8]; 3] = [
        [
            S("新改建农村公路"),
            S("公里"),
            N(2.0),
            N(10.0),
            N(3.0),
            N(12.0),
            N(5.0),
            N(22.0),
        ],
        [
            S("新建农村客运候车厅"),
            S("个"),
            N(1.0),
            N(4.0),
            N(0.0),
            N(5.0),
            N(1.0),
            N(9.0),
        ],
        [
            S("农村公路危桥改造完成率"),
            S("%"),
            N(80.0),
            N(80.0),
            N(100.0),
            N(100.0),
            E,
            E,
        ],
    ];
    put_rows(ws, 5, &rows);
    put_row(ws, 9, &[S("注：全市数由市交通运输局汇总。")]);
    wb.save_to_buffer().unwrap()
}

#[test]
fn indicators_as_rows_and_districts_as_columns() {
    let r = read("202206_市交通运输局.xlsx", &indicator_rows());
    let m = "2022-06";
    assert_eq!(
        obs(&r),
        vec![
            o("T17-01", "鄂城区", m, Some(2.0), Some(10.0), "指标!C6"),
            o("T17-01", "华容区", m, Some(3.0), Some(12.0), "指标!E6"),
            o("T17-01", "全市", m, Some(5.0), Some(22.0), "指标!G6"),
            o("T17-04", "鄂城区", m, Some(1.0), Some(4.0), "指标!C7"),
            o("T17-04", "华容区", m, Some(0.0), Some(5.0), "指标!E7"),
            o("T17-04", "全市", m, Some(1.0), Some(9.0), "指标!G7"),
            o("T17-02", "鄂城区", m, Some(80.0), Some(80.0), "指标!C8"),
            o("T17-02", "华容区", m, Some(100.0), Some(100.0), "指标!E8"),
        ]
    );
    assert_eq!(diags(&r), vec![d("指标!G8", "warning", "no_data")]);
    let block = &r.sheets[0].blocks[0];
    assert_eq!(block.layout, dabiao::ingest::Layout::IndicatorRows);
    assert_eq!(
        block.skipped,
        vec!["A5", "A10"],
        "the category line and the note"
    );
}

/// A sheet per district named after it, a row per month (text months, then a 合计 row).
fn month_rows() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("华容区").unwrap();
    put_row(ws, 0, &[S("华容区2022年各月城乡融合指标完成情况")]);
    put_row(
        ws,
        1,
        &[
            S("月份"),
            S("新改建农村公路（公里）"),
            S("新建农村客运候车厅（个）"),
        ],
    );
    let months = ["1月", "2月", "3月", "4月", "5月", "6月"];
    let values = [
        (1.0, 0.0),
        (2.0, 1.0),
        (0.0, 0.0),
        (4.0, 2.0),
        (2.0, 0.0),
        (3.0, 2.0),
    ];
    for (i, (m, (a, b))) in months.iter().zip(values).enumerate() {
        put_row(ws, 2 + i as u32, &[S(m), N(a), N(b)]);
    }
    put_row(ws, 8, &[S("7月")]);
    // 1 + 2 + 0 + 4 + 2 + 3 = 12 agrees; 0 + 1 + 0 + 2 + 0 + 2 = 5, not 6.
    put_row(ws, 9, &[S("合计"), N(12.0), N(6.0)]);
    // Another sheet: a 区域 column and months as date cells.
    let ws = wb.add_worksheet();
    ws.set_name("各区").unwrap();
    put_row(ws, 0, &[S("区域"), S("月份"), S("T17-01 新改建农村公路")]);
    let date = Format::new().set_num_format("yyyy年m月");
    for (r, (district, month, v)) in [("鄂城区", 5, 4.0), ("鄂城区", 6, 2.0)].iter().enumerate()
    {
        let r = 1 + r as u32;
        ws.write_string(r, 0, *district).unwrap();
        let d = ExcelDateTime::from_ymd(2022, *month, 1).unwrap();
        ws.write_datetime_with_format(r, 1, &d, &date).unwrap();
        ws.write_number(r, 2, *v).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn months_as_rows_on_a_sheet_per_district_or_with_a_district_column() {
    let r = read("市交通运输局.xlsx", &month_rows());
    let mut want = Vec::new();
    let values = [
        (1.0, 0.0),
        (2.0, 1.0),
        (0.0, 0.0),
        (4.0, 2.0),
        (2.0, 0.0),
        (3.0, 2.0),
    ];
    for (i, (a, b)) in values.into_iter().enumerate() {
        let p = format!("2022-{:02}", i + 1);
        let row = 3 + i;
        want.push(o(
            "T17-01",
            "华容区",
            &p,
            Some(a),
            None,
            &format!("华容区!B{row}"),
        ));
        want.push(o(
            "T17-04",
            "华容区",
            &p,
            Some(b),
            None,
            &format!("华容区!C{row}"),
        ));
    }
    want.push(o("T17-01", "鄂城区", "2022-05", Some(4.0), None, "各区!C2"));
    want.push(o("T17-01", "鄂城区", "2022-06", Some(2.0), None, "各区!C3"));
    assert_eq!(obs(&r), want);
    assert_eq!(
        diags(&r),
        vec![
            d("华容区!A9", "warning", "no_data"),
            d("华容区!A10", "warning", "not_data"),
            d("华容区!C10", "warning", "monthly_sum_mismatch"),
        ]
    );
    let layouts: Vec<_> = r.sheets.iter().map(|s| s.layout).collect();
    assert_eq!(layouts, vec![Some(dabiao::ingest::Layout::MonthRows); 2]);
    // The empty July row and the 合计 row are passed over, not refused (a review found 合计
    // rows counted as 拒绝 with no error).
    assert_eq!((r.refused_rows(), r.skipped_rows()), (0, 2));
}

#[test]
fn numbers_under_no_header_are_listed_not_dropped_unseen() {
    // Column C has figures but its header cell was left blank: a review found them dropped
    // without a word.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("报告期：2022年6月")]);
    put_row(
        ws,
        1,
        &[S("区域"), S("区划代码"), S("新改建农村公路（公里）"), E],
    );
    put_row(ws, 2, &[S("鄂城区"), N(420702.0), N(2.0), N(50.0)]);
    put_row(ws, 3, &[S("华容区"), N(420703.0), N(3.0), N(51.0)]);
    let r = read("202206_市交通运输局.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(obs(&r).len(), 2);
    let unread: Vec<_> = (r.diagnostics.iter())
        .filter(|d| d.code == "unread_column")
        .map(|d| (d.cell.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        unread,
        [(
            "D3",
            "此列没有表头，其中的 2 个数未读取；如是指标数据，请在表头写明指标名称后重报"
        )]
    );
    // A column of area codes beside 区域 names no indicator: an error at its header, with the
    // count of figures not read.
    let codes = r.diagnostics.iter().find(|d| d.cell == "B2").unwrap();
    assert_eq!(codes.code, "unknown_indicator");
    assert!(
        codes.message.contains("其下 2 个数未读取"),
        "{}",
        codes.message
    );
}

#[test]
fn a_key_column_the_table_does_not_read_is_listed_with_its_numbers() {
    // 代码 is a row key of a long table, not of districts × indicators: its numbers (area codes)
    // were passed over without a word.
    let book = one_sheet(
        "6月",
        &[&[S("报告期：2022年6月")]],
        &[S("区域"), S("代码"), S("新改建农村公路（公里）")],
        &[
            &[S("鄂城区"), N(420702.0), N(2.0)],
            &[S("华容区"), N(420703.0), N(3.0)],
        ],
    );
    let r = read("202206_市交通运输局.xlsx", &book);
    assert_eq!(obs(&r).len(), 2);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "unread_column")
        .unwrap();
    assert_eq!(
        (d.cell.as_str(), d.message.as_str()),
        ("B3", "“代码”列不是本表读取的栏目，其中的 2 个数未读取")
    );
}

#[test]
fn a_known_indicator_in_a_unit_that_does_not_convert_says_so() {
    // It was called an unknown indicator, the closest name being itself.
    let book = one_sheet(
        "6月",
        &[&[S("报告期：2022年6月")]],
        &[
            S("区域"),
            S("新改建农村公路（公里）"),
            S("新建农村客运候车厅（万个）"),
        ],
        &[&[S("鄂城区"), N(2.0), N(1.0)]],
    );
    let r = read("202206_市交通运输局.xlsx", &book);
    assert_eq!(obs(&r).len(), 1);
    let d = r.diagnostics.iter().find(|d| d.cell == "C2").unwrap();
    assert_eq!((d.cell.as_str(), d.code.as_str()), ("C2", "unit_mismatch"));
    assert!(
        d.message
            .starts_with("计量单位“万个”不能换算为 T17-04 的“个”"),
        "{}",
        d.message
    );
}

#[test]
fn a_months_table_titled_with_its_span_holds_each_months_own_figure() {
    // `2022年1-6月…` names the months the table covers; a review stored 1, 2, 1, 2, 1.5, 2 as
    // year-to-date figures and progress read 2 km where 9.5 were built.
    let values = [1.0, 2.0, 1.0, 2.0, 1.5, 2.0];
    let months = ["1月", "2月", "3月", "4月", "5月", "6月"];
    let rows: Vec<[V; 2]> = months
        .iter()
        .zip(values)
        .map(|(m, v)| [S(m), N(v)])
        .collect();
    let rows: Vec<&[V]> = rows.iter().map(|r| r.as_slice()).collect();
    let book = one_sheet(
        "鄂城区",
        &[&[S("2022年1-6月农村交通建设情况")]],
        &[S("月份"), S("新改建农村公路（公里）")],
        &rows,
    );
    let r = read("202206_市交通运输局.xlsx", &book);
    // The submission is June's; its table of months draws no 报告期不同 warning for January to
    // May (a review found one a row).
    assert!(
        r.diagnostics.iter().all(|d| d.code != "period_differs"),
        "{:?}",
        r.diagnostics
    );
    let want: Vec<Obs> = (values.iter().enumerate())
        .map(|(i, v)| {
            let (p, cell) = (format!("2022-{:02}", i + 1), format!("鄂城区!B{}", 3 + i));
            o("T17-01", "鄂城区", &p, Some(*v), None, &cell)
        })
        .collect();
    assert_eq!(obs(&r), want);
}

/// A quantitative table, a blank row, a sub-title, then a 督办 task table on the same sheet.
fn two_tables() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("2022年6月市交通运输局城乡融合工作报表")]);
    put_row(
        ws,
        1,
        &[S("填报单位：市交通运输局"), E, S("报告期：2022年6月")],
    );
    put_row(ws, 2, &[S("一、主要指标完成情况")]);
    put_row(
        ws,
        3,
        &[
            S("序号"),
            S("区域"),
            S("新改建农村公路（公里）"),
            E,
            S("新建农村客运候车厅（个）"),
        ],
    );
    put_row(ws, 4, &[E, E, S("本月"), S("累计"), S("累计")]);
    put_row(ws, 5, &[N(1.0), S("鄂城区"), N(2.0), N(10.0), N(4.0)]);
    put_row(ws, 6, &[N(2.0), S("华容区"), N(3.0), N(12.0), N(5.0)]);
    put_row(ws, 8, &[S("二、重点工作推进情况")]);
    let task = [
        S("序号"),
        S("工作任务"),
        S("进展状态"),
        S("完成进度(%)"),
        S("进展情况"),
        S("存在问题"),
        S("下步计划"),
    ];
    put_row(ws, 9, &task);
    put_row(
        ws,
        10,
        &[
            N(17.0),
            S("四好农村路示范创建"),
            S("推进中"),
            N(60.0),
            S("已完成申报材料"),
            S("无"),
            S("迎接验收"),
        ],
    );
    wb.save_to_buffer().unwrap()
}

#[test]
fn two_tables_on_one_sheet_each_read_with_its_own_header() {
    let r = read("202206_市交通运输局.xlsx", &two_tables());
    let m = "2022-06";
    assert_eq!(
        obs(&r),
        vec![
            o("T17-01", "鄂城区", m, Some(2.0), Some(10.0), "6月!C6"),
            o("T17-04", "鄂城区", m, None, Some(4.0), "6月!E6"),
            o("T17-01", "华容区", m, Some(3.0), Some(12.0), "6月!C7"),
            o("T17-04", "华容区", m, None, Some(5.0), "6月!E7"),
        ]
    );
    assert_eq!(diags(&r), vec![]);
    let s = &r.statuses;
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].item, s[0].percent, s[0].cell.as_str()),
        (17, Some(60.0), "A11")
    );
    assert_eq!(
        s[0].period.to_string(),
        m,
        "the sheet's 报告期, above the first table"
    );
    let blocks: Vec<_> = (r.sheets[0].blocks.iter())
        .map(|b| (b.layout, b.header.as_str(), b.data.as_str()))
        .collect();
    use dabiao::ingest::Layout::{Matrix, Task};
    assert_eq!(
        blocks,
        vec![(Matrix, "A4:G5", "A6:G7"), (Task, "A10:G10", "A11:G11")]
    );
}

/// The matrix of [`matrix_workbook`] as a GBK CSV, as WPS saves it: no merged cells, so the
/// indicator stands over its 本月 column with a blank beside it.
#[test]
fn the_matrix_as_a_gbk_csv() {
    let text = "2022年6月鄂州市农村交通建设完成情况统计表,,,,,,\n\
                填报单位：市交通运输局,,,,报告期：2022年6月,,\n\
                序号,区域,新改建农村公路（公里）,,新建农村客运候车厅（个）,,备注\n\
                ,,本月,累计,本月完成,1-6月累计,\n\
                1,鄂城区,2,10,1,4,\n\
                2,华容区,3,12,0,5,\n\
                3,梁子湖区,1.5,6,,3,\n\
                4,葛店开发区,0,5,1,2,\n\
                5,临空经济区,1,4,—,2,\n\
                合计,,7.5,37,2,16,\n\
                ,,,,,,\n\
                填表人：张三　审核人：李四　联系电话：0711-3201234,,,,,,\n";
    let (bytes, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    let r = read("6月.csv", &bytes);
    assert_eq!(obs(&r), matrix_expected("6月"));
    assert_eq!(diags(&r), vec![]);
}

/// `tests/fixtures/ingest/matrix.xls` and `.ods`: [`matrix_workbook`] saved by LibreOffice
/// (`soffice --headless --convert-to xls|ods`), merged cells and all.
#[test]
fn the_matrix_as_xls_and_ods_reads_like_the_xlsx() {
    for name in ["matrix.xls", "matrix.ods"] {
        let r = read(name, &fixture(name));
        assert_eq!(obs(&r), matrix_expected("6月"), "{name}");
        assert_eq!(diags(&r), vec![], "{name}");
    }
}

/// The bureau shapes of this file as workbooks, for trying the command line on them
/// (written by `ingest::write_fixture_source_when_asked`).
pub fn shapes() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("202206_市交通运输局_统计表.xlsx", matrix_workbook()),
        ("202206_市交通运输局_主要指标.xlsx", awkward_matrix()),
        ("202206_市交通运输局_各区指标.xlsx", indicator_rows()),
        ("2022_市交通运输局_分月.xlsx", month_rows()),
        ("202206_市交通运输局_两张表.xlsx", two_tables()),
    ]
}

/// The command line on the 统计表: `validate` names the layout and where the table is, `ingest`
/// stores its figures, and `progress` shows them (37 of the 50 km of T17-01: 0.74).
#[test]
fn validate_ingest_and_progress_on_the_matrix() {
    let dir = super::tempdir();
    let name = "202206_市交通运输局_统计表.xlsx";
    std::fs::write(dir.path().join(name), matrix_workbook()).unwrap();
    let out = super::dabiao(dir.path())
        .args(["validate", name])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let line = text.lines().find(|l| l.contains("区域×指标表"));
    assert!(
        line.is_some_and(|l| l.contains("A3:G4") && l.contains("A5:G10") && l.contains("A12")),
        "{text}"
    );
    super::dabiao(dir.path())
        .args(["ingest", name, "--received-at", "2022-07-05"])
        .assert()
        .success();
    let rows = super::json(
        super::dabiao(dir.path()).args(["progress", "--as-of", "2022-06", "--format", "json"]),
    );
    let city = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "T17-01" && r["district"] == "全市")
        .unwrap();
    assert_eq!(
        (city["actual"].as_f64(), city["completion"].as_f64()),
        (Some(37.0), Some(0.74))
    );
}

/// What else bureaus write: `区域` in the lower header row under a blank, indicators numbered as
/// in a list (`1.新改建农村公路`) or headed by a code run into the name (`T17-04新建…`), months
/// in words (`六月`), and 填报单位 and 报告期 in one cell.
#[test]
fn labels_in_the_lower_header_row_numbered_names_and_months_in_words() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("表1").unwrap();
    put_row(ws, 0, &[S("填报单位：市交通运输局　报告期：2022年6月")]);
    put_row(
        ws,
        1,
        &[
            E,
            S("1.新改建农村公路（公里）"),
            E,
            S("T17-04新建农村客运候车厅（个）"),
        ],
    );
    put_row(ws, 2, &[S("区域"), S("本月"), S("累计"), S("本月")]);
    put_row(ws, 3, &[S("华容区"), N(3.0), N(12.0), N(1.0)]);
    let ws = wb.add_worksheet();
    ws.set_name("鄂城区").unwrap();
    put_row(ws, 0, &[S("2022年各月完成情况")]);
    put_row(ws, 1, &[S("月份"), S("（一）新改建农村公路")]);
    put_row(ws, 2, &[S("六月"), N(2.0)]);
    let r = read("市交通运输局.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(
        obs(&r),
        vec![
            o(
                "T17-01",
                "华容区",
                "2022-06",
                Some(3.0),
                Some(12.0),
                "表1!B4"
            ),
            o("T17-04", "华容区", "2022-06", Some(1.0), None, "表1!D4"),
            o("T17-01", "鄂城区", "2022-06", Some(2.0), None, "鄂城区!B3"),
        ]
    );
    assert_eq!(diags(&r), vec![]);
}

/// `本月完成` and `累计完成` merged over the indicators (the other way up), and the districts under
/// `单位名称`: each indicator's two columns are one 本月 | 累计 pair.
#[test]
fn month_and_cumulative_above_the_indicators_make_one_pair() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    merge(ws, (0, 0), (1, 0), "单位名称");
    merge(ws, (0, 1), (0, 2), "本月完成");
    merge(ws, (0, 3), (0, 4), "累计完成");
    let names = [S("新改建农村公路"), S("新建农村客运候车厅")];
    put_row(
        ws,
        1,
        &[
            E,
            names[0].clone(),
            names[1].clone(),
            names[0].clone(),
            names[1].clone(),
        ],
    );
    put_row(ws, 2, &[S("鄂城区"), N(2.0), N(1.0), N(10.0), N(4.0)]);
    put_row(ws, 3, &[S("全市"), N(2.0), N(1.0), N(10.0), N(4.0)]);
    let r = read("202206_市交通运输局.xlsx", &wb.save_to_buffer().unwrap());
    let m = "2022-06";
    assert_eq!(
        obs(&r),
        vec![
            o("T17-01", "鄂城区", m, Some(2.0), Some(10.0), "6月!B3"),
            o("T17-04", "鄂城区", m, Some(1.0), Some(4.0), "6月!C3"),
            o("T17-01", "全市", m, Some(2.0), Some(10.0), "6月!B4"),
            o("T17-04", "全市", m, Some(1.0), Some(4.0), "6月!C4"),
        ]
    );
    assert_eq!(diags(&r), vec![]);
    assert_eq!(r.sheets[0].blocks[0].header, "A1:E2");
}

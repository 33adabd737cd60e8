//! Chart tests on hand-made progress rows. SVG tests count the elements that carry data (bars are
//! `<rect>` in a status colour, lines `<polyline>`, points `<circle>`); PNG tests decode the image
//! and skip with a note when no CJK font is installed.

use super::style::{status_color, RECEIPT_COLORS, STATUS_COLORS};
use super::*;
use crate::progress::{CompletenessRow, GoalRow, ItemRow, ProgressRow};

pub(crate) fn row(
    code: &str,
    name: &str,
    section: u32,
    district: &str,
    status: &str,
) -> ProgressRow {
    ProgressRow {
        indicator: code.into(),
        name: name.into(),
        item: Some(section * 10),
        section: Some(section),
        unit: "公里".into(),
        kind: "flow".into(),
        direction: "higher".into(),
        district: district.into(),
        year: 2022,
        as_of: "2022-06".into(),
        target: None,
        actual: None,
        completion: None,
        time_progress: 0.5,
        gap_pp: None,
        status: status.into(),
        projection: None,
        yoy: None,
        mom: None,
        months_reported: 0,
        last_period: None,
        actual_period: None,
        reporting_unit: "市交通运输局".into(),
        note: String::new(),
        combined: None,
    }
}

fn scored(mut r: ProgressRow, target: f64, actual: f64) -> ProgressRow {
    r.target = Some(target);
    r.actual = Some(actual);
    r.completion = Some(actual / target);
    r.gap_pp = Some((actual / target - 0.5) * 100.0);
    r
}

pub(crate) const LONG: &str =
    "华容区申报全国第三批城乡交通运输一体化示范县并通过省级评审验收工作任务";

/// 2022-06: six indicators in three sections, one district-only, one with a long name, and
/// per-district rows of T17-01.
pub(crate) fn sample() -> ChartData {
    let mut d = ChartData::new(2022, 6);
    d.sections = vec![
        (1, "建立城乡要素自由流动体制机制".into()),
        (2, "推进城乡公共资源均衡配置".into()),
        (3, "推进城乡产业协同发展".into()),
    ];
    d.rows = vec![
        scored(
            row(
                "T01-01",
                "宅基地使用权确权登记颁证完成率",
                1,
                "全市",
                "已完成",
            ),
            100.0,
            100.0,
        ),
        scored(
            row("T01-02", "农村公路危桥改造完成率", 1, "全市", "超序时"),
            100.0,
            62.0,
        ),
        scored(
            row("T17-01", "新改建农村公路", 2, "全市", "滞后"),
            50.0,
            17.5,
        ),
        scored(
            row("T17-01", "新改建农村公路", 2, "鄂城区", "正常"),
            20.0,
            10.0,
        ),
        scored(
            row("T17-01", "新改建农村公路", 2, "华容区", "严重滞后"),
            15.0,
            2.0,
        ),
        row("T17-01", "新改建农村公路", 2, "梁子湖区", "未报送"),
        row("T17-04", "新建农村客运候车厅", 2, "全市", "未报送"),
        scored(row("T17-05", LONG, 2, "华容区", "严重滞后"), 1.0, 0.0),
        row("T24-01", "优势产业链打造", 3, "全市", "无目标"),
    ];
    d.rows[3].target = Some(20.0);
    d.rows[5].target = Some(15.0);
    d.monthly = [(1, 2.0), (2, 4.5), (3, 7.0), (5, 12.0), (6, 17.5)]
        .iter()
        .map(|(m, v)| MonthlyValue {
            indicator: "T17-01".into(),
            district: "全市".into(),
            month: *m,
            actual: *v,
        })
        .chain(
            [(1, 1.0), (3, 5.0), (6, 10.0)]
                .iter()
                .map(|(m, v)| MonthlyValue {
                    indicator: "T17-01".into(),
                    district: "鄂城区".into(),
                    month: *m,
                    actual: *v,
                }),
        )
        .chain([(2, 0.5), (6, 2.0)].iter().map(|(m, v)| MonthlyValue {
            indicator: "T17-01".into(),
            district: "华容区".into(),
            month: *m,
            actual: *v,
        }))
        .collect();
    let item = |no: u32, section: u32, text: &str, status: &str| ItemRow {
        item: no,
        section,
        text: text.into(),
        lead_unit: "市交通运输局".into(),
        indicators: 1,
        status: status.into(),
        completion: None,
        basis: "指标".into(),
        worst_indicator: None,
    };
    d.items_by_month = (1..=6)
        .map(|m| {
            (
                m,
                vec![
                    item(
                        1,
                        1,
                        "深化户籍制度改革",
                        if m < 4 { "正常" } else { "超序时" },
                    ),
                    item(2, 1, "宅基地确权登记颁证", "已完成"),
                    item(17, 2, LONG, if m < 3 { "正常" } else { "滞后" }),
                    item(24, 3, "打造优势产业链", "未报送"),
                ],
            )
        })
        .collect();
    let goal = |target_year: i32, target: f64, category: &str| GoalRow {
        indicator: "G-05".into(),
        name: "农村居民人均可支配收入".into(),
        unit: "元".into(),
        direction: "higher".into(),
        path: "growth".into(),
        baseline_year: Some(2020),
        baseline: Some(19_000.0),
        target_year: Some(target_year),
        target: Some(target),
        latest_year: Some(2022),
        latest: Some(21_500.0),
        required_rate: Some(0.08),
        actual_rate: Some(0.0637),
        ratio: Some(0.8),
        category: category.into(),
        projected: None,
        projected_ratio: None,
        unsd_category: String::new(),
        note: String::new(),
    };
    d.goals = vec![
        goal(2025, 28_000.0, "moderate"),
        goal(2035, 60_000.0, "moderate"),
    ];
    d.annual = [(2020, 19_000.0), (2021, 20_300.0), (2022, 21_500.0)]
        .iter()
        .map(|(y, v)| AnnualValue {
            indicator: "G-05".into(),
            year: *y,
            value: *v,
        })
        .collect();
    for unit in ["市交通运输局", "市农业农村局", "市自然资源和规划局"] {
        for m in 1..=6u32 {
            let status = match (unit, m) {
                ("市农业农村局", 3) => "late",
                ("市自然资源和规划局", 5 | 6) => "missing",
                _ => "received",
            };
            d.completeness.push(CompletenessRow {
                unit: unit.into(),
                period: format!("2022-{m:02}"),
                status: status.into(),
                received_at: None,
                due: String::new(),
            });
        }
    }
    d.names_en
        .insert("T17-01".into(), "New and rebuilt rural roads".into());
    d
}

fn svg(kind: &Kind, data: &ChartData) -> String {
    String::from_utf8(render(kind, data, &ChartOptions::default()).unwrap()).unwrap()
}

fn svg_en(kind: &Kind, data: &ChartData) -> String {
    let opts = ChartOptions {
        lang: Lang::En,
        ..Default::default()
    };
    String::from_utf8(render(kind, data, &opts).unwrap()).unwrap()
}

/// `<rect>` elements filled with a colour.
fn rects(svg: &str, color: RGBColor) -> usize {
    let fill = format!("fill=\"#{:02X}{:02X}{:02X}\"", color.0, color.1, color.2);
    svg.split("<rect")
        .skip(1)
        .filter(|e| e.split('>').next().unwrap_or("").contains(&fill))
        .count()
}

fn status_rects(svg: &str) -> usize {
    STATUS_COLORS.iter().map(|(_, c)| rects(svg, *c)).sum()
}

fn count(svg: &str, what: &str) -> usize {
    svg.matches(what).count()
}

fn trajectory(districts: bool) -> Kind {
    Kind::Trajectory {
        indicator: "T17-01".into(),
        districts,
    }
}

fn all_kinds() -> Vec<Kind> {
    vec![
        Kind::Completion,
        trajectory(true),
        Kind::Districts {
            indicator: "T17-01".into(),
        },
        Kind::Heatmap,
        Kind::Goal {
            indicator: "G-05".into(),
        },
        Kind::Completeness,
    ]
}

#[test]
fn completion_has_a_bar_per_scored_row_grouped_by_section() {
    let s = svg(&Kind::Completion, &sample());
    // City rows 5 (T01-01, T01-02, T17-01, T17-04, T24-01) and the district-only T17-05; bars for
    // the three with a completion above 0, plus the 7 legend swatches; the one at 0 % has its
    // status written out, as no bar shows its colour.
    assert_eq!(status_rects(&s), 3 + 7, "{s}");
    assert_eq!(rects(&s, status_color("严重滞后")), 1);
    assert!(s.contains("0.0%（严重滞后）"), "{s}");
    for label in [
        "指标完成率（截至2022年6月）",
        "一、建立城乡要素自由流动体制机制",
        "二、推进城乡公共资源均衡配置",
        "三、推进城乡产业协同发展",
        "序时进度 50.0%",
        "宅基地使用权确权登记颁证完成率",
        "35.0%",
        "未报送",
        "无目标",
        "（华容区）",
    ] {
        assert!(s.contains(label), "missing {label}");
    }
    // District rows of T17-01 are not bars here.
    assert!(!s.contains("鄂城区"));
    // The CJK font list replaces the layout font.
    assert!(s.contains("font-family=\"'Noto Sans CJK SC'"));
    assert!(!s.contains("dabiao-metrics"));
}

#[test]
fn long_names_are_cut_with_an_ellipsis() {
    let s = svg(&Kind::Completion, &sample());
    assert!(!s.contains(LONG));
    assert!(s.contains("华容区申报全国第三批城乡交通运输"), "{s}");
    assert!(s.contains("…（华容区）"));
    let h = svg(&Kind::Heatmap, &sample());
    assert!(!h.contains(LONG));
    assert!(h.contains('…'));
}

#[test]
fn trajectory_draws_path_actual_and_district_lines() {
    let d = sample();
    let s = svg(&trajectory(false), &d);
    // Target path and city actual; a dot per reported month (5: April has no report).
    assert_eq!(count(&s, "<polyline"), 2 + axis_polylines(&s), "{s}");
    assert_eq!(count(&s, "<circle"), 5);
    assert!(s.contains("新改建农村公路：逐月累计完成与目标路径（2022年）"));
    assert!(s.contains("目标 50公里"));
    assert!(s.contains("6月"));
    let s = svg(&trajectory(true), &d);
    // Plus 鄂城区 and 华容区 (梁子湖区 has no values).
    assert_eq!(count(&s, "<polyline"), 4 + axis_polylines(&s));
    assert_eq!(count(&s, "<circle"), 5);
    assert!(s.contains("鄂城区") && s.contains("华容区") && !s.contains("梁子湖区"));
}

#[test]
fn a_stocks_path_is_the_schedule_its_status_is_judged_by() {
    // T26-01 (villages, a stock): 10 by December, so 5 at June — from 0, not from January's
    // level, or a figure on schedule (正常) would be drawn below or above its path.
    let d = super::gallery::ezhou_2022_06();
    let t = super::trajectory::Trajectory::new(&d, "T26-01", false);
    assert_eq!(t.path(), Some([(0.0, 0.0), (12.0, 10.0)]));
    // A milestone is done or not: no path.
    assert_eq!(
        super::trajectory::Trajectory::new(&d, "T06-01", false).path(),
        None
    );
}

/// Polylines plotters draws for the axes themselves (not data), counted from an empty chart of
/// the same kind so the data count stays deliberate.
fn axis_polylines(s: &str) -> usize {
    // Axis lines are drawn in the muted axis colour; data lines never use it.
    s.split("<polyline")
        .skip(1)
        .filter(|e| {
            e.split("/>")
                .next()
                .unwrap_or("")
                .contains("stroke=\"#616161\"")
        })
        .count()
}

#[test]
fn districts_put_target_and_actual_side_by_side() {
    let s = svg(
        &Kind::Districts {
            indicator: "T17-01".into(),
        },
        &sample(),
    );
    // Targets: 鄂城区, 华容区, 梁子湖区 (3) + legend; actuals: 鄂城区, 华容区 (2).
    assert_eq!(rects(&s, super::style::TARGET), 3 + 1, "{s}");
    assert_eq!(rects(&s, status_color("正常")), 1 + 1);
    assert_eq!(rects(&s, status_color("严重滞后")), 1 + 1);
    for label in [
        "各区完成情况",
        "鄂城区",
        "华容区",
        "梁子湖区",
        "50.0% · 正常",
        "全市 实际 17.5公里 / 目标 50公里",
    ] {
        assert!(s.contains(label), "missing {label}");
    }
}

#[test]
fn heatmap_has_a_cell_per_item_and_month() {
    let s = svg(&Kind::Heatmap, &sample());
    assert_eq!(status_rects(&s), 4 * 6 + 7);
    assert_eq!(rects(&s, status_color("滞后")), 4 + 1);
    for label in [
        "重点工作逐月进展（2022年1—6月）",
        "1月",
        "6月",
        "深化户籍制度改革",
        "市交通运输局",
    ] {
        assert!(s.contains(label), "missing {label}");
    }
}

#[test]
fn goal_shows_path_actuals_and_projection() {
    let s = svg(
        &Kind::Goal {
            indicator: "G-05".into(),
        },
        &sample(),
    );
    // Path, actuals and projection; dots: baseline + 2 targets, 3 actuals.
    assert_eq!(count(&s, "<polyline") - axis_polylines(&s), 3, "{s}");
    assert_eq!(count(&s, "<circle"), 3 + 3);
    for label in [
        "农村居民人均可支配收入：2025/2035 目标路径与实际",
        "2025 目标 28,000元",
        "2020 基线 19,000元",
        "进展一般",
        "按当前速度预测",
    ] {
        assert!(s.contains(label), "missing {label}");
    }
}

#[test]
fn a_goal_without_numbers_says_target_not_set() {
    let mut d = sample();
    d.annual.clear();
    for g in &mut d.goals {
        g.baseline = None;
        g.target = None;
        g.category = "target_not_set".into();
    }
    let s = svg(
        &Kind::Goal {
            indicator: "G-05".into(),
        },
        &d,
    );
    assert!(s.contains("目标未设定"));
    assert!(s.contains("无数据"));
}

#[test]
fn completeness_marks_late_and_missing() {
    let s = svg(&Kind::Completeness, &sample());
    let [(_, ok), (_, late), (_, missing)] = RECEIPT_COLORS;
    assert_eq!(rects(&s, ok), 15 + 1);
    assert_eq!(rects(&s, late), 1 + 1);
    assert_eq!(rects(&s, missing), 2 + 1);
    for label in [
        "各责任单位报送情况",
        "市自然资源和规划局",
        "迟",
        "缺",
        "4/6",
        "报送率 88.9%",
    ] {
        assert!(s.contains(label), "missing {label}");
    }
}

#[test]
fn empty_data_says_no_data() {
    let d = ChartData::new(2022, 6);
    for kind in all_kinds() {
        let s = svg(&kind, &d);
        assert!(s.contains("无数据"), "{} without 无数据", kind.name());
        assert_eq!(status_rects(&s), 0, "{}", kind.name());
        let e = svg_en(&kind, &d);
        assert!(e.contains("No data"), "{}", kind.name());
    }
}

#[test]
fn an_unknown_indicator_gives_no_data_not_an_error() {
    let s = svg(
        &Kind::Districts {
            indicator: "X-99".into(),
        },
        &sample(),
    );
    assert!(s.contains("无数据"));
}

#[test]
fn english_labels_use_catalog_names() {
    let d = sample();
    let s = svg_en(&trajectory(false), &d);
    assert!(s.contains("New and rebuilt rural roads: year-to-date actual vs path to target (2022)"));
    assert!(s.contains("Jun"));
    let c = svg_en(&Kind::Completion, &d);
    assert!(c.contains("Completion by indicator (as of Jun 2022)"));
    assert!(
        c.contains("Section 2") && c.contains("Far behind") && c.contains("Time elapsed 50.0%")
    );
    // Without an English name the Chinese one stays.
    assert!(c.contains("宅基地使用权确权登记颁证完成率"));
}

#[test]
fn sizes_are_checked_and_given_sizes_used() {
    let d = sample();
    let opts = ChartOptions {
        width: Some(640),
        height: Some(480),
        ..Default::default()
    };
    let s = String::from_utf8(render(&Kind::Heatmap, &d, &opts).unwrap()).unwrap();
    assert!(s.contains("width=\"640\"") && s.contains("height=\"480\""));
    let bad = ChartOptions {
        width: Some(10),
        ..Default::default()
    };
    assert!(matches!(
        render(&Kind::Heatmap, &d, &bad),
        Err(Error::Usage(_))
    ));
}

#[test]
fn format_follows_the_extension() {
    assert_eq!(Format::from_path(Path::new("a.SVG")), Some(Format::Svg));
    assert_eq!(Format::from_path(Path::new("图.png")), Some(Format::Png));
    assert_eq!(Format::from_path(Path::new("a.pdf")), None);
}

/// A decoded PNG: width, height, RGB bytes.
pub(crate) fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let dec = png::Decoder::new(bytes);
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    assert_eq!(info.color_type, png::ColorType::Rgb);
    (info.width, info.height, buf)
}

/// Distinct colours and the number of near-black (text) pixels.
pub(crate) fn colours_and_dark(rgb: &[u8]) -> (usize, usize) {
    let px: Vec<[u8; 3]> = rgb.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
    let distinct: std::collections::BTreeSet<[u8; 3]> = px.iter().copied().collect();
    let dark = px.iter().filter(|p| p.iter().all(|&c| c < 80)).count();
    (distinct.len(), dark)
}

#[test]
fn png_of_every_kind_has_its_size_colours_and_text() {
    if font::system_font().is_none() {
        eprintln!("note: no CJK font found (apt-get install fonts-noto-cjk); PNG test skipped");
        return;
    }
    let d = sample();
    for kind in all_kinds() {
        let opts = ChartOptions {
            format: Format::Png,
            width: Some(900),
            height: Some(640),
            ..Default::default()
        };
        let bytes = render(&kind, &d, &opts).unwrap();
        let (w, h, rgb) = decode_png(&bytes);
        assert_eq!((w, h), (900, 640), "{}", kind.name());
        let (colours, dark) = colours_and_dark(&rgb);
        assert!(colours > 2, "{}: {colours} colours", kind.name());
        assert!(dark > 200, "{}: only {dark} dark pixels", kind.name());
    }
}

#[test]
fn png_of_empty_data_is_drawn_not_refused() {
    if font::system_font().is_none() {
        eprintln!("note: no CJK font found; PNG test skipped");
        return;
    }
    let opts = ChartOptions {
        format: Format::Png,
        ..Default::default()
    };
    let bytes = render(&Kind::Heatmap, &ChartData::new(2022, 6), &opts).unwrap();
    let (_, _, rgb) = decode_png(&bytes);
    assert!(colours_and_dark(&rgb).1 > 50);
}

#[test]
fn png_chinese_text_is_glyphs_not_boxes() {
    let Some(path) = font::system_font() else {
        eprintln!("note: no CJK font found; PNG test skipped");
        return;
    };
    // Two different characters must draw two different shapes; a missing glyph draws the same box.
    let face = font::png_face(Some(&path)).unwrap();
    let theme = Theme {
        face,
        lang: Lang::Zh,
    };
    let draw = |s: &str| {
        let mut buf = vec![255u8; 80 * 60 * 3];
        {
            let root = bitmap::Png::new(&mut buf, (80, 60), &face)
                .unwrap()
                .into_drawing_area();
            use style::Canvas;
            root.label(s, (10, 10), &theme.text(36.0, style::INK))
                .unwrap();
            root.present().unwrap();
        }
        buf
    };
    let (a, b) = (draw("鄂"), draw("州"));
    assert!(colours_and_dark(&a).1 > 30);
    assert_ne!(a, b);
}

/// Renders every kind from the bundled Ezhou catalog with made-up submissions into
/// `/tmp/charts/` (SVG and PNG) for a person to look at:
/// `cargo test --lib chart::tests::gallery -- --ignored`.
#[test]
#[ignore]
fn gallery() {
    let d = super::gallery::ezhou_2022_06();
    std::fs::create_dir_all("/tmp/charts").unwrap();
    let kinds = [
        ("completion", Kind::Completion),
        (
            "trajectory",
            Kind::Trajectory {
                indicator: "T17-01".into(),
                districts: false,
            },
        ),
        (
            "trajectory-districts",
            Kind::Trajectory {
                indicator: "T17-01".into(),
                districts: true,
            },
        ),
        (
            "trajectory-stock",
            Kind::Trajectory {
                indicator: "T26-01".into(),
                districts: true,
            },
        ),
        (
            "trajectory-unreported",
            Kind::Trajectory {
                indicator: "T49-01".into(),
                districts: false,
            },
        ),
        (
            "districts",
            Kind::Districts {
                indicator: "T17-01".into(),
            },
        ),
        (
            "districts-targets",
            Kind::Districts {
                indicator: "T28-01".into(),
            },
        ),
        ("heatmap", Kind::Heatmap),
        (
            "goal",
            Kind::Goal {
                indicator: "G-05".into(),
            },
        ),
        (
            "goal-unset",
            Kind::Goal {
                indicator: "G-01".into(),
            },
        ),
        ("completeness", Kind::Completeness),
    ];
    for (name, kind) in kinds {
        for (format, ext) in [(Format::Png, "png"), (Format::Svg, "svg")] {
            for lang in [Lang::Zh, Lang::En] {
                let opts = ChartOptions {
                    format,
                    lang,
                    ..Default::default()
                };
                let bytes = render(&kind, &d, &opts).unwrap();
                let suffix = if lang == Lang::En { "-en" } else { "" };
                std::fs::write(format!("/tmp/charts/{name}{suffix}.{ext}"), bytes).unwrap();
            }
        }
    }
}

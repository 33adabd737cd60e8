//! `dabiao chart`: files written, formats, errors. The store is not wired yet, so the charts are
//! drawn from no observations: indicators show as 未报送 and per-indicator charts say 无数据.

use super::dabiao;

const CJK_FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
];

fn read(p: &std::path::Path) -> String {
    String::from_utf8(std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn completion_svg_lists_every_indicator_as_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    dabiao(dir.path())
        .args([
            "chart",
            "completion",
            "--as-of",
            "2022-06",
            "-o",
            "完成率.svg",
        ])
        .assert()
        .success();
    let svg = read(&dir.path().join("完成率.svg"));
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("指标完成率（截至2022年6月）"));
    assert!(svg.contains("序时进度 50.0%"));
    assert!(svg.contains("新改建农村公路"));
    assert!(svg.contains("未报送"));
    assert!(svg.contains("Noto Sans CJK SC"));
}

#[test]
fn indicator_charts_without_data_say_no_data() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, code) in [
        ("trajectory", "T17-01"),
        ("districts", "T17-01"),
        ("goal", "G-05"),
    ] {
        let out = format!("{kind}.svg");
        dabiao(dir.path())
            .args([
                "chart",
                kind,
                "--indicator",
                code,
                "--as-of",
                "2022-06",
                "-o",
                &out,
            ])
            .assert()
            .success();
        let svg = read(&dir.path().join(&out));
        assert!(
            svg.contains("无数据") || svg.contains("目标未设定"),
            "{kind}"
        );
    }
    dabiao(dir.path())
        .args([
            "chart",
            "goal",
            "--indicator",
            "G-05",
            "--lang",
            "en",
            "-o",
            "g.svg",
        ])
        .assert()
        .success();
    let svg = read(&dir.path().join("g.svg"));
    assert!(svg.contains("Per-capita disposable income of rural residents"));
    assert!(svg.contains("Target not set"));
}

#[test]
fn an_indicator_chart_needs_a_known_indicator() {
    let dir = tempfile::tempdir().unwrap();
    dabiao(dir.path())
        .args(["chart", "trajectory", "-o", "t.svg"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--indicator"));
    dabiao(dir.path())
        .args(["chart", "districts", "--indicator", "T17-1", "-o", "t.svg"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("T17-01"));
    assert!(!dir.path().join("t.svg").exists());
}

#[test]
fn the_output_extension_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    dabiao(dir.path())
        .args(["chart", "heatmap", "-o", "h.pdf"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".svg 或 .png"));
}

#[test]
fn png_is_written_with_the_requested_size_or_a_font_hint() {
    let dir = tempfile::tempdir().unwrap();
    let font = CJK_FONTS.iter().find(|p| std::path::Path::new(p).is_file());
    let assert = dabiao(dir.path())
        .args([
            "chart",
            "completeness",
            "--as-of",
            "2022-06",
            "-o",
            "报送.png",
        ])
        .args(["--width", "900", "--height", "500"])
        .assert();
    if font.is_none() {
        eprintln!(
            "note: no CJK font installed (apt-get install fonts-noto-cjk); checking the hint"
        );
        assert
            .code(2)
            .stderr(predicates::str::contains("apt-get install fonts-noto-cjk"));
        return;
    }
    assert.success();
    let png = std::fs::read(dir.path().join("报送.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height, big-endian, right after the chunk length and type.
    assert_eq!(&png[12..16], b"IHDR");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 900);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 500);
}

#[test]
fn a_missing_font_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    dabiao(dir.path())
        .args([
            "chart",
            "heatmap",
            "-o",
            "h.png",
            "--font",
            "no-such-font.ttf",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no-such-font.ttf"));
}

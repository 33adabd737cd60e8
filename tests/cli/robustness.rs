//! Bad input, hostile content and failing disks (issue 11). Every file is generated here; every
//! case runs the built binary and checks the outcome a user sees: a clear message naming the
//! file, the documented exit code (0 ok, 1 input errors, 2 could not run), and never a panic.

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::ingest::{put_row, V};
use super::{dabiao, tempdir};
use V::{E, N, S};

const HEADER: [V; 8] = [
    S("指标编码"),
    S("指标名称"),
    S("计量单位"),
    S("区域"),
    S("报告期"),
    S("本月完成"),
    S("累计完成"),
    S("备注"),
];

/// A small valid submission: one row for T17-01 in 华容区, June 2022.
fn good_xlsx() -> Vec<u8> {
    submission_xlsx(3.0)
}

/// As [`good_xlsx`] with `value` as the month's value (distinct values, distinct submissions).
fn submission_xlsx(value: f64) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("填报单位：市交通运输局")]);
    put_row(ws, 1, &HEADER);
    put_row(
        ws,
        2,
        &[
            S("T17-01"),
            E,
            E,
            S("华容区"),
            S("2022年6月"),
            N(value),
            N(20.0),
        ],
    );
    wb.save_to_buffer().unwrap()
}

/// Output that must never reach a user, whatever the input.
fn assert_no_panic(out: &Output) {
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        for bad in ["panicked at", "RUST_BACKTRACE", "stack backtrace"] {
            assert!(!text.contains(bad), "{bad:?} in output:\n{text}");
        }
    }
}

/// `dabiao validate --format json <name>` in `dir`: (exit code, diagnostics).
fn validate(dir: &Path, name: &str) -> (i32, Vec<serde_json::Value>) {
    let out = dabiao(dir)
        .args(["validate", "--format", "json", "--"])
        .arg(name)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{name}: not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap(),
        v.as_array().cloned().unwrap_or_default(),
    )
}

/// Writes `bytes` as `name`, validates it and checks it is refused as a whole with `code`, the
/// message naming the file.
fn refused(name: &str, bytes: &[u8], code: &str) -> String {
    let dir = tempdir();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let (exit, diags) = validate(dir.path(), name);
    assert_eq!(exit, 1, "{name}: {diags:?}");
    assert_eq!(diags.len(), 1, "{name}: {diags:?}");
    assert_eq!(diags[0]["code"], code, "{name}: {diags:?}");
    assert_eq!(diags[0]["file"], name);
    assert_eq!(diags[0]["severity"], "error");
    // The table form names the file too.
    let out = dabiao(dir.path())
        .args(["validate", "--"])
        .arg(name)
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(name), "{text}");
    diags[0]["message"].as_str().unwrap().to_string()
}

/// Rewrites every entry of a zip through `edit(name, bytes)`.
fn rewrite_zip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let data = edit(&name, data);
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn truncated_zip_is_refused_as_corrupt() {
    let good = good_xlsx();
    let message = refused("截断.xlsx", &good[..good.len() / 2], "corrupt");
    assert!(message.contains("损坏"), "{message}");
}

#[test]
fn text_with_an_xlsx_name_is_not_a_spreadsheet() {
    refused(
        "报表.xlsx",
        "这不是表格，是一封信。\n".as_bytes(),
        "not_spreadsheet",
    );
    // Issue 26: a 0-byte file is an empty file, not "another file renamed".
    let msg = refused("empty.xlsx", b"", "empty_file");
    assert!(
        msg.contains("文件是空的") && !msg.contains("改了扩展名"),
        "{msg}"
    );
}

#[test]
fn password_protected_workbook_asks_for_the_password_to_be_removed() {
    // What Excel writes for an xlsx with a password: an OLE compound file (holding
    // `EncryptionInfo` and `EncryptedPackage`) with the .xlsx name. Its 512-byte header is enough
    // to be recognised; the content never needs to be decrypted.
    let mut cfb = vec![0u8; 1024];
    cfb[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    cfb[0x1A..0x1E].copy_from_slice(&[0x3E, 0x00, 0x03, 0x00]);
    cfb[0x1E..0x20].copy_from_slice(&[0x09, 0x00]);
    let message = refused("加密.xlsx", &cfb, "encrypted");
    assert!(message.contains("密码"), "{message}");
}

/// A zip whose one entry inflates from a few kilobytes to `size` bytes of zeros.
fn zeros_zip(name: &str, size: usize) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    out.start_file(name, opts).unwrap();
    let block = vec![0u8; 1 << 16];
    for _ in 0..size / block.len() {
        out.write_all(&block).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Overwrites every little-endian occurrence of `from` (the declared uncompressed size, in the
/// local header and the central directory) with `to`.
fn patch_u32(bytes: &mut [u8], from: u32, to: u32) -> usize {
    let (f, t) = (from.to_le_bytes(), to.to_le_bytes());
    let mut n = 0;
    for i in 0..bytes.len().saturating_sub(3) {
        if bytes[i..i + 4] == f {
            bytes[i..i + 4].copy_from_slice(&t);
            n += 1;
        }
    }
    n
}

#[test]
fn zip_bomb_is_refused_past_the_configured_limit() {
    const SIZE: usize = 4 << 20;
    let bomb = zeros_zip("xl/sharedStrings.xml", SIZE);
    assert!(bomb.len() < 20_000, "{} bytes", bomb.len());
    let dir = tempdir();
    std::fs::write(
        dir.path().join("dabiao.toml"),
        "[limits]\nmax_unzipped_bytes = 1000000\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("bomb.xlsx"), &bomb).unwrap();
    let (exit, diags) = validate(dir.path(), "bomb.xlsx");
    assert_eq!(exit, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "too_large");
    assert!(diags[0]["message"].as_str().unwrap().contains("压缩炸弹"));

    // The same bomb lying about its size (declaring 100 bytes) is refused too: the limit counts
    // what actually inflates, not what the archive claims.
    let mut liar = bomb.clone();
    assert_eq!(patch_u32(&mut liar, SIZE as u32, 100), 2);
    std::fs::write(dir.path().join("liar.xlsx"), &liar).unwrap();
    let (exit, diags) = validate(dir.path(), "liar.xlsx");
    assert_eq!(exit, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        ["too_large", "corrupt"].contains(&diags[0]["code"].as_str().unwrap()),
        "{diags:?}"
    );

    // Under the default limit (1 GiB) a 4 MB entry is not a bomb: the file is read (and found
    // to be no workbook), not refused for its size.
    let other = tempdir();
    std::fs::write(other.path().join("bomb.xlsx"), &bomb).unwrap();
    let (exit, diags) = validate(other.path(), "bomb.xlsx");
    assert_eq!(exit, 1);
    assert_ne!(diags[0]["code"], "too_large", "{diags:?}");
}

#[test]
fn limits_in_dabiao_toml_reject_unknown_keys() {
    let dir = tempdir();
    std::fs::write(dir.path().join("dabiao.toml"), "[limits]\nmax_cels = 5\n").unwrap();
    std::fs::write(dir.path().join("a.xlsx"), good_xlsx()).unwrap();
    let out = dabiao(dir.path())
        .args(["validate", "a.xlsx"])
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("dabiao.toml") && err.contains("max_cels"),
        "{err}"
    );
}

/// Regression: calamine sizes a sheet from its outermost cells and allocates rows × columns at
/// once. A few hundred bytes with a value in A1 and one in XFD1048576 asked for 17 billion cells
/// and aborted the process ("memory allocation failed"), taking every other file with it.
#[test]
fn two_far_apart_cells_are_refused_before_allocating_the_sheet() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "指标编码").unwrap();
    ws.write_number(1_048_575, 16_383, 1.0).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000);
    let message = refused("远角.xlsx", &bytes, "too_large");
    assert!(message.contains("单元格上限"), "{message}");
}

#[test]
fn sixteen_thousand_columns_are_read() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("填报单位：市交通运输局")]);
    put_row(ws, 1, &HEADER);
    put_row(
        ws,
        2,
        &[
            S("T17-01"),
            E,
            E,
            S("华容区"),
            S("2022年6月"),
            N(3.0),
            N(20.0),
        ],
    );
    for c in 8..16_384u16 {
        ws.write_number(3, c, f64::from(c)).unwrap();
    }
    let dir = tempdir();
    std::fs::write(dir.path().join("wide.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let out = dabiao(dir.path())
        .args(["validate", "wide.xlsx"])
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("接受 1 行"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_million_row_csv_is_read_or_refused_cleanly() {
    let dir = tempdir();
    let mut csv = String::from("填报单位：市交通运输局\n指标编码,区域,报告期,本月完成\n");
    for i in 0..1_000_000 {
        csv.push_str(&format!("T17-01,华容区,2022年6月,{}\n", i % 7));
    }
    std::fs::write(dir.path().join("big.csv"), &csv).unwrap();
    // With a lower cell limit the file is refused before its rows are held in memory.
    std::fs::write(
        dir.path().join("dabiao.toml"),
        "[limits]\nmax_cells = 100000\n",
    )
    .unwrap();
    let (exit, diags) = validate(dir.path(), "big.csv");
    assert_eq!(exit, 1);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["code"], "too_large");
    assert!(diags[0]["message"].as_str().unwrap().contains("单元格上限"));
    // Under the default limits it is read through: a million rows of the same key.
    std::fs::remove_file(dir.path().join("dabiao.toml")).unwrap();
    let out = dabiao(dir.path())
        .args(["validate", "big.csv"])
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert!(matches!(out.status.code(), Some(0 | 1)));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("big.csv") && text.contains("1000000 行"),
        "{}",
        &text[..text.len().min(2000)]
    );
}

#[test]
fn empty_workbook_says_there_is_nothing_to_read() {
    let mut wb = Workbook::new();
    wb.add_worksheet();
    let dir = tempdir();
    std::fs::write(dir.path().join("空.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let out = dabiao(dir.path())
        .args(["validate", "空.xlsx"])
        .output()
        .unwrap();
    assert_no_panic(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("空.xlsx"), "{text}");
    assert!(text.contains("0 行数据"), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
}

#[test]
fn hidden_sheets_are_read_like_visible_ones() {
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet();
    cover.set_name("封面").unwrap();
    cover
        .write_string(0, 0, "鄂州市城乡融合发展指标填报表")
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("填报单位：市交通运输局")]);
    put_row(ws, 1, &HEADER);
    put_row(
        ws,
        2,
        &[
            S("T17-01"),
            E,
            E,
            S("华容区"),
            S("2022年6月"),
            N(3.0),
            N(20.0),
        ],
    );
    ws.set_hidden(true);
    let dir = tempdir();
    std::fs::write(dir.path().join("hidden.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let (exit, diags) = validate(dir.path(), "hidden.xlsx");
    assert_eq!(exit, 0, "{diags:?}");
    let out = dabiao(dir.path())
        .args(["validate", "hidden.xlsx"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("接受 1 行"));
}

#[test]
fn a_hidden_draft_beside_the_real_sheet_is_not_read_and_said_so() {
    let mut wb = Workbook::new();
    for (name, v, hidden) in [("6月", 20.0, false), ("5月草稿", 40.0, true)] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        put_row(ws, 0, &[S("填报单位：市交通运输局")]);
        put_row(ws, 1, &HEADER);
        put_row(
            ws,
            2,
            &[S("T17-01"), E, E, S("华容区"), S("2022年6月"), E, N(v)],
        );
        ws.set_hidden(hidden);
    }
    let dir = tempdir();
    std::fs::write(dir.path().join("d.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let out = dabiao(dir.path())
        .args(["validate", "d.xlsx", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("5月草稿,,warning,hidden_draft"), "{text}");
    assert_eq!(text.lines().count(), 2, "{text}");
    let out = dabiao(dir.path())
        .args(["validate", "d.xlsx"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("接受 1 行"));
}

#[test]
fn a_file_with_nothing_to_keep_is_refused_not_recorded() {
    let dir = tempdir();
    let csv = "填报单位：市交通运输局\n报告期：2022年6月\n指标编码,区域,本月完成,累计完成\nT17-01,华容区,,\nT17-04,华容区,—,—\n";
    std::fs::write(dir.path().join("blank.csv"), csv).unwrap();
    let out = dabiao(dir.path())
        .args([
            "ingest",
            "blank.csv",
            "--received-at",
            "2022-07-05",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("refused") && text.contains("没有可入库的行"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    let out = dabiao(dir.path())
        .args(["submissions", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        1,
        "header only"
    );
}

#[test]
fn a_month_not_over_when_received_is_a_warning() {
    let dir = tempdir();
    let csv = "填报单位：市交通运输局\n报告期：2022年7月\n指标编码,区域,本月完成,累计完成\nT17-01,华容区,1,9\n";
    std::fs::write(dir.path().join("7.csv"), csv).unwrap();
    let out = dabiao(dir.path())
        .args(["ingest", "7.csv", "--received-at", "2022-07-05"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("period_not_over") && text.contains("尚未结束"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
    let out = dabiao(dir.path())
        .args(["ingest", "7.csv", "--received-at", "2022-08-05"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("period_not_over"));
}

#[test]
fn error_cells_are_rejected_with_their_address() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("填报单位：市交通运输局")]);
    put_row(ws, 1, &HEADER);
    put_row(ws, 2, &[S("T17-01"), E, E, S("华容区"), S("2022年6月")]);
    ws.write_formula(
        2,
        5,
        rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
    )
    .unwrap();
    let dir = tempdir();
    std::fs::write(dir.path().join("err.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let (exit, diags) = validate(dir.path(), "err.xlsx");
    assert_eq!(exit, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["cell"], "F3");
    assert!(diags[0]["message"].as_str().unwrap().contains("#DIV/0!"));
}

/// A date-cell period in a workbook saved with the 1904 date system (old Mac Excel): the same
/// serial means a date four years later, and the period must come out as the file means it.
#[test]
fn dates_in_the_1904_system_read_as_the_file_means_them() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("填报单位：市交通运输局")]);
    put_row(ws, 1, &HEADER);
    put_row(ws, 2, &[S("T17-01"), E, E, S("华容区"), E, N(3.0), N(20.0)]);
    // 2022-06-15 is serial 44727 in the 1900 system and 44727 − 1462 in the 1904 system.
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_number_with_format(2, 4, 44727.0 - 1462.0, &date)
        .unwrap();
    let bytes = rewrite_zip(&wb.save_to_buffer().unwrap(), |name, data| {
        if name != "xl/workbook.xml" {
            return data;
        }
        let text = String::from_utf8(data).unwrap();
        let patched = if text.contains("<workbookPr") {
            text.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
        } else {
            text.replacen("<bookViews>", "<workbookPr date1904=\"1\"/><bookViews>", 1)
        };
        assert!(patched.contains("date1904"), "{patched}");
        patched.into_bytes()
    });
    let r = super::read("1904.xlsx", &bytes);
    assert_eq!(r.diagnostics, vec![]);
    assert_eq!(r.observations.len(), 1);
    assert_eq!(r.observations[0].period.to_string(), "2022-06");
}

#[test]
fn dates_before_1900_are_rejected_not_wrapped() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("填报单位：市交通运输局")]);
    put_row(ws, 1, &HEADER);
    put_row(
        ws,
        2,
        &[S("T17-01"), E, E, S("华容区"), S("1899年12月"), N(3.0)],
    );
    put_row(
        ws,
        3,
        &[S("T17-01"), E, E, S("鄂城区"), S("1899-12-31"), N(3.0)],
    );
    let date = Format::new().set_num_format("yyyy-mm-dd");
    put_row(ws, 4, &[S("T17-01"), E, E, S("梁子湖区"), E, N(3.0)]);
    ws.write_datetime_with_format(4, 4, ExcelDateTime::from_ymd(1900, 1, 1).unwrap(), &date)
        .unwrap();
    let dir = tempdir();
    std::fs::write(dir.path().join("old.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let (exit, diags) = validate(dir.path(), "old.xlsx");
    assert_eq!(exit, 1, "{diags:?}");
    let cells: Vec<&str> = diags.iter().map(|d| d["cell"].as_str().unwrap()).collect();
    assert!(cells.contains(&"E3") && cells.contains(&"E4"), "{diags:?}");
}

#[test]
fn non_utf8_csv_never_panics_and_names_the_file() {
    let dir = tempdir();
    let samples: [(&str, Vec<u8>); 3] = [
        (
            "latin1.csv",
            b"Indicateur,R\xe9gion\nT17-01,\xe9\xe8\n".to_vec(),
        ),
        ("utf16.csv", {
            let mut v = vec![0xFF, 0xFE];
            for u in "指标编码,区域\nT17-01,华容区\n".encode_utf16() {
                v.extend_from_slice(&u.to_le_bytes());
            }
            v
        }),
        (
            "random.csv",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
    ];
    for (name, bytes) in samples {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let out = dabiao(dir.path())
            .args(["validate", name])
            .output()
            .unwrap();
        assert_no_panic(&out);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(name),
            "{name}"
        );
    }
}

#[test]
fn odd_file_names_are_read_stored_and_named_as_given() {
    let long = format!("{}ab.xlsx", "很长的文件名".repeat(13));
    assert!(long.len() > 240 && long.len() <= 255, "{}", long.len());
    let names = [
        "有 空 格 .xlsx",
        "市交通运输局2022年6月报表.xlsx",
        "📊报表🚀.xlsx",
        "..%2F..%2Fevil.xlsx",
        "...xlsx",
        "-n.xlsx",
        long.as_str(),
    ];
    let dir = tempdir();
    let inbox = dir.path().join("报送");
    std::fs::create_dir(&inbox).unwrap();
    let mut args = vec![
        "ingest".to_string(),
        "--received-at".into(),
        "2022-07-05".into(),
        "--format".into(),
        "json".into(),
        "--".into(),
    ];
    for (i, name) in names.iter().enumerate() {
        // Distinct bytes per file, so each is a submission of its own.
        std::fs::write(inbox.join(name), submission_xlsx(i as f64)).unwrap();
        let rel = format!("报送/{name}");
        let (exit, diags) = validate(dir.path(), &rel);
        assert_eq!((exit, diags.len()), (0, 0), "{name}: {diags:?}");
        args.push(rel);
    }
    // Named one by one: a folder walk skips names starting with a dot, as hidden files.
    let out = dabiao(dir.path()).args(&args).output().unwrap();
    assert_no_panic(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap().to_string())
        .collect();
    for name in names {
        assert!(
            files.iter().any(|f| f.ends_with(name)),
            "{name} not in {files:?}"
        );
    }
    // Nothing was written anywhere but the warehouse.
    let mut top: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["warehouse", "报送"]);
}

/// Cell content never becomes a path, and never runs as a formula in an export.
#[test]
fn hostile_cell_text_stays_data() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("../../evil").ok();
    put_row(ws, 0, &[S("填报单位：../../evil")]);
    put_row(ws, 1, &HEADER);
    put_row(
        ws,
        2,
        &[
            S("T17-01"),
            S("=HYPERLINK(\"http://x\",\"y\")"),
            E,
            S("华容区"),
            S("2022年6月"),
            N(3.0),
            N(20.0),
            S("@SUM(A1)"),
        ],
    );
    put_row(
        ws,
        3,
        &[
            S("=cmd|' /C calc'!A0"),
            E,
            E,
            S("华容区"),
            S("2022年6月"),
            N(3.0),
        ],
    );
    let dir = tempdir();
    let work = dir.path().join("a/b");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("x.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let out = dabiao(&work)
        .args(["ingest", "x.xlsx", "--received-at", "2022-07-05"])
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The reporting unit `../../evil` made no folder or file of that name.
    assert!(!dir.path().join("evil").exists());
    let mut top: Vec<String> = std::fs::read_dir(&work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["warehouse", "x.xlsx"]);
    // Exports and listings in CSV neutralise formulas.
    for args in [
        vec!["submissions", "--format", "csv"],
        vec!["validate", "x.xlsx", "--format", "csv"],
        vec!["export", "--format", "csv"],
    ] {
        let out = dabiao(&work).args(&args).output().unwrap();
        assert_no_panic(&out);
        let text = String::from_utf8_lossy(&out.stdout);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for rec in reader.records() {
            for field in rec.unwrap().iter() {
                let live = field.starts_with(['=', '+', '@', '\t', '\r'])
                    || (field.starts_with('-') && field.parse::<f64>().is_err());
                assert!(!live, "{args:?}: live formula {field:?}");
            }
        }
        if args[0] == "validate" {
            assert!(text.contains("'=cmd|"), "{text}");
        }
    }
}

/// A write that fails (a full disk, simulated with `DABIAO_FAULT=write_error`) leaves the store
/// exactly as it was, says so once, and exits 2.
#[test]
fn failed_write_leaves_the_store_as_it_was() {
    let dir = tempdir();
    std::fs::write(dir.path().join("a.xlsx"), good_xlsx()).unwrap();
    let second = submission_xlsx(4.0);
    std::fs::write(dir.path().join("b.xlsx"), second).unwrap();
    dabiao(dir.path())
        .args(["ingest", "a.xlsx", "--received-at", "2022-07-05"])
        .assert()
        .code(0);
    let snapshot = |dir: &Path| {
        let mut files = Vec::new();
        for sub in ["", "observations", "rejections", "statuses"] {
            let d = dir.join("warehouse").join(sub);
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                if e.path().is_file() && e.file_name() != ".lock" {
                    files.push((e.path(), std::fs::read(e.path()).unwrap()));
                }
            }
        }
        files.sort();
        files
    };
    let before = snapshot(dir.path());
    // The ledger and the first file's observations part (empty rejections/statuses parts are
    // not written).
    assert!(
        before.len() >= 2,
        "{:?}",
        before.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    // Every atomic write of the second ingest in turn: its observations part, then the ledger.
    for n in 1..=2 {
        let out = dabiao(dir.path())
            .args(["ingest", "b.xlsx", "--received-at", "2022-07-06"])
            .env("DABIAO_FAULT", format!("write_error:{n}"))
            .output()
            .unwrap();
        assert_no_panic(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "write {n}: {err}");
        assert_eq!(err.matches("模拟写入失败").count(), 1, "write {n}: {err}");
        assert!(err.contains("数据仓库"), "{err}");
        assert_eq!(snapshot(dir.path()), before, "write {n} changed the store");
    }
    // And the store still works.
    dabiao(dir.path())
        .args(["ingest", "b.xlsx", "--received-at", "2022-07-06"])
        .assert()
        .code(0);
}

/// A bug must reach the user as a short message and exit 2, never as `panicked at` and a
/// backtrace hint (`DABIAO_FAULT=panic` stands in for the bug).
#[test]
fn a_panic_is_one_short_message_and_exit_2() {
    let dir = tempdir();
    std::fs::write(dir.path().join("a.xlsx"), good_xlsx()).unwrap();
    let out = dabiao(dir.path())
        .args(["ingest", "a.xlsx"])
        .env("DABIAO_FAULT", "panic")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("内部错误").count(), 1, "{err}");
    assert!(err.contains("报告"), "{err}");
}

/// Text from cells reaches the HTML report escaped, and the xlsx report as text, never markup or
/// a formula: a reporting unit named `<script>…` and a note `=HYPERLINK(…)`.
#[test]
fn hostile_text_in_reports_is_escaped() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("6月").unwrap();
    put_row(ws, 0, &[S("填报单位：<script>alert(1)</script>")]);
    put_row(ws, 1, &HEADER);
    put_row(
        ws,
        2,
        &[
            S("T17-01"),
            S("<img src=x onerror=alert(2)>"),
            E,
            S("华容区"),
            S("2022年6月"),
            N(3.0),
            N(20.0),
            S("=HYPERLINK(\"http://x\")"),
        ],
    );
    let dir = tempdir();
    std::fs::write(dir.path().join("x.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let out = dabiao(dir.path())
        .args(["ingest", "x.xlsx", "--received-at", "2022-07-05"])
        .output()
        .unwrap();
    assert_no_panic(&out);
    for name in ["r.html", "r.xlsx"] {
        let out = dabiao(dir.path())
            .args(["report", "--year", "2022", "--as-of", "2022-06", "-o", name])
            .output()
            .unwrap();
        assert_no_panic(&out);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"));
    assert!(
        html.contains("&lt;script&gt;"),
        "the unit is not in the report at all"
    );
    // The xlsx report holds no formula cell at all.
    let mut archive = zip::ZipArchive::new(Cursor::new(
        std::fs::read(dir.path().join("r.xlsx")).unwrap(),
    ))
    .unwrap();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        if name.starts_with("xl/worksheets/") {
            f.read_to_string(&mut text).unwrap();
            assert!(!text.contains("<f>"), "formula in {name}");
        }
    }
}

/// Committed inputs the `workbook` fuzz target found (tests/fixtures/robustness/).
fn found(name: &str) -> Vec<u8> {
    std::fs::read(super::repo().join("tests/fixtures/robustness").join(name)).unwrap()
}

/// Regression (fuzz): calamine's .ods reader waits for `</table:table>` and never stops at the end
/// of the document, so this 1 KB file whose content.xml is garbled inside a table hung `validate`
/// forever. It is now refused as corrupt before calamine reads it.
#[test]
fn ods_with_an_unclosed_table_is_refused_not_hung() {
    let message = refused("未闭合.ods", &found("unclosed-table.ods"), "corrupt");
    assert!(message.contains("content.xml"), "{message}");
}

/// Regression (fuzz): this 5.9 KB .xls has a FAT sector chain that loops back on itself.
/// calamine followed it at open, a sector appended per turn, past 6 GB in seconds before any
/// limit could run. The compound file's chains are now walked first (`ingest::cfb_check`) and the
/// file is refused in a moment; the timeout keeps a regression from eating the machine's memory.
#[test]
fn xls_with_a_looping_sector_chain_is_refused_at_once() {
    let dir = tempdir();
    std::fs::write(dir.path().join("循环.xls"), found("oom-xls-cfb.xls")).unwrap();
    let out = dabiao(dir.path())
        .args(["validate", "--format", "json", "循环.xls"])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "killed by the timeout?");
    let diags: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = diags.as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["file"], "循环.xls");
    assert_eq!(diags[0]["code"], "corrupt");
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("文件结构损坏：OLE 扇区链循环或越界（目录扇区链在扇区")
            && message.ends_with("请让报送单位重新另存为 .xlsx"),
        "{message}"
    );
}

/// calamine reads every sheet of an .xls at open and allocates for it at once: what the
/// DIMENSIONS record declares, then a dense rectangle over the outermost cells. Two copies of
/// merged.xls with a few bytes changed asked for 172 GB and 137 GB, and the failed allocation
/// aborted `validate` (exit 134, every other file lost with it). The sizes are now measured from
/// the records first (`ingest::biff_check`).
#[test]
fn xls_sheet_sizes_are_measured_before_calamine_allocates() {
    let xls = std::fs::read(super::repo().join("tests/fixtures/ingest/merged.xls")).unwrap();
    // Overwrites the data of the first record whose header (type, length) is `head`.
    let patched = |head: [u8; 4], at: usize, data: &[u8]| {
        let i = xls.windows(4).position(|w| w == head).unwrap() + 4 + at;
        let mut x = xls.clone();
        x[i..i + data.len()].copy_from_slice(data);
        x
    };
    // DIMENSIONS (BIFF8, 14 bytes): last row 2^24, columns 0..256.
    let mut dims = (1u32 << 24).to_le_bytes().to_vec();
    dims.extend([0, 0, 0, 1]);
    let bytes = patched([0x00, 0x02, 0x0E, 0x00], 4, &dims);
    let message = refused("声明过大.xls", &bytes, "corrupt");
    assert!(
        message.contains("声明的范围为 16777216 行 × 256 列"),
        "{message}"
    );
    // The first LabelSst cell (in row 2) moved to row 65536, column 65536.
    let bytes = patched([0xFD, 0x00, 0x0A, 0x00], 0, &[0xFF; 4]);
    let message = refused("相距过远.xls", &bytes, "too_large");
    assert!(
        message.contains("至少 65535 行 × 65536 列，超过单元格上限"),
        "{message}"
    );
}

/// A panic inside calamine costs one file, not the run: `read_bytes` catches it and refuses that
/// file with code `internal`. calamine subtracts the corners of an xlsx `<dimension>` unchecked
/// (xlsx/mod.rs:3048, found by the `workbook` fuzz target): reversed corners panic in builds with
/// overflow checks, like this test build (a release build wraps and reads on).
#[test]
fn a_panic_inside_calamine_costs_one_file() {
    if !cfg!(debug_assertions) {
        return;
    }
    let dir = tempdir();
    let reversed = rewrite_zip(&good_xlsx(), |name, data| {
        if !name.starts_with("xl/worksheets/") {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        let start = xml.find("<dimension ref=\"").unwrap() + 16;
        let end = start + xml[start..].find('"').unwrap();
        format!("{}B2:A1{}", &xml[..start], &xml[end..]).into_bytes()
    });
    std::fs::write(dir.path().join("坏.xlsx"), reversed).unwrap();
    let message = only_this_file_is_refused(dir.path(), "坏.xlsx", "internal");
    assert!(message.starts_with("无法解析此文件"), "{message}");
}

/// Validates `bad` beside a good workbook: one diagnostic, on `bad`, with `code` (its message is
/// returned); the good file is still read; no panic text.
fn only_this_file_is_refused(dir: &Path, bad: &str, code: &str) -> String {
    std::fs::write(dir.join("好.xlsx"), good_xlsx()).unwrap();
    let out = dabiao(dir)
        .args(["validate", "--format", "json", bad, "好.xlsx"])
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let diags: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = diags.as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["file"], bad);
    assert_eq!(diags[0]["code"], code, "{diags:?}");
    let out = dabiao(dir)
        .args(["validate", bad, "好.xlsx"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("接受 1 行"));
    diags[0]["message"].as_str().unwrap().to_string()
}

/// Regression (fuzz): a truncated .xls made calamine slice past the sectors it read and panic
/// (cfb.rs:320), a panic `read_bytes` caught (code `internal`). Its directory chain points past
/// the end of the file, so `ingest::cfb_check` now refuses it before calamine reads it (code
/// `corrupt`). That one file is refused with a message a user can act on, the other
/// files of the run are still read, and no panic text is printed.
#[test]
fn truncated_xls_costs_one_file() {
    let dir = tempdir();
    std::fs::write(dir.path().join("截断.xls"), found("truncated-cfb.xls")).unwrap();
    only_this_file_is_refused(dir.path(), "截断.xls", "corrupt");
}

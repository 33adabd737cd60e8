//! Whole-file ingest: bytes → `ingest::read_bytes` under each supported file name, against the
//! bundled catalog. The first byte picks what the rest is:
//! - low bits: the file itself, named .xlsx .csv .ods .xls .xlsm or .xlsb;
//! - `0x80` set: the XML of an xlsx worksheet, zipped (stored, valid CRCs) into a workbook, so
//!   mutations reach calamine's XML reader instead of failing the zip checksum;
//! - `0x40` set: the `content.xml` of an .ods file, zipped likewise.
//!
//! Limits are lowered so that a file the limits should refuse cannot exhaust the fuzzer's
//! memory instead.
#![no_main]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, OnceLock};

use dabiao::catalog::Catalog;
use dabiao::ingest::{read_bytes, Limits, ReadOptions};
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::load(None).expect("bundled catalog"))
}

const NAMES: &[&str] = &[
    "报送.xlsx",
    "报送.csv",
    "报送.ods",
    "报送.xls",
    "报送.xlsm",
    "报送.xlsb",
];

const XLSX_PARTS: &[(&str, &str)] = &[
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="6月" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    ),
];

const ODS_PARTS: &[(&str, &str)] = &[
    ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
    (
        "META-INF/manifest.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
    ),
];

fn zipped(parts: &[(&str, &str)], last: &str, data: &[u8]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        z.start_file(*name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.start_file(last, opts).unwrap();
    z.write_all(data).unwrap();
    z.finish().unwrap().into_inner()
}

/// Set when the last panic was inside calamine, which `read_bytes` catches and reports as
/// `internal` (the file is refused, the run goes on). Known: hostile `<dimension>` corners and
/// cell references overflow calamine's xlsx reader (xlsx/mod.rs:3048/3049, 3096/3097/3112; only
/// with overflow checks, release builds wrap; pinned by
/// `robustness::a_panic_inside_calamine_costs_one_file`). The .xls panics of earlier runs
/// (cfb.rs:320/344, utils.rs:29) are now refused by `ingest::cfb_check` before calamine reads
/// the file. Each distinct place is printed once. Any other panic aborts, as libfuzzer-sys's own
/// hook would.
static KNOWN_UPSTREAM: AtomicBool = AtomicBool::new(false);

fn hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            if place.as_deref().is_some_and(|p| p.contains("/calamine-")) {
                static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
                let place = place.unwrap_or_default();
                if SEEN.lock().is_ok_and(|mut s| s.insert(place.clone())) {
                    eprintln!("UPSTREAM PANIC (caught by read_bytes): {info}");
                }
                KNOWN_UPSTREAM.store(true, Ordering::SeqCst);
            } else {
                eprintln!("{info}");
                std::process::abort();
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    hook();
    KNOWN_UPSTREAM.store(false, Ordering::SeqCst);
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let (name, file) = if pick & 0x80 != 0 {
        (
            "报送.xlsx",
            zipped(XLSX_PARTS, "xl/worksheets/sheet1.xml", bytes),
        )
    } else if pick & 0x40 != 0 {
        ("报送.ods", zipped(ODS_PARTS, "content.xml", bytes))
    } else {
        (NAMES[usize::from(pick) % NAMES.len()], bytes.to_vec())
    };
    let opts = ReadOptions {
        layout: None,
        limits: Limits {
            max_file_bytes: 1 << 20,
            max_unzipped_bytes: 64 << 20,
            max_cells: 1_000_000,
        },
    };
    let report = read_bytes(catalog(), Path::new(name), &file, &opts);
    assert_eq!(report.size, file.len() as u64);
    if report.unreadable {
        assert!(report.errors() > 0, "an unreadable file says why");
    }
    // A panic inside the readers is caught and reported as `internal`: for the fuzzer it is a crash.
    if !KNOWN_UPSTREAM.load(Ordering::SeqCst) {
        for d in &report.diagnostics {
            assert_ne!(d.code, "internal", "{}", d.message);
        }
    }
});

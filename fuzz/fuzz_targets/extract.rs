//! Policy-text extractor: arbitrary bytes → `extract_bytes` (UTF-8, BOM or GBK/GB18030 detection,
//! structure, outline, units, targets, plan) → the draft's files (TOML, CSV, review.md).
//! The extractor promises never to fail on its input, so any panic is a crash; and the same
//! bytes must give the same draft, byte for byte. Extracting twice halves the speed, so that is
//! checked on one input in eight (picked by length, so a reproduced crash checks it again).
#![no_main]

use dabiao::extract::{extract_bytes, ExtractOptions};
use libfuzzer_sys::fuzz_target;

fn draft_files(data: &[u8]) -> Result<Vec<(&'static str, String)>, String> {
    let opts = ExtractOptions {
        districts: None,
        source_name: Some("政策.txt".into()),
    };
    extract_bytes(data, &opts)
        .files()
        .map_err(|e| e.to_string())
}

fuzz_target!(|data: &[u8]| {
    let first = draft_files(data);
    if data.len() % 8 == 0 {
        assert_eq!(first, draft_files(data), "the draft is not deterministic");
    }
});

//! Cell-value parser: any text a sender can type must parse to a number, missing or a reason,
//! never panic; a parsed number is finite.
#![no_main]

use dabiao::ingest::cell::{
    format_number, parse_milestone, parse_number, parse_value, Cell, Value,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Some(v) = parse_number(&s) {
        assert!(v.is_finite(), "parse_number({s:?}) = {v}");
    }
    let cell = Cell::Text(s.to_string());
    for v in [parse_value(&cell), parse_milestone(&cell)] {
        if let Value::Number { value, .. } = v {
            assert!(value.is_finite());
        }
    }
    let _ = cell.raw();
    // Numbers read from a workbook: formatting them and reading them back gives the same value.
    if data.len() >= 8 {
        let n = f64::from_le_bytes(data[..8].try_into().unwrap());
        let c = Cell::Number(n);
        let _ = parse_value(&c);
        if n.is_finite() {
            let back = parse_number(&format_number(n));
            assert_eq!(back, Some(n), "format_number({n:e}) = {}", format_number(n));
        }
    }
});

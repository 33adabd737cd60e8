//! Period parser: text periods, period cells and periods inside titles and file names.
#![no_main]

use dabiao::ingest::cell::Cell;
use dabiao::ingest::period::{find_period, parse_cell, parse_text, Period};
use libfuzzer_sys::fuzz_target;

fn check(p: Option<Period>) {
    if let Some(p) = p {
        assert!((1..=12).contains(&p.month), "{p:?}");
        // Every period read prints as YYYY-MM and reads back as itself.
        assert_eq!(Period::parse_iso(&p.to_string()), Some(p));
    }
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let year = data.first().map(|b| 1990 + i32::from(*b));
    check(parse_text(&s, None));
    check(parse_text(&s, year));
    check(find_period(&s));
    check(parse_cell(&Cell::Text(s.to_string()), year));
    if data.len() >= 8 {
        let n = f64::from_le_bytes(data[..8].try_into().unwrap());
        check(parse_cell(&Cell::Number(n), year));
    }
    if data.len() >= 12 {
        let y = i32::from_le_bytes(data[..4].try_into().unwrap());
        let m = u32::from_le_bytes(data[4..8].try_into().unwrap());
        let d = u32::from_le_bytes(data[8..12].try_into().unwrap());
        check(parse_cell(&Cell::Date(y, m, d), year));
    }
});

//! Header detection on a grid built from the fuzz bytes: lines are rows, tabs separate cells;
//! a cell starting with `#` is a number, `!` an error cell, otherwise text.
#![no_main]

use dabiao::ingest::cell::Cell;
use dabiao::ingest::header::{find_header, Layout};
use dabiao::ingest::workbook::Grid;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let rows: Vec<Vec<Cell>> = text
        .split('\n')
        .map(|line| {
            line.split('\t')
                .map(|c| match c.as_bytes().first() {
                    None => Cell::Empty,
                    Some(b'#') => Cell::Number(c[1..].parse().unwrap_or(f64::NAN)),
                    Some(b'!') => Cell::Error(c[1..].to_string()),
                    _ => Cell::Text(c.to_string()),
                })
                .collect()
        })
        .collect();
    let grid = Grid {
        name: "s".into(),
        hidden: false,
        origin: (u32::from(mode), 0),
        hidden_cols: Vec::new(),
        rows,
    };
    let forced = match mode % 4 {
        0 => None,
        1 => Some(Layout::Long),
        2 => Some(Layout::Wide),
        _ => Some(Layout::Task),
    };
    let year = (mode & 8 != 0).then_some(2022);
    if let Some(h) = find_header(&grid, year, forced) {
        assert!(h.row < grid.rows.len());
        assert!(forced.is_none_or(|f| f == h.layout));
        for (_, c) in &h.columns {
            assert!(*c < grid.rows[h.row].len());
        }
    }
});

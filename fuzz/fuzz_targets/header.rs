//! Header detection on a grid built from the fuzz bytes: lines are rows, tabs separate cells;
//! a cell starting with `#` is a number, `!` an error cell, otherwise text. Then the whole sheet
//! reader on the same grid (`ingest::read_sheets`: long, wide and task rows, the bureau tables —
//! districts × indicators, indicators × districts, months × indicators — and several blocks on
//! a sheet): no panic, and every block's figures accepted or rejected.
#![no_main]

use std::sync::OnceLock;

use dabiao::catalog::Catalog;
use dabiao::ingest::cell::Cell;
use dabiao::ingest::header::{find_header, Layout};
use dabiao::ingest::workbook::Grid;
use dabiao::ingest::{read_sheets, ReadOptions};
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::load(None).expect("bundled catalog"))
}

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
    let forced = match mode % 8 {
        0 | 7 => None,
        1 => Some(Layout::Long),
        2 => Some(Layout::Wide),
        3 => Some(Layout::Task),
        4 => Some(Layout::Matrix),
        5 => Some(Layout::IndicatorRows),
        _ => Some(Layout::MonthRows),
    };
    let year = (mode & 8 != 0).then_some(2022);
    if let Some(h) = find_header(&grid, year, forced) {
        assert!(h.row < grid.rows.len());
        assert!(forced.is_none_or(|f| f == h.layout));
        for (_, c) in &h.columns {
            assert!(*c < grid.rows[h.row].len());
        }
    }
    let name = if mode & 16 != 0 { "202206_市交通运输局.xlsx" } else { "报送.xlsx" };
    let opts = ReadOptions {
        layout: forced,
        ..Default::default()
    };
    let report = read_sheets(catalog(), std::path::Path::new(name), &[grid], &opts);
    for s in &report.sheets {
        assert_eq!(s.data_rows, s.accepted_rows + s.rejected_rows);
        let blocks: usize = s.blocks.iter().map(|b| b.data_rows).sum();
        assert_eq!(blocks, s.data_rows);
        assert!(forced.is_none_or(|f| s.blocks.iter().all(|b| b.layout == f)));
    }
});

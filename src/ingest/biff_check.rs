//! Sheet sizes of an .xls, measured from its BIFF records before calamine reads them.
//!
//! calamine reads every sheet of an .xls when it opens the file and allocates for each at once:
//! `rows × columns` cells reserved from the sheet's DIMENSIONS record, then a dense rectangle
//! spanning its outermost cells (`Range::from_sparse`). A 5 KB file declaring 16 million rows,
//! or holding one cell in A1 and one at row 65536, column 65536, asked for 137–172 GB; the
//! failed allocation aborted the process, and every other file of the run with it. The
//! xlsx/xlsb readers are read cell by cell instead (`workbook::sheet_range`); for .xls this
//! module walks the records calamine walks — each sheet from its BoundSheet offset to its EOF,
//! nested substreams (embedded charts) skipped — and measures both sizes first.

pub(super) const BOF: u16 = 0x0809;
pub(super) const EOF: u16 = 0x000A;
pub(super) const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
pub(super) const MUL_RK: u16 = 0x00BD;
/// Cell records that start with the cell's row and column (u16 each): Number, Label, RString,
/// BoolErr, RK, LabelSst, Formula.
const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];
/// BIFF8's largest sheet. calamine only reserves what DIMENSIONS declares (the memory is not
/// touched), so a declaration within this is harmless whatever the cell limit.
const MAX_DECLARED: u64 = 65_536 * 256;

/// A sheet (1-based, in BoundSheet order) that calamine would allocate too much for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oversize {
    /// Its DIMENSIONS record declares more than an .xls sheet can hold.
    Declared { sheet: usize, rows: u64, cols: u64 },
    /// Its outermost cells span more than `max_cells`.
    Cells { sheet: usize, rows: u64, cols: u64 },
}

/// Checks every sheet of a workbook stream against `max_cells`.
pub fn check(stream: &[u8], max_cells: u64) -> Result<(), Oversize> {
    for (i, offset) in sheet_offsets(stream).into_iter().enumerate() {
        if let Some(sheet) = stream.get(offset..) {
            check_sheet(sheet, i + 1, max_cells)?;
        }
    }
    Ok(())
}

/// Records as calamine's `RecordIter` cuts them (type, length, data); a Continue record comes
/// out as a record of its own, which changes no boundary. Stops at a record cut short.
pub(super) fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let head = stream.get(..4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some((typ, data))
    })
}

pub(super) fn u16_at(data: &[u8], at: usize) -> u32 {
    u32::from(u16::from_le_bytes([data[at], data[at + 1]]))
}

pub(super) fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

/// Where each sheet's records start: the BoundSheet records of the workbook globals.
fn sheet_offsets(stream: &[u8]) -> Vec<usize> {
    records(stream)
        .take_while(|(typ, _)| *typ != EOF)
        .filter(|(typ, data)| *typ == BOUND_SHEET && data.len() >= 4)
        .map(|(_, data)| u32_at(data, 0) as usize)
        .collect()
}

/// The rows and columns calamine reserves for a DIMENSIONS record (`parse_dimensions`, then
/// `end - start + 1`, which wraps in release builds).
fn declared(data: &[u8]) -> Option<(u64, u64)> {
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (
            u16_at(data, 0),
            u16_at(data, 2),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8),
            u16_at(data, 10),
        ),
        _ => return None,
    };
    let first_col = if first_col > 0xFF || last_col < first_col {
        0
    } else {
        first_col
    };
    let (end_row, end_col) = if last_row >= 1 && last_col >= 1 {
        (last_row - 1, last_col - 1)
    } else {
        (first_row, first_col)
    };
    let span = |end: u32, start: u32| u64::from(end.wrapping_sub(start).wrapping_add(1));
    Some((span(end_row, first_row), span(end_col, first_col)))
}

/// The rows and columns a cell record puts in the sheet's rectangle (a MulRk record spans
/// columns, its last column in its last two bytes).
fn cell_span(typ: u16, data: &[u8]) -> Option<(u32, (u32, u32))> {
    if typ == MUL_RK && data.len() >= 6 {
        Some((
            u16_at(data, 0),
            (u16_at(data, 2), u16_at(data, data.len() - 2)),
        ))
    } else if CELLS.contains(&typ) && data.len() >= 4 {
        let col = u16_at(data, 2);
        Some((u16_at(data, 0), (col, col)))
    } else {
        None
    }
}

/// A sheet's own records after its BOF, up to its EOF; nested substreams (embedded charts)
/// are skipped, as calamine skips them.
pub(super) fn sheet_records(from: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let (mut all, mut seen_bof, mut depth) = (records(from), false, 0usize);
    std::iter::from_fn(move || loop {
        let (typ, data) = all.next()?;
        match typ {
            BOF if depth > 0 || seen_bof => depth += 1,
            EOF if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            BOF => seen_bof = true,
            EOF => return None,
            _ => return Some((typ, data)),
        }
    })
}

fn check_sheet(records_from: &[u8], sheet: usize, max_cells: u64) -> Result<(), Oversize> {
    let (mut lo, mut hi) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    for (typ, data) in sheet_records(records_from) {
        if typ == DIMENSIONS {
            if let Some((rows, cols)) = declared(data) {
                if rows.saturating_mul(cols) > MAX_DECLARED {
                    return Err(Oversize::Declared { sheet, rows, cols });
                }
            }
            continue;
        }
        let Some((row, (first, last))) = cell_span(typ, data) else {
            continue;
        };
        lo = (lo.0.min(row), lo.1.min(first.min(last)));
        hi = (hi.0.max(row), hi.1.max(first.max(last)));
        let rows = u64::from(hi.0 - lo.0) + 1;
        let cols = u64::from(hi.1 - lo.1) + 1;
        if rows * cols > max_cells {
            return Err(Oversize::Cells { sheet, rows, cols });
        }
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A BIFF record: type, length, data.
    pub(in crate::ingest) fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// A Number record at (row, col).
    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]); // XF index and the value
        record(0x0203, &d)
    }

    /// A BIFF8 DIMENSIONS record: rows first..last (exclusive), columns first..last.
    fn dimensions(first_row: u32, last_row: u32, first_col: u16, last_col: u16) -> Vec<u8> {
        let mut d = first_row.to_le_bytes().to_vec();
        d.extend(last_row.to_le_bytes());
        d.extend(first_col.to_le_bytes());
        d.extend(last_col.to_le_bytes());
        d.extend([0, 0]);
        record(DIMENSIONS, &d)
    }

    /// A workbook stream: globals with one BoundSheet, then the sheet's records between BOF
    /// and EOF.
    fn workbook(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(BOF, &[0; 16]);
        let globals_len = bof.len() + 4 + 8 + 4;
        let mut bound = (globals_len as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0]); // visible worksheet, a one-letter name follows
        let mut s = bof.clone();
        s.extend(record(BOUND_SHEET, &bound));
        s.extend(record(EOF, &[]));
        assert_eq!(s.len(), globals_len);
        s.extend(&bof);
        for r in sheet {
            s.extend(r);
        }
        s.extend(record(EOF, &[]));
        s
    }

    #[test]
    fn an_ordinary_sheet_passes() {
        let s = workbook(&[dimensions(0, 3, 0, 2), number(0, 0), number(2, 1)]);
        assert_eq!(check(&s, 100), Ok(()));
    }

    #[test]
    fn two_far_apart_cells_are_refused_before_calamine_allocates_between_them() {
        let s = workbook(&[number(0, 0), number(65535, 65535)]);
        let e = Oversize::Cells {
            sheet: 1,
            rows: 65536,
            cols: 65536,
        };
        assert_eq!(check(&s, 20_000_000), Err(e));
        // The same pair within the limit passes; a limit below passes nothing wider.
        let s = workbook(&[number(0, 0), number(99, 9)]);
        assert_eq!(check(&s, 1000), Ok(()));
        assert!(check(&s, 999).is_err());
    }

    #[test]
    fn dimensions_beyond_an_xls_sheet_are_refused() {
        let s = workbook(&[dimensions(0, 1 << 24, 0, 256)]);
        let e = Oversize::Declared {
            sheet: 1,
            rows: 1 << 24,
            cols: 256,
        };
        assert_eq!(check(&s, 20_000_000), Err(e));
        // Last row before first: calamine's `end - start + 1` wraps to 4 billion rows.
        let s = workbook(&[dimensions(10, 5, 0, 1)]);
        assert!(matches!(
            check(&s, 20_000_000),
            Err(Oversize::Declared { .. })
        ));
        // The largest genuine sheet is fine, whatever the cell limit.
        let s = workbook(&[dimensions(0, 65536, 0, 256)]);
        assert_eq!(check(&s, 10), Ok(()));
    }

    #[test]
    fn cells_of_an_embedded_chart_are_not_the_sheet_s() {
        let chart = [record(BOF, &[0; 16]), number(60000, 200), record(EOF, &[])];
        let mut sheet = vec![number(0, 0)];
        sheet.extend(chart);
        assert_eq!(check(&workbook(&sheet), 10), Ok(()));
    }

    #[test]
    fn a_real_xls_passes() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/ingest/merged.xls");
        let bytes = std::fs::read(path).unwrap();
        let file = super::super::cfb_check::check(&bytes).unwrap().unwrap();
        let stream = file.workbook().unwrap().unwrap();
        assert_eq!(sheet_offsets(&stream).len(), 1);
        assert_eq!(check(&stream, 100), Ok(()));
        assert!(matches!(check(&stream, 2), Err(Oversize::Cells { .. })));
    }
}

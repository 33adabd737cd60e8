//! Cells of an .xls formatted as percentages. calamine gives such a cell as 0.92 where the
//! sender sees and means 92%; as in an .xlsx ([`xlsx_merges`](super::xlsx_merges)) the cell is
//! read as shown. The workbook globals' FORMAT and XF records say which cell formats show a
//! percentage; each number cell of a sheet names its XF.

use std::collections::{HashMap, HashSet};

use super::biff_check::{records, sheet_records, u16_at, u32_at, BOUND_SHEET, EOF, MUL_RK};

const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
/// Number, RK and Formula records: row, column, then the cell's XF index.
const NUMBER_CELLS: [u16; 3] = [0x0203, 0x027E, 0x0006];

/// Zero-based (row, column) of the percent-formatted number cells, per sheet name; empty when
/// the workbook has no percent format (or is not BIFF8).
pub fn cells(stream: &[u8]) -> HashMap<String, Vec<(u32, u32)>> {
    let xfs = percent_xfs(stream);
    if xfs.is_empty() {
        return HashMap::new();
    }
    globals(stream)
        .filter(|(typ, data)| *typ == BOUND_SHEET && data.len() >= 8)
        .filter_map(|(_, data)| {
            let from = stream.get(u32_at(data, 0) as usize..)?;
            Some((sheet_name(data)?, sheet_cells(from, &xfs)))
        })
        .collect()
}

fn globals(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    records(stream).take_while(|(typ, _)| *typ != EOF)
}

/// Indexes of the XF records whose number format shows a percentage: built-in 9 (`0%`) and 10
/// (`0.00%`), or a FORMAT record's code with `%` outside quotes.
fn percent_xfs(stream: &[u8]) -> HashSet<u32> {
    let (mut custom, mut xfs, mut n) = (HashSet::new(), HashSet::new(), 0u32);
    for (typ, data) in globals(stream) {
        match typ {
            FORMAT
                if data.len() >= 5
                    && unicode_string(&data[2..], 2)
                        .is_some_and(|c| super::xlsx_merges::shows_percent(&c)) =>
            {
                custom.insert(u16_at(data, 0));
            }
            XF if data.len() >= 4 => {
                let format = u16_at(data, 2);
                if format == 9 || format == 10 || custom.contains(&format) {
                    xfs.insert(n);
                }
                n += 1;
            }
            _ => {}
        }
    }
    xfs
}

/// A BIFF8 XLUnicodeString: its length (`len_bytes` bytes wide), a flags byte, then Latin-1 or
/// UTF-16LE characters. `None` when cut short.
fn unicode_string(data: &[u8], len_bytes: usize) -> Option<String> {
    let len = match len_bytes {
        1 => usize::from(*data.first()?),
        _ => u16_at(data, 0) as usize,
    };
    let wide = data.get(len_bytes)? & 1 == 1;
    let chars = data.get(len_bytes + 1..)?;
    if wide {
        let units: Vec<u16> = (chars.get(..2 * len)?.chunks_exact(2))
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.get(..len)?.iter().map(|&b| char::from(b)).collect())
    }
}

/// A BoundSheet8 record's sheet name (after the offset, visibility and type).
fn sheet_name(data: &[u8]) -> Option<String> {
    unicode_string(data.get(6..)?, 1)
}

fn sheet_cells(from: &[u8], xfs: &HashSet<u32>) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for (typ, data) in sheet_records(from) {
        if NUMBER_CELLS.contains(&typ) && data.len() >= 6 {
            if xfs.contains(&u16_at(data, 4)) {
                out.push((u16_at(data, 0), u16_at(data, 2)));
            }
        } else if typ == MUL_RK && data.len() >= 6 {
            // Row, first column, then (XF, RK value) pairs of 6 bytes, then the last column.
            let (row, first) = (u16_at(data, 0), u16_at(data, 2));
            for (i, item) in data[4..data.len() - 2].chunks_exact(6).enumerate() {
                if xfs.contains(&u16_at(item, 0)) {
                    out.push((row, first + i as u32));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::biff_check::tests::record;
    use super::*;

    fn xf(format: u16) -> Vec<u8> {
        let mut d = vec![0, 0];
        d.extend(format.to_le_bytes());
        d.extend([0u8; 16]);
        record(XF, &d)
    }

    /// A cell record of `typ` at (row, col) with XF `xf`.
    fn cell(typ: u16, row: u16, col: u16, xf: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend(xf.to_le_bytes());
        d.extend([0u8; 8]);
        record(typ, &d)
    }

    #[test]
    fn percent_cells_are_found_through_their_format() {
        // FORMAT 164 `0.0%` (Latin-1), FORMAT 165 `0"%"` (a literal sign, not a percentage).
        let mut g = record(0x0809, &[0; 16]);
        g.extend(record(FORMAT, b"\xa4\x00\x04\x00\x000.0%"));
        g.extend(record(FORMAT, b"\xa5\x00\x04\x00\x000\"%\""));
        for f in [0, 9, 164, 165] {
            g.extend(xf(f)); // XF 0..=3
        }
        let name = "6月".encode_utf16().flat_map(u16::to_le_bytes);
        // BoundSheet: offset of the sheet's BOF, visible worksheet, 2 UTF-16 characters.
        let mut bound = vec![0, 0, 0, 0, 0, 0, 2, 1];
        bound.extend(name);
        let sheet_at = g.len() + 4 + bound.len() + 4;
        bound[..4].copy_from_slice(&(sheet_at as u32).to_le_bytes());
        g.extend(record(BOUND_SHEET, &bound));
        g.extend(record(EOF, &[]));
        assert_eq!(g.len(), sheet_at);
        g.extend(record(0x0809, &[0; 16]));
        g.extend(cell(0x0203, 2, 6, 1)); // Number, 0%
        g.extend(cell(0x027E, 3, 6, 2)); // RK, 0.0%
        g.extend(cell(0x0203, 4, 6, 3)); // 0"%": not a percentage
        g.extend(cell(0x0203, 5, 6, 0));
        // MulRK on row 6 from column 1: XFs 1, 0, 2, last column 3.
        let mut m = vec![6, 0, 1, 0];
        for x in [1u16, 0, 2] {
            m.extend(x.to_le_bytes());
            m.extend([0u8; 4]);
        }
        m.extend([3, 0]);
        g.extend(record(MUL_RK, &m));
        g.extend(record(EOF, &[]));
        let found = cells(&g);
        assert_eq!(found["6月"], vec![(2, 6), (3, 6), (6, 1), (6, 3)]);
    }

    #[test]
    fn no_percent_format_no_scan_and_garbage_is_harmless() {
        let mut g = record(0x0809, &[0; 16]);
        g.extend(xf(0));
        assert!(cells(&g).is_empty());
        assert!(cells(b"\x85\x00\xff\xff").is_empty());
        assert!(cells(&record(FORMAT, b"\xa4\x00\xff\xff\x01")).is_empty());
    }
}

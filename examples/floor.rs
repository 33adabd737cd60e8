//! The benchmark floor: open every workbook in a folder and read every cell of every sheet with
//! calamine, on a rayon pool (2 threads by default, `RAYON_NUM_THREADS` to change), and nothing
//! else. dabiao's end-to-end time is measured against this (see `benches/README.md`).
//!
//! usage: cargo run --release --example floor -- DATADIR [OUT]
//! Prints the number of files and non-empty cells; writes the same line to OUT when given (so
//! that the bench harness, which expects an output file, can time it).

use std::path::PathBuf;

use calamine::{open_workbook_auto, Data, Reader};
use rayon::prelude::*;

fn main() {
    let mut args = std::env::args_os().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: floor DATADIR [OUT]"));
    let out = args.next().map(PathBuf::from);
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build_global()
            .expect("rayon pool");
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read DATADIR")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    files.sort();
    let (cells, checksum) = files
        .par_iter()
        .map(|p| {
            let mut wb = open_workbook_auto(p).expect("open workbook");
            let (mut n, mut sum) = (0usize, 0f64);
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).expect("read sheet");
                for c in range.used_cells() {
                    n += 1;
                    match c.2 {
                        Data::Float(f) => sum += f,
                        Data::Int(i) => sum += *i as f64,
                        Data::String(s) => sum += s.len() as f64,
                        Data::DateTime(d) => sum += d.as_f64(),
                        _ => {}
                    }
                }
            }
            (n, sum)
        })
        .reduce(|| (0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
    let line = format!(
        "floor: {} files, {cells} cells, checksum {checksum:.3}",
        files.len()
    );
    println!("{line}");
    if let Some(out) = out {
        std::fs::write(out, line + "\n").expect("write OUT");
    }
}

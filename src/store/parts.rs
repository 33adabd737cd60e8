//! Per-submission Parquet parts: what one file contributed, written once and never changed.
//! Column names and types are documented in `src/store/README.md`.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::fsio;
use crate::error::{Error, Result};
use crate::ingest::FileReport;

/// The three kinds of part, one folder each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Observations,
    Rejections,
    Statuses,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Observations, Kind::Rejections, Kind::Statuses];

    pub fn dir(self) -> &'static str {
        match self {
            Kind::Observations => "observations",
            Kind::Rejections => "rejections",
            Kind::Statuses => "statuses",
        }
    }

    pub fn path(self, root: &Path, id: &str) -> PathBuf {
        root.join(self.dir()).join(format!("{id}.parquet"))
    }

    /// The part's rows for one file (an empty frame with the full schema when it has none).
    pub fn frame(self, id: &str, r: &FileReport) -> Result<DataFrame> {
        Ok(match self {
            Kind::Observations => observations_frame(id, r)?,
            Kind::Rejections => rejections_frame(id, r)?,
            Kind::Statuses => statuses_frame(id, r)?,
        })
    }

    pub fn empty(self) -> Result<DataFrame> {
        let r = FileReport::default();
        self.frame("", &r)
    }
}

fn strs<T>(xs: &[T], f: impl Fn(&T) -> &str) -> Vec<&str> {
    xs.iter().map(f).collect()
}

fn observations_frame(id: &str, r: &FileReport) -> PolarsResult<DataFrame> {
    let o = &r.observations;
    df!(
        "submission" => vec![id; o.len()],
        "indicator" => strs(o, |x| &x.indicator),
        "district" => strs(o, |x| &x.district),
        "year" => o.iter().map(|x| x.period.year).collect::<Vec<i32>>(),
        "month" => o.iter().map(|x| x.period.month as i32).collect::<Vec<i32>>(),
        "value" => o.iter().map(|x| x.value).collect::<Vec<Option<f64>>>(),
        "cumulative" => o.iter().map(|x| x.cumulative).collect::<Vec<Option<f64>>>(),
        "reporting_unit" => strs(o, |x| &x.reporting_unit),
        "file" => strs(o, |x| &x.file),
        "sheet" => strs(o, |x| &x.sheet),
        "cell" => strs(o, |x| &x.cell),
        "row" => (0..o.len() as u32).collect::<Vec<u32>>(),
    )
}

fn statuses_frame(id: &str, r: &FileReport) -> PolarsResult<DataFrame> {
    let s = &r.statuses;
    df!(
        "submission" => vec![id; s.len()],
        "item" => s.iter().map(|x| x.item as i32).collect::<Vec<i32>>(),
        "year" => s.iter().map(|x| x.period.year).collect::<Vec<i32>>(),
        "month" => s.iter().map(|x| x.period.month as i32).collect::<Vec<i32>>(),
        "status" => s.iter().map(|x| x.status.zh()).collect::<Vec<&str>>(),
        "percent" => s.iter().map(|x| x.percent).collect::<Vec<Option<f64>>>(),
        "progress" => strs(s, |x| &x.progress),
        "issues" => strs(s, |x| &x.issues),
        "next_steps" => strs(s, |x| &x.next_steps),
        "reporting_unit" => strs(s, |x| &x.reporting_unit),
        "file" => strs(s, |x| &x.file),
        "sheet" => strs(s, |x| &x.sheet),
        "cell" => strs(s, |x| &x.cell),
        "row" => (0..s.len() as u32).collect::<Vec<u32>>(),
    )
}

fn rejections_frame(id: &str, r: &FileReport) -> PolarsResult<DataFrame> {
    let d = &r.diagnostics;
    df!(
        "submission" => vec![id; d.len()],
        "file" => strs(d, |x| &x.file),
        "sheet" => strs(d, |x| &x.sheet),
        "cell" => strs(d, |x| &x.cell),
        "severity" => d.iter().map(|x| x.severity.as_str()).collect::<Vec<&str>>(),
        "code" => strs(d, |x| &x.code),
        "message" => strs(d, |x| &x.message),
        "raw" => strs(d, |x| &x.raw),
        "row" => (0..d.len() as u32).collect::<Vec<u32>>(),
    )
}

impl Kind {
    /// Whether a submission with no rows of this kind gets no part at all. Observations parts
    /// are always written (a missing one means a damaged store); rejections and statuses parts
    /// are written only when they have rows, and a missing one reads as empty.
    pub fn optional(self) -> bool {
        !matches!(self, Kind::Observations)
    }
}

/// Writes one part (temp file, rename) and returns its path, unsynced: the caller fsyncs the
/// batch's parts and folders before the ledger commits them (nothing reads a part before). A
/// part left by a crashed ingest for the same id is simply replaced.
pub(crate) fn write(root: &Path, kind: Kind, id: &str, df: &mut DataFrame) -> Result<PathBuf> {
    let path = kind.path(root, id);
    fsio::write_unsynced(&path, |f| {
        // Buffered: the writer emits many small pieces (thrift headers), one syscall each
        // otherwise. Snappy: parts are small, and zstd's per-column context setup dominated.
        let mut w = std::io::BufWriter::with_capacity(64 * 1024, f);
        ParquetWriter::new(&mut w)
            .with_compression(ParquetCompression::Snappy)
            .finish(df)
            .map_err(Error::from)?;
        std::io::Write::flush(&mut w).map_err(|e| Error::io(&path, e))
    })?;
    Ok(path)
}

/// Reads the parts of the given submissions into one frame (the empty schema when none), in
/// parallel, in the order of `ids`.
pub(crate) fn read(root: &Path, kind: Kind, ids: &[&str]) -> Result<DataFrame> {
    let frames: Vec<Option<DataFrame>> = fsio::on_threads(ids, |id| {
        let path = kind.path(root, id);
        let f = match File::open(&path) {
            Ok(f) => f,
            Err(e) if kind.optional() && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(None)
            }
            Err(e) => {
                return Err(Error::Store {
                    path: path.clone(),
                    message: format!("账本中的提交缺少分片文件: {e}"),
                })
            }
        };
        let df = ParquetReader::new(f).finish().map_err(|e| Error::Store {
            path: path.clone(),
            message: format!("分片文件无法读取: {e}"),
        })?;
        Ok(Some(df))
    })?;
    let mut frames = frames.into_iter().flatten().filter(|f| f.height() > 0);
    let Some(mut all) = frames.next() else {
        return kind.empty();
    };
    for f in frames {
        all.vstack_mut_owned(f)?;
    }
    all.rechunk_mut();
    Ok(all)
}

//! Parquet parts: what one ingest run contributed, one file per kind, written once and never
//! changed. Each row names its submission; the ledger names each submission's part. Stores
//! written before format 2 have one part per submission, named by its id. Column names and types
//! are documented in `src/store/README.md`.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::fsio;
use super::ledger::Submission;
use crate::error::{Error, Result};
use crate::ingest::FileReport;

/// The three kinds of part, one folder each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Observations,
    Rejections,
    Statuses,
}

/// A new submission's id and what was read from its file.
pub(crate) type New<'a> = (&'a str, &'a FileReport);

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Observations, Kind::Rejections, Kind::Statuses];

    pub fn dir(self) -> &'static str {
        match self {
            Kind::Observations => "observations",
            Kind::Rejections => "rejections",
            Kind::Statuses => "statuses",
        }
    }

    /// The file of part `name` (a run's part name, or a submission id in older stores).
    pub fn path(self, root: &Path, name: &str) -> PathBuf {
        root.join(self.dir()).join(format!("{name}.parquet"))
    }

    /// The part's rows for the files of a run, in order (an empty frame with the full schema
    /// when there are none).
    pub fn frame(self, new: &[New]) -> Result<DataFrame> {
        Ok(match self {
            Kind::Observations => observations_frame(new)?,
            Kind::Rejections => rejections_frame(new)?,
            Kind::Statuses => statuses_frame(new)?,
        })
    }

    pub fn empty(self) -> Result<DataFrame> {
        self.frame(&[])
    }

    /// How many rows of this kind a file has.
    pub fn rows(self, r: &FileReport) -> usize {
        match self {
            Kind::Observations => r.observations.len(),
            Kind::Rejections => r.diagnostics.len(),
            Kind::Statuses => r.statuses.len(),
        }
    }
}

/// One column over the rows of every file of a run, `rows` picking a file's rows.
fn column<'a, T: 'a, V>(
    new: &[New<'a>],
    rows: impl Fn(&'a FileReport) -> &'a [T],
    f: impl Fn(&'a T) -> V,
) -> Vec<V> {
    new.iter()
        .flat_map(|(_, r)| rows(r).iter().map(&f))
        .collect()
}

/// The `submission` and `row` (position within its file) columns.
fn ids_and_rows<'a, T: 'a>(
    new: &[New<'a>],
    rows: impl Fn(&'a FileReport) -> &'a [T],
) -> (Vec<&'a str>, Vec<u32>) {
    let ids = new
        .iter()
        .flat_map(|(id, r)| std::iter::repeat_n(*id, rows(r).len()))
        .collect();
    let row = new
        .iter()
        .flat_map(|(_, r)| 0..rows(r).len() as u32)
        .collect();
    (ids, row)
}

fn obs_rows(r: &FileReport) -> &[crate::ingest::Observation] {
    &r.observations
}

fn status_rows(r: &FileReport) -> &[crate::ingest::StatusReport] {
    &r.statuses
}

fn diagnostic_rows(r: &FileReport) -> &[crate::ingest::Diagnostic] {
    &r.diagnostics
}

fn observations_frame(new: &[New]) -> PolarsResult<DataFrame> {
    let o = obs_rows;
    let (ids, row) = ids_and_rows(new, o);
    df!(
        "submission" => ids,
        "indicator" => column(new, o, |x| x.indicator.as_str()),
        "district" => column(new, o, |x| x.district.as_str()),
        "year" => column(new, o, |x| x.period.year),
        "month" => column(new, o, |x| x.period.month as i32),
        "value" => column(new, o, |x| x.value),
        "cumulative" => column(new, o, |x| x.cumulative),
        "reporting_unit" => column(new, o, |x| &*x.reporting_unit),
        "file" => column(new, o, |x| &*x.file),
        "sheet" => column(new, o, |x| &*x.sheet),
        "cell" => column(new, o, |x| x.cell.as_str()),
        "row" => row,
    )
}

fn statuses_frame(new: &[New]) -> PolarsResult<DataFrame> {
    let s = status_rows;
    let (ids, row) = ids_and_rows(new, s);
    df!(
        "submission" => ids,
        "item" => column(new, s, |x| x.item as i32),
        "year" => column(new, s, |x| x.period.year),
        "month" => column(new, s, |x| x.period.month as i32),
        "status" => column(new, s, |x| x.status.zh()),
        "percent" => column(new, s, |x| x.percent),
        "progress" => column(new, s, |x| x.progress.as_str()),
        "issues" => column(new, s, |x| x.issues.as_str()),
        "next_steps" => column(new, s, |x| x.next_steps.as_str()),
        "reporting_unit" => column(new, s, |x| x.reporting_unit.as_str()),
        "file" => column(new, s, |x| x.file.as_str()),
        "sheet" => column(new, s, |x| x.sheet.as_str()),
        "cell" => column(new, s, |x| x.cell.as_str()),
        "row" => row,
    )
}

fn rejections_frame(new: &[New]) -> PolarsResult<DataFrame> {
    let d = diagnostic_rows;
    let (ids, row) = ids_and_rows(new, d);
    df!(
        "submission" => ids,
        "file" => column(new, d, |x| x.file.as_str()),
        "sheet" => column(new, d, |x| x.sheet.as_str()),
        "cell" => column(new, d, |x| x.cell.as_str()),
        "severity" => column(new, d, |x| x.severity.as_str()),
        "code" => column(new, d, |x| x.code.as_str()),
        "message" => column(new, d, |x| x.message.as_str()),
        "raw" => column(new, d, |x| x.raw.as_str()),
        "row" => row,
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

/// Files whose rows go into one row group: the run's rows are never all copied into one frame
/// at once (3 600 workbooks made a 150 MB frame beside the reports it was built from).
const FILES_PER_ROW_GROUP: usize = 500;

/// Writes a run's part (temp file, rename), a row group per [`FILES_PER_ROW_GROUP`] files, and
/// returns its path, unsynced: the caller fsyncs the run's parts and folders before the ledger
/// commits them (nothing reads a part before). A part left by a crashed ingest under the same
/// name is simply replaced.
pub(crate) fn write(root: &Path, kind: Kind, name: &str, new: &[New]) -> Result<PathBuf> {
    let path = kind.path(root, name);
    fsio::write_unsynced(&path, |f| {
        // Buffered: the writer emits many small pieces (thrift headers), one syscall each
        // otherwise. Snappy: fast to write and read; parts are read whole.
        let mut w = std::io::BufWriter::with_capacity(64 * 1024, f);
        let schema = kind.empty()?.schema().clone();
        let mut batched = ParquetWriter::new(&mut w)
            .with_compression(ParquetCompression::Snappy)
            .batched(&schema)?;
        for files in new.chunks(FILES_PER_ROW_GROUP) {
            batched.write_batch(&kind.frame(files)?)?;
        }
        batched.finish()?;
        drop(batched);
        std::io::Write::flush(&mut w).map_err(|e| Error::io(&path, e))
    })?;
    Ok(path)
}

/// Reads the rows of the given submissions from their parts into one frame (the empty schema
/// when none), the parts in parallel, in the order the submissions name them. `columns` picks
/// columns (all when `None`); `submission` is always read.
pub(crate) fn read(
    root: &Path,
    kind: Kind,
    subs: &[&Submission],
    columns: Option<&[&str]>,
) -> Result<DataFrame> {
    let mut names: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    for s in subs {
        let name = s.part_name();
        if seen.insert(name) {
            names.push(name);
        }
    }
    let columns: Option<Vec<String>> = columns.map(|c| {
        let mut c: Vec<String> = c.iter().map(|s| s.to_string()).collect();
        if !c.iter().any(|x| x == "submission") {
            c.push("submission".into());
        }
        c
    });
    let frames: Vec<Option<DataFrame>> =
        fsio::on_threads(&names, |name| read_one(root, kind, name, columns.clone()))?;
    let mut frames = frames.into_iter().flatten().filter(|f| f.height() > 0);
    let Some(mut all) = frames.next() else {
        let empty = kind.empty()?;
        return Ok(match &columns {
            Some(c) => empty.select(c.iter().map(String::as_str))?,
            None => empty,
        });
    };
    // Stacked, not rechunked: a copy of a national store's columns for nothing, since every
    // reader goes through them in order or by index.
    for f in frames {
        all.vstack_mut_owned(f)?;
    }
    // A run's part also holds its other submissions, which the caller may not see (retracted,
    // received later).
    if subs.iter().any(|s| s.part.is_some()) {
        let wanted: HashSet<&str, foldhash::fast::FixedState> =
            subs.iter().map(|s| s.id.as_str()).collect();
        let mask: BooleanChunked = all
            .column("submission")?
            .str()?
            .iter()
            .map(|id| id.is_some_and(|id| wanted.contains(id)))
            .collect();
        if !mask.all() {
            all = all.filter(&mask)?;
        }
    }
    Ok(all)
}

/// One part file; `None` for a missing optional part.
fn read_one(
    root: &Path,
    kind: Kind,
    name: &str,
    columns: Option<Vec<String>>,
) -> Result<Option<DataFrame>> {
    let path = kind.path(root, name);
    let f = match File::open(&path) {
        Ok(f) => f,
        Err(e) if kind.optional() && e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::Store {
                path: path.clone(),
                message: format!("账本中的提交缺少分片文件: {e}"),
            })
        }
    };
    let df = ParquetReader::new(f)
        .with_columns(columns)
        .finish()
        .map_err(|e| Error::Store {
            path: path.clone(),
            message: format!("分片文件无法读取: {e}"),
        })?;
    Ok(Some(df))
}

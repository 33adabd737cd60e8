//! The warehouse: a durable, revisioned store of checked submissions.
//!
//! Layout (schema in `src/store/README.md`):
//! ```text
//! warehouse/
//!   ledger.json                   one row per submission; rewritten atomically; the commit point
//!   observations/<part>.parquet   accepted values of one ingest run's submissions
//!   statuses/<part>.parquet       task statuses of one ingest run
//!   rejections/<part>.parquet     errors and warnings of one ingest run
//!   .lock                         writers hold an OS lock on it
//! ```
//! A submission's id is the SHA-256 of its bytes, so ingesting the same bytes twice changes
//! nothing. Parts are written first and the ledger last: a crash at any point leaves the previous
//! ledger, and parts no ledger row names are ignored by readers and removed by the next writer.
//!
//! Revisions: for one indicator · district · period (or work item · period for task statuses)
//! the value from the latest submission wins, latest by `received_at`, then by ingest order
//! (`seq`), then by row within the file. Earlier values stay in `history`. Retracted
//! submissions stay in the ledger but count for nothing.

pub mod export;
mod fsio;
mod keys;
mod ledger;
mod order;
mod parts;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, Timelike, Utc};
use polars::prelude::*;

pub use ledger::{Submission, FORMAT_VERSION, STATUS_CURRENT, STATUS_RETRACTED};

use crate::error::{Error, Result};
use crate::ingest::FileReport;
use keys::KeyIndex;
use ledger::Ledger;
use parts::Kind;

/// A warehouse folder.
#[derive(Debug, Clone)]
pub struct Warehouse {
    root: PathBuf,
    lock_timeout: Duration,
}

/// Which state of the store a reading call sees.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct View {
    /// Only submissions received at or before this instant ("what did we know then"). A
    /// retraction made after this instant is not yet in effect.
    pub as_of_received: Option<DateTime<Utc>>,
    /// Count retracted submissions as if they had not been retracted.
    pub include_retracted: bool,
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Newly committed.
    Stored,
    /// The same bytes were already in the ledger; nothing changed.
    AlreadyStored,
    /// Not stored, with the reason (unreadable; `--strict` and the file has errors).
    Refused(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct IngestOutcome {
    /// The submission id (empty when the file could not be read).
    pub id: String,
    pub file: String,
    pub kind: Outcome,
    /// The ledger row: the new one (`Stored`) or the existing one (`AlreadyStored`).
    pub submission: Option<Submission>,
}

/// Columns of [`Warehouse::observations`], in order.
pub const OBSERVATION_COLUMNS: [&str; 12] = [
    "indicator",
    "district",
    "year",
    "month",
    "value",
    "cumulative",
    "reporting_unit",
    "submission",
    "received_at",
    "file",
    "sheet",
    "cell",
];

/// Columns of [`Warehouse::statuses`], in order.
pub const STATUS_COLUMNS: [&str; 14] = [
    "item",
    "year",
    "month",
    "status",
    "percent",
    "progress",
    "issues",
    "next_steps",
    "reporting_unit",
    "submission",
    "received_at",
    "file",
    "sheet",
    "cell",
];

/// Columns of [`Warehouse::diagnostics`], in order.
pub const DIAGNOSTIC_COLUMNS: [&str; 9] = [
    "file",
    "sheet",
    "cell",
    "severity",
    "code",
    "message",
    "raw",
    "submission",
    "received_at",
];

const OBSERVATION_KEY: [&str; 4] = ["indicator", "district", "year", "month"];
const STATUS_KEY: [&str; 3] = ["item", "year", "month"];

impl Warehouse {
    /// Opens (creating when missing) the warehouse folder.
    pub fn open(root: &Path) -> Result<Warehouse> {
        for dir in
            std::iter::once(root.to_path_buf()).chain(Kind::ALL.iter().map(|k| root.join(k.dir())))
        {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        Ok(Warehouse {
            root: root.to_path_buf(),
            lock_timeout: Duration::from_secs(30),
        })
    }

    /// How long a writer waits for another writer before giving up (default 30 s).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Warehouse {
        self.lock_timeout = timeout;
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Stores the files' accepted rows, statuses and diagnostics in one commit: every new file's
    /// parts are written and synced first, then the ledger is written once; its rename commits
    /// the whole batch. A crash before it leaves the store as it was.
    pub fn ingest(
        &self,
        reports: &[FileReport],
        received_at: DateTime<Utc>,
        strict: bool,
    ) -> Result<Vec<IngestOutcome>> {
        self.ingest_with(reports, received_at, strict, &|_| {})
    }

    /// As [`Warehouse::ingest`], calling `tick` after each file (for a progress bar).
    pub fn ingest_with(
        &self,
        reports: &[FileReport],
        received_at: DateTime<Utc>,
        strict: bool,
        tick: &dyn Fn(&IngestOutcome),
    ) -> Result<Vec<IngestOutcome>> {
        let received_at = received_at.with_nanosecond(0).unwrap_or(received_at);
        let _lock = fsio::lock(&self.root, self.lock_timeout)?;
        let mut ledger = Ledger::load(&self.root)?;
        self.clean_orphans(&ledger)?;
        let mut index = self.key_index(&ledger)?;
        let committed = ledger.submissions.len();
        // The run's parts are named after its first sequence number: unique among committed
        // runs; a crashed run's leftovers under the same name were just removed as orphans.
        let part = format!("run-{:08}", ledger.next_seq());
        // Decide every file's fate and its ledger row in order (so that a file revising one
        // earlier in the same batch supersedes it), then write the run's parts.
        let mut out = Vec::with_capacity(reports.len());
        let mut new: Vec<parts::New> = Vec::new();
        for r in reports {
            let o = self.plan_one(&mut ledger, &mut index, r, received_at, strict, &part);
            if o.kind == Outcome::Stored {
                new.push((r.sha256.as_str(), r));
            }
            out.push(o);
        }
        if !new.is_empty() {
            // A failed write (full disk, `DABIAO_FAULT=write_error`) leaves the store as it was:
            // this run's parts are removed and the ledger is not touched.
            if let Err(e) = self.commit(&mut ledger, &part, &new) {
                self.remove_parts(&part);
                ledger.truncate(committed);
                return Err(e);
            }
            fsio::fault("after_ledger_rename");
        }
        for o in &out {
            tick(o);
        }
        Ok(out)
    }

    /// Writes the run's parts, makes them durable, then saves the ledger: its rename commits
    /// the run.
    fn commit(&self, ledger: &mut Ledger, part: &str, new: &[parts::New]) -> Result<()> {
        let mut written = Vec::with_capacity(Kind::ALL.len());
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            if !kind.optional() || new.iter().any(|(_, r)| kind.rows(r) > 0) {
                written.push(parts::write(&self.root, kind, part, new)?);
            }
            if i == 0 {
                fsio::fault("mid_parts");
            }
        }
        fsio::fault("after_parts");
        fsio::sync_files(&written)?;
        for kind in Kind::ALL {
            fsio::sync_dir(&self.root.join(kind.dir()))?;
        }
        ledger.format_version = FORMAT_VERSION;
        ledger.save(&self.root)
    }

    /// What happens to one file: refused, already stored, or a new ledger row (pushed to
    /// `ledger` in memory, its keys to `index`).
    fn plan_one(
        &self,
        ledger: &mut Ledger,
        index: &mut KeyIndex,
        r: &FileReport,
        received_at: DateTime<Utc>,
        strict: bool,
        part: &str,
    ) -> IngestOutcome {
        let outcome = |kind, submission| IngestOutcome {
            id: r.sha256.clone(),
            file: r.file.clone(),
            kind,
            submission,
        };
        if r.unreadable || r.sha256.is_empty() {
            return outcome(Outcome::Refused("文件无法读取".into()), None);
        }
        // Nothing to keep, and errors saying why: a ledger row of 0 rows would read as received.
        if r.observations.is_empty() && r.statuses.is_empty() && r.errors() > 0 {
            let why = format!("没有可入库的行（{} 个错误，见问题列表）", r.errors());
            return outcome(Outcome::Refused(why), None);
        }
        if let Some(s) = ledger.get(&r.sha256) {
            return outcome(Outcome::AlreadyStored, Some(s.clone()));
        }
        if strict && r.errors() > 0 {
            return outcome(
                Outcome::Refused(format!(
                    "--strict：有 {} 个错误，整个文件未入库",
                    r.errors()
                )),
                None,
            );
        }
        let id = r.sha256.as_str();
        let keys = index.keys_of(r);
        let supersedes = (index.holders(&keys).into_iter())
            .map(|p| &ledger.submissions[p as usize])
            .filter(|s| !s.is_retracted() && s.received_at <= received_at)
            .map(|s| s.id.clone())
            .collect();
        let reporting_unit = r
            .reporting_unit
            .clone()
            .or_else(|| r.observations.first().map(|o| o.reporting_unit.to_string()))
            .or_else(|| r.statuses.first().map(|s| s.reporting_unit.clone()))
            .unwrap_or_default();
        let sub = Submission {
            id: id.to_string(),
            file: r.file.clone(),
            reporting_unit,
            period: r.period.or_else(|| single_period(r)),
            received_at,
            accepted: r.accepted_rows(),
            rejected: r.rejected_rows(),
            warnings: r.warnings(),
            supersedes,
            status: STATUS_CURRENT.into(),
            seq: ledger.next_seq(),
            retracted_at: None,
            part: Some(part.to_string()),
        };
        index.insert(keys, ledger.submissions.len() as u32);
        ledger.push(sub.clone());
        outcome(Outcome::Stored, Some(sub))
    }

    /// Ledger rows in ingest order.
    pub fn submissions(&self) -> Result<Vec<Submission>> {
        let mut subs = Ledger::load(&self.root)?.submissions;
        subs.sort_by_key(|s| s.seq);
        Ok(subs)
    }

    /// The one submission whose id starts with `id_prefix` (case-insensitive).
    pub fn find(&self, id_prefix: &str) -> Result<Submission> {
        let ledger = Ledger::load(&self.root)?;
        Ok(ledger.submissions[self.resolve(&ledger, id_prefix)?].clone())
    }

    fn resolve(&self, ledger: &Ledger, id_prefix: &str) -> Result<usize> {
        let prefix = id_prefix.trim().to_ascii_lowercase();
        let err = |message: String| Error::Store {
            path: self.root.clone(),
            message,
        };
        if prefix.is_empty() {
            return Err(err("提交编号为空".into()));
        }
        let hits: Vec<usize> = (0..ledger.submissions.len())
            .filter(|&i| ledger.submissions[i].id.starts_with(&prefix))
            .collect();
        match hits.as_slice() {
            [i] => Ok(*i),
            [] => Err(err(format!(
                "没有编号以 {prefix} 开头的提交（共 {} 个提交，可用 dabiao submissions 查看）",
                ledger.submissions.len()
            ))),
            many => Err(err(format!(
                "编号前缀 {prefix} 不唯一，匹配 {} 个提交：{}；请多写几位",
                many.len(),
                many.iter()
                    .map(|&i| format!(
                        "{}（{}）",
                        &ledger.submissions[i].id[..16],
                        ledger.submissions[i].file
                    ))
                    .collect::<Vec<_>>()
                    .join("、")
            ))),
        }
    }

    /// Withdraws a submission (a unique id prefix is enough): it stays in the ledger marked
    /// `retracted` and no longer counts. Retracting twice changes nothing.
    pub fn retract(&self, id_prefix: &str) -> Result<Submission> {
        self.retract_at(id_prefix, Utc::now())
    }

    /// As [`Warehouse::retract`], recording `at` as the time of retraction.
    pub fn retract_at(&self, id_prefix: &str, at: DateTime<Utc>) -> Result<Submission> {
        let _lock = fsio::lock(&self.root, self.lock_timeout)?;
        let mut ledger = Ledger::load(&self.root)?;
        let i = self.resolve(&ledger, id_prefix)?;
        if !ledger.submissions[i].is_retracted() {
            let s = &mut ledger.submissions[i];
            s.status = STATUS_RETRACTED.into();
            s.retracted_at = Some(at.with_nanosecond(0).unwrap_or(at));
            ledger.save(&self.root)?;
        }
        Ok(ledger.submissions[i].clone())
    }

    /// Current observations (latest revision per indicator · district · period), sorted by
    /// them; columns as in [`OBSERVATION_COLUMNS`]: indicator str, district str, year i32, month
    /// i32, value f64?, cumulative f64?, reporting_unit str, submission str, received_at str
    /// (RFC 3339, UTC), file str, sheet str, cell str.
    pub fn observations(&self, view: &View) -> Result<DataFrame> {
        self.observation_columns(view, &OBSERVATION_COLUMNS)
    }

    /// As [`Warehouse::observations`], only the named columns (the others are not read).
    pub fn observation_columns(&self, view: &View, columns: &[&str]) -> Result<DataFrame> {
        self.current_observations(&self.visible_subs(view)?, columns)
    }

    /// Current observations (`columns` of them) and current task statuses, from one reading of
    /// the ledger.
    pub fn current_tables(&self, view: &View, columns: &[&str]) -> Result<(DataFrame, DataFrame)> {
        let subs = self.visible_subs(view)?;
        Ok((
            self.current_observations(&subs, columns)?,
            self.current_statuses(&subs)?,
        ))
    }

    fn current_observations(&self, subs: &[Submission], columns: &[&str]) -> Result<DataFrame> {
        let read = with_key(&OBSERVATION_KEY, columns);
        Ok(self
            .current(Kind::Observations, &OBSERVATION_KEY, subs, Some(&read))?
            .select(cols(columns))
            .collect()?)
    }

    /// Every stored revision, the observation columns plus `current` (bool), ordered by
    /// indicator, district, period and then receipt.
    pub fn history(&self, view: &View) -> Result<DataFrame> {
        self.history_columns(view, &OBSERVATION_COLUMNS)
    }

    /// As [`Warehouse::history`], only the named columns and `current` (the others are not
    /// read).
    pub fn history_columns(&self, view: &View, columns: &[&str]) -> Result<DataFrame> {
        let mut c = cols(columns);
        c.push(col("current"));
        Ok(self
            .revisions(
                Kind::Observations,
                &OBSERVATION_KEY,
                &self.visible_subs(view)?,
                Some(&with_key(&OBSERVATION_KEY, columns)),
            )?
            .select(c)
            .collect()?)
    }

    /// Current task statuses (latest per work item · period); columns as in [`STATUS_COLUMNS`]:
    /// item i32, year i32, month i32, status str (未启动/推进中/已完成), percent f64?, progress,
    /// issues, next_steps, reporting_unit, submission, received_at, file, sheet, cell (str).
    pub fn statuses(&self, view: &View) -> Result<DataFrame> {
        self.current_statuses(&self.visible_subs(view)?)
    }

    fn current_statuses(&self, subs: &[Submission]) -> Result<DataFrame> {
        Ok(self
            .current(Kind::Statuses, &STATUS_KEY, subs, None)?
            .select(cols(&STATUS_COLUMNS))
            .collect()?)
    }

    /// Every stored error and warning of the visible submissions; columns as in
    /// [`DIAGNOSTIC_COLUMNS`] (all str).
    pub fn diagnostics(&self, view: &View) -> Result<DataFrame> {
        Ok(self
            .joined(Kind::Rejections, &self.visible_subs(view)?, None)?
            .lazy()
            .sort(
                ["_seq", "row"],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .select(cols(&DIAGNOSTIC_COLUMNS))
            .collect()?)
    }

    /// The ledger rows a view sees, in ingest order.
    fn visible_subs(&self, view: &View) -> Result<Vec<Submission>> {
        Ok(self
            .submissions()?
            .into_iter()
            .filter(|s| view.sees(s))
            .collect())
    }

    /// Removes the parts of a run whose commit failed (best effort: what is left is an orphan
    /// the next ingest removes).
    fn remove_parts(&self, name: &str) {
        for kind in Kind::ALL {
            let _ = std::fs::remove_file(kind.path(&self.root, name));
        }
    }

    /// Removes what a crashed writer left: temporary files and parts no ledger row names.
    /// Called only under the writer lock.
    fn clean_orphans(&self, ledger: &Ledger) -> Result<()> {
        let named: std::collections::HashSet<&str> =
            ledger.submissions.iter().map(|s| s.part_name()).collect();
        let _ = std::fs::remove_file(fsio::temp_path(&Ledger::path(&self.root)));
        for kind in Kind::ALL {
            let dir = self.root.join(kind.dir());
            let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let orphan = match name.strip_suffix(".parquet") {
                    Some(name) => !named.contains(name),
                    None => name.starts_with('.') && name.ends_with(".tmp"),
                };
                if orphan {
                    let p = e.path();
                    std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
                }
            }
        }
        Ok(())
    }

    /// For every key held by a live submission, the submissions holding it.
    fn key_index(&self, ledger: &Ledger) -> Result<KeyIndex> {
        let live: Vec<&Submission> = (ledger.submissions.iter())
            .filter(|s| !s.is_retracted())
            .collect();
        let read = |kind, key: &[&str]| parts::read(&self.root, kind, &live, Some(key));
        KeyIndex::from_parts(
            ledger,
            &read(Kind::Observations, &OBSERVATION_KEY)?,
            &read(Kind::Statuses, &STATUS_KEY)?,
        )
    }

    /// Parts of the visible submissions (`columns` of them, all when `None`) with their receipt:
    /// `_received_us` and `_seq`, and `received_at` when asked for. Each row's submission is
    /// looked up in the ledger once (a hash of the id, not a join of frames), and `submission`
    /// is dropped unless asked for: a national store has 2 M rows of 64-character ids.
    fn joined(
        &self,
        kind: Kind,
        subs: &[Submission],
        columns: Option<&[&str]>,
    ) -> Result<DataFrame> {
        let refs: Vec<&Submission> = subs.iter().collect();
        let from_parts: Option<Vec<&str>> =
            columns.map(|cs| cs.iter().copied().filter(|c| *c != "received_at").collect());
        let mut df = parts::read(&self.root, kind, &refs, from_parts.as_deref())?;
        let wants = |c: &str| columns.is_none_or(|cs| cs.contains(&c));
        let at: crate::FastMap<&str, usize> = (subs.iter().enumerate())
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        // Each row's position in `subs`.
        let rows: Vec<usize> = (df.column("submission")?.str()?.iter())
            .map(|id| id.and_then(|id| at.get(id)).copied())
            .collect::<Option<_>>()
            .ok_or_else(|| Error::Store {
                path: self.root.clone(),
                message: "分片中有账本之外的提交".into(),
            })?;
        let us: Vec<i64> = (rows.iter())
            .map(|&i| subs[i].received_at.timestamp_micros())
            .collect();
        let seq: Vec<i64> = rows.iter().map(|&i| subs[i].seq as i64).collect();
        df.with_column(Column::new("_received_us".into(), us))?;
        df.with_column(Column::new("_seq".into(), seq))?;
        if wants("received_at") {
            let text: Vec<String> = subs.iter().map(|s| format_time(&s.received_at)).collect();
            let at: Vec<&str> = rows.iter().map(|&i| text[i].as_str()).collect();
            df.with_column(Column::new("received_at".into(), at))?;
        }
        if !wants("submission") {
            df = df.drop("submission")?;
        }
        Ok(df)
    }

    /// [`Warehouse::joined`] with its row order by `key` and revision, and which positions of
    /// that order are current (see [`order::by_key_and_revision`]).
    fn ordered(
        &self,
        kind: Kind,
        key: &[&str],
        subs: &[Submission],
        columns: Option<&[&str]>,
    ) -> Result<(DataFrame, Vec<IdxSize>, Vec<bool>)> {
        let df = self.joined(kind, subs, columns)?;
        let (order, current) = order::by_key_and_revision(&df, key)?;
        Ok((df, order, current))
    }

    /// The latest revision of each `key` (by receipt, ingest order, row), sorted by `key`.
    fn current(
        &self,
        kind: Kind,
        key: &[&str],
        subs: &[Submission],
        columns: Option<&[&str]>,
    ) -> Result<LazyFrame> {
        let (df, order, current) = self.ordered(kind, key, subs, columns)?;
        let rows: Vec<IdxSize> = (order.iter().zip(&current))
            .filter(|(_, c)| **c)
            .map(|(i, _)| *i)
            .collect();
        Ok(take(df, rows)?.lazy())
    }

    /// Parts of the visible submissions joined with their receipt, sorted by `key` and receipt,
    /// with `current` marking the latest revision of each key.
    fn revisions(
        &self,
        kind: Kind,
        key: &[&str],
        subs: &[Submission],
        columns: Option<&[&str]>,
    ) -> Result<LazyFrame> {
        let (df, order, current) = self.ordered(kind, key, subs, columns)?;
        let mut df = take(df, order)?;
        df.with_column(Column::new("current".into(), current))?;
        Ok(df.lazy())
    }
}

/// The rows at `idx`, in that order, a column at a time: each column of `df` is freed once
/// taken, so the copy never doubles the frame.
fn take(df: DataFrame, idx: Vec<IdxSize>) -> Result<DataFrame> {
    let idx = IdxCa::from_vec("".into(), idx);
    let columns = (df.into_columns().into_iter())
        .map(|c| c.take(&idx))
        .collect::<PolarsResult<Vec<Column>>>()?;
    Ok(DataFrame::new(idx.len(), columns)?)
}

impl View {
    /// Whether a ledger row counts in this view.
    pub fn sees(&self, s: &Submission) -> bool {
        if self.as_of_received.is_some_and(|t| s.received_at > t) {
            return false;
        }
        let retracted = s.is_retracted()
            && match (s.retracted_at, self.as_of_received) {
                (Some(r), Some(t)) => r <= t,
                _ => true,
            };
        self.include_retracted || !retracted
    }
}

/// The columns to read for `columns` of rows ordered by `key`: the key, those, and `row`.
fn with_key<'a>(key: &[&'a str], columns: &[&'a str]) -> Vec<&'a str> {
    let mut read = key.to_vec();
    read.extend(columns.iter().filter(|c| !key.contains(c)));
    read.push("row");
    read
}

fn cols(names: &[&str]) -> Vec<Expr> {
    names.iter().map(|n| col(*n)).collect()
}

/// RFC 3339 in UTC with whole seconds and `+00:00`, so text order is time order.
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// RFC 3339 with whole seconds in the office's time zone (`2022-07-05T09:30:00+08:00`): the
/// same instant as the stored UTC text, as JSON gives it to people's tools.
pub fn format_local(t: &DateTime<Utc>, offset: FixedOffset) -> String {
    t.with_timezone(&offset)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A stored RFC 3339 text in the office's time zone ([`format_local`]); other text as it is.
pub fn local_text(s: &str, offset: FixedOffset) -> String {
    DateTime::parse_from_rfc3339(s)
        .map(|t| format_local(&t.with_timezone(&Utc), offset))
        .unwrap_or_else(|_| s.to_string())
}

/// Reads `YYYY-MM-DD` (the start of that day, or its last second when `end_of_day`) and
/// `YYYY-MM-DD HH:MM[:SS]` as local times at `offset`, or RFC 3339 with its own offset.
pub fn parse_time(s: &str, end_of_day: bool, offset: FixedOffset) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let local = |t: NaiveDateTime| {
        t.and_local_timezone(offset)
            .single()
            .map(|t| t.with_timezone(&Utc))
    };
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return local(t);
        }
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    let t = if end_of_day {
        d.and_hms_opt(23, 59, 59)?
    } else {
        d.and_hms_opt(0, 0, 0)?
    };
    local(t)
}

/// The one period all of a file's rows share, when the file does not declare one.
fn single_period(r: &FileReport) -> Option<crate::ingest::Period> {
    let mut ps = r
        .observations
        .iter()
        .map(|o| o.period)
        .chain(r.statuses.iter().map(|s| s.period));
    let first = ps.next()?;
    ps.all(|p| p == first).then_some(first)
}

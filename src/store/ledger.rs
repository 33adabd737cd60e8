//! The ledger: `ledger.json`, one row per submission, rewritten atomically. It is the commit
//! point — a submission exists when its row is in the ledger, not before.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fsio;
use crate::error::{Error, Result};
use crate::ingest::Period;

/// The ledger layout this build writes; it reads this and every earlier one. 2: one part per
/// ingest run, named in `part` (1: one part per submission, named by its id).
pub const FORMAT_VERSION: u32 = 2;

/// One row of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// SHA-256 of the file's bytes, hex.
    pub id: String,
    /// The path as given to `ingest`.
    pub file: String,
    pub reporting_unit: String,
    /// The period the file declares (`YYYY-MM`), if any.
    #[serde(with = "period_text")]
    pub period: Option<Period>,
    pub received_at: DateTime<Utc>,
    /// Data rows accepted, rejected, and warnings (as `validate` counts them).
    pub accepted: usize,
    pub rejected: usize,
    pub warnings: usize,
    /// Earlier submissions (by receipt) holding a value this one revises.
    pub supersedes: Vec<String>,
    /// `current` or `retracted`.
    pub status: String,
    /// Ingest order, from 1; breaks ties in `received_at`.
    pub seq: u64,
    /// When it was retracted (absent while current).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted_at: Option<DateTime<Utc>>,
    /// The parts holding its rows (`<kind>/<part>.parquet`), shared by its ingest run; absent in
    /// format 1, where the parts are named by the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

impl Submission {
    /// The name of the parts holding this submission's rows.
    pub fn part_name(&self) -> &str {
        self.part.as_deref().unwrap_or(&self.id)
    }

    pub fn is_retracted(&self) -> bool {
        self.status == STATUS_RETRACTED
    }
}

pub const STATUS_CURRENT: &str = "current";
pub const STATUS_RETRACTED: &str = "retracted";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ledger {
    pub format_version: u32,
    pub submissions: Vec<Submission>,
    /// Position of each id in `submissions` (built on load, kept by [`Ledger::push`]).
    #[serde(skip)]
    by_id: std::collections::HashMap<String, usize>,
    #[serde(skip)]
    max_seq: u64,
}

impl Ledger {
    pub fn path(root: &Path) -> std::path::PathBuf {
        root.join("ledger.json")
    }

    /// The committed ledger; an empty one when none was written yet.
    pub fn load(root: &Path) -> Result<Ledger> {
        let path = Ledger::path(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Ledger {
                    format_version: FORMAT_VERSION,
                    ..Default::default()
                })
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        let store_err = |message: String| Error::Store {
            path: path.clone(),
            message,
        };
        let mut ledger: Ledger = serde_json::from_str(&text)
            .map_err(|e| store_err(format!("账本无法解析（第 {} 行）: {e}", e.line())))?;
        if ledger.format_version > FORMAT_VERSION {
            return Err(store_err(format!(
                "账本格式版本 {} 比本程序支持的 {FORMAT_VERSION} 新，请升级 dabiao",
                ledger.format_version
            )));
        }
        ledger.by_id = (ledger.submissions.iter().enumerate())
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        ledger.max_seq = ledger.submissions.iter().map(|s| s.seq).max().unwrap_or(0);
        Ok(ledger)
    }

    /// Commits: temp file, fsync, rename, fsync the folder.
    pub fn save(&self, root: &Path) -> Result<()> {
        let path = Ledger::path(root);
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Store {
            path: path.clone(),
            message: format!("账本无法序列化: {e}"),
        })?;
        fsio::atomic_write(&path, "before_ledger_rename", |f| {
            use std::io::Write;
            f.write_all(text.as_bytes())
                .map_err(|e| Error::io(&path, e))
        })
    }

    pub fn get(&self, id: &str) -> Option<&Submission> {
        if self.by_id.len() == self.submissions.len() {
            self.by_id.get(id).map(|&i| &self.submissions[i])
        } else {
            self.submissions.iter().find(|s| s.id == id)
        }
    }

    pub fn next_seq(&self) -> u64 {
        self.max_seq + 1
    }

    /// Appends a row (in memory; [`Ledger::save`] commits).
    pub fn push(&mut self, s: Submission) {
        if self.by_id.len() == self.submissions.len() {
            self.by_id.insert(s.id.clone(), self.submissions.len());
        }
        self.max_seq = self.max_seq.max(s.seq);
        self.submissions.push(s);
    }

    /// Drops the rows after the first `n` (an uncommitted batch).
    pub fn truncate(&mut self, n: usize) {
        for s in self.submissions.drain(n..) {
            self.by_id.remove(&s.id);
        }
        self.max_seq = self.submissions.iter().map(|s| s.seq).max().unwrap_or(0);
    }
}

/// `Option<Period>` as `"YYYY-MM"` or null.
mod period_text {
    use super::Period;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(p: &Option<Period>, s: S) -> Result<S::Ok, S::Error> {
        match p {
            Some(p) => s.serialize_str(&p.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Period>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        match s {
            None => Ok(None),
            Some(s) => Period::parse_iso(&s)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("报告期 {s:?} 不是 YYYY-MM"))),
        }
    }
}

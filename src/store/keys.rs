//! Which live submissions hold each stored key: how an ingest finds the earlier submissions a
//! new file revises. Keys share their indicator and district texts, and submissions are named by
//! their position in the ledger, so a store of millions of values is indexed without a string
//! copy per value.

use std::collections::BTreeSet;
use std::sync::Arc;

use polars::prelude::*;

use super::ledger::Ledger;
use crate::error::Result;
use crate::ingest::FileReport;
use crate::text::Interner;
use crate::FastMap;

/// What one stored value is about; the unit of revision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Obs(Arc<str>, Arc<str>, i32, i32),
    Task(i32, i32, i32),
}

#[derive(Default)]
pub(crate) struct KeyIndex {
    texts: Interner,
    /// Key → ledger positions of the live submissions holding it, in ledger order.
    holders: FastMap<Key, Vec<u32>>,
}

impl KeyIndex {
    /// Indexes the keys of the observation and status parts read (`submission` plus the key
    /// columns); `ledger` gives each submission's position.
    pub fn from_parts(ledger: &Ledger, obs: &DataFrame, statuses: &DataFrame) -> Result<Self> {
        let position: FastMap<&str, u32> = (ledger.submissions.iter().enumerate())
            .map(|(i, s)| (s.id.as_str(), i as u32))
            .collect();
        let mut index = KeyIndex::default();
        let pos =
            |sub: &StringChunked, i: usize| sub.get(i).and_then(|id| position.get(id).copied());
        let sub = obs.column("submission")?.str()?;
        let (ind, dis) = (
            obs.column("indicator")?.str()?,
            obs.column("district")?.str()?,
        );
        let (yr, mo) = (obs.column("year")?.i32()?, obs.column("month")?.i32()?);
        for i in 0..obs.height() {
            let key = Key::Obs(
                index.texts.get(ind.get(i).unwrap_or_default()),
                index.texts.get(dis.get(i).unwrap_or_default()),
                yr.get(i).unwrap_or_default(),
                mo.get(i).unwrap_or_default(),
            );
            index.add(key, pos(sub, i));
        }
        let sub = statuses.column("submission")?.str()?;
        let item = statuses.column("item")?.i32()?;
        let (yr, mo) = (
            statuses.column("year")?.i32()?,
            statuses.column("month")?.i32()?,
        );
        for i in 0..statuses.height() {
            let key = Key::Task(
                item.get(i).unwrap_or_default(),
                yr.get(i).unwrap_or_default(),
                mo.get(i).unwrap_or_default(),
            );
            index.add(key, pos(sub, i));
        }
        Ok(index)
    }

    fn add(&mut self, key: Key, position: Option<u32>) {
        let Some(p) = position else { return };
        let holders = self.holders.entry(key).or_default();
        if holders.last() != Some(&p) {
            holders.push(p);
        }
    }

    /// The keys of a file's observations and task statuses.
    pub fn keys_of(&mut self, r: &FileReport) -> Vec<Key> {
        let mut keys = Vec::with_capacity(r.observations.len() + r.statuses.len());
        for o in &r.observations {
            keys.push(Key::Obs(
                self.texts.get(&o.indicator),
                self.texts.get(&o.district),
                o.period.year,
                o.period.month as i32,
            ));
        }
        keys.extend(
            (r.statuses.iter())
                .map(|s| Key::Task(s.item as i32, s.period.year, s.period.month as i32)),
        );
        keys
    }

    /// Ledger positions of the submissions holding any of `keys`, in ledger order.
    pub fn holders(&self, keys: &[Key]) -> BTreeSet<u32> {
        (keys.iter())
            .filter_map(|k| self.holders.get(k))
            .flatten()
            .copied()
            .collect()
    }

    /// Records that the submission at ledger position `position` holds `keys`.
    pub fn insert(&mut self, keys: Vec<Key>, position: u32) {
        for k in keys {
            self.add(k, Some(position));
        }
    }
}

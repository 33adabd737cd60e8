//! dabiao (达标): load monthly indicator submissions, check them cell by cell, keep them in a
//! revisioned store, and measure progress against annual targets and multi-year goals.
//!
//! Data flows one way: workbook → [`ingest`] → [`store`] → [`progress`] → charts and reports;
//! [`template`] goes the other way, from the catalog to a fillable workbook.

pub mod annotate;
pub mod catalog;
pub mod chart;
pub mod config;
pub mod demo;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod output;
pub mod progress;
pub mod report;
pub mod store;
pub mod template;
pub mod text;
pub mod timezone;

pub use error::{Error, Result};

/// A hash map with a fast hasher, for the maps built over millions of rows (keys are values
/// from our own tables; a hostile file could at worst make one run slower).
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

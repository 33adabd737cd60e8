//! Rows ordered by key and revision with integer keys. Each key column is replaced by the rank of
//! its value among the column's distinct values, and the ranks are packed into one integer: a
//! national store's 2 M rows then sort as integers, where polars' multi-column sort of the text
//! keys (then a `unique`, then a sort again) spent most of a progress run comparing strings.

use std::hash::Hash;

use foldhash::fast::FixedState;
use polars::prelude::*;
use rayon::prelude::*;

use crate::error::{Error, Result};

/// The row order by `key` (nulls first, as polars sorts), then by revision (`_received_us`,
/// `_seq`, `row`), and for each position of that order whether it holds the last, current,
/// revision of its key.
pub(crate) fn by_key_and_revision(
    df: &DataFrame,
    key: &[&str],
) -> Result<(Vec<IdxSize>, Vec<bool>)> {
    if key.len() > 4 {
        return Err(Error::Usage(format!(
            "内部错误：排序键过多（{}）",
            key.len()
        )));
    }
    let n = df.height();
    let mut packed = vec![0u128; n];
    for k in key {
        let ranks = ranks(df.column(k)?)?;
        packed
            .iter_mut()
            .zip(ranks)
            .for_each(|(p, r)| *p = (*p << 32) | u128::from(r));
    }
    let (rec, seq) = (df.column("_received_us")?.i64()?, df.column("_seq")?.i64()?);
    let row = df.column("row")?.cast(&DataType::UInt32)?;
    let revision: Vec<(i64, i64, u32)> = rec
        .iter()
        .zip(seq.iter())
        .zip(row.u32()?.iter())
        .map(|((r, s), w)| (r.unwrap_or(0), s.unwrap_or(0), w.unwrap_or(0)))
        .collect();
    let mut order: Vec<IdxSize> = (0..n as IdxSize).collect();
    order.par_sort_unstable_by_key(|&i| (packed[i as usize], revision[i as usize]));
    let current = (0..n)
        .map(|p| {
            order
                .get(p + 1)
                .is_none_or(|&next| packed[next as usize] != packed[order[p] as usize])
        })
        .collect();
    Ok((order, current))
}

/// Each row's rank among the column's distinct values, from 1 (0 for null).
fn ranks(col: &Column) -> Result<Vec<u32>> {
    Ok(match col.dtype() {
        DataType::String => rank_of(col.str()?.iter().collect()),
        _ => rank_of(col.cast(&DataType::Int64)?.i64()?.iter().collect()),
    })
}

fn rank_of<T: Ord + Hash + Copy>(values: Vec<Option<T>>) -> Vec<u32> {
    let mut distinct: Vec<T> = values
        .iter()
        .flatten()
        .copied()
        .collect::<std::collections::HashSet<T, FixedState>>()
        .into_iter()
        .collect();
    distinct.sort_unstable();
    let rank: crate::FastMap<T, u32> = distinct
        .into_iter()
        .enumerate()
        .map(|(i, v)| (v, i as u32 + 1))
        .collect();
    values.iter().map(|v| v.map_or(0, |v| rank[&v])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keys_sort_as_text_and_the_last_revision_is_current() {
        let df = df!(
            "indicator" => [Some("b"), Some("a"), Some("b"), None, Some("a")],
            "month" => [1, 2, 1, 1, 1],
            "_received_us" => [5i64, 1, 3, 9, 1],
            "_seq" => [2i64, 1, 1, 3, 1],
            "row" => [0u32, 0, 0, 0, 1],
        )
        .unwrap();
        let (order, current) = by_key_and_revision(&df, &["indicator", "month"]).unwrap();
        // null first; a·1, a·2; b·1 twice, the later receipt last.
        assert_eq!(order, [3, 4, 1, 2, 0]);
        assert_eq!(current, [true, true, true, false, true]);
    }
}

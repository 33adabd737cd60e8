//! Moving between the store's DataFrames and the rows the rules work on.

use polars::prelude::*;

use crate::error::Result;

/// Shared text: the same indicator, district, unit and receipt time recur on thousands of rows
/// (a national store has 2 M), so each distinct text is allocated once.
pub type Text = std::sync::Arc<str>;

/// One current observation as the progress rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Obs {
    pub indicator: Text,
    pub district: Text,
    pub year: i32,
    pub month: u32,
    pub value: Option<f64>,
    pub cumulative: Option<f64>,
    pub reporting_unit: Text,
    pub received_at: Text,
}

/// A column as strings (null → empty), whatever its type.
pub fn strs(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    Ok(df
        .column(name)?
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(|s| s.unwrap_or("").to_string())
        .collect())
}

fn ints(df: &DataFrame, name: &str) -> Result<Vec<i64>> {
    Ok(df
        .column(name)?
        .cast(&DataType::Int64)?
        .i64()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}

fn floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    Ok(df
        .column(name)?
        .cast(&DataType::Float64)?
        .f64()?
        .iter()
        .collect())
}

/// The observation columns the progress rules read: the store's first seven (indicator to
/// reporting_unit). `received_at`, which only completeness reads, may be absent.
pub const OBSERVATION_COLUMNS: &[&str] = crate::store::OBSERVATION_COLUMNS.split_at(7).0;

/// Reads current observations (at least [`OBSERVATION_COLUMNS`] of
/// `store::Warehouse::observations`, or of its `history`, whose rows marked not `current` are
/// left out) up to a year, sorted by indicator, district, year and month.
pub fn observations(df: &DataFrame, up_to_year: i32) -> Result<Vec<Obs>> {
    rows(df, up_to_year, true)
}

/// The first receipt of each reporting unit · year · month among every revision of a
/// `store::Warehouse::history` frame, up to a year: what completeness reads. A national store's
/// 2 M revisions come down to one row per unit and month before any row is built.
pub fn receipts(df: &DataFrame, up_to_year: i32) -> Result<Vec<Obs>> {
    if df.height() == 0 {
        return Ok(Vec::new());
    }
    let text = |name: &str| df.column(name)?.cast(&DataType::String);
    let (unit, rec) = (text("reporting_unit")?, text("received_at")?);
    let year = df.column("year")?.cast(&DataType::Int32)?;
    let month = df.column("month")?.cast(&DataType::Int32)?;
    let keys = (unit.str()?.iter())
        .zip(year.i32()?.iter())
        .zip(month.i32()?.iter())
        .zip(rec.str()?.iter());
    let mut first: crate::FastMap<(Option<&str>, i32, i32), (&str, IdxSize)> = Default::default();
    for (i, (((u, y), m), r)) in keys.enumerate() {
        let (y, m, r) = (y.unwrap_or(0), m.unwrap_or(0), r.unwrap_or(""));
        if y > up_to_year {
            continue;
        }
        let e = first.entry((u, y, m)).or_insert((r, i as IdxSize));
        if r < e.0 {
            *e = (r, i as IdxSize);
        }
    }
    let mut idx: Vec<IdxSize> = first.into_values().map(|(_, i)| i).collect();
    idx.sort_unstable();
    let chosen = df.take(&IdxCa::from_vec("".into(), idx))?;
    rows(&chosen, up_to_year, false)
}

/// Only those columns are sorted (when the store's order does not hold already), and rows are
/// built straight from them.
fn rows(df: &DataFrame, up_to_year: i32, current_only: bool) -> Result<Vec<Obs>> {
    if df.height() == 0 {
        return Ok(Vec::new());
    }
    let past = df.column("current").ok().filter(|_| current_only);
    let mut columns = OBSERVATION_COLUMNS.to_vec();
    let has_receipt = df.column("received_at").is_ok();
    if has_receipt {
        columns.push("received_at");
    }
    let later = df
        .column("year")?
        .cast(&DataType::Int32)?
        .i32()?
        .max()
        .is_some_and(|y| y > up_to_year);
    let superseded = match past {
        Some(c) => !c.bool()?.all(),
        None => false,
    };
    if superseded {
        columns.push("current");
    }
    let df = df
        .select(columns)?
        .lazy()
        .with_columns([
            col("indicator").cast(DataType::String),
            col("district").cast(DataType::String),
            col("year").cast(DataType::Int32),
            col("month").cast(DataType::Int32),
            col("value").cast(DataType::Float64),
            col("cumulative").cast(DataType::Float64),
            col("reporting_unit").cast(DataType::String),
        ])
        // Only when there is something to drop: filtering copies every column.
        .filter(match (later, superseded) {
            (true, true) => col("year").lt_eq(lit(up_to_year)).and(col("current")),
            (true, false) => col("year").lt_eq(lit(up_to_year)),
            (false, true) => col("current"),
            (false, false) => lit(true),
        })
        .collect()?;
    // The store gives current rows in this order already: check (one pass) before sorting.
    let mut df = if sorted_by_key(&df)? {
        df
    } else {
        df.sort(
            ["indicator", "district", "year", "month"],
            SortMultipleOptions::default(),
        )?
    };
    df.rechunk_mut(); // `get(i)` below is then direct

    let text = |name: &str| -> Result<&StringChunked> { Ok(df.column(name)?.str()?) };
    let (ind, dis, unit) = (
        text("indicator")?,
        text("district")?,
        text("reporting_unit")?,
    );
    let rec = if has_receipt {
        Some(df.column("received_at")?.cast(&DataType::String)?)
    } else {
        None
    };
    let rec = rec.as_ref().map(|c| c.str()).transpose()?;
    let (yr, mo) = (df.column("year")?.i32()?, df.column("month")?.i32()?);
    let (val, cum) = (df.column("value")?.f64()?, df.column("cumulative")?.f64()?);
    let mut texts = crate::text::Interner::default();
    let mut shared = |s: Option<&str>| texts.get(s.unwrap_or("")); // null → empty
    Ok((0..df.height())
        .map(|i| Obs {
            indicator: shared(ind.get(i)),
            district: shared(dis.get(i)),
            year: yr.get(i).unwrap_or(0),
            month: mo.get(i).unwrap_or(0) as u32,
            value: val.get(i).filter(|v| v.is_finite()),
            cumulative: cum.get(i).filter(|v| v.is_finite()),
            reporting_unit: shared(unit.get(i)),
            received_at: shared(rec.and_then(|r| r.get(i))),
        })
        .collect())
}

/// Whether rows are in indicator, district, year, month order (as polars sorts: nulls first).
fn sorted_by_key(df: &DataFrame) -> Result<bool> {
    let (ind, dis) = (
        df.column("indicator")?.str()?,
        df.column("district")?.str()?,
    );
    let (yr, mo) = (df.column("year")?.i32()?, df.column("month")?.i32()?);
    let keys = ind.iter().zip(dis.iter()).zip(yr.iter()).zip(mo.iter());
    let mut prev = None;
    for k in keys {
        if prev.is_some_and(|p| p > k) {
            return Ok(false);
        }
        prev = Some(k);
    }
    Ok(true)
}

/// The latest (year, month) among observations, within `year` when given; read from the two
/// columns alone.
pub fn latest_period(df: &DataFrame, year: Option<i32>) -> Result<Option<(i32, u32)>> {
    if df.height() == 0 {
        return Ok(None);
    }
    let yr = df.column("year")?.cast(&DataType::Int32)?;
    let mo = df.column("month")?.cast(&DataType::Int32)?;
    Ok(yr
        .i32()?
        .iter()
        .zip(mo.i32()?.iter())
        .filter_map(|(y, m)| Some((y?, m? as u32)))
        .filter(|(y, _)| year.is_none_or(|want| *y == want))
        .max())
}

/// A current task status.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusObs {
    pub item: u32,
    pub year: i32,
    pub month: u32,
    pub status: String,
    pub percent: Option<f64>,
}

pub fn statuses(df: &DataFrame) -> Result<Vec<StatusObs>> {
    if df.height() == 0 {
        return Ok(Vec::new());
    }
    let df = df.sort(["item", "year", "month"], SortMultipleOptions::default())?;
    let (item, yr, mo, st, pc) = (
        ints(&df, "item")?,
        ints(&df, "year")?,
        ints(&df, "month")?,
        strs(&df, "status")?,
        floats(&df, "percent")?,
    );
    Ok((0..df.height())
        .map(|i| StatusObs {
            item: item[i] as u32,
            year: yr[i] as i32,
            month: mo[i] as u32,
            status: st[i].clone(),
            percent: pc[i],
        })
        .collect())
}

/// An empty observations frame with the store's schema, for callers without a warehouse.
pub fn empty_observations() -> DataFrame {
    let s: [Option<&str>; 0] = [];
    let f: [Option<f64>; 0] = [];
    let i: [i32; 0] = [];
    df!(
        "indicator" => s, "district" => s, "year" => i, "month" => i, "value" => f, "cumulative" => f,
        "reporting_unit" => s, "submission" => s, "received_at" => s, "file" => s, "sheet" => s, "cell" => s
    )
    .expect("static schema")
}

#[cfg(test)]
mod history_tests {
    use super::*;

    /// A history frame reads as its current rows, or as each unit and month's first receipt.
    #[test]
    fn history_frames_read_as_current_rows_or_first_receipts() {
        let df = df!(
            "indicator" => ["T1", "T1", "T2"],
            "district" => ["甲区", "甲区", "甲区"],
            "year" => [2022i32, 2022, 2022],
            "month" => [6i32, 6, 6],
            "value" => [Some(5.0), Some(6.0), None],
            "cumulative" => [20.0, 21.0, 3.0],
            "reporting_unit" => ["u", "u", "u"],
            "received_at" => ["2022-07-05T00:00:00+00:00", "2022-07-06T00:00:00+00:00", "2022-07-05T00:00:00+00:00"],
            "current" => [false, true, true],
        )
        .unwrap();
        let now = observations(&df, 2022).unwrap();
        assert_eq!(now.len(), 2);
        assert_eq!(
            (now[0].value, &*now[0].received_at),
            (Some(6.0), "2022-07-06T00:00:00+00:00")
        );
        let first = receipts(&df, 2022).unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(&*first[0].received_at, "2022-07-05T00:00:00+00:00");
        assert!(observations(&df, 2021).unwrap().is_empty());
    }
}

//! Bureau tables (统计表): a row per district, indicator or month, and a column — or a
//! `本月 | 累计` pair under one merged header cell — per indicator or district.
//!
//! | layout          | a row is                                   | a column is              |
//! |-----------------|--------------------------------------------|--------------------------|
//! | `Matrix`        | a district (区域), 合计 / 全市             | an indicator             |
//! | `IndicatorRows` | an indicator (指标名称 · 计量单位)          | a district, 全市 / 合计  |
//! | `MonthRows`     | a month (月份), with a 区域 column or not  | an indicator             |
//!
//! A figure (a cell, or a 本月 | 累计 pair) is one unit of data: stored, or refused at its own
//! cell. A header naming nothing known is refused at the header with the closest names, once for
//! the column; a row whose district, indicator or month is unknown is refused at that label, once
//! for the row. A 合计 / 全市 figure is the city's (stored as 全市, which progress takes instead
//! of combining the districts, so nothing counts twice) and, where the catalog sums districts,
//! checked against their sum; 小计 is listed and not read.

use super::*;
use crate::ingest::header::{header_key, month_of_key, role_of_key};

/// What a header cell names.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    /// An indicator, with the unit written in brackets after its name, if any.
    Indicator(usize, Option<String>),
    /// A district, or the city (`全市`).
    District(String),
    /// 合计, 总计, 全市合计: the city's figure.
    Total,
    /// 小计: part of the districts, listed and not read.
    Subtotal,
    /// Nothing known.
    Unknown(String),
}

/// The columns under one header cell.
#[derive(Debug, Clone)]
struct Group {
    /// The header cell (row, column).
    at: (usize, usize),
    key: Key,
    /// The 本月 and 累计 columns, from the words under the header (`本月 | 1-6月累计`).
    cols: [Option<usize>; 2],
    /// The one value column when no such words are there; read per the sheet's words.
    single: Option<usize>,
    /// A unit from a `计量单位` row under the header, with its cell.
    unit: Option<(String, (usize, usize))>,
}

impl Group {
    fn columns(&self, slot: usize) -> [Option<usize>; 2] {
        match self.single {
            Some(c) if slot == 1 => [None, Some(c)],
            Some(c) => [Some(c), None],
            None => self.cols,
        }
    }

    fn filled(&self, grid: &Grid, r: usize) -> bool {
        (self.cols.iter().chain([&self.single]).flatten()).any(|&c| !grid.get(r, c).is_blank())
    }
}

/// A cross table's header: the row keys as a [`Header`]'s columns, and the column groups.
pub(crate) struct Cross {
    /// `row` is the header's last row; `columns` the row keys (区域, 指标名称, 计量单位, 月份).
    pub(super) header: Header,
    pub(super) first_row: usize,
    groups: Vec<Group>,
}

/// The first cross-table header within `limit` rows from `from`.
pub(super) fn find(
    index: &Index,
    grid: &Grid,
    (from, limit): (usize, usize),
    year: Option<i32>,
    forced: Option<Layout>,
) -> Option<Cross> {
    (from..grid.rows.len())
        .take(limit)
        .find_map(|r| at_row(index, grid, r, year))
        .filter(|c| forced.is_none_or(|f| f == c.header.layout))
}

/// Headers that label the rows.
fn is_label(role: Role) -> bool {
    matches!(
        role,
        Role::District | Role::Name | Role::Code | Role::Unit | Role::Period
    )
}

fn total_key(text: &str) -> Option<Key> {
    match normalize_key(text).as_str() {
        "合计" | "总计" | "全市合计" | "全市总计" | "合计数" | "total" => {
            Some(Key::Total)
        }
        "小计" | "subtotal" => Some(Key::Subtotal),
        _ => None,
    }
}

/// What a header cell of the entity row names.
fn key_of(index: &Index, text: &str) -> Key {
    if let Some(k) = total_key(text) {
        return k;
    }
    if let Some((i, unit)) = index.header_indicator(text) {
        return Key::Indicator(i, unit);
    }
    match index.catalog.resolve_district(text) {
        Some(d) => Key::District(d.to_string()),
        None => Key::Unknown(text.trim().to_string()),
    }
}

/// A cross-table header whose entity row is `r`, if it is one.
fn at_row(index: &Index, grid: &Grid, r: usize, year: Option<i32>) -> Option<Cross> {
    let cells = &grid.rows[r];
    let mut labels: Vec<(Role, usize)> = Vec::new();
    let mut others: Vec<(usize, &str, bool)> = Vec::new();
    let mut prev = "";
    for (c, cell) in cells.iter().enumerate() {
        let text = match cell {
            Cell::Text(t) if !t.trim().is_empty() => t.trim(),
            _ => {
                prev = "";
                continue;
            }
        };
        // A merged header cell is repeated across the columns it covers.
        if text == std::mem::replace(&mut prev, text) {
            continue;
        }
        let hk = header_key(text);
        let role = role_of_key(&hk).or(match hk.as_str() {
            "日期" => Some(Role::Period),
            // Over a column of districts (read as 区域 when no 指标名称 is there).
            "单位名称" => Some(Role::Unit),
            _ => None,
        });
        match role {
            Some(role) if is_label(role) => labels.push((role, c)),
            _ if month_of_key(&hk, year).is_some() => {}
            _ => others.push((c, text, role.is_some())),
        }
    }
    if labels.is_empty() {
        // `区域` written in the row below, under a blank, beside the `本月 | 累计` words.
        labels = labels_below(grid, r);
    }
    if labels.is_empty() {
        return None; // a data row: looked up no further
    }
    let mut keys: Vec<(usize, Key)> = Vec::new();
    for (c, text, known_word) in others {
        let key = key_of(index, text);
        // A header word dabiao knows (序号, 备注, 年度目标 …) is no indicator's name.
        if !known_word || !matches!(key, Key::Unknown(_)) {
            keys.push((c, key));
        }
    }
    let has = |x: Role| labels.iter().any(|(r, _)| *r == x);
    let indicators = (keys.iter())
        .filter(|(_, k)| matches!(k, Key::Indicator(..)))
        .count();
    let districts = (keys.iter())
        .filter(|(_, k)| matches!(k, Key::District(_) | Key::Total))
        .count();
    let layout = if has(Role::Period) && indicators > 0 {
        Layout::MonthRows
    } else if indicators > 0 && (has(Role::District) || (has(Role::Unit) && !has(Role::Name))) {
        // `单位` over a column of districts is the district column of a bureau's table.
        if !has(Role::District) {
            for (role, _) in labels.iter_mut().filter(|(r, _)| *r == Role::Unit) {
                *role = Role::District;
            }
        }
        Layout::Matrix
    } else if (has(Role::Name) || has(Role::Code)) && districts >= 2 {
        Layout::IndicatorRows
    } else {
        return None;
    };
    let last_label = labels.iter().map(|(_, c)| *c).max().unwrap_or(0);
    let wanted = |k: &Key| match layout {
        Layout::IndicatorRows => !matches!(k, Key::Indicator(..)),
        _ => matches!(k, Key::Indicator(..) | Key::Unknown(_)),
    };
    let groups: Vec<Group> = (keys.into_iter())
        .filter(|(c, k)| *c > last_label && wanted(k))
        .map(|(c, key)| Group {
            at: (r, c),
            key,
            cols: [None, None],
            single: None,
            unit: None,
        })
        .collect();
    let known = |k: &Key| !matches!(k, Key::Unknown(_) | Key::Subtotal);
    let needed = if layout == Layout::IndicatorRows {
        2
    } else {
        1
    };
    if groups.iter().filter(|g| known(&g.key)).count() < needed {
        return None;
    }
    let mut groups = groups;
    let label_cols: Vec<usize> = labels.iter().map(|(_, c)| *c).collect();
    let last = sub_rows(grid, r, &label_cols, &mut groups, year);
    // The header begins a row higher when `本月完成 | 累计完成` stand over the indicators.
    let words_above =
        r > 0 && (groups.iter()).any(|g| slot_word(grid.get(r - 1, g.at.1), year).is_some());
    let groups = pair_up(groups);
    Some(Cross {
        header: Header {
            row: last,
            layout,
            columns: labels,
            months: Vec::new(),
            cumulative_months: false,
        },
        first_row: r - usize::from(words_above),
        groups,
    })
}

/// Groups naming the same indicator or district — its 本月 column under `本月完成` and its 累计
/// under `累计完成` — as one 本月 | 累计 pair.
fn pair_up(groups: Vec<Group>) -> Vec<Group> {
    let same = |a: &Key, b: &Key| match (a, b) {
        (Key::Indicator(x, _), Key::Indicator(y, _)) => x == y,
        (Key::District(x), Key::District(y)) => x == y,
        (Key::Total, Key::Total) => true,
        _ => false,
    };
    let mut out: Vec<Group> = Vec::with_capacity(groups.len());
    for g in groups {
        let fits = |o: &Group| {
            same(&o.key, &g.key)
                && o.single.is_none()
                && g.single.is_none()
                && (0..2).all(|s| o.cols[s].is_none() || g.cols[s].is_none())
        };
        match out.iter_mut().find(|o| fits(o)) {
            Some(o) => {
                for s in 0..2 {
                    o.cols[s] = o.cols[s].or(g.cols[s]);
                }
            }
            None => out.push(g),
        }
    }
    out
}

/// Row-label headers in the row under `r` where `r` is blank: the lower half of a header whose
/// indicators stand in the upper one.
fn labels_below(grid: &Grid, r: usize) -> Vec<(Role, usize)> {
    let Some(below) = grid.rows.get(r + 1) else {
        return Vec::new();
    };
    (below.iter().enumerate())
        .filter(|(c, _)| grid.get(r, *c).is_blank())
        .filter_map(|(c, cell)| match cell {
            Cell::Text(t) => Some((role_of_key(&header_key(t))?, c)),
            _ => None,
        })
        .filter(|(role, _)| is_label(*role))
        .collect()
}

/// The columns a header cell covers: itself, and the blank or repeated (merged) cells after it.
fn span(grid: &Grid, (r, c): (usize, usize), labels: &[usize]) -> std::ops::Range<usize> {
    let text = grid.get(r, c);
    let width = grid.rows[r].len();
    let end = (c + 1..width)
        .find(|&x| labels.contains(&x) || !(grid.get(r, x).is_blank() || grid.get(r, x) == text))
        .unwrap_or(width);
    c..end
}

/// Reads the rows under the entity row `r` that belong to the header — `本月 | 累计` words, the
/// same cells repeated (merged down), a `计量单位` row — into the groups; the header's last row.
fn sub_rows(
    grid: &Grid,
    r: usize,
    labels: &[usize],
    groups: &mut [Group],
    year: Option<i32>,
) -> usize {
    let spans: Vec<_> = groups.iter().map(|g| span(grid, g.at, labels)).collect();
    let (mut last, below) = (r, r + 1);
    let words = |g: usize| {
        spans[g]
            .clone()
            .filter_map(|c| Some((slot_word(grid.get(below, c), year)?, c)))
    };
    let any_words = (0..groups.len()).any(|g| words(g).next().is_some());
    let merged_down = below < grid.rows.len()
        && !labels.is_empty()
        && labels.iter().all(|&c| grid.get(below, c) == grid.get(r, c));
    let sub = below < grid.rows.len() && (any_words || merged_down);
    if sub {
        last = below;
    }
    for (g, group) in groups.iter_mut().enumerate() {
        for (slot, c) in words(g).filter(|_| sub) {
            group.cols[slot].get_or_insert(c);
        }
        // `本月完成` merged over the indicators in the row above them.
        let above = r
            .checked_sub(1)
            .and_then(|a| slot_word(grid.get(a, spans[g].start), year));
        match above {
            Some(slot) if group.cols == [None, None] => group.cols[slot] = Some(spans[g].start),
            _ if group.cols == [None, None] => group.single = Some(spans[g].start),
            _ => {}
        }
    }
    let units = last + 1;
    let unit_of = |g: &Group| unit_text(grid.get(units, g.at.1)).map(|u| (u, (units, g.at.1)));
    let numbers = groups
        .iter()
        .any(|g| spans_cells(g).any(|c| matches!(grid.get(units, c), Cell::Number(_))));
    if units < grid.rows.len() && !numbers && groups.iter().any(|g| unit_of(g).is_some()) {
        for g in groups.iter_mut() {
            g.unit = unit_of(g);
        }
        last = units;
    }
    last
}

fn spans_cells(g: &Group) -> impl Iterator<Item = usize> + '_ {
    g.cols.iter().chain([&g.single]).flatten().copied()
}

/// `本月` / `本月完成` / `6月` → 0 (the month's own), `累计` / `1-6月累计` / `本年` → 1.
fn slot_word(cell: &Cell, year: Option<i32>) -> Option<usize> {
    const MONTHLY: &[&str] = &["本期", "当期", "本月数", "当月数", "本月实绩"];
    const CUMULATIVE: &[&str] = &["本年", "年累", "本年数", "全年累计", "累计数"];
    let key = match cell {
        Cell::Text(t) => header_key(t),
        Cell::Date(..) => return Some(0),
        _ => return None,
    };
    if MONTHLY.contains(&key.as_str()) {
        return Some(0);
    }
    if CUMULATIVE.contains(&key.as_str()) {
        return Some(1);
    }
    match role_of_key(&key) {
        Some(Role::Monthly) => Some(0),
        Some(Role::Cumulative) => Some(1),
        _ => month_of_key(&key, year).map(|_| 0),
    }
}

/// A unit written alone in a cell (`公里`, `（个）`), lower-cased.
fn unit_text(cell: &Cell) -> Option<String> {
    let Cell::Text(t) = cell else { return None };
    let t = crate::text::fold_width(t);
    let u = t
        .trim()
        .trim_matches(|c| "()[]【】".contains(c))
        .trim()
        .to_lowercase();
    (!u.is_empty() && measure::is_spelling(&u)).then_some(u)
}

/// A column group once checked against the catalog.
enum Column<'a> {
    /// An indicator's column (districts × indicators, months × indicators), with the factor
    /// from the unit its header is written in.
    Indicator(&'a IndicatorEntry, f64),
    /// A district's column (indicators × districts); `全市` for a 合计 or 全市 column.
    District(String, String),
}

/// What a row is about, once its label is read.
enum RowKey<'a> {
    /// A district row (as written, resolved) — the city for 合计 and 全市.
    District(String, String),
    /// An indicator row, with the factor from its 计量单位.
    Indicator(&'a IndicatorEntry, f64),
    /// A month row, with its 区域 when the table has that column.
    Month(Period, Option<(String, String)>),
}

/// Reads the data rows of a cross block; `cumulative` when the sheet's title or metadata says
/// the figures are year-to-date (a single value column under each header).
pub(super) fn read(ctx: &mut SheetCtx, cross: &Cross, cumulative: bool, block: &mut Block) {
    let layout = cross.header.layout;
    let Some(columns) = check_columns(ctx, cross, block) else {
        return;
    };
    if layout != Layout::MonthRows && ctx.period.is_none() {
        let (r, c) = (
            cross.first_row,
            cross.header.columns.first().map_or(0, |x| x.1),
        );
        let msg = "没有报告期：表头上方（如“报告期：2022年6月”）和文件名中都未写明，本表未读取";
        ctx.err(r, c, "period_missing", msg.into());
        block.refused();
        return;
    }
    let slot = usize::from(cumulative);
    note_single_columns(ctx, cross, &columns, slot);
    note_unheaded_columns(ctx, cross);
    let mut sums = Sums::default();
    for r in cross.header.row + 1..ctx.end {
        if !is_data_row(ctx.grid, r, block) {
            continue;
        }
        if !cross.groups.iter().any(|g| g.filled(ctx.grid, r)) {
            let c = ctx.row_anchor(r);
            let msg = format!(
                "“{}”本行各栏均未填报（无数据），不入库",
                ctx.grid.get(r, c).text()
            );
            counted(ctx, block, r, |ctx| ctx.skip(r, c, "no_data", msg));
            continue;
        }
        if layout == Layout::MonthRows && month_total(ctx, r).is_some() {
            sums.month_totals.push(r);
        }
        let Some(key) = row_key(ctx, cross, r, block) else {
            continue;
        };
        for (g, column) in cross.groups.iter().zip(&columns) {
            let Some(column) = column else { continue };
            let cols = g.columns(slot);
            if !g.filled(ctx.grid, r) {
                if let Some((code, district)) = blank_in_scope(ctx, &key, column) {
                    let c = cols.into_iter().flatten().next().unwrap_or(0);
                    let msg = format!("{code} {district} 空白（本月无数据），不入库");
                    counted(ctx, block, r, |ctx| ctx.skip(r, c, "no_data", msg));
                }
                continue;
            }
            counted(ctx, block, r, |ctx| {
                figure(ctx, r, &key, column, cols, &mut sums);
            });
        }
    }
    sums.check(ctx);
}

/// Columns of the table holding numbers that nothing reads: under no header at all (a header
/// cell left blank, a helper column), or under a key the layout does not use (`区划代码` beside
/// 区域 in a districts × indicators table): listed at their first number with how many were not
/// read, so no figure goes unread unseen.
fn note_unheaded_columns(ctx: &mut SheetCtx, cross: &Cross) {
    let layout = cross.header.layout;
    let key =
        |c: usize| (cross.header.columns.iter()).any(|(role, x)| *x == c && reads(layout, *role));
    let used = |c: usize| {
        key(c)
            || (cross.groups.iter())
                .any(|g| g.at.1 == c || g.cols.contains(&Some(c)) || g.single == Some(c))
    };
    let header_rows = cross.first_row..=cross.header.row;
    for c in (0..ctx.width).filter(|&c| !used(c)) {
        let named = cross.header.columns.iter().any(|(_, x)| *x == c);
        if !named && header_rows.clone().any(|r| !ctx.grid.get(r, c).is_blank()) {
            continue;
        }
        let numbers: Vec<usize> = (cross.header.row + 1..ctx.end)
            .filter(|&r| matches!(ctx.grid.get(r, c), Cell::Number(_)))
            .collect();
        let Some(&first) = numbers.first() else {
            continue;
        };
        let hidden = if ctx.grid.is_hidden_col(c) {
            "（隐藏列）"
        } else {
            ""
        };
        let msg = if named {
            let text = ctx.grid.get(cross.header.row, c).text();
            let n = numbers.len();
            format!("“{text}”列{hidden}不是本表读取的栏目，其中的 {n} 个数未读取")
        } else {
            format!(
                "此列{hidden}没有表头，其中的 {} 个数未读取；如是指标数据，请在表头写明指标名称后重报",
                numbers.len()
            )
        };
        ctx.warn(first, c, "unread_column", msg);
    }
}

/// Whether a cross table of this layout reads a column of this role (its row keys).
fn reads(layout: Layout, role: Role) -> bool {
    match layout {
        Layout::Matrix => matches!(role, Role::District | Role::ItemNo | Role::Note),
        Layout::MonthRows => {
            matches!(
                role,
                Role::Period | Role::District | Role::ItemNo | Role::Note
            )
        }
        _ => !matches!(role, Role::Target),
    }
}

/// Each group as a [`Column`], or `None` for one refused at its header (its figures counted as
/// one refused unit). `None` overall when nothing is left to read.
fn check_columns<'a>(
    ctx: &mut SheetCtx<'a, '_>,
    cross: &Cross,
    block: &mut Block,
) -> Option<Vec<Option<Column<'a>>>> {
    let mut out = Vec::with_capacity(cross.groups.len());
    for g in &cross.groups {
        let figures = (cross.header.row + 1..ctx.end)
            .filter(|&r| g.filled(ctx.grid, r))
            .count();
        if matches!(g.key, Key::Unknown(_)) && ctx.grid.is_hidden_col(g.at.1) {
            // A helper column hidden by the sender (codes, a formula): listed, not an error.
            let text = ctx.grid.get(g.at.0, g.at.1).text();
            let msg = format!("隐藏列“{text}”不是指标或区域，其中的 {figures} 个数未读取");
            ctx.warn(g.at.0, g.at.1, "hidden_column", msg);
            out.push(None);
            continue;
        }
        let column = column_of(ctx, g, figures);
        if column.is_none() && figures > 0 {
            block.refused();
        }
        out.push(column);
    }
    out.iter().any(Option::is_some).then_some(out)
}

/// A group checked against the catalog; a problem is said at its header (an error when
/// `figures` are under it, else a warning).
fn column_of<'a>(ctx: &mut SheetCtx<'a, '_>, g: &Group, figures: usize) -> Option<Column<'a>> {
    let (r, c) = g.at;
    let severity = if figures > 0 {
        Severity::Error
    } else {
        Severity::Warning
    };
    let lost = if figures > 0 {
        format!("，其下 {figures} 个数未读取")
    } else {
        String::new()
    };
    let written = ctx.grid.get(r, c).text();
    match &g.key {
        Key::Indicator(i, unit) => {
            let e = ctx.index.get(*i);
            let (unit, (ur, uc)) = match (unit, &g.unit) {
                (Some(u), _) => (u.clone(), (r, c)),
                (None, Some((u, at))) => (u.clone(), *at),
                (None, None) => return Some(Column::Indicator(e, 1.0)),
            };
            match measure::factor(&unit, &e.def.unit) {
                Some(f) => Some(Column::Indicator(e, f)),
                None => {
                    let msg = format!(
                        "计量单位“{unit}”不能换算为 {} 的“{}”{lost}",
                        e.def.code, e.def.unit
                    );
                    ctx.diag(ur, uc, severity, "unit_mismatch", msg);
                    None
                }
            }
        }
        Key::District(d) => Some(Column::District(written, d.clone())),
        Key::Total => Some(Column::District(written, CITY.to_string())),
        Key::Subtotal => {
            let msg = format!("“{written}”列不是区域数据，未入库{lost}");
            ctx.diag(r, c, Severity::Warning, "not_data", msg);
            if figures > 0 {
                ctx.rejected = true;
            }
            None
        }
        Key::Unknown(text) if ctx.header.layout == Layout::IndicatorRows => {
            let known = ctx.index.catalog.district_names().join("、");
            let msg = format!("列标题“{text}”不是区域（可用: 全市、{known}）{lost}");
            ctx.diag(r, c, severity, "unknown_district", msg);
            None
        }
        Key::Unknown(text) => {
            // `新建农村客运候车厅（万个）`: a known indicator in a unit that does not convert.
            let known = crate::text::bracketed_tail(text.trim_end()).and_then(|(name, unit)| {
                Some((ctx.index.header_indicator(name)?.0, unit.trim().to_string()))
            });
            if let Some((i, unit)) = known {
                let e = ctx.index.get(i);
                let msg = format!(
                    "计量单位“{unit}”不能换算为 {} 的“{}”{lost}",
                    e.def.code, e.def.unit
                );
                ctx.diag(r, c, severity, "unit_mismatch", msg);
                return None;
            }
            let hint = ctx
                .index
                .suggest(unit_in_name(text).map_or(text.as_str(), |(n, _)| n));
            let msg = format!("列标题“{text}”不在指标目录中{hint}{lost}");
            ctx.diag(r, c, severity, "unknown_indicator", msg);
            None
        }
    }
}

/// A single value column under a header that says neither 本月 nor 累计 is read as the
/// sheet's words say, 本月 by default: said at each such header (a clerk fixing one would miss
/// the others), for flows (a stock's or milestone's value is its level either way) and for a
/// table of indicator rows.
fn note_single_columns(ctx: &mut SheetCtx, cross: &Cross, columns: &[Option<Column>], slot: usize) {
    if cross.header.layout == Layout::MonthRows || slot == 1 {
        return;
    }
    let assumed: Vec<(usize, usize)> = (cross.groups.iter().zip(columns))
        .filter(|(g, col)| {
            g.single.is_some()
                && match col {
                    Some(Column::Indicator(e, _)) => e.def.kind == MeasureKind::Flow,
                    Some(Column::District(..)) => true,
                    None => false,
                }
        })
        .map(|(g, _)| g.at)
        .collect();
    for (r, c) in assumed {
        let msg =
            "表头未写明本月还是累计，按本月完成读取；如为累计数，请在表头或标题中写明“累计”后重报";
        ctx.warn(r, c, "value_kind_assumed", msg.into());
    }
}

/// Reads a row's label; a row refused there (or a 小计) counts as one unit, and `None` is
/// returned for it. A label line without figures and without a known label is listed.
fn row_key<'a>(
    ctx: &mut SheetCtx<'a, '_>,
    cross: &Cross,
    r: usize,
    block: &mut Block,
) -> Option<RowKey<'a>> {
    // A row passed over with a warning only (a 合计, a 小计) is skipped, not refused.
    (ctx.skipped, ctx.errored) = (false, false);
    let refused = |ctx: &mut SheetCtx, block: &mut Block| {
        if ctx.skipped && !ctx.errored {
            block.skipped_unit();
        } else {
            block.refused();
        }
        None
    };
    match cross.header.layout {
        Layout::IndicatorRows => {
            if let Some((c, label)) = total_or_note(ctx, r) {
                ctx.skip(r, c, "not_data", format!("“{label}”行不是指标数据，未入库"));
                return refused(ctx, block);
            }
            let Some(e) = indicator_of(ctx, r) else {
                return refused(ctx, block);
            };
            match row_factor(ctx, r, e) {
                Some(f) => Some(RowKey::Indicator(e, f)),
                None => refused(ctx, block),
            }
        }
        Layout::MonthRows => {
            if let Some((c, label)) = month_total(ctx, r) {
                let msg = format!("“{label}”行是合计，不是某月的数，未入库");
                ctx.skip(r, c, "not_data", msg);
                return refused(ctx, block);
            }
            let Some(period) = period_of(ctx, r) else {
                return refused(ctx, block);
            };
            match row_district(ctx, r) {
                Ok(d) => Some(RowKey::Month(period, d)),
                Err(()) => refused(ctx, block),
            }
        }
        _ => match row_district(ctx, r) {
            Ok(Some((written, d))) => Some(RowKey::District(written, d)),
            Ok(None) => {
                let c = ctx.header.col(Role::District).unwrap_or(0);
                let msg = "区域为空：本行的数不知是哪个区的，未入库".to_string();
                ctx.err(r, c, "missing_district", msg);
                refused(ctx, block)
            }
            Err(()) => refused(ctx, block),
        },
    }
}

/// A 合计 / 全年 / 累计 row of a months table: its label cell and text.
fn month_total(ctx: &SheetCtx, r: usize) -> Option<(usize, String)> {
    let c = ctx.header.col(Role::Period).unwrap_or(0);
    let label = ctx.grid.get(r, c).text();
    let total = total_key(&label).is_some()
        || role_of_key(&header_key(&label)) == Some(Role::Cumulative)
        || ["全年", "年度"].contains(&label.as_str());
    total.then_some((c, label))
}

/// The district a row names in its 区域 column (or a 合计 written in its first cell): `None`
/// when it names none, an error (`Err`) when it names an unknown one.
fn row_district(ctx: &mut SheetCtx, r: usize) -> Result<Option<(String, String)>, ()> {
    let c = ctx.header.col(Role::District);
    let mut written = c.map(|c| ctx.grid.get(r, c).text()).unwrap_or_default();
    if written.is_empty() && ctx.header.layout == Layout::Matrix {
        let first = ctx.grid.get(r, ctx.row_anchor(r)).text();
        if total_key(&first).is_some() {
            written = first;
        }
    }
    if written.is_empty() {
        return Ok(None);
    }
    let c = c.unwrap_or_else(|| ctx.row_anchor(r));
    match total_key(&written) {
        Some(Key::Subtotal) => {
            let msg = format!("“{written}”行是部分区域的小计，未入库");
            ctx.skip(r, c, "not_data", msg);
            return Err(());
        }
        Some(_) => return Ok(Some((written, CITY.to_string()))),
        None => {}
    }
    match ctx.index.catalog.resolve_district(&written) {
        Some(d) => Ok(Some((written, d.to_string()))),
        None => {
            let known = ctx.index.catalog.district_names().join("、");
            let msg = format!("区域“{written}”无法识别（可填: 全市、{known}），本行未入库");
            ctx.err(r, c, "unknown_district", msg);
            Err(())
        }
    }
}

/// One figure: the row's and the column's keys together, then read as a long row's 本月 and
/// 累计 would be.
fn figure(
    ctx: &mut SheetCtx,
    r: usize,
    key: &RowKey,
    column: &Column,
    cols: [Option<usize>; 2],
    sums: &mut Sums,
) {
    let Some(c) = cols
        .into_iter()
        .flatten()
        .find(|&c| !ctx.grid.get(r, c).is_blank())
    else {
        return;
    };
    let (e, factor) = match (key, column) {
        (RowKey::Indicator(e, f), _) | (_, Column::Indicator(e, f)) => (*e, *f),
        _ => return,
    };
    let written = match (key, column) {
        (RowKey::District(w, d), _) | (_, Column::District(w, d)) => Some((w.as_str(), d.as_str())),
        (RowKey::Month(_, Some((w, d))), _) => Some((w.as_str(), d.as_str())),
        _ => ctx.sheet_district.map(|d| (d, d)),
    };
    let district = match written {
        Some((w, d)) => in_scope(ctx, r, c, e, w, d),
        None => Some(default_district(e)),
    };
    let Some(district) = district else {
        return;
    };
    let period = match key {
        RowKey::Month(p, _) => *p,
        _ => match ctx.period {
            Some(p) => p,
            None => return,
        },
    };
    let stored = ctx.report.observations.len();
    record(ctx, r, e, district, period, factor, cols);
    if let Some(o) = ctx.report.observations.get(stored) {
        sums.add(e, o, r, cols);
        if let (RowKey::Month(..), Some(v), Some(c), MeasureKind::Flow) =
            (key, o.value, cols[0], e.def.kind)
        {
            let m = sums.months.entry(c).or_insert((0.0, factor));
            m.0 += v;
        }
    }
}

/// A blank figure is missing, never zero, and listed (indicator, district) — except where the
/// indicator is not measured (the other districts' cells of an indicator of one district).
fn blank_in_scope<'a>(
    ctx: &SheetCtx<'a, '_>,
    key: &RowKey<'a>,
    column: &Column<'a>,
) -> Option<(&'a str, String)> {
    let (e, district) = match (key, column) {
        (RowKey::Indicator(e, _), Column::District(_, d))
        | (RowKey::District(_, d), Column::Indicator(e, _)) => (*e, d.clone()),
        (RowKey::Month(_, d), Column::Indicator(e, _)) => {
            let d = d.as_ref().map(|(_, d)| d.as_str());
            (*e, d.or(ctx.sheet_district).unwrap_or(CITY).to_string())
        }
        _ => return None,
    };
    let elsewhere = e
        .def
        .district
        .as_deref()
        .is_some_and(|f| f != district && district != CITY);
    (!elsewhere).then_some((e.def.code.as_str(), district))
}

/// The districts' figures of a block and its city totals, per indicator · month · 本月/累计,
/// for the check of totals where the catalog sums districts.
#[derive(Default)]
struct Sums {
    districts: FastMap<(String, Period, usize), (f64, usize)>,
    totals: Vec<(usize, usize, String, Period, usize, f64)>,
    /// A months table's flows: the sum of each column's monthly figures, with its unit factor,
    /// and the rows of its 合计 lines.
    months: FastMap<usize, (f64, f64)>,
    month_totals: Vec<usize>,
}

impl Sums {
    fn add(&mut self, e: &IndicatorEntry, o: &Observation, r: usize, cols: [Option<usize>; 2]) {
        if e.def.aggregation != crate::catalog::Aggregation::Sum {
            return;
        }
        for (slot, v) in [o.value, o.cumulative].into_iter().enumerate() {
            let (Some(v), Some(c)) = (v, cols[slot]) else {
                continue;
            };
            let key = (e.def.code.clone(), o.period, slot);
            if o.district == CITY {
                self.totals.push((r, c, key.0, key.1, slot, v));
            } else {
                let s = self.districts.entry(key).or_default();
                *s = (s.0 + v, s.1 + 1);
            }
        }
    }

    /// A total that differs from its districts' sum, or a months table's 合计 from its months':
    /// a warning at the total's cell.
    fn check(self, ctx: &mut SheetCtx) {
        for &r in &self.month_totals {
            for (&c, &(sum, factor)) in &self.months {
                let Value::Number { value, unit: None } = parse_value(ctx.grid.get(r, c)) else {
                    continue;
                };
                let (total, sum) = (measure::round9(value * factor), measure::round9(sum));
                if (total - sum).abs() > 1e-6 * total.abs().max(1.0) {
                    let msg = format!("各月合计 {sum} 与表中合计 {total} 不符");
                    ctx.warn(r, c, "monthly_sum_mismatch", msg);
                }
            }
        }
        for (r, c, code, period, slot, total) in self.totals {
            let Some(&(sum, n)) = self.districts.get(&(code.clone(), period, slot)) else {
                continue;
            };
            let sum = measure::round9(sum);
            if (total - sum).abs() > 1e-6 * total.abs().max(1.0) {
                let what = if slot == 0 { "本月" } else { "累计" };
                let msg = format!(
                    "{code} {what}合计 {total} 与表中 {n} 个区之和 {sum} 不符：已按 {total} 作为全市数入库，请核实"
                );
                ctx.warn(r, c, "total_mismatch", msg);
            }
        }
    }
}

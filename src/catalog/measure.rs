//! Units of measure: the names a catalog may use, and the spellings senders write in cells,
//! with the factor that converts one into the other (`3千米` → 3 公里, `2万亩` → 20000 亩).

/// (canonical unit, [(spelling, factor to the canonical unit)]). Spellings are compared after
/// width folding and lower-casing.
const UNITS: &[(&str, &[(&str, f64)])] = &[
    (
        "公里",
        &[
            ("公里", 1.0),
            ("千米", 1.0),
            ("km", 1.0),
            ("米", 0.001),
            ("m", 0.001),
        ],
    ),
    (
        "米",
        &[
            ("米", 1.0),
            ("m", 1.0),
            ("公里", 1000.0),
            ("千米", 1000.0),
            ("km", 1000.0),
        ],
    ),
    ("个", &[("个", 1.0)]),
    ("项", &[("项", 1.0)]),
    ("%", &[("%", 1.0), ("百分比", 1.0)]),
    ("条", &[("条", 1.0)]),
    ("家", &[("家", 1.0)]),
    ("座", &[("座", 1.0)]),
    ("户", &[("户", 1.0)]),
    ("亩", &[("亩", 1.0), ("万亩", 10000.0), ("公顷", 15.0)]),
    ("公顷", &[("公顷", 1.0), ("亩", 1.0 / 15.0)]),
    ("元", &[("元", 1.0), ("万元", 1e4), ("亿元", 1e8)]),
    ("万元", &[("万元", 1.0), ("元", 1e-4), ("亿元", 1e4)]),
    ("亿元", &[("亿元", 1.0), ("万元", 1e-4), ("元", 1e-8)]),
    ("人", &[("人", 1.0), ("万人", 1e4)]),
    ("万人", &[("万人", 1.0), ("人", 1e-4)]),
    ("人次", &[("人次", 1.0), ("万人次", 1e4)]),
    ("批", &[("批", 1.0)]),
    ("所", &[("所", 1.0)]),
    ("处", &[("处", 1.0)]),
    ("倍", &[("倍", 1.0)]),
    ("吨", &[("吨", 1.0), ("万吨", 1e4)]),
    ("平方米", &[("平方米", 1.0), ("万平方米", 1e4)]),
    ("千瓦", &[("千瓦", 1.0), ("万千瓦", 1e4)]),
    ("套", &[("套", 1.0)]),
    ("场", &[("场", 1.0), ("场次", 1.0)]),
    ("辆", &[("辆", 1.0)]),
    ("台", &[("台", 1.0)]),
    ("间", &[("间", 1.0)]),
    ("件", &[("件", 1.0)]),
    ("张", &[("张", 1.0)]),
];

/// Units a catalog may name.
pub fn known_units() -> impl Iterator<Item = &'static str> {
    UNITS.iter().map(|(u, _)| *u)
}

pub fn is_known(unit: &str) -> bool {
    UNITS.iter().any(|(u, _)| *u == unit)
}

/// Kept to 9 decimals: sums, ratios and unit conversions of decimal figures come out as
/// 4.8999999999999995 or 10.200000000000001 in binary floating point, which no statistician
/// writes.
pub fn round9(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// Units of things counted one by one (个, 项, 座 …): a figure in them is a whole number.
pub fn counts_whole(unit: &str) -> bool {
    const COUNTED: &[&str] = &[
        "个", "项", "条", "家", "座", "户", "所", "处", "批", "套", "辆", "台", "间", "件", "张",
        "场",
    ];
    COUNTED.contains(&unit)
}

/// Whether senders write `s` as a unit (`公里`, `km`, `万元`), after width folding and
/// lower-casing.
pub fn is_spelling(s: &str) -> bool {
    UNITS
        .iter()
        .any(|(_, spellings)| spellings.iter().any(|(w, _)| *w == s))
}

/// Factor converting a value written in `written` into the catalog unit `canonical`;
/// `None` when the two do not measure the same thing.
pub fn factor(written: &str, canonical: &str) -> Option<f64> {
    let written = written.trim().to_lowercase();
    if written == canonical {
        return Some(1.0);
    }
    UNITS
        .iter()
        .find(|(u, _)| *u == canonical)
        .and_then(|(_, spellings)| spellings.iter().find(|(s, _)| *s == written))
        .map(|(_, f)| *f)
}

/// Every spelling a sender might attach to a number, longest first so `万元` wins over `元`.
pub fn spellings() -> Vec<&'static str> {
    let mut all: Vec<&str> = UNITS
        .iter()
        .flat_map(|(_, s)| s.iter().map(|(w, _)| *w))
        .collect();
    all.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_length_and_money() {
        assert_eq!(factor("千米", "公里"), Some(1.0));
        assert_eq!(factor("KM", "公里"), Some(1.0));
        assert_eq!(factor("亿元", "万元"), Some(1e4));
        assert_eq!(factor("个", "公里"), None);
        assert_eq!(factor("公里", "公里"), Some(1.0));
    }

    #[test]
    fn longest_spelling_first() {
        let s = spellings();
        let wan = s.iter().position(|x| *x == "万元").unwrap();
        let yuan = s.iter().position(|x| *x == "元").unwrap();
        assert!(wan < yuan);
    }
}

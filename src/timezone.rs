//! The office's time zone (`timezone` in `dabiao.toml`, default `Asia/Shanghai`): dates typed on
//! the command line (`--received-at 2022-07-05`) and due days are local dates, tables print local
//! times and JSON writes RFC 3339 with the local offset (`+08:00`). The store keeps UTC.
//!
//! A zone is a fixed offset: China has kept one all year since 1991, so a small table of names
//! does what the tz database (`chrono-tz`, a megabyte of rules) would. Accepted: the names in
//! [`NAMES`], `UTC`, and offsets written `+08:00`, `+0800`, `+8` or `UTC+8`.

use chrono::FixedOffset;

/// The default zone: Beijing time.
pub const DEFAULT: &str = "Asia/Shanghai";

/// Zone names and their offset east of UTC, in hours (none of them keeps summer time).
pub const NAMES: &[(&str, i32)] = &[
    ("Asia/Shanghai", 8),
    ("Asia/Chongqing", 8),
    ("Asia/Chungking", 8),
    ("Asia/Harbin", 8),
    ("PRC", 8),
    ("Asia/Urumqi", 6),
    ("Asia/Hong_Kong", 8),
    ("Asia/Macau", 8),
    ("Asia/Taipei", 8),
    ("Asia/Singapore", 8),
    ("UTC", 0),
    ("Etc/UTC", 0),
    ("GMT", 0),
];

/// Beijing time, +08:00.
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("a valid offset")
}

/// The offset a zone name or written offset stands for; `None` when it is neither.
pub fn parse(name: &str) -> Option<FixedOffset> {
    let name = name.trim();
    if let Some(&(_, h)) = NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        return FixedOffset::east_opt(h * 3600);
    }
    let rest = name
        .strip_prefix("UTC")
        .or_else(|| name.strip_prefix("GMT"))
        .unwrap_or(name);
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// The accepted names, for a message that refuses another.
pub fn accepted() -> String {
    let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
    format!("{}，或写成 +08:00 这样的时差", names.join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_written_offsets() {
        let h = |n| parse(n).map(|o| o.local_minus_utc());
        assert_eq!(h("Asia/Shanghai"), Some(8 * 3600));
        assert_eq!(h("asia/chongqing"), Some(8 * 3600));
        assert_eq!(h("Asia/Urumqi"), Some(6 * 3600));
        assert_eq!(h("UTC"), Some(0));
        assert_eq!(h("+08:00"), Some(8 * 3600));
        assert_eq!(h("+0530"), Some(5 * 3600 + 30 * 60));
        assert_eq!(h("UTC+8"), Some(8 * 3600));
        assert_eq!(h("-05:00"), Some(-5 * 3600));
        assert_eq!(h("Asia/Beijing"), None);
        assert_eq!(h("+25:00"), None);
        assert_eq!(h("Shanghai"), None);
    }
}

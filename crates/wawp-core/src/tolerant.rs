//! Tolerant reading of answers documented in prose only: the first of several
//! key spellings, an answer wrapped in `data`, flags sent as booleans, `0`/`1`
//! or strings, counts sent as numbers or digit strings, and times sent as
//! Unix seconds, Unix milliseconds or RFC 3339 dates. Nothing here panics.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::decode::{BodyError, decode_json};

/// Above this, a Unix time is read as milliseconds (10¹¹ seconds is the
/// year 5138).
pub(crate) const MILLIS_ABOVE: u64 = 100_000_000_000;

/// The body as a JSON object; an object under `data` or `result` when the
/// top level has none of `expected` (a common envelope).
pub(crate) fn object(body: &[u8], expected: &[&str]) -> Result<Map<String, Value>, BodyError> {
    match decode_json::<Value>(body)? {
        Value::Object(map) => Ok(unwrap_envelope(map, expected)),
        other => Err(BodyError::Shape {
            detail: format!("expected a JSON object, found {}", kind(&other)),
        }),
    }
}

/// `map`, or the object it wraps under `data` or `result` when `map` has
/// none of `expected` (in any spelling [`pick`] accepts).
pub(crate) fn unwrap_envelope(map: Map<String, Value>, expected: &[&str]) -> Map<String, Value> {
    if expected.iter().any(|key| pick(&map, &[key]).is_some()) {
        return map;
    }
    for wrapper in ["data", "result"] {
        if let Some(Value::Object(inner)) = map.get(wrapper) {
            return inner.clone();
        }
    }
    map
}

/// The value of the first of `keys` that is present and not `null`, each
/// key tried as written and in camelCase (`has_active_plan`,
/// `hasActivePlan`).
pub(crate) fn pick<'a>(map: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|key| {
        let found = map.get(*key).filter(|v| !v.is_null());
        found.or_else(|| {
            key.contains('_')
                .then(|| camel(key))
                .and_then(|camel| map.get(&camel))
                .filter(|v| !v.is_null())
        })
    })
}

/// `snake_case` → `snakeCase`.
fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A string, or a number as its text; `None` for anything else and for
/// blank strings.
pub(crate) fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// [`text`] of the first of `keys` that has one.
pub(crate) fn text_of(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| pick(map, &[key]).and_then(text))
}

/// A flag: `true`/`false`, a number (non-zero is true), or a string
/// (`true`, `1`, `yes`, `on`, `active`, `enabled` and their opposites, any
/// case).
pub(crate) fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" | "active" | "enabled" => Some(true),
            "false" | "0" | "no" | "off" | "inactive" | "disabled" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A non-negative count: an integer, a number with a fraction (truncated),
/// or a string of digits.
pub(crate) fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A point in time: Unix seconds, or milliseconds above [`MILLIS_ABOVE`]
/// (a number or a digit string), or an RFC 3339 date
/// (`2026-12-08T03:15:00Z`, with a fraction, an offset, or a space for the
/// `T`; without an offset it is UTC).
pub(crate) fn time(value: &Value) -> Option<SystemTime> {
    if let Some(n) = count(value) {
        return Some(unix(n));
    }
    value.as_str().and_then(rfc3339)
}

/// The Unix time `n`, in seconds, or milliseconds above [`MILLIS_ABOVE`].
pub(crate) fn unix(n: u64) -> SystemTime {
    let since_epoch = if n > MILLIS_ABOVE {
        Duration::from_millis(n)
    } else {
        Duration::from_secs(n)
    };
    UNIX_EPOCH + since_epoch
}

/// An RFC 3339 date-time, or `None`.
pub(crate) fn rfc3339(text: &str) -> Option<SystemTime> {
    let s = text.trim().as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if s.get(4) != Some(&b'-')
        || s.get(7) != Some(&b'-')
        || !matches!(s.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if s.get(13) != Some(&b':') || s.get(16) != Some(&b':') {
        return None;
    }
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &s[19..];
    let mut nanos = 0u32;
    if let Some((b'.', fraction)) = rest.split_first() {
        let len = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        for (i, d) in fraction[..len.min(9)].iter().enumerate() {
            nanos += u32::from(d - b'0') * 10u32.pow(8 - i as u32);
        }
        rest = &fraction[len..];
    }
    let offset = match rest {
        b"" | b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let two = |a: u8, b: u8| -> Option<i64> {
                (a.is_ascii_digit() && b.is_ascii_digit())
                    .then(|| i64::from((a - b'0') * 10 + (b - b'0')))
            };
            let minutes = two(*h1, *h2)? * 60 + two(*m1, *m2)?;
            if *sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    let seconds =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    let seconds = u64::try_from(seconds).ok()?;
    Some(UNIX_EPOCH + Duration::new(seconds, nanos))
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A JSON value's kind, for error messages (never its content).
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A list of strings: an array of strings (or numbers), or one string of
/// comma-separated items; anything else in the array is skipped.
pub(crate) fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        Value::String(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        let at = |s: &str| rfc3339(s).map(|t| t.duration_since(UNIX_EPOCH).unwrap().as_secs());
        assert_eq!(at("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(at("2026-12-08T03:15:00Z"), Some(1_796_699_700));
        assert_eq!(at("2026-12-08 03:15:00"), Some(1_796_699_700));
        assert_eq!(at("2026-12-08T05:15:00.250+02:00"), Some(1_796_699_700));
        assert_eq!(at("2026-12-08T03:15:00-01:30"), Some(1_796_699_700 + 5400));
        for bad in [
            "",
            "2026-12-08",
            "2026-13-08T00:00:00Z",
            "2026-12-08T00:00:00+0200",
            "x026-12-08T00:00:00Z",
            "2026-12-08T00:00:00.Z",
            "日本日本日本日本日本日本日本",
        ] {
            assert_eq!(rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_in_either_spelling() {
        let map: Map<String, Value> =
            serde_json::from_str(r#"{"hasActivePlan":true,"a":null,"b_c":1}"#).unwrap();
        assert_eq!(pick(&map, &["has_active_plan"]), Some(&Value::Bool(true)));
        assert_eq!(pick(&map, &["a", "b_c"]), Some(&Value::from(1)));
        assert_eq!(camel("send_message_per_minute"), "sendMessagePerMinute");
    }

    #[test]
    fn flags_counts_and_times() {
        assert_eq!(flag(&Value::from(0)), Some(false));
        assert_eq!(flag(&Value::from("Yes")), Some(true));
        assert_eq!(flag(&Value::from("maybe")), None);
        assert_eq!(count(&Value::from(" 12 ")), Some(12));
        assert_eq!(count(&Value::from(-1)), None);
        assert_eq!(
            time(&Value::from(1_700_000_000_000u64)),
            time(&Value::from(1_700_000_000u64))
        );
    }
}

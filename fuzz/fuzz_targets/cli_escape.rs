//! The command line's terminal escaping, compiled from the CLI's own
//! `escape.rs`, against any text: what it prints holds no control, format,
//! line- or paragraph-separator character (nothing that can drive a
//! terminal or reorder the line), quoted text reads back as itself, and the
//! JSON output is ASCII-safe JSON that reads back as the text. Where the
//! escaper also escapes `\`, terminal text reads back as itself too (until
//! then a literal `\u{1b}` from a server and an escaped ESC look the same).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../crates/wawp-cli/src/escape.rs"]
mod escape;

/// Reads back `\u{…}` escapes, and `\\` and `\"` when `backslashes`.
fn unescape(text: &str, backslashes: bool) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(hex) = rest.strip_prefix("\\u{") {
            let end = hex.find('}')?;
            out.push(char::from_u32(u32::from_str_radix(&hex[..end], 16).ok()?)?);
            rest = &hex[end + 1..];
        } else if backslashes && (rest.starts_with("\\\\") || rest.starts_with("\\\"")) {
            out.push_str(&rest[1..2]);
            rest = &rest[2..];
        } else if backslashes {
            return None;
        } else {
            out.push('\\');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    let shown = escape::for_terminal(text);
    assert!(!shown.chars().any(escape::is_unsafe), "{shown:?}");
    let escapes_backslash = escape::for_terminal("\\") != "\\";
    if escapes_backslash || !text.contains('\\') {
        assert_eq!(
            unescape(&shown, escapes_backslash).as_deref(),
            Some(text),
            "{shown:?}"
        );
    }

    let quoted = escape::quoted(text);
    assert!(!quoted.chars().any(escape::is_unsafe), "{quoted:?}");
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .expect("in quotes");
    assert_eq!(unescape(inner, true).as_deref(), Some(text), "{quoted:?}");

    let json = escape::to_json(&text);
    assert!(!json.chars().any(escape::is_unsafe), "{json:?}");
    let back: String = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(back, text);
});

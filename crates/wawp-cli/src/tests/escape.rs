use super::*;

#[test]
fn every_control_format_and_bidi_character_is_unsafe() {
    for c in [
        '\u{0}',
        '\u{7}',
        '\u{1b}',
        '\u{7f}',
        '\u{85}',
        '\u{9b}',
        '\u{ad}',
        '\u{61c}',
        '\u{200b}',
        '\u{200e}',
        '\u{200f}',
        '\u{202a}',
        '\u{202e}',
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}',
        '\u{2028}',
        '\u{2029}',
        '\u{feff}',
        '\u{e0001}',
        '\u{e007f}',
    ] {
        assert!(is_unsafe(c), "U+{:04X}", u32::from(c));
    }
    for c in ['a', ' ', 'é', 'ع', '中', '😀', '\u{a0}', '\u{2010}'] {
        assert!(!is_unsafe(c), "U+{:04X}", u32::from(c));
    }
}

#[test]
fn the_format_table_is_sorted_and_disjoint() {
    for w in FORMAT.windows(2) {
        assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:?}");
    }
}

#[test]
fn terminal_escapes() {
    assert_eq!(for_terminal("plain ع"), "plain ع");
    assert_eq!(for_terminal("red\u{1b}[31m"), "red\\u{1b}[31m");
    // A literal backslash-u from a server reads differently from an ESC.
    assert_eq!(for_terminal("red\\u{1b}[31m"), "red\\\\u{1b}[31m");
    assert_ne!(for_terminal("\\u{1b}"), for_terminal("\u{1b}"));
    assert_eq!(for_terminal("C:\\x"), "C:\\\\x");
    assert_eq!(
        for_terminal("a\u{61c}b\u{2066}c\u{9b}"),
        "a\\u{61c}b\\u{2066}c\\u{9b}"
    );
    assert_eq!(quoted("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
    assert_eq!(quoted("rtl\u{202e}x"), "\"rtl\\u{202e}x\"");
}

#[test]
fn json_escapes_what_serde_json_leaves_raw() {
    let text = "a\u{9b}b\u{61c}c\u{2069}d\u{e0001}e\u{1b}f\"g";
    let json = to_json(&text);
    assert_eq!(json, r#""a\u009bb\u061cc\u2069d\udb40\udc01e\u001bf\"g""#);
    assert!(json.is_ascii());
    let back: String = serde_json::from_str(&json).unwrap();
    assert_eq!(back, text);
    assert_eq!(to_json(&"plain é"), "\"plain é\"");
}

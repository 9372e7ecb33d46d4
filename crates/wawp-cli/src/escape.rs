//! Terminal safety: text from a server, or an id from a file, must not
//! drive the terminal (escape sequences, bells, C1 controls) or reorder what
//! is shown (bidirectional controls, including U+061C and U+2066–U+2069).
//!
//! The characters escaped are every Unicode control (Cc) and format (Cf)
//! character, and the line and paragraph separators (Zl, Zp, which some
//! terminals treat as line breaks). Human output shows them as `\u{…}`;
//! JSON output as `\uXXXX` escapes (surrogate pairs beyond the BMP).

use std::borrow::Cow;
use std::io;

/// The format characters (general category Cf) of Unicode 16, as ranges.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Whether `c` is escaped in output: Cc, Cf, Zl or Zp.
pub(crate) fn is_unsafe(c: char) -> bool {
    if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
        return true;
    }
    let u = u32::from(c);
    u >= 0xAD && FORMAT.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// `text` for a terminal: unsafe characters as `\u{…}`, and `\` as `\\`
/// so that a server's literal `\u{1b}` cannot pass for an escaped ESC; the
/// rest as is.
pub(crate) fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\\' || is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` in double quotes, with `"` and `\` backslashed and unsafe
/// characters escaped as in [`for_terminal`].
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A `serde_json` formatter that also escapes every unsafe character
/// (serde_json escapes only C0 controls, `"` and `\`), so that JSON output
/// is plain, inert text whatever the server said.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SafeJson;

impl serde_json::ser::Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// `value` as one line of JSON, escaped with [`SafeJson`].
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeJson);
    // Serializing strings, numbers and booleans into memory cannot fail,
    // and the output is UTF-8 (escapes are ASCII).
    match value.serialize(&mut ser) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
#[path = "tests/escape.rs"]
mod tests;

//! Keeping the access token out of every string we store or show.
//!
//! Two layers: [`scrub_urls`] needs no token and removes URL query strings and
//! `access_token=` pairs from any text (transport error messages embed the full
//! request URL); a [`Redactor`] replaces every encoding of the actual token
//! that might be echoed back in a server's error body.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use crate::input::AccessToken;

/// What stands in for a removed secret.
pub const REDACTED: &str = "[redacted]";

const PARAM: &str = "access_token=";

fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '<' | '>' | '`' | '(' | ')' | '[' | ']' | '{' | '}' | ','
        )
}

/// Removes the query string of every URL in `text` and the value of every
/// `access_token=` pair. Needs no token, so transports can call it on any
/// error text.
///
/// ```
/// use wawp_core::redact::scrub_urls;
/// let text = "error sending request for url (https://api.wawp.net/v2/session/logout?instance_id=x&access_token=s3cr3t)";
/// assert_eq!(
///     scrub_urls(text),
///     "error sending request for url (https://api.wawp.net/v2/session/logout?[redacted])"
/// );
/// ```
pub fn scrub_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    // A `[redacted]` already there is part of its word, so scrubbing twice
    // changes nothing.
    let mut inside_redacted = 0;
    for (i, c) in text.char_indices() {
        if i < inside_redacted {
            continue;
        }
        if c == '[' && text[i..].starts_with(REDACTED) {
            inside_redacted = i + REDACTED.len();
            continue;
        }
        if is_delimiter(c) {
            scrub_word(&text[start..i], &mut out);
            out.push(c);
            start = i + c.len_utf8();
        }
    }
    scrub_word(&text[start..], &mut out);
    out
}

fn scrub_word(word: &str, out: &mut String) {
    // Whichever comes first: a URL's query (all of it goes), or an
    // `access_token=` value (up to the next `&`).
    let query = word
        .find("://")
        .and_then(|scheme_end| word[scheme_end..].find('?').map(|q| scheme_end + q + 1));
    let value = word
        .to_ascii_lowercase()
        .find(PARAM)
        .map(|at| at + PARAM.len());
    match (query, value) {
        (Some(query), value) if value.is_none_or(|value| query <= value) => {
            out.push_str(&word[..query]);
            out.push_str(REDACTED);
        }
        (_, Some(value_start)) => {
            out.push_str(&word[..value_start]);
            out.push_str(REDACTED);
            if let Some(amp) = word[value_start..].find('&') {
                scrub_word(&word[value_start + amp..], out);
            }
        }
        _ => out.push_str(word),
    }
}

/// Replaces every form of one token that could appear in text, then scrubs
/// URLs.
///
/// The forms are every way of writing each of the token's characters that
/// a server, a proxy or a library may use when it echoes the token, mixed
/// freely character by character (one layer of encoding):
///
/// - as is;
/// - percent-encoded, upper- or lower-case hex (`%2B`, `%2b`; a
///   multi-byte character as its UTF-8 bytes), as URLs and
///   `application/x-www-form-urlencoded` write it;
/// - JSON-escaped: `\"`, `\\`, `\/`, `\'`, `\xHH` and `\uXXXX` (either
///   case, surrogate pairs beyond the BMP);
/// - HTML and XML character references: `&amp;`, `&lt;`, `&gt;`,
///   `&quot;`, `&apos;`, decimal `&#43;` and hexadecimal `&#x2B;`.
///
/// (A token never holds whitespace, so form encoding's `+` for a space
/// never occurs in one.)
///
/// ```
/// use wawp_core::AccessToken;
/// use wawp_core::redact::Redactor;
/// let token = AccessToken::new("a+b/c&d")?;
/// let redactor = Redactor::new(&token);
/// for echoed in ["a+b/c&d", "a%2Bb%2fc%26d", r"a+b\/c&d", "a+b/c&amp;d", "&#97;&#x2b;b/c&d"] {
///     assert_eq!(redactor.apply(&format!("<p>{echoed}</p>")), "<p>[redacted]</p>");
/// }
/// # Ok::<(), wawp_core::InputError>(())
/// ```
pub struct Redactor<'a> {
    raw: &'a str,
    chars: Vec<char>,
}

impl fmt::Debug for Redactor<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Redactor([redacted])")
    }
}

/// The longest way [`Redactor`] recognises one character written:
/// `%F0%9F%98%80`, `\uD83D\uDE00` or `&#x0001F600;`.
const LONGEST_CHAR_FORM: usize = 12;

/// The bytes that start an encoded character.
const ESCAPES: [char; 3] = ['%', '\\', '&'];

impl<'a> Redactor<'a> {
    /// A redactor for `token`.
    pub fn new(token: &'a AccessToken) -> Self {
        let raw = token.expose_secret();
        Self {
            raw,
            chars: raw.chars().collect(),
        }
    }

    /// The length in bytes of the longest form of the token.
    pub fn longest_form(&self) -> usize {
        self.chars.len() * LONGEST_CHAR_FORM
    }

    /// `text` with every form of the token replaced by [`REDACTED`], and URL
    /// query strings scrubbed.
    pub fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        if !self.raw.is_empty() && text.contains(self.raw) {
            text = Cow::Owned(text.replace(self.raw, REDACTED));
        }
        if text.contains(ESCAPES) {
            let spans = self.encoded_spans(&text);
            if !spans.is_empty() {
                text = Cow::Owned(replace_spans(&text, &spans, text.len()));
            }
        }
        scrubbed(text)
    }

    /// The first `cut` bytes of `text` (cut on a character boundary),
    /// redacted as [`Redactor::apply`] does, for a text that is cut only
    /// after redacting: a token that starts before `cut` is redacted whole,
    /// and nothing after `cut` is kept, so no piece of a token beyond the
    /// cut is shown. `text` must run on past `cut` by [`longest_form`]
    /// bytes, when it has them, for a token across the cut to be whole.
    ///
    /// [`longest_form`]: Redactor::longest_form
    pub fn apply_cut<'t>(&self, text: &'t str, cut: usize) -> Cow<'t, str> {
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let spans = self.encoded_spans(text);
        if spans.is_empty() {
            return scrubbed(Cow::Borrowed(&text[..cut]));
        }
        scrubbed(Cow::Owned(replace_spans(text, &spans, cut)))
    }

    /// The byte ranges of `text` that spell the token, each character as is
    /// or encoded, merged where they overlap, in order. Every start
    /// position counts (a `\` before `\u0041` does not hide it), so this
    /// follows all the ways of reading the text at once: the states at a
    /// position are the prefixes of the token matched so far, each with
    /// the earliest place it started.
    fn encoded_spans(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(&first) = self.chars.first() else {
            return Vec::new();
        };
        let mut pending: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (at, c) in text.char_indices() {
            let decoded = if ESCAPES.contains(&c) {
                decode_one(&text[at..])
            } else {
                None
            };
            let mut states = pending.remove(&at).unwrap_or_default();
            if c == first || decoded.is_some_and(|(d, _)| d == first) {
                states.push((0, at));
            }
            if states.is_empty() {
                continue;
            }
            states.sort_unstable();
            states.dedup_by_key(|(matched, _)| *matched);
            for (matched, start) in states {
                let readings = [Some((c, c.len_utf8())), decoded];
                for (read, len) in readings.into_iter().flatten() {
                    if read != self.chars[matched] {
                        continue;
                    }
                    if matched + 1 == self.chars.len() {
                        found.push((start, at + len));
                    } else {
                        pending
                            .entry(at + len)
                            .or_default()
                            .push((matched + 1, start));
                    }
                }
            }
        }
        found.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(found.len());
        for (start, end) in found {
            match merged.last_mut() {
                Some(last) if start < last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        merged
    }
}

/// `text` up to `cut` with each of `spans` (sorted, disjoint) replaced by
/// [`REDACTED`]; a span that starts before `cut` is replaced whole.
fn replace_spans(text: &str, spans: &[(usize, usize)], cut: usize) -> String {
    let mut out = String::with_capacity(cut);
    let mut at = 0;
    for &(start, end) in spans.iter().take_while(|(start, _)| *start < cut) {
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        at = end;
    }
    if at < cut {
        out.push_str(&text[at..cut]);
    }
    out
}

/// `text` with URL query strings and `access_token=` values scrubbed.
fn scrubbed(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains("://") || text.to_ascii_lowercase().contains(PARAM) {
        Cow::Owned(scrub_urls(&text))
    } else {
        text
    }
}

/// The character an escape at the start of `text` stands for, and the
/// escape's length: `%XX` (a UTF-8 sequence of them), `\…` or `&…;`.
fn decode_one(text: &str) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    match *bytes.first()? {
        b'%' => {
            let lead = hex_byte(bytes.get(1..3)?)?;
            let width = match lead {
                0x00..=0x7f => 1,
                0xc2..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf4 => 4,
                _ => return None,
            };
            let mut utf8 = [lead, 0, 0, 0];
            for (i, byte) in utf8.iter_mut().enumerate().skip(1).take(width - 1) {
                let escape = bytes.get(3 * i..3 * i + 3)?;
                if escape[0] != b'%' {
                    return None;
                }
                *byte = hex_byte(&escape[1..])?;
            }
            let c = std::str::from_utf8(&utf8[..width]).ok()?.chars().next()?;
            Some((c, 3 * width))
        }
        b'\\' => match *bytes.get(1)? {
            c @ (b'"' | b'\\' | b'/' | b'\'') => Some((char::from(c), 2)),
            b'x' => Some((char::from(hex_byte(bytes.get(2..4)?)?), 4)),
            b'u' => {
                let unit = hex_u16(bytes.get(2..6)?)?;
                if let Some(c) = char::from_u32(u32::from(unit)) {
                    return Some((c, 6));
                }
                // A high surrogate, then the low one.
                if bytes.get(6..8)? != b"\\u" {
                    return None;
                }
                let low = hex_u16(bytes.get(8..12)?)?;
                let c = char::decode_utf16([unit, low]).next()?.ok()?;
                Some((c, 12))
            }
            _ => None,
        },
        b'&' => {
            let end = bytes
                .iter()
                .take(LONGEST_CHAR_FORM)
                .position(|&b| b == b';')?;
            let name = &text[1..end];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => (hex, 16),
                        None => (number, 10),
                    };
                    if digits.is_empty() || !digits.chars().all(|d| d.is_digit(radix)) {
                        return None;
                    }
                    char::from_u32(u32::from_str_radix(digits, radix).ok()?)?
                }
            };
            Some((c, end + 1))
        }
        _ => None,
    }
}

fn hex_byte(hex: &[u8]) -> Option<u8> {
    let hex = std::str::from_utf8(hex).ok()?;
    if hex.len() != 2 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u8::from_str_radix(hex, 16).ok()
}

fn hex_u16(hex: &[u8]) -> Option<u16> {
    let hex = std::str::from_utf8(hex).ok()?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

/// At most `max` bytes of `text`, cut on a character boundary, with `…` added
/// when cut.
pub(crate) fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text[..end].to_owned();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_every_url_and_pair() {
        assert_eq!(
            scrub_urls("GET http://h/p?a=1 failed; retry access_token=abc&x=1 now"),
            "GET http://h/p?[redacted] failed; retry access_token=[redacted]&x=1 now"
        );
        assert_eq!(scrub_urls("no urls here"), "no urls here");
        assert_eq!(scrub_urls("ACCESS_TOKEN=abc"), "ACCESS_TOKEN=[redacted]");
    }

    #[test]
    fn scrubbing_twice_changes_nothing() {
        for text in [
            "error at https://h/p?access_token=zz&x=1: failed",
            "retry ACCESS_TOKEN=q now",
            "access_token=a&b=[redacted]",
            "(http://h/?[redacted]) [redacted]",
        ] {
            let once = scrub_urls(text);
            assert_eq!(scrub_urls(&once), once, "{text}");
        }
        assert_eq!(
            scrub_urls("url (https://h/p?q=1) access_token=s"),
            "url (https://h/p?[redacted]) access_token=[redacted]"
        );
    }

    #[test]
    fn a_pair_before_a_url_in_one_word_is_scrubbed() {
        assert_eq!(
            scrub_urls("access_token=s3cr3t|https://h/p?q=1"),
            "access_token=[redacted]"
        );
        assert_eq!(
            scrub_urls("access_token=s3cr3t&next=https://h/p?q=1"),
            "access_token=[redacted]&next=https://h/p?[redacted]"
        );
    }

    #[test]
    fn redacts_all_forms() {
        let token = AccessToken::new("a+b/c\"d").unwrap();
        let r = Redactor::new(&token);
        assert_eq!(r.apply("x a+b/c\"d y"), "x [redacted] y");
        assert_eq!(r.apply("x a%2Bb%2Fc%22d y"), "x [redacted] y");
        assert_eq!(r.apply(r#"{"t":"a+b/c\"d"}"#), r#"{"t":"[redacted]"}"#);
    }

    #[test]
    fn redacts_every_encoding_mixed_per_character() {
        let token = AccessToken::new("Qz&J\\x*!$é😀").unwrap();
        let r = Redactor::new(&token);
        for echoed in [
            // As is, and percent-encoded in either case, byte by byte.
            "Qz&J\\x*!$é😀",
            "Qz%26J%5Cx*%21%24%C3%A9%F0%9F%98%80",
            "Qz%26J%5cx%2a%21%24%c3%a9%f0%9f%98%80",
            "%51%7A%26%4A%5C%78%2A%21%24%C3%A9%F0%9F%98%80",
            // JSON: short escapes, \uXXXX in either case, surrogate pairs.
            "Qz&J\\\\x*!$\\u00e9\\ud83d\\ude00",
            "\\u0051\\u007A\\u0026\\u004A\\u005C\\u0078\\u002A\\u0021\\u0024\\u00E9\\uD83D\\uDE00",
            "Qz\\x26J\\\\x*!$é😀",
            // HTML and XML: named, decimal and hexadecimal references.
            "Qz&amp;J\\x*!$é😀",
            "&#81;&#122;&#38;&#74;&#92;&#120;&#42;&#33;&#36;&#233;&#128512;",
            "&#x51;&#X7a;&#x26;&#x4A;&#x5c;&#x78;&#x2A;&#x21;&#x24;&#xe9;&#x1F600;",
            // A mix, one character at a time.
            "Q%7a&amp;\\u004a\\\\&#120;%2A!&#x24;%C3%A9\\ud83d\\ude00",
        ] {
            assert_eq!(r.apply(&format!("<{echoed}>")), "<[redacted]>", "{echoed}");
        }
        // A backslash before an escape does not hide it.
        assert_eq!(r.apply("\\\\u0051z&J\\x*!$é😀"), "\\[redacted]");
        // Overlapping and repeated occurrences go whole.
        let token = AccessToken::new("aa").unwrap();
        assert_eq!(Redactor::new(&token).apply("xa%61%61y"), "x[redacted]y");
        // Near misses stay.
        let token = AccessToken::new("ab").unwrap();
        let r = Redactor::new(&token);
        for kept in ["a%6", "a\\u006", "a&#98", "a&#x;b", "a&#+98;", "a%2562"] {
            assert_eq!(r.apply(kept), kept);
        }
    }

    #[test]
    fn a_redactor_never_shows_its_token() {
        let token = AccessToken::new("s3cr3t-tok").unwrap();
        let shown = format!("{:?}", Redactor::new(&token));
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn bounded_cuts_on_char_boundary() {
        assert_eq!(bounded("ééé", 3), "é…");
        assert_eq!(bounded("abc", 3), "abc");
    }
}

//! Shared pieces of the fuzz targets: turning fuzz bytes into an HTTP
//! response, encoding a token the ways a server might echo it, and the
//! checks that no such encoding reaches an error.
//!
//! The encoders here are written independently of `wawp_core::redact`, so
//! that the targets test the redactor against a second opinion rather than
//! against itself.

use std::fmt::Write as _;

use wawp_core::{AccessToken, Endpoint, Error, InstanceId};

/// The token the endpoint targets use. Its characters are chosen to need
/// escaping in every format a server may echo it in (`&` in HTML and XML,
/// `\` in JSON, `!`, `$`, `*` and `&` in URLs), and none of them is needed
/// to write a JSON, XML or HTML body, so [`filler`] can remove them from
/// the fuzzer's text: any piece of the token in an error then comes from
/// the token itself.
pub const TOKEN: &str = "QZ&J\\XK*VY!W$QJ";

/// [`TOKEN`] as an [`AccessToken`].
pub fn token() -> AccessToken {
    AccessToken::new(TOKEN).expect("TOKEN is a valid token")
}

/// The ways a server may write a token in a body, a header or a message.
pub const ENCODINGS: usize = 14;

/// `token` in encoding `which` (modulo [`ENCODINGS`]); encoding 13 mixes
/// the others, one character at a time, as `mix` says.
pub fn encode(token: &str, which: u8, mix: &[u8]) -> String {
    let mut out = String::new();
    for (i, c) in token.chars().enumerate() {
        let which = match which as usize % ENCODINGS {
            13 => mix.get(i).map_or(0, |m| m % 13),
            w => w as u8,
        };
        encode_char(c, which, &mut out);
    }
    out
}

fn encode_char(c: char, which: u8, out: &mut String) {
    let unreserved_js = c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c);
    let unreserved_form = c.is_ascii_alphanumeric() || "-_.*".contains(c);
    let mut utf8 = [0u8; 4];
    let bytes = c.encode_utf8(&mut utf8).as_bytes();
    let mut units = [0u16; 2];
    match which {
        // As is.
        0 => out.push(c),
        // encodeURIComponent, upper-case hex.
        1 if unreserved_js => out.push(c),
        1 => bytes.iter().for_each(|b| {
            let _ = write!(out, "%{b:02X}");
        }),
        // The same, lower-case hex.
        2 if unreserved_js => out.push(c),
        2 => bytes.iter().for_each(|b| {
            let _ = write!(out, "%{b:02x}");
        }),
        // application/x-www-form-urlencoded.
        3 if c == ' ' => out.push('+'),
        3 if unreserved_form => out.push(c),
        3 => bytes.iter().for_each(|b| {
            let _ = write!(out, "%{b:02X}");
        }),
        // Every byte percent-encoded.
        4 => bytes.iter().for_each(|b| {
            let _ = write!(out, "%{b:02X}");
        }),
        // JSON, short escapes (serde_json, JSON.stringify).
        5 => match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        },
        // JSON, every character as \uXXXX (upper-case hex).
        6 => c.encode_utf16(&mut units).iter().for_each(|u| {
            let _ = write!(out, "\\u{u:04X}");
        }),
        // JSON as PHP writes it: `\/`, non-ASCII as \uxxxx.
        7 => match c {
            '/' => out.push_str("\\/"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii() && !c.is_control() => out.push(c),
            c => c.encode_utf16(&mut units).iter().for_each(|u| {
                let _ = write!(out, "\\u{u:04x}");
            }),
        },
        // HTML, named entities for the special characters.
        8 => match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        },
        // XML, named entities.
        9 => match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        },
        // Decimal character references, every character.
        10 => {
            let _ = write!(out, "&#{};", u32::from(c));
        }
        // Hexadecimal character references, every character.
        11 => {
            let _ = write!(out, "&#x{:X};", u32::from(c));
        }
        // Hexadecimal character references, lower case, non-alphanumerics.
        _ if c.is_ascii_alphanumeric() => out.push(c),
        _ => {
            let _ = write!(out, "&#x{:x};", u32::from(c));
        }
    }
}

/// `data` as text with every character of [`TOKEN`] replaced by `.`.
pub fn filler(data: &[u8]) -> String {
    String::from_utf8_lossy(data)
        .chars()
        .map(|c| if TOKEN.contains(c) { '.' } else { c })
        .collect()
}

/// What the fuzzer's bytes became: a response, and whether (and how) the
/// token was spliced into it.
pub struct Case {
    /// The response to parse.
    pub response: http::Response<Vec<u8>>,
    /// The encoded token spliced in, if it was.
    pub spliced: Option<String>,
}

impl Case {
    /// Panics if `shown` holds [`TOKEN`] in any encoding; when the token
    /// was spliced in (the rest of the text then holds none of its
    /// characters), also the spliced form and any four consecutive
    /// characters of the token as they are: a token cut in two is still a
    /// leak. `what` names the text in the panic message.
    pub fn assert_no_token(&self, shown: &str, what: &str) {
        for which in 0..ENCODINGS as u8 - 1 {
            let form = encode(TOKEN, which, &[]);
            assert!(
                !shown.contains(&form),
                "{what} shows the token as {form:?}: {shown:?}"
            );
        }
        let Some(spliced) = &self.spliced else { return };
        assert!(
            !shown.contains(spliced.as_str()),
            "{what} shows the token as {spliced:?}: {shown:?}"
        );
        let chars: Vec<char> = TOKEN.chars().collect();
        for piece in chars.windows(4) {
            let piece: String = piece.iter().collect();
            assert!(
                !shown.contains(&piece),
                "{what} shows {piece:?} of the token: {shown:?}"
            );
        }
    }

    /// Panics if the error's `Display` or `Debug` shows [`TOKEN`] (see
    /// [`Case::assert_no_token`]; `Debug` escapes `\`, so the token's
    /// `Debug` form is checked too).
    pub fn assert_error_hides_token(&self, error: &Error) {
        self.assert_no_token(&error.to_string(), "Display");
        let debug = format!("{error:?}");
        self.assert_no_token(&debug, "Debug");
        let escaped = format!("{TOKEN:?}");
        assert!(
            !debug.contains(escaped.trim_matches('"')),
            "Debug shows the token: {debug}"
        );
    }
}

/// The character that becomes the encoded token in a spliced response.
pub const SPLICE: char = '@';

/// A [`Case`] from fuzz bytes, built so the fuzzer reaches every branch
/// quickly:
///
/// - byte 0: bit 7 set → status 200 (a success body to decode), else the
///   status is 100 + bytes 1–2 (little-endian) modulo 900; bits 0–3 give
///   how many headers follow (0–15); bit 6 says whether to splice the
///   token into the body and header values;
/// - byte 3: which encoding of the token to splice (see [`encode`]), and
///   the bytes after it the per-character mix for the mixed encoding;
/// - then `name\0value\0` header pairs, then the body. When splicing, the
///   text has the token's characters replaced ([`filler`]) and every
///   [`SPLICE`] becomes the encoded token; otherwise the bytes are used as
///   they are.
pub fn case(data: &[u8]) -> Option<Case> {
    let [flags, lo, hi, encoding, rest @ ..] = data else {
        return None;
    };
    let status = if flags & 0x80 != 0 {
        200
    } else {
        100 + u16::from_le_bytes([*lo, *hi]) % 900
    };
    let spliced = (flags & 0x40 != 0).then(|| encode(TOKEN, *encoding, rest));
    let fill = |bytes: &[u8]| -> Vec<u8> {
        match &spliced {
            Some(form) => filler(bytes).replace(SPLICE, form).into_bytes(),
            None => bytes.to_vec(),
        }
    };
    let mut builder = http::Response::builder().status(status);
    let mut rest = rest;
    for _ in 0..flags & 0x0f {
        let mut parts = rest.splitn(3, |b| *b == 0);
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
            break;
        };
        builder = builder.header(name, fill(value));
        rest = parts.next().unwrap_or_default();
    }
    let response = builder.body(fill(rest)).ok()?;
    Some(Case { response, spliced })
}

/// Parses the [`Case`] `data` makes with `endpoint`: the typed result,
/// after checking that an error shows no piece of the token.
pub fn parse<E: Endpoint>(endpoint: &E, data: &[u8]) -> Option<Result<E::Output, Error>> {
    let case = case(data)?;
    let result = endpoint.parse(case.response.clone(), &token());
    if let Err(error) = &result {
        case.assert_error_hides_token(error);
    }
    Some(result)
}

/// An instance id for the endpoints under test.
pub fn instance() -> InstanceId {
    InstanceId::new("3EB0BCB2E3D4").expect("a valid id")
}

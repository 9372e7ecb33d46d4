//! The redactor against any token and any text: once `Redactor::apply` has
//! run, no encoding of the token survives — as is, percent-encoded (upper
//! or lower case, every byte or only the reserved ones, form-encoded),
//! JSON-escaped (short escapes, `\uXXXX`, PHP's `\/`), or written with
//! HTML or XML entities (named, decimal, hexadecimal), nor any mix of these
//! character by character; the same for `apply_cut`. `scrub_urls` leaves
//! no `access_token=` value and is idempotent.
//!
//! Layout: byte 0 the encoding (see `wawp_fuzz::encode`), byte 1 the
//! token's length in bytes, then the token, then the text; the encoded
//! token is inserted in the text at the first `\0`, or at its end.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wawp_core::AccessToken;
use wawp_core::redact::{REDACTED, Redactor, scrub_urls};
use wawp_fuzz::{ENCODINGS, encode};

fuzz_target!(|data: &[u8]| {
    let [which, len, rest @ ..] = data else {
        return;
    };
    let len = usize::from(*len).min(rest.len());
    let (token, text) = rest.split_at(len);
    let token = String::from_utf8_lossy(token);
    // A token inside "[redacted]" is shown by the replacement itself.
    if token.contains(['[', ']']) || REDACTED.contains(token.as_ref()) {
        return;
    }
    let Ok(secret) = AccessToken::new(token.as_ref()) else {
        return;
    };
    let text = String::from_utf8_lossy(text);
    let form = encode(&token, *which, text.as_bytes());
    let text = match text.split_once('\0') {
        Some((before, after)) => format!("{before}{form}{after}"),
        None => format!("{text}{form}"),
    };
    let redacted = Redactor::new(&secret).apply(&text);
    assert!(
        !redacted.contains(&form),
        "{form:?} survives in {redacted:?}"
    );
    for which in 0..ENCODINGS as u8 - 1 {
        let form = encode(&token, which, &[]);
        assert!(
            !redacted.contains(&form),
            "{form:?} survives in {redacted:?}"
        );
    }

    // Cut for a snippet (`apply_cut`): no form survives either.
    let cut = len * 4;
    let snippet = Redactor::new(&secret).apply_cut(&text, cut);
    for which in 0..ENCODINGS as u8 - 1 {
        let form = encode(&token, which, &[]);
        assert!(!snippet.contains(&form), "{form:?} survives in {snippet:?}");
    }

    let scrubbed = scrub_urls(&text);
    assert_eq!(scrub_urls(&scrubbed), scrubbed, "scrub_urls is idempotent");
    let lower = scrubbed.to_ascii_lowercase();
    for (at, _) in lower.match_indices("access_token=") {
        let value = &scrubbed[at + "access_token=".len()..];
        assert!(value.starts_with(REDACTED), "{scrubbed:?}");
    }
});

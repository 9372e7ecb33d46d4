//! Keeping the access token out of every string we store or show.
//!
//! Two layers: [`scrub_urls`] needs no token and removes URL query strings and
//! `access_token=` pairs from any text (transport error messages embed the full
//! request URL); a [`Redactor`] replaces every encoding of the actual token
//! that might be echoed back in a server's error body.

use std::borrow::Cow;

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
    for (i, c) in text.char_indices() {
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
    if let Some(scheme_end) = word.find("://")
        && let Some(q) = word[scheme_end..].find('?')
    {
        out.push_str(&word[..scheme_end + q + 1]);
        out.push_str(REDACTED);
        return;
    }
    let lower_has_param = word.to_ascii_lowercase().find(PARAM);
    match lower_has_param {
        Some(at) => {
            let value_start = at + PARAM.len();
            out.push_str(&word[..value_start]);
            out.push_str(REDACTED);
            if let Some(amp) = word[value_start..].find('&') {
                scrub_word(&word[value_start + amp..], out);
            }
        }
        None => out.push_str(word),
    }
}

/// Replaces every form of one token that could appear in text: as is,
/// percent-encoded, and JSON-escaped; then scrubs URLs.
#[derive(Debug)]
pub struct Redactor<'a> {
    forms: Vec<Cow<'a, str>>,
}

impl<'a> Redactor<'a> {
    /// A redactor for `token`.
    pub fn new(token: &'a AccessToken) -> Self {
        let raw = token.expose_secret();
        let mut forms: Vec<Cow<'a, str>> = vec![Cow::Borrowed(raw)];
        let encoded: String = form_urlencoded::byte_serialize(raw.as_bytes()).collect();
        let json = serde_json::to_string(raw).unwrap_or_default();
        let json = json.trim_matches('"').to_owned();
        for form in [encoded, json] {
            if !form.is_empty() && !forms.iter().any(|f| *f == form) {
                forms.push(Cow::Owned(form));
            }
        }
        Self { forms }
    }

    /// The length in bytes of the longest form of the token.
    pub fn longest_form(&self) -> usize {
        self.forms.iter().map(|f| f.len()).max().unwrap_or(0)
    }

    /// `text` with every form of the token replaced by [`REDACTED`], and URL
    /// query strings scrubbed.
    pub fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        for form in &self.forms {
            if text.contains(form.as_ref()) {
                text = Cow::Owned(text.replace(form.as_ref(), REDACTED));
            }
        }
        if text.contains("://") || text.to_ascii_lowercase().contains(PARAM) {
            text = Cow::Owned(scrub_urls(&text));
        }
        text
    }
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
    fn redacts_all_forms() {
        let token = AccessToken::new("a+b/c\"d").unwrap();
        let r = Redactor::new(&token);
        assert_eq!(r.apply("x a+b/c\"d y"), "x [redacted] y");
        assert_eq!(r.apply("x a%2Bb%2Fc%22d y"), "x [redacted] y");
        assert_eq!(r.apply(r#"{"t":"a+b/c\"d"}"#), r#"{"t":"[redacted]"}"#);
    }

    #[test]
    fn bounded_cuts_on_char_boundary() {
        assert_eq!(bounded("ééé", 3), "é…");
        assert_eq!(bounded("abc", 3), "abc");
    }
}

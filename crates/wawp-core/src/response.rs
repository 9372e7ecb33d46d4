//! Turning any response into a typed result, one parsing for every
//! endpoint: success bodies, redirects and error answers.
//!
//! An error answer's message is extracted from a body in JSON, XML, HTML or
//! plain text. The documentation gives no body examples, so this is
//! lenient: the format is taken from `Content-Type` and, when that lies,
//! sniffed; the message from the usual keys. It never panics and never
//! fails: the worst case is no message and a snippet.

use std::time::{Duration, SystemTime};

use http::header::{CONTENT_TYPE, DATE, RETRY_AFTER};
use http::{HeaderMap, Response};
use quick_xml::events::Event;
use serde_json::Value;

use crate::endpoint::Endpoint;
use crate::error::{ApiError, ApiErrorKind, BodyFormat, DecodeError, Error};
use crate::input::AccessToken;
use crate::redact::{Redactor, bounded};

/// Longest snippet of a raw body kept in an error, in bytes.
pub(crate) const SNIPPET_BYTES: usize = 1024;

pub(crate) fn parse<E: Endpoint + ?Sized>(
    endpoint: &E,
    response: Response<Vec<u8>>,
    token: &AccessToken,
) -> Result<E::Output, Error> {
    let status = response.status();
    if E::is_success(status) {
        return endpoint.decode(response.body()).map_err(|reason| {
            let redactor = Redactor::new(token);
            Error::Decode(DecodeError {
                status,
                reason: bounded(&redactor.apply(&reason.to_string()), 512),
                snippet: snippet(response.body(), &redactor),
            })
        });
    }
    let redactor = Redactor::new(token);
    if status.is_redirection() {
        let location = response
            .headers()
            .get(http::header::LOCATION)
            .map(|l| bounded(&redactor.apply(&String::from_utf8_lossy(l.as_bytes())), 512));
        return Err(Error::UnexpectedRedirect { status, location });
    }
    Err(Error::Api(api_error(&response, &redactor)))
}

/// The start of `body`, lossily decoded, redacted, bounded.
pub(crate) fn snippet(body: &[u8], redactor: &Redactor<'_>) -> String {
    // Read past the bound by the longest encoded token, so a token that
    // straddles it is whole when redacted; keep nothing past the bound.
    let window = body.len().min(SNIPPET_BYTES + redactor.longest_form() + 1);
    let text = String::from_utf8_lossy(&body[..window]);
    let mut snippet = bounded(&redactor.apply_cut(&text, SNIPPET_BYTES), SNIPPET_BYTES);
    if body.len() > SNIPPET_BYTES && !snippet.ends_with('…') {
        snippet.push('…');
    }
    snippet
}

/// Longest message kept, in bytes.
const MESSAGE_BYTES: usize = 512;

/// Keys that carry a message, best first (JSON keys and XML element names).
const MESSAGE_KEYS: [&str; 9] = [
    "message",
    "msg",
    "detail",
    "error_description",
    "description",
    "error",
    "errors",
    "reason",
    "title",
];

pub(crate) fn api_error(response: &Response<Vec<u8>>, redactor: &Redactor<'_>) -> ApiError {
    let status = response.status();
    let body = response.body();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let (format, message) = extract(content_type, &String::from_utf8_lossy(body));
    ApiError {
        status,
        kind: crate::error_code::refine(ApiErrorKind::from_status(status), body),
        message: message.map(|m| bounded(&redactor.apply(&m), MESSAGE_BYTES)),
        format,
        snippet: snippet(body, redactor),
        retry_after: retry_after(response.headers(), now),
    }
}

/// `Retry-After` as delay-seconds or an HTTP-date.
///
/// A date is measured against the response's own `Date` header when it
/// has one — the server's clock against the server's clock, whatever this
/// machine's says — and otherwise against `now()`, this machine's clock.
/// `now` is `None` where there is no clock to read (wasm32 in a browser,
/// where reading one panics): a date then gives no delay, and the retry
/// policy's own backoff applies.
pub(crate) fn retry_after(
    headers: &HeaderMap,
    now: impl FnOnce() -> Option<SystemTime>,
) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    let served = headers
        .get(DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v.trim()).ok());
    let reference = served.or_else(now)?;
    Some(date.duration_since(reference).unwrap_or(Duration::ZERO))
}

/// This machine's clock, where reading it cannot panic (`None` on
/// wasm32 in a browser, where reading it would).
pub(crate) fn now() -> Option<SystemTime> {
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    return None;
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    Some(SystemTime::now())
}

/// The body's format and the server's message, if one can be found.
pub(crate) fn extract(content_type: Option<&str>, body: &str) -> (BodyFormat, Option<String>) {
    let text = body.trim();
    if text.is_empty() {
        return (BodyFormat::Empty, None);
    }
    let declared = content_type.map(str::to_ascii_lowercase).and_then(|ct| {
        if ct.contains("json") {
            Some(BodyFormat::Json)
        } else if ct.contains("html") {
            Some(BodyFormat::Html)
        } else if ct.contains("xml") {
            Some(BodyFormat::Xml)
        } else {
            None
        }
    });
    // Trust the declared format when the body agrees; otherwise sniff.
    let format = match declared {
        Some(BodyFormat::Json) if serde_json::from_str::<Value>(text).is_ok() => BodyFormat::Json,
        Some(f @ (BodyFormat::Html | BodyFormat::Xml)) if text.starts_with('<') => f,
        _ => sniff(text),
    };
    let message = match format {
        BodyFormat::Json => serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| json_message(&v)),
        BodyFormat::Xml => xml_message(text),
        BodyFormat::Html => html_message(text),
        BodyFormat::Text | BodyFormat::Empty => Some(collapse(text)),
    };
    (format, message.filter(|m| !m.is_empty()))
}

fn sniff(text: &str) -> BodyFormat {
    if (text.starts_with('{') || text.starts_with('['))
        && serde_json::from_str::<Value>(text).is_ok()
    {
        return BodyFormat::Json;
    }
    if text.starts_with('<') {
        let head =
            String::from_utf8_lossy(&text.as_bytes()[..text.len().min(512)]).to_ascii_lowercase();
        if head.contains("<!doctype html") || head.contains("<html") || head.contains("<body") {
            return BodyFormat::Html;
        }
        return BodyFormat::Xml;
    }
    BodyFormat::Text
}

/// Whitespace runs folded to one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json_message(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(collapse(s)).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(json_message),
        Value::Object(map) => MESSAGE_KEYS.iter().find_map(|key| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| json_message(v))
        }),
        _ => None,
    }
}

fn local_name(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name).to_ascii_lowercase();
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_owned(),
        None => name,
    }
}

fn reader(text: &str) -> quick_xml::Reader<&[u8]> {
    let mut reader = quick_xml::Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    reader
}

/// Text of an event, unescaped when possible, raw otherwise.
fn event_text(event: &Event<'_>) -> Option<String> {
    match event {
        Event::Text(t) => Some(t.decode().map(|s| s.into_owned()).unwrap_or_default()),
        Event::CData(t) => Some(String::from_utf8_lossy(t).into_owned()),
        Event::GeneralRef(r) => {
            let name = r.decode().ok()?;
            let resolved = quick_xml::escape::resolve_predefined_entity(&name)
                .map(str::to_owned)
                .or_else(|| r.resolve_char_ref().ok().flatten().map(String::from));
            Some(resolved.unwrap_or_else(|| format!("&{name};")))
        }
        _ => None,
    }
}

/// The text directly inside the best-ranked message element; otherwise all
/// text in the document.
fn xml_message(text: &str) -> Option<String> {
    let mut reader = reader(text);
    let mut stack: Vec<String> = Vec::new();
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut all = String::new();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) => {
                stack.push(local_name(e.name().as_ref()));
                all.push(' ');
            }
            Event::End(_) => {
                stack.pop();
                all.push(' ');
            }
            _ => {
                if let Some(piece) = event_text(&event) {
                    all.push_str(&piece);
                    let rank = stack
                        .last()
                        .and_then(|n| MESSAGE_KEYS.iter().position(|k| k == n));
                    if let Some(rank) = rank {
                        match found.iter_mut().find(|(r, _)| *r == rank) {
                            Some((_, t)) => t.push_str(&piece),
                            None => found.push((rank, piece)),
                        }
                    }
                }
            }
        }
        if all.len() > 64 * 1024 {
            break;
        }
    }
    found.sort_by_key(|(rank, _)| *rank);
    found
        .into_iter()
        .map(|(_, t)| collapse(&t))
        .find(|t| !t.is_empty())
        .or_else(|| Some(collapse(&all)))
}

/// The `<title>`, else the first `<h1>`, else the visible text.
fn html_message(text: &str) -> Option<String> {
    let mut reader = reader(text);
    let (mut title, mut h1, mut visible) = (String::new(), String::new(), String::new());
    let mut open: Option<String> = None;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) => {
                visible.push(' ');
                let name = local_name(e.name().as_ref());
                if matches!(name.as_str(), "title" | "h1" | "script" | "style") {
                    open = Some(name);
                }
            }
            Event::End(e) => {
                visible.push(' ');
                if open.as_deref() == Some(local_name(e.name().as_ref()).as_str()) {
                    open = None;
                }
            }
            _ => {
                if let Some(piece) = event_text(&event) {
                    let target = match open.as_deref() {
                        Some("title") => &mut title,
                        Some("h1") => &mut h1,
                        Some(_) => continue,
                        None => &mut visible,
                    };
                    target.push_str(&piece);
                }
            }
        }
        if visible.len() > 64 * 1024 {
            break;
        }
    }
    [title, h1, visible]
        .iter()
        .map(|t| collapse(t))
        .find(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lying_content_type_falls_back_to_sniffing() {
        let (f, m) = extract(Some("application/json"), "<html><title>Oops</title></html>");
        assert_eq!((f, m.as_deref()), (BodyFormat::Html, Some("Oops")));
        let (f, m) = extract(Some("text/html"), r#"{"message":"json really"}"#);
        assert_eq!((f, m.as_deref()), (BodyFormat::Json, Some("json really")));
    }

    #[test]
    fn sniffing_cuts_long_bodies_on_bytes() {
        // Found by fuzzing: byte 512 inside a multi-byte character.
        let body = format!("<{}", "é".repeat(400));
        assert_eq!(extract(None, &body).0, BodyFormat::Xml);
    }

    #[test]
    fn nested_json_and_arrays() {
        let (_, m) = extract(None, r#"{"error":{"code":7,"message":"deep"}}"#);
        assert_eq!(m.as_deref(), Some("deep"));
        let (_, m) = extract(
            None,
            r#"{"errors":[{"detail":"first"},{"detail":"second"}]}"#,
        );
        assert_eq!(m.as_deref(), Some("first"));
        let (_, m) = extract(None, r#"{"error":true,"msg":"flag"}"#);
        assert_eq!(m.as_deref(), Some("flag"));
        let (_, m) = extract(None, r#"{"code":404}"#);
        assert_eq!(m, None);
    }

    #[test]
    fn xml_prefers_message_over_error_and_unescapes() {
        let body =
            "<?xml version=\"1.0\"?><error><code>E1</code><message>a &amp; b</message></error>";
        assert_eq!(xml_message(body).as_deref(), Some("a & b"));
        assert_eq!(
            xml_message("<error>plain</error>").as_deref(),
            Some("plain")
        );
        assert_eq!(
            xml_message("<r><x>only text</x></r>").as_deref(),
            Some("only text")
        );
    }

    #[test]
    fn html_title_h1_or_text() {
        let page = "<!DOCTYPE html><html><head><meta charset=utf-8><style>p{}</style></head>\
                    <body><h1>Big</h1><p>x<br>y</p><script>if (a<b) {}</script></body></html>";
        assert_eq!(html_message(page).as_deref(), Some("Big"));
        assert_eq!(
            html_message("<html><body><p>just &nbsp; text</p></body></html>").as_deref(),
            Some("just &nbsp; text")
        );
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&h, || None), Some(Duration::from_secs(7)));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(120));
        h.insert(RETRY_AFTER, later.parse().unwrap());
        assert_eq!(
            retry_after(&h, || Some(now)),
            Some(Duration::from_secs(120))
        );
        // No clock and no Date header: a date gives no delay.
        assert_eq!(retry_after(&h, || None), None);
        h.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h, || Some(now)), None);
    }

    #[test]
    fn a_retry_after_date_is_measured_against_the_response_date() {
        let served = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let mut h = HeaderMap::new();
        h.insert(DATE, httpdate::fmt_http_date(served).parse().unwrap());
        let later = httpdate::fmt_http_date(served + Duration::from_secs(30));
        h.insert(RETRY_AFTER, later.parse().unwrap());
        // This machine's clock an hour off, or absent: the server's own
        // clock decides.
        let skewed = served + Duration::from_secs(3600);
        assert_eq!(
            retry_after(&h, || Some(skewed)),
            Some(Duration::from_secs(30))
        );
        assert_eq!(retry_after(&h, || None), Some(Duration::from_secs(30)));
        // A date in the past: no wait.
        h.insert(
            RETRY_AFTER,
            httpdate::fmt_http_date(served - Duration::from_secs(5))
                .parse()
                .unwrap(),
        );
        assert_eq!(retry_after(&h, || None), Some(Duration::ZERO));
    }
}

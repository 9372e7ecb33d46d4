//! With the `tracing` feature, each call runs in one span with
//! OpenTelemetry's HTTP field names, and each attempt emits events with
//! method, path, attempt, status and elapsed time — never the query string
//! or the token; an expected 4xx is not a warning.
#![cfg(feature = "tracing")]

use std::io::Write;
use std::sync::{Arc, Mutex};

use http::{Request, Response};
use wawp_core::{
    AccessToken, BlockingClient, BlockingTransport, Config, InstanceId, Limits, RetryPolicy,
    TransportError,
};

const TOKEN: &str = "TRACE-TOKEN-5x8q";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct TwoFailures(Mutex<u32>);

impl BlockingTransport for TwoFailures {
    fn send(
        &self,
        request: Request<Vec<u8>>,
        _: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let mut n = self.0.lock().unwrap();
        *n += 1;
        let body = if *n < 3 {
            // The server echoes the URL with the token in its error.
            return Ok(Response::builder()
                .status(502)
                .body(format!("upstream failed for {}", request.uri()).into_bytes())
                .unwrap());
        } else {
            br#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"i"}"#.to_vec()
        };
        Ok(Response::new(body))
    }
    fn sleep(&self, _: std::time::Duration) {}
}

#[test]
fn attempts_are_traced_without_the_token() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let mut config = Config::default();
    config.retry = RetryPolicy::attempts(3);
    let client = BlockingClient::with_config(
        TwoFailures(Mutex::new(0)),
        AccessToken::new(TOKEN).unwrap(),
        config,
    );
    tracing::subscriber::with_default(subscriber, || {
        client.logout(&InstanceId::new("i").unwrap()).unwrap();
    });
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_eq!(text.matches("wawp request started").count(), 3, "{text}");
    assert_eq!(text.matches("wawp request failed").count(), 2, "{text}");
    assert_eq!(text.matches("wawp request succeeded").count(), 1, "{text}");
    for needle in [
        "method=\"POST\"",
        "path=\"/v2/session/logout\"",
        "attempt=3",
        "status=502",
        "status=200",
        "host=\"api.wawp.net\"",
        "resent=false",
        "elapsed_ms=",
    ] {
        assert!(text.contains(needle), "missing {needle} in {text}");
    }
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("access_token="), "{text}");
    assert!(!text.contains("instance_id="), "{text}");
}

/// What a subscriber saw: each span's fields by name, and each event's
/// level, message, fields and the name of the span it happened in.
#[derive(Clone, Default)]
struct Recorded(Arc<Mutex<Seen>>);

/// Fields by name, in the order recorded.
type Values = Vec<(String, String)>;

#[derive(Default)]
struct Seen {
    /// Each span's id, name and fields.
    spans: Vec<(u64, String, Values)>,
    /// Each event's level, fields and the name of the span it is in.
    events: Vec<(tracing::Level, Values, Option<String>)>,
}

#[derive(Default)]
struct Fields(Vec<(String, String)>);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl<S> tracing_subscriber::Layer<S> for Recorded
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        id: &tracing::span::Id,
        _: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let mut seen = self.0.lock().unwrap();
        seen.spans
            .push((id.into_u64(), attrs.metadata().name().to_owned(), fields.0));
    }

    fn on_record(
        &self,
        id: &tracing::span::Id,
        values: &tracing::span::Record<'_>,
        _: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut fields = Fields::default();
        values.record(&mut fields);
        let mut seen = self.0.lock().unwrap();
        if let Some(span) = seen.spans.iter_mut().find(|s| s.0 == id.into_u64()) {
            span.2.extend(fields.0);
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: tracing_subscriber::layer::Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let span = ctx.event_span(event).map(|s| s.name().to_owned());
        self.0
            .lock()
            .unwrap()
            .events
            .push((*event.metadata().level(), fields.0, span));
    }
}

impl Recorded {
    /// The one call span's fields, the last value of each.
    fn call_span(&self) -> std::collections::HashMap<String, String> {
        let seen = self.0.lock().unwrap();
        assert_eq!(seen.spans.len(), 1, "one span per call");
        assert_eq!(seen.spans[0].1, "wawp call");
        seen.spans[0].2.iter().cloned().collect()
    }

    /// Everything recorded, as text, to search for what must not be there.
    fn all_text(&self) -> String {
        let seen = self.0.lock().unwrap();
        format!(
            "{:?} {:?}",
            seen.spans,
            seen.events.iter().map(|e| (&e.1, &e.2)).collect::<Vec<_>>()
        )
    }
}

/// A transport that answers with `statuses` in turn (the last one for
/// every further request).
struct Answers(Mutex<Vec<u16>>);

impl Answers {
    fn next(&self, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
        let mut statuses = self.0.lock().unwrap();
        let status = if statuses.len() > 1 {
            statuses.remove(0)
        } else {
            statuses[0]
        };
        let body = if status == 200 {
            br#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"i"}"#.to_vec()
        } else {
            format!(r#"{{"message":"no such session for {}"}}"#, request.uri()).into_bytes()
        };
        Response::builder().status(status).body(body).unwrap()
    }
}

impl BlockingTransport for Answers {
    fn send(
        &self,
        request: Request<Vec<u8>>,
        _: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        Ok(self.next(&request))
    }
    fn sleep(&self, _: std::time::Duration) {}
}

#[wawp_core::transport::async_trait]
impl wawp_core::Transport for Answers {
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        _: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        Ok(self.next(&request))
    }
    async fn sleep(&self, _: std::time::Duration) {}
}

fn recording() -> (Recorded, impl tracing::Subscriber) {
    use tracing_subscriber::layer::SubscriberExt;
    let recorded = Recorded::default();
    let subscriber = tracing_subscriber::registry().with(recorded.clone());
    (recorded, subscriber)
}

fn config(base_url: &str, attempts: u32) -> Config {
    let mut config = Config::default();
    config.base_url = wawp_core::BaseUrl::parse(base_url).unwrap();
    config.retry = RetryPolicy::attempts(attempts);
    config
}

#[test]
fn a_call_has_one_span_with_opentelemetry_fields_and_a_404_logs_below_warn() {
    let (recorded, subscriber) = recording();
    let client = BlockingClient::with_config(
        Answers(Mutex::new(vec![404])),
        AccessToken::new(TOKEN).unwrap(),
        config("https://api.example.test:8443/prefix", 3),
    );
    tracing::subscriber::with_default(subscriber, || {
        client.logout(&InstanceId::new("i").unwrap()).unwrap_err();
    });
    let span = recorded.call_span();
    for (field, value) in [
        ("http.request.method", "POST"),
        ("server.address", "api.example.test"),
        ("server.port", "8443"),
        ("url.path", "/prefix/v2/session/logout"),
        ("http.response.status_code", "404"),
        ("error.type", "not_found"),
        ("http.request.resend_count", "0"),
        ("wawp.attempts", "1"),
        ("wawp.outcome", "error"),
    ] {
        assert_eq!(
            span.get(field).map(String::as_str),
            Some(value),
            "{field}: {span:?}"
        );
    }
    let seen = recorded.0.lock().unwrap();
    let failed: Vec<_> = seen
        .events
        .iter()
        .filter(|e| {
            e.1.iter()
                .any(|(k, v)| k == "message" && v == "wawp request failed")
        })
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0].0,
        tracing::Level::INFO,
        "an expected 4xx is not a WARN"
    );
    assert!(
        seen.events
            .iter()
            .all(|e| e.2.as_deref() == Some("wawp call")),
        "every event happens inside the call's span"
    );
    drop(seen);
    let text = recorded.all_text();
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("access_token"), "{text}");
    assert!(!text.contains("instance_id="), "{text}");
}

#[test]
fn retries_count_as_resends_and_a_5xx_is_a_warning() {
    let (recorded, subscriber) = recording();
    let client = wawp_core::Client::with_config(
        Answers(Mutex::new(vec![503, 503, 200])),
        AccessToken::new(TOKEN).unwrap(),
        config("https://api.wawp.net", 3),
    );
    tracing::subscriber::with_default(subscriber, || {
        futures_executor::block_on(client.logout(&InstanceId::new("i").unwrap())).unwrap();
    });
    let span = recorded.call_span();
    for (field, value) in [
        ("server.port", "443"),
        ("url.path", "/v2/session/logout"),
        ("http.response.status_code", "200"),
        ("http.request.resend_count", "2"),
        ("wawp.attempts", "3"),
        ("wawp.outcome", "ok"),
    ] {
        assert_eq!(
            span.get(field).map(String::as_str),
            Some(value),
            "{field}: {span:?}"
        );
    }
    assert!(!span.contains_key("error.type"), "{span:?}");
    let seen = recorded.0.lock().unwrap();
    let levels: Vec<_> = seen
        .events
        .iter()
        .filter(|e| e.1.iter().any(|(k, _)| k == "kind"))
        .map(|e| e.0)
        .collect();
    assert_eq!(levels, [tracing::Level::WARN, tracing::Level::WARN]);
    assert!(
        seen.events
            .iter()
            .all(|e| e.2.as_deref() == Some("wawp call")),
        "the async call's events happen inside its span"
    );
    drop(seen);
    assert!(!recorded.all_text().contains(TOKEN));
}

//! With the `tracing` feature, each attempt emits events with method, path,
//! attempt, status and elapsed time — and never the query string or token.
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

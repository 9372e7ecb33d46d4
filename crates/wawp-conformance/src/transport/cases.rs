//! The transport cases, one function each, handed the [`Transports`] to test;
//! [`transport_cases!`](crate::transport_cases) makes one `#[test]` of each
//! (add a new case there too). Every case starts its own [`Server`].

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use wawp_core::http::{Method, Request};
use wawp_core::{
    AccessToken, Config, DEFAULT_USER_AGENT, Endpoint, Error, InstanceId, Limits, Logout,
    ParamLocation, Proxy, TransportError, TransportErrorKind,
};

use super::{
    Harness, Next, SESSION_JSON, Server, TOKEN, TestPki, Transports, closed_port, respond,
};

fn limits(timeout_ms: u64, max: usize) -> Limits {
    Limits::new(Some(Duration::from_millis(timeout_ms)), max)
}

/// A `POST` to `path` on `server`, with an empty body.
fn post(server: &Server, path: &str) -> Request<Vec<u8>> {
    Request::builder()
        .method(Method::POST)
        .uri(format!("{}{path}", server.base_url()))
        .header("content-length", "0")
        .body(Vec::new())
        .unwrap()
}

/// The error the default transport must give for `/` on `server`.
fn failure<H: Harness>(
    transports: &Transports<'_, H>,
    server: &Server,
    limits: Limits,
) -> TransportError {
    transports
        .default()
        .send(post(server, "/"), &limits)
        .unwrap_err()
}

/// A configuration for `base`, with no proxy whatever the machine says.
fn config_for(base: &str) -> Config {
    let mut config = Config::default().with_base_url(base).unwrap();
    config.proxy = Proxy::none();
    config
}

fn logout_request(base: &str, params: ParamLocation) -> Request<Vec<u8>> {
    let mut config = config_for(base);
    config.params = params;
    let token = AccessToken::new(TOKEN).unwrap();
    Logout::new(InstanceId::new("3EB0BCB2E3D4").unwrap())
        .build(&config, &token)
        .unwrap()
}

/// Every status, 2xx to 5xx, comes back as a response with its body (none
/// for 204).
pub fn every_status_is_a_response<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|req, out| {
        let status: u16 = req
            .request_line()
            .split('/')
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(500);
        respond(out, status, &[("content-type", "text/plain")], b"body")
    });
    let h = transports.default();
    for status in [200, 204, 400, 401, 404, 429, 500, 502, 503] {
        let r = h
            .send(post(&server, &format!("/{status}")), &limits(5_000, 1024))
            .unwrap();
        assert_eq!(r.status().as_u16(), status);
        if status != 204 {
            assert_eq!(r.body(), b"body");
        }
    }
}

/// 301, 302, 303, 307 and 308 come back as responses with their `Location`;
/// the target is never requested.
pub fn redirects_are_returned_not_followed<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|req, out| {
        let target = req.request_line().split(' ').nth(1).unwrap_or("/");
        match target.trim_start_matches('/').parse::<u16>() {
            Ok(status) => respond(out, status, &[("location", "/moved?access_token=x")], b""),
            Err(_) => respond(out, 200, &[], b"followed!"),
        }
    });
    let h = transports.default();
    for status in [301, 302, 303, 307, 308] {
        let r = h
            .send(post(&server, &format!("/{status}")), &limits(5_000, 1024))
            .unwrap();
        assert_eq!(r.status().as_u16(), status);
        assert_eq!(r.headers()["location"], "/moved?access_token=x");
    }
    let targets: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.request_line().to_owned())
        .collect();
    assert!(
        targets.iter().all(|t| !t.contains("moved")),
        "followed: {targets:?}"
    );
    assert_eq!(targets.len(), 5);
}

/// A server that answers after 3 s is a `Timeout` after the 300 ms total
/// timeout (not before, not much later).
pub fn total_timeout_covers_a_slow_answer<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|_, out| {
        std::thread::sleep(Duration::from_secs(3));
        respond(out, 200, &[], b"late")
    });
    let h = transports.default();
    let start = Instant::now();
    let err = h.send(post(&server, "/"), &limits(300, 1024)).unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(err.kind(), TransportErrorKind::Timeout, "{err}");
    assert!(elapsed >= Duration::from_millis(290), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2_000), "{elapsed:?}");
}

/// A body that trickles in for 5 s is a `Timeout` after the 400 ms total
/// timeout: the timeout covers reading the body, not only the head.
pub fn total_timeout_covers_a_slow_body<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|_, out| {
        out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n")?;
        out.flush()?;
        for _ in 0..100 {
            std::thread::sleep(Duration::from_millis(50));
            out.write_all(b"x")?;
            out.flush()?;
        }
        Ok(Next::Close)
    });
    let h = transports.default();
    let start = Instant::now();
    let err = h.send(post(&server, "/"), &limits(400, 1024)).unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(err.kind(), TransportErrorKind::Timeout, "{err}");
    assert!(elapsed < Duration::from_millis(2_100), "{elapsed:?}");
}

/// Through the client, a transport timeout is `Error::Timeout` naming the
/// configured timeout.
pub fn timeout_error_becomes_error_timeout<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|_, out| {
        std::thread::sleep(Duration::from_secs(3));
        respond(out, 200, &[], SESSION_JSON.as_bytes())
    });
    let mut config = config_for(&server.base_url());
    config.timeout = Some(Duration::from_millis(300));
    let err = transports
        .default()
        .logout(
            config,
            AccessToken::new(TOKEN).unwrap(),
            &InstanceId::new("3EB0BCB2E3D4").unwrap(),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { after: Some(d) } if d == Duration::from_millis(300)),
        "{err:?}"
    );
}

/// A `Content-Length` over the limit is `BodyTooLarge` at once, without
/// waiting for the body.
pub fn oversized_content_length_is_refused_before_reading<H: Harness>(
    transports: &Transports<'_, H>,
) {
    // Announces 10 MB, sends 10 bytes, then waits: a transport that
    // tried to read the body would hang until the timeout.
    let server = Server::start(|_, out| {
        out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 10000000\r\n\r\n0123456789")?;
        out.flush()?;
        std::thread::sleep(Duration::from_secs(10));
        Ok(Next::Close)
    });
    let start = Instant::now();
    let err = failure(transports, &server, limits(5_000, 1_000));
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{err}");
    assert!(
        start.elapsed() < Duration::from_millis(4_000),
        "{:?}",
        start.elapsed()
    );
}

/// An endless chunked body is `BodyTooLarge` soon after the limit: the
/// transport stops reading instead of buffering.
pub fn oversized_chunked_body_stops_reading_early<H: Harness>(transports: &Transports<'_, H>) {
    let written = Arc::new(AtomicUsize::new(0));
    let counter = written.clone();
    let server = Server::start(move |_, out| {
        out.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")?;
        let chunk = vec![b'a'; 16 * 1024];
        // Up to 256 MiB: far more than any buffer along the way.
        for _ in 0..16 * 1024 {
            out.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())?;
            out.write_all(&chunk)?;
            out.write_all(b"\r\n")?;
            counter.fetch_add(chunk.len(), Ordering::SeqCst);
        }
        out.write_all(b"0\r\n\r\n")?;
        Ok(Next::Close)
    });
    let start = Instant::now();
    let err = failure(transports, &server, limits(20_000, 64 * 1024));
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // Give the server a moment to notice the closed connection.
    std::thread::sleep(Duration::from_millis(300));
    let sent = written.load(Ordering::SeqCst);
    assert!(
        sent < 32 * 1024 * 1024,
        "the server could write {sent} bytes"
    );
}

/// A body of exactly the limit is accepted, one byte more refused, with a
/// `Content-Length` and chunked.
pub fn body_of_exactly_the_limit_is_accepted<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|req, out| {
        let body = vec![b'z'; 1000];
        if req.request_line().contains("chunked") {
            out.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")?;
            for part in body.chunks(300) {
                out.write_all(format!("{:x}\r\n", part.len()).as_bytes())?;
                out.write_all(part)?;
                out.write_all(b"\r\n")?;
            }
            out.write_all(b"0\r\n\r\n")?;
            Ok(Next::KeepAlive)
        } else {
            respond(out, 200, &[], &body)
        }
    });
    let h = transports.default();
    for path in ["/length", "/chunked"] {
        let r = h.send(post(&server, path), &limits(5_000, 1000)).unwrap();
        assert_eq!(r.body().len(), 1000, "{path}");
        let err = h
            .send(post(&server, path), &limits(5_000, 999))
            .unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{path}");
    }
}

/// The request on the wire is the one core built, in both parameter
/// locations: target, body, each header once (`Content-Type` only with the
/// JSON body: an empty body has none), no `Transfer-Encoding` or
/// `Accept-Encoding` of the transport's own.
pub fn request_bytes_are_exactly_what_core_built<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|_, out| {
        respond(
            out,
            200,
            &[("content-type", "application/json")],
            SESSION_JSON.as_bytes(),
        )
    });
    let h = transports.default();
    for params in [ParamLocation::Query, ParamLocation::JsonBody] {
        let request = logout_request(&server.base_url(), params);
        let expected_target = request.uri().path_and_query().unwrap().to_string();
        let expected_body = request.body().clone();
        let r = h.send(request, &limits(5_000, 1024)).unwrap();
        assert_eq!(r.body(), SESSION_JSON.as_bytes());
        let seen = server.requests().pop().unwrap();
        assert_eq!(
            seen.request_line(),
            format!("POST {expected_target} HTTP/1.1"),
            "{params:?}"
        );
        assert_eq!(seen.body, expected_body, "{params:?}");
        for name in ["accept", "user-agent", "content-length", "host"] {
            assert_eq!(
                seen.header_values(name).len(),
                1,
                "{name} in {:?} ({params:?})",
                seen.head
            );
        }
        let content_type: &[&str] = match params {
            ParamLocation::JsonBody => &["application/json"],
            _ => &[],
        };
        assert_eq!(
            seen.header_values("content-type"),
            content_type,
            "{:?} ({params:?})",
            seen.head
        );
        assert_eq!(seen.header_values("accept"), ["application/json"]);
        assert_eq!(seen.header_values("user-agent"), [DEFAULT_USER_AGENT]);
        assert_eq!(
            seen.header_values("content-length"),
            [expected_body.len().to_string()]
        );
        assert!(
            seen.header_values("transfer-encoding").is_empty(),
            "{:?}",
            seen.head
        );
        assert!(
            seen.header_values("accept-encoding").is_empty(),
            "{:?}",
            seen.head
        );
    }
}

/// Sequential requests reuse their connection (at most 3 for 30 requests).
pub fn connections_are_kept_alive<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()));
    let h = transports.default();
    for _ in 0..30 {
        h.send(post(&server, "/"), &limits(5_000, 1024)).unwrap();
    }
    assert_eq!(server.requests().len(), 30);
    // Exactly one for ureq; hyper-util's pool (hyper, reqwest) may
    // race a returning connection and open a second one.
    assert!(
        server.connections() <= 3,
        "{} connections",
        server.connections()
    );
}

/// A refused connection is `Connect`, retryable and certainly not sent, and
/// no error text shows the token.
pub fn refused_connection_is_connect_and_never_shows_the_token<H: Harness>(
    transports: &Transports<'_, H>,
) {
    let port = closed_port();
    let base = format!("http://127.0.0.1:{port}");
    let h = transports.default();
    let err = h
        .send(
            logout_request(&base, ParamLocation::Query),
            &limits(5_000, 1024),
        )
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect, "{err}");
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
    }

    let config = config_for(&base);
    let err = h
        .logout(
            config,
            AccessToken::new(TOKEN).unwrap(),
            &InstanceId::new("3EB0BCB2E3D4").unwrap(),
        )
        .unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
    assert!(!err.maybe_sent(), "{err:?}");
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(!text.contains("access_token=SECRET"), "{text}");
    }
}

/// An answer that is not HTTP is `Io`.
pub fn invalid_http_is_io<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|_, out| {
        out.write_all(b"this is not http\r\n\r\n")?;
        Ok(Next::Close)
    });
    let err = failure(transports, &server, limits(5_000, 1024));
    assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
}

/// A connection closed without an answer is `Io`.
pub fn connection_closed_without_answer_is_io<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|_, _| Ok(Next::Close));
    let err = failure(transports, &server, limits(5_000, 1024));
    assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
}

/// A body shorter than its `Content-Length` is `Io`.
pub fn truncated_body_is_io<H: Harness>(transports: &Transports<'_, H>) {
    let server = Server::start(|_, out| {
        out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort")?;
        Ok(Next::Close)
    });
    let err = failure(transports, &server, limits(5_000, 1024));
    assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
}

/// A certificate from an untrusted CA is `Tls` (without the token in the
/// error); trusting that CA, the request and a full logout succeed.
pub fn untrusted_certificate_is_tls_and_custom_root_works<H: Harness>(
    transports: &Transports<'_, H>,
) {
    let pki = TestPki::generate();
    let server = Server::start_tls(
        |_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()),
        &pki,
    );
    let request = || logout_request(&server.base_url(), ParamLocation::Query);

    let err = transports
        .default()
        .send(request(), &limits(5_000, 1024))
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Tls, "{err}");
    assert!(!format!("{err:?}").contains(TOKEN));

    let h = transports.trusting(&pki);
    let r = h.send(request(), &limits(5_000, 1024)).unwrap();
    assert_eq!(r.body(), SESSION_JSON.as_bytes());
    let config = config_for(&server.base_url());
    let session = h
        .logout(
            config,
            AccessToken::new(TOKEN).unwrap(),
            &InstanceId::new("3EB0BCB2E3D4").unwrap(),
        )
        .unwrap();
    assert_eq!(session.instance_id, "3EB0BCB2E3D4");
}

//! A tiny loopback HTTP/1.1 server and the transport test cases shared by
//! the three transport crates (this file is identical in each of them).
//!
//! The server records every request it reads, raw, and answers with a
//! handler that writes whatever bytes it likes, so tests can script slow,
//! oversized, redirecting or broken answers.

#![allow(dead_code, unreachable_pub)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One request as the server read it from the wire.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// Request line and headers, as sent (without the blank line).
    pub head: String,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
}

impl RawRequest {
    /// `METHOD target HTTP/x.y`.
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    /// Every value of header `name` (case-insensitive), in order.
    pub fn header_values(&self, name: &str) -> Vec<String> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .filter(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// Every header name, lowercased, in order.
    pub fn header_names(&self) -> Vec<String> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .map(|(n, _)| n.trim().to_ascii_lowercase())
            .collect()
    }
}

/// Whether to keep reading requests on a connection after answering one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    KeepAlive,
    Close,
}

type Handler = Arc<dyn Fn(&RawRequest, &mut dyn Write) -> io::Result<Next> + Send + Sync>;

/// A server on 127.0.0.1, stopped when dropped.
pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<RawRequest>>>,
    connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    tls: bool,
}

impl Server {
    /// A plain-HTTP server answering with `handler`.
    pub fn start(
        handler: impl Fn(&RawRequest, &mut dyn Write) -> io::Result<Next> + Send + Sync + 'static,
    ) -> Self {
        Self::start_inner(Arc::new(handler), None)
    }

    /// An HTTPS server answering with `handler`.
    pub fn start_tls(
        handler: impl Fn(&RawRequest, &mut dyn Write) -> io::Result<Next> + Send + Sync + 'static,
        config: Arc<rustls::ServerConfig>,
    ) -> Self {
        Self::start_inner(Arc::new(handler), Some(config))
    }

    fn start_inner(handler: Handler, tls: Option<Arc<rustls::ServerConfig>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let server = Self {
            addr,
            requests: requests.clone(),
            connections: connections.clone(),
            stop: stop.clone(),
            tls: tls.is_some(),
        };
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                connections.fetch_add(1, Ordering::SeqCst);
                let handler = handler.clone();
                let requests = requests.clone();
                let tls = tls.clone();
                thread::spawn(move || {
                    let _ = stream.set_nodelay(true);
                    match tls {
                        None => serve(stream, &handler, &requests),
                        Some(config) => {
                            let Ok(conn) = rustls::ServerConnection::new(config) else {
                                return;
                            };
                            serve(rustls::StreamOwned::new(conn, stream), &handler, &requests)
                        }
                    }
                });
            }
        });
        server
    }

    /// `http://127.0.0.1:port` (or `https://`).
    pub fn base_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every request read so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests.lock().unwrap().clone()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve<S: Read + Write>(stream: S, handler: &Handler, requests: &Mutex<Vec<RawRequest>>) {
    let mut reader = BufReader::new(stream);
    loop {
        let Ok(Some(request)) = read_request(&mut reader) else {
            return;
        };
        requests.lock().unwrap().push(request.clone());
        let stream = reader.get_mut();
        let next = handler(&request, stream);
        let _ = stream.flush();
        if !matches!(next, Ok(Next::KeepAlive)) {
            return;
        }
    }
}

fn read_request<R: BufRead>(reader: &mut R) -> io::Result<Option<RawRequest>> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if line == "\r\n" || line == "\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut request = RawRequest {
        head: head.trim_end().to_owned(),
        body: Vec::new(),
    };
    let length: usize = request
        .header_values("content-length")
        .first()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    request.body = vec![0; length];
    reader.read_exact(&mut request.body)?;
    Ok(Some(request))
}

/// Writes a complete response with `status`, extra `headers` and `body`.
pub fn respond(
    out: &mut dyn Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<Next> {
    // 204 and 304 answers have no body, whatever the handler asked for.
    let body = if matches!(status, 204 | 304) {
        &[][..]
    } else {
        body
    };
    let mut head = format!("HTTP/1.1 {status} Status\r\n");
    if status != 204 {
        head.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()?;
    Ok(Next::KeepAlive)
}

/// The documented success body.
pub const SESSION_JSON: &str =
    r#"{"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;

/// The token used in every test; it must never show in any output.
pub const TOKEN: &str = "SECRET-TOKEN-123";

/// A self-signed certificate for 127.0.0.1 and a server config using it.
pub fn tls_server() -> (Vec<u8>, Arc<rustls::ServerConfig>) {
    let key = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let cert_der = key.cert.der().to_vec();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![key.cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.signing_key.serialize_der().into()),
    )
    .unwrap();
    (cert_der, Arc::new(config))
}

/// A free loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// What the shared cases need from a transport, blocking.
pub trait Harness: Sized {
    /// A harness over the default transport.
    fn new() -> Self;
    /// A harness whose transport trusts only `root_der`.
    fn trusting(root_der: &[u8]) -> Self;
    /// Sends `request` through the transport.
    fn send(
        &self,
        request: wawp_core::http::Request<Vec<u8>>,
        limits: &wawp_core::Limits,
    ) -> Result<wawp_core::http::Response<Vec<u8>>, wawp_core::TransportError>;
    /// A full logout through the library's client over this transport.
    fn logout(
        &self,
        config: wawp_core::Config,
        token: wawp_core::AccessToken,
        id: &wawp_core::InstanceId,
    ) -> Result<wawp_core::Session, wawp_core::Error>;
}

/// Generates the transport test cases for a [`Harness`].
#[macro_export]
macro_rules! transport_cases {
    ($harness:ty) => {
        mod cases {
            use std::sync::Arc;
            use std::sync::atomic::{AtomicUsize, Ordering};
            use std::time::{Duration, Instant};

            use wawp_core::http::{Method, Request};
            use wawp_core::{
                AccessToken, Config, Endpoint, InstanceId, Limits, Logout, ParamLocation,
                TransportErrorKind,
            };

            use super::support::{self, Harness as _, Next, Server};

            type H = $harness;

            fn limits(timeout_ms: u64, max: usize) -> Limits {
                Limits::new(Some(Duration::from_millis(timeout_ms)), max)
            }

            fn get(server: &Server, path: &str) -> Request<Vec<u8>> {
                Request::builder()
                    .method(Method::POST)
                    .uri(format!("{}{path}", server.base_url()))
                    .header("content-length", "0")
                    .body(Vec::new())
                    .unwrap()
            }

            fn logout_request(base: &str, params: ParamLocation) -> Request<Vec<u8>> {
                let mut config = Config::default().with_base_url(base).unwrap();
                config.params = params;
                let token = AccessToken::new(support::TOKEN).unwrap();
                Logout::new(InstanceId::new("3EB0BCB2E3D4").unwrap())
                    .build(&config, &token)
                    .unwrap()
            }

            #[test]
            fn every_status_is_a_response() {
                let server = Server::start(|req, out| {
                    let status: u16 = req
                        .request_line()
                        .split('/')
                        .nth(1)
                        .and_then(|s| s.split(' ').next())
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(500);
                    support::respond(out, status, &[("content-type", "text/plain")], b"body")
                });
                let h = H::new();
                for status in [200, 204, 400, 401, 404, 429, 500, 502, 503] {
                    let r = h
                        .send(get(&server, &format!("/{status}")), &limits(5_000, 1024))
                        .unwrap();
                    assert_eq!(r.status().as_u16(), status);
                    if status != 204 {
                        assert_eq!(r.body(), b"body");
                    }
                }
            }

            #[test]
            fn redirects_are_returned_not_followed() {
                let server = Server::start(|req, out| {
                    let target = req.request_line().split(' ').nth(1).unwrap_or("/");
                    match target.trim_start_matches('/').parse::<u16>() {
                        Ok(status) => support::respond(
                            out,
                            status,
                            &[("location", "/moved?access_token=x")],
                            b"",
                        ),
                        Err(_) => support::respond(out, 200, &[], b"followed!"),
                    }
                });
                let h = H::new();
                for status in [301, 302, 303, 307, 308] {
                    let r = h
                        .send(get(&server, &format!("/{status}")), &limits(5_000, 1024))
                        .unwrap();
                    assert_eq!(r.status().as_u16(), status);
                    assert_eq!(r.headers()["location"], "/moved?access_token=x");
                }
                let targets: Vec<String> = server
                    .requests()
                    .iter()
                    .map(|r| r.request_line().to_owned())
                    .collect();
                assert!(targets.iter().all(|t| !t.contains("moved")), "followed: {targets:?}");
                assert_eq!(targets.len(), 5);
            }

            #[test]
            fn total_timeout_covers_a_slow_answer() {
                let server = Server::start(|_, out| {
                    std::thread::sleep(Duration::from_secs(3));
                    support::respond(out, 200, &[], b"late")
                });
                let h = H::new();
                let start = Instant::now();
                let err = h.send(get(&server, "/"), &limits(300, 1024)).unwrap_err();
                let elapsed = start.elapsed();
                assert_eq!(err.kind(), TransportErrorKind::Timeout, "{err}");
                assert!(elapsed >= Duration::from_millis(290), "{elapsed:?}");
                assert!(elapsed < Duration::from_millis(2_000), "{elapsed:?}");
            }

            #[test]
            fn total_timeout_covers_a_slow_body() {
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
                let h = H::new();
                let start = Instant::now();
                let err = h.send(get(&server, "/"), &limits(400, 1024)).unwrap_err();
                let elapsed = start.elapsed();
                assert_eq!(err.kind(), TransportErrorKind::Timeout, "{err}");
                assert!(elapsed < Duration::from_millis(2_100), "{elapsed:?}");
            }

            #[test]
            fn timeout_error_becomes_error_timeout() {
                let server = Server::start(|_, out| {
                    std::thread::sleep(Duration::from_secs(3));
                    support::respond(out, 200, &[], support::SESSION_JSON.as_bytes())
                });
                let mut config = Config::default().with_base_url(&server.base_url()).unwrap();
                config.timeout = Some(Duration::from_millis(300));
                let err = H::new()
                    .logout(
                        config,
                        AccessToken::new(support::TOKEN).unwrap(),
                        &InstanceId::new("3EB0BCB2E3D4").unwrap(),
                    )
                    .unwrap_err();
                assert!(
                    matches!(err, wawp_core::Error::Timeout { after: Some(d) } if d == Duration::from_millis(300)),
                    "{err:?}"
                );
            }

            #[test]
            fn oversized_content_length_is_refused_before_reading() {
                // Announces 10 MB, sends 10 bytes, then waits: a transport that
                // tried to read the body would hang until the timeout.
                let server = Server::start(|_, out| {
                    out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 10000000\r\n\r\n0123456789")?;
                    out.flush()?;
                    std::thread::sleep(Duration::from_secs(10));
                    Ok(Next::Close)
                });
                let start = Instant::now();
                let err = H::new().send(get(&server, "/"), &limits(5_000, 1_000)).unwrap_err();
                assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{err}");
                assert!(start.elapsed() < Duration::from_millis(4_000), "{:?}", start.elapsed());
            }

            #[test]
            fn oversized_chunked_body_stops_reading_early() {
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
                let err = H::new().send(get(&server, "/"), &limits(20_000, 64 * 1024)).unwrap_err();
                assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{err}");
                assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
                // Give the server a moment to notice the closed connection.
                std::thread::sleep(Duration::from_millis(300));
                let sent = written.load(Ordering::SeqCst);
                assert!(sent < 32 * 1024 * 1024, "the server could write {sent} bytes");
            }

            #[test]
            fn body_of_exactly_the_limit_is_accepted() {
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
                        support::respond(out, 200, &[], &body)
                    }
                });
                let h = H::new();
                for path in ["/length", "/chunked"] {
                    let r = h.send(get(&server, path), &limits(5_000, 1000)).unwrap();
                    assert_eq!(r.body().len(), 1000, "{path}");
                    let err = h.send(get(&server, path), &limits(5_000, 999)).unwrap_err();
                    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{path}");
                }
            }

            #[test]
            fn request_bytes_are_exactly_what_core_built() {
                let server = Server::start(|_, out| {
                    support::respond(
                        out,
                        200,
                        &[("content-type", "application/json")],
                        support::SESSION_JSON.as_bytes(),
                    )
                });
                let h = H::new();
                for params in [ParamLocation::Query, ParamLocation::JsonBody] {
                    let request = logout_request(&server.base_url(), params);
                    let expected_target = request.uri().path_and_query().unwrap().to_string();
                    let expected_body = request.body().clone();
                    let r = h.send(request, &limits(5_000, 1024)).unwrap();
                    assert_eq!(r.body(), support::SESSION_JSON.as_bytes());
                    let seen = server.requests().pop().unwrap();
                    assert_eq!(
                        seen.request_line(),
                        format!("POST {expected_target} HTTP/1.1"),
                        "{params:?}"
                    );
                    assert_eq!(seen.body, expected_body, "{params:?}");
                    for name in ["content-type", "accept", "user-agent", "content-length", "host"] {
                        assert_eq!(
                            seen.header_values(name).len(),
                            1,
                            "{name} in {:?} ({params:?})",
                            seen.head
                        );
                    }
                    assert_eq!(seen.header_values("content-type"), ["application/json"]);
                    assert_eq!(seen.header_values("accept"), ["application/json"]);
                    assert_eq!(
                        seen.header_values("user-agent"),
                        [wawp_core::DEFAULT_USER_AGENT]
                    );
                    assert_eq!(
                        seen.header_values("content-length"),
                        [expected_body.len().to_string()]
                    );
                    assert!(seen.header_values("transfer-encoding").is_empty(), "{:?}", seen.head);
                    assert!(seen.header_values("accept-encoding").is_empty(), "{:?}", seen.head);
                }
            }

            #[test]
            fn connections_are_kept_alive() {
                let server = Server::start(|_, out| {
                    support::respond(out, 200, &[], support::SESSION_JSON.as_bytes())
                });
                let h = H::new();
                for _ in 0..30 {
                    h.send(get(&server, "/"), &limits(5_000, 1024)).unwrap();
                }
                assert_eq!(server.requests().len(), 30);
                // Exactly one for ureq; hyper-util's pool (hyper, reqwest) may
                // race a returning connection and open a second one.
                assert!(server.connections() <= 3, "{} connections", server.connections());
            }

            #[test]
            fn refused_connection_is_connect_and_never_shows_the_token() {
                let port = support::closed_port();
                let base = format!("http://127.0.0.1:{port}");
                let h = H::new();
                let err = h
                    .send(logout_request(&base, ParamLocation::Query), &limits(5_000, 1024))
                    .unwrap_err();
                assert_eq!(err.kind(), TransportErrorKind::Connect, "{err}");
                for text in [format!("{err}"), format!("{err:?}")] {
                    assert!(!text.contains(support::TOKEN), "{text}");
                }

                let config = Config::default().with_base_url(&base).unwrap();
                let err = h
                    .logout(
                        config,
                        AccessToken::new(support::TOKEN).unwrap(),
                        &InstanceId::new("3EB0BCB2E3D4").unwrap(),
                    )
                    .unwrap_err();
                assert!(err.is_retryable(), "{err:?}");
                assert!(!err.maybe_sent(), "{err:?}");
                for text in [format!("{err}"), format!("{err:?}")] {
                    assert!(!text.contains(support::TOKEN), "{text}");
                    assert!(!text.contains("access_token=SECRET"), "{text}");
                }
            }

            #[test]
            fn invalid_http_is_io() {
                let server = Server::start(|_, out| {
                    out.write_all(b"this is not http\r\n\r\n")?;
                    Ok(Next::Close)
                });
                let err = H::new().send(get(&server, "/"), &limits(5_000, 1024)).unwrap_err();
                assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
            }

            #[test]
            fn connection_closed_without_answer_is_io() {
                let server = Server::start(|_, _| Ok(Next::Close));
                let err = H::new().send(get(&server, "/"), &limits(5_000, 1024)).unwrap_err();
                assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
            }

            #[test]
            fn truncated_body_is_io() {
                let server = Server::start(|_, out| {
                    out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort")?;
                    Ok(Next::Close)
                });
                let err = H::new().send(get(&server, "/"), &limits(5_000, 1024)).unwrap_err();
                assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
            }

            #[test]
            fn untrusted_certificate_is_tls_and_custom_root_works() {
                let (cert, config) = support::tls_server();
                let server = Server::start_tls(
                    |_, out| support::respond(out, 200, &[], support::SESSION_JSON.as_bytes()),
                    config,
                );
                let request = || logout_request(&server.base_url(), ParamLocation::Query);

                let err = H::new().send(request(), &limits(5_000, 1024)).unwrap_err();
                assert_eq!(err.kind(), TransportErrorKind::Tls, "{err}");
                assert!(!format!("{err:?}").contains(support::TOKEN));

                let h = H::trusting(&cert);
                let r = h.send(request(), &limits(5_000, 1024)).unwrap();
                assert_eq!(r.body(), support::SESSION_JSON.as_bytes());
                let config = Config::default().with_base_url(&server.base_url()).unwrap();
                let session = h
                    .logout(
                        config,
                        AccessToken::new(support::TOKEN).unwrap(),
                        &InstanceId::new("3EB0BCB2E3D4").unwrap(),
                    )
                    .unwrap();
                assert_eq!(session.instance_id, "3EB0BCB2E3D4");
            }
        }
    };
}

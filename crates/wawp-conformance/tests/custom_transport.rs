//! The suite against a hand-written `BlockingTransport` over
//! `std::net::TcpStream` (HTTP/1.1, one connection per request, ~90 lines):
//! proof that the transport seam is pluggable. Built from the `Config`, it
//! honours `Config::proxy` (asking `ProxyRules::route`, then `CONNECT`) and
//! `Config::trust` (rustls with wawp-rustls's roots), reads `Content-Length`
//! and chunked bodies within the size limit, and bounds TCP, tunnel
//! and TLS handshake by the connect timeout (a failure there, or in name
//! resolution, is `Connect` or `Tls`: nothing was sent) — so it passes every case, the
//! network ones included. Kept compact on purpose, hence `rustfmt::skip`.
//! With `Connection: close` it never meets a stale kept-alive connection,
//! and every request already goes on a new connection: it may ignore the
//! `wawp_core::transport::FreshConnection` marker of core's re-sends.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;
use wawp_core::http::{Request, Response};
use wawp_core::{
    BlockingClient, BlockingTransport, Config, Limits, ProxyRules, TransportError,
    TransportErrorKind as Kind,
};

/// Built from a `Config`: its proxy rules and a rustls configuration with
/// the machine's roots plus `Config::trust` (wawp-rustls).
struct Tiny {
    proxy: Arc<ProxyRules>,
    tls: Arc<rustls::ClientConfig>,
}

trait Stream: Read + Write {}
impl<T: Read + Write> Stream for T {}

#[rustfmt::skip]
impl Tiny {
    fn new(config: &Config) -> Self {
        Self { proxy: config.proxy.rules(), tls: Arc::new(wawp_rustls::client_config(&config.trust).expect("usable trust settings")) }
    }

    /// TCP (to the proxy, then `CONNECT`, if the rules say so) and TLS for
    /// `https`, all within the connect timeout: a failure is `Connect` (or
    /// `Tls`), nothing was sent. Returns the stream and its socket.
    fn connect(&self, req: &Request<Vec<u8>>, limits: &Limits) -> Result<(Box<dyn Stream + Send>, TcpStream), TransportError> {
        let connect = |e: std::io::Error| TransportError::new(Kind::Connect, &e);
        let deadline = limits.connect_timeout.map(|t| Instant::now() + t);
        let left = || deadline.map(|d| d.saturating_duration_since(Instant::now()).max(Duration::from_millis(1)));
        let (uri, https) = (req.uri(), req.uri().scheme_str() == Some("https"));
        let host = uri.host().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
        let target = format!("{}:{}", uri.host().unwrap_or(""), uri.port_u16().unwrap_or(if https { 443 } else { 80 }));
        let route = self.proxy.route(uri)?;
        let dial = route.map_or(target.clone(), |p| format!("{}:{}", p.host(), p.port()));
        let addr = dial.to_socket_addrs().map_err(connect)?.next().ok_or_else(|| TransportError::from_message(Kind::Connect, "no address"))?;
        let mut tcp = match left() { Some(t) => TcpStream::connect_timeout(&addr, t), None => TcpStream::connect(addr) }.map_err(connect)?;
        let socket = tcp.try_clone().map_err(connect)?;
        if let Some(proxy) = route { // The tunnel: only host:port in clear.
            let auth = proxy.basic_auth().map(|v| format!("Proxy-Authorization: {}\r\n", v.to_str().unwrap_or(""))).unwrap_or_default();
            tcp.write_all(format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n{auth}\r\n").as_bytes()).map_err(connect)?;
            let mut head = Vec::new();
            while !head.ends_with(b"\r\n\r\n") {
                socket.set_read_timeout(left()).map_err(connect)?;
                let mut byte = [0];
                if tcp.read(&mut byte).map_err(connect)? == 0 { return Err(TransportError::from_message(Kind::Connect, "the proxy closed")) }
                head.push(byte[0]);
            }
            if !head.starts_with(b"HTTP/1.1 200") && !head.starts_with(b"HTTP/1.0 200") {
                let line = String::from_utf8_lossy(&head); // The status line only: never credentials.
                return Err(TransportError::from_message(Kind::Connect, format!("the proxy refused the tunnel: {}", line.lines().next().unwrap_or(""))));
            }
        }
        if !https { return Ok((Box::new(tcp), socket)) }
        let name = ServerName::try_from(host.to_owned()).map_err(|e| TransportError::new(Kind::Connect, &e))?;
        let conn = rustls::ClientConnection::new(self.tls.clone(), name).map_err(|e| TransportError::new(Kind::Tls, &e))?;
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        while tls.conn.is_handshaking() {
            socket.set_read_timeout(left()).map_err(connect)?;
            tls.conn.complete_io(&mut tls.sock).map_err(|e| match e.kind() {
                ErrorKind::WouldBlock | ErrorKind::TimedOut => TransportError::from_message(Kind::Connect, "TLS handshake: connect timeout"),
                _ => TransportError::new(Kind::Tls, &e),
            })?;
        }
        Ok((Box::new(tls), socket))
    }
}

#[rustfmt::skip]
impl BlockingTransport for Tiny {
    fn send(&self, req: Request<Vec<u8>>, limits: &Limits) -> Result<Response<Vec<u8>>, TransportError> {
        let (max, deadline) = (limits.max_response_bytes, limits.timeout.map(|t| Instant::now() + t));
        let io = |kind| move |e: std::io::Error| match e.kind() {
            ErrorKind::WouldBlock | ErrorKind::TimedOut => TransportError::timeout(limits.timeout),
            _ => TransportError::new(kind, &e),
        };
        let bad = |why| TransportError::from_message(Kind::Io, why);
        let (mut tcp, socket) = self.connect(&req, limits)?;
        let host = req.uri().authority().map_or("", |a| a.as_str());
        let target = req.uri().path_and_query().map_or("/", |p| p.as_str());
        let mut head = format!("{} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n", req.method());
        for (name, value) in req.headers() { head += &format!("{name}: {}\r\n", value.to_str().unwrap_or("")); }
        tcp.write_all(format!("{head}\r\n").as_bytes()).and_then(|()| tcp.write_all(req.body())).map_err(io(Kind::Io))?;
        let (mut raw, mut buf) = (Vec::new(), [0; 16 * 1024]);
        loop { // Read to the end (the server closes), within the deadline and the size limit.
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left == Some(Duration::ZERO) { return Err(TransportError::timeout(limits.timeout)); }
            socket.set_read_timeout(left).map_err(io(Kind::Io))?;
            match tcp.read(&mut buf).map_err(io(Kind::Io))? { 0 => break, n => raw.extend_from_slice(&buf[..n]) }
            if raw.len() > max + 64 * 1024 || head_of(&raw).is_some_and(|(_, n, _)| n.is_some_and(|n| n > max)) { return Err(TransportError::body_too_large(max)); }
        }
        let mut slots = [httparse::EMPTY_HEADER; 128];
        let mut parsed = httparse::Response::new(&mut slots);
        let Ok(httparse::Status::Complete(len)) = parsed.parse(&raw) else { return Err(bad("incomplete response head")) };
        let (_, length, chunked) = head_of(&raw).ok_or_else(|| bad("incomplete response head"))?;
        let body = if chunked { dechunk(&raw[len..]).ok_or_else(|| bad("broken chunked body"))? } else { raw[len..].to_vec() };
        if body.len() > max { return Err(TransportError::body_too_large(max)); }
        if length.is_some_and(|n| n != body.len()) { return Err(bad("body shorter than its Content-Length")); }
        let mut response = Response::builder().status(parsed.code.unwrap_or_default());
        for h in parsed.headers.iter() { response = response.header(h.name, h.value); }
        response.body(body).map_err(|e| TransportError::new(Kind::Io, &e))
    }
}

/// The head's length, its `Content-Length` and whether the body is chunked,
/// once the whole head is in.
#[rustfmt::skip]
fn head_of(raw: &[u8]) -> Option<(usize, Option<usize>, bool)> {
    let mut slots = [httparse::EMPTY_HEADER; 128];
    let mut parsed = httparse::Response::new(&mut slots);
    let Ok(httparse::Status::Complete(len)) = parsed.parse(raw) else { return None };
    let value = |name: &str| parsed.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).and_then(|h| std::str::from_utf8(h.value).ok());
    Some((len, value("content-length").and_then(|v| v.trim().parse().ok()), value("transfer-encoding").is_some_and(|v| v.contains("chunked"))))
}

/// A chunked body, de-chunked; `None` if it is cut short.
#[rustfmt::skip]
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..line]).ok()?.trim(), 16).ok()?;
        if size == 0 { return Some(body) }
        body.extend_from_slice(raw.get(line + 2..line + 2 + size)?);
        raw = raw.get(line + 4 + size..)?;
    }
}

wawp_conformance::suite!(
    |config, token| BlockingClient::with_config(Tiny::new(&config), token, config),
    // One connection per request, by design.
    skip = ["reuses_one_connection", "connections_are_kept_alive"],
);

#[test]
fn two_runs_send_identical_requests() {
    use wawp_conformance::{WireRequest, recorded_request_on};
    let server = wawp_mock::MockServer::start();
    let make =
        |config: Config, token| BlockingClient::with_config(Tiny::new(&config), token, config);
    for params in wawp_conformance::BOTH_MODES {
        let a = recorded_request_on(&server, make, params).expect("a request");
        let b = recorded_request_on(&server, make, params).expect("a request");
        assert_eq!(WireRequest::recorded(&a), WireRequest::recorded(&b));
        assert_eq!(a.header("connection"), Some("close"));
    }
}

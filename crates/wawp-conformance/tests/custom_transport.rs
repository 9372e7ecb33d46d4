//! The suite against a hand-written `BlockingTransport` over
//! `std::net::TcpStream` (HTTP/1.1, one connection per request, ~40 lines):
//! proof that the transport seam is pluggable. Kept compact on purpose, hence
//! `rustfmt::skip`.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use wawp_core::http::{Request, Response};
use wawp_core::{
    BlockingClient, BlockingTransport, Limits, TransportError, TransportErrorKind as Kind,
};

struct Tiny;

#[rustfmt::skip]
impl BlockingTransport for Tiny {
    fn send(&self, req: Request<Vec<u8>>, limits: &Limits) -> Result<Response<Vec<u8>>, TransportError> {
        let (max, deadline) = (limits.max_response_bytes, limits.timeout.map(|t| Instant::now() + t));
        let io = |kind| move |e: std::io::Error| match e.kind() {
            ErrorKind::WouldBlock | ErrorKind::TimedOut => TransportError::timeout(limits.timeout),
            _ => TransportError::new(kind, &e),
        };
        let bad = |why| TransportError::from_message(Kind::Io, why);
        let host = req.uri().authority().map_or("", |a| a.as_str());
        let mut tcp = TcpStream::connect(host).map_err(io(Kind::Connect))?;
        let target = req.uri().path_and_query().map_or("/", |p| p.as_str());
        let mut head = format!("{} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n", req.method());
        for (name, value) in req.headers() { head += &format!("{name}: {}\r\n", value.to_str().unwrap_or("")); }
        tcp.write_all(format!("{head}\r\n").as_bytes()).and_then(|()| tcp.write_all(req.body())).map_err(io(Kind::Io))?;
        let (mut raw, mut buf) = (Vec::new(), [0; 16 * 1024]);
        loop { // Read to the end (the server closes), within the deadline and the size limit.
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left == Some(Duration::ZERO) { return Err(TransportError::timeout(limits.timeout)); }
            tcp.set_read_timeout(left).map_err(io(Kind::Io))?;
            match tcp.read(&mut buf).map_err(io(Kind::Io))? { 0 => break, n => raw.extend_from_slice(&buf[..n]) }
            if raw.len() > max + 64 * 1024 { return Err(TransportError::body_too_large(max)); }
        }
        let mut slots = [httparse::EMPTY_HEADER; 128];
        let mut parsed = httparse::Response::new(&mut slots);
        let Ok(httparse::Status::Complete(len)) = parsed.parse(&raw) else { return Err(bad("incomplete response head")) };
        let body = raw[len..].to_vec();
        let length = parsed.headers.iter().find(|h| h.name.eq_ignore_ascii_case("content-length"));
        let length = length.and_then(|h| std::str::from_utf8(h.value).ok()?.trim().parse::<usize>().ok());
        if body.len() > max { return Err(TransportError::body_too_large(max)); }
        if length.is_some_and(|n| n != body.len()) { return Err(bad("body shorter than its Content-Length")); }
        let mut response = Response::builder().status(parsed.code.unwrap_or_default());
        for h in parsed.headers.iter() { response = response.header(h.name, h.value); }
        response.body(body).map_err(|e| TransportError::new(Kind::Io, &e))
    }
}

wawp_conformance::suite!(
    |config, token| BlockingClient::with_config(Tiny, token, config),
    skip = ["reuses_one_connection"], // one connection per request, by design
);

#[test]
fn two_runs_send_identical_requests() {
    use wawp_conformance::{WireRequest, recorded_request_on};
    let server = wawp_mock::MockServer::start();
    let make = |config, token| BlockingClient::with_config(Tiny, token, config);
    for params in wawp_conformance::BOTH_MODES {
        let a = recorded_request_on(&server, make, params).expect("a request");
        let b = recorded_request_on(&server, make, params).expect("a request");
        assert_eq!(WireRequest::recorded(&a), WireRequest::recorded(&b));
        assert_eq!(a.header("connection"), Some("close"));
    }
}

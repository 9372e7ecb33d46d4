//! [`Server`]: a tiny loopback HTTP/1.1 server (std threads, no runtime) that
//! records every request it reads, raw, and answers with a handler writing
//! whatever bytes it likes, so tests can script slow, oversized, redirecting
//! or broken answers that a well-behaved simulator would never give.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use wawp_mock::TestPki;

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
    /// Read the next request on this connection.
    KeepAlive,
    /// Close the connection.
    Close,
}

type Handler = Arc<dyn Fn(&RawRequest, &mut dyn Write) -> io::Result<Next> + Send + Sync>;

/// A server on 127.0.0.1, one thread per connection, stopped when dropped.
///
/// ```
/// use std::io::Write;
/// use wawp_conformance::transport::{Next, Server, respond};
///
/// let server = Server::start(|request, out| {
///     if request.request_line().starts_with("POST /raw ") {
///         out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort")?;
///         return Ok(Next::Close);
///     }
///     respond(out, 404, &[("content-type", "text/plain")], b"no such page")
/// });
/// assert!(server.base_url().starts_with("http://127.0.0.1:"));
/// ```
#[derive(Debug)]
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

    /// An HTTPS server answering with `handler`, with the server certificate
    /// of `pki` (valid for `127.0.0.1`, signed by its CA).
    pub fn start_tls(
        handler: impl Fn(&RawRequest, &mut dyn Write) -> io::Result<Next> + Send + Sync + 'static,
        pki: &TestPki,
    ) -> Self {
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_no_client_auth()
        .with_single_cert(pki.server_cert_chain(), pki.server_key())
        .expect("rustls accepts the certificate of a TestPki");
        Self::start_inner(Arc::new(handler), Some(Arc::new(config)))
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

/// Writes a complete response with `status`, extra `headers` and `body`
/// (none for 204 and 304, whatever `body` is), and keeps the connection.
pub fn respond(
    out: &mut dyn Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<Next> {
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

/// A free loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

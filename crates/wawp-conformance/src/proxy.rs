//! [`ConnectProxy`]: a loopback HTTP proxy that only tunnels (`CONNECT`),
//! and records every byte it is sent, in clear, so tests can prove what a
//! proxy sees of a request — and what it must never see (the access token,
//! the path, the query string).
//!
//! Std threads, no runtime: it serves async and blocking tests alike. It
//! tunnels to loopback targets only (anything else gets `403`), so nothing
//! reaches a network. A request that is not `CONNECT` (a plain-HTTP request
//! in absolute form, say) is recorded, then refused with `405`: a transport
//! that sends plain `http` through a proxy shows its token in
//! [`ConnectProxy::received`].

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The longest request head the proxy reads.
const MAX_HEAD: usize = 64 * 1024;

/// How the proxy behaves; see [`ConnectProxy::builder`].
#[derive(Clone, Default)]
pub struct ConnectProxyBuilder {
    credentials: Option<(String, String)>,
    refuse: Option<u16>,
    silent: bool,
    record_answers: bool,
}

impl ConnectProxyBuilder {
    /// Require `Proxy-Authorization: Basic` with `user` and `password`;
    /// a request without them, or with others, gets `407`.
    pub fn require_credentials(mut self, user: &str, password: &str) -> Self {
        self.credentials = Some((user.to_owned(), password.to_owned()));
        self
    }

    /// Refuse every `CONNECT` with `status` (e.g. `403`), after recording it.
    pub fn refuse(mut self, status: u16) -> Self {
        self.refuse = Some(status);
        self
    }

    /// Never answer: record each request head, then hold the connection
    /// open, silent, until the proxy is dropped (a proxy that hangs; only
    /// the client's connect timeout ends a call through it).
    pub fn silent(mut self) -> Self {
        self.silent = true;
        self
    }

    /// Also record what the targets send back through the tunnels
    /// ([`ConnectProxy::answers`]); by default only what clients send is.
    pub fn record_answers(mut self) -> Self {
        self.record_answers = true;
        self
    }

    /// Starts the proxy on 127.0.0.1 and an ephemeral port.
    ///
    /// # Panics
    /// If no loopback port can be bound: this is a test utility.
    pub fn start(self) -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("wawp-conformance: bind a port");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let state = Arc::new(State {
            options: self,
            ..State::default()
        });
        let serving = state.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                if serving.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                serving.connections.fetch_add(1, Ordering::SeqCst);
                if let Ok(clone) = stream.try_clone() {
                    lock(&serving.open).push(clone);
                }
                let state = serving.clone();
                thread::spawn(move || serve(stream, &state));
            }
        });
        ConnectProxy { addr, state }
    }
}

impl fmt::Debug for ConnectProxyBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectProxyBuilder")
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "[redacted]"),
            )
            .field("refuse", &self.refuse)
            .field("silent", &self.silent)
            .field("record_answers", &self.record_answers)
            .finish()
    }
}

/// One request head the proxy received (a `CONNECT`, normally).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRequest {
    /// Request line and headers, as sent (without the blank line).
    pub head: String,
}

impl ProxyRequest {
    /// `CONNECT host:port HTTP/1.1`.
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
}

#[derive(Default)]
struct State {
    options: ConnectProxyBuilder,
    connections: AtomicUsize,
    tunnels: AtomicUsize,
    requests: Mutex<Vec<ProxyRequest>>,
    received: Mutex<Vec<u8>>,
    answers: Mutex<Vec<u8>>,
    open: Mutex<Vec<TcpStream>>,
    stop: AtomicBool,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A loopback `CONNECT` proxy that records what it sees; stopped (and every
/// connection through it closed) when dropped.
///
/// ```
/// use std::io::{Read, Write};
/// use wawp_conformance::ConnectProxy;
///
/// let proxy = ConnectProxy::builder().refuse(403).start();
/// let mut tcp = std::net::TcpStream::connect(proxy.addr())?;
/// tcp.write_all(b"CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n")?;
/// let mut answer = String::new();
/// tcp.read_to_string(&mut answer)?;
/// assert!(answer.starts_with("HTTP/1.1 403 "));
/// assert_eq!(proxy.requests()[0].request_line(), "CONNECT 127.0.0.1:9 HTTP/1.1");
/// assert_eq!((proxy.connections(), proxy.tunnels()), (1, 0));
/// assert!(proxy.saw("Host: 127.0.0.1:9"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct ConnectProxy {
    addr: SocketAddr,
    state: Arc<State>,
}

impl ConnectProxy {
    /// A proxy that tunnels to any loopback target, without credentials.
    pub fn start() -> Self {
        Self::builder().start()
    }

    /// A proxy to configure: credentials required, refusal, silence,
    /// recording.
    pub fn builder() -> ConnectProxyBuilder {
        ConnectProxyBuilder::default()
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://user:password@127.0.0.1:<port>`, `user` and `password` as
    /// given (percent-encode them yourself if needed).
    pub fn url_with_credentials(&self, user: &str, password: &str) -> String {
        format!("http://{user}:{password}@{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many TCP connections it accepted.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// How many tunnels it established (answered `200`).
    pub fn tunnels(&self) -> usize {
        self.state.tunnels.load(Ordering::SeqCst)
    }

    /// Every request head it read, in order.
    pub fn requests(&self) -> Vec<ProxyRequest> {
        lock(&self.state.requests).clone()
    }

    /// Every byte clients sent it — request heads and tunnelled bytes —
    /// in the order it read them.
    pub fn received(&self) -> Vec<u8> {
        lock(&self.state.received).clone()
    }

    /// Every byte targets sent back through its tunnels, when built with
    /// [`record_answers`](ConnectProxyBuilder::record_answers).
    pub fn answers(&self) -> Vec<u8> {
        lock(&self.state.answers).clone()
    }

    /// Whether `needle` appears in anything it was sent or (when recorded)
    /// sent back.
    pub fn saw(&self, needle: &str) -> bool {
        let needle = needle.as_bytes();
        let find =
            |bytes: &[u8]| !needle.is_empty() && bytes.windows(needle.len()).any(|w| w == needle);
        find(&lock(&self.state.received)) || find(&lock(&self.state.answers))
    }
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
        for stream in lock(&self.state.open).drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl fmt::Debug for ConnectProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectProxy")
            .field("addr", &self.addr)
            .field("connections", &self.connections())
            .field("tunnels", &self.tunnels())
            .finish_non_exhaustive()
    }
}

/// Serves one client connection: one request head, then a tunnel or a
/// refusal.
fn serve(mut client: TcpStream, state: &State) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(30)));
    let Some((head, rest)) = read_head(&mut client, state) else {
        return;
    };
    let request = ProxyRequest { head };
    lock(&state.requests).push(request.clone());
    let mut words = request.request_line().split(' ');
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let options = &state.options;
    if options.silent {
        // The clone kept in `state.open` holds the connection open.
        return;
    }
    if method != "CONNECT" {
        return refuse(&mut client, 405, "");
    }
    if let Some(status) = options.refuse {
        return refuse(&mut client, status, "");
    }
    if let Some((user, password)) = &options.credentials {
        let expected = format!("Basic {}", STANDARD.encode(format!("{user}:{password}")));
        if request.header("proxy-authorization") != Some(expected.as_str()) {
            let challenge = "Proxy-Authenticate: Basic realm=\"wawp-conformance\"\r\n";
            return refuse(&mut client, 407, challenge);
        }
    }
    let Some(upstream) = dial_loopback(target) else {
        return refuse(&mut client, 403, "");
    };
    let Ok(mut upstream) = upstream else {
        return refuse(&mut client, 502, "");
    };
    if client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .is_err()
        || upstream.write_all(&rest).is_err()
    {
        return;
    }
    state.tunnels.fetch_add(1, Ordering::SeqCst);
    let _ = client.set_read_timeout(None);
    if let Ok(clone) = upstream.try_clone() {
        lock(&state.open).push(clone);
    }
    let (Ok(client_reader), Ok(upstream_writer)) = (client.try_clone(), upstream.try_clone())
    else {
        return;
    };
    thread::scope(|scope| {
        scope.spawn(|| pipe(client_reader, upstream_writer, Some(&state.received)));
        let answers = options.record_answers.then_some(&state.answers);
        pipe(upstream, client, answers);
    });
}

/// Reads up to the end of the request head, recording every byte; returns
/// the head (without the blank line) and whatever followed it.
fn read_head(client: &mut TcpStream, state: &State) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        let n = client.read(&mut chunk).ok().filter(|&n| n > 0)?;
        lock(&state.received).extend_from_slice(&chunk[..n]);
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            return Some((head, buf[end + 4..].to_vec()));
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
    }
}

/// A connection to `target` (`host:port`) if it is a loopback address
/// (`None` otherwise: the proxy reaches no network).
fn dial_loopback(target: &str) -> Option<io::Result<TcpStream>> {
    let addrs: Vec<SocketAddr> = target.to_socket_addrs().ok()?.collect();
    if addrs.is_empty() || !addrs.iter().all(|a| a.ip().is_loopback()) {
        return None;
    }
    Some(TcpStream::connect_timeout(
        &addrs[0],
        Duration::from_secs(5),
    ))
}

/// Answers `status` with `extra` headers, and closes.
fn refuse(client: &mut TcpStream, status: u16, extra: &str) {
    let answer = format!(
        "HTTP/1.1 {status} Refused by wawp-conformance\r\n{extra}Content-Length: 0\r\n\
         Connection: close\r\n\r\n"
    );
    let _ = client.write_all(answer.as_bytes());
    let _ = client.shutdown(Shutdown::Write);
    // Let the client read the answer before the socket goes away.
    let _ = client.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = client.read(&mut [0; 1024]);
}

/// Copies `from` to `to` until either ends, recording into `record`.
fn pipe(mut from: TcpStream, mut to: TcpStream, record: Option<&Mutex<Vec<u8>>>) {
    let mut buf = [0; 16 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if let Some(record) = record {
                    lock(record).extend_from_slice(&buf[..n]);
                }
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
    let _ = from.shutdown(Shutdown::Read);
}

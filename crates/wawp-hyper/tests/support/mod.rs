//! What the network tests share: configs that ignore the machine's proxy
//! variables, a recording `CONNECT` proxy, and a TLS listener that never
//! answers.

#![allow(dead_code, unreachable_pub)]

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use wawp_core::{AccessToken, Config, FromConfig, InstanceId, Proxy};
use wawp_hyper::HyperTransport;

#[allow(unused_imports)]
pub use wawp_conformance::transport::{Next, SESSION_JSON, Server, TOKEN, TestPki, respond};

/// `base` with no proxy, whatever the environment says.
pub fn config(base: &str) -> Config {
    let mut config = Config::default().with_base_url(base).unwrap();
    config.proxy = Proxy::none();
    config
}

/// A transport from `config`.
pub fn transport(config: &Config) -> HyperTransport {
    HyperTransport::from_config(config).unwrap()
}

pub fn token() -> AccessToken {
    AccessToken::new(TOKEN).unwrap()
}

pub fn id() -> InstanceId {
    InstanceId::new("3EB0BCB2E3D4").unwrap()
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The runtimes a transport is used on: current-thread and multi-thread.
pub fn runtimes() -> [(&'static str, tokio::runtime::Runtime); 2] {
    [
        ("current_thread", runtime()),
        (
            "multi_thread",
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap(),
        ),
    ]
}

/// An HTTPS server with `pki`'s certificate answering every request with
/// the documented session.
pub fn session_server_tls(pki: &TestPki) -> Server {
    Server::start_tls(
        |_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()),
        pki,
    )
}

/// How a [`ConnectProxy`] answers `CONNECT`.
#[derive(Debug, Clone, Copy)]
pub enum ProxyMode {
    /// `200`, then relays bytes both ways.
    Tunnel,
    /// This status, and the connection closed.
    Refuse(u16),
    /// Nothing at all.
    Silent,
}

/// A loopback `CONNECT` proxy that records every byte a client sends it.
pub struct ConnectProxy {
    port: u16,
    seen: Arc<Mutex<Vec<u8>>>,
    heads: Arc<Mutex<Vec<String>>>,
    connections: Arc<AtomicUsize>,
}

impl ConnectProxy {
    pub fn start(mode: ProxyMode) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (s, h, c) = (seen.clone(), heads.clone(), connections.clone());
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                c.fetch_add(1, Ordering::SeqCst);
                let (s, h) = (s.clone(), h.clone());
                thread::spawn(move || {
                    let _ = serve_proxy(client, mode, &s, &h);
                });
            }
        });
        Self {
            port,
            seen,
            heads,
            connections,
        }
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Every byte clients sent, `CONNECT` heads and tunnelled bytes.
    pub fn seen(&self) -> Vec<u8> {
        self.seen.lock().unwrap().clone()
    }

    /// The `CONNECT` request heads, in order.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn serve_proxy(
    mut client: TcpStream,
    mode: ProxyMode,
    seen: &Arc<Mutex<Vec<u8>>>,
    heads: &Mutex<Vec<String>>,
) -> io::Result<()> {
    // The head, byte by byte: nothing past it is read here.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte)? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    seen.lock().unwrap().extend_from_slice(&head);
    let head = String::from_utf8_lossy(&head).into_owned();
    heads.lock().unwrap().push(head.clone());
    match mode {
        ProxyMode::Silent => {
            thread::sleep(Duration::from_secs(30));
            return Ok(());
        }
        ProxyMode::Refuse(status) => {
            write!(
                client,
                "HTTP/1.1 {status} Refused\r\ncontent-length: 0\r\n\r\n"
            )?;
            return Ok(());
        }
        ProxyMode::Tunnel => {}
    }
    let target = head
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("CONNECT "))
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_default()
        .to_owned();
    let Ok(upstream) = TcpStream::connect(&target) else {
        client.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n")?;
        return Ok(());
    };
    client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
    let (mut from_client, mut to_upstream) = (client.try_clone()?, upstream.try_clone()?);
    let seen = seen.clone();
    let up = thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = from_client.read(&mut buf) {
            if n == 0 || to_upstream.write_all(&buf[..n]).is_err() {
                break;
            }
            seen.lock().unwrap().extend_from_slice(&buf[..n]);
        }
        let _ = to_upstream.shutdown(Shutdown::Write);
    });
    let (mut from_upstream, mut to_client) = (upstream, client);
    let _ = io::copy(&mut from_upstream, &mut to_client);
    let _ = to_client.shutdown(Shutdown::Write);
    let _ = up.join();
    Ok(())
}

/// A listener that accepts connections and never says a word: a TLS
/// handshake against it hangs. Keeps the connections open while it lives.
pub struct SilentListener {
    pub port: u16,
    _held: Arc<Mutex<Vec<TcpStream>>>,
}

impl SilentListener {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let held = Arc::new(Mutex::new(Vec::new()));
        let keep = held.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                keep.lock().unwrap().push(stream);
            }
        });
        Self { port, _held: held }
    }

    pub fn base_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }
}

/// Whether `haystack` contains `needle`.
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

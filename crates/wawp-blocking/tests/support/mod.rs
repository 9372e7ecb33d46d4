//! Loopback fixtures for the network tests: a `CONNECT` proxy that records
//! every byte clients send it, a listener that accepts TCP and never
//! answers (a TLS handshake that never ends), and a server that closes each
//! kept-alive connection a few milliseconds after answering.
//!
//! (The conformance suite grows the same fixtures; these stay small.)

#![allow(dead_code, unreachable_pub)]

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use wawp_conformance::transport::{Next, RawRequest, SESSION_JSON, Server, respond};
use wawp_mock::TestPki;

/// How long after answering [`closing_server`] closes the connection.
pub const CLOSE_AFTER: Duration = Duration::from_millis(3);

/// A server that answers every request with a session, then closes the
/// connection [`CLOSE_AFTER`] later without `Connection: close` and
/// without reading what came in meanwhile (a load balancer closing idle
/// connections). TLS with `pki`'s certificate when given.
pub fn closing_server(pki: Option<&TestPki>) -> Server {
    let handler = |_: &RawRequest, out: &mut dyn Write| {
        respond(out, 200, &[], SESSION_JSON.as_bytes())?;
        thread::sleep(CLOSE_AFTER);
        Ok(Next::Close)
    };
    match pki {
        Some(pki) => Server::start_tls(handler, pki),
        None => Server::start(handler),
    }
}

/// A listener that accepts connections and never reads or writes: a TLS
/// client's handshake never ends.
pub struct Staller {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
}

impl Staller {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                counter.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
        Self { addr, accepted }
    }

    pub fn base_url(&self) -> String {
        format!("https://{}", self.addr)
    }

    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

/// An HTTP proxy that tunnels `CONNECT` to loopback and refuses anything
/// else, recording every byte clients send it.
pub struct RecordingProxy {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<u8>>>,
    connections: Arc<AtomicUsize>,
}

impl RecordingProxy {
    /// A proxy that tunnels.
    pub fn start() -> Self {
        Self::with_answer(None)
    }

    /// A proxy that answers every `CONNECT` with `status` and no tunnel.
    pub fn refusing(status: u16) -> Self {
        Self::with_answer(Some(status))
    }

    fn with_answer(refuse: Option<u16>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (s, c) = (seen.clone(), connections.clone());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                c.fetch_add(1, Ordering::SeqCst);
                let seen = s.clone();
                thread::spawn(move || {
                    let _ = tunnel(stream, &seen, refuse);
                });
            }
        });
        Self {
            addr,
            seen,
            connections,
        }
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://user:password@127.0.0.1:port`.
    pub fn url_with(&self, user: &str, password: &str) -> String {
        format!("http://{user}:{password}@{}", self.addr)
    }

    /// Every byte clients sent, lossily as text.
    pub fn seen(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().unwrap()).into_owned()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn tunnel(mut client: TcpStream, seen: &Mutex<Vec<u8>>, refuse: Option<u16>) -> io::Result<()> {
    let mut head = Vec::new();
    let mut byte = [0; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte)? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
        seen.lock().unwrap().push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let target = match head.split(' ').collect::<Vec<_>>()[..] {
        ["CONNECT", target, ..] if target.starts_with("127.0.0.1:") => target.to_owned(),
        _ => {
            client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n")?;
            return Ok(());
        }
    };
    if let Some(status) = refuse {
        let answer = format!("HTTP/1.1 {status} Refused\r\ncontent-length: 0\r\n\r\n");
        client.write_all(answer.as_bytes())?;
        return Ok(());
    }
    let upstream = TcpStream::connect(target)?;
    client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
    let (mut up_read, mut client_write) = (upstream.try_clone()?, client.try_clone()?);
    thread::spawn(move || {
        let _ = io::copy(&mut up_read, &mut client_write);
        let _ = client_write.shutdown(Shutdown::Write);
    });
    let mut upstream = upstream;
    let mut buf = [0; 16 * 1024];
    loop {
        let n = client.read(&mut buf)?;
        if n == 0 {
            let _ = upstream.shutdown(Shutdown::Write);
            return Ok(());
        }
        seen.lock().unwrap().extend_from_slice(&buf[..n]);
        upstream.write_all(&buf[..n])?;
    }
}

//! The accept loop and the per-connection task: read a request, record it,
//! carry out the chosen [`Action`], repeat while the connection is kept alive.

use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::endpoint::{self, Action};
use crate::recorded::RecordedRequest;
use crate::state::LockedState;
use crate::stream::Acceptor;
use crate::wire::{Conn, Parsed, Read, Response};

/// Accepts connections until `stop` fires (or its sender is dropped), each
/// through `acceptor` (plain or TLS).
pub(crate) async fn serve(
    listener: TcpListener,
    acceptor: Acceptor,
    hooks: Hooks,
    shared: LockedState,
    mut stop: oneshot::Receiver<()>,
) {
    loop {
        tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let number = {
                        let mut state = shared.lock();
                        state.connections += 1;
                        state.connections
                    };
                    let (acceptor, hooks, shared) = (acceptor.clone(), hooks.clone(), shared.clone());
                    tokio::spawn(connection(stream, acceptor, hooks, number, shared));
                }
                // Out of file descriptors, or the like: back off briefly.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
}

/// Serves one connection until it closes or a behaviour ends it. I/O errors
/// (a failed TLS handshake included) just end the connection: the peer is
/// gone.
async fn connection(
    tcp: TcpStream,
    acceptor: Acceptor,
    hooks: Hooks,
    number: usize,
    shared: LockedState,
) {
    if hooks.stall {
        // Hold the socket, silent, until the server stops.
        let _held = tcp;
        return std::future::pending().await;
    }
    // Best effort: small answers should not wait for Nagle.
    let _ = tcp.set_nodelay(true);
    let Ok(stream) = acceptor.accept(tcp).await else {
        return;
    };
    let mut conn = Conn::new(stream, shared.clone());
    let mut sequence = 0;
    loop {
        let parsed = match conn.read_request().await {
            Ok(Read::Request(parsed)) => parsed,
            Ok(Read::Malformed(answer)) => {
                if conn.write(&answer.to_bytes(false)).await.is_ok() {
                    conn.stream.close().await;
                }
                return;
            }
            Ok(Read::Closed) | Err(_) => return,
        };
        sequence += 1;
        let keep_alive = parsed.keep_alive;
        let request = record(parsed, number, sequence);
        if let Some(handler) = &hooks.raw {
            shared.lock().requests.push(request.clone());
            match crate::raw::run(handler.clone(), request, &mut conn).await {
                Some(crate::raw::Next::KeepAlive) => continue,
                Some(crate::raw::Next::Close) => return conn.stream.close().await,
                None => return,
            }
        }
        let action = {
            let mut state = shared.lock();
            state.requests.push(request.clone());
            endpoint::decide(&mut state, &request)
        };
        match act(&mut conn, action, keep_alive, &shared, &request).await {
            Ok(Next::KeepAlive) => {}
            Ok(Next::Close) => return conn.stream.close().await,
            Ok(Next::Abort) | Err(_) => return,
        }
    }
}

fn record(parsed: Parsed, connection: usize, sequence: usize) -> RecordedRequest {
    let (path, query) = match parsed.target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (parsed.target, None),
    };
    RecordedRequest {
        method: parsed.method,
        path,
        query,
        headers: parsed.headers,
        body: parsed.body,
        connection,
        sequence,
    }
}

/// What a server does instead of the API, if anything: answer every
/// request with a raw handler, or never say a word.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    /// Answers every request instead of the endpoints.
    pub(crate) raw: Option<crate::raw::Handler>,
    /// Accepts connections and holds them, silent.
    pub(crate) stall: bool,
}

/// What becomes of a connection after an action.
enum Next {
    /// It may serve another request.
    KeepAlive,
    /// It ends cleanly.
    Close,
    /// It ends abruptly (already reset, or to look broken).
    Abort,
}

/// Carries out `action`, saying what becomes of the connection.
async fn act(
    conn: &mut Conn,
    action: Action,
    keep_alive: bool,
    shared: &LockedState,
    request: &RecordedRequest,
) -> std::io::Result<Next> {
    match action {
        Action::Reply(response) => reply(conn, &response, keep_alive).await,
        Action::Delay(d) => {
            tokio::time::sleep(d).await;
            let response = endpoint::normal(&mut shared.lock(), request);
            reply(conn, &response, keep_alive).await
        }
        Action::ReplyThenClose(response, delay) => {
            reply(conn, &response, keep_alive).await?;
            tokio::time::sleep(delay).await;
            Ok(Next::Close)
        }
        Action::Drop => Ok(Next::Close),
        Action::CloseMidBody => {
            let body = endpoint::session_json("wawp-mid-body", "cut");
            let response = Response::new(200, "application/json", body.as_bytes());
            let mut bytes = response.head(Some(body.len()), keep_alive);
            bytes.extend_from_slice(&body.as_bytes()[..body.len() / 2]);
            conn.write(&bytes).await?;
            // A reset, not a clean end of stream.
            conn.stream.tcp().set_zero_linger()?;
            Ok(Next::Abort)
        }
        Action::Truncated => {
            let body = endpoint::session_json("wawp-truncated", "cut");
            let response = Response::new(200, "application/json", body.as_bytes());
            let mut bytes = response.head(Some(body.len() + 100), false);
            bytes.extend_from_slice(body.as_bytes());
            conn.write(&bytes).await?;
            Ok(Next::Close)
        }
        Action::ChunkedForever => {
            let response = Response::new(200, "application/json", Vec::new())
                .header("Transfer-Encoding", "chunked");
            conn.write(&response.head(None, keep_alive)).await?;
            conn.write(b"1\r\n{\r\n").await?;
            loop {
                tokio::time::sleep(Duration::from_millis(50)).await;
                conn.write(b"1\r\n \r\n").await?;
            }
        }
        Action::Raw(bytes) => {
            conn.write(bytes).await?;
            Ok(Next::Close)
        }
        Action::SlowBody => {
            let response = Response::new(200, "application/json", Vec::new());
            conn.write(&response.head(Some(100), keep_alive)).await?;
            for _ in 0..100 {
                tokio::time::sleep(Duration::from_millis(50)).await;
                conn.write(b"x").await?;
            }
            Ok(next(keep_alive))
        }
        Action::DeclaresOversized(n) => {
            let response = Response::new(200, "application/json", Vec::new());
            let mut bytes = response.head(Some(n), keep_alive);
            bytes.extend_from_slice(b"0123456789");
            conn.write(&bytes).await?;
            std::future::pending().await
        }
        Action::OversizedChunked(n) => {
            let chunk = vec![b'a'; 16 * 1024];
            write_chunked(conn, 200, vec![], n, &chunk, keep_alive).await
        }
        Action::Chunked(response) => {
            let body = response.body.clone();
            let Response {
                status, headers, ..
            } = response;
            write_chunked(conn, status, headers, body.len(), &body, keep_alive).await
        }
        Action::Oversized(n) => {
            let response = Response::new(200, "application/json", Vec::new());
            conn.write(&response.head(Some(n), keep_alive)).await?;
            write_padding(conn, n).await?;
            Ok(next(keep_alive))
        }
    }
}

/// A chunked answer of `total` bytes, cycling through `pieces`' bytes in
/// chunks of at most 16 KiB (30 bytes when `pieces` is short).
async fn write_chunked(
    conn: &mut Conn,
    status: u16,
    headers: Vec<(String, String)>,
    total: usize,
    pieces: &[u8],
    keep_alive: bool,
) -> std::io::Result<Next> {
    let response = Response {
        status,
        headers,
        body: Vec::new(),
    }
    .header("Transfer-Encoding", "chunked");
    conn.write(&response.head(None, keep_alive)).await?;
    let size = if pieces.len() >= 16 * 1024 {
        16 * 1024
    } else {
        30
    };
    let mut left = total;
    let mut at = 0;
    while left > 0 {
        let n = left.min(size).min(pieces.len() - at);
        let mut chunk = format!("{n:x}\r\n").into_bytes();
        chunk.extend_from_slice(&pieces[at..at + n]);
        chunk.extend_from_slice(b"\r\n");
        conn.write(&chunk).await?;
        left -= n;
        at = (at + n) % pieces.len();
    }
    conn.write(b"0\r\n\r\n").await?;
    Ok(next(keep_alive))
}

async fn reply(conn: &mut Conn, response: &Response, keep_alive: bool) -> std::io::Result<Next> {
    conn.write(&response.to_bytes(keep_alive)).await?;
    Ok(next(keep_alive))
}

fn next(keep_alive: bool) -> Next {
    if keep_alive {
        Next::KeepAlive
    } else {
        Next::Close
    }
}

/// `{"padding":"xxxx…"}` of exactly `n` bytes (just `x`s below 15 bytes).
async fn write_padding(conn: &mut Conn, n: usize) -> std::io::Result<()> {
    const OPEN: &[u8] = br#"{"padding":""#;
    const CLOSE: &[u8] = br#""}"#;
    let framed = n >= OPEN.len() + CLOSE.len();
    let mut left = n;
    if framed {
        conn.write(OPEN).await?;
        left -= OPEN.len() + CLOSE.len();
    }
    let block = vec![b'x'; 16 * 1024];
    while left > 0 {
        let piece = left.min(block.len());
        conn.write(&block[..piece]).await?;
        left -= piece;
    }
    if framed {
        conn.write(CLOSE).await?;
    }
    Ok(())
}

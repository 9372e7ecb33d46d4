//! Raw answers: a [`Handler`] that writes whatever bytes it likes for every
//! request, for tests of what a client does with answers no Wawp server
//! gives (pools, closed connections, a user-supplied client). Serve one
//! with [`MockServer::raw`](crate::MockServer::raw) (or
//! [`MockConfig::raw`](crate::MockConfig::raw)): the simulator still reads,
//! records and counts everything, and a handler may block (it runs on a
//! thread of its own per request; what it writes reaches the socket as it
//! writes it, so a slow writer is a slow answer).

use std::io::{self, Write};
use std::net::TcpListener;
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::recorded::RecordedRequest;
use crate::wire::Conn;

/// What a [`Handler`] wants done with its connection after answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Read the next request on this connection.
    KeepAlive,
    /// Close the connection.
    Close,
}

/// Writes the answer to a request, as raw bytes.
pub type Handler = Arc<dyn Fn(&RecordedRequest, &mut dyn Write) -> io::Result<Next> + Send + Sync>;

/// Writes a complete response with `status`, extra `headers` and `body`
/// (none for 204 and 304, whatever `body` is), and keeps the connection.
///
/// ```
/// let mut out = Vec::new();
/// wawp_mock::raw::respond(&mut out, 200, &[("x-a", "b")], b"hi")?;
/// assert_eq!(out, b"HTTP/1.1 200 Status\r\ncontent-length: 2\r\nx-a: b\r\n\r\nhi");
/// # Ok::<(), std::io::Error>(())
/// ```
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
///
/// # Panics
/// If no loopback port can be bound: this is a test utility.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("wawp-mock: bind a port");
    listener
        .local_addr()
        .expect("a bound listener has an address")
        .port()
}

/// A `Write` whose bytes go, one `write` at a time, to the connection's
/// task; it blocks until that task has taken the previous one, so a handler
/// writes no faster than the socket drains.
struct ToConnection(mpsc::Sender<Vec<u8>>);

impl Write for ToConnection {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .blocking_send(buf.to_vec())
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs `handler` for `request` on a blocking thread, writing what it
/// writes to `conn` as it comes; its verdict, or `None` when it failed (or
/// the connection did).
pub(crate) async fn run(
    handler: Handler,
    request: RecordedRequest,
    conn: &mut Conn,
) -> Option<Next> {
    let (tx, mut rx) = mpsc::channel(1);
    let task = tokio::task::spawn_blocking(move || handler(&request, &mut ToConnection(tx)));
    while let Some(bytes) = rx.recv().await {
        conn.write(&bytes).await.ok()?;
    }
    task.await.ok()?.ok()
}

//! HTTP/1.1 on the wire, by hand: reading requests with `httparse` (with
//! `Content-Length` or chunked bodies, pipelining allowed) and writing
//! responses. Written by hand so behaviours can break the protocol on purpose.

use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::state::LockedState;
use crate::stream::Stream;

/// Largest request head accepted, in bytes.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Most request headers accepted.
const MAX_HEADERS: usize = 128;
/// Largest request body accepted, in bytes.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A request as parsed, before it is recorded.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    /// Whether the connection may carry another request after this one.
    pub(crate) keep_alive: bool,
}

/// What reading the next request gave.
#[derive(Debug)]
pub(crate) enum Read {
    /// A whole request.
    Request(Parsed),
    /// The peer closed the connection (between requests, or mid-request).
    Closed,
    /// The request is malformed: send this answer and close.
    Malformed(Response),
}

/// A response to write. `Content-Length` is added when written.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    /// A response with a `Content-Type`.
    pub(crate) fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }

    /// This response with one more header.
    pub(crate) fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// The status line and headers, `Content-Length` (if `length` is given)
    /// and `Connection: close` (if not `keep_alive`) included.
    pub(crate) fn head(&self, length: Option<usize>, keep_alive: bool) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nServer: wawp-mock\r\n",
            self.status,
            reason(self.status)
        );
        for (name, value) in &self.headers {
            head.push_str(name);
            head.push_str(": ");
            head.push_str(value);
            head.push_str("\r\n");
        }
        if let Some(length) = length {
            head.push_str(&format!("Content-Length: {length}\r\n"));
        }
        if !keep_alive {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }

    /// Head and body.
    pub(crate) fn to_bytes(&self, keep_alive: bool) -> Vec<u8> {
        let mut bytes = self.head(Some(self.body.len()), keep_alive);
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// The standard reason phrase of `status`.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

/// A plain-text error answer for a request that could not be parsed.
fn malformed(status: u16, why: &str) -> Read {
    Read::Malformed(Response::new(
        status,
        "text/plain; charset=utf-8",
        format!("{why}\n"),
    ))
}

/// One accepted connection and the bytes read from it but not yet used.
#[derive(Debug)]
pub(crate) struct Conn {
    pub(crate) stream: Stream,
    buf: Vec<u8>,
    shared: LockedState,
}

impl Conn {
    pub(crate) fn new(stream: Stream, shared: LockedState) -> Self {
        Self {
            stream,
            buf: Vec::with_capacity(4096),
            shared,
        }
    }

    /// Reads more bytes into the buffer; `false` at end of stream.
    async fn fill(&mut self) -> io::Result<bool> {
        self.buf.reserve(4096);
        Ok(self.stream.read_buf(&mut self.buf).await? > 0)
    }

    /// Writes all of `bytes`, counting them once written.
    pub(crate) async fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes).await?;
        self.stream.flush().await?;
        self.shared.add_sent(bytes.len());
        Ok(())
    }

    /// Reads the next request.
    pub(crate) async fn read_request(&mut self) -> io::Result<Read> {
        loop {
            let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut request = httparse::Request::new(&mut slots);
            match request.parse(&self.buf) {
                Ok(httparse::Status::Complete(len)) if len > MAX_HEAD_BYTES => {
                    return Ok(malformed(431, "request head too large"));
                }
                Ok(httparse::Status::Complete(len)) => {
                    let head = Head::from(&request);
                    self.buf.drain(..len);
                    return self.read_body(head).await;
                }
                Ok(httparse::Status::Partial) if self.buf.len() > MAX_HEAD_BYTES => {
                    return Ok(malformed(431, "request head too large"));
                }
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => {
                    return Ok(malformed(431, "too many request headers"));
                }
                Err(e) => return Ok(malformed(400, &format!("malformed request: {e}"))),
            }
            if !self.fill().await? {
                return Ok(Read::Closed);
            }
        }
    }

    async fn read_body(&mut self, head: Head) -> io::Result<Read> {
        let Head {
            method,
            target,
            headers,
            http10,
        } = head;
        let values = |name: &str| -> Vec<String> {
            headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.to_ascii_lowercase())
                .collect()
        };
        let connection = values("connection");
        let keep_alive = if http10 {
            connection.iter().any(|v| v.contains("keep-alive"))
        } else {
            !connection.iter().any(|v| v.contains("close"))
        };
        let chunked = values("transfer-encoding")
            .iter()
            .any(|v| v.contains("chunked"));
        let lengths = values("content-length");
        let expects_continue = values("expect").iter().any(|v| v == "100-continue");
        // Clients such as curl wait for this before sending a body.
        if expects_continue && (chunked || !lengths.is_empty()) && self.buf.is_empty() {
            self.write(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
        }
        let body = if chunked {
            match self.read_chunked().await? {
                Ok(body) => body,
                Err(read) => return Ok(read),
            }
        } else {
            let length = match lengths.as_slice() {
                [] => 0,
                [one] => match one.trim().parse::<usize>() {
                    Ok(n) => n,
                    Err(_) => return Ok(malformed(400, "invalid Content-Length")),
                },
                _ => return Ok(malformed(400, "more than one Content-Length")),
            };
            if length > MAX_BODY_BYTES {
                return Ok(malformed(413, "request body too large"));
            }
            match self.take(length).await? {
                Some(body) => body,
                None => return Ok(Read::Closed),
            }
        };
        Ok(Read::Request(Parsed {
            method,
            target,
            headers,
            body,
            keep_alive,
        }))
    }

    /// The next `n` bytes, or `None` if the stream ends first.
    async fn take(&mut self, n: usize) -> io::Result<Option<Vec<u8>>> {
        while self.buf.len() < n {
            if !self.fill().await? {
                return Ok(None);
            }
        }
        Ok(Some(self.buf.drain(..n).collect()))
    }

    /// The next line, without its CRLF (or LF).
    async fn line(&mut self) -> io::Result<Option<String>> {
        loop {
            if let Some(end) = self.buf.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=end).collect();
                let text = String::from_utf8_lossy(&line);
                return Ok(Some(text.trim_end_matches(['\r', '\n']).to_owned()));
            }
            if self.buf.len() > MAX_HEAD_BYTES || !self.fill().await? {
                return Ok(None);
            }
        }
    }

    /// A chunked body, de-chunked; the inner `Err` is the answer for a
    /// malformed or closed one.
    async fn read_chunked(&mut self) -> io::Result<Result<Vec<u8>, Read>> {
        let mut body = Vec::new();
        loop {
            let Some(line) = self.line().await? else {
                return Ok(Err(Read::Closed));
            };
            let size = line.split(';').next().unwrap_or("").trim();
            let Ok(size) = usize::from_str_radix(size, 16) else {
                return Ok(Err(malformed(400, "invalid chunk size")));
            };
            if size == 0 {
                // Trailers, up to the empty line.
                loop {
                    match self.line().await? {
                        None => return Ok(Err(Read::Closed)),
                        Some(l) if l.is_empty() => return Ok(Ok(body)),
                        Some(_) => {}
                    }
                }
            }
            if body.len() + size > MAX_BODY_BYTES {
                return Ok(Err(malformed(413, "request body too large")));
            }
            let Some(chunk) = self.take(size).await? else {
                return Ok(Err(Read::Closed));
            };
            body.extend_from_slice(&chunk);
            if self.line().await?.is_none_or(|l| !l.is_empty()) {
                return Ok(Err(malformed(400, "chunk not followed by CRLF")));
            }
        }
    }
}

/// A parsed request head, owned.
struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    http10: bool,
}

impl From<&httparse::Request<'_, '_>> for Head {
    fn from(request: &httparse::Request<'_, '_>) -> Self {
        Self {
            method: request.method.unwrap_or("").to_owned(),
            target: request.path.unwrap_or("").to_owned(),
            headers: request
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_owned(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect(),
            http10: request.version == Some(0),
        }
    }
}

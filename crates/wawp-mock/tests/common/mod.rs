//! A raw HTTP/1.1 client over `std::net::TcpStream`, so the simulator is
//! tested byte for byte, independently of any transport.

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use wawp_mock::MockServer;

/// A response as read.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// One connection.
pub struct Conn {
    pub reader: BufReader<TcpStream>,
}

impl Conn {
    pub fn open(server: &MockServer) -> Self {
        let tcp = TcpStream::connect(server.addr()).expect("connect");
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        Self {
            reader: BufReader::new(tcp),
        }
    }

    pub fn send(&mut self, raw: impl AsRef<[u8]>) {
        self.reader
            .get_mut()
            .write_all(raw.as_ref())
            .expect("write");
    }

    /// The next response head and `Content-Length` body; `None` at end of
    /// stream before a status line.
    pub fn read(&mut self) -> Option<Resp> {
        let head = self.head()?;
        let length = head
            .1
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map(|(_, v)| v.parse::<usize>().expect("numeric Content-Length"))
            .unwrap_or(0);
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).expect("whole body");
        Some(Resp {
            status: head.0,
            headers: head.1,
            body,
        })
    }

    /// The next status and headers only.
    pub fn head(&mut self) -> Option<(u16, Vec<(String, String)>)> {
        let mut line = String::new();
        if self.reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {line:?}"));
        assert!(line.starts_with("HTTP/1.1 "), "{line:?}");
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("header line");
            let line = line.trim_end();
            if line.is_empty() {
                return Some((status, headers));
            }
            let (n, v) = line.split_once(':').expect("name: value");
            headers.push((n.to_owned(), v.trim().to_owned()));
        }
    }

    pub fn exchange(&mut self, raw: impl AsRef<[u8]>) -> Resp {
        self.send(raw);
        self.read().expect("a response")
    }

    /// Whether the server closed the connection (end of stream or reset).
    pub fn closed(&mut self) -> bool {
        let mut byte = [0];
        !matches!(self.reader.read(&mut byte), Ok(n) if n > 0)
    }
}

/// `POST <target>` with `body`, keep-alive.
pub fn post(target: &str, body: &str) -> String {
    format!(
        "POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// The documented query-mode logout of `id` with `token` (both raw, so
/// encode them yourself).
pub fn logout(id: &str, token: &str) -> String {
    post(
        &format!("/v2/session/logout?instance_id={id}&access_token={token}"),
        "",
    )
}

/// One request on a fresh connection.
pub fn once(server: &MockServer, raw: impl AsRef<[u8]>) -> Resp {
    Conn::open(server).exchange(raw)
}

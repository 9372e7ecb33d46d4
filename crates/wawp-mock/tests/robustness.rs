//! Malformed, hostile or abandoned requests: a 4xx or a closed connection,
//! never a panic, and the server keeps serving.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use crate::common::{Conn, logout, once};
use wawp_mock::{Behaviour, DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, MockServer};

fn still_serves(server: &MockServer) {
    assert_eq!(
        once(server, logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN)).status,
        200
    );
}

#[test]
fn malformed_requests_get_4xx_and_close() {
    let server = MockServer::start();
    let huge_header = format!(
        "POST / HTTP/1.1\r\nX-Big: {}\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    let many_headers = format!("POST / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(200));
    let cases: Vec<(String, u16)> = vec![
        ("GARBAGE\r\n\r\n".into(), 400),
        ("POST /v2/session/logout HTTP/9.9\r\n\r\n".into(), 400),
        (
            "POST /x HTTP/1.1\r\nContent-Length: abc\r\n\r\n".into(),
            400,
        ),
        (
            "POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n".into(),
            400,
        ),
        (
            "POST /x HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n".into(),
            413,
        ),
        (
            "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".into(),
            400,
        ),
        (
            "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n".into(),
            400,
        ),
        ("POST /x HTTP/1.1\r\nBad Header\r\n\r\n".into(), 400),
        (huge_header, 431),
        (many_headers, 431),
    ];
    for (raw, status) in cases {
        let mut conn = Conn::open(&server);
        let resp = conn.exchange(&raw);
        assert_eq!(resp.status, status, "{:?}", &raw[..raw.len().min(60)]);
        assert_eq!(resp.header("connection"), Some("close"));
        assert!(conn.closed());
    }
    still_serves(&server);
}

#[test]
fn abandoned_and_random_input_does_not_hurt() {
    let server = MockServer::start();
    // Connect and leave; send half a request and leave; half a body and leave.
    drop(TcpStream::connect(server.addr()).unwrap());
    for partial in [
        "POST /v2/sess",
        "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
    ] {
        let mut tcp = TcpStream::connect(server.addr()).unwrap();
        tcp.write_all(partial.as_bytes()).unwrap();
    }
    // Deterministic pseudo-random bytes (xorshift), with and without a valid start.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..200 {
        let mut bytes: Vec<u8> = if round % 2 == 0 {
            b"POST / HTTP/1.1\r\n".to_vec()
        } else {
            Vec::new()
        };
        for _ in 0..(round * 7 % 300) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push(seed as u8);
        }
        let mut tcp = TcpStream::connect(server.addr()).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = tcp.write_all(&bytes);
        let _ = tcp.shutdown(std::net::Shutdown::Write);
        let _ = std::io::Read::read_to_end(&mut tcp, &mut Vec::new());
    }
    still_serves(&server);
}

#[test]
fn clients_hanging_up_mid_answer_do_not_hurt() {
    let server = MockServer::start();
    server.script(EXAMPLE_INSTANCE_ID, Behaviour::Oversized(8 * 1024 * 1024));
    for _ in 0..3 {
        let mut conn = Conn::open(&server);
        conn.send(logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN));
        assert_eq!(conn.head().map(|h| h.0), Some(200));
    }
    server.script(EXAMPLE_INSTANCE_ID, Behaviour::ChunkedNeverEnds);
    let mut conn = Conn::open(&server);
    conn.send(logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN));
    assert_eq!(conn.head().map(|h| h.0), Some(200));
    drop(conn);
    server.clear_script(EXAMPLE_INSTANCE_ID);
    still_serves(&server);
}

#[test]
fn concurrent_clients_are_all_served() {
    let server = MockServer::start();
    std::thread::scope(|scope| {
        for t in 0..8 {
            let server = &server;
            scope.spawn(move || {
                let mut conn = Conn::open(server);
                for _ in 0..25 {
                    assert_eq!(
                        conn.exchange(logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN))
                            .status,
                        200,
                        "thread {t}"
                    );
                }
            });
        }
    });
    assert_eq!(server.requests().len(), 200);
    assert_eq!(server.connections_accepted(), 8);
}

#[test]
fn shutdown_stops_listening_and_closes_connections() {
    let server = MockServer::start();
    let addr = server.addr();
    let mut conn = Conn::open(&server);
    assert_eq!(
        conn.exchange(logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN))
            .status,
        200
    );
    server.shutdown();
    assert!(
        conn.closed(),
        "an idle keep-alive connection is closed on shutdown"
    );
    assert!(
        TcpStream::connect(addr).is_err(),
        "nothing listens any more"
    );
}

#[test]
fn servers_are_independent_and_work_from_async_code() {
    let a = MockServer::start();
    let b = MockServer::start();
    assert_ne!(a.addr(), b.addr());
    // Started and dropped inside a tokio runtime, too.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let inner = MockServer::start();
        still_serves(&inner);
        drop(inner);
    });
    still_serves(&a);
    still_serves(&b);
}

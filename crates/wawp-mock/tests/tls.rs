//! HTTPS (feature `tls`): a client trusting the generated CA talks to the
//! simulator as over plain HTTP; one that does not is refused in the
//! handshake, and the simulator keeps serving.

#![cfg(feature = "tls")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use wawp_mock::rustls::pki_types::ServerName;
use wawp_mock::rustls::{self, ClientConnection, StreamOwned};
use wawp_mock::{DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, MockConfig, MockServer, TestPki};

/// One `Connection: close` logout over TLS to `name`, trusting `config`'s
/// roots; the whole answer, or the I/O error.
fn logout_over_tls(
    server: &MockServer,
    config: rustls::ClientConfig,
    name: &'static str,
) -> std::io::Result<String> {
    let tcp = TcpStream::connect(server.addr())?;
    tcp.set_read_timeout(Some(Duration::from_secs(10)))?;
    let name = ServerName::try_from(name).expect("a valid server name");
    let conn = ClientConnection::new(Arc::new(config), name).expect("a client connection");
    let mut tls = StreamOwned::new(conn, tcp);
    write!(
        tls,
        "POST /v2/session/logout?instance_id={EXAMPLE_INSTANCE_ID}&access_token={DEFAULT_TOKEN} \
         HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    tls.read_to_string(&mut answer)?;
    Ok(answer)
}

fn untrusting() -> rustls::ClientConfig {
    // Another CA: the simulator's certificate does not chain to it.
    TestPki::generate().client_config()
}

#[test]
fn serves_https_to_a_client_trusting_the_ca() {
    let pki = TestPki::generate();
    let server = MockServer::start_tls(&pki);
    assert!(server.is_tls());
    assert!(server.base_url().starts_with("https://127.0.0.1:"));
    for name in ["localhost", "127.0.0.1"] {
        server.add_instance(EXAMPLE_INSTANCE_ID, "wawp-84729105");
        let answer = logout_over_tls(&server, pki.client_config(), name).expect(name);
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.contains(r#""status":"SCAN_QR_CODE""#), "{answer}");
    }
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        server.requests()[0]
            .query
            .as_deref()
            .map(|q| q.contains("access_token=")),
        Some(true)
    );
}

#[test]
fn a_client_not_trusting_the_ca_is_refused_and_the_server_carries_on() {
    let pki = TestPki::generate();
    let server = MockServer::start_with(
        MockConfig::default().tls(pki.server_cert_chain(), pki.server_key()),
    );
    let err = logout_over_tls(&server, untrusting(), "localhost").unwrap_err();
    assert!(err.to_string().contains("certificate"), "{err}");
    assert!(server.requests().is_empty(), "nothing reached HTTP");
    let answer = logout_over_tls(&server, pki.client_config(), "localhost").unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert_eq!(server.connections_accepted(), 2);
}

#[test]
fn plain_http_to_a_tls_server_gets_no_http_answer() {
    let server = MockServer::start_tls(&TestPki::generate());
    let mut tcp = TcpStream::connect(server.addr()).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        tcp,
        "POST /v2/session/logout HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    let _ = tcp.read_to_end(&mut answer);
    assert!(
        !answer.starts_with(b"HTTP/"),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    assert!(server.requests().is_empty());
}

#[test]
fn nothing_secret_in_debug_output() {
    let pki = TestPki::generate();
    let config = MockConfig::default().tls(pki.server_cert_chain(), pki.server_key());
    let debug = format!("{config:?} {pki:?}");
    assert!(debug.contains("tls: true"), "{debug}");
    assert!(!debug.contains(DEFAULT_TOKEN), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
}

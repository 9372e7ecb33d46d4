//! Every scripted behaviour, byte for byte.

use std::io::Read;
use std::time::{Duration, Instant};

use crate::common::{Conn, logout, once};
use wawp_mock::{
    Behaviour, DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, Format, MockServer, RATE_LIMITED_MESSAGE,
    Variant,
};

fn scripted(behaviour: Behaviour) -> MockServer {
    let server = MockServer::start();
    server.script(EXAMPLE_INSTANCE_ID, behaviour);
    server
}

fn example() -> String {
    logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN)
}

#[test]
fn every_documented_variant_has_its_status_type_and_message() {
    for variant in Variant::ALL {
        let server = scripted(Behaviour::Documented(variant));
        let resp = once(&server, example());
        assert_eq!(resp.status, variant.status(), "{variant:?}");
        assert_eq!(resp.header("content-type"), Some(variant.content_type()));
        let text = resp.text();
        assert!(text.contains(variant.message()), "{variant:?}: {text}");
        match variant.format() {
            Format::Json => assert_eq!(resp.json()["message"], variant.message()),
            Format::Xml => assert!(
                text.starts_with("<?xml")
                    && text.contains(&format!("<message>{}</message>", variant.message()))
            ),
            Format::Html => {
                assert!(text.contains(&format!("<title>{}</title>", variant.message())))
            }
            Format::Text => assert_eq!(text.trim(), variant.message()),
        }
        // A scripted answer does not log the instance out.
        assert_eq!(
            server.instance_status(EXAMPLE_INSTANCE_ID).as_deref(),
            Some("WORKING")
        );
    }
}

#[test]
fn scripts_apply_to_their_instance_only_until_cleared() {
    let server = scripted(Behaviour::Documented(Variant::InternalErrorJson));
    server.add_instance("other", "o");
    assert_eq!(once(&server, logout("other", DEFAULT_TOKEN)).status, 200);
    assert_eq!(once(&server, example()).status, 500);
    server.clear_script(EXAMPLE_INSTANCE_ID);
    assert_eq!(once(&server, example()).status, 200);
    // Scripts apply to unregistered ids too, and to body parameters.
    server.script("ghost", Behaviour::RateLimited { retry_after: 1 });
    let body = r#"{"instance_id":"ghost"}"#;
    assert_eq!(
        once(&server, crate::common::post("/v2/session/logout", body)).status,
        429
    );
}

#[test]
fn raw_status_with_headers() {
    let server = scripted(Behaviour::Status {
        status: 418,
        content_type: Some("text/teapot".into()),
        body: b"short and stout".to_vec(),
        headers: vec![("X-Extra".into(), "1".into())],
    });
    let resp = once(&server, example());
    assert_eq!(resp.status, 418);
    assert_eq!(resp.header("content-type"), Some("text/teapot"));
    assert_eq!(resp.header("x-extra"), Some("1"));
    assert_eq!(resp.text(), "short and stout");
    let server = scripted(Behaviour::status(503, "application/json", "{}"));
    assert_eq!(once(&server, example()).status, 503);
}

#[test]
fn rate_limited_sends_retry_after() {
    let resp = once(
        &scripted(Behaviour::RateLimited { retry_after: 7 }),
        example(),
    );
    assert_eq!(resp.status, 429);
    assert_eq!(resp.header("retry-after"), Some("7"));
    assert_eq!(resp.json()["message"], RATE_LIMITED_MESSAGE);
}

#[test]
fn fail_then_succeed_counts_down() {
    let server = scripted(Behaviour::FailThenSucceed {
        failures: 2,
        status: 503,
    });
    let mut conn = Conn::open(&server);
    let statuses: Vec<u16> = (0..4).map(|_| conn.exchange(example()).status).collect();
    assert_eq!(statuses, [503, 503, 200, 200]);
}

#[test]
fn rate_limited_then_succeed_sends_retry_after_verbatim_and_counts_down() {
    for retry_after in ["1", "Wed, 21 Oct 2015 07:28:00 GMT"] {
        let server = scripted(Behaviour::RateLimitedThenSucceed {
            failures: 2,
            retry_after: retry_after.to_owned(),
        });
        let mut conn = Conn::open(&server);
        for _ in 0..2 {
            let resp = conn.exchange(example());
            assert_eq!(resp.status, 429);
            assert_eq!(resp.header("retry-after"), Some(retry_after));
            assert_eq!(resp.json()["message"], RATE_LIMITED_MESSAGE);
        }
        assert_eq!(conn.exchange(example()).status, 200);
        assert_eq!(conn.exchange(example()).status, 200);
    }
}

#[test]
fn delay_then_answers_normally() {
    let server = scripted(Behaviour::Delay(Duration::from_millis(200)));
    let started = Instant::now();
    assert_eq!(once(&server, example()).status, 200);
    assert!(started.elapsed() >= Duration::from_millis(200));
    // A delayed answer does not hold up other connections.
    server.script(
        EXAMPLE_INSTANCE_ID,
        Behaviour::Delay(Duration::from_secs(1)),
    );
    server.add_instance("fast", "f");
    std::thread::scope(|scope| {
        let slow = scope.spawn(|| once(&server, example()).status);
        while server.requests().len() < 2 {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(once(&server, logout("fast", DEFAULT_TOKEN)).status, 200);
        assert!(
            !slow.is_finished(),
            "the fast answer waited for the slow one"
        );
        assert_eq!(slow.join().unwrap(), 200);
    });
}

#[test]
fn oversized_sends_exactly_that_many_bytes() {
    for n in [0, 5, 14, 15, 100_000] {
        let server = scripted(Behaviour::Oversized(n));
        let mut conn = Conn::open(&server);
        let resp = conn.exchange(example());
        assert_eq!(resp.status, 200);
        assert_eq!(resp.body.len(), n);
        if n >= 15 {
            assert!(serde_json::from_slice::<serde_json::Value>(&resp.body).is_ok());
        }
        // Kept alive afterwards.
        server.clear_script(EXAMPLE_INSTANCE_ID);
        assert_eq!(conn.exchange(example()).status, 200);
        assert!(server.bytes_sent() >= n as u64);
    }
}

#[test]
fn redirect_is_a_307_with_location() {
    let resp = once(
        &scripted(Behaviour::Redirect("/elsewhere".into())),
        example(),
    );
    assert_eq!(resp.status, 307);
    assert_eq!(resp.header("location"), Some("/elsewhere"));
}

#[test]
fn drop_connection_answers_nothing() {
    let server = scripted(Behaviour::DropConnection);
    let mut conn = Conn::open(&server);
    conn.send(example());
    assert!(conn.read().is_none());
    assert_eq!(server.requests().len(), 1, "recorded although not answered");
}

#[test]
fn close_mid_body_sends_half_the_body() {
    let server = scripted(Behaviour::CloseMidBody);
    let mut conn = Conn::open(&server);
    conn.send(example());
    let (status, headers) = conn.head().expect("a head");
    assert_eq!(status, 200);
    let declared: usize = headers
        .iter()
        .find(|(n, _)| n == "Content-Length")
        .unwrap()
        .1
        .parse()
        .unwrap();
    let mut got = Vec::new();
    let _ = conn.reader.read_to_end(&mut got); // may end in a reset
    assert!(got.len() < declared, "{} of {declared}", got.len());
}

#[test]
fn truncated_content_length_declares_more_than_it_sends() {
    let server = scripted(Behaviour::TruncatedContentLength);
    let mut conn = Conn::open(&server);
    conn.send(example());
    let (_, headers) = conn.head().expect("a head");
    let declared: usize = headers
        .iter()
        .find(|(n, _)| n == "Content-Length")
        .unwrap()
        .1
        .parse()
        .unwrap();
    let mut got = Vec::new();
    conn.reader.read_to_end(&mut got).unwrap();
    assert_eq!(got.len() + 100, declared);
    assert!(serde_json::from_slice::<serde_json::Value>(&got).is_ok());
}

#[test]
fn chunked_never_ends_keeps_sending() {
    let server = scripted(Behaviour::ChunkedNeverEnds);
    let mut conn = Conn::open(&server);
    conn.send(example());
    let (status, headers) = conn.head().expect("a head");
    assert_eq!(status, 200);
    assert!(
        headers
            .iter()
            .any(|(n, v)| n == "Transfer-Encoding" && v == "chunked")
    );
    let mut chunks = [0u8; 18];
    conn.reader.read_exact(&mut chunks).unwrap();
    assert_eq!(&chunks, b"1\r\n{\r\n1\r\n \r\n1\r\n \r\n");
}

#[test]
fn many_headers_are_sent() {
    let resp = once(&scripted(Behaviour::ManyHeaders(200)), example());
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("x-mock-header-200"), Some("value 200"));
    assert!(resp.headers.len() > 200);
}

#[test]
fn invalid_utf8_json_is_not_utf8() {
    let resp = once(&scripted(Behaviour::InvalidUtf8Json), example());
    assert_eq!(
        (resp.status, resp.header("content-type")),
        (200, Some("application/json"))
    );
    assert!(std::str::from_utf8(&resp.body).is_err());
}

#[test]
fn lying_content_type_declares_json_and_sends_html() {
    let resp = once(&scripted(Behaviour::LyingContentType), example());
    assert_eq!(
        (resp.status, resp.header("content-type")),
        (500, Some("application/json"))
    );
    assert!(resp.text().starts_with("<!DOCTYPE html>"));
}

#[test]
fn close_after_answer_closes_a_kept_alive_connection_unannounced() {
    let server = scripted(Behaviour::CloseAfterAnswer(Duration::from_millis(3)));
    let mut conn = Conn::open(&server);
    let started = Instant::now();
    let resp = conn.exchange(example());
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("connection"), None, "no Connection: close");
    assert_eq!(
        server.instance_status(EXAMPLE_INSTANCE_ID).as_deref(),
        Some("SCAN_QR_CODE"),
        "the answer is the real one"
    );
    // A request sent on the dying connection is never read: it is not
    // recorded, and no answer comes.
    conn.send(example());
    assert!(conn.closed(), "the connection was closed");
    assert!(started.elapsed() >= Duration::from_millis(3));
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.connections_accepted(), 1);
    // A fresh connection is served (and closed) the same way.
    let mut conn = Conn::open(&server);
    assert_eq!(conn.exchange(example()).status, 200);
    assert!(conn.closed());
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!((requests[1].connection, requests[1].sequence), (2, 1));
    assert_eq!(server.connections_accepted(), 2);
}

/// The rest of a chunked body, de-chunked, read up to its last chunk.
fn dechunked(conn: &mut Conn) -> Vec<u8> {
    use std::io::BufRead;
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        conn.reader.read_line(&mut line).unwrap();
        let size = usize::from_str_radix(line.trim(), 16).unwrap();
        let mut chunk = vec![0; size + 2];
        conn.reader.read_exact(&mut chunk).unwrap();
        if size == 0 {
            return body;
        }
        assert!(chunk.ends_with(b"\r\n"));
        body.extend_from_slice(&chunk[..size]);
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn not_http_is_a_line_of_text_then_the_end() {
    let server = scripted(Behaviour::NotHttp);
    let mut conn = Conn::open(&server);
    conn.send(example());
    let mut answer = String::new();
    conn.reader.read_to_string(&mut answer).unwrap();
    assert_eq!(answer, "this is not http\r\n\r\n");
}

#[test]
fn chunked_sends_the_normal_answer_in_chunks_of_30_bytes() {
    let server = scripted(Behaviour::Chunked);
    let mut conn = Conn::open(&server);
    conn.send(example());
    let (status, headers) = conn.head().expect("a head");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "transfer-encoding"), Some("chunked"));
    assert_eq!(header(&headers, "content-length"), None);
    let body = dechunked(&mut conn);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["status"], "SCAN_QR_CODE");
}

#[test]
fn oversized_chunked_sends_that_many_bytes_in_16_kib_chunks() {
    let server = scripted(Behaviour::OversizedChunked(40_000));
    let mut conn = Conn::open(&server);
    conn.send(example());
    let (status, headers) = conn.head().expect("a head");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "transfer-encoding"), Some("chunked"));
    assert_eq!(dechunked(&mut conn).len(), 40_000);
}

#[test]
fn declares_oversized_sends_ten_bytes_then_nothing() {
    let server = scripted(Behaviour::DeclaresOversized(10_000_000));
    let mut conn = Conn::open(&server);
    conn.send(example());
    let (status, headers) = conn.head().expect("a head");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-length"), Some("10000000"));
    let mut ten = [0; 10];
    conn.reader.read_exact(&mut ten).unwrap();
    assert_eq!(&ten, b"0123456789");
    let tcp = conn.reader.get_ref();
    tcp.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    assert!(conn.reader.read(&mut [0; 1]).is_err(), "nothing more comes");
}

#[test]
fn slow_body_trickles_a_byte_at_a_time() {
    let server = scripted(Behaviour::SlowBody);
    let mut conn = Conn::open(&server);
    conn.send(example());
    let (status, headers) = conn.head().expect("a head");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-length"), Some("100"));
    let started = Instant::now();
    let mut three = [0; 3];
    conn.reader.read_exact(&mut three).unwrap();
    assert_eq!(&three, b"xxx");
    assert!(
        started.elapsed() >= Duration::from_millis(100),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_stalling_server_accepts_and_never_answers() {
    let server = MockServer::stalling();
    assert!(server.base_url().starts_with("https://127.0.0.1:"));
    let mut conn = Conn::open(&server);
    conn.send(example());
    let tcp = conn.reader.get_ref();
    tcp.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    assert!(conn.reader.read(&mut [0; 1]).is_err(), "nothing ever comes");
    assert_eq!(server.connections_accepted(), 1);
    assert!(server.requests().is_empty(), "nothing was read");
}

#[test]
fn a_raw_handler_answers_every_request_and_keeps_its_connection() {
    let server = MockServer::raw(|request, out| {
        let body = format!("{} #{}", request.path, request.sequence);
        wawp_mock::raw::respond(out, 200, &[("x-raw", "yes")], body.as_bytes())
    });
    let mut conn = Conn::open(&server);
    for n in 1..=2 {
        let resp = conn.exchange("GET /any/path HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(resp.status, 200);
        assert_eq!(resp.header("x-raw"), Some("yes"));
        assert_eq!(resp.text(), format!("/any/path #{n}"));
    }
    assert_eq!(server.connections_accepted(), 1);
    assert_eq!(
        server.requests()[1].request_line(),
        "GET /any/path HTTP/1.1"
    );
}

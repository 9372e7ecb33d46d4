//! The endpoint's real semantics, over raw sockets.

use crate::common::{Conn, logout, once, post};
use wawp_mock::{
    BAD_REQUEST_MESSAGE, DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, MockConfig, MockServer,
    NOT_FOUND_MESSAGE, UNAUTHORIZED_MESSAGE,
};

#[test]
fn query_logout_returns_the_documented_session_and_changes_state() {
    let server = MockServer::start();
    assert_eq!(
        server.instance_status(EXAMPLE_INSTANCE_ID).as_deref(),
        Some("WORKING")
    );
    let resp = once(&server, logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN));
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("content-type"), Some("application/json"));
    assert_eq!(
        resp.text(),
        r#"{"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#
    );
    assert_eq!(
        server.instance_status(EXAMPLE_INSTANCE_ID).as_deref(),
        Some("SCAN_QR_CODE")
    );
    // Logging out again is still a success.
    assert_eq!(
        once(&server, logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN)).status,
        200
    );
}

#[test]
fn json_body_parameters_are_accepted() {
    let server = MockServer::start();
    let body =
        format!(r#"{{"instance_id":"{EXAMPLE_INSTANCE_ID}","access_token":"{DEFAULT_TOKEN}"}}"#);
    let resp = once(&server, post("/v2/session/logout", &body));
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.json()["instance_id"], EXAMPLE_INSTANCE_ID);
    let recorded = &server.requests()[0];
    assert_eq!(recorded.query, None);
    assert_eq!(recorded.body, body.as_bytes());
    assert_eq!(recorded.instance_id().as_deref(), Some(EXAMPLE_INSTANCE_ID));
}

#[test]
fn query_values_are_form_decoded() {
    let server = MockServer::start_with(
        MockConfig::default()
            .token("t+k/=")
            .instance("a b/c?é", "odd"),
    );
    let resp = once(&server, logout("a+b%2Fc%3F%C3%A9", "t%2Bk%2F%3D"));
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.json()["instance_id"], "a b/c?é");
    assert_eq!(resp.json()["name"], "odd");
    assert_eq!(
        server.requests()[0].query_pairs()[0],
        ("instance_id".into(), "a b/c?é".into())
    );
}

#[test]
fn missing_instance_id_is_400() {
    let server = MockServer::start();
    for raw in [
        post(
            &format!("/v2/session/logout?access_token={DEFAULT_TOKEN}"),
            "",
        ),
        post(
            "/v2/session/logout",
            &format!(r#"{{"access_token":"{DEFAULT_TOKEN}"}}"#),
        ),
        logout("", DEFAULT_TOKEN),
    ] {
        let resp = once(&server, raw);
        assert_eq!(resp.status, 400);
        assert_eq!(resp.json()["message"], BAD_REQUEST_MESSAGE);
    }
}

#[test]
fn missing_or_wrong_token_is_401_and_changes_nothing() {
    let server = MockServer::start();
    for raw in [
        post(
            &format!("/v2/session/logout?instance_id={EXAMPLE_INSTANCE_ID}"),
            "",
        ),
        logout(EXAMPLE_INSTANCE_ID, "wrong"),
        logout(EXAMPLE_INSTANCE_ID, &DEFAULT_TOKEN.to_uppercase()),
    ] {
        let resp = once(&server, raw);
        assert_eq!(resp.status, 401);
        assert_eq!(resp.json()["message"], UNAUTHORIZED_MESSAGE);
    }
    assert_eq!(
        server.instance_status(EXAMPLE_INSTANCE_ID).as_deref(),
        Some("WORKING")
    );
}

#[test]
fn unknown_instance_is_404() {
    let server = MockServer::start();
    let resp = once(&server, logout("nobody", DEFAULT_TOKEN));
    assert_eq!(resp.status, 404);
    assert_eq!(resp.json()["message"], NOT_FOUND_MESSAGE);
    server.add_instance("nobody", "now somebody");
    assert_eq!(once(&server, logout("nobody", DEFAULT_TOKEN)).status, 200);
    assert!(server.remove_instance("nobody"));
    assert_eq!(once(&server, logout("nobody", DEFAULT_TOKEN)).status, 404);
}

#[test]
fn query_wins_over_body_and_bad_bodies_are_400() {
    let server = MockServer::start();
    let target = format!(
        "/v2/session/logout?instance_id={EXAMPLE_INSTANCE_ID}&access_token={DEFAULT_TOKEN}"
    );
    let resp = once(
        &server,
        post(&target, r#"{"instance_id":"other","access_token":"x"}"#),
    );
    assert_eq!(resp.status, 200);
    for body in ["{not json", "[1,2]", r#"{"instance_id":7}"#] {
        let resp = once(&server, post("/v2/session/logout", body));
        assert_eq!(resp.status, 400, "{body}");
    }
}

#[test]
fn other_paths_and_methods_are_refused() {
    let server = MockServer::start();
    assert_eq!(
        once(&server, post("/v2/session/screenshot", "")).status,
        404
    );
    let resp = once(
        &server,
        "DELETE /v2/session/logout HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert_eq!(resp.status, 405);
    assert_eq!(resp.header("allow"), Some("POST, GET"));
    let get = format!(
        "GET /v2/session/logout?instance_id={EXAMPLE_INSTANCE_ID}&access_token={DEFAULT_TOKEN} HTTP/1.1\r\nHost: x\r\n\r\n"
    );
    assert_eq!(once(&server, get).status, 200);
}

#[test]
fn keep_alive_and_pipelining_use_one_connection() {
    let server = MockServer::start();
    let mut conn = Conn::open(&server);
    for _ in 0..3 {
        assert_eq!(
            conn.exchange(logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN))
                .status,
            200
        );
    }
    // Two requests in one write.
    conn.send(format!(
        "{}{}",
        logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN),
        logout("nobody", DEFAULT_TOKEN)
    ));
    assert_eq!(conn.read().map(|r| r.status), Some(200));
    assert_eq!(conn.read().map(|r| r.status), Some(404));
    assert_eq!(server.connections_accepted(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    assert!(requests.iter().all(|r| r.connection == 1));
    assert_eq!(
        requests.iter().map(|r| r.sequence).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
}

#[test]
fn connection_close_and_http10_close_after_the_answer() {
    let server = MockServer::start();
    let mut conn = Conn::open(&server);
    let raw =
        logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN).replace("Host:", "Connection: close\r\nHost:");
    let resp = conn.exchange(raw);
    assert_eq!(resp.header("connection"), Some("close"));
    assert!(conn.closed());
    let mut conn = Conn::open(&server);
    let raw = logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN).replace("HTTP/1.1", "HTTP/1.0");
    assert_eq!(conn.exchange(raw).status, 200);
    assert!(conn.closed());
}

#[test]
fn chunked_request_bodies_are_read() {
    let server = MockServer::start();
    let body =
        format!(r#"{{"instance_id":"{EXAMPLE_INSTANCE_ID}","access_token":"{DEFAULT_TOKEN}"}}"#);
    let (a, b) = body.split_at(10);
    let raw = format!(
        "POST /v2/session/logout HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\
         {:x}\r\n{a}\r\n{:x};ext=1\r\n{b}\r\n0\r\nX-Trailer: y\r\n\r\n",
        a.len(),
        b.len()
    );
    let mut conn = Conn::open(&server);
    assert_eq!(conn.exchange(raw).status, 200);
    assert_eq!(server.requests()[0].body, body.as_bytes());
    // The connection is still usable.
    assert_eq!(
        conn.exchange(logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN))
            .status,
        200
    );
}

#[test]
fn requests_are_recorded_with_headers_and_can_be_cleared() {
    let server = MockServer::start();
    once(&server, logout(EXAMPLE_INSTANCE_ID, DEFAULT_TOKEN));
    let r = &server.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v2/session/logout")
    );
    assert_eq!(
        r.query.as_deref(),
        Some(format!("instance_id={EXAMPLE_INSTANCE_ID}&access_token={DEFAULT_TOKEN}").as_str())
    );
    assert_eq!(r.header("CONTENT-TYPE"), Some("application/json"));
    assert_eq!(r.header_all("host"), ["127.0.0.1"]);
    server.clear_requests();
    assert!(server.requests().is_empty());
}

#[test]
fn state_can_be_set_and_debug_hides_the_token() {
    let server = MockServer::start_with(MockConfig::default().no_instances().token("sekret-token"));
    assert_eq!(server.instance_status(EXAMPLE_INSTANCE_ID), None);
    assert!(!server.set_instance_status("x", "FAILED"));
    server.add_instance("x", "ex");
    assert!(server.set_instance_status("x", "FAILED"));
    assert_eq!(server.instance_status("x").as_deref(), Some("FAILED"));
    assert!(!format!("{server:?}").contains("sekret"));
    assert!(!format!("{:?}", MockConfig::default().token("sekret-token")).contains("sekret"));
    assert!(server.base_url().starts_with("http://127.0.0.1:"));
    assert!(server.addr().ip().is_loopback());
}

#[test]
fn expect_100_continue_is_honoured() {
    let server = MockServer::start();
    let body =
        format!(r#"{{"instance_id":"{EXAMPLE_INSTANCE_ID}","access_token":"{DEFAULT_TOKEN}"}}"#);
    let mut conn = Conn::open(&server);
    conn.send(format!(
        "POST /v2/session/logout HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    ));
    assert_eq!(conn.head().map(|h| h.0), Some(100));
    conn.send(&body);
    assert_eq!(conn.read().map(|r| r.status), Some(200));
}

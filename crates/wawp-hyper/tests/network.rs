//! Real-network behaviour on loopback: proxies (`CONNECT`, `NO_PROXY`,
//! credentials, refusal), trust (a private CA through `Config::trust`),
//! and the failures that never send the request (unresolvable name,
//! refused port, a TLS handshake that never ends, a silent proxy).

mod support;

use std::time::{Duration, Instant};

use support::*;
use wawp_core::http::{Method, Request};
use wawp_core::{
    Client, Config, Error, FromConfig, Limits, Proxy, Transport, TransportErrorKind, Trust,
};
use wawp_hyper::HyperTransport;

/// A logout through a client built from `config`.
fn logout(config: Config) -> Result<wawp_core::Session, Error> {
    let client = wawp_hyper::client(token(), config);
    runtime().block_on(client.logout(&id()))
}

/// `config` trusting `pki`'s CA.
fn trusting(mut config: Config, pki: &TestPki) -> Config {
    config.trust = Trust::default().with_pem(pki.ca_pem().as_bytes()).unwrap();
    config
}

fn transport_kind(err: &Error) -> Option<TransportErrorKind> {
    match err {
        Error::Transport(e) => Some(e.kind()),
        _ => None,
    }
}

/// Asserts that `err` is a `Connect` failure that was certainly not sent.
fn assert_not_sent_connect(err: &Error) {
    assert_eq!(
        transport_kind(err),
        Some(TransportErrorKind::Connect),
        "{err:?}"
    );
    assert!(!err.maybe_sent(), "{err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
    }
}

#[test]
fn https_goes_through_the_proxy_the_variables_name_and_it_sees_only_host_and_port() {
    let pki = TestPki::generate();
    let server = session_server_tls(&pki);
    let proxy = ConnectProxy::start(ProxyMode::Tunnel);
    let mut config = trusting(config(&server.base_url()), &pki);
    config.proxy = Proxy::from_vars([("HTTPS_PROXY", proxy.url())]);

    let session = logout(config).unwrap();
    assert_eq!(session.instance_id.as_str(), "3EB0BCB2E3D4");

    let heads = proxy.heads();
    assert_eq!(heads.len(), 1, "{heads:?}");
    let target = format!("127.0.0.1:{}", server.port());
    assert!(
        heads[0].starts_with(&format!("CONNECT {target} HTTP/1.1\r\n")),
        "{heads:?}"
    );
    assert!(!contains(heads[0].as_bytes(), "proxy-authorization"));
    let seen = proxy.seen();
    assert!(
        seen.len() > heads[0].len(),
        "the TLS bytes went through the tunnel"
    );
    for secret in [
        TOKEN,
        "access_token",
        "/v2/session",
        "logout",
        "3EB0BCB2E3D4",
    ] {
        assert!(!contains(&seen, secret), "the proxy saw {secret:?}");
    }
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_explicit_proxy_gets_its_credentials_and_the_password_is_never_printed() {
    let pki = TestPki::generate();
    let server = session_server_tls(&pki);
    let proxy = ConnectProxy::start(ProxyMode::Tunnel);
    let url = format!("http://alice:s3cr%3At@127.0.0.1:{}", proxy.port());
    let mut config = trusting(config(&server.base_url()), &pki);
    config.proxy = Proxy::url(&url).unwrap();

    let transport = HyperTransport::from_config(&config).unwrap();
    let client = Client::with_config(transport.clone(), token(), config.clone());
    for text in [
        format!("{transport:?}"),
        format!("{client:?}"),
        format!("{config:?}"),
    ] {
        assert!(!text.contains("s3cr"), "{text}");
        assert!(!text.contains(TOKEN), "{text}");
    }
    runtime().block_on(client.logout(&id())).unwrap();

    let heads = proxy.heads();
    assert_eq!(heads.len(), 1, "{heads:?}");
    // base64("alice:s3cr:t")
    assert!(
        contains(
            heads[0].as_bytes(),
            "proxy-authorization: Basic YWxpY2U6czNjcjp0\r\n"
        ),
        "{heads:?}"
    );
    assert!(!contains(&proxy.seen(), TOKEN));
}

#[test]
fn a_proxy_refusing_the_tunnel_is_connect_and_not_sent() {
    let pki = TestPki::generate();
    let server = session_server_tls(&pki);
    for status in [403, 407, 502] {
        let proxy = ConnectProxy::start(ProxyMode::Refuse(status));
        let mut config = trusting(config(&server.base_url()), &pki);
        config.proxy =
            Proxy::url(&format!("http://bob:hunter2@127.0.0.1:{}", proxy.port())).unwrap();
        let err = logout(config).unwrap_err();
        assert_not_sent_connect(&err);
        assert!(!format!("{err:?}").contains("hunter2"), "{err:?}");
        assert_eq!(proxy.heads().len(), 1, "{status}");
    }
    assert_eq!(server.connections(), 0);
}

#[test]
fn a_silent_proxy_is_connect_within_the_connect_timeout() {
    let pki = TestPki::generate();
    let server = session_server_tls(&pki);
    let proxy = ConnectProxy::start(ProxyMode::Silent);
    let mut config = trusting(config(&server.base_url()), &pki);
    config.proxy = Proxy::url(&proxy.url()).unwrap();
    config.connect_timeout = Some(Duration::from_millis(300));
    let start = Instant::now();
    let err = logout(config).unwrap_err();
    let elapsed = start.elapsed();
    assert_not_sent_connect(&err);
    assert!(elapsed >= Duration::from_millis(290), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2_500), "{elapsed:?}");
}

#[test]
fn no_proxy_goes_direct() {
    let pki = TestPki::generate();
    let server = session_server_tls(&pki);
    let proxy = ConnectProxy::start(ProxyMode::Tunnel);
    for no_proxy in ["127.0.0.1", "127.0.0.0/8", "*"] {
        let mut config = trusting(config(&server.base_url()), &pki);
        config.proxy = Proxy::from_vars([
            ("HTTPS_PROXY", proxy.url().as_str()),
            ("NO_PROXY", no_proxy),
        ]);
        logout(config).unwrap();
    }
    assert_eq!(proxy.connections(), 0);
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn plain_http_is_never_proxied() {
    let server = Server::start(|_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()));
    let proxy = ConnectProxy::start(ProxyMode::Tunnel);
    let mut explicit = config(&server.base_url());
    explicit.proxy = Proxy::url(&proxy.url()).unwrap();
    let mut from_vars = config(&server.base_url());
    from_vars.proxy = Proxy::from_vars([("HTTPS_PROXY", proxy.url()), ("ALL_PROXY", proxy.url())]);
    for config in [explicit, from_vars] {
        logout(config).unwrap();
    }
    assert_eq!(proxy.connections(), 0);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn an_unusable_proxy_variable_fails_before_anything_is_sent() {
    let pki = TestPki::generate();
    let server = session_server_tls(&pki);
    let mut config = trusting(config(&server.base_url()), &pki);
    config.proxy = Proxy::from_vars([("HTTPS_PROXY", "socks5://carol:pa55@127.0.0.1:1")]);
    let err = logout(config).unwrap_err();
    assert_not_sent_connect(&err);
    assert!(err.to_string().contains("HTTPS_PROXY"), "{err}");
    assert!(!format!("{err:?}").contains("pa55"), "{err:?}");
    assert_eq!(server.connections(), 0);
}

#[test]
fn a_private_ca_is_trusted_through_the_config_and_only_then() {
    let pki = TestPki::generate();
    let server = session_server_tls(&pki);

    let err = logout(config(&server.base_url())).unwrap_err();
    assert_eq!(
        transport_kind(&err),
        Some(TransportErrorKind::Tls),
        "{err:?}"
    );
    assert!(!err.maybe_sent(), "{err:?}");
    assert!(!format!("{err:?}").contains(TOKEN));
    assert_eq!(server.requests().len(), 0);

    let der = trusting(config(&server.base_url()), &pki);
    logout(der).unwrap();
    let mut by_der = config(&server.base_url());
    by_der.trust = Trust::default().with_der(pki.ca_der().to_vec()).unwrap();
    logout(by_der).unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn an_unresolvable_name_is_connect_and_not_sent() {
    let mut config = config("https://wawp-rs-test.invalid");
    config.connect_timeout = Some(Duration::from_secs(5));
    let start = Instant::now();
    let err = logout(config).unwrap_err();
    assert_not_sent_connect(&err);
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_refused_port_is_connect_and_not_sent() {
    let port = wawp_conformance::transport::closed_port();
    for scheme in ["http", "https"] {
        let err = logout(config(&format!("{scheme}://127.0.0.1:{port}"))).unwrap_err();
        assert_not_sent_connect(&err);
    }
}

/// A handshake that never ends is `Connect` after the 300 ms that `config`
/// or `limits` sets.
fn assert_tls_stall_times_out(transport: HyperTransport, limits: Limits) {
    let listener = SilentListener::start();
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("{}/", listener.base_url()))
        .body(Vec::new())
        .unwrap();
    let start = Instant::now();
    let err = runtime()
        .block_on(transport.send(request, &limits))
        .unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(err.kind(), TransportErrorKind::Connect, "{err}");
    assert!(!err.kind().maybe_sent());
    assert!(elapsed >= Duration::from_millis(290), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2_500), "{elapsed:?}");
}

#[test]
fn the_configured_connect_timeout_covers_a_stalled_tls_handshake() {
    let mut config = config("https://127.0.0.1");
    config.connect_timeout = Some(Duration::from_millis(300));
    let limits = Limits::with_connect_timeout(Some(Duration::from_secs(5)), None, 1024);
    assert_tls_stall_times_out(transport(&config), limits);
}

#[test]
fn the_connect_timeout_of_a_call_covers_a_stalled_tls_handshake() {
    let limits = Limits::with_connect_timeout(
        Some(Duration::from_secs(5)),
        Some(Duration::from_millis(300)),
        1024,
    );
    // The transport's own connect timeout (core's default, 10 s) is longer.
    assert_tls_stall_times_out(transport(&config("https://127.0.0.1")), limits);
}

#[test]
fn a_total_timeout_while_connecting_is_connect_not_timeout() {
    let mut config = config("https://127.0.0.1");
    config.connect_timeout = None;
    let limits = Limits::with_connect_timeout(Some(Duration::from_millis(300)), None, 1024);
    assert_tls_stall_times_out(transport(&config), limits);
}

#[test]
fn a_full_logout_against_a_stalled_handshake_is_connect() {
    let listener = SilentListener::start();
    let mut config = config(&listener.base_url());
    config.connect_timeout = Some(Duration::from_millis(300));
    let err = logout(config).unwrap_err();
    assert_not_sent_connect(&err);
}

#[test]
fn a_total_timeout_shorter_than_the_connect_timeout_still_says_connect() {
    let listener = SilentListener::start();
    let mut config = config(&listener.base_url());
    // The connect timeout (10 s by default) is capped at the total.
    config.timeout = Some(Duration::from_millis(300));
    let start = Instant::now();
    let err = logout(config).unwrap_err();
    assert_not_sent_connect(&err);
    assert!(
        start.elapsed() < Duration::from_millis(2_500),
        "{:?}",
        start.elapsed()
    );
}

//! What real networks do, on loopback, through `wawp_blocking::client`
//! built from a `Config`: names that do not resolve, refused ports, TLS
//! handshakes that never end, proxies (from variables, explicit with a
//! password, refusing, bypassed), private CAs, and servers that close
//! kept-alive connections right after answering. Every configuration sets
//! its proxy explicitly, so the machine's own variables change nothing.

mod support;

use std::time::{Duration, Instant};

use support::{RecordingProxy, Staller, closing_server};
use wawp_conformance::transport::{SESSION_JSON, Server, TOKEN, closed_port, respond};
use wawp_core::{
    AccessToken, Config, Error, InstanceId, Proxy, RetryPolicy, TransportErrorKind, Trust,
};
use wawp_mock::TestPki;

const CONNECT_TIMEOUT: Duration = Duration::from_millis(300);

fn config(base_url: &str) -> Config {
    let mut config = Config::default().with_base_url(base_url).unwrap();
    config.proxy = Proxy::none();
    config.timeout = Some(Duration::from_secs(10));
    config
}

fn trusting(config: Config, pki: &TestPki) -> Config {
    let mut config = config;
    config.trust = Trust::default().with_der(pki.ca_der().to_vec()).unwrap();
    config
}

fn logout(config: Config) -> Result<wawp_core::Session, Error> {
    let client = wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config);
    client.logout(&InstanceId::new("3EB0BCB2E3D4").unwrap())
}

fn session_server(pki: Option<&TestPki>) -> Server {
    let answer =
        |_: &_, out: &mut dyn std::io::Write| respond(out, 200, &[], SESSION_JSON.as_bytes());
    match pki {
        Some(pki) => Server::start_tls(answer, pki),
        None => Server::start(answer),
    }
}

#[track_caller]
fn assert_not_sent(result: Result<wawp_core::Session, Error>, kind: TransportErrorKind) -> Error {
    let err = result.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind() == kind),
        "expected {kind:?}, got {err:?}"
    );
    assert!(!err.maybe_sent(), "{err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    err
}

#[test]
fn an_unresolvable_name_is_connect_not_sent() {
    let mut config = config("https://wawp-rs-test.invalid");
    config.connect_timeout = Some(Duration::from_secs(5));
    let err = assert_not_sent(logout(config), TransportErrorKind::Connect);
    assert!(err.is_retryable(), "{err:?}");
}

#[test]
fn a_refused_port_is_connect_not_sent() {
    let config = config(&format!("http://127.0.0.1:{}", closed_port()));
    assert_not_sent(logout(config), TransportErrorKind::Connect);
}

#[test]
fn a_handshake_that_never_ends_is_connect_at_the_connect_timeout() {
    let staller = Staller::start();
    let proxy = RecordingProxy::start();
    for through_proxy in [false, true] {
        let mut config = config(&staller.base_url());
        config.connect_timeout = Some(CONNECT_TIMEOUT);
        if through_proxy {
            config.proxy = Proxy::url(&proxy.url()).unwrap();
        }
        let started = Instant::now();
        let result = logout(config);
        let elapsed = started.elapsed();
        assert_not_sent(result, TransportErrorKind::Connect);
        assert!(
            (CONNECT_TIMEOUT / 2..CONNECT_TIMEOUT + Duration::from_secs(3)).contains(&elapsed),
            "proxy: {through_proxy}: {elapsed:?}"
        );
    }
    assert_eq!(staller.accepted(), 2);
    assert!(
        proxy.seen().starts_with("CONNECT 127.0.0.1:"),
        "{}",
        proxy.seen()
    );
}

#[test]
fn a_private_ca_in_the_config_is_trusted_and_nothing_else_is() {
    let pki = TestPki::generate();
    let server = session_server(Some(&pki));
    let trusted = trusting(config(&server.base_url()), &pki);
    logout(trusted).unwrap();
    let mut untrusted = config(&server.base_url());
    untrusted.retry = RetryPolicy::attempts(3);
    assert_not_sent(logout(untrusted), TransportErrorKind::Tls);
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.connections(), 2, "the TLS failure is not retried");
}

#[test]
fn https_goes_through_connect_and_the_proxy_never_sees_the_token() {
    let pki = TestPki::generate();
    let server = session_server(Some(&pki));
    for var in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY"] {
        let proxy = RecordingProxy::start();
        let mut config = trusting(config(&server.base_url()), &pki);
        config.proxy = Proxy::from_vars([(var, proxy.url())]);
        logout(config).unwrap();
        let seen = proxy.seen();
        let connect = format!("CONNECT 127.0.0.1:{} HTTP/1.1\r\n", server.port());
        assert!(seen.starts_with(&connect), "{var}: {seen:?}");
        for secret in [TOKEN, "access_token", "/v2/session/logout"] {
            assert!(!seen.contains(secret), "{var}: the proxy saw {secret}");
        }
    }
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn an_explicit_proxy_gets_its_password_which_is_never_printed() {
    let pki = TestPki::generate();
    let server = session_server(Some(&pki));
    let proxy = RecordingProxy::start();
    let mut config = trusting(config(&server.base_url()), &pki);
    config.proxy = Proxy::url(&proxy.url_with("alice", "pa%3Ass-5ecr3t")).unwrap();
    let client = wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config.clone());
    assert!(!format!("{client:?}").contains("5ecr3t"));
    assert!(!format!("{:?}", client.transport()).contains("5ecr3t"));
    client
        .logout(&InstanceId::new("3EB0BCB2E3D4").unwrap())
        .unwrap();
    // Basic base64("alice:pa:ss-5ecr3t")
    assert!(
        proxy
            .seen()
            .contains("\r\nproxy-authorization: Basic YWxpY2U6cGE6c3MtNWVjcjN0\r\n")
            || proxy
                .seen()
                .contains("\r\nProxy-Authorization: Basic YWxpY2U6cGE6c3MtNWVjcjN0\r\n"),
        "{}",
        proxy.seen()
    );

    let refusing = RecordingProxy::refusing(407);
    config.proxy = Proxy::url(&refusing.url_with("alice", "pa%3Ass-5ecr3t")).unwrap();
    let err = assert_not_sent(logout(config), TransportErrorKind::Connect);
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("5ecr3t"), "{text}");
        assert!(!text.contains("YWxpY2U6cGE6c3MtNWVjcjN0"), "{text}");
    }
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_unusable_proxy_variable_fails_before_sending() {
    let server = session_server(None);
    let mut config = config(&server.base_url().replace("http://", "https://"));
    config.proxy = Proxy::from_vars([("HTTPS_PROXY", "socks5://u:s0cks-5ecr3t@127.0.0.1:1")]);
    let err = assert_not_sent(logout(config), TransportErrorKind::Connect);
    assert!(!format!("{err:?}").contains("s0cks-5ecr3t"));
    assert_eq!(server.connections(), 0);
}

#[test]
fn no_proxy_and_plain_http_go_direct() {
    let pki = TestPki::generate();
    let tls = session_server(Some(&pki));
    let plain = session_server(None);
    let proxy = RecordingProxy::start();
    for no_proxy in ["127.0.0.1", "127.0.0.0/8", "*"] {
        let mut config = trusting(config(&tls.base_url()), &pki);
        config.proxy = Proxy::from_vars([
            ("HTTPS_PROXY", proxy.url().as_str()),
            ("NO_PROXY", no_proxy),
        ]);
        logout(config).unwrap();
    }
    let vars = ["HTTPS_PROXY", "ALL_PROXY", "HTTP_PROXY", "http_proxy"];
    for setting in [
        Proxy::from_vars(vars.map(|v| (v, proxy.url()))),
        Proxy::url(&proxy.url()).unwrap(),
    ] {
        let mut config = config(&plain.base_url());
        config.proxy = setting;
        logout(config).unwrap();
    }
    assert_eq!(proxy.connections(), 0);
    assert_eq!((tls.requests().len(), plain.requests().len()), (3, 2));
}

/// Sequential logouts against a server that closes each connection 3 ms
/// after answering: every one succeeds, each reaches the server once.
fn stale(pki: Option<&TestPki>, calls: usize) -> usize {
    let server = closing_server(pki);
    let mut config = config(&server.base_url());
    if let Some(pki) = pki {
        config = trusting(config, pki);
    }
    let client = wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config);
    let id = InstanceId::new("3EB0BCB2E3D4").unwrap();
    let errors: Vec<String> = (0..calls)
        .filter_map(|i| client.logout(&id).err().map(|e| format!("#{i}: {e:?}")))
        .collect();
    assert!(
        errors.is_empty(),
        "{} of {calls} failed: {:?}",
        errors.len(),
        &errors[..errors.len().min(3)]
    );
    assert_eq!(server.requests().len(), calls, "no request read twice");
    eprintln!("{calls} logouts, {} connections", server.connections());
    server.connections()
}

#[test]
fn a_thousand_logouts_against_a_closing_server_all_succeed() {
    let connections = stale(None, 1_000);
    assert!(connections > 1 && connections <= 1_000, "{connections}");
}

/// Threads sharing a client against a server that closes each connection
/// 3 ms after answering. Almost every call succeeds; the few that do not
/// (the transport's ledger of idle connections lags ureq's pool by a few
/// microseconds, so a thread can get a pooled connection the ledger has not
/// counted yet) must say they may have been sent — never the other way
/// round — and the server read every successful request once.
#[test]
fn threads_sharing_a_client_against_a_closing_server_err_only_the_safe_way() {
    let server = closing_server(None);
    let client =
        wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config(&server.base_url()));
    let failed: Vec<Error> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let id = InstanceId::new("3EB0BCB2E3D4").unwrap();
                    (0..100)
                        .filter_map(|_| client.logout(&id).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect()
    });
    eprintln!("{} of 400 failed", failed.len());
    for e in &failed {
        assert!(
            matches!(e, Error::Transport(t) if t.kind() == TransportErrorKind::Io),
            "{e:?}"
        );
        assert!(e.maybe_sent());
    }
    assert!(
        failed.len() <= 40,
        "{} of 400 failed: {:?}",
        failed.len(),
        failed.first()
    );
    assert_eq!(
        server.requests().len(),
        400 - failed.len(),
        "no request read twice"
    );
}

#[test]
fn logouts_against_a_closing_tls_server_all_succeed() {
    stale(Some(&TestPki::generate()), 100);
}

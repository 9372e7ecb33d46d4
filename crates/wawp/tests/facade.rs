//! The facade end to end: each client it offers, built with the builder
//! and pointed at the loopback simulator, logs an instance out; settings
//! reach the wire; invalid ones are refused before any I/O.

// Helpers unused by some feature combinations.
#![allow(dead_code)]

use wawp::{AccessToken, Error, InputError, InstanceId, SessionStatus};
use wawp_mock::{EXAMPLE_INSTANCE_ID, MockServer};

fn token(server: &MockServer) -> AccessToken {
    AccessToken::new(server.token()).unwrap()
}

fn id() -> InstanceId {
    InstanceId::new(EXAMPLE_INSTANCE_ID).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// What the simulator saw of the one request sent.
fn sent(server: &MockServer) -> wawp_mock::RecordedRequest {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.into_iter().next().unwrap()
}

/// Each client name means one type, whatever else is enabled: the code
/// below compiles, and asserts the same, under every feature set that
/// `cargo xtask facade` checks (`reqwest` alone and `hyper,reqwest`
/// among them).
#[test]
fn each_name_means_one_transport_whatever_the_features() {
    fn transport_of<C>() -> &'static str {
        std::any::type_name::<C>()
    }
    #[cfg(feature = "hyper")]
    assert!(
        transport_of::<wawp::hyper::Client>()
            .ends_with("Client<wawp_hyper::transport::HyperTransport>")
    );
    #[cfg(feature = "reqwest")]
    assert!(
        transport_of::<wawp::reqwest::Client>()
            .ends_with("Client<wawp_reqwest::transport::ReqwestTransport>")
    );
    #[cfg(feature = "blocking")]
    assert!(
        transport_of::<wawp::blocking::Client>()
            .ends_with("BlockingClient<wawp_blocking::transport::UreqTransport>")
    );
}

#[cfg(feature = "hyper")]
#[test]
fn the_hyper_client_applies_the_settings() {
    let server = MockServer::start();
    let client = wawp::hyper::Client::builder(token(&server))
        .base_url(server.base_url())
        .params(wawp::ParamLocation::JsonBody)
        .user_agent("facade-test/1")
        .timeout(std::time::Duration::from_secs(5))
        .no_proxy()
        .build()
        .unwrap();
    let session = runtime().block_on(client.logout(&id())).unwrap();
    assert_eq!(session.status, SessionStatus::ScanQrCode);
    assert_eq!(
        server.instance_status(EXAMPLE_INSTANCE_ID).as_deref(),
        Some("SCAN_QR_CODE")
    );
    let request = sent(&server);
    assert_eq!(request.header("user-agent"), Some("facade-test/1"));
    // JsonBody: the token travels in the body, not the URL.
    assert!(request.query.as_deref().unwrap_or_default().is_empty());
    let body = String::from_utf8(request.body).unwrap();
    assert!(body.contains(EXAMPLE_INSTANCE_ID), "{body}");
}

#[cfg(feature = "reqwest")]
#[test]
fn the_reqwest_client_applies_the_settings() {
    let server = MockServer::start();
    let client = wawp::reqwest::Client::builder(token(&server))
        .base_url(server.base_url())
        .user_agent("facade-test/2")
        .no_proxy()
        .build()
        .unwrap();
    let session = runtime().block_on(client.logout(&id())).unwrap();
    assert_eq!(session.status, SessionStatus::ScanQrCode);
    assert_eq!(sent(&server).header("user-agent"), Some("facade-test/2"));
}

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_applies_the_settings() {
    let server = MockServer::start();
    let client = wawp::blocking::Client::builder(token(&server))
        .base_url(server.base_url())
        .params(wawp::ParamLocation::JsonBody)
        .user_agent("facade-test/3")
        .no_proxy()
        .build()
        .unwrap();
    let session = client.logout(&id()).unwrap();
    assert_eq!(session.status, SessionStatus::ScanQrCode);
    let request = sent(&server);
    assert_eq!(request.header("user-agent"), Some("facade-test/3"));
    assert!(
        String::from_utf8(request.body)
            .unwrap()
            .contains("access_token")
    );
}

/// Plain http to a host other than loopback: refused by `build()`, so
/// nothing is ever sent (the host would not even resolve).
fn assert_refused<C: std::fmt::Debug>(built: Result<C, Error>) {
    let err = built.unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput(InputError::InsecureBaseUrl { .. })),
        "{err:?}"
    );
    assert!(!err.maybe_sent());
}

#[test]
fn every_client_refuses_plain_http_at_build() {
    let token = || AccessToken::new("SECRET-TOKEN-f00d").unwrap();
    let url = "http://wawp.invalid";
    #[cfg(feature = "hyper")]
    assert_refused(wawp::hyper::Client::builder(token()).base_url(url).build());
    #[cfg(feature = "reqwest")]
    assert_refused(
        wawp::reqwest::Client::builder(token())
            .base_url(url)
            .build(),
    );
    #[cfg(feature = "blocking")]
    assert_refused(
        wawp::blocking::Client::builder(token())
            .base_url(url)
            .build(),
    );
    let custom = wawp::custom::BlockingClient::builder(token())
        .base_url(url)
        .build_with(wawp::transport::from_fn(|_, _| unreachable!("never sent")));
    assert_refused(custom);
}

#[test]
fn no_client_shows_the_token() {
    let secret = "SECRET-TOKEN-f00d";
    let token = || AccessToken::new(secret).unwrap();
    let mut shown = Vec::new();
    #[cfg(feature = "hyper")]
    shown.push(format!("{:?}", wawp::hyper::Client::builder(token())));
    #[cfg(feature = "blocking")]
    shown.push(format!(
        "{:?}",
        wawp::blocking::Client::builder(token()).build().unwrap()
    ));
    shown.push(format!(
        "{:?}",
        wawp::custom::BlockingClient::builder(token())
            .build_with(wawp::transport::from_fn(|_, _| unreachable!()))
            .unwrap()
    ));
    for text in shown {
        assert!(!text.contains(secret), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
}

#[test]
fn a_closure_is_a_blocking_transport() {
    let client = wawp::custom::BlockingClient::builder(AccessToken::new("tok").unwrap())
        .build_with(wawp::transport::from_fn(|request, limits| {
            assert_eq!(request.uri().path(), "/v2/session/logout");
            assert_eq!(limits.timeout, Some(wawp::DEFAULT_TIMEOUT));
            let body = r#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"X1"}"#;
            Ok(wawp::http::Response::new(body.as_bytes().to_vec()))
        }))
        .unwrap();
    let session = client.logout(&InstanceId::new("X1").unwrap()).unwrap();
    assert_eq!(session.status, SessionStatus::ScanQrCode);
}

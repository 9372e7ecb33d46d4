//! The constructors: a user's own hyper-util client (`from_client`), a
//! user's connector (`from_connector`), and a TLS configuration of one's own
//! (`with_tls_config`) — what each keeps, and what every call still
//! enforces.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use bytes::Bytes;
use http_body_util::Full;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use wawp_conformance::SHORT_TIMEOUT;
use wawp_core::http::Request;
use wawp_core::transport::Reused;
use wawp_core::{Client, Limits, Transport, TransportErrorKind};
use wawp_hyper::HyperTransport;
use wawp_hyper::hyper_util::client::legacy::Client as HyperUtilClient;
use wawp_hyper::hyper_util::client::legacy::connect::HttpConnector;
use wawp_hyper::hyper_util::rt::TokioExecutor;

/// A user's connector: hyper-rustls over hyper-util's, trusting `pki`.
fn users_connector(pki: &TestPki) -> HttpsConnector<HttpConnector> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    HttpsConnectorBuilder::new()
        .with_tls_config(pki.client_config())
        .https_or_http()
        .enable_http1()
        .wrap_connector(http)
}

/// A user's client over [`users_connector`], with hyper-util's defaults.
fn users_client(pki: &TestPki) -> HyperUtilClient<HttpsConnector<HttpConnector>, Full<Bytes>> {
    HyperUtilClient::builder(TokioExecutor::new()).build(users_connector(pki))
}

fn post(base: &str, path: &str) -> Request<Vec<u8>> {
    wawp_conformance::post(&format!("{base}{path}"))
}

fn limits(timeout_ms: u64, max: usize) -> Limits {
    Limits::new(Some(Duration::from_millis(timeout_ms)), max)
}

/// An HTTPS server: `/slow` answers after 800 ms, `/big` with 1 000 bytes,
/// `/redirect` with a 302, anything else with the session.
fn tls_server(pki: &TestPki) -> MockServer {
    MockServer::raw_tls(
        |req, out| {
            let line = req.request_line();
            if line.contains("/slow") {
                std::thread::sleep(Duration::from_millis(800));
            }
            if line.contains("/big") {
                respond(out, 200, &[], &[b'z'; 1000])
            } else if line.contains("/redirect") {
                respond(out, 302, &[("location", "/elsewhere")], b"")
            } else {
                respond(out, 200, &[], SESSION_JSON.as_bytes())
            }
        },
        pki,
    )
}

/// What every constructor enforces on each call: total timeout, body size,
/// no redirects.
fn assert_limits_enforced(transport: &HyperTransport, server: &MockServer) {
    let base = server.base_url();
    let rt = runtime();
    let ok = rt.block_on(transport.send(post(&base, "/"), &limits(5_000, 1024)));
    assert_eq!(ok.unwrap().body(), SESSION_JSON.as_bytes());
    let err = rt
        .block_on(transport.send(post(&base, "/slow"), &limits(300, 1024)))
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Timeout, "{err}");
    let err = rt
        .block_on(transport.send(post(&base, "/big"), &limits(5_000, 999)))
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{err}");
    let redirect = rt
        .block_on(transport.send(post(&base, "/redirect"), &limits(5_000, 1024)))
        .unwrap();
    assert_eq!(redirect.status(), 302);
}

/// A call's connect timeout bounds a handshake that never ends; without
/// one, a total timeout that ends the call still connecting is `Connect`
/// (nothing sent), not `Timeout`.
fn assert_connect_timeout_enforced(transport: &HyperTransport) {
    let limits =
        Limits::with_connect_timeout(Some(Duration::from_secs(5)), Some(SHORT_TIMEOUT), 1024);
    assert_tls_stall_times_out(transport, limits);
    let limits = Limits::with_connect_timeout(Some(SHORT_TIMEOUT), None, 1024);
    assert_tls_stall_times_out(transport, limits);
}

#[test]
fn a_users_client_keeps_its_tls_and_every_call_keeps_its_limits() {
    let pki = TestPki::generate();
    let server = tls_server(&pki);
    let transport = HyperTransport::from_client(users_client(&pki));
    assert_limits_enforced(&transport, &server);
    assert_connect_timeout_enforced(&transport);
    assert!(format!("{transport:?}").contains("a given client"));
    // Its own client decides the TLS: its roots, not the machine's.
    let session = runtime().block_on(
        Client::with_config(transport, token(), config(&server.base_url())).logout(&id()),
    );
    assert!(session.is_ok(), "{session:?}");
}

#[test]
fn a_users_connector_gets_the_pool_limits_and_stale_detection() {
    let pki = TestPki::generate();
    let server = tls_server(&pki);
    let transport = HyperTransport::from_connector(users_connector(&pki));
    assert_limits_enforced(&transport, &server);
    assert_connect_timeout_enforced(&transport);
    let rt = runtime();
    let reused = rt.block_on(async {
        let mut reused = Vec::new();
        for _ in 0..2 {
            let r = transport
                .send(post(&server.base_url(), "/"), &limits(5_000, 1024))
                .await
                .unwrap();
            reused.push(r.extensions().get::<Reused>().copied());
            // The one connection back in the pool.
            wawp_conformance::tasks_settled(1).await;
        }
        reused
    });
    assert_eq!(reused[1], Some(Reused(true)), "{reused:?}");
}

#[test]
fn with_tls_config_replaces_the_roots_of_a_configured_transport() {
    let pki = TestPki::generate();
    let server = tls_server(&pki);
    let config = config(&server.base_url());
    let rt = runtime();

    let plain = transport(&config);
    let err = rt
        .block_on(plain.send(post(&server.base_url(), "/"), &limits(5_000, 1024)))
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Tls, "{err}");

    let mut tls = pki.client_config();
    // Cleared by the transport (hyper-rustls refuses a preset ALPN).
    tls.alpn_protocols = vec![b"h2".to_vec()];
    let trusting = plain.with_tls_config(tls);
    assert!(format!("{trusting:?}").contains("from a Config"));
    let client = Client::with_config(trusting, token(), config);
    assert!(rt.block_on(client.logout(&id())).is_ok());
}

#[test]
fn with_tls_config_leaves_a_users_client_alone() {
    let pki = TestPki::generate();
    let server = tls_server(&pki);
    let transport =
        HyperTransport::from_client(users_client(&pki)).with_tls_config(wawp_rustls_free_config());
    // Still the user's client, which trusts the test CA.
    let r = runtime().block_on(transport.send(post(&server.base_url(), "/"), &limits(5_000, 1024)));
    assert!(r.is_ok(), "{r:?}");
}

/// A TLS configuration trusting nothing.
fn wawp_rustls_free_config() -> wawp_hyper::rustls::ClientConfig {
    wawp_hyper::rustls::ClientConfig::builder_with_provider(Arc::new(
        wawp_hyper::rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(wawp_hyper::rustls::RootCertStore::empty())
    .with_no_client_auth()
}

#[test]
fn new_reads_the_default_config() {
    let transport = HyperTransport::new();
    let text = format!("{transport:?}");
    assert!(text.contains("from a Config"), "{text}");
    assert!(
        text.contains("10s"),
        "core's default connect timeout: {text}"
    );
}

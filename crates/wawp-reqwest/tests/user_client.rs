//! A user-supplied `reqwest::Client`: used as is, and never allowed to hand
//! back a redirected response.

use std::time::Duration;

use wawp_conformance::TOKEN;
use wawp_core::http::{Method, Request};
use wawp_core::{Limits, Transport, TransportErrorKind};
use wawp_mock::MockServer;
use wawp_mock::raw::respond;
use wawp_reqwest::ReqwestTransport;
use wawp_reqwest::reqwest::redirect::Policy;

fn redirecting_server() -> MockServer {
    MockServer::raw(|req, out| {
        if req.request_line().contains("/moved") {
            respond(out, 200, &[], b"followed!")
        } else {
            respond(out, 302, &[("location", "/moved")], b"")
        }
    })
}

fn send(
    transport: &ReqwestTransport,
    server: &MockServer,
) -> Result<Vec<u8>, wawp_core::TransportError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!(
            "{}/start?access_token={}",
            server.base_url(),
            TOKEN
        ))
        .header("content-length", "0")
        .body(Vec::new())
        .unwrap();
    let limits = Limits::new(Some(Duration::from_secs(5)), 1024);
    runtime
        .block_on(transport.send(request, &limits))
        .map(|r| r.status().as_u16().to_string().into_bytes())
}

#[test]
fn a_client_that_follows_redirects_gets_an_error_not_the_target() {
    let server = redirecting_server();
    let client = wawp_reqwest::reqwest::Client::builder()
        .tls_backend_preconfigured(default_tls())
        .no_proxy()
        .redirect(Policy::limited(5))
        .build()
        .unwrap();
    let err = send(&ReqwestTransport::from_client(client), &server).unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Other, "{err}");
    assert!(err.message().contains("redirect"), "{err}");
    assert!(!format!("{err:?}").contains(TOKEN));
}

#[test]
fn a_client_without_redirects_returns_the_3xx() {
    let server = redirecting_server();
    let client = wawp_reqwest::reqwest::Client::builder()
        .tls_backend_preconfigured(default_tls())
        .no_proxy()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let status = send(&ReqwestTransport::from_client(client), &server).unwrap();
    assert_eq!(status, b"302");
    assert_eq!(server.requests().len(), 1);
}

fn default_tls() -> rustls::ClientConfig {
    rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth()
}

//! What real networks do that only this crate's tests can show. The
//! conformance suite's network cases (`tests/conformance.rs`: private CAs,
//! proxies, stale keep-alive connections, unresolvable names, refused
//! ports, connect timeouts through the client) run against this crate's
//! client there; here, the transport itself against a TLS handshake that
//! never ends — under its own connect timeout, a call's, or a call's total
//! timeout — and what the transport and client print of a proxy.

use std::time::Duration;

use crate::support::*;
use wawp_conformance::SHORT_TIMEOUT;
use wawp_core::{Client, Limits, Proxy};

#[test]
fn the_configured_connect_timeout_covers_a_stalled_tls_handshake() {
    let mut config = config("https://127.0.0.1");
    config.connect_timeout = Some(SHORT_TIMEOUT);
    let limits = Limits::with_connect_timeout(Some(Duration::from_secs(5)), None, 1024);
    assert_tls_stall_times_out(&transport(&config), limits);
}

#[test]
fn the_connect_timeout_of_a_call_covers_a_stalled_tls_handshake() {
    let limits =
        Limits::with_connect_timeout(Some(Duration::from_secs(5)), Some(SHORT_TIMEOUT), 1024);
    // The transport's own connect timeout (core's default, 10 s) is longer.
    assert_tls_stall_times_out(&transport(&config("https://127.0.0.1")), limits);
}

#[test]
fn a_total_timeout_while_connecting_is_connect_not_timeout() {
    let mut config = config("https://127.0.0.1");
    config.connect_timeout = None;
    let limits = Limits::with_connect_timeout(Some(SHORT_TIMEOUT), None, 1024);
    assert_tls_stall_times_out(&transport(&config), limits);
}

/// The transport and client a `Config` with an explicit proxy builds print
/// neither the proxy's password nor the token (the conformance suite shows
/// the password travels to the proxy, and only there).
#[test]
fn the_transport_and_client_never_print_the_proxy_password() {
    let mut config = config("https://127.0.0.1");
    config.proxy = Proxy::url("http://alice:s3cr%3At@127.0.0.1:1").unwrap();
    let transport = transport(&config);
    let client = Client::with_config(transport.clone(), token(), config);
    for text in [format!("{transport:?}"), format!("{client:?}")] {
        assert!(!text.contains("s3cr"), "{text}");
        assert!(!text.contains(TOKEN), "{text}");
    }
}

//! What this crate's tests share: configs that ignore the machine's proxy
//! variables, transports built from them, the runtimes a transport is used
//! on, and a check that a connect timeout ends a stalled TLS handshake.
//! The loopback servers, stalled TLS listener included, are the simulator's
//! (`wawp-mock`).

#![allow(dead_code, unreachable_pub)]

use std::time::{Duration, Instant};

use wawp_conformance::{SHORT_TIMEOUT, TIMEOUT_MARGIN};
use wawp_core::transport::FromConfig;
use wawp_core::{AccessToken, Config, InstanceId, Limits, Proxy, Transport, TransportErrorKind};
use wawp_hyper::HyperTransport;

#[allow(unused_imports)]
pub use wawp_conformance::{SESSION_JSON, TOKEN, tasks_settled};
#[allow(unused_imports)]
pub use wawp_mock::raw::{Next, respond};
#[allow(unused_imports)]
pub use wawp_mock::{MockServer, TestPki};

/// `base` with no proxy, whatever the environment says.
pub fn config(base: &str) -> Config {
    let mut config = Config::default().with_base_url(base).unwrap();
    config.proxy = Proxy::none();
    config
}

/// A transport from `config`.
pub fn transport(config: &Config) -> HyperTransport {
    HyperTransport::from_config(config).unwrap()
}

pub fn token() -> AccessToken {
    AccessToken::new(TOKEN).unwrap()
}

pub fn id() -> InstanceId {
    InstanceId::new("3EB0BCB2E3D4").unwrap()
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The runtimes a transport is used on: current-thread and multi-thread.
pub fn runtimes() -> [(&'static str, tokio::runtime::Runtime); 2] {
    [
        ("current_thread", runtime()),
        (
            "multi_thread",
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap(),
        ),
    ]
}

/// A handshake that never ends is `Connect` (not sent) after the (about)
/// 300 ms that the transport's config or `limits` sets.
pub fn assert_tls_stall_times_out(transport: &HyperTransport, limits: Limits) {
    let staller = MockServer::stalling();
    let request = wawp_conformance::post(&format!("{}/", staller.base_url()));
    let start = Instant::now();
    let err = runtime()
        .block_on(transport.send(request, &limits))
        .unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(err.kind(), TransportErrorKind::Connect, "{err}");
    assert!(!err.kind().maybe_sent());
    // The call's connect timeout when it is the shorter (core may cut it
    // to `connect_share` of the total), else the transport's own 300 ms.
    let expected = limits
        .connect_timeout
        .map_or(SHORT_TIMEOUT, |c| c.min(SHORT_TIMEOUT));
    assert!(
        elapsed >= expected - Duration::from_millis(10),
        "{elapsed:?}"
    );
    assert!(elapsed < SHORT_TIMEOUT + TIMEOUT_MARGIN, "{elapsed:?}");
    // Counted on the staller's thread, which may lag the call.
    assert_eq!(
        wawp_conformance::settled(1, || staller.connections_accepted()),
        1
    );
}

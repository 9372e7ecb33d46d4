//! Core's re-send of a request lost on a stale pooled connection is marked
//! [`FreshConnection`]: the clients this crate builds send it on a new
//! connection, never on another pooled one (which may be just as stale).

use std::time::Duration;

use wawp_conformance::{SESSION_JSON, tasks_settled};
use wawp_core::http::{Method, Request};
use wawp_core::transport::FreshConnection;
use wawp_core::transport::{FromConfig, Reused};
use wawp_core::{Config, Limits, Proxy, Transport};
use wawp_mock::MockServer;
use wawp_mock::raw::respond;
use wawp_reqwest::ReqwestTransport;

#[test]
fn a_request_marked_fresh_connection_never_takes_a_pooled_one() {
    let server = MockServer::raw(|_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()));
    let mut config = Config::default();
    config.proxy = Proxy::none();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let reused = runtime.block_on(async {
        let transport = ReqwestTransport::from_config(&config).unwrap();
        let limits = Limits::new(Some(Duration::from_secs(5)), 1024);
        let mut reused = Vec::new();
        for fresh in [false, true, false] {
            let mut request = Request::builder()
                .method(Method::POST)
                .uri(format!("{}/", server.base_url()))
                .body(Vec::new())
                .unwrap();
            if fresh {
                request.extensions_mut().insert(FreshConnection);
            }
            let response = transport.send(request, &limits).await.unwrap();
            reused.push(response.extensions().get::<Reused>().is_some());
            // The first connection back in the pool (the fresh one is
            // closed, not kept).
            tasks_settled(1).await;
        }
        reused
    });
    // The marked request went on a new connection, which was not kept: the
    // next one reused the first.
    assert_eq!(reused, [false, false, true]);
    assert_eq!(server.connections_accepted(), 2);
}

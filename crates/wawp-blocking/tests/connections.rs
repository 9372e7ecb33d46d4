//! What the agents this crate builds do about connections: sequential calls
//! use one connection, host names resolve, threads sharing a client keep one
//! connection each, and a request marked `FreshConnection` goes on a new
//! one.

use std::time::Duration;

use wawp_blocking::UreqTransport;
use wawp_conformance::{SESSION_JSON, TOKEN, post};
use wawp_core::http::Response;
use wawp_core::transport::FreshConnection;
use wawp_core::{
    AccessToken, BlockingTransport, Config, InstanceId, Limits, Proxy, TransportError,
};
use wawp_mock::MockServer;
use wawp_mock::raw::respond;

fn session_server() -> MockServer {
    MockServer::raw(|_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()))
}

fn send(transport: &UreqTransport, url: &str) -> Result<Response<Vec<u8>>, TransportError> {
    send_marked(transport, url, false)
}

/// Sends to `url`, marked [`FreshConnection`] if `fresh`.
fn send_marked(
    transport: &UreqTransport,
    url: &str,
    fresh: bool,
) -> Result<Response<Vec<u8>>, TransportError> {
    let mut request = post(url);
    if fresh {
        request.extensions_mut().insert(FreshConnection);
    }
    transport.send(request, &Limits::new(Some(Duration::from_secs(5)), 1024))
}

fn client(server: &MockServer) -> wawp_blocking::UreqClient {
    let mut config = Config::default().with_base_url(&server.base_url()).unwrap();
    config.proxy = Proxy::none();
    wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config)
}

fn transport() -> UreqTransport {
    UreqTransport::new().with_proxy(Proxy::none())
}

#[test]
fn a_thousand_sequential_logouts_to_an_ip_literal_use_one_connection() {
    let server = session_server();
    assert!(server.base_url().starts_with("http://127.0.0.1:"));
    let client = client(&server);
    let id = InstanceId::new("3EB0BCB2E3D4").unwrap();
    for i in 0..1_000 {
        let session = client.logout(&id);
        assert!(session.is_ok(), "logout #{i}: {session:?}");
    }
    assert_eq!(server.requests().len(), 1_000);
    assert_eq!(server.connections_accepted(), 1);
}

/// A request marked [`FreshConnection`] (every attempt of a destructive
/// call) goes on a new connection although one is idle in the pool (ureq
/// drops the idle ones to that host), and the next request reuses the new
/// one.
#[test]
fn a_request_marked_fresh_connection_never_takes_a_pooled_one() {
    let server = session_server();
    let transport = transport();
    let url = format!("{}/", server.base_url());
    for fresh in [false, true, false] {
        assert_eq!(send_marked(&transport, &url, fresh).unwrap().status(), 200);
    }
    assert_eq!(server.connections_accepted(), 2);
}

#[test]
fn a_pool_of_no_idle_connections_opens_one_per_call() {
    let server = session_server();
    let transport = transport().with_max_idle_connections(0);
    let url = format!("{}/", server.base_url());
    for _ in 0..3 {
        assert_eq!(send(&transport, &url).unwrap().status(), 200);
    }
    assert_eq!(server.connections_accepted(), 3);
}

#[test]
fn a_host_name_is_still_resolved() {
    let server = session_server();
    let transport = transport();
    for i in 0..3 {
        let url = format!("http://localhost:{}/", server.addr().port());
        let r = send(&transport, &url);
        assert_eq!(r.unwrap().status(), 200, "call #{i}");
    }
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.connections_accepted(), 1);
}

#[test]
fn threads_sharing_a_client_keep_one_connection_each() {
    // More threads than ureq's default of 3 idle connections per host.
    const THREADS: usize = 8;
    const CALLS: usize = 100;
    let server = session_server();
    let client = client(&server);
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let client = &client;
            scope.spawn(move || {
                let id = InstanceId::new("3EB0BCB2E3D4").unwrap();
                for i in 0..CALLS {
                    let session = client.logout(&id);
                    assert!(session.is_ok(), "thread {t}, logout #{i}: {session:?}");
                }
            });
        }
    });
    assert_eq!(server.requests().len(), THREADS * CALLS);
    // No more connections than calls that were ever in flight at once.
    let connections = server.connections_accepted();
    assert!(
        (1..=THREADS).contains(&connections),
        "{connections} connections for {THREADS} threads"
    );
}

//! What real networks do that only this crate's tests can show. The
//! conformance suite's network cases (`tests/conformance.rs`: private CAs,
//! proxies, stale keep-alive connections, unresolvable names, refused
//! ports, connect timeouts) run against this crate's client there; here,
//! threads sharing one client against a server that closes each kept-alive
//! connection right after answering, and what that client prints of its
//! proxy.

use wawp_conformance::network::{assert_only_safe_failures, closing_server};
use wawp_conformance::{Harness, instance, token};
use wawp_core::{Config, Error, Proxy};
use wawp_mock::{DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID};

const THREADS: usize = 4;
const CALLS: usize = 100;

/// Threads sharing a client against a server that closes each connection
/// 3 ms after answering. Almost every call succeeds (a logout whose pooled
/// connection closed before the answer is re-sent once, on a new
/// connection); the few that may not (two threads can meet closing
/// connections in the same moment, and the re-send's new connection is
/// closed too) must say they may have been sent — never the other way
/// round — and the server read every successful request once.
#[test]
fn threads_sharing_a_client_against_a_closing_server_err_only_the_safe_way() {
    let server = closing_server();
    let make = |config, token| wawp_blocking::client(token, config);
    let harness = Harness::new(&make);
    let client = harness.subject(harness.config_for_url(&server.base_url()));
    let failed: Vec<Error> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| {
                    let id = instance(EXAMPLE_INSTANCE_ID);
                    (0..CALLS)
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
    assert_only_safe_failures(&server, THREADS * CALLS, &failed);
}

/// The client a `Config` with an explicit proxy builds, and its transport,
/// print neither the proxy's password nor the token (the conformance
/// suite shows the password travels to the proxy, and only there).
#[test]
fn the_client_and_its_transport_never_print_the_proxy_password() {
    let mut config = Config::default();
    config.proxy = Proxy::url("http://alice:pa%3Ass-5ecr3t@127.0.0.1:1").unwrap();
    let client = wawp_blocking::client(token(), config);
    for text in [format!("{client:?}"), format!("{:?}", client.transport())] {
        assert!(!text.contains("5ecr3t"), "{text}");
        assert!(!text.contains(DEFAULT_TOKEN), "{text}");
    }
}

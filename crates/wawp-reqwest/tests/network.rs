//! What real networks do that only this crate's tests can show. The
//! conformance suite's network cases (`tests/conformance.rs`: private CAs,
//! proxies, stale keep-alive connections, unresolvable names, refused
//! ports, connect timeouts) run against this crate's client there; here,
//! tasks on a multi-thread runtime sharing one client against a server
//! that closes each kept-alive connection right after answering, and what
//! that client prints of its proxy.

use std::time::Duration;

use wawp_conformance::network::{assert_only_safe_failures, closing_server};
use wawp_conformance::{instance, token};
use wawp_core::{Config, Error, Proxy};
use wawp_mock::{DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID};

const TASKS: usize = 4;
const CALLS: usize = 100;

/// Tasks on a multi-thread runtime sharing a client against a server that
/// closes each connection 3 ms after answering. Almost every call succeeds
/// (a re-send goes on a new connection, not another stale pooled one); the
/// few that may not (under concurrency, a pooled connection can be handed
/// out just as the server's close of it arrives, after bytes of the
/// request went out) must say they may have been sent — never the other
/// way round — and the server read every successful request once.
#[test]
fn concurrent_logouts_against_a_closing_server_err_only_the_safe_way() {
    let server = closing_server();
    let mut config = Config::default().with_base_url(&server.base_url()).unwrap();
    config.proxy = Proxy::none();
    config.timeout = Some(Duration::from_secs(10));
    let client = wawp_reqwest::client(token(), config);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let failed = runtime.block_on(async {
        let tasks: Vec<_> = (0..TASKS)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move {
                    let id = instance(EXAMPLE_INSTANCE_ID);
                    let mut failed = Vec::new();
                    for _ in 0..CALLS {
                        if let Err(e) = client.logout(&id).await {
                            failed.push(e);
                        }
                    }
                    failed
                })
            })
            .collect();
        let mut failed: Vec<Error> = Vec::new();
        for task in tasks {
            failed.extend(task.await.unwrap());
        }
        failed
    });
    assert_only_safe_failures(&server, TASKS * CALLS, &failed);
}

/// The client a `Config` with an explicit proxy builds, and its transport,
/// print neither the proxy's password nor the token (the conformance
/// suite shows the password travels to the proxy, and only there).
#[test]
fn the_client_and_its_transport_never_print_the_proxy_password() {
    let mut config = Config::default();
    config.proxy = Proxy::url("http://alice:pa%3Ass-5ecr3t@127.0.0.1:1").unwrap();
    let client = wawp_reqwest::client(token(), config);
    for text in [format!("{client:?}"), format!("{:?}", client.transport())] {
        assert!(!text.contains("5ecr3t"), "{text}");
        assert!(!text.contains(DEFAULT_TOKEN), "{text}");
    }
}

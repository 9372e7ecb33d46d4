//! What the agents this crate builds do about connections: threads sharing
//! a client keep one connection each.

use wawp_conformance::transport::{SESSION_JSON, Server, TOKEN, respond};
use wawp_core::{AccessToken, Config, InstanceId};

fn session_server() -> Server {
    Server::start(|_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()))
}

fn client(server: &Server) -> wawp_blocking::BlockingClient {
    let config = Config::default().with_base_url(&server.base_url()).unwrap();
    wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config)
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
    let connections = server.connections();
    assert!(
        (1..=THREADS).contains(&connections),
        "{connections} connections for {THREADS} threads"
    );
}

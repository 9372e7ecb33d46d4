//! The shared conformance suite (`wawp-conformance`) against `wawp-mock`,
//! over the client `wawp_reqwest::client` builds from each case's `Config`
//! (so its proxy, extra roots and connect timeout are the transport's).

use wawp_conformance::AsyncSubject;

wawp_conformance::suite!(
    |config, token| AsyncSubject::build(|| wawp_reqwest::client(token, config)),
    // hyper-util's pool gets a connection back from a task it spawns once the
    // body is read; a request made right after can race it and open a second
    // connection (seen in ~50% of runs of 100 logouts). Reuse is tested with
    // a tolerance in tests/transport.rs (connections_are_kept_alive).
    // The strict stale keep-alive cases (0 errors) cannot hold for reqwest:
    // it does not say which connection a call used, so a call whose own
    // connect finished while the pool handed it a returning, closed
    // connection is not recognised as stale (0–1 in 1 000 under load; the
    // error then says "may have been sent", the safe way). tests/network.rs
    // checks that bound and direction instead.
    skip = [
        "reuses_one_connection",
        "stale_keep_alive_connection_is_resent_once",
        "stale_keep_alive_tls_connection_is_resent_once",
    ],
);

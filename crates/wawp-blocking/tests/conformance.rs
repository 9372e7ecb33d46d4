//! The shared conformance suite (`wawp-conformance`) against `wawp-mock`,
//! over the client `wawp_blocking::client` builds from each case's
//! `Config` (so its proxy, extra roots and limits are the transport's).
//!
//! Skipped: the re-send after a stale keep-alive connection. ureq does not
//! say whether a connection was reused, so this transport never reports
//! `StaleConnection` and core never re-sends; what it does instead (every
//! failure `Io`, may have been sent, no request read twice) is tested in
//! `tests/network.rs` and in wawp-tests' `repeat_rule.rs`.

wawp_conformance::suite!(
    |config, token| wawp_blocking::client(token, config),
    skip = [
        "stale_keep_alive_connection_is_resent_once",
        "stale_keep_alive_tls_connection_is_resent_once"
    ],
);

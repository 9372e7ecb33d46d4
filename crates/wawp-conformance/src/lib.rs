//! # wawp-conformance
//!
//! One conformance suite for every **wawp-rs** transport, written once and
//! run by each transport crate against the [`wawp_mock`] simulator.
//!
//! ## Usage
//!
//! In a transport crate, add `wawp-conformance.workspace = true` to
//! `[dev-dependencies]`, and in `tests/conformance.rs` write one line: a
//! closure that turns a [`Config`](wawp_core::Config) and an
//! [`AccessToken`](wawp_core::AccessToken) into a [`Subject`] over your
//! transport **built from that config** — its proxy, extra roots and
//! limits are what the [`network`] cases test. It expands to a module
//! `conformance` with one `#[test]` per case (see [`cases`] and
//! [`network`]), so each failure is reported on its own.
//!
//! ```ignore
//! use wawp_core::transport::FromConfig;
//!
//! // A blocking transport: a BlockingClient is a Subject.
//! wawp_conformance::suite!(|config, token| {
//!     let transport = wawp_blocking::UreqTransport::from_config(&config).unwrap();
//!     wawp_core::BlockingClient::with_config(transport, token, config)
//! });
//!
//! // An async transport: wrap its Client in an AsyncSubject (it owns a tokio
//! // runtime; `build` runs the closure inside it).
//! wawp_conformance::suite!(|config, token| {
//!     wawp_conformance::AsyncSubject::build(|| {
//!         let transport = wawp_hyper::HyperTransport::from_config(&config).unwrap();
//!         wawp_core::Client::with_config(transport, token, config)
//!     })
//! });
//!
//! // Skip cases a transport cannot pass, by name, with a reason in a comment;
//! // name the module to have two suites in one file.
//! wawp_conformance::suite!(
//!     mod one_shot,
//!     |config, token| BlockingClient::with_config(OneShot, token, config),
//!     skip = ["reuses_one_connection"], // opens a connection per request
//! );
//! ```
//!
//! The closure's body is expanded inside the generated module, which starts
//! with `use super::*;`: names imported in the test file are in scope.
//! A skipped case still appears as a test, and passes after printing that it
//! was skipped; an unknown name in `skip` fails the suite's own check.
//!
//! [`recorded_request`], [`recorded_request_on`] and [`WireRequest`] let
//! transport crates compare what they send with each other and with the
//! request `wawp-core` built. [`ConnectProxy`] (a loopback `CONNECT` proxy
//! that records every byte it is sent, can require credentials, refuse or
//! never answer), [`TlsStaller`] (accepts TCP, never answers a TLS
//! handshake) and [`network::closing_server`] (closes each kept-alive
//! connection right after answering; [`network::assert_only_safe_failures`]
//! checks concurrent calls against it) are there for their own tests too.
//!
//! ## The machine's settings never change a result
//!
//! Every case's configuration starts from [`Harness::config_for_url`],
//! which sets [`Proxy::none`](wawp_core::Proxy::none): a machine with
//! `HTTPS_PROXY` set gives the same results as one without. The proxy cases
//! set the proxy they test, with [`Proxy::from_vars`](wawp_core::Proxy::from_vars)
//! or [`Proxy::url`](wawp_core::Proxy::url), never from the process
//! environment; the trust cases add their CA with
//! [`Config::trust`](wawp_core::Config::trust) and use a CA made at test
//! time, which no machine trusts. The transport a closure builds must take
//! its proxy and roots from the `Config` it is handed, not from the
//! environment on its own (a reqwest `ClientBuilder` reads `HTTPS_PROXY`
//! unless told `no_proxy()`).
//!
//! A complete, compiled example (a hand-written transport):
//!
//! ```
//! use std::io::{Read, Write};
//! use wawp_core::{BlockingClient, BlockingTransport, Limits, TransportError, TransportErrorKind};
//! use wawp_core::http::{Request, Response};
//!
//! struct Tiny;
//! impl BlockingTransport for Tiny {
//!     fn send(&self, req: Request<Vec<u8>>, _: &Limits) -> Result<Response<Vec<u8>>, TransportError> {
//!         // … see tests/custom_transport.rs for a real one.
//!         Err(TransportError::from_message(TransportErrorKind::Other, "not implemented"))
//!     }
//! }
//!
//! wawp_conformance::suite!(
//!     |config, token| BlockingClient::with_config(Tiny, token, config),
//!     skip = ["reuses_one_connection"],
//! );
//! # fn main() {}
//! ```
//!
//! **What it is not.** A test of `wawp-core`'s parsing in isolation (that has
//! its own unit tests) or of the simulator (that too): it tests a transport
//! and a client together, end to end, over real loopback sockets.
//!
//! **Invariants.** Every case starts its own simulator(s) (and proxies) on
//! an ephemeral loopback port, so cases are independent and run in
//! parallel, and nothing reaches a network (the `.invalid` name of the DNS
//! case cannot resolve); timeouts are short (300 ms) where they are tested
//! and generous (10 s) elsewhere; timing is only ever asserted as a
//! generous upper bound.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod cases;
mod harness;
mod lifecycle;
pub mod network;
mod proxy;
mod settle;
mod staller;
mod subject;
pub mod transport;
mod wire;

pub use cases::{AWKWARD_ID, CASES};
pub use harness::{BOTH_MODES, Harness, SHORT_TIMEOUT, TIMEOUT_MARGIN, instance, token};
pub use proxy::{ConnectProxy, ConnectProxyBuilder, ProxyRequest};
pub use settle::{SETTLE_WITHIN, settled};
pub use staller::TlsStaller;
pub use subject::{AsyncSubject, Subject};
pub use wire::{WireRequest, recorded_request, recorded_request_on};

/// Re-exported for the macro.
#[doc(hidden)]
pub use wawp_core;

/// Emits the conformance suite: one `#[test]` per case in a module (named
/// `conformance` unless given), over the subjects a closure
/// `|config: Config, token: AccessToken| -> impl Subject` builds.
///
/// See the crate documentation for examples.
#[macro_export]
macro_rules! suite {
    (mod $module:ident, $make:expr, skip = $skip:tt $(,)?) => {
        $crate::__suite_emit! { $module, $make, $skip }
    };
    (mod $module:ident, $make:expr $(,)?) => {
        $crate::__suite_emit! { $module, $make, [] }
    };
    ($make:expr, skip = $skip:tt $(,)?) => {
        $crate::__suite_emit! { conformance, $make, $skip }
    };
    ($make:expr $(,)?) => {
        $crate::__suite_emit! { conformance, $make, [] }
    };
}

/// The list of cases; kept equal to [`CASES`] and [`network::CASES`] by a
/// generated test.
#[doc(hidden)]
#[macro_export]
macro_rules! __suite_emit {
    ($module:ident, $make:expr, $skip:tt) => {
        $crate::__suite_emit! { @cases $module, $make, $skip, cases [
            success_query_mode,
            success_json_body_mode,
            request_matches_reference_query,
            request_matches_reference_json_body,
            awkward_instance_id_round_trips,
            documented_bad_request_json,
            documented_bad_request_xml,
            documented_bad_request_text,
            documented_unauthorized_json,
            documented_unauthorized_xml,
            documented_not_found_json,
            documented_not_found_xml,
            documented_internal_error_json,
            documented_internal_error_html,
            documented_bad_gateway_json,
            documented_bad_gateway_xml,
            unknown_instance_is_not_found,
            wrong_token_is_unauthorized,
            rate_limited_parses_retry_after,
            bad_gateway_is_not_retried_by_default,
            retries_when_configured,
            retry_waits_for_retry_after,
            unauthorized_is_never_retried,
            server_error_is_never_retried,
            reuses_one_connection,
            slow_server_times_out,
            endless_chunked_body_times_out,
            oversized_body_is_refused,
            body_at_limit_is_accepted,
            redirect_is_not_followed,
            dropped_connection_is_transport_error,
            close_mid_body_is_transport_error,
            truncated_content_length_is_transport_error,
            invalid_utf8_json_is_decode_error,
            lying_content_type_is_sniffed,
            many_response_headers_are_accepted,
            ten_thousand_response_headers_give_a_typed_result,
            token_never_appears_in_errors,
            session_lifecycle,
        ], network [
            private_ca_in_config_trust_is_trusted,
            untrusted_certificate_is_tls_not_sent_not_retried,
            proxy_from_variables_tunnels_through_connect,
            explicit_proxy_credentials_are_sent_never_shown,
            proxy_refusing_the_tunnel_is_connect_not_sent,
            unusable_proxy_variable_is_connect_not_sent,
            no_proxy_matching_the_target_goes_direct,
            plain_http_is_never_proxied,
            stale_keep_alive_connection_is_resent_once,
            stale_keep_alive_tls_connection_is_resent_once,
            reused_connection_failing_mid_answer_is_not_resent,
            unresolvable_host_is_connect_not_sent,
            refused_port_is_connect_not_sent_and_retried,
            connect_timeout_is_connect_not_sent,
            total_timeout_while_connecting_is_connect_not_sent,
            gateway_timeout_is_not_retried,
            rate_limited_unavailable_and_bad_gateway_are_retried,
            failures_after_sending_may_have_happened,
        ] }
    };
    (@cases $module:ident, $make:expr, $skip:tt, cases [$($case:ident,)*], network [$($net:ident,)*]) => {
        mod $module {
            #[allow(unused_imports)]
            use super::*;

            $(
                #[test]
                fn $case() {
                    $crate::__private::run(stringify!($case), &$skip, $make, $crate::cases::$case);
                }
            )*

            $(
                #[test]
                fn $net() {
                    $crate::__private::run(stringify!($net), &$skip, $make, $crate::network::$net);
                }
            )*

            #[test]
            fn suite_is_complete_and_skips_known_cases() {
                $crate::__private::check(&[$(stringify!($case),)* $(stringify!($net),)*], &$skip);
            }
        }
    };
}

/// Support for the macro; not part of the API.
#[doc(hidden)]
pub mod __private {
    use wawp_core::{AccessToken, Config};

    use crate::{CASES, Harness, Subject};

    /// Runs `case` over `make`, unless `name` is in `skip`.
    pub fn run<S, F>(name: &str, skip: &[&str], make: F, case: fn(&Harness<'_, S>))
    where
        S: Subject,
        F: Fn(Config, AccessToken) -> S,
    {
        if skip.contains(&name) {
            eprintln!("wawp-conformance: case {name} skipped");
            return;
        }
        case(&Harness::new(&make));
    }

    /// Checks the emitted cases are exactly [`CASES`] then
    /// [`network::CASES`](crate::network::CASES), and every skipped name is
    /// a case.
    pub fn check(emitted: &[&str], skip: &[&str]) {
        let all = [CASES, crate::network::CASES].concat();
        assert_eq!(
            emitted, all,
            "the suite! macro and the CASES lists disagree"
        );
        for name in skip {
            assert!(all.contains(name), "skip names an unknown case: {name}");
        }
    }
}

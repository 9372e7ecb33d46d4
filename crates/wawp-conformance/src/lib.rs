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
//! limits are what the [`network`] cases test; the cases that send a
//! request straight through the transport reach it through the client. It expands to a module
//! `conformance` with one `#[test]` per case of the one case list ([`CASES`]:
//! the functions of [`cases`] and [`network`]), so each failure is reported
//! on its own. Every case runs on every transport that invokes the macro —
//! hyper, reqwest, blocking, and yours.
//!
//! A case is a function `fn(&Harness<'_, S>)` for any [`Subject`]: it starts
//! its own [`wawp_mock`] simulator (scripted with a
//! [`Behaviour`](wawp_mock::Behaviour) when it needs a broken, slow or odd
//! answer), builds subjects from configurations, and calls endpoints through
//! [`Subject::call`] (any [`Endpoint`](wawp_core::Endpoint): a new endpoint
//! needs no change here) or sends a request straight through the transport
//! with [`Subject::send`]. Adding a case is writing that function and adding
//! its path to the list in this file; that list makes the tests and
//! [`CASES`] alike.
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
//!     // Opens a connection per request.
//!     skip = ["reuses_one_connection", "connections_are_kept_alive"],
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
//! never answer), [`network::closing_server`] (closes each kept-alive
//! connection right after answering; [`network::assert_only_safe_failures`]
//! checks concurrent calls against it), [`settled`] and [`tasks_settled`]
//! are there for their own tests too. Every server a case talks to is the
//! simulator: a stalled TLS handshake is
//! [`MockServer::stalling`](wawp_mock::MockServer::stalling), a raw answer
//! [`MockServer::raw`](wawp_mock::MockServer::raw).
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
//! and generous (10 s) elsewhere; timing is asserted as a generous upper
//! bound, and as a lower bound only where waiting is the point (a timeout
//! does not fire early, a `Retry-After` is honoured).

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod cases;
mod harness;
mod lifecycle;
pub mod network;
mod proxy;
mod session_api;
mod settle;
mod subject;
mod wire;

pub use cases::AWKWARD_ID;
pub use harness::{
    BOTH_MODES, Harness, SESSION_JSON, SHORT_TIMEOUT, TIMEOUT_MARGIN, TOKEN, instance, post, token,
};
pub use proxy::{ConnectProxy, ConnectProxyBuilder, ProxyRequest};
pub use settle::{SETTLE_WITHIN, settled, tasks_settled};
pub use subject::{AsyncSubject, Subject};
pub use wire::{WireRequest, recorded_request, recorded_request_on};

/// Re-exported for the macro.
#[doc(hidden)]
pub use wawp_core;

/// The name of every case, in the order [`suite!`] emits them.
pub const CASES: &[&str] = __cases!(__case_names);

/// Emits the conformance suite: one `#[test]` per case in a module (named
/// `conformance` unless given), over the subjects a closure
/// `|config: Config, token: AccessToken| -> impl Subject` builds.
///
/// See the crate documentation for examples.
#[macro_export]
macro_rules! suite {
    (mod $module:ident, $make:expr, skip = $skip:tt $(,)?) => {
        $crate::__cases! { __suite_emit, $module, $make, $skip }
    };
    (mod $module:ident, $make:expr $(,)?) => {
        $crate::__cases! { __suite_emit, $module, $make, [] }
    };
    ($make:expr, skip = $skip:tt $(,)?) => {
        $crate::__cases! { __suite_emit, conformance, $make, $skip }
    };
    ($make:expr $(,)?) => {
        $crate::__cases! { __suite_emit, conformance, $make, [] }
    };
}

/// The one case list, handed to `$callback` after `$args`.
#[doc(hidden)]
#[macro_export]
macro_rules! __cases {
    ($callback:ident $(, $args:tt)*) => {
        $crate::$callback! { [$($args),*]
            cases::success_query_mode,
            cases::success_json_body_mode,
            cases::request_matches_reference_query,
            cases::request_matches_reference_json_body,
            cases::awkward_instance_id_round_trips,
            cases::documented_bad_request_json,
            cases::documented_bad_request_xml,
            cases::documented_bad_request_text,
            cases::documented_unauthorized_json,
            cases::documented_unauthorized_xml,
            cases::documented_not_found_json,
            cases::documented_not_found_xml,
            cases::documented_internal_error_json,
            cases::documented_internal_error_html,
            cases::documented_bad_gateway_json,
            cases::documented_bad_gateway_xml,
            cases::unknown_instance_is_not_found,
            cases::wrong_token_is_unauthorized,
            cases::rate_limited_parses_retry_after,
            cases::bad_gateway_is_not_retried_by_default,
            cases::retries_when_configured,
            cases::retry_waits_for_retry_after,
            cases::unauthorized_is_never_retried,
            cases::server_error_is_never_retried,
            cases::reuses_one_connection,
            cases::connections_are_kept_alive,
            cases::every_status_is_a_response,
            cases::slow_server_times_out,
            cases::slow_body_times_out,
            cases::oversized_body_is_refused,
            cases::body_at_limit_is_accepted,
            cases::redirect_is_not_followed,
            cases::not_http_is_transport_error,
            cases::dropped_connection_is_transport_error,
            cases::close_mid_body_is_transport_error,
            cases::truncated_content_length_is_transport_error,
            cases::invalid_utf8_json_is_decode_error,
            cases::lying_content_type_is_sniffed,
            cases::many_response_headers_are_accepted,
            cases::ten_thousand_response_headers_give_a_typed_result,
            cases::token_never_appears_in_errors,
            cases::session_lifecycle,
            cases::remote_relink,
            cases::policy_change,
            network::private_ca_in_config_trust_is_trusted,
            network::untrusted_certificate_is_tls_not_sent_not_retried,
            network::proxy_from_variables_tunnels_through_connect,
            network::explicit_proxy_credentials_are_sent_never_shown,
            network::proxy_refusing_the_tunnel_is_connect_not_sent,
            network::unusable_proxy_variable_is_connect_not_sent,
            network::no_proxy_matching_the_target_goes_direct,
            network::plain_http_is_never_proxied,
            network::stale_keep_alive_connection_is_resent_once,
            network::stale_keep_alive_tls_connection_is_resent_once,
            network::reused_connection_failing_mid_answer_is_not_resent,
            network::unresolvable_host_is_connect_not_sent,
            network::refused_port_is_connect_not_sent_and_retried,
            network::connect_timeout_is_connect_not_sent,
            network::total_timeout_while_connecting_is_connect_not_sent,
            network::gateway_timeout_is_not_retried,
            network::rate_limited_unavailable_and_bad_gateway_are_retried,
            network::failures_after_sending_may_have_happened,
        }
    };
}

/// The names of the cases, as a slice.
#[doc(hidden)]
#[macro_export]
macro_rules! __case_names {
    ([] $($module:ident :: $case:ident,)*) => {
        &[$(stringify!($case)),*]
    };
}

/// One `#[test]` per case, and one that checks the skipped names.
#[doc(hidden)]
#[macro_export]
macro_rules! __suite_emit {
    ([$module:ident, $make:expr, $skip:tt] $($group:ident :: $case:ident,)*) => {
        mod $module {
            #[allow(unused_imports)]
            use super::*;

            $(
                #[test]
                fn $case() {
                    $crate::__private::run(stringify!($case), &$skip, $make, $crate::$group::$case);
                }
            )*

            #[test]
            fn skip_names_known_cases() {
                $crate::__private::check(&$skip);
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

    /// Checks every skipped name is a case.
    pub fn check(skip: &[&str]) {
        for name in skip {
            assert!(CASES.contains(name), "skip names an unknown case: {name}");
        }
    }
}

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
//! transport. It expands to a module `conformance` with one `#[test]` per
//! case (see [`cases`]), so each failure is reported on its own.
//!
//! ```ignore
//! // A blocking transport: a BlockingClient is a Subject.
//! wawp_conformance::suite!(|config, token| {
//!     wawp_core::BlockingClient::with_config(wawp_blocking::UreqTransport::new(), token, config)
//! });
//!
//! // An async transport: wrap its Client in an AsyncSubject (it owns a tokio
//! // runtime; `build` runs the closure inside it).
//! wawp_conformance::suite!(|config, token| {
//!     wawp_conformance::AsyncSubject::build(|| {
//!         wawp_core::Client::with_config(wawp_hyper::HyperTransport::new(), token, config)
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
//! request `wawp-core` built.
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
//! **Invariants.** Every case starts its own simulator(s) on an ephemeral
//! port, so cases are independent and run in parallel; timeouts are short
//! (300 ms) where they are tested and generous (10 s) elsewhere; timing is
//! only ever asserted as a generous upper bound.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod cases;
mod harness;
mod subject;
pub mod transport;
mod wire;

pub use cases::{AWKWARD_ID, CASES};
pub use harness::{BOTH_MODES, Harness, SHORT_TIMEOUT, TIMEOUT_MARGIN, instance, token};
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

/// The list of cases; kept equal to [`CASES`] by a generated test.
#[doc(hidden)]
#[macro_export]
macro_rules! __suite_emit {
    ($module:ident, $make:expr, $skip:tt) => {
        $crate::__suite_emit! { @cases $module, $make, $skip,
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
        }
    };
    (@cases $module:ident, $make:expr, $skip:tt, $($case:ident,)*) => {
        mod $module {
            #[allow(unused_imports)]
            use super::*;

            $(
                #[test]
                fn $case() {
                    $crate::__private::run(stringify!($case), &$skip, $make, $crate::cases::$case);
                }
            )*

            #[test]
            fn suite_is_complete_and_skips_known_cases() {
                $crate::__private::check(&[$(stringify!($case)),*], &$skip);
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

    /// Checks the emitted cases are exactly [`CASES`] and every skipped name
    /// is a case.
    pub fn check(emitted: &[&str], skip: &[&str]) {
        assert_eq!(emitted, CASES, "the suite! macro and CASES disagree");
        for name in skip {
            assert!(CASES.contains(name), "skip names an unknown case: {name}");
        }
    }
}

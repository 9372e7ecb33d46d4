//! Transport-level cases: what a [`Transport`](wawp_core::Transport) or
//! [`BlockingTransport`](wawp_core::BlockingTransport) must do with answers a
//! well-behaved server never gives, against a tiny scripted loopback
//! [`Server`]: every status is a response, redirects are returned, the total
//! timeout covers a slow head and a slow body, an oversized body is refused
//! early (declared or chunked), the request goes out byte for byte as core
//! built it, connections are kept alive, and broken connections, invalid HTTP
//! and untrusted certificates map to the right
//! [`TransportErrorKind`](wawp_core::TransportErrorKind).
//!
//! Where [`suite!`](crate::suite) drives a whole client against the
//! simulator, these cases call the transport itself.
//!
//! ## Usage
//!
//! In a transport crate's `tests/transport.rs`, implement [`Harness`] (a
//! blocking view of the transport) and emit the cases with
//! [`transport_cases!`](crate::transport_cases): a module `cases` with one
//! `#[test]` per function of [`cases`].
//!
//! ```
//! use wawp_conformance::transport::{Harness, TestPki};
//! use wawp_core::http::{Request, Response};
//! use wawp_core::{AccessToken, BlockingClient, BlockingTransport, Config, Error};
//! use wawp_core::{InstanceId, Limits, Session, TransportError, TransportErrorKind};
//!
//! struct Mine;
//! impl BlockingTransport for Mine {
//!     fn send(&self, _: Request<Vec<u8>>, _: &Limits) -> Result<Response<Vec<u8>>, TransportError> {
//!         // … a real one moves bytes.
//!         Err(TransportError::from_message(TransportErrorKind::Other, "not implemented"))
//!     }
//! }
//!
//! struct MyHarness(Mine);
//! impl Harness for MyHarness {
//!     fn new() -> Self {
//!         Self(Mine)
//!     }
//!     fn trusting(_pki: &TestPki) -> Self {
//!         Self(Mine) // … one that trusts only `pki.ca_der()`
//!     }
//!     fn send(&self, request: Request<Vec<u8>>, limits: &Limits) -> Result<Response<Vec<u8>>, TransportError> {
//!         self.0.send(request, limits)
//!     }
//!     fn logout(&self, config: Config, token: AccessToken, id: &InstanceId) -> Result<Session, Error> {
//!         BlockingClient::with_config(&self.0, token, config).logout(id)
//!     }
//! }
//!
//! wawp_conformance::transport_cases!(MyHarness);
//! # fn main() {}
//! ```
//!
//! [`Server`], [`respond`] and friends are public too, for a transport's own
//! tests of what only it does (a pool, a user-supplied client).
//!
//! **Invariants.** Every case starts its own server on an ephemeral port, so
//! cases are independent and run in parallel; timing is only asserted as
//! generous bounds.

pub mod cases;
mod server;

pub use server::{Next, RawRequest, Server, closed_port, respond};
pub use wawp_mock::TestPki;

/// The documented success body.
pub const SESSION_JSON: &str =
    r#"{"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;

/// The token used in every case; it must never show in any output.
pub const TOKEN: &str = "SECRET-TOKEN-123";

/// What the cases need from a transport, as blocking calls (an async
/// transport's harness drives it with a runtime of its own).
pub trait Harness: Sized {
    /// A harness over the default transport.
    fn new() -> Self;
    /// A harness whose transport trusts only the CA of `pki`.
    fn trusting(pki: &TestPki) -> Self;
    /// Sends `request` through the transport.
    fn send(
        &self,
        request: wawp_core::http::Request<Vec<u8>>,
        limits: &wawp_core::Limits,
    ) -> Result<wawp_core::http::Response<Vec<u8>>, wawp_core::TransportError>;
    /// A full logout through the library's client over this transport.
    fn logout(
        &self,
        config: wawp_core::Config,
        token: wawp_core::AccessToken,
        id: &wawp_core::InstanceId,
    ) -> Result<wawp_core::Session, wawp_core::Error>;
}

/// Emits the transport cases for a [`Harness`](crate::transport::Harness): a
/// module `cases` with one `#[test]` per function of
/// [`transport::cases`](crate::transport::cases). The harness type is
/// resolved in the calling module.
///
/// See the [`transport`](crate::transport) module for an example.
#[macro_export]
macro_rules! transport_cases {
    ($harness:ty $(,)?) => {
        $crate::__transport_cases_emit! { $harness,
            every_status_is_a_response,
            redirects_are_returned_not_followed,
            total_timeout_covers_a_slow_answer,
            total_timeout_covers_a_slow_body,
            timeout_error_becomes_error_timeout,
            oversized_content_length_is_refused_before_reading,
            oversized_chunked_body_stops_reading_early,
            body_of_exactly_the_limit_is_accepted,
            request_bytes_are_exactly_what_core_built,
            connections_are_kept_alive,
            refused_connection_is_connect_and_never_shows_the_token,
            invalid_http_is_io,
            connection_closed_without_answer_is_io,
            truncated_body_is_io,
            untrusted_certificate_is_tls_and_custom_root_works,
        }
    };
}

/// The test functions; not part of the API.
#[doc(hidden)]
#[macro_export]
macro_rules! __transport_cases_emit {
    ($harness:ty, $($case:ident,)*) => {
        mod cases {
            #[allow(unused_imports)]
            use super::*;

            $(
                #[test]
                fn $case() {
                    $crate::transport::cases::$case::<$harness>();
                }
            )*
        }
    };
}

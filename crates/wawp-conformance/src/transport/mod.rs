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
//! In a transport crate's `tests/transport.rs`, call
//! [`transport_cases!`](crate::transport_cases) with two closures making a
//! [`Harness`] — a [`BlockingHarness`] or an [`AsyncHarness`] over the
//! transport — one with its defaults, one trusting only the CA of a
//! [`TestPki`]. It emits a module `cases` with one `#[test]` per function of
//! [`cases`], so each failure is reported on its own.
//!
//! Build both with no proxy (`Config { proxy: Proxy::none(), .. }` for a
//! transport made from a `Config`): the `https` case must not go through a
//! machine's `HTTPS_PROXY`. Proxies, `Config::trust`, stale connections and
//! connect timeouts are tested through the client by the suite's
//! [`network`](crate::network) cases.
//!
//! ```ignore
//! use wawp_conformance::transport::AsyncHarness;
//! use wawp_hyper::HyperTransport;
//!
//! wawp_conformance::transport_cases!(
//!     default = || AsyncHarness::new(HyperTransport::new()),
//!     trusting = |pki| AsyncHarness::new(HyperTransport::with_tls_config(pki.client_config())),
//! );
//! ```
//!
//! A complete, compiled example (a transport that cannot send anything, so
//! its cases are emitted but not run):
//!
//! ```
//! use wawp_conformance::transport::BlockingHarness;
//! use wawp_core::http::{Request, Response};
//! use wawp_core::{BlockingTransport, Limits, TransportError, TransportErrorKind};
//!
//! struct Mine;
//! impl BlockingTransport for Mine {
//!     fn send(&self, _: Request<Vec<u8>>, _: &Limits) -> Result<Response<Vec<u8>>, TransportError> {
//!         // … a real one moves bytes (and trusts `pki.ca_der()` when asked).
//!         Err(TransportError::from_message(TransportErrorKind::Other, "not implemented"))
//!     }
//! }
//!
//! wawp_conformance::transport_cases!(
//!     default = || BlockingHarness(Mine),
//!     trusting = |_pki| BlockingHarness(Mine),
//! );
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
mod harness;
mod server;
mod tasks;

pub use harness::{AsyncHarness, BlockingHarness, Harness, Transports};
pub use server::{Next, RawRequest, Server, closed_port, respond};
pub use tasks::tasks_settled;
pub use wawp_mock::TestPki;

use wawp_core::http::{Method, Request};
use wawp_core::{Config, Proxy, Trust};

/// The documented success body.
pub const SESSION_JSON: &str =
    r#"{"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;

/// The token used in every case; it must never show in any output.
pub const TOKEN: &str = "SECRET-TOKEN-123";

/// A configuration to build a transport from for these cases: no proxy,
/// whatever the machine's variables say, and, when `pki` is given, its CA
/// trusted besides the machine's roots.
///
/// ```
/// use wawp_conformance::transport::{TestPki, config};
/// let pki = TestPki::generate();
/// assert_eq!(config(Some(&pki)).trust.extra_roots().count(), 1);
/// assert_eq!(config(None).trust.extra_roots().count(), 0);
/// ```
pub fn config(pki: Option<&TestPki>) -> Config {
    let mut config = Config::default();
    config.proxy = Proxy::none();
    if let Some(pki) = pki {
        config.trust = Trust::default()
            .with_der(pki.ca_der().to_vec())
            .expect("the CA of a TestPki is a DER certificate");
    }
    config
}

/// A `POST` to `url` with an empty body and `Content-Length: 0`.
///
/// # Panics
/// If `url` is not a valid URI: this is a test utility.
pub fn post(url: &str) -> Request<Vec<u8>> {
    Request::builder()
        .method(Method::POST)
        .uri(url)
        .header("content-length", "0")
        .body(Vec::new())
        .expect("wawp-conformance: a valid URL")
}

/// Emits the transport cases: a module `cases` with one `#[test]` per
/// function of [`transport::cases`](crate::transport::cases), each handed
/// [`Transports`](crate::transport::Transports) made of two closures: one
/// making a [`Harness`](crate::transport::Harness) over the transport with its
/// defaults, one over a transport trusting only the CA of a
/// [`TestPki`](crate::transport::TestPki). Both are expanded inside the
/// module, which starts with `use super::*;`.
///
/// See the [`transport`](crate::transport) module for an example.
#[macro_export]
macro_rules! transport_cases {
    (default = $default:expr, trusting = $trusting:expr $(,)?) => {
        $crate::__transport_cases_emit! { $default, $trusting,
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
    ($default:expr, $trusting:expr, $($case:ident,)*) => {
        mod cases {
            #[allow(unused_imports)]
            use super::*;

            $(
                #[test]
                fn $case() {
                    $crate::transport::cases::$case(&$crate::transport::Transports::new(
                        &$default, &$trusting,
                    ));
                }
            )*
        }
    };
}

//! # wawp-mock
//!
//! A local simulator of the Wawp API endpoint `POST /v2/session/logout`, for
//! the tests, demos and benchmarks of **wawp-rs**.
//!
//! **What it is.** A real HTTP/1.1 server ([`MockServer`]) on 127.0.0.1 and an
//! ephemeral port, with keep-alive and pipelining, a registry of instances,
//! one accepted access token, and scripted [`Behaviour`]s per instance: every
//! documented status × body format ([`Variant`]), raw answers, `Retry-After`,
//! failures then success, delays, oversized bodies, redirects, and broken
//! connections of several kinds. It records every request it receives
//! ([`RecordedRequest`]) so tests can assert what a client sent, and counts
//! the connections it accepts so they can assert connection reuse.
//!
//! With the `tls` feature it also serves HTTPS (rustls, ring provider) with a
//! certificate authority generated when the test runs (`TestPki`, rcgen),
//! so tests can check that a client trusts a custom root, and refuses a
//! server it does not trust.
//!
//! **What it is not.** The real API, a general HTTP server, or anything to
//! expose to a network: it binds loopback only, speaks plain HTTP (or HTTPS
//! with a throwaway CA), and is built for being hit by tests.
//!
//! **Invariants.**
//! - It binds 127.0.0.1 only.
//! - A malformed request gets a 4xx answer and a closed connection, never a
//!   panic; an I/O error ends that connection only.
//! - It never prints or logs the access token (its `Debug` output redacts it).
//! - Its API is synchronous and works from blocking and async tests alike: it
//!   runs on its own thread and runtime, and stops when dropped.
//!
//! ## Real semantics
//!
//! Parameters come from the query string (form-urlencoded, `+` is a space) or
//! a JSON object body `{"instance_id":…,"access_token":…}`; query values win.
//! Then, in order: no `instance_id` → 400; token missing or wrong → 401;
//! unknown instance → 404; otherwise 200
//! `{"name":…,"status":"SCAN_QR_CODE","instance_id":…}` and the instance is in
//! `SCAN_QR_CODE` state. Error bodies are those of the JSON [`Variant`]s.
//!
//! ```
//! use wawp_mock::{Behaviour, MockServer, Variant, EXAMPLE_INSTANCE_ID, NOT_FOUND_MESSAGE};
//!
//! let server = MockServer::start(); // knows EXAMPLE_INSTANCE_ID, in WORKING state
//! server.add_instance("A1", "alpha");
//! server.script("A1", Behaviour::Documented(Variant::NotFoundXml));
//! let base_url = server.base_url(); // http://127.0.0.1:<port>
//! // … point the client under test at `base_url` with `server.token()`,
//! // log out "A1", and expect a 404 whose message is NOT_FOUND_MESSAGE; then
//! // look at what it sent with `server.requests()`.
//! assert!(base_url.starts_with("http://127.0.0.1:"));
//! assert!(Variant::NotFoundXml.body().contains(NOT_FOUND_MESSAGE));
//! assert_eq!(server.instance_status(EXAMPLE_INSTANCE_ID).as_deref(), Some("WORKING"));
//! ```
//!
//! See [`MockServer`] for a complete exchange over a socket.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod behaviour;
mod config;
mod endpoint;
mod params;
mod recorded;
mod serve;
mod server;
mod state;
mod stream;
#[cfg(feature = "tls")]
mod tls;
mod wire;

pub use behaviour::{
    BAD_GATEWAY_MESSAGE, BAD_REQUEST_MESSAGE, Behaviour, Format, INTERNAL_ERROR_MESSAGE,
    NOT_FOUND_MESSAGE, RATE_LIMITED_MESSAGE, UNAUTHORIZED_MESSAGE, Variant,
};
pub use config::{DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, EXAMPLE_INSTANCE_NAME, MockConfig};
pub use endpoint::LOGOUT_PATH;
pub use recorded::RecordedRequest;
pub use server::MockServer;
#[cfg(feature = "tls")]
#[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
pub use tls::{SERVER_NAMES, TestPki};

/// The rustls version the `tls` feature uses, to name its certificate types.
#[cfg(feature = "tls")]
#[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
pub use rustls;

//! # wawp-mock
//!
//! A local simulator of the Wawp session API (info, start, stop, restart,
//! logout, delete, QR code, QR image, pairing code, temporary links, me,
//! rate-limit policies, webhooks, create), for the tests, demos and
//! benchmarks of **wawp-rs**; and a server that replays captures of the
//! live API ([`Replay`]).
//!
//! **What it is.** A real HTTP/1.1 server ([`MockServer`]) on 127.0.0.1 and an
//! ephemeral port, with keep-alive and pipelining, a registry of stateful
//! instances (a state machine each, with a configurable start delay and QR
//! rotation, and mock-only control calls that play the phone: scan, pair,
//! fail, and the owner opening a temporary link), an account that is free or
//! paid ([`Plan`]) with an optional instance quota, one accepted access token, and scripted [`Behaviour`]s per instance: every
//! documented status × body format ([`Variant`]), raw answers, `Retry-After`,
//! failures then success, delays, slow, oversized (declared, whole or
//! chunked) and chunked bodies, redirects, answers that are not HTTP, and
//! broken connections of several kinds. For what no behaviour covers, a
//! [`raw`] handler answers every request with the bytes it writes, and
//! [`MockConfig::stall`] accepts connections and never answers (a TLS
//! handshake that never completes). It records every request it receives
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
//! Then, in order: unknown path → 404; method not listed → 405 with `Allow`;
//! no `instance_id` (except for create and open-link) → 400; token missing or
//! wrong → 401; unknown instance → 404; then the call acts on the instance's
//! state machine:
//!
//! | call | from | to | answer |
//! |---|---|---|---|
//! | start | `STOPPED`, `FAILED` | `STARTING`, then after [`MockConfig::start_delay`] `WORKING` if it has a login, else `SCAN_QR_CODE` | `{name,status,config}` |
//! | stop | any | `STOPPED` (login kept) | `{name,status,config}` |
//! | restart | any | `STARTING`, as start | `{name,status,config}` |
//! | logout | `WORKING` (or a status set by a test), `SCAN_QR_CODE` | `SCAN_QR_CODE` (login dropped) | `{name,status,instance_id}` |
//! | logout | `FAILED` | `STOPPED` (login dropped) | `{name,status,instance_id}` |
//! | delete | any | gone: 404 afterwards | `{name,"status":"DELETED",instance_id}` |
//! | info | any | — | `{name,status,config,me}` (+ `qr`, a PNG data URI, while `SCAN_QR_CODE`) |
//! | qr, qr-image | `SCAN_QR_CODE` | — | `{mimetype,data}` / `{qr}`; the code rotates every [`MockConfig::qr_rotation`] |
//! | request-code | `SCAN_QR_CODE` | — | `{code}`; `phone_number` must be 7–15 digits, no leading 0 (else 400) |
//! | `/_mock/scan` | `SCAN_QR_CODE` | `WORKING` | `{name,status,instance_id}` |
//! | `/_mock/pair` + `code` | `SCAN_QR_CODE`, code issued | `WORKING`, as that phone | `{name,status,instance_id}` |
//! | `/_mock/fail` | any | `FAILED` (login kept) | `{name,status,instance_id}` |
//! | temp-link `GET` | any | — | `{link,token,expires_at}` while a link works, else `{"link":null}` |
//! | temp-link `POST` | any | a new link (replacing any), for [`MockConfig::temp_link_lifetime`] | `{link,token,expires_at}` |
//! | temp-link `DELETE` | any | no link | `{success,message,revoked}` |
//! | `/_mock/open-link` + `token` | `SCAN_QR_CODE`, link working | `WORKING` (404 for a dead link) | `{name,status,instance_id}` |
//! | me | `WORKING` | — | `{id,pushName,platform}` |
//! | rate-limit `GET` | any | — | `{current_policy,has_active_plan,free_policies,policies}` ([`POLICIES`]) |
//! | rate-limit `PATCH` + `policy_slug` | any | that policy (400 unknown; 403 `subscription_required` for a paid one on a free plan) | `{success,message,current_policy}` |
//! | webhook `GET`, `POST` + `webhooks` | any, paid plan (403 `subscription_required` on a free one) | `POST` replaces the list | `{webhooks,systemConfig}` / `{success,message,webhooks}` |
//! | create (no `instance_id`) | — | a new `STOPPED` instance (403 `quota_reached` at [`MockConfig::quota`]) | 201 `{instance_id,session_name,server_name}` |
//!
//! Any other combination is refused with [`CONFLICT_STATUS`] (422) and
//! `{"status":"error","code":422,"message":…,"session_status":…,"expected":[…]}`.
//! Error bodies are otherwise those of the JSON [`Variant`]s. The Rust API
//! has the same control calls ([`MockServer::scan`], [`MockServer::pair`],
//! [`MockServer::fail`], [`MockServer::open_temp_link`]) and shows what a client should have received
//! ([`MockServer::qr_value`], [`MockServer::pairing_code`]).
//! `docs/api-coverage.md` says why each choice was made.
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
mod control;
mod create;
mod endpoint;
mod json;
mod lifecycle;
mod params;
mod png;
mod qr;
mod rate_limit;
pub mod raw;
mod recorded;
mod replay;
mod serve;
mod server;
mod state;
mod stream;
mod temp_link;
#[cfg(feature = "tls")]
mod tls;
mod webhook;
mod wire;

pub use behaviour::{
    BAD_GATEWAY_MESSAGE, BAD_REQUEST_MESSAGE, Behaviour, Format, INTERNAL_ERROR_MESSAGE,
    NOT_FOUND_MESSAGE, RATE_LIMITED_MESSAGE, UNAUTHORIZED_MESSAGE, Variant,
};
pub use config::{
    DEFAULT_QR_ROTATION, DEFAULT_START_DELAY, DEFAULT_TEMP_LINK_LIFETIME, DEFAULT_TOKEN,
    EXAMPLE_INSTANCE_ID, EXAMPLE_INSTANCE_NAME, MockConfig,
};
pub use create::MOCK_SERVER_NAME;
pub use json::CONFLICT_STATUS;
pub use lifecycle::{
    CREATE_PATH, DELETE_PATH, FAIL_PATH, INFO_PATH, LOGOUT_PATH, ME_PATH, OPEN_LINK_PATH,
    PAIR_PATH, QR_IMAGE_PATH, QR_PATH, RATE_LIMIT_PATH, REQUEST_CODE_PATH, RESTART_PATH, SCAN_PATH,
    START_PATH, STOP_PATH, TEMP_LINK_PATH, WEBHOOK_PATH,
};
pub use rate_limit::{FREE_POLICIES, POLICIES};
pub use recorded::RecordedRequest;
pub use replay::{CAPTURE_FORMAT, Replay};
pub use server::{ControlError, MockServer};
pub use state::Plan;
pub use temp_link::TEMP_LINK_PREFIX;
#[cfg(feature = "tls")]
#[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
pub use tls::{SERVER_NAMES, TestPki};

/// The rustls version the `tls` feature uses, to name its certificate types.
#[cfg(feature = "tls")]
#[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
pub use rustls;

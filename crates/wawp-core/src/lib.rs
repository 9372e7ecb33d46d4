//! # wawp-core
//!
//! The sans-IO core of **wawp-rs**, the Rust client for the Wawp WhatsApp API.
//!
//! **What it is.** Everything about the API that can be decided without a
//! socket: validated inputs ([`InstanceId`], [`AccessToken`]), request building
//! into [`http::Request`] ([`Endpoint::build`]), response parsing into typed
//! results ([`Endpoint::parse`]), the one [`Error`] type, retry decisions
//! ([`RetryPolicy`]), redaction, and the seam to the code that moves bytes
//! ([`Transport`], [`BlockingTransport`]) with the clients that drive it
//! ([`Client`], [`BlockingClient`]).
//!
//! **What it is not.** An HTTP client. It opens no socket, reads no file,
//! starts no runtime and depends on none. Pick a transport crate —
//! `wawp-hyper`, `wawp-reqwest` (async) or `wawp-blocking` (ureq, no async) —
//! or write your own in a few lines, as below.
//!
//! **Invariants.**
//! - No I/O here: no tokio, hyper, reqwest, ureq, mio or socket2 in the
//!   dependency tree.
//! - Bad input is a typed [`InputError`] before any I/O; parsers never panic,
//!   whatever the bytes.
//! - The access token never appears in any `Debug` or `Display` output of any
//!   type in this crate, nor in any error: server text and transport messages
//!   are redacted before they are stored.
//! - A transport only moves bytes and enforces [`Limits`]; it needs no Wawp
//!   knowledge. Adding an endpoint is one file implementing [`Endpoint`]
//!   (which declares method, path, success statuses, where its fields go,
//!   whether it may be repeated, and what it decodes into), or one row of
//!   the lifecycle table; no transport changes.
//!
//! **Endpoints.** The session lifecycle of Wawp's v2 API, each with a
//! method on both clients: [`Info`] (`info`), [`Start`], [`Stop`],
//! [`Restart`], [`Logout`], [`Delete`], [`Qr`] (`qr`: the QR code's text),
//! [`QrImage`] (`qr_image`: the PNG) and [`RequestCode`] (`request_code`: a
//! pairing code for a [`PhoneNumber`]). What each rests on (documented or
//! assumed) is tabled in `docs/api-coverage.md`.
//!
//! ## A full logout with your own transport
//!
//! ```
//! use wawp_core::{AccessToken, Client, Config, InstanceId, Limits, SessionStatus, Transport, TransportError};
//!
//! /// A transport that answers like the real API would. Yours would send
//! /// `request` with the HTTP client of your choice.
//! struct MyTransport;
//!
//! #[async_trait::async_trait]
//! impl Transport for MyTransport {
//!     async fn send(
//!         &self,
//!         request: http::Request<Vec<u8>>,
//!         _limits: &Limits,
//!     ) -> Result<http::Response<Vec<u8>>, TransportError> {
//!         assert_eq!(request.uri().path(), "/v2/session/logout");
//!         let body = r#"{"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;
//!         Ok(http::Response::builder().status(200).body(body.into()).unwrap())
//!     }
//!
//!     async fn sleep(&self, duration: std::time::Duration) {
//!         std::thread::sleep(duration) // use your runtime's timer
//!     }
//! }
//!
//! # futures_executor::block_on(async {
//! let token = AccessToken::new(std::env::var("WAWP_ACCESS_TOKEN").unwrap_or("demo-token".into()))?;
//! let client = Client::with_config(MyTransport, token, Config::default());
//! let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?).await?;
//! assert_eq!(session.status, SessionStatus::ScanQrCode);
//! println!("{} is now {}", session.instance_id, session.status);
//! # Ok::<(), wawp_core::Error>(())
//! # }).unwrap();
//! ```
//!
//! ## Sans-IO, by hand
//!
//! ```
//! use wawp_core::{AccessToken, Config, Endpoint, Error, InstanceId, Logout, ApiErrorKind};
//! let token = AccessToken::new("tok")?;
//! let logout = Logout::new(InstanceId::new("nope")?);
//! let request = logout.build(&Config::default(), &token)?;
//! // … send `request` any way you like, then:
//! let response = http::Response::builder()
//!     .status(404)
//!     .header("content-type", "application/json")
//!     .body(br#"{"message":"Session does not exist"}"#.to_vec())
//!     .unwrap();
//! let err = logout.parse(response, &token).unwrap_err();
//! assert_eq!(err.api().map(|e| e.kind), Some(ApiErrorKind::NotFound));
//! assert_eq!(err.to_string(), "HTTP 404 (not found): Session does not exist");
//! # Ok::<(), Error>(())
//! ```

#![deny(missing_docs)]
#![warn(clippy::unwrap_used, clippy::print_stdout)]

mod b64;
mod body_limit;
mod cause;
mod client;
mod config;
mod decode;
mod endpoint;
mod error;
mod error_body;
mod info;
mod input;
mod lifecycle;
mod methods;
mod phone;
mod proxy;
mod qr;
mod qr_image;
pub mod redact;
mod request;
mod request_code;
mod response;
mod retry;
mod session;
mod trace;
mod transport;
mod trust;

pub use body_limit::LimitedBody;
pub use cause::has_cause;
pub use client::{BlockingClient, Client};
pub use config::{BaseUrl, Config, DEFAULT_BASE_URL, DEFAULT_USER_AGENT, ParamLocation};
pub use decode::{BodyError, Decode, decode_json};
pub use endpoint::Endpoint;
pub use error::{ApiError, ApiErrorKind, BodyFormat, DecodeError, Error, InputError};
pub use info::{Info, Me, SessionInfo};
pub use input::{AccessToken, InstanceId, MAX_ACCESS_TOKEN_LEN, MAX_INSTANCE_ID_LEN};
pub use lifecycle::{Delete, Logout, Restart, Start, Stop};
pub use phone::{MAX_PHONE_DIGITS, MIN_PHONE_DIGITS, PhoneNumber};
pub use proxy::{Proxy, ProxyRules, ProxyUrl};
pub use qr::{Qr, QrCode};
pub use qr_image::{Image, QrImage};
pub use request_code::{PairingCode, RequestCode};
pub use retry::{Attempts, Repeat, RetryPolicy};
pub use session::{Session, SessionStatus};
pub use transport::{
    BlockingTransport, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
    FromConfig, Limits, Reused, Transport, TransportError, TransportErrorKind,
};
pub use trust::Trust;

/// Re-exported so transports and users name the same `http` crate.
pub use http;

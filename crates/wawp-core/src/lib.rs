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
//! starts no runtime and depends on none. Most users depend on the `wawp`
//! crate instead, which picks a transport (`wawp-hyper`, `wawp-reqwest` or
//! `wawp-blocking`) and re-exports this crate; write your own transport in
//! a few lines, as below.
//!
//! **Invariants.**
//! - No I/O here: no tokio, hyper, reqwest, ureq, mio or socket2 in the
//!   dependency tree. The process environment is read in two documented
//!   places only: [`AccessToken::from_env`] and [`Proxy::from_env`].
//! - Bad input is a typed [`InputError`] before any I/O; parsers never panic,
//!   whatever the bytes. Settings are validated once, by
//!   [`ClientBuilder`]'s or [`ConfigBuilder`]'s `build()`.
//! - The access token never appears in any `Debug` or `Display` output of any
//!   type in this crate, nor in any error: server text and transport messages
//!   are redacted before they are stored.
//! - A transport only moves bytes and enforces [`transport::Limits`]; it needs no Wawp
//!   knowledge. Adding an endpoint is one file implementing [`Endpoint`]
//!   (which declares method, path, success statuses, where its fields go,
//!   whether it may be repeated, and what it decodes into), or one row of
//!   an `instance_calls!` table (as in `lifecycle.rs`), plus its method on
//!   both clients (`methods.rs`) and its `pub use` here; no transport
//!   changes.
//! - It builds for `wasm32-unknown-unknown`, where a [`Transport`]'s
//!   futures need not be `Send`, and where reading the clock panics:
//!   `Retry-After` and tracing read none there (a temporary link answered
//!   with a lifetime instead of a time still reads the wall clock).
//!
//! **Endpoints.** The session lifecycle of Wawp's v2 API, each with a
//! method on both clients: [`Info`] (`info`), [`Start`], [`Stop`],
//! [`Restart`], [`Logout`], [`Delete`], [`Qr`] (`qr`: the QR code's text),
//! [`QrImage`] (`qr_image`: the PNG) and [`RequestCode`] (`request_code`: a
//! pairing code for a [`PhoneNumber`]); and the rest of the Session
//! category: temporary access links for an owner to scan remotely
//! ([`TempLinkShow`], [`TempLinkNew`], [`TempLinkRevoke`]), the account
//! ([`AboutMe`], `me`), rate-limit policies ([`RateLimitShow`],
//! [`SetPolicy`]), webhooks ([`WebhookShow`], [`SetWebhooks`]) and new
//! instances ([`Create`]). What each rests on (documented or assumed) is
//! tabled in `docs/api-coverage.md`; [`capture`] records what the live API
//! answers, so that an assumption can become a fixture.
//!
//! ## Building a client
//!
//! [`Client::builder`] (async) and [`BlockingClient::builder`] take the
//! token, store settings, and check them all in `build()`, which makes the
//! transport from them ([`transport::FromConfig`]):
//!
//! ```no_run
//! # use wawp_core::transport::{BlockingTransport, FromConfig, Limits, TransportError};
//! # struct UreqTransport;
//! # impl BlockingTransport for UreqTransport {
//! #     fn send(&self, _: http::Request<Vec<u8>>, _: &Limits) -> Result<http::Response<Vec<u8>>, TransportError> { unimplemented!() }
//! # }
//! # impl FromConfig for UreqTransport { fn from_config(_: &wawp_core::Config) -> Result<Self, wawp_core::Error> { Ok(UreqTransport) } }
//! use std::time::Duration;
//! use wawp_core::{AccessToken, BlockingClient, InstanceId, RetryPolicy};
//!
//! let client = BlockingClient::<UreqTransport>::builder(AccessToken::from_env()?)
//!     .timeout(Duration::from_secs(10))
//!     .retry(RetryPolicy::attempts(3))
//!     .build()?;
//! let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?)?;
//! # Ok::<(), wawp_core::Error>(())
//! ```
//!
//! ## A full logout with your own transport
//!
//! A transport implements [`Transport`] (async) or [`BlockingTransport`];
//! everything it needs is in [`transport`], including closures as
//! transports ([`transport::from_fn`], [`transport::from_async_fn`]).
//!
//! ```
//! use wawp_core::transport::{Limits, Transport, TransportError, async_trait};
//! use wawp_core::{AccessToken, Client, InstanceId, SessionStatus};
//!
//! /// A transport that answers like the real API would. Yours would send
//! /// `request` with the HTTP client of your choice.
//! struct MyTransport;
//!
//! #[async_trait]
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
//! let token = AccessToken::new("demo-token")?; // or AccessToken::from_env()?
//! let client = Client::new(MyTransport, token);
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
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(clippy::unwrap_used, clippy::print_stdout)]

mod ack;
mod b64;
mod body_limit;
mod builder;
pub mod capture;
mod cause;
mod client;
mod config;
mod create;
mod decode;
mod endpoint;
mod error;
mod error_code;
mod fn_transport;
mod info;
mod input;
mod instance_calls;
mod lifecycle;
mod me;
mod methods;
mod phone;
mod proxy;
mod qr;
mod qr_image;
mod rate_limit;
pub mod redact;
mod request;
mod request_code;
mod response;
mod retry;
mod session;
mod temp_link;
mod text_type;
mod tolerant;
mod trace;
pub mod transport;
mod trust;
mod webhook;

pub use ack::Ack;
pub use builder::{ClientBuilder, ConfigBuilder};
pub use client::{BlockingClient, Client};
pub use config::{BaseUrl, Config, DEFAULT_BASE_URL, DEFAULT_USER_AGENT, ParamLocation};
pub use create::{Create, Created, MAX_SESSION_NAME_LEN, SessionName};
pub use decode::{BodyError, Decode, decode_json};
pub use endpoint::Endpoint;
pub use error::{ApiError, ApiErrorKind, BodyFormat, DecodeError, Error};
pub use info::{Info, Me, SessionInfo};
pub use input::{
    ACCESS_TOKEN_ENV, AccessToken, InputError, InstanceId, MAX_ACCESS_TOKEN_LEN,
    MAX_INSTANCE_ID_LEN,
};
pub use lifecycle::{Delete, Logout, Restart, Start, Stop};
pub use me::{AboutMe, Platform};
pub use phone::{MAX_PHONE_DIGITS, MIN_PHONE_DIGITS, PhoneNumber};
pub use proxy::{Proxy, ProxyRules, ProxyUrl};
pub use qr::{Qr, QrCode};
pub use qr_image::{Image, QrImage};
pub use rate_limit::{
    LIMIT_NAMES, Policy, PolicyLimits, PolicySlug, RateLimitShow, RateLimits, SetPolicy,
};
pub use request_code::{PairingCode, RequestCode};
pub use retry::{Attempts, Repeat, RetryPolicy};
pub use session::{Session, SessionStatus};
pub use temp_link::{
    TEMP_LINK_LIFETIME, TEMP_LINK_PREFIX, TempLink, TempLinkNew, TempLinkRevoke, TempLinkShow,
    TempLinkToken,
};
pub use transport::{
    BlockingTransport, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
    Limits, Transport, TransportError, TransportErrorKind,
};
pub use trust::Trust;
pub use webhook::{
    KNOWN_WEBHOOK_EVENTS, MAX_WEBHOOK_URL_LEN, MAX_WEBHOOKS, SetWebhooks, Webhook, WebhookShow,
    Webhooks,
};

/// Re-exported so transports and users name the same `http` crate.
pub use http;

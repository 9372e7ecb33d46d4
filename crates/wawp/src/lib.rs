//! # wawp
//!
//! The Rust SDK for the [Wawp](https://wawp.net) WhatsApp API, in one
//! dependency: `cargo add wawp` (plus `cargo add tokio --features
//! macros,rt-multi-thread` for the async client).
//!
//! ```no_run
//! # #[cfg(feature = "hyper")]
//! #[tokio::main]
//! async fn main() -> Result<(), wawp::Error> {
//!     let client = wawp::hyper::Client::builder(wawp::AccessToken::from_env()?).build()?;
//!     let session = client.logout(&wawp::InstanceId::new("3EB0BCB2E3D4")?).await?;
//!     println!("{} is now {}", session.instance_id, session.status);
//!     Ok(())
//! }
//! # #[cfg(not(feature = "hyper"))]
//! # fn main() {}
//! ```
//!
//! **What it is.** A front door: one client per transport this project
//! ships — `hyper::Client` and `reqwest::Client` (async),
//! `blocking::Client` — and [`custom::Client`] over yours, a
//! builder validated once ([`ClientBuilder`]: base URL, parameter location,
//! timeouts, retries, proxy, extra roots, user agent), and every type of
//! `wawp-core` re-exported — inputs, [`Error`] and its parts, sessions,
//! endpoints, [`Config`], and the [`transport`] module for writing your own
//! transport.
//!
//! **What it is not.** Code of its own: requests, parsing, errors and
//! retries are `wawp-core`'s; bytes are moved by `wawp-hyper`,
//! `wawp-reqwest` or `wawp-blocking`. Their HTTP libraries are not
//! re-exported, except where a user must name one to hand over a client
//! of their own: `hyper::hyper_util`, `reqwest::reqwest`,
//! `blocking::ureq`, each documented as the version this release is built
//! on.
//!
//! **Invariants.**
//! - The access token never appears in any `Debug` or `Display` output,
//!   error, log or trace event.
//! - Bad input and bad settings are typed errors before any network I/O;
//!   settings are checked once, by `build()`.
//! - Every error says truthfully whether the request may have reached the
//!   server ([`Error::maybe_sent`]), the same way on every transport.
//! - Exactly one rustls crypto provider is used: ring, or aws-lc-rs.
//! - Features are additive: a feature adds its module (`hyper`, `reqwest`,
//!   `blocking`) and never changes what another name means. Every name at
//!   the root is the same whatever the features.
//!
//! ## Features
//!
#![doc = document_features::document_features!()]
//!
//! A transport needs a provider: `hyper`, `reqwest` or `blocking` without
//! `ring` or `aws-lc-rs` does not compile, and says so. Only the provider
//! picked is compiled: `default-features = false, features = ["hyper",
//! "aws-lc-rs"]` has no ring in its tree.
//!
//! **Why hyper by default.** Async is what most Rust services use, and of
//! the two async transports `wawp-hyper` is the lighter (far fewer crates
//! in its dependency tree than `wawp-reqwest`) and the faster under
//! concurrent load in the project's loopback benchmarks
//! (`docs/performance.md`).
//! Pick `reqwest` if your program already uses reqwest; `blocking` for
//! code without a runtime (`default-features = false, features =
//! ["blocking", "ring"]` leaves tokio out of the build entirely).
//!
//! ## Without async
//!
//! ```no_run
//! # #[cfg(feature = "blocking")]
//! fn main() -> Result<(), wawp::Error> {
//!     let client = wawp::blocking::Client::builder(wawp::AccessToken::from_env()?).build()?;
//!     let session = client.logout(&wawp::InstanceId::new("3EB0BCB2E3D4")?)?;
//!     println!("{} is now {}", session.instance_id, session.status);
//!     Ok(())
//! }
//! # #[cfg(not(feature = "blocking"))]
//! # fn main() {}
//! ```
//!
//! ## Settings
//!
//! Every setting has a setter on the builder; `build()` refuses invalid
//! ones (plain `http` to a host other than loopback included) before any
//! network I/O, with an [`Error::InvalidInput`]:
//!
//! ```no_run
//! # #[cfg(feature = "hyper")]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use wawp::{AccessToken, RetryPolicy, hyper::Client};
//!
//! let client = Client::builder(AccessToken::from_env()?)
//!     .base_url("https://api.wawp.net")
//!     .timeout(Duration::from_secs(10))
//!     .retry(RetryPolicy::attempts(3))
//!     .proxy("http://proxy.internal:3128") // default: HTTPS_PROXY / ALL_PROXY / NO_PROXY
//!     .add_root_pem(std::fs::read("corporate-ca.pem")?)
//!     .user_agent("my-app/1.0")
//!     .build()?;
//! # Ok(()) }
//! # #[cfg(not(feature = "hyper"))]
//! # fn main() {}
//! ```
//!
//! ## Your own transport
//!
//! [`custom::Client`] and [`custom::BlockingClient`] take any transport;
//! see [`custom`] for one in a few lines, and [`transport`] for what a
//! transport must do.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(all(
    any(feature = "hyper", feature = "reqwest", feature = "blocking"),
    not(any(feature = "ring", feature = "aws-lc-rs"))
))]
compile_error!(
    "wawp's transports need a TLS crypto provider: enable its `ring` (default) or `aws-lc-rs` \
     feature (to hand a transport crate your own client instead, depend on that crate directly)"
);

// Everything `wawp-core` exports at its root, except its generic clients
// (`custom::Client`, `custom::BlockingClient` here: each client is named by
// its transport). `cargo xtask ci` checks that none is missing, and that
// the only items at this root gated by a feature are the modules named
// after it.
pub use wawp_core::{
    ACCESS_TOKEN_ENV, AboutMe, AccessToken, Ack, ApiError, ApiErrorKind, Attempts, BaseUrl,
    BlockingTransport, BodyError, BodyFormat, ClientBuilder, Config, ConfigBuilder, Create,
    Created, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, Decode, DecodeError, Delete, Endpoint, Error, Image, Info,
    InputError, InstanceId, KNOWN_WEBHOOK_EVENTS, LIMIT_NAMES, Limits, Logout,
    MAX_ACCESS_TOKEN_LEN, MAX_INSTANCE_ID_LEN, MAX_PHONE_DIGITS, MAX_SESSION_NAME_LEN,
    MAX_WEBHOOK_URL_LEN, MAX_WEBHOOKS, MIN_PHONE_DIGITS, Me, PairingCode, ParamLocation,
    PhoneNumber, Platform, Policy, PolicyLimits, PolicySlug, Proxy, ProxyRules, ProxyUrl, Qr,
    QrCode, QrImage, RateLimitShow, RateLimits, Repeat, RequestCode, Restart, RetryPolicy, Session,
    SessionInfo, SessionName, SessionStatus, SetPolicy, SetWebhooks, Start, Stop,
    TEMP_LINK_LIFETIME, TEMP_LINK_PREFIX, TempLink, TempLinkNew, TempLinkRevoke, TempLinkShow,
    TempLinkToken, Transport, TransportError, TransportErrorKind, Trust, Webhook, WebhookShow,
    Webhooks, capture, decode_json, http, redact, transport,
};

pub mod custom;

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
#[cfg(feature = "hyper")]
#[cfg_attr(docsrs, doc(cfg(feature = "hyper")))]
pub mod hyper;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;

/// The README's examples (the workspace README; `README.md` here links to
/// it, and the package carries a copy), compiled as doc-tests.
#[cfg(all(doctest, feature = "hyper", feature = "blocking"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Core's generic `BlockingClient<T>` is not exported at the root, where it
/// would be mistaken for the blocking client (`wawp::blocking::Client`);
/// it is `wawp::custom::BlockingClient`.
///
/// ```compile_fail
/// use wawp::BlockingClient;
/// ```
///
/// ```
/// use wawp::custom::BlockingClient;
/// ```
///
/// Nor is there a root `Client` whose meaning would depend on the features:
///
/// ```compile_fail
/// use wawp::Client;
/// ```
#[cfg(doctest)]
struct NoGenericClientAtTheRoot;

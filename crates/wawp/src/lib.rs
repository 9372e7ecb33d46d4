//! # wawp
//!
//! The Rust SDK for the [Wawp](https://wawp.net) WhatsApp API, in one
//! dependency: `cargo add wawp` (plus `cargo add tokio --features
//! macros,rt-multi-thread` for the async client).
//!
//! ```no_run
//! # #[cfg(any(feature = "hyper", feature = "reqwest"))]
//! #[tokio::main]
//! async fn main() -> Result<(), wawp::Error> {
//!     let client = wawp::Client::builder(wawp::AccessToken::from_env()?).build()?;
//!     let session = client.logout(&wawp::InstanceId::new("3EB0BCB2E3D4")?).await?;
//!     println!("{} is now {}", session.instance_id, session.status);
//!     Ok(())
//! }
//! # #[cfg(not(any(feature = "hyper", feature = "reqwest")))]
//! # fn main() {}
//! ```
//!
//! **What it is.** A front door: [`Client`] (async) and
//! [`blocking::Client`] over the transport crates this project ships, a
//! builder validated once ([`ClientBuilder`]: base URL, parameter location,
//! timeouts, retries, proxy, extra roots, user agent), and every type of
//! `wawp-core` re-exported — inputs, [`Error`] and its parts, sessions,
//! endpoints, [`Config`], and the [`transport`] module for writing your own
//! transport.
//!
//! **What it is not.** Code of its own: requests, parsing, errors and
//! retries are `wawp-core`'s; bytes are moved by `wawp-hyper`,
//! `wawp-reqwest` or `wawp-blocking`. Depend on those directly only to
//! hand them your own HTTP client (`from_client` / `from_agent`).
//!
//! **Invariants.**
//! - The access token never appears in any `Debug` or `Display` output,
//!   error, log or trace event.
//! - Bad input and bad settings are typed errors before any network I/O;
//!   settings are checked once, by `build()`.
//! - Every error says truthfully whether the request may have reached the
//!   server ([`Error::maybe_sent`]), the same way on every transport.
//! - Exactly one rustls crypto provider is used: ring, or aws-lc-rs.
//!
//! ## Features
//!
//! | feature | gives | default |
//! |---|---|---|
//! | `hyper` | [`Client`] = [`hyper::Client`]: hyper 1, async, tokio | yes |
//! | `reqwest` | `reqwest::Client`: reqwest 0.13, async, tokio (and [`Client`] when `hyper` is off) | no |
//! | `blocking` | [`blocking::Client`]: ureq 3, no async runtime at all | no |
//! | `ring` | rustls with the ring crypto provider | yes |
//! | `aws-lc-rs` | rustls with aws-lc-rs instead (wins over `ring` when both are on) | no |
//!
//! A transport needs a provider: `hyper`, `reqwest` or `blocking` without
//! `ring` or `aws-lc-rs` does not compile, and says so. Only the provider
//! picked is compiled: `default-features = false, features = ["hyper",
//! "aws-lc-rs"]` has no ring in its tree. With `blocking` and `aws-lc-rs`,
//! aws-lc-rs is installed as the process's default rustls provider before
//! the first `https` request, unless the program installed one (ureq takes
//! no provider per agent through its stable API: see "TLS crypto
//! provider" in `wawp-blocking`'s documentation).
//! | `tracing` | `tracing` events around each attempt | no |
//!
//! **Why hyper by default.** Async is what most Rust services use, and of
//! the two async transports `wawp-hyper` is the lighter and the faster: 59
//! crates in its normal dependency tree against 97 for `wawp-reqwest`, and
//! the lowest overhead over a hand-written call in the project's loopback
//! benchmarks (`docs/performance.md`: about 19 µs a call against 22 µs).
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
//! # #[cfg(any(feature = "hyper", feature = "reqwest"))]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use wawp::{AccessToken, Client, RetryPolicy};
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
//! # #[cfg(not(any(feature = "hyper", feature = "reqwest")))]
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
// (`custom::Client`, `custom::BlockingClient` here, so that `wawp::Client`
// is never ambiguous). `cargo xtask ci` checks that none is missing.
pub use wawp_core::{
    ACCESS_TOKEN_ENV, AccessToken, ApiError, ApiErrorKind, Attempts, BaseUrl, BlockingTransport,
    BodyError, BodyFormat, ClientBuilder, Config, ConfigBuilder, DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
    Decode, DecodeError, Delete, Endpoint, Error, Image, Info, InputError, InstanceId, Limits,
    Logout, MAX_ACCESS_TOKEN_LEN, MAX_INSTANCE_ID_LEN, MAX_PHONE_DIGITS, MIN_PHONE_DIGITS, Me,
    PairingCode, ParamLocation, PhoneNumber, Proxy, ProxyRules, ProxyUrl, Qr, QrCode, QrImage,
    Repeat, RequestCode, Restart, RetryPolicy, Session, SessionInfo, SessionStatus, Start, Stop,
    Transport, TransportError, TransportErrorKind, Trust, decode_json, http, redact, transport,
};
pub use wawp_core::{
    AboutMe, Ack, Create, Created, KNOWN_WEBHOOK_EVENTS, LIMIT_NAMES, MAX_SESSION_NAME_LEN,
    MAX_WEBHOOK_URL_LEN, MAX_WEBHOOKS, Platform, Policy, PolicyLimits, PolicySlug, RateLimitShow,
    RateLimits, SessionName, SetPolicy, SetWebhooks, TEMP_LINK_LIFETIME, TEMP_LINK_PREFIX,
    TempLink, TempLinkNew, TempLinkRevoke, TempLinkShow, TempLinkToken, Webhook, WebhookShow,
    Webhooks, capture,
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

/// The async client over the default async transport: [`hyper::Client`]
/// (feature `hyper`, the default), else `reqwest::Client` (feature
/// `reqwest`). Make one with [`Client::builder`](wawp_core::Client::builder).
#[cfg(feature = "hyper")]
#[cfg_attr(docsrs, doc(cfg(any(feature = "hyper", feature = "reqwest"))))]
pub type Client = hyper::Client;

/// The async client over the default async transport: [`hyper::Client`]
/// (feature `hyper`, the default), else [`reqwest::Client`] (feature
/// `reqwest`). Make one with [`Client::builder`](wawp_core::Client::builder).
#[cfg(all(feature = "reqwest", not(feature = "hyper")))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "hyper", feature = "reqwest"))))]
pub type Client = reqwest::Client;

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
#[cfg(doctest)]
struct NoGenericClientAtTheRoot;

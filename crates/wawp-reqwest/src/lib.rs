//! # wawp-reqwest
//!
//! An async transport for [wawp-rs](wawp_core) over a [`reqwest::Client`]
//! (reqwest 0.13, rustls; no OpenSSL). Needs a tokio runtime.
//!
//! **What it is.** [`ReqwestTransport`], an implementation of
//! [`wawp_core::Transport`], plus the [`ReqwestClient`] alias and the
//! [`client`] shortcut, which builds everything from a [`Config`](wawp_core::Config). Bring
//! your application's own client with [`ReqwestTransport::from_client`].
//!
//! **What it is not.** It knows nothing about the Wawp API: URLs, parameters,
//! status codes and bodies are all decided in `wawp-core`.
//!
//! **TLS crypto provider** (features). The clients this crate builds use
//! rustls with the provider `wawp-rustls` picks: `ring` (the default) or
//! `aws-lc-rs` (used when both are on; turn the default features off to
//! compile only it). With neither, only
//! [`ReqwestTransport::from_client`] remains — the TLS is then your
//! client's, reqwest's own features decide it — and neither a crypto
//! provider nor rustls's integration in reqwest is compiled by this crate:
//! `ReqwestTransport::new`, `Default`, `FromConfig`, the `with_*` methods
//! and `client` need one.
//!
//! ## Logout
//!
//! ```no_run
//! use wawp_core::{AccessToken, Config, InstanceId};
//!
//! # async fn run() -> Result<(), wawp_core::Error> {
//! let token = AccessToken::new(std::env::var("WAWP_ACCESS_TOKEN").unwrap_or_default())?;
//! let client = wawp_reqwest::client(token, Config::default());
//! let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?).await?;
//! println!("{} is now {}", session.instance_id, session.status);
//! # Ok(())
//! # }
//! ```
//!
//! ## Invariants
//!
//! - **Bytes in, bytes out**: every status, 3xx/4xx/5xx included, is a
//!   response. The clients this crate builds never follow redirects; a
//!   user's client that follows one gets an error, never the redirected
//!   response.
//! - **Limits** of each call are enforced here (see [`ReqwestTransport`]).
//! - **Truthful failures**, as on every other transport: `Connect` for a
//!   name that does not resolve, a refused or unreachable address, the
//!   connect timeout, a proxy refusing the tunnel; `Tls` for a handshake or
//!   certificate failure; `StaleConnection` for a request lost on a
//!   connection reused from the pool before any response byte (may have
//!   been sent; the clients re-send a read or a harmless call once, on a
//!   new connection); `Timeout` and `Io` (may have been sent) after that.
//! - **The token never leaves in an error**: reqwest's errors embed the
//!   request URL; it is removed (`without_url`) and the rest scrubbed by
//!   `wawp-core`.
//! - **Proxies and trust as every transport**: `wawp-core`'s
//!   [`ProxyRules`](wawp_core::ProxyRules) route each connection (plain
//!   `http` never proxied, `https` through `CONNECT`); the roots are
//!   `wawp-rustls`'s.
//!
//! ## Stale connections
//!
//! reqwest (over hyper-util's pool) re-sends a request by itself only when
//! a reused connection closed before the request was written. When the
//! request was written and the connection then closed before the answer —
//! a server or load balancer closing a kept-alive connection just after
//! answering on it — reqwest reports "connection closed before message
//! completed" and does not say whether the connection was reused. The
//! clients this crate builds record, through a connector layer, the local
//! address of each connection that finishes connecting inside a call's own
//! task, and hyper-util says which connection a request went on: its
//! `HttpInfo` (local and remote address) is in each response's extensions
//! and in the `connect_info` of an error on a connection. A call whose
//! connection is not one it made went on a pooled one — also when the pool
//! handed it a connection coming back after its own connect had finished
//! (hyper-util then keeps the new one idle) — and such a loss before any
//! response is a `StaleConnection`. A server that dies half-way through the
//! response head looks to hyper like a close before it (both are
//! "connection closed before message completed"), so on a pooled
//! connection that too is taken for stale.
//!
//! Such a request may have been read by the server. Core re-sends it once
//! for a read or a harmless call, and marks every attempt of a destructive
//! call, so that it never meets a pooled connection the server is closing:
//! requests marked [`FreshConnection`](wawp_core::transport::FreshConnection)
//! go, on the clients this crate builds, through a second client like the
//! first that keeps no idle connection, on a new connection closed after
//! its answer. A user's client
//! ([`ReqwestTransport::from_client`]) has one pool: there a destructive
//! call may meet a closing connection and fail as "may have been sent",
//! never sent twice. reqwest's own retry policy (by default: HTTP/2
//! `GOAWAY` and `REFUSED_STREAM`, protocol signals that the server did not
//! process the request) never applies to the HTTP/1.1 clients built here.
//!
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
// Everything that needs a crypto provider; without one, its stand-in.
#[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), path = "no_own.rs")]
mod own;
mod transport;

#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
pub use own::client;
pub use transport::ReqwestTransport;

/// The reqwest version this crate uses, for [`ReqwestTransport::from_client`].
pub use reqwest;

/// A [`wawp_core::Client`] over [`ReqwestTransport`].
pub type ReqwestClient = wawp_core::Client<ReqwestTransport>;

//! # wawp-hyper
//!
//! An async transport for [wawp-rs](wawp_core) over hyper-util's legacy
//! [`Client`](hyper_util::client::legacy::Client): its pool (HTTP/1.1
//! keep-alive, idle connections reaped in the background on tokio's timer),
//! its connector and `CONNECT` tunnel, with rustls (the machine's trusted
//! roots plus your own, read when the first `https` connection needs them;
//! no OpenSSL). Needs a tokio runtime.
//!
//! **What it is.** [`HyperTransport`], an implementation of
//! [`wawp_core::Transport`], built from a [`Config`](wawp_core::Config)
//! ([`FromConfig`](wawp_core::transport::FromConfig)), from your own hyper-util client
//! or from your connector; the [`HyperClient`] alias and the [`client`]
//! shortcut.
//!
//! **TLS crypto provider** (features). The transports this crate builds
//! use rustls with the provider `wawp-rustls` picks: `ring` (the default)
//! or `aws-lc-rs` (used when both are on; turn the default features off to
//! compile only it). With neither, [`HyperTransport::from_client`] and
//! [`HyperTransport::from_connector`] remain — the TLS is then your
//! client's or connector's — and no crypto provider is compiled:
//! `HyperTransport::new`, `Default`, `FromConfig`, `with_tls_config` and
//! `client` need one.
//!
//! **What it is not.** It knows nothing about the Wawp API: URLs, parameters,
//! status codes and bodies are all decided in `wawp-core`. Nor is it an
//! HTTP client of its own: pooling, `Host` headers, name resolution and the
//! proxy tunnel are hyper-util's, TLS is hyper-rustls's.
//!
//! **Invariants.**
//! - Bytes in, bytes out: every status, 3xx/4xx/5xx included, is returned as a
//!   response; redirects are never followed.
//! - The [`Limits`](wawp_core::Limits) of each call are enforced here: the
//!   total timeout covers connect, send and reading the whole body; the
//!   connect timeout covers name resolution, TCP, the proxy tunnel and the
//!   TLS handshake; the body is read frame by frame through core's
//!   `LimitedBody` (a larger `Content-Length` is refused before reading).
//! - The route is core's: [`ProxyRules::route`](wawp_core::ProxyRules::route)
//!   decides, per request, between a direct connection and a `CONNECT`
//!   tunnel (the proxy sees `host:port` only; TLS runs end to end inside the
//!   tunnel; plain `http` is never proxied; an unusable proxy variable fails
//!   the request as `Connect`, before anything is sent).
//! - Every failure tells whether the request could have reached the server
//!   ([`TransportErrorKind`](wawp_core::TransportErrorKind)): `Connect`
//!   (resolution, refused, connect timeout, the proxy refused the tunnel)
//!   and `Tls` were never sent, nor was a request hyper gave back unwritten
//!   (`Connect`); `StaleConnection` (a reused connection that closed before
//!   a byte of the answer), `Io` and `Timeout` once connected may have
//!   been. Core re-sends a `StaleConnection` of a read or harmless call
//!   once, and marks every attempt of a destructive call: both go on a new
//!   connection (`FreshConnection`). Error text is scrubbed of URL query
//!   strings by `wawp-core`.
//! - No pool, connector or HTTP machinery of its own: the connector layers
//!   it adds (routing, a timeout, byte counting for the stale-connection
//!   answer) use hyper-util's public `Service<Uri>` / `Connection` API.
//!
//! ## Logout
//!
//! ```no_run
//! use wawp_core::{AccessToken, Config, InstanceId};
//!
//! # async fn run() -> Result<(), wawp_core::Error> {
//! let token = AccessToken::new("your-access-token")?;
//! let client = wawp_hyper::client(token, Config::default());
//! let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?).await?;
//! println!("{} is now {}", session.instance_id, session.status);
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod body;
mod classify;
// Everything that needs a crypto provider; without one, its stand-in.
#[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), path = "no_own.rs")]
mod own;
mod track;
mod transport;

#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
pub use own::client;
pub use transport::HyperTransport;

/// The rustls version this crate uses, to build a config for
/// `HyperTransport::with_tls_config` or a connector for
/// [`HyperTransport::from_connector`] (this re-export has no crypto
/// provider of its own: the `ring` or `aws-lc-rs` feature, or yours).
pub use rustls;

/// The hyper-util version this crate uses, to build a client for
/// [`HyperTransport::from_client`] or a connector for
/// [`HyperTransport::from_connector`].
pub use hyper_util;

/// A [`wawp_core::Client`] over [`HyperTransport`].
pub type HyperClient = wawp_core::Client<HyperTransport>;

//! # wawp-hyper
//!
//! An async transport for [wawp-rs](wawp_core) over hyper 1: a pooled
//! HTTP/1.1 keep-alive client (hyper-util's legacy `Client`) with rustls
//! (ring provider, webpki roots; no OpenSSL). Needs a tokio runtime.
//!
//! **What it is.** [`HyperTransport`], an implementation of
//! [`wawp_core::Transport`], plus the [`HyperClient`] alias and [`client`]
//! shortcut.
//!
//! **What it is not.** It knows nothing about the Wawp API: URLs, parameters,
//! status codes and bodies are all decided in `wawp-core`.
//!
//! **Invariants.**
//! - Bytes in, bytes out: every status, 3xx/4xx/5xx included, is returned as a
//!   response; redirects are never followed.
//! - The [`Limits`](wawp_core::Limits) of each call are enforced here: the total
//!   timeout covers connect, send and reading the whole body; the body is read
//!   frame by frame and reading stops as soon as it exceeds the maximum (a
//!   larger `Content-Length` is refused before reading).
//! - Failures are classified ([`TransportErrorKind`](wawp_core::TransportErrorKind))
//!   and their text is scrubbed of URL query strings by `wawp-core`.
//!
//! ## Logout
//!
//! ```no_run
//! use wawp_core::{AccessToken, Config, InstanceId};
//!
//! # async fn run() -> Result<(), wawp_core::Error> {
//! let token = AccessToken::new(std::env::var("WAWP_ACCESS_TOKEN").unwrap_or_default())?;
//! let client = wawp_hyper::client(token, Config::default());
//! let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?).await?;
//! println!("{} is now {}", session.instance_id, session.status);
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]

mod body;
mod connect;
mod pool;
mod transport;

pub use transport::{DEFAULT_CONNECT_TIMEOUT, HyperTransport};

/// The rustls version this crate uses, to build a config for
/// [`HyperTransport::with_tls_config`].
pub use rustls;

/// A [`wawp_core::Client`] over [`HyperTransport`].
pub type HyperClient = wawp_core::Client<HyperTransport>;

/// A client with `token` and `config`, over a new [`HyperTransport`] whose
/// connect timeout is `config.connect_timeout`.
pub fn client(token: wawp_core::AccessToken, config: wawp_core::Config) -> HyperClient {
    let transport = HyperTransport::new().connect_timeout(config.connect_timeout);
    wawp_core::Client::with_config(transport, token, config)
}

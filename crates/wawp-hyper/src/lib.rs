//! # wawp-hyper
//!
//! An async transport for [wawp-rs](wawp_core) over hyper 1: HTTP/1.1
//! keep-alive connections (`hyper::client::conn::http1`) in a small pool of
//! its own, with rustls (ring provider, webpki roots; no OpenSSL). Needs a
//! tokio runtime.
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
//! - Connections are reused deterministically: a connection goes back to the
//!   pool once its response body has been read completely (never after an
//!   error, a timeout, a body over the limit, or a `Connection: close`
//!   answer), and the next request to the same scheme and host takes the
//!   most recently used one, waiting until it is ready, before it would open
//!   a new one. Sequential requests therefore use one connection; concurrent
//!   ones open one each, and up to 64 per host stay pooled for the next
//!   requests. An idle connection is not reused after 90 s, nor once the
//!   server has closed it (there is no background task: a stale connection
//!   is dropped the next time the pool looks at its host, and its socket
//!   closes as soon as the runtime sees the server close its end). Before
//!   it reuses a connection the pool yields to the runtime once, so that a
//!   close that arrived while nothing polled the runtime's I/O driver —
//!   between two `block_on` calls on a current-thread runtime, say — is
//!   seen before the request is written. A request that a closed
//!   pooled connection never took goes on another connection; nothing that
//!   may have reached the server is sent again, so a server closing a
//!   connection just as a request is written on it still gives an `Io`
//!   error, as with any HTTP/1.1 client.
//! - Establishing a connection (TCP and TLS) is bounded by the shorter of
//!   the transport's connect timeout and the call's
//!   [`Limits::connect_timeout`](wawp_core::Limits), failing with
//!   `TransportErrorKind::Connect` (the request was not sent).
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
#![cfg_attr(docsrs, feature(doc_cfg))]

mod body;
mod connect;
mod from_config_shim; // TEMPORARY: see the file
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

//! # wawp-blocking
//!
//! A blocking transport for [wawp-rs](wawp_core) over a [`ureq::Agent`]
//! (ureq 3, rustls with the ring provider, webpki roots), for programs with no
//! async runtime. Its dependency tree has no tokio and no hyper.
//!
//! **What it is.** [`UreqTransport`], an implementation of
//! [`wawp_core::BlockingTransport`], plus the [`BlockingClient`] alias and
//! [`client`] shortcut.
//!
//! **What it is not.** It knows nothing about the Wawp API: URLs, parameters,
//! status codes and bodies are all decided in `wawp-core`.
//!
//! **Invariants.**
//! - Bytes in, bytes out: every status, 3xx/4xx/5xx included, is returned as a
//!   response; redirects are never followed (enforced per request, whatever
//!   agent is wrapped).
//! - The [`Limits`](wawp_core::Limits) of each call are enforced here: ureq's
//!   global timeout covers connect, send and reading the whole body; the body
//!   is read through a size limit that fails as soon as it is exceeded (a
//!   larger `Content-Length` is refused before reading).
//! - The request goes out with exactly the headers `wawp-core` set (plus
//!   `Host`): ureq adds no `Accept`, `Accept-Encoding`, `User-Agent` or second
//!   `Content-Length`.
//! - Error text is scrubbed of URL query strings by `wawp-core`.
//! - Connections are pooled: the agents this crate builds keep up to
//!   [`MAX_IDLE_CONNECTIONS`] (64) idle connections per host, as
//!   `wawp-hyper` does, so sequential calls use one connection and threads
//!   sharing a client one each (ureq's own default, 3 per host, would make
//!   a fourth thread open a new connection every few calls).
//! - No thread per request for an IP literal: ureq resolves the host of
//!   every request, and its default resolver spawns a thread to do it when a
//!   timeout applies, as it always does here. The agents this crate builds
//!   answer IP literals in the calling thread and resolve host names with
//!   ureq's default resolver, uncached. **This uses ureq's `unversioned`
//!   resolver API**, which ureq may change in a minor release: the ureq
//!   requirement must be reviewed when ureq's minor version moves.
//!
//! ## Logout
//!
//! ```no_run
//! use wawp_core::{AccessToken, Config, InstanceId};
//!
//! let token = AccessToken::new(std::env::var("WAWP_ACCESS_TOKEN").unwrap_or_default())?;
//! let client = wawp_blocking::client(token, Config::default());
//! let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?)?;
//! println!("{} is now {}", session.instance_id, session.status);
//! # Ok::<(), wawp_core::Error>(())
//! ```

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod from_config_shim; // TEMPORARY: see the file
mod resolve;
mod transport;

pub use transport::{MAX_IDLE_CONNECTIONS, UreqTransport};

/// The ureq version this crate uses, for [`UreqTransport::from_agent`] and
/// [`UreqTransport::with_tls_config`].
pub use ureq;

/// A [`wawp_core::BlockingClient`] over [`UreqTransport`].
pub type BlockingClient = wawp_core::BlockingClient<UreqTransport>;

/// A client with a new [`UreqTransport`], `token` and `config`.
pub fn client(token: wawp_core::AccessToken, config: wawp_core::Config) -> BlockingClient {
    wawp_core::BlockingClient::with_config(UreqTransport::new(), token, config)
}

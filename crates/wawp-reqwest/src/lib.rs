//! # wawp-reqwest
//!
//! An async transport for [wawp-rs](wawp_core) over a [`reqwest::Client`]
//! (reqwest 0.13, rustls with the ring provider, webpki roots; no OpenSSL).
//! Use it to share the client your application already has. Needs a tokio
//! runtime.
//!
//! **What it is.** [`ReqwestTransport`], an implementation of
//! [`wawp_core::Transport`], plus the [`ReqwestClient`] alias and [`client`]
//! shortcut.
//!
//! **What it is not.** It knows nothing about the Wawp API: URLs, parameters,
//! status codes and bodies are all decided in `wawp-core`.
//!
//! **Invariants.**
//! - Bytes in, bytes out: every status, 3xx/4xx/5xx included, is returned as a
//!   response. Redirects are never followed by the default client; a
//!   user-supplied client that follows one gets an error, never the
//!   redirected response.
//! - The [`Limits`](wawp_core::Limits) of each call are enforced here: the total
//!   timeout covers connect, send and reading the whole body; the body is
//!   streamed chunk by chunk and reading stops as soon as it exceeds the
//!   maximum (a larger `Content-Length` is refused before reading).
//! - reqwest's errors embed the request URL, token included: it is removed
//!   (`without_url`) and the remaining text scrubbed by `wawp-core`.
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

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod from_config_shim; // TEMPORARY: see the file
mod transport;

pub use transport::{DEFAULT_CONNECT_TIMEOUT, ReqwestTransport};

/// The reqwest version this crate uses, for [`ReqwestTransport::from_client`].
pub use reqwest;
/// The rustls version this crate uses, for [`ReqwestTransport::with_tls_config`].
pub use rustls;

/// A [`wawp_core::Client`] over [`ReqwestTransport`].
pub type ReqwestClient = wawp_core::Client<ReqwestTransport>;

/// A client with `token` and `config`, over a new [`ReqwestTransport`] whose
/// connect timeout is `config.connect_timeout`.
pub fn client(token: wawp_core::AccessToken, config: wawp_core::Config) -> ReqwestClient {
    let transport = ReqwestTransport::with_connect_timeout(config.connect_timeout);
    wawp_core::Client::with_config(transport, token, config)
}

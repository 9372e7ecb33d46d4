//! The hyper transport (feature `hyper`, the default): [`Client`], the
//! async client over hyper 1 on tokio.
//!
//! ```no_run
//! # async fn run() -> Result<(), wawp::Error> {
//! let client = wawp::hyper::Client::builder(wawp::AccessToken::from_env()?).build()?;
//! let session = client.logout(&wawp::InstanceId::new("3EB0BCB2E3D4")?).await?;
//! # Ok(()) }
//! ```
//!
//! **Your own hyper-util client.** [`HyperTransport::from_client`] and
//! [`HyperTransport::from_connector`] take a client or connector built with
//! [`hyper_util`], re-exported here as the version this transport is built
//! on; hand the transport to
//! [`build_with`](crate::ClientBuilder::build_with):
//!
//! ```no_run
//! use wawp::hyper::{Client, HyperTransport, hyper_util};
//!
//! # fn run() -> Result<(), wawp::Error> {
//! let http = hyper_util::client::legacy::connect::HttpConnector::new();
//! let transport = HyperTransport::from_connector(http);
//! let client = Client::builder(wawp::AccessToken::from_env()?).build_with(transport)?;
//! # Ok(()) }
//! ```
//!
//! [`HyperTransport::with_tls_config`] takes a `rustls::ClientConfig` of
//! rustls 0.23: depend on that version of `rustls` to build one. For
//! everything else `wawp-hyper` offers, depend on it directly.

pub use wawp_hyper::HyperTransport;

/// The hyper-util version [`HyperTransport`] is built on (0.1), to build a
/// client for [`HyperTransport::from_client`] or a connector for
/// [`HyperTransport::from_connector`]. A minor release of `wawp` may move
/// to a newer hyper-util only with a minor version bump of its own.
pub use wawp_hyper::hyper_util;

/// The async client over hyper ([`HyperTransport`]). Needs a tokio
/// runtime; make one with [`Client::builder`](wawp_core::Client::builder).
pub type Client = wawp_core::Client<HyperTransport>;

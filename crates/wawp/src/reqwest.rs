//! The reqwest transport (feature `reqwest`): [`Client`], the async client
//! over reqwest 0.13 on tokio.
//!
//! ```no_run
//! # async fn run() -> Result<(), wawp::Error> {
//! let client = wawp::reqwest::Client::builder(wawp::AccessToken::from_env()?).build()?;
//! let session = client.logout(&wawp::InstanceId::new("3EB0BCB2E3D4")?).await?;
//! # Ok(()) }
//! ```
//!
//! **Your own `reqwest::Client`.** [`ReqwestTransport::from_client`] takes
//! it as it is (its proxy, TLS and pool settings are then yours; the
//! request's limits are still enforced per call); hand the transport to
//! [`build_with`](crate::ClientBuilder::build_with):
//!
//! ```no_run
//! use wawp::reqwest::{Client, ReqwestTransport, reqwest};
//!
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mine = reqwest::Client::builder().build()?;
//! let client = Client::builder(wawp::AccessToken::from_env()?)
//!     .build_with(ReqwestTransport::from_client(mine))?;
//! # Ok(()) }
//! ```

pub use wawp_reqwest::ReqwestTransport;

/// The reqwest version [`ReqwestTransport`] is built on (0.13): a
/// `reqwest::Client` handed to [`ReqwestTransport::from_client`] must be
/// of this version. A minor release of `wawp` may move to a newer reqwest
/// only with a minor version bump of its own.
pub use wawp_reqwest::reqwest;

/// The async client over reqwest ([`ReqwestTransport`]). Needs a tokio
/// runtime; make one with [`Client::builder`](wawp_core::Client::builder).
pub type Client = wawp_core::Client<ReqwestTransport>;

//! The hyper transport (feature `hyper`, the default): [`Client`], and all
//! of `wawp-hyper` for those who build the transport themselves.
//!
//! ```no_run
//! # async fn run() -> Result<(), wawp::Error> {
//! let client = wawp::hyper::Client::builder(wawp::AccessToken::from_env()?).build()?;
//! let session = client.logout(&wawp::InstanceId::new("3EB0BCB2E3D4")?).await?;
//! # Ok(()) }
//! ```

pub use wawp_hyper::*;

/// The async client over hyper ([`HyperTransport`]). Needs a tokio
/// runtime; make one with [`Client::builder`](wawp_core::Client::builder).
pub type Client = wawp_core::Client<HyperTransport>;

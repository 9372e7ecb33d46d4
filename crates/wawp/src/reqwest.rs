//! The reqwest transport (feature `reqwest`): [`Client`], and all of
//! `wawp-reqwest` for those who build the transport themselves — around
//! their own `reqwest::Client`, say.
//!
//! ```no_run
//! # async fn run() -> Result<(), wawp::Error> {
//! let client = wawp::reqwest::Client::builder(wawp::AccessToken::from_env()?).build()?;
//! let session = client.logout(&wawp::InstanceId::new("3EB0BCB2E3D4")?).await?;
//! # Ok(()) }
//! ```

pub use wawp_reqwest::*;

/// The async client over reqwest ([`ReqwestTransport`]). Needs a tokio
/// runtime; make one with [`Client::builder`](wawp_core::Client::builder).
pub type Client = wawp_core::Client<ReqwestTransport>;

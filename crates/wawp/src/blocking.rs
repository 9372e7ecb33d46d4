//! The blocking transport (feature `blocking`): [`Client`] over a ureq 3
//! agent, for code with no async runtime (no tokio in its tree), and all of
//! `wawp-blocking` for those who build the transport themselves.
//!
//! ```no_run
//! # fn run() -> Result<(), wawp::Error> {
//! let client = wawp::blocking::Client::builder(wawp::AccessToken::from_env()?).build()?;
//! let session = client.logout(&wawp::InstanceId::new("3EB0BCB2E3D4")?)?;
//! # Ok(()) }
//! ```

pub use wawp_blocking::*;

/// The blocking client over ureq ([`UreqTransport`]); make one with
/// [`Client::builder`](wawp_core::BlockingClient::builder).
pub type Client = wawp_core::BlockingClient<UreqTransport>;

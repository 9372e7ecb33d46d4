//! The blocking transport (feature `blocking`): [`Client`] over a ureq 3
//! agent, for code with no async runtime (no tokio in its tree).
//!
//! ```no_run
//! # fn run() -> Result<(), wawp::Error> {
//! let client = wawp::blocking::Client::builder(wawp::AccessToken::from_env()?).build()?;
//! let session = client.logout(&wawp::InstanceId::new("3EB0BCB2E3D4")?)?;
//! # Ok(()) }
//! ```
//!
//! **Your own ureq agent.** [`UreqTransport::from_agent`] takes it as it is;
//! hand the transport to [`build_with`](crate::ClientBuilder::build_with):
//!
//! ```no_run
//! use wawp::blocking::{Client, UreqTransport, ureq};
//!
//! # fn run() -> Result<(), wawp::Error> {
//! let agent = ureq::Agent::new_with_defaults();
//! let client = Client::builder(wawp::AccessToken::from_env()?)
//!     .build_with(UreqTransport::from_agent(agent))?;
//! # Ok(()) }
//! ```

pub use wawp_blocking::{MAX_IDLE_CONNECTIONS, UreqTransport};

/// The ureq version [`UreqTransport`] is built on (3): a `ureq::Agent`
/// handed to [`UreqTransport::from_agent`] must be of this version. A
/// minor release of `wawp` may move to a newer ureq only with a minor
/// version bump of its own.
pub use wawp_blocking::ureq;

/// The blocking client over ureq ([`UreqTransport`]); make one with
/// [`Client::builder`](wawp_core::BlockingClient::builder).
pub type Client = wawp_core::BlockingClient<UreqTransport>;

//! `POST /v2/session/logout`: log an instance out of WhatsApp.
//!
//! The instance stays alive in `SCAN_QR_CODE` state; reconnecting needs the
//! phone to scan a QR code, so confirm with the user first.

use http::Method;

use crate::endpoint::Endpoint;
use crate::input::InstanceId;
use crate::retry::Repeat;
use crate::session::Session;

/// The Logout Session endpoint.
///
/// ```
/// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, Logout};
/// let token = AccessToken::new("tok")?;
/// let request = Logout::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &token)?;
/// assert_eq!(request.method(), "POST");
/// assert_eq!(
///     request.uri(),
///     "https://api.wawp.net/v2/session/logout?instance_id=3EB0BCB2E3D4&access_token=tok"
/// );
/// # Ok::<(), wawp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logout {
    /// The instance to log out.
    pub instance_id: InstanceId,
}

impl Logout {
    /// Logout of `instance_id`.
    pub fn new(instance_id: InstanceId) -> Self {
        Self { instance_id }
    }
}

impl Endpoint for Logout {
    type Output = Session;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v2/session/logout";
    /// A second logout finds the session already logged out.
    const REPEAT: Repeat = Repeat::Harmless;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("instance_id", self.instance_id.as_str()))
    }

    fn parse_body(&self, body: &[u8]) -> Result<Session, String> {
        crate::response::json_body(body)
    }
}

//! `POST /v2/auth/request-code`: a pairing code, the alternative to
//! scanning a QR code: the user types it on the phone instead.

use std::fmt;

use http::Method;
use serde::{Deserialize, Serialize};

use crate::endpoint::Endpoint;
use crate::input::InstanceId;
use crate::phone::PhoneNumber;
use crate::retry::Repeat;

/// Request Code: asks for a pairing code for `phone_number`, the number of
/// the phone to link (WhatsApp on that phone: Linked devices → Link with
/// phone number). The instance must be in `SCAN_QR_CODE` state.
///
/// Repeating it is harmless: a second request gives a fresh code.
///
/// ```
/// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, PhoneNumber, RequestCode};
/// let phone = PhoneNumber::new("+20 114 520 2826")?;
/// let request = RequestCode::new(InstanceId::new("3EB0BCB2E3D4")?, phone)
///     .build(&Config::default(), &AccessToken::new("tok")?)?;
/// assert_eq!(request.uri(), "https://api.wawp.net/v2/auth/request-code?instance_id=3EB0BCB2E3D4&access_token=tok");
/// assert_eq!(request.body(), br#"{"phone_number":"201145202826"}"#);
/// # Ok::<(), wawp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestCode {
    /// The instance waiting to be paired.
    pub instance_id: InstanceId,
    /// The phone to link, in international form.
    pub phone_number: PhoneNumber,
}

impl RequestCode {
    /// Request Code for `instance_id` and `phone_number`.
    pub fn new(instance_id: InstanceId, phone_number: PhoneNumber) -> Self {
        Self {
            instance_id,
            phone_number,
        }
    }
}

impl Endpoint for RequestCode {
    type Output = PairingCode;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v2/auth/request-code";
    const REPEAT: Repeat = Repeat::Harmless;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("instance_id", self.instance_id.as_str()))
    }

    fn body(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("phone_number", self.phone_number.as_str()))
    }
}

/// A pairing code to type on the phone, e.g. `ABCD-1234`. Unknown fields of
/// the answer are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PairingCode {
    /// The code, as sent.
    pub code: String,
}

impl PairingCode {
    /// A value (for tests and simulators).
    pub fn new(code: impl Into<String>) -> Self {
        Self { code: code.into() }
    }
}

impl fmt::Display for PairingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

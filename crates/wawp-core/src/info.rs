//! `POST /v2/session/info`: an instance's state, who it is logged in as, and
//! its QR code while it waits for one to be scanned.

use http::Method;
use serde::{Deserialize, Deserializer, Serialize};

use crate::decode::{BodyError, Decode};
use crate::endpoint::Endpoint;
use crate::input::InstanceId;
use crate::me::Platform;
use crate::qr_image::Image;
use crate::retry::Repeat;
use crate::session::SessionStatus;

/// Session Info: the state of an instance. A read: safe to repeat, and
/// retried whenever the retry policy allows.
///
/// Wawp advises polling it every 3–5 s while waiting for a QR scan, and
/// stopping at `WORKING`.
///
/// ```
/// use wawp_core::{AccessToken, Config, Endpoint, Info, InstanceId, Repeat};
/// let request = Info::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &AccessToken::new("tok")?)?;
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.uri(), "https://api.wawp.net/v2/session/info?instance_id=3EB0BCB2E3D4&access_token=tok");
/// assert_eq!(Info::REPEAT, Repeat::Read);
/// # Ok::<(), wawp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Info {
    /// The instance to look at.
    pub instance_id: InstanceId,
}

impl Info {
    /// Session Info for `instance_id`.
    pub fn new(instance_id: InstanceId) -> Self {
        Self { instance_id }
    }
}

impl Endpoint for Info {
    type Output = SessionInfo;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v2/session/info";
    const REPEAT: Repeat = Repeat::Read;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("instance_id", self.instance_id.as_str()))
    }

    fn decode(&self, body: &[u8]) -> Result<SessionInfo, BodyError> {
        let mut info = SessionInfo::decode(body)?;
        if info.instance_id.is_empty() {
            self.instance_id.as_str().clone_into(&mut info.instance_id);
        }
        Ok(info)
    }
}

/// What Session Info reports. Unknown fields are ignored, unknown statuses
/// kept ([`SessionStatus::Unknown`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionInfo {
    /// The session's name, e.g. `wawp-84729105`.
    pub name: String,
    /// Its state.
    pub status: SessionStatus,
    /// The instance id: the answer's, or (the documented sample has none)
    /// the one asked about.
    #[serde(default)]
    pub instance_id: String,
    /// The WhatsApp account it is logged in as; `None` when it is not
    /// (`null`, absent, or without an `id`).
    #[serde(default, deserialize_with = "me_or_none")]
    pub me: Option<Me>,
    /// The QR code to scan, as sent (Base64, or a `data:image/png;base64,`
    /// URI): only while the state is `SCAN_QR_CODE`. See
    /// [`SessionInfo::qr_image`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr: Option<String>,
    /// The instance's settings (`webhooks`, `proxy`), as sent: their shape
    /// is not documented further.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Value>,
}

impl SessionInfo {
    /// A value (for tests and simulators).
    pub fn new(
        name: impl Into<String>,
        status: SessionStatus,
        instance_id: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            status,
            instance_id: instance_id.into(),
            me: None,
            qr: None,
            config: None,
        }
    }

    /// This value with `me` set.
    pub fn with_me(mut self, me: Me) -> Self {
        self.me = Some(me);
        self
    }

    /// This value with `qr` set.
    pub fn with_qr(mut self, qr: impl Into<String>) -> Self {
        self.qr = Some(qr.into());
        self
    }

    /// This value with `config` set.
    pub fn with_config(mut self, config: serde_json::Value) -> Self {
        self.config = Some(config);
        self
    }

    /// The QR code's image, decoded from [`SessionInfo::qr`] (a data URI or
    /// bare Base64, taken as PNG); `None` when there is no QR code.
    pub fn qr_image(&self) -> Option<Result<Image, BodyError>> {
        self.qr.as_deref().map(|qr| Image::from_data_uri("qr", qr))
    }
}

/// The WhatsApp account an instance is logged in as.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Me {
    /// Its id (JID), e.g. `201012345678@c.us`.
    pub id: String,
    /// Its display name, e.g. `John Doe`.
    #[serde(
        rename = "pushName",
        alias = "push_name",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub push_name: Option<String>,
    /// The platform of the phone, when the answer says (About Me does;
    /// Session Info's `me` does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
}

impl Me {
    /// A value (for tests and simulators).
    pub fn new(id: impl Into<String>, push_name: Option<String>) -> Self {
        Self {
            id: id.into(),
            push_name,
            platform: None,
        }
    }

    /// This value with `platform` set.
    pub fn with_platform(mut self, platform: Platform) -> Self {
        self.platform = Some(platform);
        self
    }
}

/// `me`, tolerantly: `null`, `{}` or an object without an `id` is `None`.
fn me_or_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Me>, D::Error> {
    #[derive(Deserialize)]
    struct Wire {
        #[serde(default)]
        id: Option<String>,
        #[serde(rename = "pushName", alias = "push_name", default)]
        push_name: Option<String>,
        #[serde(default)]
        platform: Option<Platform>,
    }
    let wire = Option::<Wire>::deserialize(deserializer)?;
    Ok(wire.and_then(|w| {
        Some(Me {
            id: w.id.filter(|id| !id.is_empty())?,
            push_name: w.push_name,
            platform: w.platform,
        })
    }))
}

//! `GET /v2/session/me`: the WhatsApp account an instance is logged in as,
//! with its push name and the phone's platform.
//!
//! Documented in prose only: "`id` (the JID), the push name, and a platform
//! identifier (android, ios, web)". Read tolerantly: the account at the top
//! level or under `me` or `data`; the id as `id`, `jid` or `wid` (a string,
//! or an object with `_serialized`); the push name as `pushName`,
//! `push_name`, `pushname` or `name`; unknown platforms kept.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::decode::BodyError;
use crate::info::Me;
use crate::instance_calls::instance_calls;
use crate::tolerant::{self, pick, text_of};

instance_calls! {
    /// About Me: who the instance is logged in as ([`Me`]). A read. Wawp
    /// advises caching the answer rather than polling it.
    ///
    /// ```
    /// use wawp_core::{AboutMe, AccessToken, Config, Endpoint, InstanceId, Repeat};
    /// let request = AboutMe::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &AccessToken::new("tok")?)?;
    /// assert_eq!(request.method(), "GET");
    /// assert_eq!(request.uri(), "https://api.wawp.net/v2/session/me?instance_id=3EB0BCB2E3D4&access_token=tok");
    /// assert_eq!(AboutMe::REPEAT, Repeat::Read);
    /// # Ok::<(), wawp_core::Error>(())
    /// ```
    AboutMe: GET "/v2/session/me", Read -> Me, |_, body| me_from(body);
}

const ID_KEYS: [&str; 3] = ["id", "jid", "wid"];

/// The account in an About Me answer.
fn me_from(body: &[u8]) -> Result<Me, BodyError> {
    let mut map = tolerant::object(body, &ID_KEYS)?;
    if pick(&map, &ID_KEYS).is_none()
        && let Some(Value::Object(inner)) = map.get("me")
    {
        map = inner.clone();
    }
    let id = match pick(&map, &ID_KEYS) {
        Some(Value::Object(jid)) => text_of(jid, &["_serialized", "user"]),
        Some(value) => tolerant::text(value),
        None => None,
    }
    .ok_or(BodyError::Field {
        field: "id",
        reason: "the answer has no account id (is the instance logged in?)".to_owned(),
    })?;
    let push_name = text_of(&map, &["push_name", "pushname", "name"]);
    let platform = text_of(&map, &["platform", "device_platform", "os"]).map(Platform::from);
    let me = Me::new(id, push_name);
    Ok(match platform {
        Some(platform) => me.with_platform(platform),
        None => me,
    })
}

/// The platform of the phone an instance is linked to. Values Wawp adds
/// later are kept in [`Platform::Other`].
///
/// ```
/// use wawp_core::Platform;
/// assert_eq!(Platform::from("iOS"), Platform::Ios);
/// assert_eq!(Platform::from("smba"), Platform::Other("smba".into()));
/// assert_eq!(Platform::Android.to_string(), "android");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Platform {
    /// `android`.
    Android,
    /// `ios` (also `iphone`).
    Ios,
    /// `web` (WhatsApp Web, a desktop app).
    Web,
    /// Anything else, as sent.
    Other(String),
}

impl Platform {
    /// The name: `android`, `ios`, `web`, or the value as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Platform::Android => "android",
            Platform::Ios => "ios",
            Platform::Web => "web",
            Platform::Other(other) => other,
        }
    }
}

impl From<&str> for Platform {
    fn from(value: &str) -> Self {
        match value.trim().to_ascii_lowercase().as_str() {
            "android" => Platform::Android,
            "ios" | "iphone" => Platform::Ios,
            "web" => Platform::Web,
            _ => Platform::Other(value.trim().to_owned()),
        }
    }
}

impl From<String> for Platform {
    fn from(value: String) -> Self {
        Platform::from(value.as_str())
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Platform {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Platform {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Platform::from)
    }
}

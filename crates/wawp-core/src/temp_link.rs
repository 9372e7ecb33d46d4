//! `GET|POST|DELETE /v2/session/temp-link`: temporary access links, the
//! page `https://app.wawp.net/temp-qr/{token}` an instance's owner opens to
//! scan its QR code themselves, for 30 minutes.
//!
//! The answers are documented in prose only ("the active link, or `link:
//! null`"; "the link and its expiry"), so they are read tolerantly: `link`
//! as a URL or as an object, the token alone, the expiry under any usual
//! key, as Unix seconds or milliseconds, an RFC 3339 date, or a lifetime in
//! seconds.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ack::Ack;
use crate::decode::BodyError;
use crate::input::InputError;
use crate::instance_calls::instance_calls;
use crate::text_type::text_type;
use crate::tolerant::{self, pick, text_of};

/// Where temporary links live: the token follows.
pub const TEMP_LINK_PREFIX: &str = "https://app.wawp.net/temp-qr/";

/// How long a temporary link lives, as documented: 30 minutes.
pub const TEMP_LINK_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// Shortest token accepted (the documented tokens have 64 characters).
const MIN_TOKEN_LEN: usize = 16;
/// Longest token accepted.
const MAX_TOKEN_LEN: usize = 256;

/// The random part of a temporary link, `https://app.wawp.net/temp-qr/{token}`:
/// 16 to 256 ASCII letters, digits, `-` or `_` (Wawp's are 64 characters
/// long). Parses from the token alone or from the whole link.
///
/// ```
/// use wawp_core::TempLinkToken;
/// let token: TempLinkToken = "https://app.wawp.net/temp-qr/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".parse()?;
/// assert_eq!(token.as_str().len(), 64);
/// assert_eq!(token.url(), format!("https://app.wawp.net/temp-qr/{}", token.as_str()));
/// assert!(TempLinkToken::new("not a token").is_err());
/// # Ok::<(), wawp_core::InputError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TempLinkToken(String);

text_type!(TempLinkToken);

impl TempLinkToken {
    /// The token `value`: the token alone, or the link that ends with it.
    pub fn new(value: impl Into<String>) -> Result<Self, InputError> {
        let value = value.into();
        let token = match value.strip_prefix(TEMP_LINK_PREFIX) {
            Some(token) => token.to_owned(),
            None if value.contains("://") => {
                return Err(invalid(format!(
                    "a temporary link starts with {TEMP_LINK_PREFIX}"
                )));
            }
            None => value,
        };
        crate::input::check(FIELD, &token, MAX_TOKEN_LEN)?;
        if let Some(index) = token
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        {
            return Err(invalid(format!(
                "only letters, digits, `-` and `_` are allowed; byte {index} is not one"
            )));
        }
        if token.len() < MIN_TOKEN_LEN {
            return Err(invalid(format!(
                "it has {} characters; a token has at least {MIN_TOKEN_LEN}",
                token.len()
            )));
        }
        Ok(Self(token))
    }

    /// The link: `https://app.wawp.net/temp-qr/{token}`.
    pub fn url(&self) -> String {
        format!("{TEMP_LINK_PREFIX}{}", self.0)
    }
}

const FIELD: &str = "temporary link token";

fn invalid(reason: String) -> InputError {
    InputError::Invalid {
        field: FIELD,
        reason,
    }
}

/// A temporary access link: the page to send to the instance's owner, and
/// when it stops working. Its `Display` is the URL, ready to paste into a
/// message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TempLink {
    /// The link, as sent (or made from the token when only a token was).
    pub url: String,
    /// Its token, when the link has the documented form.
    pub token: Option<TempLinkToken>,
    /// When it expires, when the answer says.
    pub expires_at: Option<SystemTime>,
}

impl TempLink {
    /// The link of `token`, expiring at `expires_at` (for tests and
    /// simulators).
    pub fn new(token: TempLinkToken, expires_at: Option<SystemTime>) -> Self {
        Self {
            url: token.url(),
            token: Some(token),
            expires_at,
        }
    }

    /// How long it still works at `now`: zero once expired, `None` when the
    /// expiry is unknown.
    pub fn remaining(&self, now: SystemTime) -> Option<Duration> {
        self.expires_at
            .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO))
    }

    /// Whether it has expired at `now` (never, when the expiry is unknown).
    pub fn is_expired(&self, now: SystemTime) -> bool {
        self.remaining(now) == Some(Duration::ZERO)
    }

    /// The link in a temp-link answer, or `None` when it says there is none.
    fn from_answer(body: &[u8]) -> Result<Option<TempLink>, BodyError> {
        let outer = tolerant::object(body, &LINK_KEYS)?;
        let (link, inner) = match pick(&outer, &LINK_KEYS) {
            Some(Value::Object(inner)) => (pick(inner, &URL_KEYS).cloned(), Some(inner)),
            Some(value) => (Some(value.clone()), None),
            None => (pick(&outer, &URL_KEYS).cloned(), None),
        };
        let url = match link {
            None => None,
            Some(Value::String(url)) if url.trim().is_empty() => None,
            Some(Value::String(url)) => Some(url.trim().to_owned()),
            Some(other) => {
                return Err(BodyError::Field {
                    field: "link",
                    reason: format!("expected a URL, found {}", tolerant::kind(&other)),
                });
            }
        };
        let sent_token = inner
            .and_then(|i| text_of(i, &TOKEN_KEYS))
            .or_else(|| text_of(&outer, &TOKEN_KEYS));
        let token = sent_token
            .as_deref()
            .or_else(|| url.as_deref().and_then(|u| u.rsplit('/').next()))
            .and_then(|t| TempLinkToken::new(t).ok());
        let url = match (url, &token) {
            (Some(url), _) => url,
            (None, Some(token)) if sent_token.is_some() => token.url(),
            (None, _) => return Ok(None),
        };
        let expires_at = inner.and_then(expiry).or_else(|| expiry(&outer));
        Ok(Some(TempLink {
            url,
            token,
            expires_at,
        }))
    }
}

impl fmt::Display for TempLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

const LINK_KEYS: [&str; 3] = ["link", "temp_link", "temporary_link"];
const URL_KEYS: [&str; 3] = ["url", "link", "href"];
const TOKEN_KEYS: [&str; 1] = ["token"];
const EXPIRY_KEYS: [&str; 7] = [
    "expires_at",
    "expiry",
    "expires",
    "expire_at",
    "expiration",
    "valid_until",
    "expiry_time",
];
const LIFETIME_KEYS: [&str; 2] = ["expires_in", "ttl"];

/// The expiry in `map`: a point in time, or a lifetime in seconds from now
/// (none where there is no clock to read, on wasm32 in a browser).
fn expiry(map: &Map<String, Value>) -> Option<SystemTime> {
    EXPIRY_KEYS
        .iter()
        .find_map(|key| pick(map, &[key]).and_then(tolerant::time))
        .or_else(|| {
            let seconds = LIFETIME_KEYS
                .iter()
                .find_map(|key| pick(map, &[key]).and_then(tolerant::count))?;
            crate::response::now()?.checked_add(Duration::from_secs(seconds))
        })
}

instance_calls! {
    /// The instance's active temporary link, or `None` when it has none
    /// (`link: null`). A read.
    ///
    /// ```
    /// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, Repeat, TempLinkShow};
    /// let request = TempLinkShow::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &AccessToken::new("tok")?)?;
    /// assert_eq!(request.method(), "GET");
    /// assert_eq!(request.uri(), "https://api.wawp.net/v2/session/temp-link?instance_id=3EB0BCB2E3D4&access_token=tok");
    /// assert_eq!(TempLinkShow::REPEAT, Repeat::Read);
    /// # Ok::<(), wawp_core::Error>(())
    /// ```
    TempLinkShow: GET "/v2/session/temp-link", Read -> Option<TempLink>, |_, body| TempLink::from_answer(body);

    /// A new temporary link, valid for 30 minutes; any active link expires.
    ///
    /// Repeating it is harmless: the link of the last call is the one that
    /// works.
    TempLinkNew: POST "/v2/session/temp-link", Harmless -> TempLink, |_, body| {
        TempLink::from_answer(body)?.ok_or(BodyError::Field {
            field: "link",
            reason: "the answer has no link".to_owned(),
        })
    };

    /// Revokes every active temporary link of the instance.
    ///
    /// Repeating it is harmless: a second call finds none.
    TempLinkRevoke: DELETE "/v2/session/temp-link", Harmless -> Ack, |_, body| Ok(Ack::from_answer(body));
}

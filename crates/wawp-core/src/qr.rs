//! `POST /v2/auth/qr` ("GET QR raw"): the string a phone must scan, to
//! render as a QR code yourself.
//!
//! Documented in prose only: the answer is JSON `{"mimetype", "data"}` whose
//! Base64 `data` decodes to JSON `{"value", "expiry"}`; `expiry` is a Unix
//! time the page does not say is in seconds or milliseconds.

use std::time::{Duration, SystemTime};

use http::Method;
use serde::{Deserialize, Deserializer, Serialize};

use crate::decode::{BodyError, Decode, decode_json};
use crate::endpoint::Endpoint;
use crate::input::InstanceId;
use crate::retry::Repeat;

/// GET QR raw: the current QR code's value. Only meaningful while the
/// instance is in `SCAN_QR_CODE` state; the code rotates every 20–40 s, so
/// fetch it again rather than caching it. A read: safe to repeat.
///
/// Sends `{"format":"raw"}` as its body, as the documentation's sample does.
///
/// ```
/// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, Qr};
/// let request = Qr::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &AccessToken::new("tok")?)?;
/// assert_eq!(request.uri(), "https://api.wawp.net/v2/auth/qr?instance_id=3EB0BCB2E3D4&access_token=tok");
/// assert_eq!(request.body(), br#"{"format":"raw"}"#);
/// assert_eq!(request.headers()["content-type"], "application/json");
/// # Ok::<(), wawp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Qr {
    /// The instance waiting to be paired.
    pub instance_id: InstanceId,
}

impl Qr {
    /// GET QR raw for `instance_id`.
    pub fn new(instance_id: InstanceId) -> Self {
        Self { instance_id }
    }
}

impl Endpoint for Qr {
    type Output = QrCode;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v2/auth/qr";
    const REPEAT: Repeat = Repeat::Read;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("instance_id", self.instance_id.as_str()))
    }

    fn body(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("format", "raw"))
    }
}

/// A QR code to show a phone: the text it encodes, and when it expires.
///
/// Decoded from `{"mimetype":…,"data":"<Base64 of {\"value\":…,\"expiry\":…}>"}`.
/// Tolerated too: `value`/`expiry` at the top level, and `data` that decodes
/// to plain text (taken as the value, with no expiry).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct QrCode {
    /// The text to encode in the QR code (WhatsApp's pairing string).
    pub value: String,
    /// The expiry as sent: a Unix time, in seconds or milliseconds (the
    /// documentation does not say); see [`QrCode::expires_at`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry: Option<u64>,
    /// The outer `mimetype`, as sent (typically `application/json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mimetype: Option<String>,
}

/// Unix times above this are taken as milliseconds: in seconds it is the
/// year 5138, in milliseconds March 1973.
const MILLIS_ABOVE: u64 = 100_000_000_000;

impl QrCode {
    /// A value (for tests and simulators).
    pub fn new(value: impl Into<String>, expiry: Option<u64>) -> Self {
        Self {
            value: value.into(),
            expiry,
            mimetype: None,
        }
    }

    /// When the code expires: [`QrCode::expiry`] read as milliseconds when
    /// it is above 10¹¹ (no date in seconds is), as seconds otherwise.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use wawp_core::QrCode;
    /// let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// assert_eq!(QrCode::new("v", Some(1_700_000_000)).expires_at(), Some(at));
    /// assert_eq!(QrCode::new("v", Some(1_700_000_000_000)).expires_at(), Some(at));
    /// ```
    pub fn expires_at(&self) -> Option<SystemTime> {
        let expiry = self.expiry?;
        let since_epoch = if expiry > MILLIS_ABOVE {
            Duration::from_millis(expiry)
        } else {
            Duration::from_secs(expiry)
        };
        SystemTime::UNIX_EPOCH.checked_add(since_epoch)
    }
}

impl Decode for QrCode {
    fn decode(body: &[u8]) -> Result<Self, BodyError> {
        #[derive(Deserialize)]
        struct Outer {
            #[serde(default)]
            mimetype: Option<String>,
            #[serde(default)]
            data: Option<String>,
            #[serde(default)]
            value: Option<String>,
            #[serde(default, deserialize_with = "unix_time")]
            expiry: Option<u64>,
        }
        #[derive(Deserialize)]
        struct Inner {
            value: String,
            #[serde(default, deserialize_with = "unix_time")]
            expiry: Option<u64>,
        }
        let outer: Outer = decode_json(body)?;
        let (value, expiry) = match (outer.data, outer.value) {
            (Some(data), _) => {
                let bytes = crate::b64::decode(&data).map_err(|reason| BodyError::Field {
                    field: "data",
                    reason,
                })?;
                let text = std::str::from_utf8(&bytes).map_err(|_| BodyError::Field {
                    field: "data",
                    reason: "it decodes to bytes that are not UTF-8 text".to_owned(),
                })?;
                if text.trim_start().starts_with('{') {
                    let inner: Inner =
                        serde_json::from_str(text).map_err(|e| BodyError::Field {
                            field: "data",
                            reason: format!(
                                "it decodes to JSON without the documented value ({e})"
                            ),
                        })?;
                    (inner.value, inner.expiry)
                } else {
                    (text.trim().to_owned(), outer.expiry)
                }
            }
            (None, Some(value)) => (value, outer.expiry),
            (None, None) => {
                return Err(BodyError::Shape {
                    detail: "missing field `data`".to_owned(),
                });
            }
        };
        if value.is_empty() {
            return Err(BodyError::Field {
                field: "value",
                reason: "it is empty".to_owned(),
            });
        }
        Ok(Self {
            value,
            expiry,
            mimetype: outer.mimetype,
        })
    }
}

/// A Unix time as a non-negative integer, a number with a fraction
/// (truncated) or a string of digits; `null` is `None`.
fn unix_time<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    use serde::de::Error;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Integer(u64),
        Float(f64),
        Text(String),
    }
    match Option::<Wire>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Wire::Integer(n)) => Ok(Some(n)),
        Some(Wire::Float(f)) if f.is_finite() && f >= 0.0 => Ok(Some(f as u64)),
        Some(Wire::Text(s)) if s.trim().parse::<u64>().is_ok() => Ok(s.trim().parse().ok()),
        Some(_) => Err(D::Error::custom(
            "expiry is not a Unix time (a non-negative number)",
        )),
    }
}

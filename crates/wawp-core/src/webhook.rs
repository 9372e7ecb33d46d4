//! `GET|POST /v2/session/webhook`: the instance's own webhooks (paid plans
//! only; a free account gets 403 `subscription_required`,
//! [`ApiErrorKind::SubscriptionRequired`](crate::ApiErrorKind::SubscriptionRequired)).
//!
//! Documented in prose only: GET answers `webhooks` (each `url`, `events`,
//! `is_active` as a boolean or 0/1) and `systemConfig` (Wawp's own webhook
//! settings); POST replaces the whole list. Read tolerantly: `webhooks` as
//! a list, `null`, or a JSON string holding the list; `events` as a list or
//! one comma-separated string; `is_active` as a boolean, a number or a
//! string (absent means active); `systemConfig` kept as sent.

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ack::Ack;
use crate::decode::BodyError;
use crate::endpoint::Endpoint;
use crate::input::InputError;
use crate::input::InstanceId;
use crate::instance_calls::instance_calls;
use crate::retry::Repeat;
use crate::tolerant::{self, pick, text_of};

/// The event names Wawp's reference mentions. It lists only some; others
/// are sent as given (see [`Webhook::unknown_events`]).
pub const KNOWN_WEBHOOK_EVENTS: [&str; 4] =
    ["message", "message.ack", "message.edited", "session.status"];

/// Longest webhook URL accepted, in bytes.
pub const MAX_WEBHOOK_URL_LEN: usize = 2048;
/// Most webhooks in one list.
pub const MAX_WEBHOOKS: usize = 100;
/// Longest event name accepted, in bytes.
const MAX_EVENT_LEN: usize = 128;
/// Most events on one webhook.
const MAX_EVENTS: usize = 256;

/// One webhook: where Wawp posts, which events, and whether it is on.
///
/// Built by [`Webhook::new`] (which checks the URL is https) or read from
/// an answer (kept as sent); [`SetWebhooks::new`] checks every webhook
/// again before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Webhook {
    /// The https URL Wawp posts events to.
    pub url: String,
    /// The events it receives, e.g. `message`, `message.ack`.
    pub events: Vec<String>,
    /// Whether it is on.
    pub is_active: bool,
}

impl Webhook {
    /// An active webhook posting `events` to `url`, which must be an
    /// `https` URL with a host.
    ///
    /// ```
    /// use wawp_core::Webhook;
    /// let hook = Webhook::new("https://example.com/hook", ["message", "message.ack"])?;
    /// assert!(hook.is_active);
    /// assert!(Webhook::new("http://example.com/hook", ["message"]).is_err());
    /// # Ok::<(), wawp_core::InputError>(())
    /// ```
    pub fn new<E: Into<String>>(
        url: impl Into<String>,
        events: impl IntoIterator<Item = E>,
    ) -> Result<Self, InputError> {
        let hook = Self {
            url: url.into(),
            events: events.into_iter().map(Into::into).collect(),
            is_active: true,
        };
        hook.check()?;
        Ok(hook)
    }

    /// This webhook, on or off.
    pub fn active(mut self, is_active: bool) -> Self {
        self.is_active = is_active;
        self
    }

    /// The events not in [`KNOWN_WEBHOOK_EVENTS`] (they are sent anyway:
    /// the reference lists only some).
    pub fn unknown_events(&self) -> impl Iterator<Item = &str> {
        self.events
            .iter()
            .map(String::as_str)
            .filter(|e| !KNOWN_WEBHOOK_EVENTS.contains(e))
    }

    /// Checks the URL (https, a host, no whitespace, bounded) and the
    /// events (at least one, each non-empty and without whitespace).
    pub fn check(&self) -> Result<(), InputError> {
        check_url(&self.url)?;
        if self.events.is_empty() {
            return Err(InputError::Invalid {
                field: "webhook events",
                reason: "a webhook needs at least one event".to_owned(),
            });
        }
        if self.events.len() > MAX_EVENTS {
            return Err(InputError::Invalid {
                field: "webhook events",
                reason: format!("{} events; the most is {MAX_EVENTS}", self.events.len()),
            });
        }
        for event in &self.events {
            crate::input::check("webhook event", event, MAX_EVENT_LEN)?;
            if let Some(index) = event.find(char::is_whitespace) {
                return Err(InputError::Whitespace {
                    field: "webhook event",
                    index,
                });
            }
        }
        Ok(())
    }

    /// A list of webhooks from JSON text, as a user would write it: an
    /// array of `{url, events, is_active}` objects, or an object with
    /// such an array under `webhooks`. Each is checked as
    /// [`Webhook::check`] does; errors name the webhook by position.
    ///
    /// ```
    /// use wawp_core::Webhook;
    /// let hooks = Webhook::list_from_json(br#"[{"url":"https://example.com/h","events":["message"],"is_active":0}]"#)?;
    /// assert!(!hooks[0].is_active);
    /// assert!(Webhook::list_from_json(b"[{\"url\":\"ftp://x\",\"events\":[\"message\"]}]").is_err());
    /// assert!(Webhook::list_from_json(b"{not json").is_err());
    /// # Ok::<(), wawp_core::InputError>(())
    /// ```
    pub fn list_from_json(json: &[u8]) -> Result<Vec<Webhook>, InputError> {
        let invalid = |reason: String| InputError::Invalid {
            field: "webhook list",
            reason,
        };
        let value: Value =
            serde_json::from_slice(json).map_err(|e| invalid(format!("not JSON ({e})")))?;
        let items = match &value {
            Value::Array(items) => items,
            Value::Object(map) => match pick(map, &WEBHOOKS_KEYS) {
                Some(Value::Array(items)) => items,
                _ => {
                    return Err(invalid(
                        "expected an array of webhooks, or one under `webhooks`".to_owned(),
                    ));
                }
            },
            other => {
                return Err(invalid(format!(
                    "expected an array, found {}",
                    tolerant::kind(other)
                )));
            }
        };
        if items.len() > MAX_WEBHOOKS {
            return Err(invalid(format!(
                "{} webhooks; the most is {MAX_WEBHOOKS}",
                items.len()
            )));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let hook = item.as_object().and_then(webhook_from).ok_or_else(|| {
                    invalid(format!(
                        "webhook {}: expected an object with a `url`",
                        i + 1
                    ))
                })?;
                hook.check()
                    .map_err(|e| invalid(format!("webhook {}: {e}", i + 1)))?;
                Ok(hook)
            })
            .collect()
    }
}

/// An https URL with a host, without whitespace, at most
/// [`MAX_WEBHOOK_URL_LEN`] bytes. The reason never repeats the URL.
fn check_url(url: &str) -> Result<(), InputError> {
    const FIELD: &str = "webhook URL";
    crate::input::check(FIELD, url, MAX_WEBHOOK_URL_LEN)?;
    if let Some(index) = url.find(char::is_whitespace) {
        return Err(InputError::Whitespace {
            field: FIELD,
            index,
        });
    }
    let invalid = |reason: &str| InputError::Invalid {
        field: FIELD,
        reason: reason.to_owned(),
    };
    let uri: http::Uri = url.parse().map_err(|_| invalid("not a URL"))?;
    if uri.scheme_str().map(str::to_ascii_lowercase).as_deref() != Some("https") {
        return Err(invalid(
            "it must start with https:// (Wawp posts to https only)",
        ));
    }
    match uri.host() {
        Some(host) if !host.is_empty() => Ok(()),
        _ => Err(invalid("it has no host")),
    }
}

const WEBHOOKS_KEYS: [&str; 3] = ["webhooks", "custom_webhooks", "web_hooks"];

/// A webhook from an answer's object, kept as sent; `None` without a URL.
fn webhook_from(map: &Map<String, Value>) -> Option<Webhook> {
    let url = text_of(map, &["url", "webhook_url", "endpoint"])?;
    let events = pick(map, &["events", "event"])
        .map(tolerant::strings)
        .unwrap_or_default();
    let is_active = pick(map, &["is_active", "active", "enabled"])
        .and_then(tolerant::flag)
        .unwrap_or(true);
    Some(Webhook {
        url,
        events,
        is_active,
    })
}

/// The instance's webhooks and Wawp's own webhook settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Webhooks {
    /// The instance's own webhooks, in the order sent.
    pub webhooks: Vec<Webhook>,
    /// Wawp's own webhook settings (`systemConfig`), as sent: their shape is
    /// not documented.
    pub system_config: Option<Value>,
}

impl Webhooks {
    fn from_answer(body: &[u8]) -> Result<Webhooks, BodyError> {
        let map = tolerant::object(body, &["webhooks", "system_config"])?;
        let list = match pick(&map, &WEBHOOKS_KEYS) {
            None => Vec::new(),
            Some(Value::Array(items)) => items.clone(),
            Some(Value::String(text)) => match serde_json::from_str(text) {
                Ok(Value::Array(items)) => items,
                _ => {
                    return Err(BodyError::Field {
                        field: "webhooks",
                        reason: "a string that is not a JSON list".to_owned(),
                    });
                }
            },
            Some(other) => {
                return Err(BodyError::Field {
                    field: "webhooks",
                    reason: format!("expected a list, found {}", tolerant::kind(other)),
                });
            }
        };
        let webhooks = list
            .iter()
            .filter_map(|item| item.as_object().and_then(webhook_from))
            .collect();
        let system_config = pick(&map, &["system_config", "systemconfig"]).cloned();
        Ok(Webhooks {
            webhooks,
            system_config,
        })
    }
}

instance_calls! {
    /// The instance's webhooks ([`Webhooks`]). A read; paid plans only.
    ///
    /// ```
    /// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, Repeat, WebhookShow};
    /// let request = WebhookShow::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &AccessToken::new("tok")?)?;
    /// assert_eq!(request.method(), "GET");
    /// assert_eq!(request.uri(), "https://api.wawp.net/v2/session/webhook?instance_id=3EB0BCB2E3D4&access_token=tok");
    /// assert_eq!(WebhookShow::REPEAT, Repeat::Read);
    /// # Ok::<(), wawp_core::Error>(())
    /// ```
    WebhookShow: GET "/v2/session/webhook", Read -> Webhooks, |_, body| Webhooks::from_answer(body);
}

/// Replaces the instance's webhooks with a new list (an empty list removes
/// them all): `{"webhooks":[{url, events, is_active}, …]}` as the JSON
/// body. Paid plans only.
///
/// Repeating it is harmless: the list is the same afterwards.
///
/// ```
/// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, Repeat, SetWebhooks, Webhook};
/// let hooks = vec![Webhook::new("https://example.com/hook", ["message"])?];
/// let set = SetWebhooks::new(InstanceId::new("3EB0BCB2E3D4")?, hooks)?;
/// let request = set.build(&Config::default(), &AccessToken::new("tok")?)?;
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.body(), br#"{"webhooks":[{"events":["message"],"is_active":true,"url":"https://example.com/hook"}]}"#);
/// assert_eq!(SetWebhooks::REPEAT, Repeat::Harmless);
/// # Ok::<(), wawp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetWebhooks {
    instance_id: InstanceId,
    webhooks: Vec<Webhook>,
    encoded: Value,
}

impl SetWebhooks {
    /// Replaces the webhooks of `instance_id` with `webhooks`, each checked
    /// ([`Webhook::check`]): a URL that is not https is refused here,
    /// before anything is sent.
    pub fn new(instance_id: InstanceId, webhooks: Vec<Webhook>) -> Result<Self, InputError> {
        if webhooks.len() > MAX_WEBHOOKS {
            return Err(InputError::Invalid {
                field: "webhook list",
                reason: format!("{} webhooks; the most is {MAX_WEBHOOKS}", webhooks.len()),
            });
        }
        for hook in &webhooks {
            hook.check()?;
        }
        let encoded = serde_json::to_value(&webhooks).unwrap_or(Value::Null);
        Ok(Self {
            instance_id,
            webhooks,
            encoded,
        })
    }

    /// The instance it changes.
    pub fn instance_id(&self) -> &InstanceId {
        &self.instance_id
    }

    /// The list it sends.
    pub fn webhooks(&self) -> &[Webhook] {
        &self.webhooks
    }
}

impl Endpoint for SetWebhooks {
    type Output = Ack;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v2/session/webhook";
    const REPEAT: Repeat = Repeat::Harmless;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("instance_id", self.instance_id.as_str()))
    }

    fn json_body(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        std::iter::once(("webhooks", &self.encoded))
    }

    fn decode(&self, body: &[u8]) -> Result<Ack, BodyError> {
        Ok(Ack::from_answer(body))
    }
}

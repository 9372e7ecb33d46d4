//! `POST /v2/session/create`: a new instance for the account.
//!
//! Success is 201; the body was never shown. The prose says it returns
//! `instance_id` and `session_name`, and to keep `instance_id` and
//! `server_name`: read tolerantly (camelCase too, `id` for the instance id,
//! `name` for the session name, the fields at the top level or under
//! `data`, `instance` or `session`). Beyond its plan's quota an account gets
//! 403 `quota_reached`
//! ([`ApiErrorKind::QuotaReached`](crate::ApiErrorKind::QuotaReached)).

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decode::BodyError;
use crate::endpoint::Endpoint;
use crate::input::InputError;
use crate::retry::Repeat;
use crate::text_type::text_type;
use crate::tolerant::{self, text_of};

/// Longest session name accepted, in bytes.
pub const MAX_SESSION_NAME_LEN: usize = 100;

/// A name for a new instance: non-empty, at most
/// [`MAX_SESSION_NAME_LEN`] bytes, no control characters, no surrounding
/// whitespace.
///
/// ```
/// use wawp_core::SessionName;
/// assert_eq!(SessionName::new("shop-front")?.as_str(), "shop-front");
/// assert!(SessionName::new("").is_err());
/// assert!(SessionName::new("a\nb").is_err());
/// # Ok::<(), wawp_core::InputError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SessionName(String);

text_type!(SessionName);

impl SessionName {
    /// The name `value`.
    pub fn new(value: impl Into<String>) -> Result<Self, InputError> {
        let value = value.into();
        crate::input::check("session name", &value, MAX_SESSION_NAME_LEN)?;
        Ok(Self(value))
    }
}

/// Create Session: a new instance, `STOPPED` until started. The name, when
/// given, goes in the JSON body as `name` (the page documents no field but
/// the token; the older API took `name`).
///
/// **Never repeated automatically** once it may have reached the server: a
/// second create makes a second instance.
///
/// ```
/// use wawp_core::{AccessToken, Config, Create, Endpoint, Repeat, SessionName};
/// let create = Create::new(SessionName::new("shop-front")?);
/// let request = create.build(&Config::default(), &AccessToken::new("tok")?)?;
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.uri(), "https://api.wawp.net/v2/session/create?access_token=tok");
/// assert_eq!(request.body(), br#"{"name":"shop-front"}"#);
/// assert_eq!(Create::REPEAT, Repeat::Never);
/// # Ok::<(), wawp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Create {
    /// The new instance's name, if it is to have one of the caller's choice.
    pub name: Option<SessionName>,
}

impl Create {
    /// Create Session, naming the new instance `name`.
    pub fn new(name: SessionName) -> Self {
        Self { name: Some(name) }
    }

    /// Create Session, leaving the name to Wawp.
    pub fn unnamed() -> Self {
        Self { name: None }
    }
}

impl Endpoint for Create {
    type Output = Created;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v2/session/create";
    const REPEAT: Repeat = Repeat::Never;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::empty()
    }

    fn body(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.name.iter().map(|name| ("name", name.as_str()))
    }

    fn decode(&self, body: &[u8]) -> Result<Created, BodyError> {
        Created::from_answer(body)
    }
}

/// A new instance, as Create Session reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Created {
    /// Its id, to keep: every other call takes it.
    pub instance_id: String,
    /// Its session name, when the answer gives one.
    pub session_name: Option<String>,
    /// The server it runs on, when the answer says (Wawp advises keeping it).
    pub server_name: Option<String>,
}

const INSTANCE_KEYS: [&str; 3] = ["instance_id", "instance", "id"];

impl Created {
    /// A value (for tests and simulators).
    pub fn new(instance_id: impl Into<String>) -> Self {
        Self {
            instance_id: instance_id.into(),
            session_name: None,
            server_name: None,
        }
    }

    fn from_answer(body: &[u8]) -> Result<Created, BodyError> {
        let mut map = tolerant::object(body, &["instance_id"])?;
        for wrapper in ["instance", "session"] {
            if text_of(&map, &INSTANCE_KEYS).is_none()
                && let Some(Value::Object(inner)) = map.get(wrapper)
            {
                map = inner.clone();
            }
        }
        let instance_id = text_of(&map, &INSTANCE_KEYS).ok_or(BodyError::Field {
            field: "instance_id",
            reason: "the answer has no instance id".to_owned(),
        })?;
        Ok(Created {
            instance_id,
            session_name: text_of(&map, &["session_name", "name", "session"]),
            server_name: text_of(&map, &["server_name", "server"]),
        })
    }
}

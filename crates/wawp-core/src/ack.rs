//! [`Ack`]: the answer of a call whose body is not documented and does not
//! matter beyond success (revoking links, choosing a policy, replacing the
//! webhooks).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::tolerant::text_of;

/// What a call that changes something answers, when all that matters is that
/// it succeeded: its message, if it sent one, and the body as JSON (`null`
/// when it was empty or not JSON). Any body is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Ack {
    /// The server's message (`message`, `msg` or `status`), if any.
    pub message: Option<String>,
    /// The body as JSON, kept as sent.
    pub raw: Value,
}

impl Ack {
    /// Reads any success body.
    pub(crate) fn from_answer(body: &[u8]) -> Ack {
        let raw: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let message = match &raw {
            Value::Object(map) => text_of(map, &["message", "msg", "status"]),
            Value::String(s) => Some(s.clone()),
            _ => None,
        }
        .or_else(|| {
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            (raw.is_null() && !text.is_empty() && text.len() <= 512).then(|| text.to_owned())
        });
        Ack { message, raw }
    }
}

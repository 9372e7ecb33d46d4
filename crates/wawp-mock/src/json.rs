//! JSON text and JSON answers, shared by every endpoint the simulator
//! serves: objects with their keys in the order given (the documented
//! samples' order; `serde_json`'s own objects sort them), and the success,
//! error and conflict answers.

use serde_json::{Value, json};

use crate::behaviour::{Format, Variant};
use crate::wire::Response;

/// The status every call that makes no sense in the instance's current state
/// answers (as WAHA, the engine whose states Wawp reports, does), with a JSON
/// body naming the current status and the expected ones.
pub const CONFLICT_STATUS: u16 = 422;

/// A JSON object of `fields`, each value JSON text already, with the keys
/// in the given order.
pub(crate) fn object(fields: &[(&str, String)]) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::from(*key).to_string());
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out
}

/// `value` as JSON text.
pub(crate) fn text(value: impl Into<Value>) -> String {
    value.into().to_string()
}

/// A 200 answer with the JSON `body`.
pub(crate) fn ok(body: String) -> Response {
    answer(200, body)
}

/// An answer with `status` and the JSON `body`.
pub(crate) fn answer(status: u16, body: String) -> Response {
    Response::new(status, "application/json", body)
}

/// The documented answer `variant`.
pub(crate) fn documented(variant: Variant) -> Response {
    Response::new(variant.status(), variant.content_type(), variant.body())
}

/// `{"status":"error","code":<status>,"message":…}`.
pub(crate) fn error(status: u16, message: &str) -> Response {
    Response::new(
        status,
        Format::Json.content_type(),
        Format::Json.render(status, message),
    )
}

/// A 400 with `message`.
pub(crate) fn bad_request(message: &str) -> Response {
    error(400, message)
}

/// A 403 naming a machine `code` (`subscription_required`,
/// `quota_reached`): `{"status":"error","code":…,"message":…}`.
pub(crate) fn forbidden(code: &str, message: &str) -> Response {
    answer(
        403,
        object(&[
            ("status", text("error")),
            ("code", text(code)),
            ("message", text(message)),
        ]),
    )
}

/// The [`CONFLICT_STATUS`] answer: `message`, the instance's `status` and
/// those the call expects.
pub(crate) fn conflict(status: &str, message: &str, expected: &[&str]) -> Response {
    let body = object(&[
        ("status", text("error")),
        ("code", text(CONFLICT_STATUS)),
        (
            "message",
            text(format!("{message} (the session is {status})")),
        ),
        ("session_status", text(status)),
        ("expected", json!(expected).to_string()),
    ]);
    answer(CONFLICT_STATUS, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_their_key_order() {
        assert_eq!(
            object(&[("z", text(1)), ("a", text("x\""))]),
            r#"{"z":1,"a":"x\""}"#
        );
        assert_eq!(object(&[]), "{}");
    }
}

//! How one instance's result is shown: a human line (or two) or a JSON line.
//! Pure formatting; [`crate::report`] decides where it goes.

use std::borrow::Cow;

use wawp_core::{Error, InstanceId, Session};

use crate::exit::Exit;
use crate::hint::hint;

/// An id as shown to a person: bare when unambiguous, quoted and escaped
/// (Rust string syntax) when it contains blanks, quotes or invisible
/// characters.
pub(crate) fn shown_id(id: &InstanceId) -> Cow<'_, str> {
    let s = id.as_str();
    let plain = |c: char| !c.is_whitespace() && !matches!(c, '"' | '\'' | '\\') && !invisible(c);
    if s.chars().all(plain) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(format!("{s:?}"))
    }
}

/// Control and bidirectional-override characters: text from a server must not
/// drive the terminal or reorder what is shown.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with invisible characters escaped, for a terminal.
pub(crate) fn sanitize(text: &str) -> Cow<'_, str> {
    if text.chars().any(invisible) {
        Cow::Owned(
            text.chars()
                .map(|c| {
                    if invisible(c) {
                        c.escape_unicode().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// The line for a successful logout.
pub(crate) fn human_ok(id: &InstanceId, session: &Session) -> String {
    format!(
        "{}: logged out; session {} is now {}",
        shown_id(id),
        sanitize(&session.name),
        sanitize(session.status.as_str())
    )
}

/// The line (and hint line) for a failed one.
pub(crate) fn human_error(id: &InstanceId, error: &Error) -> String {
    let mut text = format!("error: {}: {}", shown_id(id), sanitize(&error.to_string()));
    if let Some(h) = hint(error) {
        text.push_str("\n  hint: ");
        text.push_str(&h);
    }
    text
}

/// One JSON object (no newline) for an instance's result, keys in this order:
///
/// - `{"instance_id":…,"ok":true,"name":…,"status":…}`
/// - `{"instance_id":…,"ok":false,"error":{"kind":…,"status":404|null,"message":…|null,"hint":…|null,"exit_code":4}}`
pub(crate) fn json_line(id: &InstanceId, result: &Result<Session, Error>) -> String {
    let line = match result {
        Ok(session) => JsonLine {
            instance_id: id.as_str(),
            ok: true,
            name: Some(&session.name),
            status: Some(session.status.as_str()),
            error: None,
        },
        Err(error) => JsonLine {
            instance_id: id.as_str(),
            ok: false,
            name: None,
            status: None,
            error: Some(JsonError {
                kind: error.code(),
                status: error.status().map(|s| s.as_u16()),
                message: match error {
                    // The server's own words; null when it gave none.
                    Error::Api(api) => api.message.clone(),
                    other => Some(other.to_string()),
                },
                hint: hint(error),
                exit_code: Exit::of(error).code(),
            }),
        },
    };
    // Serializing strings, numbers and booleans cannot fail.
    serde_json::to_string(&line).unwrap_or_default()
}

#[derive(serde::Serialize)]
struct JsonLine<'a> {
    instance_id: &'a str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonError>,
}

#[derive(serde::Serialize)]
struct JsonError {
    kind: &'static str,
    status: Option<u16>,
    message: Option<String>,
    hint: Option<String>,
    exit_code: u8,
}

/// The closing line of a run over several instances.
pub(crate) fn summary(ok: usize, failed: usize) -> String {
    let total = ok + failed;
    format!("{total} instances: {ok} logged out, {failed} failed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};
    use wawp_core::http::Response;
    use wawp_core::{AccessToken, Endpoint, Logout, SessionStatus};

    fn id(s: &str) -> InstanceId {
        InstanceId::new(s).unwrap()
    }

    fn answered(status: u16, content_type: &str, body: &str) -> Error {
        Logout::new(id("I"))
            .parse(
                Response::builder()
                    .status(status)
                    .header("content-type", content_type)
                    .body(body.as_bytes().to_vec())
                    .unwrap(),
                &AccessToken::new("t0k3n").unwrap(),
            )
            .unwrap_err()
    }

    fn session() -> Session {
        Session::new("wawp-84729105", SessionStatus::ScanQrCode, "3EB0BCB2E3D4")
    }

    #[test]
    fn ids_are_quoted_only_when_needed() {
        assert_eq!(shown_id(&id("3EB0BCB2E3D4")), "3EB0BCB2E3D4");
        assert_eq!(shown_id(&id("a&b=c?d/e#f%20")), "a&b=c?d/e#f%20");
        assert_eq!(shown_id(&id("my phone")), "\"my phone\"");
        assert_eq!(shown_id(&id("say \"hi\"")), "\"say \\\"hi\\\"\"");
        assert_eq!(shown_id(&id("rtl\u{202e}x")), "\"rtl\\u{202e}x\"");
    }

    #[test]
    fn server_text_cannot_drive_the_terminal() {
        assert_eq!(sanitize("plain"), "plain");
        assert_eq!(sanitize("red\u{1b}[31m"), "red\\u{1b}[31m");
        let s = Session::new("n\u{7}", SessionStatus::Unknown("X\u{202e}Y".into()), "I");
        assert_eq!(
            human_ok(&id("I"), &s),
            "I: logged out; session n\\u{7} is now X\\u{202e}Y"
        );
    }

    #[test]
    fn human_success() {
        assert_eq!(
            human_ok(&id("3EB0BCB2E3D4"), &session()),
            "3EB0BCB2E3D4: logged out; session wawp-84729105 is now SCAN_QR_CODE"
        );
    }

    #[test]
    fn human_error_has_message_and_hint() {
        let e = answered(
            404,
            "application/json",
            r#"{"message":"Session does not exist"}"#,
        );
        assert_eq!(
            human_error(&id("nope"), &e),
            "error: nope: HTTP 404 (not found): Session does not exist\n  hint: check the instance id: no session with this id exists for this token"
        );
        let e = answered(418, "text/plain", "teapot");
        assert_eq!(
            human_error(&id("x"), &e),
            "error: x: HTTP 418 (unexpected status): teapot"
        );
    }

    #[test]
    fn json_success_shape() {
        let line = json_line(&id("a b"), &Ok(session()));
        assert_eq!(
            line,
            r#"{"instance_id":"a b","ok":true,"name":"wawp-84729105","status":"SCAN_QR_CODE"}"#
        );
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            v,
            json!({"instance_id":"a b","ok":true,"name":"wawp-84729105","status":"SCAN_QR_CODE"})
        );
    }

    #[test]
    fn json_error_shape() {
        let e = answered(
            401,
            "application/xml",
            "<error><message>Invalid token</message></error>",
        );
        let line = json_line(&id("I"), &Err(e));
        assert!(!line.contains('\n'));
        assert!(
            line.starts_with(
                r#"{"instance_id":"I","ok":false,"error":{"kind":"unauthorized","status":401,"#
            ),
            "{line}"
        );
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["instance_id"], "I");
        assert_eq!(v["ok"], false);
        assert_eq!(v["error"]["kind"], "unauthorized");
        assert_eq!(v["error"]["status"], 401);
        assert_eq!(v["error"]["message"], "Invalid token");
        assert_eq!(v["error"]["exit_code"], 3);
        assert!(
            v["error"]["hint"]
                .as_str()
                .unwrap()
                .contains("access token")
        );

        let e = answered(500, "text/html", "");
        let v: Value = serde_json::from_str(&json_line(&id("I"), &Err(e))).unwrap();
        assert_eq!(v["error"]["kind"], "server_error");
        assert_eq!(v["error"]["message"], Value::Null);
        assert_eq!(v["error"]["exit_code"], 6);

        let e = Error::Timeout {
            after: Some(std::time::Duration::from_secs(2)),
        };
        let v: Value = serde_json::from_str(&json_line(&id("I"), &Err(e))).unwrap();
        assert_eq!(v["error"]["kind"], "timeout");
        assert_eq!(v["error"]["status"], Value::Null);
        assert_eq!(v["error"]["message"], "timed out after 2s");
        assert_eq!(v["error"]["exit_code"], 7);
    }

    #[test]
    fn every_kind_name_is_snake_case() {
        let errors = [
            answered(400, "text/plain", "x"),
            answered(403, "text/plain", "x"),
            answered(429, "text/plain", "x"),
            answered(502, "text/plain", "x"),
            answered(503, "text/plain", "x"),
            answered(200, "application/json", "[]"),
            Error::BodyTooLarge { limit: 1 },
        ];
        for e in &errors {
            let k = e.code();
            assert!(k.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{k}");
        }
    }

    #[test]
    fn summary_line() {
        assert_eq!(summary(2, 1), "3 instances: 2 logged out, 1 failed");
    }
}

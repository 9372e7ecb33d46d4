//! How one instance's outcome is shown: a human line (or two) or a JSON
//! line. Pure formatting; [`crate::report`] decides where it goes. All text
//! that could come from outside (ids, server messages) is escaped
//! ([`crate::escape`]).

use std::borrow::Cow;

use wawp_core::{Error, InstanceId, Session};

use crate::escape;
use crate::exit::Exit;
use crate::hint::hint;
use crate::outcome::{Outcome, Stop};

/// An id as shown to a person: bare when unambiguous, quoted and escaped
/// when it contains blanks, quotes, backslashes or invisible characters.
pub(crate) fn shown_id(id: &InstanceId) -> Cow<'_, str> {
    let s = id.as_str();
    let plain =
        |c: char| !c.is_whitespace() && !matches!(c, '"' | '\'' | '\\') && !escape::is_unsafe(c);
    if s.chars().all(plain) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(escape::quoted(s))
    }
}

/// `text` with invisible characters escaped, for a terminal.
pub(crate) fn sanitize(text: &str) -> Cow<'_, str> {
    escape::for_terminal(text)
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

/// The one line for an id the run did not finish (the summary says what to
/// do about them all).
pub(crate) fn human_unfinished(id: &InstanceId, outcome: &Outcome) -> String {
    let f = Failure::of(outcome).unwrap_or_else(Failure::unknown);
    format!("error: {}: {}", shown_id(id), f.message.unwrap_or_default())
}

/// Why an outcome is not a success, as both output forms show it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Failure {
    /// A stable snake_case kind (see the README's list).
    kind: &'static str,
    /// The HTTP status, when the server answered.
    status: Option<u16>,
    /// The server's own words, or what went wrong; null when the server
    /// answered with no message.
    message: Option<String>,
    /// What to do about it.
    hint: Option<String>,
    /// Whether the request may have reached the server.
    maybe_sent: bool,
    /// The exit code this outcome calls for.
    exit_code: u8,
}

impl Failure {
    /// The failure of `outcome`, `None` for a success.
    pub(crate) fn of(outcome: &Outcome) -> Option<Self> {
        Some(match outcome {
            Outcome::Done(Ok(_)) => return None,
            Outcome::Done(Err(error)) => Self {
                kind: error.code(),
                status: error.status().map(|s| s.as_u16()),
                message: match error {
                    // The server's own words; null when it gave none.
                    Error::Api(api) => api.message.clone(),
                    other => Some(other.to_string()),
                },
                hint: hint(error),
                maybe_sent: error.maybe_sent(),
                exit_code: Exit::of(error).code(),
            },
            Outcome::Interrupted(stop) => Self {
                kind: "interrupted",
                status: None,
                message: Some(format!(
                    "interrupted ({}) before an answer came; the logout may have happened",
                    stop.cause()
                )),
                hint: Some("check the instance before trying again".to_owned()),
                maybe_sent: true,
                exit_code: stop.exit().code(),
            },
            Outcome::NotStarted(stop) => Self {
                kind: "not_started",
                status: None,
                message: Some(format!(
                    "not started: the run was interrupted ({}) first; nothing was sent",
                    stop.cause()
                )),
                hint: Some("run it again".to_owned()),
                maybe_sent: false,
                exit_code: stop.exit().code(),
            },
        })
    }

    fn unknown() -> Self {
        Self {
            kind: "other",
            status: None,
            message: None,
            hint: None,
            maybe_sent: true,
            exit_code: Exit::Transport.code(),
        }
    }

    /// The kind, e.g. `not_found`.
    #[cfg(test)]
    pub(crate) fn kind(&self) -> &'static str {
        self.kind
    }
}

/// Every `kind` a JSON error object can carry: the core's stable codes and
/// the two of an interrupted run. Documented in `--help` and the README.
#[cfg(test)]
pub(crate) const KINDS: [&str; 22] = [
    "invalid_input",
    "bad_request",
    "unauthorized",
    "forbidden",
    "not_found",
    "rate_limited",
    "bad_gateway",
    "unavailable",
    "gateway_timeout",
    "server_error",
    "unexpected_status",
    "decode",
    "redirect",
    "timeout",
    "body_too_large",
    "connect",
    "tls",
    "stale_connection",
    "io",
    "other",
    "interrupted",
    "not_started",
];

/// One JSON object (no newline) for an instance's outcome, keys in this order:
///
/// - `{"instance_id":…,"ok":true,"name":…,"status":…}`
/// - `{"instance_id":…,"ok":false,"error":{"kind":…,"status":404|null,"message":…|null,"hint":…|null,"maybe_sent":true|false,"exit_code":4}}`
///
/// Control, format and bidi characters are `\u` escapes.
pub(crate) fn json_line(id: &InstanceId, outcome: &Outcome) -> String {
    let session = match outcome {
        Outcome::Done(Ok(session)) => Some(session),
        _ => None,
    };
    escape::to_json(&JsonLine {
        instance_id: id.as_str(),
        ok: session.is_some(),
        name: session.map(|s| s.name.as_str()),
        status: session.map(|s| s.status.as_str()),
        error: Failure::of(outcome),
    })
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
    error: Option<Failure>,
}

/// How many ids ended which way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) ok: usize,
    pub(crate) failed: usize,
    pub(crate) interrupted: usize,
    pub(crate) not_started: usize,
}

impl Counts {
    /// Counts `outcome`.
    pub(crate) fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Done(Ok(_)) => self.ok += 1,
            Outcome::Done(Err(_)) => self.failed += 1,
            Outcome::Interrupted(_) => self.interrupted += 1,
            Outcome::NotStarted(_) => self.not_started += 1,
        }
    }

    /// Every id counted.
    pub(crate) fn total(&self) -> usize {
        self.ok + self.failed + self.interrupted + self.not_started
    }

    /// Those that did not end logged out.
    pub(crate) fn unfinished(&self) -> usize {
        self.total() - self.ok
    }
}

/// The closing line of a run over several instances, and what stopped it
/// early, if anything.
pub(crate) fn summary(c: Counts, stop: Option<Stop>) -> String {
    let total = c.total();
    let mut line = format!(
        "{total} instance{}: {} logged out, {} failed",
        if total == 1 { "" } else { "s" },
        c.ok,
        c.failed
    );
    if c.interrupted > 0 || c.not_started > 0 || stop.is_some() {
        line.push_str(&format!(
            ", {} interrupted (may have happened), {} not started",
            c.interrupted, c.not_started
        ));
    }
    if let Some(stop) = stop {
        line.push_str(&format!("\nstopped early: {}", stop.cause()));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};
    use wawp_core::http::Response;
    use wawp_core::{AccessToken, Endpoint, Logout, SessionStatus, TransportError};

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

    fn err(e: Error) -> Outcome {
        Outcome::Done(Err(e))
    }

    #[test]
    fn ids_are_quoted_only_when_needed() {
        assert_eq!(shown_id(&id("3EB0BCB2E3D4")), "3EB0BCB2E3D4");
        assert_eq!(shown_id(&id("a&b=c?d/e#f%20")), "a&b=c?d/e#f%20");
        assert_eq!(shown_id(&id("my phone")), "\"my phone\"");
        assert_eq!(shown_id(&id("say \"hi\"")), "\"say \\\"hi\\\"\"");
        assert_eq!(shown_id(&id("rtl\u{202e}x")), "\"rtl\\u{202e}x\"");
        assert_eq!(shown_id(&id("al\u{61c}m")), "\"al\\u{61c}m\"");
        assert_eq!(shown_id(&id("iso\u{2066}x")), "\"iso\\u{2066}x\"");
    }

    #[test]
    fn server_text_cannot_drive_the_terminal() {
        assert_eq!(sanitize("plain"), "plain");
        assert_eq!(sanitize("red\u{1b}[31m"), "red\\u{1b}[31m");
        let s = Session::new(
            "n\u{7}\u{9b}",
            SessionStatus::Unknown("X\u{202e}Y\u{61c}".into()),
            "I",
        );
        assert_eq!(
            human_ok(&id("I"), &s),
            "I: logged out; session n\\u{7}\\u{9b} is now X\\u{202e}Y\\u{61c}"
        );
    }

    #[test]
    fn json_escapes_controls_and_bidi_from_the_server() {
        let s = Session::new(
            "n\u{9b}[2J",
            SessionStatus::Unknown("\u{2067}X".into()),
            "I",
        );
        let line = json_line(&id("I"), &Outcome::Done(Ok(s)));
        assert!(line.is_ascii(), "{line}");
        assert!(line.contains(r#""name":"n\u009b[2J""#), "{line}");
        assert!(line.contains(r#""status":"\u2067X""#), "{line}");
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
        let line = json_line(&id("a b"), &Outcome::Done(Ok(session())));
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
        let line = json_line(&id("I"), &err(e));
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
        assert_eq!(v["error"]["maybe_sent"], true);
        assert_eq!(v["error"]["exit_code"], 3);
        assert!(
            v["error"]["hint"]
                .as_str()
                .unwrap()
                .contains("access token")
        );

        let e = answered(500, "text/html", "");
        let v: Value = serde_json::from_str(&json_line(&id("I"), &err(e))).unwrap();
        assert_eq!(v["error"]["kind"], "server_error");
        assert_eq!(v["error"]["message"], Value::Null);
        assert_eq!(v["error"]["exit_code"], 6);

        let e = Error::Timeout {
            after: Some(std::time::Duration::from_secs(2)),
        };
        let v: Value = serde_json::from_str(&json_line(&id("I"), &err(e))).unwrap();
        assert_eq!(v["error"]["kind"], "timeout");
        assert_eq!(v["error"]["status"], Value::Null);
        assert_eq!(v["error"]["message"], "timed out after 2s");
        assert_eq!(v["error"]["maybe_sent"], true);
        assert_eq!(v["error"]["exit_code"], 7);

        let e = Error::Transport(TransportError::from_message(
            wawp_core::TransportErrorKind::Connect,
            "refused",
        ));
        let v: Value = serde_json::from_str(&json_line(&id("I"), &err(e))).unwrap();
        assert_eq!(v["error"]["kind"], "connect");
        assert_eq!(v["error"]["maybe_sent"], false);
    }

    #[test]
    fn interrupted_and_not_started_shapes() {
        let v: Value =
            serde_json::from_str(&json_line(&id("A"), &Outcome::Interrupted(Stop::Interrupt)))
                .unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["error"]["kind"], "interrupted");
        assert_eq!(v["error"]["maybe_sent"], true);
        assert_eq!(v["error"]["exit_code"], 130);
        assert_eq!(v["error"]["status"], Value::Null);
        let v: Value =
            serde_json::from_str(&json_line(&id("B"), &Outcome::NotStarted(Stop::Terminate)))
                .unwrap();
        assert_eq!(v["error"]["kind"], "not_started");
        assert_eq!(v["error"]["maybe_sent"], false);
        assert_eq!(v["error"]["exit_code"], 143);
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("nothing was sent")
        );
        assert_eq!(
            human_unfinished(&id("my id"), &Outcome::NotStarted(Stop::ClosedOutput)),
            "error: \"my id\": not started: the run was interrupted (standard output closed) first; nothing was sent"
        );
    }

    #[test]
    fn every_kind_is_in_the_documented_list() {
        let errors = [
            answered(400, "text/plain", "x"),
            answered(401, "text/plain", "x"),
            answered(403, "text/plain", "x"),
            answered(404, "text/plain", "x"),
            answered(418, "text/plain", "x"),
            answered(429, "text/plain", "x"),
            answered(500, "text/plain", "x"),
            answered(502, "text/plain", "x"),
            answered(503, "text/plain", "x"),
            answered(504, "text/plain", "x"),
            answered(200, "application/json", "[]"),
            answered(307, "text/plain", ""),
            Error::BodyTooLarge { limit: 1 },
            Error::Timeout { after: None },
            Error::InvalidInput(wawp_core::InputError::Empty { field: "x" }),
        ];
        let mut outcomes: Vec<Outcome> = errors.into_iter().map(err).collect();
        use wawp_core::TransportErrorKind as K;
        for k in [K::Connect, K::Tls, K::StaleConnection, K::Io, K::Other] {
            outcomes.push(err(Error::Transport(TransportError::from_message(k, "x"))));
        }
        outcomes.push(Outcome::Interrupted(Stop::Interrupt));
        outcomes.push(Outcome::NotStarted(Stop::Interrupt));
        let mut seen: Vec<&str> = outcomes
            .iter()
            .map(|o| Failure::of(o).unwrap().kind())
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let mut documented = KINDS.to_vec();
        documented.sort_unstable();
        assert_eq!(
            seen, documented,
            "every kind documented, every documented kind real"
        );
        for k in KINDS {
            assert!(k.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{k}");
            assert!(
                crate::args::KINDS_HELP.contains(k),
                "{k} missing from --help"
            );
        }
    }

    #[test]
    fn summary_line() {
        let c = Counts {
            ok: 2,
            failed: 1,
            ..Counts::default()
        };
        assert_eq!(summary(c, None), "3 instances: 2 logged out, 1 failed");
        let c = Counts {
            ok: 2,
            failed: 1,
            interrupted: 3,
            not_started: 4,
        };
        assert_eq!(
            summary(c, Some(Stop::Interrupt)),
            "10 instances: 2 logged out, 1 failed, 3 interrupted (may have happened), 4 not started\nstopped early: SIGINT"
        );
        assert_eq!(c.unfinished(), 8);
    }
}

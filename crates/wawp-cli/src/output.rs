//! How one instance's outcome is shown: a human line (or two) or a JSON
//! line. Pure formatting; [`crate::report`] decides where it goes. All text
//! that could come from outside (ids, server messages) is escaped
//! ([`crate::escape`]).

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use wawp::{Error, InstanceId, SessionStatus};

use crate::escape;
use crate::exit::Exit;
use crate::hint::hint;
use crate::op::Operation;
use crate::outcome::{Outcome, Output, Stop};
use crate::qrdraw::{self, Style};

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

/// The human output for a success: one line, or for a QR code a line and
/// the drawing.
pub(crate) fn human_ok(op: &Operation, id: &InstanceId, output: &Output) -> String {
    let id_shown = shown_id(id);
    match output {
        Output::Session(session) => format!(
            "{id_shown}: {}; session {} is now {}",
            op.words().done,
            sanitize(&session.name),
            sanitize(session.status.as_str())
        ),
        Output::Info(info) => {
            let mut line = format!(
                "{id_shown}: session {} is {}",
                sanitize(&info.name),
                sanitize(info.status.as_str())
            );
            match (&info.status, &info.me) {
                (_, Some(me)) => line.push_str(&format!(", linked to {}", account(me))),
                (SessionStatus::ScanQrCode, None) => {
                    line.push_str(": waiting for a phone (wawp qr, or wawp pair --phone)");
                }
                (SessionStatus::Stopped, None) => line.push_str(" (wawp start starts it)"),
                (SessionStatus::Failed, None) => line.push_str(" (try wawp restart)"),
                _ => {}
            }
            line
        }
        Output::Qr(code) => {
            let style = match op {
                Operation::Qr(style) => *style,
                _ => Style::default(),
            };
            let head = format!(
                "{id_shown}: QR code{}; scan it in WhatsApp > Linked devices > Link a device",
                expiry_note(code.expires_at(), SystemTime::now())
            );
            match qrdraw::draw(&code.value, style) {
                Ok(drawing) => format!("{head}\n{drawing}"),
                Err(why) => format!("{head}\n  {why}"),
            }
        }
        Output::Saved { path, bytes } => format!(
            "{id_shown}: QR code saved to {} ({bytes} bytes, PNG)",
            sanitize(&path.display().to_string())
        ),
        Output::Code { code, phone } => format!(
            "{id_shown}: pairing code {} for {phone}; on that phone: WhatsApp > Linked devices > \
             Link a device > Link with phone number instead, then type it",
            sanitize(&code.code)
        ),
        // A failure, shown as `human_unfinished` would.
        Output::Unsaved { path, reason } => {
            format!("error: {id_shown}: {}", unsaved(path, reason))
        }
        other => crate::account::human(op, id, other).unwrap_or_default(),
    }
}

/// `2010…@c.us (Push name)`: an account, with its name when it has one.
pub(crate) fn account(me: &wawp::Me) -> String {
    let mut text = sanitize(&me.id).into_owned();
    if let Some(name) = me.push_name.as_deref().filter(|n| !n.is_empty()) {
        text.push_str(&format!(" ({})", sanitize(name)));
    }
    text
}

/// What went wrong with `--png`.
fn unsaved(path: &std::path::Path, reason: &str) -> String {
    format!(
        "the QR code came but could not be written to {}: {}",
        sanitize(&path.display().to_string()),
        sanitize(reason)
    )
}

/// " (expires in 17 s)", " (expired)", or nothing when the expiry is unknown.
pub(crate) fn expiry_note(expires_at: Option<SystemTime>, now: SystemTime) -> String {
    match expires_at.map(|at| at.duration_since(now)) {
        Some(Ok(left)) => format!(" (expires in {} s)", left.as_secs().max(1)),
        Some(Err(_)) => " (expired)".to_owned(),
        None => String::new(),
    }
}

/// An error's text with its causes', each said once, as `a: b: c`.
pub(crate) fn said(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// The line (and hint line) for a failed one.
pub(crate) fn human_error(op: &Operation, id: &InstanceId, error: &Error) -> String {
    let message = said(error);
    error_lines(
        id,
        &sanitize(&message),
        hint(error, op.words().act).as_deref(),
    )
}

/// `error: ID: message`, and the hint on a line of its own.
pub(crate) fn error_lines(id: &InstanceId, message: &str, hint: Option<&str>) -> String {
    let mut text = format!("error: {}: {message}", shown_id(id));
    if let Some(h) = hint {
        text.push_str("\n  hint: ");
        text.push_str(h);
    }
    text
}

/// The line for an id that did not succeed without a call error: not
/// started, interrupted, not saved (the summary says what to do about
/// them all).
pub(crate) fn human_unfinished(op: &Operation, id: &InstanceId, outcome: &Outcome) -> String {
    let f = Failure::of(op, outcome).unwrap_or_else(Failure::unknown);
    let hint = f
        .hint
        .as_deref()
        .filter(|_| matches!(outcome, Outcome::Finished(_)));
    error_lines(id, f.message.as_deref().unwrap_or_default(), hint)
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
    pub(crate) fn of(op: &Operation, outcome: &Outcome) -> Option<Self> {
        let act = op.words().act;
        Some(match outcome {
            Outcome::Finished(Ok(Output::Unsaved { path, reason })) => Self {
                kind: "not_saved",
                status: None,
                message: Some(unsaved(path, reason)),
                hint: Some("check the --png place: free space, permissions".to_owned()),
                maybe_sent: true,
                exit_code: Exit::Usage.code(),
            },
            Outcome::Finished(Ok(_)) => return None,
            Outcome::Finished(Err(error)) => Self {
                kind: error.code(),
                status: error.status().map(|s| s.as_u16()),
                message: match error {
                    // The server's own words; null when it gave none.
                    Error::Api(api) => api.message.clone(),
                    other => Some(said(other)),
                },
                hint: hint(error, act),
                maybe_sent: error.maybe_sent(),
                exit_code: Exit::of(error).code(),
            },
            Outcome::Interrupted(stop) => Self {
                kind: "interrupted",
                status: None,
                message: Some(format!(
                    "interrupted ({}) before an answer came; {act} may have happened",
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

    /// `qr` or `relink` waited `after` and the instance is still `status`.
    pub(crate) fn gave_up(after: Duration, status: Option<&str>, id: &InstanceId) -> Self {
        Self {
            kind: "gave_up",
            status: None,
            message: Some(format!(
                "gave up waiting after {} s: the instance is {} (not linked)",
                after.as_secs_f64().round(),
                sanitize(status.unwrap_or("in an unknown state"))
            )),
            hint: Some(format!(
                "nothing more was done: show the code again with `wawp qr {}`, or wait longer with --timeout",
                shown_id(id)
            )),
            maybe_sent: true,
            exit_code: Exit::GaveUp.code(),
        }
    }

    /// The same, with another hint.
    pub(crate) fn with_hint(self, hint: String) -> Self {
        Self {
            hint: Some(hint),
            ..self
        }
    }

    /// The instance is `status`, where waiting for a phone makes no sense.
    pub(crate) fn wrong_state(status: &SessionStatus, id: &InstanceId) -> Self {
        let (what, hint) = match status {
            SessionStatus::Stopped => (
                "it is STOPPED: it shows no QR code",
                format!("start it first: wawp start {}", shown_id(id)),
            ),
            SessionStatus::Failed => (
                "it is FAILED: it shows no QR code",
                format!("restart it first: wawp restart {}", shown_id(id)),
            ),
            _ => (
                "it is in a state that shows no QR code",
                format!("see it with: wawp info {}", shown_id(id)),
            ),
        };
        let message = match status {
            SessionStatus::Stopped | SessionStatus::Failed => what.to_owned(),
            other => format!("{what} ({})", sanitize(other.as_str())),
        };
        Self {
            kind: "wrong_state",
            status: None,
            message: Some(message),
            hint: Some(hint),
            maybe_sent: true,
            exit_code: Exit::ClientError.code(),
        }
    }

    /// `qr` or `relink` stopped by `stop`; the instance is then `status`,
    /// if an answer said so.
    pub(crate) fn stopped(stop: Stop, status: Option<&SessionStatus>, id: &InstanceId) -> Self {
        let state = match status {
            Some(SessionStatus::ScanQrCode) => format!(
                "the instance is SCAN_QR_CODE: logged out, waiting for a phone (`wawp qr {}` shows the code again)",
                shown_id(id)
            ),
            Some(SessionStatus::Working) => "the instance is WORKING: linked".to_owned(),
            Some(other) => format!("the instance is {}", sanitize(other.as_str())),
            None => {
                "its state is unknown: no answer came in time (see it with `wawp info`)".to_owned()
            }
        };
        Self {
            kind: "interrupted",
            status: None,
            message: Some(format!("interrupted ({}); {state}", stop.cause())),
            hint: None,
            maybe_sent: true,
            exit_code: stop.exit().code(),
        }
    }

    /// The exit code it calls for.
    pub(crate) fn exit_code(&self) -> u8 {
        self.exit_code
    }

    /// The human lines: `error: ID: message`, and the hint.
    pub(crate) fn human(&self, id: &InstanceId) -> String {
        let message = self.message.as_deref().unwrap_or_default();
        error_lines(id, message, self.hint.as_deref())
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

/// Every `kind` a JSON error object can carry: the core's stable codes,
/// the two of an interrupted run, `not_saved` (`qr --png`), and `gave_up`
/// and `wrong_state` (`qr` watching, `relink`). Documented in `--help` and
/// the README.
#[cfg(test)]
pub(crate) const KINDS: [&str; 27] = [
    "invalid_input",
    "bad_request",
    "unauthorized",
    "forbidden",
    "subscription_required",
    "quota_reached",
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
    "not_saved",
    "gave_up",
    "wrong_state",
];

/// One JSON object (no newline) for an instance's outcome, keys in this order:
///
/// - `{"instance_id":…,"ok":true,"name":…,"status":…}` (start, stop, restart, logout, delete)
/// - `{"instance_id":…,"ok":true,"name":…,"status":…,"me":{"id":…,"push_name":…}|null}` (info)
/// - `{"instance_id":…,"ok":true,"value":…,"expiry":UNIX_SECONDS|null}` (qr)
/// - `{"instance_id":…,"ok":true,"file":…,"bytes":N}` (qr --png)
/// - `{"instance_id":…,"ok":true,"code":…,"phone_number":…}` (pair)
/// - `{"instance_id":…,"ok":false,"error":{"kind":…,"status":404|null,"message":…|null,"hint":…|null,"maybe_sent":true|false,"exit_code":4}}`
///
/// Control, format and bidi characters are `\u` escapes.
pub(crate) fn json_line(op: &Operation, id: &InstanceId, outcome: &Outcome) -> String {
    // `create`'s rows are names; its instance id is the new one.
    let create = matches!(op, Operation::Create);
    let mut line = JsonLine {
        instance_id: if create { "" } else { id.as_str() },
        ok: Some(outcome.is_ok()),
        name: create.then(|| id.as_str()),
        ..JsonLine::default()
    };
    match outcome {
        Outcome::Finished(Ok(Output::Info(info))) => {
            line.name = Some(&info.name);
            line.status = Some(info.status.as_str());
            line.me = Some(info.me.as_ref().map(|me| JsonMe {
                id: &me.id,
                push_name: me.push_name.as_deref(),
            }));
        }
        Outcome::Finished(Ok(Output::Saved { path, bytes })) => {
            line.file = Some(path.display().to_string());
            line.bytes = Some(*bytes);
        }
        Outcome::Finished(Ok(other)) if outcome.is_ok() => {
            if let Output::Created(created) = other {
                line.instance_id = &created.instance_id;
            }
            if !line.fill(other) {
                line.extra = crate::account::json_fields(op, other);
            }
        }
        _ => line.error = Failure::of(op, outcome),
    }
    escape::to_json(&line)
}

/// The closing JSON line of `qr` (watching) or `relink` when it failed
/// without a call error: `{"instance_id":…,"ok":false,"status":…|null,"error":{…}}`.
pub(crate) fn json_failure(
    id: &InstanceId,
    status: Option<&SessionStatus>,
    failure: Failure,
) -> String {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        instance_id: &'a str,
        ok: bool,
        status: Option<&'a str>,
        error: Failure,
    }
    escape::to_json(&Line {
        instance_id: id.as_str(),
        ok: false,
        status: status.map(SessionStatus::as_str),
        error: failure,
    })
}

/// A step of `qr` (watching) or `relink`, as a JSON line:
/// `{"instance_id":…,"event":"logged_out"|"started"|"qr"|"pairing_code",…}`.
pub(crate) fn json_event(id: &InstanceId, event: &str, output: &Output) -> String {
    #[derive(serde::Serialize)]
    struct Event<'a> {
        instance_id: &'a str,
        event: &'a str,
        #[serde(flatten)]
        fields: JsonLine<'a>,
    }
    let mut fields = JsonLine::default();
    if !fields.fill(output) && matches!(output, Output::Link(_)) {
        fields.extra = crate::account::json_fields(&Operation::Me, output);
    }
    escape::to_json(&Event {
        instance_id: id.as_str(),
        event,
        fields,
    })
}

/// A time as Unix seconds.
pub(crate) fn unix_seconds(at: Option<SystemTime>) -> Option<u64> {
    at.and_then(|at| at.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
}

#[derive(serde::Serialize, Default)]
struct JsonLine<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    instance_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ok: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    me: Option<Option<JsonMe<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiry: Option<Option<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bytes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<&'a str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    extra: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Failure>,
}

impl<'a> JsonLine<'a> {
    /// The fields of a session, a QR code or a pairing code; false for any
    /// other output.
    fn fill(&mut self, output: &'a Output) -> bool {
        match output {
            Output::Session(s) => {
                self.name = Some(&s.name);
                self.status = Some(s.status.as_str());
            }
            Output::Qr(code) => {
                self.value = Some(&code.value);
                self.expiry = Some(unix_seconds(code.expires_at()));
            }
            Output::Code { code, phone } => {
                self.code = Some(&code.code);
                self.phone_number = Some(phone.as_str());
            }
            _ => return false,
        }
        true
    }
}

/// The account an instance is linked to.
#[derive(serde::Serialize)]
pub(crate) struct JsonMe<'a> {
    pub(crate) id: &'a str,
    pub(crate) push_name: Option<&'a str>,
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
            ok if ok.is_ok() => self.ok += 1,
            Outcome::Finished(_) => self.failed += 1,
            Outcome::Interrupted(_) => self.interrupted += 1,
            Outcome::NotStarted(_) => self.not_started += 1,
        }
    }

    /// Every id counted.
    pub(crate) fn total(&self) -> usize {
        self.ok + self.failed + self.interrupted + self.not_started
    }

    /// Those that did not succeed.
    pub(crate) fn unfinished(&self) -> usize {
        self.total() - self.ok
    }
}

/// The closing line of a run over several instances, and what stopped it
/// early, if anything; `done` says what success is ("logged out").
pub(crate) fn summary(c: Counts, stop: Option<Stop>, done: &str) -> String {
    let total = c.total();
    let mut line = format!(
        "{total} instance{}: {} {done}, {} failed",
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
#[path = "tests/output.rs"]
mod tests;

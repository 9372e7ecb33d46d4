//! Waiting for a phone to link one instance: the loop behind `wawp qr ID`
//! and the second half of `wawp relink`.
//!
//! Every `--interval` (and at the QR code's expiry) the instance is read
//! (`info`): WORKING ends the wait; SCAN_QR_CODE shows the QR code, drawn
//! again whenever its value changes (or, with a phone number, a pairing
//! code, once); STARTING and unknown states are waited through; STOPPED
//! (started once, for relink) or FAILED end it. `--timeout` ends it too.
//! A signal ends it at once; [`report`] then asks the instance's state,
//! bounded, and says it.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant, SystemTime};

use wawp::{Error, InstanceId, PhoneNumber, SessionInfo, SessionStatus};

use crate::calls::{InstanceCalls, Waited};
use crate::engine::{GRACE, internal};
use crate::exit::Exit;
use crate::op::Operation;
use crate::outcome::{Outcome, Output, Stop};
use crate::output::{self, Failure, shown_id};
use crate::qrdraw::Style;
use crate::run::{say, step};

/// What an answer that is not the one the call gives is (a bug).
pub(crate) const UNEXPECTED: &str = "an unexpected answer";

/// What to show while waiting.
#[derive(Debug, Clone)]
pub(crate) enum Show {
    /// The QR code, drawn so.
    Qr(Style),
    /// A pairing code for this number.
    Code(PhoneNumber),
    /// Nothing: the owner scans the code a temporary link shows.
    Link,
}

/// How the wait ended.
#[derive(Debug)]
pub(crate) enum End {
    /// The instance is WORKING; `already` if it was from the first look.
    Linked {
        /// Its session.
        info: Box<SessionInfo>,
        /// Linked before anything was shown.
        already: bool,
    },
    /// `--timeout` passed; the last state seen.
    GaveUp(Option<SessionStatus>),
    /// The instance is in a state that shows no code.
    WrongState(Box<SessionInfo>),
    /// A call failed.
    Failed(Operation, Error),
    /// A signal, or a closed output.
    Stopped(Stop, Option<SessionStatus>),
}

/// The wait's settings.
#[derive(Debug)]
pub(crate) struct Watch {
    /// What to show.
    pub(crate) show: Show,
    /// JSON lines instead of text.
    pub(crate) json: bool,
    /// How often to look.
    pub(crate) interval: Duration,
    /// How long to wait in all.
    pub(crate) timeout: Duration,
    /// Start the instance (once) if it is STOPPED (relink, after a logout
    /// that stopped it).
    pub(crate) start_if_stopped: bool,
    /// Redraw in place on a terminal (not with `-v`, whose lines would be
    /// drawn over).
    pub(crate) redraw: bool,
}

/// Standard output for a wait: drawings that replace each other on a
/// terminal, notes on standard error.
struct Screen {
    terminal: bool,
    redraw: bool,
    /// Lines of the drawing on screen, to move back over.
    drawn: usize,
    closed: bool,
}

impl Screen {
    fn new(redraw: bool) -> Self {
        Self {
            terminal: io::stdout().is_terminal(),
            redraw,
            drawn: 0,
            closed: false,
        }
    }

    /// Writes `text` (lines) to standard output; `replace` draws it over
    /// the last drawing on a terminal. False once the output is closed.
    fn out(&mut self, text: &str, replace: bool) -> bool {
        let mut stdout = io::stdout().lock();
        let mut text = text.to_owned();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let back = if replace && self.terminal && self.redraw && self.drawn > 0 {
            format!("\x1b[{}A\x1b[J", self.drawn)
        } else {
            String::new()
        };
        if stdout
            .write_all(back.as_bytes())
            .and_then(|()| stdout.write_all(text.as_bytes()))
            .and_then(|()| stdout.flush())
            .is_err()
        {
            self.closed = true;
        }
        self.drawn = if replace { text.lines().count() } else { 0 };
        !self.closed
    }

    /// A note on standard error (the next drawing goes below it).
    fn note(&mut self, text: &str) {
        say(text);
        self.drawn = 0;
    }
}

/// Waits for a phone to link `calls`'s instance, until `until` at most.
pub(crate) fn wait(calls: &mut InstanceCalls, watch: &Watch, until: Instant) -> End {
    let id = calls.id().clone();
    let mut screen = Screen::new(watch.redraw && !watch.json);
    let mut last: Option<SessionStatus> = None;
    let mut shown: Option<String> = None;
    let mut code_shown = false;
    let mut started = false;
    let mut first = true;
    macro_rules! call {
        ($op:expr) => {{
            let op = $op;
            match calls.call(op.clone()) {
                Waited::Stopped(stop) => return End::Stopped(stop, last),
                Waited::Finished(done) => (op, done),
            }
        }};
    }
    loop {
        if Instant::now() >= until {
            return End::GaveUp(last);
        }
        let info = match call!(Operation::Info) {
            (_, Ok(Output::Info(info))) => info,
            (op, Err(e)) => return End::Failed(op, e),
            (op, Ok(_)) => return End::Failed(op, internal(UNEXPECTED)),
        };
        let changed = last.as_ref() != Some(&info.status);
        last = Some(info.status.clone());
        let mut next = watch.interval;
        match &info.status {
            SessionStatus::Working => {
                return End::Linked {
                    info: Box::new(info),
                    already: first,
                };
            }
            SessionStatus::ScanQrCode => match &watch.show {
                Show::Qr(style) => match call!(Operation::Qr(*style)) {
                    (_, Ok(Output::Qr(code))) => {
                        if shown.as_deref() != Some(code.value.as_str()) {
                            let text = if watch.json {
                                output::json_event(&id, "qr", &Output::Qr(code.clone()))
                            } else {
                                let op = Operation::Qr(*style);
                                format!(
                                    "{}waiting for a phone to scan it (Ctrl-C to stop)",
                                    output::human_ok(&op, &id, &Output::Qr(code.clone()))
                                )
                            };
                            if !screen.out(&text, true) {
                                return End::Stopped(Stop::ClosedOutput, last);
                            }
                            shown = Some(code.value.clone());
                        }
                        if let Some(left) = code
                            .expires_at()
                            .and_then(|at| at.duration_since(SystemTime::now()).ok())
                        {
                            // Look again as it expires (not in a busy loop).
                            next = next.min(left.max(Duration::from_millis(200)));
                        }
                    }
                    // The state moved on between the two calls: the next
                    // look says where to.
                    (_, Err(e)) if state_refused(&e) => {}
                    (op, Err(e)) => return End::Failed(op, e),
                    (op, Ok(_)) => return End::Failed(op, internal(UNEXPECTED)),
                },
                Show::Code(phone) if !code_shown => match call!(Operation::Pair(phone.clone())) {
                    (op, Ok(output @ Output::Code { .. })) => {
                        let text = if watch.json {
                            output::json_event(&id, "pairing_code", &output)
                        } else {
                            format!(
                                "{}\nwaiting for the phone to link it (Ctrl-C to stop)",
                                output::human_ok(&op, &id, &output)
                            )
                        };
                        if !screen.out(&text, false) {
                            return End::Stopped(Stop::ClosedOutput, last);
                        }
                        code_shown = true;
                    }
                    (_, Err(e)) if state_refused(&e) => {}
                    (op, Err(e)) => return End::Failed(op, e),
                    (op, Ok(_)) => return End::Failed(op, internal(UNEXPECTED)),
                },
                Show::Code(_) | Show::Link => {}
            },
            SessionStatus::Stopped if watch.start_if_stopped && !started => {
                if !watch.json {
                    screen.note(&format!("{}: STOPPED; starting it", shown_id(&id)));
                }
                match call!(Operation::Start) {
                    (_, Ok(output)) => {
                        if watch.json
                            && !screen.out(&output::json_event(&id, "started", &output), false)
                        {
                            return End::Stopped(Stop::ClosedOutput, last);
                        }
                    }
                    (op, Err(e)) => return End::Failed(op, e),
                }
                started = true;
                next = Duration::ZERO;
            }
            SessionStatus::Stopped | SessionStatus::Failed | SessionStatus::Deleted => {
                return End::WrongState(Box::new(info));
            }
            // STARTING, and states this version does not know: wait.
            other => {
                if changed && !watch.json {
                    screen.note(&format!(
                        "{}: {}; waiting (Ctrl-C to stop)",
                        shown_id(&id),
                        output::sanitize(other.as_str())
                    ));
                }
            }
        }
        first = false;
        let left = until.saturating_duration_since(Instant::now());
        if let Some(stop) = calls.sleep(next.min(left)) {
            return End::Stopped(stop, last);
        }
    }
}

/// Reads the instance until it is no longer STARTING (a start or restart
/// in progress), at most until `until`; its state then. A note says it
/// waits (not with `--json`).
pub(crate) fn past_starting(
    calls: &mut InstanceCalls,
    watch: &Watch,
    until: Instant,
) -> Result<SessionInfo, End> {
    let mut noted = false;
    loop {
        let info = match calls.call(Operation::Info) {
            Waited::Stopped(stop) => return Err(End::Stopped(stop, None)),
            Waited::Finished(Ok(Output::Info(info))) => info,
            Waited::Finished(Ok(_)) => {
                return Err(End::Failed(Operation::Info, internal(UNEXPECTED)));
            }
            Waited::Finished(Err(e)) => return Err(End::Failed(Operation::Info, e)),
        };
        if info.status != SessionStatus::Starting {
            return Ok(info);
        }
        if Instant::now() >= until {
            return Err(End::GaveUp(Some(info.status)));
        }
        if !noted && !watch.json {
            say(&format!(
                "{}: STARTING; waiting for it (Ctrl-C to stop)",
                shown_id(calls.id())
            ));
            noted = true;
        }
        let left = until.saturating_duration_since(Instant::now());
        if let Some(stop) = calls.sleep(watch.interval.min(left)) {
            return Err(End::Stopped(stop, Some(info.status)));
        }
    }
}

/// Whether `error` says the instance's state does not allow the call (422,
/// or 409): it changed between two calls, or is not yet what the call
/// needs.
pub(crate) fn state_refused(error: &Error) -> bool {
    error
        .api()
        .is_some_and(|api| matches!(api.status.as_u16(), 409 | 422))
}

/// Says how the wait (or the flow around it) ended, and returns the exit
/// code. For a stop, first lets the call in flight finish and asks the
/// instance's state, each within the grace period (a second signal skips
/// them).
pub(crate) fn report(calls: &mut InstanceCalls, end: End, watch: &Watch) -> Exit {
    let id = calls.id().clone();
    let json = watch.json;
    match end {
        End::Linked { info, already } => {
            let text = if json {
                output::json_line(
                    &Operation::Info,
                    &id,
                    &Outcome::Finished(Ok(Output::Info(*info))),
                )
            } else {
                linked_line(&id, &info, already)
            };
            // Linked: exit 0 even if nobody reads it any more.
            step(&text);
            Exit::Ok
        }
        End::GaveUp(status) => {
            let mut failure = Failure::gave_up(
                watch.timeout,
                status.as_ref().map(SessionStatus::as_str),
                &id,
            );
            if let Show::Link = watch.show {
                failure = failure.with_hint(format!(
                    "nothing more was done (the link is revoked): send a new one with \
                     `wawp link new {}`, or wait longer with --timeout",
                    shown_id(&id)
                ));
            }
            emit_failure(&id, status.as_ref(), failure, json)
        }
        End::WrongState(info) => {
            let failure = Failure::wrong_state(&info.status, &id);
            emit_failure(&id, Some(&info.status), failure, json)
        }
        End::Failed(op, error) => {
            let exit = Exit::of(&error);
            if json {
                let outcome = Outcome::Finished(Err(error));
                step(&output::json_line(&op, &id, &outcome));
            } else {
                say(&output::human_error(&op, &id, &error));
            }
            exit
        }
        End::Stopped(stop, last) => {
            let status = state_on_the_way_out(calls, stop).or(last);
            let failure = Failure::stopped(stop, status.as_ref(), &id);
            emit_failure(&id, status.as_ref(), failure, json)
        }
    }
}

/// The instance's state after a stop: the call in flight is given the
/// grace period, then `info` is asked, within the grace period too.
/// `None` if no answer came (or a second signal arrived).
fn state_on_the_way_out(calls: &mut InstanceCalls, stop: Stop) -> Option<SessionStatus> {
    if stop != Stop::ClosedOutput {
        say(&format!(
            "{}: interrupted ({}); asking its state (Ctrl-C again to skip)",
            shown_id(calls.id()),
            stop.cause()
        ));
    }
    if let Waited::Stopped(_) = calls.settle(GRACE) {
        return None;
    }
    match calls.call_within(Operation::Info, GRACE) {
        Waited::Finished(Ok(Output::Info(info))) => Some(info.status),
        _ => None,
    }
}

/// Writes a failure (stderr, or a JSON line on stdout) and returns its exit code.
fn emit_failure(
    id: &InstanceId,
    status: Option<&SessionStatus>,
    failure: Failure,
    json: bool,
) -> Exit {
    let code = failure.exit_code();
    if json {
        step(&output::json_failure(id, status, failure));
    } else {
        say(&failure.human(id));
    }
    Exit::from_code(code)
}

/// `ID: linked to 2010…@c.us (Ann); session NAME is WORKING`.
fn linked_line(id: &InstanceId, info: &SessionInfo, already: bool) -> String {
    let to = info.me.as_ref().map(output::account);
    let to = to.map(|me| format!(" to {me}")).unwrap_or_default();
    format!(
        "{}: {}linked{to}; session {} is {}{}",
        shown_id(id),
        if already { "already " } else { "" },
        output::sanitize(&info.name),
        output::sanitize(info.status.as_str()),
        if already { ": nothing to scan" } else { "" }
    )
}

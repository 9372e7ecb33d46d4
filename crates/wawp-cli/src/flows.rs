//! The single-instance flows: `wawp qr ID` watching one instance until a
//! phone links it, and `wawp relink ID` (confirm, log out, then the same
//! wait). Both check everything before the first request, as the bulk
//! commands do, and install the signal handling only once they act.

use std::io::{self, IsTerminal};
use std::time::Instant;

use wawp::{PhoneNumber, SessionStatus};

use crate::args::{Connection, QrArgs, RelinkArgs};
use crate::calls::{InstanceCalls, Waited};
use crate::confirm::{self, Decision};
use crate::exit::Exit;
use crate::op::Operation;
use crate::outcome::{Output, Stop};
use crate::output;
use crate::output::shown_id;
use crate::png::PngTarget;
use crate::qrdraw::Style;
use crate::remote;
use crate::run::{self, Bulk, DEADLINE_MARGIN, Sources, say, step};
use crate::verbose;
use crate::watch::{self, End, Show, Watch};

/// Runs `wawp qr`: watching one instance given as the only argument, else
/// a bulk run that fetches each code once.
pub(crate) fn qr(args: QrArgs, mut connection: Connection, sources: Sources) -> Exit {
    let QrArgs {
        targets,
        png,
        once,
        waiting,
    } = args;
    let style = Style::for_terminal(waiting.drawing.invert, io::stdout().is_terminal());
    // Watching is for one instance named on the command line; anything
    // that speaks of lists (--from-file, --unfinished) or machines (--json,
    // --png, --once) fetches each code once, in bulk.
    let watching = !once
        && !targets.json
        && png.is_none()
        && targets.from_file.is_none()
        && targets.unfinished.is_none()
        && targets.ids.len() == 1;
    if !watching {
        let make = move |ids: &[wawp::InstanceId]| -> Result<Operation, String> {
            Ok(match &png {
                Some(path) => Operation::QrPng(Box::new(PngTarget::prepare(path, ids)?)),
                None => Operation::Qr(style),
            })
        };
        let bulk = Bulk {
            targets,
            timeout: waiting.request_timeout.0,
            connection,
            yes: None,
        };
        return run::bulk(bulk, sources, "show", &make);
    }
    verbose::install(connection.verbose);
    let prepared = match prepare(
        &targets.ids[0],
        &mut connection,
        waiting.request_timeout.0,
        sources,
    ) {
        Ok(prepared) => prepared,
        Err(exit) => return exit,
    };
    let watch = Watch {
        show: Show::Qr(style),
        json: false,
        interval: waiting.interval.0,
        timeout: waiting.timeout.0,
        start_if_stopped: false,
        redraw: connection.verbose == 0,
    };
    let mut calls = match interruptible(prepared) {
        Ok(calls) => calls,
        Err(exit) => return exit,
    };
    let end = watch::wait(&mut calls, &watch, Instant::now() + watch.timeout);
    let exit = watch::report(&mut calls, end, &watch);
    calls.finish();
    exit
}

/// Runs `wawp relink`.
pub(crate) fn relink(
    args: RelinkArgs,
    mut connection: Connection,
    sources: Sources,
    timeout_given: bool,
) -> Exit {
    let RelinkArgs {
        id,
        phone,
        link,
        yes,
        json,
        waiting,
    } = args;
    verbose::install(connection.verbose);
    let decision = confirm::decide(yes, io::stdin().is_terminal(), false);
    if let Decision::Refuse(why) = decision {
        say(&format!("error: {}", why.message("relink")));
        return Exit::Usage;
    }
    let show = match phone.as_deref().map(PhoneNumber::new).transpose() {
        _ if link => Show::Link,
        Ok(Some(phone)) => Show::Code(phone),
        Ok(None) => Show::Qr(Style::for_terminal(
            waiting.drawing.invert,
            io::stdout().is_terminal(),
        )),
        Err(e) => {
            say(&format!("error: invalid --phone: {e}"));
            return Exit::Usage;
        }
    };
    let prepared = match prepare(&id, &mut connection, waiting.request_timeout.0, sources) {
        Ok(prepared) => prepared,
        Err(exit) => return exit,
    };
    if decision == Decision::Ask {
        let prompt = confirm::relink_prompt(&prepared.id);
        match confirm::ask(&mut io::stdin().lock(), &mut io::stderr(), &prompt) {
            Ok(true) => {}
            Ok(false) => {
                say("Nothing was logged out.");
                return Exit::Declined;
            }
            Err(e) => {
                say(&format!("error: cannot read the answer: {e}"));
                return Exit::Usage;
            }
        }
    }
    let mut watch = Watch {
        show,
        json,
        interval: waiting.interval.0,
        timeout: waiting.timeout.0,
        start_if_stopped: true,
        redraw: connection.verbose == 0,
    };
    let mut calls = match interruptible(prepared) {
        Ok(calls) => calls,
        Err(exit) => return exit,
    };
    let until = Instant::now() + watch.timeout;
    let mut revoked = Exit::Ok;
    let end = match log_out(&mut calls, &watch, until) {
        Err(end) => end,
        Ok(out) => {
            let id = calls.id().clone();
            let text = if json {
                output::json_event(&id, "logged_out", &out)
            } else {
                output::human_ok(&Operation::Logout, &id, &out)
            };
            if !step(&text) {
                End::Stopped(Stop::ClosedOutput, None)
            } else {
                if link {
                    let given = timeout_given.then_some(until);
                    let end;
                    (end, revoked) = remote::link_and_wait(&mut calls, &mut watch, given);
                    end
                } else {
                    watch::wait(&mut calls, &watch, until)
                }
            }
        }
    };
    let exit = watch::report(&mut calls, end, &watch).max(revoked);
    calls.finish();
    exit
}

/// Logs the instance out. When its state refuses it (422, 409), sees why:
/// a start in progress is waited through, a STOPPED instance is started
/// first (it comes back WORKING with its login, or waiting for a phone),
/// then the logout is tried again (twice at most).
fn log_out(calls: &mut InstanceCalls, watch: &Watch, until: Instant) -> Result<Output, End> {
    let mut tries = 0;
    loop {
        let error = match calls.call(Operation::Logout) {
            Waited::Stopped(stop) => return Err(End::Stopped(stop, None)),
            Waited::Finished(Ok(out)) => return Ok(out),
            Waited::Finished(Err(e)) => e,
        };
        if !watch::state_refused(&error) || tries == 2 {
            return Err(End::Failed(Operation::Logout, error));
        }
        tries += 1;
        let info = watch::past_starting(calls, watch, until)?;
        if info.status == SessionStatus::Stopped {
            if !watch.json {
                say(&format!(
                    "{}: STOPPED; starting it, to log it out",
                    shown_id(calls.id())
                ));
            }
            match calls.call(Operation::Start) {
                Waited::Stopped(stop) => return Err(End::Stopped(stop, Some(info.status))),
                Waited::Finished(Err(e)) => return Err(End::Failed(Operation::Start, e)),
                Waited::Finished(Ok(out)) => {
                    if watch.json {
                        step(&output::json_event(calls.id(), "started", &out));
                    }
                }
            }
            watch::past_starting(calls, watch, until)?;
        }
    }
}

/// [`run::prepare_single`], its error said (exit 2).
fn prepare(
    id: &str,
    connection: &mut Connection,
    timeout: std::time::Duration,
    sources: Sources,
) -> Result<run::Prepared, Exit> {
    run::prepare_single(id, connection, timeout, sources).map_err(|message| {
        say(&format!("error: {message}"));
        Exit::Usage
    })
}

/// The one instance `prepared` names, called one call at a time, with
/// Ctrl-C (and SIGTERM) heard during any call; `Err` is the exit when the
/// signals cannot be watched.
fn interruptible(prepared: run::Prepared) -> Result<InstanceCalls, Exit> {
    match InstanceCalls::new(prepared.api, prepared.id, prepared.budget, DEADLINE_MARGIN) {
        Ok(calls) => Ok(calls),
        Err(e) => {
            say(&format!("error: cannot watch for Ctrl-C: {e}"));
            Err(Exit::Transport)
        }
    }
}

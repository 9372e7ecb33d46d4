//! `wawp relink --link`, the remote relink, after its logout: a temporary
//! access link is made and printed for the phone's owner, who opens it and
//! scans the QR code it shows; the instance is watched until WORKING, the
//! timeout (by default the link's lifetime) or a signal; then the link is
//! revoked, whatever happened, before the report.

use std::time::Instant;

use crate::account;
use crate::args::LinkAction;
use crate::calls::{InstanceCalls, Waited};
use crate::engine::GRACE;
use crate::exit::Exit;
use crate::op::Operation;
use crate::outcome::{Output, Stop};
use crate::output::{self, shown_id};
use crate::run::{say, step};
use crate::watch::{self, End, Watch};

/// Makes the link, prints it, waits (until `until` when `--timeout` was
/// given, else the link's lifetime), revokes the link. The wait's end, and
/// the exit code the revocation calls for ([`Exit::Ok`] when it was done).
pub(crate) fn link_and_wait(
    calls: &mut InstanceCalls,
    watch: &mut Watch,
    until: Option<Instant>,
) -> (End, Exit) {
    let op = Operation::Link(LinkAction::New);
    let end = match calls.call(op.clone()) {
        Waited::Stopped(stop) => End::Stopped(stop, None),
        Waited::Finished(Err(e)) => End::Failed(op, e),
        Waited::Finished(Ok(Output::Link(Some(link)))) => {
            let id = calls.id();
            let out = Output::Link(Some(link.clone()));
            let text = if watch.json {
                output::json_event(id, "link", &out)
            } else {
                format!(
                    "{}\nwaiting for the owner to scan it (Ctrl-C to stop; the link is revoked at the end)",
                    account::new_link_line(id, &link)
                )
            };
            if !step(&text) {
                End::Stopped(Stop::ClosedOutput, None)
            } else {
                let until = until.unwrap_or_else(|| {
                    watch.timeout = account::link_lifetime(&link);
                    Instant::now() + watch.timeout
                });
                watch::wait(calls, watch, until)
            }
        }
        Waited::Finished(Ok(_)) => End::Failed(op, crate::engine::internal(watch::UNEXPECTED)),
    };
    let exit = revoke(calls, watch.json, &end);
    (end, exit)
}

/// Revokes the instance's links: after a signal within the grace period
/// (a second signal skips it). Says so, or why not.
fn revoke(calls: &mut InstanceCalls, json: bool, end: &End) -> Exit {
    let op = Operation::Link(LinkAction::Revoke);
    let id = calls.id().clone();
    let waited = match end {
        End::Stopped(..) => calls.call_within(op.clone(), GRACE),
        _ => calls.call(op.clone()),
    };
    let hint = format!("revoke it with: wawp link revoke {}", shown_id(&id));
    let (message, exit) = match waited {
        Waited::Finished(Ok(done)) => {
            if json {
                step(&output::json_event(&id, "link_revoked", &done));
            } else {
                say(&format!("{}: temporary link revoked", shown_id(&id)));
            }
            return Exit::Ok;
        }
        Waited::Finished(Err(e)) => (
            format!(
                "the temporary link could not be revoked: {}",
                output::sanitize(&output::said(&e))
            ),
            Exit::of(&e),
        ),
        Waited::Stopped(stop) => (
            format!(
                "interrupted ({}) before the temporary link was revoked",
                stop.cause()
            ),
            stop.exit(),
        ),
    };
    say(&output::error_lines(&id, &message, Some(&hint)));
    exit
}

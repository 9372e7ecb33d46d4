//! Where a bulk run's calls happen, and how the run is watched over: on the
//! one tokio runtime, at most `width` calls at once, each a task bounded by
//! its deadline, while [`run`] reports each result as it arrives, reacts to
//! signals and to a closed output, and accounts for every id exactly once.
//!
//! - A call still running at its deadline (its timeout, retries included,
//!   plus a margin: the transport's own limit normally ends it first) is
//!   reported as a `timeout` and dropped. A name lookup stuck in the
//!   operating system is left on the runtime's blocking pool, which the
//!   caller shuts down without waiting for it.
//! - On the first stop (a signal, or a closed output) no new call starts;
//!   the calls in flight get [`GRACE`] to finish. On a second signal, or
//!   when the grace period ends, the ids still in flight are `interrupted`
//!   (they may have happened) and the ids never started are `not_started`
//!   (nothing was sent).

use std::future::{Future, poll_fn};
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;
use wawp::{Error, InstanceId, TransportError, TransportErrorKind};

use crate::outcome::{CallResult, Outcome, Stop};
use crate::report::Reporter;
use crate::signals::Stops;

/// How long the calls in flight may still finish after a stop.
pub(crate) const GRACE: Duration = Duration::from_secs(2);

/// The clock of a run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    /// After a stop, how long the calls in flight may still finish.
    pub(crate) grace: Duration,
    /// How long after its start a call is given up as timed out.
    pub(crate) deadline: Duration,
    /// The time limit reported for a call given up (its whole budget).
    pub(crate) budget: Duration,
}

/// How a run ended.
#[derive(Debug)]
pub(crate) struct Ended {
    /// What stopped it early, if anything.
    pub(crate) stop: Option<Stop>,
    /// The indices of the ids that did not succeed, in report order.
    pub(crate) unfinished: Vec<usize>,
    /// Those of them whose call may have happened (see
    /// [`Outcome::may_have_happened`]).
    pub(crate) uncertain: Vec<usize>,
}

/// The results reported so far.
struct Tally<'a, O: Write, E: Write> {
    ids: &'a [InstanceId],
    reporter: &'a mut Reporter<O, E>,
    reported: Vec<bool>,
    count: usize,
    unfinished: Vec<usize>,
    uncertain: Vec<usize>,
}

impl<O: Write, E: Write> Tally<'_, O, E> {
    fn report(&mut self, i: usize, outcome: Outcome) {
        if self.reported[i] {
            return;
        }
        self.reporter.record(&self.ids[i], &outcome);
        if !outcome.is_ok() {
            self.unfinished.push(i);
        }
        if outcome.may_have_happened() {
            self.uncertain.push(i);
        }
        self.reported[i] = true;
        self.count += 1;
    }
}

/// Calls `call(i)` for each index of `ids`, at most `width` at once, and
/// reports every id exactly once; `stops` says when to stop early.
pub(crate) async fn run<O, E, F, C>(
    ids: &[InstanceId],
    width: usize,
    call: F,
    stops: &mut Stops,
    reporter: &mut Reporter<O, E>,
    timing: Timing,
) -> Ended
where
    O: Write,
    E: Write,
    F: Fn(usize) -> C,
    C: Future<Output = CallResult> + Send + 'static,
{
    let total = ids.len();
    let mut tally = Tally {
        ids,
        reporter,
        reported: vec![false; total],
        count: 0,
        unfinished: Vec::new(),
        uncertain: Vec::new(),
    };
    let mut calls: JoinSet<(usize, CallResult)> = JoinSet::new();
    // The ids started so far: `0..started`.
    let mut started = 0;
    let mut stop: Option<Stop> = None;
    let mut grace_end: Option<Instant> = None;
    let mut listening = true;
    loop {
        while stop.is_none() && calls.len() < width.max(1) && started < total {
            calls.spawn(bounded(started, call(started), timing));
            started += 1;
        }
        while let Some(joined) = calls.try_join_next() {
            if let Ok((i, result)) = joined {
                tally.report(i, Outcome::Finished(result));
            }
        }
        // Nothing in flight and nothing more to start: done (an id without
        // a result is then a bug, reported as such below).
        if tally.count == total || (calls.is_empty() && (stop.is_some() || started == total)) {
            break;
        }
        // Nothing more is ready: show what is buffered, then wait.
        tally.reporter.flush();
        if tally.reporter.output_closed() && stop.is_none() {
            stop = Some(Stop::ClosedOutput);
            grace_end = Some(Instant::now() + timing.grace);
            continue;
        }
        let grace = async {
            match grace_end {
                Some(end) => tokio::time::sleep_until(end).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            Some(joined) = calls.join_next() => {
                if let Ok((i, result)) = joined {
                    tally.report(i, Outcome::Finished(result));
                }
            }
            signal = stops.recv(), if listening => match (signal, stop) {
                (Some(why), None) => {
                    stop = Some(why);
                    grace_end = Some(Instant::now() + timing.grace);
                }
                // A second signal: end now, with what is known.
                (Some(_), Some(_)) => break,
                (None, _) => listening = false,
            },
            () = grace => break,
        }
        if tally.reporter.output_closed() && stop.is_none() {
            stop = Some(Stop::ClosedOutput);
            grace_end = Some(Instant::now() + timing.grace);
        }
    }
    // Whatever is still running is cancelled here.
    calls.abort_all();
    for i in 0..total {
        let outcome = match stop {
            Some(why) if i < started => Outcome::Interrupted(why),
            Some(why) => Outcome::NotStarted(why),
            // A call ended without a result: a bug. Say so, and count it
            // as possibly sent.
            None => Outcome::Finished(Err(internal("the call ended without a result"))),
        };
        tally.report(i, outcome);
    }
    Ended {
        stop,
        unfinished: tally.unfinished,
        uncertain: tally.uncertain,
    }
}

/// `call` for `ids[i]`, given up at the deadline; a panic in it is an
/// error of its own, not the run's end.
async fn bounded(
    i: usize,
    call: impl Future<Output = CallResult>,
    timing: Timing,
) -> (usize, CallResult) {
    let result = match tokio::time::timeout(timing.deadline, caught(call)).await {
        Ok(Ok(result)) => result,
        Ok(Err(())) => Err(internal("the call panicked")),
        Err(_) => Err(Error::Timeout {
            after: Some(timing.budget),
        }),
    };
    (i, result)
}

/// `future`'s output, or `Err(())` if polling it panicked.
pub(crate) async fn caught<F: Future>(future: F) -> Result<F::Output, ()> {
    let mut future = pin!(future);
    poll_fn(
        |cx| match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(out)) => Poll::Ready(Ok(out)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        },
    )
    .await
}

/// The error reported for a bug of ours, e.g. a call that panicked: it may
/// have been sent.
pub(crate) fn internal(what: &str) -> Error {
    let message = format!("internal error: {what}");
    Error::Transport(TransportError::from_message(
        TransportErrorKind::Other,
        message,
    ))
}

#[cfg(test)]
#[path = "tests/engine.rs"]
mod tests;

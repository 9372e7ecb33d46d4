//! The main thread during a run: it reports each result as it arrives,
//! watches every call's deadline, reacts to signals and to a closed output,
//! and accounts for every id exactly once, whatever happens.
//!
//! - A call still running past its deadline (its timeout, retries included,
//!   plus a margin: the transport's own limit normally ends it first) is
//!   reported as a `timeout` and left behind; blocking workers are replaced
//!   so that the run keeps its width.
//! - On the first SIGINT or SIGTERM, or when standard output is closed, no
//!   new call starts ([`Queue::stop`]); the calls in flight get [`GRACE`] to
//!   finish. On a second signal, or when the grace period ends, the ids still
//!   in flight are `interrupted` (they may have happened) and the ids never
//!   handed out are `not_started` (nothing was sent).

use std::collections::VecDeque;
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use wawp_core::{Error, InstanceId, TransportError, TransportErrorKind};

use crate::engine::{Event, Queue};
use crate::outcome::{Outcome, Stop};
use crate::report::Reporter;

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Waiting,
    Running,
    Reported,
}

struct Run<'a, O: Write, E: Write> {
    ids: &'a [InstanceId],
    reporter: &'a mut Reporter<O, E>,
    state: Vec<State>,
    reported: usize,
    unfinished: Vec<usize>,
}

impl<O: Write, E: Write> Run<'_, O, E> {
    fn report(&mut self, i: usize, outcome: Outcome) {
        self.reporter.record(&self.ids[i], &outcome);
        if !outcome.is_ok() {
            self.unfinished.push(i);
        }
        self.state[i] = State::Reported;
        self.reported += 1;
    }
}

/// Supervises a run of `ids` fed from `queue` (already running), until
/// every id is reported. `replace_stuck` is called for each call given up
/// at its deadline.
pub(crate) fn supervise<O: Write, E: Write>(
    ids: &[InstanceId],
    queue: &Queue,
    events: &Receiver<Event>,
    replace_stuck: &dyn Fn(),
    reporter: &mut Reporter<O, E>,
    timing: Timing,
) -> Ended {
    let total = ids.len();
    let mut run = Run {
        ids,
        reporter,
        state: vec![State::Waiting; total],
        reported: 0,
        unfinished: Vec::new(),
    };
    let mut watch: VecDeque<(usize, Instant)> = VecDeque::new();
    let mut stop: Option<Stop> = None;
    // After a stop: how many ids were handed out (`0..handed`).
    let mut handed = total;
    let mut grace_end: Option<Instant> = None;
    macro_rules! halt {
        ($why:expr) => {{
            stop = Some($why);
            handed = queue.stop();
            grace_end = Some(Instant::now() + timing.grace);
        }};
    }

    loop {
        if run.reported == total || (stop.is_some() && run.reported == handed) {
            break;
        }
        let now = Instant::now();
        while let Some(&(i, due)) = watch.front() {
            if run.state[i] == State::Reported {
                watch.pop_front();
            } else if due <= now {
                watch.pop_front();
                let timed_out = Error::Timeout {
                    after: Some(timing.budget),
                };
                run.report(i, Outcome::Done(Err(timed_out)));
                replace_stuck();
            } else {
                break;
            }
        }
        if run.reported == total || grace_end.is_some_and(|end| now >= end) {
            break;
        }
        let event = match events.try_recv() {
            Ok(event) => event,
            Err(TryRecvError::Disconnected) => break,
            Err(TryRecvError::Empty) => {
                // Nothing waiting: show what is buffered, then sleep until
                // the next event or the next deadline.
                run.reporter.flush();
                if run.reporter.output_closed() && stop.is_none() {
                    halt!(Stop::ClosedOutput);
                    continue;
                }
                let wake = [watch.front().map(|&(_, due)| due), grace_end]
                    .into_iter()
                    .flatten()
                    .min();
                let got = match wake {
                    Some(at) => events.recv_timeout(at.saturating_duration_since(now)),
                    None => events.recv().map_err(|_| RecvTimeoutError::Disconnected),
                };
                match got {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
        };
        let mut second_signal = false;
        let mut handle = |event: Event| match event {
            Event::Started(i) => {
                if run.state[i] == State::Waiting {
                    run.state[i] = State::Running;
                    watch.push_back((i, Instant::now() + timing.deadline));
                }
            }
            Event::Finished(i, result) => {
                if run.state[i] != State::Reported {
                    run.report(i, Outcome::Done(result));
                }
            }
            Event::Signal(signal) => match (Stop::of_signal(signal), stop) {
                (Some(why), None) => halt!(why),
                // A second signal: end now, with what is known.
                (Some(_), Some(_)) => second_signal = true,
                (None, _) => {}
            },
            // Only the engines send batches, of the two kinds above.
            Event::Batch(_) => {}
        };
        match event {
            Event::Batch(batch) => batch.into_iter().for_each(&mut handle),
            single => handle(single),
        }
        if second_signal {
            break;
        }
        if run.reporter.output_closed() && stop.is_none() {
            halt!(Stop::ClosedOutput);
        }
    }

    for i in 0..total {
        if run.state[i] == State::Reported {
            continue;
        }
        let outcome = match stop {
            Some(why) if i < handed => Outcome::Interrupted(why),
            Some(why) => Outcome::NotStarted(why),
            // Every worker gone without a result: a bug. Say so, and count
            // it as possibly sent.
            None => Outcome::Done(Err(Error::Transport(TransportError::from_message(
                TransportErrorKind::Other,
                "internal error: the call ended without a result",
            )))),
        };
        run.report(i, outcome);
    }
    Ended {
        stop,
        unfinished: run.unfinished,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::mpsc::{self, Sender};

    use wawp_core::{Session, SessionStatus};

    use crate::op::Operation;
    use crate::outcome::Output;

    use crate::engine::{BlockingCall, Threads};
    use crate::exit::Exit;

    fn ids(n: usize) -> Arc<[InstanceId]> {
        (0..n)
            .map(|i| InstanceId::new(format!("I{i}")).unwrap())
            .collect()
    }

    fn timing(deadline_ms: u64, grace_ms: u64) -> Timing {
        Timing {
            grace: Duration::from_millis(grace_ms),
            deadline: Duration::from_millis(deadline_ms),
            budget: Duration::from_millis(deadline_ms),
        }
    }

    /// Runs `call` over `n` ids on `width` threads; `signals` are sent after
    /// their delays. Returns the JSON lines by id, the exit code, the time
    /// taken and the unfinished indices.
    fn run_with(
        n: usize,
        width: usize,
        call: Arc<BlockingCall>,
        signals: Vec<(u64, i32)>,
        timing: Timing,
    ) -> (Vec<serde_json::Value>, Exit, Duration, Vec<usize>) {
        let list = ids(n);
        let (tx, rx) = mpsc::channel();
        let queue = Arc::new(Queue::new(n));
        let threads = Threads::start(
            call,
            Arc::clone(&list),
            Arc::clone(&queue),
            tx.clone(),
            width,
        )
        .unwrap();
        send_later(tx, signals);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut reporter = Reporter::new(Operation::Logout, &mut out, &mut err, true, n, None);
        let started = Instant::now();
        let ended = supervise(
            &list,
            &queue,
            &rx,
            &|| {
                let _ = threads.add_worker();
            },
            &mut reporter,
            timing,
        );
        let exit = reporter.finish(ended.stop);
        let took = started.elapsed();
        let mut lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        lines.sort_by_key(|v| {
            v["instance_id"].as_str().unwrap()[1..]
                .parse::<usize>()
                .unwrap()
        });
        (lines, exit, took, ended.unfinished)
    }

    fn send_later(tx: Sender<Event>, signals: Vec<(u64, i32)>) {
        std::thread::spawn(move || {
            for (after, signal) in signals {
                std::thread::sleep(Duration::from_millis(after));
                let _ = tx.send(Event::Signal(signal));
            }
        });
    }

    fn sleeper(ms: u64) -> Arc<BlockingCall> {
        Arc::new(move |id: &InstanceId| {
            std::thread::sleep(Duration::from_millis(ms));
            Ok(Output::Session(Session::new(
                "n",
                SessionStatus::ScanQrCode,
                id.as_str(),
            )))
        })
    }

    const SIGINT: i32 = signal_hook::consts::SIGINT;
    const SIGTERM: i32 = signal_hook::consts::SIGTERM;

    fn kinds(lines: &[serde_json::Value]) -> Vec<&str> {
        lines
            .iter()
            .map(|v| v["error"]["kind"].as_str().unwrap_or("ok"))
            .collect()
    }

    #[test]
    fn every_id_once_when_all_goes_well() {
        let (lines, exit, _, unfinished) = run_with(50, 4, sleeper(1), vec![], timing(5000, 2000));
        assert_eq!(lines.len(), 50);
        assert!(kinds(&lines).iter().all(|k| *k == "ok"));
        assert_eq!(exit, Exit::Ok);
        assert!(unfinished.is_empty());
    }

    #[test]
    fn a_signal_lets_the_calls_in_flight_finish_and_starts_nothing_new() {
        // 2 at a time, 300 ms each; SIGINT at 100 ms: the two in flight end
        // within the grace period, the rest were never sent.
        let (lines, exit, took, unfinished) =
            run_with(10, 2, sleeper(300), vec![(100, SIGINT)], timing(5000, 2000));
        assert_eq!(exit, Exit::Interrupted);
        assert_eq!(lines.len(), 10);
        let k = kinds(&lines);
        assert_eq!(&k[..2], ["ok", "ok"]);
        assert!(k[2..].iter().all(|k| *k == "not_started"), "{k:?}");
        assert!(lines[2..].iter().all(|v| v["error"]["maybe_sent"] == false));
        assert_eq!(unfinished.len(), 8);
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    #[test]
    fn calls_outlasting_the_grace_period_are_interrupted() {
        let (lines, exit, took, _) = run_with(
            5,
            2,
            sleeper(5000),
            vec![(100, SIGTERM)],
            timing(60_000, 300),
        );
        assert_eq!(exit, Exit::Terminated);
        let k = kinds(&lines);
        assert_eq!(
            k,
            [
                "interrupted",
                "interrupted",
                "not_started",
                "not_started",
                "not_started"
            ]
        );
        assert_eq!(lines[0]["error"]["maybe_sent"], true);
        assert_eq!(lines[0]["error"]["exit_code"], 143);
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    #[test]
    fn a_second_signal_ends_at_once() {
        let (lines, exit, took, _) = run_with(
            4,
            4,
            sleeper(10_000),
            vec![(100, SIGINT), (100, SIGINT)],
            timing(60_000, 30_000),
        );
        assert_eq!(exit, Exit::Interrupted);
        assert_eq!(kinds(&lines), ["interrupted"; 4]);
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    #[test]
    fn a_stuck_call_is_given_up_at_its_deadline_and_its_worker_replaced() {
        // I0 hangs (like a name lookup that never returns); one worker only.
        let call: Arc<BlockingCall> = Arc::new(|id: &InstanceId| {
            if id.as_str() == "I0" {
                std::thread::sleep(Duration::from_secs(3600));
            }
            Ok(Output::Session(Session::new(
                "n",
                SessionStatus::ScanQrCode,
                id.as_str(),
            )))
        });
        let (lines, exit, took, unfinished) = run_with(3, 1, call, vec![], timing(300, 2000));
        assert_eq!(kinds(&lines), ["timeout", "ok", "ok"]);
        assert_eq!(lines[0]["error"]["maybe_sent"], true);
        assert_eq!(exit, Exit::Transport);
        assert_eq!(unfinished, [0]);
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    #[test]
    fn a_closed_output_stops_the_run_like_a_signal() {
        struct ClosesAfterOne(usize);
        impl Write for ClosesAfterOne {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::ErrorKind::BrokenPipe.into());
                }
                self.0 -= 1;
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let list = ids(100);
        let (tx, rx) = mpsc::channel();
        let queue = Arc::new(Queue::new(100));
        let threads =
            Threads::start(sleeper(20), Arc::clone(&list), Arc::clone(&queue), tx, 2).unwrap();
        let mut err = Vec::new();
        let mut reporter = Reporter::new(
            Operation::Logout,
            ClosesAfterOne(1),
            &mut err,
            true,
            100,
            None,
        );
        let ended = supervise(
            &list,
            &queue,
            &rx,
            &|| {
                let _ = threads.add_worker();
            },
            &mut reporter,
            timing(5000, 2000),
        );
        assert_eq!(ended.stop, Some(Stop::ClosedOutput));
        let c = reporter.counts();
        assert_eq!(c.total(), 100);
        assert!(c.not_started > 90, "{c:?}");
        assert_eq!(reporter.finish(ended.stop), Exit::ClosedOutput);
    }
}

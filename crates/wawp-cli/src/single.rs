//! One instance, one call at a time, for the flows that wait on an
//! instance (`wawp qr` watching it, `wawp relink`): each call runs on a
//! helper thread while the main thread waits for its answer, its deadline
//! or a signal, so that Ctrl-C is heard at once, even during a call, and a
//! call stuck in the operating system never holds the process up.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use wawp_core::{Error, InstanceId, TransportError, TransportErrorKind};

use crate::engine::Event;
use crate::op::Operation;
use crate::outcome::{Done, Stop};
use crate::transport::Caller;

/// What a wait ended with.
#[derive(Debug)]
pub(crate) enum Waited<T> {
    /// The answer (or the time ran out).
    Done(T),
    /// SIGINT or SIGTERM arrived first.
    Signal(Stop),
}

/// The calls of one flow, and the signals that may stop it.
#[derive(Debug)]
pub(crate) struct Single {
    caller: Caller,
    id: InstanceId,
    events: Receiver<Event>,
    sender: Sender<Event>,
    /// How long a call may take in all (its attempts and retry waits).
    budget: Duration,
    /// How much longer than its budget a call is waited for.
    margin: Duration,
    /// The number of the last call made.
    seq: usize,
    /// The call still running, if the last wait was cut short.
    pending: Option<usize>,
}

impl Single {
    /// The calls for `id` through `caller`, each given `budget` (plus
    /// `margin`); signals arrive on `events` through `sender`'s channel.
    pub(crate) fn new(
        caller: Caller,
        id: InstanceId,
        budget: Duration,
        margin: Duration,
    ) -> (Self, Sender<Event>) {
        let (sender, events) = mpsc::channel();
        let single = Self {
            caller,
            id,
            events,
            sender: sender.clone(),
            budget,
            margin,
            seq: 0,
            pending: None,
        };
        (single, sender)
    }

    /// The instance.
    pub(crate) fn id(&self) -> &InstanceId {
        &self.id
    }

    /// Makes `op`'s call and waits for its answer, a signal, or its
    /// deadline (then a `timeout`, the call left behind).
    pub(crate) fn call(&mut self, op: Operation) -> Waited<Done> {
        self.call_within(op, self.budget + self.margin)
    }

    /// As [`Single::call`], waiting at most `limit`.
    pub(crate) fn call_within(&mut self, op: Operation, limit: Duration) -> Waited<Done> {
        self.seq += 1;
        let seq = self.seq;
        let (caller, id, sender) = (self.caller.clone(), self.id.clone(), self.sender.clone());
        let spawned = std::thread::Builder::new()
            .name("wawp-call".to_owned())
            .spawn(move || {
                let span = crate::verbose::span(&id);
                let done = span.in_scope(|| caller.call(&op, &id));
                let _ = sender.send(Event::Finished(seq, done));
            });
        if let Err(e) = spawned {
            return Waited::Done(Err(Error::Transport(TransportError::from_message(
                TransportErrorKind::Other,
                format!("cannot start a thread: {e}"),
            ))));
        }
        self.pending = Some(seq);
        match self.wait_for(seq, Instant::now() + limit) {
            Waited::Done(Some(done)) => Waited::Done(done),
            Waited::Done(None) => Waited::Done(Err(Error::Timeout {
                after: Some(self.budget.min(limit)),
            })),
            Waited::Signal(stop) => Waited::Signal(stop),
        }
    }

    /// Waits for the call cut short by the last signal, at most `limit`
    /// (`None`: no answer, or no call was running).
    pub(crate) fn settle(&mut self, limit: Duration) -> Waited<Option<Done>> {
        match self.pending {
            Some(seq) => self.wait_for(seq, Instant::now() + limit),
            None => Waited::Done(None),
        }
    }

    /// Sleeps `duration`, or until a signal.
    pub(crate) fn sleep(&mut self, duration: Duration) -> Option<Stop> {
        let until = Instant::now() + duration;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            match self.events.recv_timeout(left) {
                Ok(Event::Signal(signal)) => {
                    if let Some(stop) = Stop::of_signal(signal) {
                        return Some(stop);
                    }
                }
                // A late answer of a call given up: ignored.
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return None,
                // Unreachable: this holds a sender.
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Waits for call `seq`'s answer until `until`.
    fn wait_for(&mut self, seq: usize, until: Instant) -> Waited<Option<Done>> {
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Event::Finished(n, done)) if n == seq => {
                    self.pending = None;
                    return Waited::Done(Some(done));
                }
                Ok(Event::Signal(signal)) => {
                    if let Some(stop) = Stop::of_signal(signal) {
                        return Waited::Signal(stop);
                    }
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return Waited::Done(None),
                Err(RecvTimeoutError::Disconnected) => return Waited::Done(None),
            }
        }
    }

    /// Lets go of the client (see [`Caller::finish`]).
    pub(crate) fn finish(self) {
        self.caller.finish();
    }
}

//! One instance, one call at a time, for the flows that wait on an
//! instance (`wawp qr` watching it, `wawp relink`): each call is a task on
//! the runtime, which the main thread drives while it waits for the
//! answer, the call's deadline or a signal, so that Ctrl-C is heard at
//! once, even during a call, and a call stuck in the operating system
//! never holds the process up.

use std::time::Duration;

use tokio::task::JoinHandle;
use tracing::Instrument;
use wawp::{Error, InstanceId};

use crate::client::Api;
use crate::engine::{caught, internal};
use crate::op::Operation;
use crate::outcome::{CallResult, Stop};
use crate::signals::{self, Stops};

/// What a wait ended with.
#[derive(Debug)]
pub(crate) enum Waited<T> {
    /// The answer (or the time ran out).
    Finished(T),
    /// A signal arrived first.
    Stopped(Stop),
}

/// The calls of one flow on one instance, and the signals that may stop it.
#[derive(Debug)]
pub(crate) struct InstanceCalls {
    api: Api,
    id: InstanceId,
    stops: Stops,
    /// How long a call may take in all (its attempts and retry waits).
    budget: Duration,
    /// How much longer than its budget a call is waited for.
    margin: Duration,
    /// The call still running, if the last wait was cut short.
    pending: Option<JoinHandle<CallResult>>,
}

impl InstanceCalls {
    /// The calls for `id` through `api`, each given `budget` (plus
    /// `margin`), with the signals watched from now on.
    pub(crate) fn new(
        api: Api,
        id: InstanceId,
        budget: Duration,
        margin: Duration,
    ) -> std::io::Result<Self> {
        let stops = {
            let _inside = api.runtime.enter();
            signals::watch()?
        };
        Ok(Self {
            api,
            id,
            stops,
            budget,
            margin,
            pending: None,
        })
    }

    /// The instance.
    pub(crate) fn id(&self) -> &InstanceId {
        &self.id
    }

    /// Makes `op`'s call and waits for its answer, a signal, or its
    /// deadline (then a `timeout`, the call left running).
    pub(crate) fn call(&mut self, op: Operation) -> Waited<CallResult> {
        self.call_within(op, self.budget + self.margin)
    }

    /// As [`InstanceCalls::call`], waiting at most `limit`.
    pub(crate) fn call_within(&mut self, op: Operation, limit: Duration) -> Waited<CallResult> {
        let (client, id) = (self.api.client.clone(), self.id.clone());
        let call = async move {
            let span = crate::verbose::span(&id);
            let result = caught(op.call(&client, &id).instrument(span)).await;
            result.unwrap_or_else(|()| Err(internal("the call panicked")))
        };
        if let Some(previous) = self.pending.replace(self.api.runtime.spawn(call)) {
            previous.abort();
        }
        match self.settle(limit) {
            Waited::Finished(Some(result)) => Waited::Finished(result),
            Waited::Finished(None) => Waited::Finished(Err(Error::Timeout {
                after: Some(self.budget.min(limit)),
            })),
            Waited::Stopped(stop) => Waited::Stopped(stop),
        }
    }

    /// Waits for the call still running (cut short by a signal or its
    /// deadline), at most `limit` (`None`: no answer, or no call running).
    pub(crate) fn settle(&mut self, limit: Duration) -> Waited<Option<CallResult>> {
        let Self {
            api,
            stops,
            pending,
            ..
        } = self;
        let Some(task) = pending.as_mut() else {
            return Waited::Finished(None);
        };
        let waited = api.runtime.block_on(async {
            tokio::select! {
                joined = tokio::time::timeout(limit, task) => Waited::Finished(match joined {
                    Ok(Ok(result)) => Some(result),
                    Ok(Err(_)) => Some(Err(internal("the call panicked"))),
                    Err(_) => None,
                }),
                Some(stop) = stops.recv() => Waited::Stopped(stop),
            }
        });
        if matches!(waited, Waited::Finished(Some(_))) {
            *pending = None;
        }
        waited
    }

    /// Sleeps `duration`, or until a signal.
    pub(crate) fn sleep(&mut self, duration: Duration) -> Option<Stop> {
        let stops = &mut self.stops;
        self.api.runtime.block_on(async {
            tokio::select! {
                () = tokio::time::sleep(duration) => None,
                Some(stop) = stops.recv() => Some(stop),
            }
        })
    }

    /// Lets go of the client without waiting for anything still running.
    pub(crate) fn finish(self) {
        drop(self.pending);
        self.api.finish();
    }
}

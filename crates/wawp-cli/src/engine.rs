//! Where the calls run, off the main thread, so that the main thread is
//! free to report, watch the clock and react to signals
//! ([`crate::supervise`]):
//!
//! - blocking transports: a pool of worker threads ([`Threads`]);
//! - async transports: one thread driving a tokio current-thread runtime
//!   with a fixed number of worker tasks ([`crate::tasks`]).
//!
//! Both take ids from one [`Queue`] and send [`Event`]s to the main thread:
//! `Started(i)` before the request for `ids[i]` is built, `Finished(i, …)`
//! with its result. Nobody ever waits for these threads: a call stuck in the
//! operating system (a name lookup that hangs) cannot hold the process up.
//! The runtime is shut down with `shutdown_background`, which does not wait
//! for its blocking threads either.

use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;

use wawp_core::{Error, InstanceId, TransportError, TransportErrorKind};

use crate::outcome::Done;

/// What the main thread hears.
#[derive(Debug)]
pub(crate) enum Event {
    /// `ids[i]` was taken from the queue: it may be sent from now on.
    Started(usize),
    /// `ids[i]`'s call returned.
    Finished(usize, Done),
    /// A signal arrived (SIGINT or SIGTERM).
    Signal(i32),
    /// `Started` and `Finished` events that were ready together, in order:
    /// one message (one wake-up of the main thread) for many.
    Batch(Vec<Event>),
}

/// The ids not yet taken, handed out in order. Stopping is one atomic swap,
/// so after [`Queue::stop`] exactly the ids it counts were ever handed out:
/// none can slip out between the decision and the count.
#[derive(Debug)]
pub(crate) struct Queue {
    next: AtomicUsize,
    len: usize,
}

impl Queue {
    /// A queue of `len` ids, indices `0..len`.
    pub(crate) fn new(len: usize) -> Self {
        Self {
            next: AtomicUsize::new(0),
            len,
        }
    }

    /// The next index, or `None` when the list is done or the run stopped.
    pub(crate) fn take(&self) -> Option<usize> {
        self.next
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.len).then(|| n + 1)
            })
            .ok()
    }

    /// Hands out nothing more; returns how many ids were handed out (they
    /// are `0..n`). Call it once.
    pub(crate) fn stop(&self) -> usize {
        self.next.swap(usize::MAX, Ordering::AcqRel).min(self.len)
    }
}

/// One blocking call.
pub(crate) type BlockingCall = dyn Fn(&InstanceId) -> Done + Send + Sync;

/// The error reported when a call panicked (a bug): the request may have
/// gone out.
pub(crate) fn panicked() -> Error {
    Error::Transport(TransportError::from_message(
        TransportErrorKind::Other,
        "internal error: the call panicked",
    ))
}

/// A pool of worker threads running a blocking call.
pub(crate) struct Threads {
    call: Arc<BlockingCall>,
    ids: Arc<[InstanceId]>,
    queue: Arc<Queue>,
    events: Sender<Event>,
}

impl Threads {
    /// Starts `width` workers. Fails only if not one thread could be started.
    pub(crate) fn start(
        call: Arc<BlockingCall>,
        ids: Arc<[InstanceId]>,
        queue: Arc<Queue>,
        events: Sender<Event>,
        width: usize,
    ) -> io::Result<Self> {
        let threads = Self {
            call,
            ids,
            queue,
            events,
        };
        let mut started = 0;
        let mut failure = None;
        for _ in 0..width.max(1) {
            match threads.add_worker() {
                Ok(()) => started += 1,
                Err(e) => failure = Some(e),
            }
        }
        match failure {
            Some(e) if started == 0 => Err(e),
            _ => Ok(threads),
        }
    }

    /// One more worker: to replace one stuck in a call past its deadline,
    /// so that the run keeps its width.
    pub(crate) fn add_worker(&self) -> io::Result<()> {
        let (call, ids, queue, events) = (
            Arc::clone(&self.call),
            Arc::clone(&self.ids),
            Arc::clone(&self.queue),
            self.events.clone(),
        );
        std::thread::Builder::new()
            .name("wawp-worker".to_owned())
            .spawn(move || {
                while let Some(i) = queue.take() {
                    if events.send(Event::Started(i)).is_err() {
                        return;
                    }
                    let id = &ids[i];
                    let span = crate::verbose::span(id);
                    let result = span
                        .in_scope(|| catch_unwind(AssertUnwindSafe(|| call(id))))
                        .unwrap_or_else(|_| Err(panicked()));
                    if events.send(Event::Finished(i, result)).is_err() {
                        return;
                    }
                }
            })
            .map(drop)
    }
}

impl std::fmt::Debug for Threads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Threads").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_queue_hands_out_each_index_once_and_counts_exactly_when_stopped() {
        let q = Queue::new(3);
        assert_eq!((q.take(), q.take()), (Some(0), Some(1)));
        assert_eq!(q.stop(), 2);
        assert_eq!(q.take(), None);
        let q = Queue::new(2);
        assert_eq!((q.take(), q.take(), q.take()), (Some(0), Some(1), None));
        assert_eq!(q.stop(), 2);
    }

    #[test]
    fn racing_takers_and_a_stop_agree() {
        for _ in 0..50 {
            let q = Arc::new(Queue::new(100_000));
            let takers: Vec<_> = (0..4)
                .map(|_| {
                    let q = Arc::clone(&q);
                    std::thread::spawn(move || {
                        let mut got = Vec::new();
                        while let Some(i) = q.take() {
                            got.push(i);
                        }
                        got
                    })
                })
                .collect();
            std::thread::sleep(Duration::from_micros(200));
            let handed = q.stop();
            let mut all: Vec<usize> = takers.into_iter().flat_map(|t| t.join().unwrap()).collect();
            all.sort_unstable();
            assert_eq!(all, (0..handed).collect::<Vec<_>>());
        }
    }

    #[test]
    fn workers_report_start_and_finish_of_every_id_even_after_a_panic() {
        let ids: Arc<[InstanceId]> = (0..20)
            .map(|i| InstanceId::new(format!("I{i}")).unwrap())
            .collect();
        let call: Arc<BlockingCall> = Arc::new(|id: &InstanceId| {
            if id.as_str() == "I7" {
                panic!("test panic");
            }
            Ok(crate::outcome::Output::Session(wawp_core::Session::new(
                "n",
                wawp_core::SessionStatus::ScanQrCode,
                id.as_str(),
            )))
        });
        let (tx, rx) = mpsc::channel();
        let queue = Arc::new(Queue::new(ids.len()));
        let _threads = Threads::start(call, Arc::clone(&ids), queue, tx, 3).unwrap();
        let (mut started, mut finished) = (vec![0; 20], vec![0; 20]);
        while finished.iter().sum::<i32>() < 20 {
            match rx.recv_timeout(Duration::from_secs(10)).unwrap() {
                Event::Started(i) => started[i] += 1,
                Event::Finished(i, r) => {
                    finished[i] += 1;
                    assert_eq!(r.is_err(), i == 7);
                }
                Event::Signal(_) | Event::Batch(_) => unreachable!(),
            }
        }
        assert!(started.iter().all(|&n| n == 1));
    }
}

//! The async engine: one thread driving a tokio current-thread runtime on
//! which `width` worker tasks take ids from the [`Queue`], as a
//! hand-written loop over one client would, and report to the main thread
//! in batches.
//!
//! Per call a worker does no more than the call itself: no task is spawned,
//! no timer is created (each worker re-arms one backstop timer, which tokio
//! does without touching its timer wheel while the deadline only moves
//! later), and the main thread is woken once per batch of events, not once
//! per event.

use std::future::{Future, poll_fn};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Poll;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;
use tracing::Instrument;
use wawp_core::{Client, Error, InstanceId, Transport};

use crate::engine::{Event, Queue, panicked};
use crate::op::Operation;
use crate::outcome::Done;

/// How often at most the main thread hears from the workers: often enough
/// for a progress bar and a person reading results as they come.
const BATCH_EVERY: Duration = Duration::from_millis(2);

/// What one run's workers share.
struct Shared<T> {
    client: Client<T>,
    op: Arc<Operation>,
    ids: Arc<[InstanceId]>,
    queue: Arc<Queue>,
    per_call: Duration,
    /// Events not yet sent to the main thread, in the order they happened.
    pending: Mutex<Vec<Event>>,
    /// Calls started and not yet finished.
    in_flight: AtomicUsize,
    /// Rung when `pending` gains an event.
    ring: Notify,
}

impl<T> Shared<T> {
    fn push(&self, event: Event) {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(event);
        self.ring.notify_one();
    }

    fn take_pending(&self) -> Vec<Event> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Runs `op` for each id from `queue` on `runtime`, at most `width` at
/// once, each bounded by `per_call` (a backstop: the transport's own
/// timeout normally ends a call first), on a thread of its own; `Started`
/// and `Finished` events go to `events` in [`Event::Batch`]es. `client`
/// must have been built inside `runtime`.
///
/// Nobody waits for this thread: once every id is reported (or the main
/// thread stops listening), the runtime is shut down with
/// `shutdown_background`, which does not wait for blocking threads (a name
/// lookup that hangs) either.
#[allow(clippy::too_many_arguments)]
pub(crate) fn start_async<T: Transport + 'static>(
    runtime: tokio::runtime::Runtime,
    client: Client<T>,
    op: Arc<Operation>,
    ids: Arc<[InstanceId]>,
    queue: Arc<Queue>,
    events: Sender<Event>,
    width: usize,
    per_call: Duration,
) -> io::Result<()> {
    let shared = Arc::new(Shared {
        client,
        op,
        ids,
        queue,
        per_call,
        pending: Mutex::new(Vec::new()),
        in_flight: AtomicUsize::new(0),
        ring: Notify::new(),
    });
    std::thread::Builder::new()
        .name("wawp-runtime".to_owned())
        .spawn(move || {
            runtime.block_on(drive(shared, events, width.max(1)));
            runtime.shutdown_background();
        })
        .map(drop)
}

/// Starts the workers, then forwards their events until all of them are
/// done or the main thread is gone.
async fn drive<T: Transport + 'static>(
    shared: Arc<Shared<T>>,
    events: Sender<Event>,
    width: usize,
) {
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..width {
        workers.spawn(work(Arc::clone(&shared)));
    }
    // So that the first events go out at once.
    let mut last_sent = Instant::now() - BATCH_EVERY;
    loop {
        // Until a worker ends (by itself, once no id is left to take: a
        // panic in a call is caught with it) or has news.
        first(
            async { drop(workers.join_next().await) },
            shared.ring.notified(),
        )
        .await;
        let working = !workers.is_empty();
        // While calls are in flight, let the workers run until
        // [`BATCH_EVERY`] after the last message, so that what they do
        // meanwhile joins this one: the main thread is woken at most that
        // often (each wake-up of a sleeping thread is a system call, and on
        // a virtual machine a trip through the hypervisor). With nothing in
        // flight (the last result, or a single call's), at once.
        let due = last_sent + BATCH_EVERY;
        if working && shared.in_flight.load(Ordering::Acquire) > 0 && Instant::now() < due {
            tokio::time::sleep_until(due).await;
        }
        let batch = shared.take_pending();
        if !batch.is_empty() && events.send(Event::Batch(batch)).is_err() {
            return;
        }
        last_sent = Instant::now();
        if !working {
            return;
        }
    }
}

/// One worker: takes ids until none is left and calls each, bounded by
/// the backstop, reporting its start and its result.
async fn work<T: Transport>(shared: Arc<Shared<T>>) {
    let per_call = shared.per_call;
    let mut backstop = pin!(tokio::time::sleep(per_call));
    while let Some(i) = shared.queue.take() {
        shared.in_flight.fetch_add(1, Ordering::AcqRel);
        shared.push(Event::Started(i));
        backstop.as_mut().reset(Instant::now() + per_call);
        let id = &shared.ids[i];
        let call = caught(
            shared
                .op
                .call(&shared.client, id)
                .instrument(crate::verbose::span(id)),
        );
        let result: Done = first(
            async { call.await.unwrap_or_else(|()| Err(panicked())) },
            async {
                backstop.as_mut().await;
                Err(Error::Timeout {
                    after: Some(per_call),
                })
            },
        )
        .await;
        // Pushed before the count drops, so that nothing in flight means
        // every result is pending or sent.
        shared.push(Event::Finished(i, result));
        shared.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// `future`'s output, or `Err(())` if polling it panicked.
async fn caught<F: Future>(future: F) -> Result<F::Output, ()> {
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

/// The output of whichever of `a` and `b` finishes first (`a` if both).
async fn first<T>(a: impl Future<Output = T>, b: impl Future<Output = T>) -> T {
    let mut a = pin!(a);
    let mut b = pin!(b);
    poll_fn(|cx| match a.as_mut().poll(cx) {
        Poll::Ready(out) => Poll::Ready(out),
        Poll::Pending => b.as_mut().poll(cx),
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use wawp_core::{TransportError, TransportErrorKind};

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    /// A transport whose name lookup never returns: a blocking task on the
    /// runtime's blocking pool, as hyper-util's resolver uses.
    struct HangingLookup;

    #[async_trait::async_trait]
    impl Transport for HangingLookup {
        async fn send(
            &self,
            _: wawp_core::http::Request<Vec<u8>>,
            _: &wawp_core::Limits,
        ) -> Result<wawp_core::http::Response<Vec<u8>>, TransportError> {
            let _ =
                tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_secs(3600))).await;
            Err(TransportError::from_message(
                TransportErrorKind::Connect,
                "unreachable",
            ))
        }
        async fn sleep(&self, duration: Duration) {
            tokio::time::sleep(duration).await;
        }
    }

    #[test]
    fn a_hanging_lookup_neither_holds_up_the_results_nor_the_runtime_shutdown() {
        let runtime = runtime();
        let token = wawp_core::AccessToken::new("t").unwrap();
        let client = Client::new(HangingLookup, token);
        let ids: Arc<[InstanceId]> = ["A", "B", "C"]
            .into_iter()
            .map(|s| InstanceId::new(s).unwrap())
            .collect();
        let (tx, rx) = mpsc::channel();
        let queue = Arc::new(Queue::new(ids.len()));
        let started = std::time::Instant::now();
        start_async(
            runtime,
            client,
            Arc::new(Operation::Logout),
            ids,
            queue,
            tx,
            2,
            Duration::from_millis(200),
        )
        .unwrap();
        let mut finished = 0;
        while finished < 3 {
            let Event::Batch(batch) = rx.recv_timeout(Duration::from_secs(5)).unwrap() else {
                unreachable!("the async engine sends batches")
            };
            for event in batch {
                if let Event::Finished(_, result) = event {
                    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
                    finished += 1;
                }
            }
        }
        // The runtime thread is gone (its sender dropped) without waiting
        // for the lookups still blocked.
        assert!(matches!(
            rx.recv_timeout(Duration::from_secs(2)),
            Err(mpsc::RecvTimeoutError::Disconnected)
        ));
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    /// Answers every logout, except that it panics for the id "PANIC", and
    /// takes a little time so that the workers overlap.
    struct PanicsOnce;

    #[async_trait::async_trait]
    impl Transport for PanicsOnce {
        async fn send(
            &self,
            request: wawp_core::http::Request<Vec<u8>>,
            _: &wawp_core::Limits,
        ) -> Result<wawp_core::http::Response<Vec<u8>>, TransportError> {
            tokio::time::sleep(Duration::from_millis(1)).await;
            let query = request.uri().query().unwrap_or_default().to_owned();
            assert!(!query.contains("instance_id=PANIC"), "test panic");
            let id = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("instance_id="))
                .unwrap_or_default();
            let body = format!(r#"{{"name":"n","status":"SCAN_QR_CODE","instance_id":"{id}"}}"#);
            Ok(wawp_core::http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(body.into_bytes())
                .unwrap())
        }
        async fn sleep(&self, duration: Duration) {
            tokio::time::sleep(duration).await;
        }
    }

    #[test]
    fn every_id_starts_and_finishes_once_and_a_panicking_call_is_an_error_of_its_own() {
        let runtime = runtime();
        let client = {
            let _inside = runtime.enter();
            Client::new(PanicsOnce, wawp_core::AccessToken::new("t").unwrap())
        };
        let ids: Arc<[InstanceId]> = (0..200)
            .map(|i| {
                InstanceId::new(if i == 37 {
                    "PANIC".to_owned()
                } else {
                    format!("I{i}")
                })
                .unwrap()
            })
            .collect();
        let (tx, rx) = mpsc::channel();
        let queue = Arc::new(Queue::new(ids.len()));
        start_async(
            runtime,
            client,
            Arc::new(Operation::Logout),
            Arc::clone(&ids),
            queue,
            tx,
            8,
            Duration::from_secs(30),
        )
        .unwrap();
        let (mut started, mut finished) = (vec![0; 200], vec![0; 200]);
        // Until the runtime thread ends: every event it sends, in batches.
        while let Ok(event) = rx.recv_timeout(Duration::from_secs(30)) {
            let Event::Batch(batch) = event else {
                unreachable!("the async engine sends batches")
            };
            for event in batch {
                match event {
                    Event::Started(i) => {
                        assert_eq!(finished[i], 0, "{i} started after it finished");
                        started[i] += 1;
                    }
                    Event::Finished(i, result) => {
                        assert_eq!(started[i], 1, "{i} finished before it started");
                        finished[i] += 1;
                        match result {
                            Ok(_) => assert_ne!(i, 37),
                            Err(e) => {
                                assert_eq!(i, 37, "{e}");
                                assert!(e.to_string().contains("panicked"), "{e}");
                            }
                        }
                    }
                    other => unreachable!("{other:?}"),
                }
            }
        }
        assert!(started.iter().all(|&n| n == 1), "{started:?}");
        assert!(finished.iter().all(|&n| n == 1), "{finished:?}");
    }
}

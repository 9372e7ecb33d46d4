//! Running the logouts over the chosen transport, at most `concurrency` at a
//! time, handing each result to the reporter as soon as it is known.
//!
//! - `blocking` (ureq): no runtime; worker threads when concurrency > 1.
//! - `hyper`, `reqwest`: a tokio current-thread runtime; the logouts are
//!   I/O-bound futures, so one thread multiplexes them all.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use wawp_core::{AccessToken, Client, Config, Error, InstanceId, Session, Transport};

use crate::args::TransportKind;
use crate::report::Reporter;

/// Logs out every id in `ids` (each exactly once) and reports each result.
/// Fails only if no runtime could be started.
pub(crate) fn execute<O: Write, E: Write>(
    kind: TransportKind,
    token: AccessToken,
    config: Config,
    ids: &[InstanceId],
    concurrency: usize,
    reporter: &mut Reporter<O, E>,
) -> std::io::Result<()> {
    let concurrency = concurrency.clamp(1, ids.len().max(1));
    match kind {
        TransportKind::Blocking => {
            let client = wawp_blocking::client(token, config);
            run_blocking(|id| client.logout(id), ids, concurrency, reporter);
            Ok(())
        }
        TransportKind::Hyper => run_async(
            || wawp_hyper::client(token, config),
            ids,
            concurrency,
            reporter,
        ),
        TransportKind::Reqwest => run_async(
            || wawp_reqwest::client(token, config),
            ids,
            concurrency,
            reporter,
        ),
    }
}

/// One call per id on up to `concurrency` threads; results are reported on
/// the calling thread, in completion order.
fn run_blocking<O: Write, E: Write>(
    logout: impl Fn(&InstanceId) -> Result<Session, Error> + Sync,
    ids: &[InstanceId],
    concurrency: usize,
    reporter: &mut Reporter<O, E>,
) {
    if concurrency <= 1 {
        for id in ids {
            reporter.record(id, &logout(id));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..concurrency {
            let (tx, next, logout) = (tx.clone(), &next, &logout);
            scope.spawn(move || {
                while let Some(id) = ids.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if tx.send((id, logout(id))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (id, result) in rx {
            reporter.record(id, &result);
        }
    });
}

/// One future per id, at most `concurrency` in flight, on a current-thread
/// runtime; results are reported in completion order.
fn run_async<T, O, E>(
    make_client: impl FnOnce() -> Client<T>,
    ids: &[InstanceId],
    concurrency: usize,
    reporter: &mut Reporter<O, E>,
) -> std::io::Result<()>
where
    T: Transport + 'static,
    O: Write,
    E: Write,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        // Built inside the runtime: some clients need it at construction.
        let client = make_client();
        let mut queue = ids.iter().enumerate();
        let mut running = tokio::task::JoinSet::new();
        let spawn = |running: &mut tokio::task::JoinSet<_>, (i, id): (usize, &InstanceId)| {
            let (client, id) = (client.clone(), id.clone());
            running.spawn(async move { (i, client.logout(&id).await) });
        };
        for next in queue.by_ref().take(concurrency) {
            spawn(&mut running, next);
        }
        while let Some(joined) = running.join_next().await {
            let (i, result) = match joined {
                Ok(done) => done,
                Err(e) => std::panic::resume_unwind(e.into_panic()),
            };
            reporter.record(&ids[i], &result);
            if let Some(next) = queue.next() {
                spawn(&mut running, next);
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::Duration;
    use wawp_core::SessionStatus;

    fn ids(n: usize) -> Vec<InstanceId> {
        (0..n)
            .map(|i| InstanceId::new(format!("I{i}")).unwrap())
            .collect()
    }

    /// Runs `run_blocking` with a fake call that records peak concurrency.
    fn blocking_peak(n: usize, concurrency: usize) -> (usize, Vec<String>) {
        let in_flight = Mutex::new((0usize, 0usize));
        let call = |id: &InstanceId| {
            {
                let mut g = in_flight.lock().unwrap();
                g.0 += 1;
                g.1 = g.1.max(g.0);
            }
            std::thread::sleep(Duration::from_millis(20));
            in_flight.lock().unwrap().0 -= 1;
            Ok(Session::new("n", SessionStatus::ScanQrCode, id.as_str()))
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let list = ids(n);
        let mut r = Reporter::new(&mut out, &mut err, true, n, None);
        run_blocking(call, &list, concurrency, &mut r);
        r.finish();
        let peak = in_flight.lock().unwrap().1;
        let mut lines: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        lines.sort();
        (peak, lines)
    }

    #[test]
    fn blocking_runs_each_id_once_within_the_bound() {
        let (peak, lines) = blocking_peak(10, 3);
        assert!((2..=3).contains(&peak), "peak {peak}");
        assert_eq!(lines.len(), 10);
        lines.windows(2).for_each(|w| assert_ne!(w[0], w[1]));
        let (peak, lines) = blocking_peak(3, 1);
        assert_eq!(peak, 1);
        assert_eq!(lines.len(), 3);
    }
}

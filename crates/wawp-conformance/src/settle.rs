//! [`settled`]: reading a count that another thread keeps, once it has
//! caught up with what the test already knows happened.

use std::thread;
use std::time::{Duration, Instant};

/// How long [`settled`] waits for a count to reach what is expected: far
/// more than any loopback listener's thread needs, even on a loaded machine.
pub const SETTLE_WITHIN: Duration = Duration::from_secs(10);

/// `count()` as soon as it is at least `expected`, or its value after
/// [`SETTLE_WITHIN`] if it never gets there.
///
/// A listener that runs on its own thread (a
/// [`MockServer`](wawp_mock::MockServer), a
/// [`ConnectProxy`](crate::ConnectProxy)) records a connection when that
/// thread gets to it, which may be after the client has already given up on
/// it: the kernel completes the TCP handshake without the listener. On a
/// loaded machine an exact count read at once can be one short. Assert
/// `settled(n, || …) == n` instead: it still fails on a count that stays
/// short and on one that goes past `n`, and waits only when the machine is
/// slow.
///
/// ```
/// use wawp_conformance::settled;
///
/// let staller = wawp_mock::MockServer::stalling();
/// let _tcp = std::net::TcpStream::connect(staller.addr())?;
/// assert_eq!(settled(1, || staller.connections_accepted()), 1);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn settled(expected: usize, count: impl Fn() -> usize) -> usize {
    let deadline = Instant::now() + SETTLE_WITHIN;
    loop {
        let now = count();
        if now >= expected || Instant::now() >= deadline {
            return now;
        }
        thread::sleep(Duration::from_millis(2));
    }
}

/// How long [`tasks_settled`] waits at most.
const TASKS_WITHIN: Duration = Duration::from_secs(5);

/// Waits until the current tokio runtime has at most `tasks` tasks alive
/// (at most 5 s), and returns how many are.
///
/// hyper-util's pool (under wawp-hyper and reqwest) gets a connection back
/// from a task it spawns once the response body has been read, and keeps
/// each open connection in a task of its own. A test that needs the next
/// request to find the connection in the pool waits here for as many tasks
/// as connections are open, instead of sleeping a few milliseconds — which
/// a loaded machine can outlast. It returns either way: the test's own
/// assertions then say what went wrong.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// tokio::spawn(async {});
/// assert_eq!(wawp_conformance::tasks_settled(0).await, 0);
/// # });
/// ```
///
/// # Panics
/// Outside a tokio runtime.
pub async fn tasks_settled(tasks: usize) -> usize {
    let metrics = tokio::runtime::Handle::current().metrics();
    let deadline = Instant::now() + TASKS_WITHIN;
    loop {
        let alive = metrics.num_alive_tasks();
        if alive <= tasks || Instant::now() >= deadline {
            return alive;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

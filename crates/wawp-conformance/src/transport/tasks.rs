//! [`tasks_settled`]: waiting until a pool has taken its connections back.

use std::time::{Duration, Instant};

/// How long [`tasks_settled`] waits at most.
const WITHIN: Duration = Duration::from_secs(5);

/// Waits until the current tokio runtime has at most `tasks` tasks alive
/// (at most 5 s), and returns how many are.
///
/// hyper-util's pool (under wawp-hyper and reqwest) gets a connection back
/// from a task it spawns once the response body has been read, and keeps
/// each open connection in a task of its own. A test that needs the next
/// request to find the connection in the pool waits here for as many tasks
/// as connections are open, instead of sleeping a few milliseconds — which
/// a loaded machine can outlast, on a multi-thread runtime whose worker
/// holding that task waits for a core. It returns either way: the test's
/// own assertions then say what went wrong.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// tokio::spawn(async {});
/// assert_eq!(wawp_conformance::transport::tasks_settled(0).await, 0);
/// # });
/// ```
///
/// # Panics
/// Outside a tokio runtime.
pub async fn tasks_settled(tasks: usize) -> usize {
    let metrics = tokio::runtime::Handle::current().metrics();
    let deadline = Instant::now() + WITHIN;
    loop {
        let alive = metrics.num_alive_tasks();
        if alive <= tasks || Instant::now() >= deadline {
            return alive;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

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
/// A listener that runs on its own thread ([`TlsStaller`](crate::TlsStaller),
/// [`ConnectProxy`](crate::ConnectProxy)) records a connection when that
/// thread gets to it, which may be after the client has already given up on
/// it: the kernel completes the TCP handshake without the listener. On a
/// loaded machine an exact count read at once can be one short. Assert
/// `settled(n, || …) == n` instead: it still fails on a count that stays
/// short and on one that goes past `n`, and waits only when the machine is
/// slow.
///
/// ```
/// use wawp_conformance::{TlsStaller, settled};
///
/// let staller = TlsStaller::start();
/// let _tcp = std::net::TcpStream::connect(staller.addr())?;
/// assert_eq!(settled(1, || staller.accepted()), 1);
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

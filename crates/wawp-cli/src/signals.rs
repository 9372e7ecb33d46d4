//! SIGINT and SIGTERM during a run, delivered to the main thread as
//! [`Event::Signal`]s (signal-hook's iterator: a pipe and a thread, no
//! unsafe code here).
//!
//! Installed only once the calls are about to start: before that (while
//! reading input or asking for confirmation) nothing has been sent, and the
//! default action (end the process) is right. A third signal, while the
//! last lines are being written, ends the process as the default action
//! would.

use std::io;
use std::sync::mpsc::Sender;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::engine::Event;

/// Starts forwarding SIGINT and SIGTERM to `events`.
pub(crate) fn forward(events: Sender<Event>) -> io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("wawp-signals".to_owned())
        .spawn(move || {
            for (n, signal) in signals.forever().enumerate() {
                if n >= 2 {
                    // The third: the user insists.
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                }
                if events.send(Event::Signal(signal)).is_err() {
                    return;
                }
            }
        })
        .map(drop)
}

//! The signals that stop a run, delivered as [`Stop`]s on a channel
//! ([`Stops`]) by a task on the run's runtime: SIGINT, SIGTERM, SIGHUP and
//! SIGQUIT on unix; Ctrl-C and Ctrl-Break on Windows.
//!
//! Installed only once the calls are about to start: before that (while
//! reading input or asking for confirmation) nothing has been sent, and the
//! default action (end the process) is right. A third signal, while the
//! last lines are being written, ends the process at once with its code.

use std::future::poll_fn;
use std::io;
use std::task::Poll;

use tokio::sync::mpsc;

use crate::outcome::Stop;

/// The stops signals have asked for, in order.
pub(crate) type Stops = mpsc::UnboundedReceiver<Stop>;

/// Starts watching for the signals; must be called inside the runtime.
pub(crate) fn watch() -> io::Result<Stops> {
    let (sender, stops) = mpsc::unbounded_channel();
    let mut os = Os::new()?;
    tokio::spawn(async move {
        for n in 1.. {
            let stop = os.recv().await;
            if n >= 3 {
                // The third: the user insists.
                std::process::exit(stop.exit() as i32);
            }
            if sender.send(stop).is_err() {
                return;
            }
        }
    });
    Ok(stops)
}

/// The operating system's signals, each with the stop it means.
#[cfg(unix)]
struct Os(Vec<(Stop, tokio::signal::unix::Signal)>);

#[cfg(unix)]
impl Os {
    fn new() -> io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self(vec![
            (Stop::Interrupt, signal(SignalKind::interrupt())?),
            (Stop::Terminate, signal(SignalKind::terminate())?),
            (Stop::Hangup, signal(SignalKind::hangup())?),
            (Stop::Quit, signal(SignalKind::quit())?),
        ]))
    }

    async fn recv(&mut self) -> Stop {
        poll_fn(|cx| {
            for (stop, signal) in &mut self.0 {
                if signal.poll_recv(cx).is_ready() {
                    return Poll::Ready(*stop);
                }
            }
            Poll::Pending
        })
        .await
    }
}

/// The console's Ctrl-C and Ctrl-Break, the signals Windows has.
#[cfg(windows)]
struct Os {
    ctrl_c: tokio::signal::windows::CtrlC,
    ctrl_break: tokio::signal::windows::CtrlBreak,
}

#[cfg(windows)]
impl Os {
    fn new() -> io::Result<Self> {
        Ok(Self {
            ctrl_c: tokio::signal::windows::ctrl_c()?,
            ctrl_break: tokio::signal::windows::ctrl_break()?,
        })
    }

    async fn recv(&mut self) -> Stop {
        poll_fn(|cx| {
            if self.ctrl_c.poll_recv(cx).is_ready() {
                Poll::Ready(Stop::Interrupt)
            } else if self.ctrl_break.poll_recv(cx).is_ready() {
                Poll::Ready(Stop::Break)
            } else {
                Poll::Pending
            }
        })
        .await
    }
}

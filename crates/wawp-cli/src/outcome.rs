//! What became of one id, and why a run stopped early.

use wawp_core::{Error, Session};

use crate::exit::Exit;

/// Why a run stopped starting logouts before the end of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// SIGINT (Ctrl-C).
    Interrupt,
    /// SIGTERM.
    Terminate,
    /// Standard output was closed (`| head`): nobody reads the results.
    ClosedOutput,
}

impl Stop {
    /// The stop for a signal number, if it is one the run handles.
    pub(crate) fn of_signal(signal: i32) -> Option<Self> {
        match signal {
            signal_hook::consts::SIGINT => Some(Stop::Interrupt),
            signal_hook::consts::SIGTERM => Some(Stop::Terminate),
            _ => None,
        }
    }

    /// The process exit status: 128 + the signal number, as shells report a
    /// death by that signal (SIGPIPE for a closed output).
    pub(crate) fn exit(self) -> Exit {
        match self {
            Stop::Interrupt => Exit::Interrupted,
            Stop::ClosedOutput => Exit::ClosedOutput,
            Stop::Terminate => Exit::Terminated,
        }
    }

    /// What happened, for messages: "SIGINT", "SIGTERM", "closed output".
    pub(crate) fn cause(self) -> &'static str {
        match self {
            Stop::Interrupt => "SIGINT",
            Stop::Terminate => "SIGTERM",
            Stop::ClosedOutput => "standard output closed",
        }
    }
}

/// The result reported for one id: exactly one per id, whatever happens.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The call finished: logged out, or failed with this error.
    Done(Result<Session, Error>),
    /// The call was in flight when the run stopped and no answer came in the
    /// grace period: it may have happened.
    Interrupted(Stop),
    /// The run stopped before this id was sent: nothing happened.
    NotStarted(Stop),
}

impl Outcome {
    /// Whether the instance is known to be logged out.
    pub(crate) fn is_ok(&self) -> bool {
        matches!(self, Outcome::Done(Ok(_)))
    }
}

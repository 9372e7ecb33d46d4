//! What became of one id, and why a run stopped early.

use std::path::PathBuf;

use wawp::{
    Ack, Created, Error, Me, PairingCode, PhoneNumber, QrCode, RateLimits, Session, SessionInfo,
    TempLink, Webhooks,
};

use crate::exit::Exit;

/// Why a run stopped starting calls before the end of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// SIGINT (Ctrl-C).
    Interrupt,
    /// SIGTERM.
    #[cfg_attr(windows, allow(dead_code))]
    Terminate,
    /// SIGHUP (the terminal or SSH session went away).
    #[cfg_attr(windows, allow(dead_code))]
    Hangup,
    /// SIGQUIT (Ctrl-backslash).
    #[cfg_attr(windows, allow(dead_code))]
    Quit,
    /// Ctrl-Break (Windows).
    #[cfg_attr(not(windows), allow(dead_code))]
    Break,
    /// Standard output was closed (`| head`): nobody reads the results.
    ClosedOutput,
}

impl Stop {
    /// The process exit status: 128 + the signal number, as shells report a
    /// death by that signal (SIGPIPE for a closed output).
    pub(crate) fn exit(self) -> Exit {
        match self {
            Stop::Interrupt => Exit::Interrupted,
            Stop::ClosedOutput => Exit::ClosedOutput,
            Stop::Terminate => Exit::Terminated,
            Stop::Hangup => Exit::HungUp,
            Stop::Quit => Exit::Quit,
            Stop::Break => Exit::Break,
        }
    }

    /// What happened, for messages: "SIGINT", "SIGHUP", "closed output".
    pub(crate) fn cause(self) -> &'static str {
        match self {
            Stop::Interrupt if cfg!(windows) => "Ctrl-C",
            Stop::Interrupt => "SIGINT",
            Stop::Terminate => "SIGTERM",
            Stop::Hangup => "SIGHUP",
            Stop::Quit => "SIGQUIT",
            Stop::Break => "Ctrl-Break",
            Stop::ClosedOutput => "standard output closed",
        }
    }
}

/// What a successful call gave, one variant per kind of answer.
#[derive(Debug)]
pub(crate) enum Output {
    /// A state change's answer (start, stop, restart, logout, delete).
    Session(Session),
    /// `info`'s answer.
    Info(SessionInfo),
    /// The QR code's text (`qr`).
    Qr(QrCode),
    /// The QR code's image, written to `path` (`qr --png`).
    Saved {
        /// Where.
        path: PathBuf,
        /// How many bytes.
        bytes: usize,
    },
    /// The QR code's image came, but could not be written to `path`: a
    /// failure (`not_saved`), though the call itself succeeded.
    Unsaved {
        /// Where it should have gone.
        path: PathBuf,
        /// Why it did not.
        reason: String,
    },
    /// A pairing code for `phone` (`pair`).
    Code {
        /// The code to type on the phone.
        code: PairingCode,
        /// The number it was requested for.
        phone: PhoneNumber,
    },
    /// The account (`me`).
    Me(Me),
    /// The active temporary link, if any (`link show`, `link new`).
    Link(Option<TempLink>),
    /// A change the server acknowledged (`link revoke`, `policy --set`,
    /// `webhooks --set`).
    Done(Ack),
    /// The policies (`policy`).
    Policies(RateLimits),
    /// The webhooks (`webhooks`).
    Webhooks(Webhooks),
    /// A new instance (`create`).
    Created(Created),
}

/// What one call gave: its output, or why it failed.
pub(crate) type CallResult = Result<Output, Error>;

/// The result reported for one id: exactly one per id, whatever happens.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The call finished: succeeded, or failed with this error.
    Finished(CallResult),
    /// The call was in flight when the run stopped and no answer came in the
    /// grace period: it may have happened.
    Interrupted(Stop),
    /// The run stopped before this id was sent: nothing happened.
    NotStarted(Stop),
}

impl Outcome {
    /// Whether the call is known to have done what was asked.
    pub(crate) fn is_ok(&self) -> bool {
        matches!(self, Outcome::Finished(Ok(output)) if !matches!(output, Output::Unsaved { .. }))
    }

    /// Whether what was asked may have happened though it did not
    /// succeed: interrupted in flight, or failed after it may have been
    /// sent, unless the server refused it with a 4xx.
    pub(crate) fn may_have_happened(&self) -> bool {
        match self {
            Outcome::Interrupted(_) => true,
            Outcome::Finished(Err(e)) => {
                e.maybe_sent() && !e.status().is_some_and(|s| s.is_client_error())
            }
            Outcome::Finished(Ok(_)) | Outcome::NotStarted(_) => false,
        }
    }
}

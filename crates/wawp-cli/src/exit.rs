//! Exit codes: one per class of failure, so scripts can branch on them.

use wawp::Error;

/// The process exit status. Ordered by severity: with several instances the
/// command exits with the highest code seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Exit {
    /// 0: success, for every instance.
    Ok = 0,
    /// 1: declined at the confirmation prompt.
    Declined = 1,
    /// 2: usage error, invalid input, or refusal to act unconfirmed.
    Usage = 2,
    /// 3: HTTP 401.
    Unauthorized = 3,
    /// 4: HTTP 404.
    NotFound = 4,
    /// 5: any other 4xx.
    ClientError = 5,
    /// 6: any 5xx.
    ServerError = 6,
    /// 7: transport failure, timeout, oversized, redirected or undecodable response.
    Transport = 7,
    /// 8: `qr` or `relink` gave up waiting for the instance to be linked.
    GaveUp = 8,
    /// 129 (128 + SIGHUP): the terminal went away.
    HungUp = 129,
    /// 130 (128 + SIGINT): interrupted by Ctrl-C.
    Interrupted = 130,
    /// 131 (128 + SIGQUIT): quit.
    Quit = 131,
    /// 141 (128 + SIGPIPE): standard output was closed.
    ClosedOutput = 141,
    /// 143 (128 + SIGTERM): terminated.
    Terminated = 143,
    /// 149 (128 + 21, Windows' SIGBREAK): Ctrl-Break.
    Break = 149,
}

impl Exit {
    /// Every code, in order.
    #[cfg(test)]
    pub(crate) const ALL: [Exit; 12] = [
        Exit::Ok,
        Exit::Declined,
        Exit::Usage,
        Exit::Unauthorized,
        Exit::NotFound,
        Exit::ClientError,
        Exit::ServerError,
        Exit::Transport,
        Exit::GaveUp,
        Exit::Interrupted,
        Exit::ClosedOutput,
        Exit::Terminated,
    ];

    /// The code for a failed call.
    pub(crate) fn of(error: &Error) -> Self {
        match error {
            Error::InvalidInput(_) => Exit::Usage,
            Error::Api(api) => match api.status.as_u16() {
                401 => Exit::Unauthorized,
                404 => Exit::NotFound,
                400..=499 => Exit::ClientError,
                500..=599 => Exit::ServerError,
                // An error answer outside 4xx/5xx (e.g. a bare 1xx or 3xx
                // without Location): the exchange did not go as HTTP should.
                _ => Exit::Transport,
            },
            // Decode, Timeout, BodyTooLarge, UnexpectedRedirect, Transport,
            // and whatever the core adds later.
            _ => Exit::Transport,
        }
    }

    /// The exit for `code`, one of [`Exit::code`]'s values (else 7).
    pub(crate) fn from_code(code: u8) -> Self {
        match code {
            0 => Exit::Ok,
            1 => Exit::Declined,
            2 => Exit::Usage,
            3 => Exit::Unauthorized,
            4 => Exit::NotFound,
            5 => Exit::ClientError,
            6 => Exit::ServerError,
            8 => Exit::GaveUp,
            129 => Exit::HungUp,
            130 => Exit::Interrupted,
            131 => Exit::Quit,
            141 => Exit::ClosedOutput,
            143 => Exit::Terminated,
            149 => Exit::Break,
            _ => Exit::Transport,
        }
    }

    /// The numeric code.
    pub(crate) fn code(self) -> u8 {
        self as u8
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.code())
    }
}

#[cfg(test)]
#[path = "tests/exit.rs"]
mod tests;

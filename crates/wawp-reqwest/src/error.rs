//! reqwest's errors as [`TransportError`]s: the kind decides `maybe_sent`,
//! so it must say truthfully whether the request could have reached the
//! server.

use std::error::Error as StdError;
use std::io;

use wawp_core::transport::has_cause;
use wawp_core::{Limits, TransportError, TransportErrorKind};

/// Where in the exchange reqwest failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Before the response head, on a connection taken from the pool
    /// (`true`) or on one this call may have opened (`false`).
    Exchange { reused: bool },
    /// Reading the body of a response that has arrived.
    Body,
}

/// The transport error for `err`, without its URL (which holds the token).
pub(crate) fn map_error(err: reqwest::Error, phase: Phase, limits: &Limits) -> TransportError {
    use TransportErrorKind as K;
    let err = err.without_url();
    let kind = if err.is_builder() || err.is_redirect() {
        K::Other
    } else if err.is_connect() {
        // DNS, refused, unreachable, the connect timeout (which covers the
        // proxy's tunnel and the TLS handshake), a proxy refusing the
        // tunnel: nothing was sent. A TLS failure is its own kind.
        if has_cause::<rustls::Error>(&err) {
            K::Tls
        } else {
            K::Connect
        }
    } else if err.is_timeout() {
        return TransportError::timeout(limits.timeout);
    } else if never_written(&err) {
        // hyper gave the request back unwritten (hyper-util has already
        // re-sent it once if the connection was reused).
        K::Connect
    } else if phase == (Phase::Exchange { reused: true }) && is_lost_connection(&err) {
        K::StaleConnection
    } else if err.is_request() || err.is_body() || err.is_decode() {
        K::Io
    } else {
        K::Other
    };
    TransportError::new(kind, &err)
}

/// Whether hyper says it never wrote the request: the connection closed
/// before it could be sent.
fn never_written(err: &(dyn StdError + 'static)) -> bool {
    causes(err).any(|c| {
        c.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_canceled)
    })
}

/// The connection closed or reset under the request before the response
/// head (hyper's "connection closed before message completed", or a reset
/// seen while writing or reading).
fn is_lost_connection(err: &(dyn StdError + 'static)) -> bool {
    causes(err).any(|cause| {
        if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
            return hyper.is_incomplete_message();
        }
        cause.downcast_ref::<io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::BrokenPipe
                    | io::ErrorKind::UnexpectedEof
            )
        })
    })
}

/// `err` and its causes, looking inside `io::Error` wrappers too.
pub(crate) fn causes<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    let mut stack = vec![err];
    std::iter::from_fn(move || {
        let next = stack.pop()?;
        if let Some(inner) = next.downcast_ref::<io::Error>().and_then(|io| io.get_ref()) {
            stack.push(inner);
        }
        if let Some(source) = next.source() {
            stack.push(source);
        }
        Some(next)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(io::Error);
    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("outer")
        }
    }
    impl StdError for Outer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_reset_is_found_through_wrappers() {
        let reset = Outer(io::Error::other(io::Error::from(
            io::ErrorKind::ConnectionReset,
        )));
        assert!(is_lost_connection(&reset));
        let refused = Outer(io::Error::from(io::ErrorKind::ConnectionRefused));
        assert!(!is_lost_connection(&refused));
    }
}

//! ureq's errors as [`TransportError`]s: the kind decides `maybe_sent`, so
//! it must say truthfully whether the request could have reached the server.

use std::io;

use wawp_core::transport::has_cause;
use wawp_core::{Limits, TransportError, TransportErrorKind};

use crate::ledger::Checkout;

/// Where in the exchange ureq failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// In `Agent::run`: resolving, connecting, sending the request or
    /// waiting for the response head (no response byte was handed over).
    Exchange(Checkout),
    /// Reading the body of a response that has arrived.
    Body,
}

/// The transport error for `err`, which happened in `phase`.
pub(crate) fn map_error(err: ureq::Error, phase: Phase, limits: &Limits) -> TransportError {
    use TransportErrorKind as K;
    use ureq::Error as E;
    use ureq::Timeout as T;
    let kind = match &err {
        // Name resolution and connection setup (TCP, proxy tunnel, TLS
        // handshake) are bounded by the connect timeout: nothing was sent.
        E::Timeout(T::Resolve | T::Connect) => K::Connect,
        E::Timeout(_) => return TransportError::timeout(limits.timeout),
        E::BodyExceedsLimit(_) => return TransportError::body_too_large(limits.max_response_bytes),
        // The proxy refused the tunnel, or its URL is one ureq cannot use.
        E::HostNotFound | E::ConnectionFailed | E::ConnectProxyFailed(_) | E::InvalidProxyUrl => {
            K::Connect
        }
        E::Tls(_) | E::Pem(_) | E::Rustls(_) | E::TlsRequired => K::Tls,
        E::Io(io) if has_cause::<rustls::Error>(io) => K::Tls,
        E::Io(io) if is_connect_failure(io) => K::Connect,
        E::Io(io) if phase == Phase::Exchange(Checkout::Reused) && is_lost_connection(io) => {
            K::StaleConnection
        }
        E::Io(_) | E::Protocol(_) | E::LargeResponseHeader(..) | E::BodyStalled => K::Io,
        _ => K::Other,
    };
    TransportError::new(kind, &err)
}

/// A failure to resolve the host or to open the connection: nothing was
/// sent.
fn is_connect_failure(err: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(
        err.kind(),
        K::ConnectionRefused
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::NetworkDown
            | K::AddrNotAvailable
    ) || is_lookup_failure(err)
}

/// The resolver's failure: ureq's default resolver hands std's lookup
/// error through as `Error::Io`. On Unix std reports a `getaddrinfo`
/// failure with this message and no OS error code; on Windows as the
/// `WSAHOST_NOT_FOUND`, `WSATRY_AGAIN`, `WSANO_RECOVERY` or `WSANO_DATA`
/// code.
fn is_lookup_failure(err: &io::Error) -> bool {
    if cfg!(windows) {
        matches!(err.raw_os_error(), Some(11001..=11004))
    } else {
        err.raw_os_error().is_none()
            && err
                .to_string()
                .starts_with("failed to lookup address information")
    }
}

/// The connection was closed or reset under the request, before any
/// response byte was handed over (ureq reports a close before the response
/// head as `UnexpectedEof`, "Peer disconnected").
fn is_lost_connection(err: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(
        err.kind(),
        K::UnexpectedEof | K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(err: ureq::Error, phase: Phase) -> TransportErrorKind {
        map_error(err, phase, &Limits::default()).kind()
    }

    #[test]
    fn a_lost_connection_is_stale_only_when_reused_and_before_the_response() {
        let eof = || {
            ureq::Error::Io(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "Peer disconnected",
            ))
        };
        let reset = || ureq::Error::Io(io::ErrorKind::ConnectionReset.into());
        let reused = Phase::Exchange(Checkout::Reused);
        let fresh = Phase::Exchange(Checkout::Fresh);
        assert_eq!(kind(eof(), reused), TransportErrorKind::StaleConnection);
        assert_eq!(kind(reset(), reused), TransportErrorKind::StaleConnection);
        assert_eq!(kind(eof(), fresh), TransportErrorKind::Io);
        assert_eq!(kind(eof(), Phase::Body), TransportErrorKind::Io);
        let refused = ureq::Error::Io(io::ErrorKind::ConnectionRefused.into());
        assert_eq!(kind(refused, reused), TransportErrorKind::Connect);
    }

    #[test]
    fn resolver_failures_and_connect_timeouts_are_connect() {
        let phase = Phase::Exchange(Checkout::Fresh);
        assert_eq!(
            kind(ureq::Error::HostNotFound, phase),
            TransportErrorKind::Connect
        );
        for t in [ureq::Timeout::Resolve, ureq::Timeout::Connect] {
            assert_eq!(
                kind(ureq::Error::Timeout(t), phase),
                TransportErrorKind::Connect
            );
        }
        let global = map_error(
            ureq::Error::Timeout(ureq::Timeout::Global),
            phase,
            &Limits::default(),
        );
        assert_eq!(global.kind(), TransportErrorKind::Timeout);
        if !cfg!(windows) {
            let lookup =
                io::Error::other("failed to lookup address information: Name or service not known");
            assert_eq!(
                kind(ureq::Error::Io(lookup), phase),
                TransportErrorKind::Connect
            );
        }
    }
}

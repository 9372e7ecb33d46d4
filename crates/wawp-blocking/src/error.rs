//! ureq's errors as [`TransportError`]s: the kind decides `maybe_sent`, so
//! it must say truthfully whether the request could have reached the server.

use std::io;

use wawp_core::transport::has_cause;
use wawp_core::{Limits, TransportError, TransportErrorKind};

/// Where in the exchange ureq failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// In `Agent::run`: resolving, connecting, sending the request or
    /// waiting for the response head (no response was handed over). ureq
    /// does not say whether the connection was new or reused, nor whether
    /// it was established yet.
    Exchange {
        /// The request may have gone on a pooled connection: it was not
        /// marked [`FreshConnection`](wawp_core::transport::FreshConnection)
        /// (which asks ureq for a new one), and its agent may hold pooled
        /// connections (see `UreqTransport::send`).
        maybe_pooled: bool,
    },
    /// Reading the body of a response that has arrived: the connection was
    /// established and the request written.
    Body,
}

/// The transport error for `err`, which happened in `phase`.
///
/// The phase is looked at before any connect-failure kind: an unreachable
/// host or network on a connection that carried the request is `Io`, may
/// have been sent. While in [`Phase::Exchange`], only the failures that
/// cannot happen once a connection exists are `Connect`: resolution,
/// refused, no local address, ureq's resolve and connect timeouts, a proxy
/// refusing the tunnel, and a connection closed during the TLS handshake.
///
/// A connection closed or reset before the response head arrived is
/// `StaleConnection` when the request may have gone on a pooled connection,
/// `Io` when it certainly went on a new one. ureq does not say whether a
/// connection was reused, so any such failure of a request that could have
/// been pooled counts as a possibly stale connection; both kinds say the
/// request may have been sent.
pub(crate) fn map_error(err: ureq::Error, phase: Phase, limits: &Limits) -> TransportError {
    use TransportErrorKind as K;
    use ureq::Error as E;
    use ureq::Timeout as T;
    let kind = match &err {
        E::Timeout(T::Resolve | T::Connect) if phase != Phase::Body => K::Connect,
        E::Timeout(_) => return TransportError::timeout(limits.timeout),
        E::BodyExceedsLimit(_) => return TransportError::body_too_large(limits.max_response_bytes),
        E::Tls(_) | E::Pem(_) | E::Rustls(_) | E::TlsRequired => K::Tls,
        E::Io(io) if has_cause::<rustls::Error>(io) => K::Tls,
        _ if phase == Phase::Body => K::Io,
        // The proxy refused the tunnel, or its URL is one ureq cannot use.
        E::HostNotFound | E::ConnectionFailed | E::ConnectProxyFailed(_) | E::InvalidProxyUrl => {
            K::Connect
        }
        E::Io(io) if is_connect_failure(io) || is_handshake_eof(io) => K::Connect,
        E::Io(io) if phase == Phase::Exchange { maybe_pooled: true } && is_closed(io) => {
            K::StaleConnection
        }
        E::Io(_) | E::Protocol(_) | E::LargeResponseHeader(..) | E::BodyStalled => K::Io,
        _ => K::Other,
    };
    match &err {
        // ureq's error gives no `source`: the `io::Error` itself keeps the
        // chain (its kind and OS code) for callers to downcast.
        E::Io(io) => TransportError::new(kind, io),
        _ => TransportError::new(kind, &err),
    }
}

/// The server closed the connection during the TLS handshake: rustls
/// reports it as a bare `UnexpectedEof` (no message, no OS code), which
/// ureq hands through; ureq's own close before a response head carries a
/// message ("Peer disconnected"). Nothing was written: the request goes
/// only once the handshake is done.
fn is_handshake_eof(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::UnexpectedEof
        && err.get_ref().is_none()
        && err.raw_os_error().is_none()
}

/// The peer closed or reset the connection: ureq's own "Peer
/// disconnected" (end of input before a complete response head), or the
/// socket's reset, abort or broken pipe while writing or reading.
fn is_closed(err: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(
        err.kind(),
        K::UnexpectedEof | K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe
    )
}

/// A failure that only opening a connection can meet: nothing was sent.
///
/// An unreachable host or network (`EHOSTUNREACH`, `ENETUNREACH`,
/// `ENETDOWN`) is not among them: Linux reports those on an established
/// connection too when the path dies mid-request, and ureq does not say
/// whether its connection was established. They are `Io`, may have been
/// sent — the safe side; hyper and reqwest, which know, call such a
/// failure while connecting `Connect`.
fn is_connect_failure(err: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(err.kind(), K::ConnectionRefused | K::AddrNotAvailable) || is_lookup_failure(err)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(err: ureq::Error, phase: Phase) -> TransportErrorKind {
        map_error(err, phase, &Limits::default()).kind()
    }

    const POOLED: Phase = Phase::Exchange { maybe_pooled: true };
    const FRESH: Phase = Phase::Exchange {
        maybe_pooled: false,
    };

    #[test]
    fn the_phase_comes_before_connect_failure_kinds() {
        use io::ErrorKind as K;
        for k in [K::HostUnreachable, K::NetworkUnreachable, K::NetworkDown] {
            for phase in [POOLED, FRESH, Phase::Body] {
                let err = ureq::Error::Io(k.into());
                assert_eq!(kind(err, phase), TransportErrorKind::Io, "{k:?} {phase:?}");
            }
        }
        let refused = || ureq::Error::Io(K::ConnectionRefused.into());
        for phase in [POOLED, FRESH] {
            assert_eq!(kind(refused(), phase), TransportErrorKind::Connect);
        }
        assert_eq!(kind(refused(), Phase::Body), TransportErrorKind::Io);
    }

    #[test]
    fn a_close_in_the_tls_handshake_is_connect_and_before_an_answer_stale_unless_fresh() {
        use io::ErrorKind as K;
        let handshake = || ureq::Error::Io(K::UnexpectedEof.into());
        let peer = || ureq::Error::Io(io::Error::new(K::UnexpectedEof, "Peer disconnected"));
        for phase in [POOLED, FRESH] {
            assert_eq!(kind(handshake(), phase), TransportErrorKind::Connect);
        }
        assert_eq!(kind(handshake(), Phase::Body), TransportErrorKind::Io);
        let closes = [
            peer(),
            ureq::Error::Io(K::ConnectionReset.into()),
            ureq::Error::Io(K::ConnectionAborted.into()),
            ureq::Error::Io(K::BrokenPipe.into()),
        ];
        for close in closes {
            let text = close.to_string();
            let (pooled, fresh, body) = (
                kind(ureq::Error::Io(io_of(&close)), POOLED),
                kind(ureq::Error::Io(io_of(&close)), FRESH),
                kind(close, Phase::Body),
            );
            assert_eq!(pooled, TransportErrorKind::StaleConnection, "{text}");
            assert_eq!(fresh, TransportErrorKind::Io, "{text}");
            assert_eq!(body, TransportErrorKind::Io, "{text}");
        }
        if cfg!(target_os = "linux") {
            let reset = || ureq::Error::Io(io::Error::from_raw_os_error(104));
            assert_eq!(kind(reset(), POOLED), TransportErrorKind::StaleConnection);
            assert_eq!(kind(reset(), FRESH), TransportErrorKind::Io);
        }
        for phase in [POOLED, FRESH] {
            let err = map_error(peer(), phase, &Limits::default());
            assert!(err.kind().maybe_sent(), "{err:?}");
        }
    }

    /// A copy of `err`'s I/O error (its kind and message).
    fn io_of(err: &ureq::Error) -> io::Error {
        match err {
            ureq::Error::Io(io) => io::Error::new(io.kind(), io.to_string()),
            other => panic!("not I/O: {other}"),
        }
    }

    #[test]
    fn resolver_failures_and_connect_timeouts_are_connect() {
        let phase = POOLED;
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

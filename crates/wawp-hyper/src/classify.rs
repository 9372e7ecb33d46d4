//! What a hyper-util client error means for the caller: could the request
//! have reached the server? ([`TransportErrorKind`]).

use std::error::Error as StdError;

use hyper_util::client::legacy::Error as ClientError;
use hyper_util::client::legacy::connect::CaptureConnection;
use wawp_core::transport::has_cause;
use wawp_core::{TransportError, TransportErrorKind};

use crate::track::Track;

/// The [`TransportError`] for a failed `Client::request`:
///
/// - the connect failed (resolution, refused, unreachable, connect timeout,
///   the proxy refused the tunnel, an unusable proxy variable): `Connect`,
///   or `Tls` when rustls refused the handshake — nothing was sent;
/// - hyper gave the request back unwritten (the connection closed first;
///   hyper-util has already re-sent it once if the connection was reused):
///   `Connect`, not sent;
/// - the request went on a reused connection that then failed before a
///   single byte of the answer arrived: `StaleConnection` (may have been
///   sent: most often the server had closed the idle connection, but a
///   server that read the request and then closed looks the same);
/// - hyper refused the request itself: `Other`;
/// - anything else after the request may have been written: `Io`.
pub(crate) fn request_error(
    err: &ClientError,
    capture: Option<&CaptureConnection>,
) -> TransportError {
    // Our own connector's verdicts (an unusable proxy variable) stand.
    if let Some(ours) = find::<TransportError>(err) {
        return ours.clone();
    }
    let cause = err.source().unwrap_or(err);
    let kind = if err.is_connect() {
        connect_kind(err)
    } else if let Some(hyper) = find::<hyper::Error>(err) {
        let captured = capture.map(CaptureConnection::connection_metadata);
        let connected = err
            .connect_info()
            .or(captured.as_ref().and_then(|c| c.as_ref()));
        let track = connected.and_then(Track::of);
        if hyper.is_user() {
            TransportErrorKind::Other
        } else if hyper.is_canceled() {
            // hyper gave the request back unwritten.
            TransportErrorKind::Connect
        } else if connected.is_none() {
            // The new connection failed before the client could use it
            // (hyper-util's HTTP/1 handshake): the request was not written.
            connect_kind(err)
        } else if track.as_ref().is_some_and(Track::is_stale) {
            TransportErrorKind::StaleConnection
        } else {
            TransportErrorKind::Io
        }
    } else {
        // hyper-util refused the request before choosing a connection.
        TransportErrorKind::Other
    };
    TransportError::new(kind, cause)
}

/// `Tls` if rustls is among the causes of `err`, `Connect` otherwise.
pub(crate) fn connect_kind(err: &(dyn StdError + 'static)) -> TransportErrorKind {
    if has_cause::<rustls::Error>(err) {
        TransportErrorKind::Tls
    } else {
        TransportErrorKind::Connect
    }
}

/// A failure reading the body: `Io` (the request was sent and answered).
pub(crate) fn body_error(err: &hyper::Error) -> TransportError {
    TransportError::new(TransportErrorKind::Io, err)
}

/// The first `T` among `err` and its causes.
fn find<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        next = e.source();
    }
    None
}

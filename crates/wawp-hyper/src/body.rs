//! Reading a response body within the size limit.

use http_body_util::BodyExt;
use hyper::body::Incoming;
use wawp_core::http::{HeaderMap, header};
use wawp_core::{LimitedBody, TransportError, TransportErrorKind};

/// Whether the response says the server closes the connection after it.
pub(crate) fn says_close(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("close"))
}

/// Reads `body` frame by frame into `buf`, failing as soon as it passes the
/// limit.
pub(crate) async fn read_body(
    mut body: Incoming,
    mut buf: LimitedBody,
) -> Result<Vec<u8>, TransportError> {
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| TransportError::new(TransportErrorKind::Io, &e))?;
        if let Ok(data) = frame.into_data() {
            buf.push(&data)?;
        }
    }
    Ok(buf.into_vec())
}

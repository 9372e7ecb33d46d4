//! Reading a response body within the size limit.

use http_body_util::BodyExt;
use hyper::body::Incoming;
use wawp_core::http::{HeaderMap, header};
use wawp_core::{TransportError, TransportErrorKind};

/// The `Content-Length` the response declares, if it is a number.
pub(crate) fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Whether the response says the server closes the connection after it.
pub(crate) fn says_close(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("close"))
}

/// Reads `body` frame by frame, failing as soon as more than `max` bytes
/// have arrived.
pub(crate) async fn read_body(
    mut body: Incoming,
    max: usize,
    declared: Option<u64>,
) -> Result<Vec<u8>, TransportError> {
    let capacity = declared.map_or(0, |len| len.min(max as u64).min(64 * 1024) as usize);
    let mut buf = Vec::with_capacity(capacity);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| TransportError::new(TransportErrorKind::Io, &e))?;
        if let Ok(data) = frame.into_data() {
            if data.len() > max - buf.len() {
                return Err(TransportError::body_too_large(max));
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf)
}

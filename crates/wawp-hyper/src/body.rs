//! Reading a response body within the size limit.

use http_body_util::BodyExt;
use hyper::body::Incoming;
use wawp_core::TransportError;
use wawp_core::transport::LimitedBody;

use crate::classify::body_error;

/// Reads `body` frame by frame into `buf`, failing as soon as it passes the
/// limit.
pub(crate) async fn read_body(
    mut body: Incoming,
    mut buf: LimitedBody,
) -> Result<Vec<u8>, TransportError> {
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| body_error(&e))?;
        if let Ok(data) = frame.into_data() {
            buf.push(&data)?;
        }
    }
    Ok(buf.into_vec())
}

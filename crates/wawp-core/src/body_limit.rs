//! Enforcing [`Limits::max_response_bytes`] while a transport reads a
//! response: refuse a declared length over the limit before reading any of
//! the body, and fail as soon as the bytes read pass it, so a transport never
//! buffers more than it may return.

use http::HeaderMap;
use http::header::CONTENT_LENGTH;

use crate::transport::{Limits, TransportError};

/// The most a [`LimitedBody`] reserves up front, whatever the response
/// declares.
const MAX_RESERVED: u64 = 64 * 1024;

impl Limits {
    /// Refuses, with a `BodyTooLarge` [`TransportError`], a response whose
    /// declared length (its `Content-Length`, as the HTTP client parsed it)
    /// exceeds [`Limits::max_response_bytes`], before any of its body is
    /// read. An undeclared length passes: check the body while reading it
    /// ([`LimitedBody`]).
    pub fn check_declared_length(&self, declared: Option<u64>) -> Result<(), TransportError> {
        match declared {
            Some(len) if len > self.max_response_bytes as u64 => {
                Err(TransportError::body_too_large(self.max_response_bytes))
            }
            _ => Ok(()),
        }
    }
}

/// A response body read within [`Limits::max_response_bytes`]: each chunk is
/// [`push`](LimitedBody::push)ed as it arrives, and the first one that would
/// take the body over the limit is refused, unread bytes and all.
///
/// ```
/// use wawp_core::http::HeaderMap;
/// use wawp_core::{Limits, TransportErrorKind};
/// use wawp_core::transport::{LimitedBody};
///
/// let limits = Limits::new(None, 5);
/// let mut body = LimitedBody::for_response(&HeaderMap::new(), &limits)?;
/// body.push(b"hello")?;
/// let err = body.push(b"!").unwrap_err();
/// assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
/// # Ok::<(), wawp_core::TransportError>(())
/// ```
#[derive(Debug)]
pub struct LimitedBody {
    bytes: Vec<u8>,
    max: usize,
}

impl LimitedBody {
    /// An empty body for a response with `headers`, refused at once if their
    /// `Content-Length` is over the limit
    /// ([`Limits::check_declared_length`]); it reserves the declared length,
    /// up to the limit and at most 64 KiB.
    pub fn for_response(headers: &HeaderMap, limits: &Limits) -> Result<Self, TransportError> {
        let declared = content_length(headers);
        limits.check_declared_length(declared)?;
        let max = limits.max_response_bytes;
        let reserve = declared.map_or(0, |len| len.min(max as u64).min(MAX_RESERVED) as usize);
        Ok(Self {
            bytes: Vec::with_capacity(reserve),
            max,
        })
    }

    /// Appends `chunk`, or fails with `BodyTooLarge` (appending nothing) if
    /// the body would then exceed the limit.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), TransportError> {
        if chunk.len() > self.max - self.bytes.len() {
            return Err(TransportError::body_too_large(self.max));
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// The bytes received.
    pub fn into_vec(self) -> Vec<u8> {
        self.bytes
    }
}

/// The `Content-Length` of `headers`, if it is a number.
fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::TransportErrorKind;

    fn declaring(length: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_LENGTH, length.parse().unwrap());
        headers
    }

    fn limits(max: usize) -> Limits {
        Limits::new(None, max)
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused() {
        let err = limits(999).check_declared_length(Some(1000)).unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
        assert_eq!(err.limit_bytes(), Some(999));
        assert!(limits(1000).check_declared_length(Some(1000)).is_ok());
        assert!(limits(0).check_declared_length(None).is_ok());
        assert!(limits(0).check_declared_length(Some(0)).is_ok());
    }

    #[test]
    fn for_response_checks_the_content_length_header() {
        let err = LimitedBody::for_response(&declaring(" 1001 "), &limits(1000)).unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
        assert!(LimitedBody::for_response(&declaring("1000"), &limits(1000)).is_ok());
        // Not a number: left to the reading to enforce.
        for odd in ["", "abc", "-1", "10, 10", "99999999999999999999999"] {
            assert!(
                LimitedBody::for_response(&declaring(odd), &limits(10)).is_ok(),
                "{odd:?}"
            );
        }
        assert!(LimitedBody::for_response(&HeaderMap::new(), &limits(0)).is_ok());
    }

    #[test]
    fn for_response_reserves_at_most_64_kib() {
        let body = LimitedBody::for_response(&declaring("100"), &limits(1000)).unwrap();
        assert!(body.bytes.capacity() >= 100);
        let body = LimitedBody::for_response(&declaring("10000000"), &limits(usize::MAX));
        assert!(body.unwrap().bytes.capacity() < 10_000_000);
    }

    #[test]
    fn push_fails_as_soon_as_the_limit_is_passed() {
        let mut body = LimitedBody::for_response(&HeaderMap::new(), &limits(10)).unwrap();
        body.push(b"0123").unwrap();
        body.push(b"").unwrap();
        body.push(b"456789").unwrap();
        let err = body.push(b"x").unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
        assert_eq!(err.limit_bytes(), Some(10));
        assert_eq!(body.into_vec(), b"0123456789");

        let mut body = LimitedBody::for_response(&HeaderMap::new(), &limits(10)).unwrap();
        body.push(b"01234").unwrap();
        assert!(body.push(b"567890").is_err());
        // The refused chunk was not kept.
        assert_eq!(body.into_vec(), b"01234");
    }

    #[test]
    fn a_zero_limit_accepts_only_an_empty_body() {
        let mut body = LimitedBody::for_response(&HeaderMap::new(), &limits(0)).unwrap();
        body.push(b"").unwrap();
        assert!(body.push(b"x").is_err());
        assert!(body.into_vec().is_empty());
    }
}

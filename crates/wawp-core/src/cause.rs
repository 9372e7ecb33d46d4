//! [`has_cause`]: whether an error wraps one of a given type, for
//! transports that classify a client library's error by what it wraps (a
//! `rustls::Error` somewhere inside means `TransportErrorKind::Tls`).

use std::error::Error as StdError;
use std::io;

/// Whether `err` or any of its causes is a `T`, looking inside
/// [`io::Error`] wrappers too (whose `source` skips the wrapped error).
///
/// ```
/// use std::{fmt, io};
/// use wawp_core::transport::has_cause;
///
/// #[derive(Debug)]
/// struct BadCertificate;
/// impl fmt::Display for BadCertificate {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.write_str("bad certificate")
///     }
/// }
/// impl std::error::Error for BadCertificate {}
///
/// let err = io::Error::other(BadCertificate);
/// assert!(has_cause::<BadCertificate>(&err));
/// assert!(!has_cause::<fmt::Error>(&err));
/// ```
pub fn has_cause<T: StdError + 'static>(err: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(e) = next {
        if e.is::<T>() {
            return true;
        }
        if let Some(inner) = e.downcast_ref::<io::Error>().and_then(|io| io.get_ref())
            && has_cause::<T>(inner)
        {
            return true;
        }
        next = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use super::*;

    /// The error looked for.
    #[derive(Debug)]
    struct Needle;

    /// An error with an optional cause.
    #[derive(Debug)]
    struct Wrapper(Option<Box<dyn StdError + Send + Sync + 'static>>);

    impl fmt::Display for Needle {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("needle")
        }
    }

    impl StdError for Needle {}

    impl fmt::Display for Wrapper {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("wrapper")
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.0.as_deref().map(|e| e as _)
        }
    }

    fn wrap(err: impl StdError + Send + Sync + 'static) -> Wrapper {
        Wrapper(Some(Box::new(err)))
    }

    #[test]
    fn finds_the_error_itself_and_its_causes() {
        assert!(has_cause::<Needle>(&Needle));
        assert!(has_cause::<Needle>(&wrap(Needle)));
        assert!(has_cause::<Needle>(&wrap(wrap(wrap(Needle)))));
        assert!(has_cause::<Wrapper>(&wrap(Needle)));
    }

    #[test]
    fn looks_inside_io_errors() {
        // `io::Error::source` skips the wrapped error: it must be looked at.
        let io = io::Error::other(Needle);
        assert!(io.source().is_none());
        assert!(has_cause::<Needle>(&io));
        assert!(has_cause::<Needle>(&wrap(io::Error::other(wrap(Needle)))));
        assert!(has_cause::<Needle>(&wrap(io::Error::other(
            io::Error::other(Needle)
        ))));
    }

    #[test]
    fn is_false_when_no_cause_is_a_t() {
        assert!(!has_cause::<Needle>(&Wrapper(None)));
        assert!(!has_cause::<Needle>(&wrap(wrap(Wrapper(None)))));
        assert!(!has_cause::<Needle>(&io::Error::other("needle")));
        assert!(!has_cause::<Needle>(&io::Error::from(
            io::ErrorKind::ConnectionRefused
        )));
        assert!(!has_cause::<fmt::Error>(&wrap(io::Error::other(Needle))));
    }
}

//! The seam between the sans-IO core and the code that moves bytes.
//!
//! A transport takes an `http::Request<Vec<u8>>` and returns the raw
//! `http::Response<Vec<u8>>`: every status (4xx, 5xx and 3xx included) is a
//! response, never an error. It knows nothing about Wawp; it only enforces the
//! [`Limits`] it is handed, because only it can: the timeout, the maximum body
//! size (while reading, never buffering more), and never following redirects.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{Request, Response};

use crate::redact;

/// The limits a transport enforces on one exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Total time for the exchange: connect, send, and read the whole body.
    pub timeout: Option<Duration>,
    /// Time to establish the connection (TCP and TLS).
    pub connect_timeout: Option<Duration>,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            max_response_bytes: 1024 * 1024,
        }
    }
}

impl Limits {
    /// Limits with the given total timeout and body size, connect timeout
    /// capped at the total.
    pub fn new(timeout: Option<Duration>, max_response_bytes: usize) -> Self {
        let connect_timeout = match timeout {
            Some(t) => Some(t.min(Duration::from_secs(10))),
            None => Some(Duration::from_secs(10)),
        };
        Self {
            timeout,
            connect_timeout,
            max_response_bytes,
        }
    }
}

/// An async transport. Implement it to bring your own HTTP client; see the
/// crate documentation for a complete example.
#[async_trait::async_trait]
pub trait Transport: Send + Sync {
    /// Sends `request` and reads the whole response within `limits`.
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError>;

    /// Waits `duration` (used between retries; the core has no runtime).
    async fn sleep(&self, duration: Duration);
}

/// A blocking transport, for code with no async runtime at all.
pub trait BlockingTransport: Send + Sync {
    /// Sends `request` and reads the whole response within `limits`.
    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError>;

    /// Waits `duration` (used between retries).
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

macro_rules! forward {
    ($($ptr:ty),*) => {$(
        #[async_trait::async_trait]
        impl<T: Transport + ?Sized> Transport for $ptr {
            async fn send(
                &self,
                request: Request<Vec<u8>>,
                limits: &Limits,
            ) -> Result<Response<Vec<u8>>, TransportError> {
                (**self).send(request, limits).await
            }
            async fn sleep(&self, duration: Duration) {
                (**self).sleep(duration).await
            }
        }
        impl<T: BlockingTransport + ?Sized> BlockingTransport for $ptr {
            fn send(
                &self,
                request: Request<Vec<u8>>,
                limits: &Limits,
            ) -> Result<Response<Vec<u8>>, TransportError> {
                (**self).send(request, limits)
            }
            fn sleep(&self, duration: Duration) {
                (**self).sleep(duration)
            }
        }
    )*};
}
forward!(Box<T>, Arc<T>, &T);

/// What went wrong in a transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established (refused, DNS, unreachable):
    /// the request was certainly not sent.
    Connect,
    /// TLS failed: bad certificate, handshake error.
    Tls,
    /// The limit on total time was exceeded.
    Timeout,
    /// The body exceeded the size limit.
    BodyTooLarge,
    /// The connection broke, or the peer spoke invalid HTTP, after the request
    /// may have been sent.
    Io,
    /// Anything else.
    Other,
}

/// A transport failure. Its message is scrubbed of URL query strings and
/// `access_token=` pairs when it is made, so a client library's error text
/// (reqwest and ureq both embed the full URL) cannot leak the token.
#[derive(Clone, PartialEq, Eq)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    limit_bytes: Option<usize>,
    limit_duration: Option<Duration>,
}

impl TransportError {
    /// A failure of `kind`, described by `source` and its chain of causes.
    /// The source itself is not kept: only its scrubbed text.
    pub fn new(kind: TransportErrorKind, source: &(dyn StdError + 'static)) -> Self {
        let mut message = source.to_string();
        let mut cause = source.source();
        while let Some(c) = cause {
            let text = c.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            cause = c.source();
        }
        Self::from_message(kind, message)
    }

    /// A failure of `kind` with a plain message (scrubbed like [`Self::new`]).
    pub fn from_message(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: redact::scrub_urls(&message.into()),
            limit_bytes: None,
            limit_duration: None,
        }
    }

    /// The total timeout `limit` was exceeded.
    pub fn timeout(limit: Option<Duration>) -> Self {
        Self {
            limit_duration: limit,
            ..Self::from_message(TransportErrorKind::Timeout, "timed out")
        }
    }

    /// The body exceeded `limit` bytes.
    pub fn body_too_large(limit: usize) -> Self {
        Self {
            limit_bytes: Some(limit),
            ..Self::from_message(
                TransportErrorKind::BodyTooLarge,
                format!("response body exceeds {limit} bytes"),
            )
        }
    }

    /// The class of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The scrubbed description.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn limit_bytes(&self) -> Option<usize> {
        self.limit_bytes
    }

    pub(crate) fn limit_duration(&self) -> Option<Duration> {
        self.limit_duration
    }

    pub(crate) fn redact(mut self, redactor: &redact::Redactor<'_>) -> Self {
        self.message = redactor.apply(&self.message).into_owned();
        self
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Tls => "TLS failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::BodyTooLarge => "response too large",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::Other => "transport error",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl StdError for TransportError {}

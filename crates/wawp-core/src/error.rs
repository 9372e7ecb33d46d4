//! The one [`Error`] type and its parts.
//!
//! Every variant says what a caller can do about it. No `Display` or `Debug`
//! output of any type here contains the access token: server text is redacted
//! with the token before it is stored (see [`crate::redact`]).

use std::time::Duration;

use http::StatusCode;

use crate::input::InputError;
use crate::transport::{Limits, TransportError, TransportErrorKind};

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input was rejected before any I/O. Fix the input; retrying is useless.
    ///
    /// Its text includes the [`InputError`]'s, so the `InputError` is not
    /// also its [`source`](std::error::Error::source): a report that prints
    /// the chain says it once.
    #[error("invalid input: {0}")]
    InvalidInput(InputError),
    /// The server answered with an error status.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The server answered 2xx, but not with the documented body.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The server answered with a redirect; redirects are never followed, since
    /// the request carries the access token.
    #[error("unexpected redirect: HTTP {status}{}", location.as_deref().map(|l| format!(" to {l}")).unwrap_or_default())]
    UnexpectedRedirect {
        /// The 3xx status.
        status: StatusCode,
        /// The `Location` header, with any query string removed.
        location: Option<String>,
    },
    /// No complete response arrived within the configured timeout.
    #[error("timed out{}", after.map(|d| format!(" after {d:?}")).unwrap_or_default())]
    Timeout {
        /// The timeout that was exceeded, when the transport knows it.
        after: Option<Duration>,
    },
    /// The response body was larger than the configured maximum.
    #[error("response body exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The transport failed: connection refused or reset, TLS, protocol error…
    #[error(transparent)]
    Transport(TransportError),
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::InvalidInput(e)
    }
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::UnexpectedRedirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's error, when it answered with an error status.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether a retry policy retries this failure for a read and a
    /// harmless call without [`RetryPolicy::retry_after_send`](crate::RetryPolicy::retry_after_send):
    /// the connection was never made (name resolution, refused, connect
    /// timeout, closed in the TLS handshake, proxy refused), 429, 502 and
    /// 503. A destructive call ([`Repeat::Never`](crate::Repeat::Never)) is
    /// retried after the first two only: a gateway's 502 or a 503 may come
    /// after the call ran. The full rule is the table in
    /// [`RetryPolicy`](crate::RetryPolicy)'s module documentation.
    ///
    /// A TLS or certificate failure, which a retry would only repeat, a 504,
    /// a 500, a timeout or a connection lost after the request was written
    /// (a reused one included) are not retryable here.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.kind.is_retryable(),
            Error::Transport(e) => e.kind() == TransportErrorKind::Connect,
            _ => false,
        }
    }

    /// Whether the request may have reached the server: the truthful answer
    /// to "did the call happen?" when it is not known to have succeeded.
    ///
    /// `false`: invalid input (nothing was built), name resolution failure,
    /// refused connection, connect timeout, a connection closed during the
    /// TLS handshake, proxy refusal, TLS or certificate failure. `true`: a
    /// timeout or a lost connection after the request was written (a
    /// reused keep-alive connection closed before the answer included: the
    /// server may have read the request), and every answer the
    /// server produced — any status (500, 502, 504, 4xx…), an undecodable
    /// or oversized body, a redirect.
    ///
    /// The same failure gives the same answer on every transport.
    pub fn maybe_sent(&self) -> bool {
        match self {
            Error::InvalidInput(_) => false,
            Error::Transport(e) => e.kind().maybe_sent(),
            Error::Api(_)
            | Error::Decode(_)
            | Error::UnexpectedRedirect { .. }
            | Error::Timeout { .. }
            | Error::BodyTooLarge { .. } => true,
        }
    }

    /// A stable snake_case name for the kind of failure, for logs, metrics and
    /// machine-readable output: `invalid_input`, the [`ApiErrorKind::code`] of
    /// an API error, `decode`, `redirect`, `timeout`, `body_too_large`, or
    /// the [`TransportErrorKind::code`] of a transport failure (`connect`,
    /// `tls`, `stale_connection`, `io`, `other`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput(_) => "invalid_input",
            Error::Api(e) => e.kind.code(),
            Error::Decode(_) => "decode",
            Error::UnexpectedRedirect { .. } => "redirect",
            Error::Timeout { .. } => "timeout",
            Error::BodyTooLarge { .. } => "body_too_large",
            Error::Transport(e) => e.kind().code(),
        }
    }

    /// How long the server asked us to wait (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api().and_then(|e| e.retry_after)
    }

    /// The error for a transport failure under `limits`, which name the
    /// limit exceeded when the transport did not.
    pub(crate) fn from_transport(e: TransportError, limits: &Limits) -> Self {
        match e.kind() {
            TransportErrorKind::Timeout => Error::Timeout {
                after: e.limit_duration().or(limits.timeout),
            },
            TransportErrorKind::BodyTooLarge => Error::BodyTooLarge {
                limit: e.limit_bytes().unwrap_or(limits.max_response_bytes),
            },
            _ => Error::Transport(e),
        }
    }
}

/// Which class of error the server reported, one per documented status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: a required parameter is missing or malformed.
    BadRequest,
    /// 401: the access token is invalid or missing.
    Unauthorized,
    /// 403: the token is valid but not allowed to do this.
    Forbidden,
    /// 404: the session (instance) does not exist.
    NotFound,
    /// 403 with the code `subscription_required`: the call (webhook
    /// management) needs a paid plan. See [`ApiErrorKind::hint`].
    SubscriptionRequired,
    /// 403 with the code `quota_reached`: the account has as many instances
    /// as its plan allows. See [`ApiErrorKind::hint`].
    QuotaReached,
    /// 429: too many requests; see [`ApiError::retry_after`].
    RateLimited,
    /// 502: the API could not reach its upstream (documented as "Bad
    /// Gateway - Connection Failed to Upstream": nothing happened).
    BadGateway,
    /// 503: temporarily unavailable; the server did not take the request.
    Unavailable,
    /// 504: a gateway gave up waiting for the server, which may still have
    /// done what was asked.
    GatewayTimeout,
    /// 500 and any other 5xx: unexpected failure on the server.
    Server,
    /// Any other status.
    Other,
}

impl ApiErrorKind {
    /// The kind for an HTTP status.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            429 => Self::RateLimited,
            502 => Self::BadGateway,
            503 => Self::Unavailable,
            504 => Self::GatewayTimeout,
            500..=599 => Self::Server,
            _ => Self::Other,
        }
    }

    /// Whether a retry policy retries this kind of answer for a read or a
    /// harmless call: 429, 502 and 503 (a destructive call only after a
    /// 429; see [`Error::is_retryable`]).
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            Self::RateLimited | Self::BadGateway | Self::Unavailable
        )
    }

    /// A stable snake_case name, e.g. `not_found`.
    pub fn code(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::SubscriptionRequired => "subscription_required",
            Self::QuotaReached => "quota_reached",
            Self::RateLimited => "rate_limited",
            Self::BadGateway => "bad_gateway",
            Self::Unavailable => "unavailable",
            Self::GatewayTimeout => "gateway_timeout",
            Self::Server => "server_error",
            Self::Other => "unexpected_status",
        }
    }

    /// What the user can do about it, when this kind has one clear remedy:
    /// the plan requirement of [`ApiErrorKind::SubscriptionRequired`], the
    /// instance quota of [`ApiErrorKind::QuotaReached`].
    ///
    /// ```
    /// use wawp_core::ApiErrorKind;
    /// assert!(ApiErrorKind::SubscriptionRequired.hint().unwrap().contains("paid plan"));
    /// assert_eq!(ApiErrorKind::NotFound.hint(), None);
    /// ```
    pub fn hint(self) -> Option<&'static str> {
        match self {
            Self::SubscriptionRequired => Some(
                "webhook management needs a paid plan (Wawp's free tier does not include it); \
                 upgrade the account's plan, then try again",
            ),
            Self::QuotaReached => Some(
                "the account has as many instances as its plan allows; \
                 delete an unused instance or upgrade the plan",
            ),
            _ => None,
        }
    }

    /// A short human name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not found",
            Self::SubscriptionRequired => "subscription required",
            Self::QuotaReached => "quota reached",
            Self::RateLimited => "rate limited",
            Self::BadGateway => "bad gateway",
            Self::Unavailable => "unavailable",
            Self::GatewayTimeout => "gateway timeout",
            Self::Server => "server error",
            Self::Other => "unexpected status",
        }
    }
}

impl std::fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The format the server used for a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyFormat {
    /// `application/json`.
    Json,
    /// XML.
    Xml,
    /// HTML.
    Html,
    /// Plain text (or anything unrecognised).
    Text,
    /// No body at all.
    Empty,
}

/// An error answer from the server.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("HTTP {} ({kind}): {}", status.as_u16(), message.as_deref().unwrap_or("no message"))]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Its class.
    pub kind: ApiErrorKind,
    /// The server's message, extracted from the body (redacted, bounded).
    pub message: Option<String>,
    /// The body's format.
    pub format: BodyFormat,
    /// The start of the raw body (redacted, bounded), for diagnostics.
    pub snippet: String,
    /// The `Retry-After` delay, in seconds or HTTP-date form.
    pub retry_after: Option<Duration>,
}

/// A 2xx response whose body is not the documented JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("HTTP {} response is not the documented JSON: {reason}", status.as_u16())]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What was wrong: which field is missing or has the wrong type, or that the
    /// body is empty or not JSON (redacted).
    pub reason: String,
    /// The start of the raw body (redacted, bounded).
    pub snippet: String,
}

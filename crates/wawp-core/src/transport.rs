//! The seam between the sans-IO core and the code that moves bytes.
//!
//! A transport takes an `http::Request<Vec<u8>>` and returns the raw
//! `http::Response<Vec<u8>>`: every status (4xx, 5xx and 3xx included) is a
//! response, never an error. It knows nothing about Wawp; it only enforces the
//! [`Limits`] it is handed, because only it can: the timeout, the maximum body
//! size (while reading, never buffering more), and never following redirects.
//!
//! This module is what a transport author needs, in one place: the traits,
//! [`Limits`], [`TransportError`] and its kinds, the helpers every
//! transport shares ([`LimitedBody`], [`has_cause`]), [`Reused`] and
//! [`FreshConnection`] (what a transport says about connection reuse, and
//! what the clients ask of it), [`FromConfig`], closures as transports ([`from_fn`], [`from_async_fn`])
//! and [`async_trait`](macro@async_trait), which implementing
//! [`Transport`] needs.
//!
//! ## A transport in a few lines
//!
//! ```
//! use wawp_core::transport::{Limits, Transport, TransportError, async_trait};
//! use wawp_core::{AccessToken, Client, InstanceId, http};
//!
//! struct MyTransport; // would hold your HTTP client
//!
//! #[async_trait]
//! impl Transport for MyTransport {
//!     async fn send(
//!         &self,
//!         request: http::Request<Vec<u8>>,
//!         _limits: &Limits, // enforce: timeout, connect timeout, body size
//!     ) -> Result<http::Response<Vec<u8>>, TransportError> {
//!         // Send `request` with your client; every status is a response.
//!         let body = r#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;
//!         Ok(http::Response::new(body.into()))
//!     }
//!     async fn sleep(&self, duration: std::time::Duration) {
//!         std::thread::sleep(duration) // your runtime's timer, e.g. tokio::time::sleep
//!     }
//! }
//!
//! let client = Client::new(MyTransport, AccessToken::new("tok")?);
//! # futures_executor::block_on(async {
//! let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?).await?;
//! # Ok::<(), wawp_core::Error>(()) })?;
//! # Ok::<(), wawp_core::Error>(())
//! ```
//!
//! `sleep` is required because the core has no runtime to wait with (it is
//! only called between retries, which are off by default). A blocking
//! transport gets `std::thread::sleep` as its default. The
//! `wawp-conformance` crate runs the shared test suite against any
//! transport, a hand-written one included.

pub use async_trait::async_trait;

pub use crate::body_limit::LimitedBody;
pub use crate::cause::has_cause;
pub use crate::fn_transport::{AsyncFnTransport, FnTransport, from_async_fn, from_fn};

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use http::{Request, Response};

use crate::redact;

/// The total time one exchange may take unless configured otherwise: 30 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The time establishing a connection (name resolution, TCP, proxy tunnel
/// and TLS) may take unless configured otherwise: 10 s. The one place this
/// default is written; every transport takes it from [`Limits`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body accepted unless configured otherwise: 1 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// The limits a transport enforces on one exchange.
///
/// Every transport honours all three, whatever HTTP library it wraps: the
/// conformance suite checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Total time for the exchange: connect, send, and read the whole body.
    pub timeout: Option<Duration>,
    /// Time to establish a connection: name resolution, TCP, the proxy's
    /// `CONNECT` tunnel when there is one, and the TLS handshake. Exceeding
    /// it is a [`TransportErrorKind::Connect`] failure: nothing was sent.
    pub connect_timeout: Option<Duration>,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl Limits {
    /// Limits with the given total timeout and body size, and the default
    /// connect timeout capped at the total.
    pub fn new(timeout: Option<Duration>, max_response_bytes: usize) -> Self {
        Self::with_connect_timeout(timeout, Some(DEFAULT_CONNECT_TIMEOUT), max_response_bytes)
    }

    /// Limits with all three values. Connecting can never take longer than
    /// the whole exchange may: a connect timeout that is not shorter than the
    /// total is cut to [`connect_share`] of it (95 %, and at least
    /// [`CONNECT_MARGIN`] shorter), so that a connection
    /// still being set up when time runs out ends as a `Connect` failure —
    /// nothing sent — on every transport, instead of racing the total
    /// timeout, which would report `Timeout` (maybe sent).
    pub fn with_connect_timeout(
        timeout: Option<Duration>,
        connect_timeout: Option<Duration>,
        max_response_bytes: usize,
    ) -> Self {
        let connect_timeout = match (connect_timeout, timeout) {
            (Some(connect), Some(total)) if connect < total => Some(connect),
            (_, Some(total)) => Some(connect_share(total)),
            (connect, None) => connect,
        };
        Self {
            timeout,
            connect_timeout,
            max_response_bytes,
        }
    }
}

/// Put by a transport in a response's extensions when it knows whether the
/// exchange went on a connection reused from its pool (`true`) or a new one
/// (`false`); diagnostics (`tracing`, `wawp -v`) report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reused(pub bool);

/// The part of a total timeout `total` that connecting may take when the
/// configured connect timeout is not shorter: 95 % of it, but at least
/// [`CONNECT_MARGIN`] (and at most half) before the end (`Limits` keeps the
/// connect deadline strictly before the total one). 1.9 s of 2 s, 9.5 s of
/// 10 s, 200 ms of 300 ms.
///
/// ```
/// use std::time::Duration;
/// use wawp_core::transport::connect_share;
///
/// assert_eq!(connect_share(Duration::from_secs(10)), Duration::from_millis(9_500));
/// assert_eq!(connect_share(Duration::from_secs(2)), Duration::from_millis(1_900));
/// assert_eq!(connect_share(Duration::from_millis(300)), Duration::from_millis(200));
/// assert_eq!(connect_share(Duration::from_millis(100)), Duration::from_millis(50));
/// ```
pub fn connect_share(total: Duration) -> Duration {
    total - (total / 20).max(CONNECT_MARGIN).min(total / 2)
}

/// How much sooner than the total deadline a connect deadline that
/// [`connect_share`] derives falls, at least. A transport may start its
/// connect clock after the call began: ureq starts it once the name is
/// resolved, on a thread it starts for that. On a loaded machine that can
/// be tens of milliseconds later, and with a thinner margin the total
/// deadline would come first, so a call that never got a connection would
/// end as `Timeout` (maybe sent) instead of `Connect`.
pub const CONNECT_MARGIN: Duration = Duration::from_millis(100);

/// Put by the clients in a request's extensions: send this request on a
/// new connection, never on an idle one from a pool.
///
/// The clients mark every attempt of a [`Repeat::Never`](crate::Repeat::Never)
/// call, so that a destructive call never meets a keep-alive connection the
/// server is closing (the one failure no client can tell from a request
/// the server read), and the one re-send after a
/// [`StaleConnection`](TransportErrorKind::StaleConnection) of a
/// [`Repeat::Read`](crate::Repeat::Read) or
/// [`Repeat::Harmless`](crate::Repeat::Harmless) call (another idle
/// connection may be just as stale).
///
/// A transport that opens a connection for every request may ignore it. A
/// transport with a pool sends such a request on a connection opened for
/// it (for example with a second client over the same connector that keeps
/// no idle connection) and may leave the new connection out of its pool.
///
/// ```
/// use wawp_core::transport::FreshConnection;
///
/// let request = http::Request::new(Vec::<u8>::new());
/// // In a transport's `send`:
/// let fresh = request.extensions().get::<FreshConnection>().is_some();
/// assert!(!fresh);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FreshConnection;

/// An async transport. Implement it to bring your own HTTP client; see the
/// crate documentation for a complete example.
///
/// What every transport must do is said in the [module documentation](self):
/// every status is a response, the [`Limits`] are enforced, and failures
/// say truthfully whether the request may have been sent
/// ([`TransportErrorKind`]). A transport with a connection pool must send
/// a request carrying [`FreshConnection`] on a new connection; one that
/// opens a connection per request may ignore it. A transport that cannot
/// tell a reused connection from a new one reports a connection closed
/// before the answer as [`TransportErrorKind::Io`], never as
/// [`TransportErrorKind::StaleConnection`].
///
/// On `wasm32` its futures need not be `Send` (a browser's or a worker's
/// `fetch` cannot give one): implement it there with
/// `#[async_trait(?Send)]`, or with
/// `#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]` and
/// `#[cfg_attr(not(target_arch = "wasm32"), async_trait)]` for both.
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
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
///
/// Its duties are those of [`Transport`], [`FreshConnection`] included.
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

/// A transport that can be built from a [`Config`](crate::Config): every
/// transport crate's default constructor goes through it, so a `Config`'s
/// proxy ([`Config::proxy`](crate::Config::proxy)), extra roots
/// ([`Config::trust`](crate::Config::trust)) and limits are always honoured.
/// The builders ([`Client::builder`](crate::Client)) use it to make the
/// transport they were asked for.
pub trait FromConfig: Sized {
    /// A transport configured from `config`. Fails only when the HTTP
    /// library refuses the configuration (an `Error::InvalidInput` or
    /// `Error::Transport` of kind `Other`), never on the network: nothing is
    /// sent.
    fn from_config(config: &crate::Config) -> Result<Self, crate::Error>;
}

macro_rules! forward {
    ($($ptr:ty),*) => {$(
        #[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
        #[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
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
    /// The connection could not be established: name resolution failed,
    /// the port refused, the network is unreachable, the connect timeout
    /// passed, the server closed the connection during the TLS handshake,
    /// the proxy refused the tunnel, or the HTTP library says it never
    /// wrote the request. The request was certainly not sent.
    Connect,
    /// TLS failed: the certificate is not trusted, or the peer broke the
    /// TLS protocol. The request was not sent (it is only written once the
    /// handshake has succeeded), and is never retried: it would fail the
    /// same way. A connection merely closed during the handshake is
    /// [`Connect`](Self::Connect).
    Tls,
    /// The request went on a **reused** keep-alive connection that closed
    /// before any byte of the answer arrived. Most often the server (or a
    /// load balancer) had closed the idle connection just as the request
    /// was written, but a server that read the request, acted on it and
    /// then lost the connection looks the same (RFC 9112 §9.3.1): the
    /// request **may have been sent**. The clients re-send such a request
    /// once, at once, on a new connection (marked [`FreshConnection`]), for
    /// [`Repeat::Read`](crate::Repeat::Read) and
    /// [`Repeat::Harmless`](crate::Repeat::Harmless) endpoints only, as
    /// browsers do for idempotent requests: a repeat that may run a
    /// harmless call twice. A [`Repeat::Never`](crate::Repeat::Never) call
    /// is never re-sent; it goes on a new connection in the first place.
    StaleConnection,
    /// The limit on total time was exceeded after the connection was
    /// established: the request may have been sent.
    Timeout,
    /// The body exceeded the size limit.
    BodyTooLarge,
    /// The connection broke, or the peer spoke invalid HTTP, after the request
    /// may have been sent (on a fresh connection, or after response bytes
    /// arrived).
    Io,
    /// Anything else.
    Other,
}

impl TransportErrorKind {
    /// Whether a failure of this kind may come after the request reached
    /// the server: `false` for [`Connect`](Self::Connect) and
    /// [`Tls`](Self::Tls), `true` for the rest.
    pub fn maybe_sent(self) -> bool {
        !matches!(self, Self::Connect | Self::Tls)
    }

    /// A stable snake_case name: `connect`, `tls`, `stale_connection`,
    /// `timeout`, `body_too_large`, `io` or `other`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Connect => "connect",
            Self::Tls => "tls",
            Self::StaleConnection => "stale_connection",
            Self::Timeout => "timeout",
            Self::BodyTooLarge => "body_too_large",
            Self::Io => "io",
            Self::Other => "other",
        }
    }
}

/// A transport failure. Its message is scrubbed of URL query strings and
/// `access_token=` pairs when it is made, so a client library's error text
/// (reqwest and ureq both embed the full URL) cannot leak the token.
///
/// Its [`source`](StdError::source) is, where the library's error wrapped
/// one, an [`io::Error`] to downcast: not the library's own (whose text
/// may hold anything), but one made anew from its [`io::ErrorKind`] and
/// OS error code, which carry no URL and no token.
///
/// ```
/// use std::error::Error as _;
/// use std::io;
/// use wawp_core::{TransportError, TransportErrorKind};
///
/// let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
/// let err = TransportError::new(TransportErrorKind::Connect, &refused);
/// let io = err.source().and_then(|s| s.downcast_ref::<io::Error>()).unwrap();
/// assert_eq!(io.kind(), io::ErrorKind::ConnectionRefused);
/// assert_eq!(err.io_kind(), Some(io::ErrorKind::ConnectionRefused));
/// ```
#[derive(Clone)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    limit_bytes: Option<usize>,
    limit_duration: Option<Duration>,
    io: Option<Arc<io::Error>>,
}

impl PartialEq for TransportError {
    fn eq(&self, other: &Self) -> bool {
        let io = |e: &Self| e.io.as_deref().map(|io| (io.kind(), io.raw_os_error()));
        self.kind == other.kind
            && self.message == other.message
            && self.limit_bytes == other.limit_bytes
            && self.limit_duration == other.limit_duration
            && io(self) == io(other)
    }
}

impl Eq for TransportError {}

/// The first [`io::Error`] among `err` and its causes (looking inside
/// `io::Error` wrappers too), made anew from its kind and OS error code
/// only.
fn scrubbed_io(err: &(dyn StdError + 'static)) -> Option<io::Error> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            // A wrapper of another error (hyper-util and ureq wrap theirs):
            // a more specific `io::Error` may be inside.
            if let Some(inner) = io.get_ref().and_then(|inner| scrubbed_io(inner)) {
                return Some(inner);
            }
            return Some(match io.raw_os_error() {
                Some(code) => io::Error::from_raw_os_error(code),
                None => io::Error::from(io.kind()),
            });
        }
        next = e.source();
    }
    None
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
        Self {
            io: scrubbed_io(source).map(Arc::new),
            ..Self::from_message(kind, message)
        }
    }

    /// A failure of `kind` with a plain message (scrubbed like [`Self::new`]).
    pub fn from_message(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: redact::scrub_urls(&message.into()),
            limit_bytes: None,
            limit_duration: None,
            io: None,
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

    /// The kind of the [`io::Error`] the library's error wrapped, if it
    /// wrapped one (also this error's [`source`](StdError::source)).
    pub fn io_kind(&self) -> Option<io::ErrorKind> {
        self.io.as_deref().map(io::Error::kind)
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
            .field("io", &self.io_kind())
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Tls => "TLS failed",
            TransportErrorKind::StaleConnection => "reused connection closed before the answer",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::BodyTooLarge => "response too large",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::Other => "transport error",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.io.as_deref().map(|io| io as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_io_source_is_made_anew_without_the_library_text() {
        let leaky = io::Error::new(
            io::ErrorKind::ConnectionReset,
            "reset on https://api.wawp.net/x?access_token=tok-SECRET",
        );
        let err = TransportError::new(TransportErrorKind::Io, &leaky);
        let source = err.source().expect("an io source");
        let io = source.downcast_ref::<io::Error>().unwrap();
        assert_eq!(io.kind(), io::ErrorKind::ConnectionReset);
        for text in [
            format!("{err}"),
            format!("{err:?}"),
            format!("{source}"),
            format!("{source:?}"),
        ] {
            assert!(!text.contains("tok-SECRET"), "{text}");
        }
        // An OS error keeps its code; an error without one has no source.
        let os = TransportError::new(
            TransportErrorKind::Connect,
            &io::Error::other(io::Error::from_raw_os_error(111)),
        );
        assert_eq!(
            os.io.as_deref().and_then(io::Error::raw_os_error),
            Some(111)
        );
        let plain = TransportError::from_message(TransportErrorKind::Other, "x");
        assert!(plain.source().is_none() && plain.io_kind().is_none());
    }
}

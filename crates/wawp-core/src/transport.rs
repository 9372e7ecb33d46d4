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
/// end as `Timeout` (maybe sent) instead of `Connect` (seen with 5 % of
/// 300 ms: in 2 of 2 runs of the blocking conformance suite with the CPU
/// saturated).
pub const CONNECT_MARGIN: Duration = Duration::from_millis(100);

/// Put by the clients in a request's extensions: the client is re-sending
/// a request that failed on a stale reused connection
/// ([`TransportErrorKind::StaleConnection`]); send it on a new connection,
/// never a pooled one.
///
/// Another idle connection from the pool may be just as stale (a server
/// that closed one connection after a burst of calls has often closed them
/// all), and the clients re-send only once: a re-send that goes back into
/// the pool can fail the same way, and the caller then gets the error. On a
/// new connection it cannot fail as stale, since nothing was reused.
///
/// Only the clients' re-send carries it: the first attempt and every retry
/// under [`RetryPolicy`](crate::RetryPolicy) do not. A transport that opens
/// a connection for every request may ignore it. A transport with a pool
/// sends such a request on a connection opened for it (for example with a
/// second client over the same connector that keeps no idle connection)
/// and may leave the new connection out of its pool; its stale detection
/// and its [`Reused`] answer are unchanged (the answer is `Reused(false)`).
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
/// ([`TransportErrorKind`]). A transport with a connection pool that can
/// tell a stale reused connection ([`TransportErrorKind::StaleConnection`])
/// must also send a request carrying [`FreshConnection`] on a new
/// connection; one that opens a connection per request may ignore it.
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
    /// passed, or the proxy refused the tunnel. The request was certainly
    /// not sent.
    Connect,
    /// TLS failed: bad certificate, handshake error. The request was not
    /// sent (it is only written once the handshake has succeeded).
    Tls,
    /// The request went on a **reused** keep-alive connection that failed
    /// before any byte of the response arrived: the server (or a load
    /// balancer) had closed it while it was idle, and never read the
    /// request. Nothing happened on the server. The clients re-send such a
    /// request once, at once, marked [`FreshConnection`] so that it goes on
    /// a new connection, as curl and browsers do; it is neither a retry nor
    /// an error unless the re-send fails too.
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
    /// the server: `false` for [`Connect`](Self::Connect),
    /// [`Tls`](Self::Tls) and [`StaleConnection`](Self::StaleConnection),
    /// `true` for the rest.
    pub fn maybe_sent(self) -> bool {
        !matches!(self, Self::Connect | Self::Tls | Self::StaleConnection)
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
            TransportErrorKind::StaleConnection => "reused connection closed by the server",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::BodyTooLarge => "response too large",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::Other => "transport error",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl StdError for TransportError {}

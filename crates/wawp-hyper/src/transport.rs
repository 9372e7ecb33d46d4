//! [`HyperTransport`]: hyper 1's HTTP/1.1 client connections and a small
//! pool, behind the [`Transport`] trait.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use wawp_core::http::{HeaderValue, Request, Response, Uri, header};
use wawp_core::{LimitedBody, Limits, Transport, TransportError, TransportErrorKind};

use crate::body::{read_body, says_close};
use crate::connect::Connector;
use crate::pool::{Origin, Pool};

/// The connect timeout used unless [`HyperTransport::connect_timeout`] says
/// otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An async [`Transport`] over hyper 1: HTTP/1.1 keep-alive connections
/// (`hyper::client::conn::http1`) in a small pool, with rustls (ring
/// provider).
///
/// Cheap to clone: clones share the connection pool. Must be used inside a
/// tokio runtime (it spawns one task per connection and uses tokio timers).
///
/// **Pool.** A connection goes back to the pool only once its response body
/// has been read completely and the response did not say
/// `Connection: close`; after an error, a timeout or a body over the limit
/// it is closed. A request takes the most recently used idle connection to
/// its scheme and host, waiting until that connection is ready, and opens a
/// new one only when none is usable: sequential requests use one connection.
/// Up to 64 idle connections are kept per host; one idle for more than 90 s
/// is not reused. A pooled connection the server closed before taking the
/// request is dropped and the request goes on another one; nothing that may
/// have reached the server is sent twice. (To see such a close even when it
/// arrived while the runtime was not running, as between two `block_on`
/// calls on a current-thread runtime, a request yields to the runtime once
/// before it takes a pooled connection.)
///
/// Every status, 3xx included, is returned as a response; redirects are
/// never followed. The total timeout and the maximum body size come from the
/// [`Limits`] of each call. Establishing a connection (TCP and TLS) is bounded
/// by the shorter of this transport's connect timeout (default
/// [`DEFAULT_CONNECT_TIMEOUT`]) and the call's `Limits::connect_timeout`,
/// and the total timeout bounds it too.
#[derive(Clone)]
pub struct HyperTransport {
    connector: Connector,
    pool: Arc<Pool>,
    tls: Arc<rustls::ClientConfig>,
    connect_timeout: Option<Duration>,
}

impl HyperTransport {
    /// A transport trusting the Mozilla roots (webpki-roots), with the ring
    /// crypto provider.
    pub fn new() -> Self {
        Self::with_tls_config(default_tls_config())
    }

    /// A transport using `config` for TLS (for example to trust a private CA).
    ///
    /// Its ALPN protocols are cleared: this transport only speaks HTTP/1.1.
    pub fn with_tls_config(config: rustls::ClientConfig) -> Self {
        let mut config = config;
        config.alpn_protocols.clear();
        let tls = Arc::new(config);
        Self {
            connector: Connector::new((*tls).clone(), Some(DEFAULT_CONNECT_TIMEOUT)),
            pool: Arc::default(),
            tls,
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
        }
    }

    /// This transport with another connect timeout (establishing a
    /// connection, TCP and TLS; `None` leaves only the call's
    /// `Limits::connect_timeout` and its total timeout). It shares the pool
    /// of `self`.
    #[must_use]
    pub fn connect_timeout(self, timeout: Option<Duration>) -> Self {
        Self {
            connector: Connector::new((*self.tls).clone(), timeout),
            pool: self.pool,
            tls: self.tls,
            connect_timeout: timeout,
        }
    }

    /// One exchange: a pooled or new connection, the request, the whole
    /// body; the connection goes back to the pool only if all went well.
    async fn exchange(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let origin = Origin::of(request.uri()).ok_or_else(|| {
            TransportError::from_message(
                TransportErrorKind::Other,
                "the request URI has no scheme or no host",
            )
        })?;
        let mut request = on_the_wire(request);
        let (sender, response) = loop {
            let (mut sender, pooled) = match self.pool.checkout(&origin).await {
                Some(sender) => (sender, true),
                None => {
                    let timeout = shorter(self.connect_timeout, limits.connect_timeout);
                    (self.connector.connect(&origin, timeout).await?, false)
                }
            };
            match sender.try_send_request(request).await {
                Ok(response) => break (sender, response),
                Err(mut e) => match e.take_message() {
                    // The pooled connection closed before taking the request
                    // (the server dropped it while idle): nothing was sent,
                    // send it on another one.
                    Some(unsent) if pooled => request = unsent,
                    _ => return Err(send_error(&e.into_error())),
                },
            }
        };
        let (parts, body) = response.into_parts();
        // Refused early: dropping the sender and the unread body closes the
        // connection.
        let buf = LimitedBody::for_response(&parts.headers, limits)?;
        let body = read_body(body, buf).await?;
        if !says_close(&parts.headers) {
            self.pool.checkin(origin, sender);
        }
        Ok(Response::from_parts(parts, body))
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl Transport for HyperTransport {
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let exchange = self.exchange(request, limits);
        match limits.timeout {
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or_else(|_| Err(TransportError::timeout(Some(limit)))),
            None => exchange.await,
        }
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// Rustls with the ring provider, safe default protocol versions and the
/// webpki roots.
fn default_tls_config() -> rustls::ClientConfig {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        // ring supports TLS 1.2 and 1.3, the safe defaults: this cannot fail.
        .expect("the ring provider supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth()
}

/// `request` as HTTP/1.1 puts it on the wire: the target in origin-form
/// (path and query), and a `Host` header from the authority (with the port
/// unless it is the scheme's default) unless one is set already.
fn on_the_wire(request: Request<Vec<u8>>) -> Request<Full<Bytes>> {
    let (mut parts, body) = request.into_parts();
    if !parts.headers.contains_key(header::HOST) {
        if let Some(host) = host_header(&parts.uri) {
            parts.headers.insert(header::HOST, host);
        }
    }
    parts.uri = match parts.uri.path_and_query() {
        Some(target) => Uri::from(target.clone()),
        None => Uri::from_static("/"),
    };
    Request::from_parts(parts, Full::new(Bytes::from(body)))
}

/// `host` or `host:port` for `uri`.
fn host_header(uri: &Uri) -> Option<HeaderValue> {
    let host = uri.host()?;
    let default_port = if uri.scheme_str() == Some("https") {
        443
    } else {
        80
    };
    let value = match uri.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.to_owned(),
    };
    HeaderValue::from_str(&value).ok()
}

/// The shorter of two optional timeouts (`None` is no limit).
fn shorter(a: Option<Duration>, b: Option<Duration>) -> Option<Duration> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A failure sending the request or reading the response head: `Other` if
/// hyper refused the request itself, `Io` otherwise (it may have been sent).
fn send_error(err: &hyper::Error) -> TransportError {
    let kind = if err.is_user() {
        TransportErrorKind::Other
    } else {
        TransportErrorKind::Io
    };
    TransportError::new(kind, err)
}

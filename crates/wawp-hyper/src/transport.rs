//! [`HyperTransport`]: a pooled hyper-util client behind the
//! [`Transport`] trait.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client as LegacyClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use wawp_core::http::{Request, Response, header};
use wawp_core::{Limits, Transport, TransportError, TransportErrorKind};

/// The connect timeout used unless [`HyperTransport::connect_timeout`] says
/// otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

type Inner = LegacyClient<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// An async [`Transport`] over hyper 1: a pooled HTTP/1.1 keep-alive client
/// (hyper-util's legacy `Client`) with rustls (ring provider).
///
/// Cheap to clone: clones share the connection pool. Must be used inside a
/// tokio runtime (it spawns connection tasks and uses tokio timers).
///
/// Every status, 3xx included, is returned as a response; redirects are
/// never followed. The total timeout and the maximum body size come from the
/// [`Limits`] of each call; the connect timeout is set on the connector
/// (default [`DEFAULT_CONNECT_TIMEOUT`]), and the total timeout bounds it too.
#[derive(Clone)]
pub struct HyperTransport {
    client: Inner,
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
            client: build_client(&tls, Some(DEFAULT_CONNECT_TIMEOUT)),
            tls,
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
        }
    }

    /// This transport with another connect timeout (TCP connect; `None`
    /// waits as long as the total timeout allows). Starts a new pool.
    #[must_use]
    pub fn connect_timeout(self, timeout: Option<Duration>) -> Self {
        Self {
            client: build_client(&self.tls, timeout),
            tls: self.tls,
            connect_timeout: timeout,
        }
    }

    async fn exchange(
        &self,
        request: Request<Vec<u8>>,
        max: usize,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let request = request.map(|body| Full::new(Bytes::from(body)));
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| TransportError::new(classify(&e), &e))?;
        let (parts, body) = response.into_parts();
        let declared = content_length(&parts.headers);
        if declared.is_some_and(|len| len > max as u64) {
            return Err(TransportError::body_too_large(max));
        }
        let body = read_body(body, max, declared).await?;
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
        let exchange = self.exchange(request, limits.max_response_bytes);
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

fn build_client(tls: &Arc<rustls::ClientConfig>, connect_timeout: Option<Duration>) -> Inner {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(connect_timeout);
    let https = HttpsConnectorBuilder::new()
        .with_tls_config((**tls).clone())
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    LegacyClient::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .pool_idle_timeout(Duration::from_secs(90))
        .build(https)
}

fn content_length(headers: &wawp_core::http::HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Reads `body` frame by frame, failing as soon as more than `max` bytes
/// have arrived.
async fn read_body(
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

/// Whether `err` or any of its causes (looking inside `io::Error` wrappers,
/// whose `source` skips the wrapped error) is a `T`.
fn has_cause<T: StdError + 'static>(err: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(e) = next {
        if e.is::<T>() {
            return true;
        }
        if let Some(inner) = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            if has_cause::<T>(inner) {
                return true;
            }
        }
        next = e.source();
    }
    false
}

fn classify(err: &hyper_util::client::legacy::Error) -> TransportErrorKind {
    if err.is_connect() {
        if has_cause::<rustls::Error>(err) {
            TransportErrorKind::Tls
        } else {
            TransportErrorKind::Connect
        }
    } else {
        match err.source().and_then(|s| s.downcast_ref::<hyper::Error>()) {
            Some(e) if e.is_user() => TransportErrorKind::Other,
            Some(_) => TransportErrorKind::Io,
            // Errors without a cause are the client refusing the request
            // (unsupported version, URI without authority…).
            None => TransportErrorKind::Other,
        }
    }
}

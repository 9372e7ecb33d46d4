//! [`ReqwestTransport`]: a `reqwest::Client` behind the [`Transport`] trait.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use wawp_core::http::{Request, Response};
use wawp_core::{LimitedBody, Limits, Transport, TransportError, TransportErrorKind, has_cause};

/// The connect timeout of the client built by [`ReqwestTransport::new`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An async [`Transport`] over a [`reqwest::Client`].
///
/// Cheap to clone: clones share the client and its connection pool. Must be
/// used inside a tokio runtime.
///
/// Every status, 3xx included, is returned as a response. The client built by
/// [`ReqwestTransport::new`] never follows redirects; a client handed to
/// [`ReqwestTransport::from_client`] should be built with
/// `redirect(reqwest::redirect::Policy::none())`, and if it follows one
/// anyway the response is refused with an error rather than returned as if it
/// came from the requested URL.
#[derive(Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport over a new client: rustls with the ring provider and the
    /// Mozilla roots (webpki-roots), HTTP/1.1, no redirects, no proxy from the
    /// environment, connect timeout [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn new() -> Self {
        Self::with_tls_config(default_tls_config())
    }

    /// Like [`ReqwestTransport::new`], with `config` for TLS (for example to
    /// trust a private CA).
    pub fn with_tls_config(config: rustls::ClientConfig) -> Self {
        Self::build(Self::builder(config))
    }

    /// Like [`ReqwestTransport::new`], with another connect timeout (`None`:
    /// only the total timeout of each call bounds connecting).
    pub fn with_connect_timeout(timeout: Option<Duration>) -> Self {
        Self::build(builder(default_tls_config(), timeout))
    }

    /// The builder [`ReqwestTransport::new`] uses, with `config` for TLS, to
    /// adjust before [`ReqwestTransport::from_client`].
    pub fn builder(config: rustls::ClientConfig) -> reqwest::ClientBuilder {
        builder(config, Some(DEFAULT_CONNECT_TIMEOUT))
    }

    fn build(builder: reqwest::ClientBuilder) -> Self {
        let client = builder
            .build()
            // Building fails only for an unusable TLS backend or a broken
            // system configuration; a preconfigured rustls config is neither.
            .expect("reqwest client with a preconfigured rustls config");
        Self { client }
    }

    /// A transport over `client`. Build it with
    /// `redirect(reqwest::redirect::Policy::none())`: the transport never
    /// returns a redirected response (it refuses it with an error), but by then
    /// the client has already sent a request to the redirect target.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }

    /// The underlying client.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    async fn exchange(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let map_error = |e| map_error(e, limits.timeout);
        let mut request = reqwest::Request::try_from(request).map_err(map_error)?;
        *request.timeout_mut() = limits.timeout;
        let sent_url = request.url().clone();
        let mut response = self.client.execute(request).await.map_err(map_error)?;
        if *response.url() != sent_url {
            return Err(TransportError::from_message(
                TransportErrorKind::Other,
                "the reqwest client followed a redirect; build it with \
                 redirect(reqwest::redirect::Policy::none())",
            ));
        }
        let mut body = LimitedBody::for_response(response.headers(), limits)?;
        while let Some(chunk) = response.chunk().await.map_err(map_error)? {
            body.push(&chunk)?;
        }
        let mut out = Response::new(body.into_vec());
        *out.status_mut() = response.status();
        *out.version_mut() = response.version();
        *out.headers_mut() = std::mem::take(response.headers_mut());
        *out.extensions_mut() = std::mem::take(response.extensions_mut());
        Ok(out)
    }
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestTransport").finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        // reqwest enforces the total timeout itself (set on each request in
        // `exchange`), from connecting to the end of the body.
        self.exchange(request, limits).await
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

fn builder(tls: rustls::ClientConfig, connect_timeout: Option<Duration>) -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .http1_only()
        .no_proxy();
    match connect_timeout {
        Some(timeout) => builder.connect_timeout(timeout),
        None => builder,
    }
}

/// A transport error for `err`, without its URL (which holds the token).
fn map_error(err: reqwest::Error, timeout: Option<Duration>) -> TransportError {
    let err = err.without_url();
    let kind = if err.is_builder() || err.is_redirect() {
        TransportErrorKind::Other
    } else if err.is_connect() {
        if has_cause::<rustls::Error>(&err) {
            TransportErrorKind::Tls
        } else {
            TransportErrorKind::Connect
        }
    } else if err.is_timeout() {
        return TransportError::timeout(timeout);
    } else if err.is_request() || err.is_body() || err.is_decode() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    TransportError::new(kind, &err)
}

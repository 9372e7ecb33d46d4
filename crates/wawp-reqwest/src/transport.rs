//! [`ReqwestTransport`]: a `reqwest::Client` behind the [`Transport`] trait.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use wawp_core::http::{Request, Response};
use wawp_core::transport::{LimitedBody, Reused};
#[cfg(doc)]
use wawp_core::{Config, Proxy, ProxyRules, Trust, transport::FromConfig};
use wawp_core::{Limits, Transport, TransportError, TransportErrorKind};

use crate::error::{Phase, map_error};
use crate::own::Own;

/// An async [`Transport`] over a [`reqwest::Client`]. Needs a tokio
/// runtime.
///
/// Cheap to clone: clones share the client and its connection pool. The
/// `with_*` methods make a new transport over a new client (and pool).
///
/// ## The clients this crate builds
///
/// [`ReqwestTransport::new`] and [`FromConfig::from_config`] (features
/// `ring`, the default, or `aws-lc-rs`) build the client from a
/// [`Config`]:
///
/// - rustls with the crypto provider of those features, trusting the
///   machine's roots (the OS store, which
///   honours `SSL_CERT_FILE` and `SSL_CERT_DIR`; the Mozilla roots where it
///   is empty) plus the config's [`Trust`] (`wawp_rustls::client_config`);
/// - the config's connect timeout, over name resolution, TCP, the proxy's
///   tunnel and the TLS handshake (exceeding it is a
///   [`Connect`](TransportErrorKind::Connect) failure);
/// - the config's [`Proxy`], through [`ProxyRules::route`]: `https` through
///   an `http://` proxy with `CONNECT` (credentials in
///   `Proxy-Authorization`, never printed), plain `http` never proxied, and
///   an unusable proxy variable a `Connect` failure before anything is
///   sent;
/// - HTTP/1.1 only, no redirects followed, reqwest's pool (idle connections
///   kept 90 s);
/// - a connector layer that tells which call made a new connection, so that
///   a request lost on a connection reused from the pool before any
///   response byte is a
///   [`StaleConnection`](TransportErrorKind::StaleConnection) failure (the
///   clients re-send it once, marked
///   [`FreshConnection`](wawp_core::transport::FreshConnection), which goes
///   on a new connection through a second client that keeps no idle one)
///   and a successful response on one carries [`Reused`]`(true)`.
///
/// Every call: the total timeout of its [`Limits`] from connecting to the
/// end of the body, and the body read chunk by chunk, stopping as soon as
/// it passes the limit (a larger `Content-Length` is refused before
/// reading). The connect timeout is the client's: a call whose `Limits`
/// name another keeps the one the client was built with.
#[derive(Clone)]
pub struct ReqwestTransport {
    pub(crate) client: reqwest::Client,
    /// What this crate built the client from; `None` for the user's
    /// client (always, without a crypto provider feature).
    pub(crate) own: Option<Arc<Own>>,
}

impl ReqwestTransport {
    /// A transport over the user's `client`, used as it is.
    ///
    /// Set per call: the total timeout of the call's [`Limits`] (reqwest's
    /// per-request timeout, from connecting to the end of the body), and
    /// the body size limit.
    ///
    /// Kept from the client: everything else — its connect timeout, TLS
    /// configuration and roots, proxies (reqwest's own reading of the
    /// environment unless it was built with `no_proxy()`, which, unlike
    /// this crate's rules, may send plain `http` through an `HTTP_PROXY`),
    /// pool, and redirect policy. Build it with
    /// `redirect(reqwest::redirect::Policy::none())`: a redirected response
    /// is refused with an error rather than returned as if it came from the
    /// requested URL, but by then the client has sent a request to the
    /// redirect target.
    ///
    /// A request lost on a reused connection is reported as `Io` (may have
    /// been sent) and not re-sent: without this crate's connector layer,
    /// reuse cannot be known.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client, own: None }
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
        let (mut response, reused) = match &self.own {
            Some(own) => own.send(&self.client, request, limits).await?,
            None => (send_on_users(&self.client, request, limits).await?, false),
        };
        let mut body = LimitedBody::for_response(response.headers(), limits)?;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| map_error(e, Phase::Body, limits))?
        {
            body.push(&chunk)?;
        }
        let mut out = Response::new(body.into_vec());
        *out.status_mut() = response.status();
        *out.version_mut() = response.version();
        *out.headers_mut() = std::mem::take(response.headers_mut());
        *out.extensions_mut() = std::mem::take(response.extensions_mut());
        if reused {
            out.extensions_mut().insert(Reused(true));
        }
        Ok(out)
    }
}

/// `request` as reqwest's, with the call's total timeout.
pub(crate) fn reqwest_request(
    request: Request<Vec<u8>>,
    limits: &Limits,
) -> Result<reqwest::Request, TransportError> {
    let mut request = reqwest::Request::try_from(request)
        .map_err(|e| map_error(e, Phase::Exchange { reused: false }, limits))?;
    *request.timeout_mut() = limits.timeout;
    Ok(request)
}

/// Sends `request` on the user's `client`: the response head. Reuse of a
/// pooled connection cannot be known without this crate's connector
/// layer, so a lost connection is `Io` (may have been sent).
async fn send_on_users(
    client: &reqwest::Client,
    request: Request<Vec<u8>>,
    limits: &Limits,
) -> Result<reqwest::Response, TransportError> {
    let request = reqwest_request(request, limits)?;
    // The clients this crate builds follow no redirect; a user's may.
    let sent_url = request.url().clone();
    let response = client
        .execute(request)
        .await
        .map_err(|e| map_error(e, Phase::Exchange { reused: false }, limits))?;
    if *response.url() != sent_url {
        return Err(TransportError::from_message(
            TransportErrorKind::Other,
            "the reqwest client followed a redirect; build it with \
             redirect(reqwest::redirect::Policy::none())",
        ));
    }
    Ok(response)
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ReqwestTransport");
        match &self.own {
            Some(own) => own.debug_fields(&mut d),
            None => {
                d.field("client", &"the user's reqwest::Client");
            }
        }
        d.finish()
    }
}

#[async_trait::async_trait]
impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        // reqwest enforces the total timeout itself (set on each request),
        // from connecting to the end of the body.
        self.exchange(request, limits).await
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

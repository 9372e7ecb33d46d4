//! [`ReqwestTransport`]: a `reqwest::Client` behind the [`Transport`] trait.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use wawp_core::http::{Request, Response, Uri};
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
///   [`StaleConnection`](TransportErrorKind::StaleConnection) failure (may
///   have been sent: the clients re-send a read or a harmless call once)
///   and a successful response on one carries [`Reused`]`(true)`; requests
///   marked [`FreshConnection`](wawp_core::transport::FreshConnection)
///   (every attempt of a destructive call, and core's re-send) go on a new
///   connection through a second client that keeps no idle one.
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
    /// Set per call: the total timeout of the call's [`Limits`] (from
    /// connecting to the end of the body), and the body size limit.
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

/// `request` as reqwest's. The call's total timeout is not reqwest's
/// per-request one (see [`Transport::send`] below).
pub(crate) fn reqwest_request(
    request: Request<Vec<u8>>,
    limits: &Limits,
) -> Result<reqwest::Request, TransportError> {
    convert(request).map_err(|e| map_error(e, Phase::Exchange { reused: false }, limits))
}

/// `request` as reqwest's. What reqwest's own `TryFrom` does, without its
/// `Uri` → `String` through `Display` (a third of the conversion; the URL
/// is parsed as before) when there are no extensions to carry, which
/// reqwest's `Request` lets only its `TryFrom` set. Anything the fast path
/// cannot parse goes through `TryFrom`, for reqwest's own error.
fn convert(request: Request<Vec<u8>>) -> Result<reqwest::Request, reqwest::Error> {
    if !request.extensions().is_empty() {
        return reqwest::Request::try_from(request);
    }
    let Ok(url) = reqwest::Url::parse(&url_text(request.uri())) else {
        return reqwest::Request::try_from(request);
    };
    let (parts, body) = request.into_parts();
    let mut out = reqwest::Request::new(parts.method, url);
    *out.headers_mut() = parts.headers;
    *out.version_mut() = parts.version;
    *out.body_mut() = Some(body.into());
    Ok(out)
}

/// The text `Uri`'s `Display` writes, from the same parts.
fn url_text(uri: &Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or_default();
    let authority = uri.authority().map_or("", |a| a.as_str());
    let path = uri.path();
    let query = uri.query();
    let mut text = String::with_capacity(
        scheme.len() + 3 + authority.len() + path.len() + query.map_or(0, |q| q.len() + 1),
    );
    if !scheme.is_empty() {
        text.push_str(scheme);
        text.push_str("://");
    }
    text.push_str(authority);
    text.push_str(path);
    if let Some(query) = query {
        text.push('?');
        text.push_str(query);
    }
    text
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
        // The total timeout, from connecting to the end of the body, around
        // the whole exchange rather than as reqwest's per-request timeout:
        // tokio polls the exchange before its deadline, so when a busy
        // machine wakes the call after both the connect and the total
        // deadlines have passed, the connect timeout (inside the exchange)
        // is seen first and the call ends as `Connect`, not sent. reqwest
        // checks its own per-request deadline first, which turned such a
        // call into a `Timeout` that may have been sent.
        let Some(limit) = limits.timeout else {
            return self.exchange(request, limits).await;
        };
        tokio::time::timeout(limit, self.exchange(request, limits))
            .await
            .unwrap_or_else(|_| Err(TransportError::timeout(Some(limit))))
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast conversion gives what reqwest's `TryFrom` gives: URL,
    /// method, headers, version and body.
    #[test]
    fn convert_matches_reqwests_try_from() {
        for uri in [
            "https://api.wawp.net/v2/session/logout?instance_id=a+b%2F&access_token=t",
            "http://127.0.0.1:8080/p/v2/session/qr?instance_id=x",
            "http://[::1]:9/",
            "https://h.example",
            "https://H.Example:443/%7Ea?",
        ] {
            let build = || {
                let mut r = Request::new(b"{}".to_vec());
                *r.method_mut() = wawp_core::http::Method::POST;
                *r.uri_mut() = uri.parse().unwrap();
                *r.version_mut() = wawp_core::http::Version::HTTP_11;
                r.headers_mut()
                    .insert("accept", "application/json".parse().unwrap());
                r
            };
            let ours = convert(build()).unwrap();
            let theirs = reqwest::Request::try_from(build()).unwrap();
            assert_eq!(ours.url(), theirs.url(), "{uri}");
            assert_eq!(ours.method(), theirs.method());
            assert_eq!(ours.headers(), theirs.headers());
            assert_eq!(ours.version(), theirs.version());
            let body =
                |r: &reqwest::Request| r.body().and_then(|b| b.as_bytes()).map(<[u8]>::to_vec);
            assert_eq!(body(&ours), body(&theirs));
        }
    }
}

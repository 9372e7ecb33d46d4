//! [`ReqwestTransport`]: a `reqwest::Client` behind the [`Transport`] trait.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use secrecy::ExposeSecret;
use wawp_core::http::{Request, Response, Uri};
use wawp_core::{
    Config, Error, FromConfig, LimitedBody, Limits, Proxy, ProxyRules, Reused, Transport,
    TransportError, TransportErrorKind, Trust,
};

use crate::connects::{CountConnects, counting};
use crate::error::{Phase, map_error};
use crate::resend::Resends;

/// An async [`Transport`] over a [`reqwest::Client`]. Needs a tokio
/// runtime.
///
/// Cheap to clone: clones share the client and its connection pool. The
/// `with_*` methods make a new transport over a new client (and pool).
///
/// ## The clients this crate builds
///
/// [`ReqwestTransport::new`] and [`FromConfig::from_config`] build the
/// client from a [`Config`]:
///
/// - rustls with ring, trusting the machine's roots (the OS store, which
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
///   clients re-send it once) and a successful response on one carries
///   [`Reused`]`(true)`.
///
/// Every call: the total timeout of its [`Limits`] from connecting to the
/// end of the body, and the body read chunk by chunk, stopping as soon as
/// it passes the limit (a larger `Content-Length` is refused before
/// reading). The connect timeout is the client's: a call whose `Limits`
/// name another keeps the one the client was built with.
#[derive(Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    own: Option<Arc<Own>>,
}

/// What the client of a transport made by this crate was built from, and
/// what it keeps for re-sends.
struct Own {
    trust: Trust,
    proxy: Proxy,
    rules: Arc<ProxyRules>,
    connect_timeout: Option<Duration>,
    resends: Resends,
    /// A client like the main one that keeps no idle connection, for
    /// re-sends; made on the first.
    fresh: OnceLock<reqwest::Client>,
}

impl Own {
    /// The client for a request to `uri`: the fresh one for a re-send.
    fn client_for<'a>(&'a self, main: &'a reqwest::Client, uri: &Uri) -> &'a reqwest::Client {
        if !self.resends.take(uri) {
            return main;
        }
        if self.fresh.get().is_none() {
            let built = builder(&self.trust, &self.rules, self.connect_timeout)
                .pool_max_idle_per_host(0)
                .build();
            match built {
                Ok(client) => {
                    let _ = self.fresh.set(client);
                }
                // As unlikely as for the main client; the pool then it is.
                Err(_) => return main,
            }
        }
        self.fresh.get().unwrap_or(main)
    }
}

impl ReqwestTransport {
    /// A transport configured from [`Config::default`]: proxies from the
    /// environment (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, read now), the
    /// machine's root certificates, the default connect timeout.
    ///
    /// # Panics
    /// As [`reqwest::Client::new`], only if reqwest cannot build a client,
    /// which the settings this crate gives it never cause.
    pub fn new() -> Self {
        Self::configured(&Config::default())
    }

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

    /// This transport over a new client whose proxy is `proxy`. A
    /// transport from [`ReqwestTransport::from_client`] is returned
    /// unchanged: its client keeps its own proxies.
    ///
    /// ```
    /// use wawp_core::Proxy;
    /// use wawp_reqwest::ReqwestTransport;
    /// let transport = ReqwestTransport::new().with_proxy(Proxy::url("http://alice:s3cret@proxy.corp:3128")?);
    /// assert!(!format!("{transport:?}").contains("s3cret"));
    /// # Ok::<(), wawp_core::InputError>(())
    /// ```
    pub fn with_proxy(self, proxy: Proxy) -> Self {
        match &self.own {
            Some(own) => Self::build(own.trust.clone(), proxy, own.connect_timeout),
            None => self,
        }
    }

    /// This transport over a new client that trusts `trust`'s roots besides
    /// the machine's. A transport from [`ReqwestTransport::from_client`] is
    /// returned unchanged.
    pub fn with_trust(self, trust: Trust) -> Self {
        match &self.own {
            Some(own) => Self::build(trust, own.proxy.clone(), own.connect_timeout),
            None => self,
        }
    }

    /// This transport over a new client with another connect timeout
    /// (`None`: only the total timeout of each call bounds connecting). A
    /// transport from [`ReqwestTransport::from_client`] is returned
    /// unchanged.
    pub fn with_connect_timeout(self, timeout: Option<Duration>) -> Self {
        match &self.own {
            Some(own) => Self::build(own.trust.clone(), own.proxy.clone(), timeout),
            None => self,
        }
    }

    /// The underlying client.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// What [`FromConfig::from_config`] returns, or a panic where it
    /// returns an error (see [`ReqwestTransport::new`]).
    pub(crate) fn configured(config: &Config) -> Self {
        Self::build(
            config.trust.clone(),
            config.proxy.clone(),
            config.limits().connect_timeout,
        )
    }

    fn build(trust: Trust, proxy: Proxy, connect_timeout: Option<Duration>) -> Self {
        Self::try_build(trust, proxy, connect_timeout)
            // reqwest's build fails only for settings this crate never
            // makes: a TLS backend of another type or version, an invalid
            // TLS version range, identity or DNS override. A preconfigured
            // rustls config of reqwest's own rustls version is none of them.
            .expect("a reqwest client with a preconfigured rustls config")
    }

    fn try_build(
        trust: Trust,
        proxy: Proxy,
        connect_timeout: Option<Duration>,
    ) -> Result<Self, reqwest::Error> {
        let rules = proxy.rules();
        Ok(Self {
            client: builder(&trust, &rules, connect_timeout).build()?,
            own: Some(Arc::new(Own {
                trust,
                proxy,
                rules,
                connect_timeout,
                resends: Resends::default(),
                fresh: OnceLock::new(),
            })),
        })
    }

    async fn exchange(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let uri = request.uri().clone();
        let client = match &self.own {
            Some(own) => {
                // The proxy closure cannot fail a request: an unusable proxy
                // variable fails it here, before anything is sent.
                own.rules.route(&uri)?;
                own.client_for(&self.client, &uri)
            }
            None => &self.client,
        };
        let bad = |e| map_error(e, Phase::Exchange { reused: false }, limits);
        let mut request = reqwest::Request::try_from(request).map_err(bad)?;
        *request.timeout_mut() = limits.timeout;
        // The clients this crate builds follow no redirect; a user's may.
        let sent_url = self.own.is_none().then(|| request.url().clone());
        let (sent, connects) = counting(client.execute(request)).await;
        // Only a client with the counting layer can tell.
        let reused = self.own.is_some() && connects == 0;
        let mut response = sent.map_err(|e| {
            let error = map_error(e, Phase::Exchange { reused }, limits);
            if let (TransportErrorKind::StaleConnection, Some(own)) = (error.kind(), &self.own) {
                own.resends.expect(&uri);
            }
            error
        })?;
        if sent_url.is_some_and(|url| *response.url() != url) {
            return Err(TransportError::from_message(
                TransportErrorKind::Other,
                "the reqwest client followed a redirect; build it with \
                 redirect(reqwest::redirect::Policy::none())",
            ));
        }
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

/// A builder for the clients of a transport made by this crate (see
/// [`ReqwestTransport`]).
fn builder(
    trust: &Trust,
    rules: &Arc<ProxyRules>,
    connect_timeout: Option<Duration>,
) -> reqwest::ClientBuilder {
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(wawp_rustls::client_config(trust))
        .redirect(reqwest::redirect::Policy::none())
        .http1_only()
        .no_proxy()
        .connector_layer(CountConnects);
    if let Some(timeout) = connect_timeout {
        builder = builder.connect_timeout(timeout);
    }
    if !rules.is_direct() {
        let rules = Arc::clone(rules);
        builder = builder.proxy(reqwest::Proxy::custom(move |url| proxy_for(&rules, url)));
    }
    builder
}

/// The proxy for a connection to `url` (`scheme://host:port`, as reqwest
/// asks), with its credentials, by `rules`.
fn proxy_for(rules: &ProxyRules, url: &reqwest::Url) -> Option<reqwest::Url> {
    if url.scheme() != "https" {
        return None;
    }
    let uri: Uri = url.as_str().parse().ok()?;
    let via = rules.route(&uri).ok()??;
    reqwest::Url::parse(via.to_url_with_credentials().expose_secret()).ok()
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl FromConfig for ReqwestTransport {
    /// A transport over a client built from the config's proxy
    /// ([`Config::proxy`], read now when it is the environment), extra
    /// roots ([`Config::trust`]) and connect timeout. Fails (a transport
    /// error of kind `Other`, nothing sent) only if reqwest refuses to build
    /// the client, which the settings this crate gives it never make it do.
    fn from_config(config: &Config) -> Result<Self, Error> {
        Self::try_build(
            config.trust.clone(),
            config.proxy.clone(),
            config.limits().connect_timeout,
        )
        .map_err(|e| {
            Error::Transport(TransportError::new(
                TransportErrorKind::Other,
                &e.without_url(),
            ))
        })
    }
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ReqwestTransport");
        match &self.own {
            Some(own) => d
                .field("trust", &own.trust)
                .field("proxy", &own.proxy)
                .field("connect_timeout", &own.connect_timeout),
            None => d.field("client", &"the user's reqwest::Client"),
        };
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
        // reqwest enforces the total timeout itself (set on each request in
        // `exchange`), from connecting to the end of the body.
        self.exchange(request, limits).await
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

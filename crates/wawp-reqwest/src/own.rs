//! Everything that needs this build's crypto provider: the clients this
//! crate builds from a [`Config`] (features `ring` /
//! `aws-lc-rs`: rustls with `wawp-rustls`'s provider and roots): their
//! construction, and how a call goes on them — core's proxy rules, the
//! record of new connections that tells a stale pooled connection, and
//! core's re-send of a request lost on one (marked [`FreshConnection`]), on
//! a client that keeps no idle connection.
#![cfg_attr(docsrs, doc(cfg(any(feature = "ring", feature = "aws-lc-rs"))))]

mod connects;

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use secrecy::ExposeSecret;
use wawp_core::http::{Request, Uri};
use wawp_core::transport::FreshConnection;
use wawp_core::transport::FromConfig;
use wawp_core::{
    Config, Error, InputError, Limits, Proxy, ProxyRules, TransportError, TransportErrorKind, Trust,
};

use crate::error::{Phase, map_error};
use crate::transport::{ReqwestTransport, reqwest_request};
use connects::{RecordConnects, failed_on, local_addr_of_response, recording};

/// What the client of a transport made by this crate was built from, and
/// what it keeps for re-sends.
pub(crate) struct Own {
    trust: Trust,
    proxy: Proxy,
    rules: Arc<ProxyRules>,
    connect_timeout: Option<Duration>,
    /// The TLS configuration both clients are built with.
    tls: rustls::ClientConfig,
    /// Why the trust settings cannot be used, if they cannot: every
    /// `https` request then fails before connecting, naming the setting
    /// (the clients were built with no root, never with other roots).
    unusable_trust: Option<InputError>,
    /// A client like the main one that keeps no idle connection, for the
    /// requests that must go on a new connection ([`FreshConnection`]:
    /// destructive calls and core's re-sends); made on the first.
    fresh: OnceLock<reqwest::Client>,
}

impl Own {
    /// Sends `request` on `main` (or, marked [`FreshConnection`], on the
    /// fresh client): the response head, and whether it came on a pooled
    /// connection.
    pub(crate) async fn send(
        &self,
        main: &reqwest::Client,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<(reqwest::Response, bool), TransportError> {
        // The proxy closure cannot fail a request: an unusable proxy
        // variable fails it here, before anything is sent.
        self.rules.route(request.uri())?;
        if let Some(unusable) = &self.unusable_trust
            && request.uri().scheme_str() == Some("https")
        {
            return Err(TransportError::from_message(
                TransportErrorKind::Connect,
                unusable.to_string(),
            ));
        }
        let fresh = request
            .extensions()
            .get::<FreshConnection>()
            .and_then(|_| self.fresh());
        let request = reqwest_request(request, limits)?;
        let (sent, made) = recording(fresh.unwrap_or(main).execute(request)).await;
        // The fresh client has no pool; on the main one, a connection this
        // call did not make came from the pool.
        let response = match sent {
            Ok(response) => response,
            Err(e) => {
                let reused = fresh.is_none() && made.reused(failed_on(&e));
                return Err(map_error(e, Phase::Exchange { reused }, limits));
            }
        };
        let reused = fresh.is_none() && made.reused(local_addr_of_response(&response));
        Ok((response, reused))
    }

    /// What the transport's `Debug` shows of it (no credentials: `Proxy`
    /// and `Trust` hide theirs).
    pub(crate) fn debug_fields(&self, d: &mut fmt::DebugStruct<'_, '_>) {
        d.field("trust", &self.trust)
            .field("proxy", &self.proxy)
            .field("connect_timeout", &self.connect_timeout);
    }

    /// The client that keeps no idle connection; `None` (the pool then it
    /// is) in the unlikely case reqwest refuses to build it, as unlikely as
    /// for the main client.
    fn fresh(&self) -> Option<&reqwest::Client> {
        if self.fresh.get().is_none() {
            let built = builder(self.tls.clone(), &self.rules, self.connect_timeout)
                .pool_max_idle_per_host(0)
                .build()
                .ok()?;
            let _ = self.fresh.set(built);
        }
        self.fresh.get()
    }
}

/// A client with `token` and `config`, over a [`ReqwestTransport`] built
/// from `config` (its proxy, extra roots and connect timeout).
///
/// # Panics
/// As [`reqwest::Client::new`], only if reqwest cannot build a client,
/// which the settings this crate gives it never cause; use
/// [`FromConfig`](wawp_core::transport::FromConfig) for a `Result`.
pub fn client(token: wawp_core::AccessToken, config: Config) -> crate::ReqwestClient {
    wawp_core::Client::with_config(ReqwestTransport::configured(&config), token, config)
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
        let (tls, unusable_trust) = match wawp_rustls::client_config(&trust) {
            Ok(tls) => (tls, None),
            Err(e) => (
                wawp_rustls::client_config_with_roots(rustls::RootCertStore::empty()),
                Some(e),
            ),
        };
        let client = builder(tls.clone(), &rules, connect_timeout).build()?;
        Ok(Self {
            client,
            own: Some(Arc::new(Own {
                trust,
                proxy,
                rules,
                connect_timeout,
                tls,
                unusable_trust,
                fresh: OnceLock::new(),
            })),
        })
    }
}

/// A builder for the clients of a transport made by this crate (see
/// [`ReqwestTransport`]).
fn builder(
    tls: rustls::ClientConfig,
    rules: &Arc<ProxyRules>,
    connect_timeout: Option<Duration>,
) -> reqwest::ClientBuilder {
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .http1_only()
        .no_proxy()
        .connector_layer(RecordConnects);
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
    /// roots ([`Config::trust`]) and connect timeout. Fails, nothing sent,
    /// for an `https` base URL whose trust settings cannot be used
    /// (`SSL_CERT_FILE`, `SSL_CERT_DIR`, an extra root rustls cannot use:
    /// an invalid-input error naming it), and if reqwest refuses to build
    /// the client (a transport error of kind `Other`), which the settings
    /// this crate gives it never make it do.
    fn from_config(config: &Config) -> Result<Self, Error> {
        let transport = Self::try_build(
            config.trust.clone(),
            config.proxy.clone(),
            config.limits().connect_timeout,
        )
        .map_err(|e| {
            Error::Transport(TransportError::new(
                TransportErrorKind::Other,
                &e.without_url(),
            ))
        })?;
        let unusable = transport
            .own
            .as_ref()
            .and_then(|o| o.unusable_trust.clone());
        match unusable {
            Some(e) if config.base_url.is_https() => Err(Error::InvalidInput(e)),
            _ => Ok(transport),
        }
    }
}

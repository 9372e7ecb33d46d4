//! The agents this crate builds: one ureq configuration made from a
//! [`Settings`], for direct requests and, per proxy, for proxied ones.

use std::sync::OnceLock;
use std::time::Duration;

use secrecy::ExposeSecret;
use ureq::tls::{RootCerts, TlsConfig, TlsProvider};
use wawp_core::{Config, Limits, ProxyUrl, Trust};
use wawp_rustls::RootSource;

use crate::roots::root_certs;

/// Idle connections the agents this crate builds keep, per host and in
/// all: as many as a client shared by 64 threads needs. (ureq's defaults,
/// 3 per host and 10 in all, make every thread beyond the third that shares
/// a client open a new connection every few calls.)
pub const MAX_IDLE_CONNECTIONS: usize = 64;

/// ureq's default idle age: a connection idle longer is not reused.
const MAX_IDLE_AGE: Duration = Duration::from_secs(15);

/// What the agents of a transport are made from.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) trust: Trust,
    pub(crate) roots: RootCerts,
    pub(crate) root_source: RootSource,
    /// The limits the agents carry, so that a call with these limits needs
    /// no request-level configuration (see `UreqTransport::send`).
    pub(crate) limits: Limits,
    pub(crate) max_idle_connections: usize,
    pub(crate) max_idle_age: Duration,
}

impl std::fmt::Debug for Settings {
    // Not the roots themselves: the machine's store holds a hundred or more.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("roots", &self.root_source)
            .field("trust", &self.trust)
            .field("limits", &self.limits)
            .field("max_idle_connections", &self.max_idle_connections)
            .field("max_idle_age", &self.max_idle_age)
            .finish()
    }
}

impl Settings {
    pub(crate) fn from_config(config: &Config) -> Self {
        let (roots, root_source) = root_certs(&config.trust);
        Self {
            trust: config.trust.clone(),
            roots,
            root_source,
            limits: config.limits(),
            max_idle_connections: MAX_IDLE_CONNECTIONS,
            max_idle_age: MAX_IDLE_AGE,
        }
    }

    pub(crate) fn with_trust(mut self, trust: Trust) -> Self {
        (self.roots, self.root_source) = root_certs(&trust);
        self.trust = trust;
        self
    }

    /// A new agent: every status a response, no redirect followed, no
    /// header of ureq's own (`wawp-core` sends its own `User-Agent` and
    /// `Accept`), rustls with these roots, the pool sizes and limits of
    /// these settings, and `proxy` (ureq reads no proxy variable itself).
    pub(crate) fn agent(&self, proxy: Option<ureq::Proxy>) -> ureq::Agent {
        let tls = TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .root_certs(self.roots.clone())
            .build();
        ureq::Agent::config_builder()
            .max_idle_connections(self.max_idle_connections)
            .max_idle_connections_per_host(self.max_idle_connections)
            .max_idle_age(self.max_idle_age)
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent("")
            .accept("")
            .accept_encoding("")
            .proxy(proxy)
            .tls_config(tls)
            .timeout_global(self.limits.timeout)
            .timeout_resolve(self.limits.connect_timeout)
            .timeout_connect(self.limits.connect_timeout)
            .build()
            .new_agent()
    }
}

/// The agents of a transport made by this crate: one for direct requests
/// and, made on the first request that needs it, one for the proxy.
#[derive(Debug)]
pub(crate) struct Own {
    pub(crate) settings: Settings,
    pub(crate) direct: ureq::Agent,
    proxied: OnceLock<Proxied>,
}

#[derive(Debug)]
struct Proxied {
    via: ProxyUrl,
    agent: ureq::Agent,
}

impl Own {
    pub(crate) fn new(settings: Settings) -> Self {
        Self {
            direct: settings.agent(None),
            settings,
            proxied: OnceLock::new(),
        }
    }

    /// The agent for requests through `via`: `None` if it has one for
    /// another proxy already (a proxy setting names one proxy, so this does
    /// not happen; the request then goes with a request-level proxy).
    pub(crate) fn proxied(&self, via: &ProxyUrl) -> Result<Option<&ureq::Agent>, ureq::Error> {
        if self.proxied.get().is_none() {
            let agent = self.settings.agent(Some(ureq_proxy(via)?));
            let _ = self.proxied.set(Proxied {
                via: via.clone(),
                agent,
            });
        }
        Ok(self
            .proxied
            .get()
            .filter(|p| same_proxy(&p.via, via))
            .map(|p| &p.agent))
    }
}

/// `via` for ureq, credentials included (sent only to the proxy, in
/// `Proxy-Authorization` on the `CONNECT`).
pub(crate) fn ureq_proxy(via: &ProxyUrl) -> Result<ureq::Proxy, ureq::Error> {
    ureq::Proxy::new(via.to_url_with_credentials().expose_secret())
}

fn same_proxy(a: &ProxyUrl, b: &ProxyUrl) -> bool {
    a.host() == b.host() && a.port() == b.port() && a.credentials() == b.credentials()
}

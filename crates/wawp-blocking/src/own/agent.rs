//! The agents this crate builds from a [`Settings`] (features `ring` /
//! `aws-lc-rs`): one for plain `http`,
//! one for direct `https` and one for `https` through the proxy — the last
//! two made on the first request that needs them, so that a client that
//! only ever speaks plain `http` (to a loopback simulator) never reads the
//! machine's certificate store (a few milliseconds per process).

use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

use ureq::tls::{RootCerts, TlsConfig, TlsProvider};
use wawp_core::{Config, InputError, Limits, ProxyUrl, Trust};

use super::provider;
use super::roots::root_certs;
use crate::proxy::ureq_proxy;

/// Idle connections the agents this crate builds keep, per host and in
/// all: as many as a client shared by 64 threads needs. (ureq's defaults,
/// 3 per host and 10 in all, make every thread beyond the third that shares
/// a client open a new connection every few calls.)
pub const MAX_IDLE_CONNECTIONS: usize = 64;

/// ureq's default idle age: a connection idle longer is not reused.
const MAX_IDLE_AGE: Duration = Duration::from_secs(15);

/// What the agents of a transport are made from.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) trust: Trust,
    /// The limits the agents carry, so that a call with these limits needs
    /// no request-level configuration (see `UreqTransport::send`).
    pub(crate) limits: Limits,
    pub(crate) max_idle_connections: usize,
    pub(crate) max_idle_age: Duration,
}

impl Settings {
    pub(crate) fn from_config(config: &Config) -> Self {
        Self {
            trust: config.trust.clone(),
            limits: config.limits(),
            max_idle_connections: MAX_IDLE_CONNECTIONS,
            max_idle_age: MAX_IDLE_AGE,
        }
    }

    /// A new agent: every status a response, no redirect followed, no
    /// header of ureq's own (`wawp-core` sends its own `User-Agent` and
    /// `Accept`), rustls with `roots`, the pool sizes and limits of these
    /// settings, and `proxy` (ureq reads no proxy variable itself).
    fn agent(&self, roots: RootCerts, proxy: Option<ureq::Proxy>) -> ureq::Agent {
        let tls = TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .root_certs(roots)
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

/// The agents of a transport made by this crate.
pub(crate) struct Own {
    pub(crate) settings: Settings,
    /// For plain `http`, which is never proxied. It has no roots: it never
    /// makes a TLS connection (ureq refuses a plain connection for `https`
    /// and an `https` URL never comes here).
    plain: ureq::Agent,
    /// The roots, read on the first `https` request (once: a trust setting
    /// that cannot be used then fails every `https` request).
    roots: OnceLock<Result<RootCerts, InputError>>,
    tls: OnceLock<ureq::Agent>,
    proxied: OnceLock<Proxied>,
}

struct Proxied {
    via: ProxyUrl,
    agent: ureq::Agent,
}

impl Own {
    pub(crate) fn new(settings: Settings) -> Self {
        Self {
            plain: settings.agent(RootCerts::new_with_certs(&[]), None),
            settings,
            roots: OnceLock::new(),
            tls: OnceLock::new(),
            proxied: OnceLock::new(),
        }
    }

    /// The agent for a request to a URL of scheme `https` (or not), through
    /// `via` if given: `None` if it goes through a proxy other than the one
    /// the proxied agent was made for (a proxy setting names one proxy, so
    /// this does not happen; the request then goes with a request-level
    /// proxy).
    fn agent(
        &self,
        https: bool,
        via: Option<&ProxyUrl>,
    ) -> Result<Option<&ureq::Agent>, ureq::Error> {
        let Some(via) = via else {
            return Ok(Some(if https { self.tls() } else { &self.plain }));
        };
        if self.proxied.get().is_none() {
            let agent = self.settings.agent(self.roots(), Some(ureq_proxy(via)?));
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

    /// The agent for a request to a URL of scheme `https` (or not),
    /// through `via` if given, with `limits`; whether it is an agent made
    /// for that route (else the direct `https` agent, given the proxy per
    /// request), and whether the call needs no request-level setting (not
    /// `fresh`, and these agents' limits).
    pub(crate) fn pick(
        &self,
        https: bool,
        via: Option<&ProxyUrl>,
        fresh: bool,
        limits: &Limits,
    ) -> Result<(&ureq::Agent, bool, bool), ureq::Error> {
        Ok(match self.agent(https, via)? {
            Some(agent) => (agent, true, !fresh && self.settings.limits == *limits),
            None => (self.tls(), false, false),
        })
    }

    /// The agent for direct `https`.
    fn tls(&self) -> &ureq::Agent {
        self.tls
            .get_or_init(|| self.settings.agent(self.roots(), None))
    }

    /// Whether the roots can be used: an error naming the trust setting
    /// that cannot. Checked before any `https` request is sent.
    pub(crate) fn check_trust(&self) -> Result<(), InputError> {
        self.read_roots().as_ref().map(drop).map_err(Clone::clone)
    }

    /// The roots, and the crypto provider in place (see
    /// [`provider`](super::provider)): before the first agent that speaks
    /// TLS.
    fn read_roots(&self) -> &Result<RootCerts, InputError> {
        self.roots.get_or_init(|| {
            provider::install();
            root_certs(&self.settings.trust)
        })
    }

    /// The roots; none if they cannot be used (no request gets that far:
    /// [`check_trust`](Self::check_trust) fails it first).
    fn roots(&self) -> RootCerts {
        match self.read_roots() {
            Ok(roots) => roots.clone(),
            Err(_) => RootCerts::new_with_certs(&[]),
        }
    }
}

impl fmt::Debug for Own {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.settings.fmt(f)
    }
}

fn same_proxy(a: &ProxyUrl, b: &ProxyUrl) -> bool {
    a.host() == b.host() && a.port() == b.port() && a.credentials() == b.credentials()
}

//! Everything that needs this build's crypto provider (features `ring` /
//! `aws-lc-rs`): the agents this crate builds (`agent`), their roots
//! (`roots`) and provider (`provider`), and the constructors and
//! settings of a [`UreqTransport`] over them. Without a provider feature,
//! `no_own.rs` takes this module's place: only
//! [`UreqTransport::from_agent`] exists.
#![cfg_attr(docsrs, doc(cfg(any(feature = "ring", feature = "aws-lc-rs"))))]

mod agent;
mod provider;
mod roots;

use std::time::Duration;

use wawp_core::transport::FromConfig;
use wawp_core::{Config, Error, Proxy, Trust};

pub use agent::MAX_IDLE_CONNECTIONS;
pub(crate) use agent::Own;
use agent::Settings;

use crate::transport::{Agents, UreqTransport};

/// A client with `token` and `config`, over a [`UreqTransport`] built from
/// `config` (its proxy, extra roots and limits).
pub fn client(token: wawp_core::AccessToken, config: Config) -> crate::UreqClient {
    wawp_core::BlockingClient::with_config(UreqTransport::configured(&config), token, config)
}

impl UreqTransport {
    /// A transport configured from [`Config::default`]: proxies from the
    /// environment (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, read now), the
    /// machine's root certificates, the default limits.
    pub fn new() -> Self {
        Self::configured(&Config::default())
    }

    /// This transport over a new agent that trusts `trust`'s roots besides
    /// the machine's. A transport from [`UreqTransport::from_agent`] is
    /// returned unchanged: its agent keeps its own TLS configuration.
    pub fn with_trust(self, trust: Trust) -> Self {
        self.with_settings(|s| Settings { trust, ..s })
    }

    /// This transport over a new agent whose pool keeps up to `max` idle
    /// connections, per host and in all (default
    /// [`MAX_IDLE_CONNECTIONS`](crate::MAX_IDLE_CONNECTIONS); 0 keeps
    /// none). A transport from [`UreqTransport::from_agent`] is returned
    /// unchanged.
    pub fn with_max_idle_connections(self, max: usize) -> Self {
        self.with_settings(|s| Settings {
            max_idle_connections: max,
            ..s
        })
    }

    /// This transport over a new agent whose pool reuses a connection idle
    /// for less than `age` (default 15 s). A transport from
    /// [`UreqTransport::from_agent`] is returned unchanged.
    pub fn with_max_idle_age(self, age: Duration) -> Self {
        self.with_settings(|s| Settings {
            max_idle_age: age,
            ..s
        })
    }

    /// What [`FromConfig::from_config`] returns, infallibly.
    fn configured(config: &Config) -> Self {
        own(Settings::from_config(config), config.proxy.clone())
    }

    fn with_settings(self, change: impl FnOnce(Settings) -> Settings) -> Self {
        match self.agents() {
            Agents::Own(o) => own(change(o.settings.clone()), self.proxy().clone()),
            Agents::User(_) => self,
        }
    }
}

/// A transport over new agents made from `settings`, routing by `proxy`.
fn own(settings: Settings, proxy: Proxy) -> UreqTransport {
    UreqTransport::over(Agents::Own(Box::new(Own::new(settings))), proxy)
}

impl Own {
    /// A transport over new agents made from these settings, routing by
    /// `proxy`.
    pub(crate) fn with_proxy(&self, proxy: Proxy) -> UreqTransport {
        own(self.settings.clone(), proxy)
    }
}

impl Default for UreqTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl FromConfig for UreqTransport {
    /// A transport with the config's proxy ([`Config::proxy`], read now
    /// when it is the environment), extra roots ([`Config::trust`]) and
    /// limits. For an `https` base URL, fails on an unusable trust setting
    /// (`SSL_CERT_FILE`, `SSL_CERT_DIR`, an extra root rustls cannot use),
    /// naming it; the roots themselves are read on the first `https`
    /// request, which fails the same way, before connecting.
    fn from_config(config: &Config) -> Result<Self, Error> {
        if config.base_url.is_https() {
            wawp_rustls::check(&config.trust)?;
        }
        Ok(Self::configured(config))
    }
}

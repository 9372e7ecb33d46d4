//! Everything that needs this build's crypto provider (features `ring` /
//! `aws-lc-rs`): this crate's connector (`connect`: core's proxy rules,
//! hyper-rustls with `wawp-rustls`'s provider and roots) and the
//! constructors of a [`HyperTransport`] over it. Without a provider
//! feature, `no_own.rs` takes this module's place: a transport is over
//! your client or connector only.
#![cfg_attr(docsrs, doc(cfg(any(feature = "ring", feature = "aws-lc-rs"))))]

mod connect;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use wawp_core::transport::FromConfig;
use wawp_core::{Config, Error, ProxyRules};

use crate::transport::{Clients, HyperTransport, Origin};
use connect::{Tls, connector};

/// What a transport made from a `Config` was made from, and what its
/// connector enforces by itself.
#[derive(Clone)]
pub(crate) struct Own {
    rules: Arc<ProxyRules>,
    connect_timeout: Option<Duration>,
}

impl Own {
    /// The connect timeout the connector enforces.
    pub(crate) fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    pub(crate) fn debug_fields(&self, d: &mut fmt::DebugStruct<'_, '_>) {
        d.field("client", &"from a Config")
            .field("connect_timeout", &self.connect_timeout)
            .field("proxy", &self.rules);
    }
}

/// A client with `token` and `config`, over a [`HyperTransport`] built from
/// the same `config` (its proxy, trusted roots and connect timeout: see
/// [`FromConfig`]).
///
/// Infallible, unlike a generic `T::from_config`: nothing in a `Config` can
/// make this transport fail to build. Its roots come from the machine's
/// store and `Config::trust` (a root rustls cannot use is skipped, as the
/// machine's are), hyper-util's builder refuses nothing, and an unusable
/// proxy variable fails each request as `Connect` (before anything is sent)
/// rather than the construction, as core's [`ProxyRules`]
/// decide.
pub fn client(token: wawp_core::AccessToken, config: Config) -> crate::HyperClient {
    let transport = HyperTransport::configured(&config);
    wawp_core::Client::with_config(transport, token, config)
}

impl HyperTransport {
    /// A transport configured from `Config::default()`: the proxy the
    /// environment names (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, read now),
    /// the machine's trusted roots, core's default connect timeout.
    pub fn new() -> Self {
        Self::configured(&Config::default())
    }

    /// This transport with `tls` as its TLS configuration, for what a
    /// [`Config`] cannot say (a client certificate, say): its roots replace
    /// those of `Config::trust` and the machine's. Its ALPN protocols are
    /// cleared (HTTP/1.1 only). The proxy and connect timeout stay; the
    /// pool starts empty.
    ///
    /// Only a transport built from a `Config` ([`new`](Self::new),
    /// [`from_config`](FromConfig::from_config)) has TLS settings of its
    /// own: one made [`from_client`](Self::from_client) or
    /// [`from_connector`](Self::from_connector) is returned unchanged, its
    /// TLS being that client's or connector's.
    #[must_use]
    pub fn with_tls_config(self, tls: rustls::ClientConfig) -> Self {
        match self.origin {
            Origin::Config(own) => {
                from_parts(own.rules, Tls::Given(Box::new(tls)), own.connect_timeout)
            }
            Origin::Connector | Origin::Client => self,
        }
    }

    /// The transport `config` describes (never fails: see [`client`]).
    fn configured(config: &Config) -> Self {
        from_parts(
            config.proxy.rules(),
            Tls::Trust(config.trust.clone()),
            config.limits().connect_timeout,
        )
    }
}

fn from_parts(
    rules: Arc<ProxyRules>,
    tls: Tls,
    connect_timeout: Option<Duration>,
) -> HyperTransport {
    HyperTransport {
        client: Arc::new(Clients::new(connector(
            Arc::clone(&rules),
            tls,
            connect_timeout,
        ))),
        origin: Origin::Config(Own {
            rules,
            connect_timeout,
        }),
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl FromConfig for HyperTransport {
    /// A transport with `config`'s proxy ([`Config::proxy`]; from the
    /// environment by default, read now), trusted roots (the machine's plus
    /// [`Config::trust`]'s) and connect timeout. For an `https` base URL,
    /// fails on an unusable trust setting (`SSL_CERT_FILE`,
    /// `SSL_CERT_DIR`, an extra root rustls cannot use), naming it; the
    /// roots themselves are read on the first `https` connection, which
    /// fails the same way, before connecting, if the setting has become
    /// unusable since.
    fn from_config(config: &Config) -> Result<Self, Error> {
        if config.base_url.is_https() {
            wawp_rustls::check(&config.trust)?;
        }
        Ok(Self::configured(config))
    }
}

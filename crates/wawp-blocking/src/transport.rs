//! [`UreqTransport`]: a ureq 3 `Agent` behind the [`BlockingTransport`] trait.

use std::fmt;
use std::sync::Arc;

use ureq::config::{Config, ConfigBuilder};
use ureq::tls::{RootCerts, TlsConfig, TlsProvider};
use ureq::typestate::AgentScope;
use ureq::unversioned::transport::DefaultConnector;
use wawp_core::http::{Request, Response};
use wawp_core::{BlockingTransport, Limits, TransportError, TransportErrorKind, has_cause};

use crate::resolve::LiteralFirst;

/// Idle connections the agent of [`UreqTransport::builder`] keeps, per host
/// and in all: as many as `wawp-hyper`'s pool keeps per host. (ureq's
/// defaults, 3 per host and 10 in all, make every thread beyond the third
/// that shares a client open a new connection every few calls.)
pub const MAX_IDLE_CONNECTIONS: usize = 64;

/// A blocking [`BlockingTransport`] over a [`ureq::Agent`]: no async runtime,
/// no tokio, no hyper.
///
/// Cheap to clone: clones share the agent and its connection pool.
///
/// Whatever agent it wraps, each request is configured to return every
/// status (3xx included) as a response, to follow no redirect, to add no
/// `Accept` or `Accept-Encoding` header of ureq's own, and to use the total
/// and connect timeouts of the call's [`Limits`]. (The `User-Agent` default is
/// set on the agent instead — `wawp-core` always sends its own — because ureq
/// keeps requests that override it out of the connection pool.)
///
/// **Connections.** The agents this crate builds ([`UreqTransport::new`],
/// [`UreqTransport::with_tls_config`], and any from
/// [`UreqTransport::builder`]) keep up to [`MAX_IDLE_CONNECTIONS`] idle
/// connections, per host and in all, for up to ureq's `max_idle_age`
/// (15 s): sequential calls use one connection, and threads sharing a
/// client use one each.
///
/// **Name resolution.** ureq resolves the host of every request, even one
/// that then goes on a pooled connection, and its default resolver does it
/// on a new thread whenever a timeout applies (the SDK always sets one). The
/// agents this crate builds answer IP literals (`127.0.0.1`, `[::1]`) in the
/// calling thread instead, and resolve host names with ureq's default
/// resolver as before (no caching: a lookup gives no TTL to cache by). This
/// uses ureq's `unversioned` resolver API. An agent given to
/// [`UreqTransport::from_agent`] keeps its own resolver (use
/// [`UreqTransport::from_config`] to keep this one).
#[derive(Clone)]
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl UreqTransport {
    /// A transport over a new agent: rustls with the ring provider and the
    /// Mozilla roots (webpki-roots), no proxy from the environment.
    pub fn new() -> Self {
        Self::with_tls_config(default_tls_config())
    }

    /// Like [`UreqTransport::new`], with `config` for TLS. To trust a private
    /// CA:
    ///
    /// ```
    /// use wawp_blocking::ureq::tls::{Certificate, RootCerts, TlsConfig};
    /// # let ca_der: Vec<u8> = Vec::new();
    /// let tls = TlsConfig::builder()
    ///     .root_certs(RootCerts::new_with_certs(&[Certificate::from_der(&ca_der).to_owned()]))
    ///     .build();
    /// let transport = wawp_blocking::UreqTransport::with_tls_config(tls);
    /// ```
    pub fn with_tls_config(config: TlsConfig) -> Self {
        Self::from_config(Self::builder().tls_config(config).build())
    }

    /// The agent configuration [`UreqTransport::new`] starts from, to adjust
    /// before [`UreqTransport::from_config`] (or `.build().new_agent()` and
    /// [`UreqTransport::from_agent`], which loses the IP-literal resolver).
    ///
    /// Besides the settings [`UreqTransport`] enforces per request, it keeps
    /// up to [`MAX_IDLE_CONNECTIONS`] idle connections per host and in all,
    /// uses no proxy from the environment, and trusts the Mozilla roots with
    /// rustls (ring).
    ///
    /// ```
    /// use std::time::Duration;
    /// use wawp_blocking::UreqTransport;
    ///
    /// let config = UreqTransport::builder()
    ///     .max_idle_age(Duration::from_secs(60))
    ///     .build();
    /// let transport = UreqTransport::from_config(config);
    /// ```
    pub fn builder() -> ConfigBuilder<AgentScope> {
        ureq::Agent::config_builder()
            .max_idle_connections(MAX_IDLE_CONNECTIONS)
            .max_idle_connections_per_host(MAX_IDLE_CONNECTIONS)
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent("")
            .accept("")
            .accept_encoding("")
            .proxy(None)
            .tls_config(default_tls_config())
    }

    /// A transport over a new agent with `config` (usually from
    /// [`UreqTransport::builder`]), ureq's default connector, and a resolver
    /// that answers IP literals without a lookup thread (see
    /// [`UreqTransport`]).
    pub fn from_config(config: Config) -> Self {
        Self::from_agent(ureq::Agent::with_parts(
            config,
            DefaultConnector::new(),
            LiteralFirst::default(),
        ))
    }

    /// A transport over `agent`. Its status, redirect and automatic-header
    /// settings are overridden per request (see [`UreqTransport`]).
    pub fn from_agent(agent: ureq::Agent) -> Self {
        Self { agent }
    }

    /// The underlying agent.
    pub fn agent(&self) -> &ureq::Agent {
        &self.agent
    }
}

impl Default for UreqTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for UreqTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UreqTransport").finish_non_exhaustive()
    }
}

impl BlockingTransport for UreqTransport {
    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let request = self
            .agent
            .configure_request(request)
            .http_status_as_error(false)
            .max_redirects(0)
            .accept("")
            .accept_encoding("")
            .timeout_global(limits.timeout)
            .timeout_connect(limits.connect_timeout)
            .build();
        let response = self.agent.run(request).map_err(|e| map_error(e, limits))?;
        let (parts, mut body) = response.into_parts();
        limits.check_declared_length(body.content_length())?;
        let body = body
            .with_config()
            .limit(limits.max_response_bytes as u64)
            .read_to_vec()
            .map_err(|e| map_error(e, limits))?;
        Ok(Response::from_parts(parts, body))
    }
}

/// Rustls with the ring provider and the webpki roots.
fn default_tls_config() -> TlsConfig {
    TlsConfig::builder()
        .provider(TlsProvider::Rustls)
        .root_certs(RootCerts::WebPki)
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .build()
}

fn map_error(err: ureq::Error, limits: &Limits) -> TransportError {
    use ureq::Error as E;
    use ureq::Timeout as T;
    let kind = match &err {
        E::Timeout(T::Connect | T::Resolve) => TransportErrorKind::Connect,
        E::Timeout(_) => return TransportError::timeout(limits.timeout),
        E::BodyExceedsLimit(_) => return TransportError::body_too_large(limits.max_response_bytes),
        E::HostNotFound | E::ConnectionFailed | E::ConnectProxyFailed(_) => {
            TransportErrorKind::Connect
        }
        E::Tls(_) | E::Pem(_) | E::Rustls(_) | E::TlsRequired => TransportErrorKind::Tls,
        E::Io(io) if has_cause::<rustls::Error>(io) => TransportErrorKind::Tls,
        E::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::HostUnreachable
            | std::io::ErrorKind::NetworkUnreachable
            | std::io::ErrorKind::AddrNotAvailable => TransportErrorKind::Connect,
            _ => TransportErrorKind::Io,
        },
        E::Protocol(_) | E::LargeResponseHeader(..) | E::BodyStalled => TransportErrorKind::Io,
        _ => TransportErrorKind::Other,
    };
    TransportError::new(kind, &err)
}

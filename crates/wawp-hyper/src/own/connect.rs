//! The connector of a transport built from a `Config`: per target URI, core's
//! proxy rules pick a direct TCP connection (hyper-util's `HttpConnector`)
//! or a `CONNECT` tunnel through the proxy (hyper-util's `Tunnel`), then
//! hyper-rustls runs TLS end to end to the target, and [`Tracking`] bounds
//! the whole and tracks the connection.
//!
//! The TLS configuration is made when the first `https` connection needs
//! it ([`Https`]): reading the machine's trust store takes milliseconds, which
//! a transport that only ever speaks plain `http` to a local simulator (or
//! a short-lived command that fails before connecting) never spends.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder, MaybeHttpsStream};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;
use wawp_core::http::Uri;
use wawp_core::http::uri::Scheme;
use wawp_core::{ProxyRules, TransportError, TransportErrorKind, Trust};

use crate::track::{BoxError, Tracking};

/// The connector stack of a transport built from a `Config`.
pub(crate) type Connector = Tracking<Https>;

/// Where the TLS configuration of a [`Connector`] comes from.
#[derive(Debug)]
pub(crate) enum Tls {
    /// The user's own (`HyperTransport::with_tls_config`).
    Given(Box<rustls::ClientConfig>),
    /// `wawp-rustls`'s: the machine's roots and these extra ones.
    Trust(Trust),
}

/// The connector for `rules`, `tls` and a connect `timeout` covering name
/// resolution, TCP, the proxy's tunnel and the TLS handshake.
pub(crate) fn connector(rules: Arc<ProxyRules>, tls: Tls, timeout: Option<Duration>) -> Connector {
    let mut http = HttpConnector::new();
    // https URIs reach it too: TLS is the layer above.
    http.enforce_http(false);
    http.set_nodelay(true);
    // Per address, so that one black-holed address of several leaves time
    // for the next; `Tracking` bounds the whole.
    http.set_connect_timeout(timeout);
    let https = Https {
        route: Route { http, rules },
        tls: Arc::new((tls, OnceLock::new())),
    };
    Tracking::new(https, timeout)
}

/// Plain `http` straight over [`Route`]; `https` through hyper-rustls over
/// it, with the TLS configuration made on the first `https` connection and
/// kept (clones share it).
#[derive(Debug, Clone)]
pub(crate) struct Https {
    route: Route,
    tls: Arc<(Tls, OnceLock<HttpsConnector<Route>>)>,
}

impl Https {
    /// The TLS connector, made on the first call. An unusable trust
    /// setting fails the connect before any connection is opened, as
    /// `Connect` naming the setting (and is tried again on the next call).
    fn tls_connector(&self) -> Result<HttpsConnector<Route>, TransportError> {
        let (source, made) = &*self.tls;
        if let Some(connector) = made.get() {
            return Ok(connector.clone());
        }
        let mut tls = match source {
            Tls::Given(config) => (**config).clone(),
            Tls::Trust(trust) => wawp_rustls::client_config(trust).map_err(|e| {
                TransportError::from_message(TransportErrorKind::Connect, e.to_string())
            })?,
        };
        // HTTP/1.1 only; hyper-rustls sets the ALPN it speaks and refuses
        // any other.
        tls.alpn_protocols.clear();
        let connector = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_only()
            .enable_http1()
            .wrap_connector(self.route.clone());
        Ok(made.get_or_init(|| connector).clone())
    }
}

impl Service<Uri> for Https {
    type Response = MaybeHttpsStream<TokioIo<TcpStream>>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.route.poll_ready(cx)
    }

    fn call(&mut self, target: Uri) -> Self::Future {
        if target.scheme() == Some(&Scheme::HTTPS) {
            match self.tls_connector() {
                Ok(mut tls) => tls.call(target),
                Err(unusable) => Box::pin(std::future::ready(Err(unusable.into()))),
            }
        } else {
            let connecting = self.route.call(target);
            Box::pin(async move { Ok(MaybeHttpsStream::Http(connecting.await?)) })
        }
    }
}

/// Opens the TCP connection for a target URI: directly, or through the
/// proxy core's [`ProxyRules`] name for it, with a `CONNECT host:port`
/// tunnel (the proxy sees nothing else; plain `http` is never proxied).
#[derive(Debug, Clone)]
pub(crate) struct Route {
    http: HttpConnector,
    rules: Arc<ProxyRules>,
}

impl Service<Uri> for Route {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.http.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, target: Uri) -> Self::Future {
        match self.rules.route(&target) {
            // An unusable proxy variable: a `Connect` error, nothing sent.
            Err(unusable) => Box::pin(std::future::ready(Err(unusable.into()))),
            Ok(None) => {
                let connecting = self.http.call(target);
                Box::pin(async move { connecting.await.map_err(Into::into) })
            }
            Ok(Some(proxy)) => {
                let mut tunnel = Tunnel::new(proxy.uri(), self.http.clone());
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth);
                }
                let connecting = tunnel.call(target);
                Box::pin(async move { connecting.await.map_err(Into::into) })
            }
        }
    }
}

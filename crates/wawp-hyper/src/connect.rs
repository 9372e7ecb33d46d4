//! The connector of a transport built from a `Config`: per target URI, core's
//! proxy rules pick a direct TCP connection (hyper-util's `HttpConnector`)
//! or a `CONNECT` tunnel through the proxy (hyper-util's `Tunnel`), then
//! hyper-rustls runs TLS end to end to the target, and [`Tracking`] bounds
//! the whole and tracks the connection.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;
use wawp_core::ProxyRules;
use wawp_core::http::Uri;

use crate::track::{BoxError, Tracking};

/// The connector stack of a transport built from a `Config`.
pub(crate) type Connector = Tracking<HttpsConnector<Route>>;

/// The connector for `rules`, `tls` and a connect `timeout` covering name
/// resolution, TCP, the proxy's tunnel and the TLS handshake.
pub(crate) fn connector(
    rules: Arc<ProxyRules>,
    mut tls: rustls::ClientConfig,
    timeout: Option<Duration>,
) -> Connector {
    let mut http = HttpConnector::new();
    // https URIs reach it too: TLS is hyper-rustls's layer above.
    http.enforce_http(false);
    http.set_nodelay(true);
    // Per address, so that one black-holed address of several leaves time
    // for the next; `Tracking` bounds the whole.
    http.set_connect_timeout(timeout);
    // HTTP/1.1 only; hyper-rustls sets the ALPN it speaks and refuses any
    // other.
    tls.alpn_protocols.clear();
    let https = HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .wrap_connector(Route { http, rules });
    Tracking::new(https, timeout)
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

//! [`Connector`]: opens a new HTTP/1.1 connection (TCP, then TLS for
//! `https`) and starts the task that drives it.

use std::error::Error as StdError;
use std::time::Duration;

use hyper::client::conn::http1;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use tower_service::Service;
use wawp_core::{TransportError, TransportErrorKind, has_cause};

use crate::pool::{Origin, Sender};

type BoxError = Box<dyn StdError + Send + Sync>;

/// Opens connections: hyper-util's `HttpConnector` (DNS, TCP, no Nagle)
/// wrapped in hyper-rustls for `https`.
#[derive(Debug, Clone)]
pub(crate) struct Connector {
    https: HttpsConnector<HttpConnector>,
}

impl Connector {
    /// A connector using `tls`, whose TCP connect gives up after
    /// `tcp_timeout`.
    pub(crate) fn new(tls: rustls::ClientConfig, tcp_timeout: Option<Duration>) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(tcp_timeout);
        let https = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        Self { https }
    }

    /// A new connection to `origin`, established (TCP and TLS) within
    /// `timeout`. Its task is spawned on the current tokio runtime and ends
    /// with the connection, which closes when the returned sender is dropped.
    ///
    /// Every failure here means the request was not sent: `Connect`, or
    /// `Tls` when rustls refused.
    pub(crate) async fn connect(
        &self,
        origin: &Origin,
        timeout: Option<Duration>,
    ) -> Result<Sender, TransportError> {
        let mut https = self.https.clone();
        let uri = origin.uri();
        let attempt = async move {
            std::future::poll_fn(|cx| https.poll_ready(cx)).await?;
            let stream = https.call(uri).await?;
            Ok::<_, BoxError>(http1::handshake(stream).await?)
        };
        let result = match timeout {
            Some(limit) => tokio::time::timeout(limit, attempt).await.map_err(|_| {
                TransportError::from_message(
                    TransportErrorKind::Connect,
                    format!("connection not established within {limit:?}"),
                )
            })?,
            None => attempt.await,
        };
        let (sender, connection) = result.map_err(|e| TransportError::new(classify(&*e), &*e))?;
        tokio::spawn(async move {
            // Its errors reach the request that was in flight, if any.
            let _ = connection.await;
        });
        Ok(sender)
    }
}

/// `Tls` if rustls is among the causes of `err`, `Connect` otherwise.
fn classify(err: &(dyn StdError + 'static)) -> TransportErrorKind {
    if has_cause::<rustls::Error>(err) {
        TransportErrorKind::Tls
    } else {
        TransportErrorKind::Connect
    }
}

//! The HTTP client of a run: the `wawp` facade's hyper transport, built
//! from the [`Config`] before anything is sent, with the tokio
//! current-thread runtime every call of the process runs on, and with
//! `--save-responses` each exchange handed to [`crate::save`].

use std::path::Path;
use std::time::Duration;

use tokio::runtime::Runtime;
use wawp::capture::{Capturing, Exchange, capture};
use wawp::http::{Request, Response};
use wawp::hyper::HyperTransport;
use wawp::transport::FromConfig;
use wawp::{Config, Limits, Transport, TransportError};

/// The client every command calls through.
pub(crate) type Client = wawp::custom::Client<Wire>;

/// What an exchange is handed to.
type Sink = Box<dyn Fn(Exchange) + Send + Sync>;

/// The transport: hyper, or hyper with each exchange saved.
pub(crate) enum Wire {
    /// As it is.
    Plain(HyperTransport),
    /// Each exchange written to `--save-responses`.
    Saving(Capturing<HyperTransport, Sink>),
}

impl std::fmt::Debug for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Wire::Plain(_) => "Wire::Plain",
            Wire::Saving(_) => "Wire::Saving",
        })
    }
}

#[async_trait::async_trait]
impl Transport for Wire {
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        match self {
            Wire::Plain(t) => t.send(request, limits).await,
            Wire::Saving(t) => t.send(request, limits).await,
        }
    }

    async fn sleep(&self, duration: Duration) {
        match self {
            Wire::Plain(t) => t.sleep(duration).await,
            Wire::Saving(t) => t.sleep(duration).await,
        }
    }
}

/// The client and its runtime.
#[derive(Debug)]
pub(crate) struct Api {
    /// The runtime: the main thread drives it.
    pub(crate) runtime: Runtime,
    /// The client, built inside it.
    pub(crate) client: Client,
}

impl Api {
    /// The client for `config` with `token`: proxy, extra roots and limits;
    /// with `save`, every exchange written there (the directory is made
    /// now). Nothing is sent.
    pub(crate) fn new(
        token: wawp::AccessToken,
        config: Config,
        save: Option<&Path>,
    ) -> Result<Self, String> {
        let sink = save.map(crate::save::sink).transpose()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        let client = {
            let _inside = runtime.enter();
            let hyper = HyperTransport::from_config(&config).map_err(|e| e.to_string())?;
            let wire = match sink {
                Some(sink) => Wire::Saving(capture(hyper, sink)),
                None => Wire::Plain(hyper),
            };
            Client::with_config(wire, token, config)
        };
        Ok(Self { runtime, client })
    }

    /// Lets go of the client and the runtime without waiting for anything
    /// still running on it (a name lookup that hangs).
    pub(crate) fn finish(self) {
        drop(self.client);
        self.runtime.shutdown_background();
    }
}

/// What `-vv` says about the settings: base URL, limits, proxy route,
/// trusted roots. Never a password, the token or a query string.
pub(crate) fn describe(config: &Config) -> Vec<String> {
    let limits = config.limits();
    let secs = |d: Option<Duration>| d.map_or("none".to_owned(), |d| format!("{:?}", d));
    let mut lines = vec![format!(
        "base URL {}; timeout {} per attempt, connect {}; {} attempt(s){}",
        config.base_url,
        secs(limits.timeout),
        secs(limits.connect_timeout),
        config.retry.max_attempts,
        if config.retry.retry_after_send {
            ", retrying after sending"
        } else {
            ""
        }
    )];
    let endpoint = format!("{}/v2/session/logout", config.base_url);
    let route = match endpoint.parse::<wawp::http::Uri>() {
        Ok(uri) => match config.proxy.rules().route(&uri) {
            Ok(Some(proxy)) => format!(
                "proxy {}:{} (CONNECT tunnel{})",
                proxy.host(),
                proxy.port(),
                if proxy.credentials().is_some() {
                    ", with credentials"
                } else {
                    ""
                }
            ),
            Ok(None) if !config.base_url.is_https() => {
                "no proxy (plain http is never proxied)".to_owned()
            }
            Ok(None) => "no proxy".to_owned(),
            Err(e) => format!("unusable proxy setting: {e}"),
        },
        Err(_) => "no proxy".to_owned(),
    };
    lines.push(route);
    lines.push(match wawp_rustls::roots(&config.trust) {
        Ok(roots) => format!(
            "trusting {} roots from {}, plus {} from --ca-cert",
            roots.store.len(),
            match roots.source {
                wawp_rustls::RootSource::Os =>
                    "the system store (SSL_CERT_FILE / SSL_CERT_DIR honoured)",
                _ => "the Mozilla list (the system store is empty)",
            },
            roots.extra.len()
        ),
        Err(e) => format!("unusable trust setting: {e}"),
    });
    lines
}

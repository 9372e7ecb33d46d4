//! The HTTP client of a run: the `wawp` facade's hyper client, built from
//! the [`Config`] before anything is sent, with the tokio current-thread
//! runtime every call of the process runs on.

use std::time::Duration;

use tokio::runtime::Runtime;
use wawp::Config;

/// The client and its runtime.
#[derive(Debug)]
pub(crate) struct Api {
    /// The runtime: the main thread drives it.
    pub(crate) runtime: Runtime,
    /// The client, built inside it.
    pub(crate) client: wawp::hyper::Client,
}

impl Api {
    /// The client for `config` with `token`: proxy, extra roots and limits.
    /// Nothing is sent.
    pub(crate) fn new(token: wawp::AccessToken, config: Config) -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        let client = {
            let _inside = runtime.enter();
            wawp::hyper::client(token, config)
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
    let roots = wawp_rustls::roots(&config.trust);
    lines.push(format!(
        "trusting {} roots from {}, plus {} from --ca-cert",
        roots.store.len(),
        match roots.source {
            wawp_rustls::RootSource::Os =>
                "the system store (SSL_CERT_FILE / SSL_CERT_DIR honoured)",
            _ => "the Mozilla list (the system store is empty)",
        },
        roots.extra.len()
    ));
    lines
}

//! The chosen transport, built from the [`Config`] before anything is sent,
//! and started on the run's [`engine`](crate::engine):
//!
//! - `blocking` (ureq): worker threads, one call each at a time;
//! - `hyper`, `reqwest`: a tokio current-thread runtime on its own thread;
//!   the calls are I/O-bound futures, so one thread multiplexes them all.
//!
//! A single instance's flow (`wawp qr` watching, `wawp relink`) uses the
//! same client as a [`Caller`]: one call at a time, made from a helper
//! thread ([`crate::single`]).

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Duration;

use wawp_core::{AccessToken, BlockingClient, Client, Config, Error, InstanceId};

use crate::args::TransportKind;
use crate::engine::{BlockingCall, Event, Queue, Threads};
use crate::op::Operation;
use crate::outcome::Done;
use crate::tasks;

/// A transport client, ready to start.
pub(crate) enum Built {
    /// ureq, called from worker threads.
    Blocking(BlockingClient<wawp_blocking::UreqTransport>),
    /// hyper, with the runtime it was built in.
    Hyper(tokio::runtime::Runtime, Client<wawp_hyper::HyperTransport>),
    /// reqwest, with the runtime it was built in.
    Reqwest(
        tokio::runtime::Runtime,
        Client<wawp_reqwest::ReqwestTransport>,
    ),
}

impl std::fmt::Debug for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Built::Blocking(_) => "Built::Blocking",
            Built::Hyper(..) => "Built::Hyper",
            Built::Reqwest(..) => "Built::Reqwest",
        })
    }
}

/// Builds the `kind` transport from `config`: proxy, extra roots and
/// limits. Nothing is sent.
pub(crate) fn build(
    kind: TransportKind,
    token: AccessToken,
    config: Config,
) -> Result<Built, String> {
    let runtime = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))
    };
    let failed = |e: Error| format!("cannot set up the {} transport: {e}", kind.name());
    Ok(match kind {
        TransportKind::Blocking => {
            let transport = from_config::blocking(&config).map_err(failed)?;
            Built::Blocking(BlockingClient::with_config(transport, token, config))
        }
        TransportKind::Hyper => {
            let runtime = runtime()?;
            // Built inside the runtime: some clients need it at construction.
            let transport = {
                let _inside = runtime.enter();
                from_config::hyper(&config).map_err(failed)?
            };
            Built::Hyper(runtime, Client::with_config(transport, token, config))
        }
        TransportKind::Reqwest => {
            let runtime = runtime()?;
            let transport = {
                let _inside = runtime.enter();
                from_config::reqwest(&config).map_err(failed)?
            };
            Built::Reqwest(runtime, Client::with_config(transport, token, config))
        }
    })
}

/// What the supervisor calls when a call is given up at its deadline.
pub(crate) type Replace = Box<dyn Fn()>;

impl Built {
    /// Starts `op` on `ids` from `queue`, `width` at a time, each async
    /// call bounded by `per_call`; events go to `events`.
    pub(crate) fn start(
        self,
        op: Operation,
        ids: Arc<[InstanceId]>,
        queue: Arc<Queue>,
        events: Sender<Event>,
        width: usize,
        per_call: Duration,
    ) -> std::io::Result<Replace> {
        match self {
            Built::Blocking(client) => {
                let call: Arc<BlockingCall> =
                    Arc::new(move |id: &InstanceId| op.call_blocking(&client, id));
                let threads = Threads::start(call, ids, queue, events, width)?;
                Ok(Box::new(move || {
                    let _ = threads.add_worker();
                }))
            }
            Built::Hyper(runtime, client) => {
                let op = Arc::new(op);
                tasks::start_async(runtime, client, op, ids, queue, events, width, per_call)?;
                Ok(Box::new(|| {}))
            }
            Built::Reqwest(runtime, client) => {
                let op = Arc::new(op);
                tasks::start_async(runtime, client, op, ids, queue, events, width, per_call)?;
                Ok(Box::new(|| {}))
            }
        }
    }

    /// The client as a [`Caller`], for one call at a time.
    pub(crate) fn into_caller(self) -> Caller {
        match self {
            Built::Blocking(client) => Caller::Blocking(Arc::new(client)),
            Built::Hyper(runtime, client) => Caller::Hyper(Arc::new(runtime), client),
            Built::Reqwest(runtime, client) => Caller::Reqwest(Arc::new(runtime), client),
        }
    }
}

/// A client that makes one call when asked, from any thread: the blocking
/// one directly, an async one on its runtime (`block_on` may be called
/// from several threads; one drives the runtime at a time).
#[derive(Clone)]
pub(crate) enum Caller {
    /// ureq.
    Blocking(Arc<BlockingClient<wawp_blocking::UreqTransport>>),
    /// hyper, on its runtime.
    Hyper(
        Arc<tokio::runtime::Runtime>,
        Client<wawp_hyper::HyperTransport>,
    ),
    /// reqwest, on its runtime.
    Reqwest(
        Arc<tokio::runtime::Runtime>,
        Client<wawp_reqwest::ReqwestTransport>,
    ),
}

impl std::fmt::Debug for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Caller::Blocking(_) => "Caller::Blocking",
            Caller::Hyper(..) => "Caller::Hyper",
            Caller::Reqwest(..) => "Caller::Reqwest",
        })
    }
}

impl Caller {
    /// Calls `op` for `id`, blocking this thread until it returns.
    pub(crate) fn call(&self, op: &Operation, id: &InstanceId) -> Done {
        match self {
            Caller::Blocking(client) => op.call_blocking(client, id),
            Caller::Hyper(runtime, client) => runtime.block_on(op.call(client, id)),
            Caller::Reqwest(runtime, client) => runtime.block_on(op.call(client, id)),
        }
    }

    /// Lets go of the client without waiting for anything still running in
    /// its runtime (a name lookup that hangs): the runtime is shut down in
    /// the background when this was its last user, else left to the
    /// thread still using it.
    pub(crate) fn finish(self) {
        let runtime = match self {
            Caller::Blocking(_) => return,
            Caller::Hyper(runtime, client) => {
                drop(client);
                runtime
            }
            Caller::Reqwest(runtime, client) => {
                drop(client);
                runtime
            }
        };
        if let Ok(runtime) = Arc::try_unwrap(runtime) {
            runtime.shutdown_background();
        }
    }
}

/// What `-vv` says about the settings: transport, proxy route, trusted
/// roots, limits. Never a password, the token or a query string.
pub(crate) fn describe(kind: TransportKind, config: &Config) -> Vec<String> {
    let limits = config.limits();
    let secs = |d: Option<Duration>| d.map_or("none".to_owned(), |d| format!("{:?}", d));
    let mut lines = vec![format!(
        "transport {kind:?}; base URL {}; timeout {} per attempt, connect {}; {} attempt(s){}",
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
    let route = match endpoint.parse::<wawp_core::http::Uri>() {
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

/// Each transport from a [`Config`], through `wawp_core::transport::FromConfig`:
/// the config's proxy, extra roots and limits are honoured by all three.
mod from_config {
    use wawp_core::transport::FromConfig;
    use wawp_core::{Config, Error};

    pub(super) fn blocking(config: &Config) -> Result<wawp_blocking::UreqTransport, Error> {
        <wawp_blocking::UreqTransport as FromConfig>::from_config(config)
    }

    pub(super) fn hyper(config: &Config) -> Result<wawp_hyper::HyperTransport, Error> {
        <wawp_hyper::HyperTransport as FromConfig>::from_config(config)
    }

    pub(super) fn reqwest(config: &Config) -> Result<wawp_reqwest::ReqwestTransport, Error> {
        <wawp_reqwest::ReqwestTransport as FromConfig>::from_config(config)
    }
}

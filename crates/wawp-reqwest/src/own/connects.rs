//! Which connection a request went on: a connector layer records, in a
//! task-local each transport call sets, the local address of every
//! connection that finishes connecting inside that call's task, and the
//! call compares the address of the connection its answer (or its error)
//! came on with those.
//!
//! reqwest does not say whether a request went on a connection reused from
//! its pool, but every new connection goes through its connector, and
//! hyper-util's pool drives the connect inside the future of the request
//! that needs it (its connect is lazy, polled by that request). hyper-util
//! puts the connection's `HttpInfo` (local and remote address) in each
//! response's extensions and in the `connect_info` of a request that failed
//! on a connection. A call went on a pooled connection when that local
//! address is not one it connected: also when the pool handed it a
//! connection coming back after its own connect had finished (hyper-util
//! then finishes the new one in a task of its own and keeps it idle), which
//! a count of connects took for a fresh one.

use std::cell::RefCell;
use std::error::Error as StdError;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use hyper_util::client::legacy::connect::{Connected, Connection, HttpInfo};
use wawp_core::http::Extensions;

use crate::error::causes;

tokio::task_local! {
    static MADE: RefCell<Vec<SocketAddr>>;
}

/// The local addresses of the connections a call made.
#[derive(Debug, Default)]
pub(crate) struct MadeConnections(Vec<SocketAddr>);

impl MadeConnections {
    /// Whether a request that went on the connection whose local address
    /// is `on` went on one from the pool: a connection this call did not
    /// make. No address (no connection was assigned) is not reused.
    pub(crate) fn reused(&self, on: Option<SocketAddr>) -> bool {
        on.is_some_and(|addr| !self.0.contains(&addr))
    }
}

/// Runs `call`, returning its output and the connections made inside it.
pub(crate) async fn recording<F: Future>(call: F) -> (F::Output, MadeConnections) {
    MADE.scope(RefCell::new(Vec::new()), async {
        let out = call.await;
        (out, MadeConnections(MADE.with(RefCell::take)))
    })
    .await
}

/// The local address of the connection `connected` describes.
pub(crate) fn local_addr(connected: &Connected) -> Option<SocketAddr> {
    let mut extensions = Extensions::new();
    connected.get_extras(&mut extensions);
    extensions.get::<HttpInfo>().map(HttpInfo::local_addr)
}

/// The local address of the connection `response` came on.
pub(crate) fn local_addr_of_response(response: &reqwest::Response) -> Option<SocketAddr> {
    response
        .extensions()
        .get::<HttpInfo>()
        .map(HttpInfo::local_addr)
}

/// The local address of the connection a failed request went on, from
/// hyper-util's error among `err`'s causes.
pub(crate) fn failed_on(err: &(dyn StdError + 'static)) -> Option<SocketAddr> {
    causes(err)
        .find_map(|e| e.downcast_ref::<hyper_util::client::legacy::Error>())
        .and_then(hyper_util::client::legacy::Error::connect_info)
        .and_then(local_addr)
}

/// The layer for `reqwest::ClientBuilder::connector_layer`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RecordConnects;

impl<S> tower_layer::Layer<S> for RecordConnects {
    type Service = Recorded<S>;

    fn layer(&self, inner: S) -> Recorded<S> {
        Recorded(inner)
    }
}

/// A connector that records the local address of each connection it makes
/// in the task where the connect finishes, if that task records them.
#[derive(Debug, Clone)]
pub(crate) struct Recorded<S>(S);

impl<S, R> tower_service::Service<R> for Recorded<S>
where
    S: tower_service::Service<R>,
    S::Response: Connection,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        let connecting = self.0.call(request);
        Box::pin(async move {
            let connected = connecting.await;
            if let Ok(conn) = &connected
                && let Some(addr) = local_addr(&conn.connected())
            {
                // Recorded only where it completes inside a call's own task.
                let _ = MADE.try_with(|made| made.borrow_mut().push(addr));
            }
            connected
        })
    }
}

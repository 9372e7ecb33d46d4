//! Which request made a connection: a connector layer counts, in a
//! task-local each transport call sets, the connections that finish
//! connecting inside that call's task.
//!
//! reqwest does not say whether a request went on a connection reused from
//! its pool, but every new connection goes through its connector, and
//! hyper-util's pool drives the connect inside the future of the request
//! that needs it (its connect is lazy, polled by that request). When an
//! idle connection comes back to the pool before the connect is done,
//! hyper-util hands the request that one and finishes the connect in a
//! task of its own, where it is not counted. So a call that counted no
//! connection went on one from the pool. The converse does not always hold
//! (an idle connection may come back between the end of the connect and
//! the connection being ready), which errs the safe way: a reused
//! connection counted fresh.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

tokio::task_local! {
    static CONNECTS: Cell<u32>;
}

/// Runs `call`, returning its output and how many connections finished
/// connecting inside it.
pub(crate) async fn counting<F: Future>(call: F) -> (F::Output, u32) {
    CONNECTS
        .scope(Cell::new(0), async {
            let out = call.await;
            (out, CONNECTS.with(Cell::get))
        })
        .await
}

/// The layer for `reqwest::ClientBuilder::connector_layer`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CountConnects;

impl<S> tower_layer::Layer<S> for CountConnects {
    type Service = Counted<S>;

    fn layer(&self, inner: S) -> Counted<S> {
        Counted(inner)
    }
}

/// A connector that counts each connection it makes in the count of the
/// task where the connect finishes, if that task has one.
#[derive(Debug, Clone)]
pub(crate) struct Counted<S>(S);

impl<S, R> tower_service::Service<R> for Counted<S>
where
    S: tower_service::Service<R>,
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
            // Counted only where it completes inside a call's own task.
            let _ = CONNECTS.try_with(|n| n.set(n.get().saturating_add(1)));
            connected
        })
    }
}

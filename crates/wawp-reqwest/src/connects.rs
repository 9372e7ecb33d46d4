//! Which request made a connection: a connector layer counts the
//! connections each transport call starts, in a task-local the call sets.
//!
//! reqwest does not say whether a request went on a connection reused from
//! its pool, but every new connection goes through its connector, and
//! hyper-util's pool starts it inside the future of the request that needs
//! it (its connect is lazy, polled by that request). So a call that started
//! no connection went on one from the pool. The converse does not hold —
//! hyper-util may start a connection, then hand the request one that came
//! back to the pool meanwhile — which errs the safe way (a reused
//! connection counted fresh).

use std::cell::Cell;
use std::future::Future;
use std::task::{Context, Poll};

tokio::task_local! {
    static CONNECTS: Cell<u32>;
}

/// Runs `call`, returning its output and how many connections it started.
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

/// A connector that counts each connection it is asked for in the calling
/// task's count, if it has one.
#[derive(Debug, Clone)]
pub(crate) struct Counted<S>(S);

impl<S: tower_service::Service<R>, R> tower_service::Service<R> for Counted<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        let _ = CONNECTS.try_with(|n| n.set(n.get().saturating_add(1)));
        self.0.call(request)
    }
}

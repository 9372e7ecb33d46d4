//! What a measurement drives: one logout call, SDK or hand-written, async or
//! blocking. Each call checks the status and decodes the body; a failure
//! aborts the run (nothing here is expected to fail on loopback).

use std::future::Future;

/// One async logout, SDK or raw. `Send + Sync + 'static` so that 64 of them
/// can run as tasks.
pub(crate) trait AsyncCall: Send + Sync + 'static {
    fn call(&self) -> impl Future<Output = Result<(), String>> + Send;
}

/// One blocking logout, SDK or raw.
pub(crate) trait BlockingCall {
    fn call(&self) -> Result<(), String>;
}

/// Which side of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Sdk,
    Raw,
}

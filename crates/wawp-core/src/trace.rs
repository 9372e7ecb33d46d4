//! Optional `tracing` events around each attempt (feature `tracing`): method,
//! host (with its port, if the base URL names one), path, attempt number, status or error kind, elapsed time, whether
//! the connection was reused (when the transport says) and whether a stale
//! connection made the client re-send. Never the query string, the body or
//! the token. Without the feature this is zero-sized and
//! compiles to nothing.

use crate::endpoint::Endpoint;
use crate::error::Error;

/// One attempt's trace: `None` when no subscriber wants any of its events,
/// so that a build with the feature but nobody listening pays one check per
/// attempt, not an allocation and two clock reads.
#[cfg(feature = "tracing")]
pub(crate) struct AttemptTrace(Option<Traced>);

#[cfg(feature = "tracing")]
struct Traced {
    method: http::Method,
    host: String,
    path: &'static str,
    attempt: u32,
    started: std::time::Instant,
}

#[cfg(feature = "tracing")]
impl AttemptTrace {
    pub(crate) fn start<E: Endpoint>(host: &str, attempt: u32) -> Self {
        let wanted = tracing::enabled!(tracing::Level::WARN)
            || tracing::enabled!(tracing::Level::INFO)
            || tracing::enabled!(tracing::Level::DEBUG);
        if !wanted {
            return Self(None);
        }
        let method = E::METHOD;
        tracing::debug!(
            method = method.as_str(),
            host,
            path = E::PATH,
            attempt,
            "wawp request started"
        );
        Self(Some(Traced {
            method,
            host: host.to_owned(),
            path: E::PATH,
            attempt,
            started: std::time::Instant::now(),
        }))
    }

    pub(crate) fn end<T>(
        self,
        outcome: &Result<T, Error>,
        resent: bool,
        status: Option<u16>,
        reused: Option<bool>,
    ) {
        let Some(this) = self.0 else { return };
        let elapsed_ms = this.started.elapsed().as_secs_f64() * 1000.0;
        let (method, host, path, attempt) = (
            this.method.as_str(),
            this.host.as_str(),
            this.path,
            this.attempt,
        );
        match outcome {
            Ok(_) => tracing::info!(
                method,
                host,
                path,
                attempt,
                elapsed_ms,
                status,
                reused,
                resent,
                "wawp request succeeded"
            ),
            Err(e) => tracing::warn!(
                method,
                host,
                path,
                attempt,
                elapsed_ms,
                reused,
                resent,
                status = status.or(e.status().map(|s| s.as_u16())),
                kind = e.code(),
                maybe_sent = e.maybe_sent(),
                error = %e,
                "wawp request failed"
            ),
        }
    }
}

#[cfg(not(feature = "tracing"))]
pub(crate) struct AttemptTrace;

#[cfg(not(feature = "tracing"))]
impl AttemptTrace {
    #[inline(always)]
    #[allow(clippy::extra_unused_type_parameters)]
    pub(crate) fn start<E: Endpoint>(_host: &str, _attempt: u32) -> Self {
        Self
    }

    #[inline(always)]
    pub(crate) fn end<T>(
        self,
        _outcome: &Result<T, Error>,
        _resent: bool,
        _status: Option<u16>,
        _reused: Option<bool>,
    ) {
    }
}

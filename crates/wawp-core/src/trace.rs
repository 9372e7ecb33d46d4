//! Optional `tracing` instrumentation (feature `tracing`): a span per call
//! and events per attempt. Never the query string, the body or the token.
//! Without the feature every type here is zero-sized and compiles to
//! nothing.
//!
//! **The span** (`wawp call`, level INFO) is where an application hangs its
//! own fields. Its fields follow OpenTelemetry's HTTP client conventions
//! where they fit: `http.request.method`, `server.address`, `server.port`,
//! `url.path` (the base URL's path prefix and the endpoint's path, no
//! query); then, when the call ends, `http.response.status_code` (of the
//! last answer, if one came), `error.type` (the [`Error::code`], on
//! failure), `http.request.resend_count` (every send after the first:
//! retries and the re-send after a stale connection), and this crate's own
//! `wawp.attempts` (attempts made) and `wawp.outcome` (`ok` or `error`).
//!
//! **The events**, one per attempt: `wawp request started` (DEBUG), then
//! `wawp request succeeded` (INFO) or `wawp request failed` with method,
//! host (and port, if the base URL names one), path, attempt number,
//! status or error kind, elapsed time, whether the connection was reused
//! (when the transport says) and whether a stale connection made the
//! client re-send. A failure is a WARN, except an answer the application
//! may well expect — a 4xx such as a 404 for an instance that does not
//! exist — which is an INFO.

use http::Response;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::transport::TransportError;

#[cfg(not(feature = "tracing"))]
pub(crate) use disabled::{Answered, AttemptTrace, CallTrace};
#[cfg(feature = "tracing")]
pub(crate) use enabled::{Answered, AttemptTrace, CallTrace};

#[cfg(feature = "tracing")]
mod enabled {
    use std::sync::atomic::{AtomicU32, Ordering};

    use tracing::field::Empty;

    use super::{Endpoint, Error, Response, TransportError};
    use crate::config::BaseUrl;
    use crate::transport::Reused;

    /// What an attempt's answer says for its trace: the status, if an answer
    /// came, and whether its connection was reused, if the transport says.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Answered {
        status: Option<u16>,
        reused: Option<bool>,
    }

    impl Answered {
        pub(crate) fn of(sent: &Result<Response<Vec<u8>>, TransportError>) -> Self {
            match sent {
                Ok(r) => Self {
                    status: Some(r.status().as_u16()),
                    reused: r.extensions().get::<Reused>().map(|r| r.0),
                },
                Err(_) => Self {
                    status: None,
                    reused: None,
                },
            }
        }
    }

    /// A call's span and what its attempts add to it.
    pub(crate) struct CallTrace {
        span: tracing::Span,
        attempts: AtomicU32,
        sends: AtomicU32,
        status: AtomicU32,
    }

    impl CallTrace {
        pub(crate) fn start<E: Endpoint>(base_url: &BaseUrl) -> Self {
            let span = tracing::info_span!(
                "wawp call",
                http.request.method = E::METHOD.as_str(),
                server.address = base_url.host(),
                server.port = port(base_url),
                url.path = %format_args!("{}{}", base_path(base_url.as_str()), E::PATH),
                http.response.status_code = Empty,
                http.request.resend_count = Empty,
                error.type = Empty,
                wawp.attempts = Empty,
                wawp.outcome = Empty,
            );
            Self {
                span,
                attempts: AtomicU32::new(0),
                sends: AtomicU32::new(0),
                status: AtomicU32::new(0),
            }
        }

        /// The span, to run the call in.
        pub(crate) fn span(&self) -> &tracing::Span {
            &self.span
        }

        /// Records how the call ended on its span.
        pub(crate) fn end<T>(&self, outcome: &Result<T, Error>) {
            let span = &self.span;
            let sends = self.sends.load(Ordering::Relaxed);
            span.record("wawp.attempts", self.attempts.load(Ordering::Relaxed));
            span.record("http.request.resend_count", sends.saturating_sub(1));
            let status = match outcome {
                Err(e) => e.status().map(|s| u32::from(s.as_u16())),
                Ok(_) => None,
            }
            .or(Some(self.status.load(Ordering::Relaxed)).filter(|s| *s != 0));
            if let Some(status) = status {
                span.record("http.response.status_code", status);
            }
            match outcome {
                Ok(_) => span.record("wawp.outcome", "ok"),
                Err(e) => {
                    span.record("error.type", e.code());
                    span.record("wawp.outcome", "error")
                }
            };
        }
    }

    /// The port the base URL names, or its scheme's.
    fn port(base_url: &BaseUrl) -> u16 {
        let authority = base_url.authority();
        let explicit = authority
            .rsplit_once(':')
            .filter(|(_, port)| !port.contains(']'))
            .and_then(|(_, port)| port.parse().ok());
        explicit.unwrap_or(if base_url.is_https() { 443 } else { 80 })
    }

    /// The path prefix of a base URL (`https://host/prefix` → `/prefix`).
    pub(super) fn base_path(url: &str) -> &str {
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        url[after_scheme..]
            .find('/')
            .map_or("", |i| &url[after_scheme + i..])
    }

    /// One attempt's trace: `None` when no subscriber wants any of its
    /// events, so that a build with the feature but nobody listening pays
    /// one check per attempt, not an allocation and two clock reads.
    pub(crate) struct AttemptTrace<'a> {
        call: &'a CallTrace,
        attempt: u32,
        traced: Option<Traced>,
    }

    struct Traced {
        method: http::Method,
        host: String,
        path: &'static str,
        started: Option<Clock>,
    }

    /// A monotonic clock where reading one cannot panic (not on wasm32 in a
    /// browser): elapsed times are left out there.
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    type Clock = std::time::Instant;
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    type Clock = std::convert::Infallible;

    fn now() -> Option<Clock> {
        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        return Some(std::time::Instant::now());
        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        None
    }

    fn elapsed_ms(started: &Option<Clock>) -> Option<f64> {
        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        return started.map(|s| s.elapsed().as_secs_f64() * 1000.0);
        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        started.map(|never| match never {})
    }

    impl<'a> AttemptTrace<'a> {
        pub(crate) fn start<E: Endpoint>(call: &'a CallTrace, host: &str, attempt: u32) -> Self {
            call.attempts.store(attempt, Ordering::Relaxed);
            let wanted = tracing::enabled!(tracing::Level::WARN)
                || tracing::enabled!(tracing::Level::INFO)
                || tracing::enabled!(tracing::Level::DEBUG);
            if !wanted {
                return Self {
                    call,
                    attempt,
                    traced: None,
                };
            }
            let method = E::METHOD;
            tracing::debug!(
                method = method.as_str(),
                host,
                path = E::PATH,
                attempt,
                "wawp request started"
            );
            Self {
                call,
                attempt,
                traced: Some(Traced {
                    method,
                    host: host.to_owned(),
                    path: E::PATH,
                    started: now(),
                }),
            }
        }

        pub(crate) fn end<T>(self, outcome: &Result<T, Error>, resent: bool, answered: Answered) {
            let Answered { status, reused } = answered;
            let call = self.call;
            call.sends
                .fetch_add(if resent { 2 } else { 1 }, Ordering::Relaxed);
            call.status
                .store(status.map_or(0, u32::from), Ordering::Relaxed);
            let Some(this) = self.traced else { return };
            let elapsed_ms = elapsed_ms(&this.started);
            let (method, host, path, attempt) = (
                this.method.as_str(),
                this.host.as_str(),
                this.path,
                self.attempt,
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
                Err(e) => {
                    let status = status.or(e.status().map(|s| s.as_u16()));
                    macro_rules! failed {
                        ($level:expr) => {
                            tracing::event!(
                                $level,
                                method,
                                host,
                                path,
                                attempt,
                                elapsed_ms,
                                reused,
                                resent,
                                status,
                                kind = e.code(),
                                maybe_sent = e.maybe_sent(),
                                error = %e,
                                "wawp request failed"
                            )
                        };
                    }
                    if expected(e) {
                        failed!(tracing::Level::INFO)
                    } else {
                        failed!(tracing::Level::WARN)
                    }
                }
            }
        }
    }

    /// An answer an application may well expect (any 4xx: a 404 for an
    /// instance that does not exist, a 401 for a revoked token…), logged
    /// below WARN.
    fn expected(e: &Error) -> bool {
        matches!(e, Error::Api(api) if api.status.is_client_error())
    }
}

#[cfg(not(feature = "tracing"))]
mod disabled {
    use super::{Endpoint, Error, Response, TransportError};
    use crate::config::BaseUrl;

    pub(crate) struct Answered;

    impl Answered {
        #[inline(always)]
        pub(crate) fn of(_sent: &Result<Response<Vec<u8>>, TransportError>) -> Self {
            Self
        }
    }

    pub(crate) struct CallTrace;

    impl CallTrace {
        #[inline(always)]
        #[allow(clippy::extra_unused_type_parameters)]
        pub(crate) fn start<E: Endpoint>(_base_url: &BaseUrl) -> Self {
            Self
        }

        #[inline(always)]
        pub(crate) fn end<T>(&self, _outcome: &Result<T, Error>) {}
    }

    pub(crate) struct AttemptTrace;

    impl AttemptTrace {
        #[inline(always)]
        #[allow(clippy::extra_unused_type_parameters)]
        pub(crate) fn start<E: Endpoint>(_call: &CallTrace, _host: &str, _attempt: u32) -> Self {
            Self
        }

        #[inline(always)]
        pub(crate) fn end<T>(
            self,
            _outcome: &Result<T, Error>,
            _resent: bool,
            _answered: Answered,
        ) {
        }
    }
}

/// Runs `call` inside the call's span (with the feature).
#[cfg(feature = "tracing")]
pub(crate) async fn in_span<F: Future>(trace: &CallTrace, call: F) -> F::Output {
    use tracing::Instrument;
    call.instrument(trace.span().clone()).await
}

/// Runs `call` (without the feature: no span).
#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) async fn in_span<F: Future>(_trace: &CallTrace, call: F) -> F::Output {
    call.await
}

/// Runs `call` inside the call's span (with the feature).
pub(crate) fn in_span_blocking<R>(trace: &CallTrace, call: impl FnOnce() -> R) -> R {
    #[cfg(feature = "tracing")]
    let _entered = trace.span().enter();
    #[cfg(not(feature = "tracing"))]
    let _ = trace;
    call()
}

#[cfg(all(test, feature = "tracing"))]
mod tests {
    #[test]
    fn the_base_path_is_the_url_s_path_prefix() {
        assert_eq!(super::enabled::base_path("https://api.wawp.net"), "");
        assert_eq!(
            super::enabled::base_path("https://h:8443/proxy/x"),
            "/proxy/x"
        );
        assert_eq!(super::enabled::base_path("http://127.0.0.1:1"), "");
    }
}

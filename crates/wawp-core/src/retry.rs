//! Retry decisions, made without a clock or a runtime.
//!
//! Logout changes state on the server, so the default is no retry. When a
//! [`RetryPolicy`] allows more attempts, only answers that prove the server did
//! nothing are retried: 429, 502, 503, 504, and connections that failed before
//! the request was sent. Timeouts and connections lost after sending are
//! retried only with [`RetryPolicy::retry_after_send`].

use std::time::Duration;

use crate::error::Error;

/// How many times to try, and how long to wait in between.
///
/// ```
/// use std::time::Duration;
/// use wawp_core::RetryPolicy;
/// let policy = RetryPolicy::attempts(3).with_backoff(Duration::from_millis(100), Duration::from_secs(2));
/// assert_eq!(policy.max_attempts, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included; `1` means no retry.
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// Largest single wait (also the longest `Retry-After` honoured).
    pub max_backoff: Duration,
    /// Largest total waiting time across all retries.
    pub max_total_wait: Duration,
    /// Randomise each wait between half and all of its value.
    pub jitter: bool,
    /// Also retry timeouts and connections lost after the request was sent,
    /// accepting that the logout may run twice (harmless for logout: the
    /// second one finds the session already logged out).
    pub retry_after_send: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn none() -> Self {
        Self::attempts(1)
    }

    /// Up to `max_attempts` attempts in all, with exponential backoff from
    /// 200 ms to 5 s, jitter, and at most 30 s of waiting.
    pub fn attempts(max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_total_wait: Duration::from_secs(30),
            jitter: true,
            retry_after_send: false,
        }
    }

    /// This policy with other backoff bounds.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The backoff before retry number `retry` (1-based), before jitter.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    fn allows(&self, error: &Error) -> bool {
        error.is_retryable() || (self.retry_after_send && error.maybe_sent())
    }
}

/// The retry state of one call: feed it each attempt's outcome and it says
/// whether to wait and try again.
#[derive(Debug)]
pub struct Attempts<'a> {
    policy: &'a RetryPolicy,
    made: u32,
    waited: Duration,
}

impl<'a> Attempts<'a> {
    /// The state before the first attempt.
    pub fn new(policy: &'a RetryPolicy) -> Self {
        Self {
            policy,
            made: 0,
            waited: Duration::ZERO,
        }
    }

    /// The number of the attempt about to be made (1-based).
    pub fn next_attempt(&self) -> u32 {
        self.made + 1
    }

    /// Records an attempt's outcome; returns how long to wait before the next
    /// attempt, or `None` to return `outcome` to the caller.
    pub fn after<T>(&mut self, outcome: &Result<T, Error>) -> Option<Duration> {
        self.made += 1;
        let error = outcome.as_ref().err()?;
        if self.made >= self.policy.max_attempts || !self.policy.allows(error) {
            return None;
        }
        let delay = match error.retry_after() {
            // The server said how long; waiting less would be rude, so a
            // longer ask than the policy allows ends the retries.
            Some(asked) if asked > self.policy.max_backoff => return None,
            Some(asked) => asked,
            None => {
                let full = self.policy.backoff(self.made);
                if self.policy.jitter {
                    let half = full / 2;
                    half + half.mul_f64(fastrand::f64())
                } else {
                    full
                }
            }
        };
        if self.waited + delay > self.policy.max_total_wait {
            return None;
        }
        self.waited += delay;
        Some(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, ApiErrorKind, BodyFormat};
    use crate::transport::{TransportError, TransportErrorKind};
    use http::StatusCode;

    fn api(status: u16, retry_after: Option<u64>) -> Result<(), Error> {
        let status = StatusCode::from_u16(status).unwrap();
        Err(Error::Api(ApiError {
            status,
            kind: ApiErrorKind::from_status(status),
            message: None,
            format: BodyFormat::Empty,
            snippet: String::new(),
            retry_after: retry_after.map(Duration::from_secs),
        }))
    }

    fn policy(n: u32) -> RetryPolicy {
        let mut p = RetryPolicy::attempts(n)
            .with_backoff(Duration::from_millis(100), Duration::from_secs(2));
        p.jitter = false;
        p
    }

    #[test]
    fn no_retry_by_default() {
        let p = RetryPolicy::default();
        assert_eq!(Attempts::new(&p).after(&api(502, None)), None);
    }

    #[test]
    fn exponential_backoff_until_attempts_run_out() {
        let p = policy(4);
        let mut a = Attempts::new(&p);
        assert_eq!(a.after(&api(502, None)), Some(Duration::from_millis(100)));
        assert_eq!(a.after(&api(503, None)), Some(Duration::from_millis(200)));
        assert_eq!(a.after(&api(504, None)), Some(Duration::from_millis(400)));
        assert_eq!(a.after(&api(502, None)), None);
    }

    #[test]
    fn never_retries_what_may_have_changed_state() {
        let p = policy(5);
        for status in [400, 401, 404, 500] {
            assert_eq!(
                Attempts::new(&p).after(&api(status, None)),
                None,
                "{status}"
            );
        }
        let timeout: Result<(), Error> = Err(Error::Timeout { after: None });
        assert_eq!(Attempts::new(&p).after(&timeout), None);
        let mut opted = p.clone();
        opted.retry_after_send = true;
        assert!(Attempts::new(&opted).after(&timeout).is_some());
    }

    #[test]
    fn connect_failures_are_retried() {
        let p = policy(2);
        let refused: Result<(), Error> = Err(Error::Transport(TransportError::from_message(
            TransportErrorKind::Connect,
            "connection refused",
        )));
        assert!(Attempts::new(&p).after(&refused).is_some());
    }

    #[test]
    fn tls_failures_are_never_retried() {
        let mut p = policy(3);
        p.retry_after_send = true;
        let tls: Result<(), Error> = Err(Error::Transport(TransportError::from_message(
            TransportErrorKind::Tls,
            "invalid peer certificate: UnknownIssuer",
        )));
        assert_eq!(Attempts::new(&p).after(&tls), None);
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let p = policy(3);
        assert_eq!(
            Attempts::new(&p).after(&api(429, Some(1))),
            Some(Duration::from_secs(1))
        );
        assert_eq!(Attempts::new(&p).after(&api(429, Some(60))), None);
    }

    #[test]
    fn total_wait_is_capped_and_success_stops() {
        let mut p = policy(10);
        p.max_total_wait = Duration::from_millis(250);
        let mut a = Attempts::new(&p);
        assert!(a.after(&api(502, None)).is_some());
        assert!(a.after(&api(502, None)).is_none());
        assert_eq!(Attempts::new(&p).after(&Ok::<(), Error>(())), None);
    }

    #[test]
    fn jitter_stays_within_half_and_full() {
        let mut p = policy(2);
        p.jitter = true;
        for _ in 0..100 {
            let d = Attempts::new(&p).after(&api(502, None)).unwrap();
            assert!(
                d >= Duration::from_millis(50) && d <= Duration::from_millis(100),
                "{d:?}"
            );
        }
    }
}

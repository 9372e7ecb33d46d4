//! Repeat decisions, made without a clock or a runtime: the one rule
//! behind every repeat, automatic retries and the clients' immediate
//! re-send after a reused connection closed alike.
//!
//! Retries are off by default. When a [`RetryPolicy`] allows more
//! attempts, what is retried depends on what happened and on what the
//! endpoint declares about repeating itself ([`Repeat`]):
//!
//! | what happened | `maybe_sent` | [`Repeat::Read`] | [`Repeat::Harmless`] | [`Repeat::Never`] |
//! |---|---|---|---|---|
//! | connection never made: DNS, refused, connect timeout, closed in the TLS handshake, proxy refused, request never written | false | retried | retried | retried |
//! | certificate not trusted, invalid input | false | never | never | never |
//! | 429, after `Retry-After` | true, not processed | retried | retried | retried |
//! | 502, 503, after `Retry-After` | true | retried | retried | never |
//! | timeout after writing, closed before the answer (new or reused connection), 504 | true | retried | only with [`RetryPolicy::retry_after_send`] | never |
//! | any other answer: 4xx, 500, undecodable, oversized, redirect | true | never | never | never |
//!
//! Besides retries, the clients re-send once, at once and whatever the
//! policy, a [`Repeat::Read`] or [`Repeat::Harmless`] call whose *reused*
//! keep-alive connection closed before any answer
//! ([`TransportErrorKind::StaleConnection`](crate::TransportErrorKind::StaleConnection)):
//! a repeat that may run a harmless call twice. A [`Repeat::Never`] call
//! is never re-sent: it goes on a new connection in the first place
//! ([`FreshConnection`](crate::transport::FreshConnection)).

use std::time::Duration;

use crate::error::{ApiErrorKind, Error};

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
    /// Also retry failures after which the call may have happened — a
    /// timeout or a connection lost after the request was written, a 504 —
    /// for endpoints whose repetition is harmless ([`Repeat::Harmless`]),
    /// accepting that the call may run twice (harmless for logout: the
    /// second one finds the session already logged out). Reads are retried
    /// so anyway; destructive calls ([`Repeat::Never`]) never are.
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

    /// This policy with at most `max` of waiting across all retries.
    pub fn with_max_total_wait(mut self, max: Duration) -> Self {
        self.max_total_wait = max;
        self
    }

    /// This policy with jitter on (the default) or off.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// This policy also retrying, for endpoints whose repetition is
    /// harmless, failures after which the call may have happened (see
    /// [`RetryPolicy::retry_after_send`]).
    ///
    /// ```
    /// use std::time::Duration;
    /// use wawp_core::RetryPolicy;
    /// let policy = RetryPolicy::attempts(4)
    ///     .with_max_total_wait(Duration::from_secs(10))
    ///     .with_jitter(false)
    ///     .with_retry_after_send(true);
    /// assert!(policy.retry_after_send && !policy.jitter);
    /// ```
    pub fn with_retry_after_send(mut self, retry: bool) -> Self {
        self.retry_after_send = retry;
        self
    }

    /// The backoff before retry number `retry` (1-based), before jitter.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// Whether the table in the module documentation retries `error` for
    /// an endpoint that repeats as `repeat`.
    fn allows(&self, error: &Error, repeat: Repeat) -> bool {
        match Happened::of(error) {
            Happened::NotSent | Happened::RateLimited => true,
            Happened::Busy => repeat != Repeat::Never,
            Happened::MaybeDone => match repeat {
                Repeat::Read => true,
                Repeat::Harmless => self.retry_after_send,
                Repeat::Never => false,
            },
            Happened::Final => false,
        }
    }
}

/// The rows of the repeat table: what a failure says about the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Happened {
    /// The connection was never made, or the request never written.
    NotSent,
    /// 429: the server refused the call without processing it.
    RateLimited,
    /// 502 or 503: a gateway or a busy server answered.
    Busy,
    /// A timeout after writing, a connection closed before the answer, 504.
    MaybeDone,
    /// Anything a repeat would not change, or that may have been processed.
    Final,
}

impl Happened {
    fn of(error: &Error) -> Self {
        use crate::transport::TransportErrorKind as K;
        match error {
            Error::Transport(e) => match e.kind() {
                K::Connect => Self::NotSent,
                K::StaleConnection | K::Io | K::Timeout => Self::MaybeDone,
                K::Tls | K::BodyTooLarge | K::Other => Self::Final,
            },
            Error::Timeout { .. } => Self::MaybeDone,
            Error::Api(e) => match e.kind {
                ApiErrorKind::RateLimited => Self::RateLimited,
                ApiErrorKind::BadGateway | ApiErrorKind::Unavailable => Self::Busy,
                ApiErrorKind::GatewayTimeout => Self::MaybeDone,
                _ => Self::Final,
            },
            Error::InvalidInput(_)
            | Error::Decode(_)
            | Error::UnexpectedRedirect { .. }
            | Error::BodyTooLarge { .. } => Self::Final,
        }
    }
}

/// What an endpoint declares about being sent twice, which decides what an
/// automatic retry may repeat (see the table in [`crate::RetryPolicy`]'s
/// module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Repeat {
    /// A read: repeating it changes nothing. Re-sent once at once after a
    /// reused connection closed before any answer.
    Read,
    /// A state change that is harmless to repeat (logout, start, stop,
    /// restart): the second call finds the work done. Failures after which
    /// it may have happened are retried only with
    /// [`RetryPolicy::retry_after_send`]; re-sent once at once after a
    /// reused connection closed before any answer (a repeat that may run it
    /// twice).
    Harmless,
    /// Destructive (delete): never repeated automatically once it may have
    /// reached the server, whatever the policy says — not after a 502 or
    /// 503 either. Every attempt goes on a new connection
    /// ([`FreshConnection`](crate::transport::FreshConnection)), so that it
    /// never meets a keep-alive connection the server is closing.
    Never,
}

/// The retry state of one call: feed it each attempt's outcome and it says
/// whether to wait and try again.
#[derive(Debug)]
pub struct Attempts<'a> {
    policy: &'a RetryPolicy,
    repeat: Repeat,
    made: u32,
    waited: Duration,
}

impl<'a> Attempts<'a> {
    /// The state before the first attempt of a call that repeats as
    /// `repeat` says.
    pub fn new(policy: &'a RetryPolicy, repeat: Repeat) -> Self {
        Self {
            policy,
            repeat,
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
        if self.made >= self.policy.max_attempts || !self.policy.allows(error, self.repeat) {
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
        let waited = self.waited.checked_add(delay)?;
        if waited > self.policy.max_total_wait {
            return None;
        }
        self.waited = waited;
        Some(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, BodyFormat};
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
        assert_eq!(
            Attempts::new(&p, Repeat::Harmless).after(&api(502, None)),
            None
        );
    }

    #[test]
    fn exponential_backoff_until_attempts_run_out() {
        let p = policy(4);
        let mut a = Attempts::new(&p, Repeat::Harmless);
        assert_eq!(a.after(&api(502, None)), Some(Duration::from_millis(100)));
        assert_eq!(a.after(&api(503, None)), Some(Duration::from_millis(200)));
        assert_eq!(a.after(&api(429, None)), Some(Duration::from_millis(400)));
        assert_eq!(a.after(&api(502, None)), None);
    }

    #[test]
    fn never_retries_what_may_have_changed_state() {
        let p = policy(5);
        for status in [400, 401, 404, 500] {
            assert_eq!(
                Attempts::new(&p, Repeat::Harmless).after(&api(status, None)),
                None,
                "{status}"
            );
        }
        let timeout: Result<(), Error> = Err(Error::Timeout { after: None });
        assert_eq!(Attempts::new(&p, Repeat::Harmless).after(&timeout), None);
        let mut opted = p.clone();
        opted.retry_after_send = true;
        assert!(
            Attempts::new(&opted, Repeat::Harmless)
                .after(&timeout)
                .is_some()
        );
    }

    fn transport(kind: TransportErrorKind) -> Result<(), Error> {
        Err(Error::Transport(TransportError::from_message(kind, "x")))
    }

    /// Each row of the table in the module documentation, for each
    /// endpoint kind, with and without `retry_after_send`.
    #[test]
    fn every_row_of_the_repeat_table() {
        use TransportErrorKind as K;
        let plain = policy(3);
        let mut opted = policy(3);
        opted.retry_after_send = true;
        let input = crate::InputError::Empty { field: "x" };
        // (failures, retried for Read, Harmless (plain, opted), Never)
        type Row = (Vec<Result<(), Error>>, bool, (bool, bool), bool);
        let rows: Vec<Row> = vec![
            (vec![transport(K::Connect)], true, (true, true), true),
            (
                vec![transport(K::Tls), Err(Error::InvalidInput(input))],
                false,
                (false, false),
                false,
            ),
            (vec![api(429, Some(1))], true, (true, true), true),
            (
                vec![api(502, None), api(503, Some(1))],
                true,
                (true, true),
                false,
            ),
            (
                vec![
                    Err(Error::Timeout { after: None }),
                    transport(K::Io),
                    transport(K::StaleConnection),
                    api(504, None),
                ],
                true,
                (false, true),
                false,
            ),
            (
                vec![
                    api(400, None),
                    api(401, None),
                    api(404, None),
                    api(500, None),
                    transport(K::Other),
                    Err(Error::BodyTooLarge { limit: 1 }),
                ],
                false,
                (false, false),
                false,
            ),
        ];
        for (failures, read, (harmless, harmless_opted), never) in rows {
            for e in &failures {
                let retried = |p: &RetryPolicy, r| Attempts::new(p, r).after(e).is_some();
                for p in [&plain, &opted] {
                    assert_eq!(retried(p, Repeat::Read), read, "Read {e:?}");
                    assert_eq!(retried(p, Repeat::Never), never, "Never {e:?}");
                }
                assert_eq!(retried(&plain, Repeat::Harmless), harmless, "{e:?}");
                assert_eq!(retried(&opted, Repeat::Harmless), harmless_opted, "{e:?}");
            }
        }
    }

    #[test]
    fn a_never_call_is_not_retried_after_a_502_whatever_the_policy() {
        let mut p = policy(5);
        p.retry_after_send = true;
        assert_eq!(
            Attempts::new(&p, Repeat::Never).after(&api(502, None)),
            None
        );
        assert_eq!(
            Attempts::new(&p, Repeat::Never).after(&api(503, None)),
            None
        );
    }

    #[test]
    fn waits_near_the_largest_duration_end_the_retries_without_overflow() {
        let mut p = policy(10)
            .with_backoff(Duration::MAX / 2, Duration::MAX)
            .with_max_total_wait(Duration::MAX);
        p.jitter = false;
        let mut a = Attempts::new(&p, Repeat::Read);
        assert_eq!(a.after(&api(502, None)), Some(Duration::MAX / 2));
        // The next wait saturates at `Duration::MAX`; adding it would overflow.
        assert_eq!(a.after(&api(502, None)), None);
        p.jitter = true;
        let mut a = Attempts::new(&p, Repeat::Read);
        let retried = std::iter::from_fn(|| a.after(&api(503, None))).count();
        assert!((1..=3).contains(&retried), "{retried}");
    }

    #[test]
    fn a_504_is_not_retried_without_the_opt_in() {
        let p = policy(3);
        assert_eq!(
            Attempts::new(&p, Repeat::Harmless).after(&api(504, None)),
            None
        );
    }

    #[test]
    fn connect_failures_are_retried() {
        let p = policy(2);
        let refused: Result<(), Error> = Err(Error::Transport(TransportError::from_message(
            TransportErrorKind::Connect,
            "connection refused",
        )));
        assert!(
            Attempts::new(&p, Repeat::Harmless)
                .after(&refused)
                .is_some()
        );
    }

    #[test]
    fn tls_failures_are_never_retried() {
        let mut p = policy(3);
        p.retry_after_send = true;
        let tls: Result<(), Error> = Err(Error::Transport(TransportError::from_message(
            TransportErrorKind::Tls,
            "invalid peer certificate: UnknownIssuer",
        )));
        assert_eq!(Attempts::new(&p, Repeat::Harmless).after(&tls), None);
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let p = policy(3);
        assert_eq!(
            Attempts::new(&p, Repeat::Harmless).after(&api(429, Some(1))),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            Attempts::new(&p, Repeat::Harmless).after(&api(429, Some(60))),
            None
        );
    }

    #[test]
    fn total_wait_is_capped_and_success_stops() {
        let mut p = policy(10);
        p.max_total_wait = Duration::from_millis(250);
        let mut a = Attempts::new(&p, Repeat::Harmless);
        assert!(a.after(&api(502, None)).is_some());
        assert!(a.after(&api(502, None)).is_none());
        assert_eq!(
            Attempts::new(&p, Repeat::Harmless).after(&Ok::<(), Error>(())),
            None
        );
    }

    #[test]
    fn jitter_stays_within_half_and_full() {
        let mut p = policy(2);
        p.jitter = true;
        for _ in 0..100 {
            let d = Attempts::new(&p, Repeat::Harmless)
                .after(&api(502, None))
                .unwrap();
            assert!(
                d >= Duration::from_millis(50) && d <= Duration::from_millis(100),
                "{d:?}"
            );
        }
    }
}

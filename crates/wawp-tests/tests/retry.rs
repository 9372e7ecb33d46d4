//! Retries end to end, beyond the conformance suite (which covers two 502s
//! then success, `Retry-After: 1`, a 401 or 500 never retried, a 504 not
//! retried, 429/502/503 retried): `Retry-After` as an HTTP-date, in the
//! past, or longer than the policy allows; the statuses that prove nothing
//! happened (429, 502, 503) retried and no other — 504 included, since a
//! gateway timeout does not prove the server did nothing; every API error
//! is `maybe_sent`; timeouts and connections lost after sending (retried
//! only when opted in); refused connections.

use std::time::{Duration, Instant, SystemTime};

use crate::common::{TRANSPORTS, config, default_subject, example, no_token};
use wawp_core::{ApiErrorKind, Error, RetryPolicy, TransportErrorKind};
use wawp_mock::{Behaviour, EXAMPLE_INSTANCE_ID, MockServer};

/// Generous bound on a call that waits a few seconds at most.
const BOUND: Duration = Duration::from_secs(10);

/// 3 attempts, 10 ms then 20 ms of backoff without jitter, `Retry-After`
/// honoured up to 5 s.
fn three_attempts() -> RetryPolicy {
    let mut policy =
        RetryPolicy::attempts(3).with_backoff(Duration::from_millis(10), Duration::from_secs(5));
    policy.jitter = false;
    policy
}

/// A 429 whose `Retry-After` is an HTTP-date 3 s ahead, then success: the
/// call succeeds after 2 requests, having waited until about that date (at
/// least 1 s: the date has a one-second resolution).
fn http_date_is_honoured(transport: &str) {
    let server = MockServer::start();
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3));
    server.script(
        EXAMPLE_INSTANCE_ID,
        Behaviour::RateLimitedThenSucceed {
            failures: 1,
            retry_after: date,
        },
    );
    let mut config = config(&server);
    config.retry = three_attempts();
    let subject = default_subject(transport, &config);
    let started = Instant::now();
    let result = subject.logout(&example());
    let elapsed = started.elapsed();
    assert!(result.is_ok(), "{transport}: {result:?}");
    assert_eq!(
        server.requests().len(),
        2,
        "{transport}: the 429, then one retry"
    );
    assert!(
        elapsed >= Duration::from_secs(1),
        "{transport}: retried after {elapsed:?}, before the date"
    );
    assert!(elapsed < BOUND, "{transport}: took {elapsed:?}");
}

#[test]
fn retry_after_http_date_is_honoured_hyper() {
    http_date_is_honoured("hyper");
}

#[test]
fn retry_after_http_date_is_honoured_reqwest() {
    http_date_is_honoured("reqwest");
}

#[test]
fn retry_after_http_date_is_honoured_blocking() {
    http_date_is_honoured("blocking");
}

#[test]
fn retry_after_date_in_the_past_is_retried_at_once() {
    let server = MockServer::start();
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
    server.script(
        EXAMPLE_INSTANCE_ID,
        Behaviour::RateLimitedThenSucceed {
            failures: 1,
            retry_after: past,
        },
    );
    let mut config = config(&server);
    config.retry = three_attempts();
    let started = Instant::now();
    default_subject("blocking", &config)
        .logout(&example())
        .expect("success on the retry");
    assert_eq!(server.requests().len(), 2);
    assert!(started.elapsed() < BOUND);
}

#[test]
fn retry_after_longer_than_the_policy_allows_is_returned_not_waited_for() {
    let server = MockServer::start();
    server.script(
        EXAMPLE_INSTANCE_ID,
        Behaviour::RateLimitedThenSucceed {
            failures: 1,
            retry_after: "60".to_owned(),
        },
    );
    let mut config = config(&server);
    config.retry = three_attempts();
    for transport in TRANSPORTS {
        server.clear_requests();
        let started = Instant::now();
        let error = default_subject(transport, &config)
            .logout(&example())
            .unwrap_err();
        no_token(&error);
        assert_eq!(
            error.api().map(|a| a.kind),
            Some(ApiErrorKind::RateLimited),
            "{transport}: {error:?}"
        );
        assert_eq!(error.retry_after(), Some(Duration::from_secs(60)));
        assert_eq!(server.requests().len(), 1, "{transport}: no retry");
        assert!(started.elapsed() < BOUND, "{transport}: it waited");
        // Put the 429 back for the next transport.
        server.script(
            EXAMPLE_INSTANCE_ID,
            Behaviour::RateLimitedThenSucceed {
                failures: 1,
                retry_after: "60".to_owned(),
            },
        );
    }
}

#[test]
fn every_retryable_status_is_retried_and_no_other() {
    for transport in TRANSPORTS {
        for status in [429, 502, 503] {
            let server = MockServer::start();
            let behaviour = if status == 429 {
                Behaviour::RateLimitedThenSucceed {
                    failures: 2,
                    retry_after: "0".to_owned(),
                }
            } else {
                Behaviour::FailThenSucceed {
                    failures: 2,
                    status,
                }
            };
            server.script(EXAMPLE_INSTANCE_ID, behaviour);
            let mut config = config(&server);
            config.retry = three_attempts();
            let result = default_subject(transport, &config).logout(&example());
            assert!(result.is_ok(), "{transport}, {status}: {result:?}");
            assert_eq!(server.requests().len(), 3, "{transport}, {status}");
        }
        for status in [400, 401, 403, 404, 405, 409, 422, 500, 501, 504] {
            let server = MockServer::start();
            server.script(
                EXAMPLE_INSTANCE_ID,
                Behaviour::FailThenSucceed {
                    failures: 1,
                    status,
                },
            );
            let mut config = config(&server);
            config.retry = three_attempts();
            let error = default_subject(transport, &config)
                .logout(&example())
                .unwrap_err();
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            // The server answered: whatever the status, it may have acted.
            assert!(error.maybe_sent(), "{transport}, {status}: {error:?}");
            assert!(!error.is_retryable(), "{transport}, {status}: {error:?}");
            assert_eq!(server.requests().len(), 1, "{transport}, {status}");
        }
    }
}

/// `behaviour` under a 3-attempt policy gives an error matching `expected`
/// after 1 request, or after 3 with `retry_after_send`.
fn retried_only_when_opted_in(behaviour: Behaviour, expected: fn(&Error) -> bool) {
    for transport in TRANSPORTS {
        for opted_in in [false, true] {
            let server = MockServer::start();
            server.script(EXAMPLE_INSTANCE_ID, behaviour.clone());
            let mut config = config(&server);
            config.timeout = Some(Duration::from_millis(300));
            config.retry = three_attempts();
            config.retry.retry_after_send = opted_in;
            let error = default_subject(transport, &config)
                .logout(&example())
                .unwrap_err();
            no_token(&error);
            assert!(expected(&error), "{transport}, {behaviour:?}: {error:?}");
            assert!(error.maybe_sent(), "{transport}: {error:?}");
            let requests = if opted_in { 3 } else { 1 };
            assert_eq!(
                server.requests().len(),
                requests,
                "{transport}, {behaviour:?}, retry_after_send: {opted_in}"
            );
        }
    }
}

#[test]
fn timeouts_are_retried_only_when_opted_in() {
    retried_only_when_opted_in(Behaviour::Delay(Duration::from_secs(5)), |e| {
        matches!(e, Error::Timeout { .. })
    });
}

#[test]
fn gateway_timeouts_are_retried_only_when_opted_in() {
    retried_only_when_opted_in(
        Behaviour::FailThenSucceed {
            failures: 10,
            status: 504,
        },
        |e| {
            e.api()
                .is_some_and(|a| a.kind == ApiErrorKind::GatewayTimeout)
        },
    );
}

#[test]
fn connections_lost_after_sending_are_retried_only_when_opted_in() {
    retried_only_when_opted_in(
        Behaviour::DropConnection,
        |e| matches!(e, Error::Transport(t) if t.kind() == TransportErrorKind::Io),
    );
}

#[test]
fn refused_connections_are_retried() {
    // A port nothing listens on any more.
    let mut config = {
        let server = MockServer::start();
        config(&server)
    };
    config.retry = RetryPolicy::attempts(3)
        .with_backoff(Duration::from_millis(100), Duration::from_millis(200));
    config.retry.jitter = false;
    for transport in TRANSPORTS {
        let started = Instant::now();
        let error = default_subject(transport, &config)
            .logout(&example())
            .unwrap_err();
        let elapsed = started.elapsed();
        no_token(&error);
        assert!(
            matches!(&error, Error::Transport(t) if t.kind() == TransportErrorKind::Connect),
            "{transport}: {error:?}"
        );
        assert!(!error.maybe_sent(), "{transport}: {error:?}");
        // Two waits, 100 ms then 200 ms, mean three attempts were made.
        assert!(
            elapsed >= Duration::from_millis(300),
            "{transport}: gave up after {elapsed:?}, without retrying"
        );
        assert!(elapsed < BOUND, "{transport}: took {elapsed:?}");
    }
}

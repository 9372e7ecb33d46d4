//! The API and wire cases of the suite, one function each; the one case list
//! in [`suite!`](crate::suite) makes one `#[test]` of each. Every case starts
//! its own simulator(s), so cases run in parallel and in any order. Most go
//! through the client; a few send a request straight through the transport
//! ([`Subject::send`]) to see what the client would hide (a 204's empty
//! body, a redirect's `Location`).

use std::time::{Duration, Instant};

use wawp_core::http::Response;
use wawp_core::{
    ApiError, ApiErrorKind, BodyFormat, Config, DEFAULT_USER_AGENT, Endpoint, Error, Limits,
    Logout, ParamLocation, RetryPolicy, Session, SessionStatus, TransportError, TransportErrorKind,
};
use wawp_mock::{
    Behaviour, DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, EXAMPLE_INSTANCE_NAME, Format,
    INTERNAL_ERROR_MESSAGE, LOGOUT_PATH, MockServer, NOT_FOUND_MESSAGE, RATE_LIMITED_MESSAGE,
    UNAUTHORIZED_MESSAGE, Variant,
};

use crate::harness::{
    BOTH_MODES, Harness, NORMAL_TIMEOUT, SHORT_TIMEOUT, TIMEOUT_MARGIN, TIMER_SLACK, instance,
    three_attempts, token,
};
use crate::subject::Subject;
use crate::wire::WireRequest;

pub use crate::lifecycle::session_lifecycle;
pub use crate::session_api::{policy_change, remote_relink};

/// An instance id that exercises every encoding rule: space, `/`, `?`, `&`,
/// `=`, `#`, `%`, `+` and non-ASCII.
pub const AWKWARD_ID: &str = "a b/c?d&e=f#g%h+é";

/// Sends the request `wawp-core` builds to log the example instance out
/// with `config` and the simulator's token straight through the transport,
/// within 6 s and 1 KiB.
fn send_logout<S: Subject>(
    subject: &S,
    config: &Config,
) -> Result<Response<Vec<u8>>, TransportError> {
    let request = Logout::new(example()).build(config, &token());
    let request = request.expect("wawp-conformance: the logout request builds");
    subject.send(request, &Limits::new(Some(SHORT_TIMEOUT * 20), 1024))
}

pub(crate) fn example() -> wawp_core::InstanceId {
    instance(EXAMPLE_INSTANCE_ID)
}

pub(crate) fn example_session() -> Session {
    Session::new(
        EXAMPLE_INSTANCE_NAME,
        SessionStatus::ScanQrCode,
        EXAMPLE_INSTANCE_ID,
    )
}

/// Logs the example instance out through a new subject for `server`.
fn logout_once<S: Subject>(h: &Harness<'_, S>, server: &MockServer) -> Result<Session, Error> {
    h.subject_for(server, ParamLocation::Query)
        .logout(&example())
}

/// The error of a call that must fail.
#[track_caller]
pub(crate) fn fails<T: std::fmt::Debug>(result: Result<T, Error>, what: &str) -> Error {
    match result {
        Ok(output) => panic!("{what}: expected an error, got {output:?}"),
        Err(e) => {
            no_token(&e);
            e
        }
    }
}

/// The output of a call that must succeed.
#[track_caller]
pub(crate) fn succeeds<T>(result: Result<T, Error>, what: &str) -> T {
    match result {
        Ok(output) => output,
        Err(e) => panic!("{what}: expected success, got {e:?} ({e})"),
    }
}

/// Asserts that neither `Display` nor `Debug` of `error` shows the token.
#[track_caller]
pub(crate) fn no_token(error: &Error) {
    let display = format!("{error}");
    let debug = format!("{error:?}");
    assert!(
        !display.contains(DEFAULT_TOKEN) && !debug.contains(DEFAULT_TOKEN),
        "the access token leaked into an error: {}",
        debug.replace(DEFAULT_TOKEN, "<TOKEN>")
    );
}

/// Asserts `error` is a transport failure of `kind`, with its code, whose
/// [`Error::maybe_sent`] is `sent`.
#[track_caller]
pub(crate) fn transport_failure(error: &Error, kind: TransportErrorKind, sent: bool, what: &str) {
    match error {
        Error::Transport(t) if t.kind() == kind => {}
        other => panic!("{what}: expected Error::Transport({kind:?}), got {other:?}"),
    }
    assert_eq!(
        error.maybe_sent(),
        sent,
        "{what}: maybe_sent() of {error:?}"
    );
    assert_eq!(error.code(), kind.code(), "{what}");
}

/// Asserts `server` read `count` requests.
#[track_caller]
pub(crate) fn requests_are(server: &MockServer, count: usize, what: &str) {
    assert_eq!(server.requests().len(), count, "requests read: {what}");
}

/// Asserts `result` is the simulator's 404 for an unknown instance.
#[track_caller]
pub(crate) fn not_found<T: std::fmt::Debug>(result: Result<T, Error>, what: &str) {
    let error = fails(result, what);
    api(
        &error,
        404,
        ApiErrorKind::NotFound,
        NOT_FOUND_MESSAGE,
        BodyFormat::Json,
    );
}

/// The API error in `error`, checked against the expected parts.
#[track_caller]
fn api(
    error: &Error,
    status: u16,
    kind: ApiErrorKind,
    message: &str,
    format: BodyFormat,
) -> ApiError {
    let Some(api) = error.api() else {
        panic!("expected an API error (HTTP {status}), got {error:?}");
    };
    assert_eq!(api.status.as_u16(), status, "status of {api:?}");
    assert_eq!(api.kind, kind, "kind of {api:?}");
    assert_eq!(api.message.as_deref(), Some(message), "message of {api:?}");
    assert_eq!(api.format, format, "format of {api:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    api.clone()
}

/// The API error in `error`, checked against the parts of the documented
/// answer `variant`.
#[track_caller]
fn documented_api(error: &Error, variant: Variant) -> ApiError {
    let kind = match variant.status() {
        400 => ApiErrorKind::BadRequest,
        401 => ApiErrorKind::Unauthorized,
        404 => ApiErrorKind::NotFound,
        500 => ApiErrorKind::Server,
        502 => ApiErrorKind::BadGateway,
        other => panic!("no documented variant has status {other}"),
    };
    let format = match variant.format() {
        Format::Json => BodyFormat::Json,
        Format::Xml => BodyFormat::Xml,
        Format::Text => BodyFormat::Text,
        Format::Html => BodyFormat::Html,
    };
    api(error, variant.status(), kind, variant.message(), format)
}

#[track_caller]
fn status_is(server: &MockServer, id: &str, expected: &str) {
    assert_eq!(
        server.instance_status(id).as_deref(),
        Some(expected),
        "state of instance {id:?}"
    );
}

fn success<S: Subject>(h: &Harness<'_, S>, params: ParamLocation) {
    let server = h.server();
    status_is(&server, EXAMPLE_INSTANCE_ID, "WORKING");
    let session = succeeds(
        h.subject_for(&server, params).logout(&example()),
        "logout of the example instance",
    );
    assert_eq!(session, example_session());
    status_is(&server, EXAMPLE_INSTANCE_ID, "SCAN_QR_CODE");
    requests_are(&server, 1, "one logout");
}

/// Parameters in the query string (the default): the documented session comes
/// back and the instance is in `SCAN_QR_CODE` state afterwards.
pub fn success_query_mode<S: Subject>(h: &Harness<'_, S>) {
    success(h, ParamLocation::Query);
}

/// Parameters in a JSON body: same outcome as in query mode.
pub fn success_json_body_mode<S: Subject>(h: &Harness<'_, S>) {
    success(h, ParamLocation::JsonBody);
}

fn matches_reference<S: Subject>(h: &Harness<'_, S>, params: ParamLocation) {
    let server = h.server();
    let config = h.config(&server, params);
    succeeds(h.subject(config.clone()).logout(&example()), "logout");
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "requests the simulator received");
    let wire = WireRequest::recorded(&requests[0]);
    assert_eq!(
        wire,
        WireRequest::reference(&config, &token(), &example()),
        "the request on the wire differs from the one wawp-core built"
    );
    assert_eq!(wire.accept, ["application/json"]);
    assert_eq!(wire.user_agent, [DEFAULT_USER_AGENT]);
    let content_type: &[&str] = match params {
        ParamLocation::JsonBody => &["application/json"],
        _ => &[],
    };
    assert_eq!(wire.content_type, content_type, "{params:?}");
}

/// The request on the wire (method, path, query, each of `Host`,
/// `Accept`, `User-Agent`, `Content-Length` once, `Content-Type` only with a
/// JSON body, no `Transfer-Encoding` or `Accept-Encoding`, body) is exactly
/// the one `wawp_core::Logout::build` made, in query mode.
pub fn request_matches_reference_query<S: Subject>(h: &Harness<'_, S>) {
    matches_reference(h, ParamLocation::Query);
}

/// As [`request_matches_reference_query`], in JSON-body mode.
pub fn request_matches_reference_json_body<S: Subject>(h: &Harness<'_, S>) {
    matches_reference(h, ParamLocation::JsonBody);
}

/// [`AWKWARD_ID`] reaches the server intact in both modes, and comes back in
/// the session.
pub fn awkward_instance_id_round_trips<S: Subject>(h: &Harness<'_, S>) {
    for params in BOTH_MODES {
        let server = h.server();
        server.add_instance(AWKWARD_ID, "awkward");
        let config = h.config(&server, params);
        let id = instance(AWKWARD_ID);
        let session = succeeds(h.subject(config.clone()).logout(&id), "logout");
        assert_eq!(
            session,
            Session::new("awkward", SessionStatus::ScanQrCode, AWKWARD_ID),
            "{params:?}"
        );
        status_is(&server, AWKWARD_ID, "SCAN_QR_CODE");
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].instance_id().as_deref(), Some(AWKWARD_ID));
        assert_eq!(
            WireRequest::recorded(&requests[0]),
            WireRequest::reference(&config, &token(), &id),
            "{params:?}"
        );
    }
}

/// A documented error answer gives exactly the typed error: status, kind,
/// message, body format; the instance is unchanged.
fn documented<S: Subject>(h: &Harness<'_, S>, variant: Variant) {
    for params in BOTH_MODES {
        let server = h.scripted(Behaviour::Documented(variant));
        let error = fails(
            h.subject_for(&server, params).logout(&example()),
            &format!("{variant:?}"),
        );
        let api = documented_api(&error, variant);
        assert_eq!(api.retry_after, None);
        assert_eq!(error.is_retryable(), variant.status() == 502, "{variant:?}");
        assert!(error.maybe_sent(), "{variant:?}: the server answered");
        status_is(&server, EXAMPLE_INSTANCE_ID, "WORKING");
    }
}

macro_rules! documented_cases {
    ($($name:ident => $variant:ident,)*) => {$(
        #[doc = concat!("[`Variant::", stringify!($variant), "`] gives its exact typed error.")]
        pub fn $name<S: Subject>(h: &Harness<'_, S>) {
            documented(h, Variant::$variant);
        }
    )*};
}

documented_cases! {
    documented_bad_request_json => BadRequestJson,
    documented_bad_request_xml => BadRequestXml,
    documented_bad_request_text => BadRequestText,
    documented_unauthorized_json => UnauthorizedJson,
    documented_unauthorized_xml => UnauthorizedXml,
    documented_not_found_json => NotFoundJson,
    documented_not_found_xml => NotFoundXml,
    documented_internal_error_json => InternalErrorJson,
    documented_internal_error_html => InternalErrorHtml,
    documented_bad_gateway_json => BadGatewayJson,
    documented_bad_gateway_xml => BadGatewayXml,
}

/// An instance the simulator does not know gives 404 `NotFound`.
pub fn unknown_instance_is_not_found<S: Subject>(h: &Harness<'_, S>) {
    for params in BOTH_MODES {
        let server = h.server();
        let subject = h.subject_for(&server, params);
        not_found(
            subject.logout(&instance("NO-SUCH-INSTANCE")),
            "unknown instance",
        );
    }
}

/// A token the simulator does not accept gives 401 `Unauthorized`, and the
/// instance stays logged in.
pub fn wrong_token_is_unauthorized<S: Subject>(h: &Harness<'_, S>) {
    for params in BOTH_MODES {
        let server = h.server();
        let wrong =
            wawp_core::AccessToken::new("not-the-simulator-token").expect("a valid token shape");
        let subject = h.subject_with_token(h.config(&server, params), wrong);
        let error = fails(subject.logout(&example()), "wrong token");
        api(
            &error,
            401,
            ApiErrorKind::Unauthorized,
            UNAUTHORIZED_MESSAGE,
            BodyFormat::Json,
        );
        assert!(!format!("{error:?}").contains("not-the-simulator-token"));
        status_is(&server, EXAMPLE_INSTANCE_ID, "WORKING");
    }
}

/// 429 with `Retry-After: 7` gives `RateLimited`, retryable, with
/// `retry_after` of 7 s.
pub fn rate_limited_parses_retry_after<S: Subject>(h: &Harness<'_, S>) {
    let server = h.scripted(Behaviour::RateLimited { retry_after: 7 });
    let error = fails(logout_once(h, &server), "rate limited");
    let api = api(
        &error,
        429,
        ApiErrorKind::RateLimited,
        RATE_LIMITED_MESSAGE,
        BodyFormat::Json,
    );
    assert_eq!(api.retry_after, Some(Duration::from_secs(7)));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(error.is_retryable());
}

/// Without a retry policy a 502 is returned as is after one request; the same
/// subject then succeeds once the server recovers.
pub fn bad_gateway_is_not_retried_by_default<S: Subject>(h: &Harness<'_, S>) {
    let server = h.scripted(Behaviour::FailThenSucceed {
        failures: 1,
        status: 502,
    });
    let subject = h.subject_for(&server, ParamLocation::Query);
    let error = fails(subject.logout(&example()), "first call");
    assert_eq!(error.api().map(|a| a.kind), Some(ApiErrorKind::BadGateway));
    assert!(error.is_retryable());
    assert_eq!(server.requests().len(), 1, "no retry without a policy");
    assert_eq!(
        succeeds(subject.logout(&example()), "second call"),
        example_session()
    );
}

/// With a retry policy of 3 attempts, two 502s then success end in success
/// after exactly 3 requests (this exercises the transport's `sleep`).
pub fn retries_when_configured<S: Subject>(h: &Harness<'_, S>) {
    let server = h.scripted(Behaviour::FailThenSucceed {
        failures: 2,
        status: 502,
    });
    let mut config = h.config(&server, ParamLocation::Query);
    config.retry =
        RetryPolicy::attempts(3).with_backoff(Duration::from_millis(10), Duration::from_millis(20));
    let session = succeeds(h.subject(config).logout(&example()), "retried call");
    assert_eq!(session, example_session());
    assert_eq!(server.requests().len(), 3);
}

/// The longest a retry after `Retry-After: 1` may take in all: far more than
/// the one second asked, so only a hang fails on it.
const RETRY_AFTER_BOUND: Duration = Duration::from_secs(8);

/// With a retry policy of 3 attempts, a 429 with `Retry-After: 1` then
/// success ends in success after exactly 2 requests, having waited at least
/// the second asked (and less than a generous bound).
pub fn retry_waits_for_retry_after<S: Subject>(h: &Harness<'_, S>) {
    let server = h.scripted(Behaviour::RateLimitedThenSucceed {
        failures: 1,
        retry_after: "1".to_owned(),
    });
    let mut config = h.config(&server, ParamLocation::Query);
    config.retry = three_attempts();
    let subject = h.subject(config);
    let started = Instant::now();
    let session = succeeds(subject.logout(&example()), "call retried after a 429");
    let elapsed = started.elapsed();
    assert_eq!(session, example_session());
    assert_eq!(server.requests().len(), 2, "the 429, then the retry");
    assert!(
        elapsed >= Duration::from_secs(1),
        "retried after {elapsed:?}, before the Retry-After of 1 s"
    );
    assert!(
        elapsed < RETRY_AFTER_BOUND,
        "a Retry-After of 1 s took {elapsed:?}"
    );
}

/// Calls `variant` with a retry policy of 3 attempts: it must be returned
/// after exactly one request, since the server may have acted on it.
fn never_retried<S: Subject>(h: &Harness<'_, S>, variant: Variant) {
    let server = h.scripted(Behaviour::Documented(variant));
    let mut config = h.config(&server, ParamLocation::Query);
    config.retry = three_attempts();
    let error = fails(
        h.subject(config).logout(&example()),
        &format!("{variant:?}"),
    );
    documented_api(&error, variant);
    assert!(!error.is_retryable(), "{variant:?} is not retryable");
    let what = format!("{variant:?} with 3 attempts allowed: exactly one request");
    requests_are(&server, 1, &what);
}

/// With a retry policy of 3 attempts, a 401 is returned after exactly one
/// request.
pub fn unauthorized_is_never_retried<S: Subject>(h: &Harness<'_, S>) {
    never_retried(h, Variant::UnauthorizedJson);
}

/// With a retry policy of 3 attempts, a 500 is returned after exactly one
/// request (the logout may have happened).
pub fn server_error_is_never_retried<S: Subject>(h: &Harness<'_, S>) {
    never_retried(h, Variant::InternalErrorJson);
}

/// 100 sequential logouts through one subject use one TCP connection.
pub fn reuses_one_connection<S: Subject>(h: &Harness<'_, S>) {
    let server = h.server();
    let subject = h.subject_for(&server, ParamLocation::Query);
    for i in 0..100 {
        succeeds(subject.logout(&example()), &format!("logout #{i}"));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 100);
    // Where each connection other than the first took over, for diagnosis.
    let switches: Vec<(usize, usize)> = requests
        .iter()
        .enumerate()
        .filter(|(_, r)| r.connection != 1 && r.sequence == 1)
        .map(|(i, r)| (i + 1, r.connection))
        .collect();
    assert_eq!(
        server.connections_accepted(),
        1,
        "connections opened for 100 sequential logouts; (call, connection) that \
         started on a new one: {switches:?} (a connection opened but unused counts too)"
    );
    assert!(requests.iter().all(|r| r.connection == 1));
}

/// 30 sequential requests straight through the transport reuse their
/// connection: at most 3 (a pool may race a returning connection and open
/// a second one; see [`reuses_one_connection`] for the exact count).
pub fn connections_are_kept_alive<S: Subject>(h: &Harness<'_, S>) {
    let server = h.server();
    let config = h.config(&server, ParamLocation::Query);
    let subject = h.subject(config.clone());
    for i in 0..30 {
        let sent = send_logout(&subject, &config);
        assert_eq!(sent.expect("an answer").status(), 200, "request #{i}");
    }
    assert_eq!(server.requests().len(), 30);
    let connections = server.connections_accepted();
    assert!(connections <= 3, "{connections} connections");
}

/// Every status, 2xx to 5xx, comes back from the transport as a response
/// with its body (none for 204).
pub fn every_status_is_a_response<S: Subject>(h: &Harness<'_, S>) {
    let server = h.server();
    let config = h.config(&server, ParamLocation::Query);
    let subject = h.subject(config.clone());
    for status in [200, 204, 400, 401, 404, 429, 500, 502, 503] {
        server.script(
            EXAMPLE_INSTANCE_ID,
            Behaviour::status(status, "text/plain", "body"),
        );
        let sent = send_logout(&subject, &config);
        let response = sent.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(response.status().as_u16(), status);
        if status != 204 {
            assert_eq!(response.body(), b"body", "{status}");
        }
    }
}

fn times_out<S: Subject>(h: &Harness<'_, S>, behaviour: Behaviour) {
    let server = h.scripted(behaviour.clone());
    let mut config = h.config(&server, ParamLocation::Query);
    config.timeout = Some(SHORT_TIMEOUT);
    let subject = h.subject(config);
    let started = Instant::now();
    let error = fails(subject.logout(&example()), &format!("{behaviour:?}"));
    let elapsed = started.elapsed();
    assert!(
        matches!(error, Error::Timeout { after } if after == Some(SHORT_TIMEOUT)),
        "expected Error::Timeout after {SHORT_TIMEOUT:?}, got {error:?}"
    );
    assert!(
        elapsed < SHORT_TIMEOUT + TIMEOUT_MARGIN,
        "a {SHORT_TIMEOUT:?} timeout took {elapsed:?}"
    );
    assert!(
        elapsed >= SHORT_TIMEOUT - TIMER_SLACK,
        "timed out early, after {elapsed:?}"
    );
}

/// A server that answers after 5 s gives `Error::Timeout`, naming the
/// 300 ms timeout, after that timeout (not before, not much later).
pub fn slow_server_times_out<S: Subject>(h: &Harness<'_, S>) {
    times_out(h, Behaviour::Delay(Duration::from_secs(5)));
}

/// A chunked body that never ends, and a `Content-Length` body that
/// trickles in for 5 s, give `Error::Timeout`: the timeout covers reading
/// the whole body, not just the head.
pub fn slow_body_times_out<S: Subject>(h: &Harness<'_, S>) {
    times_out(h, Behaviour::ChunkedNeverEnds);
    times_out(h, Behaviour::SlowBody);
}

/// A 64 MiB body (and a 256 MiB chunked one) with a 64 KiB limit gives
/// `Error::BodyTooLarge`, and the transport stops reading near the limit
/// instead of buffering the body (the simulator cannot have written more
/// than the socket buffers can hold); a head declaring more than the limit
/// is refused before any body arrives.
pub fn oversized_body_is_refused<S: Subject>(h: &Harness<'_, S>) {
    const BODY: usize = 64 * 1024 * 1024;
    let server = too_large(h, Behaviour::Oversized(BODY), 64 * 1024, NORMAL_TIMEOUT);
    let sent = server.bytes_sent();
    assert!(
        sent < (BODY / 2) as u64,
        "the transport read {sent} bytes of a body over its 64 KiB limit"
    );

    // The same, chunked (256 MiB): stopped soon after the limit.
    let chunked = Behaviour::OversizedChunked(4 * BODY);
    let server = too_large(h, chunked, 64 * 1024, Duration::from_secs(5));
    let sent = server.bytes_sent();
    assert!(
        sent < (BODY / 2) as u64,
        "the transport read {sent} bytes of a chunked body over its 64 KiB limit"
    );

    // A head declaring 10 MB over a 1 000-byte limit: refused at once,
    // although the body never comes (reading it would hang).
    let declared = Behaviour::DeclaresOversized(10_000_000);
    too_large(h, declared, 1000, Duration::from_secs(4));
}

/// Asserts a logout against a simulator answering as `behaviour`, with a
/// limit of `limit` bytes, is `Error::BodyTooLarge` naming that limit,
/// within `within`; returns the simulator.
#[track_caller]
fn too_large<S: Subject>(
    h: &Harness<'_, S>,
    behaviour: Behaviour,
    limit: usize,
    within: Duration,
) -> MockServer {
    let server = h.scripted(behaviour.clone());
    let mut config = h.config(&server, ParamLocation::Query);
    config.max_response_bytes = limit;
    let started = Instant::now();
    let error = fails(
        h.subject(config).logout(&example()),
        &format!("{behaviour:?}"),
    );
    assert!(
        matches!(error, Error::BodyTooLarge { limit: l } if l == limit),
        "expected Error::BodyTooLarge {{ limit: {limit} }}, got {error:?}"
    );
    let elapsed = started.elapsed();
    assert!(elapsed < within, "{behaviour:?}: {elapsed:?}");
    server
}

/// A body exactly as large as the limit is accepted, and one byte over it
/// refused, with a `Content-Length` and chunked.
pub fn body_at_limit_is_accepted<S: Subject>(h: &Harness<'_, S>) {
    let size = format!(
        r#"{{"name":"{EXAMPLE_INSTANCE_NAME}","status":"SCAN_QR_CODE","instance_id":"{EXAMPLE_INSTANCE_ID}"}}"#
    )
    .len();
    for behaviour in [Behaviour::Normal, Behaviour::Chunked] {
        let server = h.scripted(behaviour.clone());
        let mut config = h.config(&server, ParamLocation::Query);
        config.max_response_bytes = size;
        let what = format!("body at the limit, {behaviour:?}");
        let session = succeeds(h.subject(config.clone()).logout(&example()), &what);
        assert_eq!(session, example_session());
        server.set_instance_status(EXAMPLE_INSTANCE_ID, "WORKING");
        config.max_response_bytes = size - 1;
        let error = fails(h.subject(config).logout(&example()), &what);
        assert!(
            matches!(error, Error::BodyTooLarge { limit } if limit == size - 1),
            "{behaviour:?}: one byte over the limit gave {error:?}"
        );
    }
}

/// 301, 302, 303, 307 and 308 answers give `Error::UnexpectedRedirect` with
/// the status and a redacted `Location` through the client, and come back
/// from the transport as responses with their `Location`; none is followed.
pub fn redirect_is_not_followed<S: Subject>(h: &Harness<'_, S>) {
    let server = h.server();
    let location = format!(
        "{}/elsewhere?instance_id={EXAMPLE_INSTANCE_ID}&access_token={DEFAULT_TOKEN}",
        server.base_url()
    );
    let config = h.config(&server, ParamLocation::Query);
    let subject = h.subject(config.clone());
    let statuses = [301, 302, 303, 307, 308];
    for status in statuses {
        let behaviour = match status {
            307 => Behaviour::Redirect(location.clone()),
            _ => Behaviour::Status {
                status,
                content_type: None,
                body: Vec::new(),
                headers: vec![("Location".to_owned(), location.clone())],
            },
        };
        server.script(EXAMPLE_INSTANCE_ID, behaviour);
        let error = fails(subject.logout(&example()), "redirect");
        match &error {
            Error::UnexpectedRedirect {
                status: got,
                location: Some(_),
            } => assert_eq!(got.as_u16(), status),
            other => panic!("expected Error::UnexpectedRedirect({status}), got {other:?}"),
        }
        let sent = send_logout(&subject, &config);
        let response = sent.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(response.headers()["location"], location.as_str());
    }
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        2 * statuses.len(),
        "one request per call: redirects not followed"
    );
    assert!(requests.iter().all(|r| r.path == LOGOUT_PATH));
}

fn broken<S: Subject>(h: &Harness<'_, S>, behaviour: Behaviour) {
    let server = h.scripted(behaviour.clone());
    let subject = h.subject_for(&server, ParamLocation::Query);
    let what = format!("{behaviour:?}");
    let error = fails(subject.logout(&example()), &what);
    transport_failure(&error, TransportErrorKind::Io, true, &what);
    requests_are(&server, 1, "the request was sent once (no silent retry)");
    // The same subject works again once the server does.
    server.clear_script(EXAMPLE_INSTANCE_ID);
    assert_eq!(
        succeeds(subject.logout(&example()), "call after the failure"),
        example_session()
    );
}

/// An answer that is not HTTP gives `Error::Transport(Io)`, maybe sent.
pub fn not_http_is_transport_error<S: Subject>(h: &Harness<'_, S>) {
    broken(h, Behaviour::NotHttp);
}

/// A connection closed without an answer gives `Error::Transport(Io)`,
/// maybe sent, and the same subject recovers on the next call.
pub fn dropped_connection_is_transport_error<S: Subject>(h: &Harness<'_, S>) {
    broken(h, Behaviour::DropConnection);
}

/// A connection reset in the middle of the body gives `Error::Transport(Io)`.
pub fn close_mid_body_is_transport_error<S: Subject>(h: &Harness<'_, S>) {
    broken(h, Behaviour::CloseMidBody);
}

/// A body shorter than its `Content-Length` gives `Error::Transport(Io)`, not a
/// truncated success.
pub fn truncated_content_length_is_transport_error<S: Subject>(h: &Harness<'_, S>) {
    broken(h, Behaviour::TruncatedContentLength);
}

/// A 200 whose body is not UTF-8 gives `Error::Decode`.
pub fn invalid_utf8_json_is_decode_error<S: Subject>(h: &Harness<'_, S>) {
    let server = h.scripted(Behaviour::InvalidUtf8Json);
    let error = fails(logout_once(h, &server), "invalid UTF-8");
    match &error {
        Error::Decode(d) => assert_eq!(d.status.as_u16(), 200),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// A 500 declared JSON but carrying HTML is recognised as HTML, with the
/// page's title as the message.
pub fn lying_content_type_is_sniffed<S: Subject>(h: &Harness<'_, S>) {
    let server = h.scripted(Behaviour::LyingContentType);
    let error = fails(logout_once(h, &server), "lying content type");
    api(
        &error,
        500,
        ApiErrorKind::Server,
        INTERNAL_ERROR_MESSAGE,
        BodyFormat::Html,
    );
}

/// A success with 40 extra response headers is still a success.
pub fn many_response_headers_are_accepted<S: Subject>(h: &Harness<'_, S>) {
    let server = h.scripted(Behaviour::ManyHeaders(40));
    let session = succeeds(logout_once(h, &server), "many headers");
    assert_eq!(session, example_session());
}

/// A success with 10 000 extra response headers (about 330 KB of head) gives
/// a typed result within the timeout: a success, or an error (most clients
/// cap the head) — never a panic, a hang or a timeout; the same subject then
/// works again.
pub fn ten_thousand_response_headers_give_a_typed_result<S: Subject>(h: &Harness<'_, S>) {
    let server = h.scripted(Behaviour::ManyHeaders(10_000));
    let subject = h.subject_for(&server, ParamLocation::Query);
    match subject.logout(&example()) {
        Ok(session) => assert_eq!(session, example_session()),
        Err(error) => {
            no_token(&error);
            assert!(
                !matches!(error, Error::Timeout { .. }),
                "10 000 headers made the call hang until its timeout: {error:?}"
            );
        }
    }
    server.clear_script(EXAMPLE_INSTANCE_ID);
    assert_eq!(
        succeeds(subject.logout(&example()), "call after the huge head"),
        example_session()
    );
}

/// Whatever goes wrong, and even when the server echoes the token in its
/// body, `Location` or message, no error's `Display` or `Debug` shows it.
pub fn token_never_appears_in_errors<S: Subject>(h: &Harness<'_, S>) {
    let echo_json =
        format!(r#"{{"message":"bad token {DEFAULT_TOKEN}","token":"{DEFAULT_TOKEN}"}}"#);
    let echo_xml = format!("<error><message>token {DEFAULT_TOKEN} rejected</message></error>");
    let mut behaviours: Vec<Behaviour> = Variant::ALL
        .iter()
        .map(|v| Behaviour::Documented(*v))
        .collect();
    behaviours.extend([
        Behaviour::status(400, "application/json", echo_json.clone()),
        Behaviour::status(401, "application/xml", echo_xml),
        Behaviour::status(500, "text/plain", format!("token={DEFAULT_TOKEN} failed")),
        Behaviour::status(200, "application/json", echo_json),
        Behaviour::status(200, "text/html", format!("<title>{DEFAULT_TOKEN}</title>")),
        Behaviour::Redirect(format!("/x?access_token={DEFAULT_TOKEN}")),
        Behaviour::Redirect(format!("http://127.0.0.1:1/{DEFAULT_TOKEN}")),
        Behaviour::RateLimited { retry_after: 1 },
        Behaviour::InvalidUtf8Json,
        Behaviour::LyingContentType,
        Behaviour::DropConnection,
        Behaviour::CloseMidBody,
        Behaviour::TruncatedContentLength,
        Behaviour::Delay(Duration::from_secs(5)),
        Behaviour::Oversized(1024 * 1024),
    ]);
    for params in BOTH_MODES {
        let server = h.server();
        let mut config = h.config(&server, params);
        config.timeout = Some(SHORT_TIMEOUT);
        config.max_response_bytes = 64 * 1024;
        let subject = h.subject(config);
        for behaviour in &behaviours {
            server.script(EXAMPLE_INSTANCE_ID, behaviour.clone());
            // `fails` checks the token is absent.
            fails(subject.logout(&example()), &format!("{behaviour:?}"));
        }
    }
    // A refused connection, too.
    let closed = {
        let server = MockServer::start();
        h.config(&server, ParamLocation::Query)
    };
    fails(h.subject(closed).logout(&example()), "refused connection");
}

//! Clients driving scripted transports: retries, limits, errors before I/O,
//! and the async/blocking/dyn seams.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use http::{Request, Response};
use wawp_core::transport::FreshConnection;
use wawp_core::{
    AccessToken, BlockingClient, BlockingTransport, Client, Config, Error, InstanceId, Limits,
    RetryPolicy, SessionStatus, Transport, TransportError, TransportErrorKind,
};

const OK: &str = r#"{"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;

type Reply = Result<Response<Vec<u8>>, TransportError>;

/// Answers from a script and records what it was asked and how long it slept.
#[derive(Default)]
struct Scripted {
    replies: Mutex<VecDeque<Reply>>,
    sent: Mutex<Vec<Request<Vec<u8>>>>,
    slept: Mutex<Vec<Duration>>,
}

impl Scripted {
    fn new(replies: Vec<Reply>) -> Self {
        Self {
            replies: Mutex::new(replies.into()),
            ..Self::default()
        }
    }
    fn sent(&self) -> usize {
        self.sent.lock().unwrap().len()
    }
    fn slept(&self) -> Vec<Duration> {
        self.slept.lock().unwrap().clone()
    }
    /// For each request sent, whether it carried [`FreshConnection`].
    fn fresh(&self) -> Vec<bool> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.extensions().get::<FreshConnection>().is_some())
            .collect()
    }
}

fn status(code: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut b = Response::builder().status(code);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    Ok(b.body(body.as_bytes().to_vec()).unwrap())
}

impl BlockingTransport for Scripted {
    fn send(&self, request: Request<Vec<u8>>, _: &Limits) -> Reply {
        self.sent.lock().unwrap().push(request);
        self.replies
            .lock()
            .unwrap()
            .pop_front()
            .expect("script exhausted")
    }
    fn sleep(&self, d: Duration) {
        self.slept.lock().unwrap().push(d);
    }
}

#[async_trait::async_trait]
impl Transport for Scripted {
    async fn send(&self, request: Request<Vec<u8>>, limits: &Limits) -> Reply {
        BlockingTransport::send(self, request, limits)
    }
    async fn sleep(&self, d: Duration) {
        BlockingTransport::sleep(self, d)
    }
}

fn token() -> AccessToken {
    AccessToken::new("tok").unwrap()
}

fn id() -> InstanceId {
    InstanceId::new("3EB0BCB2E3D4").unwrap()
}

fn retrying(n: u32) -> Config {
    let mut config = Config::default();
    config.retry =
        RetryPolicy::attempts(n).with_backoff(Duration::from_millis(10), Duration::from_secs(2));
    config.retry.jitter = false;
    config
}

#[test]
fn clients_are_clone_send_sync_and_dyn_friendly() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client<Scripted>>();
    assert_traits::<BlockingClient<Scripted>>();
    assert_traits::<Client<Box<dyn Transport>>>();
    assert_traits::<BlockingClient<std::sync::Arc<dyn BlockingTransport>>>();

    let boxed: Box<dyn Transport> = Box::new(Scripted::new(vec![status(200, &[], OK)]));
    let client = Client::new(boxed, token());
    let session = futures_executor::block_on(client.logout(&id())).unwrap();
    assert_eq!(session.status, SessionStatus::ScanQrCode);
}

#[test]
fn no_retry_by_default() {
    let client = BlockingClient::new(Scripted::new(vec![status(502, &[], "")]), token());
    let err = client.logout(&id()).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(client.transport().sent(), 1);
}

#[test]
fn two_502_then_success_takes_three_requests() {
    let script = vec![
        status(502, &[], ""),
        status(502, &[], ""),
        status(200, &[], OK),
    ];
    let client = Client::with_config(Scripted::new(script), token(), retrying(5));
    let session = futures_executor::block_on(client.logout(&id())).unwrap();
    assert_eq!(session.instance_id, "3EB0BCB2E3D4");
    assert_eq!(client.transport().sent(), 3);
    assert_eq!(
        client.transport().slept(),
        [Duration::from_millis(10), Duration::from_millis(20)]
    );
}

#[test]
fn retry_after_is_waited() {
    let script = vec![
        status(429, &[("retry-after", "1")], ""),
        status(200, &[], OK),
    ];
    let client = BlockingClient::with_config(Scripted::new(script), token(), retrying(3));
    client.logout(&id()).unwrap();
    assert_eq!(client.transport().slept(), [Duration::from_secs(1)]);
}

#[test]
fn non_retryable_statuses_are_sent_once() {
    for code in [400, 401, 404, 500] {
        let client = BlockingClient::with_config(
            Scripted::new(vec![status(code, &[], "")]),
            token(),
            retrying(5),
        );
        assert!(client.logout(&id()).is_err());
        assert_eq!(client.transport().sent(), 1, "{code}");
    }
}

#[test]
fn connect_errors_retry_but_timeouts_do_not() {
    let refused = Err(TransportError::from_message(
        TransportErrorKind::Connect,
        "refused",
    ));
    let client = BlockingClient::with_config(
        Scripted::new(vec![refused, status(200, &[], OK)]),
        token(),
        retrying(2),
    );
    assert!(client.logout(&id()).is_ok());

    let timeout = Err(TransportError::timeout(None));
    let client = BlockingClient::with_config(Scripted::new(vec![timeout]), token(), retrying(3));
    let err = client.logout(&id()).unwrap_err();
    assert!(
        matches!(err, Error::Timeout { after: Some(d) } if d == Duration::from_secs(30)),
        "{err:?}"
    );
    assert_eq!(client.transport().sent(), 1);
}

#[test]
fn invalid_config_fails_before_any_io() {
    let config = Config::default()
        .with_base_url("http://example.com")
        .unwrap();
    let client = BlockingClient::with_config(Scripted::new(vec![]), token(), config);
    let err = client.logout(&id()).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert_eq!(client.transport().sent(), 0);
}

#[test]
fn oversized_bodies_are_rejected_even_if_the_transport_allows_them() {
    let mut config = Config::default();
    config.max_response_bytes = 16;
    let client =
        BlockingClient::with_config(Scripted::new(vec![status(200, &[], OK)]), token(), config);
    let err = client.logout(&id()).unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 16 }), "{err:?}");
}

#[test]
fn transport_body_limit_maps_to_typed_error() {
    let client = BlockingClient::new(
        Scripted::new(vec![Err(TransportError::body_too_large(99))]),
        token(),
    );
    let err = client.logout(&id()).unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 99 }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "response body exceeds the limit of 99 bytes"
    );
}

#[test]
fn limits_the_transport_did_not_name_come_from_the_config() {
    let bare = TransportError::from_message(TransportErrorKind::BodyTooLarge, "too big");
    let client = BlockingClient::new(Scripted::new(vec![Err(bare)]), token());
    let err = client.logout(&id()).unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 1_048_576 }),
        "{err:?}"
    );
}

/// What each endpoint declares decides what a timeout (which may have
/// happened on the server) lets the client repeat: a read always, a harmless
/// change only with `retry_after_send`, a delete never; and the request a
/// method builds is the endpoint's.
#[test]
fn retries_follow_what_each_endpoint_declares() {
    const INFO: &str = r#"{"name":"n","status":"WORKING"}"#;
    const DELETED: &str = r#"{"name":"n","status":"DELETED","instance_id":"3EB0BCB2E3D4"}"#;
    let timeout = || Err(TransportError::timeout(None));
    let client = |script: Vec<Reply>, after_send: bool| {
        let mut config = retrying(3);
        config.retry.retry_after_send = after_send;
        BlockingClient::with_config(Scripted::new(script), token(), config)
    };
    for after_send in [false, true] {
        // Info: a read.
        let c = client(vec![timeout(), status(200, &[], INFO)], after_send);
        let info = c.info(&id()).unwrap();
        assert_eq!(
            (info.status, info.instance_id.as_str()),
            (SessionStatus::Working, "3EB0BCB2E3D4")
        );
        assert_eq!(c.transport().sent(), 2);
        // Start: harmless, repeated only with the opt-in.
        let c = client(vec![timeout(), status(200, &[], INFO)], after_send);
        assert_eq!(c.start(&id()).is_ok(), after_send);
        assert_eq!(c.transport().sent(), if after_send { 2 } else { 1 });
        // Delete: never once it may have been sent…
        let c = client(vec![timeout(), status(200, &[], DELETED)], after_send);
        assert!(matches!(c.delete(&id()), Err(Error::Timeout { .. })));
        assert_eq!(c.transport().sent(), 1);
        // …but a refused connection proves nothing happened.
        let refused = Err(TransportError::from_message(
            TransportErrorKind::Connect,
            "refused",
        ));
        let c = client(vec![refused, status(200, &[], DELETED)], after_send);
        assert_eq!(c.delete(&id()).unwrap().status, SessionStatus::Deleted);
        let sent = c.transport().sent.lock().unwrap();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[1].method(), http::Method::DELETE);
        assert_eq!(sent[1].uri().path(), "/v2/session/delete");
    }
}

/// Every method builds its endpoint's request, on both clients.
#[test]
fn every_method_calls_its_endpoint() {
    const SESSION: &str = r#"{"name":"n","status":"STOPPED","instance_id":"3EB0BCB2E3D4"}"#;
    let phone = wawp_core::PhoneNumber::new("+20 114 520 2826").unwrap();
    let script = || {
        vec![
            status(200, &[], SESSION),
            status(200, &[], SESSION),
            status(200, &[], SESSION),
            status(200, &[], SESSION),
            status(200, &[], SESSION),
            status(200, &[], SESSION),
            status(200, &[], r#"{"value":"2@x"}"#),
            status(200, &[], r#"{"qr":"data:image/jpeg;base64,/9j/"}"#),
            status(200, &[], r#"{"code":"ABCD-1234"}"#),
        ]
    };
    let paths = |sent: &[Request<Vec<u8>>]| -> Vec<String> {
        sent.iter()
            .map(|r| format!("{} {}", r.method(), r.uri().path()))
            .collect()
    };
    let expected = [
        "POST /v2/session/info",
        "POST /v2/session/start",
        "POST /v2/session/stop",
        "POST /v2/session/restart",
        "POST /v2/session/logout",
        "DELETE /v2/session/delete",
        "POST /v2/auth/qr",
        "POST /v2/auth/qr-image",
        "POST /v2/auth/request-code",
    ];

    let c = BlockingClient::new(Scripted::new(script()), token());
    assert_eq!(c.info(&id()).unwrap().status, SessionStatus::Stopped);
    c.start(&id()).unwrap();
    c.stop(&id()).unwrap();
    c.restart(&id()).unwrap();
    c.logout(&id()).unwrap();
    c.delete(&id()).unwrap();
    assert_eq!(c.qr(&id()).unwrap().value, "2@x");
    assert_eq!(c.qr_image(&id()).unwrap().mime_type, "image/jpeg");
    assert_eq!(c.request_code(&id(), &phone).unwrap().code, "ABCD-1234");
    assert_eq!(paths(&c.transport().sent.lock().unwrap()), expected);

    let c = Client::new(Scripted::new(script()), token());
    futures_executor::block_on(async {
        assert_eq!(c.info(&id()).await.unwrap().status, SessionStatus::Stopped);
        c.start(&id()).await.unwrap();
        c.stop(&id()).await.unwrap();
        c.restart(&id()).await.unwrap();
        c.logout(&id()).await.unwrap();
        c.delete(&id()).await.unwrap();
        assert_eq!(c.qr(&id()).await.unwrap().value, "2@x");
        assert_eq!(c.qr_image(&id()).await.unwrap().mime_type, "image/jpeg");
        assert_eq!(
            c.request_code(&id(), &phone).await.unwrap().code,
            "ABCD-1234"
        );
    });
    assert_eq!(paths(&c.transport().sent.lock().unwrap()), expected);
}

#[test]
fn each_client_debugs_under_its_own_name_without_the_token() {
    let token = AccessToken::new("recognisable-token-0xC0FFEE").unwrap();
    let blocking = format!(
        "{:?}",
        BlockingClient::new(Scripted::new(vec![]), token.clone())
    );
    let async_client = format!("{:?}", Client::new(Scripted::new(vec![]), token));
    assert!(async_client.starts_with("Client {"), "{async_client}");
    assert!(!async_client.contains("0xC0FFEE"), "{async_client}");
    assert!(blocking.starts_with("BlockingClient {"), "{blocking}");
    assert!(!blocking.contains("0xC0FFEE"), "{blocking}");
}

fn stale() -> Reply {
    Err(TransportError::from_message(
        TransportErrorKind::StaleConnection,
        "connection closed before the response",
    ))
}

#[test]
fn a_stale_connection_is_re_sent_once_at_once_and_is_not_a_retry() {
    let token = AccessToken::new("tok").unwrap();
    let id = InstanceId::new("3EB0BCB2E3D4").unwrap();
    // Re-sent once, without waiting, under the default (no-retry) policy.
    let client = BlockingClient::new(
        Scripted::new(vec![stale(), status(200, &[], OK)]),
        token.clone(),
    );
    assert_eq!(
        client.logout(&id).unwrap().status,
        SessionStatus::ScanQrCode
    );
    assert_eq!(client.transport().sent(), 2);
    assert!(client.transport().slept().is_empty());
    // Twice stale: the error, which says the call may have happened.
    let client = BlockingClient::new(
        Scripted::new(vec![stale(), stale(), status(200, &[], OK)]),
        token,
    );
    let err = client.logout(&id).unwrap_err();
    assert_eq!(err.code(), "stale_connection");
    assert!(err.maybe_sent());
    assert_eq!(client.transport().sent(), 2);
}

#[test]
fn a_delete_goes_on_a_new_connection_and_is_never_re_sent() {
    // Retries on, `retry_after_send` too: a stale connection, a 502, a 503
    // and a timeout each end a delete after one request.
    let mut config = retrying(5);
    config.retry.retry_after_send = true;
    let timeout = || {
        Err(TransportError::from_message(
            TransportErrorKind::Timeout,
            "timed out",
        ))
    };
    for first in [
        stale(),
        status(502, &[], "{}"),
        status(503, &[], "{}"),
        timeout(),
    ] {
        let client = BlockingClient::with_config(
            Scripted::new(vec![first, status(200, &[], OK)]),
            token(),
            config.clone(),
        );
        let err = client.delete(&id()).unwrap_err();
        assert!(err.maybe_sent(), "{err:?}");
        assert_eq!(client.transport().sent(), 1, "{err:?}");
        assert_eq!(client.transport().fresh(), [true], "{err:?}");
    }
    // What never reached the server is retried, each attempt on a new
    // connection.
    let refused = Err(TransportError::from_message(
        TransportErrorKind::Connect,
        "connection refused",
    ));
    let client = Client::with_config(
        Scripted::new(vec![refused, status(429, &[], "{}"), status(200, &[], OK)]),
        token(),
        config,
    );
    assert!(futures_executor::block_on(client.delete(&id())).is_ok());
    assert_eq!(client.transport().fresh(), [true, true, true]);
}

#[test]
fn only_the_re_send_after_a_stale_connection_asks_for_a_fresh_connection() {
    let connect = || {
        Err(TransportError::from_message(
            TransportErrorKind::Connect,
            "connection refused",
        ))
    };
    // The first attempt, a retry, and the retry's re-send.
    let script = || vec![connect(), stale(), status(200, &[], OK)];
    let expected = [false, false, true];

    let blocking = BlockingClient::with_config(Scripted::new(script()), token(), retrying(3));
    assert!(blocking.logout(&id()).is_ok());
    assert_eq!(blocking.transport().fresh(), expected, "blocking");

    let client = Client::with_config(Scripted::new(script()), token(), retrying(3));
    assert!(futures_executor::block_on(client.logout(&id())).is_ok());
    assert_eq!(client.transport().fresh(), expected, "async");

    // Never on a read or harmless request that did not follow a stale
    // connection.
    let plain = BlockingClient::new(Scripted::new(vec![status(200, &[], OK)]), token());
    assert!(plain.logout(&id()).is_ok());
    assert_eq!(plain.transport().fresh(), [false]);
}

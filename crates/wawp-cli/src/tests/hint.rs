use super::*;
use std::time::Duration;
use wawp::http::Response;
use wawp::{AccessToken, Endpoint, InstanceId, Logout, TransportError};

fn answered(status: u16, retry_after: Option<&str>) -> Error {
    let mut response = Response::builder().status(status);
    if let Some(after) = retry_after {
        response = response.header("retry-after", after);
    }
    Logout::new(InstanceId::new("I").unwrap())
        .parse(
            response.body(Vec::new()).unwrap(),
            &AccessToken::new("t").unwrap(),
        )
        .unwrap_err()
}

#[test]
fn the_documented_statuses_have_hints() {
    let h = |s| hint(&answered(s, None), "the logout").unwrap();
    assert!(h(401).contains("access token"));
    assert!(h(404).contains("instance id"));
    assert!(h(400).contains("instance id"));
    assert!(h(500).contains("may have happened"));
    assert!(h(502).contains("--retries"));
    assert!(h(504).contains("may have happened") && h(504).contains("--retry-after-send"));
    assert!(h(503).contains("--retries"));
    assert!(
        hint(&answered(429, Some("7")), "the logout")
            .unwrap()
            .contains("wait 7 s")
    );
}

#[test]
fn failures_without_an_answer_have_hints() {
    let t = |k| Error::Transport(TransportError::from_message(k, "x"));
    assert!(
        hint(&t(TransportErrorKind::Connect), "the logout")
            .unwrap()
            .contains("--base-url")
    );
    assert!(
        hint(&t(TransportErrorKind::Connect), "the logout")
            .unwrap()
            .contains("--proxy")
    );
    assert!(
        hint(&t(TransportErrorKind::Tls), "the logout")
            .unwrap()
            .contains("--ca-cert")
    );
    assert!(
        !hint(&t(TransportErrorKind::StaleConnection), "the logout")
            .unwrap()
            .starts_with("nothing was sent")
    );
    assert!(
        hint(&t(TransportErrorKind::Io), "the deletion")
            .unwrap()
            .contains("the deletion may have happened")
    );
    let timeout = Error::Timeout {
        after: Some(Duration::from_secs(1)),
    };
    assert!(hint(&timeout, "the logout").unwrap().contains("--timeout"));
    assert!(
        hint(&Error::BodyTooLarge { limit: 1 }, "the logout")
            .unwrap()
            .contains("--base-url")
    );
    assert!(
        hint(&answered(301, None), "the logout")
            .unwrap()
            .contains("redirects")
    );
    assert!(hint(&answered(418, None), "the logout").is_none());
    assert!(
        hint(&answered(422, None), "the logout")
            .unwrap()
            .contains("wawp info")
    );
}

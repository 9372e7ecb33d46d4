//! Every documented response variant as a fixture, each asserting the exact
//! typed result.

use std::time::Duration;

use http::{Response, StatusCode};
use wawp_core::{
    AccessToken, ApiErrorKind, BodyFormat, Endpoint, Error, InstanceId, Logout, Session,
    SessionStatus,
};

const TOKEN: &str = "TOKEN-Zq9-recognisable";

fn parse(status: u16, content_type: Option<&str>, body: &str) -> Result<Session, Error> {
    let mut builder = Response::builder().status(status);
    if let Some(ct) = content_type {
        builder = builder.header("content-type", ct);
    }
    let response = builder.body(body.as_bytes().to_vec()).unwrap();
    let logout = Logout::new(InstanceId::new("3EB0BCB2E3D4").unwrap());
    logout.parse(response, &AccessToken::new(TOKEN).unwrap())
}

/// Asserts an error answer's status, kind, message and format.
fn assert_api(
    result: Result<Session, Error>,
    status: u16,
    kind: ApiErrorKind,
    message: &str,
    format: BodyFormat,
) {
    let err = result.expect_err("an error status must be an error");
    let api = err
        .api()
        .unwrap_or_else(|| panic!("not an API error: {err:?}"));
    assert_eq!(api.status, StatusCode::from_u16(status).unwrap());
    assert_eq!(api.kind, kind);
    assert_eq!(api.message.as_deref(), Some(message));
    assert_eq!(api.format, format);
    assert_eq!(err.status(), Some(api.status));
    assert!(!api.snippet.is_empty());
}

#[test]
fn success_200_json() {
    let session = parse(
        200,
        Some("application/json"),
        r#"{"name": "wawp-84729105", "status": "SCAN_QR_CODE", "instance_id": "3EB0BCB2E3D4"}"#,
    )
    .unwrap();
    assert_eq!(
        session,
        Session::new("wawp-84729105", SessionStatus::ScanQrCode, "3EB0BCB2E3D4")
    );
}

#[test]
fn bad_request_400_json() {
    assert_api(
        parse(
            400,
            Some("application/json"),
            r#"{"status":"error","message":"Missing required parameter: instance_id"}"#,
        ),
        400,
        ApiErrorKind::BadRequest,
        "Missing required parameter: instance_id",
        BodyFormat::Json,
    );
}

#[test]
fn bad_request_400_xml() {
    assert_api(
        parse(
            400,
            Some("application/xml"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error>\n  <code>400</code>\n  <message>Missing required parameter: instance_id</message>\n</error>",
        ),
        400,
        ApiErrorKind::BadRequest,
        "Missing required parameter: instance_id",
        BodyFormat::Xml,
    );
}

#[test]
fn bad_request_400_plain_text() {
    assert_api(
        parse(
            400,
            Some("text/plain; charset=utf-8"),
            "Bad Request: missing instance_id\n",
        ),
        400,
        ApiErrorKind::BadRequest,
        "Bad Request: missing instance_id",
        BodyFormat::Text,
    );
}

#[test]
fn unauthorized_401_json() {
    assert_api(
        parse(
            401,
            Some("application/json"),
            r#"{"error":"Unauthorized","message":"Invalid or missing access token"}"#,
        ),
        401,
        ApiErrorKind::Unauthorized,
        "Invalid or missing access token",
        BodyFormat::Json,
    );
}

#[test]
fn unauthorized_401_xml() {
    assert_api(
        parse(
            401,
            Some("text/xml"),
            "<response><status>401</status><error>Invalid or missing access token</error></response>",
        ),
        401,
        ApiErrorKind::Unauthorized,
        "Invalid or missing access token",
        BodyFormat::Xml,
    );
}

#[test]
fn not_found_404_json() {
    assert_api(
        parse(
            404,
            Some("application/json"),
            r#"{"message":"Session does not exist","instance_id":"3EB0BCB2E3D4"}"#,
        ),
        404,
        ApiErrorKind::NotFound,
        "Session does not exist",
        BodyFormat::Json,
    );
}

#[test]
fn not_found_404_xml() {
    assert_api(
        parse(
            404,
            Some("application/xml"),
            "<?xml version=\"1.0\"?><error><message>Session does not exist</message></error>",
        ),
        404,
        ApiErrorKind::NotFound,
        "Session does not exist",
        BodyFormat::Xml,
    );
}

#[test]
fn server_error_500_json() {
    assert_api(
        parse(
            500,
            Some("application/json"),
            r#"{"error":{"code":500,"message":"Unexpected failure"}}"#,
        ),
        500,
        ApiErrorKind::Server,
        "Unexpected failure",
        BodyFormat::Json,
    );
}

#[test]
fn server_error_500_html() {
    assert_api(
        parse(
            500,
            Some("text/html"),
            "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n<body><h1>Internal Server Error</h1><p>Unexpected failure.</p></body></html>",
        ),
        500,
        ApiErrorKind::Server,
        "500 Internal Server Error",
        BodyFormat::Html,
    );
}

#[test]
fn bad_gateway_502_json() {
    assert_api(
        parse(
            502,
            Some("application/json"),
            r#"{"detail":"Connection failed to upstream"}"#,
        ),
        502,
        ApiErrorKind::BadGateway,
        "Connection failed to upstream",
        BodyFormat::Json,
    );
}

#[test]
fn bad_gateway_502_xml() {
    assert_api(
        parse(
            502,
            Some("application/xml"),
            "<error><msg>Connection failed to upstream</msg></error>",
        ),
        502,
        ApiErrorKind::BadGateway,
        "Connection failed to upstream",
        BodyFormat::Xml,
    );
}

#[test]
fn undocumented_statuses_have_kinds() {
    for (status, kind, retryable) in [
        (403, ApiErrorKind::Forbidden, false),
        (418, ApiErrorKind::Other, false),
        (422, ApiErrorKind::Other, false),
        (429, ApiErrorKind::RateLimited, true),
        (502, ApiErrorKind::BadGateway, true),
        (503, ApiErrorKind::Unavailable, true),
        (504, ApiErrorKind::GatewayTimeout, false),
        (500, ApiErrorKind::Server, false),
        (599, ApiErrorKind::Server, false),
    ] {
        let err = parse(status, None, "nope").unwrap_err();
        assert_eq!(err.api().map(|e| e.kind), Some(kind), "{status}");
        assert_eq!(err.is_retryable(), retryable, "{status}");
        assert_eq!(err.code(), kind.code());
        // Whatever the status, the server answered: the request reached it.
        assert!(err.maybe_sent(), "{status}");
    }
}

#[test]
fn rate_limited_429_with_retry_after() {
    let response = Response::builder()
        .status(429)
        .header("retry-after", "3")
        .body(br#"{"message":"Too many requests"}"#.to_vec())
        .unwrap();
    let logout = Logout::new(InstanceId::new("x").unwrap());
    let err = logout
        .parse(response, &AccessToken::new(TOKEN).unwrap())
        .unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        "HTTP 429 (rate limited): Too many requests"
    );
}

#[test]
fn empty_error_body() {
    let err = parse(503, None, "").unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(
        (api.format, api.message.as_deref()),
        (BodyFormat::Empty, None)
    );
    assert_eq!(err.to_string(), "HTTP 503 (unavailable): no message");
}

#[test]
fn redirects_are_errors_without_query() {
    let response = Response::builder()
        .status(302)
        .header(
            "location",
            "https://elsewhere.example/v2/session/logout?access_token=x",
        )
        .body(Vec::new())
        .unwrap();
    let logout = Logout::new(InstanceId::new("x").unwrap());
    let err = logout
        .parse(response, &AccessToken::new(TOKEN).unwrap())
        .unwrap_err();
    match &err {
        Error::UnexpectedRedirect { status, location } => {
            assert_eq!(status.as_u16(), 302);
            assert_eq!(
                location.as_deref(),
                Some("https://elsewhere.example/v2/session/logout?[redacted]")
            );
        }
        other => panic!("{other:?}"),
    }
}

mod decode {
    use super::*;

    fn reason(status: u16, body: &str) -> String {
        match parse(status, Some("application/json"), body) {
            Err(Error::Decode(e)) => e.reason,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_fields_are_ignored_and_unknown_statuses_kept() {
        let s = parse(
            200,
            None,
            r#"{"name":"n","status":"PAIRING_SOON","instance_id":"i","extra":{"a":[1,2]},"me":null}"#,
        )
        .unwrap();
        assert_eq!(s.status, SessionStatus::Unknown("PAIRING_SOON".into()));
        for (wire, status) in [
            ("STOPPED", SessionStatus::Stopped),
            ("STARTING", SessionStatus::Starting),
            ("SCAN_QR_CODE", SessionStatus::ScanQrCode),
            ("WORKING", SessionStatus::Working),
            ("FAILED", SessionStatus::Failed),
        ] {
            let body = format!(r#"{{"name":"n","status":"{wire}","instance_id":"i"}}"#);
            assert_eq!(parse(200, None, &body).unwrap().status, status);
            assert_eq!(status.as_str(), wire);
        }
    }

    #[test]
    fn missing_field_is_named() {
        let r = reason(200, r#"{"name":"n","instance_id":"i"}"#);
        assert!(r.contains("missing field `status`"), "{r}");
    }

    #[test]
    fn wrong_type_is_named() {
        let r = reason(200, r#"{"name":42,"status":"WORKING","instance_id":"i"}"#);
        assert!(r.contains("invalid type: integer `42`"), "{r}");
    }

    #[test]
    fn non_json_and_empty() {
        assert!(reason(200, "<html>ok</html>").starts_with("the body is not valid JSON"));
        assert_eq!(reason(200, ""), "the body is empty");
        assert_eq!(reason(200, "  \n"), "the body is empty");
        let err = parse(200, None, "").unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::OK));
        assert!(!err.is_retryable());
    }
}

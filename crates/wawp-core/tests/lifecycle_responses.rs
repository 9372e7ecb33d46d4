//! Every documented success sample of the lifecycle endpoints as a fixture,
//! with its exact typed result; the tolerant readings of what the pages leave
//! open; and one error parsing shared by every endpoint.

use std::time::{Duration, UNIX_EPOCH};

use http::{Response, StatusCode};
use wawp_core::{
    AccessToken, ApiErrorKind, BodyFormat, Delete, Endpoint, Error, Image, Info, InstanceId,
    Logout, Me, PairingCode, PhoneNumber, Qr, QrCode, QrImage, RequestCode, Restart, Session,
    SessionInfo, SessionStatus, Start, Stop,
};

const TOKEN: &str = "TOKEN-Zq9-recognisable";
const ID: &str = "3EB0BCB2E3D4";

fn id() -> InstanceId {
    InstanceId::new(ID).unwrap()
}

fn token() -> AccessToken {
    AccessToken::new(TOKEN).unwrap()
}

fn answer(status: u16, content_type: &str, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn ok<E: Endpoint>(endpoint: &E, body: &str) -> E::Output
where
    E::Output: std::fmt::Debug,
{
    endpoint
        .parse(answer(200, "application/json", body), &token())
        .unwrap_or_else(|e| panic!("{body}: {e:?}"))
}

fn decode_reason<E: Endpoint>(endpoint: &E, body: &str) -> String
where
    E::Output: std::fmt::Debug,
{
    match endpoint.parse(answer(200, "application/json", body), &token()) {
        Err(Error::Decode(e)) => {
            assert!(!e.reason.contains(TOKEN) && !e.snippet.contains(TOKEN));
            e.reason
        }
        other => panic!("expected a decode error for {body}, got {other:?}"),
    }
}

// --- documented samples -----------------------------------------------------

#[test]
fn stop_sample_without_instance_id() {
    // The Stop Session page's sample: no instance_id, a config object.
    let body = r#"{
        "name": "wawp-84729105",
        "status": "STOPPED",
        "config": { "webhooks": {}, "proxy": null }
    }"#;
    assert_eq!(
        ok(&Stop::new(id()), body),
        Session::new("wawp-84729105", SessionStatus::Stopped, ID)
    );
}

#[test]
fn logout_sample() {
    let body =
        r#"{"name": "wawp-84729105", "status": "SCAN_QR_CODE", "instance_id": "3EB0BCB2E3D4"}"#;
    assert_eq!(
        ok(&Logout::new(id()), body),
        Session::new("wawp-84729105", SessionStatus::ScanQrCode, ID)
    );
}

#[test]
fn delete_sample() {
    let body = r#"{"name": "wawp-84729105", "status": "DELETED", "instance_id": "3EB0BCB2E3D4"}"#;
    let session = ok(&Delete::new(id()), body);
    assert_eq!(
        session,
        Session::new("wawp-84729105", SessionStatus::Deleted, ID)
    );
    assert_eq!(session.status.to_string(), "DELETED");
}

#[test]
fn start_and_restart_read_like_stop() {
    // No sample is documented; the stop shape is assumed.
    let body =
        r#"{"name":"wawp-84729105","status":"STARTING","config":{"webhooks":{},"proxy":null}}"#;
    let expected = Session::new("wawp-84729105", SessionStatus::Starting, ID);
    assert_eq!(ok(&Start::new(id()), body), expected);
    assert_eq!(ok(&Restart::new(id()), body), expected);
    // An instance_id in the answer wins over the one asked about.
    let body = r#"{"name":"n","status":"WORKING","instance_id":"OTHER"}"#;
    assert_eq!(ok(&Start::new(id()), body).instance_id, "OTHER");
}

#[test]
fn info_sample() {
    let body = r#"{
        "name": "wawp-84729105",
        "status": "WORKING",
        "config": { "webhooks": {}, "proxy": null },
        "me": { "id": "201012345678@c.us", "pushName": "John Doe" }
    }"#;
    let info = ok(&Info::new(id()), body);
    assert_eq!(
        info,
        SessionInfo::new("wawp-84729105", SessionStatus::Working, ID)
            .with_me(Me::new("201012345678@c.us", Some("John Doe".into())))
            .with_config(serde_json::json!({ "webhooks": {}, "proxy": null }))
    );
    assert_eq!(info.qr, None);
    assert!(info.qr_image().is_none());
}

#[test]
fn info_while_scanning() {
    // The prose: a Base64 `qr` only while SCAN_QR_CODE; `me` then empty.
    for me in [
        r#""me":null,"#,
        "",
        r#""me":{},"#,
        r#""me":{"pushName":"x"},"#,
    ] {
        let body = format!(
            r#"{{"name":"n","status":"SCAN_QR_CODE",{me}"qr":"data:image/png;base64,{PNG_B64}"}}"#
        );
        let info = ok(&Info::new(id()), &body);
        assert_eq!(info.me, None, "{me}");
        assert_eq!(info.status, SessionStatus::ScanQrCode);
        let image = info.qr_image().unwrap().unwrap();
        assert_eq!(image.png(), Some(png().as_slice()));
    }
    // Bare Base64 is taken as a PNG too.
    let info = ok(
        &Info::new(id()),
        &format!(r#"{{"name":"n","status":"SCAN_QR_CODE","qr":"{PNG_B64}"}}"#),
    );
    assert!(info.qr_image().unwrap().unwrap().is_png());
}

/// `{"value":"2@Xk9fQ3JvYWQ=,aGVsbG8=,d29ybGQ=,ZXhhbXBsZQ==","expiry":1700000030}`.
const QR_DATA: &str = "eyJ2YWx1ZSI6IjJAWGs5ZlEzSnZZV1E9LGFHVnNiRzg9LGQyOXliR1E9LFpYaGhiWEJzWlE9PSIsImV4cGlyeSI6MTcwMDAwMDAzMH0=";
const QR_VALUE: &str = "2@Xk9fQ3JvYWQ=,aGVsbG8=,d29ybGQ=,ZXhhbXBsZQ==";

#[test]
fn qr_raw_as_described() {
    let body = format!(r#"{{"mimetype":"application/json","data":"{QR_DATA}"}}"#);
    let qr = ok(&Qr::new(id()), &body);
    let mut expected = QrCode::new(QR_VALUE, Some(1_700_000_030));
    expected.mimetype = Some("application/json".into());
    assert_eq!(qr, expected);
    assert_eq!(
        qr.expires_at(),
        Some(UNIX_EPOCH + Duration::from_secs(1_700_000_030))
    );
}

#[test]
fn qr_raw_tolerated_shapes() {
    let qr = |body: &str| ok(&Qr::new(id()), body);
    // Milliseconds, a float, a numeric string, no expiry at all.
    assert_eq!(
        qr(r#"{"value":"v","expiry":1700000030000}"#).expires_at(),
        Some(UNIX_EPOCH + Duration::from_secs(1_700_000_030))
    );
    assert_eq!(
        qr(r#"{"value":"v","expiry":1700000030.5}"#).expiry,
        Some(1_700_000_030)
    );
    assert_eq!(
        qr(r#"{"value":"v","expiry":"1700000030"}"#).expiry,
        Some(1_700_000_030)
    );
    assert_eq!(qr(r#"{"value":"v"}"#), QrCode::new("v", None));
    // data that is plain text, unpadded, URL-safe or line-wrapped.
    assert_eq!(qr(r#"{"data":"MkBhYmM"}"#).value, "2@abc");
    assert_eq!(qr(r#"{"data":"Pz8-"}"#).value, "??>");
    let wrapped = format!("{}\\n{}", &QR_DATA[..40], &QR_DATA[40..]);
    assert_eq!(qr(&format!(r#"{{"data":"{wrapped}"}}"#)).value, QR_VALUE);
    // Unknown fields are ignored.
    assert_eq!(
        qr(&format!(r#"{{"data":"{QR_DATA}","extra":[1]}}"#)).value,
        QR_VALUE
    );
}

#[test]
fn qr_raw_decode_errors_name_the_problem() {
    let qr = Qr::new(id());
    assert_eq!(decode_reason(&qr, "{}"), "missing field `data`");
    assert_eq!(
        decode_reason(&qr, r#"{"data":"!!!"}"#),
        "field `data`: it is not Base64 (3 characters)"
    );
    assert!(
        decode_reason(&qr, r#"{"data":"e30="}"#)
            .starts_with("field `data`: it decodes to JSON without the documented value")
    );
    assert_eq!(
        decode_reason(&qr, r#"{"value":""}"#),
        "field `value`: it is empty"
    );
    assert!(decode_reason(&qr, r#"{"value":"v","expiry":-1}"#).contains("not a Unix time"));
    assert_eq!(decode_reason(&qr, ""), "the body is empty");
}

/// A 1×1 PNG.
const PNG_B64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==";

fn png() -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(PNG_B64)
        .unwrap()
}

#[test]
fn qr_image_sample() {
    let body = format!(r#"{{"qr":"data:image/png;base64,{PNG_B64}"}}"#);
    let image: Image = ok(&QrImage::new(id()), &body);
    assert_eq!(image.mime_type, "image/png");
    assert_eq!(image.png(), Some(png().as_slice()));
    assert_eq!(image.bytes.len(), 67);
    assert_eq!(
        format!("{image:?}"),
        r#"Image { mime_type: "image/png", bytes: [67 bytes] }"#
    );
}

#[test]
fn qr_image_tolerated_shapes_and_errors() {
    let endpoint = QrImage::new(id());
    // Case, parameters, a `data` + `mimetype` pair, a JPEG.
    let image = ok(
        &endpoint,
        &format!(r#"{{"qr":"DATA:Image/PNG;charset=x;BASE64,{PNG_B64}"}}"#),
    );
    assert!(image.is_png());
    let image = ok(
        &endpoint,
        &format!(r#"{{"mimetype":"image/png","data":"{PNG_B64}"}}"#),
    );
    assert!(image.is_png());
    let image = ok(&endpoint, r#"{"qr":"data:image/jpeg;base64,/9j/"}"#);
    assert_eq!(
        (image.mime_type.as_str(), image.png()),
        ("image/jpeg", None)
    );

    assert_eq!(decode_reason(&endpoint, "{}"), "missing field `qr`");
    assert_eq!(
        decode_reason(&endpoint, r#"{"qr":"data:image/png;base64,aGVsbG8="}"#),
        "field `qr`: it is not a PNG image (no PNG signature)"
    );
    assert_eq!(
        decode_reason(&endpoint, r#"{"qr":"data:text/html;base64,aGVsbG8="}"#),
        "field `qr`: the data URI holds text/html, not an image"
    );
    assert_eq!(
        decode_reason(&endpoint, r#"{"qr":"data:image/png,rawbytes"}"#),
        "field `qr`: the data URI is not Base64-encoded"
    );
    assert_eq!(
        decode_reason(&endpoint, r#"{"qr":"data:image/png;base64"}"#),
        "field `qr`: the data URI has no comma"
    );
}

#[test]
fn request_code_sample() {
    let endpoint = RequestCode::new(id(), PhoneNumber::new("201145202826").unwrap());
    let code = ok(&endpoint, r#"{"code": "ABCD-1234"}"#);
    assert_eq!(code, PairingCode::new("ABCD-1234"));
    assert_eq!(code.to_string(), "ABCD-1234");
    assert!(decode_reason(&endpoint, r#"{"pairing":"x"}"#).contains("missing field `code`"));
}

// --- tolerance ----------------------------------------------------------------

#[test]
fn unknown_statuses_and_fields_are_kept_or_ignored() {
    let body = r#"{"name":"n","status":"PAIRING","extra":{"deep":[1]},"me":null,"qr":null}"#;
    let info = ok(&Info::new(id()), body);
    assert_eq!(info.status, SessionStatus::Unknown("PAIRING".into()));
    assert_eq!(info.instance_id, ID);
    let session = ok(&Stop::new(id()), body);
    assert_eq!(session.status.as_str(), "PAIRING");
    // Still required: a status.
    assert!(decode_reason(&Info::new(id()), r#"{"name":"n"}"#).contains("missing field `status`"));
}

// --- one error parsing for every endpoint -----------------------------------

/// The same error answer gives the same typed error on every endpoint.
fn same_errors<E: Endpoint>(endpoint: &E)
where
    E::Output: std::fmt::Debug,
{
    let cases = [
        (
            answer(
                400,
                "application/xml",
                "<error><message>Missing required parameter(s)</message></error>",
            ),
            ApiErrorKind::BadRequest,
            "Missing required parameter(s)",
            BodyFormat::Xml,
        ),
        (
            answer(401, "text/plain", "Invalid or missing access token\n"),
            ApiErrorKind::Unauthorized,
            "Invalid or missing access token",
            BodyFormat::Text,
        ),
        (
            answer(
                404,
                "application/json",
                r#"{"status":"error","message":"Session does not exist"}"#,
            ),
            ApiErrorKind::NotFound,
            "Session does not exist",
            BodyFormat::Json,
        ),
        (
            answer(
                500,
                "text/html",
                "<html><title>Unexpected failure</title></html>",
            ),
            ApiErrorKind::Server,
            "Unexpected failure",
            BodyFormat::Html,
        ),
        (
            answer(
                502,
                "application/json",
                &format!(r#"{{"message":"upstream refused token {TOKEN}"}}"#),
            ),
            ApiErrorKind::BadGateway,
            "upstream refused token [redacted]",
            BodyFormat::Json,
        ),
    ];
    for (response, kind, message, format) in cases {
        let status = response.status();
        let err = endpoint.parse(response, &token()).unwrap_err();
        let api = err.api().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!(
            (api.status, api.kind, api.message.as_deref(), api.format),
            (status, kind, Some(message), format),
            "{}",
            E::PATH
        );
        assert!(err.maybe_sent());
        assert!(!format!("{err:?}").contains(TOKEN));
    }
    let redirect = Response::builder()
        .status(302)
        .header("location", "https://x.example/?access_token=1")
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        endpoint.parse(redirect, &token()).unwrap_err().status(),
        Some(StatusCode::FOUND)
    );
}

#[test]
fn every_endpoint_shares_the_error_parsing() {
    same_errors(&Info::new(id()));
    same_errors(&Start::new(id()));
    same_errors(&Stop::new(id()));
    same_errors(&Restart::new(id()));
    same_errors(&Logout::new(id()));
    same_errors(&Delete::new(id()));
    same_errors(&Qr::new(id()));
    same_errors(&QrImage::new(id()));
    same_errors(&RequestCode::new(
        id(),
        PhoneNumber::new("201145202826").unwrap(),
    ));
}

//! The stateful instance: the lifecycle's transitions, the clock-driven
//! ones (start delay, QR rotation), the QR and pairing-code endpoints, the
//! mock-only control calls, and the errors of calls that make no sense in
//! the current state. Over raw sockets.

use std::time::{Duration, Instant, SystemTime};

use crate::common::{Resp, once};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use wawp_mock::{
    CONFLICT_STATUS, ControlError, DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, MockConfig, MockServer,
    NOT_FOUND_MESSAGE, UNAUTHORIZED_MESSAGE,
};

const ID: &str = "NEW1";
const DELAY: Duration = Duration::from_millis(60);
const ROTATION: Duration = Duration::from_millis(400);

fn server() -> MockServer {
    MockServer::start_with(
        MockConfig::default()
            .created_instance(ID, "fresh")
            .start_delay(DELAY)
            .qr_rotation(ROTATION),
    )
}

/// `method path?instance_id=id&access_token=…[&extra]` with `body`.
fn call(server: &MockServer, method: &str, path: &str, id: &str, extra: &str, body: &str) -> Resp {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!("&{extra}")
    };
    once(
        server,
        format!(
            "{method} {path}?instance_id={id}&access_token={DEFAULT_TOKEN}{extra} HTTP/1.1\r\n\
             Host: x\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn post(server: &MockServer, path: &str, id: &str) -> Resp {
    call(server, "POST", path, id, "", "")
}

#[track_caller]
fn ok(resp: Resp) -> Value {
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.header("content-type"), Some("application/json"));
    resp.json()
}

/// A conflict, with the current status and what was expected.
#[track_caller]
fn conflict(resp: Resp, status: &str, expected: &[&str]) {
    assert_eq!(resp.status, CONFLICT_STATUS, "{}", resp.text());
    let body = resp.json();
    assert_eq!(body["session_status"], status);
    assert_eq!(body["expected"], json!(expected));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .ends_with(&format!("(the session is {status})")),
        "{body}"
    );
}

#[track_caller]
fn status_of(server: &MockServer, id: &str) -> String {
    let info = ok(post(server, "/v2/session/info", id));
    assert_eq!(
        info["status"].as_str(),
        server.instance_status(id).as_deref()
    );
    info["status"].as_str().unwrap().to_owned()
}

/// Waits (at most 5 s) for `id` to reach `status`.
#[track_caller]
fn wait_for(server: &MockServer, id: &str, status: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.instance_status(id).as_deref() != Some(status) {
        assert!(Instant::now() < deadline, "{id} never became {status}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The top-level keys of the object `raw`, in the order written (`Value`
/// sorts them); good for bodies whose nested keys differ from these.
fn keys(raw: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(raw).unwrap();
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort_by_key(|k| raw.find(&format!("\"{k}\":")));
    keys
}

/// The text of a 200 JSON answer.
#[track_caller]
fn ok_text(resp: Resp) -> String {
    let text = resp.text();
    ok(resp);
    text
}

#[test]
fn a_whole_lifecycle_with_a_qr_scan() {
    let server = server();
    assert_eq!(
        ok_text(post(&server, "/v2/session/info", ID)),
        r#"{"name":"fresh","status":"STOPPED","config":{"webhooks":{},"proxy":null},"me":null}"#
    );
    conflict(
        post(&server, "/v2/auth/qr", ID),
        "STOPPED",
        &["SCAN_QR_CODE"],
    );
    conflict(
        post(&server, "/v2/session/logout", ID),
        "STOPPED",
        &["SCAN_QR_CODE", "WORKING", "FAILED"],
    );

    // start: STOPPED → STARTING, answered in the documented stop shape.
    let started = Instant::now();
    let answer = post(&server, "/v2/session/start", ID);
    assert_eq!(
        answer.text(),
        r#"{"name":"fresh","status":"STARTING","config":{"webhooks":{},"proxy":null}}"#
    );
    // Still STARTING only while the delay has surely not run out: the
    // server's clock started after `started`, so the time is read after
    // looking (a loaded machine may pause the test anywhere in between).
    let status = status_of(&server, ID);
    if started.elapsed() < DELAY {
        assert_eq!(status, "STARTING");
    }
    if started.elapsed() < DELAY / 2 {
        let again = post(&server, "/v2/session/start", ID);
        if started.elapsed() < DELAY {
            conflict(again, "STARTING", &["STOPPED", "FAILED"]);
        }
    }
    wait_for(&server, ID, "SCAN_QR_CODE");
    assert!(started.elapsed() >= DELAY);

    // While scanning: info carries the QR image, qr the raw value.
    let text = ok_text(post(&server, "/v2/session/info", ID));
    assert_eq!(keys(&text), ["name", "status", "config", "me", "qr"]);
    let info: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(info["me"], Value::Null);
    let uri = info["qr"].as_str().unwrap();
    let png = STANDARD
        .decode(uri.strip_prefix("data:image/png;base64,").unwrap())
        .unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));

    let text = ok_text(post(&server, "/v2/auth/qr", ID));
    assert_eq!(keys(&text), ["mimetype", "data"]);
    let raw: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(raw["mimetype"], "application/json");
    let inner = STANDARD.decode(raw["data"].as_str().unwrap()).unwrap();
    let inner = String::from_utf8(inner).unwrap();
    assert_eq!(keys(&inner), ["value", "expiry"]);
    let inner: Value = serde_json::from_str(&inner).unwrap();
    let value = inner["value"].as_str().unwrap().to_owned();
    assert!(value.starts_with("2@"), "{value}");
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let expiry = inner["expiry"].as_u64().unwrap();
    assert!((now - 1..=now + 1).contains(&expiry), "{expiry} vs {now}");

    let image = ok(post(&server, "/v2/auth/qr-image", ID));
    assert_eq!(image.as_object().map(|o| o.len()), Some(1));
    assert!(
        image["qr"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,iVBORw0KGgo")
    );

    // The value rotates.
    let first = server.qr_value(ID).unwrap();
    std::thread::sleep(ROTATION);
    assert_ne!(server.qr_value(ID).unwrap(), first);
    assert_ne!(
        ok(post(&server, "/v2/session/info", ID))["qr"].as_str(),
        Some(uri)
    );

    // The phone scans (control call over HTTP): WORKING.
    assert_eq!(
        ok(post(&server, "/_mock/scan", ID)),
        json!({"name":"fresh","status":"WORKING","instance_id":ID})
    );
    let text = ok_text(post(&server, "/v2/session/info", ID));
    assert!(
        text.ends_with(r#""me":{"id":"201012345678@c.us","pushName":"Wawp Mock"}}"#),
        "{text}"
    );
    assert_eq!(keys(&text), ["name", "status", "config", "me"]);
    conflict(
        post(&server, "/v2/auth/qr", ID),
        "WORKING",
        &["SCAN_QR_CODE"],
    );
    conflict(
        post(&server, "/v2/auth/qr-image", ID),
        "WORKING",
        &["SCAN_QR_CODE"],
    );
    assert_eq!(server.qr_value(ID), None);

    // logout → SCAN_QR_CODE (again: still SCAN_QR_CODE), stop → STOPPED.
    for _ in 0..2 {
        assert_eq!(
            ok(post(&server, "/v2/session/logout", ID)),
            json!({"name":"fresh","status":"SCAN_QR_CODE","instance_id":ID})
        );
    }
    for _ in 0..2 {
        assert_eq!(
            ok(post(&server, "/v2/session/stop", ID))["status"],
            "STOPPED"
        );
    }
    // The logout dropped the login: starting again asks for a QR code.
    ok(post(&server, "/v2/session/start", ID));
    wait_for(&server, ID, "SCAN_QR_CODE");

    // delete → DELETED, then 404 for everything.
    let deleted = call(&server, "DELETE", "/v2/session/delete", ID, "", "");
    assert_eq!(
        ok(deleted),
        json!({"name":"fresh","status":"DELETED","instance_id":ID})
    );
    assert_eq!(server.instance_status(ID), None);
    for path in [
        "/v2/session/info",
        "/v2/session/start",
        "/v2/auth/qr",
        "/_mock/scan",
    ] {
        let resp = post(&server, path, ID);
        assert_eq!(resp.status, 404, "{path}");
        assert_eq!(resp.json()["message"], NOT_FOUND_MESSAGE);
    }
    assert_eq!(
        call(&server, "DELETE", "/v2/session/delete", ID, "", "").status,
        404
    );
}

#[test]
fn stop_keeps_the_login_and_start_or_restart_resume_it() {
    let server = server();
    server.add_instance("W", "working");
    assert_eq!(
        ok(post(&server, "/v2/session/stop", "W"))["status"],
        "STOPPED"
    );
    assert_eq!(
        ok(post(&server, "/v2/session/start", "W"))["status"],
        "STARTING"
    );
    wait_for(&server, "W", "WORKING");
    assert_eq!(
        ok(post(&server, "/v2/session/restart", "W"))["status"],
        "STARTING"
    );
    conflict(
        post(&server, "/v2/session/logout", "W"),
        "STARTING",
        &["SCAN_QR_CODE", "WORKING", "FAILED"],
    );
    wait_for(&server, "W", "WORKING");
    // A restart while scanning starts over, still without a login.
    ok(post(&server, "/v2/session/logout", "W"));
    assert_eq!(
        ok(post(&server, "/v2/session/restart", "W"))["status"],
        "STARTING"
    );
    wait_for(&server, "W", "SCAN_QR_CODE");
}

#[test]
fn pairing_with_a_code() {
    let server = server();
    ok(post(&server, "/v2/session/start", ID));
    conflict(
        call(
            &server,
            "POST",
            "/v2/auth/request-code",
            ID,
            "phone_number=201145202826",
            "",
        ),
        "STARTING",
        &["SCAN_QR_CODE"],
    );
    wait_for(&server, ID, "SCAN_QR_CODE");

    let missing = post(&server, "/v2/auth/request-code", ID);
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.json()["message"],
        "Missing required parameter(s): phone_number"
    );
    for bad in [
        "+201145202826",
        "01145202826",
        "20114",
        "2011452028261234",
        "20 114",
    ] {
        let body = json!({ "phone_number": bad }).to_string();
        let resp = call(&server, "POST", "/v2/auth/request-code", ID, "", &body);
        assert_eq!(resp.status, 400, "{bad}");
    }
    let body = r#"{"phone_number":"201145202826"}"#;
    let code = ok(call(&server, "POST", "/v2/auth/request-code", ID, "", body));
    assert_eq!(code.as_object().map(|o| o.len()), Some(1));
    let code = code["code"].as_str().unwrap().to_owned();
    assert_eq!(server.pairing_code(ID).as_deref(), Some(code.as_str()));
    assert!(code.len() == 9 && &code[4..5] == "-", "{code}");

    assert_eq!(server.pair(ID, "ZZZZ-ZZZZ"), Err(ControlError::WrongCode));
    let typed = code.replace('-', " ").to_lowercase().replace(' ', "%20");
    let paired = call(
        &server,
        "POST",
        "/_mock/pair",
        ID,
        &format!("code={typed}"),
        "",
    );
    assert_eq!(ok(paired)["status"], "WORKING");
    assert_eq!(
        ok(post(&server, "/v2/session/info", ID))["me"]["id"],
        "201145202826@c.us"
    );
    assert_eq!(server.pairing_code(ID), None);
}

#[test]
fn the_rust_control_api() {
    let server = server();
    assert_eq!(server.scan("nobody"), Err(ControlError::UnknownInstance));
    assert_eq!(
        server.scan(ID),
        Err(ControlError::WrongState {
            status: "STOPPED".into()
        })
    );
    ok(post(&server, "/v2/session/start", ID));
    wait_for(&server, ID, "SCAN_QR_CODE");
    assert_eq!(
        server.pair(ID, "ABCD-1234"),
        Err(ControlError::NoPairingCode)
    );
    assert!(server.qr_value(ID).is_some());
    server.scan(ID).unwrap();
    assert_eq!(server.instance_status(ID).as_deref(), Some("WORKING"));
    assert_eq!(
        server.scan(ID).unwrap_err().to_string(),
        "the instance is WORKING"
    );

    // FAILED keeps the login: a restart recovers…
    server.fail(ID).unwrap();
    assert_eq!(status_of(&server, ID), "FAILED");
    conflict(
        post(&server, "/v2/auth/qr", ID),
        "FAILED",
        &["SCAN_QR_CODE"],
    );
    ok(post(&server, "/v2/session/restart", ID));
    wait_for(&server, ID, "WORKING");
    // …a logout drops it and leaves it STOPPED, to start for a new QR code.
    server.fail(ID).unwrap();
    assert_eq!(
        ok(post(&server, "/v2/session/logout", ID)),
        json!({"name":"fresh","status":"STOPPED","instance_id":ID})
    );
    ok(post(&server, "/v2/session/start", ID));
    wait_for(&server, ID, "SCAN_QR_CODE");

    // set_instance_status still sets anything.
    assert!(server.set_instance_status(ID, "WORKING"));
    assert_eq!(status_of(&server, ID), "WORKING");
    assert!(server.set_instance_status(ID, "PAIRING_SOON"));
    assert_eq!(status_of(&server, ID), "PAIRING_SOON");
    assert_eq!(
        ok(post(&server, "/v2/session/logout", ID))["status"],
        "SCAN_QR_CODE"
    );
}

#[test]
fn methods_parameters_and_control_calls_are_checked() {
    let server = server();
    let resp = post(&server, "/v2/session/delete", ID);
    assert_eq!((resp.status, resp.header("allow")), (405, Some("DELETE")));
    let resp = call(&server, "GET", "/v2/auth/request-code", ID, "", "");
    assert_eq!((resp.status, resp.header("allow")), (405, Some("POST")));
    let resp = call(&server, "GET", "/_mock/scan", ID, "", "");
    assert_eq!((resp.status, resp.header("allow")), (405, Some("POST")));
    // GET is routed like POST where the documentation lists both.
    assert_eq!(
        call(&server, "GET", "/v2/session/info", ID, "", "").status,
        200
    );
    assert_eq!(
        call(&server, "GET", "/v2/session/start", ID, "", "").status,
        200
    );
    conflict(
        call(&server, "GET", "/v2/session/start", ID, "", ""),
        "STARTING",
        &["STOPPED", "FAILED"],
    );
    // JSON-body credentials work for the new endpoints too.
    let body = format!(r#"{{"instance_id":"{ID}","access_token":"{DEFAULT_TOKEN}"}}"#);
    let resp = once(&server, crate::common::post("/v2/session/info", &body));
    assert_eq!(ok(resp)["name"], "fresh");
    // Only the raw format is served.
    wait_for(&server, ID, "SCAN_QR_CODE");
    let resp = call(
        &server,
        "POST",
        "/v2/auth/qr",
        ID,
        "",
        r#"{"format":"raw"}"#,
    );
    assert_eq!(resp.status, 200);
    let resp = call(&server, "POST", "/v2/auth/qr", ID, "format=image", "");
    assert_eq!(resp.status, 400);

    // Control calls need the token, and ignore scripts.
    let resp = once(
        &server,
        crate::common::post(
            &format!("/_mock/scan?instance_id={ID}&access_token=wrong"),
            "",
        ),
    );
    assert_eq!(
        (resp.status, resp.json()["message"].clone()),
        (401, json!(UNAUTHORIZED_MESSAGE))
    );
    server.script(
        ID,
        wawp_mock::Behaviour::Documented(wawp_mock::Variant::BadGatewayJson),
    );
    assert_eq!(post(&server, "/v2/session/info", ID).status, 502);
    assert_eq!(ok(post(&server, "/_mock/scan", ID))["status"], "WORKING");
}

#[test]
fn defaults_keep_the_example_instance_working() {
    let server = MockServer::start();
    assert_eq!(status_of(&server, EXAMPLE_INSTANCE_ID), "WORKING");
    assert_eq!(
        ok(post(&server, "/v2/session/logout", EXAMPLE_INSTANCE_ID)),
        json!({"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":EXAMPLE_INSTANCE_ID})
    );
    // Restarting without a login: STARTING for the default delay, then a QR.
    let started = Instant::now();
    ok(post(&server, "/v2/session/restart", EXAMPLE_INSTANCE_ID));
    wait_for(&server, EXAMPLE_INSTANCE_ID, "SCAN_QR_CODE");
    assert!(started.elapsed() >= wawp_mock::DEFAULT_START_DELAY);
    assert_eq!(wawp_mock::DEFAULT_QR_ROTATION, Duration::from_secs(20));
}

//! The session lifecycle the simulator serves: its routes, and what each call
//! does to an instance's state machine. Pure functions of the state and the
//! request's parameters; documented in `docs/api-coverage.md`.

use std::time::Instant;

use serde_json::{Value, json};

use crate::behaviour::{Format, Variant};
use crate::params::Params;
use crate::qr;
use crate::state::{Instance, Login, Phase, SCAN_QR_CODE, State, Timing};
use crate::wire::Response;

/// `POST|GET /v2/session/info`.
pub const INFO_PATH: &str = "/v2/session/info";
/// `POST|GET /v2/session/start`.
pub const START_PATH: &str = "/v2/session/start";
/// `POST|GET /v2/session/stop`.
pub const STOP_PATH: &str = "/v2/session/stop";
/// `POST|GET /v2/session/restart`.
pub const RESTART_PATH: &str = "/v2/session/restart";
/// `POST|GET /v2/session/logout`.
pub const LOGOUT_PATH: &str = "/v2/session/logout";
/// `DELETE /v2/session/delete`.
pub const DELETE_PATH: &str = "/v2/session/delete";
/// `POST|GET /v2/auth/qr`.
pub const QR_PATH: &str = "/v2/auth/qr";
/// `POST|GET /v2/auth/qr-image`.
pub const QR_IMAGE_PATH: &str = "/v2/auth/qr-image";
/// `POST /v2/auth/request-code`.
pub const REQUEST_CODE_PATH: &str = "/v2/auth/request-code";
/// Mock-only control call, `POST /_mock/scan`: a phone scans the QR code of
/// an instance in `SCAN_QR_CODE` state, which becomes `WORKING`.
pub const SCAN_PATH: &str = "/_mock/scan";
/// Mock-only control call, `POST /_mock/pair` with a `code`: a phone enters
/// the pairing code issued for an instance, which becomes `WORKING`.
pub const PAIR_PATH: &str = "/_mock/pair";
/// Mock-only control call, `POST /_mock/fail`: the instance loses its
/// connection and becomes `FAILED` (keeping its login).
pub const FAIL_PATH: &str = "/_mock/fail";

/// The status every call that makes no sense in the instance's current state
/// answers (as WAHA, the engine whose states Wawp reports, does), with a JSON
/// body naming the current status and the expected ones.
pub const CONFLICT_STATUS: u16 = 422;

/// What a call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    Info,
    Start,
    Stop,
    Restart,
    Logout,
    Delete,
    Qr,
    QrImage,
    RequestCode,
    Scan,
    Pair,
    Fail,
}

/// A path, its call and the methods it answers.
#[derive(Debug)]
pub(crate) struct Route {
    pub(crate) call: Call,
    pub(crate) methods: &'static [&'static str],
}

const POST_GET: &[&str] = &["POST", "GET"];

/// The route for `path`, if any.
pub(crate) fn route(path: &str) -> Option<Route> {
    let (call, methods) = match path {
        INFO_PATH => (Call::Info, POST_GET),
        START_PATH => (Call::Start, POST_GET),
        STOP_PATH => (Call::Stop, POST_GET),
        RESTART_PATH => (Call::Restart, POST_GET),
        LOGOUT_PATH => (Call::Logout, POST_GET),
        DELETE_PATH => (Call::Delete, &["DELETE"][..]),
        QR_PATH => (Call::Qr, POST_GET),
        QR_IMAGE_PATH => (Call::QrImage, POST_GET),
        REQUEST_CODE_PATH => (Call::RequestCode, &["POST"][..]),
        SCAN_PATH => (Call::Scan, &["POST"][..]),
        PAIR_PATH => (Call::Pair, &["POST"][..]),
        FAIL_PATH => (Call::Fail, &["POST"][..]),
        _ => return None,
    };
    Some(Route { call, methods })
}

/// Carries out `call` on instance `id` (authenticated already).
pub(crate) fn handle(state: &mut State, call: Call, id: &str, params: &Params) -> Response {
    let now = Instant::now();
    let timing = state.timing;
    let random = state.next_random();
    if call == Call::Delete {
        return match state.instances.remove(id) {
            Some(gone) => ok(session(&gone.name, "DELETED", Some(id))),
            None => documented(Variant::NotFoundJson),
        };
    }
    let Some(instance) = state.instance(id) else {
        return documented(Variant::NotFoundJson);
    };
    match call {
        Call::Info => ok(info(instance, now, timing)),
        Call::Start => match instance.phase {
            Phase::Stopped | Phase::Failed => {
                instance.enter(Phase::Starting(now));
                ok(stop_shaped(instance))
            }
            _ => conflict(
                instance,
                "Session is already started",
                &["STOPPED", "FAILED"],
            ),
        },
        Call::Stop => {
            instance.enter(Phase::Stopped);
            ok(stop_shaped(instance))
        }
        Call::Restart => {
            instance.enter(Phase::Starting(now));
            ok(stop_shaped(instance))
        }
        Call::Logout => logout(instance, id, now),
        Call::Qr | Call::QrImage => {
            let Phase::ScanQrCode(since) = instance.phase else {
                return conflict(instance, "No QR code to scan", &[SCAN_QR_CODE]);
            };
            let code = qr::current(instance.qr_seed, since, now, timing);
            match (call, params.get("format")) {
                (Call::QrImage, _) => {
                    ok(json!({ "qr": qr::png_data_uri(&code.value) }).to_string())
                }
                (_, None | Some("raw")) => ok(qr::raw_json(&code)),
                (_, Some(_)) => bad_request("Unsupported format: only raw is served"),
            }
        }
        Call::RequestCode => request_code(instance, params, random),
        Call::Scan => {
            if !matches!(instance.phase, Phase::ScanQrCode(_)) {
                return conflict(instance, "No QR code to scan", &[SCAN_QR_CODE]);
            }
            instance.enter(Phase::Working);
            instance.login = Some(Login::Scanned);
            ok(session(&instance.name, instance.phase.status(), Some(id)))
        }
        Call::Pair => pair(instance, id, params),
        Call::Fail => {
            instance.enter(Phase::Failed);
            ok(session(&instance.name, instance.phase.status(), Some(id)))
        }
        Call::Delete => documented(Variant::NotFoundJson),
    }
}

/// Logout: `WORKING` (or an unmodelled status) → `SCAN_QR_CODE`, dropping
/// the login; `SCAN_QR_CODE` stays; `FAILED` → `STOPPED` without its login
/// (start it for a new QR code); `STOPPED` and `STARTING` are conflicts.
fn logout(instance: &mut Instance, id: &str, now: Instant) -> Response {
    match instance.phase {
        Phase::Stopped => {
            return conflict(
                instance,
                "Session is stopped: start it first",
                &["SCAN_QR_CODE", "WORKING", "FAILED"],
            );
        }
        Phase::Starting(_) => {
            return conflict(
                instance,
                "Session is starting: try again in a moment",
                &["SCAN_QR_CODE", "WORKING", "FAILED"],
            );
        }
        Phase::ScanQrCode(_) => {}
        Phase::Failed => {
            instance.login = None;
            instance.enter(Phase::Stopped);
        }
        Phase::Working | Phase::Other(_) => instance.enter(Phase::ScanQrCode(now)),
    }
    ok(session(&instance.name, instance.phase.status(), Some(id)))
}

/// Request Code: a fresh `XXXX-XXXX` code for a valid `phone_number`, only
/// in `SCAN_QR_CODE` state.
fn request_code(instance: &mut Instance, params: &Params, random: u64) -> Response {
    if !matches!(instance.phase, Phase::ScanQrCode(_)) {
        return conflict(instance, "No pairing in progress", &[SCAN_QR_CODE]);
    }
    let Some(phone) = params.get("phone_number") else {
        return bad_request("Missing required parameter(s): phone_number");
    };
    let digits = phone.bytes().all(|b| b.is_ascii_digit());
    if !digits || !(7..=15).contains(&phone.len()) || phone.starts_with('0') {
        return bad_request(
            "phone_number must be the number's digits with its country code, e.g. 201145202826",
        );
    }
    let code = pairing_code(random);
    instance.pairing = Some((code.clone(), phone.to_owned()));
    ok(json!({ "code": code }).to_string())
}

/// Pair: the phone entered `code`, which must be the one last issued.
fn pair(instance: &mut Instance, id: &str, params: &Params) -> Response {
    if !matches!(instance.phase, Phase::ScanQrCode(_)) {
        return conflict(instance, "No pairing in progress", &[SCAN_QR_CODE]);
    }
    let Some(entered) = params.get("code") else {
        return bad_request("Missing required parameter(s): code");
    };
    let Some((code, phone)) = instance.pairing.clone() else {
        return conflict(instance, "No pairing code was requested", &[SCAN_QR_CODE]);
    };
    let plain = |c: &str| -> String {
        c.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    if plain(entered) != plain(&code) {
        return bad_request("The pairing code does not match");
    }
    instance.enter(Phase::Working);
    instance.login = Some(Login::Phone(phone));
    ok(session(&instance.name, instance.phase.status(), Some(id)))
}

/// Eight characters that cannot be mistaken for one another, `XXXX-XXXX`.
fn pairing_code(mut random: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut code = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            code.push('-');
        }
        code.push(char::from(ALPHABET[(random % 32) as usize]));
        random /= 32;
    }
    code
}

/// `{"name":…,"status":…,"instance_id":…}` (logout and delete's shape), in
/// the documented key order; without `instance_id` when `None`.
pub(crate) fn session(name: &str, status: &str, id: Option<&str>) -> String {
    let mut fields = vec![("name", text(name)), ("status", text(status))];
    if let Some(id) = id {
        fields.push(("instance_id", text(id)));
    }
    object(&fields)
}

/// `{"name":…,"status":…,"config":{…}}`: the documented Stop sample's
/// shape (no `instance_id`), also used for start and restart.
fn stop_shaped(instance: &Instance) -> String {
    object(&[
        ("name", text(instance.name.as_str())),
        ("status", text(instance.phase.status())),
        ("config", config()),
    ])
}

/// Session Info: the documented sample's shape (no `instance_id`); `me` is
/// the account while `WORKING` (`null` otherwise), and `qr` the QR code's
/// PNG as a data URI while `SCAN_QR_CODE`.
fn info(instance: &Instance, now: Instant, timing: Timing) -> String {
    let me = match (&instance.phase, &instance.login) {
        (Phase::Working, Some(login)) => {
            let id = match login {
                Login::Phone(phone) => format!("{phone}@c.us"),
                Login::Scanned => "201012345678@c.us".to_owned(),
            };
            object(&[("id", text(id)), ("pushName", text("Wawp Mock"))])
        }
        _ => text(Value::Null),
    };
    let mut fields = vec![
        ("name", text(instance.name.as_str())),
        ("status", text(instance.phase.status())),
        ("config", config()),
        ("me", me),
    ];
    if let Phase::ScanQrCode(since) = instance.phase {
        let code = qr::current(instance.qr_seed, since, now, timing);
        fields.push(("qr", text(qr::png_data_uri(&code.value))));
    }
    object(&fields)
}

/// The documented `config`: `{"webhooks":{},"proxy":null}`.
fn config() -> String {
    r#"{"webhooks":{},"proxy":null}"#.to_owned()
}

/// A JSON object of `fields`, each value JSON text already, with the keys
/// in the given order (`serde_json`'s own objects sort them).
pub(crate) fn object(fields: &[(&str, String)]) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::from(*key).to_string());
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out
}

/// `value` as JSON text.
pub(crate) fn text(value: impl Into<Value>) -> String {
    value.into().to_string()
}

fn ok(body: String) -> Response {
    Response::new(200, "application/json", body)
}

fn documented(variant: Variant) -> Response {
    Response::new(variant.status(), variant.content_type(), variant.body())
}

fn bad_request(message: &str) -> Response {
    Response::new(
        400,
        Format::Json.content_type(),
        Format::Json.render(400, message),
    )
}

/// The [`CONFLICT_STATUS`] answer: `message`, the current status and those
/// the call expects.
fn conflict(instance: &Instance, message: &str, expected: &[&str]) -> Response {
    let status = instance.phase.status();
    let body = object(&[
        ("status", text("error")),
        ("code", text(CONFLICT_STATUS)),
        (
            "message",
            text(format!("{message} (the session is {status})")),
        ),
        ("session_status", text(status)),
        ("expected", json!(expected).to_string()),
    ]);
    Response::new(CONFLICT_STATUS, "application/json", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairing_codes_look_like_whatsapps() {
        let code = pairing_code(0x1234_5678_9abc_def0);
        assert_eq!(code.len(), 9);
        assert_eq!(&code[4..5], "-");
        assert!(
            code.chars()
                .all(|c| c == '-' || c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        assert_ne!(code, pairing_code(1));
    }

    #[test]
    fn objects_keep_their_key_order() {
        assert_eq!(
            session("n\"", "WORKING", Some("i")),
            r#"{"name":"n\"","status":"WORKING","instance_id":"i"}"#
        );
        assert_eq!(
            session("n", "STOPPED", None),
            r#"{"name":"n","status":"STOPPED"}"#
        );
    }
}

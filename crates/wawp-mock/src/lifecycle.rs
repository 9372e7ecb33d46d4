//! The session lifecycle the simulator serves: its routes, and what each call
//! does to an instance's state machine. Pure functions of the state and the
//! request's parameters; documented in `docs/api-coverage.md`.

use std::time::Instant;

use serde_json::{Value, json};

use crate::behaviour::Variant;
use crate::json::{bad_request, documented, object, ok, text};
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
/// `GET|POST|DELETE /v2/session/temp-link`.
pub const TEMP_LINK_PATH: &str = "/v2/session/temp-link";
/// `GET /v2/session/me`.
pub const ME_PATH: &str = "/v2/session/me";
/// `GET|PATCH /v2/session/rate-limit`.
pub const RATE_LIMIT_PATH: &str = "/v2/session/rate-limit";
/// `GET|POST /v2/session/webhook`.
pub const WEBHOOK_PATH: &str = "/v2/session/webhook";
/// `POST /v2/session/create`.
pub const CREATE_PATH: &str = "/v2/session/create";
/// Mock-only control call, `POST /_mock/open-link` with the link's `token`
/// (no instance id: the owner has only the link): the owner opens the
/// temporary link and scans the QR code it shows; the instance, which must
/// be in `SCAN_QR_CODE` state, becomes `WORKING`.
pub const OPEN_LINK_PATH: &str = "/_mock/open-link";

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
    TempLinkShow,
    TempLinkNew,
    TempLinkRevoke,
    Me,
    RateLimitShow,
    SetPolicy,
    WebhookShow,
    SetWebhooks,
    Create,
    OpenLink,
}

impl Call {
    /// Whether the call names an instance (`instance_id` required).
    pub(crate) fn needs_instance(self) -> bool {
        !matches!(self, Call::Create | Call::OpenLink)
    }
}

/// A path's calls, by method.
pub(crate) type Route = &'static [(&'static str, Call)];

/// The route for `path`, if any.
pub(crate) fn route(path: &str) -> Option<Route> {
    macro_rules! post_get {
        ($call:expr) => {
            &[("POST", $call), ("GET", $call)]
        };
    }
    Some(match path {
        INFO_PATH => post_get!(Call::Info),
        START_PATH => post_get!(Call::Start),
        STOP_PATH => post_get!(Call::Stop),
        RESTART_PATH => post_get!(Call::Restart),
        LOGOUT_PATH => post_get!(Call::Logout),
        DELETE_PATH => &[("DELETE", Call::Delete)],
        QR_PATH => post_get!(Call::Qr),
        QR_IMAGE_PATH => post_get!(Call::QrImage),
        REQUEST_CODE_PATH => &[("POST", Call::RequestCode)],
        TEMP_LINK_PATH => &[
            ("GET", Call::TempLinkShow),
            ("POST", Call::TempLinkNew),
            ("DELETE", Call::TempLinkRevoke),
        ],
        ME_PATH => &[("GET", Call::Me)],
        RATE_LIMIT_PATH => &[("GET", Call::RateLimitShow), ("PATCH", Call::SetPolicy)],
        WEBHOOK_PATH => &[("GET", Call::WebhookShow), ("POST", Call::SetWebhooks)],
        CREATE_PATH => &[("POST", Call::Create)],
        SCAN_PATH => &[("POST", Call::Scan)],
        PAIR_PATH => &[("POST", Call::Pair)],
        FAIL_PATH => &[("POST", Call::Fail)],
        OPEN_LINK_PATH => &[("POST", Call::OpenLink)],
        _ => return None,
    })
}

/// Carries out `call` on instance `id` (authenticated already).
pub(crate) fn handle(state: &mut State, call: Call, id: &str, params: &Params) -> Response {
    let now = Instant::now();
    let timing = state.timing;
    let random = state.next_random();
    let plan = state.plan_of(id);
    match call {
        Call::Create => return crate::create::create(state, params),
        Call::OpenLink => return crate::temp_link::open(state, params),
        _ => {}
    }
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
            _ => crate::json::conflict(
                instance.phase.status(),
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
                return crate::json::conflict(
                    instance.phase.status(),
                    "No QR code to scan",
                    &[SCAN_QR_CODE],
                );
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
                return crate::json::conflict(
                    instance.phase.status(),
                    "No QR code to scan",
                    &[SCAN_QR_CODE],
                );
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
        Call::TempLinkShow => crate::temp_link::show(instance),
        Call::TempLinkNew => crate::temp_link::new(instance, random, timing),
        Call::TempLinkRevoke => crate::temp_link::revoke(instance),
        Call::Me => me(instance),
        Call::RateLimitShow => crate::rate_limit::show(instance, plan),
        Call::SetPolicy => crate::rate_limit::set(instance, plan, params),
        Call::WebhookShow => crate::webhook::show(instance, plan, id),
        Call::SetWebhooks => crate::webhook::set(instance, plan, params),
        Call::Delete | Call::Create | Call::OpenLink => documented(Variant::NotFoundJson),
    }
}

/// About Me: the account, while `WORKING`; a conflict otherwise.
fn me(instance: &Instance) -> Response {
    match (&instance.phase, &instance.login) {
        (Phase::Working, Some(login)) => ok(object(&[
            ("id", text(account_id(login))),
            ("pushName", text(PUSH_NAME)),
            ("platform", text("android")),
        ])),
        _ => crate::json::conflict(
            instance.phase.status(),
            "Not logged in to WhatsApp",
            &["WORKING"],
        ),
    }
}

/// The push name of every simulated account.
const PUSH_NAME: &str = "Wawp Mock";

/// The JID of the account a login is for.
fn account_id(login: &Login) -> String {
    match login {
        Login::Phone(phone) => format!("{phone}@c.us"),
        Login::Scanned => SCANNED_ACCOUNT.to_owned(),
    }
}

/// The account a QR scan logs in as: the info sample's id.
pub(crate) const SCANNED_ACCOUNT: &str = "201012345678@c.us";

/// Logout: `WORKING` (or an unmodelled status) → `SCAN_QR_CODE`, dropping
/// the login; `SCAN_QR_CODE` stays; `FAILED` → `STOPPED` without its login
/// (start it for a new QR code); `STOPPED` and `STARTING` are conflicts.
fn logout(instance: &mut Instance, id: &str, now: Instant) -> Response {
    match instance.phase {
        Phase::Stopped => {
            return crate::json::conflict(
                instance.phase.status(),
                "Session is stopped: start it first",
                &["SCAN_QR_CODE", "WORKING", "FAILED"],
            );
        }
        Phase::Starting(_) => {
            return crate::json::conflict(
                instance.phase.status(),
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
        return crate::json::conflict(
            instance.phase.status(),
            "No pairing in progress",
            &[SCAN_QR_CODE],
        );
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
        return crate::json::conflict(
            instance.phase.status(),
            "No pairing in progress",
            &[SCAN_QR_CODE],
        );
    }
    let Some(entered) = params.get("code") else {
        return bad_request("Missing required parameter(s): code");
    };
    let Some((code, phone)) = instance.pairing.clone() else {
        return crate::json::conflict(
            instance.phase.status(),
            "No pairing code was requested",
            &[SCAN_QR_CODE],
        );
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
        (Phase::Working, Some(login)) => object(&[
            ("id", text(account_id(login))),
            ("pushName", text(PUSH_NAME)),
        ]),
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
    fn sessions_keep_their_key_order() {
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

//! Temporary access links: the page `https://app.wawp.net/temp-qr/{token}`
//! an instance's owner opens to scan its QR code, for
//! [`MockConfig::temp_link_lifetime`](crate::MockConfig::temp_link_lifetime)
//! (30 minutes by default). One active link per instance: a new one
//! replaces it. The mock-only `/_mock/open-link` plays the owner.

use std::time::SystemTime;

use crate::json::{bad_request, conflict, error, object, ok, text};
use crate::params::Params;
use crate::qr::unix_seconds;
use crate::state::{Instance, Login, Phase, SCAN_QR_CODE, State, TempLink, Timing};
use crate::wire::Response;

/// Where the links point: the token follows.
pub const TEMP_LINK_PREFIX: &str = "https://app.wawp.net/temp-qr/";

/// The active link of `instance`, if it has one that has not expired.
pub(crate) fn active(instance: &Instance, now: SystemTime) -> Option<&TempLink> {
    instance.temp_link.as_ref().filter(|l| l.expires > now)
}

/// `GET`: `{"link":…,"token":…,"expires_at":…}`, or `{"link":null}`.
pub(crate) fn show(instance: &Instance) -> Response {
    match active(instance, SystemTime::now()) {
        Some(link) => ok(link_json(link)),
        None => ok(object(&[("link", text(serde_json::Value::Null))])),
    }
}

/// `POST`: a new link (64 random hex characters), replacing any other.
pub(crate) fn new(instance: &mut Instance, random: u64, timing: Timing) -> Response {
    let mut token = String::with_capacity(64);
    let mut x = random;
    for _ in 0..4 {
        x = x
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29)
            .wrapping_add(0xa076_1d64_78bd_642f);
        token.push_str(&format!("{x:016x}"));
    }
    let link = TempLink {
        token,
        expires: SystemTime::now() + timing.temp_link_lifetime,
    };
    let body = link_json(&link);
    instance.temp_link = Some(link);
    ok(body)
}

/// `DELETE`: revokes the link, if any.
pub(crate) fn revoke(instance: &mut Instance) -> Response {
    let revoked = usize::from(instance.temp_link.take().is_some());
    ok(object(&[
        ("success", text(true)),
        ("message", text("Temporary links revoked")),
        ("revoked", text(revoked)),
    ]))
}

/// `{"link":…,"token":…,"expires_at":<Unix seconds>}`.
fn link_json(link: &TempLink) -> String {
    object(&[
        ("link", text(format!("{TEMP_LINK_PREFIX}{}", link.token))),
        ("token", text(link.token.as_str())),
        ("expires_at", text(unix_seconds(link.expires))),
    ])
}

/// `/_mock/open-link`: the owner opens the link with `token` and scans; its
/// instance, in `SCAN_QR_CODE`, becomes `WORKING`. An unknown, revoked or
/// expired link is a 404.
pub(crate) fn open(state: &mut State, params: &Params) -> Response {
    let Some(token) = params.get("token") else {
        return bad_request("Missing required parameter(s): token");
    };
    let token = token.strip_prefix(TEMP_LINK_PREFIX).unwrap_or(token);
    let now = SystemTime::now();
    let found = state.instances.iter().find_map(|(id, i)| {
        active(i, now)
            .filter(|l| l.token == token)
            .map(|_| id.clone())
    });
    let Some(id) = found else {
        return error(404, "This link is invalid, revoked or expired");
    };
    let Some(instance) = state.instance(&id) else {
        return error(404, "This link is invalid, revoked or expired");
    };
    if !matches!(instance.phase, Phase::ScanQrCode(_)) {
        return conflict(
            instance.phase.status(),
            "The link shows no QR code to scan",
            &[SCAN_QR_CODE],
        );
    }
    instance.enter(Phase::Working);
    instance.login = Some(Login::Scanned);
    ok(crate::lifecycle::session(
        &instance.name,
        instance.phase.status(),
        Some(&id),
    ))
}

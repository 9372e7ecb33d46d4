//! The account side of the simulator, over the wire: temporary links and
//! the owner who opens one, me, rate-limit policies on free and paid
//! accounts, webhooks, create and its quota, and replaying a capture.

use std::time::Duration;

use crate::common::{Resp, once};
use serde_json::{Value, json};
use wawp_mock::{
    ControlError, DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID as ID, MOCK_SERVER_NAME, MockConfig,
    MockServer, Plan, Replay, TEMP_LINK_PREFIX,
};

fn call(server: &MockServer, method: &str, target: &str, body: &str) -> Resp {
    let sep = if target.contains('?') { '&' } else { '?' };
    once(
        server,
        format!(
            "{method} {target}{sep}access_token={DEFAULT_TOKEN} HTTP/1.1\r\n\
             Host: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[track_caller]
fn json_of(resp: Resp, status: u16) -> Value {
    assert_eq!(resp.status, status, "{}", resp.text());
    assert_eq!(resp.header("content-type"), Some("application/json"));
    resp.json()
}

#[test]
fn a_remote_relink_with_a_temporary_link() {
    let server = MockServer::start();
    let link = |method| {
        call(
            &server,
            method,
            &format!("/v2/session/temp-link?instance_id={ID}"),
            "",
        )
    };
    assert_eq!(json_of(link("GET"), 200), json!({"link": null}));
    // Logged out, a link is made and sent to the owner.
    json_of(
        call(
            &server,
            "POST",
            &format!("/v2/session/logout?instance_id={ID}"),
            "",
        ),
        200,
    );
    let made = json_of(link("POST"), 200);
    let url = made["link"].as_str().unwrap().to_owned();
    let token = made["token"].as_str().unwrap().to_owned();
    assert_eq!(url, format!("{TEMP_LINK_PREFIX}{token}"));
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    let expires = made["expires_at"].as_u64().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        (now + 1795..=now + 1801).contains(&expires),
        "{expires} vs {now}"
    );
    assert_eq!(json_of(link("GET"), 200), made);
    // A second POST replaces it: the first no longer opens.
    let second = json_of(link("POST"), 200);
    assert_ne!(second["token"], made["token"]);
    assert_eq!(server.open_temp_link(&url), Err(ControlError::InvalidLink));
    let second_url = second["link"].as_str().unwrap();
    assert_eq!(server.temp_link(ID).as_deref(), Some(second_url));
    // The owner opens it over the control call and scans: WORKING.
    let opened = call(
        &server,
        "POST",
        &format!(
            "/_mock/open-link?token={}",
            second["token"].as_str().unwrap()
        ),
        "",
    );
    assert_eq!(json_of(opened, 200)["status"], "WORKING");
    assert_eq!(server.instance_status(ID).as_deref(), Some("WORKING"));
    // Scanning again makes no sense: the link shows no QR code.
    let again = call(
        &server,
        "POST",
        &format!(
            "/_mock/open-link?token={}",
            second["token"].as_str().unwrap()
        ),
        "",
    );
    assert_eq!(json_of(again, 422)["session_status"], "WORKING");
    // Revoked: gone, and revoking again is harmless.
    assert_eq!(json_of(link("DELETE"), 200)["revoked"], 1);
    assert_eq!(json_of(link("GET"), 200), json!({"link": null}));
    assert_eq!(json_of(link("DELETE"), 200)["revoked"], 0);
    assert_eq!(
        server.open_temp_link(second_url),
        Err(ControlError::InvalidLink)
    );
    assert_eq!(
        json_of(
            call(&server, "POST", "/_mock/open-link?token=nope", ""),
            404
        )["code"],
        404
    );
    assert_eq!(link("PUT").status, 405);
}

#[test]
fn links_expire() {
    let server = MockServer::start_with(
        MockConfig::default().temp_link_lifetime(Duration::from_millis(150)),
    );
    server.set_instance_status(ID, "SCAN_QR_CODE");
    let url = server.new_temp_link(ID).unwrap();
    std::thread::sleep(Duration::from_millis(250));
    assert_eq!(server.temp_link(ID), None);
    let shown = call(
        &server,
        "GET",
        &format!("/v2/session/temp-link?instance_id={ID}"),
        "",
    );
    assert_eq!(json_of(shown, 200), json!({"link": null}));
    assert_eq!(server.open_temp_link(&url), Err(ControlError::InvalidLink));
    assert_eq!(server.instance_status(ID).as_deref(), Some("SCAN_QR_CODE"));
    // Opening a link needs the QR code on screen.
    server.set_instance_status(ID, "STOPPED");
    let url = server.new_temp_link(ID).unwrap();
    assert_eq!(
        server.open_temp_link(&url),
        Err(ControlError::WrongState {
            status: "STOPPED".into()
        })
    );
}

#[test]
fn me_while_working_only() {
    let server = MockServer::start();
    let me = || {
        call(
            &server,
            "GET",
            &format!("/v2/session/me?instance_id={ID}"),
            "",
        )
    };
    assert_eq!(
        json_of(me(), 200),
        json!({"id": "201012345678@c.us", "pushName": "Wawp Mock", "platform": "android"})
    );
    assert_eq!(
        me().text(),
        r#"{"id":"201012345678@c.us","pushName":"Wawp Mock","platform":"android"}"#
    );
    server.set_instance_status(ID, "SCAN_QR_CODE");
    assert_eq!(json_of(me(), 422)["expected"], json!(["WORKING"]));
    assert_eq!(
        call(
            &server,
            "POST",
            &format!("/v2/session/me?instance_id={ID}"),
            ""
        )
        .status,
        405
    );
}

#[test]
fn policies_on_free_and_paid_accounts() {
    let server = MockServer::start_with(
        MockConfig::default()
            .instance("P1", "paid")
            .instance_plan("P1", Plan::Paid),
    );
    let show = |id: &str| {
        json_of(
            call(
                &server,
                "GET",
                &format!("/v2/session/rate-limit?instance_id={id}"),
                "",
            ),
            200,
        )
    };
    let free = show(ID);
    assert_eq!(free["current_policy"], "strict");
    assert_eq!(free["has_active_plan"], false);
    assert_eq!(free["free_policies"], json!(["strict", "standard_policy"]));
    let policies = free["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 4);
    assert_eq!(policies[0]["limits"].as_object().unwrap().len(), 8);
    let available: Vec<_> = policies
        .iter()
        .filter(|p| p["available"] == true)
        .map(|p| p["slug"].clone())
        .collect();
    assert_eq!(available, [json!("strict"), json!("standard_policy")]);
    assert!(
        show("P1")["policies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["available"] == true)
    );

    let set = |id: &str, slug: &str| {
        call(
            &server,
            "PATCH",
            &format!("/v2/session/rate-limit?instance_id={id}&policy_slug={slug}"),
            "",
        )
    };
    assert_eq!(
        json_of(set(ID, "standard_policy"), 200)["current_policy"],
        "standard_policy"
    );
    assert_eq!(server.policy(ID).as_deref(), Some("standard_policy"));
    assert_eq!(
        json_of(set(ID, "business_policy"), 403)["code"],
        "subscription_required"
    );
    assert_eq!(
        json_of(set(ID, "nope"), 400)["message"],
        "Unknown policy: nope"
    );
    assert_eq!(
        json_of(set("P1", "business_policy"), 200)["current_policy"],
        "business_policy"
    );
    // In a JSON body too.
    let body = call(
        &server,
        "PATCH",
        &format!("/v2/session/rate-limit?instance_id={ID}"),
        r#"{"policy_slug":"strict"}"#,
    );
    assert_eq!(json_of(body, 200)["current_policy"], "strict");
    let missing = call(
        &server,
        "PATCH",
        &format!("/v2/session/rate-limit?instance_id={ID}"),
        "",
    );
    assert_eq!(missing.status, 400);
    // The plan can change at run time.
    server.set_plan(ID, Plan::Paid);
    assert_eq!(set(ID, "unlimited_policy").status, 200);
}

#[test]
fn webhooks_need_a_paid_plan() {
    let server = MockServer::start();
    let target = format!("/v2/session/webhook?instance_id={ID}");
    let refused = json_of(call(&server, "GET", &target, ""), 403);
    assert_eq!(refused["code"], "subscription_required");
    assert_eq!(
        call(&server, "POST", &target, r#"{"webhooks":[]}"#).status,
        403
    );

    server.set_plan(ID, Plan::Paid);
    let shown = json_of(call(&server, "GET", &target, ""), 200);
    assert_eq!(shown["webhooks"], json!([]));
    assert!(shown["systemConfig"].is_object());
    let list = r#"{"webhooks":[{"url":"https://a.example/h","events":["message"],"is_active":1},{"url":"https://b.example/h","events":[]}]}"#;
    let set = json_of(call(&server, "POST", &target, list), 200);
    assert_eq!(set["webhooks"][0]["is_active"], true);
    let stored = json!([
        {"url": "https://a.example/h", "events": ["message"], "is_active": true},
        {"url": "https://b.example/h", "events": [], "is_active": true},
    ]);
    assert_eq!(
        json_of(call(&server, "GET", &target, ""), 200)["webhooks"],
        stored
    );
    assert_eq!(
        serde_json::from_str::<Value>(&server.webhooks(ID).unwrap()).unwrap(),
        stored
    );
    // The list is replaced, not added to; in the query as JSON text too.
    let query = format!("{target}&webhooks=%5B%5D");
    assert_eq!(
        json_of(call(&server, "POST", &query, ""), 200)["webhooks"],
        json!([])
    );
    for bad in [
        r#"{"webhooks":[{"url":"http://a.example/h","events":["message"]}]}"#,
        r#"{"webhooks":[{"events":["message"]}]}"#,
        r#"{"webhooks":{"url":"https://a.example"}}"#,
        r#"{"webhooks":[{"url":"https://a.example","events":"message"}]}"#,
        r#"{"webhooks":[{"url":"https://a.example","events":[],"is_active":"yes"}]}"#,
        "",
    ] {
        assert_eq!(call(&server, "POST", &target, bad).status, 400, "{bad}");
    }
    assert_eq!(
        json_of(call(&server, "GET", &target, ""), 200)["webhooks"],
        json!([])
    );
}

#[test]
fn create_makes_stopped_instances_up_to_the_quota() {
    let server = MockServer::start_with(MockConfig::default().quota(2));
    let created = json_of(
        call(&server, "POST", "/v2/session/create", r#"{"name":"shop"}"#),
        201,
    );
    let id = created["instance_id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 12);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(created["session_name"], "shop");
    assert_eq!(created["server_name"], MOCK_SERVER_NAME);
    assert_eq!(server.instance_status(&id).as_deref(), Some("STOPPED"));
    assert_eq!(server.instance_count(), 2);
    let refused = json_of(call(&server, "POST", "/v2/session/create", ""), 403);
    assert_eq!(refused["code"], "quota_reached");
    // Deleting one makes room; a name is made up when none is given.
    json_of(
        call(
            &server,
            "DELETE",
            &format!("/v2/session/delete?instance_id={id}"),
            "",
        ),
        200,
    );
    let unnamed = json_of(call(&server, "POST", "/v2/session/create", ""), 201);
    assert!(
        unnamed["session_name"]
            .as_str()
            .unwrap()
            .starts_with("wawp-")
    );
    // The token is checked; a bad name is a 400.
    let unauthorised = once(
        &server,
        "POST /v2/session/create?access_token=wrong HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    );
    assert_eq!(unauthorised.status, 401);
    let server = MockServer::start();
    assert_eq!(
        call(&server, "POST", "/v2/session/create", r#"{"name":" "}"#).status,
        400
    );
    assert_eq!(
        call(
            &server,
            "POST",
            &format!("/v2/session/create?name={}", "n".repeat(101)),
            ""
        )
        .status,
        400
    );
    assert_eq!(call(&server, "GET", "/v2/session/create", "").status, 405);
}

const CAPTURE: &str = "../wawp-core/tests/fixtures/captures";

#[test]
fn replays_a_capture_whatever_the_token() {
    let replay = Replay::load(CAPTURE).unwrap();
    assert!(!replay.is_empty());
    let server = MockServer::start_with(
        MockConfig::default()
            .token("not-the-captured-one")
            .replay(replay),
    );
    let got = once(
        &server,
        format!(
            "GET /v2/session/rate-limit?instance_id={ID}&access_token=anything HTTP/1.1\r\nHost: x\r\n\r\n"
        ),
    );
    let body = json_of(got, 200);
    assert_eq!(body["current_policy"], "strict");
    // The same method and path with another query still matches; another
    // path does not.
    let other = once(
        &server,
        "GET /v2/session/rate-limit?instance_id=OTHER HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert_eq!(other.status, 200);
    let missing = once(
        &server,
        "GET /v2/session/unknown HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .text()
            .contains("no exchange for GET /v2/session/unknown")
    );
}

#[test]
fn replays_exchanges_in_order() {
    let exchange = |status: u16, body: &str| {
        json!({"format": "wawp-capture/1", "method": "GET", "path": "/v2/session/me?instance_id=A&access_token=[redacted]",
               "status": status, "headers": [["content-type", "application/json"], ["content-length", "999"]], "body": body})
        .to_string()
    };
    let replay =
        Replay::from_json([exchange(502, "{}"), exchange(200, r#"{"id":"1@c.us"}"#)]).unwrap();
    let server = MockServer::start_with(MockConfig::default().replay(replay));
    let get = || {
        once(
            &server,
            "GET /v2/session/me?instance_id=A&access_token=x HTTP/1.1\r\nHost: x\r\n\r\n",
        )
    };
    assert_eq!(get().status, 502);
    let second = get();
    assert_eq!(
        (second.status, second.text().as_str()),
        (200, r#"{"id":"1@c.us"}"#)
    );
    assert_eq!(second.header("content-length"), Some("15"));
    assert_eq!(get().status, 200);
    for bad in [
        "{",
        r#"{"format":"other"}"#,
        r#"{"format":"wawp-capture/1","method":"GET","path":"/x","status":42}"#,
    ] {
        assert!(Replay::from_json([bad]).is_err(), "{bad}");
    }
    assert!(Replay::load("/nonexistent/dir").is_err());
}

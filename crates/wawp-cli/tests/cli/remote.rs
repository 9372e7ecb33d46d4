//! `wawp relink --link`, the remote relink, end to end: the link printed,
//! the owner played by a thread through the simulator's control call once
//! it appears, WORKING; the timeout (by default the link's lifetime) and
//! Ctrl-C, each revoking the link.

use std::time::Duration;

use wawp_mock::{MockConfig, MockServer};

use crate::common::{TOKEN, expect, json_lines, spawnable, wawp};
use crate::watching;

fn server(lifetime: Duration) -> MockServer {
    MockServer::start_with(
        MockConfig::default()
            .token(TOKEN)
            .no_instances()
            .instance("A", "alpha")
            .start_delay(Duration::from_millis(100))
            .temp_link_lifetime(lifetime),
    )
}

fn relink(server: &MockServer, args: &[&str]) -> std::process::Command {
    let mut cmd = spawnable(server);
    cmd.args(["relink", "--link", "--yes", "--interval", "0.2"])
        .args(args);
    cmd
}

/// The link in `text`: the first `https://app.wawp.net/temp-qr/…` word.
fn link_in(text: &str) -> String {
    let start = text.find(wawp_mock::TEMP_LINK_PREFIX).expect("a link");
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '"')
        .next()
        .unwrap()
        .to_owned()
}

/// Method and path of every API call, in order.
fn calls(server: &MockServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| !r.path.starts_with("/_mock/"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

#[test]
fn the_owner_opens_the_link_and_the_instance_is_working_then_the_link_is_revoked() {
    let server = server(Duration::from_secs(1800));
    let (run, out) = watching::start(relink(&server, &["A"]));
    let text = out.wait_for("waiting for the owner", 1);
    assert!(
        text.starts_with("A: logged out; session alpha is now SCAN_QR_CODE\nA: new temporary link https://app.wawp.net/temp-qr/"),
        "{text}"
    );
    assert!(text.contains(" (expires in 30 min, at "), "{text}");
    let link = link_in(&text);
    assert_eq!(server.temp_link("A").as_deref(), Some(link.as_str()));
    // The owner, elsewhere: a thread plays them through the control call.
    let opened = std::thread::scope(|s| s.spawn(|| server.open_temp_link(&link)).join());
    assert_eq!(opened.unwrap().as_deref(), Ok("A"));
    let (end, text) = watching::end(run, &out, Duration::from_secs(10));
    assert_eq!(end.code, 0, "{end:?}");
    assert!(
        text.ends_with("A: linked to 201012345678@c.us (Wawp Mock); session alpha is WORKING\n"),
        "{text}"
    );
    assert_eq!(end.stderr, "A: temporary link revoked\n");
    assert_eq!(server.temp_link("A"), None);
    let calls = calls(&server);
    assert_eq!(calls[0], "POST /v2/session/logout", "{calls:?}");
    assert_eq!(calls[1], "POST /v2/session/temp-link", "{calls:?}");
    assert_eq!(
        calls.last().unwrap(),
        "DELETE /v2/session/temp-link",
        "{calls:?}"
    );
}

#[test]
fn json_prints_the_link_as_one_object_then_the_result() {
    let server = server(Duration::from_secs(1800));
    let (run, out) = watching::start(relink(&server, &["--json", "A"]));
    let text = out.wait_for("\"event\":\"link\"", 1);
    let lines = json_lines(&text);
    assert_eq!(lines[0]["event"], "logged_out");
    let link = &lines[1];
    assert_eq!(link["instance_id"], "A");
    let url = link["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(wawp_mock::TEMP_LINK_PREFIX), "{link}");
    assert!(link["expiry"].as_u64().unwrap() > 1_700_000_000, "{link}");
    server.open_temp_link(&url).unwrap();
    let (end, text) = watching::end(run, &out, Duration::from_secs(10));
    assert_eq!(end.code, 0, "{end:?}");
    let lines = json_lines(&text);
    assert_eq!(
        lines[2],
        serde_json::json!({"instance_id":"A","event":"link_revoked"})
    );
    assert_eq!(lines[3]["ok"], true);
    assert_eq!(lines[3]["status"], "WORKING");
    assert_eq!(lines.len(), 4);
    assert_eq!(end.stderr, "");
}

#[test]
fn the_timeout_revokes_the_link() {
    let server = server(Duration::from_secs(1800));
    let (run, out) = watching::start(relink(&server, &["--json", "--timeout", "1", "A"]));
    let (end, text) = watching::end(run, &out, Duration::from_secs(10));
    assert_eq!(end.code, 8, "{end:?}");
    let lines = json_lines(&text);
    assert_eq!(lines[1]["event"], "link");
    assert_eq!(lines[2]["event"], "link_revoked");
    assert_eq!(lines[3]["error"]["kind"], "gave_up");
    assert!(
        lines[3]["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("`wawp link new A`"),
        "{}",
        lines[3]
    );
    assert_eq!(server.temp_link("A"), None);
    assert_eq!(
        calls(&server).last().unwrap(),
        "DELETE /v2/session/temp-link"
    );
}

#[test]
fn without_a_timeout_it_waits_as_long_as_the_link_lives() {
    let server = server(Duration::from_secs(3));
    let started = std::time::Instant::now();
    let (run, out) = watching::start(relink(&server, &["A"]));
    let (end, text) = watching::end(run, &out, Duration::from_secs(15));
    assert_eq!(end.code, 8, "{end:?}\n{text}");
    assert!(started.elapsed() >= Duration::from_secs(1), "{end:?}");
    assert!(text.contains("(expires in 1 min, at "), "{text}");
    assert!(
        end.stderr.contains("A: temporary link revoked\n")
            && end.stderr.contains("gave up waiting after "),
        "{}",
        end.stderr
    );
}

#[test]
fn ctrl_c_revokes_the_link_and_says_the_state() {
    let server = server(Duration::from_secs(1800));
    let (run, out) = watching::start(relink(&server, &["A"]));
    out.wait_for("waiting for the owner", 1);
    run.signal("INT");
    let (end, _) = watching::end(run, &out, Duration::from_secs(5));
    assert_eq!(end.code, 130, "{end:?}");
    assert!(
        end.stderr.contains("A: temporary link revoked\n"),
        "{}",
        end.stderr
    );
    assert!(
        end.stderr.ends_with(
            "error: A: interrupted (SIGINT); the instance is SCAN_QR_CODE: logged out, waiting for a phone (`wawp qr A` shows the code again)\n"
        ),
        "{}",
        end.stderr
    );
    assert_eq!(server.temp_link("A"), None);
    assert!(calls(&server).contains(&"DELETE /v2/session/temp-link".to_owned()));
    // SIGTERM, in JSON: the revocation, then the state, as lines.
    let (run, out) = watching::start(relink(&server, &["--json", "A"]));
    out.wait_for("\"event\":\"link\"", 1);
    assert!(server.temp_link("A").is_some());
    run.signal("TERM");
    let (end, text) = watching::end(run, &out, Duration::from_secs(5));
    assert_eq!(end.code, 143, "{end:?}");
    let lines = json_lines(&text);
    assert_eq!(lines[lines.len() - 2]["event"], "link_revoked", "{text}");
    let last = &lines[lines.len() - 1];
    assert_eq!(last["ok"], false);
    assert_eq!(last["status"], "SCAN_QR_CODE");
    assert_eq!(last["error"]["kind"], "interrupted");
    assert_eq!(server.temp_link("A"), None);
}

#[test]
fn refused_without_confirmation_before_any_request() {
    let server = server(Duration::from_secs(1800));
    let out = expect(
        wawp(&server)
            .args(["relink", "--link", "A"])
            .write_stdin(""),
        2,
    );
    assert!(
        out.stderr
            .contains("refusing to relink without confirmation"),
        "{}",
        out.stderr
    );
    expect(
        wawp(&server).args(["relink", "--link", "--phone", "+201145202826", "--yes", "A"]),
        2,
    );
    assert!(calls(&server).is_empty());
}

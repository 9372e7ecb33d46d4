//! `info`, `start`, `stop`, `restart`, `delete` and `pair`, end to end:
//! each one's success and failures, exit codes, JSON lines, confirmations
//! off a terminal, and the bulk machinery they share with `logout`.

use std::time::Duration;

use wawp_mock::{Behaviour, MockServer};

use crate::common::{api_paths, expect, json_lines, lifecycle_mock, wawp};
use crate::running::{Running, outcomes, until_recorded};

const ROTATION: Duration = Duration::from_secs(20);

fn server() -> MockServer {
    lifecycle_mock(
        &[("A", "alpha"), ("B", "beta")],
        &[("W", "waiting")],
        &[("C", "gamma")],
        ROTATION,
    )
}

#[test]
fn info_says_each_state_and_the_account() {
    let server = server();
    {
        let out = expect(wawp(&server).args(["info", "A", "W", "C"]), 0);
        let mut lines: Vec<&str> = out.stdout.lines().collect();
        lines.sort_unstable();
        assert_eq!(
            lines,
            [
                "A: session alpha is WORKING, linked to 201012345678@c.us (Wawp Mock)",
                "C: session gamma is STOPPED (wawp start starts it)",
                "W: session waiting is SCAN_QR_CODE: waiting for a phone (wawp qr, or wawp pair --phone)",
            ]
        );
        assert_eq!(out.stderr, "3 instances: 3 read, 0 failed\n");
    }
    let out = expect(wawp(&server).args(["info", "--json", "A", "C"]), 0);
    let mut lines = json_lines(&out.stdout);
    lines.sort_by_key(|v| v["instance_id"].as_str().unwrap().to_owned());
    assert_eq!(
        lines[0],
        serde_json::json!({"instance_id":"A","ok":true,"name":"alpha","status":"WORKING",
            "me":{"id":"201012345678@c.us","push_name":"Wawp Mock"}})
    );
    assert_eq!(
        lines[1],
        serde_json::json!({"instance_id":"C","ok":true,"name":"gamma","status":"STOPPED","me":null})
    );
    // Nothing changed.
    assert_eq!(server.instance_status("A").as_deref(), Some("WORKING"));
    assert!(api_paths(&server).iter().all(|p| p == "/v2/session/info"));
}

#[test]
fn info_on_a_missing_instance_is_exit_4_with_a_hint() {
    let server = server();
    let out = expect(wawp(&server).args(["info", "nope"]), 4);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: nope: HTTP 404 (not found): Session does not exist\n  hint: check the instance id: no session with this id exists for this token\n"
    );
    let out = expect(wawp(&server).args(["info", "--json", "A", "nope"]), 4);
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    let missing = lines.iter().find(|v| v["instance_id"] == "nope").unwrap();
    assert_eq!(missing["error"]["kind"], "not_found");
    assert_eq!(missing["error"]["exit_code"], 4);
    assert_eq!(missing["error"]["maybe_sent"], true);
}

#[test]
fn start_brings_a_stopped_instance_to_its_qr_code() {
    let server = server();
    let out = expect(wawp(&server).args(["start", "C"]), 0);
    assert_eq!(out.stdout, "C: started; session gamma is now STARTING\n");
    assert_eq!(out.stderr, "");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.instance_status("C").as_deref(), Some("SCAN_QR_CODE"));
    assert_eq!(api_paths(&server), ["/v2/session/start"]);
}

#[test]
fn starting_a_working_instance_is_the_servers_422_exit_5() {
    let server = server();
    let out = expect(wawp(&server).args(["start", "A"]), 5);
    assert!(
        out.stderr
            .starts_with("error: A: HTTP 422 (unexpected status): Session is already started"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("hint: the session's state does not allow this now: see it with `wawp info`")
    );
    let out = expect(wawp(&server).args(["start", "--json", "A"]), 5);
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(v["error"]["kind"], "unexpected_status");
    assert_eq!(v["error"]["status"], 422);
    assert_eq!(v["error"]["exit_code"], 5);
}

#[test]
fn stop_and_restart_keep_the_login() {
    let server = server();
    let out = expect(wawp(&server).args(["stop", "--yes", "A"]), 0);
    assert_eq!(out.stdout, "A: stopped; session alpha is now STOPPED\n");
    assert_eq!(server.instance_status("A").as_deref(), Some("STOPPED"));
    let out = expect(
        wawp(&server).args(["restart", "--yes", "--json", "A", "B"]),
        0,
    );
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .all(|v| v["ok"] == true && v["status"] == "STARTING"),
        "{lines:?}"
    );
    assert_eq!(out.stderr, "2 instances: 2 restarted, 0 failed\n");
    std::thread::sleep(Duration::from_millis(300));
    // Linked before: WORKING again, no QR code needed.
    assert_eq!(server.instance_status("A").as_deref(), Some("WORKING"));
}

#[test]
fn commands_that_ask_refuse_without_yes_off_a_terminal_and_send_nothing() {
    let server = server();
    for (command, verb) in [
        ("stop", "stop"),
        ("restart", "restart"),
        ("logout", "log out"),
        ("delete", "delete"),
    ] {
        let out = expect(wawp(&server).args([command, "A"]), 2);
        assert_eq!(
            out.stderr,
            format!(
                "error: refusing to {verb} without confirmation: standard input is not a terminal; add --yes to confirm\n"
            )
        );
        // Ids from standard input cannot answer either (and are not read).
        let out = expect(
            wawp(&server)
                .args([command, "--from-file", "-"])
                .write_stdin("A\n"),
            2,
        );
        assert!(
            out.stderr
                .contains("the instance ids come from standard input"),
            "{}",
            out.stderr
        );
    }
    assert!(server.requests().is_empty());
    assert_eq!(server.instance_status("A").as_deref(), Some("WORKING"));
    // Commands that change nothing irreversible take ids from stdin freely.
    let out = expect(
        wawp(&server)
            .args(["info", "--from-file", "-"])
            .write_stdin("A\nB\n"),
        0,
    );
    assert_eq!(out.stdout.lines().count(), 2);
}

#[test]
fn delete_with_yes_deletes_for_good() {
    let server = server();
    let out = expect(wawp(&server).args(["delete", "--yes", "A"]), 0);
    assert_eq!(out.stdout, "A: deleted; session alpha is now DELETED\n");
    expect(wawp(&server).args(["info", "A"]), 4);
    let out = expect(
        wawp(&server).args(["delete", "--yes", "--json", "A", "B"]),
        4,
    );
    let lines = json_lines(&out.stdout);
    let a = lines.iter().find(|v| v["instance_id"] == "A").unwrap();
    let b = lines.iter().find(|v| v["instance_id"] == "B").unwrap();
    assert_eq!(a["error"]["kind"], "not_found");
    assert_eq!(b["status"], "DELETED");
    assert_eq!(out.stderr, "2 instances: 1 deleted, 1 failed\n");
}

#[test]
fn params_body_warns_that_a_delete_keeps_the_token_in_the_query() {
    let server = server();
    let out = expect(
        wawp(&server).args(["delete", "--yes", "--params", "body", "A"]),
        0,
    );
    assert!(
        out.stderr
            .starts_with("warning: --params body does not apply to delete"),
        "{}",
        out.stderr
    );
    let query = server.requests()[0].query.clone().unwrap_or_default();
    assert!(query.contains("instance_id=A"), "{query}");
    let out = expect(
        wawp(&server).args(["-v", "--params", "body", "info", "B"]),
        0,
    );
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

#[test]
fn a_delete_is_never_repeated_once_it_may_have_happened() {
    let server = server();
    server.script(
        "A",
        Behaviour::status(504, "application/json", r#"{"message":"Gateway Timeout"}"#),
    );
    let out = expect(
        wawp(&server).args([
            "delete",
            "--yes",
            "--json",
            "--retries",
            "3",
            "--retry-after-send",
            "A",
        ]),
        6,
    );
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(v["error"]["kind"], "gateway_timeout");
    assert_eq!(v["error"]["maybe_sent"], true);
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("the deletion may have happened"),
        "{v}"
    );
    assert_eq!(api_paths(&server), ["/v2/session/delete"]);
    // A harmless one is repeated, as asked.
    let out = expect(
        wawp(&server).args(["stop", "--yes", "--retries", "2", "--retry-after-send", "A"]),
        6,
    );
    assert!(
        out.stderr.contains("the stop may have happened"),
        "{}",
        out.stderr
    );
    assert_eq!(api_paths(&server).len(), 4);
}

#[test]
fn pair_requests_a_code_for_the_normalised_number() {
    let server = server();
    let out = expect(
        wawp(&server).args(["pair", "--phone", "+20 (114) 520-2826", "W"]),
        0,
    );
    let code = server.pairing_code("W").expect("a code was issued");
    assert_eq!(
        out.stdout,
        format!(
            "W: pairing code {code} for +201145202826; on that phone: WhatsApp > Linked devices > Link a device > Link with phone number instead, then type it\n"
        )
    );
    let request = server.requests().pop().unwrap();
    assert_eq!(request.path, "/v2/auth/request-code");
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["phone_number"], "201145202826");

    let out = expect(
        wawp(&server).args(["pair", "--json", "--phone", "00201145202826", "W"]),
        0,
    );
    let code = server.pairing_code("W").unwrap();
    assert_eq!(
        json_lines(&out.stdout)[0],
        serde_json::json!({"instance_id":"W","ok":true,"code":code,"phone_number":"201145202826"})
    );
    // A linked instance has no code to give: the server's 422, exit 5.
    expect(
        wawp(&server).args(["pair", "--phone", "+201145202826", "A"]),
        5,
    );
}

#[test]
fn a_bad_phone_number_is_refused_before_any_request() {
    let server = server();
    for bad in ["0114 520 2826", "+20 114 abc", "123", "", "+20+114"] {
        let out = expect(wawp(&server).args(["pair", "--phone", bad, "W"]), 2);
        assert!(
            out.stderr.starts_with("error: invalid --phone: "),
            "{bad:?}: {}",
            out.stderr
        );
        assert_eq!(out.stdout, "");
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    assert_eq!(server.pairing_code("W"), None);
}

#[test]
fn bulk_start_resumes_from_its_unfinished_list() {
    let server = lifecycle_mock(&[], &[], &[("C1", "c1"), ("C2", "c2")], ROTATION);
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("ids.txt");
    let left = dir.path().join("left.txt");
    std::fs::write(&list, "C1\nmissing\nC2\nC1\n").unwrap();
    let out = expect(
        wawp(&server)
            .args(["start", "--from-file"])
            .arg(&list)
            .arg("--unfinished")
            .arg(&left),
        4,
    );
    assert!(
        out.stderr.contains("note: 1 duplicate line ignored"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("3 instances: 2 started, 1 failed"),
        "{}",
        out.stderr
    );
    let text = std::fs::read_to_string(&left).unwrap();
    assert!(
        text.starts_with("# wawp start: 1 unfinished of 3"),
        "{text}"
    );
    assert!(text.ends_with("\nmissing\n"), "{text}");
}

#[test]
fn sigint_during_a_bulk_stop_accounts_for_every_id() {
    let ids: Vec<String> = (0..8).map(|i| format!("S{i}")).collect();
    let pairs: Vec<(&str, &str)> = ids.iter().map(|id| (id.as_str(), "n")).collect();
    let server = lifecycle_mock(&pairs, &[], &[], ROTATION);
    for id in &ids {
        server.script(id.clone(), Behaviour::Delay(Duration::from_millis(1000)));
    }
    {
        server.clear_requests();
        let mut cmd = crate::common::spawnable(&server);
        cmd.args(["stop", "--yes", "--json", "--concurrency", "2", "--"])
            .args(&ids);
        let run = Running::start(cmd);
        until_recorded(&server, 2);
        run.signal("INT");
        let end = run.wait(Duration::from_secs(10));
        assert_eq!(end.code, 130, "{end:?}");
        let reported = outcomes(&end.stdout, &ids);
        let ok = reported.iter().filter(|(_, k)| k == "ok").count();
        let not_started = reported.iter().filter(|(_, k)| k == "not_started").count();
        assert_eq!((ok, not_started), (2, 6), "{reported:?}");
        assert!(
            end.stderr.contains(
                "8 instances: 2 stopped, 0 failed, 0 interrupted (may have happened), 6 not started"
            ),
            "{}",
            end.stderr
        );
    }
}

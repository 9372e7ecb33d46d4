//! `wawp relink`, end to end: log out, show the QR code (or a pairing
//! code), wait until the test plays the phone through the simulator's HTTP
//! control calls, report; refusals, bad numbers, the timeout, and signals
//! (the state said on the way out).

use std::time::Duration;

use crate::common::{api_paths, control, expect, json_lines, lifecycle_mock, spawnable, wawp};
use crate::watching;

fn relink(server: &wawp_mock::MockServer, args: &[&str]) -> std::process::Command {
    let mut cmd = spawnable(server);
    cmd.args(["relink", "--yes", "--interval", "0.2"])
        .args(args);
    cmd
}

fn server() -> wawp_mock::MockServer {
    lifecycle_mock(&[("A", "alpha")], &[], &[], Duration::from_secs(20))
}

#[test]
fn relink_logs_out_shows_the_qr_code_and_ends_linked() {
    {
        let server = server();
        let (run, out) = watching::start(relink(&server, &["A"]));
        let text = out.wait_for("A: QR code", 1);
        assert!(
            text.starts_with("A: logged out; session alpha is now SCAN_QR_CODE\nA: QR code"),
            "{text}"
        );
        assert!(text.contains('▀') || text.contains('▄'), "{text}");
        // The QR code shown is the one the instance shows now.
        assert_eq!(server.instance_status("A").as_deref(), Some("SCAN_QR_CODE"));
        assert!(control(&server, "scan", "A", "").starts_with("HTTP/1.1 200"));
        let (end, text) = watching::end(run, &out, Duration::from_secs(10));
        assert_eq!(end.code, 0, "{end:?}");
        assert!(
            text.ends_with(
                "A: linked to 201012345678@c.us (Wawp Mock); session alpha is WORKING\n"
            ),
            "{text}"
        );
        let paths = api_paths(&server);
        assert_eq!(paths[0], "/v2/session/logout", "{paths:?}");
        assert_eq!(
            paths.iter().filter(|p| *p == "/v2/session/logout").count(),
            1
        );
        assert_eq!(paths.last().map(String::as_str), Some("/v2/session/info"));
    }
}

#[test]
fn relink_with_a_phone_number_shows_a_pairing_code() {
    let server = server();
    let (run, out) = watching::start(relink(
        &server,
        &["--json", "--phone", "+20 114 520 2826", "A"],
    ));
    let text = out.wait_for("\"event\":\"pairing_code\"", 1);
    let lines = json_lines(&text);
    assert_eq!(
        lines[0],
        serde_json::json!({"instance_id":"A","event":"logged_out","name":"alpha","status":"SCAN_QR_CODE"})
    );
    let code = lines[1]["code"].as_str().unwrap().to_owned();
    assert_eq!(server.pairing_code("A").as_deref(), Some(code.as_str()));
    assert_eq!(lines[1]["phone_number"], "201145202826");
    // The phone types the code.
    let status = control(&server, "pair", "A", &format!("&code={code}"));
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    let (end, text) = watching::end(run, &out, Duration::from_secs(10));
    assert_eq!(end.code, 0, "{end:?}");
    let last = json_lines(&text).pop().unwrap();
    assert_eq!(last["ok"], true);
    assert_eq!(last["status"], "WORKING");
    assert_eq!(last["me"]["id"], "201145202826@c.us");
    assert_eq!(end.stderr, "");
    // One code, no QR code asked for.
    let paths = api_paths(&server);
    assert_eq!(
        paths
            .iter()
            .filter(|p| *p == "/v2/auth/request-code")
            .count(),
        1
    );
    assert!(
        !paths.iter().any(|p| p.starts_with("/v2/auth/qr")),
        "{paths:?}"
    );
}

#[test]
fn ctrl_c_during_relink_is_safe_and_says_the_state() {
    let server = server();
    let (run, out) = watching::start(relink(&server, &["A"]));
    out.wait_for("A: QR code", 1);
    run.signal("INT");
    let (end, _) = watching::end(run, &out, Duration::from_secs(5));
    assert_eq!(end.code, 130, "{end:?}");
    assert!(
        end.stderr
            .contains("A: interrupted (SIGINT); asking its state (Ctrl-C again to skip)\n"),
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
    // SIGTERM, in JSON: the same, as a line with the state.
    let (run, out) = watching::start(relink(&server, &["--json", "A"]));
    out.wait_for("\"event\":\"qr\"", 1);
    run.signal("TERM");
    let (end, text) = watching::end(run, &out, Duration::from_secs(5));
    assert_eq!(end.code, 143, "{end:?}");
    let last = json_lines(&text).pop().unwrap();
    assert_eq!(last["ok"], false);
    assert_eq!(last["status"], "SCAN_QR_CODE");
    assert_eq!(last["error"]["kind"], "interrupted");
    assert_eq!(last["error"]["maybe_sent"], true);
    assert_eq!(last["error"]["exit_code"], 143);
}

#[test]
fn a_stopped_instance_is_started_after_the_logout() {
    // FAILED: the logout stops it (the documented recovery), relink starts it.
    let server = server();
    control(&server, "fail", "A", "");
    let (run, out) = watching::start(relink(&server, &["A"]));
    out.wait_for("A: QR code", 1);
    control(&server, "scan", "A", "");
    let (end, text) = watching::end(run, &out, Duration::from_secs(10));
    assert_eq!(end.code, 0, "{end:?}\n{text}");
    assert!(
        text.starts_with("A: logged out; session alpha is now STOPPED\n"),
        "{text}"
    );
    assert!(
        end.stderr.contains("A: STOPPED; starting it"),
        "{}",
        end.stderr
    );
    assert!(api_paths(&server).contains(&"/v2/session/start".to_owned()));
}

#[test]
fn relink_gives_up_at_its_timeout() {
    let server = server();
    let out = expect(
        wawp(&server).args([
            "relink",
            "--yes",
            "--timeout",
            "1",
            "--interval",
            "0.2",
            "A",
        ]),
        8,
    );
    assert!(
        out.stderr
            .contains("error: A: gave up waiting after 1 s: the instance is SCAN_QR_CODE"),
        "{}",
        out.stderr
    );
    assert_eq!(server.instance_status("A").as_deref(), Some("SCAN_QR_CODE"));
}

#[test]
fn relink_refuses_before_any_request() {
    let server = server();
    let out = expect(wawp(&server).args(["relink", "A"]), 2);
    assert_eq!(
        out.stderr,
        "error: refusing to relink without confirmation: standard input is not a terminal; add --yes to confirm\n"
    );
    let out = expect(
        wawp(&server).args(["relink", "--yes", "--phone", "12-34", "A"]),
        2,
    );
    assert!(
        out.stderr.starts_with("error: invalid --phone: "),
        "{}",
        out.stderr
    );
    expect(wawp(&server).args(["relink", "--yes", " A"]), 2);
    assert!(server.requests().is_empty());
    assert_eq!(server.instance_status("A").as_deref(), Some("WORKING"));
    // A missing instance: the logout's 404.
    let out = expect(wawp(&server).args(["relink", "--yes", "nope"]), 4);
    assert!(
        out.stderr.starts_with("error: nope: HTTP 404 (not found)"),
        "{}",
        out.stderr
    );
}

#[test]
fn relink_waits_for_a_start_in_progress_and_starts_a_stopped_instance() {
    let config = wawp_mock::MockConfig::default()
        .token(crate::common::TOKEN)
        .no_instances()
        // Long enough for the next `wawp` to start (and meet STARTING) on
        // a loaded machine.
        .start_delay(Duration::from_secs(2))
        .instance("A", "alpha")
        .instance("S", "stopped");
    let server = wawp_mock::MockServer::start_with(config);
    // A restart in progress: the logout is refused (422) until it is over.
    expect(wawp(&server).args(["restart", "--yes", "A"]), 0);
    let (run, out) = watching::start(relink(&server, &["A"]));
    out.wait_for("A: QR code", 1);
    control(&server, "scan", "A", "");
    let (end, text) = watching::end(run, &out, Duration::from_secs(10));
    assert_eq!(end.code, 0, "{end:?}\n{text}");
    assert!(
        end.stderr.contains("A: STARTING; waiting for it"),
        "{}",
        end.stderr
    );
    assert!(
        text.starts_with("A: logged out; session alpha is now SCAN_QR_CODE\n"),
        "{text}"
    );
    // Stopped (with its login): started, then logged out.
    expect(wawp(&server).args(["stop", "--yes", "S"]), 0);
    server.clear_requests();
    let (run, out) = watching::start(relink(&server, &["--json", "S"]));
    out.wait_for("\"event\":\"qr\"", 1);
    control(&server, "scan", "S", "");
    let (end, text) = watching::end(run, &out, Duration::from_secs(10));
    assert_eq!(end.code, 0, "{end:?}\n{text}");
    let events: Vec<String> = json_lines(&text)
        .iter()
        .map(|v| v["event"].as_str().unwrap_or("result").to_owned())
        .collect();
    assert_eq!(events[..3], ["started", "logged_out", "qr"], "{text}");
    let paths = api_paths(&server);
    let logouts = paths.iter().filter(|p| *p == "/v2/session/logout").count();
    assert_eq!(logouts, 2, "refused once, then done: {paths:?}");
}

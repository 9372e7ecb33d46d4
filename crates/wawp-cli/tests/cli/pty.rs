//! The confirmation prompt on a real pseudo-terminal, answered yes and no.
//! The simulator runs in this test process; `wawp` runs on the terminal.

use std::process::Command;
use std::time::Duration;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

use wawp_mock::Behaviour;

use crate::common::{TOKEN, assert_no_token, mock};

const TIMEOUT_MS: u64 = 30_000;

fn spawn(server: &wawp_mock::MockServer, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wawp"));
    cmd.args(args)
        .env_remove("WAWP_BASE_URL")
        .env("WAWP_ACCESS_TOKEN", TOKEN)
        .env("WAWP_BASE_URL", server.base_url())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    spawn_command(cmd, Some(TIMEOUT_MS)).expect("spawn wawp on a pty")
}

/// Reads everything up to the end and the exit code.
fn finish(mut session: PtySession) -> (String, i32) {
    let rest = session.exp_eof().expect("wawp ends");
    let code = match session.process().wait().expect("wait for wawp") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("wawp did not exit normally: {other:?}"),
    };
    (rest, code)
}

const QUESTION: &str = "Log out instance 3EB0BCB2E3D4? Reconnecting requires scanning a QR code with the phone. [y/N] ";

#[test]
fn answered_yes_logs_out() {
    let server = mock(&[("3EB0BCB2E3D4", "wawp-84729105")]);
    let mut s = spawn(&server, &["logout", "3EB0BCB2E3D4"]);
    let before = s.exp_string(QUESTION).expect("the prompt");
    // Nothing is sent before the answer.
    assert!(server.requests().is_empty());
    s.send_line("y").unwrap();
    let (rest, code) = finish(s);
    assert_no_token(&before, &rest);
    assert_eq!(code, 0, "{rest}");
    assert!(
        rest.contains("3EB0BCB2E3D4: logged out; session wawp-84729105 is now SCAN_QR_CODE"),
        "{rest}"
    );
    assert_eq!(server.requests().len(), 1);
    assert_eq!(
        server.instance_status("3EB0BCB2E3D4").as_deref(),
        Some("SCAN_QR_CODE")
    );
}

#[test]
fn answered_no_or_nothing_declines_with_exit_1() {
    let server = mock(&[("3EB0BCB2E3D4", "wawp-84729105")]);
    // "n", an empty line, and end of input (Ctrl-D).
    for answer in [Some("n"), Some(""), None] {
        let mut s = spawn(&server, &["logout", "3EB0BCB2E3D4"]);
        s.exp_string(QUESTION).expect("the prompt");
        match answer {
            Some(line) => s.send_line(line).map(drop).unwrap(),
            None => s.send_control('d').unwrap(),
        }
        let (rest, code) = finish(s);
        assert_no_token(&rest, "");
        assert_eq!(code, 1, "answer {answer:?}: {rest}");
        assert!(rest.contains("Nothing was logged out."), "{rest}");
    }
    assert!(server.requests().is_empty());
    assert_eq!(
        server.instance_status("3EB0BCB2E3D4").as_deref(),
        Some("WORKING")
    );
}

#[test]
fn bulk_prompt_gives_the_count_then_shows_progress_and_a_summary() {
    let server = mock(&[("A", "a"), ("B", "b")]);
    // Slow enough for the progress bar to be drawn.
    server.script("B", Behaviour::Delay(Duration::from_millis(1000)));
    let mut s = spawn(&server, &["logout", "A", "B", "missing"]);
    let listed = s
        .exp_string("Log out these 3 instances? Reconnecting requires scanning a QR code with the phone. [y/N] ")
        .expect("the bulk prompt");
    assert!(listed.contains("  A\r\n  B\r\n  missing\r\n"), "{listed:?}");
    s.send_line("yes").unwrap();
    let (rest, code) = finish(s);
    assert_no_token(&rest, "");
    assert_eq!(code, 4, "{rest}");
    assert!(
        rest.contains("3 instances: 2 logged out, 1 failed"),
        "{rest}"
    );
    assert!(rest.contains("logging out ["), "no progress bar: {rest}");
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn no_progress_bar_with_json_even_on_a_terminal() {
    let server = mock(&[("A", "a"), ("B", "b")]);
    server.script("B", Behaviour::Delay(Duration::from_millis(1000)));
    let s = spawn(&server, &["logout", "--yes", "--json", "A", "B"]);
    let (rest, code) = finish(s);
    assert_no_token(&rest, "");
    assert_eq!(code, 0, "{rest}");
    assert!(!rest.contains("logging out ["), "{rest}");
    assert_eq!(rest.matches("\"ok\":true").count(), 2, "{rest}");
}

#[test]
fn delete_is_confirmed_by_typing_the_instance_id() {
    let server = mock(&[("3EB0BCB2E3D4", "wawp-84729105"), ("B", "b")]);
    const TYPE: &str = "Type the instance id to confirm: ";
    // A reflexive "y" (or the id in the wrong case) does not delete.
    for answer in ["y", "3eb0bcb2e3d4"] {
        let mut s = spawn(&server, &["delete", "3EB0BCB2E3D4"]);
        let before = s.exp_string(TYPE).expect("the prompt");
        assert!(
            before.contains("Delete instance 3EB0BCB2E3D4? This cannot be undone"),
            "{before}"
        );
        s.send_line(answer).unwrap();
        let (rest, code) = finish(s);
        assert_no_token(&before, &rest);
        assert_eq!(code, 1, "{answer}: {rest}");
        assert!(rest.contains("Nothing was deleted."), "{rest}");
    }
    assert!(server.requests().is_empty());
    let mut s = spawn(&server, &["delete", "3EB0BCB2E3D4"]);
    s.exp_string(TYPE).expect("the prompt");
    s.send_line("3EB0BCB2E3D4").unwrap();
    let (rest, code) = finish(s);
    assert_no_token(&rest, "");
    assert_eq!(code, 0, "{rest}");
    assert!(
        rest.contains("3EB0BCB2E3D4: deleted; session wawp-84729105 is now DELETED"),
        "{rest}"
    );
    assert_eq!(server.instance_status("3EB0BCB2E3D4"), None);
    // Several: the phrase with their number.
    let mut s = spawn(&server, &["delete", "B", "C"]);
    let listed = s
        .exp_string("Type 'delete 2 instances' to confirm: ")
        .expect("the bulk prompt");
    assert!(
        listed.contains("  B\r\n  C\r\nDelete these 2 instances?"),
        "{listed:?}"
    );
    s.send_line("yes").unwrap();
    let (_, code) = finish(s);
    assert_eq!(code, 1);
    assert_eq!(server.instance_status("B").as_deref(), Some("WORKING"));
}

#[test]
fn stop_asks_like_logout() {
    let server = mock(&[("A", "a")]);
    let mut s = spawn(&server, &["stop", "A"]);
    s.exp_string("Stop instance A? It keeps its login, but receives nothing until it is started again. [y/N] ")
        .expect("the prompt");
    s.send_line("y").unwrap();
    let (rest, code) = finish(s);
    assert_no_token(&rest, "");
    assert_eq!(code, 0, "{rest}");
    assert_eq!(server.instance_status("A").as_deref(), Some("STOPPED"));
}

#[test]
fn on_a_terminal_the_qr_code_is_redrawn_in_place_and_relink_asks_first() {
    let server =
        crate::common::lifecycle_mock(&[("A", "alpha")], &[], &[], Duration::from_millis(700));
    let mut s = spawn(&server, &["relink", "--interval", "0.2", "A"]);
    s.exp_string("Relink instance A? It is logged out now: WhatsApp stops on its current phone until a phone links it again. [y/N] ")
        .expect("the prompt");
    assert!(server.requests().is_empty());
    s.send_line("y").unwrap();
    s.exp_string("A: QR code").expect("a first code");
    // The next code goes over the last one: cursor up, clear below.
    let between = s.exp_string("A: QR code").expect("a second code");
    assert!(
        between.contains("\u{1b}[J"),
        "not redrawn in place: {between:?}"
    );
    // rexpect hands over each byte as a char: '▀' (U+2580) and '▄' (U+2584)
    // arrive as their UTF-8 bytes E2 96 80 and E2 96 84.
    assert!(
        between.contains("\u{e2}\u{96}\u{80}") || between.contains("\u{e2}\u{96}\u{84}"),
        "no half blocks: {between:?}"
    );
    // NO_COLOR is set: no colours.
    assert!(!between.contains("\u{1b}[97;40m"));
    crate::common::control(&server, "scan", "A", "");
    let (rest, code) = finish(s);
    assert_no_token(&between, &rest);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("A: linked to 201012345678@c.us"), "{rest}");
}

//! Interrupted bulk runs, end to end: a slow simulator, a real SIGINT or
//! SIGTERM sent to the real process, the JSON lines parsed. Whatever
//! happens, every id is reported once; no id the simulator recorded is
//! `not_started`; every id reported `ok` was recorded.

use std::collections::BTreeSet;
use std::time::Duration;

use wawp_mock::{Behaviour, MockServer};

use crate::common::TOKEN;
use crate::running::{Running, outcomes, recorded, until_recorded};

/// `n` instances `I0…`, each answering after `delay`.
fn slow(n: usize, delay: Duration) -> (MockServer, Vec<String>) {
    let ids: Vec<String> = (0..n).map(|i| format!("I{i}")).collect();
    let pairs: Vec<(&str, &str)> = ids.iter().map(|id| (id.as_str(), "name")).collect();
    let server = crate::common::mock(&pairs);
    for id in &ids {
        server.script(id.clone(), Behaviour::Delay(delay));
    }
    (server, ids)
}

fn logout(server: &MockServer, concurrency: &str, ids: &[String]) -> std::process::Command {
    logout_with(server, concurrency, ids, &[])
}

fn logout_with(
    server: &MockServer,
    concurrency: &str,
    ids: &[String],
    options: &[&str],
) -> std::process::Command {
    let mut cmd = crate::common::spawnable(server);
    cmd.args(["logout", "--yes", "--json", "--concurrency", concurrency]);
    cmd.args(options).arg("--").args(ids);
    cmd
}

/// What must hold between what was reported and what the simulator saw.
fn check_against_the_simulator(server: &MockServer, reported: &[(String, String)]) {
    let seen = recorded(server);
    for (id, kind) in reported {
        if kind == "ok" {
            assert!(seen.contains(id), "{id} reported ok but never recorded");
        }
        if kind == "not_started" {
            assert!(!seen.contains(id), "{id} recorded but reported not_started");
        }
    }
}

fn count(reported: &[(String, String)], kind: &str) -> usize {
    reported.iter().filter(|(_, k)| k == kind).count()
}

#[test]
fn sigint_lets_calls_in_flight_finish_and_starts_nothing_new() {
    {
        let (server, ids) = slow(12, Duration::from_millis(1200));
        let run = Running::start(logout(&server, "3", &ids));
        until_recorded(&server, 3);
        run.signal("INT");
        let end = run.wait(Duration::from_secs(10));
        assert_eq!(end.code, 130, "{end:?}");
        let reported = outcomes(&end.stdout, &ids);
        check_against_the_simulator(&server, &reported);
        // The three in flight finished within the grace period.
        assert_eq!(count(&reported, "ok"), 3, "{reported:?}");
        assert_eq!(count(&reported, "not_started"), 9, "{reported:?}");
        assert_eq!(server.requests().len(), 3);
        assert!(
            end.stderr.contains("12 instances: 3 logged out, 0 failed, 0 interrupted (may have happened), 9 not started\nstopped early: SIGINT"),
            "{}",
            end.stderr
        );
        // The calls in flight end within their 1.2 s of the signal (3 s
        // allows for a loaded machine); not the 9 × 1.2 s of the others.
        let after = end.after_signal.unwrap();
        assert!(after < Duration::from_secs(3), "{after:?}");
    }
}

/// SIGHUP (an SSH session dropping) and SIGQUIT end a run as SIGTERM does:
/// every id once, the summary, the resume file, exit 129 and 131, no
/// temporary file left; and the process could not have dumped core.
#[test]
fn sighup_and_sigquit_account_for_every_id_and_write_the_resume_file() {
    for (signal, code, name) in [("HUP", 129, "SIGHUP"), ("QUIT", 131, "SIGQUIT")] {
        let (server, ids) = slow(20, Duration::from_secs(30));
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join("left.txt");
        let left_arg = left.to_str().unwrap();
        let run = Running::start(logout_with(&server, "2", &ids, &["--unfinished", left_arg]));
        until_recorded(&server, 2);
        let limits = std::fs::read_to_string(format!("/proc/{}/limits", run.pid())).unwrap();
        let core = limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap();
        assert_eq!(
            core.split_whitespace().skip(4).take(2).collect::<Vec<_>>(),
            ["0", "0"],
            "{core}"
        );
        run.signal(signal);
        let end = run.wait(Duration::from_secs(10));
        assert_eq!(end.code, code, "{end:?}");
        let reported = outcomes(&end.stdout, &ids);
        check_against_the_simulator(&server, &reported);
        assert_eq!(count(&reported, "interrupted"), 2, "{reported:?}");
        assert_eq!(count(&reported, "not_started"), 18, "{reported:?}");
        assert!(
            end.stderr
                .contains(&format!("20 instances: 0 logged out, 0 failed, 2 interrupted (may have happened), 18 not started\nstopped early: {name}")),
            "{}",
            end.stderr
        );
        let listed = std::fs::read_to_string(&left).unwrap();
        assert_eq!(listed.lines().filter(|l| !l.starts_with('#')).count(), 20);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["left.txt"], "a temporary file was left");
    }
}

#[test]
fn sigterm_after_the_grace_period_reports_calls_in_flight_as_interrupted() {
    {
        let (server, ids) = slow(6, Duration::from_secs(30));
        let run = Running::start(logout(&server, "2", &ids));
        until_recorded(&server, 2);
        run.signal("TERM");
        let end = run.wait(Duration::from_secs(10));
        assert_eq!(end.code, 143, "{end:?}");
        let reported = outcomes(&end.stdout, &ids);
        check_against_the_simulator(&server, &reported);
        assert_eq!(count(&reported, "interrupted"), 2, "{reported:?}");
        assert_eq!(count(&reported, "not_started"), 4, "{reported:?}");
        // The grace period (2 s, counted from when the signal arrived,
        // after it was sent) and a little: not the 30 s of the calls.
        let after = end.after_signal.unwrap();
        assert!(
            after > Duration::from_secs(2) && after < Duration::from_secs(6),
            "{after:?}"
        );
        let line = crate::common::json_lines(&end.stdout)
            .into_iter()
            .find(|v| v["error"]["kind"] == "interrupted")
            .unwrap();
        assert_eq!(line["error"]["exit_code"], 143);
        assert_eq!(line["error"]["status"], serde_json::Value::Null);
    }
}

#[test]
fn a_second_ctrl_c_ends_at_once_with_a_line_per_id() {
    {
        let (server, ids) = slow(5, Duration::from_secs(30));
        let run = Running::start(logout(&server, "2", &ids));
        until_recorded(&server, 2);
        // `signal` returns once the first was taken, so the second is not
        // merged into it.
        run.signal("INT");
        run.signal("INT");
        let end = run.wait(Duration::from_secs(10));
        assert_eq!(end.code, 130, "{end:?}");
        let reported = outcomes(&end.stdout, &ids);
        check_against_the_simulator(&server, &reported);
        assert_eq!(count(&reported, "interrupted"), 2);
        // At once: well before the grace period (2 s from the first) ends,
        // which is how the run would end had the second been ignored.
        let after = end.after_signal.unwrap();
        assert!(after < Duration::from_millis(1500), "{after:?}");
    }
}

#[test]
fn human_output_has_a_line_per_id_and_the_summary() {
    let (server, ids) = slow(5, Duration::from_secs(30));
    let mut cmd = crate::common::spawnable(&server);
    cmd.args(["logout", "--yes", "--concurrency", "1"])
        .args(&ids);
    let run = Running::start(cmd);
    until_recorded(&server, 1);
    run.signal("INT");
    run.signal("INT");
    let end = run.wait(Duration::from_secs(10));
    assert_eq!(end.code, 130);
    assert_eq!(end.stdout, "");
    let lines: Vec<&str> = end.stderr.lines().collect();
    assert!(
        lines[0].starts_with("error: I0: interrupted (SIGINT) before an answer came"),
        "{lines:?}"
    );
    for (i, line) in lines[1..5].iter().enumerate() {
        assert!(
            line.starts_with(&format!("error: I{}: not started", i + 1)),
            "{lines:?}"
        );
    }
    assert_eq!(
        &lines[5..],
        [
            "5 instances: 0 logged out, 0 failed, 1 interrupted (may have happened), 4 not started",
            "stopped early: SIGINT"
        ]
    );
}

#[test]
fn the_unfinished_ids_resume_with_from_file() {
    let dir = tempfile::tempdir().unwrap();
    let left = dir.path().join("left.txt");
    let left_arg = left.to_str().unwrap();
    // In flight when the signal comes, and done within the grace period.
    let (server, ids) = slow(10, Duration::from_millis(1000));
    server.script(
        "I1",
        Behaviour::Documented(wawp_mock::Variant::InternalErrorJson),
    );
    let cmd = logout_with(&server, "2", &ids, &["--unfinished", left_arg]);
    let run = Running::start(cmd);
    until_recorded(&server, 3);
    run.signal("INT");
    let end = run.wait(Duration::from_secs(10));
    assert_eq!(end.code, 130);
    let reported = outcomes(&end.stdout, &ids);
    let unfinished: BTreeSet<String> = reported
        .iter()
        .filter(|(_, k)| k != "ok")
        .map(|(id, _)| id.clone())
        .collect();
    assert!(
        unfinished.contains("I1"),
        "the 500 is unfinished: {reported:?}"
    );
    assert!(count(&reported, "not_started") >= 6, "{reported:?}");
    let text = std::fs::read_to_string(&left).unwrap();
    let listed: BTreeSet<String> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    assert_eq!(listed, unfinished);
    assert!(
        end.stderr.contains(&format!(
            "{} unfinished ids written to {left_arg}: resume with --from-file {left_arg}",
            unfinished.len()
        )),
        "{}",
        end.stderr
    );

    // Resume, in place: the same file in and out.
    for id in &ids {
        server.clear_script(id);
    }
    let mut cmd = crate::common::spawnable(&server);
    cmd.args([
        "logout",
        "--yes",
        "--json",
        "--from-file",
        left_arg,
        "--unfinished",
        left_arg,
    ]);
    let end = Running::start(cmd).wait(Duration::from_secs(20));
    assert_eq!(end.code, 0, "{end:?}");
    let listed: Vec<String> = unfinished.into_iter().collect();
    let reported = outcomes(&end.stdout, &listed);
    assert!(reported.iter().all(|(_, k)| k == "ok"));
    for id in &ids {
        assert_eq!(
            server.instance_status(id).as_deref(),
            Some("SCAN_QR_CODE"),
            "{id}"
        );
    }
    let text = std::fs::read_to_string(&left).unwrap();
    assert!(text.lines().all(|l| l.starts_with('#')), "{text}");
    assert!(end.stderr.contains("nothing unfinished"), "{}", end.stderr);
    let _ = TOKEN;
}

#[test]
fn a_closed_stdout_stops_the_run_like_an_interruption() {
    use std::io::{BufRead, BufReader};
    // 100 ms a call, 2 at a time: 50 calls take 2.5 s, far more than the
    // run needs to notice its closed output, even on a loaded machine.
    let (server, ids) = slow(200, Duration::from_millis(100));
    let (run, stdout) = Running::start_reading(logout(&server, "2", &ids));
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"instance_id\":\"I"), "{first}");
    // The reader is gone, as with `| head -1`.
    let end = run.wait(Duration::from_secs(10));
    assert_eq!(end.code, 141, "{end:?}");
    assert!(
        end.stderr.contains("stopped early: standard output closed"),
        "{}",
        end.stderr
    );
    assert!(end.stderr.contains("200 instances:"), "{}", end.stderr);
    assert!(
        server.requests().len() < 50,
        "{} sent",
        server.requests().len()
    );
}

/// A resume file that cannot be written at the end says so, and the run
/// that otherwise succeeded exits 2.
#[test]
fn a_failed_unfinished_write_changes_the_exit_code() {
    let (server, ids) = slow(2, Duration::from_millis(1500));
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("gone");
    std::fs::create_dir(&sub).unwrap();
    let left = sub.join("left.txt");
    let run = Running::start(logout_with(
        &server,
        "2",
        &ids,
        &["--unfinished", left.to_str().unwrap()],
    ));
    until_recorded(&server, 2);
    std::fs::remove_dir(&sub).unwrap();
    let end = run.wait(Duration::from_secs(20));
    let reported = outcomes(&end.stdout, &ids);
    assert_eq!(count(&reported, "ok"), 2, "{reported:?}");
    assert_eq!(end.code, 2, "{end:?}");
    assert!(
        end.stderr.contains("cannot write --unfinished")
            && end.stderr.contains("were not saved (exit 2)"),
        "{}",
        end.stderr
    );
}

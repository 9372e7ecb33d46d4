use super::*;
use crate::outcome::Output;
use std::io;
use wawp::{Error, Session, SessionStatus, TransportError, TransportErrorKind};

fn id(s: &str) -> InstanceId {
    InstanceId::new(s).unwrap()
}

fn ok(s: &str) -> Outcome {
    Outcome::Finished(Ok(Output::Session(Session::new(
        "n",
        SessionStatus::ScanQrCode,
        s,
    ))))
}

fn refused() -> Outcome {
    Outcome::Finished(Err(Error::Transport(TransportError::from_message(
        TransportErrorKind::Connect,
        "connection refused",
    ))))
}

fn run(json: bool, results: &[(&str, Outcome)], stop: Option<Stop>) -> (String, String, Exit) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut r = Reporter::new(
        Operation::Logout,
        &mut out,
        &mut err,
        json,
        results.len(),
        None,
    );
    for (i, outcome) in results {
        r.record(&id(i), outcome);
    }
    let exit = r.finish(stop);
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
        exit,
    )
}

#[test]
fn single_success_has_no_summary() {
    let (out, err, exit) = run(false, &[("A", ok("A"))], None);
    assert_eq!(out, "A: logged out; session n is now SCAN_QR_CODE\n");
    assert_eq!(err, "");
    assert_eq!(exit, Exit::Ok);
}

#[test]
fn bulk_human_successes_on_stdout_failures_and_summary_on_stderr() {
    let (out, err, exit) = run(
        false,
        &[("A", ok("A")), ("B", refused()), ("C", ok("C"))],
        None,
    );
    assert_eq!(out.lines().count(), 2);
    assert!(err.starts_with("error: B: could not connect: connection refused\n  hint: "));
    assert!(err.ends_with("3 instances: 2 logged out, 1 failed\n"));
    assert_eq!(exit, Exit::Transport);
}

#[test]
fn bulk_json_one_line_per_instance_and_summary_apart() {
    let (out, err, exit) = run(true, &[("A", ok("A")), ("B", refused())], None);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[1]["error"]["kind"], "connect");
    assert_eq!(lines[1]["error"]["maybe_sent"], false);
    assert_eq!(err, "2 instances: 1 logged out, 1 failed\n");
    assert_eq!(exit, Exit::Transport);
}

#[test]
fn a_stop_gives_its_exit_code_and_a_summary_even_for_one() {
    let (out, err, exit) = run(
        false,
        &[("A", Outcome::Interrupted(Stop::Terminate))],
        Some(Stop::Terminate),
    );
    assert_eq!(out, "");
    assert!(err.starts_with("error: A: interrupted (SIGTERM)"), "{err}");
    assert!(err.contains("1 instance: 0 logged out, 0 failed, 1 interrupted"));
    assert_eq!(exit, Exit::Terminated);
    let (_, _, exit) = run(
        true,
        &[
            ("A", refused()),
            ("B", Outcome::NotStarted(Stop::Interrupt)),
        ],
        Some(Stop::Interrupt),
    );
    assert_eq!(exit, Exit::Interrupted);
}

#[test]
fn a_closed_output_is_noticed_not_fatal() {
    struct Closed;
    impl io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }
    let mut err = Vec::new();
    let mut r = Reporter::new(Operation::Logout, Closed, &mut err, true, 2, None);
    assert!(!r.output_closed());
    r.record(&id("A"), &ok("A"));
    assert!(r.output_closed());
    r.record(&id("B"), &ok("B"));
    assert_eq!(r.finish(Some(Stop::ClosedOutput)), Exit::ClosedOutput);
    assert!(String::from_utf8(err).unwrap().contains("2 logged out"));
}

#[test]
fn progress_only_for_bulk_on_a_terminal_without_json_or_verbose() {
    assert!(wants_progress(2, false, false, true));
    assert!(!wants_progress(1, false, false, true));
    assert!(!wants_progress(2, true, false, true));
    assert!(!wants_progress(2, false, true, true));
    assert!(!wants_progress(2, false, false, false));
}

#[test]
fn a_hidden_bar_does_not_disturb_output() {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut r = Reporter::new(
        Operation::Logout,
        &mut out,
        &mut err,
        false,
        2,
        Some(ProgressBar::hidden()),
    );
    r.record(&id("A"), &ok("A"));
    r.record(&id("B"), &ok("B"));
    assert_eq!(r.finish(None), Exit::Ok);
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
    assert_eq!(
        String::from_utf8(err).unwrap(),
        "2 instances: 2 logged out, 0 failed\n"
    );
}

#[test]
fn a_png_that_could_not_be_written_is_a_failure_with_exit_2() {
    let unsaved = Outcome::Finished(Ok(Output::Unsaved {
        path: "x.png".into(),
        reason: "No space left on device".to_owned(),
    }));
    let (out, err, exit) = run(false, &[("A", unsaved)], None);
    assert_eq!(out, "");
    assert!(
        err.starts_with("error: A: the QR code came but could not be written to x.png: No space"),
        "{err}"
    );
    assert_eq!(exit, Exit::Usage);
}

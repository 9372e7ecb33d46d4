//! Collecting results: each instance's line as it completes, a progress bar
//! for bulk runs on a terminal, the closing summary and the exit code.
//!
//! Output never panics: a failed write to the results stream (a closed
//! pipe) is remembered ([`Reporter::output_closed`]) so that the run stops
//! starting calls, and writes to standard error are best effort.

use std::io::Write;

use indicatif::{ProgressBar, ProgressStyle};
use wawp::InstanceId;

use crate::exit::Exit;
use crate::op::Operation;
use crate::outcome::{Outcome, Stop};
use crate::output::{self, Counts};

/// Where results go and how.
#[derive(Debug)]
pub(crate) struct Reporter<O: Write, E: Write> {
    op: Operation,
    out: O,
    err: E,
    json: bool,
    bulk: bool,
    bar: Option<ProgressBar>,
    counts: Counts,
    worst: Exit,
    out_closed: bool,
}

/// Whether a bulk run shows a progress bar: on a terminal, not with
/// `--json` or `-v`.
pub(crate) fn wants_progress(
    total: usize,
    json: bool,
    verbose: bool,
    stderr_is_terminal: bool,
) -> bool {
    total > 1 && !json && !verbose && stderr_is_terminal
}

/// A progress bar on stderr for `total` calls, saying what they do
/// ("logging out").
pub(crate) fn progress_bar(total: usize, doing: &str) -> ProgressBar {
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{{spinner}} {doing} [{{bar:30}}] {{pos}}/{{len}} ({{elapsed}})"
    )) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

impl<O: Write, E: Write> Reporter<O, E> {
    /// A reporter of `op`'s results for `total` instances writing to `out`
    /// (successes, and everything with `--json`) and `err` (human-readable
    /// failures, the summary), drawing `bar` if given. `out` may be
    /// buffered: see [`Reporter::flush`].
    pub(crate) fn new(
        op: Operation,
        out: O,
        err: E,
        json: bool,
        total: usize,
        bar: Option<ProgressBar>,
    ) -> Self {
        Self {
            op,
            out,
            err,
            json,
            bulk: total > 1,
            bar,
            counts: Counts::default(),
            worst: Exit::Ok,
            out_closed: false,
        }
    }

    /// Shows one instance's outcome.
    pub(crate) fn record(&mut self, id: &InstanceId, outcome: &Outcome) {
        self.counts.add(outcome);
        if let Outcome::Finished(Err(e)) = outcome {
            self.worst = self.worst.max(Exit::of(e));
        } else if let (false, Outcome::Finished(Ok(_))) = (outcome.is_ok(), outcome) {
            // A success that could not be kept (`not_saved`).
            self.worst = self.worst.max(Exit::Usage);
        }
        let Self {
            op,
            out,
            err,
            json,
            bar,
            out_closed,
            ..
        } = self;
        let mut write = |flush: bool| {
            let mut to_out = |line: &str| {
                if !*out_closed
                    && (writeln!(out, "{line}").is_err() || (flush && out.flush().is_err()))
                {
                    *out_closed = true;
                }
            };
            match (outcome, *json) {
                (_, true) => to_out(&output::json_line(op, id, outcome)),
                (Outcome::Finished(Ok(done)), false) if outcome.is_ok() => {
                    to_out(&output::human_ok(op, id, done));
                }
                (Outcome::Finished(Err(e)), false) => {
                    let _ = writeln!(err, "{}", output::human_error(op, id, e));
                }
                (unfinished, false) => {
                    let _ = writeln!(err, "{}", output::human_unfinished(op, id, unfinished));
                }
            }
        };
        match bar {
            Some(bar) => {
                // With a bar, lines appear at once: the bar redraws below them.
                bar.suspend(|| write(true));
                bar.inc(1);
            }
            None => write(false),
        }
    }

    /// Writes out what is buffered; call it when no result is waiting.
    pub(crate) fn flush(&mut self) {
        if !self.out_closed && self.out.flush().is_err() {
            self.out_closed = true;
        }
    }

    /// Whether the results stream failed (closed by its reader).
    pub(crate) fn output_closed(&self) -> bool {
        self.out_closed
    }

    /// The counts so far.
    pub(crate) fn counts(&self) -> Counts {
        self.counts
    }

    /// Standard error, for notes after the results.
    pub(crate) fn err(&mut self) -> &mut E {
        &mut self.err
    }

    /// Flushes, clears the bar, prints the summary of a bulk run (or of one
    /// that stopped early), and returns the exit code: the stop's, or else
    /// the most severe one seen. An output that closed after the last
    /// result was handed to it still counts as closed: not every result was
    /// read.
    pub(crate) fn finish(&mut self, stop: Option<Stop>) -> Exit {
        self.flush();
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        let closed_late = stop.is_none() && self.out_closed;
        if self.bulk || stop.is_some() || closed_late {
            let _ = writeln!(
                self.err,
                "{}",
                output::summary(self.counts, stop, self.op.words().done)
            );
        }
        if closed_late {
            let _ = writeln!(
                self.err,
                "standard output closed: not every result could be shown"
            );
        }
        let _ = self.err.flush();
        match stop {
            Some(stop) => stop.exit(),
            None if closed_late => Exit::ClosedOutput,
            None => self.worst,
        }
    }
}

#[cfg(test)]
mod tests {
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
            err.starts_with(
                "error: A: the QR code came but could not be written to x.png: No space"
            ),
            "{err}"
        );
        assert_eq!(exit, Exit::Usage);
    }
}

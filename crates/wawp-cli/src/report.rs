//! Collecting results: each instance's line as it completes, a progress bar
//! for bulk runs on a terminal, the closing summary and the exit code.

use std::io::Write;

use indicatif::{ProgressBar, ProgressStyle};
use wawp_core::{Error, InstanceId, Session};

use crate::exit::Exit;
use crate::output;

/// Where results go and how.
#[derive(Debug)]
pub(crate) struct Reporter<O: Write, E: Write> {
    out: O,
    err: E,
    json: bool,
    bulk: bool,
    bar: Option<ProgressBar>,
    ok: usize,
    failed: usize,
    worst: Exit,
}

/// Whether a bulk run shows a progress bar: on a terminal, not with `--json`.
pub(crate) fn wants_progress(total: usize, json: bool, stderr_is_terminal: bool) -> bool {
    total > 1 && !json && stderr_is_terminal
}

/// A progress bar on stderr for `total` logouts.
pub(crate) fn progress_bar(total: usize) -> ProgressBar {
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} logging out [{bar:30}] {pos}/{len} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

impl<O: Write, E: Write> Reporter<O, E> {
    /// A reporter for `total` instances writing results to `out` (successes,
    /// and everything with `--json`) and `err` (human-readable failures, the
    /// summary), drawing `bar` if given.
    pub(crate) fn new(out: O, err: E, json: bool, total: usize, bar: Option<ProgressBar>) -> Self {
        Self {
            out,
            err,
            json,
            bulk: total > 1,
            bar,
            ok: 0,
            failed: 0,
            worst: Exit::Ok,
        }
    }

    /// Shows one instance's result, right away.
    pub(crate) fn record(&mut self, id: &InstanceId, result: &Result<Session, Error>) {
        match result {
            Ok(_) => self.ok += 1,
            Err(e) => {
                self.failed += 1;
                self.worst = self.worst.max(Exit::of(e));
            }
        }
        let Self {
            out,
            err,
            json,
            bar,
            ..
        } = self;
        let mut write = || {
            // Output errors (a closed pipe) must not stop the remaining
            // logouts; the exit code still tells the outcome.
            let _ = match (result, *json) {
                (_, true) => writeln!(out, "{}", output::json_line(id, result)),
                (Ok(session), false) => writeln!(out, "{}", output::human_ok(id, session)),
                (Err(e), false) => writeln!(err, "{}", output::human_error(id, e)),
            };
            let _ = out.flush();
        };
        match bar {
            Some(bar) => {
                bar.suspend(write);
                bar.inc(1);
            }
            None => write(),
        }
    }

    /// Clears the bar, prints the summary of a bulk run, and returns the exit
    /// code: the most severe one seen.
    pub(crate) fn finish(mut self) -> Exit {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if self.bulk {
            let _ = writeln!(self.err, "{}", output::summary(self.ok, self.failed));
        }
        self.worst
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wawp_core::{SessionStatus, TransportError, TransportErrorKind};

    fn id(s: &str) -> InstanceId {
        InstanceId::new(s).unwrap()
    }

    fn ok(s: &str) -> Result<Session, Error> {
        Ok(Session::new("n", SessionStatus::ScanQrCode, s))
    }

    fn refused() -> Result<Session, Error> {
        Err(Error::Transport(TransportError::from_message(
            TransportErrorKind::Connect,
            "connection refused",
        )))
    }

    fn run(json: bool, results: &[(&str, Result<Session, Error>)]) -> (String, String, Exit) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut r = Reporter::new(&mut out, &mut err, json, results.len(), None);
        for (i, result) in results {
            r.record(&id(i), result);
        }
        let exit = r.finish();
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
            exit,
        )
    }

    #[test]
    fn single_success_has_no_summary() {
        let (out, err, exit) = run(false, &[("A", ok("A"))]);
        assert_eq!(out, "A: logged out; session n is now SCAN_QR_CODE\n");
        assert_eq!(err, "");
        assert_eq!(exit, Exit::Ok);
    }

    #[test]
    fn bulk_human_successes_on_stdout_failures_and_summary_on_stderr() {
        let (out, err, exit) = run(false, &[("A", ok("A")), ("B", refused()), ("C", ok("C"))]);
        assert_eq!(out.lines().count(), 2);
        assert!(err.starts_with("error: B: could not connect: connection refused\n  hint: "));
        assert!(err.ends_with("3 instances: 2 logged out, 1 failed\n"));
        assert_eq!(exit, Exit::Transport);
    }

    #[test]
    fn bulk_json_one_line_per_instance_and_summary_apart() {
        let (out, err, exit) = run(true, &[("A", ok("A")), ("B", refused())]);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["ok"], true);
        assert_eq!(lines[1]["error"]["kind"], "connect");
        assert_eq!(err, "2 instances: 1 logged out, 1 failed\n");
        assert_eq!(exit, Exit::Transport);
    }

    #[test]
    fn progress_only_for_bulk_on_a_terminal_without_json() {
        assert!(wants_progress(2, false, true));
        assert!(!wants_progress(1, false, true));
        assert!(!wants_progress(2, true, true));
        assert!(!wants_progress(2, false, false));
    }

    #[test]
    fn a_hidden_bar_does_not_disturb_output() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut r = Reporter::new(&mut out, &mut err, false, 2, Some(ProgressBar::hidden()));
        r.record(&id("A"), &ok("A"));
        r.record(&id("B"), &ok("B"));
        assert_eq!(r.finish(), Exit::Ok);
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "2 instances: 2 logged out, 0 failed\n"
        );
    }
}

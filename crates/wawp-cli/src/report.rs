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
#[path = "tests/report.rs"]
mod tests;

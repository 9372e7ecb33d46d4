//! A `wawp` process the test talks to while it runs: real signals sent with
//! `kill`, output read from pipes, a bound on how long it may take.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use wawp_mock::MockServer;

use crate::common::{assert_no_token, json_lines};

/// A running `wawp`.
pub(crate) struct Running {
    child: Child,
    started: Instant,
    /// When the last signal was sent (just before `kill` ran).
    signalled: Cell<Option<Instant>>,
    stdout: Option<JoinHandle<String>>,
    stderr: JoinHandle<String>,
}

/// How it ended.
#[derive(Debug)]
pub(crate) struct Ended {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    /// From the last signal sent (just before `kill` ran) to exit: what a
    /// bound on how fast a signal is obeyed measures, rather than the time
    /// from the start, which also holds the start-up and the calls before
    /// the signal (a loaded machine stretches both).
    pub(crate) after_signal: Option<Duration>,
}

fn drain(mut from: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = from.read_to_end(&mut bytes);
        String::from_utf8(bytes).expect("UTF-8 output")
    })
}

impl Running {
    /// Starts `cmd` with stdin closed and both outputs captured.
    pub(crate) fn start(mut cmd: Command) -> Self {
        let started = Instant::now();
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("wawp starts");
        let stdout = child.stdout.take().map(drain);
        let stderr = drain(child.stderr.take().expect("stderr piped"));
        Self {
            child,
            started,
            signalled: Cell::new(None),
            stdout,
            stderr,
        }
    }

    /// Starts `cmd` with stdout left to the caller (piped) and stderr
    /// captured.
    pub(crate) fn start_reading(mut cmd: Command) -> (Self, std::process::ChildStdout) {
        let started = Instant::now();
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("wawp starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let stderr = drain(child.stderr.take().expect("stderr piped"));
        (
            Self {
                child,
                started,
                signalled: Cell::new(None),
                stdout: None,
                stderr,
            },
            stdout,
        )
    }

    /// Sends `signal` (`INT`, `TERM`) with `kill`, and returns once
    /// `wawp`'s main thread has taken it (where `/proc` shows that thread;
    /// at once elsewhere).
    ///
    /// Signals that arrive before that thread has taken the previous ones
    /// are merged into one (as with any Unix signal), so a second Ctrl-C
    /// sent a fixed time after the first could be lost on a loaded machine,
    /// and the run would then wait out its grace period instead of ending
    /// at once.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn signal(&self, signal: &str) {
        let pid = self.child.id();
        let before = signal_thread_switches(pid);
        self.signalled.set(Some(Instant::now()));
        let status = Command::new("kill")
            .args(["-s", signal, &pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -s {signal}");
        let Some(before) = before else { return };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            match signal_thread_switches(pid) {
                Some(now) if now > before => return,
                // Gone: the process ended.
                None => return,
                Some(_) => std::thread::sleep(Duration::from_millis(1)),
            }
        }
        panic!("wawp's runtime never took the SIG{signal}");
    }

    /// Waits for the exit, at most `limit` (then kills it and fails).
    pub(crate) fn wait(mut self, limit: Duration) -> Ended {
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if self.started.elapsed() > limit {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("wawp still running after {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let after_signal = self.signalled.get().map(|at| at.elapsed());
        let stdout = self
            .stdout
            .take()
            .map(|h| h.join().expect("stdout reader"))
            .unwrap_or_default();
        let stderr = self.stderr.join().expect("stderr reader");
        assert_no_token(&stdout, &stderr);
        assert!(!stderr.contains("panicked"), "a panic: {stderr}");
        Ended {
            code: status
                .code()
                .unwrap_or_else(|| panic!("killed by a signal: {status:?}\n{stderr}")),
            stdout,
            stderr,
            after_signal,
        }
    }
}

/// How many times `wawp`'s main thread, which drives the runtime that
/// takes the signals (src/signals.rs), has blocked (its voluntary context
/// switches, from `/proc`), or `None` when it cannot be seen (not Linux,
/// or the process is gone). It blocks waiting for events, so the count
/// goes up once it has taken those that woke it and waits again.
fn signal_thread_switches(pid: u32) -> Option<u64> {
    // The main thread drives the runtime that takes the signals: it wakes
    // (a voluntary switch) to take one.
    let status = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("voluntary_ctxt_switches:"))
        .and_then(|count| count.trim().parse().ok())
}

/// Waits until `server` has recorded at least `n` requests.
pub(crate) fn until_recorded(server: &MockServer, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.requests().len() < n {
        assert!(
            Instant::now() < deadline,
            "the simulator never saw {n} requests"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The ids the simulator recorded.
pub(crate) fn recorded(server: &MockServer) -> BTreeSet<String> {
    server
        .requests()
        .iter()
        .filter_map(|r| r.instance_id())
        .collect()
}

/// Each JSON line's id and outcome kind (`ok` for a success), checking that
/// every id in `expected` has exactly one line and that every error object
/// says whether it may have been sent, truthfully for the two kinds of an
/// interrupted run.
pub(crate) fn outcomes(stdout: &str, expected: &[String]) -> Vec<(String, String)> {
    let lines = json_lines(stdout);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for v in &lines {
        let id = v["instance_id"].as_str().expect("instance_id").to_owned();
        assert!(seen.insert(id.clone()), "{id} reported twice:\n{stdout}");
        let kind = if v["ok"] == true {
            "ok".to_owned()
        } else {
            let e = &v["error"];
            let maybe_sent = e["maybe_sent"]
                .as_bool()
                .expect("maybe_sent in every error");
            let kind = e["kind"].as_str().expect("kind").to_owned();
            match kind.as_str() {
                "not_started" => assert!(!maybe_sent, "{v}"),
                "interrupted" => assert!(maybe_sent, "{v}"),
                _ => {}
            }
            kind
        };
        out.push((id, kind));
    }
    let expected: BTreeSet<String> = expected.iter().cloned().collect();
    assert_eq!(seen, expected, "every id exactly once");
    out
}

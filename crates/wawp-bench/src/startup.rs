//! Whole-process start-up: `wawp logout --yes <id>` against the simulator
//! versus `curl -s -X POST <same url>`, each run spawned and waited for, the
//! commands interleaved (the first command rotates every round). Also the
//! bare process cost of each program (`--version`, no network).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::stats::Samples;

/// One command line to time. Its environment may hold the token: never
/// print `env` or, for curl, `args`.
pub(crate) struct Run {
    pub(crate) label: String,
    pub(crate) program: PathBuf,
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<(String, String)>,
    /// Text the standard output must contain on the checking run.
    pub(crate) expect: &'static str,
}

impl Run {
    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args).envs(self.env.iter().cloned());
        // Loopback only: no proxy may sit between a client and the simulator.
        for proxy in [
            "http_proxy",
            "HTTP_PROXY",
            "https_proxy",
            "HTTPS_PROXY",
            "all_proxy",
            "ALL_PROXY",
        ] {
            command.env_remove(proxy);
        }
        command
    }

    /// Runs once with output captured: it must succeed and print `expect`.
    /// `scrub` hides the token in whatever is reported.
    fn check(&self, scrub: &dyn Fn(&str) -> String) -> Result<(), String> {
        let out = self
            .command()
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{}: cannot start: {e}", self.label))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.success() && stdout.contains(self.expect) {
            return Ok(());
        }
        Err(scrub(&format!(
            "{}: {} (stdout {:?}, stderr {:?})",
            self.label,
            out.status,
            stdout.trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }

    fn timed(&self) -> Result<std::time::Duration, String> {
        let started = Instant::now();
        let status = self
            .command()
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{}: cannot start: {e}", self.label))?;
        let elapsed = started.elapsed();
        if !status.success() {
            return Err(format!("{}: {status}", self.label));
        }
        Ok(elapsed)
    }
}

/// Checks every run, warms each up, then times `runs` of each, interleaved.
pub(crate) fn measure(
    commands: &[Run],
    runs: usize,
    warmup: usize,
    scrub: &dyn Fn(&str) -> String,
    between_rounds: &dyn Fn(),
) -> Result<Vec<Samples>, String> {
    for run in commands {
        run.check(scrub)?;
        for _ in 0..warmup {
            run.timed()?;
        }
    }
    let mut samples: Vec<Samples> = commands
        .iter()
        .map(|_| Samples::with_capacity(runs))
        .collect();
    for round in 0..runs {
        for k in 0..commands.len() {
            let i = (round + k) % commands.len();
            samples[i].push(commands[i].timed()?);
        }
        between_rounds();
    }
    Ok(samples)
}

/// Whether `program --version` runs.
pub(crate) fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

//! Bulk runs of the `wawp` CLI, side by side in one run, against a
//! simulator holding every id:
//!
//! - `wawp logout --yes --concurrency 64 --from-file ids.txt` over N ids
//!   (10 000 by default): the whole process, wall time from spawn to exit;
//! - (a) the raw hyper 64-way loop (`raw_hyper`, a hyper-util client on a
//!   current-thread runtime in this process) over the same N calls, with a
//!   fresh client each round so that both sides open their connections;
//! - (b) `xargs -P 64` running `curl` once per id (skipped, with a note, if
//!   curl or xargs is missing);
//! - the peak resident memory of `wawp` over 100 000 ids (`VmHWM` in
//!   `/proc/<pid>/status`, sampled every 2 ms until the process exits).
//!
//! Goals: wawp ≥ 0.8× the raw loop's calls/s, ≥ 10× xargs-curl, peak RSS
//! < 64 MiB for 100 000 ids. Reported, never asserted.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use wawp_mock::{MockConfig, MockServer};

use crate::fixture::RawInputs;
use crate::raw_hyper::RawHyper;
use crate::subject::AsyncCall;
use crate::table::{Table, ratio};

/// How much to run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    /// Ids per wawp run and calls per raw round.
    pub(crate) ids: usize,
    /// Ids for the xargs-curl run (a process per id is slow).
    pub(crate) curl_ids: usize,
    /// Ids for the memory run.
    pub(crate) rss_ids: usize,
    /// Rounds per side (the median is reported).
    pub(crate) rounds: usize,
    /// `--concurrency` / tasks / `xargs -P`.
    pub(crate) width: usize,
}

/// One side's result.
struct Side {
    label: String,
    ids: usize,
    seconds: Vec<f64>,
}

impl Side {
    fn median_rate(&self) -> f64 {
        let mut s = self.seconds.clone();
        s.sort_by(f64::total_cmp);
        self.ids as f64 / s[s.len() / 2]
    }
}

/// A simulator with ids `B0000000…` and their list in a file.
struct Ids {
    server: MockServer,
    file: PathBuf,
    first: String,
}

impl Ids {
    fn new(n: usize, dir: &Path) -> Result<Self, String> {
        let ids: Vec<String> = (0..n).map(|i| format!("B{i:07}")).collect();
        let config = ids
            .iter()
            .fold(MockConfig::default().no_instances(), |c, id| {
                c.instance(id.clone(), "bulk")
            });
        let server = MockServer::try_start(config).map_err(|e| e.to_string())?;
        let file = dir.join(format!("ids-{n}.txt"));
        let mut text = String::with_capacity(n * 9);
        for id in &ids {
            text.push_str(id);
            text.push('\n');
        }
        std::fs::write(&file, text).map_err(|e| e.to_string())?;
        Ok(Self {
            server,
            file,
            first: ids[0].clone(),
        })
    }

    /// While `f` runs, forgets recorded requests every 50 ms so that the
    /// simulator's recorder does not grow with the run.
    fn forgetting<T>(&self, f: impl FnOnce() -> T) -> T {
        let done = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    self.server.clear_requests();
                    std::thread::sleep(Duration::from_millis(50));
                }
            });
            let out = f();
            done.store(true, Ordering::Relaxed);
            out
        })
    }
}

/// `wawp logout` over the ids in `file` against `server`: seconds taken
/// and the peak resident set in bytes, if it could be read.
fn run_wawp(
    wawp: &Path,
    ids: &Ids,
    width: usize,
    expected: usize,
) -> Result<(f64, Option<u64>), String> {
    let mut cmd = Command::new(wawp);
    cmd.args(["logout", "--yes"])
        .args(["--concurrency", &width.to_string()])
        .arg("--from-file")
        .arg(&ids.file)
        .env("WAWP_ACCESS_TOKEN", ids.server.token())
        .env("WAWP_BASE_URL", ids.server.base_url())
        .env("HOME", "/nonexistent")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for var in [
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "WAWP_ACCESS_TOKEN_FILE",
    ] {
        cmd.env_remove(var);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("cannot start wawp: {e}"))?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = None;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if let Some(hwm) = read_hwm(&status_path) {
            peak = Some(hwm);
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let seconds = started.elapsed().as_secs_f64();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
    }
    let summary = format!("{expected} instances: {expected} logged out, 0 failed");
    if !status.success() || !stderr.contains(&summary) {
        return Err(format!(
            "wawp: {status}: {}",
            stderr.lines().rev().take(3).collect::<Vec<_>>().join(" / ")
        ));
    }
    Ok((seconds, peak))
}

/// `VmHWM` (peak resident set) of a live process, in bytes.
fn read_hwm(status_path: &str) -> Option<u64> {
    let text = std::fs::read_to_string(status_path).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The raw hyper loop: `calls` calls over `width` tasks sharing a fresh
/// client; seconds taken.
fn run_raw(ids: &Ids, calls: usize, width: usize) -> Result<f64, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let inputs = RawInputs {
        base_url: ids.server.base_url(),
        token: ids.server.token().to_owned(),
        instance_id: ids.first.clone(),
    };
    let raw = {
        let _inside = runtime.enter();
        Arc::new(RawHyper::new(inputs))
    };
    runtime.block_on(async {
        let next = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..width {
            let (raw, next) = (Arc::clone(&raw), Arc::clone(&next));
            tasks.spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < calls {
                    raw.call().await?;
                }
                Ok::<(), String>(())
            });
        }
        while let Some(joined) = tasks.join_next().await {
            joined.map_err(|e| e.to_string())??;
        }
        Ok(started.elapsed().as_secs_f64())
    })
}

/// `xargs -P width` running `curl -s -X POST <url>` once per id of the
/// file; seconds taken.
fn run_xargs_curl(ids: &Ids, width: usize, curl_ids: usize, dir: &Path) -> Result<f64, String> {
    let text = std::fs::read_to_string(&ids.file).map_err(|e| e.to_string())?;
    let subset = dir.join("ids-curl.txt");
    let mut f = std::fs::File::create(&subset).map_err(|e| e.to_string())?;
    for line in text.lines().take(curl_ids) {
        writeln!(f, "{line}").map_err(|e| e.to_string())?;
    }
    drop(f);
    // The token is in curl's arguments: loopback and a test token only.
    let url = format!(
        "{}/v2/session/logout?instance_id={{}}&access_token={}",
        ids.server.base_url(),
        ids.server.token()
    );
    let input = std::fs::File::open(&subset).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let status = Command::new("xargs")
        .args([
            "-P",
            &width.to_string(),
            "-I{}",
            "curl",
            "-s",
            "-f",
            "-o",
            "/dev/null",
            "-X",
            "POST",
        ])
        .arg(url)
        .stdin(input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot start xargs: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("xargs curl: {status}"));
    }
    Ok(seconds)
}

fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs everything and returns the tables and notes to print.
pub(crate) fn measure(plan: Plan, wawp: &Path) -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("wawp-bench-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let result = measure_in(plan, wawp, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn measure_in(plan: Plan, wawp: &Path, dir: &Path) -> Result<String, String> {
    let ids = Ids::new(plan.ids, dir)?;
    let mut raw = Side {
        label: format!("raw hyper {}-way loop (in process)", plan.width),
        ids: plan.ids,
        seconds: Vec::new(),
    };
    let mut cli = Side {
        label: "wawp logout --from-file".to_owned(),
        ids: plan.ids,
        seconds: Vec::new(),
    };
    // Untimed once each: page cache, first connections of the simulator.
    ids.forgetting(|| run_raw(&ids, plan.ids.min(1000), plan.width))?;
    for round in 0..plan.rounds {
        eprintln!("bulk: round {} of {}…", round + 1, plan.rounds);
        raw.seconds
            .push(ids.forgetting(|| run_raw(&ids, plan.ids, plan.width))?);
        let (s, _) = ids.forgetting(|| run_wawp(wawp, &ids, plan.width, plan.ids))?;
        cli.seconds.push(s);
    }
    let curl = if available("curl") && available("xargs") {
        eprintln!(
            "bulk: xargs -P {} curl over {} ids…",
            plan.width, plan.curl_ids
        );
        let s = ids.forgetting(|| run_xargs_curl(&ids, plan.width, plan.curl_ids, dir))?;
        Some(Side {
            label: format!("xargs -P {} curl, one process per id", plan.width),
            ids: plan.curl_ids,
            seconds: vec![s],
        })
    } else {
        None
    };
    drop(ids);

    let raw_rate = raw.median_rate();
    let curl_rate = curl.as_ref().map(Side::median_rate);
    let mut t = Table::new(
        format!(
            "Bulk logouts at width {} against the simulator (calls/s, median of {} rounds; \
             wawp: the whole process, start to exit, output to /dev/null)",
            plan.width, plan.rounds
        ),
        &[
            "run",
            "ids",
            "seconds",
            "calls/s",
            "vs raw loop",
            "vs xargs-curl",
        ],
    );
    let mut row = |side: &Side| {
        let rate = side.median_rate();
        let mut s = side.seconds.clone();
        s.sort_by(f64::total_cmp);
        t.row(vec![
            side.label.clone(),
            side.ids.to_string(),
            format!("{:.2}", s[s.len() / 2]),
            format!("{rate:.0}"),
            ratio(rate / raw_rate),
            curl_rate.map_or("–".to_owned(), |c| format!("{:.1}×", rate / c)),
        ]);
    };
    row(&raw);
    row(&cli);
    if let Some(curl) = &curl {
        row(curl);
    }
    let mut out = t.render();
    out.push_str("\nGoals: wawp ≥ 0.8× the raw loop, ≥ 10× xargs-curl.\n");
    if curl.is_none() {
        out.push_str(
            "xargs-curl skipped: curl or xargs is not installed (on Debian: apt-get install -y curl)\n",
        );
    }

    eprintln!("bulk: peak memory over {} ids…", plan.rss_ids);
    let big = Ids::new(plan.rss_ids, dir)?;
    let mut m = Table::new(
        format!(
            "Peak resident memory of wawp over {} ids at --concurrency {} (VmHWM, sampled every 2 ms)",
            plan.rss_ids, plan.width
        ),
        &["run", "peak RSS (MiB)", "seconds"],
    );
    let (s, peak) = big.forgetting(|| run_wawp(wawp, &big, plan.width, plan.rss_ids))?;
    m.row(vec![
        "wawp logout --from-file".to_owned(),
        peak.map_or("unknown".to_owned(), |b| {
            format!("{:.1}", b as f64 / 1024.0 / 1024.0)
        }),
        format!("{s:.2}"),
    ]);
    out.push('\n');
    out.push_str(&m.render());
    out.push_str("\nGoal: under 64 MiB.\n");
    Ok(out)
}

//! The command line of `wawp-bench`.

use std::path::PathBuf;

pub(crate) const USAGE: &str = "usage: wawp-bench [--calls N] [--block N] [--warmup N]
                  [--width N] [--throughput-calls N] [--rounds N]
                  [--cli-runs N] [--wawp PATH] [--skip-cli] [--quick]
                  [--only hyper|reqwest|blocking] [--bulk-ids N] [--skip-bulk] [--bulk-only]

Side-by-side measurements on 127.0.0.1, against the in-process simulator:
  --calls N             timed sequential calls per side and transport (default 20000)
  --block N             calls per interleaved block (default 100)
  --warmup N            untimed calls per side first, on fresh clients (default 1000)
  --width N             calls in flight for the throughput runs (default 64)
  --throughput-calls N  calls per throughput round (default 12800)
  --rounds N            timed throughput rounds per side (default 10)
  --cli-runs N          whole-process runs per command (default 300)
  --wawp PATH           the wawp binary (default: next to this one)
  --skip-cli            no process start-up (nor bulk) measurements
  --bulk-ids N          ids per bulk `wawp logout --from-file` run (default 10000)
  --skip-bulk           no bulk CLI runs (wawp vs raw loop vs xargs-curl, peak RSS)
  --bulk-only           only the bulk CLI runs
  --only T              one transport only (hyper, reqwest or blocking), e.g. to profile
  --quick               small counts, to check that everything runs";

/// What to run, how much.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) calls: usize,
    pub(crate) block: usize,
    pub(crate) warmup: usize,
    pub(crate) width: usize,
    pub(crate) throughput_calls: usize,
    pub(crate) rounds: usize,
    pub(crate) cli_runs: usize,
    pub(crate) wawp: Option<PathBuf>,
    pub(crate) skip_cli: bool,
    pub(crate) only: Option<String>,
    pub(crate) bulk: crate::bulk::Plan,
    pub(crate) skip_bulk: bool,
    pub(crate) bulk_only: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            calls: 20_000,
            block: 100,
            warmup: 1000,
            width: 64,
            throughput_calls: 12_800,
            rounds: 10,
            cli_runs: 300,
            wawp: None,
            skip_cli: false,
            only: None,
            bulk: crate::bulk::Plan {
                ids: 10_000,
                curl_ids: 10_000,
                rss_ids: 100_000,
                rounds: 9,
                width: 64,
            },
            skip_bulk: false,
            bulk_only: false,
        }
    }
}

impl Options {
    /// Whether `transport` is to be measured.
    pub(crate) fn wants(&self, transport: &str) -> bool {
        self.only.as_deref().is_none_or(|t| t == transport)
    }

    pub(crate) fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut o = Self::default();
        while let Some(flag) = args.next() {
            let mut number = |name: &str| -> Result<usize, String> {
                let v = args.next().ok_or_else(|| format!("{name} needs a value"))?;
                match v.parse() {
                    Ok(n) if n > 0 => Ok(n),
                    _ => Err(format!("{name}: expected a positive number, not {v:?}")),
                }
            };
            match flag.as_str() {
                "--calls" => o.calls = number("--calls")?,
                "--block" => o.block = number("--block")?,
                "--warmup" => o.warmup = number("--warmup")?,
                "--width" => o.width = number("--width")?,
                "--throughput-calls" => o.throughput_calls = number("--throughput-calls")?,
                "--rounds" => o.rounds = number("--rounds")?,
                "--cli-runs" => o.cli_runs = number("--cli-runs")?,
                "--wawp" => {
                    let path = args.next().ok_or("--wawp needs a path")?;
                    o.wawp = Some(PathBuf::from(path));
                }
                "--skip-cli" => o.skip_cli = true,
                "--bulk-ids" => o.bulk.ids = number("--bulk-ids")?,
                "--skip-bulk" => o.skip_bulk = true,
                "--bulk-only" => o.bulk_only = true,
                "--only" => match args.next().as_deref() {
                    Some(t @ ("hyper" | "reqwest" | "blocking")) => o.only = Some(t.to_owned()),
                    other => {
                        return Err(format!("--only: hyper, reqwest or blocking, not {other:?}"));
                    }
                },
                "--quick" => {
                    o.calls = 400;
                    o.block = 20;
                    o.warmup = 100;
                    o.throughput_calls = 640;
                    o.rounds = 2;
                    o.cli_runs = 10;
                    o.bulk.rounds = 5;
                    o.bulk.curl_ids = 1000;
                }
                "-h" | "--help" => return Err(String::new()),
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(o)
    }
}

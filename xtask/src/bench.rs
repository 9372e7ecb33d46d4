//! `cargo xtask bench [-- <wawp-bench options>]`: core's criterion benches
//! and the CLI's (preparing a million-line id list), with short measurement
//! times, then the release `wawp` CLI and `wawp-bench`,
//! which measures the SDK against hand-written calls and `curl` on loopback
//! and prints the tables (see `docs/performance.md`). A few minutes on two
//! cores; nothing here is a test and nothing fails on a slow number.

use crate::ci::cargo;

/// Criterion's own options: enough samples for a stable median, short runs.
const CRITERION: [&str; 6] = [
    "--warm-up-time",
    "1",
    "--measurement-time",
    "2",
    "--sample-size",
    "50",
];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let passed = match args {
        [dashes, rest @ ..] if dashes == "--" => rest,
        all => all,
    };

    println!("\n==> core: request building and response parsing (criterion)");
    let mut core = vec!["bench", "-p", "wawp-core", "--bench", "core", "--"];
    core.extend(CRITERION);
    cargo(&core, &[])?;

    println!("\n==> wawp CLI: preparing --from-file lists up to 1 000 000 lines (criterion)");
    let mut cli = vec!["bench", "-p", "wawp-cli", "--bench", "prepare", "--"];
    cli.extend(CRITERION);
    cargo(&cli, &[])?;

    println!("\n==> release builds: the wawp CLI and the bench binary (same target directory)");
    cargo(
        &["build", "--release", "-p", "wawp-cli", "-p", "wawp-bench"],
        &[],
    )?;

    println!("\n==> SDK vs hand-written calls vs curl, on loopback");
    let mut bench = vec!["run", "--release", "--quiet", "-p", "wawp-bench", "--"];
    bench.extend(passed.iter().map(String::as_str));
    cargo(&bench, &[])
}

//! The fuzz crate (`fuzz/`, outside the workspace: cargo-fuzz builds it
//! with its own flags).
//!
//! - [`check`], part of `cargo xtask ci`: every fuzz target compiles on the
//!   stable toolchain without sanitizers, and is formatted, so the fuzz
//!   crate cannot fall behind the parsers it exercises.
//! - `cargo xtask fuzz [--secs N] [TARGET…]` ([`run`]): runs each target
//!   (default: all of them, as listed in `fuzz/Cargo.toml`) for N seconds
//!   (default 60), installing cargo-fuzz first if needed. Works on the
//!   stable toolchain: no sanitizer (wawp-rs has no `unsafe` code, so
//!   fuzzing looks for panics and broken invariants), and
//!   `RUSTC_BOOTSTRAP=1` for cargo-fuzz's flags.

use std::path::PathBuf;
use std::process::Command;

use crate::ci::root;

fn fuzz_dir() -> PathBuf {
    root().join("fuzz")
}

/// Compiles every fuzz target (and the crate's shared library) on the
/// current toolchain, warnings denied, and checks its formatting. Without
/// libFuzzer itself (`--no-default-features`), which is C++ and needed only
/// to link a target for running.
pub(crate) fn check() -> Result<(), String> {
    let manifest = fuzz_dir().join("Cargo.toml");
    let manifest = manifest.to_string_lossy();
    crate::ci::cargo(&["fmt", "--manifest-path", &manifest, "--check"], &[])?;
    crate::ci::cargo(
        &[
            "check",
            "--manifest-path",
            &manifest,
            "--lib",
            "--bins",
            "--no-default-features",
        ],
        &[("RUSTFLAGS", "-D warnings")],
    )
}

/// The fuzz targets: the `[[bin]]` names of `fuzz/Cargo.toml`.
fn targets() -> Result<Vec<String>, String> {
    let path = fuzz_dir().join("Cargo.toml");
    let manifest = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut in_bin = false;
    let mut names = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
        } else if let Some(value) = line.strip_prefix("name") {
            let name = value.trim_start().trim_start_matches('=').trim();
            if in_bin {
                names.push(name.trim_matches('"').to_owned());
            }
        }
    }
    Ok(names)
}

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    const USAGE: &str = "usage: cargo xtask fuzz [--secs N] [TARGET…]";
    let mut secs: u64 = 60;
    let mut chosen = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--secs" {
            let n = args.next().ok_or(USAGE)?;
            secs = n
                .parse()
                .map_err(|_| format!("--secs takes a number, not {n:?}"))?;
        } else if arg.starts_with('-') {
            return Err(USAGE.to_owned());
        } else {
            chosen.push(arg.clone());
        }
    }
    let all = targets()?;
    if let Some(unknown) = chosen.iter().find(|t| !all.contains(t)) {
        return Err(format!(
            "no fuzz target {unknown:?}; the targets are: {}",
            all.join(", ")
        ));
    }
    let chosen = if chosen.is_empty() { all } else { chosen };

    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        crate::ci::cargo(&["install", "cargo-fuzz", "--locked"], &[])?;
    }
    let mut summary = Vec::new();
    let mut failed = Vec::new();
    for target in &chosen {
        println!("\n==> cargo fuzz run {target} for {secs} s");
        // The corpus grows in fuzz/corpus (not committed); the seeds in
        // fuzz/seeds (committed) start it with well-formed inputs.
        let corpus = fuzz_dir().join("corpus").join(target);
        std::fs::create_dir_all(&corpus)
            .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
        let seeds = fuzz_dir().join("seeds").join(target);
        let mut command = Command::new("cargo");
        command
            .args(["fuzz", "run", "--sanitizer", "none", target])
            .arg(&corpus);
        if seeds.is_dir() {
            command.arg(&seeds);
        }
        let out = command
            .arg("--")
            .arg(format!("-max_total_time={secs}"))
            .env("RUSTC_BOOTSTRAP", "1")
            .current_dir(fuzz_dir())
            .output()
            .map_err(|e| format!("could not run cargo fuzz: {e}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let done = stderr
            .lines()
            .rev()
            .find(|l| l.starts_with("Done "))
            .unwrap_or("no summary line")
            .to_owned();
        let corpus =
            std::fs::read_dir(fuzz_dir().join("corpus").join(target)).map_or(0, |dir| dir.count());
        if out.status.success() {
            println!("{done}; corpus {corpus} inputs");
            summary.push(format!(
                "{target}: {done}, corpus {corpus} inputs, no findings"
            ));
        } else {
            eprintln!("{stderr}");
            summary.push(format!(
                "{target}: FAILED (see above and fuzz/artifacts/{target})"
            ));
            failed.push(target.as_str());
        }
    }
    println!("\nxtask fuzz:\n  {}", summary.join("\n  "));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fuzz targets found failures: {}",
            failed.join(", ")
        ))
    }
}

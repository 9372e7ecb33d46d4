//! `cargo xtask ci`: the build-and-test steps (fmt, clippy, tests, docs,
//! dependency trees, the facade and packaging checks), then the checks for
//! other targets, timed apart: wasm32, Windows, the MSRV, the fuzz
//! targets, and the release archive for this machine's own target. Each
//! step's time is printed as it ends and in a summary; a step this machine
//! cannot run is skipped with the reason.

use std::path::PathBuf;
use std::process::Command;

use crate::steps::{Done, Step, Steps};
use crate::targets;

/// Runs `cargo args…` in the workspace root, streaming its output.
pub(crate) fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    cargo_with(&cargo, args, env)
}

/// Runs `program args…` (a cargo) in the workspace root, streaming its
/// output.
pub(crate) fn cargo_with(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    println!("\n==> cargo {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

/// Output of `cargo args…`.
pub(crate) fn cargo_output(args: &[&str]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`cargo {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Crates that must not be in `package`'s normal dependency tree.
fn forbid(package: &str, forbidden: &[&str]) -> Result<(), String> {
    forbid_with(package, &[], forbidden)
}

/// Crates that must not be in `package`'s normal dependency tree when it
/// is built with the cargo arguments `features` (`--no-default-features`,
/// `--features …`).
pub(crate) fn forbid_with(
    package: &str,
    features: &[&str],
    forbidden: &[&str],
) -> Result<(), String> {
    let shown = features.join(" ");
    println!("\n==> cargo tree -p {package} {shown} -e normal (must not contain {forbidden:?})");
    let mut args = vec!["tree", "-p", package, "-e", "normal", "--prefix", "none"];
    args.extend(features);
    let tree = cargo_output(&args)?;
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        if forbidden.contains(&name) {
            return Err(format!("{package} {shown} depends on {name}: {line}"));
        }
    }
    println!("ok");
    Ok(())
}

/// The build-and-test group of steps, and the group of the checks for
/// other targets and toolchains.
const BUILD_AND_TEST: &str = "build and test";
const OTHER_TARGETS: &str = "other targets";

pub(crate) fn run() -> Result<(), String> {
    let mut steps = Steps::new();
    let result = all(&mut steps);
    steps.summary();
    result?;
    println!("\nxtask ci: all checks passed");
    Ok(())
}

/// Every step, in order; the build-and-test ones stop at the first
/// failure.
fn all(steps: &mut Steps) -> Result<(), String> {
    let ran = |result: Result<(), String>| result.map(|()| Done::Ran);
    steps.run(BUILD_AND_TEST, "fmt", || {
        ran(cargo(&["fmt", "--all", "--check"], &[]))
    })?;
    steps.run(
        BUILD_AND_TEST,
        "test layout",
        || ran(crate::layout::check()),
    )?;
    steps.run(BUILD_AND_TEST, "clippy", || {
        ran(cargo(
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        ))
    })?;
    steps.run(BUILD_AND_TEST, "test", || {
        ran(cargo(
            &["test", "--workspace", "--all-features", "--no-fail-fast"],
            &[],
        ))
    })?;
    steps.run(BUILD_AND_TEST, "doc", || {
        ran(cargo(
            &["doc", "--workspace", "--no-deps", "--all-features"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        ))
    })?;
    steps.run(BUILD_AND_TEST, "dependency trees", || ran(trees()))?;
    steps.run(BUILD_AND_TEST, "facade", || ran(crate::facade::run()))?;
    steps.run(BUILD_AND_TEST, "package", || ran(crate::package::run()))?;
    other_targets(steps)
}

/// `cargo xtask targets`: the checks for other targets alone, timed.
pub(crate) fn targets_only() -> Result<(), String> {
    let mut steps = Steps::new();
    let result = other_targets(&mut steps);
    steps.summary();
    result
}

/// The checks for other targets and toolchains.
fn other_targets(steps: &mut Steps) -> Result<(), String> {
    // Each of these is independent of the others: all run, and every
    // failure is reported.
    let others: [(&str, Step); 5] = [
        ("wasm32", targets::wasm),
        ("windows", targets::windows),
        ("msrv", targets::msrv_check),
        ("fuzz build", || crate::fuzz::check().map(|()| Done::Ran)),
        ("dist (this machine's target)", || {
            crate::dist::run(&["--host".to_owned()])
        }),
    ];
    let failed: Vec<String> = others
        .into_iter()
        .filter_map(|(name, step)| steps.run(OTHER_TARGETS, name, step).err())
        .collect();
    if !failed.is_empty() {
        return Err(format!("other targets failed:\n  {}", failed.join("\n  ")));
    }
    Ok(())
}

/// The dependency-tree invariants: no I/O crate under core, no async
/// runtime under the blocking transport.
fn trees() -> Result<(), String> {
    let io = [
        "tokio",
        "hyper",
        "hyper-util",
        "reqwest",
        "ureq",
        "mio",
        "socket2",
    ];
    forbid("wawp-core", &io)?;
    if tree_has("wawp-blocking") {
        forbid(
            "wawp-blocking",
            &["tokio", "hyper", "hyper-util", "reqwest", "mio"],
        )?;
    }
    Ok(())
}

fn tree_has(package: &str) -> bool {
    root()
        .join("crates")
        .join(package)
        .join("Cargo.toml")
        .exists()
}

//! `cargo xtask ci`.

use std::path::PathBuf;
use std::process::Command;

/// Runs `cargo args…` in the workspace root, streaming its output.
pub(crate) fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    println!("\n==> cargo {}", args.join(" "));
    let status = Command::new(cargo)
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

pub(crate) fn run() -> Result<(), String> {
    cargo(&["fmt", "--all", "--check"], &[])?;
    cargo(
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
    )?;
    cargo(
        &["test", "--workspace", "--all-features", "--no-fail-fast"],
        &[],
    )?;
    cargo(
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    crate::fuzz::check()?;
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
    crate::facade::run()?;
    crate::package::run()?;
    println!("\nxtask ci: all checks passed");
    Ok(())
}

fn tree_has(package: &str) -> bool {
    root()
        .join("crates")
        .join(package)
        .join("Cargo.toml")
        .exists()
}

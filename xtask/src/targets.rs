//! `cargo xtask ci`'s checks for other targets and toolchains, each
//! skipped — saying so — where this machine lacks what it needs
//! (`.ci/run` installs it): wasm32, Windows, and the MSRV.

use std::path::Path;
use std::process::Command;

use crate::ci::{cargo, root};
use crate::steps::Done;

/// The library crates users build on, checked on every target they
/// support.
pub(crate) const LIBRARIES: &[&str] = &[
    "wawp-core",
    "wawp-rustls",
    "wawp-hyper",
    "wawp-reqwest",
    "wawp-blocking",
    "wawp",
];

const WASM: &str = "wasm32-unknown-unknown";
const WINDOWS: &str = "x86_64-pc-windows-gnu";
/// The C compiler ring's build needs for Windows.
pub(crate) const MINGW_CC: &str = "x86_64-w64-mingw32-gcc";

/// Whether `program` runs here.
pub(crate) fn has_program(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether the standard library for `target` is installed for
/// `toolchain` (`None`: the one cargo runs with).
pub(crate) fn has_target(toolchain: Option<&str>, target: &str) -> bool {
    let mut rustc = Command::new("rustc");
    if let Some(toolchain) = toolchain {
        rustc.arg(format!("+{toolchain}"));
    }
    let Ok(out) = rustc.args(["--print", "sysroot"]).output() else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    out.status.success()
        && Path::new(&sysroot)
            .join("lib/rustlib")
            .join(target)
            .exists()
}

/// The toolchain `rust-version` in the workspace's `Cargo.toml` names.
pub(crate) fn msrv() -> Result<String, String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("Cargo.toml: {e}"))?;
    manifest
        .lines()
        .find_map(|line| line.trim().strip_prefix("rust-version = "))
        .map(|v| v.trim_matches('"').to_owned())
        .ok_or_else(|| "Cargo.toml has no workspace rust-version".to_owned())
}

/// wasm32-unknown-unknown: core (with `tracing`), the facade without a
/// transport, and the `fetch` example, clippy-clean for that target; the
/// example is also built (linked), as a user's would be.
pub(crate) fn wasm() -> Result<Done, String> {
    if !has_target(None, WASM) {
        return Ok(Done::Skipped(format!(
            "the {WASM} target is not installed (rustup target add {WASM})"
        )));
    }
    let target = ["--target", WASM];
    let crates = ["-p", "wawp-core", "-p", "wawp", "-p", "wawp-wasm-fetch"];
    let mut clippy = vec!["clippy"];
    clippy.extend(target);
    clippy.extend(crates);
    clippy.extend([
        "--no-default-features",
        "--features",
        "wawp/tracing",
        "--",
        "-D",
        "warnings",
    ]);
    cargo(&clippy, &[])?;
    cargo(&["build", "--target", WASM, "-p", "wawp-wasm-fetch"], &[])?;
    Ok(Done::Ran)
}

/// x86_64-pc-windows-gnu: the library crates and the CLI, clippy-clean for
/// Windows. ring's build needs MinGW's C compiler.
pub(crate) fn windows() -> Result<Done, String> {
    if !has_target(None, WINDOWS) {
        return Ok(Done::Skipped(format!(
            "the {WINDOWS} target is not installed (rustup target add {WINDOWS})"
        )));
    }
    if !has_program(MINGW_CC) {
        return Ok(Done::Skipped(format!(
            "no {MINGW_CC}, which ring's build needs (Debian: gcc-mingw-w64-x86-64)"
        )));
    }
    let mut args = vec!["clippy", "--target", WINDOWS];
    for name in LIBRARIES.iter().chain(&["wawp-cli"]) {
        args.extend(["-p", name]);
    }
    args.extend(["--", "-D", "warnings"]);
    cargo(&args, &[])?;
    Ok(Done::Ran)
}

/// The MSRV: the library crates and the CLI build with the toolchain
/// `rust-version` names (with the versions in `Cargo.lock`).
pub(crate) fn msrv_check() -> Result<Done, String> {
    let version = msrv()?;
    if !has_target(Some(&version), &crate::dist::host()?) {
        return Ok(Done::Skipped(format!(
            "the {version} toolchain is not installed (rustup toolchain install {version} --profile minimal)"
        )));
    }
    let toolchain = format!("+{version}");
    let mut args = vec![toolchain.as_str(), "check", "--locked"];
    for name in LIBRARIES.iter().chain(&["wawp-cli"]) {
        args.extend(["-p", name]);
    }
    args.push("--all-features");
    // rustup's cargo proxy picks the toolchain from `+VERSION`; the
    // running cargo's own path would not.
    crate::ci::cargo_with("cargo", &args, &[])?;
    Ok(Done::Ran)
}

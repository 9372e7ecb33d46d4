//! `cargo xtask fuzz [--secs N]`: runs each cargo-fuzz target for N seconds
//! (default 60), installing cargo-fuzz first if needed. Works on the stable
//! toolchain: no sanitizer, and `RUSTC_BOOTSTRAP=1` for cargo-fuzz's flags.

use std::process::Command;

use crate::ci::root;

const TARGETS: [&str; 2] = ["parse_response", "validate_input"];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let secs = match args {
        [] => 60,
        [flag, n] if flag == "--secs" => n
            .parse()
            .map_err(|_| format!("--secs takes a number, not {n:?}"))?,
        _ => return Err("usage: cargo xtask fuzz [--secs N]".to_owned()),
    };
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        crate::ci::cargo(&["install", "cargo-fuzz", "--locked"], &[])?;
    }
    let mut summary = Vec::new();
    for target in TARGETS {
        println!("\n==> cargo fuzz run {target} for {secs} s");
        let out = Command::new("cargo")
            .args(["fuzz", "run", "--sanitizer", "none", target, "--"])
            .arg(format!("-max_total_time={secs}"))
            .env("RUSTC_BOOTSTRAP", "1")
            .current_dir(root().join("fuzz"))
            .output()
            .map_err(|e| format!("could not run cargo fuzz: {e}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let done = stderr
            .lines()
            .rev()
            .find(|l| l.starts_with("Done "))
            .unwrap_or("no summary line")
            .to_owned();
        if !out.status.success() {
            eprintln!("{stderr}");
            return Err(format!(
                "fuzz target {target} found a failure (see above and fuzz/artifacts/{target})"
            ));
        }
        println!("{done}");
        summary.push(format!("{target}: {done}, no findings"));
    }
    println!("\nxtask fuzz:\n  {}", summary.join("\n  "));
    Ok(())
}

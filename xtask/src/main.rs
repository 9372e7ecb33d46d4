//! `cargo xtask <task>`: the project's automation, in Rust so it runs wherever
//! cargo does.
//!
//! - `ci`    — fmt check, clippy `-D warnings`, every test, docs with warnings
//!   denied, every test file compiled (`layout.rs`), the dependency-tree
//!   invariants, the facade and packaging
//!   checks (`cargo package` of every published crate; see `package.rs`);
//!   then, timed apart, wasm32, Windows and MSRV checks and this machine's
//!   release archive (see `ci.rs`). Each step's time is printed.
//! - `package` — the packaging checks alone.
//! - `layout` — the test-layout check alone.
//! - `targets` — `ci`'s checks for other targets alone (wasm32, Windows,
//!   MSRV, this machine's release archive), timed.
//! - `facade` — the `wawp` facade's checks alone: it re-exports all of
//!   core, each of its feature sets compiles, the blocking one has no
//!   async runtime in its tree, each build has one crypto provider (and a
//!   transport without its provider features none).
//! - `demo`  — a real logout through each transport, a documented error,
//!   and a `wawp relink` with its QR code drawn, against the embedded
//!   simulator (no network, no account).
//! - `bench [-- ARGS]` — core's criterion benches, then the SDK against
//!   hand-written calls and `curl` on loopback (`crates/wawp-bench`).
//! - `fuzz [--secs N]` — every cargo-fuzz target for N seconds each.
//! - `dist [--host]` — release archives of the `wawp` command for every
//!   target this machine can build, with SHA-256 sums (`dist.rs`).

#![allow(clippy::print_stdout)]

mod bench;
mod ci;
mod demo;
mod dist;
mod facade;
mod fuzz;
mod layout;
mod package;
mod steps;
mod targets;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <ci | package | layout | targets | facade | demo | bench [-- ARGS] | fuzz [--secs N] | dist [--host]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(),
        Some("package") => package::run(),
        Some("layout") => layout::check(),
        Some("targets") => ci::targets_only(),
        Some("facade") => facade::run(),
        Some("demo") => demo::run(),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("dist") => dist::run(&args[1..]).map(|_| ()),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

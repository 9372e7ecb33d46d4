//! `cargo xtask <task>`: the project's automation, in Rust so it runs wherever
//! cargo does.
//!
//! - `ci`    — fmt check, clippy `-D warnings`, every test, docs with warnings
//!   denied, the dependency-tree invariants, and the packaging checks
//!   (`cargo package` of every published crate; see `package.rs`).
//! - `package` — the packaging checks alone.
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

#![allow(clippy::print_stdout)]

mod bench;
mod ci;
mod demo;
mod facade;
mod fuzz;
mod package;

use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask <ci | package | facade | demo | bench [-- ARGS] | fuzz [--secs N]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(),
        Some("package") => package::run(),
        Some("facade") => facade::run(),
        Some("demo") => demo::run(),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
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

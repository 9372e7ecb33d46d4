//! `wawp-bench`: does the SDK cost anything over writing the call by hand?
//!
//! **What it is.** A measurement program, run by `cargo xtask bench`. In one
//! run, against the `wawp-mock` simulator on 127.0.0.1, it compares side by
//! side, for each transport, the SDK's `client.logout(&id)` with a
//! hand-written call using the same library (hyper-util's legacy client,
//! `reqwest::Client`, `ureq::Agent`) that sends the same request (checked on
//! the wire first) and decodes the same JSON with serde:
//! - sequential latency, median and p99, SDK and raw interleaved in blocks;
//! - 64-way concurrent throughput for the async transports;
//! - TCP connections opened per 1 000 calls;
//! - whole-process start-up of the `wawp` binary versus `curl`, and its size;
//! - bulk `wawp logout --from-file` runs versus the raw hyper 64-way loop
//!   and `xargs -P 64 curl`, and wawp's peak memory over 100 000 ids
//!   (`bulk`).
//!
//! It prints Markdown tables (see `docs/performance.md`). It never prints
//! the access token.
//!
//! **What it is not.** A test: it asserts nothing about timings and is not
//! run by `cargo test`. Nor a load test of anything but loopback. Core's own
//! per-call costs (build, parse, allocations) are criterion benches in
//! `crates/wawp-core/benches`.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod bulk;
mod commands;
mod concurrent;
mod fixture;
mod machine;
mod options;
mod raw;
mod raw_hyper;
mod raw_reqwest;
mod raw_ureq;
mod report;
mod sdk;
mod sequential;
mod startup;
mod stats;
mod subject;
mod table;
mod transports;

use std::process::ExitCode;

use crate::fixture::Fixture;
use crate::options::{Options, USAGE};

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("wawp-bench: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let fixture = match Fixture::start() {
        Ok(f) => f,
        Err(message) => {
            eprintln!("wawp-bench: cannot start the simulator: {message}");
            return ExitCode::FAILURE;
        }
    };
    match run(&options, &fixture) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Errors may quote a URL: never let the token through.
            let message = message.replace(fixture.server.token(), "[redacted]");
            eprintln!("wawp-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(o: &Options, fixture: &Fixture) -> Result<(), String> {
    println!("# wawp-bench\n");
    println!("machine: {}", machine::describe());
    println!(
        "simulator: {} (loopback, HTTP/1.1 keep-alive, current-thread runtime on its own thread)\n",
        fixture.server.base_url()
    );

    if o.bulk_only {
        let wawp = commands::find_wawp(o.wawp.as_deref())?;
        return bulk_runs(o, &wawp);
    }
    let measured = transports::measure_all(o, fixture)?;
    println!("{}", report::latency(o, &measured).render());
    println!("{}", report::throughput(o, &measured).render());
    println!("{}", report::connections(o, &measured).render());

    if o.skip_cli {
        return Ok(());
    }
    let wawp = match commands::find_wawp(o.wawp.as_deref()) {
        Ok(path) => path,
        Err(why) => {
            println!("CLI start-up: skipped: {why}");
            return Ok(());
        }
    };
    let (runs, baseline, note) = commands::runs(&wawp, fixture);
    eprintln!(
        "CLI start-up: {} runs of {} commands…",
        o.cli_runs,
        runs.len()
    );
    let token = fixture.server.token().to_owned();
    let scrub = move |text: &str| text.replace(&token, "[redacted]");
    let samples = startup::measure(&runs, o.cli_runs, 5, &scrub, &|| {
        fixture.forget_requests();
    })?;
    let labels: Vec<String> = runs.iter().map(|r| r.label.clone()).collect();
    println!(
        "{}",
        report::startup(o.cli_runs, &labels, &samples, baseline).render()
    );
    if let Some(note) = note {
        println!("{note}\n");
    }
    let size = std::fs::metadata(&wawp).map_or(0, |m| m.len());
    println!(
        "wawp binary: {:.2} MiB ({size} bytes), {}",
        size as f64 / 1024.0 / 1024.0,
        wawp.display()
    );
    if o.skip_bulk {
        return Ok(());
    }
    println!();
    bulk_runs(o, &wawp)
}

/// The bulk CLI runs (`bulk`).
fn bulk_runs(o: &Options, wawp: &std::path::Path) -> Result<(), String> {
    println!("{}", bulk::measure(o.bulk, wawp)?);
    Ok(())
}

//! The simulator's integration tests: semantics, behaviours, lifecycle, TLS, the binary.
//!
//! One binary for all of them, so the crate links once: a new test file
//! needs a `mod` line here.

mod common;

mod behaviours;
mod binary;
mod lifecycle;
mod robustness;
mod semantics;
mod session_api;
mod tls;

//! wawp-hyper's integration tests: the conformance suite, constructors, its pool, networks.
//!
//! One binary for all of them, so the crate links once: a new test file
//! needs a `mod` line here.

mod support;

mod conformance;
mod constructors;
mod network;
mod stale;
mod transport;

//! wawp-blocking's integration tests: the conformance suite, connections, crypto providers, networks.
//!
//! One binary for all of them, so the crate links once: a new test file
//! needs a `mod` line here.

mod conformance;
mod connections;
mod network;
mod provider;
mod trust_variables;
mod user_agent_config;

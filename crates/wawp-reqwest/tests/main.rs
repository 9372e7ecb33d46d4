//! wawp-reqwest's integration tests: the conformance suite, a user's own client, networks.
//!
//! One binary for all of them, so the crate links once: a new test file
//! needs a `mod` line here.

mod conformance;
mod fresh_connection;
mod network;
mod user_client;

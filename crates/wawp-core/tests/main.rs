//! wawp-core's integration tests: requests, responses, errors, clients, redaction.
//!
//! One binary for all of them, so the crate links once: a new test file
//! needs a `mod` line here.

mod builder;
mod captures;
mod client;
mod endpoints;
mod error_chain;
mod from_env;
mod input;
mod lifecycle_responses;
mod parser_never_panics;
mod phone;
mod redaction;
mod request;
mod responses;
mod session_api;
mod tracing;

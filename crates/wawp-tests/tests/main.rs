//! The cross-transport tests: the three transports against the simulator, side by side.
//!
//! One binary for all of them, so the crate links once: a new test file
//! needs a `mod` line here.

mod common;

mod cross_transport;
mod custom_root;
mod environment;
mod load;
mod repeat_rule;
mod retry;
mod session_api;
mod tls;

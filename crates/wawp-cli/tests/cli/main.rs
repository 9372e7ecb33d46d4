//! End-to-end tests: the real `wawp` binary against the `wawp-mock`
//! simulator on 127.0.0.1. Every run also checks that the access token
//! appears on neither stdout nor stderr.

mod account;
mod bulk;
mod common;
mod confirm;
mod exit_codes;
#[cfg(target_os = "linux")]
mod hanging_dns;
mod ids;
mod inputs;
mod insecure;
#[cfg(unix)]
mod interrupt;
mod json;
#[cfg(unix)]
mod lifecycle;
mod misc;
mod network;
#[cfg(unix)]
mod pty;
#[cfg(unix)]
mod qr;
#[cfg(unix)]
mod relink;
#[cfg(unix)]
mod remote;
#[cfg(unix)]
mod running;
mod secrets;
#[cfg(unix)]
mod terminal;
#[cfg(unix)]
mod watching;

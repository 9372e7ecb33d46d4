//! `wawp`: log Wawp WhatsApp instances out from the command line.

mod args;
mod confirm;
mod exit;
mod hint;
mod ids;
mod output;
mod report;
mod token;

fn main() {}

//! `wawp`: log Wawp WhatsApp instances out from the command line.
//!
//! The binary's modules, one concept each: [`args`] (the clap model),
//! [`run`] (the `logout` flow), [`ids`], [`token`], [`settings`] (flags onto
//! `wawp_core::Config`), [`confirm`], [`transport`], [`report`], [`output`],
//! [`hint`] and [`exit`].

mod args;
mod confirm;
mod exit;
mod hint;
mod ids;
mod output;
mod report;
mod run;
mod settings;
mod token;
mod transport;

use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use crate::args::{Cli, Command};
use crate::token::Given;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Logout(args) => {
            let given = matches
                .subcommand_matches("logout")
                .and_then(|m| m.value_source("access_token"))
                .map(|source| match source {
                    ValueSource::EnvVariable => Given::Environment,
                    _ => Given::CommandLine,
                });
            run::logout(*args, given).into()
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "wawp", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

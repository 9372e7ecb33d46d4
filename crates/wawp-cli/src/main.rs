//! `wawp`: log Wawp WhatsApp instances out from the command line.
//!
//! The binary's modules, one concept each: [`args`] (the clap model),
//! [`run`] (the `logout` flow), [`list`] (bounded id lists), [`ids`],
//! [`token`], [`settings`] (flags onto `wawp_core::Config`), [`confirm`],
//! [`transport`] and [`engine`] (where the calls run), [`supervise`] (the
//! main thread during a run), [`signals`], [`outcome`], [`report`],
//! [`output`], [`escape`], [`hint`], [`unfinished`], [`verbose`], [`man`]
//! and [`exit`].
//!
//! Invariants: every id given is reported exactly once, whatever happens
//! (signals, a closed pipe, a stuck call); the process ends within the
//! timeout plus a second; nothing is printed with `print!`/`eprintln!`,
//! which panic on a closed stream; the token is never printed.

mod args;
mod confirm;
mod engine;
mod escape;
mod exit;
mod hint;
mod ids;
mod list;
mod man;
mod outcome;
mod output;
mod report;
mod run;
mod settings;
mod signals;
mod supervise;
mod token;
mod transport;
mod unfinished;
mod verbose;

use std::io::Write;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::args::{Cli, Command};
use crate::exit::Exit;
use crate::token::Given;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Logout(args) => {
            let logout = matches.subcommand_matches("logout");
            let sources = run::Sources {
                token: logout.and_then(|m| source(m, "access_token")),
                token_file: logout.and_then(|m| source(m, "access_token_file")),
            };
            run::logout(*args, sources).into()
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "wawp", &mut script);
            print_all(&script).into()
        }
        Command::Man { page, dir } => man::run(page.as_deref(), dir.as_deref()).into(),
    }
}

/// Where clap found the value of `id`.
fn source(matches: &ArgMatches, id: &str) -> Option<Given> {
    matches.value_source(id).map(|source| match source {
        ValueSource::EnvVariable => Given::Environment,
        _ => Given::CommandLine,
    })
}

/// Writes `bytes` to standard output. A closed pipe (`| head`) is not an
/// error worth a message: exit 141 as a process killed by SIGPIPE would.
pub(crate) fn print_all(bytes: &[u8]) -> Exit {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::ClosedOutput,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: cannot write: {e}");
            Exit::Transport
        }
    }
}

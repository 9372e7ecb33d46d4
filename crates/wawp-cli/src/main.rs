//! `wawp`: manage Wawp WhatsApp instances' sessions from the command line.
//!
//! The binary's modules, one concept each: [`args`] (the clap model),
//! [`op`] (what each bulk command calls, and its words), [`run`] (checks,
//! confirmation, then the run), [`client`] (the client and the one
//! runtime), [`engine`] (a bulk run's calls and their accounting),
//! [`calls`] (one call at a time, interruptible), [`signals`], [`flows`]
//! (`qr` watching one instance, `relink`), [`remote`] (`relink --link`),
//! [`account`] (the account side's checks and output), [`save`]
//! (`--save-responses`), [`watch`] (waiting for a phone to link an
//! instance), [`qrdraw`] (QR codes in half blocks), [`png`] (`qr --png`),
//! [`files`] (written whole), [`list`] (bounded id lists), [`ids`],
//! [`token`], [`settings`] (flags onto `wawp::Config`), [`confirm`],
//! [`outcome`], [`report`], [`output`], [`escape`], [`hint`],
//! [`unfinished`], [`verbose`], [`man`] and [`exit`]. Their unit tests are
//! in `src/tests/`, a file per module.
//!
//! Invariants: every id given is reported exactly once, whatever happens
//! (signals, a closed pipe, a stuck call); the process ends within the
//! timeout plus a second; nothing is printed with `print!`/`eprintln!`,
//! which panic on a closed stream; the token is never printed.

mod account;
mod args;
mod calls;
mod client;
mod confirm;
mod engine;
mod escape;
mod exit;
mod files;
mod flows;
mod hint;
mod ids;
mod list;
mod man;
mod op;
mod outcome;
mod output;
mod png;
mod qrdraw;
mod remote;
mod report;
mod run;
mod save;
mod settings;
mod signals;
mod token;
mod unfinished;
mod verbose;
mod watch;

use std::io::Write;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};
use wawp::{PhoneNumber, PolicySlug};

use crate::args::{Cli, Command, ConfirmedArgs, Connection, RunArgs};
use crate::exit::Exit;
use crate::op::Operation;
use crate::run::{Bulk, Sources};
use crate::token::Given;

fn main() -> ExitCode {
    #[cfg(unix)]
    forbid_core_dumps();
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // Global options: clap knows where each came from at the top.
    let sources = Sources {
        token: source(&matches, "access_token"),
        token_file: source(&matches, "access_token_file"),
    };
    let connection = cli.connection;
    let exit = match cli.command {
        Command::Info(args) => plain(*args, connection, sources, Operation::Info),
        Command::Start(args) => plain(*args, connection, sources, Operation::Start),
        Command::Stop(args) => confirmed(*args, connection, sources, Operation::Stop),
        Command::Restart(args) => confirmed(*args, connection, sources, Operation::Restart),
        Command::Logout(args) => confirmed(*args, connection, sources, Operation::Logout),
        Command::Delete(args) => confirmed(*args, connection, sources, Operation::Delete),
        Command::Pair(args) => match PhoneNumber::new(&args.phone) {
            Ok(phone) => plain(args.run, connection, sources, Operation::Pair(phone)),
            Err(e) => usage(&format!("invalid --phone: {e}")),
        },
        Command::Me(args) => plain(*args, connection, sources, Operation::Me),
        Command::Link(args) => plain(args.run, connection, sources, Operation::Link(args.action)),
        Command::Policy(args) => match args.set.as_deref().map(PolicySlug::new) {
            None => plain(args.run, connection, sources, Operation::Policy),
            Some(Ok(slug)) => asking(
                args.run,
                args.yes,
                connection,
                sources,
                Operation::SetPolicy(slug),
            ),
            Some(Err(e)) => usage(&format!("invalid --set: {e}")),
        },
        Command::Webhooks(args) => match args.set.as_deref().map(account::webhook_file) {
            None => plain(args.run, connection, sources, Operation::Webhooks),
            Some(Ok(hooks)) => asking(
                args.run,
                args.yes,
                connection,
                sources,
                Operation::SetWebhooks(hooks),
            ),
            Some(Err(e)) => usage(&e),
        },
        Command::Create(args) => match account::check_names(args.targets.ids.iter()) {
            Ok(()) => {
                let bulk = Bulk {
                    targets: args.targets,
                    timeout: args.timeout.0,
                    connection,
                    yes: None,
                };
                // The names of a --from-file list too, before anything is sent.
                let make = |names: &[wawp::InstanceId]| {
                    account::check_names(names.iter().map(wawp::InstanceId::as_str))
                        .map(|()| Operation::Create)
                };
                run::bulk(bulk, sources, "create", &make)
            }
            Err(e) => usage(&e),
        },
        Command::Qr(args) => flows::qr(*args, connection, sources),
        Command::Relink(args) => {
            let timeout_given = matches
                .subcommand_matches("relink")
                .and_then(|m| m.value_source("timeout"))
                .is_some_and(|source| source != ValueSource::DefaultValue);
            flows::relink(*args, connection, sources, timeout_given)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "wawp", &mut script);
            print_all(&script)
        }
        Command::Man { page, dir } => man::run(page.as_deref(), dir.as_deref()),
    };
    exit.into()
}

/// No core file, whatever ends the process: one would hold the token. The
/// hard limit too, so nothing in the process raises it again; and on Linux
/// the process is not dumpable (nor open to `ptrace` by other processes of
/// the user). Best effort: a system that refuses leaves the defaults.
#[cfg(unix)]
fn forbid_core_dumps() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let none = Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    let _ = setrlimit(Resource::Core, none);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}

/// A bulk command that asks nothing first.
fn plain(args: RunArgs, connection: Connection, sources: Sources, op: Operation) -> Exit {
    bulk(args, None, connection, sources, op)
}

/// A bulk command confirmed first.
fn confirmed(args: ConfirmedArgs, connection: Connection, sources: Sources, op: Operation) -> Exit {
    bulk(args.run, Some(args.yes), connection, sources, op)
}

/// A bulk command confirmed first, unless `yes`.
fn asking(
    args: RunArgs,
    yes: bool,
    connection: Connection,
    sources: Sources,
    op: Operation,
) -> Exit {
    bulk(args, Some(yes), connection, sources, op)
}

/// Runs `op` over `args`' instances; `yes` for the commands that ask.
fn bulk(
    args: RunArgs,
    yes: Option<bool>,
    connection: Connection,
    sources: Sources,
    op: Operation,
) -> Exit {
    let verb = op.words().verb;
    let bulk = Bulk {
        targets: args.targets,
        timeout: args.timeout.0,
        connection,
        yes,
    };
    run::bulk(bulk, sources, verb, &move |_| Ok(op.clone()))
}

/// A usage error: said, exit 2.
fn usage(message: &str) -> Exit {
    run::say(&format!("error: {message}"));
    Exit::Usage
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

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

use crate::args::{Cli, Command, Connection, RunArgs};
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
    dispatch(cli, &matches, sources).into()
}

/// Runs the command. A bulk command is its arguments, its `--yes` (for
/// those that ask) and the [`Operation`] it makes for each instance.
fn dispatch(cli: Cli, matches: &ArgMatches, sources: Sources) -> Exit {
    let connection = cli.connection;
    let (args, yes, op) = match cli.command {
        Command::Info(args) => (*args, None, Operation::Info),
        Command::Start(args) => (*args, None, Operation::Start),
        Command::Stop(args) => (args.run, Some(args.yes), Operation::Stop),
        Command::Restart(args) => (args.run, Some(args.yes), Operation::Restart),
        Command::Logout(args) => (args.run, Some(args.yes), Operation::Logout),
        Command::Delete(args) => (args.run, Some(args.yes), Operation::Delete),
        Command::Pair(args) => match PhoneNumber::new(&args.phone) {
            Ok(phone) => (args.run, None, Operation::Pair(phone)),
            Err(e) => return usage(&format!("invalid --phone: {e}")),
        },
        Command::Me(args) => (*args, None, Operation::Me),
        Command::Link(args) => (args.run, None, Operation::Link(args.action)),
        Command::Policy(args) => match args.set.as_deref().map(PolicySlug::new) {
            None => (args.run, None, Operation::Policy),
            Some(Ok(slug)) => (args.run, Some(args.yes), Operation::SetPolicy(slug)),
            Some(Err(e)) => return usage(&format!("invalid --set: {e}")),
        },
        Command::Webhooks(args) => match args.set.as_deref().map(account::webhook_file) {
            None => (args.run, None, Operation::Webhooks),
            Some(Ok(hooks)) => (args.run, Some(args.yes), Operation::SetWebhooks(hooks)),
            Some(Err(e)) => return usage(&e),
        },
        Command::Create(args) => {
            if let Err(e) = account::check_names(args.targets.ids.iter()) {
                return usage(&e);
            }
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
            return run::bulk(bulk, sources, "create", &make);
        }
        Command::Qr(args) => return flows::qr(*args, connection, sources),
        Command::Relink(args) => {
            let timeout_given = matches
                .subcommand_matches("relink")
                .and_then(|m| m.value_source("timeout"))
                .is_some_and(|source| source != ValueSource::DefaultValue);
            return flows::relink(*args, connection, sources, timeout_given);
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "wawp", &mut script);
            return print_all(&script);
        }
        Command::Man { page, dir } => return man::run(page.as_deref(), dir.as_deref()),
    };
    bulk(args, yes, connection, sources, op)
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

//! The one run loop of every bulk command (`info`, `start`, `stop`,
//! `restart`, `logout`, `delete`, `qr` once, `pair`): check everything that
//! can be checked without the network, confirm, then call the
//! [`Operation`] for each instance under supervision and report, one result
//! per id whatever happens.
//!
//! Also the preparation the single-instance flows share
//! ([`prepare_single`]): the same checks, token and transport.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument;
use wawp::{AccessToken, InstanceId};

use crate::args::{Connection, Params, Targets};
use crate::client::{self, Api};
use crate::confirm::{self, Decision};
use crate::engine::{self, GRACE, Timing};
use crate::exit::Exit;
use crate::ids;
use crate::list;
use crate::op::{Confirm, Operation};
use crate::output::shown_id;
use crate::report::{self, Reporter};
use crate::settings;
use crate::signals;
use crate::token::{self, Given};
use crate::unfinished::{self, Unfinished};
use crate::verbose;

/// How much later than its budget a call is given up (the transport's own
/// limit normally ends it first).
pub(crate) const DEADLINE_MARGIN: Duration = Duration::from_millis(700);

/// Where clap found the token options.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sources {
    /// `--access-token` / `WAWP_ACCESS_TOKEN`.
    pub(crate) token: Option<Given>,
    /// `--access-token-file` / `WAWP_ACCESS_TOKEN_FILE`.
    pub(crate) token_file: Option<Given>,
}

/// A bulk command's arguments, whatever the command.
#[derive(Debug)]
pub(crate) struct Bulk {
    /// The instances and the output form.
    pub(crate) targets: Targets,
    /// The limit of each attempt.
    pub(crate) timeout: Duration,
    /// The API and the network.
    pub(crate) connection: Connection,
    /// `--yes`, for the commands that ask (`None` for those that never do).
    pub(crate) yes: Option<bool>,
}

/// What to call for each instance, once the ids are known (`qr --png`
/// checks its place against their number).
pub(crate) type MakeOperation<'a> = &'a dyn Fn(&[InstanceId]) -> Result<Operation, String>;

/// Runs a bulk command: `make` says what to call once the ids are known;
/// `verb` words a refusal before then ("log out").
pub(crate) fn bulk(args: Bulk, sources: Sources, verb: &str, make: MakeOperation<'_>) -> Exit {
    verbose::install(args.connection.verbose);
    match prepare(args, sources, verb, make) {
        Ok(Some(plan)) => plan.execute(),
        Ok(None) => Exit::Declined,
        Err(message) => {
            say(&format!("error: {message}"));
            Exit::Usage
        }
    }
}

/// A line on standard error, best effort (never a panic).
pub(crate) fn say(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Writes a line to standard output at once; false once nobody reads it.
pub(crate) fn step(text: &str) -> bool {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{text}")
        .and_then(|()| stdout.flush())
        .is_ok()
}

/// Everything needed to act, all checked.
struct Plan {
    op: Operation,
    targets: Targets,
    verbose: u8,
    ids: Vec<InstanceId>,
    api: Api,
    budget: Duration,
    unfinished: Option<Unfinished>,
}

/// Validates the input, then asks; `Ok(None)` when the user declined.
/// Nothing here touches the network.
fn prepare(
    mut args: Bulk,
    sources: Sources,
    verb: &str,
    make: MakeOperation<'_>,
) -> Result<Option<Plan>, String> {
    let ids_from_stdin = args.targets.from_file.as_deref() == Some(Path::new("-"));
    // Decided first, so a run that would be refused fails before it reads
    // standard input or anything else. Commands that never ask take no
    // --yes, and proceed.
    let decision = match args.yes {
        Some(yes) => confirm::decide(yes, io::stdin().is_terminal(), ids_from_stdin),
        None => Decision::Proceed,
    };
    if let Decision::Refuse(why) = decision {
        return Err(why.message(verb));
    }

    let ids = read_ids(&args.targets)?;
    let op = make(&ids)?;
    if matches!(op, Operation::Delete) && args.connection.params == Params::Body {
        say(
            "warning: --params body does not apply to delete: a DELETE has no body, so the \
             instance id and the token go in the query string",
        );
    }

    let (api, budget) = connect(&mut args.connection, args.timeout, sources)?;
    let unfinished = args
        .targets
        .unfinished
        .as_deref()
        .map(Unfinished::create)
        .transpose()?;

    if decision == Decision::Ask
        && let Some(prompt) = confirm::prompt(&op, &ids)
    {
        let yes = confirm::ask(&mut io::stdin().lock(), &mut io::stderr(), &prompt)
            .map_err(|e| format!("cannot read the answer: {e}"))?;
        if !yes {
            say(&format!("Nothing was {}.", op.words().done));
            return Ok(None);
        }
    }
    debug_assert_eq!(args.yes.is_some(), op.confirm() != Confirm::Never);
    Ok(Some(Plan {
        op,
        verbose: args.connection.verbose,
        targets: args.targets,
        ids,
        api,
        budget,
        unfinished,
    }))
}

/// The ids of `targets`: the arguments, then the list, each checked, each
/// once; a note on duplicates.
fn read_ids(targets: &Targets) -> Result<Vec<InstanceId>, String> {
    let list = read_list(targets.from_file.as_deref())?;
    let ids = ids::collect(
        &targets.ids,
        list.as_ref()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    )
    .map_err(|bad| {
        const SHOWN: usize = 20;
        let mut lines: Vec<String> = bad.iter().take(SHOWN).map(ToString::to_string).collect();
        if bad.len() > SHOWN {
            lines.push(format!("… and {} more", bad.len() - SHOWN));
        }
        format!("invalid instance id\n  {}", lines.join("\n  "))
    })?;
    drop(list);
    if ids.list.is_empty() {
        return Err("no instance ids: the list given with --from-file is empty".to_owned());
    }
    if let Some((first, origin)) = &ids.first_duplicate {
        say(&format!(
            "note: {} duplicate {} ignored (first: {} at {origin})",
            ids.duplicates,
            if ids.duplicates == 1 { "line" } else { "lines" },
            shown_id(first)
        ));
    }
    Ok(ids.list)
}

/// The token, from the options clap found (see [`crate::token`]).
fn resolve_token(connection: &mut Connection, sources: Sources) -> Result<AccessToken, String> {
    let value = connection.access_token.take().map(|secret| {
        (
            secret.into_inner(),
            sources.token.unwrap_or(Given::CommandLine),
        )
    });
    let file = connection
        .access_token_file
        .as_deref()
        .map(|p| (p, sources.token_file.unwrap_or(Given::CommandLine)));
    let default = token::default_file(|name| std::env::var_os(name));
    let resolved = token::resolve(value, file, default.as_deref()).map_err(|e| e.0)?;
    if let Some(warning) = resolved.warning {
        say(&warning);
    }
    Ok(resolved.token)
}

/// What a single-instance flow needs, all checked.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The instance.
    pub(crate) id: InstanceId,
    /// Its client.
    pub(crate) api: Api,
    /// How long one call may take in all.
    pub(crate) budget: Duration,
}

/// Checks a single-instance flow's id, settings and token, and builds its
/// client. Nothing is sent.
pub(crate) fn prepare_single(
    raw_id: &str,
    connection: &mut Connection,
    timeout: Duration,
    sources: Sources,
) -> Result<Prepared, String> {
    let id = InstanceId::new(raw_id).map_err(|e| format!("invalid instance id: {e}"))?;
    let (api, budget) = connect(connection, timeout, sources)?;
    Ok(Prepared { id, api, budget })
}

/// The settings checked (warnings said), the token found, the client
/// built, with how long one call may take in all. Nothing is sent.
fn connect(
    connection: &mut Connection,
    timeout: Duration,
    sources: Sources,
) -> Result<(Api, Duration), String> {
    let (config, warnings) = settings::config(connection, timeout)?;
    for warning in warnings {
        say(&warning);
    }
    let token = resolve_token(connection, sources)?;
    if connection.verbose >= 2 {
        for line in client::describe(&config) {
            verbose::line(format_args!("{line}"));
        }
    }
    let budget = settings::call_budget(&config);
    let api = Api::new(token, config, connection.save_responses.as_deref())?;
    Ok((api, budget))
}

/// The `--from-file` list's display name and text, if one was given, read
/// within the bounds of [`list`].
fn read_list(path: Option<&Path>) -> Result<Option<(String, String)>, String> {
    let Some(path) = path else { return Ok(None) };
    let (name, text) = if path == Path::new("-") {
        let name = "standard input".to_owned();
        let text = list::read(io::stdin().lock(), &name);
        (name, text)
    } else {
        let name = path.display().to_string();
        let text = std::fs::File::open(path)
            .map_err(|e| format!("cannot read instance ids from {name}: {e}"))
            .and_then(|f| list::read(f, &name).map_err(|e| e.to_string()));
        return text.map(|t| Some((name, t)));
    };
    text.map(|t| Some((name, t))).map_err(|e| e.to_string())
}

impl Plan {
    fn execute(self) -> Exit {
        let Plan {
            op,
            targets,
            verbose,
            ids,
            api,
            budget,
            unfinished,
        } = self;
        let total = ids.len();
        let ids: Arc<[InstanceId]> = ids.into();
        let words = op.words();
        let bar =
            report::wants_progress(total, targets.json, verbose > 0, io::stderr().is_terminal())
                .then(|| report::progress_bar(total, words.doing));
        let stdout = io::stdout().lock();
        let mut reporter = Reporter::new(
            op.clone(),
            BufWriter::with_capacity(16 * 1024, stdout),
            io::stderr(),
            targets.json,
            total,
            bar,
        );
        let timing = Timing {
            grace: GRACE,
            deadline: budget + DEADLINE_MARGIN,
            budget,
        };
        let width = usize::from(targets.concurrency).clamp(1, total);
        let op = Arc::new(op);
        let ended = api.runtime.block_on(async {
            let mut stops = signals::watch()
                .map_err(|e| say(&format!("error: cannot watch for Ctrl-C: {e}")))
                .ok()?;
            let call = |i: usize| {
                let (op, client, id) = (Arc::clone(&op), api.client.clone(), ids[i].clone());
                async move {
                    let span = crate::verbose::span(&id);
                    op.call(&client, &id).instrument(span).await
                }
            };
            Some(engine::run(&ids, width, call, &mut stops, &mut reporter, timing).await)
        });
        api.finish();
        let Some(ended) = ended else {
            return Exit::Transport;
        };
        let exit = reporter.finish(ended.stop);
        match unfinished {
            Some(file) => {
                // A creation that may have happened is not to be resumed:
                // a second one makes a second instance.
                let apart = match *op {
                    Operation::Create => ended.uncertain.as_slice(),
                    _ => &[],
                };
                exit.max(write_unfinished(
                    words.command,
                    file,
                    &ids,
                    (&ended.unfinished, apart),
                    &mut reporter,
                ))
            }
            None => exit,
        }
    }
}

/// Writes the `--unfinished` file and says so; a failure is exit 2, as a
/// `--png` image that could not be saved is.
fn write_unfinished<O: Write, E: Write>(
    command: &str,
    file: Unfinished,
    ids: &[InstanceId],
    (unfinished, apart): (&[usize], &[usize]),
    reporter: &mut Reporter<O, E>,
) -> Exit {
    let path: PathBuf = file.path().to_owned();
    let counts = reporter.counts();
    let mut apart = apart.to_vec();
    apart.sort_unstable();
    let mut sorted: Vec<usize> = unfinished
        .iter()
        .copied()
        .filter(|i| apart.binary_search(i).is_err())
        .collect();
    // In the order given, so a resumed run goes through them alike.
    sorted.sort_unstable();
    let listed = sorted.iter().map(|&i| &ids[i]);
    let aside: Vec<&InstanceId> = apart.iter().map(|&i| &ids[i]).collect();
    let err = reporter.err();
    if !aside.is_empty() {
        let _ = writeln!(
            err,
            "warning: {} of them may have been done already (no answer came): listed apart in {}, \
             commented out, so that resuming cannot do them twice; check them first",
            aside.len(),
            path.display(),
        );
    }
    match file.write(command, listed, &aside, counts) {
        Ok(()) if sorted.is_empty() => {
            let _ = writeln!(err, "nothing unfinished: {} lists no ids", path.display());
        }
        Ok(()) => {
            let _ = writeln!(
                err,
                "{} unfinished {} written to {}: resume with --from-file {}",
                sorted.len(),
                if sorted.len() == 1 { "id" } else { "ids" },
                path.display(),
                path.display()
            );
            for &i in &sorted {
                if unfinished::unlistable(&ids[i]) {
                    let _ = writeln!(
                        err,
                        "warning: {} starts with '#': a list reads it as a comment; give it as an argument",
                        shown_id(&ids[i])
                    );
                }
            }
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "error: {e}; the ids to resume with were not saved (exit 2)"
            );
            return Exit::Usage;
        }
    }
    Exit::Ok
}

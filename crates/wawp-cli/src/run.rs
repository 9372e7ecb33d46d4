//! The `logout` command: check everything that can be checked without the
//! network, confirm, then log out each instance under supervision and
//! report, one result per id whatever happens.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use wawp_core::InstanceId;

use crate::args::{LogoutArgs, TransportKind};
use crate::confirm::{self, Decision};
use crate::engine::Queue;
use crate::exit::Exit;
use crate::ids;
use crate::list;
use crate::output::shown_id;
use crate::report::{self, Reporter};
use crate::settings;
use crate::signals;
use crate::supervise::{self, GRACE, Timing};
use crate::token::{self, Given};
use crate::transport::{self, Built};
use crate::unfinished::{self, Unfinished};
use crate::verbose;

/// How much later than its budget a call is given up by the supervisor (the
/// async engine's own backstop comes at half of it).
const DEADLINE_MARGIN: Duration = Duration::from_millis(700);

/// Where clap found the token options.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sources {
    /// `--access-token` / `WAWP_ACCESS_TOKEN`.
    pub(crate) token: Option<Given>,
    /// `--access-token-file` / `WAWP_ACCESS_TOKEN_FILE`.
    pub(crate) token_file: Option<Given>,
}

/// Runs `wawp logout`.
pub(crate) fn logout(args: LogoutArgs, sources: Sources) -> Exit {
    verbose::install(args.verbose);
    match prepare(args, sources) {
        Ok(Some(plan)) => plan.execute(),
        Ok(None) => Exit::Declined,
        Err(message) => {
            say(&format!("error: {message}"));
            Exit::Usage
        }
    }
}

/// A line on standard error, best effort (never a panic).
fn say(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Everything needed to act, all checked.
struct Plan {
    args: LogoutArgs,
    ids: Vec<InstanceId>,
    built: Built,
    budget: Duration,
    unfinished: Option<Unfinished>,
}

/// Validates the input, then asks; `Ok(None)` when the user declined. Nothing
/// here touches the network.
fn prepare(mut args: LogoutArgs, sources: Sources) -> Result<Option<Plan>, String> {
    let ids_from_stdin = args.from_file.as_deref() == Some(Path::new("-"));
    // Decided first, so a run that would be refused fails before it reads
    // standard input or anything else.
    let decision = confirm::decide(args.yes, io::stdin().is_terminal(), ids_from_stdin);
    if let Decision::Refuse(why) = decision {
        return Err(why.to_owned());
    }

    let list = read_list(args.from_file.as_deref())?;
    let ids = ids::collect(
        &args.ids,
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

    let (config, warnings) = settings::config(&args)?;
    for warning in warnings {
        say(&warning);
    }
    let value = args.access_token.take().map(|secret| {
        (
            secret.into_inner(),
            sources.token.unwrap_or(Given::CommandLine),
        )
    });
    let file = args
        .access_token_file
        .as_deref()
        .map(|p| (p, sources.token_file.unwrap_or(Given::CommandLine)));
    let default = token::default_file(|name| std::env::var_os(name));
    let resolved = token::resolve(value, file, default.as_deref()).map_err(|e| e.0)?;
    if let Some(warning) = resolved.warning {
        say(&warning);
    }
    let kind = args
        .transport
        .unwrap_or_else(|| TransportKind::default_for(ids.list.len()));
    if args.verbose >= 2 {
        for line in transport::describe(kind, &config) {
            verbose::line(format_args!("{line}"));
        }
    }
    let unfinished = args
        .unfinished
        .as_deref()
        .map(Unfinished::create)
        .transpose()?;
    let budget = settings::call_budget(&config);
    let built = transport::build(kind, resolved.token, config)?;

    if decision == Decision::Ask {
        let question = confirm::question(&ids.list);
        let yes = confirm::ask(&mut io::stdin().lock(), &mut io::stderr(), &question)
            .map_err(|e| format!("cannot read the answer: {e}"))?;
        if !yes {
            say("Nothing was logged out.");
            return Ok(None);
        }
    }
    Ok(Some(Plan {
        args,
        ids: ids.list,
        built,
        budget,
        unfinished,
    }))
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
            args,
            ids,
            built,
            budget,
            unfinished,
        } = self;
        let total = ids.len();
        let ids: Arc<[InstanceId]> = ids.into();
        let verbose = args.verbose > 0;
        let bar = report::wants_progress(total, args.json, verbose, io::stderr().is_terminal())
            .then(|| report::progress_bar(total));
        let stdout = io::stdout().lock();
        let mut reporter = Reporter::new(
            BufWriter::with_capacity(16 * 1024, stdout),
            io::stderr(),
            args.json,
            total,
            bar,
        );

        let (tx, rx) = mpsc::channel();
        if let Err(e) = signals::forward(tx.clone()) {
            say(&format!("error: cannot watch for Ctrl-C: {e}"));
            return Exit::Transport;
        }
        let queue = Arc::new(Queue::new(total));
        let width = usize::from(args.concurrency).clamp(1, total);
        let replace = match built.start(
            Arc::clone(&ids),
            Arc::clone(&queue),
            tx,
            width,
            budget + DEADLINE_MARGIN / 2,
        ) {
            Ok(replace) => replace,
            Err(e) => {
                say(&format!("error: cannot start the logouts: {e}"));
                return Exit::Transport;
            }
        };
        let timing = Timing {
            grace: GRACE,
            deadline: budget + DEADLINE_MARGIN,
            budget,
        };
        let ended = supervise::supervise(&ids, &queue, &rx, &*replace, &mut reporter, timing);
        let exit = reporter.finish(ended.stop);
        if let Some(file) = unfinished {
            write_unfinished(file, &ids, &ended.unfinished, &mut reporter);
        }
        exit
    }
}

/// Writes the `--unfinished` file and says so.
fn write_unfinished<O: Write, E: Write>(
    file: Unfinished,
    ids: &[InstanceId],
    unfinished: &[usize],
    reporter: &mut Reporter<O, E>,
) {
    let path: PathBuf = file.path().to_owned();
    let counts = reporter.counts();
    let mut sorted = unfinished.to_vec();
    // In the order given, so a resumed run goes through them alike.
    sorted.sort_unstable();
    let listed = sorted.iter().map(|&i| &ids[i]);
    let err = reporter.err();
    match file.write(listed, counts) {
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
            let _ = writeln!(err, "error: {e}");
        }
    }
}

//! The `logout` command: check everything that can be checked without the
//! network, confirm, then log out each instance and report.

use std::io::{self, IsTerminal, Read};
use std::path::Path;

use crate::args::LogoutArgs;
use crate::confirm::{self, Decision};
use crate::exit::Exit;
use crate::ids;
use crate::output::shown_id;
use crate::report::{self, Reporter};
use crate::settings;
use crate::token::{self, Given};
use crate::transport;

/// Runs `wawp logout`; `given` says where clap found `--access-token`.
pub(crate) fn logout(args: LogoutArgs, given: Option<Given>) -> Exit {
    match prepare(args, given) {
        Ok(Some(plan)) => plan.execute(),
        Ok(None) => Exit::Declined,
        Err(message) => {
            eprintln!("error: {message}");
            Exit::Usage
        }
    }
}

/// Everything needed to act, all checked.
struct Plan {
    args: LogoutArgs,
    ids: Vec<wawp_core::InstanceId>,
    token: wawp_core::AccessToken,
    config: wawp_core::Config,
}

/// Validates the input, then asks; `Ok(None)` when the user declined. Nothing
/// here touches the network.
fn prepare(mut args: LogoutArgs, given: Option<Given>) -> Result<Option<Plan>, String> {
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
        let lines: Vec<String> = bad.iter().map(ToString::to_string).collect();
        format!("invalid instance id\n  {}", lines.join("\n  "))
    })?;
    if ids.list.is_empty() {
        return Err("no instance ids: the list given with --from-file is empty".to_owned());
    }
    for dup in &ids.duplicates {
        eprintln!(
            "note: {} is listed more than once; it is logged out once",
            shown_id(dup)
        );
    }

    let config = settings::config(&args)?;
    let value = args
        .access_token
        .take()
        .map(|secret| (secret.into_inner(), given.unwrap_or(Given::CommandLine)));
    let resolved = token::resolve(value, args.access_token_file.as_deref()).map_err(|e| e.0)?;
    if let Some(warning) = resolved.warning {
        eprintln!("{warning}");
    }

    if decision == Decision::Ask {
        let question = confirm::question(&ids.list);
        let yes = confirm::ask(&mut io::stdin().lock(), &mut io::stderr(), &question)
            .map_err(|e| format!("cannot read the answer: {e}"))?;
        if !yes {
            eprintln!("Nothing was logged out.");
            return Ok(None);
        }
    }
    Ok(Some(Plan {
        args,
        ids: ids.list,
        token: resolved.token,
        config,
    }))
}

/// The `--from-file` list's display name and text, if one was given.
fn read_list(path: Option<&Path>) -> Result<Option<(String, String)>, String> {
    let Some(path) = path else { return Ok(None) };
    let mut text = String::new();
    if path == Path::new("-") {
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read instance ids from standard input: {e}"))?;
        Ok(Some(("standard input".to_owned(), text)))
    } else {
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .map_err(|e| format!("cannot read instance ids from {}: {e}", path.display()))?;
        Ok(Some((path.display().to_string(), text)))
    }
}

impl Plan {
    fn execute(self) -> Exit {
        let total = self.ids.len();
        let bar = report::wants_progress(total, self.args.json, io::stderr().is_terminal())
            .then(|| report::progress_bar(total));
        let mut reporter = Reporter::new(
            io::stdout().lock(),
            io::stderr(),
            self.args.json,
            total,
            bar,
        );
        let ran = transport::execute(
            self.args.transport,
            self.token,
            self.config,
            &self.ids,
            usize::from(self.args.concurrency),
            &mut reporter,
        );
        let exit = reporter.finish();
        match ran {
            Ok(()) => exit,
            Err(e) => {
                eprintln!("error: cannot start the async runtime: {e}");
                Exit::Transport
            }
        }
    }
}

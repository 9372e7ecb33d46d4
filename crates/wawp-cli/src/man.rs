//! `wawp man`: the manual pages, made by clap_mangen from the same clap
//! model as `--help`, so they never drift from it.
//!
//! - `wawp man` prints wawp(1); `wawp man qr` prints wawp-qr(1), and so on
//!   for every subcommand;
//! - `wawp man --dir DIR` writes every page (wawp.1, wawp-info.1, …,
//!   wawp-relink.1).

use std::path::Path;

use clap::CommandFactory;

use crate::args::Cli;
use crate::exit::Exit;

/// Runs `wawp man [PAGE] [--dir DIR]`.
pub(crate) fn run(page: Option<&str>, dir: Option<&Path>) -> Exit {
    let say = |text: String| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{text}");
    };
    if let Some(dir) = dir {
        return match write_all(dir) {
            Ok(names) => {
                say(format!("wrote {} in {}", names.join(", "), dir.display()));
                Exit::Ok
            }
            Err(e) => {
                say(format!(
                    "error: cannot write the manual pages in {}: {e}",
                    dir.display()
                ));
                Exit::Usage
            }
        };
    }
    match render(page) {
        Ok(roff) => crate::print_all(&roff),
        Err(message) => {
            say(format!("error: {message}"));
            Exit::Usage
        }
    }
}

/// The roff text of the main page, or of subcommand `page`.
pub(crate) fn render(page: Option<&str>) -> Result<Vec<u8>, String> {
    let mut top = command();
    let cmd = match page {
        None => top,
        Some(name) => {
            top.build();
            // Built, a subcommand's display name is `wawp-<name>`.
            top.get_subcommands()
                .find(|s| s.get_name() == name)
                .cloned()
                .ok_or_else(|| {
                    let names: Vec<&str> = top.get_subcommands().map(|s| s.get_name()).collect();
                    format!("no subcommand {name:?}: try one of {}", names.join(", "))
                })?
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut roff)
        .map_err(|e| e.to_string())?;
    Ok(roff)
}

/// Writes every page into `dir`; returns their file names.
fn write_all(dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    clap_mangen::generate_to(command(), dir)?;
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("wawp") && n.ends_with(".1"))
        .collect();
    names.sort();
    Ok(names)
}

fn command() -> clap::Command {
    Cli::command().disable_help_subcommand(true)
}

#[cfg(test)]
#[path = "tests/man.rs"]
mod tests;

//! Confirmation before acting, as the endpoints' documentation advises:
//! reconnecting needs physical access to the phone, and a deletion cannot
//! be undone.
//!
//! - logout, stop, restart (and relink): a `[y/N]` question;
//! - delete: the user types the instance id (for several, `delete N
//!   instances`): a reflexive `y` is not enough;
//! - off a terminal, or when the ids come from standard input: `--yes` is
//!   required; nothing ever waits for input that cannot come.

use std::io::{self, BufRead, Write};

use wawp::InstanceId;

use crate::op::{Confirm, Operation};
use crate::output::{sanitize as shown_text, shown_id};

/// What to do before acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// `--yes`, or nothing to confirm: go ahead.
    Proceed,
    /// Ask on the terminal.
    Ask,
    /// Refuse: nobody can be asked.
    Refuse(Why),
}

/// Why nobody can be asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    /// The ids come from standard input.
    IdsFromStdin,
    /// Standard input is not a terminal.
    NoTerminal,
}

impl Why {
    /// The message, for a command that would `verb` ("log out").
    pub(crate) fn message(self, verb: &str) -> String {
        match self {
            Why::IdsFromStdin => format!(
                "refusing to {verb} without confirmation: the instance ids come from \
                 standard input, so it cannot answer a prompt; add --yes to confirm"
            ),
            Why::NoTerminal => format!(
                "refusing to {verb} without confirmation: standard input is not a \
                 terminal; add --yes to confirm"
            ),
        }
    }
}

/// The policy: `--yes` proceeds; otherwise ask when standard input is a
/// terminal that is not also the source of the ids; otherwise refuse (never
/// wait for input that cannot come).
pub(crate) fn decide(yes: bool, stdin_is_terminal: bool, ids_from_stdin: bool) -> Decision {
    if yes {
        Decision::Proceed
    } else if ids_from_stdin {
        Decision::Refuse(Why::IdsFromStdin)
    } else if stdin_is_terminal {
        Decision::Ask
    } else {
        Decision::Refuse(Why::NoTerminal)
    }
}

/// A question, and what answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Prompt {
    /// `y` or `yes` proceeds.
    YesNo(String),
    /// Only `expected`, typed exactly, proceeds.
    Typed {
        /// The question.
        question: String,
        /// The answer that confirms.
        expected: String,
    },
}

/// The longest list of ids shown before a bulk question.
const LISTED: usize = 10;

/// The ids a bulk question is about, one per line, then the question.
fn listed(ids: &[InstanceId]) -> String {
    let mut q = String::new();
    for id in ids.iter().take(LISTED) {
        q.push_str("  ");
        q.push_str(&shown_id(id));
        q.push('\n');
    }
    if ids.len() > LISTED {
        q.push_str(&format!("  … and {} more\n", ids.len() - LISTED));
    }
    q
}

/// The prompt before `op` on `ids`; `None` when it needs none.
pub(crate) fn prompt(op: &Operation, ids: &[InstanceId]) -> Option<Prompt> {
    let set_policy;
    let (verb, why) = match op {
        Operation::Logout => (
            "Log out",
            "Reconnecting requires scanning a QR code with the phone.",
        ),
        Operation::SetPolicy(slug) => {
            set_policy = format!("Put policy {} in force on", shown_text(slug.as_str()));
            (
                set_policy.as_str(),
                "It changes how many messages and requests it may send.",
            )
        }
        Operation::SetWebhooks(_) => (
            "Replace the webhooks of",
            "The list given replaces every webhook it has now.",
        ),
        Operation::Stop => (
            "Stop",
            "It keeps its login, but receives nothing until it is started again.",
        ),
        Operation::Restart => (
            "Restart",
            "It is offline for a moment, and keeps its login.",
        ),
        _ => ("Delete", ""),
    };
    match (op.confirm(), ids) {
        (Confirm::Never, _) => None,
        (Confirm::YesNo, [one]) => Some(Prompt::YesNo(format!(
            "{verb} instance {}? {why} [y/N] ",
            shown_id(one)
        ))),
        (Confirm::YesNo, many) => Some(Prompt::YesNo(format!(
            "{}{verb} these {} instances? {why} [y/N] ",
            listed(many),
            many.len()
        ))),
        (Confirm::Typed, [one]) => Some(Prompt::Typed {
            question: format!(
                "Delete instance {}? This cannot be undone: the instance and its WhatsApp \
                 login are gone for good.\nType the instance id to confirm: ",
                shown_id(one)
            ),
            expected: one.as_str().to_owned(),
        }),
        (Confirm::Typed, many) => {
            let expected = format!("delete {} instances", many.len());
            Some(Prompt::Typed {
                question: format!(
                    "{}Delete these {} instances? This cannot be undone: they and their \
                     WhatsApp logins are gone for good.\nType '{expected}' to confirm: ",
                    listed(many),
                    many.len()
                ),
                expected,
            })
        }
    }
}

/// The prompt before `wawp relink`.
pub(crate) fn relink_prompt(id: &InstanceId) -> Prompt {
    Prompt::YesNo(format!(
        "Relink instance {}? It is logged out now: WhatsApp stops on its current phone \
         until a phone links it again. [y/N] ",
        shown_id(id)
    ))
}

/// Whether an answer means yes: `y` or `yes`, any case, surrounding blanks
/// ignored. Anything else, an empty line included, is no.
pub(crate) fn is_yes(answer: &str) -> bool {
    let a = answer.trim();
    a.eq_ignore_ascii_case("y") || a.eq_ignore_ascii_case("yes")
}

/// Whether `answer` is `expected`, typed exactly (surrounding blanks and
/// the line ending ignored).
pub(crate) fn is_typed(answer: &str, expected: &str) -> bool {
    answer.trim() == expected
}

/// Asks `prompt` on `output` and reads one line from `input`. End of input
/// is no.
pub(crate) fn ask(
    input: &mut impl BufRead,
    output: &mut impl Write,
    prompt: &Prompt,
) -> io::Result<bool> {
    let question = match prompt {
        Prompt::YesNo(q) | Prompt::Typed { question: q, .. } => q,
    };
    output.write_all(question.as_bytes())?;
    output.flush()?;
    let mut line = String::new();
    let read = input.read_line(&mut line)?;
    if read == 0 {
        // End of input: end the prompt's line so what follows starts cleanly.
        output.write_all(b"\n")?;
        return Ok(false);
    }
    Ok(match prompt {
        Prompt::YesNo(_) => is_yes(&line),
        Prompt::Typed { expected, .. } => is_typed(&line, expected),
    })
}

#[cfg(test)]
#[path = "tests/confirm.rs"]
mod tests;

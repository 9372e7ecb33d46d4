//! Confirmation before a logout, as the endpoint's documentation advises:
//! reconnecting needs physical access to the phone.

use std::io::{self, BufRead, Write};

use wawp_core::InstanceId;

use crate::output::shown_id;

/// What to do before acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// `--yes`: go ahead.
    Proceed,
    /// Ask on the terminal.
    Ask,
    /// Refuse: nobody can be asked. The text says why and what to do.
    Refuse(&'static str),
}

/// The policy: `--yes` proceeds; otherwise ask when standard input is a
/// terminal that is not also the source of the ids; otherwise refuse (never
/// wait for input that cannot come).
pub(crate) fn decide(yes: bool, stdin_is_terminal: bool, ids_from_stdin: bool) -> Decision {
    if yes {
        Decision::Proceed
    } else if ids_from_stdin {
        Decision::Refuse(
            "refusing to log out without confirmation: the instance ids come from \
             standard input, so it cannot answer a prompt; add --yes to confirm",
        )
    } else if stdin_is_terminal {
        Decision::Ask
    } else {
        Decision::Refuse(
            "refusing to log out without confirmation: standard input is not a \
             terminal; add --yes to confirm",
        )
    }
}

/// The longest list of ids shown before a bulk question.
const LISTED: usize = 10;

/// The question, with the ids it is about.
pub(crate) fn question(ids: &[InstanceId]) -> String {
    const WHY: &str = "Reconnecting requires scanning a QR code with the phone. [y/N] ";
    match ids {
        [one] => format!("Log out instance {}? {WHY}", shown_id(one)),
        many => {
            let mut q = String::new();
            for id in many.iter().take(LISTED) {
                q.push_str("  ");
                q.push_str(&shown_id(id));
                q.push('\n');
            }
            if many.len() > LISTED {
                q.push_str(&format!("  … and {} more\n", many.len() - LISTED));
            }
            q.push_str(&format!("Log out these {} instances? {WHY}", many.len()));
            q
        }
    }
}

/// Whether an answer means yes: `y` or `yes`, any case, surrounding blanks
/// ignored. Anything else, an empty line included, is no.
pub(crate) fn is_yes(answer: &str) -> bool {
    let a = answer.trim();
    a.eq_ignore_ascii_case("y") || a.eq_ignore_ascii_case("yes")
}

/// Asks `question` on `output` and reads one line from `input`. End of input
/// is no.
pub(crate) fn ask(
    input: &mut impl BufRead,
    output: &mut impl Write,
    question: &str,
) -> io::Result<bool> {
    output.write_all(question.as_bytes())?;
    output.flush()?;
    let mut line = String::new();
    let read = input.read_line(&mut line)?;
    if read == 0 {
        // End of input: end the prompt's line so what follows starts cleanly.
        output.write_all(b"\n")?;
    }
    Ok(read > 0 && is_yes(&line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> InstanceId {
        InstanceId::new(s).unwrap()
    }

    #[test]
    fn policy() {
        assert_eq!(decide(true, false, false), Decision::Proceed);
        assert_eq!(decide(true, true, true), Decision::Proceed);
        assert_eq!(decide(false, true, false), Decision::Ask);
        assert!(
            matches!(decide(false, false, false), Decision::Refuse(m) if m.contains("not a terminal") && m.contains("--yes"))
        );
        assert!(
            matches!(decide(false, true, true), Decision::Refuse(m) if m.contains("standard input") && m.contains("--yes"))
        );
    }

    #[test]
    fn single_question_is_the_documented_one() {
        assert_eq!(
            question(&[id("3EB0BCB2E3D4")]),
            "Log out instance 3EB0BCB2E3D4? Reconnecting requires scanning a QR code with the phone. [y/N] "
        );
        assert!(question(&[id("my phone")]).starts_with("Log out instance \"my phone\"? "));
    }

    #[test]
    fn bulk_question_gives_the_count_and_lists_some() {
        let ids: Vec<_> = (0..12).map(|i| id(&format!("I{i}"))).collect();
        let q = question(&ids);
        assert!(q.contains("  I0\n") && q.contains("  I9\n") && !q.contains("I10"));
        assert!(q.contains("… and 2 more\n"));
        assert!(q.ends_with("Log out these 12 instances? Reconnecting requires scanning a QR code with the phone. [y/N] "));
    }

    #[test]
    fn answers() {
        for yes in ["y", "Y", "yes", "YES", " y \n", "Yes\r\n"] {
            assert!(is_yes(yes), "{yes:?}");
        }
        for no in ["", "\n", "n", "no", "yep", "sure", "y y", "oui"] {
            assert!(!is_yes(no), "{no:?}");
        }
    }

    #[test]
    fn ask_reads_one_line() {
        let mut out = Vec::new();
        assert!(ask(&mut &b"y\nmore\n"[..], &mut out, "Q? ").unwrap());
        assert_eq!(out, b"Q? ");
        assert!(!ask(&mut &b"n\n"[..], &mut Vec::new(), "Q? ").unwrap());
        let mut out = Vec::new();
        assert!(!ask(&mut &b""[..], &mut out, "Q? ").unwrap());
        assert_eq!(out, b"Q? \n");
    }
}

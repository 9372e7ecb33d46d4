//! The instance ids to act on: from the command line and `--from-file`,
//! validated (all of them, before anything is sent) and de-duplicated in
//! linear time.
//!
//! Depends on `wawp-core` only: the `prepare` benchmark compiles this file
//! on its own.

use std::collections::HashSet;
use std::fmt;

use wawp::{InputError, InstanceId};

/// Where an id came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The n-th positional argument (1-based).
    Argument(usize),
    /// Line n (1-based) of the named id list.
    Line { source: String, line: usize },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Argument(n) => write!(f, "argument {n}"),
            Origin::Line { source, line } => write!(f, "{source}, line {line}"),
        }
    }
}

/// An id that failed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadId {
    /// Where it came from.
    pub(crate) origin: Origin,
    /// Why it was refused (names positions, never echoes the value).
    pub(crate) error: InputError,
}

impl fmt::Display for BadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.error)
    }
}

/// The candidate ids in an id list: one per line; surrounding whitespace
/// (and a CRLF's `\r`) is trimmed; blank lines and lines whose first
/// non-blank character is `#` are skipped. A `#` later in a line is part of
/// the id. Yields (line number, text).
pub(crate) fn parse_list(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

/// The ids to act on, in order of first appearance, each once: the
/// positional arguments, then the list's lines (`list` is its name and
/// text). Every bad id is reported. Linear in the input: duplicates are
/// found with a hash set.
pub(crate) fn collect(
    positional: &[String],
    list: Option<(&str, &str)>,
) -> Result<Ids, Vec<BadId>> {
    let from_args = positional
        .iter()
        .enumerate()
        .map(|(i, id)| (Place::Argument(i + 1), id.as_str()));
    let from_list = list
        .into_iter()
        .flat_map(|(_, text)| parse_list(text).map(|(line, id)| (Place::Line(line), id)));
    let source = list.map_or("", |(name, _)| name);
    let origin = |place: Place| match place {
        Place::Argument(n) => Origin::Argument(n),
        Place::Line(line) => Origin::Line {
            source: source.to_owned(),
            line,
        },
    };

    // Grown as ids come, not sized by the lines: blank lines and comments
    // (32 MiB of newlines) must not reserve memory for ids that never come.
    let mut seen: HashSet<&str> = HashSet::new();
    let mut ids = Ids::default();
    let mut bad = Vec::new();
    for (place, raw) in from_args.chain(from_list) {
        if !seen.insert(raw) {
            ids.duplicates += 1;
            if ids.first_duplicate.is_none() {
                // Seen before, so valid or already reported as bad.
                if let Ok(id) = InstanceId::new(raw) {
                    ids.first_duplicate = Some((id, origin(place)));
                }
            }
            continue;
        }
        match InstanceId::new(raw) {
            Ok(id) => ids.list.push(id),
            Err(error) => bad.push(BadId {
                origin: origin(place),
                error,
            }),
        }
    }
    if bad.is_empty() { Ok(ids) } else { Err(bad) }
}

/// Where an id was found, before it needs naming.
#[derive(Clone, Copy)]
enum Place {
    Argument(usize),
    Line(usize),
}

/// The validated ids.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Ids {
    /// Each id once, in order of first appearance.
    pub(crate) list: Vec<InstanceId>,
    /// How many arguments and lines repeated an id given before them.
    pub(crate) duplicates: usize,
    /// The first such repetition, and where it was.
    pub(crate) first_duplicate: Option<(InstanceId, Origin)>,
}

#[cfg(test)]
#[path = "tests/ids.rs"]
mod tests;

//! Reading an id list (`--from-file PATH` or `-`) within bounds: at most
//! [`MAX_LIST_BYTES`] in all and [`MAX_LINE_BYTES`] per line, text only.
//! Binary input, a NUL byte or an over-long line is refused as soon as it is
//! seen (so `/dev/zero` fails on its first chunk), before anything is sent.
//!
//! Pure std: the `prepare` benchmark compiles this file on its own.

use std::fmt;
use std::io::{self, Read};

/// The largest id list accepted, in bytes: about two million typical ids.
pub(crate) const MAX_LIST_BYTES: usize = 32 * 1024 * 1024;

/// The longest line accepted, in bytes (an id is at most 256; comments may
/// be longer).
pub(crate) const MAX_LINE_BYTES: usize = 4096;

/// Why a list was refused. `Display` names the source and the problem.
#[derive(Debug)]
pub(crate) struct ListError {
    source: String,
    problem: Problem,
}

#[derive(Debug)]
enum Problem {
    Read(io::Error),
    TooLarge,
    Nul { line: usize },
    LongLine { line: usize },
    NotUtf8 { line: usize },
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = &self.source;
        match &self.problem {
            Problem::Read(e) => write!(f, "cannot read instance ids from {source}: {e}"),
            Problem::TooLarge => write!(
                f,
                "{source} is larger than {} MiB, the limit for an id list; split it",
                MAX_LIST_BYTES / 1024 / 1024
            ),
            Problem::Nul { line } => write!(
                f,
                "{source} is not a list of instance ids: line {line} contains a NUL byte (binary data?)"
            ),
            Problem::LongLine { line } => write!(
                f,
                "{source} is not a list of instance ids: line {line} is longer than {MAX_LINE_BYTES} bytes"
            ),
            Problem::NotUtf8 { line } => write!(
                f,
                "{source} is not a list of instance ids: line {line} is not UTF-8 text"
            ),
        }
    }
}

/// Reads all of `reader` (named `source` in errors) as an id list's text,
/// within the bounds above. A leading UTF-8 byte-order mark is dropped.
pub(crate) fn read(mut reader: impl Read, source: &str) -> Result<String, ListError> {
    let fail = |problem| ListError {
        source: source.to_owned(),
        problem,
    };
    let mut text: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    // Lines seen so far (1-based number of the current one) and the length
    // of the current line.
    let (mut line, mut line_len) = (1usize, 0usize);
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(fail(Problem::Read(e))),
        };
        let got = &chunk[..n];
        if text.len() + n > MAX_LIST_BYTES {
            return Err(fail(Problem::TooLarge));
        }
        for &b in got {
            match b {
                b'\n' => {
                    line += 1;
                    line_len = 0;
                }
                0 => return Err(fail(Problem::Nul { line })),
                _ => {
                    line_len += 1;
                    if line_len > MAX_LINE_BYTES {
                        return Err(fail(Problem::LongLine { line }));
                    }
                }
            }
        }
        text.extend_from_slice(got);
    }
    let start = if text.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    match std::str::from_utf8(&text[start..]) {
        Ok(_) => {
            text.drain(..start);
            // Checked just above.
            String::from_utf8(text).map_err(|_| fail(Problem::NotUtf8 { line: 1 }))
        }
        Err(e) => {
            let bad = start + e.valid_up_to();
            let line = 1 + text[..bad].iter().filter(|&&b| b == b'\n').count();
            Err(fail(Problem::NotUtf8 { line }))
        }
    }
}

#[cfg(test)]
#[path = "tests/list.rs"]
mod tests;

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
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        read(bytes, "ids.txt").unwrap_err().to_string()
    }

    #[test]
    fn text_passes_through_without_a_bom() {
        assert_eq!(read(&b"A\r\nB\n"[..], "x").unwrap(), "A\r\nB\n");
        assert_eq!(read("\u{feff}A\n".as_bytes(), "x").unwrap(), "A\n");
        assert_eq!(read(&b""[..], "x").unwrap(), "");
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert_eq!(
            err(b"A\nB\0\n"),
            "ids.txt is not a list of instance ids: line 2 contains a NUL byte (binary data?)"
        );
    }

    #[test]
    fn an_endless_stream_of_zeros_fails_on_its_first_chunk() {
        let zeros = io::repeat(0);
        let e = read(zeros, "/dev/zero").unwrap_err().to_string();
        assert!(e.contains("line 1 contains a NUL byte"), "{e}");
        // An endless line of text fails at the line limit, not at the end.
        let e = read(io::repeat(b'a'), "stdin").unwrap_err().to_string();
        assert!(e.contains("line 1 is longer than 4096 bytes"), "{e}");
    }

    #[test]
    fn line_and_size_limits() {
        let ok = "x".repeat(MAX_LINE_BYTES);
        assert!(read(format!("A\n{ok}\r").as_bytes(), "x").is_err());
        assert!(read(format!("A\n{ok}\n").as_bytes(), "x").is_ok());
        let long = format!("A\nB\n{ok}y\n");
        assert_eq!(
            err(long.as_bytes()),
            "ids.txt is not a list of instance ids: line 3 is longer than 4096 bytes"
        );
        // Many short lines: the total limit.
        let e = read(io::repeat(b'\n'), "stdin").unwrap_err().to_string();
        assert!(e.contains("larger than 32 MiB"), "{e}");
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        assert_eq!(
            err(b"A\nB\nC\xff\n"),
            "ids.txt is not a list of instance ids: line 3 is not UTF-8 text"
        );
        assert!(err(b"\xef\xbb\xbfA\n\xc3").contains("line 2"));
    }

    #[test]
    fn read_errors_name_the_source() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        assert_eq!(
            read(Broken, "ids.txt").unwrap_err().to_string(),
            "cannot read instance ids from ids.txt: disk on fire"
        );
    }
}

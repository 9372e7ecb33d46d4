//! Bounded id lists: binary input, NUL bytes, over-long lines and endless
//! streams are refused quickly with exit 2, before anything is sent; many
//! duplicates make one note line.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::common::{expect, mock, wawp};

fn refused(server: &wawp_mock::MockServer, cmd: &mut assert_cmd::Command) -> String {
    let started = Instant::now();
    let out = expect(cmd, 2);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(server.requests().is_empty());
    out.stderr
}

#[test]
fn dev_zero_and_binary_files_are_refused_before_anything_is_sent() {
    let server = mock(&[("A", "a")]);
    let err = refused(
        &server,
        wawp(&server).args(["logout", "-y", "--from-file", "/dev/zero"]),
    );
    assert_eq!(
        err,
        "error: /dev/zero is not a list of instance ids: line 1 contains a NUL byte (binary data?)\n"
    );
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(b"A\nB\n\x89PNG\r\n\x1a\n").unwrap();
    let path = file.path().to_str().unwrap().to_owned();
    let err = refused(
        &server,
        wawp(&server).args(["logout", "-y", "--from-file", &path, "A"]),
    );
    assert_eq!(
        err,
        format!("error: {path} is not a list of instance ids: line 3 is not UTF-8 text\n")
    );
}

#[test]
fn standard_input_is_bounded_too() {
    let server = mock(&[("A", "a")]);
    let err = refused(
        &server,
        wawp(&server)
            .args(["logout", "-y", "--from-file", "-"])
            .write_stdin(b"A\nB\0C\n".to_vec()),
    );
    assert!(
        err.contains("standard input is not a list of instance ids: line 2 contains a NUL byte"),
        "{err}"
    );
    let long = format!("A\n{}\n", "x".repeat(5000));
    let err = refused(
        &server,
        wawp(&server)
            .args(["logout", "-y", "--from-file", "-"])
            .write_stdin(long),
    );
    assert!(err.contains("line 2 is longer than 4096 bytes"), "{err}");
    // 33 MiB of short lines: over the size limit.
    let big = "# x\n".repeat(33 * 1024 * 1024 / 4);
    let err = refused(
        &server,
        wawp(&server)
            .args(["logout", "-y", "--from-file", "-"])
            .write_stdin(big),
    );
    assert!(
        err.contains("standard input is larger than 32 MiB"),
        "{err}"
    );
}

#[test]
fn duplicates_make_one_note() {
    let server = mock(&[("A", "a"), ("B", "b"), ("C", "c")]);
    let text = "A\nB\nC\n".repeat(50_000);
    let out = expect(
        wawp(&server)
            .args(["logout", "-y", "--json", "--from-file", "-"])
            .write_stdin(text),
        0,
    );
    assert_eq!(out.stdout.lines().count(), 3);
    assert_eq!(
        out.stderr,
        "note: 149997 duplicate lines ignored (first: A at standard input, line 4)\n\
         3 instances: 3 logged out, 0 failed\n"
    );
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn many_bad_lines_are_listed_up_to_twenty() {
    let server = mock(&[]);
    let text = "bad\u{7}\n".repeat(100);
    let err = refused(
        &server,
        wawp(&server)
            .args(["logout", "-y", "--from-file", "-"])
            .write_stdin(text),
    );
    // Each distinct bad id once; here they are all the same line.
    assert_eq!(err.lines().count(), 2, "{err}");
    let text: String = (0..30).map(|i| format!("bad{i}\u{7}\n")).collect();
    let err = refused(
        &server,
        wawp(&server)
            .args(["logout", "-y", "--from-file", "-"])
            .write_stdin(text),
    );
    assert_eq!(err.lines().count(), 22, "{err}");
    assert!(err.ends_with("  … and 10 more\n"), "{err}");
}

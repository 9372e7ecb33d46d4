//! Off a terminal and without `--yes`: refuse at once, send nothing, never
//! wait for input. (Answers on a terminal are in `pty.rs`.)

use std::time::Instant;

use crate::common::{expect, mock, wawp};

#[test]
fn refuses_without_yes_when_stdin_is_not_a_terminal() {
    let server = mock(&[("A", "a")]);
    for args in [&["logout", "A"][..], &["logout", "--json", "A", "B"]] {
        // Input that would say yes if it were (wrongly) read.
        let started = Instant::now();
        let out = expect(wawp(&server).args(args).write_stdin("y\n"), 2);
        assert!(
            out.stderr
                .contains("refusing to log out without confirmation")
                && out.stderr.contains("not a terminal")
                && out.stderr.contains("--yes"),
            "{}",
            out.stderr
        );
        assert_eq!(out.stdout, "");
        assert!(started.elapsed().as_secs() < 10);
    }
    assert!(server.requests().is_empty());
    assert_eq!(server.instance_status("A").as_deref(), Some("WORKING"));
}

#[test]
fn ids_from_stdin_need_yes() {
    let server = mock(&[("A", "a")]);
    let out = expect(
        wawp(&server)
            .args(["logout", "--from-file", "-"])
            .write_stdin("A\n"),
        2,
    );
    assert!(out.stderr.contains("--yes"), "{}", out.stderr);
    assert!(server.requests().is_empty());
}

#[test]
fn the_refusal_comes_before_any_other_check() {
    // Even with no token and a refused URL: the refusal is what is reported,
    // and nothing is read or sent.
    let out = expect(
        crate::common::bare().args(["logout", "--base-url", "http://wawp.invalid", "A"]),
        2,
    );
    assert!(
        out.stderr
            .contains("refusing to log out without confirmation")
    );
}

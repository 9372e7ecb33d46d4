//! `--version`, `--help`, completions.

use crate::common::{bare, expect};

#[test]
fn version() {
    let out = expect(bare().arg("--version"), 0);
    assert_eq!(out.stdout, format!("wawp {}\n", env!("CARGO_PKG_VERSION")));
    expect(bare().args(["logout", "--version"]), 0);
}

#[test]
fn help_lists_every_exit_code() {
    for args in [&["--help"][..], &["logout", "--help"]] {
        let out = expect(bare().args(args), 0);
        for code in 0..=7 {
            assert!(
                out.stdout.contains(&format!("\n  {code}  ")),
                "{args:?} lacks {code}"
            );
        }
    }
    // Without arguments: help on stderr, usage exit code.
    let out = expect(&mut bare(), 2);
    assert!(out.stderr.contains("Usage: wawp <COMMAND>"));
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef wawp"),
        ("fish", "complete -c wawp"),
    ] {
        let out = expect(bare().args(["completions", shell]), 0);
        assert!(out.stdout.contains(marker), "{shell}");
        assert!(out.stdout.contains("logout"), "{shell}");
        assert!(out.stdout.contains("access-token"), "{shell}");
    }
    expect(bare().args(["completions", "tcsh"]), 2);
}

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
    for args in [
        &["--help"][..],
        &["logout", "--help"],
        &["info", "--help"],
        &["delete", "--help"],
        &["qr", "--help"],
        &["pair", "--help"],
        &["relink", "--help"],
    ] {
        let out = expect(bare().args(args), 0);
        for code in [0, 1, 2, 3, 4, 5, 6, 7, 8, 130, 141, 143] {
            assert!(
                out.stdout.contains(&format!("\n  {code}  ")),
                "{args:?} lacks {code}"
            );
        }
    }
    // Without arguments: help on stderr, usage exit code.
    let out = expect(&mut bare(), 2);
    assert!(out.stderr.contains("Usage: wawp [OPTIONS] <COMMAND>"));
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
        for command in [
            "info", "start", "stop", "restart", "logout", "delete", "qr", "pair", "relink",
        ] {
            assert!(out.stdout.contains(command), "{shell}: {command}");
        }
        assert!(out.stdout.contains("phone"), "{shell}");
        assert!(out.stdout.contains("access-token"), "{shell}");
    }
    expect(bare().args(["completions", "tcsh"]), 2);
}

/// Connection options are global: before the subcommand as after it.
#[test]
fn connection_options_may_come_before_the_subcommand() {
    let server = crate::common::mock(&[("A", "alpha")]);
    for args in [
        &["-v", "info", "A"][..],
        &["info", "-v", "A"],
        &["--params", "body", "-v", "info", "--json", "A"],
    ] {
        let out = expect(crate::common::wawp(&server).args(args), 0);
        assert!(
            out.stderr.contains("wawp: POST 127.0.0.1:"),
            "{args:?}: {}",
            out.stderr
        );
    }
    let base = server.base_url();
    let out = expect(
        bare().env("WAWP_ACCESS_TOKEN", crate::common::TOKEN).args([
            "--base-url",
            &base,
            "--retries",
            "1",
            "info",
            "A",
        ]),
        0,
    );
    assert!(
        out.stdout.starts_with("A: session alpha is"),
        "{}",
        out.stdout
    );
}

//! The token never shows: not in help, not in errors, however it is given.
//! (Every other test checks stdout and stderr for it too.)

use std::io::Write;

use crate::common::{TOKEN, bare, expect, mock, run, wawp};

#[test]
fn help_never_shows_the_token_from_the_environment() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["logout", "--help"],
        &["logout", "-h"],
        &["help", "logout"],
    ] {
        let out = expect(
            bare()
                .env("WAWP_ACCESS_TOKEN", TOKEN)
                .env("WAWP_BASE_URL", "http://127.0.0.1:9")
                .args(args),
            0,
        );
        assert!(out.stdout.contains("Exit codes:"), "{args:?}");
    }
    let out = expect(
        bare()
            .env("WAWP_ACCESS_TOKEN", TOKEN)
            .args(["logout", "--help"]),
        0,
    );
    assert!(
        out.stdout.contains("[env: WAWP_ACCESS_TOKEN]"),
        "{}",
        out.stdout
    );
}

#[test]
fn usage_errors_never_echo_the_token() {
    let server = mock(&[("A", "a")]);
    // A token with a space is invalid: the error names a position only.
    let bad = format!("{TOKEN} x");
    let out = expect(
        wawp(&server)
            .env("WAWP_ACCESS_TOKEN", &bad)
            .args(["logout", "-y", "A"]),
        2,
    );
    assert_eq!(
        out.stderr,
        "error: the access token contains whitespace at byte 28 (in WAWP_ACCESS_TOKEN)\n"
    );
    // Given twice, or with a typo'd flag after it: clap must not echo it.
    for args in [
        &[
            "logout",
            "-y",
            "--access-token",
            TOKEN,
            "--access-token",
            TOKEN,
            "A",
        ][..],
        &["logout", "-y", "--access-token", TOKEN, "--bogus", "A"],
        &["logout", "--access-token"],
        &[
            "logout",
            "-y",
            "--base-url",
            &format!("https://x/?access_token={TOKEN}"),
            "A",
        ],
        &[
            "logout",
            "-y",
            "--base-url",
            &format!("ftp://{TOKEN}@x"),
            "A",
        ],
    ] {
        let out = run(bare().args(args));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
    }
    assert!(server.requests().is_empty());
}

#[test]
fn token_on_the_command_line_works_with_a_warning() {
    let server = mock(&[("A", "a")]);
    let out = expect(
        bare().env("WAWP_BASE_URL", server.base_url()).args([
            "logout",
            "-y",
            "--access-token",
            TOKEN,
            "A",
        ]),
        0,
    );
    assert!(
        out.stderr
            .contains("warning: --access-token is visible to other users")
    );
}

#[test]
fn token_file_wins_and_is_trimmed() {
    let server = mock(&[("A", "a")]);
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(file, "{TOKEN}").unwrap();
    let path = file.path().to_str().unwrap();
    let out = expect(
        wawp(&server).env("WAWP_ACCESS_TOKEN", "wrong-token").args([
            "logout",
            "-y",
            "--access-token-file",
            path,
            "A",
        ]),
        0,
    );
    // tempfile creates files with mode 0600: no permission warning.
    assert_eq!(out.stderr, "");
    // Both the flag and a file: ambiguous.
    let out = expect(
        wawp(&server).args([
            "logout",
            "-y",
            "--access-token",
            TOKEN,
            "--access-token-file",
            path,
            "A",
        ]),
        2,
    );
    assert!(out.stderr.contains("not both"), "{}", out.stderr);
}

#[test]
fn a_token_echoed_by_the_server_is_redacted() {
    let server = mock(&[]);
    let body = format!(r#"{{"message":"token {TOKEN} is not valid here"}}"#);
    server.script(
        "echo",
        wawp_mock::Behaviour::status(401, "application/json", body.clone()),
    );
    for json in [false, true] {
        let mut cmd = wawp(&server);
        cmd.args(["logout", "-y", "echo"]);
        if json {
            cmd.arg("--json");
        }
        let out = expect(&mut cmd, 3);
        assert!(format!("{}{}", out.stdout, out.stderr).contains("[redacted]"));
    }
    // And on a connection failure, whose text may carry the URL and its query.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    {
        expect(
            wawp(&server).args(["logout", "-y", "--json", "--base-url", &url, "A"]),
            7,
        );
    }
}

/// The token given where its file's path belongs (an easy mix-up) is
/// refused, naming the variable or flag, never echoing the text.
#[test]
fn a_token_given_as_a_token_file_path_is_not_printed() {
    let server = crate::common::mock(&[("A", "a")]);
    let out = crate::common::expect(
        crate::common::bare()
            .env("WAWP_BASE_URL", server.base_url())
            .env("WAWP_ACCESS_TOKEN_FILE", crate::common::TOKEN)
            .args(["logout", "-y", "A"]),
        2,
    );
    assert!(
        out.stderr
            .contains("the file named by WAWP_ACCESS_TOKEN_FILE: it does not exist"),
        "{}",
        out.stderr
    );
    let out = crate::common::expect(
        crate::common::bare()
            .env("WAWP_BASE_URL", server.base_url())
            .args(["--access-token-file", crate::common::TOKEN, "info", "A"]),
        2,
    );
    assert!(out.stderr.contains("--access-token-file"), "{}", out.stderr);
    assert!(server.requests().is_empty());
}

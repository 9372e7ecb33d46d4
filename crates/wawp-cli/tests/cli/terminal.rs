//! What reaches a terminal or a pipe: server text is escaped (human and
//! JSON), a closed pipe is never a panic anywhere, the man pages, and the
//! token files.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{MACHINE_VARS, TOKEN, bare, expect, mock, wawp};

#[test]
fn control_format_and_bidi_characters_from_the_server_are_escaped() {
    let name = "evil\u{9b}[2J\u{61c}\u{2066}x\u{202e}\u{1b}]0;t\u{7}";
    let server = mock(&[("A", name)]);
    let out = expect(wawp(&server).args(["logout", "-y", "--json", "A"]), 0);
    assert!(out.stdout.is_ascii(), "{:?}", out.stdout);
    assert!(
        out.stdout
            .contains(r#""name":"evil\u009b[2J\u061c\u2066x\u202e\u001b]0;t\u0007""#),
        "{}",
        out.stdout
    );
    let v: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(
        v["name"], name,
        "the JSON still decodes to the server's text"
    );
    server.set_instance_status("A", "WORKING");
    let out = expect(wawp(&server).args(["logout", "-y", "A"]), 0);
    assert_eq!(
        out.stdout,
        "A: logged out; session evil\\u{9b}[2J\\u{61c}\\u{2066}x\\u{202e}\\u{1b}]0;t\\u{7} is now SCAN_QR_CODE\n"
    );
}

/// The write end of a pipe whose reader has exited.
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true").stdin(Stdio::piped()).spawn().unwrap();
    let writer = reader.stdin.take().unwrap();
    reader.wait().unwrap();
    Stdio::from(writer)
}

/// `wawp ARGS` with its standard output already closed (as when the reader
/// of a pipe has exited).
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let writer = closed_pipe();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wawp"));
    for var in MACHINE_VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_closed_pipe_is_never_a_panic() {
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["man"],
        &["man", "logout"],
        &["--help"],
        &["logout", "--help"],
        &["--version"],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(code.is_some(), "{args:?}: killed by a signal");
        if args[0] == "completions" || args[0] == "man" {
            assert_eq!(code, Some(141), "{args:?}: {stderr}");
            assert_eq!(stderr, "", "{args:?}");
        }
    }
    let server = mock(&[("A", "a")]);
    let writer = closed_pipe();
    let out = Command::new(env!("CARGO_BIN_EXE_wawp"))
        .env("HOME", "/nonexistent")
        .env("WAWP_ACCESS_TOKEN", TOKEN)
        .env("WAWP_BASE_URL", server.base_url())
        .args(["logout", "-y", "--json", "A"])
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    assert!(
        stderr.ends_with("standard output closed: not every result could be shown\n"),
        "{stderr}"
    );
}

#[test]
fn man_pages() {
    let out = expect(bare().arg("man"), 0);
    assert!(out.stdout.contains(".TH wawp 1"), "{}", &out.stdout[..200]);
    let out = expect(bare().args(["man", "logout"]), 0);
    assert!(out.stdout.contains(".TH wawp-logout 1"));
    assert!(out.stdout.contains("\\-\\-unfinished"));
    assert!(out.stdout.contains("interrupted, not_started"));
    let dir = tempfile::tempdir().unwrap();
    let out = expect(
        bare().args(["man", "--dir", dir.path().to_str().unwrap()]),
        0,
    );
    assert!(out.stderr.contains("wawp-logout.1"), "{}", out.stderr);
    assert!(dir.path().join("wawp.1").is_file());
    expect(bare().args(["man", "nope"]), 2);
}

#[cfg(unix)]
#[test]
fn token_file_from_the_environment_and_the_default_file() {
    use std::os::unix::fs::PermissionsExt;
    let server = mock(&[("A", "a")]);
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".config/wawp");
    std::fs::create_dir_all(&dir).unwrap();
    let default = dir.join("token");
    std::fs::write(&default, format!("{TOKEN}\n")).unwrap();
    std::fs::set_permissions(&default, std::fs::Permissions::from_mode(0o644)).unwrap();
    let base = server.base_url();
    let out = expect(
        bare()
            .env("HOME", home.path())
            .env("WAWP_BASE_URL", &base)
            .args(["logout", "-y", "A"]),
        0,
    );
    assert!(
        out.stderr.contains(&format!(
            "warning: the default token file {} is accessible by other users (mode 644)",
            default.display()
        )),
        "{}",
        out.stderr
    );
    // XDG_CONFIG_HOME wins over HOME.
    let out = expect(
        bare()
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", "/nonexistent/xdg")
            .env("WAWP_BASE_URL", &base)
            .args(["logout", "-y", "A"]),
        2,
    );
    assert!(out.stderr.contains("no access token"), "{}", out.stderr);
    assert!(
        out.stderr.contains("~/.config/wawp/token"),
        "{}",
        out.stderr
    );

    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(file, "{TOKEN}").unwrap();
    let out = expect(
        bare()
            .env("WAWP_ACCESS_TOKEN_FILE", file.path())
            .env("WAWP_ACCESS_TOKEN", "wrong-token")
            .env("WAWP_BASE_URL", &base)
            .args(["logout", "-y", "A"]),
        0,
    );
    assert_eq!(out.stderr, "");
    // --access-token on the command line beats WAWP_ACCESS_TOKEN_FILE.
    let out = expect(
        bare()
            .env("WAWP_ACCESS_TOKEN_FILE", file.path())
            .env("WAWP_BASE_URL", &base)
            .args(["logout", "-y", "--access-token", "wrong-token", "A"]),
        3,
    );
    assert!(out.stderr.contains("visible to other users"));
}

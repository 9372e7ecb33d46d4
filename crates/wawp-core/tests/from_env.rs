//! `AccessToken::from_env` against a real process environment: the test
//! runs itself again as a child process with `WAWP_ACCESS_TOKEN` set (or
//! unset) there, since changing this process's environment is `unsafe`.

use std::process::Command;

use wawp_core::{AccessToken, InputError};

/// Set in the child: it reports what `from_env` returned and exits.
const CHILD: &str = "WAWP_FROM_ENV_TEST_CHILD";

fn child_report() -> String {
    match AccessToken::from_env() {
        Ok(token) => format!("ok {}", token.expose_secret().len()),
        Err(InputError::NotSet { var }) => format!("not_set {var}"),
        Err(InputError::Empty { .. }) => "empty".to_owned(),
        Err(e) => format!("invalid {e}"),
    }
}

/// `from_env` in a child process whose `WAWP_ACCESS_TOKEN` is `value`.
fn in_child(value: Option<&str>) -> String {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "from_env::from_env_in_a_child_process",
            "--nocapture",
        ])
        .args(["--test-threads", "1"])
        .env(CHILD, "1");
    match value {
        Some(v) => command.env("WAWP_ACCESS_TOKEN", v),
        None => command.env_remove("WAWP_ACCESS_TOKEN"),
    };
    let out = command.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    // The harness prints "test … " on the same line before the report.
    let (_, report) = stdout
        .split_once("from_env: ")
        .unwrap_or_else(|| panic!("no report in {stdout:?}"));
    report.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn from_env_in_a_child_process() {
    if std::env::var_os(CHILD).is_some() {
        println!("from_env: {}", child_report());
        return;
    }
    assert_eq!(in_child(Some("tok-123")), "ok 7");
    assert_eq!(in_child(None), "not_set WAWP_ACCESS_TOKEN");
    assert_eq!(in_child(Some("")), "empty");
    let invalid = in_child(Some("SECRET-TOKEN-7f3a with space"));
    assert_eq!(
        invalid,
        "invalid access token (WAWP_ACCESS_TOKEN) contains whitespace at byte 17"
    );
}

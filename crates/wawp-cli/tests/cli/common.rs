//! Shared helpers: a simulator with a recognisable token, the `wawp` command
//! pointed at it, and a run that checks the token never shows.
// The signal, terminal and lifecycle tests that use the rest are unix-only.
#![cfg_attr(not(unix), allow(dead_code))]

use std::time::Duration;

use wawp_mock::{MockConfig, MockServer};

/// The token every simulator here accepts. Recognisable, so any leak shows.
pub(crate) const TOKEN: &str = "wawp-cli-SECRET-T0KEN-9c1f7e";

/// A simulator on 127.0.0.1 accepting [`TOKEN`], with these instances (id, name).
pub(crate) fn mock(instances: &[(&str, &str)]) -> MockServer {
    let config = instances.iter().fold(
        MockConfig::default().token(TOKEN).no_instances(),
        |c, (id, name)| c.instance(*id, *name),
    );
    MockServer::start_with(config)
}

/// `wawp` with a clean environment: only `WAWP_ACCESS_TOKEN` and
/// `WAWP_BASE_URL` for `server` (stdin is a pipe, so never a terminal).
pub(crate) fn wawp(server: &MockServer) -> assert_cmd::Command {
    let mut cmd = bare();
    cmd.env("WAWP_ACCESS_TOKEN", TOKEN)
        .env("WAWP_BASE_URL", server.base_url());
    cmd
}

/// Variables of the machine a run must not depend on: proxies, trust
/// stores, the home directory (the default token file).
pub(crate) const MACHINE_VARS: [&str; 16] = [
    "WAWP_ACCESS_TOKEN",
    "WAWP_ACCESS_TOKEN_FILE",
    "WAWP_BASE_URL",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "XDG_CONFIG_HOME",
    "HOME",
    "RUST_LOG",
];

/// `wawp` with none of [`MACHINE_VARS`] (`HOME` points nowhere).
pub(crate) fn bare() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_wawp"));
    for var in MACHINE_VARS {
        cmd.env_remove(var);
    }
    cmd.env("HOME", "/nonexistent/wawp-test-home")
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

/// The same clean environment for a `std::process::Command` (for runs the
/// test must signal or read while they go on).
pub(crate) fn spawnable(server: &MockServer) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_wawp"));
    for var in MACHINE_VARS {
        cmd.env_remove(var);
    }
    cmd.env("HOME", "/nonexistent/wawp-test-home")
        .env("NO_COLOR", "1")
        .env("WAWP_ACCESS_TOKEN", TOKEN)
        .env("WAWP_BASE_URL", server.base_url());
    cmd
}

/// What a run printed and returned.
#[derive(Debug)]
pub(crate) struct Out {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `cmd`, and checks that the token appears in neither output stream.
pub(crate) fn run(cmd: &mut assert_cmd::Command) -> Out {
    let output = cmd.output().expect("wawp runs");
    let out = Out {
        code: output.status.code().expect("wawp exits normally"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert_no_token(&out.stdout, &out.stderr);
    out
}

/// Fails if `TOKEN` (or a recognisable part of it) is in either text.
pub(crate) fn assert_no_token(stdout: &str, stderr: &str) {
    for part in [TOKEN, "SECRET-T0KEN"] {
        assert!(!stdout.contains(part), "token on stdout:\n{stdout}");
        assert!(!stderr.contains(part), "token on stderr:\n{stderr}");
    }
}

/// Runs `cmd` and checks the exit code.
pub(crate) fn expect(cmd: &mut assert_cmd::Command, code: i32) -> Out {
    let out = run(cmd);
    assert_eq!(out.code, code, "exit code; got {out:#?}");
    out
}

/// The stdout of a `--json` run, one value per line.
pub(crate) fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// A simulator accepting [`TOKEN`] with `working` instances (linked) and
/// `waiting` ones (logged out: SCAN_QR_CODE, a QR code rotating every
/// `rotation`), plus `created` ones (STOPPED, never linked).
pub(crate) fn lifecycle_mock(
    working: &[(&str, &str)],
    waiting: &[(&str, &str)],
    created: &[(&str, &str)],
    rotation: Duration,
) -> MockServer {
    let mut config = MockConfig::default()
        .token(TOKEN)
        .no_instances()
        .qr_rotation(rotation)
        .start_delay(Duration::from_millis(100));
    for (id, name) in working.iter().chain(waiting) {
        config = config.instance(*id, *name);
    }
    for (id, name) in created {
        config = config.created_instance(*id, *name);
    }
    let server = MockServer::start_with(config);
    for (id, _) in waiting {
        assert!(server.set_instance_status(id, "SCAN_QR_CODE"));
    }
    server
}

/// The paths of the API requests the simulator received (control calls
/// left out), in order.
pub(crate) fn api_paths(server: &MockServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| !p.starts_with("/_mock/"))
        .collect()
}

/// Plays the phone through the simulator's HTTP control call
/// `POST /_mock/<call>?instance_id=<id>&access_token=…<extra>` (`extra`:
/// e.g. `&code=ABCD-1234`), as a test outside the process would; returns
/// the status line.
pub(crate) fn control(server: &MockServer, call: &str, id: &str, extra: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(server.addr()).expect("connect to the simulator");
    write!(
        stream,
        "POST /_mock/{call}?instance_id={id}&access_token={TOKEN}{extra} HTTP/1.1\r\n\
         Host: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .expect("send the control call");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read the answer");
    answer.lines().next().unwrap_or_default().to_owned()
}

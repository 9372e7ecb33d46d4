//! The `wawp-mock` binary: prints its URL, serves, never prints the token.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_wawp-mock");

#[test]
fn serves_the_configured_instances_and_prints_only_the_url() {
    let mut child = Command::new(BIN)
        .args([
            "--port",
            "0",
            "--token",
            "bin-secret-token",
            "--instance",
            "X1=one",
        ])
        .args(["--instance=X2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    stdout.read_line(&mut url).unwrap();
    let url = url.trim().to_owned();
    let addr = url
        .strip_prefix("http://127.0.0.1:")
        .map(|port| format!("127.0.0.1:{port}"));
    let answer = addr.as_ref().map(|addr| {
        let mut tcp = TcpStream::connect(addr).unwrap();
        write!(
            tcp,
            "POST /v2/session/logout?instance_id=X1&access_token=bin-secret-token HTTP/1.1\r\n\
             Host: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        tcp.read_to_string(&mut answer).unwrap();
        answer
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();

    assert!(addr.is_some(), "first line is not a loopback URL: {url:?}");
    let answer = answer.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.ends_with(r#"{"name":"one","status":"SCAN_QR_CODE","instance_id":"X1"}"#));
    assert!(
        stderr.contains("instance: X1=one") && stderr.contains("instance: X2"),
        "{stderr}"
    );
    for output in [&url, &rest, &stderr] {
        assert!(
            !output.contains("bin-secret-token"),
            "the token was printed"
        );
    }
}

#[test]
fn help_and_bad_arguments() {
    let help = Command::new(BIN).arg("--help").output().unwrap();
    assert!(help.status.success());
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("usage: wawp-mock"));
    assert!(help.contains("POST /_mock/scan?instance_id=ID&access_token=T"));
    assert!(help.contains("POST /_mock/open-link?token=LINK&access_token=T"));
    assert!(help.contains("--replay DIR") && help.contains("--paid") && help.contains("--quota N"));
    for bad in [
        &["--port", "x"][..],
        &["--nope"],
        &["--token"],
        &["--token", "a b"],
        &["--start-delay", "-1"],
        &["--qr-rotation", "0"],
        &["--qr-rotation", "nan"],
        &["--quota", "x"],
        &["--temp-link-lifetime", "0"],
        &["--paid=yes"],
        &["--replay", "/nonexistent/capture"],
    ] {
        let out = Command::new(BIN).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
    }
}

#[test]
fn created_instances_start_stopped_and_timings_apply() {
    let mut child = Command::new(BIN)
        .args([
            "--created",
            "C1=new",
            "--start-delay",
            "0",
            "--qr-rotation",
            "0.5",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    stdout.read_line(&mut url).unwrap();
    let addr = url.trim().trim_start_matches("http://").to_owned();
    let exchange = |path: &str| {
        let mut tcp = TcpStream::connect(&addr).unwrap();
        write!(
            tcp,
            "POST {path}?instance_id=C1&access_token={} HTTP/1.1\r\n\
             Host: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            wawp_mock::DEFAULT_TOKEN
        )
        .unwrap();
        let mut answer = String::new();
        tcp.read_to_string(&mut answer).unwrap();
        answer
    };
    let before = exchange("/v2/session/info");
    let started = exchange("/v2/session/start");
    // A zero start delay: SCAN_QR_CODE at once, and a scan makes it WORKING.
    let scanning = exchange("/v2/session/info");
    let scanned = exchange("/_mock/scan");
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(before.contains(r#""status":"STOPPED""#), "{before}");
    assert!(started.contains(r#""status":"STARTING""#), "{started}");
    assert!(
        scanning.contains(r#""status":"SCAN_QR_CODE""#),
        "{scanning}"
    );
    assert!(scanned.contains(r#""status":"WORKING""#), "{scanned}");
    assert!(
        stderr.contains("instance: C1=new (STOPPED, never paired)"),
        "{stderr}"
    );
}

#[test]
fn replays_a_capture_directory() {
    let mut child = Command::new(BIN)
        .args(["--paid", "--replay", "../wawp-core/tests/fixtures/captures"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    stdout.read_line(&mut url).unwrap();
    let addr = url.trim().trim_start_matches("http://").to_owned();
    let mut tcp = TcpStream::connect(&addr).unwrap();
    write!(
        tcp,
        "GET /v2/session/rate-limit?instance_id=X&access_token=whatever HTTP/1.1\r\n\
         Host: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains(r#""current_policy":"strict""#), "{answer}");
    assert!(stderr.contains("replaying a capture of"), "{stderr}");
}

//! The network options end to end: the run ends within its timeout plus a
//! second on every transport, a private CA is trusted with --ca-cert (and
//! only then), and `-v` shows each attempt without the token or the query.

use std::io::Write;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use wawp_mock::{Behaviour, MockConfig, MockServer, TestPki};

use crate::common::{TOKEN, bare, expect, json_lines, mock, run, wawp};

#[test]
fn a_silent_server_ends_the_run_within_the_timeout_plus_a_second() {
    // Accepted by the kernel, never answered: the request goes out, no
    // answer comes.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let server = mock(&[]);
    {
        let started = Instant::now();
        let out = expect(
            wawp(&server).args([
                "logout",
                "-y",
                "--json",
                "--timeout",
                "1",
                "--base-url",
                &url,
                "A",
                "B",
            ]),
            7,
        );
        let took = started.elapsed();
        assert!(took < Duration::from_millis(2000), "{took:?}");
        for v in json_lines(&out.stdout) {
            assert_eq!(v["error"]["kind"], "timeout", "{v}");
            assert_eq!(v["error"]["maybe_sent"], true);
        }
    }
}

#[test]
fn a_refused_port_is_not_sent() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let server = mock(&[]);
    {
        let out = expect(
            wawp(&server).args(["logout", "-y", "--json", "--base-url", &url, "A"]),
            7,
        );
        let v = &json_lines(&out.stdout)[0];
        assert_eq!(v["error"]["kind"], "connect");
        assert_eq!(v["error"]["maybe_sent"], false);
    }
}

fn tls_server(pki: &TestPki) -> MockServer {
    MockServer::start_with(
        MockConfig::default()
            .token(TOKEN)
            .no_instances()
            .instance("A", "alpha")
            .tls(pki.server_cert_chain(), pki.server_key()),
    )
}

#[test]
fn a_private_ca_is_trusted_with_ca_cert_and_only_then() {
    let pki = TestPki::generate();
    let server = tls_server(&pki);
    let mut ca = tempfile::NamedTempFile::new().unwrap();
    ca.write_all(pki.ca_pem().as_bytes()).unwrap();
    let ca = ca.path().to_str().unwrap().to_owned();
    {
        let out = expect(wawp(&server).args(["logout", "-y", "--json", "A"]), 7);
        let v = &json_lines(&out.stdout)[0];
        assert_eq!(v["error"]["kind"], "tls", "{v}");
        assert_eq!(v["error"]["maybe_sent"], false);
        assert!(v["error"]["hint"].as_str().unwrap().contains("--ca-cert"));
        server.set_instance_status("A", "WORKING");
        let out = expect(
            wawp(&server).args(["logout", "-y", "--json", "--ca-cert", &ca, "A"]),
            0,
        );
        assert_eq!(json_lines(&out.stdout)[0]["status"], "SCAN_QR_CODE");
    }
    let out = expect(
        wawp(&server).args(["logout", "-y", "--ca-cert", "/nonexistent/ca.pem", "A"]),
        2,
    );
    assert!(
        out.stderr
            .starts_with("error: --ca-cert /nonexistent/ca.pem: cannot read it"),
        "{}",
        out.stderr
    );
}

#[test]
fn verbose_shows_each_attempt_and_never_the_token_or_query() {
    let server = mock(&[("A", "alpha")]);
    server.script(
        "flaky",
        Behaviour::FailThenSucceed {
            failures: 1,
            status: 503,
        },
    );
    server.add_instance("flaky", "f");
    {
        server.script(
            "flaky",
            Behaviour::FailThenSucceed {
                failures: 1,
                status: 503,
            },
        );
        let out = run(wawp(&server).args([
            "logout",
            "-y",
            "-v",
            "--retries",
            "1",
            "A",
            "missing",
            "flaky",
        ]));
        assert_eq!(out.code, 4, "{out:?}");
        let authority = server.base_url().trim_start_matches("http://").to_owned();
        let host = format!("POST {authority}/v2/session/logout");
        let lines: Vec<&str> = out
            .stderr
            .lines()
            .filter(|l| l.starts_with("wawp: "))
            .collect();
        assert_eq!(lines.len(), 4, "{}", out.stderr);
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has(&format!("{host} (A) attempt 1: HTTP 200 in ")),
            "{lines:?}"
        );
        assert!(
            has(&format!(
                "{host} (missing) attempt 1: HTTP 404 not_found in "
            )),
            "{lines:?}"
        );
        assert!(
            has(&format!(
                "{host} (flaky) attempt 1: HTTP 503 unavailable in "
            )),
            "{lines:?}"
        );
        assert!(
            has(&format!("{host} (flaky) attempt 2 (retry): HTTP 200 in ")),
            "{lines:?}"
        );
        for l in &lines {
            assert!(!l.contains("access_token") && !l.contains('?'), "{l}");
        }
        // No progress bar and no extra chatter with -v.
        assert!(!out.stderr.contains("logging out ["));
    }
    let out = run(wawp(&server).args(["logout", "-y", "-vv", "--ca-cert", "/dev/null", "A"]));
    assert_eq!(out.code, 2, "an empty CA file is refused: {out:?}");
    let out = run(wawp(&server).args(["logout", "-y", "-vv", "A"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("(A) attempt 1: sending"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("no proxy (plain http is never proxied)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("trusting "), "{}", out.stderr);
    assert!(!out.stderr.contains("access_token"));
}

#[test]
fn proxy_settings_are_checked_before_anything_is_sent() {
    let server = mock(&[("A", "a")]);
    let out = expect(
        wawp(&server).args(["logout", "-y", "--proxy", "socks5://u:pw-SECRET@h:1", "A"]),
        2,
    );
    assert!(
        out.stderr
            .starts_with("error: invalid --proxy: only http:// proxies"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("pw-SECRET"));
    let out = expect(
        wawp(&server).args([
            "logout",
            "-y",
            "--proxy",
            "http://127.0.0.1:9",
            "--no-proxy",
            "A",
        ]),
        2,
    );
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
    // Plain http to loopback is never proxied: the proxy (a closed port)
    // is not even tried.
    let out = expect(
        wawp(&server).args([
            "logout",
            "-y",
            "--proxy",
            "http://u:pw-SECRET@127.0.0.1:9",
            "A",
        ]),
        0,
    );
    assert!(
        out.stderr.contains("visible to other users"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("pw-SECRET"));
    let out = expect(
        bare()
            .env("WAWP_ACCESS_TOKEN", TOKEN)
            .env("WAWP_BASE_URL", server.base_url())
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .args(["logout", "-y", "A"]),
        0,
    );
    assert_eq!(out.stdout.lines().count(), 1);
}

/// https through `--proxy` or `HTTPS_PROXY` goes through a CONNECT tunnel:
/// the proxy sees the host and port, never the token or the query;
/// `--no-proxy` bypasses `HTTPS_PROXY`.
#[test]
fn https_goes_through_the_proxy_and_the_proxy_never_sees_the_token() {
    let pki = TestPki::generate();
    let server = tls_server(&pki);
    let mut ca = tempfile::NamedTempFile::new().unwrap();
    ca.write_all(pki.ca_pem().as_bytes()).unwrap();
    let ca = ca.path().to_str().unwrap().to_owned();
    let proxy = wawp_conformance::ConnectProxy::start();
    let connect = format!("CONNECT {} HTTP/1.1", server.addr());
    {
        let base = ["logout", "-y", "--json", "--ca-cert", &ca];
        let via_flag = proxy.url();
        for how in ["--proxy", "HTTPS_PROXY"] {
            let mut cmd = wawp(&server);
            cmd.args(base);
            if how == "--proxy" {
                cmd.args(["--proxy", &via_flag]);
            } else {
                cmd.env("HTTPS_PROXY", proxy.url());
            }
            server.set_instance_status("A", "WORKING");
            let tunnels = proxy.tunnels();
            let out = expect(cmd.arg("A"), 0);
            assert_eq!(json_lines(&out.stdout)[0]["ok"], true, "{how}");
            assert_eq!(proxy.tunnels(), tunnels + 1, "{how}: no tunnel");
            assert_eq!(proxy.requests().last().unwrap().request_line(), connect);
        }
        // --no-proxy: straight to the server, whatever HTTPS_PROXY says.
        server.set_instance_status("A", "WORKING");
        let tunnels = proxy.tunnels();
        let out = expect(
            wawp(&server)
                .env("HTTPS_PROXY", proxy.url())
                .args(base)
                .args(["--no-proxy", "A"]),
            0,
        );
        assert_eq!(json_lines(&out.stdout)[0]["ok"], true);
        assert_eq!(proxy.tunnels(), tunnels, "--no-proxy used the proxy");
    }
    for secret in [TOKEN, "access_token", "instance_id", "/v2/session"] {
        assert!(!proxy.saw(secret), "the proxy saw {secret:?}");
    }
    // A proxy that is not there: a connect failure, not sent.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    {
        let out = expect(
            wawp(&server).args([
                "logout",
                "-y",
                "--json",
                "--ca-cert",
                &ca,
                "--proxy",
                &gone,
                "A",
            ]),
            7,
        );
        let v = &json_lines(&out.stdout)[0];
        assert_eq!(v["error"]["kind"], "connect", "{v}");
        assert_eq!(v["error"]["maybe_sent"], false);
    }
}

use super::*;
use crate::args::{Cli, Command};
use clap::Parser;
use wawp::ParamLocation;

/// `wawp logout EXTRA ID`'s connection and timeout.
struct Parsed(Connection, Duration);

fn args(extra: &[&str]) -> Parsed {
    let argv = ["wawp", "logout"].iter().chain(extra).chain(&["ID"]);
    let cli = Cli::try_parse_from(argv).unwrap();
    match cli.command {
        Command::Logout(a) => Parsed(cli.connection, a.run.timeout.0),
        _ => unreachable!(),
    }
}

fn config(parsed: &Parsed) -> Result<(Config, Vec<String>), String> {
    super::config(&parsed.0, parsed.1)
}

fn ok(extra: &[&str]) -> Config {
    config(&args(extra)).unwrap().0
}

fn https(uri: &str) -> wawp::http::Uri {
    uri.parse().unwrap()
}

#[test]
fn defaults_are_the_core_defaults() {
    let c = ok(&["--base-url", "https://api.wawp.net"]);
    let d = Config::default();
    assert_eq!(c.base_url, d.base_url);
    assert_eq!(c.params, d.params);
    assert_eq!(c.timeout, d.timeout);
    assert_eq!(c.retry, d.retry);
    assert!(!c.allow_insecure_http);
    assert!(c.trust.is_default());
}

#[test]
fn flags_map_onto_the_config() {
    let c = ok(&[
        "--base-url",
        "http://127.0.0.1:9/prefix/",
        "--timeout",
        "3",
        "--retries",
        "2",
        "--params",
        "body",
    ]);
    assert_eq!(c.base_url.as_str(), "http://127.0.0.1:9/prefix");
    assert_eq!(c.timeout, Some(Duration::from_secs(3)));
    assert_eq!(c.retry.max_attempts, 3);
    assert!(!c.retry.retry_after_send);
    assert_eq!(c.params, ParamLocation::JsonBody);
    let c = ok(&["--retries", "1", "--retry-after-send"]);
    assert!(c.retry.retry_after_send);
    let (_, warnings) = config(&args(&["--retry-after-send"])).unwrap();
    assert!(warnings[0].contains("--retries"), "{warnings:?}");
}

#[test]
fn proxy_flags_decide_the_route() {
    let api = https("https://api.wawp.net/v2/session/logout");
    let c = ok(&["--proxy", "http://127.0.0.1:3128"]);
    let rules = c.proxy.rules();
    let via = rules.route(&api).unwrap().unwrap();
    assert_eq!((via.host(), via.port()), ("127.0.0.1", 3128));
    let c = ok(&["--no-proxy"]);
    assert!(c.proxy.rules().route(&api).unwrap().is_none());
    // Plain http (loopback) is never proxied, even with --proxy.
    let c = ok(&["--proxy", "http://127.0.0.1:3128"]);
    assert!(
        c.proxy
            .rules()
            .route(&https("http://127.0.0.1:8080/v2/session/logout"))
            .unwrap()
            .is_none()
    );
    assert!(Cli::try_parse_from(["wawp", "logout", "--proxy", "x", "--no-proxy", "A"]).is_err());
}

#[test]
fn proxy_errors_and_warnings_never_show_the_password() {
    let e = config(&args(&["--proxy", "socks5://u:SECRET@h:1"])).unwrap_err();
    assert!(e.starts_with("invalid --proxy: "), "{e}");
    assert!(!e.contains("SECRET"), "{e}");
    let e = config(&args(&["--proxy", "http://u:SECRET@h:99999"])).unwrap_err();
    assert!(!e.contains("SECRET"), "{e}");
    let (c, warnings) = config(&args(&["--proxy", "http://u:SECRET@h:8080"])).unwrap();
    assert!(warnings[0].contains("visible to other users"));
    assert!(!format!("{c:?}{warnings:?}").contains("SECRET"));
}

#[test]
fn ca_cert_files_are_read_and_checked() {
    let pki = wawp_mock::TestPki::generate();
    let mut file = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut file, pki.ca_pem().as_bytes()).unwrap();
    let path = file.path().to_str().unwrap();
    let c = ok(&["--ca-cert", path, "--ca-cert", path]);
    assert_eq!(c.trust.extra_roots().count(), 2);

    let mut junk = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut junk, b"not a certificate").unwrap();
    let junk = junk.path().to_str().unwrap();
    let e = config(&args(&["--ca-cert", junk])).unwrap_err();
    assert!(
        e.starts_with(&format!("--ca-cert {junk}: invalid certificate")),
        "{e}"
    );
    let e = config(&args(&["--ca-cert", "/nonexistent/ca.pem"])).unwrap_err();
    assert!(e.contains("cannot read it"), "{e}");
    let e = config(&args(&["--ca-cert", "/dev/zero"])).unwrap_err();
    assert!(e.contains("larger than 4 MiB"), "{e}");
}

#[test]
fn the_call_budget_covers_every_attempt_and_wait() {
    let c = ok(&["--timeout", "5"]);
    assert_eq!(call_budget(&c), Duration::from_secs(5));
    let c = ok(&["--timeout", "2", "--retries", "2"]);
    // 3 attempts of 2 s, at most 5 s between each.
    assert_eq!(call_budget(&c), Duration::from_secs(16));
}

#[test]
fn plain_http_needs_loopback_or_the_flag() {
    let e = config(&args(&["--base-url", "http://wawp.invalid"])).unwrap_err();
    assert!(e.contains("plain http to wawp.invalid"), "{e}");
    assert!(e.contains("--allow-insecure-http"), "{e}");
    for url in ["http://localhost:1", "http://127.0.0.1:1", "http://[::1]:1"] {
        assert!(config(&args(&["--base-url", url])).is_ok(), "{url}");
    }
    let c = ok(&["--base-url", "http://wawp.invalid", "--allow-insecure-http"]);
    assert!(c.allow_insecure_http);
}

#[test]
fn url_errors_do_not_echo_the_url() {
    for url in [
        "https://api.wawp.net/?access_token=SECRET",
        "ftp://SECRET@x",
        "SECRET",
        "https://u:SECRET@api.wawp.net",
    ] {
        let e = config(&args(&["--base-url", url])).unwrap_err();
        assert!(e.starts_with("invalid --base-url: "), "{e}");
        assert!(!e.contains("SECRET"), "{e}");
    }
}

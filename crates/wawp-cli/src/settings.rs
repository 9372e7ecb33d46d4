//! The flags mapped onto [`wawp::Config`]. The rules themselves (URL
//! validity, the plain-http check, proxy parsing, retry safety) live in the
//! core; this only chooses values, reads the `--ca-cert` files, and words
//! the errors for a command line.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use wawp::{BaseUrl, Config, InputError, Proxy, RetryPolicy, Trust};

use crate::args::Connection;

/// The largest `--ca-cert` file read (a CA bundle is a few hundred KiB).
const MAX_CA_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The configuration for `args` with `timeout` per attempt, checked before
/// any I/O on the network (a plain-http base URL to a non-loopback host is
/// refused here, without a connection), and warnings to show.
pub(crate) fn config(
    args: &Connection,
    timeout: Duration,
) -> Result<(Config, Vec<String>), String> {
    let mut config = Config::default();
    let mut warnings = Vec::new();
    // Parsed here rather than by clap so an error never echoes the URL,
    // which might carry a secret in a query string.
    config.base_url = BaseUrl::parse(&args.base_url).map_err(|e| match e {
        InputError::InvalidBaseUrl { reason } => format!("invalid --base-url: {reason}"),
        other => format!("invalid --base-url: {other}"),
    })?;
    config.allow_insecure_http = args.allow_insecure_http;
    config.check_secure().map_err(|e| {
        format!(
            "{e}\n  hint: use an https:// URL, or pass --allow-insecure-http if you really mean it"
        )
    })?;
    config.params = args.params.into();
    // The total for one attempt; it bounds the connection time too.
    config.timeout = Some(timeout);
    config.retry = RetryPolicy::attempts(args.retries.saturating_add(1));
    config.retry.retry_after_send = args.retry_after_send;
    if args.retry_after_send && args.retries == 0 {
        warnings.push(
            "note: --retry-after-send changes nothing without --retries N (N > 0)".to_owned(),
        );
    }
    if let Some(proxy) = &args.proxy {
        let url = proxy.clone().into_inner();
        // The core's messages never contain the password.
        config.proxy = Proxy::url(&url).map_err(|e| match e {
            InputError::InvalidProxy { reason } => format!("invalid --proxy: {reason}"),
            other => format!("invalid --proxy: {other}"),
        })?;
        if url.contains('@') {
            warnings.push(
                "warning: a proxy password on the command line is visible to other users \
                 of this machine; prefer HTTPS_PROXY"
                    .to_owned(),
            );
        }
    } else if args.no_proxy {
        config.proxy = Proxy::none();
    }
    for path in &args.ca_cert {
        config.trust = add_roots(std::mem::take(&mut config.trust), path)?;
    }
    Ok((config, warnings))
}

/// `trust` with the certificates of the PEM file at `path`.
fn add_roots(trust: Trust, path: &Path) -> Result<Trust, String> {
    let fail = |why: String| format!("--ca-cert {}: {why}", path.display());
    let mut pem = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CA_FILE_BYTES + 1).read_to_end(&mut pem))
        .map_err(|e| fail(format!("cannot read it: {e}")))?;
    if pem.len() as u64 > MAX_CA_FILE_BYTES {
        return Err(fail("larger than 4 MiB: not a certificate file".to_owned()));
    }
    trust.with_pem(&pem).map_err(|e| fail(e.to_string()))
}

/// How long one id's call may take in all: each attempt's timeout, and the
/// longest the retry policy may wait between attempts.
pub(crate) fn call_budget(config: &Config) -> Duration {
    let attempt = config.timeout.unwrap_or(wawp::DEFAULT_TIMEOUT);
    let n = config.retry.max_attempts.max(1);
    let waits = config
        .retry
        .max_backoff
        .saturating_mul(n - 1)
        .min(config.retry.max_total_wait);
    attempt.saturating_mul(n).saturating_add(waits)
}

#[cfg(test)]
mod tests {
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
        assert!(
            Cli::try_parse_from(["wawp", "logout", "--proxy", "x", "--no-proxy", "A"]).is_err()
        );
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
}

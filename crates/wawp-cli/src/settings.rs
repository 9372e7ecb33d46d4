//! The flags mapped onto [`wawp_core::Config`]. The rules themselves (URL
//! validity, the plain-http check, retry safety) live in the core; this only
//! chooses values and words the errors for a command line.

use wawp_core::{BaseUrl, Config, InputError, RetryPolicy};

use crate::args::LogoutArgs;

/// The configuration for `args`, checked before any I/O (a plain-http
/// base URL to a non-loopback host is refused here, without a connection).
pub(crate) fn config(args: &LogoutArgs) -> Result<Config, String> {
    let mut config = Config::default();
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
    config.timeout = Some(args.timeout.0);
    config.retry = RetryPolicy::attempts(args.retries.saturating_add(1));
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{Cli, Command};
    use clap::Parser;
    use std::time::Duration;
    use wawp_core::ParamLocation;

    fn args(extra: &[&str]) -> LogoutArgs {
        let argv = ["wawp", "logout"].iter().chain(extra).chain(&["ID"]);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Logout(a) => *a,
            Command::Completions { .. } => unreachable!(),
        }
    }

    #[test]
    fn defaults_are_the_core_defaults() {
        let c = config(&args(&["--base-url", "https://api.wawp.net"])).unwrap();
        let d = Config::default();
        assert_eq!(c.base_url, d.base_url);
        assert_eq!(c.params, d.params);
        assert_eq!(c.timeout, d.timeout);
        assert_eq!(c.retry, d.retry);
        assert!(!c.allow_insecure_http);
    }

    #[test]
    fn flags_map_onto_the_config() {
        let c = config(&args(&[
            "--base-url",
            "http://127.0.0.1:9/prefix/",
            "--timeout",
            "3",
            "--retries",
            "2",
            "--params",
            "body",
        ]))
        .unwrap();
        assert_eq!(c.base_url.as_str(), "http://127.0.0.1:9/prefix");
        assert_eq!(c.timeout, Some(Duration::from_secs(3)));
        assert_eq!(c.retry.max_attempts, 3);
        assert!(!c.retry.retry_after_send);
        assert_eq!(c.params, ParamLocation::JsonBody);
    }

    #[test]
    fn plain_http_needs_loopback_or_the_flag() {
        let e = config(&args(&["--base-url", "http://wawp.invalid"])).unwrap_err();
        assert!(e.contains("plain http to wawp.invalid"), "{e}");
        assert!(e.contains("--allow-insecure-http"), "{e}");
        for url in ["http://localhost:1", "http://127.0.0.1:1", "http://[::1]:1"] {
            assert!(config(&args(&["--base-url", url])).is_ok(), "{url}");
        }
        let c = config(&args(&[
            "--base-url",
            "http://wawp.invalid",
            "--allow-insecure-http",
        ]))
        .unwrap();
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

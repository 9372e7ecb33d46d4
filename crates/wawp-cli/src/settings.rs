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
#[path = "tests/settings.rs"]
mod tests;

//! The command line, as a clap derive model. Parsing only: nothing here reads
//! files, the environment (beyond clap's `env` fallbacks) or the network.

use std::convert::Infallible;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The exit codes, shown after `--help` (and kept in sync with [`crate::exit::Exit`]
/// by a unit test).
pub(crate) const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  every instance was logged out
  1  declined at the confirmation prompt
  2  usage error or invalid input, or refused: no terminal to confirm on and no --yes
  3  unauthorized (HTTP 401): check the access token
  4  not found (HTTP 404): check the instance id
  5  other client error (HTTP 400, 403, 429, other 4xx)
  6  server error (HTTP 5xx)
  7  transport failure, timeout, oversized, redirected or undecodable response
  130  interrupted (SIGINT, Ctrl-C): every instance still has its line
  141  standard output was closed (e.g. `| head`): treated as an interruption
  143  terminated (SIGTERM): every instance still has its line
With several instances: the highest code seen; an interruption wins.";

const LOGOUT_AFTER_HELP: &str = "\
The token: prefer WAWP_ACCESS_TOKEN_FILE, --access-token-file or the default file
~/.config/wawp/token (chmod 600), or WAWP_ACCESS_TOKEN: a command line is visible to
other users of the machine. The token is never printed.

Interruption: on Ctrl-C (SIGINT) or SIGTERM no new logout starts; those in flight
get 2 seconds to finish, then every instance gets its line: its result, or
`interrupted` (it may have happened) or `not_started` (nothing was sent), then the
summary. A second Ctrl-C ends at once, still with one line per instance. Resume
with --unfinished FILE, then --from-file FILE.

Examples:
  export WAWP_ACCESS_TOKEN_FILE=~/.config/wawp/token
  wawp logout 3EB0BCB2E3D4
  wawp logout --yes --json 3EB0BCB2E3D4 4FC1CDC3F4E5
  grep -v staging ids.txt | wawp logout --yes --from-file - --unfinished left.txt
  wawp logout --yes --from-file left.txt --unfinished left.txt   # resume";

/// The stable `kind` values of `--json` error objects (kept in sync with
/// [`crate::output::KINDS`] by a unit test).
pub(crate) const KINDS_HELP: &str = "\
JSON error kinds (\"kind\"; every error object also has \"maybe_sent\": true|false):
  invalid_input, bad_request, unauthorized, forbidden, not_found, rate_limited,
  bad_gateway, unavailable, gateway_timeout, server_error, unexpected_status,
  decode, redirect, timeout, body_too_large, connect, tls, stale_connection, io,
  other, interrupted, not_started";

/// `wawp`: the Wawp WhatsApp API from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "wawp",
    version,
    about = "Log Wawp WhatsApp instances out, one or many, safely.",
    after_help = EXIT_CODES_HELP,
    propagate_version = true,
    arg_required_else_help = true
)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Log instances out of WhatsApp: each stays alive, waiting for a QR code scan.
    #[command(after_help = format!("{LOGOUT_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Logout(Box<LogoutArgs>),
    /// Print a completion script for a shell (e.g. `wawp completions bash > /etc/bash_completion.d/wawp`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `wawp man | man -l -`, or write
    /// every page (wawp.1, wawp-logout.1, …) into a directory.
    Man {
        /// The page of this subcommand instead of the main page.
        #[arg(value_name = "SUBCOMMAND", conflicts_with = "dir")]
        page: Option<String>,
        /// Write all pages into this directory instead of printing one.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The arguments of `wawp logout`.
#[derive(Debug, Args)]
pub(crate) struct LogoutArgs {
    /// Instance ids to log out, e.g. 3EB0BCB2E3D4. Quote ids with spaces.
    #[arg(value_name = "INSTANCE_ID", required_unless_present = "from_file")]
    pub(crate) ids: Vec<String>,

    /// Also read instance ids from a file, one per line ('-' for standard input).
    /// Blank lines and lines starting with '#' are skipped. At most 32 MiB and
    /// 4096 bytes per line; binary input (NUL bytes, not UTF-8) is refused.
    #[arg(long, value_name = "PATH|-")]
    pub(crate) from_file: Option<PathBuf>,

    /// Write the ids that did not end logged out (failed, interrupted or not
    /// started) to this file, one per line, to resume with --from-file. The
    /// file is written at the end of every run, empty when all went well.
    #[arg(long, value_name = "PATH")]
    pub(crate) unfinished: Option<PathBuf>,

    /// The API access token. Prefer a token file or the environment
    /// variable: command lines are visible to other users.
    #[arg(
        long,
        env = "WAWP_ACCESS_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub(crate) access_token: Option<SecretArg>,

    /// Read the access token from a file (surrounding whitespace is ignored;
    /// a warning if others may read it). Without any token option or
    /// variable, ~/.config/wawp/token ($XDG_CONFIG_HOME/wawp/token) is read
    /// when it exists.
    #[arg(long, env = "WAWP_ACCESS_TOKEN_FILE", value_name = "PATH")]
    pub(crate) access_token_file: Option<PathBuf>,

    /// The API root.
    #[arg(
        long,
        env = "WAWP_BASE_URL",
        hide_env_values = true,
        value_name = "URL",
        default_value = wawp_core::DEFAULT_BASE_URL
    )]
    pub(crate) base_url: String,

    /// Send the token over plain http to a host that is not loopback.
    /// The token then crosses the network in clear text.
    #[arg(long)]
    pub(crate) allow_insecure_http: bool,

    /// The proxy for https requests, http://[user:password@]host[:port]
    /// (tunnelled with CONNECT: the proxy never sees the token). Default:
    /// HTTPS_PROXY / ALL_PROXY, minus NO_PROXY. Plain http (loopback only) is
    /// never proxied.
    #[arg(long, value_name = "URL", conflicts_with = "no_proxy")]
    pub(crate) proxy: Option<SecretArg>,

    /// Use no proxy, whatever HTTPS_PROXY or ALL_PROXY say.
    #[arg(long)]
    pub(crate) no_proxy: bool,

    /// Also trust the root certificates in this PEM file (a private or
    /// corporate CA), besides the system's (SSL_CERT_FILE / SSL_CERT_DIR
    /// are honoured too). Repeatable. Verification cannot be turned off.
    #[arg(long, value_name = "FILE")]
    pub(crate) ca_cert: Vec<PathBuf>,

    /// The HTTP client to use [default: blocking for one instance (it
    /// starts fastest), hyper for several (one thread multiplexes them)].
    #[arg(long, value_enum)]
    pub(crate) transport: Option<TransportKind>,

    /// Time limit for each attempt, in seconds (connecting included).
    #[arg(long, value_name = "SECS", value_parser = parse_timeout, default_value_t = default_timeout())]
    pub(crate) timeout: Secs,

    /// Retries, with backoff, after failures that prove nothing happened:
    /// nothing sent (name resolution, refused, connect timeout), 429 and 503
    /// (honouring Retry-After), 502 "connection failed to upstream".
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=10))]
    pub(crate) retries: u32,

    /// Let --retries also repeat failures after which the logout may have
    /// happened: a timeout or a connection lost after sending, HTTP 504. A
    /// repeated logout is harmless (it finds the session logged out).
    #[arg(long)]
    pub(crate) retry_after_send: bool,

    /// Where the instance id and the token go: the query string, as in the
    /// documented URL, or a JSON body.
    #[arg(long, value_enum, default_value_t = Params::Query)]
    pub(crate) params: Params,

    /// Print one JSON object per instance (JSON lines), errors included.
    #[arg(long)]
    pub(crate) json: bool,

    /// Do not ask for confirmation (required when standard input is not a terminal).
    #[arg(short, long)]
    pub(crate) yes: bool,

    /// How many logouts run at once when there are several instances.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub(crate) concurrency: u16,

    /// Diagnostics on standard error: -v, one line per HTTP attempt (method,
    /// host, path, status, time, new or reused connection, retry or re-send);
    /// -vv, also each attempt's start, errors in full, and the settings
    /// (proxy, trusted roots, limits). Never the token or the query string.
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

/// The HTTP client behind the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TransportKind {
    /// hyper 1 (async, tokio current-thread runtime)
    Hyper,
    /// reqwest (async, tokio current-thread runtime)
    Reqwest,
    /// ureq (blocking, no async runtime)
    Blocking,
}

impl TransportKind {
    /// The default for `count` instances: the one that starts fastest for
    /// one, the one with the highest throughput for several (see the crate
    /// README and docs/performance.md for the measurements). Every
    /// transport gives the same results.
    pub(crate) fn default_for(count: usize) -> Self {
        if count > 1 {
            Self::Hyper
        } else {
            Self::Blocking
        }
    }

    /// The flag value, e.g. `hyper`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Hyper => "hyper",
            Self::Reqwest => "reqwest",
            Self::Blocking => "blocking",
        }
    }
}

/// Where the request parameters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Params {
    /// In the query string (the documented URL)
    Query,
    /// In a JSON object body
    Body,
}

impl From<Params> for wawp_core::ParamLocation {
    fn from(p: Params) -> Self {
        match p {
            Params::Query => Self::Query,
            Params::Body => Self::JsonBody,
        }
    }
}

/// A secret given on the command line or in the environment. Parsing never
/// fails (so clap never echoes it in an error) and `Debug` prints a redaction;
/// validation happens later, with errors that name positions, not values.
#[derive(Clone)]
pub(crate) struct SecretArg(String);

impl SecretArg {
    /// The raw value, to hand to `AccessToken::new` and nothing else.
    pub(crate) fn into_inner(self) -> String {
        self.0
    }
}

impl FromStr for SecretArg {
    type Err = Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(s.to_owned()))
    }
}

impl fmt::Debug for SecretArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A duration given in (possibly fractional) seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Secs(pub(crate) Duration);

impl fmt::Display for Secs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.as_secs_f64())
    }
}

/// The core's default per-attempt timeout, shown in `--help`.
fn default_timeout() -> Secs {
    Secs(
        wawp_core::Config::default()
            .timeout
            .unwrap_or(Duration::from_secs(30)),
    )
}

/// A positive, finite number of seconds, at most a day.
fn parse_timeout(s: &str) -> Result<Secs, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| "expected a number of seconds, e.g. 10 or 2.5".to_owned())?;
    if !(secs > 0.0 && secs <= 86_400.0) {
        return Err("expected more than 0 and at most 86400 seconds".to_owned());
    }
    Ok(Secs(Duration::from_secs_f64(secs)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("wawp").chain(args.iter().copied()))
    }

    fn logout(args: &[&str]) -> LogoutArgs {
        match parse(args).unwrap().command {
            Command::Logout(a) => *a,
            _ => panic!("not logout"),
        }
    }

    #[test]
    fn clap_model_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn defaults() {
        let a = logout(&["logout", "A"]);
        assert_eq!(a.ids, ["A"]);
        assert_eq!(a.transport, None);
        assert_eq!(TransportKind::default_for(1), TransportKind::Blocking);
        assert_eq!(TransportKind::default_for(2), TransportKind::Hyper);
        for kind in [
            TransportKind::Hyper,
            TransportKind::Reqwest,
            TransportKind::Blocking,
        ] {
            assert_eq!(kind.to_possible_value().unwrap().get_name(), kind.name());
        }
        assert_eq!(a.params, Params::Query);
        assert_eq!(a.retries, 0);
        assert_eq!(a.concurrency, 4);
        assert!(!a.yes && !a.json && !a.allow_insecure_http);
        assert_eq!(Some(a.timeout.0), wawp_core::Config::default().timeout);
        assert!(a.from_file.is_none());
    }

    #[test]
    fn every_option() {
        let a = logout(&[
            "logout",
            "-y",
            "--json",
            "--transport",
            "hyper",
            "--timeout",
            "2.5",
            "--retries",
            "3",
            "--params",
            "body",
            "--concurrency",
            "8",
            "--base-url",
            "http://127.0.0.1:1",
            "--from-file",
            "-",
            "--access-token-file",
            "/tmp/t",
            "--allow-insecure-http",
        ]);
        assert!(a.yes && a.json && a.allow_insecure_http);
        assert_eq!(a.transport, Some(TransportKind::Hyper));
        assert_eq!(a.timeout, Secs(Duration::from_millis(2500)));
        assert_eq!(a.retries, 3);
        assert_eq!(a.params, Params::Body);
        assert_eq!(a.concurrency, 8);
        assert_eq!(a.base_url, "http://127.0.0.1:1");
        assert_eq!(a.from_file.as_deref(), Some("-".as_ref()));
        assert!(a.ids.is_empty());
    }

    #[test]
    fn ids_or_from_file_are_required() {
        let e = parse(&["logout"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::MissingRequiredArgument);
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for args in [
            &["logout", "--timeout", "0", "A"][..],
            &["logout", "--timeout", "-1", "A"],
            &["logout", "--timeout", "NaN", "A"],
            &["logout", "--retries", "11", "A"],
            &["logout", "--concurrency", "0", "A"],
            &["logout", "--transport", "curl", "A"],
            &["logout", "--params", "header", "A"],
        ] {
            let e = parse(args).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn secret_debug_is_redacted_and_parse_never_fails() {
        let s: SecretArg = "tok en\u{7}".parse().unwrap();
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(s.into_inner(), "tok en\u{7}");
    }

    #[test]
    fn ids_may_look_like_anything_after_double_dash() {
        let a = logout(&["logout", "--", "-weird id", "a&b=c?d#e"]);
        assert_eq!(a.ids, ["-weird id", "a&b=c?d#e"]);
    }

    #[test]
    fn params_map_onto_core() {
        assert_eq!(
            wawp_core::ParamLocation::from(Params::Body),
            wawp_core::ParamLocation::JsonBody
        );
        assert_eq!(
            wawp_core::ParamLocation::from(Params::Query),
            wawp_core::ParamLocation::Query
        );
    }
}

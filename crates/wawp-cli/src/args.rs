//! The command line, as a clap derive model. Parsing only: nothing here reads
//! files, the environment (beyond clap's `env` fallbacks) or the network.
//!
//! Every command that talks to the API flattens the same [`Connection`]
//! options; the commands over one or many instances flatten [`Targets`]
//! too, so that `logout`, `info`, `start`, `stop`, `restart`, `delete`, `qr`
//! and `pair` take their ids, lists, `--json` and `--concurrency` alike.

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
  0  success, for every instance (qr and relink: linked)
  1  declined at the confirmation prompt
  2  usage error or invalid input, or refused: no terminal to confirm on and no --yes
  3  unauthorized (HTTP 401): check the access token
  4  not found (HTTP 404): check the instance id
  5  other client error (HTTP 400, 403, 422, 429, other 4xx), or a state that forbids it
  6  server error (HTTP 5xx)
  7  transport failure, timeout, oversized, redirected or undecodable response
  8  gave up waiting (qr, relink): --timeout passed before the instance was linked
  129  hung up (SIGHUP): every instance still has its line
  130  interrupted (SIGINT, Ctrl-C): every instance still has its line
  131  quit (SIGQUIT): every instance still has its line
  141  standard output was closed (e.g. `| head`): treated as an interruption
  143  terminated (SIGTERM): every instance still has its line
  149  Ctrl-Break (Windows): every instance still has its line
With several instances: the highest code seen; an interruption wins.";

/// What every bulk command's `--help` ends with, before the kinds and codes.
const BULK_AFTER_HELP: &str = "\
The token: prefer WAWP_ACCESS_TOKEN_FILE, --access-token-file or the default file
~/.config/wawp/token (chmod 600), or WAWP_ACCESS_TOKEN: a command line is visible to
other users of the machine. The token is never printed.

Interruption: on Ctrl-C (SIGINT), SIGTERM, SIGHUP or SIGQUIT (Windows: Ctrl-C,
Ctrl-Break) no new call starts; those in flight
get 2 seconds to finish, then every instance gets its line: its result, or
`interrupted` (it may have happened) or `not_started` (nothing was sent), then the
summary. A second Ctrl-C ends at once, still with one line per instance. Resume
with --unfinished FILE, then --from-file FILE.";

const LOGOUT_EXAMPLES: &str = "\
Examples:
  export WAWP_ACCESS_TOKEN_FILE=~/.config/wawp/token
  wawp logout 3EB0BCB2E3D4
  wawp logout --yes --json 3EB0BCB2E3D4 4FC1CDC3F4E5
  grep -v staging ids.txt | wawp logout --yes --from-file - --unfinished left.txt
  wawp logout --yes --from-file left.txt --unfinished left.txt   # resume";

const INFO_EXAMPLES: &str = "\
Examples:
  wawp info 3EB0BCB2E3D4
  wawp info --json --from-file ids.txt | jq -r 'select(.status != \"WORKING\") | .instance_id'";

const START_EXAMPLES: &str = "\
Examples:
  wawp start 3EB0BCB2E3D4
  wawp start --from-file stopped.txt --unfinished left.txt";

const STOP_EXAMPLES: &str = "\
Examples:
  wawp stop 3EB0BCB2E3D4                 # asks first; it keeps its login
  wawp stop --yes --from-file ids.txt";

const RESTART_EXAMPLES: &str = "\
Examples:
  wawp restart 3EB0BCB2E3D4              # asks first; it keeps its login
  wawp restart --yes --json 3EB0BCB2E3D4 4FC1CDC3F4E5";

const DELETE_EXAMPLES: &str = "\
Deleting cannot be undone. On a terminal you confirm by typing the instance id
(for several: `delete N instances`); without a terminal --yes is required.
A delete is never repeated automatically once it may have reached the server,
whatever --retries and --retry-after-send say.

Examples:
  wawp delete 3EB0BCB2E3D4               # type 3EB0BCB2E3D4 to confirm
  wawp delete --yes --json --from-file retired.txt --unfinished left.txt";

const QR_AFTER_HELP: &str = "\
With one instance (and neither --json, --png nor --once) the QR code is drawn
with Unicode half blocks and redrawn whenever it changes, until the instance is
WORKING (exit 0: a phone linked it) or --timeout passes (exit 8). Ctrl-C stops
waiting and says which state the instance is in (exit 130). A STOPPED or FAILED
instance has no QR code: start or restart it first (exit 5). With several
instances, --from-file, --unfinished, --once, --json or --png, each instance's
current code is fetched once through the bulk machinery (concurrency, one line
per instance, --unfinished).

Examples:
  wawp qr 3EB0BCB2E3D4                   # scan it: WhatsApp > Linked devices > Link a device
  wawp qr --png qr.png 3EB0BCB2E3D4
  wawp qr --png codes/ --from-file ids.txt   # codes/<id>.png for each
  wawp qr --json 3EB0BCB2E3D4 | jq -r .value";

const PAIR_EXAMPLES: &str = "\
The number is normalised (+, 00, spaces, dashes, dots and parentheses are
dropped) and checked before anything is sent: digits with their country code.
The instance must be waiting for a phone (SCAN_QR_CODE: after a logout or a
first start). On the phone: WhatsApp > Linked devices > Link a device > Link
with phone number instead, then type the code.

Examples:
  wawp pair --phone '+20 114 520 2826' 3EB0BCB2E3D4
  wawp pair --json --phone 00201145202826 3EB0BCB2E3D4";

const RELINK_AFTER_HELP: &str = "\
The whole \"move this WhatsApp to another phone\" flow: confirm, log the
instance out (a start in progress is waited for, a STOPPED instance is started
first), wait for it to offer a QR code (starting it if the logout left it
STOPPED), show the code (or with --phone a pairing code to type on the phone),
wait until a phone has linked it, report. --timeout bounds all the waiting. Exit 0 when it is WORKING again,
8 when --timeout passes first (it then stays logged out: `wawp qr ID` shows the
code again). Ctrl-C at any point is safe: the instance's state is queried on
the way out and said (exit 130; 143 for SIGTERM).

With --link, for a phone that is elsewhere: after the logout a temporary access
link is made and printed with its expiry, for its owner to open and scan the QR
code it shows; --timeout defaults to the link's lifetime, and the link is
revoked at the end whatever happened, Ctrl-C included.

Examples:
  wawp relink 3EB0BCB2E3D4
  wawp relink --phone '+20 114 520 2826' 3EB0BCB2E3D4
  wawp relink --link --json 3EB0BCB2E3D4 | jq -r 'select(.event == \"link\") | .url'
  wawp relink --yes --json --timeout 600 3EB0BCB2E3D4";

const LINK_AFTER_HELP: &str = "\
show prints each instance's active link and its expiry (or says there is none);
new makes a new one, valid 30 minutes, and any active link expires; revoke
revokes them all. The owner of the phone opens the link and scans the QR code
it shows: for an instance whose phone is elsewhere (see also relink --link).

Examples:
  wawp link new 3EB0BCB2E3D4
  wawp link show --json --from-file ids.txt
  wawp link revoke 3EB0BCB2E3D4";

const POLICY_AFTER_HELP: &str = "\
Without --set: the current policy, then a table of the policies with what each
allows (messages a minute and a day, protection seconds, concurrency, group and
check requests) and whether the account may choose it. With --set SLUG: asks
first, reads the policies, refuses a slug that is unknown or not available to
the account before changing anything (exit 2), then puts it in force.

Examples:
  wawp policy 3EB0BCB2E3D4
  wawp policy --set moderate --yes 3EB0BCB2E3D4";

const WEBHOOKS_AFTER_HELP: &str = "\
Without --set: each webhook's URL, events and whether it is active. With --set
FILE: the file is a JSON array of {\"url\", \"events\", \"is_active\"} objects (or
an object with such an array under \"webhooks\"); it is checked before anything
is sent (https URLs, at least one event each), events the API reference does
not list are warned about (and sent), then, after confirmation, it replaces
the whole list. Webhooks need a paid plan (else exit 5, subscription_required).

Examples:
  wawp webhooks 3EB0BCB2E3D4
  wawp webhooks --set hooks.json --yes 3EB0BCB2E3D4";

const CREATE_AFTER_HELP: &str = "\
Each new instance starts STOPPED: `wawp start ID` starts it. A creation is
never repeated automatically once it may have reached the server (a second
one would make a second instance), whatever --retries and --retry-after-send
say. With --unfinished, the names whose creation may have happened (no
answer came) are written apart, commented out, so that resuming from the file
cannot create them twice: check them with `wawp info` first.

Examples:
  wawp create shop-front support-desk
  wawp create --json --from-file names.txt --unfinished left.txt";

/// The stable `kind` values of `--json` error objects (kept in sync with
/// [`crate::output::KINDS`] by a unit test).
pub(crate) const KINDS_HELP: &str = "\
JSON error kinds (\"kind\"; every error object also has \"maybe_sent\": true|false):
  invalid_input, bad_request, unauthorized, forbidden, subscription_required,
  quota_reached, not_found, rate_limited,
  bad_gateway, unavailable, gateway_timeout, server_error, unexpected_status,
  decode, redirect, timeout, body_too_large, connect, tls, stale_connection, io,
  other, interrupted, not_started, not_saved (qr --png), gave_up, wrong_state
  (qr and relink)";

/// `wawp`: the Wawp WhatsApp API from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "wawp",
    version,
    about = "Manage Wawp WhatsApp instances' sessions, one or many, safely: \
             status, start, stop, restart, logout, delete, QR code, pairing code, relink.",
    after_help = EXIT_CODES_HELP,
    propagate_version = true,
    arg_required_else_help = true
)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,

    /// The API and the network: global, so they may come before the
    /// subcommand too (`wawp -v info ID`).
    #[command(flatten)]
    pub(crate) connection: Connection,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Show each instance's session: its status, and the account it is linked to.
    #[command(after_help = format!("{BULK_AFTER_HELP}\n\n{INFO_EXAMPLES}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Info(Box<RunArgs>),
    /// Start stopped instances (a linked one comes back WORKING, a new one offers a QR code).
    #[command(after_help = format!("{BULK_AFTER_HELP}\n\n{START_EXAMPLES}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Start(Box<RunArgs>),
    /// Stop instances: each keeps its login, but receives nothing until started again.
    #[command(after_help = format!("{BULK_AFTER_HELP}\n\n{STOP_EXAMPLES}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Stop(Box<ConfirmedArgs>),
    /// Restart instances (stop, then start; each keeps its login).
    #[command(after_help = format!("{BULK_AFTER_HELP}\n\n{RESTART_EXAMPLES}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Restart(Box<ConfirmedArgs>),
    /// Log instances out of WhatsApp: each stays alive, waiting for a QR code scan.
    #[command(after_help = format!("{BULK_AFTER_HELP}\n\n{LOGOUT_EXAMPLES}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Logout(Box<ConfirmedArgs>),
    /// Delete instances for good (irreversible: confirmed by typing the id).
    #[command(after_help = format!("{DELETE_EXAMPLES}\n\n{BULK_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Delete(Box<ConfirmedArgs>),
    /// Show the QR code that links a phone: drawn in the terminal until it is scanned, or saved as PNG.
    #[command(after_help = format!("{QR_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Qr(Box<QrArgs>),
    /// Get a pairing code that links a phone by its number, instead of scanning a QR code.
    #[command(after_help = format!("{PAIR_EXAMPLES}\n\n{BULK_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Pair(Box<PairArgs>),
    /// Move an instance to another phone: log out, show the QR (or pairing) code, wait until linked.
    #[command(after_help = format!("{RELINK_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Relink(Box<RelinkArgs>),
    /// Show the WhatsApp account each instance is logged in as: id, push name, platform.
    #[command(after_help = format!("{BULK_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Me(Box<RunArgs>),
    /// Temporary access links: a 30-minute page where the phone's owner scans the QR code themselves.
    #[command(after_help = format!("{LINK_AFTER_HELP}\n\n{BULK_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Link(Box<LinkArgs>),
    /// Show each instance's rate-limit policy and what each policy allows, or change it (--set).
    #[command(after_help = format!("{POLICY_AFTER_HELP}\n\n{BULK_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Policy(Box<SetArgs>),
    /// List each instance's webhooks, or replace them with a list from a JSON file (--set).
    #[command(after_help = format!("{WEBHOOKS_AFTER_HELP}\n\n{BULK_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}"))]
    Webhooks(Box<SetArgs>),
    /// Create instances, one per name, and print each new id (each starts STOPPED).
    #[command(
        mut_arg("ids", |a| a.value_name("NAME").help("Names of the instances to create, e.g. shop-front")),
        after_help = format!("{CREATE_AFTER_HELP}\n\n{BULK_AFTER_HELP}\n\n{KINDS_HELP}\n\n{EXIT_CODES_HELP}")
    )]
    Create(Box<RunArgs>),
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

impl Command {
    /// The name clap knows the subcommand by (`logout`, `qr`…).
    #[cfg(test)]
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Command::Info(_) => "info",
            Command::Start(_) => "start",
            Command::Stop(_) => "stop",
            Command::Restart(_) => "restart",
            Command::Logout(_) => "logout",
            Command::Delete(_) => "delete",
            Command::Qr(_) => "qr",
            Command::Pair(_) => "pair",
            Command::Relink(_) => "relink",
            Command::Me(_) => "me",
            Command::Link(_) => "link",
            Command::Policy(_) => "policy",
            Command::Webhooks(_) => "webhooks",
            Command::Create(_) => "create",
            Command::Completions { .. } => "completions",
            Command::Man { .. } => "man",
        }
    }
}

/// Which instances: ids given as arguments and in a list, and how results
/// are written.
#[derive(Debug, Args)]
pub(crate) struct Targets {
    /// Instance ids, e.g. 3EB0BCB2E3D4. Quote ids with spaces; put -- before
    /// an id that starts with '-'.
    #[arg(value_name = "INSTANCE_ID", required_unless_present = "from_file")]
    pub(crate) ids: Vec<String>,

    /// Also read instance ids from a file, one per line ('-' for standard input).
    /// Blank lines and lines starting with '#' are skipped. At most 32 MiB and
    /// 4096 bytes per line; binary input (NUL bytes, not UTF-8) is refused.
    #[arg(long, value_name = "PATH|-")]
    pub(crate) from_file: Option<PathBuf>,

    /// Write the ids that did not succeed (failed, interrupted or not
    /// started) to this file, one per line, to resume with --from-file. The
    /// file is written at the end of every run, empty when all went well.
    #[arg(long, value_name = "PATH")]
    pub(crate) unfinished: Option<PathBuf>,

    /// Print one JSON object per instance (JSON lines), errors included.
    #[arg(long)]
    pub(crate) json: bool,

    /// How many calls run at once when there are several instances.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub(crate) concurrency: u16,
}

/// How to reach the API: credentials, address, network, retries,
/// diagnostics. Shared by every command that calls it.
#[derive(Debug, Args)]
pub(crate) struct Connection {
    /// The API access token. Prefer a token file or the environment
    /// variable: command lines are visible to other users.
    #[arg(
        long,
        global = true,
        env = "WAWP_ACCESS_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub(crate) access_token: Option<SecretArg>,

    /// Read the access token from a file (surrounding whitespace is ignored;
    /// a warning if others may read it). Without any token option or
    /// variable, ~/.config/wawp/token ($XDG_CONFIG_HOME/wawp/token) is read
    /// when it exists.
    #[arg(
        long,
        global = true,
        env = "WAWP_ACCESS_TOKEN_FILE",
        value_name = "PATH"
    )]
    pub(crate) access_token_file: Option<PathBuf>,

    /// The API root.
    #[arg(
        long,
        global = true,
        env = "WAWP_BASE_URL",
        hide_env_values = true,
        value_name = "URL",
        default_value = wawp::DEFAULT_BASE_URL
    )]
    pub(crate) base_url: String,

    /// Send the token over plain http to a host that is not loopback.
    /// The token then crosses the network in clear text.
    #[arg(long, global = true)]
    pub(crate) allow_insecure_http: bool,

    /// The proxy for https requests, http://[user:password@]host[:port]
    /// (tunnelled with CONNECT: the proxy never sees the token). Default:
    /// HTTPS_PROXY / ALL_PROXY, minus NO_PROXY. Plain http (loopback only) is
    /// never proxied.
    #[arg(long, global = true, value_name = "URL", conflicts_with = "no_proxy")]
    pub(crate) proxy: Option<SecretArg>,

    /// Use no proxy, whatever HTTPS_PROXY or ALL_PROXY say.
    #[arg(long, global = true)]
    pub(crate) no_proxy: bool,

    /// Also trust the root certificates in this PEM file (a private or
    /// corporate CA), besides the system's (SSL_CERT_FILE / SSL_CERT_DIR
    /// are honoured too). Repeatable. Verification cannot be turned off.
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) ca_cert: Vec<PathBuf>,

    /// Retries, with backoff, after failures that prove nothing happened:
    /// nothing sent (name resolution, refused, connect timeout), 429 and 503
    /// (honouring Retry-After), 502 "connection failed to upstream". Reads
    /// (info, qr) are also retried after any other failure.
    #[arg(long, global = true, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=10))]
    pub(crate) retries: u32,

    /// Let --retries also repeat failures after which the call may have
    /// happened: a timeout or a connection lost after sending, HTTP 504.
    /// Harmless for logout, start, stop and restart (a second call finds the
    /// work done); a delete is never repeated once it may have happened.
    #[arg(long, global = true)]
    pub(crate) retry_after_send: bool,

    /// Where the instance id and the token go: the query string, as in the
    /// documented URL, or a JSON body. A DELETE has no body: `delete` keeps
    /// them in the query string whatever this says (with a warning).
    #[arg(long, global = true, value_enum, default_value_t = Params::Query)]
    pub(crate) params: Params,

    /// Diagnostics on standard error: -v, one line per HTTP attempt (method,
    /// host, path, status, time, new or reused connection, retry or re-send);
    /// -vv, also each attempt's start, errors in full, and the settings
    /// (proxy, trusted roots, limits). Never the token or the query string.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,

    /// Write every exchange with the API into this directory (made if
    /// needed), one JSON file each: the method, the path with the token
    /// replaced, the status, the headers and the body, redacted. Attach
    /// them to a bug report, or serve them with `wawp-mock --replay DIR`.
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) save_responses: Option<PathBuf>,
}

/// The arguments of `wawp info` and `wawp start`: a bulk run that needs no
/// confirmation.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// The instances.
    #[command(flatten)]
    pub(crate) targets: Targets,

    /// Time limit for each attempt, in seconds (connecting included).
    #[arg(long, value_name = "SECS", value_parser = parse_timeout, default_value_t = default_timeout())]
    pub(crate) timeout: Secs,
}

/// The arguments of `wawp logout`, `stop`, `restart` and `delete`: a bulk
/// run confirmed first.
#[derive(Debug, Args)]
pub(crate) struct ConfirmedArgs {
    /// Everything but the confirmation.
    #[command(flatten)]
    pub(crate) run: RunArgs,

    /// Do not ask for confirmation (required when standard input is not a terminal).
    #[arg(short, long)]
    pub(crate) yes: bool,
}

/// The arguments of `wawp pair`.
#[derive(Debug, Args)]
pub(crate) struct PairArgs {
    /// The phone number to link, with its country code, e.g. '+20 114 520 2826'.
    #[arg(long, value_name = "NUMBER")]
    pub(crate) phone: String,

    /// Everything else.
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

/// The arguments of `wawp link`.
#[derive(Debug, Args)]
pub(crate) struct LinkArgs {
    /// What to do.
    #[arg(value_enum)]
    pub(crate) action: LinkAction,

    /// Everything else.
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

/// The arguments of `wawp policy` and `wawp webhooks`: a read, or with
/// `--set` a change confirmed first.
#[derive(Debug, Args)]
pub(crate) struct SetArgs {
    /// Change it (policy: a slug, e.g. `moderate`; webhooks: a JSON file
    /// with the whole new list), after confirmation.
    #[arg(long, value_name = "VALUE")]
    pub(crate) set: Option<String>,

    /// Do not ask for confirmation of --set (required when standard input is not a terminal).
    #[arg(short, long, requires = "set")]
    pub(crate) yes: bool,

    /// Everything else.
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

/// How the QR code is drawn.
#[derive(Debug, Args, Clone, Copy)]
pub(crate) struct Drawing {
    /// Draw dark modules as blocks, for a terminal with dark text on a light
    /// background (without colours, the default suits light text on a dark
    /// one; with colours, the code is drawn black on white either way).
    #[arg(long)]
    pub(crate) invert: bool,
}

/// The arguments of `wawp qr`.
#[derive(Debug, Args)]
pub(crate) struct QrArgs {
    /// The instances.
    #[command(flatten)]
    pub(crate) targets: Targets,

    /// Save the QR code as a PNG image instead of drawing it: to this file
    /// for one instance, or into this existing directory as <id>.png for
    /// several (characters other than letters, digits, '.', '_' and '-'
    /// are written as %XX). Written whole or not at all.
    #[arg(long, value_name = "PATH")]
    pub(crate) png: Option<PathBuf>,

    /// Show each code once and end, instead of watching one instance until
    /// it is linked.
    #[arg(long)]
    pub(crate) once: bool,

    /// Waiting for the phone, drawing, the API and the network.
    #[command(flatten)]
    pub(crate) waiting: Waiting,
}

/// What `wawp qr` and `wawp relink` share: waiting for a phone to link one
/// instance, how the code is drawn, and the connection.
#[derive(Debug, Args)]
pub(crate) struct Waiting {
    /// How long to wait for a phone to link the instance, in seconds (`qr`:
    /// watching one instance; `relink`: after the logout); then exit 8.
    #[arg(long, value_name = "SECS", value_parser = parse_timeout, default_value_t = Secs(Duration::from_secs(300)))]
    pub(crate) timeout: Secs,

    /// How often the instance is checked while waiting, in seconds (and at
    /// the code's expiry).
    #[arg(long, value_name = "SECS", value_parser = parse_interval, default_value_t = Secs(Duration::from_secs(2)))]
    pub(crate) interval: Secs,

    /// Time limit for each HTTP attempt, in seconds (connecting included).
    #[arg(long, value_name = "SECS", value_parser = parse_timeout, default_value_t = default_timeout())]
    pub(crate) request_timeout: Secs,

    /// How the code is drawn.
    #[command(flatten)]
    pub(crate) drawing: Drawing,
}

/// The arguments of `wawp relink`.
#[derive(Debug, Args)]
pub(crate) struct RelinkArgs {
    /// The instance to move to another phone, e.g. 3EB0BCB2E3D4.
    #[arg(value_name = "INSTANCE_ID")]
    pub(crate) id: String,

    /// Link by phone number: show a pairing code to type on the phone
    /// instead of a QR code to scan.
    #[arg(long, value_name = "NUMBER")]
    pub(crate) phone: Option<String>,

    /// Do not ask for confirmation (required when standard input is not a terminal).
    #[arg(short, long)]
    pub(crate) yes: bool,

    /// Remote relink: instead of showing a code, make a temporary access
    /// link (printed, to send to the phone's owner, who opens it and scans
    /// the QR code), wait until linked (--timeout: by default the link's
    /// lifetime), then revoke the link whatever happened.
    #[arg(long, conflicts_with = "phone")]
    pub(crate) link: bool,

    /// Print JSON lines: one per step (`logged_out`, `qr`, `pairing_code`, `link`, `link_revoked`),
    /// then the result (`ok` true or false, as the other commands).
    #[arg(long)]
    pub(crate) json: bool,

    /// Waiting for the phone, drawing, the API and the network.
    #[command(flatten)]
    pub(crate) waiting: Waiting,
}

/// What `wawp link` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LinkAction {
    /// Show the active temporary link, if any
    Show,
    /// Make a new link (any active one expires)
    New,
    /// Revoke every link
    Revoke,
}

/// Where the request parameters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Params {
    /// In the query string (the documented URL)
    Query,
    /// In a JSON object body
    Body,
}

impl From<Params> for wawp::ParamLocation {
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
        wawp::Config::default()
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

/// How often to check while watching: 0.1 to 60 seconds.
fn parse_interval(s: &str) -> Result<Secs, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| "expected a number of seconds, e.g. 2 or 0.5".to_owned())?;
    if !(0.1..=60.0).contains(&secs) {
        return Err("expected at least 0.1 and at most 60 seconds".to_owned());
    }
    Ok(Secs(Duration::from_secs_f64(secs)))
}

#[cfg(test)]
#[path = "tests/args.rs"]
mod tests;

//! `wawp-mock`: run the simulator until Ctrl-C.
//!
//! ```text
//! wawp-mock [--port N] [--token T] [--instance ID[=NAME]]... [--created ID[=NAME]]...
//!           [--start-delay MS] [--qr-rotation SECS] [--temp-link-lifetime SECS]
//!           [--paid] [--quota N] [--replay DIR]
//! ```
//!
//! Binds 127.0.0.1 only. Prints the base URL and the registered instances,
//! never the token.

use std::process::ExitCode;
use std::time::Duration;

use wawp_mock::{DEFAULT_TOKEN, MockConfig, MockServer, Plan, Replay};

const USAGE: &str =
    "usage: wawp-mock [--port N] [--token T] [--instance ID[=NAME]]... [--created ID[=NAME]]...
                 [--start-delay MS] [--qr-rotation SECS] [--temp-link-lifetime SECS]
                 [--paid] [--quota N] [--replay DIR]

Serves a simulator of Wawp's session API (info, start, stop, restart, logout,
delete, qr, qr-image, request-code, temp-link, me, rate-limit, webhook,
create) on 127.0.0.1 until Ctrl-C.
  --port N              port to listen on (default: any free port)
  --token T             access token to accept (default: wawp_mock::DEFAULT_TOKEN)
  --instance ID[=NAME]  register an instance in WORKING state (repeatable;
                        default: the documentation's example 3EB0BCB2E3D4)
  --created ID[=NAME]   register an instance as a create call leaves it:
                        STOPPED and never paired (repeatable)
  --start-delay MS      how long STARTING lasts (default: 100)
  --qr-rotation SECS    how long each QR code lasts (default: 20)
  --temp-link-lifetime SECS
                        how long a temporary access link works (default: 1800)
  --paid                the account has a paid plan: every rate-limit policy
                        and webhooks (default: free, webhooks get 403
                        subscription_required)
  --quota N             at most N instances: create beyond gets 403
                        quota_reached (default: no limit)
  --replay DIR          answer every API call from the capture in DIR (one
                        wawp-capture/1 JSON file per exchange), matched by
                        method and path, whatever the token

Mock-only control calls (same token), to play the phone:
  POST /_mock/scan?instance_id=ID&access_token=T          scan the QR code
  POST /_mock/pair?instance_id=ID&code=CODE&access_token=T enter a pairing code
  POST /_mock/fail?instance_id=ID&access_token=T          make it FAILED
  POST /_mock/open-link?token=LINK&access_token=T         the owner opens a
                                                          temporary link and scans";

struct Args {
    config: MockConfig,
    custom_token: bool,
    instances: Vec<String>,
    replaying: Option<usize>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut config = MockConfig::default();
    let mut custom_token = false;
    let mut instances = Vec::new();
    let mut created = Vec::new();
    let mut replaying = None;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg, None),
        };
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        if flag == "--paid" {
            if inline.is_some() {
                return Err("--paid takes no value".to_owned());
            }
            config = config.plan(Plan::Paid);
            continue;
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                let v = value()?;
                config = config.port(v.parse().map_err(|_| format!("invalid port: {v}"))?);
            }
            "--token" => {
                let v = value()?;
                if v.is_empty() || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    return Err("the token must be non-empty, without spaces".to_owned());
                }
                config = config.token(v);
                custom_token = true;
            }
            "--instance" => instances.push(value()?),
            "--created" => created.push(value()?),
            "--start-delay" => {
                let v = value()?;
                let ms = v.parse().map_err(|_| format!("invalid delay in ms: {v}"))?;
                config = config.start_delay(Duration::from_millis(ms));
            }
            "--qr-rotation" => {
                let v = value()?;
                let secs: f64 = v
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s < 86_400.0)
                    .ok_or_else(|| format!("invalid rotation in seconds: {v}"))?;
                config = config.qr_rotation(Duration::from_secs_f64(secs));
            }
            "--temp-link-lifetime" => {
                let v = value()?;
                let secs: f64 = v
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s < 31_536_000.0)
                    .ok_or_else(|| format!("invalid lifetime in seconds: {v}"))?;
                config = config.temp_link_lifetime(Duration::from_secs_f64(secs));
            }
            "--quota" => {
                let v = value()?;
                config = config.quota(v.parse().map_err(|_| format!("invalid quota: {v}"))?);
            }
            "--replay" => {
                let dir = value()?;
                let replay = Replay::load(&dir).map_err(|e| format!("cannot replay {dir}: {e}"))?;
                replaying = Some(replay.len());
                config = config.replay(replay);
            }
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    if !instances.is_empty() || !created.is_empty() {
        config = config.no_instances();
        for spec in &instances {
            let (id, name) = spec.split_once('=').unwrap_or((spec, spec));
            config = config.instance(id, name);
        }
        for spec in &created {
            let (id, name) = spec.split_once('=').unwrap_or((spec, spec));
            config = config.created_instance(id, name);
        }
        instances.extend(
            created
                .iter()
                .map(|c| format!("{c} (STOPPED, never paired)")),
        );
    }
    Ok(Args {
        config,
        custom_token,
        instances,
        replaying,
    })
}

#[allow(clippy::print_stdout)]
fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(why) if why.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(why) => {
            eprintln!("wawp-mock: {why}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match MockServer::try_start(args.config) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("wawp-mock: cannot listen on 127.0.0.1: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.instances.is_empty() {
        eprintln!("instance: {}", wawp_mock::EXAMPLE_INSTANCE_ID);
    }
    for spec in &args.instances {
        eprintln!("instance: {spec}");
    }
    if !args.custom_token {
        // The default token is a public constant, not a secret; still, name it
        // rather than print it.
        eprintln!(
            "token: the default test token (wawp_mock::DEFAULT_TOKEN, {} bytes)",
            DEFAULT_TOKEN.len()
        );
    }
    if let Some(n) = args.replaying {
        eprintln!("replaying a capture of {n} exchanges (matched by method and path)");
    }
    eprintln!(
        "serving the session API (/v2/session/*, /v2/auth/*) and the control calls /_mock/*; Ctrl-C to stop"
    );
    // Last, so whoever reads the URL knows everything else was printed.
    println!("{}", server.base_url());
    let waited = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .and_then(|rt| rt.block_on(tokio::signal::ctrl_c()));
    drop(server);
    match waited {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wawp-mock: cannot wait for Ctrl-C: {e}");
            ExitCode::FAILURE
        }
    }
}

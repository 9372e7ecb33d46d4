//! `cargo xtask demo`: starts the simulator in-process on 127.0.0.1, logs a
//! demo instance out through each transport, shows a documented error as
//! the typed value a program would match on, then relinks an instance with
//! the `wawp` command itself (`wawp relink`): it logs out, draws the QR
//! code, and a simulated phone scans it through the simulator's Rust
//! control API; last, a remote relink (`wawp relink --link`): the
//! temporary link printed, the simulated owner opening it and scanning,
//! WORKING, the link revoked.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wawp_core::{AccessToken, BaseUrl, Config, Error, InstanceId, Session};
use wawp_mock::MockServer;

/// The instance the relink moves to another phone.
const RELINK_ID: &str = "DEMO-RELINK";

/// The instance relinked remotely, through a temporary link.
const REMOTE_ID: &str = "DEMO-REMOTE";

type Outcome = Result<Session, Error>;

/// One transport's way to log an instance out.
type LogoutFn<'a> = &'a dyn Fn(&InstanceId) -> Outcome;

pub(crate) fn run() -> Result<(), String> {
    let server = MockServer::start();
    let token = AccessToken::new(server.token()).map_err(|e| e.to_string())?;
    let mut config = Config::default();
    config.base_url = BaseUrl::parse(&server.base_url()).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start a runtime: {e}"))?;

    println!(
        "wawp-rs demo: real HTTP calls against the embedded simulator: logouts, then a relink"
    );
    println!(
        "simulator listening on {} (loopback only, token {token})\n",
        server.base_url()
    );

    let transports: [(&str, LogoutFn<'_>); 3] = [
        ("wawp-hyper", &|id| {
            let client = wawp_hyper::client(token.clone(), config.clone());
            runtime.block_on(client.logout(id))
        }),
        ("wawp-reqwest", &|id| {
            let client = wawp_reqwest::client(token.clone(), config.clone());
            runtime.block_on(client.logout(id))
        }),
        ("wawp-blocking", &|id| {
            wawp_blocking::client(token.clone(), config.clone()).logout(id)
        }),
    ];
    for (n, (name, logout)) in transports.iter().enumerate() {
        let raw = format!("DEMO-{}", name.trim_start_matches("wawp-").to_uppercase());
        server.add_instance(&raw, format!("wawp-demo-{n}"));
        let id = InstanceId::new(raw).map_err(|e| e.to_string())?;
        let before = server.instance_status(id.as_str()).unwrap_or_default();
        let started = Instant::now();
        let session = logout(&id).map_err(|e| format!("{name}: logout failed: {e}"))?;
        println!(
            "{}. {name:<14} POST /v2/session/logout  -> {} is now {} (was {before}, {:.1} ms)",
            n + 1,
            session.instance_id,
            session.status,
            started.elapsed().as_secs_f64() * 1000.0,
        );
    }

    let unknown = InstanceId::new("NO-SUCH-INSTANCE").map_err(|e| e.to_string())?;
    println!("\n4. a documented error: logging out an instance that does not exist");
    match (transports[2].1)(&unknown) {
        Err(Error::Api(api)) => {
            println!(
                "   Err(Error::Api(ApiError {{ status: {}, kind: {:?}, format: {:?}, message: {:?} }}))",
                api.status.as_u16(),
                api.kind,
                api.format,
                api.message.as_deref().unwrap_or_default()
            );
            println!("   displayed as: {api}");
        }
        other => return Err(format!("expected a 404 API error, got {other:?}")),
    }

    let requests = server.requests();
    println!(
        "\nthe simulator received {} requests; the last one, token hidden:",
        requests.len()
    );
    if let Some(last) = requests.last() {
        let query = last
            .query
            .as_deref()
            .unwrap_or_default()
            .replace(server.token(), "[redacted]");
        println!("   {} {}?{query}", last.method, last.path);
    }
    relink(&server)?;
    println!(
        "\ndemo finished: 3 transports logged out, 1 typed error shown, 2 instances relinked by the wawp command (1 remotely, through a temporary link)."
    );
    Ok(())
}

/// Sections 5 and 6: `wawp relink` against the simulator, the phone
/// played by a thread that scans the code once it is drawn; then the
/// remote relink (`wawp relink --link`), the owner played by a thread that
/// opens the temporary link once it is printed.
fn relink(server: &MockServer) -> Result<(), String> {
    println!("\n5. moving an instance to another phone with the wawp command (building it first)");
    crate::ci::cargo(
        &["build", "--quiet", "-p", "wawp-cli", "--bin", "wawp"],
        &[],
    )?;
    let wawp = std::env::current_exe()
        .map_err(|e| format!("cannot locate this executable: {e}"))?
        .with_file_name(format!("wawp{}", std::env::consts::EXE_SUFFIX));
    server.add_instance(RELINK_ID, "wawp-demo-relink");
    let scan = |_: &str| {
        println!("   (the simulated phone scans the code: MockServer::scan)");
        server
            .scan(RELINK_ID)
            .map_err(|e| format!("the simulated scan failed: {e:?}"))
    };
    watched(
        server,
        &wawp,
        &[],
        RELINK_ID,
        "waiting for a phone to scan it",
        &scan,
    )?;

    println!(
        "\n6. a remote relink: the phone is in its owner's pocket, elsewhere; a temporary link goes to them"
    );
    server.add_instance(REMOTE_ID, "wawp-demo-remote");
    let open = |line: &str| {
        let link = line
            .split_whitespace()
            .find(|word| word.starts_with(wawp_mock::TEMP_LINK_PREFIX))
            .ok_or("no link in the line")?;
        println!(
            "   (the owner opens the link and scans the code it shows: MockServer::open_temp_link)"
        );
        server
            .open_temp_link(link)
            .map(drop)
            .map_err(|e| format!("the simulated owner could not open the link: {e:?}"))
    };
    watched(
        server,
        &wawp,
        &["--link"],
        REMOTE_ID,
        wawp_mock::TEMP_LINK_PREFIX,
        &open,
    )
}

/// Runs `wawp relink --yes EXTRA… ID`, echoing its output; when a line
/// contains `cue`, `act` plays the other side with it half a second later,
/// in the background. Succeeds when wawp does and the instance is WORKING.
fn watched(
    server: &MockServer,
    wawp: &std::path::Path,
    extra: &[&str],
    id: &str,
    cue: &str,
    act: &(dyn Fn(&str) -> Result<(), String> + Sync),
) -> Result<(), String> {
    println!(
        "   $ wawp relink --yes {}{id}",
        extra.iter().map(|a| format!("{a} ")).collect::<String>()
    );
    let mut child = Command::new(wawp)
        .arg("relink")
        .args(extra)
        .args(["--yes", "--interval", "0.2", id])
        .env("WAWP_BASE_URL", server.base_url())
        .env("WAWP_ACCESS_TOKEN", server.token())
        .env_remove("WAWP_ACCESS_TOKEN_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", wawp.display()))?;
    let stdout = child.stdout.take().ok_or("no standard output")?;
    let started = Instant::now();
    std::thread::scope(|scope| {
        let mut other_side = None;
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("cannot read wawp's output: {e}"))?;
            println!("   {line}");
            if line.contains(server.token()) {
                return Err("the token was printed".to_owned());
            }
            if line.contains(cue) && other_side.is_none() {
                other_side = Some(scope.spawn(move || {
                    std::thread::sleep(Duration::from_millis(500));
                    act(&line)
                }));
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                return Err("wawp relink did not end within 60 s".to_owned());
            }
        }
        match other_side.map(|p| p.join()) {
            Some(Ok(done)) => done,
            Some(Err(_)) => Err("the simulated phone panicked".to_owned()),
            None => Err(format!("wawp relink never printed {cue:?}")),
        }
    })?;
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for wawp: {e}"))?;
    let now = server.instance_status(id).unwrap_or_default();
    println!(
        "   [exit {}] {id} is {now} again, on the new phone ({:.1} s)",
        status.code().unwrap_or(-1),
        started.elapsed().as_secs_f64()
    );
    if status.success() && now == "WORKING" {
        Ok(())
    } else {
        Err(format!(
            "wawp relink ended with {status}; the instance is {now}"
        ))
    }
}

//! `cargo xtask demo`: starts the simulator in-process on 127.0.0.1, logs a
//! demo instance out through each transport, shows a documented error as
//! the typed value a program would match on, then relinks an instance with
//! the `wawp` command itself (`wawp relink`): it logs out, draws the QR
//! code, and a simulated phone scans it through the simulator's Rust
//! control API.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wawp_core::{AccessToken, BaseUrl, Config, Error, InstanceId, Session};
use wawp_mock::MockServer;

/// The instance the relink moves to another phone.
const RELINK_ID: &str = "DEMO-RELINK";

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
        "\ndemo finished: 3 transports logged out, 1 typed error shown, 1 instance relinked by the wawp command."
    );
    Ok(())
}

/// Section 5: `wawp relink` against the simulator; the phone is played by
/// a thread that scans the code once it is drawn.
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
    println!("   $ wawp relink --yes {RELINK_ID}");
    let mut child = Command::new(&wawp)
        .args(["relink", "--yes", "--interval", "0.2", RELINK_ID])
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
        let mut phone = None;
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("cannot read wawp's output: {e}"))?;
            println!("   {line}");
            if line.contains(server.token()) {
                return Err("the token was printed".to_owned());
            }
            if line.starts_with("waiting for a phone to scan it") && phone.is_none() {
                // The phone: it scans the code drawn above, a moment later.
                phone = Some(scope.spawn(|| {
                    std::thread::sleep(Duration::from_millis(500));
                    println!("   (the simulated phone scans the code: MockServer::scan)");
                    server.scan(RELINK_ID)
                }));
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                return Err("wawp relink did not end within 60 s".to_owned());
            }
        }
        match phone.map(|p| p.join()) {
            Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(e))) => Err(format!("the simulated scan failed: {e:?}")),
            Some(Err(_)) => Err("the simulated phone panicked".to_owned()),
            None => Err("wawp relink never showed a QR code".to_owned()),
        }
    })?;
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for wawp: {e}"))?;
    let now = server.instance_status(RELINK_ID).unwrap_or_default();
    println!(
        "   [exit {}] {RELINK_ID} is {now} again, on the new phone ({:.1} s)",
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

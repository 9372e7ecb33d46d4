//! `cargo xtask demo`: starts the simulator in-process on 127.0.0.1, logs a
//! demo instance out through each transport, then shows a documented error
//! as the typed value a program would match on.

use std::time::Instant;

use wawp_core::{AccessToken, BaseUrl, Config, Error, InstanceId, Session};
use wawp_mock::MockServer;

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

    println!("wawp-rs demo: real HTTP logouts against the embedded simulator");
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
    println!("\ndemo finished: 3 transports logged out, 1 typed error shown.");
    Ok(())
}

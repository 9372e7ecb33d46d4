//! Logs one instance out of WhatsApp with the reqwest transport.
//!
//! ```sh
//! WAWP_ACCESS_TOKEN=… cargo run -p wawp-reqwest --example logout -- INSTANCE_ID
//! ```
//!
//! `WAWP_BASE_URL` overrides the API root (default `https://api.wawp.net`),
//! e.g. to point at a local `wawp-mock`. Prints the session, or the typed
//! error; never the token.

#![allow(clippy::print_stdout)]

use std::process::ExitCode;

use wawp_core::{AccessToken, Config, InstanceId};

fn main() -> ExitCode {
    let Some(instance_id) = std::env::args().nth(1) else {
        eprintln!("usage: logout INSTANCE_ID  (with WAWP_ACCESS_TOKEN set)");
        return ExitCode::from(2);
    };
    let base_url =
        std::env::var("WAWP_BASE_URL").unwrap_or_else(|_| wawp_core::DEFAULT_BASE_URL.to_owned());
    let inputs = (|| {
        let token = AccessToken::new(std::env::var("WAWP_ACCESS_TOKEN").unwrap_or_default())?;
        let config = Config::default().with_base_url(&base_url)?;
        Ok::<_, wawp_core::InputError>((token, config, InstanceId::new(instance_id)?))
    })();
    let (token, config, instance_id) = match inputs {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("invalid input: {e}");
            return ExitCode::from(2);
        }
    };

    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client = wawp_reqwest::client(token, config);
    let result = runtime.block_on(client.logout(&instance_id));
    match result {
        Ok(session) => {
            println!(
                "{} ({}) is now {}",
                session.instance_id, session.name, session.status
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("logout failed: {e}");
            eprintln!("{e:?}");
            ExitCode::FAILURE
        }
    }
}

//! Logs one instance out of WhatsApp with the reqwest transport.
//!
//! ```sh
//! WAWP_ACCESS_TOKEN=… cargo run -p wawp-reqwest --example reqwest_logout -- INSTANCE_ID
//! ```
//!
//! `WAWP_BASE_URL` overrides the API root (default `https://api.wawp.net`),
//! e.g. to point at a local `wawp-mock`. Proxies come from `HTTPS_PROXY` /
//! `ALL_PROXY` / `NO_PROXY`, trust from the machine (`SSL_CERT_FILE`,
//! `SSL_CERT_DIR`). Prints the session, or the typed error; never the token.

#![allow(clippy::print_stdout)]

use std::env;

use wawp_core::{AccessToken, Config, DEFAULT_BASE_URL, InstanceId};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: reqwest_logout INSTANCE_ID  (with WAWP_ACCESS_TOKEN set)";
    let instance_id = InstanceId::new(env::args().nth(1).ok_or(usage)?)?;
    let token = env::var("WAWP_ACCESS_TOKEN").map_err(|_| "WAWP_ACCESS_TOKEN is not set")?;
    let token = AccessToken::new(token)?;
    let base_url = env::var("WAWP_BASE_URL").unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned());
    let config = Config::default().with_base_url(&base_url)?;

    // What is reqwest's: its client, built from the config, and a tokio
    // runtime to drive it.
    let client = wawp_reqwest::client(token, config);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let session = runtime.block_on(client.logout(&instance_id))?;

    println!(
        "{} ({}) is now {}",
        session.instance_id, session.name, session.status
    );
    Ok(())
}

//! Logs one instance out of WhatsApp over the `reqwest::Client` your
//! application already has: one connection pool, one set of proxies and
//! roots for everything it calls.
//!
//! ```sh
//! WAWP_ACCESS_TOKEN=… cargo run -p wawp-reqwest --example reqwest_logout -- INSTANCE_ID
//! ```
//!
//! `WAWP_BASE_URL` overrides the API root (default `https://api.wawp.net`),
//! e.g. to point at a local `wawp-mock`. Prints the session, or the typed
//! error; never the token. (For a client of its own, built from a `Config`,
//! use the `wawp` facade: `cargo run -p wawp --example wawp_logout`.)

#![allow(clippy::print_stdout)]

use wawp_core::{AccessToken, Client, DEFAULT_BASE_URL, InstanceId, Trust};
use wawp_reqwest::{ReqwestTransport, reqwest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: reqwest_logout INSTANCE_ID  (with WAWP_ACCESS_TOKEN set)";
    let instance_id = InstanceId::new(std::env::args().nth(1).ok_or(usage)?)?;
    let base_url = std::env::var("WAWP_BASE_URL").unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned());

    // The application's client. Build it without redirects: the request
    // carries the access token. It keeps its own proxy, TLS and connect
    // timeout; the SDK still enforces the total timeout and the body limit.
    // (This workspace builds reqwest with no crypto provider of its own, so
    // the client is handed a rustls configuration: the machine's roots.)
    let shared = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_backend_preconfigured(wawp_rustls::client_config(&Trust::default())?)
        .build()?;
    let client = Client::builder(AccessToken::from_env()?)
        .base_url(&base_url)
        .build_with(ReqwestTransport::from_client(shared))?;

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

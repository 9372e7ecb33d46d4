//! Logs one instance out of WhatsApp with the async client over hyper.
//!
//! ```sh
//! WAWP_ACCESS_TOKEN=… cargo run -p wawp --example wawp_logout -- INSTANCE_ID
//! ```
//!
//! `WAWP_BASE_URL` points it elsewhere than `https://api.wawp.net`, e.g. at
//! a local `wawp-mock` (`http://127.0.0.1:PORT`). Prints the new session
//! state, or the typed error and whether the request may have reached the
//! server; never the token.

#![allow(clippy::print_stdout)]

use wawp::{AccessToken, InstanceId, hyper::Client};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args()
        .nth(1)
        .ok_or("usage: wawp_logout INSTANCE_ID")?;
    let mut builder = Client::builder(AccessToken::from_env()?);
    if let Ok(url) = std::env::var("WAWP_BASE_URL") {
        builder = builder.base_url(url);
    }
    let client = builder.build()?;
    match client.logout(&InstanceId::new(id)?).await {
        Ok(session) => println!("{} is now {}", session.instance_id, session.status),
        Err(e) => {
            println!(
                "error ({}; may have been sent: {}): {e}",
                e.code(),
                e.maybe_sent()
            );
            return Err(e.into());
        }
    }
    Ok(())
}

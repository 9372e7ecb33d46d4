//! Logs one instance out of WhatsApp with the blocking client: no async
//! runtime anywhere.
//!
//! ```sh
//! WAWP_ACCESS_TOKEN=… cargo run -p wawp --features blocking --example wawp_blocking_logout -- INSTANCE_ID
//! ```
//!
//! `WAWP_BASE_URL` points it elsewhere than `https://api.wawp.net`, e.g. at
//! a local `wawp-mock` (`http://127.0.0.1:PORT`). Retries up to three times
//! what is safe to retry. Never prints the token.

#![allow(clippy::print_stdout)]

use wawp::{AccessToken, InstanceId, RetryPolicy, blocking::Client};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args()
        .nth(1)
        .ok_or("usage: wawp_blocking_logout INSTANCE_ID")?;
    let mut builder = Client::builder(AccessToken::from_env()?).retry(RetryPolicy::attempts(3));
    if let Ok(url) = std::env::var("WAWP_BASE_URL") {
        builder = builder.base_url(url);
    }
    let session = builder.build()?.logout(&InstanceId::new(id)?)?;
    println!(
        "{} ({}) is now {}",
        session.instance_id, session.name, session.status
    );
    Ok(())
}

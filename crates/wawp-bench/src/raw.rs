//! What the three hand-written calls share: the struct the JSON is decoded
//! into, the header values, and a rustls configuration built the way a
//! program without the SDK would build it (ring provider, Mozilla roots).
//! The libraries themselves are used directly in `raw_hyper`, `raw_reqwest`
//! and `raw_ureq`.

use std::hint::black_box;
use std::sync::Arc;

use serde::Deserialize;

/// The documented success body, decoded with serde like the SDK's `Session`.
#[derive(Debug, Deserialize)]
pub(crate) struct RawSession {
    pub(crate) name: String,
    pub(crate) status: String,
    pub(crate) instance_id: String,
}

/// The `Accept` header (a bodyless logout has no `Content-Type`).
pub(crate) const JSON: &str = "application/json";

/// The same `User-Agent` the SDK sends, so both requests are byte-identical.
pub(crate) const USER_AGENT: &str = wawp_core::DEFAULT_USER_AGENT;

/// Decodes a 2xx body, as a hand-written call would.
pub(crate) fn decode(body: &[u8]) -> Result<(), String> {
    let session: RawSession = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    // Used, as a program would use them, so that decoding is not optimised away.
    black_box((&session.name, &session.status, &session.instance_id));
    Ok(())
}

/// Rustls with the ring provider and the webpki roots (the real API is
/// https; the simulator is plain http, so this is configured but unused).
pub(crate) fn tls_config() -> rustls::ClientConfig {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth()
}

//! Core's proxy route as ureq takes it: the one place a [`ProxyUrl`]
//! becomes a [`ureq::Proxy`], for the agents this crate builds and for a
//! user's agent alike.

use secrecy::ExposeSecret;
use wawp_core::ProxyUrl;

/// `via` for ureq, credentials included (sent only to the proxy, in
/// `Proxy-Authorization` on the `CONNECT`).
pub(crate) fn ureq_proxy(via: &ProxyUrl) -> Result<ureq::Proxy, ureq::Error> {
    ureq::Proxy::new(via.to_url_with_credentials().expose_secret())
}

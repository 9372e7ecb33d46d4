//! The crypto provider of the agents this crate builds.
//!
//! ureq 3 (3.5) picks the provider of a rustls connection, in this order:
//! the agent's `TlsConfig` provider — settable only through its
//! `unversioned` API (`TlsConfig::unversioned_rustls_crypto_provider`),
//! which this crate does not use; then the process's default provider
//! (rustls's `CryptoProvider::get_default`); then ring, when ureq's
//! `rustls` feature is on; else it panics. So:
//!
//! - feature `ring` (alone): ureq's `rustls` feature, ring by ureq's own
//!   fallback; nothing is installed;
//! - feature `aws-lc-rs`: ureq's `rustls-no-provider`, and [`install`]
//!   makes aws-lc-rs the process default, unless a default is installed
//!   already, before the first agent that speaks TLS is made — what rustls
//!   itself does in `ClientConfig::builder()` when its features name a
//!   single provider.
//!
//! Either way, a default provider the program installed first is the one
//! ureq uses.

/// Makes this build's provider (`wawp_rustls::provider`) the process
/// default if there is none yet (aws-lc-rs builds; see the module docs).
#[cfg(feature = "aws-lc-rs")]
pub(crate) fn install() {
    use rustls::crypto::CryptoProvider;
    if CryptoProvider::get_default().is_none() {
        // Another thread may install one first: then that one is used.
        let _ = std::sync::Arc::unwrap_or_clone(wawp_rustls::provider()).install_default();
    }
}

/// Nothing to install: ureq falls back to ring by itself (see the module
/// docs).
#[cfg(not(feature = "aws-lc-rs"))]
pub(crate) fn install() {}

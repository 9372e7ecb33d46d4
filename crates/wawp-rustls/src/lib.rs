//! # wawp-rustls
//!
//! The TLS setup every rustls-based **wawp-rs** transport shares, so that
//! `wawp-hyper`, `wawp-reqwest` and `wawp-blocking` trust exactly the same
//! certificates.
//!
//! **What it is.** [`roots`]: the machine's trust store (the operating
//! system's, read by `rustls-native-certs`, which honours `SSL_CERT_FILE` and
//! `SSL_CERT_DIR`), falling back to the Mozilla roots (webpki-roots) only
//! when that store is empty or unreadable, plus the extra roots of a
//! [`Trust`]; and [`client_config`]: a `rustls::ClientConfig` with them and
//! the one crypto provider of the build ([`provider`]).
//!
//! **Crypto provider features.** `ring` (the default) or `aws-lc-rs`.
//! When both are enabled — `--all-features` does that — aws-lc-rs is used,
//! since asking for it is the deliberate choice; to compile only aws-lc-rs,
//! turn the default features off (`default-features = false, features =
//! ["aws-lc-rs"]`). With neither, the crate does not compile and says so.
//! [`PROVIDER`] names the one in use.
//!
//! **What it is not.** A transport, or a way to turn certificate
//! verification off: there is none.
//!
//! **Invariants.** One crypto provider per build, never OpenSSL. No tokio or
//! hyper in its tree (`wawp-blocking` depends on it).

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(not(any(feature = "ring", feature = "aws-lc-rs")))]
compile_error!(
    "wawp-rustls needs a crypto provider: enable its `ring` (default) or `aws-lc-rs` feature"
);

use std::sync::Arc;

use rustls::RootCertStore;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use wawp_core::Trust;

/// Where the roots came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RootSource {
    /// The operating system's store (or `SSL_CERT_FILE` / `SSL_CERT_DIR`).
    Os,
    /// The OS store was empty or unreadable: the Mozilla roots
    /// (webpki-roots) compiled into this crate.
    WebPki,
}

/// The roots a transport trusts: the machine's (or the Mozilla fallback)
/// and the extra roots of a [`Trust`].
#[derive(Debug, Clone)]
pub struct Roots {
    /// The root store, ready for rustls.
    pub store: RootCertStore,
    /// The machine's certificates that went into it, DER (empty when
    /// [`source`](Self::source) is [`RootSource::WebPki`]), for libraries
    /// that take certificates rather than a store (ureq).
    pub os_certs: Vec<CertificateDer<'static>>,
    /// The extra roots of the [`Trust`], DER.
    pub extra: Vec<CertificateDer<'static>>,
    /// Where the base set came from.
    pub source: RootSource,
}

/// The name of the crypto provider [`provider`] returns: `"aws-lc-rs"`
/// when that feature is on, else `"ring"`.
pub const PROVIDER: &str = if cfg!(feature = "aws-lc-rs") {
    "aws-lc-rs"
} else {
    "ring"
};

/// The crypto provider of this build: aws-lc-rs when the `aws-lc-rs`
/// feature is on, else ring (see the crate docs).
#[cfg(feature = "aws-lc-rs")]
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// The crypto provider of this build: aws-lc-rs when the `aws-lc-rs`
/// feature is on, else ring (see the crate docs).
#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The machine's roots plus `trust`'s extras (see the crate docs). Extra
/// roots rustls cannot use are skipped, as the machine's are; their count
/// is not an error because the machine's store routinely holds a few.
pub fn roots(trust: &Trust) -> Roots {
    let native = rustls_native_certs::load_native_certs();
    let mut store = RootCertStore::empty();
    let (added, _ignored) = store.add_parsable_certificates(native.certs.iter().cloned());
    let (os_certs, source) = if added > 0 {
        (native.certs, RootSource::Os)
    } else {
        store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        (Vec::new(), RootSource::WebPki)
    };
    let extra: Vec<CertificateDer<'static>> = trust.extra_roots().map(|c| c.into_owned()).collect();
    store.add_parsable_certificates(extra.iter().cloned());
    Roots {
        store,
        os_certs,
        extra,
        source,
    }
}

/// A rustls client configuration: [`provider`], its safe default protocol
/// versions (TLS 1.2 and 1.3), [`roots`] for `trust`, no client
/// certificate, no ALPN (the transports speak HTTP/1.1).
pub fn client_config(trust: &Trust) -> rustls::ClientConfig {
    client_config_with_roots(roots(trust).store)
}

/// Like [`client_config`], with `store` as the roots.
pub fn client_config_with_roots(store: RootCertStore) -> rustls::ClientConfig {
    rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        // ring and aws-lc-rs both support TLS 1.2 and 1.3, the safe
        // defaults: this cannot fail.
        .expect("the crypto provider supports the default TLS versions")
        .with_root_certificates(store)
        .with_no_client_auth()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_machine_or_the_fallback_gives_roots_and_extras_are_added() {
        let plain = roots(&Trust::default());
        assert!(!plain.store.is_empty());
        assert_eq!(plain.source == RootSource::Os, !plain.os_certs.is_empty());
        // A self-signed CA made for this test would need rcgen; a parsable
        // DER is enough to see it counted.
        let extra = Trust::default()
            .with_der(webpki_der_of_first_os_cert(&plain))
            .unwrap();
        let with = roots(&extra);
        assert_eq!(with.extra.len(), 1);
    }

    fn webpki_der_of_first_os_cert(r: &Roots) -> Vec<u8> {
        r.os_certs
            .first()
            .map(|c| c.to_vec())
            .unwrap_or_else(|| vec![0x30, 0x00])
    }

    #[test]
    fn the_provider_is_the_one_the_features_name() {
        // The provider's key provider is ring's `Ring` or aws-lc-rs's
        // `AwsLcRs`, as its `Debug` shows.
        let shown = format!("{:?}", provider().key_provider);
        let expected = if PROVIDER == "ring" {
            "Ring"
        } else {
            "AwsLcRs"
        };
        assert_eq!(shown, expected);
    }

    #[test]
    fn configs_build() {
        let config = client_config(&Trust::default());
        assert!(config.alpn_protocols.is_empty());
    }
}

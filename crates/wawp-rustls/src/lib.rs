//! # wawp-rustls
//!
//! The TLS setup every rustls-based **wawp-rs** transport shares, so that
//! `wawp-hyper`, `wawp-reqwest` and `wawp-blocking` trust exactly the same
//! certificates.
//!
//! **What it is.** [`roots`]: the machine's trust store (the operating
//! system's, read by `rustls-native-certs`; or, when `SSL_CERT_FILE` or
//! `SSL_CERT_DIR` is set, the certificates they name and only those),
//! falling back to the Mozilla roots (webpki-roots) only when neither
//! variable is set and the OS store is empty, plus the extra roots of a
//! [`Trust`]; and [`client_config`]: a `rustls::ClientConfig` with them and
//! the one crypto provider of the build ([`provider`]).
//!
//! **Fail closed.** A trust variable that is set but unusable (unreadable,
//! empty, unparseable) and an extra root rustls cannot use are errors that
//! name the setting, never a silent widening or narrowing of trust.
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
use wawp_core::{InputError, Trust};

/// Where the roots came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RootSource {
    /// The operating system's store, or the files `SSL_CERT_FILE` /
    /// `SSL_CERT_DIR` name when either is set.
    Os,
    /// Neither variable is set and the OS store is empty: the Mozilla
    /// roots (webpki-roots) compiled into this crate.
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

/// The variables that name trust files, as `rustls-native-certs` reads
/// them.
const CERT_FILE: &str = "SSL_CERT_FILE";
const CERT_DIR: &str = "SSL_CERT_DIR";

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

/// The machine's roots plus `trust`'s extras (see the crate docs).
///
/// Fails closed, naming the setting and never its value:
/// - `SSL_CERT_FILE` or `SSL_CERT_DIR` set (to anything, empty included)
///   but unreadable, holding no certificate, holding one that does not
///   parse, or none rustls can use: [`InputError::InvalidSetting`] naming
///   the variable — never a silent fallback to other roots;
/// - an extra root rustls cannot use: [`InputError::InvalidCertificate`].
///
/// The bundled Mozilla roots are used only when neither variable is set
/// and the OS store is empty; a `tracing` event (target `wawp`) says so.
pub fn roots(trust: &Trust) -> Result<Roots, InputError> {
    let mut store = RootCertStore::empty();
    let (os_certs, source) = match configured()? {
        Some(certs) => {
            store.add_parsable_certificates(certs.iter().cloned());
            (certs, RootSource::Os)
        }
        None => {
            let native = rustls_native_certs::load_native_certs();
            let (added, _ignored) = store.add_parsable_certificates(native.certs.iter().cloned());
            if added > 0 {
                (native.certs, RootSource::Os)
            } else {
                tracing::info!(
                    target: "wawp",
                    "the system trust store is empty: trusting the Mozilla roots bundled with wawp-rustls"
                );
                store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                (Vec::new(), RootSource::WebPki)
            }
        }
    };
    let extra = add_extra(&mut store, trust)?;
    Ok(Roots {
        store,
        os_certs,
        extra,
        source,
    })
}

/// Checks what [`roots`] would refuse — `SSL_CERT_FILE`, `SSL_CERT_DIR`
/// and `trust`'s extra roots — without reading the OS store: for a
/// transport that reads its roots on its first `https` connection to
/// refuse an unusable setting when it is built.
pub fn check(trust: &Trust) -> Result<(), InputError> {
    configured()?;
    add_extra(&mut RootCertStore::empty(), trust).map(drop)
}

/// Adds `trust`'s extra roots to `store`; an error for the first that
/// rustls cannot use.
fn add_extra(
    store: &mut RootCertStore,
    trust: &Trust,
) -> Result<Vec<CertificateDer<'static>>, InputError> {
    let extra: Vec<CertificateDer<'static>> = trust.extra_roots().map(|c| c.into_owned()).collect();
    for cert in &extra {
        store
            .add(cert.clone())
            .map_err(|e| InputError::InvalidCertificate {
                reason: format!("an extra root certificate cannot be used: {e}"),
            })?;
    }
    Ok(extra)
}

/// The certificates the trust variables name, if either is set; an error
/// naming the first that is set but unusable.
fn configured() -> Result<Option<Vec<CertificateDer<'static>>>, InputError> {
    let file = std::env::var_os(CERT_FILE);
    let dirs = std::env::var_os(CERT_DIR);
    if file.is_none() && dirs.is_none() {
        return Ok(None);
    }
    let mut certs = Vec::new();
    if let Some(file) = file {
        let path = std::path::PathBuf::from(file);
        certs.extend(usable(
            CERT_FILE,
            rustls_native_certs::load_certs_from_paths(Some(&path), None),
        )?);
    }
    if let Some(dirs) = dirs {
        let mut any = false;
        for dir in std::env::split_paths(&dirs).filter(|d| !d.as_os_str().is_empty()) {
            any = true;
            certs.extend(usable(
                CERT_DIR,
                rustls_native_certs::load_certs_from_paths(None, Some(&dir)),
            )?);
        }
        if !any {
            return Err(unusable(CERT_DIR, "is set but names no directory"));
        }
    }
    Ok(Some(certs))
}

/// The certificates of `loaded`, read for `variable`, if all of it could be
/// read and rustls can use at least one.
fn usable(
    variable: &'static str,
    loaded: rustls_native_certs::CertificateResult,
) -> Result<Vec<CertificateDer<'static>>, InputError> {
    if !loaded.errors.is_empty() {
        return Err(unusable(
            variable,
            "names a file or directory that cannot be read, or a certificate that does not parse",
        ));
    }
    if loaded.certs.is_empty() {
        return Err(unusable(variable, "names no certificate"));
    }
    let mut probe = RootCertStore::empty();
    let (added, _ignored) = probe.add_parsable_certificates(loaded.certs.iter().cloned());
    if added == 0 {
        return Err(unusable(variable, "names no certificate rustls can use"));
    }
    Ok(loaded.certs)
}

fn unusable(setting: &'static str, reason: &'static str) -> InputError {
    InputError::InvalidSetting { setting, reason }
}

/// A rustls client configuration: [`provider`], its safe default protocol
/// versions (TLS 1.2 and 1.3), [`roots`] for `trust`, no client
/// certificate, no ALPN (the transports speak HTTP/1.1).
///
/// Fails as [`roots`] does.
pub fn client_config(trust: &Trust) -> Result<rustls::ClientConfig, InputError> {
    Ok(client_config_with_roots(roots(trust)?.store))
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
        let plain = roots(&Trust::default()).unwrap();
        assert!(!plain.store.is_empty());
        assert_eq!(plain.source == RootSource::Os, !plain.os_certs.is_empty());
        // A self-signed CA made for this test would need rcgen; a parsable
        // DER is enough to see it counted.
        let extra = Trust::default()
            .with_der(webpki_der_of_first_os_cert(&plain))
            .unwrap();
        match roots(&extra) {
            Ok(with) => assert_eq!(with.extra.len(), 1),
            // The empty SEQUENCE used on a machine without roots.
            Err(e) => assert!(plain.os_certs.is_empty(), "{e}"),
        }
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
        let config = client_config(&Trust::default()).unwrap();
        assert!(config.alpn_protocols.is_empty());
    }
}

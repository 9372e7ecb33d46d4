//! The root certificates the agents of this crate trust, as ureq takes them.
//!
//! The same set as every other transport's (`wawp_rustls::roots`): the
//! machine's store (honouring `SSL_CERT_FILE` / `SSL_CERT_DIR`), or the
//! Mozilla roots where that store is empty, plus the extra roots of a
//! [`Trust`]. ureq takes certificates rather than a rustls root store, so:
//!
//! - machine store found: [`RootCerts::Specific`] with its certificates and
//!   the extras;
//! - machine store empty, no extras: [`RootCerts::WebPki`], ureq's own copy
//!   of the Mozilla roots (the `webpki-roots` crate every transport shares);
//! - machine store empty, extras given: [`RootCerts::Specific`] with the
//!   Mozilla roots as certificates (`webpki-root-certs`, the same list) and
//!   the extras — `RootCerts::WebPki` cannot be combined with other roots.

use ureq::tls::{Certificate, RootCerts};
use wawp_core::{InputError, Trust};
use wawp_rustls::RootSource;

/// The roots for `trust`; an error naming the trust setting that cannot be
/// used (see `wawp_rustls::roots`).
pub(crate) fn root_certs(trust: &Trust) -> Result<RootCerts, InputError> {
    let roots = wawp_rustls::roots(trust)?;
    let certs = |base: &[rustls::pki_types::CertificateDer<'_>]| {
        let all: Vec<Certificate<'static>> = base
            .iter()
            .chain(&roots.extra)
            .map(|der| Certificate::from_der(der).to_owned())
            .collect();
        RootCerts::new_with_certs(&all)
    };
    Ok(match roots.source {
        RootSource::WebPki if roots.extra.is_empty() => RootCerts::WebPki,
        RootSource::WebPki => certs(webpki_root_certs::TLS_SERVER_ROOT_CERTS),
        _ => certs(&roots.os_certs),
    })
}

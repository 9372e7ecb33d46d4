//! [`Trust`]: which certificate authorities a transport trusts, besides the
//! machine's.
//!
//! Every transport this project ships trusts what the machine trusts — the
//! operating system's store, which honours `SSL_CERT_FILE` and
//! `SSL_CERT_DIR` — and falls back to the Mozilla roots (webpki-roots) only
//! where that store is empty. `Trust` adds roots to that: a private CA, a
//! TLS-intercepting corporate proxy's CA. There is no way to turn
//! verification off.

use std::fmt;
use std::sync::Arc;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::input::InputError;

/// Extra root certificates to trust, on top of the machine's.
///
/// ```
/// use wawp_core::Trust;
/// // A real CA's PEM file, read by your program (wawp-core reads no file).
/// let ca_pem = b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
/// let trust = Trust::default().with_pem(ca_pem)?;
/// assert_eq!(trust.extra_roots().count(), 1);
/// # Ok::<(), wawp_core::InputError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Trust {
    extra: Vec<Arc<[u8]>>,
}

impl Trust {
    /// This trust with every certificate of the PEM text `pem` added (a CA
    /// bundle may hold several). Text that holds no certificate, or a
    /// malformed one, is refused.
    pub fn with_pem(mut self, pem: &[u8]) -> Result<Self, InputError> {
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| InputError::InvalidCertificate {
                reason: format!("not a valid PEM certificate: {e}"),
            })?;
            self.extra.push(Arc::from(cert.as_ref()));
            added += 1;
        }
        if added == 0 {
            return Err(InputError::InvalidCertificate {
                reason: "no \"BEGIN CERTIFICATE\" block found".to_owned(),
            });
        }
        Ok(self)
    }

    /// This trust with the DER-encoded certificate `der` added. An empty
    /// value is refused; the certificate itself is checked by the TLS
    /// library when the transport is built.
    pub fn with_der(mut self, der: impl Into<Vec<u8>>) -> Result<Self, InputError> {
        let der = der.into();
        // A DER certificate is a SEQUENCE.
        if der.first() != Some(&0x30) {
            return Err(InputError::InvalidCertificate {
                reason: "not a DER certificate (it does not start with a SEQUENCE)".to_owned(),
            });
        }
        self.extra.push(Arc::from(der));
        Ok(self)
    }

    /// The extra roots, DER-encoded, in the order they were added.
    pub fn extra_roots(&self) -> impl Iterator<Item = CertificateDer<'_>> {
        self.extra.iter().map(|der| CertificateDer::from(&der[..]))
    }

    /// Whether no extra root was added.
    pub fn is_default(&self) -> bool {
        self.extra.is_empty()
    }
}

impl fmt::Debug for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Trust(the machine's roots + {} extra)", self.extra.len())
    }
}

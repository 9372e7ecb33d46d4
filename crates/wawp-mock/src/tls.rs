//! HTTPS for the simulator (feature `tls`): a throwaway certificate
//! authority made at run time ([`TestPki`]), and the server side of TLS
//! (rustls with the ring provider).

use std::fmt;
use std::io;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The names the server certificate of a [`TestPki`] is valid for.
pub const SERVER_NAMES: [&str; 2] = ["localhost", "127.0.0.1"];

/// A certificate authority and a server certificate it signed for
/// `localhost` and `127.0.0.1`, generated in memory when a test runs (fresh
/// keys every time; nothing is written to disk).
///
/// Serve HTTPS with it ([`MockServer::start_tls`](crate::MockServer::start_tls)
/// or [`MockConfig::tls`](crate::MockConfig::tls)) and make the client under
/// test trust [`TestPki::ca_der`]; a client that does not must refuse the
/// connection.
///
/// ```
/// use wawp_mock::{MockServer, TestPki};
/// let pki = TestPki::generate();
/// let server = MockServer::start_tls(&pki);
/// assert!(server.base_url().starts_with("https://127.0.0.1:"));
/// // A rustls client config trusting only this CA (ring provider):
/// let config = pki.client_config();
/// # drop(config);
/// ```
pub struct TestPki {
    ca: CertificateDer<'static>,
    ca_pem: String,
    server: CertificateDer<'static>,
    key: PrivatePkcs8KeyDer<'static>,
}

impl TestPki {
    /// A new CA (`CN=wawp-mock test CA`) and a server certificate for
    /// [`SERVER_NAMES`] signed by it, both with new ECDSA P-256 keys.
    ///
    /// # Panics
    /// If rcgen cannot generate a key or sign (it does not, on a working
    /// system): this is a test utility.
    pub fn generate() -> Self {
        Self::try_generate().expect("wawp-mock: cannot generate a test PKI")
    }

    fn try_generate() -> Result<Self, rcgen::Error> {
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "wawp-mock test CA");
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate()?)?;

        let server_key = KeyPair::generate()?;
        let mut params = CertificateParams::new(SERVER_NAMES.map(str::to_owned).to_vec())?;
        params
            .distinguished_name
            .push(DnType::CommonName, "wawp-mock");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        let server = params.signed_by(&server_key, &ca)?;

        Ok(Self {
            ca: ca.der().clone(),
            ca_pem: ca.pem(),
            server: server.der().clone(),
            key: PrivatePkcs8KeyDer::from(server_key.serialize_der()),
        })
    }

    /// The CA certificate, DER: the root a client must trust.
    pub fn ca_der(&self) -> &CertificateDer<'static> {
        &self.ca
    }

    /// The CA certificate, PEM.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// The server's certificate chain (its certificate alone; the CA is the
    /// trust anchor), for [`MockConfig::tls`](crate::MockConfig::tls).
    pub fn server_cert_chain(&self) -> Vec<CertificateDer<'static>> {
        vec![self.server.clone()]
    }

    /// The server's private key (PKCS#8), for
    /// [`MockConfig::tls`](crate::MockConfig::tls).
    pub fn server_key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(self.key.clone_key())
    }

    /// A root store holding only the CA.
    pub fn roots(&self) -> rustls::RootCertStore {
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(self.ca.clone())
            .expect("rcgen made a well-formed CA certificate");
        roots
    }

    /// A rustls client configuration (ring provider, safe default protocol
    /// versions, no client certificate) trusting only the CA.
    pub fn client_config(&self) -> rustls::ClientConfig {
        rustls::ClientConfig::builder_with_provider(ring())
            .with_safe_default_protocol_versions()
            .expect("ring supports the default TLS versions")
            .with_root_certificates(self.roots())
            .with_no_client_auth()
    }
}

impl fmt::Debug for TestPki {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestPki")
            .field("server_names", &SERVER_NAMES)
            .field("key", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// A server certificate chain and its key.
pub(crate) struct Identity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

impl Identity {
    pub(crate) fn new(chain: Vec<CertificateDer<'static>>, key: PrivateKeyDer<'static>) -> Self {
        Self { chain, key }
    }

    /// The rustls server configuration serving this identity over TLS 1.2
    /// and 1.3 (ring provider, no client authentication).
    pub(crate) fn server_config(&self) -> io::Result<Arc<rustls::ServerConfig>> {
        let invalid = |e: rustls::Error| io::Error::new(io::ErrorKind::InvalidInput, e);
        let config = rustls::ServerConfig::builder_with_provider(ring())
            .with_safe_default_protocol_versions()
            .map_err(invalid)?
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), self.key.clone_key())
            .map_err(invalid)?;
        Ok(Arc::new(config))
    }
}

impl Clone for Identity {
    fn clone(&self) -> Self {
        Self {
            chain: self.chain.clone(),
            key: self.key.clone_key(),
        }
    }
}

fn ring() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

//! The "custom root CA" snippets of docs/security.md, verbatim, run against
//! the simulator behind TLS: each transport trusts a CA read from a PEM file.

mod common;

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{config, example, token};
use wawp_conformance::{AsyncSubject, Subject};
use wawp_core::{AccessToken, Client, Config};
use wawp_mock::{MockServer, TestPki};

// --- docs/security.md: hyper and reqwest (rustls) ---------------------------
use rustls::pki_types::{CertificateDer, pem::PemObject};
use wawp_hyper::rustls;

/// A rustls configuration trusting the CA certificates in `ca_pem` (only
/// them: add `webpki_roots::TLS_SERVER_ROOTS` to keep the public roots too).
fn tls_trusting(ca_pem: &Path) -> Result<rustls::ClientConfig, Box<dyn Error>> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca_pem)? {
        roots.add(cert?)?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

fn hyper_client(
    ca_pem: &Path,
    token: AccessToken,
    config: Config,
) -> Result<wawp_hyper::HyperClient, Box<dyn Error>> {
    let transport = wawp_hyper::HyperTransport::with_tls_config(tls_trusting(ca_pem)?);
    Ok(Client::with_config(transport, token, config))
}

fn reqwest_client(
    ca_pem: &Path,
    token: AccessToken,
    config: Config,
) -> Result<wawp_reqwest::ReqwestClient, Box<dyn Error>> {
    let transport = wawp_reqwest::ReqwestTransport::with_tls_config(tls_trusting(ca_pem)?);
    Ok(Client::with_config(transport, token, config))
}

// --- docs/security.md: blocking (ureq's own TLS configuration) --------------
use wawp_blocking::ureq::tls::{Certificate, RootCerts, TlsConfig};

fn blocking_client(
    ca_pem: &Path,
    token: AccessToken,
    config: Config,
) -> Result<wawp_blocking::BlockingClient, Box<dyn Error>> {
    let pem = std::fs::read(ca_pem)?;
    let tls = TlsConfig::builder()
        .root_certs(RootCerts::new_with_certs(&[Certificate::from_pem(&pem)?]))
        .build();
    let transport = wawp_blocking::UreqTransport::with_tls_config(tls);
    Ok(wawp_core::BlockingClient::with_config(
        transport, token, config,
    ))
}
// --- end of the snippets -----------------------------------------------------

/// The CA of `pki` in a PEM file of its own, removed when dropped.
struct PemFile(PathBuf);

impl PemFile {
    fn new(pki: &TestPki, name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("wawp-tests-{}-{name}-ca.pem", std::process::id()));
        std::fs::write(&path, pki.ca_pem()).expect("write the CA to a temporary file");
        Self(path)
    }
}

impl Drop for PemFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn logs_out(name: &str, subject: &dyn Subject, server: &MockServer) {
    server.add_instance(wawp_mock::EXAMPLE_INSTANCE_ID, "wawp-84729105");
    let session = subject
        .logout(&example())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(session.instance_id, wawp_mock::EXAMPLE_INSTANCE_ID);
}

#[test]
fn the_documented_snippets_trust_a_ca_from_a_pem_file() {
    let pki = TestPki::generate();
    let server = MockServer::start_tls(&pki);
    let pem = PemFile::new(&pki, "snippets");
    let config = config(&server);

    let hyper = AsyncSubject::build(|| hyper_client(&pem.0, token(), config.clone()).unwrap());
    logs_out("hyper", &hyper, &server);
    let reqwest = AsyncSubject::build(|| reqwest_client(&pem.0, token(), config.clone()).unwrap());
    logs_out("reqwest", &reqwest, &server);
    let blocking = blocking_client(&pem.0, token(), config.clone()).unwrap();
    logs_out("blocking", &blocking, &server);
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn a_pem_file_without_a_certificate_is_an_error_not_an_empty_trust_store() {
    let path = std::env::temp_dir().join(format!("wawp-tests-{}-empty.pem", std::process::id()));
    std::fs::write(&path, "not a certificate\n").unwrap();
    let server = MockServer::start_tls(&TestPki::generate());
    // rustls: no certificate in the file, so an empty root store; every
    // server is then refused (with a certificate error) rather than trusted.
    let hyper = AsyncSubject::build(|| hyper_client(&path, token(), config(&server)).unwrap());
    assert!(hyper.logout(&example()).is_err());
    // ureq: parsing the file fails up front.
    assert!(blocking_client(&path, token(), config(&server)).is_err());
    let _ = std::fs::remove_file(&path);
}

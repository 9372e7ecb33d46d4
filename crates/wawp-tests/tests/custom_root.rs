//! The "custom root CA" snippet of docs/security.md, verbatim, run against
//! the simulator behind TLS: each transport's `client(token, config)`
//! trusts a CA read from a PEM file through `Config::trust`, on top of the
//! machine's roots.

use std::path::PathBuf;

use crate::common::{TRANSPORTS, config, default_subject, example, outcome};
use wawp_mock::{MockServer, TestPki};

// --- docs/security.md: a private CA, for every transport --------------------
use std::error::Error;
use std::path::Path;

use wawp_core::{Config, Trust};

/// `config` trusting the CA certificates in the PEM file `ca_pem` as well
/// as the machine's roots.
fn trusting_pem_file(mut config: Config, ca_pem: &Path) -> Result<Config, Box<dyn Error>> {
    config.trust = Trust::default().with_pem(&std::fs::read(ca_pem)?)?;
    Ok(config)
}
// Then, e.g.: let client = wawp_blocking::client(token, config);
// --- end of the snippet ------------------------------------------------------

/// The CA of `pki` in a PEM file of its own, removed when dropped.
struct PemFile(PathBuf);

impl PemFile {
    fn new(contents: &str, name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("wawp-tests-{}-{name}-ca.pem", std::process::id()));
        std::fs::write(&path, contents).expect("write the CA to a temporary file");
        Self(path)
    }
}

impl Drop for PemFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn the_documented_snippet_trusts_a_ca_from_a_pem_file_on_every_transport() {
    let pki = TestPki::generate();
    let server = MockServer::start_tls(&pki);
    let pem = PemFile::new(pki.ca_pem(), "snippet");
    let config = trusting_pem_file(config(&server), &pem.0).expect("the PEM file is read");
    for name in TRANSPORTS {
        server.add_instance(wawp_mock::EXAMPLE_INSTANCE_ID, "wawp-84729105");
        let session = default_subject(name, &config)
            .logout(&example())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(session.instance_id, wawp_mock::EXAMPLE_INSTANCE_ID);
    }
    assert_eq!(server.requests().len(), TRANSPORTS.len());
}

#[test]
fn a_pem_file_without_a_certificate_is_an_error_before_any_connection() {
    let pem = PemFile::new("not a certificate\n", "empty");
    let server = MockServer::start_tls(&TestPki::generate());
    let error = trusting_pem_file(config(&server), &pem.0).unwrap_err();
    assert!(error.to_string().contains("certificate"), "{error}");
    // And without the CA, every transport refuses the server alike.
    for name in TRANSPORTS {
        let result = default_subject(name, &config(&server)).logout(&example());
        assert_eq!(outcome(&result), ("tls", false), "{name}: {result:?}");
    }
    assert_eq!(server.requests().len(), 0);
}

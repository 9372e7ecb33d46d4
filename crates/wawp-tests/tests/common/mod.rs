//! What the cross-transport tests share: the simulator's token and example
//! instance, a configuration for a simulator, and the three clients under
//! test as [`Subject`]s.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use wawp_blocking::UreqTransport;
use wawp_blocking::ureq::tls::{Certificate, RootCerts, TlsConfig};
use wawp_conformance::{AsyncSubject, Subject};
use wawp_core::{AccessToken, BlockingClient, Client, Config, Error, InstanceId};
use wawp_hyper::HyperTransport;
use wawp_mock::{DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, MockServer, TestPki};
use wawp_reqwest::ReqwestTransport;

/// The timeout of every call: generous, so only a hang fails on it.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The simulator's token.
pub fn token() -> AccessToken {
    AccessToken::new(DEFAULT_TOKEN).expect("the simulator's token is valid")
}

/// The simulator's example instance.
pub fn example() -> InstanceId {
    InstanceId::new(EXAMPLE_INSTANCE_ID).expect("a valid instance id")
}

/// A configuration for `server` (query mode, no retry) with [`TIMEOUT`].
pub fn config(server: &MockServer) -> Config {
    let mut config = Config::default()
        .with_base_url(&server.base_url())
        .expect("the simulator's URL is a valid base URL");
    config.timeout = Some(TIMEOUT);
    config
}

/// A client under test, with the name of its transport.
pub type Named = (&'static str, Box<dyn Subject>);

/// The transports under test.
pub const TRANSPORTS: [&str; 3] = ["hyper", "reqwest", "blocking"];

/// A client over transport `name` (one of [`TRANSPORTS`]) with its default
/// TLS roots (Mozilla's), as its crate's `client(token, config)` makes it.
pub fn default_subject(name: &str, config: &Config) -> Box<dyn Subject> {
    match name {
        "hyper" => Box::new(AsyncSubject::build(|| {
            wawp_hyper::client(token(), config.clone())
        })),
        "reqwest" => Box::new(AsyncSubject::build(|| {
            wawp_reqwest::client(token(), config.clone())
        })),
        "blocking" => Box::new(wawp_blocking::client(token(), config.clone())),
        other => panic!("no transport named {other}"),
    }
}

/// One client per transport, each with its default TLS roots.
pub fn default_subjects(config: &Config) -> Vec<Named> {
    TRANSPORTS
        .iter()
        .map(|name| (*name, default_subject(name, config)))
        .collect()
}

/// One client per transport, each trusting only the CA of `pki`, given the
/// way docs/security.md tells users to add a root.
pub fn subjects_trusting(pki: &TestPki, config: &Config) -> Vec<Named> {
    let ureq_root = Certificate::from_der(pki.ca_der()).to_owned();
    let ureq_tls = TlsConfig::builder()
        .root_certs(RootCerts::new_with_certs(&[ureq_root]))
        .build();
    vec![
        (
            "hyper",
            Box::new(AsyncSubject::build(|| {
                let transport = HyperTransport::with_tls_config(pki.client_config());
                Client::with_config(transport, token(), config.clone())
            })),
        ),
        (
            "reqwest",
            Box::new(AsyncSubject::build(|| {
                let transport = ReqwestTransport::with_tls_config(pki.client_config());
                Client::with_config(transport, token(), config.clone())
            })),
        ),
        (
            "blocking",
            Box::new(BlockingClient::with_config(
                UreqTransport::with_tls_config(ureq_tls),
                token(),
                config.clone(),
            )),
        ),
    ]
}

/// Asserts that neither `Display` nor `Debug` of `error` shows the token.
#[track_caller]
pub fn no_token(error: &Error) {
    for text in [format!("{error}"), format!("{error:?}")] {
        assert!(
            !text.contains(DEFAULT_TOKEN),
            "the token leaked into an error: {}",
            text.replace(DEFAULT_TOKEN, "<TOKEN>")
        );
    }
}

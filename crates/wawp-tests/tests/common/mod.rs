//! What the cross-transport tests share: the simulator's token and example
//! instance, a configuration for a simulator, and the three clients under
//! test as [`Subject`]s.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use wawp_blocking::UreqTransport;
use wawp_conformance::{AsyncSubject, Subject};
use wawp_core::http::{Request, Response};
use wawp_core::{
    AccessToken, BlockingClient, Config, Endpoint, Error, InstanceId, Limits, Proxy, Session,
    TransportError, Trust,
};
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
    config_for_url(&server.base_url())
}

/// A configuration for the API at `url` (query mode, no retry) with
/// [`TIMEOUT`] and no proxy, whatever the machine's `HTTPS_PROXY` says.
pub fn config_for_url(url: &str) -> Config {
    let mut config = Config::default()
        .with_base_url(url)
        .expect("a valid base URL");
    config.timeout = Some(TIMEOUT);
    config.proxy = Proxy::none();
    config
}

/// `config` trusting the CA of `pki` too, through [`Config::trust`].
pub fn trusting(pki: &TestPki, config: &Config) -> Config {
    let mut config = config.clone();
    config.trust = Trust::default()
        .with_der(pki.ca_der().to_vec())
        .expect("the CA of a TestPki is a DER certificate");
    config
}

/// What a call gave, as every transport must report it alike: `("ok",
/// false)` for a success, else the error's `code()` and `maybe_sent()`.
pub fn outcome(result: &Result<Session, Error>) -> (&'static str, bool) {
    match result {
        Ok(_) => ("ok", false),
        Err(e) => (e.code(), e.maybe_sent()),
    }
}

/// A client under test, with the name of its transport.
pub type Named = (&'static str, AnySubject);

/// The transports under test.
pub const TRANSPORTS: [&str; 3] = ["hyper", "reqwest", "blocking"];

/// A client over any of the three transports.
pub enum AnySubject {
    /// Over wawp-hyper.
    Hyper(AsyncSubject<HyperTransport>),
    /// Over wawp-reqwest.
    Reqwest(AsyncSubject<ReqwestTransport>),
    /// Over wawp-blocking.
    Blocking(BlockingClient<UreqTransport>),
}

impl AnySubject {
    /// Logs `id` out (as [`Subject::logout`], without importing the trait).
    pub fn logout(&self, id: &InstanceId) -> Result<Session, Error> {
        Subject::logout(self, id)
    }
}

impl Subject for AnySubject {
    fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        match self {
            Self::Hyper(s) => s.call(endpoint),
            Self::Reqwest(s) => s.call(endpoint),
            Self::Blocking(s) => s.call(endpoint),
        }
    }

    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        match self {
            Self::Hyper(s) => s.send(request, limits),
            Self::Reqwest(s) => s.send(request, limits),
            Self::Blocking(s) => s.send(request, limits),
        }
    }
}

/// A client over transport `name` (one of [`TRANSPORTS`]), as its crate's
/// `client(token, config)` makes it: from `config`, whose proxy, extra
/// roots and limits it honours.
pub fn default_subject(name: &str, config: &Config) -> AnySubject {
    match name {
        "hyper" => AnySubject::Hyper(AsyncSubject::build(|| {
            wawp_hyper::client(token(), config.clone())
        })),
        "reqwest" => AnySubject::Reqwest(AsyncSubject::build(|| {
            wawp_reqwest::client(token(), config.clone())
        })),
        "blocking" => AnySubject::Blocking(wawp_blocking::client(token(), config.clone())),
        other => panic!("no transport named {other}"),
    }
}

/// One client per transport, from `config`.
pub fn default_subjects(config: &Config) -> Vec<Named> {
    TRANSPORTS
        .iter()
        .map(|name| (*name, default_subject(name, config)))
        .collect()
}

/// One client per transport, each trusting the CA of `pki` too (through
/// [`Config::trust`]).
pub fn subjects_trusting(pki: &TestPki, config: &Config) -> Vec<Named> {
    default_subjects(&trusting(pki, config))
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

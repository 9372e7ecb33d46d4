//! The shared transport cases (`wawp_conformance::transport`: limits,
//! redirects, headers, errors) against a tiny loopback server.

use wawp_blocking::UreqTransport;
use wawp_blocking::ureq::tls::{Certificate, RootCerts, TlsConfig};
use wawp_conformance::transport::{Harness, TestPki};
use wawp_core::http::{Request, Response};
use wawp_core::{
    AccessToken, BlockingClient, BlockingTransport, Config, Error, InstanceId, Limits, Session,
    TransportError,
};

struct Ureq {
    transport: UreqTransport,
}

impl Harness for Ureq {
    fn new() -> Self {
        Self {
            transport: UreqTransport::new(),
        }
    }

    fn trusting(pki: &TestPki) -> Self {
        let root = Certificate::from_der(pki.ca_der()).to_owned();
        let tls = TlsConfig::builder()
            .root_certs(RootCerts::new_with_certs(&[root]))
            .build();
        Self {
            transport: UreqTransport::with_tls_config(tls),
        }
    }

    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        self.transport.send(request, limits)
    }

    fn logout(
        &self,
        config: Config,
        token: AccessToken,
        id: &InstanceId,
    ) -> Result<Session, Error> {
        BlockingClient::with_config(self.transport.clone(), token, config).logout(id)
    }
}

wawp_conformance::transport_cases!(Ureq);

//! The transport cases (limits, redirects, headers, errors) against a tiny
//! loopback server.

mod support;

use wawp_blocking::UreqTransport;
use wawp_blocking::ureq::tls::{Certificate, RootCerts, TlsConfig};
use wawp_core::http::{Request, Response};
use wawp_core::{
    AccessToken, BlockingClient, BlockingTransport, Config, Error, InstanceId, Limits, Session,
    TransportError,
};

struct Ureq {
    transport: UreqTransport,
}

impl support::Harness for Ureq {
    fn new() -> Self {
        Self {
            transport: UreqTransport::new(),
        }
    }

    fn trusting(root_der: &[u8]) -> Self {
        let root = Certificate::from_der(root_der).to_owned();
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

transport_cases!(crate::Ureq);

//! The shared transport cases (`wawp_conformance::transport`: limits,
//! redirects, headers, errors) against a tiny loopback server.

use wawp_conformance::transport::{Harness, TestPki};
use wawp_core::http::{Request, Response};
use wawp_core::{
    AccessToken, Client, Config, Error, InstanceId, Limits, Session, Transport, TransportError,
};
use wawp_reqwest::ReqwestTransport;

struct Reqwest {
    rt: tokio::runtime::Runtime,
    transport: ReqwestTransport,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

impl Harness for Reqwest {
    fn new() -> Self {
        Self {
            rt: runtime(),
            transport: ReqwestTransport::new(),
        }
    }

    fn trusting(pki: &TestPki) -> Self {
        Self {
            rt: runtime(),
            transport: ReqwestTransport::with_tls_config(pki.client_config()),
        }
    }

    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        self.rt.block_on(self.transport.send(request, limits))
    }

    fn logout(
        &self,
        config: Config,
        token: AccessToken,
        id: &InstanceId,
    ) -> Result<Session, Error> {
        let client = Client::with_config(self.transport.clone(), token, config);
        self.rt.block_on(client.logout(id))
    }
}

wawp_conformance::transport_cases!(Reqwest);
